//! The record of successes and failures per calendar quarter, for the
//! timeline screen: commitments kept on time, kept late and missed; the
//! stages heard from in person and those heard from only by survey (or
//! email, or other: not first-hand); the stages that went from at risk to
//! ok and back.
//!
//! Commitments and feedback come from the map as it is now (a map keeps
//! its past promises and feedback), the stage movements from the stages'
//! statuses at each revision of the map's history. No clock: `today` is
//! given, and nothing after it counts.

use jiff::civil::Date;

use super::{CommitmentState, Status, Thresholds};
use crate::model::Map;

/// A calendar quarter: January to March is Q1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i16,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// The quarter a day is in.
    pub fn of(date: Date) -> Quarter {
        // Months 1..=12 make quarters 1..=4.
        let q = u8::try_from((date.month() - 1) / 3 + 1).unwrap_or(1);
        Quarter {
            year: date.year(),
            q,
        }
    }

    /// The quarter after this one.
    pub fn next(self) -> Quarter {
        if self.q >= 4 {
            Quarter {
                year: self.year.saturating_add(1),
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    /// `2026 Q3`.
    pub fn label(self) -> String {
        format!("{} Q{}", self.year, self.q)
    }
}

/// One quarter's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuarterRecord {
    pub quarter: Quarter,
    /// Commitments due in the quarter and kept on or before their due day.
    pub kept_on_time: usize,
    /// Due in the quarter, kept after their due day (by `today`).
    pub kept_late: usize,
    /// Due in the quarter, past due and not kept by `today`.
    pub missed: usize,
    /// Stages with feedback in the quarter, some of it gathered in person
    /// (a conversation, call or meeting).
    pub heard_in_person: usize,
    /// Stages with feedback in the quarter, none of it in person: only by
    /// survey, email or other.
    pub survey_only: usize,
    /// Stages that came back to ok from at risk in the quarter (through
    /// watch or not).
    pub recovered: usize,
    /// Stages that fell from ok to at risk in the quarter.
    pub fell: usize,
}

impl QuarterRecord {
    fn empty(quarter: Quarter) -> Self {
        QuarterRecord {
            quarter,
            kept_on_time: 0,
            kept_late: 0,
            missed: 0,
            heard_in_person: 0,
            survey_only: 0,
            recovered: 0,
            fell: 0,
        }
    }
}

/// The stages' statuses at one point of the history: stage id and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusesAt {
    pub date: Date,
    pub stages: Vec<(String, Status)>,
}

/// The record of every quarter from the first with anything to count to
/// `today`'s, oldest first (quarters with nothing in between are there,
/// with zeros). `history` is oldest first; points dated after `today`
/// are left out, and so are commitments falling due after it (not yet
/// kept or missed) and feedback dated after it.
///
/// A stage's movement is between its last ok and its last at risk: watch
/// in between does not break it (at risk, watch, ok is a recovery in the
/// quarter it reached ok). A stage's first status, and that of a stage
/// added later, is where it starts, not a movement.
pub fn record(
    map: &Map,
    history: &[StatusesAt],
    today: Date,
    t: &Thresholds,
) -> Vec<QuarterRecord> {
    let mut found = Found::default();
    for stage in &map.stages {
        for c in stage.commitments.iter().filter(|c| c.due <= today) {
            let r = found.at(c.due);
            match CommitmentState::of(c, today, t) {
                CommitmentState::Kept => r.kept_on_time += 1,
                CommitmentState::KeptLate(_) => r.kept_late += 1,
                CommitmentState::Overdue(_) => r.missed += 1,
                // Due today and not kept yet: not missed until tomorrow.
                CommitmentState::DueSoon(_) | CommitmentState::Open(_) => {}
            }
        }
        // Per quarter, whether any of the stage's feedback was personal.
        let mut heard: Vec<(Date, bool)> = Vec::new();
        for f in stage.feedback.iter().filter(|f| f.date <= today) {
            let quarter = Quarter::of(f.date);
            match heard.iter_mut().find(|(d, _)| Quarter::of(*d) == quarter) {
                Some((_, personal)) => *personal |= f.method.is_personal(),
                None => heard.push((f.date, f.method.is_personal())),
            }
        }
        for (date, personal) in heard {
            let r = found.at(date);
            if personal {
                r.heard_in_person += 1;
            } else {
                r.survey_only += 1;
            }
        }
    }
    // Each stage's last status that was not watch (watch: known, with
    // nothing to move from yet).
    let mut last: Vec<(&str, Status)> = Vec::new();
    for point in history.iter().filter(|p| p.date <= today) {
        for (id, status) in &point.stages {
            let Some(i) = last.iter().position(|(s, _)| s == id) else {
                last.push((id, *status));
                continue;
            };
            if *status == Status::Watch {
                continue;
            }
            match (last[i].1, *status) {
                (Status::AtRisk, Status::Ok) => found.at(point.date).recovered += 1,
                (Status::Ok, Status::AtRisk) => found.at(point.date).fell += 1,
                _ => {}
            }
            last[i].1 = *status;
        }
    }
    found.all_until(Quarter::of(today))
}

