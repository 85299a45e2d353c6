//! The warm-start cache: what the portfolio last learnt about each map, so
//! that the next start shows every status without parsing a single file.
//!
//! An entry is keyed by the file's path, size, modification time and the
//! hash of its bytes. Size and time alone are trusted only when the time is
//! well before the moment the file was read (the "racy git" rule): a file
//! rewritten within the same clock tick as it was read could keep both.
//! Otherwise, or when size or time differ, the file is read and hashed, and
//! the entry still serves when the hash matches (a `touch`, a checkout).
//!
//! Statuses depend on the date and the thresholds, so the cache holds them
//! too and is ignored whole when either differs. A cache that cannot be
//! read, is corrupt or comes from another version is ignored, never an
//! error: it only ever saves time.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::day_cache;
use super::load::content_hash;
use super::save::SaveError;
use crate::analysis::{MapSummary, Risk, Status, Thresholds};

/// Bumped whenever the layout of the cache or the meaning of a summary
/// changes; a cache of another version is ignored. 2: summaries hold the
/// risk score, and dates after the day analysed count for nothing. 3: and
/// the segment and the owners, for the portfolio's filter.
pub const CACHE_VERSION: u32 = 3;

/// How far before the read a file's time must be for size and time alone
/// to be trusted (coarse file system clocks tick in up to 2 s).
const RACY_NS: u64 = 2_000_000_000;

/// A cache holds a few hundred bytes a map: this is far more than any
/// maps folder needs. A larger file is ignored (and rebuilt).
const MAX_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// What loading one map gave: its summary, or the whole load error, one
/// line per problem, each starting `path:line:col:` (see
/// [`error_summary`] for the one-line form a list row shows).
pub type Outcome = Result<MapSummary, String>;

/// The first line of a load error and how many more there are, as
/// [`super::LoadError::summary`] gives it.
pub fn error_summary(message: &str) -> String {
    let mut lines = message.lines();
    let first = lines.next().unwrap_or_default();
    match lines.count() {
        0 => first.to_string(),
        more => format!("{first} (and {more} more)"),
    }
}

/// A file's size and modification time, as seen by `stat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    /// Nanoseconds since 1970; 0 when the system cannot tell.
    pub mtime_ns: u64,
}

impl FileStamp {
    pub fn of(meta: &fs::Metadata) -> Self {
        FileStamp {
            size: meta.len(),
            mtime_ns: meta.modified().map(nanos_since_epoch).unwrap_or(0),
        }
    }
}

/// Now, in nanoseconds since 1970.
pub fn now_ns() -> u64 {
    nanos_since_epoch(SystemTime::now())
}

fn nanos_since_epoch(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// One map as the cache remembers it.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheEntry {
    pub stamp: FileStamp,
    pub hash: u64,
    /// When the bytes that gave `hash` were read (taken before reading).
    pub read_ns: u64,
    pub outcome: Outcome,
}

impl CacheEntry {
    /// Whether size and time alone prove the file unchanged.
    fn fresh_by_stamp(&self, stamp: FileStamp) -> bool {
        self.stamp == stamp
            && stamp.mtime_ns != 0
            && stamp.mtime_ns.saturating_add(RACY_NS) <= self.read_ns
    }
}

/// The cache of one maps folder for one date and set of thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusCache {
    pub today: Date,
    pub thresholds: Thresholds,
    entries: HashMap<PathBuf, CacheEntry>,
}

impl StatusCache {
    pub fn new(today: Date, thresholds: Thresholds) -> Self {
        StatusCache {
            today,
            thresholds,
            entries: HashMap::new(),
        }
    }

    /// The cache file for a maps folder, in the state folder: one file per
    /// folder, named by a hash of its absolute path.
    pub fn file_for(state_dir: &Path, maps_dir: &Path) -> PathBuf {
        let dir = fs::canonicalize(maps_dir).unwrap_or_else(|_| maps_dir.to_path_buf());
        let key = content_hash(dir.as_os_str().as_encoded_bytes());
        state_dir
            .join("status-cache")
            .join(format!("{key:016x}.json"))
    }

    /// Reads the cache at `file` for this date and these thresholds. Any
    /// problem (missing, unreadable, corrupt, another version, another
    /// date or thresholds) gives an empty cache.
    pub fn load(file: &Path, today: Date, thresholds: Thresholds) -> Self {
        let key = cache_key(today, thresholds);
        let Some(disk) = day_cache::read::<Vec<DiskEntry>>(file, MAX_CACHE_BYTES, key) else {
            return StatusCache::new(today, thresholds);
        };
        let entries = disk
            .into_iter()
            .filter_map(|e| {
                let outcome = match (e.summary, e.error) {
                    (Some(s), None) => Ok(s.into_summary()?),
                    (None, Some(error)) => Err(error),
                    _ => return None,
                };
                let entry = CacheEntry {
                    stamp: e.stamp,
                    hash: e.hash,
                    read_ns: e.read_ns,
                    outcome,
                };
                Some((PathBuf::from(e.path), entry))
            })
            .collect();
        StatusCache {
            today,
            thresholds,
            entries,
        }
    }

