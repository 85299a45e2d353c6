//! A map's history: each revision analysed as of its own date, with the
//! findings that appeared and cleared since the one before.
//!
//! Each revision's verdict is made by the same functions `check` uses
//! (`analysis::StageAnalysis`), with the commit's date as "today", so an
//! entry says exactly what `check --today DATE` said of that file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::walk::{FileLog, LogEnd, Revision};
use super::{GitError, MapRepo};
use crate::analysis::{
    Finding, FindingKind, ItemList, Risk, Severity, StageAnalysis, StageSentiment, Status,
    Thresholds, stage_sentiment,
};
use crate::model::{Map, Phase, summarise_changes};
use crate::storage::parallel::map_ordered;
use crate::storage::{content_hash, load_bytes, read_map_file};

/// Which state of the map an entry is.
#[derive(Debug, Clone)]
pub enum When {
    Commit(Revision),
    /// The file on disk, which differs from the last commit (or was never
    /// committed).
    Uncommitted,
}

/// What `check` says of one state of the map.
#[derive(Debug, Clone)]
pub struct EntryVerdict {
    pub client: String,
    pub status: Status,
    pub risk: Risk,
    pub stages: Vec<StageVerdict>,
    /// In `check`'s order.
    pub findings: Vec<FindingChange>,
}

#[derive(Debug, Clone)]
pub struct StageVerdict {
    pub id: String,
    pub name: String,
    /// Where the stage was relative to where the client was then.
    pub phase: Phase,
    pub status: Status,
    pub risk: Risk,
    /// The client's sentiment at the stage then (the board's emotion
    /// curve), `None` when nothing was known.
    pub sentiment: Option<StageSentiment>,
}

/// A finding, with the stage it belongs to by id and name.
#[derive(Debug, Clone)]
pub struct FindingChange {
    pub stage: String,
    pub stage_name: String,
    pub kind: FindingKind,
    pub severity: Severity,
    pub message: String,
    /// What makes it the same finding from one revision to the next: the
    /// stage, the kind, and the item it is about (a commitment's promise,
    /// not its index, which moves when items are added). Its days (how
    /// overdue) change with the date and do not count.
    key: Key,
}

/// A hash of a finding's stage id, kind and subject (see
/// [`FindingChange::key`]); 64 bits make a collision between two findings
/// of one map out of the question.
type Key = u64;

/// One state of the map.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub when: When,
    /// The day it is analysed as of: the commit's date, or `--today` for
    /// the uncommitted file.
    pub date: Date,
    /// The file's path there (in the repository, `/`-separated).
    pub path: String,
    /// The verdict, or why the file did not read (one line per problem).
    pub verdict: Result<EntryVerdict, String>,
    pub appeared: Vec<FindingChange>,
    pub cleared: Vec<FindingChange>,
    /// What changed since the entry before, one line per change; empty for
    /// the first entry and when the map did not read.
    pub changes: Vec<String>,
}

/// A map's history, oldest entry first.
#[derive(Debug, Clone)]
pub struct History {
    /// The path as given.
    pub path: PathBuf,
    /// The repository's work tree.
    pub workdir: PathBuf,
    pub entries: Vec<HistoryEntry>,
    /// How far back the log reaches.
    pub end: LogEnd,
    /// With `--since`: the revision before it that the first entry is
    /// compared with, not itself shown.
    pub before_since: Option<Revision>,
}

impl History {
    /// The history of the map at `path`: its commits (first parents,
    /// renames followed) from `since` on, then the file on disk if it
    /// differs from `HEAD`, analysed as of `today`.
    pub fn of(
        path: &Path,
        since: Option<Date>,
        today: Date,
        t: &Thresholds,
    ) -> Result<History, GitError> {
        let repo = MapRepo::discover(path)?;
        let relative = repo.relative(path)?;
        let log = repo.file_log(&relative, since)?;
        Self::from_log(&repo, path, &relative, log, today, t)
    }

