//! The finding rules of the format, each at its boundaries, always with an
//! explicit "today".

mod common;

use common::{
    commitment, d, feedback, holding_back, map_with, perception, quiet_stage, stage_with_feedback,
};
use journeymap::analysis::{
    Analysis, Finding, FindingKind, ItemList, Severity, Status, Thresholds, analyse, analyse_stage,
};
use journeymap::config::Config;
use journeymap::model::{Method, Phase, Source, Stage};

use FindingKind::*;

const TODAY: &str = "2026-11-23";

fn findings(stage: &Stage, today: &str) -> Vec<Finding> {
    analyse_stage(0, stage, Phase::Past, d(today), &Thresholds::default())
}

fn kinds_with(stage: &Stage, today: &str, t: &Thresholds) -> Vec<FindingKind> {
    analyse_stage(0, stage, Phase::Past, d(today), t)
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

fn kinds(stage: &Stage, today: &str) -> Vec<FindingKind> {
    kinds_with(stage, today, &Thresholds::default())
}

/// The one finding of `kind`; fails when there is none or several.
fn only(stage: &Stage, today: &str, kind: FindingKind) -> Finding {
    let mut of_kind: Vec<Finding> = findings(stage, today)
        .into_iter()
        .filter(|f| f.kind == kind)
        .collect();
    assert_eq!(of_kind.len(), 1, "{kind} findings: {of_kind:#?}");
    of_kind.remove(0)
}

/// Personal feedback without a score: raises nothing but staleness.
fn talk(date: &str) -> journeymap::model::Feedback {
    feedback(date, Method::Conversation, None)
}

// --- the table of kinds -------------------------------------------------

#[test]
fn kinds_have_the_codes_and_severities_of_the_format() {
    let table: Vec<(&str, Severity)> = FindingKind::ALL
        .iter()
        .map(|k| (k.code(), k.severity()))
        .collect();
    assert_eq!(
        table,
        [
            ("no-feedback", Severity::Critical),
            ("stale-feedback", Severity::Warning),
            ("survey-only", Severity::Warning),
            ("low-score", Severity::Critical),
            ("holding-back", Severity::Warning),
            ("overdue-commitment", Severity::Critical),
            ("kept-late", Severity::Warning),
            ("due-soon", Severity::Info),
            ("assumed-perception", Severity::Info),
            ("future-date", Severity::Warning),
            ("awaiting-feedback", Severity::Info),
        ]
    );
    let weak: Vec<_> = FindingKind::ALL
        .into_iter()
        .filter(|k| k.is_weak_feedback())
        .collect();
    assert_eq!(
        weak,
        [NoFeedback, StaleFeedback, SurveyOnly, LowScore, HoldingBack]
    );
    let missed: Vec<_> = FindingKind::ALL
        .into_iter()
        .filter(|k| k.is_missed_commitment())
        .collect();
    assert_eq!(missed, [OverdueCommitment, KeptLate]);
}

#[test]
fn every_finding_carries_the_severity_of_its_kind() {
    let mut stage = stage_with_feedback(
        "a",
        vec![holding_back("2026-01-01", Method::Survey, Some(1))],
    );
    stage.commitments = vec![
        commitment("2026-11-01", None),
        commitment("2026-11-01", Some("2026-11-02")),
        commitment("2026-11-24", None),
    ];
    stage.perceptions = vec![perception(Source::Assumed)];
    let all = findings(&stage, TODAY);
    assert_eq!(all.len(), 8, "{all:#?}");
    for f in &all {
        assert_eq!(f.severity, f.kind.severity());
        assert_eq!(f.stage, 0);
    }
}

// --- stale-feedback ------------------------------------------------------

#[test]
fn feedback_exactly_stale_after_days_old_is_not_stale() {
    // 2026-08-25 is 90 days before 2026-11-23.
    let stage = stage_with_feedback("a", vec![talk("2026-08-25")]);
    assert_eq!(kinds(&stage, TODAY), []);
}

#[test]
fn feedback_one_day_older_than_stale_after_days_is_stale() {
    let stage = stage_with_feedback("a", vec![talk("2026-08-24")]);
    let f = only(&stage, TODAY, StaleFeedback);
    assert_eq!(f.days, 91);
    assert_eq!(f.item, Some(0));
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(kinds(&stage, TODAY), [StaleFeedback]);
}

#[test]
fn staleness_counts_real_days_across_a_leap_february() {
    // December 31 + January 31 + February 29 (2028) = 91 days.
    let stage = stage_with_feedback("a", vec![talk("2027-12-01")]);
    assert_eq!(only(&stage, "2028-03-01", StaleFeedback).days, 91);
    let stage = stage_with_feedback("a", vec![talk("2027-12-02")]);
    assert_eq!(kinds(&stage, "2028-03-01"), []);
}

#[test]
fn staleness_looks_at_the_newest_feedback_only() {
    let stage = stage_with_feedback("a", vec![talk("2025-01-01"), talk("2026-11-20")]);
    assert_eq!(kinds(&stage, TODAY), []);
}

// --- future-date ---------------------------------------------------------

#[test]
fn feedback_dated_today_counts_and_tomorrow_is_in_the_future() {
    // Stale feedback, then an entry dated today: fresh again.
    let stage = stage_with_feedback("a", vec![talk("2026-08-01"), talk(TODAY)]);
    assert_eq!(kinds(&stage, TODAY), []);
    // Dated tomorrow instead: it counts for nothing, and is a finding.
    let stage = stage_with_feedback("a", vec![talk("2026-08-01"), talk("2026-11-24")]);
    assert_eq!(kinds(&stage, TODAY), [StaleFeedback, FutureDate]);
    let stale = only(&stage, TODAY, StaleFeedback);
    assert_eq!((stale.item, stale.days), (Some(0), 114));
    let future = only(&stage, TODAY, FutureDate);
    assert_eq!(
        (future.item, future.list, future.days, future.severity),
        (Some(1), Some(ItemList::Feedback), 1, Severity::Warning)
    );
    assert_eq!(
        future.message,
        "feedback is dated 2026-11-24, in the future (conversation, Dana Ruiz): \
         not counted until then"
    );
}

#[test]
fn feedback_far_in_the_future_does_not_silence_staleness() {
    let stage = stage_with_feedback("a", vec![talk("2026-08-01"), talk("2027-05-01")]);
    assert_eq!(kinds(&stage, TODAY), [StaleFeedback, FutureDate]);
}

#[test]
fn a_stage_whose_only_feedback_is_in_the_future_has_none() {
    let stage = stage_with_feedback("a", vec![talk("2026-11-24")]);
    assert_eq!(kinds(&stage, TODAY), [NoFeedback, FutureDate]);
}

#[test]
fn future_feedback_is_not_personal_low_scored_or_held_back() {
    // Survey only up to today; a call, a low score and holding back dated
    // tomorrow change nothing but add their finding.
    let stage = stage_with_feedback(
        "a",
        vec![
            feedback("2026-11-01", Method::Survey, Some(4)),
            holding_back("2026-11-24", Method::Call, Some(1)),
        ],
    );
    assert_eq!(kinds(&stage, TODAY), [SurveyOnly, FutureDate]);
    let survey = only(&stage, TODAY, SurveyOnly);
    assert_eq!(
        survey.message,
        "no personal feedback: 1 entry only by survey, email or other"
    );
}

#[test]
fn a_commitment_kept_after_today_is_still_open() {
    // Due 2026-11-20, "kept" tomorrow: overdue by 3 days, not kept late.
    let stage = with_commitments(vec![commitment("2026-11-20", Some("2026-11-24"))]);
    assert_eq!(kinds(&stage, TODAY), [OverdueCommitment, FutureDate]);
    assert_eq!(only(&stage, TODAY, OverdueCommitment).days, 3);
    let future = only(&stage, TODAY, FutureDate);
    assert_eq!(
        (future.item, future.list, future.days),
        (Some(0), Some(ItemList::Commitments), 1)
    );
    assert_eq!(
        future.message,
        "\"call back by 2026-11-20\" (Dana Ruiz) is marked kept on 2026-11-24, in the future: \
         counted as open"
    );
    // Kept today: kept late by 3 days, nothing in the future.
    let stage = with_commitments(vec![commitment("2026-11-20", Some(TODAY))]);
    assert_eq!(kinds(&stage, TODAY), [KeptLate]);
    // Due soon and "kept" next week: due soon.
    let stage = with_commitments(vec![commitment("2026-11-25", Some("2026-11-30"))]);
    assert_eq!(kinds(&stage, TODAY), [DueSoon, FutureDate]);
}

#[test]
fn review_notes_dated_after_today_are_findings_of_their_stage() {
    let mut map = map_with(vec![quiet_stage("rapport"), quiet_stage("closing")]);
    let note = |date: &str, stage: Option<&str>| journeymap::model::Review {
        date: d(date),
        by: "Lee".into(),
        stage: stage.map(Into::into),
        note: "n".into(),
    };
    map.reviews = vec![
        note(TODAY, Some("closing")),
        note("2026-11-24", Some("closing")),
        note("2026-12-01", None),
    ];
    let analysis = Analysis::of(&map, d(TODAY), &Thresholds::default());
    let found: Vec<_> = analysis
        .findings()
        .map(|f| (f.stage, f.kind, f.item, f.list, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            // A note about the whole map is carried by the first stage.
            (
                0,
                FutureDate,
                Some(2),
                Some(ItemList::Reviews),
                "review note about the whole map by Lee is dated 2026-12-01, in the future"
            ),
            (
                1,
                FutureDate,
                Some(1),
                Some(ItemList::Reviews),
                "review note by Lee is dated 2026-11-24, in the future"
            ),
        ]
    );
    assert_eq!(analysis.status, Status::Watch);
}

// --- newest: latest date, then later in the file -------------------------

#[test]
fn of_two_entries_on_the_same_date_the_later_in_the_file_is_newest() {
    let stage = stage_with_feedback(
        "a",
        vec![
            feedback("2026-11-10", Method::Call, Some(5)),
            holding_back("2026-11-10", Method::Call, Some(1)),
        ],
    );
    assert_eq!(only(&stage, TODAY, HoldingBack).item, Some(1));
    let low = only(&stage, TODAY, LowScore);
    assert_eq!(low.item, Some(1));
    assert_eq!(low.days, 13);
    assert_eq!(kinds(&stage, TODAY), [LowScore, HoldingBack]);

    // The same two entries the other way round: the good one is newest.
    let stage = stage_with_feedback(
        "a",
        vec![
            holding_back("2026-11-10", Method::Call, Some(1)),
            feedback("2026-11-10", Method::Call, Some(5)),
        ],
    );
    assert_eq!(kinds(&stage, TODAY), []);
}

#[test]
fn the_newest_feedback_need_not_be_the_last_in_the_file() {
    let stage = stage_with_feedback(
        "a",
        vec![
            feedback("2026-09-01", Method::Call, Some(5)),
            holding_back("2026-11-01", Method::Call, Some(2)),
            feedback("2026-10-01", Method::Call, Some(5)),
        ],
    );
    assert_eq!(only(&stage, TODAY, HoldingBack).item, Some(1));
    assert_eq!(only(&stage, TODAY, LowScore).item, Some(1));

    // An old bad entry last in the file does not count.
    let stage = stage_with_feedback(
        "a",
        vec![
            feedback("2026-11-01", Method::Call, Some(5)),
            holding_back("2026-09-01", Method::Call, Some(1)),
        ],
    );
    assert_eq!(kinds(&stage, TODAY), []);
}

// --- low-score ----------------------------------------------------------

#[test]
fn low_score_is_at_or_below_low_score_max() {
    let scored =
        |score| stage_with_feedback("a", vec![feedback("2026-11-01", Method::Call, Some(score))]);
    for score in [1, 2] {
        let f = only(&scored(score), TODAY, LowScore);
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.item, Some(0));
    }
    for score in [3, 4, 5] {
        assert_eq!(kinds(&scored(score), TODAY), [], "score {score}");
    }
}