    /// Writes the cache atomically, creating the folder if needed. Paths
    /// that are not UTF-8 are left out (they are simply loaded again).
    pub fn save(&self, file: &Path) -> Result<(), SaveError> {
        let mut entries: Vec<DiskEntry> = self
            .entries
            .iter()
            .filter_map(|(path, e)| {
                let (summary, error) = match &e.outcome {
                    Ok(s) => (Some(DiskSummary::from(s)), None),
                    Err(message) => (None, Some(message.clone())),
                };
                Some(DiskEntry {
                    path: path.to_str()?.to_string(),
                    stamp: e.stamp,
                    hash: e.hash,
                    read_ns: e.read_ns,
                    summary,
                    error,
                })
            })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let key = cache_key(self.today, self.thresholds);
        day_cache::write(file, key, entries, "write the status cache")
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, path: &Path) -> Option<&CacheEntry> {
        self.entries.get(path)
    }

    /// The entry for `path` if size and time prove the file unchanged.
    pub fn fresh(&self, path: &Path, stamp: FileStamp) -> Option<&CacheEntry> {
        self.entries.get(path).filter(|e| e.fresh_by_stamp(stamp))
    }

    /// The entry for `path` if the file's bytes still hash the same.
    pub fn same_bytes(&self, path: &Path, hash: u64) -> Option<&CacheEntry> {
        self.entries.get(path).filter(|e| e.hash == hash)
    }

    pub fn insert(&mut self, path: PathBuf, entry: CacheEntry) {
        self.entries.insert(path, entry);
    }
}

/// The cache as written to disk.
#[derive(Serialize, Deserialize)]
struct DiskEntry {
    path: String,
    stamp: FileStamp,
    hash: u64,
    read_ns: u64,
    summary: Option<DiskSummary>,
    error: Option<String>,
}

/// [`MapSummary`] on disk; kept apart so that the analysis types carry no
/// cache format.
#[derive(Serialize, Deserialize)]
struct DiskSummary {
    client: String,
    account_manager: String,
    segment: Option<String>,
    owners: Vec<String>,
    status: String,
    risk: DiskRisk,
    missed: usize,
    weak_stages: usize,
    stage_count: usize,
    newest_feedback: Option<Date>,
    next_due: Option<Date>,
}

/// [`Risk`] on disk: the counts its score is made of.
#[derive(Serialize, Deserialize)]
struct DiskRisk {
    critical: u32,
    warning: u32,
    info: u32,
    days_overdue: u32,
    days_kept_late: u32,
    days_stale: u32,
}

impl From<Risk> for DiskRisk {
    fn from(r: Risk) -> Self {
        DiskRisk {
            critical: r.critical,
            warning: r.warning,
            info: r.info,
            days_overdue: r.days_overdue,
            days_kept_late: r.days_kept_late,
            days_stale: r.days_stale,
        }
    }
}

impl From<DiskRisk> for Risk {
    fn from(r: DiskRisk) -> Self {
        Risk {
            critical: r.critical,
            warning: r.warning,
            info: r.info,
            days_overdue: r.days_overdue,
            days_kept_late: r.days_kept_late,
            days_stale: r.days_stale,
        }
    }
}

impl From<&MapSummary> for DiskSummary {
    fn from(s: &MapSummary) -> Self {
        DiskSummary {
            client: s.client.clone(),
            account_manager: s.account_manager.clone(),
            segment: s.segment.clone(),
            owners: s.owners.clone(),
            status: s.status.code().to_string(),
            risk: DiskRisk::from(s.risk),
            missed: s.missed,
            weak_stages: s.weak_stages,
            stage_count: s.stage_count,
            newest_feedback: s.newest_feedback,
            next_due: s.next_due,
        }
    }
}

impl DiskSummary {
    /// `None` for a status this version does not know.
    fn into_summary(self) -> Option<MapSummary> {
        let status = [Status::Ok, Status::Watch, Status::AtRisk]
            .into_iter()
            .find(|s| s.code() == self.status)?;
        Some(MapSummary {
            client: self.client,
            account_manager: self.account_manager,
            segment: self.segment,
            owners: self.owners,
            status,
            risk: self.risk.into(),
            missed: self.missed,
            weak_stages: self.weak_stages,
            stage_count: self.stage_count,
            newest_feedback: self.newest_feedback,
            next_due: self.next_due,
        })
    }
}

