//! Noticing maps that change on disk while they are open: a teammate's
//! save, a `git pull`, another editor's rename-save.
//!
//! Folders are watched (not files: a rename-save replaces the file, and a
//! watch on the old file would go quiet), events are debounced, and every
//! event is confirmed by hashing the file: only bytes that differ from the
//! ones we last knew count. The app tells the watcher the hash of each of
//! its own saves, so they are never reported back as someone else's.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::folders::is_map_file;
use super::load::{content_hash, read_limited};
use super::save::resolve_links;

/// How long events settle before they are reported: an editor's
/// write-rename-chmod is one change, not three.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// A watched map's bytes are not the ones we last knew: someone else
    /// saved it (or it came back after being deleted).
    Changed { path: PathBuf, hash: u64 },
    /// A watched map is gone (deleted, or renamed away).
    Removed { path: PathBuf },
    /// Map files in a watched folder were added, changed or removed: a
    /// list of maps should read them again. `paths` are the files
    /// touched (in the canonical folder); empty when events may have been
    /// lost, and then every map of the folder should be read again.
    FolderChanged { dir: PathBuf, paths: Vec<PathBuf> },
}

struct WatchedFile {
    /// The path as the app named it (reported back in events).
    path: PathBuf,
    /// The hash of the bytes we last knew; `None`: known to be missing.
    known: Option<u64>,
}

/// Watches map files and folders of maps.
pub struct MapWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    rx: Receiver<DebounceEventResult>,
    /// Folders watched by the OS watcher, with how many users each has.
    os_dirs: HashMap<PathBuf, usize>,
    /// Folders whose list of maps matters (portfolio), canonical.
    folders: BTreeSet<PathBuf>,
    /// Files by canonical key.
    files: HashMap<PathBuf, WatchedFile>,
}

impl MapWatcher {
    pub fn new() -> io::Result<Self> {
        let (tx, rx) = channel();
        let debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(io::Error::other)?;
        Ok(MapWatcher {
            debouncer,
            rx,
            os_dirs: HashMap::new(),
            folders: BTreeSet::new(),
            files: HashMap::new(),
        })
    }

    /// Watches one map file, whose bytes now hash to `known` (`None`: it
    /// does not exist yet).
    pub fn watch_file(&mut self, path: &Path, known: Option<u64>) -> io::Result<()> {
        let key = file_key(path);
        if self.files.contains_key(&key) {
            self.set_known(path, known);
            return Ok(());
        }
        let dir = parent_of(&key);
        self.add_os_dir(&dir)?;
        self.files.insert(
            key,
            WatchedFile {
                path: path.to_path_buf(),
                known,
            },
        );
        Ok(())
    }

    /// Stops watching a map file.
    pub fn unwatch_file(&mut self, path: &Path) {
        let key = file_key(path);
        if self.files.remove(&key).is_some() {
            self.remove_os_dir(&parent_of(&key));
        }
    }

    /// Watches a folder for maps added, changed or removed.
    pub fn watch_folder(&mut self, dir: &Path) -> io::Result<()> {
        let dir = fs::canonicalize(dir)?;
        if self.folders.insert(dir.clone()) {
            self.add_os_dir(&dir)?;
        }
        Ok(())
    }

    /// Records the hash of bytes now on disk that we know about: after our
    /// own save, or after reloading. Events that find these bytes are
    /// quiet.
    pub fn set_known(&mut self, path: &Path, hash: Option<u64>) {
        if let Some(file) = self.files.get_mut(&file_key(path)) {
            file.known = hash;
        }
    }

    /// The events that arrived since the last call; never blocks.
    pub fn poll(&mut self) -> Vec<WatchEvent> {
        let mut batches = Vec::new();
        while let Ok(batch) = self.rx.try_recv() {
            batches.push(batch);
        }
        self.confirm(batches)
    }

