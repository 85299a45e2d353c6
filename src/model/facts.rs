//! A map as facts, one line each, in journey order: what `journeymap
//! textconv` prints for git (so that `git diff` of two versions reads as
//! what changed for the client) and the words `semantic_diff.rs` uses for
//! each change. The two share every word here, so a line of `git diff`
//! and a line of `journeymap diff` name an item the same way.
//!
//! An item is named by a label made of its identifying fields
//! (`commitment "Send the revised quote" (Lena Okafor)`), and each of its
//! other fields is one fact (`due 2026-11-15`, `open`). Map text is made
//! harmless for a terminal and kept on one line (`crate::text::safe`).

use super::map::{
    Client, Commitment, Feedback, Map, Method, Need, Perception, Review, Stage, Touchpoint,
};
use crate::text::safe;

/// One field of an item, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The words, e.g. `due 2026-11-15`, `score 4`, `"Happy so far"`.
    pub words: String,
    /// The field is part of the item's label, so a textconv line does not
    /// repeat it (a change to it still gets a line in a diff).
    pub in_label: bool,
    /// The field's empty value (`open`, `no score`, `not met`): a change
    /// from it needs no "(was ...)".
    pub blank: bool,
}

impl Fact {
    fn of(words: String) -> Fact {
        Fact {
            words,
            in_label: false,
            blank: false,
        }
    }

    fn label(words: String) -> Fact {
        Fact {
            in_label: true,
            ..Fact::of(words)
        }
    }

    /// `set` words when the field has a value, `blank` words else.
    fn either(set: Option<String>, blank: &str) -> Fact {
        match set {
            Some(words) => Fact::of(words),
            None => Fact {
                blank: true,
                ..Fact::of(blank.to_string())
            },
        }
    }
}

/// The words of one kind of item.
pub trait ItemFacts {
    /// The item's kind, one and many: `("need", "needs")`.
    const KIND: (&'static str, &'static str);
    /// `commitment "Send the revised quote" (Lena Okafor)`.
    fn label(&self) -> String;
    /// Every field, the label's included, the telling ones first (a
    /// feedback's summary before its score).
    fn facts(&self) -> Vec<Fact>;

    /// The facts not in the label: what a textconv line shows, and what
    /// "added: ..." lists.
    fn own_facts(&self) -> Vec<Fact> {
        self.facts().into_iter().filter(|f| !f.in_label).collect()
    }
}

/// Map text in double quotes, on one line, harmless for a terminal.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", safe::clean(text).replace('"', "\\\""))
}

/// Map text without quotes (names, stage names in a line's prefix).
pub fn plain(text: &str) -> String {
    safe::clean(text)
}