/// What the status cache's answers hold for.
fn cache_key(today: Date, thresholds: Thresholds) -> day_cache::CacheKey {
    day_cache::CacheKey {
        version: CACHE_VERSION,
        today,
        thresholds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 23)
    }

    fn summary(client: &str) -> MapSummary {
        MapSummary {
            client: client.into(),
            account_manager: "Dana Ruiz".into(),
            segment: Some("Enterprise".into()),
            owners: vec!["Ines".into(), "Sam Lee".into()],
            status: Status::Watch,
            risk: Risk {
                warning: 3,
                days_kept_late: 4,
                ..Risk::default()
            },
            missed: 2,
            weak_stages: 1,
            stage_count: 7,
            newest_feedback: Some(jiff::civil::date(2026, 10, 1)),
            next_due: None,
        }
    }

    fn entry(outcome: Outcome) -> CacheEntry {
        CacheEntry {
            stamp: FileStamp {
                size: 100,
                mtime_ns: 1_000_000_000_000,
            },
            hash: 42,
            read_ns: 1_000_000_000_000 + RACY_NS,
            outcome,
        }
    }

    fn sample() -> StatusCache {
        let mut cache = StatusCache::new(today(), Thresholds::default());
        cache.insert("/maps/a.ron".into(), entry(Ok(summary("Acme"))));
        cache.insert(
            "/maps/b.ron".into(),
            entry(Err("/maps/b.ron:3:1: expected ...".into())),
        );
        cache
    }

    #[test]
    fn error_summary_is_the_first_line_and_a_count() {
        assert_eq!(error_summary("a.ron:1:2: x"), "a.ron:1:2: x");
        assert_eq!(
            error_summary("a.ron:1:2: x\na.ron:3:4: y\na.ron:5:6: z"),
            "a.ron:1:2: x (and 2 more)"
        );
    }

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = StatusCache::file_for(dir.path(), Path::new("/maps"));
        let cache = sample();
        cache.save(&file).expect("saved");
        let back = StatusCache::load(&file, today(), Thresholds::default());
        assert_eq!(back, cache);
        assert_eq!(back.len(), 2);
    }

    #[test]
    fn another_date_thresholds_or_version_means_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("cache.json");
        sample().save(&file).expect("saved");
        let tomorrow = jiff::civil::date(2026, 11, 24);
        assert!(StatusCache::load(&file, tomorrow, Thresholds::default()).is_empty());
        let stricter = Thresholds {
            stale_after_days: 30,
            ..Thresholds::default()
        };
        assert!(StatusCache::load(&file, today(), stricter).is_empty());
        let text = fs::read_to_string(&file).expect("readable");
        let newer = text.replacen(
            &format!("\"version\":{CACHE_VERSION}"),
            &format!("\"version\":{}", CACHE_VERSION + 1),
            1,
        );
        assert_ne!(newer, text);
        fs::write(&file, newer).expect("written");
        assert!(StatusCache::load(&file, today(), Thresholds::default()).is_empty());
    }

    #[test]
    fn corrupt_or_missing_file_means_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("cache.json");
        assert!(StatusCache::load(&file, today(), Thresholds::default()).is_empty());
        sample().save(&file).expect("saved");
        let bytes = fs::read(&file).expect("readable");
        fs::write(&file, &bytes[..bytes.len() / 2]).expect("written");
        assert!(StatusCache::load(&file, today(), Thresholds::default()).is_empty());
        fs::write(&file, b"\xff\x00 not json").expect("written");
        assert!(StatusCache::load(&file, today(), Thresholds::default()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_as_the_cache_means_empty_at_once() {
        use crate::storage::regular_file::tests::{make_fifo, within_seconds};
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("cache.json");
        make_fifo(&fifo);
        let path = fifo.clone();
        let cache = within_seconds(&fifo, move || {
            StatusCache::load(&path, today(), Thresholds::default())
        });
        assert!(cache.is_empty());
        #[cfg(target_os = "linux")]
        {
            let zero = dir.path().join("zero.json");
            std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
            assert!(StatusCache::load(&zero, today(), Thresholds::default()).is_empty());
        }
    }

    #[test]
    fn save_into_an_unwritable_place_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let blocker = dir.path().join("state");
        fs::write(&blocker, "a file where the folder should be").expect("written");
        let file = StatusCache::file_for(&blocker, Path::new("/maps"));
        assert!(sample().save(&file).is_err());
    }

    #[test]
    fn stamp_is_trusted_only_when_the_file_is_older_than_the_read() {
        let cache = sample();
        let path = Path::new("/maps/a.ron");
        let stamp = entry(Ok(summary("Acme"))).stamp;
        assert!(cache.fresh(path, stamp).is_some());
        let touched = FileStamp {
            mtime_ns: stamp.mtime_ns + 1,
            ..stamp
        };
        assert!(cache.fresh(path, touched).is_none());
        let grown = FileStamp { size: 101, ..stamp };
        assert!(cache.fresh(path, grown).is_none());
        // Written within the racy window of the read: hash it again.
        let mut racy = sample();
        let mut e = entry(Ok(summary("Acme")));
        e.read_ns = stamp.mtime_ns + RACY_NS - 1;
        racy.insert(path.into(), e);
        assert!(racy.fresh(path, stamp).is_none());
        assert!(racy.same_bytes(path, 42).is_some());
        assert!(racy.same_bytes(path, 43).is_none());
        assert!(cache.fresh(Path::new("/maps/other.ron"), stamp).is_none());
    }
}