    /// Waits up to `timeout` for at least one confirmed event (tests, and
    /// tools without a loop of their own).
    pub fn wait(&mut self, timeout: Duration) -> Vec<WatchEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(batch) => {
                    let mut batches = vec![batch];
                    while let Ok(more) = self.rx.try_recv() {
                        batches.push(more);
                    }
                    let events = self.confirm(batches);
                    if !events.is_empty() {
                        return events;
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return Vec::new();
                }
            }
        }
    }

    /// Turns raw events into confirmed ones: which watched files' bytes
    /// really changed, and which folders saw a map come, go or change.
    fn confirm(&mut self, batches: Vec<DebounceEventResult>) -> Vec<WatchEvent> {
        if batches.is_empty() {
            return Vec::new();
        }
        let mut touched: BTreeSet<PathBuf> = BTreeSet::new();
        // Errors (queue overflow and the like) and rescans mean events may
        // be missing: check everything.
        let mut check_all = false;
        for batch in batches {
            match batch {
                Ok(events) => {
                    for event in events {
                        // notify reports a file opened for reading too;
                        // reading a map changes nothing, and counting it
                        // would make every reader (the portfolio reading
                        // a map again, the agenda, the search) wake the
                        // others, and itself, for ever.
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        if event.need_rescan() || event.paths.is_empty() {
                            check_all = true;
                        }
                        touched.extend(event.paths.iter().cloned());
                    }
                }
                Err(_) => check_all = true,
            }
        }
        let mut out = Vec::new();
        for dir in &self.folders {
            let paths: Vec<PathBuf> = touched
                .iter()
                .filter(|p| p.parent() == Some(dir.as_path()) && is_map_file(p))
                .cloned()
                .collect();
            if check_all || !paths.is_empty() {
                out.push(WatchEvent::FolderChanged {
                    dir: dir.clone(),
                    paths: if check_all { Vec::new() } else { paths },
                });
            }
        }
        let mut keys: Vec<&PathBuf> = self.files.keys().collect();
        keys.sort();
        let keys: Vec<PathBuf> = keys.into_iter().cloned().collect();
        for key in keys {
            if !check_all && !touched.contains(&key) {
                continue;
            }
            let Some(file) = self.files.get_mut(&key) else {
                continue;
            };
            match read_limited(&key) {
                Ok(bytes) => {
                    let hash = content_hash(&bytes);
                    if file.known != Some(hash) {
                        file.known = Some(hash);
                        out.push(WatchEvent::Changed {
                            path: file.path.clone(),
                            hash,
                        });
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    if file.known.take().is_some() {
                        out.push(WatchEvent::Removed {
                            path: file.path.clone(),
                        });
                    }
                }
                // Unreadable for now (permissions, a half-made file on
                // some systems), or no longer a map file (a FIFO, a file
                // over the size limit): the next event will tell, and a
                // save refuses to replace what it cannot read.
                Err(_) => {}
            }
        }
        out
    }

    fn add_os_dir(&mut self, dir: &Path) -> io::Result<()> {
        if let Some(n) = self.os_dirs.get_mut(dir) {
            *n += 1;
            return Ok(());
        }
        self.debouncer
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| io::Error::other(format!("cannot watch {}: {e}", dir.display())))?;
        self.os_dirs.insert(dir.to_path_buf(), 1);
        Ok(())
    }

    fn remove_os_dir(&mut self, dir: &Path) {
        if let Some(n) = self.os_dirs.get_mut(dir) {
            *n -= 1;
            if *n == 0 {
                self.os_dirs.remove(dir);
                let _ = self.debouncer.unwatch(dir);
            }
        }
    }
}

