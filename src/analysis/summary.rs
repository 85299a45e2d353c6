//! One line of facts about a map, for the portfolio and the export index.

use jiff::civil::Date;

use super::{Analysis, Risk, Status, Thresholds, is_future, kept_on};
use crate::model::Map;

/// What the portfolio shows about one map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSummary {
    pub client: String,
    pub account_manager: String,
    /// The client's segment, if the map names one.
    pub segment: Option<String>,
    /// Everyone who owns a touchpoint or a commitment, each once, sorted:
    /// so that the portfolio's filter finds a colleague's maps.
    pub owners: Vec<String>,
    pub status: Status,
    /// The map's risk score and what it is made of.
    pub risk: Risk,
    /// Overdue and kept-late commitments.
    pub missed: usize,
    /// Stages with weak feedback.
    pub weak_stages: usize,
    pub stage_count: usize,
    /// The date of the newest feedback up to the day analysed.
    pub newest_feedback: Option<Date>,
    /// The earliest due date among open commitments (a kept date after the
    /// day analysed leaves a commitment open).
    pub next_due: Option<Date>,
}

impl MapSummary {
    pub fn of(map: &Map, analysis: &Analysis) -> Self {
        let stages = &map.stages;
        // Dates after the day analysed count for nothing (see `is_future`).
        let past = |d: Date| analysis.today.is_none_or(|today| !is_future(d, today));
        MapSummary {
            client: map.client.name.to_string(),
            account_manager: map.client.account_manager.to_string(),
            segment: map.client.segment.clone().map(String::from),
            owners: owners(map),
            status: analysis.status,
            risk: analysis.risk(),
            missed: analysis.missed_count(),
            weak_stages: analysis.weak_stage_count(),
            stage_count: stages.len(),
            newest_feedback: stages
                .iter()
                .flat_map(|s| &s.feedback)
                .map(|f| f.date)
                .filter(|&d| past(d))
                .max(),
            next_due: stages
                .iter()
                .flat_map(|s| &s.commitments)
                .filter(|c| match analysis.today {
                    Some(today) => kept_on(c, today).is_none(),
                    None => c.done.is_none(),
                })
                .map(|c| c.due)
                .min(),
        }
    }

    /// Analyses the map and summarises it.
    pub fn analyse(map: &Map, today: Date, t: &Thresholds) -> Self {
        Self::of(map, &Analysis::of(map, today, t))
    }
}

/// Every touchpoint and commitment owner of the map, each once, sorted.
fn owners(map: &Map) -> Vec<String> {
    let mut out: Vec<String> = map
        .stages
        .iter()
        .flat_map(|s| {
            let touch = s.touchpoints.iter().map(|t| t.owner.as_str());
            touch.chain(s.commitments.iter().map(|c| c.owner.as_str()))
        })
        .filter(|o| !o.trim().is_empty())
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}
