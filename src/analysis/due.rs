//! The account manager's agenda: what do I owe whom, and whom must I call
//! back? Every open commitment across the maps given, grouped by when it
//! is due, and the reached stages whose feedback is about to go stale (or
//! the stage the client is in, whose grace period for a first feedback is
//! about to end). Pure: the maps, the day and the thresholds in, the rows
//! out. `journeymap agenda` and the app's agenda screen both show this.
//!
//! How to use it:
//!
//! - all at once: [`agenda`] over every map, with an [`AgendaQuery`]
//!   (owner, text, days ahead);
//! - streamed, as maps load: [`Agenda::of_map`] for each map as it
//!   arrives (with its index in your list), [`Agenda::merge`] into the
//!   rows so far (they stay in order), and [`Agenda::filtered`] to apply
//!   the owner and text filter as the user types, without reloading.
//!   A merge moves every row so far (it is one merge pass of two sorted
//!   runs): with many maps arriving, gather those of one frame with
//!   [`Agenda::join`] and merge once per frame, not once per map.
//!
//! Every row carries the indices to open it (map, stage, commitment) and
//! the words to show it, so a screen needs no map to draw it.

use jiff::civil::Date;

use super::{CommitmentState, Thresholds, days_between, newest_feedback};
use crate::model::{Map, Phase};

/// How many days ahead "call back soon" looks when nothing else is said.
pub const DEFAULT_CALL_BACK_DAYS: i64 = 7;

/// A commitment due in this many days or fewer (but not today) is due
/// "this week": the next seven days, whatever day of the week today is.
pub const THIS_WEEK_DAYS: i64 = 7;

/// What to show: whose rows, which text, how far ahead to call back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaQuery {
    /// Only rows of this person, matched case-insensitively anywhere in
    /// the name ("dana" matches "Dana Ruiz"): a commitment's owner; for a
    /// call-back, the map's account manager or who gathered the newest
    /// feedback. Empty means everyone.
    pub owner: String,
    /// Only rows holding this text, case-insensitively, in the client's
    /// name, segment or account manager, the stage's name or id, or the
    /// commitment's promise or owner. Empty means every row.
    pub text: String,
    /// "Call back soon" lists stages whose feedback goes stale (or whose
    /// grace period ends) within this many days from today. Negative
    /// counts as 0 (nothing to call back).
    pub days: i64,
}

impl Default for AgendaQuery {
    fn default() -> Self {
        AgendaQuery {
            owner: String::new(),
            text: String::new(),
            days: DEFAULT_CALL_BACK_DAYS,
        }
    }
}

/// When an open commitment is due, as the agenda groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueGroup {
    /// Due before today.
    Overdue,
    /// Due today.
    Today,
    /// Due tomorrow or within [`THIS_WEEK_DAYS`] days.
    ThisWeek,
    /// Due after that.
    Later,
}

impl DueGroup {
    /// The group of a commitment due `in_days` from today (negative: late).
    pub fn of(in_days: i64) -> Self {
        match in_days {
            ..0 => DueGroup::Overdue,
            0 => DueGroup::Today,
            1..=THIS_WEEK_DAYS => DueGroup::ThisWeek,
            _ => DueGroup::Later,
        }
    }

    /// The heading, the same on the screen and in `journeymap agenda`.
    pub fn title(self) -> &'static str {
        match self {
            DueGroup::Overdue => "Overdue",
            DueGroup::Today => "Due today",
            DueGroup::ThisWeek => "This week",
            DueGroup::Later => "Later",
        }
    }

    /// The name in JSON output: `overdue`, `today`, `this-week`, `later`.
    pub fn code(self) -> &'static str {
        match self {
            DueGroup::Overdue => "overdue",
            DueGroup::Today => "today",
            DueGroup::ThisWeek => "this-week",
            DueGroup::Later => "later",
        }
    }

    pub const ALL: [DueGroup; 4] = [
        DueGroup::Overdue,
        DueGroup::Today,
        DueGroup::ThisWeek,
        DueGroup::Later,
    ];
}

