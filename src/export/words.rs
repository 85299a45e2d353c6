//! Findings and statuses in words a manager reads
//! without knowing the rules' names. Returns plain text: the caller
//! escapes it for where it goes.

use jiff::civil::Date;

use crate::analysis::{
    CommitmentState, Finding, FindingKind, ItemList, Severity, Status, plural_days,
};
use crate::model::{Feedback, Stage};

/// Glyph and word, the same three ways the app shows a status (so it
/// survives without colour).
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::AtRisk => "● At risk",
        Status::Watch => "◐ Watch",
        Status::Ok => "○ OK",
    }
}

/// Glyph and word for a finding's severity.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "● Critical",
        Severity::Warning => "◐ Warning",
        Severity::Info => "○ Note",
    }
}

/// "call on 2026-10-20 by Lena Okafor".
/// A date as `YYYY-MM-DD`, exactly as its `Display` writes it, without
/// the general printer (tables of large maps hold thousands of dates).
pub fn date(d: Date) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let (y, m, day) = (d.year() as u32, d.month() as u32, d.day() as u32);
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        day / 10,
        day % 10,
    ];
    let c = |i: usize| char::from(b'0' + digits[i] as u8);
    [c(0), c(1), c(2), c(3), '-', c(4), c(5), '-', c(6), c(7)]
        .into_iter()
        .collect()
}

fn gathered(fb: &Feedback) -> String {
    format!("{} on {} by {}", fb.method, date(fb.date), fb.by)
}

/// One finding as a sentence, built from the map item it is about. Falls
/// back to the analysis' own message when the item cannot be found (an
/// analysis older than the map).
pub fn finding(stage: &Stage, f: &Finding) -> String {
    let item_in = |list: ItemList| f.item.filter(|_| f.list == Some(list));
    let feedback = item_in(ItemList::Feedback).and_then(|i| stage.feedback.get(i));
    let commitment = item_in(ItemList::Commitments).and_then(|i| stage.commitments.get(i));
    let perception = item_in(ItemList::Perceptions).and_then(|i| stage.perceptions.get(i));
    let worded = match f.kind {
        FindingKind::NoFeedback => Some(
            "Nobody has asked the client about this stage yet: no feedback is recorded."
                .to_string(),
        ),
        FindingKind::StaleFeedback => feedback.map(|fb| {
            format!(
                "The client was last heard from {} ago ({}): time to ask again.",
                plural_days(f.days),
                gathered(fb)
            )
        }),
        FindingKind::SurveyOnly => Some(format!(
            "Everything we know comes from surveys, emails or other indirect channels \
             ({}): nobody has talked with the client in person, by phone or in a meeting.",
            entries(stage.feedback.len())
        )),
        FindingKind::LowScore => feedback.map(|fb| {
            let score = fb.score.map_or("?".to_string(), |s| s.to_string());
            format!(
                "The latest score is {score} of 5 ({}): \u{201c}{}\u{201d}",
                gathered(fb),
                fb.summary
            )
        }),
        FindingKind::HoldingBack => feedback.map(|fb| {
            format!(
                "The client seemed to hold back in the latest feedback ({}): \
                 we may not have their full view yet.",
                gathered(fb)
            )
        }),
        FindingKind::OverdueCommitment => commitment.map(|c| {
            format!(
                "{}: promised for {} by {}, still open ({} overdue).",
                c.promise,
                date(c.due),
                c.owner,
                plural_days(f.days)
            )
        }),
        FindingKind::KeptLate => commitment.map(|c| {
            let done = c
                .done
                .map_or(String::new(), |d| format!(", kept on {}", date(d)));
            format!(
                "{}: promised for {} by {}{done} ({} late).",
                c.promise,
                date(c.due),
                c.owner,
                plural_days(f.days)
            )
        }),
        FindingKind::DueSoon => commitment.map(|c| {
            format!(
                "{}: promised for {} by {}, {}.",
                c.promise,
                date(c.due),
                c.owner,
                CommitmentState::DueSoon(f.days).words()
            )
        }),
        FindingKind::AssumedPerception => perception.map(|p| {
            format!(
                "\u{201c}{}\u{201d} is our assumption: check it with the client.",
                p.text
            )
        }),
        FindingKind::FutureDate => match (feedback, commitment) {
            (Some(fb), _) => Some(format!(
                "Feedback ({}) is dated in the future: it is not counted until then; \
                 check the date.",
                gathered(fb)
            )),
            (None, Some(c)) => Some(format!(
                "{}: marked kept on {}, in the future: it counts as open until then; \
                 check the date.",
                c.promise,
                c.done.map_or(String::new(), date)
            )),
            // A review note: the analysis' words, as a sentence.
            (None, None) => Some(sentence(&f.message)),
        },
        FindingKind::AwaitingFeedback => Some(format!(
            "The client is in this stage now and has not been asked about it yet: \
             ask within {}.",
            plural_days(f.days)
        )),
    };
    worded.unwrap_or_else(|| f.message.clone())
}