#[test]
fn low_score_uses_the_newest_scored_feedback_past_a_newer_unscored_one() {
    let stage = stage_with_feedback(
        "a",
        vec![
            feedback("2026-10-01", Method::Call, Some(2)),
            feedback("2026-11-01", Method::Call, None),
        ],
    );
    let f = only(&stage, TODAY, LowScore);
    assert_eq!(f.item, Some(0));
    assert_eq!(f.days, 53);

    // The newest scored entry is good: an older low score no longer counts.
    let stage = stage_with_feedback(
        "a",
        vec![
            feedback("2026-08-30", Method::Call, Some(1)),
            feedback("2026-10-01", Method::Call, Some(4)),
            feedback("2026-11-01", Method::Call, None),
        ],
    );
    assert_eq!(kinds(&stage, TODAY), []);
}

#[test]
fn no_score_at_all_is_not_a_low_score() {
    let stage = stage_with_feedback("a", vec![talk("2026-11-01"), talk("2026-11-02")]);
    assert_eq!(kinds(&stage, TODAY), []);
}

// --- survey-only --------------------------------------------------------

#[test]
fn feedback_that_is_only_survey_email_or_other_is_survey_only() {
    for method in [Method::Survey, Method::Email, Method::Other("form".into())] {
        let stage = stage_with_feedback("a", vec![feedback("2026-11-01", method.clone(), None)]);
        let f = only(&stage, TODAY, SurveyOnly);
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(kinds(&stage, TODAY), [SurveyOnly], "{method:?}");
    }
    let stage = stage_with_feedback(
        "a",
        vec![
            feedback("2026-11-01", Method::Survey, None),
            feedback("2026-11-02", Method::Email, None),
            feedback("2026-11-03", Method::Other("form".into()), None),
        ],
    );
    assert_eq!(kinds(&stage, TODAY), [SurveyOnly]);
}

