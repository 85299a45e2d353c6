//! Loading a whole folder of maps in the background, on every core, so the
//! portfolio can draw its first frame at once and fill in statuses as they
//! arrive, answering keys all along.
//!
//! [`PortfolioLoad::start`] returns immediately. Worker threads (one per
//! core) take the next file from a shared index; each result goes through a
//! channel to a coordinating thread, which passes it on to the caller with
//! progress counts, keeps a copy for the warm-start cache, and writes the
//! cache once everything is known. Dropping the `PortfolioLoad` stops the
//! work after the files being read.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread;
use std::time::Duration;

use jiff::civil::Date;

use super::load::{content_hash, load_bytes, read_map_file};
use super::parallel::worker_count;
use super::status_cache::{CacheEntry, FileStamp, Outcome, StatusCache, now_ns};
use crate::analysis::{MapSummary, Thresholds};

/// What to load and how to judge it.
#[derive(Debug, Clone)]
pub struct PortfolioRequest {
    pub paths: Vec<PathBuf>,
    pub today: Date,
    pub thresholds: Thresholds,
    /// The warm-start cache file (see [`StatusCache::file_for`]), or `None`
    /// to load every file and keep nothing.
    pub cache_file: Option<PathBuf>,
}

/// What is known about one map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapStatus {
    /// Its position in [`PortfolioRequest::paths`].
    pub index: usize,
    pub path: PathBuf,
    /// The summary, or the whole load error (one line per problem, each
    /// `path:line:col: ...`; `status_cache::error_summary` shortens it).
    pub outcome: Outcome,
    /// Hash of the bytes the outcome comes from; `None` when the file
    /// could not be read.
    pub hash: Option<u64>,
    /// Taken from the cache without parsing the file.
    pub from_cache: bool,
}

/// One message from the background load.
// Each event is moved through a channel once, one per map: its size
// costs nothing worth an allocation per map to box it.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PortfolioEvent {
    /// One more map is known: `done` of `total` so far.
    Map {
        status: MapStatus,
        done: usize,
        total: usize,
    },
    /// Every map is known. `cache_error` says why the cache could not be
    /// written, if it could not (the statuses are right regardless).
    Finished { cache_error: Option<String> },
}

/// A load running in the background.
#[derive(Debug)]
pub struct PortfolioLoad {
    rx: Receiver<PortfolioEvent>,
    total: usize,
    done: usize,
    finished: bool,
    cancel: Arc<AtomicBool>,
    /// The coordinating thread, joined on drop so that the process never
    /// ends half-way through writing the cache (leaving a temporary file).
    coordinator: Option<thread::JoinHandle<()>>,
}

impl PortfolioLoad {
    /// Starts loading; returns at once.
    pub fn start(request: PortfolioRequest) -> Self {
        let (tx, rx) = mpsc::channel();
        let total = request.paths.len();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        // No thread to be had: nothing will arrive; the caller sees an
        // unfinished load that never progresses. Rare enough (out of
        // memory) that no more is done about it.
        let coordinator = thread::Builder::new()
            .name("portfolio-load".into())
            .spawn(move || coordinate(request, tx, stop))
            .ok();
        PortfolioLoad {
            rx,
            total,
            done: 0,
            finished: false,
            cancel,
            coordinator,
        }
    }

    /// A load whose events the caller sends by hand: for tests that need
    /// a load still running when they look.
    pub fn manual(total: usize) -> (Self, Sender<PortfolioEvent>) {
        let (tx, rx) = mpsc::channel();
        let load = PortfolioLoad {
            rx,
            total,
            done: 0,
            finished: false,
            cancel: Arc::new(AtomicBool::new(false)),
            coordinator: None,
        };
        (load, tx)
    }

    pub fn total(&self) -> usize {
        self.total
    }

