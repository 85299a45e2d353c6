//! The open map: what the board and the stage screen show and edit.
//!
//! Engineer B owns this file (undo/redo, edits, saving); this first version
//! only holds a loaded map and its analysis so that the board can be built.
//! The app relies on: `Document::open`, `map`, `analysis`, `path`,
//! `is_dirty()`.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use jiff::civil::Date;

use crate::analysis::{Analysis, Thresholds};
use crate::model::Map;
use crate::storage::LoadedMap;

/// A document shared by the screens that show it (board, stage detail).
pub type SharedDoc = Rc<RefCell<Document>>;

#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    pub map: Map,
    pub analysis: Analysis,
    /// Hash of the bytes last read or written, for `SaveGuard::Unchanged`.
    pub hash: u64,
    pub has_comments: bool,
    pub today: Date,
    pub thresholds: Thresholds,
    dirty: bool,
}

impl Document {
    pub fn open(loaded: LoadedMap, today: Date, thresholds: Thresholds) -> Self {
        let analysis = Analysis::of(&loaded.map, today, &thresholds);
        Document {
            path: loaded.path,
            map: loaded.map,
            analysis,
            hash: loaded.hash,
            has_comments: loaded.has_comments,
            today,
            thresholds,
            dirty: false,
        }
    }

    pub fn shared(self) -> SharedDoc {
        Rc::new(RefCell::new(self))
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }
}
