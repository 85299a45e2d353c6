//! Reading every map of a folder in the background and handing back what
//! a caller-given function makes of each (the agenda's open commitments,
//! the search screen's entries), map by map as they are read, so that a
//! screen over all maps draws its first frame at once and fills in, as the
//! portfolio does ([`super::portfolio`], which also keeps a status cache;
//! nothing here is cached: the results hold more than a summary).
//!
//! Worker threads (one per core) take the next file from a shared index
//! and send each result through a channel. Dropping the [`MapScan`] stops
//! the work after the files being read.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use super::load::{LoadedMap, load_map};
use super::parallel::worker_count;

/// One map read: its position in the paths, its path, and what the
/// function made of it, or the whole load error (one line per problem,
/// each `path:line:col: ...`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scanned<T> {
    pub index: usize,
    pub path: PathBuf,
    pub result: Result<T, String>,
}

/// A scan running in the background.
#[derive(Debug)]
pub struct MapScan<T> {
    rx: Receiver<Scanned<T>>,
    total: usize,
    done: usize,
    cancel: Arc<AtomicBool>,
}

impl<T: Send + 'static> MapScan<T> {
    /// Starts reading `paths` and applying `f` to each map read; returns
    /// at once.
    pub fn start<F>(paths: Vec<PathBuf>, f: F) -> Self
    where
        F: Fn(&LoadedMap) -> T + Send + Sync + 'static,
    {
        let (tx, rx) = mpsc::channel();
        let total = paths.len();
        let cancel = Arc::new(AtomicBool::new(false));
        let paths = Arc::new(paths);
        let next = Arc::new(AtomicUsize::new(0));
        let f = Arc::new(f);
        let mut started = 0;
        for _ in 0..worker_count(total) {
            let (paths, next, f, tx, cancel) = (
                Arc::clone(&paths),
                Arc::clone(&next),
                Arc::clone(&f),
                tx.clone(),
                Arc::clone(&cancel),
            );
            let spawned = thread::Builder::new()
                .name("map-scan".into())
                .spawn(move || work(&paths, &next, &*f, &tx, &cancel));
            started += usize::from(spawned.is_ok());
        }
        if started == 0 {
            // No thread to be had: read them here rather than never.
            work(&paths, &next, &*f, &tx, &cancel);
        }
        MapScan {
            rx,
            total,
            done: 0,
            cancel,
        }
    }

    /// A scan whose results the caller sends by hand: for tests that need
    /// a scan still running when they look.
    pub fn manual(total: usize) -> (Self, Sender<Scanned<T>>) {
        let (tx, rx) = mpsc::channel();
        let scan = MapScan {
            rx,
            total,
            done: 0,
            cancel: Arc::new(AtomicBool::new(false)),
        };
        (scan, tx)
    }
}

impl<T> MapScan<T> {
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many maps have been handed back so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Every map has been handed back (or nothing more can come).
    pub fn is_finished(&self) -> bool {
        self.done >= self.total
    }

    /// The next result if one is waiting; never blocks (for a UI loop).
    /// A scan whose workers all stopped counts as finished.
    pub fn try_next(&mut self) -> Option<Scanned<T>> {
        match self.rx.try_recv() {
            Ok(s) => {
                self.done += 1;
                Some(s)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.done = self.total;
                None
            }
        }
    }

    /// The next result, waiting as long as it takes; `None` once nothing
    /// more can arrive.
    pub fn next_blocking(&mut self) -> Option<Scanned<T>> {
        if self.is_finished() {
            return None;
        }
        match self.rx.recv() {
            Ok(s) => {
                self.done += 1;
                Some(s)
            }
            Err(_) => {
                self.done = self.total;
                None
            }
        }
    }
}

