//! The one file layout of the caches in the state folder (the portfolio's
//! statuses, the trends): JSON with a version, the day and the thresholds
//! the answers hold for, and the entries. A cache only ever saves time: a
//! file that is missing, not a regular file, too large, unreadable, of
//! another version or made for another day or other thresholds reads as
//! empty, and the cache is rebuilt.

use std::fs;
use std::path::Path;

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::regular_file::read_regular_file;
use super::save::{SaveError, SaveErrorKind, SaveGuard, save_text};
use crate::analysis::Thresholds;

/// A cache file as written.
#[derive(Serialize, Deserialize)]
struct DayCache<E> {
    version: u32,
    today: Date,
    thresholds: Thresholds,
    entries: E,
}

/// What a cache's answers were computed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheKey {
    /// Bumped by the cache's owner when its entries change layout or meaning.
    pub version: u32,
    pub today: Date,
    pub thresholds: Thresholds,
}

/// The entries of the cache in `file`, if it is a regular file of at most
/// `max_bytes` holding a cache made for `key`; `None` otherwise (a FIFO or
/// a device put in its place must not stall anything).
pub fn read<E: DeserializeOwned>(file: &Path, max_bytes: u64, key: CacheKey) -> Option<E> {
    let (_, bytes) = read_regular_file(file, max_bytes).ok()?;
    let disk: DayCache<E> = serde_json::from_slice(&bytes).ok()?;
    let made_for = CacheKey {
        version: disk.version,
        today: disk.today,
        thresholds: disk.thresholds,
    };
    (made_for == key).then_some(disk.entries)
}

/// Writes `entries` as the cache for `key` to `file`, creating its folder,
/// with a safe save (the file is journeymap's alone, so it is forced).
/// `action` says what failed in an error ("write the status cache").
pub fn write<E: Serialize>(
    file: &Path,
    key: CacheKey,
    entries: E,
    action: &'static str,
) -> Result<(), SaveError> {
    if let Some(dir) = file.parent() {
        // A folder that cannot be made shows as the save's own error.
        let _ = fs::create_dir_all(dir);
    }
    let disk = DayCache {
        version: key.version,
        today: key.today,
        thresholds: key.thresholds,
        entries,
    };
    let bytes = serde_json::to_vec(&disk).map_err(|e| SaveError {
        path: file.to_path_buf(),
        kind: SaveErrorKind::Io {
            action,
            error: e.into(),
        },
    })?;
    save_text(file, &bytes, SaveGuard::Force).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(version: u32, day: i8) -> CacheKey {
        CacheKey {
            version,
            today: jiff::civil::date(2026, 11, day),
            thresholds: Thresholds::default(),
        }
    }

    #[test]
    fn a_cache_reads_back_only_for_its_own_version_day_and_thresholds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/cache.json");
        write(&file, key(1, 23), vec!["a".to_string()], "write the cache").unwrap();
        assert_eq!(
            read::<Vec<String>>(&file, 1024, key(1, 23)),
            Some(vec!["a".into()])
        );
        assert_eq!(read::<Vec<String>>(&file, 1024, key(2, 23)), None);
        assert_eq!(read::<Vec<String>>(&file, 1024, key(1, 24)), None);
        let stricter = CacheKey {
            thresholds: Thresholds {
                stale_after_days: 7,
                ..Thresholds::default()
            },
            ..key(1, 23)
        };
        assert_eq!(read::<Vec<String>>(&file, 1024, stricter), None);
        // Too large for the caller's limit, or other entries: empty too.
        assert_eq!(read::<Vec<String>>(&file, 8, key(1, 23)), None);
        assert_eq!(read::<Vec<u32>>(&file, 1024, key(1, 23)), None);
    }
}
