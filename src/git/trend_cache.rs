//! The trends' cache in the state folder: a map's status at a commit, by
//! commit id and path. A commit never changes, so an entry stays right for
//! as long as the day analysed and the thresholds are the same; the cache
//! is ignored whole when either differs, or when it cannot be read (it
//! only ever saves time).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::analysis::{Status, Thresholds};
use crate::storage::{SaveError, content_hash, day_cache};

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
        let key = cache_key(today, thresholds);
        let Some(disk) = day_cache::read::<HashMap<String, String>>(file, MAX_BYTES, key) else {
            return TrendCache::new(today, thresholds);
        };
        let entries = disk
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
        // `commit:path` → `ok`, `watch`, `at-risk` or `none`.
        let entries: HashMap<&str, &str> = self
            .entries
            .iter()
            .map(|(k, v)| (k.as_str(), v.map_or("none", Status::code)))
            .collect();
        let key = cache_key(self.today, self.thresholds);
        day_cache::write(file, key, entries, "write the trends' cache")
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

/// What the trends' answers hold for.
fn cache_key(today: Date, thresholds: Thresholds) -> day_cache::CacheKey {
    day_cache::CacheKey {
        version: VERSION,
        today,
        thresholds,
    }
}
