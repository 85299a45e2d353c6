//! Short words for map items, shared by the screens: a commitment's state,
//! an age in days, a feedback entry in one line.

use jiff::civil::Date;

use crate::analysis::{days_between, kept_on, plural_days};
use crate::model::{Commitment, Feedback};

/// Where a commitment stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentState {
    /// Open and past due by this many days.
    Overdue(i64),
    /// Open, due in this many days (0 = today).
    Open(i64),
    /// Kept on or before the due date.
    Kept,
    /// Kept this many days after the due date.
    KeptLate(i64),
}

impl CommitmentState {
    /// A kept date after `today` leaves the commitment open (see
    /// `analysis::kept_on`).
    pub fn of(c: &Commitment, today: Date) -> Self {
        match kept_on(c, today) {
            None => {
                let until = days_between(today, c.due);
                if until < 0 {
                    CommitmentState::Overdue(-until)
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

    /// ✗ overdue, ◷ open, ✓ kept, ✓ kept late.
    pub fn glyph(self) -> &'static str {
        match self {
            CommitmentState::Overdue(_) => "✗",
            CommitmentState::Open(_) => "◷",
            CommitmentState::Kept | CommitmentState::KeptLate(_) => "✓",
        }
    }

    /// "overdue 3 days", "due today", "due in 5 days", "kept", "kept late
    /// by 2 days".
    pub fn words(self) -> String {
        match self {
            CommitmentState::Overdue(n) => format!("overdue {}", plural_days(n)),
            CommitmentState::Open(0) => "due today".into(),
            CommitmentState::Open(1) => "due tomorrow".into(),
            CommitmentState::Open(n) => format!("due in {}", plural_days(n)),
            CommitmentState::Kept => "kept".into(),
            CommitmentState::KeptLate(n) => format!("kept late by {}", plural_days(n)),
        }
    }

    /// Order for condensed lists: overdue first (most overdue first), then
    /// open by due date, then kept late, then kept.
    pub fn rank(self) -> (u8, i64) {
        match self {
            CommitmentState::Overdue(n) => (0, -n),
            CommitmentState::Open(n) => (1, n),
            CommitmentState::KeptLate(n) => (2, -n),
            CommitmentState::Kept => (3, 0),
        }
    }
}

/// "today", "1 day ago", "12 days ago", "in 3 days".
pub fn age(date: Date, today: Date) -> String {
    let days = days_between(date, today);
    match days {
        0 => "today".into(),
        n if n > 0 => format!("{} ago", plural_days(n)),
        n => format!("in {}", plural_days(-n)),
    }
}

/// "4/5 call", "survey, no score".
pub fn feedback_brief(f: &Feedback) -> String {
    match f.score {
        Some(s) => format!("{s}/5 {}", f.method),
        None => format!("{}, no score", f.method),
    }
}

/// "today", "3 d ago", "in 2 d": for narrow places.
pub fn age_short(date: Date, today: Date) -> String {
    let days = days_between(date, today);
    match days {
        0 => "today".into(),
        n if n > 0 => format!("{n} d ago"),
        n => format!("in {} d", -n),
    }
}

/// "add commitment" → "Add commitment", for status messages.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One line saying what an item is, for the delete question.
pub fn item_summary(item: &crate::edit::document::Item) -> String {
    use crate::edit::document::Item;
    match item {
        Item::Touchpoint(t) => format!("{} · {}", t.channel, t.description),
        Item::Need(n) => n.text.clone(),
        Item::Perception(p) => p.text.clone(),
        Item::Feedback(f) => format!("{} {} · {}", f.date, f.method, f.summary),
        Item::Commitment(c) => format!("\"{}\" ({}, due {})", c.promise, c.owner, c.due),
        Item::Review(r) => format!("{} {}: {}", r.date, r.by, r.note),
    }
}
