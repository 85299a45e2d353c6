//! What an account manager owes on one map: every open commitment, with
//! when it is due, in the agenda's groups (overdue, due today, this week,
//! later), and "call back soon": the reached stages whose newest feedback
//! goes stale within the next days. Pure: the caller passes the date, the
//! thresholds and how far ahead to look.
//!
//! The app's agenda screen runs this on every map of a folder and merges
//! the lists.

use jiff::civil::Date;

use super::{Thresholds, days_between, newest_feedback};
use crate::model::Map;

/// The agenda's "this week": due within this many days after today.
pub const THIS_WEEK_DAYS: i64 = 7;

/// How far ahead "call back soon" looks by default, in days.
pub const CALL_BACK_DAYS: i64 = 14;

/// The group of an open commitment, in the agenda's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueGroup {
    Overdue,
    Today,
    /// Due in 1 to [`THIS_WEEK_DAYS`] days.
    ThisWeek,
    Later,
}

impl DueGroup {
    pub const ALL: [DueGroup; 4] = [
        DueGroup::Overdue,
        DueGroup::Today,
        DueGroup::ThisWeek,
        DueGroup::Later,
    ];

    /// "Overdue", "Due today", "This week", "Later".
    pub fn heading(self) -> &'static str {
        match self {
            DueGroup::Overdue => "Overdue",
            DueGroup::Today => "Due today",
            DueGroup::ThisWeek => "This week",
            DueGroup::Later => "Later",
        }
    }

    /// The group of a commitment due in `days` (negative: overdue).
    pub fn of_days(days: i64) -> DueGroup {
        match days {
            d if d < 0 => DueGroup::Overdue,
            0 => DueGroup::Today,
            d if d <= THIS_WEEK_DAYS => DueGroup::ThisWeek,
            _ => DueGroup::Later,
        }
    }
}

/// One open commitment of a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCommitment {
    /// Index of the stage in the map.
    pub stage: usize,
    /// Index of the commitment in the stage's list.
    pub index: usize,
    pub stage_name: String,
    pub promise: String,
    pub owner: String,
    pub due: Date,
    /// Days until due: negative when overdue, 0 today.
    pub days: i64,
    pub group: DueGroup,
}

/// A reached stage whose newest feedback goes stale soon: time to call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallBack {
    pub stage: usize,
    pub stage_name: String,
    /// Index of the newest feedback in the stage's list.
    pub feedback: usize,
    /// Its date and who gave it.
    pub last: Date,
    pub by: String,
    /// Days until it is stale (1 = stale from tomorrow).
    pub stale_in: i64,
}

/// What one map owes: open commitments by due date, stages to call back
/// by how soon their feedback goes stale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueList {
    pub commitments: Vec<DueCommitment>,
    pub call_backs: Vec<CallBack>,
}

impl DueList {
    pub fn is_empty(&self) -> bool {
        self.commitments.is_empty() && self.call_backs.is_empty()
    }
}

