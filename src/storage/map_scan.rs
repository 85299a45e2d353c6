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
pub fn scan_one<T>(index: usize, path: &Path, f: &dyn Fn(&LoadedMap) -> T) -> Scanned<T> {
    Scanned {
        index,
        path: path.to_path_buf(),
        result: load_map(path).map(|m| f(&m)).map_err(|e| e.to_string()),
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
    fn a_manual_scan_finishes_when_its_sender_goes() {
        let (mut scan, tx) = MapScan::<u8>::manual(3);
        assert_eq!(scan.try_next(), None);
        assert!(!scan.is_finished());
        drop(tx);
        assert_eq!(scan.try_next(), None);
        assert!(scan.is_finished());
    }
}
