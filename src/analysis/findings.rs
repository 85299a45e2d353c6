//! The finding rules of the format (docs/format.md, "Findings").

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{CommitmentState, Risk};
use crate::model::{Commitment, Map, Phase, Source, Stage};

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
    /// Days the client may be in the stage they are in now (`now` in the
    /// map) before its lack of feedback is critical.
    pub now_grace_days: i64,
}

/// What each threshold may be: outside these a rule stops making sense
/// (`low_score_max: 5` would make every score low, `stale_after_days: 0`
/// every feedback of yesterday stale). `config.ron` is refused outside
/// them, with the place.
pub const THRESHOLD_RANGES: [(&str, std::ops::RangeInclusive<i64>); 4] = [
    ("stale_after_days", 1..=3650),
    ("low_score_max", 0..=4),
    ("due_soon_days", 0..=365),
    ("now_grace_days", 0..=365),
];

impl Thresholds {
    /// The thresholds outside [`THRESHOLD_RANGES`]: each one's name, value
    /// and the range it must be in.
    pub fn out_of_range(&self) -> Vec<(&'static str, i64, std::ops::RangeInclusive<i64>)> {
        let values = [
            self.stale_after_days,
            i64::from(self.low_score_max),
            self.due_soon_days,
            self.now_grace_days,
        ];
        THRESHOLD_RANGES
            .into_iter()
            .zip(values)
            .filter(|((_, range), value)| !range.contains(value))
            .map(|((name, range), value)| (name, value, range))
            .collect()
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            stale_after_days: 90,
            low_score_max: 2,
            due_soon_days: 7,
            now_grace_days: 14,
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
    /// Feedback, a kept date or a review note dated after the day analysed.
    FutureDate,
    /// The stage the client is in now has no feedback yet, within the
    /// grace period: nothing has gone wrong yet, but it is time to ask.
    AwaitingFeedback,
}

impl FindingKind {
    pub const ALL: [FindingKind; 11] = [
        FindingKind::NoFeedback,
        FindingKind::StaleFeedback,
        FindingKind::SurveyOnly,
        FindingKind::LowScore,
        FindingKind::HoldingBack,
        FindingKind::OverdueCommitment,
        FindingKind::KeptLate,
        FindingKind::DueSoon,
        FindingKind::AssumedPerception,
        FindingKind::FutureDate,
        FindingKind::AwaitingFeedback,
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
            FindingKind::FutureDate => "future-date",
            FindingKind::AwaitingFeedback => "awaiting-feedback",
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
            | FindingKind::KeptLate
            | FindingKind::FutureDate => Severity::Warning,
            FindingKind::DueSoon
            | FindingKind::AssumedPerception
            | FindingKind::AwaitingFeedback => Severity::Info,
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

/// The list of the map a finding's `item` is an index of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemList {
    /// The stage's feedback.
    Feedback,
    /// The stage's commitments.
    Commitments,
    /// The stage's perceptions.
    Perceptions,
    /// The map's review notes (`Map::reviews`).
    Reviews,
}

/// One thing that needs attention in one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the stage in the map.
    pub stage: usize,
    pub kind: FindingKind,
    pub severity: Severity,
    /// Index of the item it is about in its list, when it is about one
    /// item; `list` says which list.
    pub item: Option<usize>,
    /// The list `item` is an index of; set exactly when `item` is.
    pub list: Option<ItemList>,
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

/// Whether a date is after the day analysed: such a date is a finding of
/// its own (`future-date`) and counts for nothing else, since it has not
/// happened yet as far as the analysis knows.
pub fn is_future(date: Date, today: Date) -> bool {
    date > today
}

/// Index of the newest feedback entry of a stage on `today`; entries dated
/// after today are left out.
pub fn newest_feedback(stage: &Stage, today: Date) -> Option<usize> {
    newest(&stage.feedback, |f| f.date, |f| !is_future(f.date, today))
}

/// Index of the newest feedback entry that has a score, on `today`;
/// entries dated after today are left out.
pub fn newest_scored_feedback(stage: &Stage, today: Date) -> Option<usize> {
    newest(
        &stage.feedback,
        |f| f.date,
        |f| f.score.is_some() && !is_future(f.date, today),
    )
}

/// The day a commitment was kept, as of `today`: its `done` date, unless
/// that is after today (then it is not kept yet, and still open).
pub fn kept_on(c: &Commitment, today: Date) -> Option<Date> {
    c.done.filter(|&done| !is_future(done, today))
}

/// Every finding of one stage, in a fixed order: feedback rules first
/// (then feedback dated in the future, in list order), then commitments in
/// list order, then perceptions. Review notes are the map's, not the
/// stage's: [`StageAnalysis::of`] adds their findings.
///
/// `phase` is where the stage sits relative to where the client is now
/// ([`Map::phase`]): a stage ahead has not been reached, so missing or old
/// feedback there is no finding; the stage the client is in gets
/// `now_grace_days` from the day they reached it before missing feedback
/// is critical. Commitments count in every phase: a promise is due on its
/// date wherever the client is.
pub fn analyse_stage(
    index: usize,
    stage: &Stage,
    phase: Phase,
    today: Date,
    t: &Thresholds,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push =
        |kind: FindingKind, item: Option<(ItemList, usize)>, days: i64, message: String| {
            out.push(Finding {
                stage: index,
                kind,
                severity: kind.severity(),
                item: item.map(|(_, i)| i),
                list: item.map(|(list, _)| list),
                days,
                message: one_line(message),
            });
        };
    let feedback = |i: usize| Some((ItemList::Feedback, i));
    let commitment = |i: usize| Some((ItemList::Commitments, i));
    // Feedback dated after today has not been gathered as far as the rules
    // know: only the entries up to today count.
    let counted = || stage.feedback.iter().filter(|f| !is_future(f.date, today));
    match (newest_feedback(stage, today), phase) {
        (None, Phase::Ahead) => {}
        (None, Phase::Now(since)) if days_between(since, today) <= t.now_grace_days => {
            let left = t.now_grace_days - days_between(since, today).max(0);
            push(
                FindingKind::AwaitingFeedback,
                None,
                left,
                format!(
                    "no feedback yet; the client is here since {since}: ask within {}",
                    plural_days(left)
                ),
            )
        }
        (None, Phase::Now(since)) => push(
            FindingKind::NoFeedback,
            None,
            days_between(since, today),
            format!(
                "no feedback gathered since the client reached this stage on {since} ({} ago)",
                plural_days(days_between(since, today))
            ),
        ),
        (None, Phase::Past) => push(
            FindingKind::NoFeedback,
            None,
            0,
            "no feedback gathered from the client yet".into(),
        ),
        (Some(n), _) => {
            let fb = &stage.feedback[n];
            let age = days_between(fb.date, today);
            if age > t.stale_after_days && phase.is_reached() {
                push(
                    FindingKind::StaleFeedback,
                    feedback(n),
                    age,
                    format!(
                        "newest feedback is {} old ({}, {})",
                        plural_days(age),
                        fb.date,
                        fb.method
                    ),
                );
            }
            if !counted().any(|f| f.method.is_personal()) {
                let count = counted().count();
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
            if let Some(s) = newest_scored_feedback(stage, today) {
                let scored = &stage.feedback[s];
                if let Some(score) = scored.score.filter(|&sc| sc <= t.low_score_max) {
                    push(
                        FindingKind::LowScore,
                        feedback(s),
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
                    feedback(n),
                    age,
                    format!(
                        "the client seemed to hold back ({}, {}, {})",
                        fb.date, fb.method, fb.by
                    ),
                );
            }
        }
    }
    for (i, f) in stage.feedback.iter().enumerate() {
        if is_future(f.date, today) {
            push(
                FindingKind::FutureDate,
                feedback(i),
                days_between(today, f.date),
                format!(
                    "feedback is dated {}, in the future ({}, {}): not counted until then",
                    f.date, f.method, f.by
                ),
            );
        }
    }
    for (i, c) in stage.commitments.iter().enumerate() {
        // A kept date after today is a mistake or a plan: the promise is
        // still open (`CommitmentState::of` reads it through `kept_on`),
        // and that date is a finding of its own.
        let future_done = c.done.filter(|&done| is_future(done, today));
        match CommitmentState::of(c, today, t) {
            CommitmentState::Overdue(days) => push(
                FindingKind::OverdueCommitment,
                commitment(i),
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
                    commitment(i),
                    until,
                    format!("\"{}\" ({}) is due {when} ({})", c.promise, c.owner, c.due),
                );
            }
            CommitmentState::KeptLate(late) => {
                let done = kept_on(c, today).map(|d| d.to_string()).unwrap_or_default();
                push(
                    FindingKind::KeptLate,
                    commitment(i),
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
        if let Some(done) = future_done {
            push(
                FindingKind::FutureDate,
                commitment(i),
                days_between(today, done),
                format!(
                    "\"{}\" ({}) is marked kept on {done}, in the future: counted as open",
                    c.promise, c.owner
                ),
            );
        }
    }
    for (i, p) in stage.perceptions.iter().enumerate() {
        if p.source == Source::Assumed {
            push(
                FindingKind::AssumedPerception,
                Some((ItemList::Perceptions, i)),
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

/// The `future-date` findings of the review notes a stage carries: those
/// about it and, for the first stage, those about the whole map (a finding
/// belongs to a stage, and the first is where a reader starts).
pub fn review_findings(map: &Map, index: usize, today: Date) -> Vec<Finding> {
    let Some(stage) = map.stages.get(index) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, r) in map.reviews.iter().enumerate() {
        if !is_future(r.date, today) {
            continue;
        }
        let about = match r.stage.as_deref() {
            Some(id) if id == stage.id => "",
            None if index == 0 => " about the whole map",
            _ => continue,
        };
        out.push(Finding {
            stage: index,
            kind: FindingKind::FutureDate,
            severity: FindingKind::FutureDate.severity(),
            item: Some(i),
            list: Some(ItemList::Reviews),
            days: days_between(today, r.date),
            message: one_line(format!(
                "review note{about} by {} is dated {}, in the future",
                r.by, r.date
            )),
        });
    }
    out
}

/// The findings, status and risk of one stage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageAnalysis {
    /// In the order of the rules ([`analyse_stage`], then the review
    /// notes'); [`StageAnalysis::worst_first`] gives the order to show.
    pub findings: Vec<Finding>,
    pub status: Status,
    pub risk: Risk,
}

/// Position of a severity when showing findings: the most severe first.
/// The match is exhaustive, so a new severity cannot be left out.
pub fn severity_rank(severity: Severity) -> usize {
    match severity {
        Severity::Critical => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl StageAnalysis {
    /// Analyses stage `index` of `map`: its own rules and its review notes.
    pub fn of(map: &Map, index: usize, today: Date, t: &Thresholds) -> Self {
        Self::in_phase(map, index, map.phase(index), today, t)
    }

    /// [`StageAnalysis::of`] with the stage's phase already known (from
    /// [`Map::phases`], when going through every stage: finding the stage
    /// the client is in once per stage would be quadratic).
    pub fn in_phase(map: &Map, index: usize, phase: Phase, today: Date, t: &Thresholds) -> Self {
        let Some(stage) = map.stages.get(index) else {
            return StageAnalysis::default();
        };
        let mut findings = analyse_stage(index, stage, phase, today, t);
        if let Phase::Now(since) = phase
            && is_future(since, today)
        {
            findings.push(Finding {
                stage: index,
                kind: FindingKind::FutureDate,
                severity: FindingKind::FutureDate.severity(),
                item: None,
                list: None,
                days: days_between(today, since),
                message: format!("the client is marked here since {since}, in the future"),
            });
        }
        findings.extend(review_findings(map, index, today));
        let status = Status::of(&findings);
        let risk = Risk::of(&findings, t);
        StageAnalysis {
            findings,
            status,
            risk,
        }
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

    /// The findings in the order they matter, as every screen and the
    /// export show them: most severe first, and within a severity in the
    /// order of the rules.
    pub fn worst_first(&self) -> Vec<&Finding> {
        let mut out: Vec<&Finding> = self.findings.iter().collect();
        // Stable: the order of the rules within a severity stays.
        out.sort_by_key(|f| severity_rank(f.severity));
        out
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
            .phases()
            .enumerate()
            .map(|(i, phase)| StageAnalysis::in_phase(map, i, phase, today, t))
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
        self.stages[index] = StageAnalysis::of(map, index, today, t);
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

    /// Every finding of the map in the order they matter: most severe
    /// first; within a severity stage by stage, and within a stage in the
    /// order of the rules (so each stage's part is its
    /// [`StageAnalysis::worst_first`]). Given as (stage, index in that
    /// stage's findings). One pass per severity: the findings are in stage
    /// order already.
    pub fn worst_first(&self) -> Vec<(usize, usize)> {
        let mut counts = [0usize; 3];
        for f in self.findings() {
            counts[severity_rank(f.severity)] += 1;
        }
        let mut out = Vec::with_capacity(counts.iter().sum());
        for rank in 0..counts.len() {
            for (s, stage) in self.stages.iter().enumerate() {
                for (i, f) in stage.findings.iter().enumerate() {
                    if severity_rank(f.severity) == rank {
                        out.push((s, i));
                    }
                }
            }
        }
        out
    }

    /// The map's risk score: the sum of its stages'.
    pub fn risk(&self) -> Risk {
        self.stages.iter().map(|s| s.risk).sum()
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