/// Where a row of the agenda is: which map, which stage, and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaPlace {
    /// Index of the map in the caller's list (the one given to [`agenda`],
    /// or the index given to [`Agenda::of_map`]).
    pub map: usize,
    /// Index of the stage in that map.
    pub stage: usize,
    pub stage_id: String,
    pub stage_name: String,
    pub client: String,
    pub segment: Option<String>,
    pub account_manager: String,
}

impl AgendaPlace {
    fn of(index: usize, map: &Map, stage: usize) -> Self {
        let s = &map.stages[stage];
        AgendaPlace {
            map: index,
            stage,
            stage_id: s.id.to_string(),
            stage_name: s.name.to_string(),
            client: map.client.name.to_string(),
            segment: map.client.segment.clone().map(String::from),
            account_manager: map.client.account_manager.to_string(),
        }
    }

    fn holds(&self, needle: &str) -> bool {
        [
            self.client.as_str(),
            self.segment.as_deref().unwrap_or(""),
            self.account_manager.as_str(),
            self.stage_name.as_str(),
            self.stage_id.as_str(),
        ]
        .iter()
        .any(|field| contains_folded(field, needle))
    }
}

/// One open commitment on the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCommitment {
    pub place: AgendaPlace,
    /// Index of the commitment in the stage's list.
    pub item: usize,
    pub promise: String,
    pub owner: String,
    pub due: Date,
    /// Days from today to the due date: negative when late (-3 is three
    /// days overdue), 0 today.
    pub in_days: i64,
    pub group: DueGroup,
    /// The commitment's state, for its symbol and words ("overdue 3 days",
    /// "due tomorrow"), the same as on the board.
    pub state: CommitmentState,
}

/// Why a stage is on the "call back soon" list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallBackReason {
    /// The stage's newest feedback, of this date, goes stale (is older
    /// than `stale_after_days`) on the row's `on` date.
    GoesStale { newest: Date },
    /// The client is in this stage since this date, with no feedback yet:
    /// its grace period (`now_grace_days`) ends, and the lack of feedback
    /// becomes critical, on the row's `on` date.
    GraceEnds { since: Date },
}

/// A stage to call the client back about, before it turns into a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallBack {
    pub place: AgendaPlace,
    pub reason: CallBackReason,
    /// Index of the newest feedback in the stage's list, to open it at
    /// (`None` when the stage has none yet: a grace period ending).
    pub feedback: Option<usize>,
    /// Who gathered the newest feedback (empty when there is none).
    pub last_by: String,
    /// The first day the stage gets the finding (`stale-feedback` or
    /// `no-feedback`) unless someone calls.
    pub on: Date,
    /// Days from today to `on`: 1 is tomorrow.
    pub in_days: i64,
}

impl CallBack {
    /// "feedback goes stale tomorrow (newest 2026-08-25)", "grace period
    /// ends in 3 days (here since 2026-11-12)".
    pub fn words(&self) -> String {
        let when = in_words(self.in_days);
        match self.reason {
            CallBackReason::GoesStale { newest } => {
                format!("feedback goes stale {when} (newest {newest})")
            }
            CallBackReason::GraceEnds { since } => {
                format!("no feedback yet, grace period ends {when} (here since {since})")
            }
        }
    }
}

/// "today", "tomorrow", "in 3 days".
fn in_words(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {}", super::plural_days(n)),
    }
}

/// The agenda: open commitments soonest (most overdue) first, and the
/// stages to call back about, soonest first. Ties keep the order of the
/// maps, then of the stages and items in each map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agenda {
    pub due: Vec<DueCommitment>,
    pub call_back: Vec<CallBack>,
}

