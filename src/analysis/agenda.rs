//! The agenda of a review: every stage that needs attention (status watch
//! or at-risk), map by map, the maps most at risk first and the stages of
//! each map in journey order, so a team can walk them one at a time.

use super::{Analysis, Status, riskier_first};
use crate::model::Map;

/// One stop of the review walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaItem {
    /// Index of the map in the list given to [`review_agenda`].
    pub map: usize,
    /// Index of the stage in that map.
    pub stage: usize,
    pub status: Status,
}

/// The stops of a review over analysed maps. Maps are ordered riskiest
/// first, as everywhere ([`riskier_first`]: the risk score, then the client
/// name); a map with nothing to review adds no stops.
pub fn review_agenda(maps: &[(&Map, &Analysis)]) -> Vec<AgendaItem> {
    let mut order: Vec<usize> = (0..maps.len()).collect();
    let risks: Vec<_> = maps.iter().map(|(_, a)| a.risk()).collect();
    order.sort_by(|&a, &b| {
        riskier_first(
            (&risks[a], &maps[a].0.client.name),
            (&risks[b], &maps[b].0.client.name),
        )
        .then(a.cmp(&b))
    });
    let mut out = Vec::new();
    for m in order {
        let (_, analysis) = maps[m];
        for (s, stage) in analysis.stages.iter().enumerate() {
            if stage.status != Status::Ok {
                out.push(AgendaItem {
                    map: m,
                    stage: s,
                    status: stage.status,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Thresholds;
    use crate::model::{Feedback, Method, Stage, parse_date};

    fn stage(id: &str, feedback_date: Option<&str>, method: Method) -> Stage {
        let mut s = Stage::new(id, id);
        if let Some(d) = feedback_date {
            s.feedback.push(Feedback {
                date: parse_date(d).unwrap(),
                method,
                score: Some(4),
                by: "Dana".into(),
                summary: "ok".into(),
                holding_back: false,
            });
        }
        s
    }

    #[test]
    fn worst_map_first_stages_in_journey_order_ok_stages_skipped() {
        let today = parse_date("2026-11-23").unwrap();
        let t = Thresholds::default();
        let mut calm = Map::new("Calm", "Dana");
        calm.stages
            .push(stage("a", Some("2026-11-01"), Method::Call));
        calm.stages
            .push(stage("b", Some("2026-11-01"), Method::Survey)); // watch
        let mut risky = Map::new("Risky", "Dana");
        risky
            .stages
            .push(stage("x", Some("2026-11-01"), Method::Survey)); // watch
        risky.stages.push(stage("y", None, Method::Call)); // at risk
        risky
            .stages
            .push(stage("z", Some("2026-11-01"), Method::Call)); // ok
        let ac = Analysis::of(&calm, today, &t);
        let ar = Analysis::of(&risky, today, &t);
        let agenda = review_agenda(&[(&calm, &ac), (&risky, &ar)]);
        let stops: Vec<(usize, usize, Status)> =
            agenda.iter().map(|i| (i.map, i.stage, i.status)).collect();
        assert_eq!(
            stops,
            vec![
                (1, 0, Status::Watch),
                (1, 1, Status::AtRisk),
                (0, 1, Status::Watch)
            ]
        );
    }
}
