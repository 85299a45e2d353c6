//! Short words for map items, shared by the screens: an age in days, a
//! feedback entry in one line. (A commitment's state is
//! `analysis::CommitmentState`, shared with the export.)

use jiff::civil::Date;

use crate::analysis::{days_between, plural_days};
use crate::model::Feedback;

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
        Item::Need(n) => n.text.to_string(),
        Item::Perception(p) => p.text.to_string(),
        Item::Feedback(f) => format!("{} {} · {}", f.date, f.method, f.summary),
        Item::Commitment(c) => format!("\"{}\" ({}, due {})", c.promise, c.owner, c.due),
        Item::Review(r) => format!("{} {}: {}", r.date, r.by, r.note),
    }
}
