//! What the timeline shows, made once from the map's history when it has
//! been read: one row per stage that ever was, one point per entry of the
//! history, and the record per quarter (`analysis::record`).

use jiff::civil::Date;

use crate::analysis::{
    QuarterRecord, Severity, StageSentiment, Status, StatusesAt, Thresholds, record,
};
use crate::git::{FindingChange, History, Revision, When};
use crate::model::Map;

/// One state of the map: a commit, or the file on disk.
#[derive(Debug, Clone)]
pub struct Point {
    /// The commit; `None` for the uncommitted file.
    pub revision: Option<Revision>,
    pub date: Date,
    /// Each row's status then; `None` where the stage was not in the map.
    pub cells: Vec<Option<Status>>,
    /// The map's status then, or why the file did not read.
    pub status: Result<Status, String>,
    /// The stages then, in their order, and the sentiment at each: the
    /// emotion curve of that day.
    pub names: Vec<String>,
    pub curve: Vec<Option<StageSentiment>>,
    /// What changed since the point before, one line a change (the
    /// `history` command's summary), then the findings that appeared
    /// (`true`) and cleared (`false`) with it.
    pub changes: Vec<String>,
    pub findings: Vec<(bool, Severity, String)>,
}

/// The timeline of one map.
#[derive(Debug, Clone)]
pub struct TimelineData {
    /// The rows: every stage the map ever had, by name. The stages of the
    /// newest state that read come first in their order, then those
    /// removed since, the most recently removed first.
    pub rows: Vec<String>,
    /// Oldest first.
    pub points: Vec<Point>,
    pub record: Vec<QuarterRecord>,
    /// How far back the history reaches, in words (the `history`
    /// command's sentence).
    pub reach: String,
}

impl TimelineData {
    /// The timeline of `history`; `now` is the open map, whose
    /// commitments and feedback the record counts.
    pub fn of(history: &History, now: &Map, today: Date, t: &Thresholds) -> TimelineData {
        // Row ids: the newest readable state's stages, then older ones.
        let mut ids: Vec<(String, String)> = Vec::new();
        for entry in history.entries.iter().rev() {
            if let Ok(v) = &entry.verdict {
                for s in &v.stages {
                    if !ids.iter().any(|(id, _)| *id == s.id) {
                        ids.push((s.id.clone(), s.name.clone()));
                    }
                }
            }
        }
        let mut statuses = Vec::new();
        let points = history
            .entries
            .iter()
            .map(|entry| {
                let revision = match &entry.when {
                    When::Commit(r) => Some(r.clone()),
                    When::Uncommitted => None,
                };
                let (cells, status, names, curve) = match &entry.verdict {
                    Ok(v) => {
                        let cells = ids
                            .iter()
                            .map(|(id, _)| v.stages.iter().find(|s| s.id == *id).map(|s| s.status))
                            .collect();
                        statuses.push(StatusesAt {
                            date: entry.date,
                            stages: v.stages.iter().map(|s| (s.id.clone(), s.status)).collect(),
                        });
                        (
                            cells,
                            Ok(v.status),
                            v.stages.iter().map(|s| s.name.clone()).collect(),
                            v.stages.iter().map(|s| s.sentiment).collect(),
                        )
                    }
                    Err(why) => (
                        vec![None; ids.len()],
                        Err(why.clone()),
                        Vec::new(),
                        Vec::new(),
                    ),
                };
                let finding = |appeared: bool| {
                    move |f: &FindingChange| {
                        (
                            appeared,
                            f.severity,
                            format!("{}: {}", f.stage_name, f.message),
                        )
                    }
                };
                let findings = entry
                    .appeared
                    .iter()
                    .map(finding(true))
                    .chain(entry.cleared.iter().map(finding(false)))
                    .collect();
                Point {
                    revision,
                    date: entry.date,
                    cells,
                    status,
                    names,
                    curve,
                    changes: entry.changes.clone(),
                    findings,
                }
            })
            .collect();
        TimelineData {
            rows: ids.into_iter().map(|(_, name)| name).collect(),
            points,
            record: record(now, &statuses, today, t),
            reach: history.reach(),
        }
    }
}
