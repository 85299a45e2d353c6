//! The finding rules of the format (docs/format.md, "Findings").

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::CommitmentState;
use crate::model::{Map, Source, Stage};

/// Limits of the rules; configurable in `config.ron`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Feedback older than this many days is stale.
    pub stale_after_days: i64,
    /// A score at or below this is low.
    pub low_score_max: u8,
    /// An open commitment due within this many days is due soon.
    pub due_soon_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            stale_after_days: 90,
            low_score_max: 2,
            due_soon_days: 7,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a stage or a map is doing, from its worst finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Status {
    #[default]
    Ok,
    Watch,
    AtRisk,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Watch => "watch",
            Status::AtRisk => "at-risk",
        }
    }

    /// The status a set of findings gives.
    pub fn of(findings: &[Finding]) -> Status {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Critical) => Status::AtRisk,
            Some(Severity::Warning) => Status::Watch,
            _ => Status::Ok,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    NoFeedback,
    StaleFeedback,
    SurveyOnly,
    LowScore,
    HoldingBack,
    OverdueCommitment,
    KeptLate,
    DueSoon,
    AssumedPerception,
}

impl FindingKind {
    pub const ALL: [FindingKind; 9] = [
        FindingKind::NoFeedback,
        FindingKind::StaleFeedback,
        FindingKind::SurveyOnly,
        FindingKind::LowScore,
        FindingKind::HoldingBack,
        FindingKind::OverdueCommitment,
        FindingKind::KeptLate,
        FindingKind::DueSoon,
        FindingKind::AssumedPerception,
    ];

    /// The kind's name in the format's table and in JSON output.
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::NoFeedback => "no-feedback",
            FindingKind::StaleFeedback => "stale-feedback",
            FindingKind::SurveyOnly => "survey-only",
            FindingKind::LowScore => "low-score",
            FindingKind::HoldingBack => "holding-back",
            FindingKind::OverdueCommitment => "overdue-commitment",
            FindingKind::KeptLate => "kept-late",
            FindingKind::DueSoon => "due-soon",
            FindingKind::AssumedPerception => "assumed-perception",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            FindingKind::NoFeedback | FindingKind::LowScore | FindingKind::OverdueCommitment => {
                Severity::Critical
            }
            FindingKind::StaleFeedback
            | FindingKind::SurveyOnly
            | FindingKind::HoldingBack
            | FindingKind::KeptLate => Severity::Warning,
            FindingKind::DueSoon | FindingKind::AssumedPerception => Severity::Info,
        }
    }

    /// We stopped listening: the first five kinds.
    pub fn is_weak_feedback(self) -> bool {
        matches!(
            self,
            FindingKind::NoFeedback
                | FindingKind::StaleFeedback
                | FindingKind::SurveyOnly
                | FindingKind::LowScore
                | FindingKind::HoldingBack
        )
    }

    /// We broke our word.
    pub fn is_missed_commitment(self) -> bool {
        matches!(self, FindingKind::OverdueCommitment | FindingKind::KeptLate)
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One thing that needs attention in one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the stage in the map.
    pub stage: usize,
    pub kind: FindingKind,
    pub severity: Severity,
    /// Index of the item it is about in its list (feedback, commitment or
    /// perception), when it is about one item.
    pub item: Option<usize>,
    /// The number of days that matters: feedback age, days overdue, days
    /// kept late, days until due. Zero where no number applies.
    pub days: i64,
    /// The finding in words, without the stage name.
    pub message: String,
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    to.since(from)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}

/// "1 day", "3 days".
pub fn plural_days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

/// The message with line breaks, tabs and other control characters (from
/// the user's text in it) turned into spaces: a finding is shown on one
/// line, in `check` output as in the app.
fn one_line(message: String) -> String {
    let mut line = if message.chars().any(char::is_control) {
        message
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        message
    };
    // `format!` guesses generously; a map may hold a million of these.
    line.shrink_to_fit();
    line
}

/// Index of the newest entry matching `keep`: latest date, and between
/// entries of the same date the one later in the list.
fn newest<T>(items: &[T], date: impl Fn(&T) -> Date, keep: impl Fn(&T) -> bool) -> Option<usize> {
    let mut best: Option<(usize, Date)> = None;
    for (i, item) in items.iter().enumerate() {
        if !keep(item) {
            continue;
        }
        let d = date(item);
        if best.is_none_or(|(_, bd)| d >= bd) {
            best = Some((i, d));
        }
    }
    best.map(|(i, _)| i)
}

/// Index of the newest feedback entry of a stage.
pub fn newest_feedback(stage: &Stage) -> Option<usize> {
    newest(&stage.feedback, |f| f.date, |_| true)
}

/// Index of the newest feedback entry that has a score.
pub fn newest_scored_feedback(stage: &Stage) -> Option<usize> {
    newest(&stage.feedback, |f| f.date, |f| f.score.is_some())
}

