//! Trends for the portfolio: where each map stood 30 and 90 days ago, from
//! git, next to where it stands now.
//!
//! "Then" is the map as the last commit on the first-parent line dated on
//! or before that day had it, analysed as of that day (as `check --today`
//! would). Computed on a thread of its own ([`TrendLoad`]), so the
//! portfolio's first frame never waits for git; kept in the state folder
//! keyed by commit id and path ([`super::trend_cache`]), so the next start
//! reads no map that it has already judged.
//!
//! A map renamed since then is found under its old name by the history's
//! walk, which follows renames ([`MapRepo::file_log`]); only maps missing
//! from a commit under their present name pay for that walk, and it stops
//! at the oldest day a trend looks at.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;

use jiff::civil::Date;

use super::MapRepo;
use super::trend_cache::TrendCache;
use super::walk::{FileLog, commit_date};
use crate::analysis::{MapSummary, Status, Thresholds};
use crate::storage::load_bytes;
use crate::storage::parallel::map_ordered;

/// How many days back each trend looks.
pub const TREND_DAYS: [i64; 2] = [30, 90];

/// How a map moved between then and now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    Better,
    Same,
    Worse,
}

impl Direction {
    /// From the status then to the status now.
    pub fn of(then: Status, now: Status) -> Direction {
        match now.cmp(&then) {
            std::cmp::Ordering::Greater => Direction::Worse,
            std::cmp::Ordering::Less => Direction::Better,
            std::cmp::Ordering::Equal => Direction::Same,
        }
    }

    /// The word the portfolio shows: a word, so that it reads without colour.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Same => "same",
            Direction::Worse => "worse",
        }
    }
}

/// Where one map stood at each of [`TREND_DAYS`]: `None` when no commit
/// that old had it (or it did not read then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapTrend {
    pub path: PathBuf,
    pub then: [Option<Status>; 2],
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct TrendRequest {
    /// The maps folder (its repository is found from it).
    pub folder: PathBuf,
    pub paths: Vec<PathBuf>,
    pub today: Date,
    pub thresholds: Thresholds,
    /// Where the cache lives ([`TrendCache::file_for`]); `None` for none.
    pub cache_file: Option<PathBuf>,
}

/// The trends, or why there are none (not a repository, no commits).
pub type TrendOutcome = Result<Vec<MapTrend>, String>;

/// Trends being computed in the background. Dropping it stops the work
/// after the chunk of maps being read and waits for the thread, so that
/// the process never ends half-way through writing the cache (leaving a
/// temporary file).
pub struct TrendLoad {
    rx: Receiver<TrendOutcome>,
    done: Option<TrendOutcome>,
    cancel: Arc<AtomicBool>,
    worker: Option<thread::JoinHandle<()>>,
}

impl TrendLoad {
    /// Starts the work; returns at once.
    pub fn start(request: TrendRequest) -> TrendLoad {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        // No thread to be had: no trends, and nothing else suffers.
        let worker = thread::Builder::new()
            .name("portfolio-trends".into())
            .spawn(move || {
                let _ = tx.send(compute_until(&request, &stop));
            })
            .ok();
        TrendLoad {
            rx,
            done: None,
            cancel,
            worker,
        }
    }

    /// The outcome once it is there, without waiting; given once.
    pub fn try_take(&mut self) -> Option<TrendOutcome> {
        self.done.take().or_else(|| self.rx.try_recv().ok())
    }

    /// The outcome, waiting for it (`None` if the work died).
    pub fn wait(&mut self) -> Option<TrendOutcome> {
        self.done.take().or_else(|| self.rx.recv().ok())
    }
}

