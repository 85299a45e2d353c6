//! The trends' cache in the state folder: a map's status at a commit, by
//! commit id and path. A commit never changes, so an entry stays right for
//! as long as the day analysed and the thresholds are the same; the cache
//! is ignored whole when either differs, or when it cannot be read (it
//! only ever saves time).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::analysis::{Status, Thresholds};
use crate::storage::regular_file::read_regular_file;
use crate::storage::{SaveError, SaveGuard, content_hash, save_text};

/// Bumped when the layout or the meaning of an entry changes.
const VERSION: u32 = 1;

/// Larger files are ignored (and rebuilt): far beyond any portfolio.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct TrendCache {
    today: Date,
    thresholds: Thresholds,
    /// `commit:path` → the status then, `None` when the map was not there
    /// or did not read.
    entries: HashMap<String, Option<Status>>,
}

#[derive(Serialize, Deserialize)]
struct Disk {
    version: u32,
    today: Date,
    thresholds: Thresholds,
    /// `commit:path` → `ok`, `watch`, `at-risk` or `none`.
    entries: HashMap<String, String>,
}

impl TrendCache {
    pub fn new(today: Date, thresholds: Thresholds) -> Self {
        TrendCache {
            today,
            thresholds,
            entries: HashMap::new(),
        }
    }

    /// The cache file of a maps folder: one per folder, beside the status
    /// cache, named by a hash of the folder's absolute path.
    pub fn file_for(state_dir: &Path, maps_dir: &Path) -> PathBuf {
        let dir = fs::canonicalize(maps_dir).unwrap_or_else(|_| maps_dir.to_path_buf());
        let key = content_hash(dir.as_os_str().as_encoded_bytes());
        state_dir.join("trends").join(format!("{key:016x}.json"))
    }

    pub fn load(file: &Path, today: Date, thresholds: Thresholds) -> Self {
        let empty = TrendCache::new(today, thresholds);
        let Ok((_, bytes)) = read_regular_file(file, MAX_BYTES) else {
            return empty;
        };
        let Ok(disk) = serde_json::from_slice::<Disk>(&bytes) else {
            return empty;
        };
        if disk.version != VERSION || disk.today != today || disk.thresholds != thresholds {
            return empty;
        }
        let entries = disk
            .entries
            .into_iter()
            .filter_map(|(k, v)| Some((k, from_code(&v)?)))
            .collect();
        TrendCache {
            today,
            thresholds,
            entries,
        }
    }

    /// `Some(status then)` when known, `None` when not cached.
    pub fn get(&self, commit: &str, path: &str) -> Option<Option<Status>> {
        self.entries.get(&format!("{commit}:{path}")).copied()
    }

    pub fn insert(&mut self, commit: &str, path: &str, status: Option<Status>) {
        self.entries.insert(format!("{commit}:{path}"), status);
    }

    pub fn save(&self, file: &Path) -> Result<(), SaveError> {
        if let Some(dir) = file.parent() {
            let _ = fs::create_dir_all(dir);
        }
        let disk = Disk {
            version: VERSION,
            today: self.today,
            thresholds: self.thresholds,
            entries: self
                .entries
                .iter()
                .map(|(k, v)| (k.clone(), v.map_or("none", Status::code).to_string()))
                .collect(),
        };
        // Serialising a map of strings cannot fail.
        let bytes = serde_json::to_vec(&disk).unwrap_or_default();
        save_text(file, &bytes, SaveGuard::Force).map(|_| ())
    }
}

/// `Some(None)` for "none", `None` for a code this version does not know.
fn from_code(code: &str) -> Option<Option<Status>> {
    match code {
        "none" => Some(None),
        _ => [Status::Ok, Status::Watch, Status::AtRisk]
            .into_iter()
            .find(|s| s.code() == code)
            .map(Some),
    }
}