/// The quarters with something counted.
#[derive(Default)]
struct Found(Vec<QuarterRecord>);

impl Found {
    /// The record of `date`'s quarter, new if need be.
    fn at(&mut self, date: Date) -> &mut QuarterRecord {
        let quarter = Quarter::of(date);
        let i = match self.0.iter().position(|r| r.quarter == quarter) {
            Some(i) => i,
            None => {
                self.0.push(QuarterRecord::empty(quarter));
                self.0.len() - 1
            }
        };
        &mut self.0[i]
    }

    /// Every quarter from the first found to `end`, oldest first.
    fn all_until(self, end: Quarter) -> Vec<QuarterRecord> {
        let Some(first) = self.0.iter().map(|r| r.quarter).min() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut q = first;
        while q <= end {
            let r = self.0.iter().find(|r| r.quarter == q).copied();
            out.push(r.unwrap_or(QuarterRecord::empty(q)));
            q = q.next();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, Feedback, Method, Stage};

    fn d(s: &str) -> Date {
        s.parse().expect("test date")
    }

    fn feedback(date: &str, method: Method) -> Feedback {
        Feedback {
            date: d(date),
            method,
            score: None,
            by: "Dana".into(),
            summary: "heard".into(),
            holding_back: false,
        }
    }

    fn map_with(stages: Vec<Stage>) -> Map {
        let mut map = Map::new("Acme", "Dana");
        map.stages = stages;
        map
    }

    fn promise(due: &str, done: Option<&str>) -> Commitment {
        let mut c = Commitment::new("call back", "Dana", d(due));
        c.done = done.map(d);
        c
    }

    fn only(records: &[QuarterRecord], label: &str) -> QuarterRecord {
        *records
            .iter()
            .find(|r| r.quarter.label() == label)
            .unwrap_or_else(|| panic!("{label} in {records:?}"))
    }

    #[test]
    fn quarters_start_on_the_first_of_january_april_july_and_october() {
        assert_eq!(Quarter::of(d("2026-03-31")).label(), "2026 Q1");
        assert_eq!(Quarter::of(d("2026-04-01")).label(), "2026 Q2");
        assert_eq!(Quarter::of(d("2026-09-30")).label(), "2026 Q3");
        assert_eq!(Quarter::of(d("2026-10-01")).label(), "2026 Q4");
        assert_eq!(Quarter::of(d("2026-12-31")).next().label(), "2027 Q1");
    }

    #[test]
    fn a_promise_kept_on_its_due_day_is_on_time_and_the_day_after_late() {
        let mut stage = Stage::new("s", "S");
        stage.commitments = vec![
            promise("2026-03-31", Some("2026-03-31")),
            promise("2026-03-31", Some("2026-04-01")),
            promise("2026-03-10", Some("2026-02-01")),
            // Open and past due: missed, in the quarter it fell due.
            promise("2026-03-31", None),
            // Due on the first day of the next quarter, never kept.
            promise("2026-04-01", None),
        ];
        let records = record(
            &map_with(vec![stage]),
            &[],
            d("2026-05-01"),
            &Thresholds::default(),
        );
        let q1 = only(&records, "2026 Q1");
        assert_eq!((q1.kept_on_time, q1.kept_late, q1.missed), (2, 1, 1));
        let q2 = only(&records, "2026 Q2");
        assert_eq!((q2.kept_on_time, q2.kept_late, q2.missed), (0, 0, 1));
        assert_eq!(records.len(), 2, "{records:?}");
    }

    #[test]
    fn nothing_after_today_counts() {
        let mut stage = Stage::new("s", "S");
        stage.commitments = vec![
            // Due today, not kept: not missed yet.
            promise("2026-05-01", None),
            // Kept "tomorrow": still open today, so missed (due before).
            promise("2026-04-20", Some("2026-05-02")),
            // Due next quarter, kept already: not counted yet.
            promise("2026-07-02", Some("2026-04-10")),
        ];
        stage.feedback = vec![feedback("2026-05-02", Method::Call)];
        let history = [StatusesAt {
            date: d("2026-05-02"),
            stages: vec![("s".into(), Status::AtRisk)],
        }];
        let records = record(
            &map_with(vec![stage]),
            &history,
            d("2026-05-01"),
            &Thresholds::default(),
        );
        assert_eq!(records.len(), 1, "{records:?}");
        let q2 = records[0];
        assert_eq!((q2.kept_on_time, q2.kept_late, q2.missed), (0, 0, 1));
        assert_eq!(q2.heard_in_person + q2.survey_only, 0);
    }

    #[test]
    fn a_stage_is_heard_in_person_if_any_of_its_feedback_that_quarter_was() {
        let mut a = Stage::new("a", "A");
        a.feedback = vec![
            feedback("2026-01-05", Method::Survey),
            feedback("2026-03-31", Method::Meeting),
            feedback("2026-04-01", Method::Survey),
            feedback("2026-04-02", Method::Email),
        ];
        let mut b = Stage::new("b", "B");
        b.feedback = vec![feedback("2026-02-01", Method::Other("chat".into()))];
        let records = record(
            &map_with(vec![a, b]),
            &[],
            d("2026-06-30"),
            &Thresholds::default(),
        );
        let q1 = only(&records, "2026 Q1");
        assert_eq!((q1.heard_in_person, q1.survey_only), (1, 1));
        let q2 = only(&records, "2026 Q2");
        assert_eq!((q2.heard_in_person, q2.survey_only), (0, 1));
    }

    #[test]
    fn stages_going_from_at_risk_to_ok_and_back_through_watch_or_not() {
        let point = |date: &str, stages: &[(&str, Status)]| StatusesAt {
            date: d(date),
            stages: stages.iter().map(|(s, st)| (s.to_string(), *st)).collect(),
        };
        use Status::*;
        let history = [
            // Where each stage starts: no movement.
            point("2025-12-01", &[("a", AtRisk), ("b", Ok)]),
            point("2026-01-10", &[("a", Watch), ("b", Ok)]),
            // a: at risk, watch, ok is a recovery, on the day it is ok.
            point("2026-03-31", &[("a", Ok), ("b", AtRisk)]),
            // c is new: starting at risk is no fall.
            point("2026-04-01", &[("a", Ok), ("b", Ok), ("c", AtRisk)]),
            point("2026-04-15", &[("a", AtRisk), ("b", Ok), ("c", Ok)]),
        ];
        let records = record(
            &map_with(vec![]),
            &history,
            d("2026-04-30"),
            &Thresholds::default(),
        );
        let labels: Vec<String> = records.iter().map(|r| r.quarter.label()).collect();
        assert_eq!(labels, ["2026 Q1", "2026 Q2"], "only quarters with a count");
        let q1 = only(&records, "2026 Q1");
        assert_eq!((q1.recovered, q1.fell), (1, 1));
        let q2 = only(&records, "2026 Q2");
        assert_eq!((q2.recovered, q2.fell), (2, 1));
    }

    #[test]
    fn quarters_with_nothing_in_between_are_listed_with_zeros() {
        let mut stage = Stage::new("s", "S");
        stage.commitments = vec![promise("2025-08-01", Some("2025-08-01"))];
        let records = record(
            &map_with(vec![stage]),
            &[],
            d("2026-02-01"),
            &Thresholds::default(),
        );
        let labels: Vec<String> = records.iter().map(|r| r.quarter.label()).collect();
        assert_eq!(labels, ["2025 Q3", "2025 Q4", "2026 Q1"]);
        assert_eq!(records[1], QuarterRecord::empty(records[1].quarter));
        assert!(
            record(
                &map_with(vec![]),
                &[],
                d("2026-02-01"),
                &Thresholds::default()
            )
            .is_empty()
        );
    }
}
