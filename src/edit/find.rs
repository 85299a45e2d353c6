//! Finding text inside one map: every stage and item whose text holds the
//! query, case-blind, in journey order (stage by stage; in a stage, the
//! stage itself, then touchpoints, needs, perceptions, feedback,
//! commitments and the review notes about it, each in file order).

use super::document::ItemKind;
use crate::model::Map;

/// Where the query was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub stage: usize,
    /// `None`: the stage itself (name, id, goal); else an item's kind and
    /// its index (for review notes, in `map.reviews`).
    pub item: Option<(ItemKind, usize)>,
}

/// Every place of the map whose text contains `query` (ignoring case);
/// nothing for an empty query.
pub fn find_in_map(map: &Map, query: &str) -> Vec<Hit> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let has = |texts: &[&str]| texts.iter().any(|t| t.to_lowercase().contains(&query));
    let mut out = Vec::new();
    for (s, stage) in map.stages.iter().enumerate() {
        let mut push = |item: Option<(ItemKind, usize)>| out.push(Hit { stage: s, item });
        if has(&[&stage.name, &stage.id, stage.goal.as_deref().unwrap_or("")]) {
            push(None);
        }
        for (i, t) in stage.touchpoints.iter().enumerate() {
            let channel = t.channel.to_string();
            if has(&[&t.description, &t.owner, &t.department, &channel]) {
                push(Some((ItemKind::Touchpoint, i)));
            }
        }
        for (i, n) in stage.needs.iter().enumerate() {
            if has(&[&n.text]) {
                push(Some((ItemKind::Need, i)));
            }
        }
        for (i, p) in stage.perceptions.iter().enumerate() {
            if has(&[&p.text]) {
                push(Some((ItemKind::Perception, i)));
            }
        }
        for (i, f) in stage.feedback.iter().enumerate() {
            let method = f.method.to_string();
            if has(&[&f.summary, &f.by, &method]) {
                push(Some((ItemKind::Feedback, i)));
            }
        }
        for (i, c) in stage.commitments.iter().enumerate() {
            if has(&[&c.promise, &c.owner]) {
                push(Some((ItemKind::Commitment, i)));
            }
        }
        for (i, r) in map.reviews.iter().enumerate() {
            if r.stage.as_deref() == Some(stage.id.as_str()) && has(&[&r.note, &r.by]) {
                push(Some((ItemKind::Review, i)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, Stage};

    #[test]
    fn finds_stages_and_items_case_blind_in_journey_order() {
        let mut map = Map::new("Acme", "Dana");
        let mut a = Stage::new("kickoff", "Kickoff");
        a.commitments.push(Commitment {
            promise: "Send the SLA".into(),
            owner: "Dana".into(),
            due: jiff::civil::date(2026, 12, 1),
            done: None,
        });
        let b = Stage::new("sla-review", "SLA review");
        map.stages = vec![a, b];
        let hits = find_in_map(&map, "sla");
        assert_eq!(
            hits,
            vec![
                Hit {
                    stage: 0,
                    item: Some((ItemKind::Commitment, 0))
                },
                Hit {
                    stage: 1,
                    item: None
                },
            ]
        );
        assert!(find_in_map(&map, "  ").is_empty());
        assert!(find_in_map(&map, "nothing like it").is_empty());
    }
}