/// The agenda of one map on `today`: every commitment still open that day
/// (a kept date after `today` leaves it open, as everywhere), earliest due
/// first; and every reached stage whose newest feedback (up to `today`)
/// turns stale (older than `t.stale_after_days`) within the next
/// `call_back_days` days. A stage already stale is not listed there: it
/// is a finding on the board and the portfolio already.
pub fn due_items(map: &Map, today: Date, t: &Thresholds, call_back_days: i64) -> DueList {
    let mut out = DueList::default();
    for (s, stage) in map.stages.iter().enumerate() {
        for (i, c) in stage.commitments.iter().enumerate() {
            if super::kept_on(c, today).is_some() {
                continue;
            }
            let days = days_between(today, c.due);
            out.commitments.push(DueCommitment {
                stage: s,
                index: i,
                stage_name: stage.name.clone(),
                promise: c.promise.clone(),
                owner: c.owner.clone(),
                due: c.due,
                days,
                group: DueGroup::of_days(days),
            });
        }
        if !map.phase(s).is_reached() {
            continue;
        }
        if let Some(n) = newest_feedback(stage, today) {
            let fb = &stage.feedback[n];
            // Stale once its age exceeds the limit: the day after.
            let stale_in = t.stale_after_days + 1 - days_between(fb.date, today);
            if (1..=call_back_days).contains(&stale_in) {
                out.call_backs.push(CallBack {
                    stage: s,
                    stage_name: stage.name.clone(),
                    feedback: n,
                    last: fb.date,
                    by: fb.by.clone(),
                    stale_in,
                });
            }
        }
    }
    out.commitments.sort_by_key(|c| (c.due, c.stage, c.index));
    out.call_backs.sort_by_key(|c| (c.stale_in, c.stage));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, Feedback, Method, Now, Stage, parse_date};

    fn d(s: &str) -> Date {
        parse_date(s).expect("test date")
    }

    fn feedback(date: &str) -> Feedback {
        Feedback {
            date: d(date),
            method: Method::Call,
            score: Some(4),
            by: "Ines".into(),
            summary: "fine".into(),
            holding_back: false,
        }
    }

    #[test]
    fn open_commitments_in_groups_kept_ones_left_out() {
        let today = d("2026-11-23");
        let mut map = Map::new("Acme", "Dana");
        let mut a = Stage::new("a", "Onboarding");
        a.commitments
            .push(Commitment::new("later", "Sam", d("2026-12-01")));
        a.commitments
            .push(Commitment::new("week", "Sam", d("2026-11-30")));
        a.commitments.push(Commitment::new("today", "Dana", today));
        let mut kept = Commitment::new("kept", "Dana", d("2026-11-01"));
        kept.done = Some(d("2026-11-02"));
        a.commitments.push(kept);
        // Kept "tomorrow": still open today, and overdue.
        let mut future = Commitment::new("late", "Dana", d("2026-11-20"));
        future.done = Some(d("2026-11-24"));
        a.commitments.push(future);
        map.stages.push(a);
        let list = due_items(&map, today, &Thresholds::default(), CALL_BACK_DAYS);
        let got: Vec<(&str, i64, DueGroup, usize)> = list
            .commitments
            .iter()
            .map(|c| (c.promise.as_str(), c.days, c.group, c.index))
            .collect();
        assert_eq!(
            got,
            vec![
                ("late", -3, DueGroup::Overdue, 4),
                ("today", 0, DueGroup::Today, 2),
                ("week", 7, DueGroup::ThisWeek, 1),
                ("later", 8, DueGroup::Later, 0),
            ]
        );
    }

    #[test]
    fn call_back_when_feedback_turns_stale_within_the_window_on_reached_stages() {
        let today = d("2026-11-23");
        let t = Thresholds::default(); // stale after 90 days
        let mut map = Map::new("Acme", "Dana");
        // 90 days old: stale from tomorrow.
        let mut a = Stage::new("a", "A");
        a.feedback.push(feedback("2026-08-25"));
        // 91 days old: stale already, a finding, not a call back.
        let mut b = Stage::new("b", "B");
        b.feedback.push(feedback("2026-08-24"));
        // 77 days old: stale in 14 days, the edge of the window.
        let mut c = Stage::new("c", "C");
        c.feedback.push(feedback("2026-09-07"));
        c.feedback.push(feedback("2026-12-30")); // future: not counted
        // 76 days old: stale in 15 days, outside.
        let mut e = Stage::new("e", "E");
        e.feedback.push(feedback("2026-09-08"));
        // Ahead of the client: never a call back.
        let mut f = Stage::new("f", "F");
        f.feedback.push(feedback("2026-08-25"));
        map.stages = vec![a, b, c, e, f];
        map.now = Some(Now {
            stage: "e".into(),
            since: d("2026-09-01"),
        });
        let list = due_items(&map, today, &t, CALL_BACK_DAYS);
        let got: Vec<(usize, i64, usize)> = list
            .call_backs
            .iter()
            .map(|c| (c.stage, c.stale_in, c.feedback))
            .collect();
        assert_eq!(got, vec![(0, 1, 0), (2, 14, 0)]);
        assert_eq!(
            due_items(&map, today, &t, 15).call_backs.len(),
            3,
            "a wider window takes in stage e"
        );
    }
}