/// Every finding of one stage, in a fixed order: feedback rules first, then
/// commitments in list order, then perceptions.
pub fn analyse_stage(index: usize, stage: &Stage, today: Date, t: &Thresholds) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |kind: FindingKind, item: Option<usize>, days: i64, message: String| {
        out.push(Finding {
            stage: index,
            kind,
            severity: kind.severity(),
            item,
            days,
            message: one_line(message),
        });
    };
    match newest_feedback(stage) {
        None => push(
            FindingKind::NoFeedback,
            None,
            0,
            "no feedback gathered from the client yet".into(),
        ),
        Some(n) => {
            let fb = &stage.feedback[n];
            let age = days_between(fb.date, today);
            if age > t.stale_after_days {
                push(
                    FindingKind::StaleFeedback,
                    Some(n),
                    age,
                    format!(
                        "newest feedback is {} old ({}, {})",
                        plural_days(age),
                        fb.date,
                        fb.method
                    ),
                );
            }
            if !stage.feedback.iter().any(|f| f.method.is_personal()) {
                let count = stage.feedback.len();
                push(
                    FindingKind::SurveyOnly,
                    None,
                    0,
                    format!(
                        "no personal feedback: {} only by survey, email or other",
                        if count == 1 {
                            "1 entry".to_string()
                        } else {
                            format!("{count} entries")
                        }
                    ),
                );
            }
            if let Some(s) = newest_scored_feedback(stage) {
                let scored = &stage.feedback[s];
                if let Some(score) = scored.score.filter(|&sc| sc <= t.low_score_max) {
                    push(
                        FindingKind::LowScore,
                        Some(s),
                        days_between(scored.date, today),
                        format!(
                            "newest score is {score} of 5 ({}, {}, {})",
                            scored.date, scored.method, scored.by
                        ),
                    );
                }
            }
            if fb.holding_back {
                push(
                    FindingKind::HoldingBack,
                    Some(n),
                    age,
                    format!(
                        "the client seemed to hold back ({}, {}, {})",
                        fb.date, fb.method, fb.by
                    ),
                );
            }
        }
    }
    for (i, c) in stage.commitments.iter().enumerate() {
        match CommitmentState::of(c, today, t) {
            CommitmentState::Overdue(days) => push(
                FindingKind::OverdueCommitment,
                Some(i),
                days,
                format!(
                    "\"{}\" ({}) was due {}, still open: {} overdue",
                    c.promise,
                    c.owner,
                    c.due,
                    plural_days(days)
                ),
            ),
            CommitmentState::DueSoon(until) => {
                let when = match until {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                push(
                    FindingKind::DueSoon,
                    Some(i),
                    until,
                    format!("\"{}\" ({}) is due {when} ({})", c.promise, c.owner, c.due),
                );
            }
            CommitmentState::KeptLate(late) => {
                let done = c.done.map(|d| d.to_string()).unwrap_or_default();
                push(
                    FindingKind::KeptLate,
                    Some(i),
                    late,
                    format!(
                        "\"{}\" ({}) was kept {} late (due {}, kept {done})",
                        c.promise,
                        c.owner,
                        plural_days(late),
                        c.due
                    ),
                );
            }
            CommitmentState::Open(_) | CommitmentState::Kept => {}
        }
    }
    for (i, p) in stage.perceptions.iter().enumerate() {
        if p.source == Source::Assumed {
            push(
                FindingKind::AssumedPerception,
                Some(i),
                0,
                format!(
                    "\"{}\" is our assumption, not yet checked with the client",
                    p.text
                ),
            );
        }
    }
    // Kept for as long as the map is open: no spare room (a stage with many
    // commitments due would otherwise carry up to twice its findings).
    out.shrink_to_fit();
    out
}

/// The findings and status of one stage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageAnalysis {
    pub findings: Vec<Finding>,
    pub status: Status,
}

impl StageAnalysis {
    pub fn of(index: usize, stage: &Stage, today: Date, t: &Thresholds) -> Self {
        let findings = analyse_stage(index, stage, today, t);
        let status = Status::of(&findings);
        StageAnalysis { findings, status }
    }

    pub fn has_weak_feedback(&self) -> bool {
        self.findings.iter().any(|f| f.kind.is_weak_feedback())
    }

    pub fn missed_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.kind.is_missed_commitment())
            .count()
    }
}

/// The findings of a whole map, stage by stage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    pub today: Option<Date>,
    /// The limits the findings were found with (the export words a
    /// commitment's state with the same due-soon limit).
    pub thresholds: Thresholds,
    pub stages: Vec<StageAnalysis>,
    pub status: Status,
}

impl Analysis {
    /// Analyses every stage of a map.
    pub fn of(map: &Map, today: Date, t: &Thresholds) -> Self {
        let stages: Vec<StageAnalysis> = map
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| StageAnalysis::of(i, s, today, t))
            .collect();
        let status = stages.iter().map(|s| s.status).max().unwrap_or_default();
        Analysis {
            today: Some(today),
            thresholds: *t,
            stages,
            status,
        }
    }

    /// Re-analyses one stage after an edit, leaving the others as they are.
    pub fn refresh_stage(&mut self, map: &Map, index: usize, today: Date, t: &Thresholds) {
        if self.stages.len() != map.stages.len() || index >= map.stages.len() {
            *self = Analysis::of(map, today, t);
            return;
        }
        self.stages[index] = StageAnalysis::of(index, &map.stages[index], today, t);
        self.status = self
            .stages
            .iter()
            .map(|s| s.status)
            .max()
            .unwrap_or_default();
    }

    /// Every finding, in stage order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.stages.iter().flat_map(|s| s.findings.iter())
    }

    /// Overdue and kept-late commitments across the map.
    pub fn missed_count(&self) -> usize {
        self.stages.iter().map(StageAnalysis::missed_count).sum()
    }

    /// Stages with weak feedback.
    pub fn weak_stage_count(&self) -> usize {
        self.stages.iter().filter(|s| s.has_weak_feedback()).count()
    }
}

/// Convenience: every finding of a map in stage order.
pub fn analyse(map: &Map, today: Date, t: &Thresholds) -> Vec<Finding> {
    Analysis::of(map, today, t).findings().cloned().collect()
}