#[test]
fn one_personal_entry_anywhere_is_enough() {
    for method in [Method::Conversation, Method::Call, Method::Meeting] {
        // The personal entry is old and not the newest: it still counts.
        let stage = stage_with_feedback(
            "a",
            vec![
                feedback("2026-11-01", Method::Survey, None),
                feedback("2026-10-01", method.clone(), None),
                feedback("2026-11-02", Method::Email, None),
            ],
        );
        assert_eq!(kinds(&stage, TODAY), [], "{method:?}");
    }
}

// --- no-feedback --------------------------------------------------------

#[test]
fn no_feedback_is_the_only_feedback_finding_of_an_empty_stage() {
    let mut stage = Stage::new("a", "A");
    let f = only(&stage, TODAY, NoFeedback);
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.item, None);
    assert_eq!(kinds(&stage, TODAY), [NoFeedback]);

    // Commitments and perceptions are still looked at.
    stage.commitments = vec![commitment("2026-11-22", None)];
    stage.perceptions = vec![perception(Source::Assumed)];
    assert_eq!(
        kinds(&stage, TODAY),
        [NoFeedback, OverdueCommitment, AssumedPerception]
    );
}

// --- holding-back -------------------------------------------------------

#[test]
fn holding_back_on_the_newest_feedback_is_a_warning() {
    let stage = stage_with_feedback(
        "a",
        vec![holding_back("2026-11-01", Method::Meeting, Some(4))],
    );
    let f = only(&stage, TODAY, HoldingBack);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.item, Some(0));
    assert_eq!(f.days, 22);
}