impl Drop for TrendLoad {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// Computes the trends of `request`'s maps (on every core, reading the
/// repository on this thread).
pub fn compute(request: &TrendRequest) -> TrendOutcome {
    compute_until(request, &AtomicBool::new(false))
}

/// [`compute`], giving up between chunks of maps once `stop` is set.
fn compute_until(request: &TrendRequest, stop: &AtomicBool) -> TrendOutcome {
    let stopped = || Err("stopped".to_string());
    let repo = MapRepo::discover(&request.folder).map_err(|e| e.to_string())?;
    let cutoffs: Vec<Date> = TREND_DAYS
        .iter()
        .map(|&d| {
            request
                .today
                .checked_sub(jiff::Span::new().days(d))
                .unwrap_or(request.today)
        })
        .collect();
    let commits = repo.commits_at(&cutoffs).map_err(|e| e.to_string())?;
    let mut cache = request
        .cache_file
        .as_deref()
        .map(|f| TrendCache::load(f, request.today, request.thresholds))
        .unwrap_or_else(|| TrendCache::new(request.today, request.thresholds));
    // What is not cached: (map, cutoff) pairs, read here, judged on every core.
    let mut todo = Vec::new();
    let mut relative = Vec::with_capacity(request.paths.len());
    for (m, path) in request.paths.iter().enumerate() {
        let rel = repo.relative(path).ok();
        for (c, commit) in commits.iter().enumerate() {
            if let (Some(commit), Some(rel)) = (commit, &rel)
                && cache.get(&commit.0, rel).is_none()
            {
                todo.push((m, c, commit.0.clone(), rel.clone()));
            }
        }
        relative.push(rel);
    }
    // The rename-following logs of maps missing under their present name,
    // walked back to the oldest cutoff, one per map at most.
    let oldest = cutoffs.iter().min().copied();
    let mut logs: HashMap<usize, Option<FileLog>> = HashMap::new();
    for chunk in todo.chunks(64) {
        if stop.load(Ordering::Relaxed) {
            return stopped();
        }
        let read: Vec<Option<Vec<u8>>> = chunk
            .iter()
            .map(|(m, c, _, rel)| {
                let (_, id) = commits[*c].as_ref()?;
                match repo.bytes_at(*id, rel) {
                    Ok(Some(bytes)) => Some(bytes),
                    // Not under this name then: renamed since, or new.
                    Ok(None) => {
                        let log = logs
                            .entry(*m)
                            .or_insert_with(|| repo.file_log(rel, oldest).ok());
                        under_old_name(&repo, log.as_ref()?, rel, cutoffs[*c])
                    }
                    Err(_) => None,
                }
            })
            .collect();
        let statuses = map_ordered(&read, |i, bytes| {
            let bytes = bytes.as_ref()?;
            let (m, c, _, _) = &chunk[i];
            let map = load_bytes(&request.paths[*m], bytes).ok()?.map;
            Some(MapSummary::analyse(&map, cutoffs[*c], &request.thresholds).status)
        });
        for ((_, _, commit, rel), status) in chunk.iter().zip(statuses) {
            cache.insert(commit, rel, status);
        }
    }
    if stop.load(Ordering::Relaxed) {
        return stopped();
    }
    if let Some(file) = &request.cache_file {
        // Only time is lost when the cache cannot be written.
        let _ = cache.save(file);
    }
    Ok(request
        .paths
        .iter()
        .zip(&relative)
        .map(|(path, rel)| {
            let mut then = [None; 2];
            for (c, commit) in commits.iter().enumerate() {
                if let (Some((id, _)), Some(rel)) = (commit, rel) {
                    then[c] = cache.get(id, rel).flatten();
                }
            }
            MapTrend {
                path: path.clone(),
                then,
            }
        })
        .collect())
}

/// The map's bytes as of `cutoff` under the name it had then, from its
/// rename-following `log`: the newest revision dated on or before that
/// day, if that revision had another name (under `rel` itself it would
/// have been found directly; a map added later has no such revision).
fn under_old_name(repo: &MapRepo, log: &FileLog, rel: &str, cutoff: Date) -> Option<Vec<u8>> {
    let then = log.revisions.iter().find(|r| r.date <= cutoff)?;
    if then.path == rel {
        return None;
    }
    repo.revision_bytes(then).ok()
}

impl MapRepo {
    /// For each date, the last commit on the first-parent line from HEAD
    /// dated on or before it (its id in hex, and the id): `None` when the
    /// history does not reach that far back.
    fn commits_at(
        &self,
        dates: &[Date],
    ) -> Result<Vec<Option<(String, gix::ObjectId)>>, super::GitError> {
        let mut found = vec![None; dates.len()];
        let Some(head) = self.head()? else {
            return Ok(found);
        };
        let shallow = self.shallow_commits();
        let mut id = head;
        loop {
            let commit = self.repo.find_commit(id).map_err(|e| self.read_error(e))?;
            let time = commit.time().map_err(|e| self.read_error(e))?;
            let date = commit_date(time.seconds, time.offset);
            for (slot, cutoff) in found.iter_mut().zip(dates) {
                if slot.is_none() && date <= *cutoff {
                    *slot = Some((id.to_string(), id));
                }
            }
            if found.iter().all(Option::is_some) || shallow.contains(&id) {
                break;
            }
            match commit.parent_ids().next() {
                Some(parent) if self.repo.has_object(parent) => id = parent.detach(),
                _ => break,
            }
        }
        Ok(found)
    }
}