    /// How many maps are known so far (as received by the caller).
    pub fn done(&self) -> usize {
        self.done
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The next event if one is waiting; never blocks (for a UI loop).
    pub fn try_next(&mut self) -> Option<PortfolioEvent> {
        match self.rx.try_recv() {
            Ok(event) => Some(self.note(event)),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
        }
    }

    /// The next event, waiting as long as it takes; `None` once nothing
    /// more can arrive.
    pub fn next_blocking(&mut self) -> Option<PortfolioEvent> {
        self.rx.recv().ok().map(|event| self.note(event))
    }

    /// The next event, waiting at most `timeout`.
    pub fn next_timeout(&mut self, timeout: Duration) -> Option<PortfolioEvent> {
        match self.rx.recv_timeout(timeout) {
            Ok(event) => Some(self.note(event)),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    fn note(&mut self, event: PortfolioEvent) -> PortfolioEvent {
        match &event {
            PortfolioEvent::Map { done, .. } => self.done = *done,
            PortfolioEvent::Finished { .. } => self.finished = true,
        }
        event
    }

    /// Waits for every map and returns them in the order of the paths,
    /// with the cache error, if any.
    pub fn wait(mut self) -> (Vec<MapStatus>, Option<String>) {
        let mut out: Vec<Option<MapStatus>> = vec![None; self.total];
        let mut cache_error = None;
        while let Ok(event) = self.rx.recv() {
            match self.note(event) {
                PortfolioEvent::Map { status, .. } => {
                    let i = status.index;
                    out[i] = Some(status);
                }
                PortfolioEvent::Finished { cache_error: e } => {
                    cache_error = e;
                    break;
                }
            }
        }
        (out.into_iter().flatten().collect(), cache_error)
    }
}

impl Drop for PortfolioLoad {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        // Quick: the workers stop after the file each is reading, and the
        // coordinator never blocks on sending (the channels are unbounded).
        if let Some(handle) = self.coordinator.take() {
            let _ = handle.join();
        }
    }
}

/// Loads every map of `request` on all cores and waits for them: for
/// callers with nothing to draw meanwhile.
pub fn load_statuses(request: PortfolioRequest) -> (Vec<MapStatus>, Option<String>) {
    PortfolioLoad::start(request).wait()
}

/// The coordinating thread: runs the workers, forwards their results,
/// then writes the cache.
fn coordinate(request: PortfolioRequest, tx: Sender<PortfolioEvent>, cancel: Arc<AtomicBool>) {
    let PortfolioRequest {
        paths,
        today,
        thresholds,
        cache_file,
    } = request;
    let total = paths.len();
    let old = Arc::new(
        cache_file
            .as_deref()
            .map(|file| StatusCache::load(file, today, thresholds))
            .unwrap_or_else(|| StatusCache::new(today, thresholds)),
    );
    let paths = Arc::new(paths);
    let next = Arc::new(AtomicUsize::new(0));
    let (wtx, wrx) = mpsc::channel::<(MapStatus, Option<CacheEntry>)>();
    let mut workers = Vec::new();
    for _ in 0..worker_count(total) {
        let (paths, next, old, wtx, cancel) = (
            Arc::clone(&paths),
            Arc::clone(&next),
            Arc::clone(&old),
            wtx.clone(),
            Arc::clone(&cancel),
        );
        let spawned = thread::Builder::new()
            .name("portfolio-worker".into())
            .spawn(move || {
                while !cancel.load(Ordering::Relaxed) {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(index) else { break };
                    let result = status_of(index, path, &old, today, &thresholds);
                    if wtx.send(result).is_err() {
                        break;
                    }
                }
            });
        if let Ok(handle) = spawned {
            workers.push(handle);
        }
    }
    drop(wtx);
    if workers.is_empty() {
        // No worker thread could be started: do the work here.
        for (index, path) in paths.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            let (status, _) = status_of(index, path, &old, today, &thresholds);
            let done = index + 1;
            if tx
                .send(PortfolioEvent::Map {
                    status,
                    done,
                    total,
                })
                .is_err()
            {
                return;
            }
        }
        let _ = tx.send(PortfolioEvent::Finished { cache_error: None });
        return;
    }
    let mut fresh = StatusCache::new(today, thresholds);
    let mut changed = false;
    let mut done = 0;
    for (status, entry) in wrx {
        done += 1;
        match entry {
            Some(entry) => {
                changed |= old.get(&status.path) != Some(&entry);
                fresh.insert(status.path.clone(), entry);
            }
            None => changed = true,
        }
        if tx
            .send(PortfolioEvent::Map {
                status,
                done,
                total,
            })
            .is_err()
        {
            // Nobody listens any more: stop the workers, keep nothing.
            cancel.store(true, Ordering::Relaxed);
            return;
        }
    }
    for handle in workers {
        let _ = handle.join();
    }
    if cancel.load(Ordering::Relaxed) || done < total {
        return;
    }
    // Only rewrite the cache when something differs from what is on disk.
    changed |= fresh.len() != old.len();
    let cache_error = match &cache_file {
        Some(file) if changed => fresh.save(file).err().map(|e| e.to_string()),
        _ => None,
    };
    let _ = tx.send(PortfolioEvent::Finished { cache_error });
}

/// One map: from the cache when its stamp or bytes prove it unchanged,
/// else read, parsed and analysed. Also gives the cache entry to keep.
fn status_of(
    index: usize,
    path: &Path,
    cache: &StatusCache,
    today: Date,
    thresholds: &Thresholds,
) -> (MapStatus, Option<CacheEntry>) {
    let status = |outcome, hash, from_cache| MapStatus {
        index,
        path: path.to_path_buf(),
        outcome,
        hash,
        from_cache,
    };
    if let Ok(meta) = std::fs::metadata(path)
        && let Some(entry) = cache.fresh(path, FileStamp::of(&meta))
    {
        let s = status(entry.outcome.clone(), Some(entry.hash), true);
        return (s, Some(entry.clone()));
    }
    // Taken before reading: see the racy rule in `status_cache`.
    let read_ns = now_ns();
    let (meta, bytes) = match read_map_file(path) {
        Ok(read) => read,
        // Unreadable files are not cached: the next start tries again.
        Err(e) => return (status(Err(e.to_string()), None, false), None),
    };
    let hash = content_hash(&bytes);
    let stamp = FileStamp::of(&meta);
    if let Some(entry) = cache.same_bytes(path, hash) {
        let entry = CacheEntry {
            stamp,
            read_ns,
            ..entry.clone()
        };
        return (status(entry.outcome.clone(), Some(hash), true), Some(entry));
    }
    let outcome = match load_bytes(path, &bytes) {
        Ok(loaded) => Ok(MapSummary::analyse(&loaded.map, today, thresholds)),
        Err(e) => Err(e.to_string()),
    };
    let entry = CacheEntry {
        stamp,
        hash,
        read_ns,
        outcome: outcome.clone(),
    };
    (status(outcome, Some(hash), false), Some(entry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Status;
    use crate::storage::folders::list_maps;
    use crate::storage::status_cache::error_summary;
    use crate::synth;
    use std::fs;

    fn request(paths: Vec<PathBuf>, cache_file: Option<PathBuf>) -> PortfolioRequest {
        PortfolioRequest {
            paths,
            today: synth::BENCH_TODAY,
            thresholds: Thresholds::default(),
            cache_file,
        }
    }

    /// Makes every file's time old enough for the stamp to be trusted.
    fn age(paths: &[PathBuf]) {
        let past = std::time::SystemTime::now() - Duration::from_secs(60);
        for p in paths {
            let f = fs::File::options().write(true).open(p).expect("open");
            f.set_modified(past).expect("set time");
        }
    }

    #[test]
    fn every_map_is_known_in_order_with_progress() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut paths = synth::write_portfolio(dir.path(), 12, 5).expect("written");
        let broken = dir.path().join("zz-broken.ron");
        fs::write(&broken, "(format: 1, client: (").expect("written");
        paths.push(broken.clone());
        paths.push(dir.path().join("zz-missing.ron"));
        let mut load = PortfolioLoad::start(request(paths.clone(), None));
        assert_eq!(load.total(), 14);
        let mut seen = Vec::new();
        let mut finished = false;
        while let Some(event) = load.next_timeout(Duration::from_secs(30)) {
            match event {
                PortfolioEvent::Map {
                    status,
                    done,
                    total,
                } => {
                    assert_eq!(total, 14);
                    assert_eq!(done, seen.len() + 1);
                    seen.push(status.index);
                }
                PortfolioEvent::Finished { cache_error } => {
                    assert_eq!(cache_error, None);
                    finished = true;
                    break;
                }
            }
        }
        assert!(finished && load.is_finished());
        seen.sort();
        assert_eq!(seen, (0..14).collect::<Vec<_>>());

        let (statuses, _) = load_statuses(request(paths.clone(), None));
        assert_eq!(statuses.len(), 14);
        for (i, s) in statuses.iter().enumerate() {
            assert_eq!(s.index, i);
            assert_eq!(s.path, paths[i]);
            assert!(!s.from_cache);
        }
        let loaded = crate::storage::load_map(&paths[3]).expect("valid");
        let expected = MapSummary::analyse(&loaded.map, synth::BENCH_TODAY, &Thresholds::default());
        assert_eq!(statuses[3].outcome, Ok(expected));
        assert_eq!(statuses[3].hash, Some(loaded.hash));
        let err = statuses[12].outcome.as_ref().expect_err("broken");
        assert!(
            err.starts_with(&format!("{}:1:", broken.display())),
            "{err}"
        );
        let direct = crate::storage::load_map(&broken).expect_err("broken");
        assert_eq!(err, &direct.to_string());
        assert_eq!(error_summary(err), direct.summary());
        assert!(statuses[13].outcome.is_err());
        assert_eq!(statuses[13].hash, None);
    }

    #[test]
    fn warm_start_reads_no_file_and_notices_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let maps = dir.path().join("maps");
        synth::write_portfolio(&maps, 6, 9).expect("written");
        fs::write(maps.join("bad.ron"), "(format: 1,").expect("written");
        let paths: Vec<PathBuf> = list_maps(&maps).expect("listed");
        assert_eq!(paths.len(), 7);
        age(&paths);
        let cache_file = StatusCache::file_for(&dir.path().join("state"), &maps);

        let (cold, error) = load_statuses(request(paths.clone(), Some(cache_file.clone())));
        assert_eq!(error, None);
        assert!(cold.iter().all(|s| !s.from_cache));
        assert!(cache_file.exists());

        let (warm, _) = load_statuses(request(paths.clone(), Some(cache_file.clone())));
        assert!(warm.iter().all(|s| s.from_cache), "{warm:?}");
        assert_eq!(
            warm.iter().map(|s| &s.outcome).collect::<Vec<_>>(),
            cold.iter().map(|s| &s.outcome).collect::<Vec<_>>()
        );

        // Change one map: overdue commitments everywhere make it at risk.
        let changed = &paths[0];
        let mut loaded = crate::storage::load_map(changed).expect("valid");
        for stage in &mut loaded.map.stages {
            stage.feedback.clear();
        }
        crate::storage::save_map(changed, &loaded.map, crate::storage::SaveGuard::Force)
            .expect("saved");
        let (after, _) = load_statuses(request(paths.clone(), Some(cache_file.clone())));
        assert!(!after[0].from_cache);
        let summary = after[0].outcome.as_ref().expect("valid");
        assert_eq!(summary.status, Status::AtRisk);
        assert_ne!(after[0].outcome, cold[0].outcome);
        assert!(after[1..].iter().all(|s| s.from_cache));

        // Another date: the cache does not apply.
        let mut other_day = request(paths.clone(), Some(cache_file.clone()));
        other_day.today = jiff::civil::date(2027, 1, 5);
        let (later, _) = load_statuses(other_day);
        assert!(later.iter().all(|s| !s.from_cache));
    }

    #[test]
    fn touched_file_with_same_bytes_comes_from_the_cache() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = synth::write_portfolio(dir.path(), 2, 1).expect("written");
        age(&paths);
        let cache_file = dir.path().join("state").join("cache.json");
        load_statuses(request(paths.clone(), Some(cache_file.clone())));
        // Same bytes, new time: hashed, not parsed.
        let now = std::time::SystemTime::now();
        let f = fs::File::options()
            .write(true)
            .open(&paths[1])
            .expect("open");
        f.set_modified(now).expect("set time");
        drop(f);
        let (warm, _) = load_statuses(request(paths.clone(), Some(cache_file.clone())));
        assert!(warm[1].from_cache);
        // Other bytes of the same size with the very same time, as a save
        // within one tick of a coarse clock would leave: the file was read
        // within the racy window, so it is hashed again and re-parsed.
        let text = fs::read_to_string(&paths[1]).expect("readable");
        let flipped = text.replacen("met: false", "met: true ", 1);
        assert_eq!(flipped.len(), text.len());
        assert_ne!(flipped, text);
        fs::write(&paths[1], &flipped).expect("written");
        let f = fs::File::options()
            .write(true)
            .open(&paths[1])
            .expect("open");
        f.set_modified(now).expect("set time");
        drop(f);
        let (again, _) = load_statuses(request(paths.clone(), Some(cache_file)));
        assert!(!again[1].from_cache);
        assert!(again[0].from_cache);
    }

    #[test]
    fn dropping_the_load_stops_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = synth::write_portfolio(dir.path(), 4, 2).expect("written");
        let load = PortfolioLoad::start(request(paths, None));
        drop(load);
    }
}