impl<T> Drop for MapScan<T> {
    fn drop(&mut self) {
        // The workers stop after the file each is reading; nothing they do
        // writes anything, so there is nothing to wait for.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

fn work<T>(
    paths: &[PathBuf],
    next: &AtomicUsize,
    f: &(dyn Fn(&LoadedMap) -> T + Sync),
    tx: &Sender<Scanned<T>>,
    cancel: &AtomicBool,
) {
    while !cancel.load(Ordering::Relaxed) {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(path) = paths.get(index) else { break };
        if tx.send(scan_one(index, path, f)).is_err() {
            break;
        }
    }
}

/// One map, read and checked as the app reads any map, then given to `f`.
fn scan_one<T>(index: usize, path: &Path, f: &dyn Fn(&LoadedMap) -> T) -> Scanned<T> {
    Scanned {
        index,
        path: path.to_path_buf(),
        result: load_map(path).map(|m| f(&m)).map_err(|e| e.to_string()),
    }
}

/// The maps of one folder as a screen over all of them keeps them: the
/// first reading in the background, then the maps that changed (saved,
/// edited elsewhere, added, removed) read again in the background too, so
/// that a burst of changes (a checkout touching every file) never holds up
/// the screen. Each map is what `make` gave, or its load error; a map that
/// is gone is an empty error (see [`MapSet::unreadable`]).
pub struct MapSet<T> {
    dir: PathBuf,
    pub maps: Vec<(PathBuf, Result<T, String>)>,
    index: std::collections::HashMap<PathBuf, usize>,
    /// The first reading of every map, until it is done.
    first: Option<MapScan<T>>,
    /// Maps read again, and those waiting for it.
    again: Option<MapScan<T>>,
    pending: Vec<PathBuf>,
    /// Maps found gone since the last poll.
    gone: Vec<usize>,
    make: Arc<dyn Fn(&LoadedMap) -> T + Send + Sync>,
}

impl<T: Send + 'static> MapSet<T> {
    /// Starts reading `files` of `dir`; returns at once.
    pub fn start<F>(dir: &Path, files: Vec<PathBuf>, make: F) -> Self
    where
        F: Fn(&LoadedMap) -> T + Send + Sync + 'static,
    {
        let make: Arc<dyn Fn(&LoadedMap) -> T + Send + Sync> = Arc::new(make);
        let f = Arc::clone(&make);
        let first = MapScan::start(files, move |m| f(m));
        MapSet::with_scan(dir, first, make)
    }

    /// A set whose first reading is `first` (a manual scan, for tests).
    pub fn with_scan(
        dir: &Path,
        first: MapScan<T>,
        make: Arc<dyn Fn(&LoadedMap) -> T + Send + Sync>,
    ) -> Self {
        MapSet {
            dir: dir.to_path_buf(),
            maps: Vec::new(),
            index: Default::default(),
            first: Some(first),
            again: None,
            pending: Vec::new(),
            gone: Vec::new(),
            make,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The first reading's progress (`done`, `total`) while it runs.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.first.as_ref().map(|s| (s.done(), s.total()))
    }

    /// Whether anything is still being read (or waits to be).
    pub fn is_loading(&self) -> bool {
        self.first.is_some() || self.again.is_some() || !self.pending.is_empty()
    }

    /// A map file changed: it is read again in the background (or, when
    /// gone, is gone at once). Files outside the folder are no concern.
    pub fn changed(&mut self, path: &Path) {
        if path.parent() != Some(self.dir.as_path()) {
            return;
        }
        if path.exists() {
            if !self.pending.iter().any(|p| p == path) {
                self.pending.push(path.to_path_buf());
            }
        } else if let Some(&i) = self.index.get(path) {
            self.maps[i].1 = Err(String::new());
            self.gone.push(i);
        }
    }

    /// Takes in what has been read, without waiting; the indices of the
    /// maps that are new or changed (a map gone is among them at once).
    pub fn poll(&mut self) -> Vec<usize> {
        let mut out = self.take_gone();
        let mut arrived = Vec::new();
        let mut first_done = false;
        if let Some(scan) = self.first.as_mut() {
            while let Some(s) = scan.try_next() {
                arrived.push((s, false));
            }
            first_done = scan.is_finished();
        }
        if first_done {
            self.first = None;
        }
        let mut again_done = false;
        if let Some(scan) = self.again.as_mut() {
            while let Some(s) = scan.try_next() {
                arrived.push((s, true));
            }
            again_done = scan.is_finished();
        }
        if again_done {
            self.again = None;
        }
        for (s, newer) in arrived {
            out.extend(self.keep(s, newer));
        }
        if self.again.is_none() && !self.pending.is_empty() {
            let paths = std::mem::take(&mut self.pending);
            let f = Arc::clone(&self.make);
            self.again = Some(MapScan::start(paths, move |m| f(m)));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Waits until everything is read; the maps new or changed.
    pub fn wait(&mut self) -> Vec<usize> {
        let mut out = Vec::new();
        while self.is_loading() {
            out.extend(self.poll());
            let scan = match (self.first.as_mut(), self.again.as_mut()) {
                (Some(s), _) | (None, Some(s)) => s,
                (None, None) => continue,
            };
            if let Some(s) = scan.next_blocking() {
                let newer = self.first.is_none();
                out.extend(self.keep(s, newer));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Waits for the maps read again only (the first reading may still
    /// run, as a manual one in a test does).
    #[cfg(test)]
    fn wait_again_for_test(&mut self) {
        self.poll();
        while let Some(scan) = self.again.as_mut() {
            match scan.next_blocking() {
                Some(s) => {
                    self.keep(s, true);
                }
                None => self.again = None,
            }
        }
    }

    /// How many maps could not be read (gone ones not counted).
    pub fn unreadable(&self) -> usize {
        self.maps
            .iter()
            .filter(|(_, r)| r.as_ref().is_err_and(|e| !e.is_empty()))
            .count()
    }

    fn take_gone(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.gone)
    }

    /// Keeps one map read; its index when it is new or replaces the one
    /// there. The first reading never replaces a map read again after a
    /// change: that one is newer.
    fn keep(&mut self, s: Scanned<T>, newer: bool) -> Option<usize> {
        match self.index.get(&s.path) {
            Some(&i) if newer => {
                self.maps[i].1 = s.result;
                Some(i)
            }
            Some(_) => None,
            None => {
                let i = self.maps.len();
                self.index.insert(s.path.clone(), i);
                self.maps.push((s.path, s.result));
                Some(i)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth;
    use std::time::{Duration, Instant};

    #[test]
    fn every_map_comes_back_once_with_errors_as_results() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut paths = synth::write_portfolio(dir.path(), 9, 3).expect("written");
        let broken = dir.path().join("broken.ron");
        std::fs::write(&broken, "(format: 2, client: (").expect("written");
        paths.push(broken.clone());
        let mut scan = MapScan::start(paths.clone(), |m| m.map.client.name.clone());
        assert_eq!(scan.total(), 10);
        let mut seen = Vec::new();
        let until = Instant::now() + Duration::from_secs(60);
        while !scan.is_finished() && Instant::now() < until {
            match scan.try_next() {
                Some(s) => seen.push(s),
                None => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        assert!(scan.is_finished());
        assert_eq!(scan.next_blocking(), None);
        seen.sort_by_key(|s| s.index);
        assert_eq!(seen.len(), 10);
        for (i, s) in seen.iter().enumerate() {
            assert_eq!((s.index, &s.path), (i, &paths[i]));
        }
        let loaded = crate::storage::load_map(&paths[2]).expect("valid");
        assert_eq!(seen[2].result, Ok(loaded.map.client.name));
        let err = seen[9].result.as_ref().expect_err("broken");
        assert!(
            err.starts_with(&format!("{}:1:", broken.display())),
            "{err}"
        );
    }

    #[test]
    fn a_set_reads_changed_maps_again_in_the_background() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = synth::write_portfolio(dir.path(), 3, 4).expect("written");
        let mut set = MapSet::start(dir.path(), paths.clone(), |m| m.map.client.name.clone());
        let all = set.wait();
        assert_eq!(all, vec![0, 1, 2]);
        assert!(!set.is_loading());
        // Renamed on disk: read again, in the background, and reported.
        let i = set
            .maps
            .iter()
            .position(|(p, _)| p == &paths[1])
            .expect("kept");
        let mut loaded = crate::storage::load_map(&paths[1]).expect("valid");
        loaded.map.client.name = "Renamed Ltd".into();
        crate::storage::save_map(&paths[1], &loaded.map, crate::storage::SaveGuard::Force)
            .expect("saved");
        set.changed(&paths[1]);
        set.changed(&paths[1]);
        assert!(set.is_loading());
        assert_eq!(set.wait(), vec![i]);
        assert_eq!(set.maps[i].1, Ok("Renamed Ltd".into()));
        // Gone: at once, and not counted as unreadable.
        std::fs::remove_file(&paths[2]).expect("removed");
        set.changed(&paths[2]);
        let j = set
            .maps
            .iter()
            .position(|(p, _)| p == &paths[2])
            .expect("kept");
        assert_eq!(set.poll(), vec![j]);
        assert_eq!(set.unreadable(), 0);
        // Files of other folders are no concern.
        set.changed(Path::new("/elsewhere/x.ron"));
        assert!(!set.is_loading());
    }

    #[test]
    fn the_first_reading_never_replaces_a_map_read_again() {
        let (first, tx) = MapScan::<u8>::manual(1);
        let make: Arc<dyn Fn(&LoadedMap) -> u8 + Send + Sync> = Arc::new(|_| 7);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = synth::write_portfolio(dir.path(), 1, 5).expect("written")[0].clone();
        let mut set = MapSet::with_scan(dir.path(), first, make);
        set.changed(&path);
        set.wait_again_for_test();
        assert_eq!(set.maps[0].1, Ok(7));
        tx.send(Scanned {
            index: 0,
            path: path.clone(),
            result: Ok(1),
        })
        .expect("sent");
        drop(tx);
        set.wait();
        assert_eq!(set.maps[0].1, Ok(7), "the older reading is dropped");
    }

    #[test]
    fn a_manual_scan_finishes_when_its_sender_goes() {
        let (mut scan, tx) = MapScan::<u8>::manual(3);
        assert_eq!(scan.try_next(), None);
        assert!(!scan.is_finished());
        drop(tx);
        assert_eq!(scan.try_next(), None);
        assert!(scan.is_finished());
    }
}
