//! What live reload and crash recovery (`edit::session`) need from a
//! document, kept apart from the editing code: the save guard's hash,
//! replacing the map with the version on disk, putting recovered edits in
//! place, and saving a copy.

use std::path::Path;

use super::{Document, Op, Step};
use crate::model::Map;
use crate::storage::{self, LoadedMap, SaveError, SaveGuard, Saved};

impl Document {
    /// Hash of the file as last loaded or saved: what a save expects to
    /// find on disk.
    pub fn disk_hash(&self) -> u64 {
        self.hash
    }

    /// The map as it was last loaded or saved, made again from the undo
    /// (or redo) history: what the file held before this instance's
    /// unsaved edits, so that a change on disk can be told apart from
    /// them. `None` when that version is not in the history (an undo past
    /// it was followed by a new edit, which drops the redo steps).
    pub fn disk_version(&self) -> Option<Map> {
        let saved = self.saved?;
        if self.version == saved {
            return Some(self.map.clone());
        }
        for history in [&self.undo, &self.redo] {
            let mut map = self.map.clone();
            // The newest step is last: walk back from the current version.
            for step in history.iter().rev() {
                step.op.clone().apply(&mut map);
                if step.version == saved {
                    return Some(map);
                }
            }
        }
        None
    }

    /// Replaces the document with the version on disk; edits and their
    /// history are dropped (the user chose to reload, or had none).
    pub fn replace_from_disk(&mut self, loaded: LoadedMap) {
        let loaded = LoadedMap {
            path: self.path.clone(),
            ..loaded
        };
        let read_only = self.read_only;
        *self = Document::open(loaded, self.today, self.thresholds);
        self.read_only = read_only;
    }

    /// Puts recovered edits in place as one undoable step: the map becomes
    /// `map`, unsaved, and a save expects the file the edits started from
    /// (`base_hash`), so a file changed since is never overwritten
    /// silently. Undo brings back the version that was on disk.
    pub fn restore_edits(&mut self, map: Map, base_hash: u64) {
        // The whole map: `now` and conflicts are edits too.
        let (inverse, touched) = Op::ReplaceMap(Box::new(map)).apply(&mut self.map);
        self.reanalyse(touched);
        self.undo.push(Step {
            op: inverse,
            version: self.version,
            label: "restore recovered edits".into(),
            disk_hash: Some(self.hash),
        });
        self.redo.clear();
        self.version = super::fresh_stamp();
        self.hash = base_hash;
    }

    /// Puts the merge of the edits with the file on disk in place, as one
    /// undoable step: unsaved, and a save expects the file merged with
    /// (`disk_hash`). Undo goes back to the edits alone, and a save then
    /// expects the file they started from again: if it is not the one on
    /// disk, the save is refused and the session asks (merge, reload,
    /// overwrite, save a copy) instead of writing over theirs.
    pub fn merge_from_disk(&mut self, merged: Map, disk_hash: u64) {
        let (inverse, touched) = Op::ReplaceMap(Box::new(merged)).apply(&mut self.map);
        self.reanalyse(touched);
        self.undo.push(Step {
            op: inverse,
            version: self.version,
            label: "merge with the version on disk".into(),
            disk_hash: Some(self.hash),
        });
        self.redo.clear();
        self.version = super::fresh_stamp();
        self.hash = disk_hash;
    }

    /// Saves the map as it is to a new file (never over an existing one),
    /// leaving the document as it was.
    pub fn save_copy(&self, path: &Path) -> Result<Saved, SaveError> {
        storage::save_map(path, &self.map, SaveGuard::New)
    }
}