// --- commitments --------------------------------------------------------

fn with_commitments(list: Vec<journeymap::model::Commitment>) -> Stage {
    Stage {
        commitments: list,
        ..quiet_stage("a")
    }
}

#[test]
fn an_open_commitment_due_today_is_due_soon() {
    let stage = with_commitments(vec![commitment(TODAY, None)]);
    let f = only(&stage, TODAY, DueSoon);
    assert_eq!((f.item, f.days, f.severity), (Some(0), 0, Severity::Info));
    assert!(f.message.contains("due today"), "{}", f.message);
    assert_eq!(kinds(&stage, TODAY), [DueSoon]);
}

#[test]
fn due_in_seven_days_is_due_soon_and_in_eight_is_not() {
    let stage = with_commitments(vec![commitment("2026-11-30", None)]);
    assert_eq!(only(&stage, TODAY, DueSoon).days, 7);
    let stage = with_commitments(vec![commitment("2026-12-01", None)]);
    assert_eq!(kinds(&stage, TODAY), []);
}

#[test]
fn due_tomorrow_says_so() {
    let stage = with_commitments(vec![commitment("2026-11-24", None)]);
    let f = only(&stage, TODAY, DueSoon);
    assert_eq!(f.days, 1);
    assert!(f.message.contains("due tomorrow"), "{}", f.message);
}