/// "review note ..." → "Review note ....".
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => format!("{}{}.", c.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".to_string()
    } else {
        format!("{n} entries")
    }
}

/// A perception's sentiment as a signed number and a word.
pub fn sentiment(value: i8) -> String {
    let word = match value {
        i8::MIN..=-2 => "very negative",
        -1 => "negative",
        0 => "neutral",
        1 => "positive",
        _ => "very positive",
    };
    if value > 0 {
        format!("+{value} {word}")
    } else {
        format!("{value} {word}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_is_written_like_display() {
        for (y, m, d) in [
            (2026, 11, 23),
            (1, 1, 1),
            (999, 12, 31),
            (9999, 12, 31),
            (0, 2, 29),
            (-44, 3, 15),
        ] {
            let day = jiff::civil::date(y, m, d);
            assert_eq!(super::date(day), day.to_string());
        }
    }
    use crate::analysis::{Analysis, Thresholds};
    use crate::model::{Commitment, Map, Method, Stage};

    fn date(s: &str) -> Date {
        s.parse().expect("test date")
    }

    fn stage_with_promise(due: &str, done: Option<&str>) -> Stage {
        let mut stage = Stage::new("closing", "Closing");
        stage.commitments.push(Commitment {
            promise: "Call back with the fuel surcharge numbers".into(),
            owner: "Lena Okafor".into(),
            due: date(due),
            done: done.map(date),
        });
        stage.feedback.push(Feedback {
            date: date("2026-11-20"),
            method: Method::Call,
            score: Some(2),
            by: "Lena Okafor".into(),
            summary: "Unhappy about the surcharge".into(),
            holding_back: false,
        });
        stage
    }

    fn worded(stage: Stage, today: &str) -> Vec<String> {
        let mut map = Map::new("Harbor", "Lena");
        map.stages.push(stage);
        let analysis = Analysis::of(&map, date(today), &Thresholds::default());
        analysis
            .findings()
            .map(|f| finding(&map.stages[0], f))
            .collect()
    }

    #[test]
    fn overdue_commitment_reads_like_the_brief() {
        let words = worded(stage_with_promise("2026-11-22", None), "2026-11-23");
        assert!(
            words.contains(
                &"Call back with the fuel surcharge numbers: promised for 2026-11-22 by \
              Lena Okafor, still open (1 day overdue)."
                    .to_string()
            )
        );
        assert!(
            words.contains(
                &"The latest score is 2 of 5 (call on 2026-11-20 by Lena Okafor): \
              \u{201c}Unhappy about the surcharge\u{201d}"
                    .to_string()
            )
        );
    }

    #[test]
    fn sentiments() {
        assert_eq!(sentiment(-2), "-2 very negative");
        assert_eq!(sentiment(0), "0 neutral");
        assert_eq!(sentiment(2), "+2 very positive");
    }
}