impl Agenda {
    /// The agenda of one map, unfiltered, as map `index` of the caller's
    /// list, looking `days` ahead for call-backs. Dates after today count
    /// as the findings count them (`is_future`): feedback dated later is
    /// not the newest, a commitment kept later is still open.
    pub fn of_map(index: usize, map: &Map, today: Date, t: &Thresholds, days: i64) -> Self {
        let mut out = Agenda::default();
        for (s, (stage, phase)) in map.stages.iter().zip(map.phases()).enumerate() {
            for (i, c) in stage.commitments.iter().enumerate() {
                let state = CommitmentState::of(c, today, t);
                if matches!(state, CommitmentState::Kept | CommitmentState::KeptLate(_)) {
                    continue;
                }
                let in_days = days_between(today, c.due);
                out.due.push(DueCommitment {
                    place: AgendaPlace::of(index, map, s),
                    item: i,
                    promise: c.promise.to_string(),
                    owner: c.owner.to_string(),
                    due: c.due,
                    in_days,
                    group: DueGroup::of(in_days),
                    state,
                });
            }
            if !phase.is_reached() {
                continue;
            }
            // The first day the stage gets its finding: stale from the day
            // after `stale_after_days`, critical from the day after the
            // grace period (docs/format.md, "Findings").
            let newest = newest_feedback(stage, today);
            let (reason, last_by, on) = match (newest, phase) {
                (Some(n), _) => {
                    let fb = &stage.feedback[n];
                    let reason = CallBackReason::GoesStale { newest: fb.date };
                    (
                        reason,
                        fb.by.to_string(),
                        add_days(fb.date, t.stale_after_days + 1),
                    )
                }
                (None, Phase::Now(since)) => (
                    CallBackReason::GraceEnds { since },
                    String::new(),
                    add_days(since, t.now_grace_days + 1),
                ),
                // A past stage without feedback is a finding already.
                (None, _) => continue,
            };
            let Some(on) = on else { continue };
            let in_days = days_between(today, on);
            if (1..=days).contains(&in_days) {
                out.call_back.push(CallBack {
                    place: AgendaPlace::of(index, map, s),
                    reason,
                    feedback: newest,
                    last_by,
                    on,
                    in_days,
                });
            }
        }
        out.sort();
        out
    }

    /// The rows of every agenda given (each of other maps), in order: one
    /// sort at the end, for a caller that has them all.
    pub fn join(parts: impl IntoIterator<Item = Agenda>) -> Agenda {
        let mut all = Agenda::default();
        for part in parts {
            all.due.extend(part.due);
            all.call_back.extend(part.call_back);
        }
        all.sort();
        all
    }

    /// Adds another agenda's rows (of other maps), keeping the order: for
    /// rows that stream in.
    pub fn merge(&mut self, other: Agenda) {
        self.due.extend(other.due);
        self.call_back.extend(other.call_back);
        self.sort();
    }

    /// The rows that match the owner and text of `query` (its `days` is
    /// applied when the agenda is made, see [`Agenda::of_map`]).
    pub fn filtered(&self, query: &AgendaQuery) -> Agenda {
        let owner = query.owner.trim().to_lowercase();
        let text = query.text.trim().to_lowercase();
        Agenda {
            due: self
                .due
                .iter()
                .filter(|d| d.matches(&owner, &text))
                .cloned()
                .collect(),
            call_back: self
                .call_back
                .iter()
                .filter(|c| c.matches(&owner, &text))
                .cloned()
                .collect(),
        }
    }

    /// The open commitments of one group, in order.
    pub fn group(&self, group: DueGroup) -> impl Iterator<Item = &DueCommitment> {
        self.due.iter().filter(move |d| d.group == group)
    }

    pub fn is_empty(&self) -> bool {
        self.due.is_empty() && self.call_back.is_empty()
    }

    fn sort(&mut self) {
        // Stable sorts: equal keys keep the maps' order.
        self.due.sort_by(|a, b| {
            (a.due, a.place.map, a.place.stage, a.item).cmp(&(
                b.due,
                b.place.map,
                b.place.stage,
                b.item,
            ))
        });
        self.call_back.sort_by(|a, b| {
            (a.on, a.place.map, a.place.stage).cmp(&(b.on, b.place.map, b.place.stage))
        });
    }
}

impl DueCommitment {
    /// `owner` and `text` already lowercased; empty matches everything.
    /// Whether the row is `owner`'s and holds `text`, the rule of
    /// [`Agenda::filtered`]: both already lowercased; empty matches
    /// everything.
    pub fn matches(&self, owner: &str, text: &str) -> bool {
        contains_folded(&self.owner, owner)
            && (self.place.holds(text)
                || contains_folded(&self.promise, text)
                || contains_folded(&self.owner, text))
    }
}