#[test]
fn an_open_commitment_due_yesterday_is_overdue_by_one_day() {
    let stage = with_commitments(vec![commitment("2026-11-22", None)]);
    let f = only(&stage, TODAY, OverdueCommitment);
    assert_eq!(
        (f.item, f.days, f.severity),
        (Some(0), 1, Severity::Critical)
    );
    assert!(f.message.contains("1 day overdue"), "{}", f.message);
    assert_eq!(kinds(&stage, TODAY), [OverdueCommitment]);
}

#[test]
fn a_commitment_kept_on_its_due_date_is_fine_and_a_day_later_is_kept_late() {
    let stage = with_commitments(vec![commitment("2026-11-01", Some("2026-11-01"))]);
    assert_eq!(kinds(&stage, TODAY), []);
    let stage = with_commitments(vec![commitment("2026-11-01", Some("2026-10-20"))]);
    assert_eq!(kinds(&stage, TODAY), []);

    let stage = with_commitments(vec![commitment("2026-11-01", Some("2026-11-02"))]);
    let f = only(&stage, TODAY, KeptLate);
    assert_eq!(
        (f.item, f.days, f.severity),
        (Some(0), 1, Severity::Warning)
    );
    assert_eq!(kinds(&stage, TODAY), [KeptLate]);
}

#[test]
fn a_kept_commitment_is_never_overdue_nor_due_soon() {
    let stage = with_commitments(vec![
        commitment("2026-01-01", Some("2025-12-31")),
        commitment("2026-11-25", Some("2026-11-20")),
    ]);
    assert_eq!(kinds(&stage, TODAY), []);
}

#[test]
fn each_commitment_gives_its_own_finding_in_list_order() {
    let stage = with_commitments(vec![
        commitment("2026-11-25", None),
        commitment("2026-11-01", None),
        commitment("2026-11-01", Some("2026-11-03")),
        commitment("2026-10-01", None),
    ]);
    let got: Vec<(FindingKind, Option<usize>, i64)> = findings(&stage, TODAY)
        .into_iter()
        .map(|f| (f.kind, f.item, f.days))
        .collect();
    assert_eq!(
        got,
        [
            (DueSoon, Some(0), 2),
            (OverdueCommitment, Some(1), 22),
            (KeptLate, Some(2), 2),
            (OverdueCommitment, Some(3), 53),
        ]
    );
}

#[test]
fn messages_stay_on_one_line_whatever_the_text() {
    let mut stage = with_commitments(vec![commitment("2026-11-01", None)]);
    stage.commitments[0].promise = "Call back\nabout the\tquote\r".into();
    stage.perceptions = vec![perception(Source::Assumed)];
    stage.perceptions[0].text = "Thinks we\nforgot them".into();
    let messages: Vec<String> = findings(&stage, TODAY)
        .into_iter()
        .map(|f| f.message)
        .collect();
    assert_eq!(
        messages,
        [
            "\"Call back about the quote \" (Dana Ruiz) was due 2026-11-01, still open: 22 days overdue",
            "\"Thinks we forgot them\" is our assumption, not yet checked with the client",
        ]
    );
}

