//! Copies unsaved edits to the recovery folder on a thread of its own.
//!
//! A copy of a large map is its text, a write and an fsync: tens of
//! milliseconds, once a second while someone edits. Done between a key and
//! its frame, that is a stutter the user feels; here the app hands over a
//! copy of the map and goes on. Jobs run in the order they were given, so a
//! removal after a save can never be overtaken by an older copy; a copy
//! that a newer copy or a removal of the same map has already replaced is
//! skipped.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::recovery::Recovery;
use crate::model::Map;

enum Job {
    Write {
        map_path: PathBuf,
        base_hash: Option<u64>,
        map: Box<Map>,
    },
    Discard {
        map_path: PathBuf,
    },
    /// Answered once every job before it is done.
    Flush(Sender<()>),
}

impl Job {
    /// The map a write or removal is about.
    fn map_path(&self) -> Option<&Path> {
        match self {
            Job::Write { map_path, .. } | Job::Discard { map_path } => Some(map_path),
            Job::Flush(_) => None,
        }
    }
}

/// The recovery folder, written to in the background.
pub struct RecoveryWriter {
    recovery: Recovery,
    /// `None` when no thread could be started: jobs then run at once.
    jobs: Option<Sender<Job>>,
    /// How each copy went, in order.
    outcomes: Receiver<io::Result<()>>,
    outcome_tx: Sender<io::Result<()>>,
    worker: Option<JoinHandle<()>>,
}

impl RecoveryWriter {
    pub fn new(recovery: Recovery) -> Self {
        let (job_tx, job_rx) = mpsc::channel();
        let (outcome_tx, outcomes) = mpsc::channel();
        let worker = {
            let recovery = recovery.clone();
            let outcome_tx = outcome_tx.clone();
            std::thread::Builder::new()
                .name("recovery-writer".into())
                .spawn(move || work(&recovery, &job_rx, &outcome_tx))
                .ok()
        };
        RecoveryWriter {
            recovery,
            jobs: worker.as_ref().map(|_| job_tx),
            outcomes,
            outcome_tx,
            worker,
        }
    }

    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }

    /// Copies `map` as the unsaved edits of the map at `map_path`.
    pub fn write(&self, map_path: &Path, base_hash: Option<u64>, map: Map) {
        self.send(Job::Write {
            map_path: map_path.to_path_buf(),
            base_hash,
            map: Box::new(map),
        });
    }

    /// Removes this process's copy of the map's edits.
    pub fn discard(&self, map_path: &Path) {
        self.send(Job::Discard {
            map_path: map_path.to_path_buf(),
        });
    }

    /// How the copies finished since the last call, oldest first.
    pub fn outcomes(&self) -> Vec<io::Result<()>> {
        self.outcomes.try_iter().collect()
    }

    /// Waits until every job given so far is done.
    pub fn flush(&self) {
        let (tx, rx) = mpsc::channel();
        self.send(Job::Flush(tx));
        let _ = rx.recv();
    }

    fn send(&self, job: Job) {
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return,
                // The thread is gone (it panicked): do the job here.
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        run(&self.recovery, job, &self.outcome_tx);
    }
}

impl Drop for RecoveryWriter {
    /// Finishes the jobs given so far before the app goes on closing: a
    /// removal asked for on quit must happen.
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

fn work(recovery: &Recovery, jobs: &Receiver<Job>, outcomes: &Sender<io::Result<()>>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        batch.extend(jobs.try_iter());
        // Skip what a later job of the same map replaces.
        let superseded: Vec<bool> = (0..batch.len())
            .map(|i| {
                batch[i].map_path().is_some_and(|path| {
                    batch[i + 1..]
                        .iter()
                        .any(|later| later.map_path() == Some(path))
                })
            })
            .collect();
        for (job, skip) in batch.into_iter().zip(superseded) {
            if !skip {
                run(recovery, job, outcomes);
            }
        }
    }
}

fn run(recovery: &Recovery, job: Job, outcomes: &Sender<io::Result<()>>) {
    match job {
        Job::Write {
            map_path,
            base_hash,
            map,
        } => {
            let _ = outcomes.send(recovery.write(&map_path, base_hash, &map));
        }
        // A copy that cannot be removed is found again at the next open,
        // by this process only (it is ours): nothing to tell the user now.
        Job::Discard { map_path } => {
            let _ = recovery.discard(&map_path);
        }
        Job::Flush(done) => {
            let _ = done.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn map(name: &str) -> Map {
        Map::new(name, "Dana Ruiz")
    }

    #[test]
    fn jobs_run_in_order_and_the_newest_copy_wins() {
        let state = tempfile::tempdir().unwrap();
        let map_path = state.path().join("acme.ron");
        fs::write(&map_path, "x").unwrap();
        let writer = RecoveryWriter::new(Recovery::new(state.path().join("recovery")));
        let file = writer.recovery().file_for(&map_path);
        for i in 0..20 {
            writer.write(&map_path, Some(1), map(&format!("Acme {i}")));
        }
        writer.flush();
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains("\"Acme 19\""), "{text}");
        let outcomes = writer.outcomes();
        assert!(!outcomes.is_empty() && outcomes.iter().all(Result::is_ok));

        // A removal after a copy is never overtaken by it.
        writer.write(&map_path, Some(1), map("Acme late"));
        writer.discard(&map_path);
        writer.flush();
        assert!(!file.exists());
    }

    #[test]
    fn a_failed_copy_is_reported() {
        let state = tempfile::tempdir().unwrap();
        // The "folder" is a file: nothing can be written in it.
        let blocker = state.path().join("recovery");
        fs::write(&blocker, "x").unwrap();
        let writer = RecoveryWriter::new(Recovery::new(&blocker));
        writer.write(&state.path().join("acme.ron"), None, map("Acme"));
        writer.flush();
        let outcomes = writer.outcomes();
        assert_eq!(outcomes.len(), 1);
        assert!(outcomes[0].is_err());
    }

    #[test]
    fn dropping_the_writer_finishes_its_jobs() {
        let state = tempfile::tempdir().unwrap();
        let map_path = state.path().join("acme.ron");
        fs::write(&map_path, "x").unwrap();
        let recovery = Recovery::new(state.path().join("recovery"));
        let writer = RecoveryWriter::new(recovery.clone());
        writer.write(&map_path, None, map("Acme"));
        drop(writer);
        assert!(recovery.file_for(&map_path).exists());
    }
}