/// The path events name a map by: links followed, folder canonical.
fn file_key(path: &Path) -> PathBuf {
    let target = resolve_links(path).unwrap_or_else(|_| path.to_path_buf());
    let absolute = std::path::absolute(&target).unwrap_or(target);
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

fn parent_of(key: &Path) -> PathBuf {
    key.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{SaveGuard, save_text};

    const WAIT: Duration = Duration::from_secs(3);

    fn setup() -> (tempfile::TempDir, PathBuf, MapWatcher) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme.ron");
        fs::write(&path, "one").unwrap();
        let mut watcher = MapWatcher::new().unwrap();
        watcher
            .watch_file(&path, Some(content_hash(b"one")))
            .unwrap();
        (dir, path, watcher)
    }

    #[test]
    fn another_writer_is_reported_once_with_the_new_hash() {
        let (_dir, path, mut watcher) = setup();
        fs::write(&path, "two").unwrap();
        let events = watcher.wait(WAIT);
        assert_eq!(
            events,
            vec![WatchEvent::Changed {
                path: path.clone(),
                hash: content_hash(b"two")
            }]
        );
        // Nothing more: a touch without new bytes is quiet.
        fs::write(&path, "two").unwrap();
        assert_eq!(watcher.wait(Duration::from_millis(800)), vec![]);
    }

    #[test]
    fn a_rename_save_is_reported() {
        let (dir, path, mut watcher) = setup();
        // What vim and many editors do: write a new file, rename it over.
        let tmp = dir.path().join("acme.ron.swp");
        fs::write(&tmp, "three").unwrap();
        fs::rename(&tmp, &path).unwrap();
        assert_eq!(
            watcher.wait(WAIT),
            vec![WatchEvent::Changed {
                path,
                hash: content_hash(b"three")
            }]
        );
    }

    #[test]
    fn our_own_save_is_not_reported() {
        let (_dir, path, mut watcher) = setup();
        let saved = save_text(&path, b"mine", SaveGuard::Unchanged(content_hash(b"one"))).unwrap();
        watcher.set_known(&path, Some(saved.hash));
        assert_eq!(watcher.wait(Duration::from_millis(800)), vec![]);
        // ...while a teammate's save right after still is.
        fs::write(&path, "theirs").unwrap();
        assert_eq!(
            watcher.wait(WAIT),
            vec![WatchEvent::Changed {
                path,
                hash: content_hash(b"theirs")
            }]
        );
    }

    #[test]
    fn a_deleted_map_is_reported_and_its_return_too() {
        let (_dir, path, mut watcher) = setup();
        fs::remove_file(&path).unwrap();
        assert_eq!(
            watcher.wait(WAIT),
            vec![WatchEvent::Removed { path: path.clone() }]
        );
        fs::write(&path, "back").unwrap();
        assert_eq!(
            watcher.wait(WAIT),
            vec![WatchEvent::Changed {
                path,
                hash: content_hash(b"back")
            }]
        );
    }

    #[test]
    fn a_folder_reports_maps_coming_and_going_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut watcher = MapWatcher::new().unwrap();
        watcher.watch_folder(dir.path()).unwrap();
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        fs::write(dir.path().join(".acme.ron.lock"), "x").unwrap();
        assert_eq!(watcher.wait(Duration::from_millis(800)), vec![]);
        fs::write(dir.path().join("new.ron"), "x").unwrap();
        assert_eq!(
            watcher.wait(WAIT),
            vec![WatchEvent::FolderChanged {
                dir: fs::canonicalize(dir.path()).unwrap(),
                paths: vec![fs::canonicalize(dir.path()).unwrap().join("new.ron")]
            }]
        );
    }
    #[test]
    fn reading_a_map_in_a_watched_folder_is_no_change() {
        let dir = tempfile::tempdir().unwrap();
        let map = dir.path().join("acme.ron");
        fs::write(&map, "x").unwrap();
        let mut watcher = MapWatcher::new().unwrap();
        watcher.watch_folder(dir.path()).unwrap();
        for _ in 0..3 {
            assert_eq!(fs::read(&map).unwrap(), b"x");
        }
        assert_eq!(watcher.wait(Duration::from_millis(800)), vec![]);
    }
}