/// How feedback was gathered, as a label word: `Call`, `Survey`, or the
/// text of `Other`.
fn method_word(method: &Method) -> String {
    match method {
        Method::Other(text) => plain(text),
        other => {
            let word = other.to_string();
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

impl ItemFacts for Touchpoint {
    const KIND: (&'static str, &'static str) = ("touchpoint", "touchpoints");
    fn label(&self) -> String {
        format!(
            "touchpoint {} ({})",
            quoted(&self.description),
            plain(&self.owner)
        )
    }
    fn facts(&self) -> Vec<Fact> {
        vec![
            Fact::of(format!("channel {}", plain(&self.channel.to_string()))),
            Fact::label(format!("description {}", quoted(&self.description))),
            Fact::label(format!("owner {}", plain(&self.owner))),
            Fact::either(
                (!self.department.is_empty())
                    .then(|| format!("department {}", plain(&self.department))),
                "no department",
            ),
        ]
    }
}

impl ItemFacts for Need {
    const KIND: (&'static str, &'static str) = ("need", "needs");
    fn label(&self) -> String {
        format!("need {}", quoted(&self.text))
    }
    fn facts(&self) -> Vec<Fact> {
        vec![
            Fact::label(format!("text {}", quoted(&self.text))),
            Fact::of(format!("motivation {}", self.motivation)),
            Fact::either(self.met.then(|| "met".to_string()), "not met"),
        ]
    }
}

impl ItemFacts for Perception {
    const KIND: (&'static str, &'static str) = ("perception", "perceptions");
    fn label(&self) -> String {
        format!("perception {}", quoted(&self.text))
    }
    fn facts(&self) -> Vec<Fact> {
        vec![
            Fact::label(format!("text {}", quoted(&self.text))),
            Fact::of(format!("sentiment {:+}", self.sentiment)),
            Fact::of(format!("source {}", self.source)),
        ]
    }
}

impl ItemFacts for Feedback {
    const KIND: (&'static str, &'static str) = ("feedback", "feedback");
    fn label(&self) -> String {
        format!(
            "feedback {} ({}, {})",
            self.date,
            method_word(&self.method),
            plain(&self.by)
        )
    }
    fn facts(&self) -> Vec<Fact> {
        vec![
            Fact::label(format!("date {}", self.date)),
            Fact::label(format!("method {}", method_word(&self.method))),
            Fact::label(format!("by {}", plain(&self.by))),
            Fact::of(quoted(&self.summary)),
            Fact::either(self.score.map(|s| format!("score {s}")), "no score"),
            Fact::either(
                self.holding_back.then(|| "holding back".to_string()),
                "not holding back",
            ),
        ]
    }
}

impl ItemFacts for Commitment {
    const KIND: (&'static str, &'static str) = ("commitment", "commitments");
    fn label(&self) -> String {
        format!(
            "commitment {} ({})",
            quoted(&self.promise),
            plain(&self.owner)
        )
    }
    fn facts(&self) -> Vec<Fact> {
        vec![
            Fact::label(format!("promise {}", quoted(&self.promise))),
            Fact::label(format!("owner {}", plain(&self.owner))),
            Fact::of(format!("due {}", self.due)),
            Fact::either(self.done.map(|d| format!("kept {d}")), "open"),
        ]
    }
}

impl ItemFacts for Review {
    const KIND: (&'static str, &'static str) = ("review note", "review notes");
    fn label(&self) -> String {
        let about = match &self.stage {
            Some(id) => format!("on stage {}", plain(id)),
            None => "on the whole map".into(),
        };
        format!("review {} ({}, {about})", self.date, plain(&self.by))
    }
    fn facts(&self) -> Vec<Fact> {
        vec![
            Fact::label(format!("date {}", self.date)),
            Fact::label(format!("by {}", plain(&self.by))),
            Fact::label(match &self.stage {
                Some(id) => format!("on stage {}", plain(id)),
                None => "on the whole map".into(),
            }),
            Fact::of(quoted(&self.note)),
        ]
    }
}

/// The map's own fields and the client's, as `(name, words)`: `title`,
/// `client name`...
pub fn header_facts(map: &Map) -> Vec<(&'static str, Fact)> {
    let Client {
        name,
        account_manager,
        segment,
    } = &map.client;
    vec![
        ("format", Fact::of(map.format.to_string())),
        ("title", Fact::of(quoted(&map.title))),
        ("client name", Fact::of(quoted(name))),
        ("client account manager", Fact::of(quoted(account_manager))),
        (
            "client segment",
            Fact::either(segment.as_deref().map(quoted), "none"),
        ),
        (
            "now",
            Fact::either(
                map.now
                    .as_ref()
                    .map(|now| format!("in stage {} since {}", plain(&now.stage), now.since)),
                "not said",
            ),
        ),
    ]
}

/// A stage's goal as a fact.
pub fn goal_fact(stage: &Stage) -> Fact {
    Fact::either(stage.goal.as_deref().map(quoted), "none")
}

/// `Closing · `: what every line about a stage's contents starts with.
pub fn stage_prefix(stage: &Stage) -> String {
    format!("{} · ", plain(&stage.name))
}

/// `stage "Closing" (closing)`: a stage by name and id.
pub fn stage_words(stage: &Stage) -> String {
    format!("stage {} ({})", quoted(&stage.name), plain(&stage.id))
}

/// The map as one line per fact, in journey order: its own fields, then
/// each stage in order (its name and id, goal, then its touchpoints,
/// needs, perceptions, feedback and commitments in the order of the file,
/// one line per field not in the item's label), then the review notes.
pub fn fact_lines(map: &Map) -> Vec<String> {
    let mut out: Vec<String> = header_facts(map)
        .into_iter()
        .map(|(name, fact)| format!("{name}: {}", fact.words))
        .collect();
    for (i, stage) in map.stages.iter().enumerate() {
        out.push(format!(
            "stage {}: {} ({})",
            i + 1,
            quoted(&stage.name),
            plain(&stage.id)
        ));
        let prefix = stage_prefix(stage);
        out.push(format!("{prefix}goal: {}", goal_fact(stage).words));
        item_lines(&mut out, &prefix, &stage.touchpoints);
        item_lines(&mut out, &prefix, &stage.needs);
        item_lines(&mut out, &prefix, &stage.perceptions);
        item_lines(&mut out, &prefix, &stage.feedback);
        item_lines(&mut out, &prefix, &stage.commitments);
    }
    item_lines(&mut out, "", &map.reviews);
    // A merge conflict left in the map is a fact too: a diff shows it
    // appear with the merge and go when it is resolved.
    for conflict in &map.conflicts {
        out.push(format!(
            "unresolved conflict: {}",
            plain(&conflict.describe())
        ));
    }
    out
}

fn item_lines<T: ItemFacts>(out: &mut Vec<String>, prefix: &str, items: &[T]) {
    for item in items {
        let label = item.label();
        for fact in item.own_facts() {
            out.push(format!("{prefix}{label}: {}", fact.words));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn date(text: &str) -> jiff::civil::Date {
        parse_date(text).expect("test date")
    }

    #[test]
    fn a_map_reads_one_fact_a_line_in_journey_order() {
        let mut map = Map::new("Northwind \u{1b}[31mHealth", "Dana Ruiz");
        let mut closing = Stage::new("closing", "Closing");
        closing.commitments.push(Commitment {
            done: Some(date("2026-11-20")),
            ..Commitment::new("Send the revised quote", "Lena Okafor", date("2026-11-15"))
        });
        closing.feedback.push(Feedback {
            date: date("2026-11-02"),
            method: Method::Call,
            score: None,
            by: "Lena Okafor".into(),
            summary: "Wants \"net 60\"\nterms".into(),
            holding_back: true,
        });
        map.stages.push(Stage::new("first", "First call"));
        map.stages.push(closing);
        map.reviews.push(Review {
            date: date("2026-11-21"),
            by: "Sam".into(),
            stage: Some("closing".into()),
            note: "Good save".into(),
        });
        assert_eq!(
            fact_lines(&map),
            vec![
                "format: 2",
                "title: \"\"",
                "client name: \"Northwind ␛[31mHealth\"",
                "client account manager: \"Dana Ruiz\"",
                "client segment: none",
                "now: not said",
                "stage 1: \"First call\" (first)",
                "First call · goal: none",
                "stage 2: \"Closing\" (closing)",
                "Closing · goal: none",
                "Closing · feedback 2026-11-02 (Call, Lena Okafor): \"Wants \\\"net 60\\\"␊terms\"",
                "Closing · feedback 2026-11-02 (Call, Lena Okafor): no score",
                "Closing · feedback 2026-11-02 (Call, Lena Okafor): holding back",
                "Closing · commitment \"Send the revised quote\" (Lena Okafor): due 2026-11-15",
                "Closing · commitment \"Send the revised quote\" (Lena Okafor): kept 2026-11-20",
                "review 2026-11-21 (Sam, on stage closing): \"Good save\"",
            ]
        );
    }
}