// --- perceptions --------------------------------------------------------

#[test]
fn only_assumed_perceptions_are_findings() {
    let stage = Stage {
        perceptions: vec![
            perception(Source::Heard),
            perception(Source::Assumed),
            perception(Source::Observed),
            perception(Source::Assumed),
        ],
        ..quiet_stage("a")
    };
    let got: Vec<(FindingKind, Option<usize>, Severity)> = findings(&stage, TODAY)
        .into_iter()
        .map(|f| (f.kind, f.item, f.severity))
        .collect();
    assert_eq!(
        got,
        [
            (AssumedPerception, Some(1), Severity::Info),
            (AssumedPerception, Some(3), Severity::Info),
        ]
    );
}

// --- order --------------------------------------------------------------

#[test]
fn findings_come_in_stage_order_then_feedback_commitments_perceptions() {
    let mut first = stage_with_feedback(
        "first",
        vec![holding_back("2026-01-01", Method::Survey, Some(1))],
    );
    first.perceptions = vec![perception(Source::Assumed)];
    first.commitments = vec![commitment("2026-11-01", None), commitment(TODAY, None)];
    let second = Stage::new("second", "Second");
    let third = Stage {
        perceptions: vec![perception(Source::Assumed)],
        ..quiet_stage("third")
    };
    let map = map_with(vec![first, second, third]);
    let got: Vec<(usize, FindingKind)> = analyse(&map, d(TODAY), &Thresholds::default())
        .into_iter()
        .map(|f| (f.stage, f.kind))
        .collect();
    assert_eq!(
        got,
        [
            (0, StaleFeedback),
            (0, SurveyOnly),
            (0, LowScore),
            (0, HoldingBack),
            (0, OverdueCommitment),
            (0, DueSoon),
            (0, AssumedPerception),
            (1, NoFeedback),
            (2, AssumedPerception),
        ]
    );
}

// --- status -------------------------------------------------------------

#[test]
fn stage_status_is_at_risk_watch_or_ok_by_the_worst_severity() {
    let ok = Stage {
        perceptions: vec![perception(Source::Assumed)],
        commitments: vec![commitment("2026-11-24", None)],
        ..quiet_stage("ok")
    };
    let watch = Stage {
        commitments: vec![commitment("2026-11-01", Some("2026-11-05"))],
        ..quiet_stage("watch")
    };
    let at_risk = Stage {
        commitments: vec![
            commitment("2026-11-01", Some("2026-11-05")),
            commitment("2026-11-22", None),
        ],
        ..quiet_stage("at-risk")
    };
    let map = map_with(vec![ok, watch, at_risk]);
    let analysis = Analysis::of(&map, d(TODAY), &Thresholds::default());
    let statuses: Vec<Status> = analysis.stages.iter().map(|s| s.status).collect();
    assert_eq!(statuses, [Status::Ok, Status::Watch, Status::AtRisk]);
    assert_eq!(
        statuses.iter().map(|s| s.code()).collect::<Vec<_>>(),
        ["ok", "watch", "at-risk"]
    );
    assert_eq!(analysis.status, Status::AtRisk);
    assert_eq!(analysis.today, Some(d(TODAY)));
    assert_eq!(analysis.missed_count(), 3);
    assert_eq!(analysis.weak_stage_count(), 0);
}