impl CallBack {
    /// As [`DueCommitment::matches`]: the owner is the map's account
    /// manager or who gathered the newest feedback.
    pub fn matches(&self, owner: &str, text: &str) -> bool {
        (contains_folded(&self.place.account_manager, owner)
            || contains_folded(&self.last_by, owner))
            && (self.place.holds(text) || contains_folded(&self.last_by, text))
    }
}

/// Whether `haystack` holds `needle` (already lowercased), ignoring case.
fn contains_folded(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || haystack.to_lowercase().contains(needle)
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

/// The agenda over every map, filtered by `query`: the one call
/// `journeymap agenda` makes. Map indices are positions in `maps`.
pub fn agenda(maps: &[&Map], today: Date, t: &Thresholds, query: &AgendaQuery) -> Agenda {
    Agenda::join(
        maps.iter()
            .enumerate()
            .map(|(i, map)| Agenda::of_map(i, map, today, t, query.days).filtered(query)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, Feedback, Method, Now, Stage, parse_date};

    fn d(s: &str) -> Date {
        parse_date(s).expect("test date")
    }

    fn feedback(date: &str, by: &str) -> Feedback {
        Feedback {
            date: d(date),
            method: Method::Call,
            score: Some(4),
            by: by.into(),
            summary: "fine".into(),
            holding_back: false,
        }
    }

    /// Acme: three stages, the client in the second since 2026-11-12.
    fn acme() -> Map {
        let mut m = Map::new("Acme Corp", "Dana Ruiz");
        let mut first = Stage::new("first-call", "First call");
        // Stale from 2026-11-24 (90 days after 2026-08-25 is the last fresh day).
        first.feedback.push(feedback("2026-08-25", "Lee"));
        first.commitments.push(Commitment::new(
            "Send the deck",
            "Dana Ruiz",
            d("2026-11-20"),
        ));
        let mut kept = Commitment::new("Kept one", "Dana Ruiz", d("2026-11-01"));
        kept.done = Some(d("2026-11-02"));
        first.commitments.push(kept);
        let mut proposal = Stage::new("proposal", "Proposal");
        proposal
            .commitments
            .push(Commitment::new("Call back", "Lee Chan", d("2026-11-23")));
        proposal
            .commitments
            .push(Commitment::new("Quote", "Dana Ruiz", d("2026-11-30")));
        let mut ahead = Stage::new("renewal", "Renewal");
        ahead.commitments.push(Commitment::new(
            "Renewal offer",
            "Lee Chan",
            d("2027-01-15"),
        ));
        m.stages = vec![first, proposal, ahead];
        m.now = Some(Now {
            stage: "proposal".into(),
            since: d("2026-11-12"),
        });
        m
    }

    #[test]
    fn groups_open_commitments_by_when_they_are_due() {
        let map = acme();
        let a = agenda(
            &[&map],
            d("2026-11-23"),
            &Thresholds::default(),
            &AgendaQuery::default(),
        );
        let rows: Vec<(&str, DueGroup, i64)> = a
            .due
            .iter()
            .map(|r| (r.promise.as_str(), r.group, r.in_days))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("Send the deck", DueGroup::Overdue, -3),
                ("Call back", DueGroup::Today, 0),
                ("Quote", DueGroup::ThisWeek, 7),
                ("Renewal offer", DueGroup::Later, 53),
            ]
        );
        assert_eq!(a.due[0].state.words(), "overdue 3 days");
        assert_eq!(a.due[0].place.stage_id, "first-call");
        assert_eq!(a.due[3].place.stage, 2);
        assert_eq!(a.due[3].item, 0);
    }

    #[test]
    fn call_back_when_feedback_goes_stale_or_grace_ends_within_the_days() {
        let map = acme();
        let t = Thresholds::default();
        // On the 23rd the feedback of 2026-08-25 is 90 days old: stale
        // tomorrow. The grace of the now stage (since the 12th, 14 days)
        // ends on the 27th: in 4 days.
        let a = Agenda::of_map(0, &map, d("2026-11-23"), &t, 7);
        let rows: Vec<(&str, i64, String)> = a
            .call_back
            .iter()
            .map(|c| (c.place.stage_id.as_str(), c.in_days, c.words()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    "first-call",
                    1,
                    "feedback goes stale tomorrow (newest 2026-08-25)".to_string()
                ),
                (
                    "proposal",
                    4,
                    "no feedback yet, grace period ends in 4 days (here since 2026-11-12)"
                        .to_string()
                ),
            ]
        );
        // Each opens at its newest feedback, if any.
        let newest: Vec<Option<usize>> = a.call_back.iter().map(|c| c.feedback).collect();
        assert_eq!(newest, vec![Some(0), None]);
        // Three days ahead: only the stale one.
        assert_eq!(
            Agenda::of_map(0, &map, d("2026-11-23"), &t, 3)
                .call_back
                .len(),
            1
        );
        // Already stale: a finding, not a call-back.
        assert!(
            Agenda::of_map(0, &map, d("2026-11-24"), &t, 2)
                .call_back
                .is_empty()
        );
    }

    #[test]
    fn the_call_back_day_is_the_day_the_finding_appears() {
        use crate::analysis::{FindingKind, analyse};
        let map = acme();
        let t = Thresholds::default();
        let a = Agenda::of_map(0, &map, d("2026-11-23"), &t, 7);
        for c in &a.call_back {
            let kind = match c.reason {
                CallBackReason::GoesStale { .. } => FindingKind::StaleFeedback,
                CallBackReason::GraceEnds { .. } => FindingKind::NoFeedback,
            };
            let has = |day: Date| {
                analyse(&map, day, &t)
                    .iter()
                    .any(|f| f.stage == c.place.stage && f.kind == kind)
            };
            let eve = c.on.yesterday().expect("a day before");
            assert!(!has(eve), "{} on {eve}", kind.code());
            assert!(has(c.on), "{} on {}", kind.code(), c.on);
        }
    }

    #[test]
    fn stages_ahead_are_never_called_back() {
        let mut map = acme();
        map.stages[2].feedback.push(feedback("2026-08-25", "Lee"));
        let a = Agenda::of_map(0, &map, d("2026-11-23"), &Thresholds::default(), 30);
        assert!(a.call_back.iter().all(|c| c.place.stage != 2));
    }

    #[test]
    fn owner_and_text_filters() {
        let map = acme();
        let t = Thresholds::default();
        let q = |owner: &str, text: &str| AgendaQuery {
            owner: owner.into(),
            text: text.into(),
            days: 7,
        };
        let a = agenda(&[&map], d("2026-11-23"), &t, &q("lee", ""));
        let promises: Vec<&str> = a.due.iter().map(|r| r.promise.as_str()).collect();
        assert_eq!(promises, vec!["Call back", "Renewal offer"]);
        // Lee gathered the newest feedback of the first call.
        assert_eq!(a.call_back.len(), 1);
        let a = agenda(&[&map], d("2026-11-23"), &t, &q("", "QUOTE"));
        assert_eq!(a.due.len(), 1);
        assert!(a.call_back.is_empty());
        let a = agenda(&[&map], d("2026-11-23"), &t, &q("", "acme"));
        assert_eq!(a.due.len(), 4);
        assert_eq!(a.call_back.len(), 2);
    }

    #[test]
    fn merging_keeps_dates_in_order_and_ties_in_map_order() {
        let map = acme();
        let t = Thresholds::default();
        let today = d("2026-11-23");
        let mut streamed = Agenda::of_map(1, &map, today, &t, 7);
        streamed.merge(Agenda::of_map(0, &map, today, &t, 7));
        let all = agenda(&[&map, &map], today, &t, &AgendaQuery::default());
        assert_eq!(streamed, all);
        assert_eq!(all.due[0].place.map, 0);
        assert_eq!(all.due[1].place.map, 1);
    }
}