    /// How far back the history reaches, in one sentence (the `history`
    /// command's and the timeline screen's).
    pub fn reach(&self) -> String {
        let oldest = self.entries.iter().find_map(|e| match &e.when {
            When::Commit(r) => Some(r),
            When::Uncommitted => None,
        });
        match (&self.end, oldest) {
            (LogEnd::Added, Some(r)) => {
                format!("All of it: the map was added in {} on {}.", r.short, r.date)
            }
            (LogEnd::Shallow, Some(r)) => format!(
                "This is a shallow clone: its history stops at {} of {}, and the map may be older \
                 (`git fetch --unshallow` fetches the rest).",
                r.short, r.date
            ),
            (LogEnd::Since, _) => match &self.before_since {
                Some(r) => format!(
                    "From the --since date on; the first entry is compared with {} of {}.",
                    r.short, r.date
                ),
                None => "From the --since date on.".to_string(),
            },
            (LogEnd::Added | LogEnd::Shallow, None) => {
                "No commit changed the map since the --since date.".to_string()
            }
            (LogEnd::NotInHead, _) => "The map has never been committed (it is not in the last \
                 commit), so there is no history before the file on disk; commit it to start one."
                .to_string(),
        }
    }

    fn from_log(
        repo: &MapRepo,
        path: &Path,
        relative: &str,
        log: FileLog,
        today: Date,
        t: &Thresholds,
    ) -> Result<History, GitError> {
        let FileLog { mut revisions, end } = log;
        revisions.reverse();
        let before_since = match end {
            LogEnd::Since if !revisions.is_empty() => Some(revisions.remove(0)),
            _ => None,
        };
        // The last state that read: its map, and its entry (`None` for
        // the revision before `--since`, which is not shown).
        let mut previous: Option<(Map, Previous)> = None;
        let mut before_verdict = None;
        if let Some(before) = &before_since {
            let bytes = repo.revision_bytes(before)?;
            if let Ok(map) = read(&show_path(before), &bytes) {
                before_verdict = Some(verdict(&map, before.date, t));
                previous = Some((map, Previous::BeforeSince));
            }
        }
        let mut entries = Vec::with_capacity(revisions.len() + 1);
        // Reading is sequential (one repository handle), parsing and
        // analysing is done on every core, a chunk at a time so that only
        // a chunk of revisions is in memory at once.
        let mut revisions = revisions.into_iter().peekable();
        while revisions.peek().is_some() {
            let chunk: Vec<(Revision, Vec<u8>)> = revisions
                .by_ref()
                .take(CHUNK)
                .map(|r| repo.revision_bytes(&r).map(|bytes| (r, bytes)))
                .collect::<Result<_, _>>()?;
            let parsed = map_ordered(&chunk, |_, (revision, bytes)| {
                analysed(&show_path(revision), bytes, revision.date, t)
            });
            for ((revision, _), parsed) in chunk.into_iter().zip(parsed) {
                let (date, path) = (revision.date, revision.path.clone());
                let when = When::Commit(revision);
                push_entry(
                    &mut entries,
                    &mut previous,
                    before_verdict.as_ref(),
                    when,
                    date,
                    path,
                    parsed,
                );
            }
        }
        // The file on disk, when it is there and is not what HEAD holds.
        // A file that does not read is an entry too: its errors.
        let disk = read_map_file(path).map(|(_, bytes)| bytes);
        if let Ok(bytes) = disk {
            let committed = repo.head_bytes(relative)?;
            if committed.as_deref() != Some(&bytes[..]) {
                let parsed = analysed(path, &bytes, today, t);
                let path = relative.to_string();
                push_entry(
                    &mut entries,
                    &mut previous,
                    before_verdict.as_ref(),
                    When::Uncommitted,
                    today,
                    path,
                    parsed,
                );
            }
        }
        Ok(History {
            path: path.to_path_buf(),
            workdir: repo.workdir().to_path_buf(),
            entries,
            end,
            before_since,
        })
    }
}

/// `REV:path`, as `git show` takes it: the name of a revision's file in
/// messages.
pub fn show_path(revision: &Revision) -> PathBuf {
    PathBuf::from(format!("{}:{}", revision.short, revision.path))
}

fn read(path: &Path, bytes: &[u8]) -> Result<Map, String> {
    load_bytes(path, bytes)
        .map(|loaded| loaded.map)
        .map_err(|e| e.to_string())
}

/// Revisions parsed and analysed at once, on every core.
const CHUNK: usize = 64;

/// Where the last state that read is.
#[derive(Debug, Clone, Copy)]
enum Previous {
    BeforeSince,
    Entry(usize),
}

/// The map read from `bytes` and its verdict as of `date`, or why it did
/// not read.
fn analysed(
    path: &Path,
    bytes: &[u8],
    date: Date,
    t: &Thresholds,
) -> Result<(Map, EntryVerdict), String> {
    read(path, bytes).map(|map| {
        let verdict = verdict(&map, date, t);
        (map, verdict)
    })
}