#[test]
fn map_status_is_the_worst_of_its_stages() {
    let t = Thresholds::default();
    let ok = || quiet_stage("ok");
    let watch = || stage_with_feedback("watch", vec![feedback("2026-11-01", Method::Survey, None)]);
    let at_risk = || Stage::new("none", "None");

    assert_eq!(
        Analysis::of(&map_with(vec![]), d(TODAY), &t).status,
        Status::Ok
    );
    assert_eq!(
        Analysis::of(&map_with(vec![ok(), ok()]), d(TODAY), &t).status,
        Status::Ok
    );
    assert_eq!(
        Analysis::of(&map_with(vec![ok(), watch(), ok()]), d(TODAY), &t).status,
        Status::Watch
    );
    let worst = Analysis::of(&map_with(vec![watch(), ok(), at_risk()]), d(TODAY), &t);
    assert_eq!(worst.status, Status::AtRisk);
    assert_eq!(worst.weak_stage_count(), 2);
}

#[test]
fn refresh_stage_matches_a_full_analysis() {
    let t = Thresholds::default();
    let mut map = map_with(vec![quiet_stage("a"), quiet_stage("b")]);
    let mut analysis = Analysis::of(&map, d(TODAY), &t);
    assert_eq!(analysis.status, Status::Ok);
    map.stages[1].feedback.clear();
    analysis.refresh_stage(&map, 1, d(TODAY), &t);
    assert_eq!(analysis, Analysis::of(&map, d(TODAY), &t));
    assert_eq!(analysis.status, Status::AtRisk);
}

// --- thresholds ---------------------------------------------------------

#[test]
fn default_thresholds_are_those_of_the_format() {
    let t = Thresholds::default();
    assert_eq!(
        (t.stale_after_days, t.low_score_max, t.due_soon_days),
        (90, 2, 7)
    );
}

#[test]
fn custom_thresholds_move_every_boundary() {
    let t = Thresholds {
        stale_after_days: 60,
        low_score_max: 3,
        due_soon_days: 0,
        now_grace_days: 14,
    };
    // 2026-09-24 is 60 days before today.
    let stage = stage_with_feedback("a", vec![talk("2026-09-24")]);
    assert_eq!(kinds_with(&stage, TODAY, &t), []);
    let stage = stage_with_feedback("a", vec![talk("2026-09-23")]);
    assert_eq!(kinds_with(&stage, TODAY, &t), [StaleFeedback]);

    let stage = stage_with_feedback("a", vec![feedback("2026-11-01", Method::Call, Some(3))]);
    assert_eq!(kinds_with(&stage, TODAY, &t), [LowScore]);
    let stage = stage_with_feedback("a", vec![feedback("2026-11-01", Method::Call, Some(4))]);
    assert_eq!(kinds_with(&stage, TODAY, &t), []);

    let stage = with_commitments(vec![
        commitment(TODAY, None),
        commitment("2026-11-24", None),
    ]);
    assert_eq!(kinds_with(&stage, TODAY, &t), [DueSoon]);
}

#[test]
fn low_score_max_zero_turns_low_scores_off() {
    let t = Thresholds {
        low_score_max: 0,
        ..Thresholds::default()
    };
    let stage = stage_with_feedback("a", vec![feedback("2026-11-01", Method::Call, Some(1))]);
    assert_eq!(kinds_with(&stage, TODAY, &t), []);
}

#[test]
fn thresholds_are_read_from_config_ron() {
    let config =
        Config::parse("(thresholds: (stale_after_days: 60, low_score_max: 2, due_soon_days: 7))")
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.thresholds,
        Thresholds {
            stale_after_days: 60,
            low_score_max: 2,
            due_soon_days: 7,
            now_grace_days: 14,
        }
    );
    // Any threshold left out keeps its default.
    let config =
        Config::parse("(thresholds: (due_soon_days: 14))").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.thresholds,
        Thresholds {
            due_soon_days: 14,
            ..Thresholds::default()
        }
    );
    assert_eq!(
        Config::parse("()").map(|c| c.thresholds),
        Ok(Thresholds::default())
    );
}

