//! The client's sentiment at each stage, on one scale: the values the
//! board's emotion curve and its per-column strip draw, and the words both
//! they and the perception form use for a value.
//!
//! The scale is -2 (very negative) to +2 (very positive). A perception's
//! sentiment is on that scale already; a feedback score of 1..=5 maps to it
//! as `score - 3` (1 → -2, 3 → 0, 5 → +2). A stage's value is the mean of
//! all of its perceptions and scored feedback; a stage with neither has no
//! value (a gap, not zero). When every one of those values is a perception
//! we only assumed (`source: Assumed`), nobody has heard it from the client
//! yet: the value is marked as assumed.

use crate::model::{Map, Source, Stage};

/// One stage's sentiment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageSentiment {
    /// The mean on -2..=2.
    pub value: f64,
    /// Every value behind it is an assumed perception.
    pub assumed: bool,
}

/// The stage's sentiment, or `None` when nothing is known.
pub fn stage_sentiment(stage: &Stage) -> Option<StageSentiment> {
    let mut sum = 0.0;
    let mut count = 0usize;
    let mut assumed = true;
    for p in &stage.perceptions {
        sum += f64::from(p.sentiment.clamp(-2, 2));
        count += 1;
        assumed &= p.source == Source::Assumed;
    }
    for score in stage.feedback.iter().filter_map(|f| f.score) {
        sum += f64::from(score.clamp(1, 5)) - 3.0;
        count += 1;
        assumed = false;
    }
    (count > 0).then(|| StageSentiment {
        value: sum / count as f64,
        assumed,
    })
}

/// Every stage's sentiment, in journey order.
pub fn journey_sentiment(map: &Map) -> Vec<Option<StageSentiment>> {
    map.stages.iter().map(stage_sentiment).collect()
}

/// The words for the five points of the scale, -2 first.
const WORDS: [&str; 5] = [
    "very negative",
    "negative",
    "neutral",
    "positive",
    "very positive",
];

/// The word for a value: that of the nearest point of the scale, so a mean
/// of -0.4 reads "neutral" and -0.6 "negative", the same distance from 0
/// either way.
pub fn sentiment_word(value: f64) -> &'static str {
    let point = value.clamp(-2.0, 2.0).round() as i64;
    WORDS[usize::try_from(point + 2).unwrap_or(2).min(4)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feedback, Method, Perception};

    fn perception(sentiment: i8, source: Source) -> Perception {
        Perception {
            text: "x".into(),
            sentiment,
            source,
        }
    }

    #[test]
    fn mean_of_perceptions_and_mapped_scores() {
        let mut stage = Stage::new("s", "S");
        assert_eq!(stage_sentiment(&stage), None);
        stage.perceptions.push(perception(-2, Source::Heard));
        stage.feedback.push(Feedback {
            date: jiff::civil::date(2026, 1, 1),
            method: Method::Call,
            score: Some(5),
            by: "a".into(),
            summary: "b".into(),
            holding_back: false,
        });
        // (-2 + (5 - 3)) / 2
        assert_eq!(
            stage_sentiment(&stage),
            Some(StageSentiment {
                value: 0.0,
                assumed: false
            })
        );
    }

    #[test]
    fn assumed_only_when_every_value_is_a_guess() {
        let mut stage = Stage::new("s", "S");
        stage.perceptions.push(perception(1, Source::Assumed));
        stage.perceptions.push(perception(2, Source::Assumed));
        let s = stage_sentiment(&stage).unwrap();
        assert!(s.assumed && (s.value - 1.5).abs() < 1e-9);
        stage.perceptions.push(perception(-1, Source::Observed));
        assert!(!stage_sentiment(&stage).unwrap().assumed);
    }

    #[test]
    fn words_are_symmetric_around_zero() {
        for (v, w) in [
            (-2.0, "very negative"),
            (-1.0, "negative"),
            (0.0, "neutral"),
            (1.0, "positive"),
            (2.0, "very positive"),
        ] {
            assert_eq!(sentiment_word(v), w);
        }
        for v in [0.3, 0.6, 1.2, 1.7] {
            let (up, down) = (sentiment_word(v), sentiment_word(-v));
            assert_eq!(up.replace("positive", "negative"), down, "{v}");
        }
    }
}