/// The findings of `these` that `those` has no match for, by key and
/// counting repeats (two open promises alike are two findings).
fn unmatched(these: &[FindingChange], those: &[FindingChange]) -> Vec<FindingChange> {
    let mut left: HashMap<Key, usize> = HashMap::new();
    for f in those {
        *left.entry(f.key).or_default() += 1;
    }
    these
        .iter()
        .filter(|f| match left.get_mut(&f.key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// Adds an entry, compared with the last state that read.
fn push_entry(
    entries: &mut Vec<HistoryEntry>,
    previous: &mut Option<(Map, Previous)>,
    before_since: Option<&EntryVerdict>,
    when: When,
    date: Date,
    path: String,
    parsed: Result<(Map, EntryVerdict), String>,
) {
    let (map, verdict) = match parsed {
        Ok(parsed) => parsed,
        Err(message) => {
            entries.push(HistoryEntry {
                when,
                date,
                path,
                verdict: Err(message),
                appeared: Vec::new(),
                cleared: Vec::new(),
                changes: Vec::new(),
            });
            return;
        }
    };
    let old = previous.as_ref().and_then(|(old_map, at)| {
        let old = match at {
            Previous::BeforeSince => before_since,
            Previous::Entry(i) => entries.get(*i).and_then(|e| e.verdict.as_ref().ok()),
        };
        old.map(|old| (old_map, old))
    });
    let (appeared, cleared, changes) = match old {
        Some((old_map, old)) => (
            unmatched(&verdict.findings, &old.findings),
            unmatched(&old.findings, &verdict.findings),
            summarise_changes(old_map, &map),
        ),
        None => (verdict.findings.clone(), Vec::new(), Vec::new()),
    };
    *previous = Some((map, Previous::Entry(entries.len())));
    entries.push(HistoryEntry {
        when,
        date,
        path,
        verdict: Ok(verdict),
        appeared,
        cleared,
        changes,
    });
}

/// The map's status, risk, stages and findings as of `today`, as `check`
/// makes them.
pub fn verdict(map: &Map, today: Date, t: &Thresholds) -> EntryVerdict {
    let mut stages = Vec::with_capacity(map.stages.len());
    let mut findings = Vec::new();
    for (index, (stage, phase)) in map.stages.iter().zip(map.phases()).enumerate() {
        let analysis = StageAnalysis::in_phase(map, index, phase, today, t);
        findings.extend(analysis.findings.iter().map(|f| change(map, f)));
        stages.push(StageVerdict {
            id: stage.id.to_string(),
            name: stage.name.to_string(),
            phase,
            status: analysis.status,
            risk: analysis.risk,
            sentiment: stage_sentiment(stage),
        });
    }
    EntryVerdict {
        client: map.client.name.to_string(),
        status: stages.iter().map(|s| s.status).max().unwrap_or_default(),
        risk: stages.iter().map(|s| s.risk).sum(),
        stages,
        findings,
    }
}

fn change(map: &Map, f: &Finding) -> FindingChange {
    let stage = map.stages.get(f.stage);
    let (id, name) = stage.map_or((String::new(), String::new()), |s| {
        (s.id.to_string(), s.name.to_string())
    });
    FindingChange {
        key: key(&id, f.kind.code(), &subject(map, f)),
        stage: id,
        stage_name: name,
        kind: f.kind,
        severity: f.severity,
        message: f.message.clone(),
    }
}

fn key(stage: &str, kind: &str, subject: &str) -> Key {
    // The parts joined with a byte none of them holds.
    let joined = format!("{stage}\u{0}{kind}\u{0}{subject}");
    content_hash(joined.as_bytes())
}

/// The item a finding is about, in words that stay the same while the
/// item does: empty for a finding about the stage as a whole.
fn subject(map: &Map, f: &Finding) -> String {
    let stage = map.stages.get(f.stage);
    let (Some(list), Some(i)) = (f.list, f.item) else {
        return String::new();
    };
    let text = match list {
        ItemList::Feedback => stage
            .and_then(|s| s.feedback.get(i))
            .map(|x| format!("{} {}", x.date, x.summary)),
        ItemList::Commitments => stage
            .and_then(|s| s.commitments.get(i))
            .map(|x| format!("{} {}", x.due, x.promise)),
        ItemList::Perceptions => stage
            .and_then(|s| s.perceptions.get(i))
            .map(|x| x.text.to_string()),
        ItemList::Reviews => map.reviews.get(i).map(|x| format!("{} {}", x.date, x.note)),
    };
    text.unwrap_or_default()
}
