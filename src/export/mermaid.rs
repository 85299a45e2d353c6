//! The Mermaid `journey` diagram of a map: one section per stage, one task
//! per touchpoint, and a score per stage from what the client told us.

use std::fmt::Write;

use jiff::civil::Date;

use crate::analysis::newest_scored_feedback;
use crate::model::{Map, Source, Stage};

use super::escape;

/// The score a stage shows in the diagram, 1 (bad) to 5 (good).
///
/// The rule: the mean of
/// - the score of the newest feedback that has a score (1..=5), if any,
/// - each perception the client voiced or we observed, its sentiment
///   -2..=2 mapped to 1..=5 (sentiment + 3),
///
/// rounded half up. Assumed perceptions are left out: they are our guess,
/// not the client's view. With nothing known the score is 3 (neutral).
/// Feedback dated after `today` is not counted (see
/// `analysis::is_future`).
pub fn stage_score(stage: &Stage, today: Date) -> u8 {
    let mut values: Vec<i64> = Vec::new();
    if let Some(score) = newest_scored_feedback(stage, today).and_then(|i| stage.feedback[i].score)
    {
        values.push(i64::from(score));
    }
    values.extend(
        stage
            .perceptions
            .iter()
            .filter(|p| p.source != Source::Assumed)
            .map(|p| i64::from(p.sentiment) + 3),
    );
    if values.is_empty() {
        return 3;
    }
    let n = values.len() as i64;
    let sum: i64 = values.iter().sum();
    // Half up in integers: floor((2 * sum + n) / (2 * n)).
    let rounded = (2 * sum + n).div_euclid(2 * n);
    rounded.clamp(1, 5) as u8
}

/// One task of the diagram, before escaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub name: String,
    pub score: u8,
    pub actors: Vec<String>,
}

/// The tasks of one stage: its touchpoints, or the stage itself when it
/// has none. Actors are the touchpoint's owner and department.
pub fn stage_tasks(stage: &Stage, today: Date) -> Vec<Task> {
    let score = stage_score(stage, today);
    if stage.touchpoints.is_empty() {
        return vec![Task {
            name: stage.name.to_string(),
            score,
            actors: Vec::new(),
        }];
    }
    stage
        .touchpoints
        .iter()
        .map(|t| {
            let mut actors = vec![t.owner.to_string()];
            if !t.department.trim().is_empty() {
                actors.push(t.department.to_string());
            }
            Task {
                name: t.description.to_string(),
                score,
                actors,
            }
        })
        .collect()
}

/// The diagram source, without the surrounding fence. Every line is
/// indented, and no map text can add a line or a statement.
pub fn journey(map: &Map, today: Date) -> String {
    let mut out = String::from("journey\n");
    let title = if map.title.trim().is_empty() {
        &map.client.name
    } else {
        &map.title
    };
    // Written in place (`write!` to a String cannot fail): large maps
    // have thousands of tasks.
    let _ = writeln!(
        out,
        "    title {}",
        escape::mermaid(title, "Customer journey")
    );
    for stage in &map.stages {
        let _ = writeln!(
            out,
            "    section {}",
            escape::mermaid(&stage.name, &stage.id)
        );
        // The tasks of `stage_tasks`, borrowed rather than cloned.
        let score = stage_score(stage, today);
        let mut task = |name: &str, actors: &[&str]| {
            let name = escape::mermaid(name, "(no description)");
            let _ = write!(out, "      {name}: {score}");
            for (i, actor) in actors.iter().enumerate() {
                out.push_str(if i == 0 { ": " } else { ", " });
                out.push_str(&escape::mermaid_actor(actor));
            }
            out.push('\n');
        };
        if stage.touchpoints.is_empty() {
            task(&stage.name, &[]);
        }
        for t in &stage.touchpoints {
            if t.department.trim().is_empty() {
                task(&t.description, &[&t.owner]);
            } else {
                task(&t.description, &[&t.owner, &t.department]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feedback, Method, Perception};

    const TODAY: Date = jiff::civil::date(2026, 11, 23);

    fn perception(sentiment: i8, source: Source) -> Perception {
        Perception {
            text: "p".into(),
            sentiment,
            source,
        }
    }

    fn feedback(date: &str, score: Option<u8>) -> Feedback {
        Feedback {
            date: date.parse().expect("test date"),
            method: Method::Call,
            score,
            by: "x".into(),
            summary: "s".into(),
            holding_back: false,
        }
    }

    #[test]
    fn nothing_known_is_neutral() {
        assert_eq!(stage_score(&Stage::new("a", "A"), TODAY), 3);
    }

    #[test]
    fn newest_scored_feedback_and_heard_perceptions_are_averaged() {
        let mut s = Stage::new("a", "A");
        s.feedback.push(feedback("2026-01-02", Some(5)));
        s.feedback.push(feedback("2026-01-01", Some(1)));
        s.feedback.push(feedback("2026-01-03", None));
        // Newest scored is 5; perception -1 -> 2: mean 3.5 rounds up to 4.
        s.perceptions.push(perception(-1, Source::Heard));
        assert_eq!(stage_score(&s, TODAY), 4);
        // A score dated after today is not counted: the newest is still 5.
        s.feedback.push(feedback("2026-11-24", Some(1)));
        assert_eq!(stage_score(&s, TODAY), 4);
        // An assumed perception changes nothing.
        s.perceptions.push(perception(-2, Source::Assumed));
        assert_eq!(stage_score(&s, TODAY), 4);
        // An observed one counts: (5 + 2 + 1) / 3 = 2.67 -> 3.
        s.perceptions.push(perception(-2, Source::Observed));
        assert_eq!(stage_score(&s, TODAY), 3);
    }

    #[test]
    fn extremes_stay_in_range() {
        let mut s = Stage::new("a", "A");
        s.perceptions.push(perception(-2, Source::Heard));
        assert_eq!(stage_score(&s, TODAY), 1);
        s.perceptions[0].sentiment = 2;
        assert_eq!(stage_score(&s, TODAY), 5);
    }

    #[test]
    fn a_stage_without_touchpoints_is_one_task() {
        let mut map = Map::new("Acme", "Dana");
        map.title = "Acme: journey".into();
        map.stages.push(Stage::new("closing", "Closing; fast"));
        assert_eq!(
            journey(&map, TODAY),
            "journey\n    title Acme#58; journey\n    section Closing#59; fast\n      Closing#59; fast: 3\n"
        );
    }
}
