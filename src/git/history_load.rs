//! A map's history read on a thread of its own, for the timeline screen:
//! the screen's first frame says "reading history…" at once, and the
//! grid comes when git has been read.
//!
//! Unlike the portfolio's trends ([`super::TrendLoad`]) nothing is
//! written, so there is nothing to finish before the process ends: a load
//! nobody waits for any more (the screen was left) runs to its end and
//! its answer is dropped.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use jiff::civil::Date;

use super::{GitError, History};
use crate::analysis::Thresholds;

/// The history, or why there is none.
pub type HistoryOutcome = Result<History, GitError>;

/// A history being read in the background.
pub struct HistoryLoad {
    rx: Receiver<HistoryOutcome>,
    path: PathBuf,
}

impl HistoryLoad {
    /// Starts reading the history of the map at `path`, as of `today`
    /// for its uncommitted file; returns at once.
    pub fn start(path: PathBuf, today: Date, thresholds: Thresholds) -> HistoryLoad {
        let (tx, rx) = mpsc::channel();
        let shown = path.clone();
        let work = move || {
            let _ = tx.send(History::of(&path, None, today, &thresholds));
        };
        // No thread to be had: the channel is closed at once, which
        // `try_take` reports.
        let _ = thread::Builder::new()
            .name("map-history".into())
            .spawn(work);
        HistoryLoad { rx, path: shown }
    }

    /// The outcome once it is there, without waiting; given once (a
    /// reading that died without an answer is an error).
    pub fn try_take(&mut self) -> Option<HistoryOutcome> {
        match self.rx.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(self.died())),
        }
    }

    /// The outcome, waiting for it.
    pub fn wait(&mut self) -> HistoryOutcome {
        self.rx.recv().unwrap_or_else(|_| Err(self.died()))
    }

    fn died(&self) -> GitError {
        GitError::Read {
            path: self.path.clone(),
            reason: "the reading stopped without an answer".into(),
        }
    }
}