#[test]
fn bad_thresholds_in_config_are_refused_with_their_place() {
    let err = Config::parse("(thresholds: (stale_days: 60))").expect_err("unknown field");
    assert!(err.starts_with("1:15: "), "{err}");
    assert!(err.contains("stale_days"), "{err}");

    let text = "(\n    thresholds: (stale_after_days: -1),\n)";
    let err = Config::parse(text).expect_err("negative days");
    let (line, col) = common::pos_of(text, "-1", 0);
    assert!(err.starts_with(&format!("{line}:{col}: ")), "{err}");
    assert!(err.contains("stale_after_days"), "{err}");
}

#[test]
fn thresholds_are_refused_outside_their_ranges_at_each_boundary() {
    let parse = |field: &str, value: i64| {
        Config::parse(&format!("(thresholds: ({field}: {value}))")).map(|c| c.thresholds)
    };
    for (field, lowest, highest) in [
        ("stale_after_days", 1, 3650),
        ("low_score_max", 0, 4),
        ("due_soon_days", 0, 365),
    ] {
        for ok in [lowest, highest] {
            assert!(parse(field, ok).is_ok(), "{field}: {ok}");
        }
        for bad in [lowest - 1, highest + 1] {
            if field == "low_score_max" && bad < 0 {
                continue; // not a u8: refused by the reader already
            }
            let err = parse(field, bad).expect_err("out of range");
            let col = format!("(thresholds: ({field}: ").len() + 1;
            assert_eq!(
                err,
                format!(
                    "1:{col}: thresholds.{field}: {bad} is outside the allowed range \
                     {lowest}..={highest}"
                )
            );
        }
    }
}

#[test]
fn a_low_score_max_that_would_make_a_five_low_is_refused() {
    let text =
        "(\n    thresholds: (\n        low_score_max: 7,\n        due_soon_days: 400,\n    ),\n)\n";
    let err = Config::parse(text).expect_err("out of range");
    // Every threshold out of range, each on its own line with its place.
    assert_eq!(
        err,
        "3:24: thresholds.low_score_max: 7 is outside the allowed range 0..=4\n\
         4:24: thresholds.due_soon_days: 400 is outside the allowed range 0..=365"
    );
}

#[test]
fn config_load_names_the_file_in_its_errors() {
    let (_dir, path) = common::temp_path("config.ron");
    let text = "(\n    thresholds: (\n        stale_after_days: -1,\n    ),\n)\n";
    std::fs::write(&path, text).expect("write");
    let err = Config::load(Some(&path)).expect_err("negative");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:3:27: thresholds.stale_after_days: -1 is outside the allowed range 1..=3650",
            path.display()
        )
    );

    // Several thresholds out of range: a line each, each naming the file.
    std::fs::write(
        &path,
        "(thresholds: (stale_after_days: 0, low_score_max: 5))",
    )
    .expect("write");
    let err = Config::load(Some(&path)).expect_err("out of range");
    assert_eq!(
        err.to_string(),
        format!(
            "{p}:1:33: thresholds.stale_after_days: 0 is outside the allowed range 1..=3650\n\
             {p}:1:51: thresholds.low_score_max: 5 is outside the allowed range 0..=4",
            p = path.display()
        )
    );

    std::fs::write(&path, "(thresholds: (stale_after_days: 30))").expect("write");
    let (config, from) = Config::load(Some(&path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.thresholds.stale_after_days, 30);
    assert_eq!(from, path);

    // A config file named on the command line must exist.
    std::fs::remove_file(&path).expect("remove");
    let err = Config::load(Some(&path)).expect_err("missing");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: cannot read the config: no such file or folder",
            path.display()
        )
    );
}

/// The findings of a stage stay as long as the map is open: without spare
/// room, so a stage with a thousand commitments due does not carry two.
#[test]
fn findings_are_kept_without_spare_room() {
    let mut stage = quiet_stage("a");
    stage.commitments = (0..1000).map(|_| commitment("2026-01-01", None)).collect();
    let found = findings(&stage, TODAY);
    assert_eq!(found.len(), 1000);
    assert_eq!(found.capacity(), found.len());
    assert!(
        found
            .iter()
            .all(|f| f.message.capacity() == f.message.len())
    );
}
