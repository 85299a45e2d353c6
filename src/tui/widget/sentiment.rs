//! The client's sentiment across the stages: one value per stage on one
//! scale, drawn as a bar under each stage's column so that the curve lines
//! up with the board.
//!
//! The scale is -2 (very negative) to +2 (very positive). A perception's
//! sentiment is on that scale already; a feedback score of 1..=5 maps to it
//! as `score - 3` (1 → -2, 3 → 0, 5 → +2). A stage's value is the mean of
//! all of its perceptions and scored feedback; a stage with neither has no
//! value and is drawn as a gap, not as zero.

use crate::model::Stage;

/// The stage's mean sentiment on -2..=2, or `None` without data.
pub fn stage_sentiment(stage: &Stage) -> Option<f64> {
    let values: Vec<f64> = stage
        .perceptions
        .iter()
        .map(|p| f64::from(p.sentiment))
        .chain(
            stage
                .feedback
                .iter()
                .filter_map(|f| f.score)
                .map(|s| f64::from(s) - 3.0),
        )
        .collect();
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A one-cell bar for a value on -2..=2.
pub fn bar(value: f64) -> char {
    let t = ((value.clamp(-2.0, 2.0) + 2.0) / 4.0 * 7.0).round();
    BARS[(t as usize).min(7)]
}

/// `+1.5`, `-0.3`, ` 0.0`.
pub fn label(value: f64) -> String {
    if value.abs() < 0.05 {
        " 0.0".to_string()
    } else {
        format!("{value:+.1}")
    }
}

/// A word for the value, so the curve reads without the bars.
pub fn word(value: f64) -> &'static str {
    match value {
        v if v <= -1.0 => "negative",
        v if v < -0.25 => "cool",
        v if v <= 0.25 => "neutral",
        v if v < 1.0 => "warm",
        _ => "positive",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feedback, Method, Perception, Source};

    #[test]
    fn mean_of_perceptions_and_mapped_scores() {
        let mut stage = Stage::new("s", "S");
        assert_eq!(stage_sentiment(&stage), None);
        stage.perceptions.push(Perception {
            text: "x".into(),
            sentiment: -2,
            source: Source::Heard,
        });
        stage.feedback.push(Feedback {
            date: jiff::civil::date(2026, 1, 1),
            method: Method::Call,
            score: Some(5),
            by: "a".into(),
            summary: "b".into(),
            holding_back: false,
        });
        // (-2 + (5 - 3)) / 2
        assert_eq!(stage_sentiment(&stage), Some(0.0));
        assert_eq!(bar(-2.0), '▁');
        assert_eq!(bar(2.0), '█');
        assert_eq!(label(1.26), "+1.3");
        assert_eq!(label(-0.01), " 0.0");
    }
}
