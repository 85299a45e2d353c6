//! Where the client is now (format 2): the rules at each boundary (the day
//! a stage is reached, the last day of the grace period), old files that
//! do not say, and the format number.

mod common;

use std::path::Path;

use common::{SPEC_EXAMPLE, commitment, d, feedback, map_with, stage_with_feedback};
use journeymap::analysis::{Analysis, FindingKind, Severity, Status, Thresholds};
use journeymap::model::{FORMAT_VERSION, Map, Method, Now, Phase, Stage};
use journeymap::storage::{LoadErrorKind, load_bytes, to_canonical};

use FindingKind::*;

const FORMAT_1: &str = include_str!("data/format1-example.ron");

/// Three stages without feedback; the client in the middle one since
/// `since`.
fn three_stages_now_in_the_middle(since: &str) -> Map {
    let bare = |id: &str| Stage::new(id, &format!("Stage {id}"));
    let mut map = map_with(vec![bare("a"), bare("b"), bare("c")]);
    map.now = Some(Now {
        stage: "b".into(),
        since: d(since),
    });
    map
}

fn kinds(map: &Map, today: &str) -> Vec<Vec<FindingKind>> {
    Analysis::of(map, d(today), &Thresholds::default())
        .stages
        .iter()
        .map(|s| s.findings.iter().map(|f| f.kind).collect())
        .collect()
}

#[test]
fn phases_follow_the_now_stage() {
    let map = three_stages_now_in_the_middle("2026-11-01");
    assert_eq!(map.phase(0), Phase::Past);
    assert_eq!(map.phase(1), Phase::Now(d("2026-11-01")));
    assert_eq!(map.phase(2), Phase::Ahead);
    // A map that does not say: every stage reached.
    let mut old = map.clone();
    old.now = None;
    assert!((0..3).all(|i| old.phase(i) == Phase::Past));
}

#[test]
fn a_stage_ahead_has_no_feedback_findings_but_its_commitments_count() {
    let mut map = three_stages_now_in_the_middle("2026-11-20");
    map.stages[2]
        .commitments
        .push(commitment("2026-11-22", None));
    map.stages[2]
        .feedback
        .push(feedback("2025-01-01", Method::Survey, Some(1)));
    assert_eq!(
        kinds(&map, "2026-11-23"),
        [
            vec![NoFeedback],
            vec![AwaitingFeedback],
            // Old survey feedback with a low score: not stale (ahead), but
            // what it says is still heard.
            vec![SurveyOnly, LowScore, OverdueCommitment],
        ]
    );
}

#[test]
fn the_now_stage_is_critical_only_after_the_grace_period() {
    // Default grace: 14 days. Reached on 2026-11-01: the 15th is the last
    // day of grace, the 16th the first critical one.
    let map = three_stages_now_in_the_middle("2026-11-01");
    let on = |today: &str| Analysis::of(&map, d(today), &Thresholds::default()).stages[1].clone();
    let last = on("2026-11-15");
    assert_eq!(last.status, Status::Ok);
    assert_eq!(last.findings[0].kind, AwaitingFeedback);
    assert_eq!(last.findings[0].severity, Severity::Info);
    assert!(
        last.findings[0].message.contains("ask within 0 days"),
        "{last:?}"
    );
    let first = on("2026-11-16");
    assert_eq!(first.status, Status::AtRisk);
    assert_eq!(first.findings[0].kind, NoFeedback);
    assert_eq!(first.findings[0].days, 15);
    // Thresholds move the boundary.
    let t = Thresholds {
        now_grace_days: 0,
        ..Thresholds::default()
    };
    let a = |today: &str| Analysis::of(&map, d(today), &t).stages[1].status;
    assert_eq!(a("2026-11-01"), Status::Ok);
    assert_eq!(a("2026-11-02"), Status::AtRisk);
}

#[test]
fn the_day_a_stage_is_reached_its_rules_start() {
    // Feedback 200 days old in the last stage: stale once reached, not
    // while ahead.
    let mut map = three_stages_now_in_the_middle("2026-11-01");
    map.stages[2] = stage_with_feedback("c", vec![feedback("2026-05-01", Method::Call, Some(4))]);
    assert_eq!(kinds(&map, "2026-11-23")[2], Vec::<FindingKind>::new());
    map.now = Some(Now {
        stage: "c".into(),
        since: d("2026-11-23"),
    });
    assert_eq!(kinds(&map, "2026-11-23")[2], [StaleFeedback]);
    // And the middle stage, now past, has no grace any more.
    assert_eq!(kinds(&map, "2026-11-23")[1], [NoFeedback]);
}

#[test]
fn a_since_in_the_future_is_a_finding() {
    let map = three_stages_now_in_the_middle("2026-11-24");
    let stage = &Analysis::of(&map, d("2026-11-23"), &Thresholds::default()).stages[1];
    let kinds: Vec<_> = stage.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [AwaitingFeedback, FutureDate]);
    assert_eq!(stage.status, Status::Watch);
}

#[test]
fn a_format_1_file_reads_as_a_map_that_does_not_say() {
    let loaded =
        load_bytes(Path::new("old.ron"), FORMAT_1.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.map.format, FORMAT_VERSION);
    assert_eq!(loaded.map.now, None);
    // Exactly the findings of the same map in format 2 without `now`: the
    // spec example with its `now` taken out.
    let current =
        load_bytes(Path::new("new.ron"), SPEC_EXAMPLE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let mut without_now = current.map.clone();
    without_now.now = None;
    assert_eq!(loaded.map, without_now);
    // Saved, it is format 2 with `now: None`.
    let written = to_canonical(&loaded.map).expect("serialise");
    assert!(written.starts_with("(\n    format: 2,\n"), "{written}");
    assert!(
        written.contains("\n    now: None,\n    stages: [\n"),
        "{written}"
    );
}

#[test]
fn now_in_a_format_1_file_or_naming_no_stage_is_refused_with_its_place() {
    let text = SPEC_EXAMPLE.replacen("format: 2,", "format: 1,", 1);
    let err = load_bytes(Path::new("m.ron"), text.as_bytes()).expect_err("refused");
    assert!(matches!(err.kind, LoadErrorKind::Invalid(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("m.ron:9:10: now: `now` is a field of format 2"),
        "{err}"
    );
    let text = SPEC_EXAMPLE.replacen("stage: \"rapport\",", "stage: \"renewal\",", 1);
    let err = load_bytes(Path::new("m.ron"), text.as_bytes()).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "m.ron:10:16: now.stage: now names stage \"renewal\", which the map does not have"
    );
    let text = SPEC_EXAMPLE.replacen("since: \"2026-09-01\"", "since: \"2026-09-31\"", 1);
    let err = load_bytes(Path::new("m.ron"), text.as_bytes()).expect_err("refused");
    assert!(
        err.to_string().starts_with("m.ron:11:16: now.since:"),
        "{err}"
    );
}

#[test]
fn the_docs_example_is_the_spec_example() {
    let docs = include_str!("../docs/format.md");
    let start = docs.find("```ron\n").expect("an example") + "```ron\n".len();
    let end = start + docs[start..].find("```\n").expect("its end");
    assert_eq!(&docs[start..end], SPEC_EXAMPLE);
}
