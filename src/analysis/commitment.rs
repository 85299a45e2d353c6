//! Where a commitment stands on a date: the one reading of a commitment's
//! state, with its one symbol and words. The findings rules, the board,
//! the stage detail, the review card and the export all use it, so that a
//! promise reads the same everywhere.

use jiff::civil::Date;

use super::{Thresholds, days_between, kept_on, plural_days};
use crate::model::Commitment;

/// Where a commitment stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentState {
    /// Open and past due by this many days.
    Overdue(i64),
    /// Open and due within `due_soon_days`: in this many days (0 = today).
    DueSoon(i64),
    /// Open and due later than that, in this many days.
    Open(i64),
    /// Kept on or before the due date.
    Kept,
    /// Kept this many days after the due date.
    KeptLate(i64),
}

impl CommitmentState {
    /// The state of `c` on `today`, with the due-soon limit of `t`. A kept
    /// date after `today` leaves the commitment open (see `kept_on`).
    pub fn of(c: &Commitment, today: Date, t: &Thresholds) -> Self {
        match kept_on(c, today) {
            None => {
                let until = days_between(today, c.due);
                if until < 0 {
                    CommitmentState::Overdue(-until)
                } else if until <= t.due_soon_days {
                    CommitmentState::DueSoon(until)
                } else {
                    CommitmentState::Open(until)
                }
            }
            Some(done) => {
                let late = days_between(c.due, done);
                if late > 0 {
                    CommitmentState::KeptLate(late)
                } else {
                    CommitmentState::Kept
                }
            }
        }
    }

    /// ✗ overdue, ◷ open (due soon or later), ✓ kept (late or not). A
    /// shape of its own, not a severity glyph: in the stage detail a
    /// finding's glyph (● ◐ ·) stands next to it.
    pub fn symbol(self) -> &'static str {
        match self {
            CommitmentState::Overdue(_) => "✗",
            CommitmentState::DueSoon(_) | CommitmentState::Open(_) => "◷",
            CommitmentState::Kept | CommitmentState::KeptLate(_) => "✓",
        }
    }

    /// "overdue 3 days", "due today", "due tomorrow", "due in 5 days",
    /// "kept", "kept late by 2 days".
    pub fn words(self) -> String {
        match self {
            CommitmentState::Overdue(n) => format!("overdue {}", plural_days(n)),
            CommitmentState::DueSoon(0) | CommitmentState::Open(0) => "due today".into(),
            CommitmentState::DueSoon(1) | CommitmentState::Open(1) => "due tomorrow".into(),
            CommitmentState::DueSoon(n) | CommitmentState::Open(n) => {
                format!("due in {}", plural_days(n))
            }
            CommitmentState::Kept => "kept".into(),
            CommitmentState::KeptLate(n) => format!("kept late by {}", plural_days(n)),
        }
    }

    /// The symbol and the words: "✗ overdue 3 days".
    pub fn label(self) -> String {
        format!("{} {}", self.symbol(), self.words())
    }

    /// Order for condensed lists: overdue first (most overdue first), then
    /// open by due date, then kept late, then kept.
    pub fn rank(self) -> (u8, i64) {
        match self {
            CommitmentState::Overdue(n) => (0, -n),
            CommitmentState::DueSoon(n) | CommitmentState::Open(n) => (1, n),
            CommitmentState::KeptLate(n) => (2, -n),
            CommitmentState::Kept => (3, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("test date")
    }

    fn state(due: &str, done: Option<&str>) -> CommitmentState {
        let c = Commitment {
            promise: "Call back".into(),
            owner: "Dana".into(),
            due: d(due),
            done: done.map(d),
        };
        CommitmentState::of(&c, d("2026-11-23"), &Thresholds::default())
    }

    #[test]
    fn every_state_in_symbol_and_words() {
        let label = |due, done| state(due, done).label();
        assert_eq!(label("2026-11-22", None), "✗ overdue 1 day");
        assert_eq!(label("2026-11-01", None), "✗ overdue 22 days");
        assert_eq!(label("2026-11-23", None), "◷ due today");
        assert_eq!(label("2026-11-24", None), "◷ due tomorrow");
        assert_eq!(label("2026-11-30", None), "◷ due in 7 days");
        assert_eq!(label("2026-12-31", None), "◷ due in 38 days");
        assert_eq!(
            label("2026-11-05", Some("2026-11-07")),
            "✓ kept late by 2 days"
        );
        assert_eq!(label("2026-11-05", Some("2026-11-05")), "✓ kept");
        assert_eq!(label("2026-11-05", Some("2026-11-01")), "✓ kept");
    }

    #[test]
    fn due_soon_follows_the_configured_limit() {
        assert_eq!(state("2026-11-30", None), CommitmentState::DueSoon(7));
        assert_eq!(state("2026-12-01", None), CommitmentState::Open(8));
        let c = Commitment {
            promise: "Call back".into(),
            owner: "Dana".into(),
            due: d("2026-11-24"),
            done: None,
        };
        let only_today = Thresholds {
            due_soon_days: 0,
            ..Thresholds::default()
        };
        assert_eq!(
            CommitmentState::of(&c, d("2026-11-23"), &only_today),
            CommitmentState::Open(1)
        );
    }

    #[test]
    fn a_done_date_after_today_reads_as_open() {
        // Marked kept tomorrow: still open on the 23rd, so overdue.
        assert_eq!(
            state("2026-11-20", Some("2026-11-24")),
            CommitmentState::Overdue(3)
        );
        assert_eq!(
            state("2026-11-25", Some("2026-11-24")),
            CommitmentState::DueSoon(2)
        );
        // Kept today counts as kept.
        assert_eq!(
            state("2026-11-20", Some("2026-11-23")),
            CommitmentState::KeptLate(3)
        );
    }
}
