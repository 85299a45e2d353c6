use jiff::civil::date;

use super::*;
use crate::model::resolve;

fn base_map() -> Map {
    let mut m = Map::new("Northwind Health", "Dana Ruiz");
    let mut a = Stage::new("rapport", "Building rapport");
    a.feedback.push(Feedback {
        date: date(2026, 9, 14),
        method: Method::Conversation,
        score: Some(4),
        by: "Dana Ruiz".into(),
        summary: "Happy with onboarding".into(),
        holding_back: false,
    });
    a.commitments.push(Commitment::new(
        "Send the revised quote",
        "Lena Okafor",
        date(2026, 11, 1),
    ));
    a.needs.push(Need {
        text: "Predictable invoicing".into(),
        motivation: Motivation::Savings,
        met: false,
    });
    m.stages.push(a);
    m.stages.push(Stage::new("proposal", "Proposal"));
    m.stages.push(Stage::new("renewal", "Renewal"));
    m
}

fn fb(summary: &str) -> Feedback {
    Feedback {
        date: date(2026, 11, 2),
        method: Method::Call,
        score: None,
        by: "Lee".into(),
        summary: summary.into(),
        holding_back: false,
    }
}

fn both(base: &Map, ours: &Map, theirs: &Map) -> Map {
    let m = merge(Some(base), ours, theirs);
    let swapped = merge(Some(base), theirs, ours);
    if m.conflicts.is_empty() {
        assert_eq!(m, swapped, "the side that is ours changes a clean merge");
    }
    m
}

#[test]
fn both_sides_add_items_to_the_same_list() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages[0].feedback.push(fb("from ours"));
    theirs.stages[0].feedback.push(fb("from theirs"));
    let m = both(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let summaries: Vec<&str> = m.stages[0]
        .feedback
        .iter()
        .map(|f| f.summary.as_str())
        .collect();
    assert_eq!(
        summaries,
        ["Happy with onboarding", "from ours", "from theirs"]
    );
}

#[test]
fn both_sides_add_different_stages_and_both_keep_their_place() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages.insert(1, Stage::new("quote", "Quote"));
    theirs.stages.push(Stage::new("support", "Support"));
    let m = both(&base, &ours, &theirs);
    let ids: Vec<&str> = m.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["rapport", "quote", "proposal", "renewal", "support"]);
}

#[test]
fn different_fields_of_one_item_changed_on_each_side_both_apply() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages[0].commitments[0].promise = "Send the revised quote by post".into();
    theirs.stages[0].commitments[0].done = Some(date(2026, 10, 30));
    let m = both(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let c = &m.stages[0].commitments;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].promise, "Send the revised quote by post");
    assert_eq!(c[0].done, Some(date(2026, 10, 30)));
}

#[test]
fn a_reorder_on_one_side_and_an_edit_on_the_other_both_apply() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages.swap(0, 2);
    theirs.stages[0].name = "Rapport".into();
    let m = both(&base, &ours, &theirs);
    let ids: Vec<&str> = m.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["renewal", "proposal", "rapport"]);
    assert_eq!(m.stages[2].name, "Rapport");
}

#[test]
fn a_deletion_of_an_untouched_item_applies_and_the_same_change_twice_is_once() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages[0].needs.clear();
    ours.title = "Renewal year".into();
    theirs.title = "Renewal year".into();
    theirs.stages[0].feedback.push(fb("same"));
    ours.stages[0].feedback.push(fb("same"));
    let m = both(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert!(m.stages[0].needs.is_empty());
    assert_eq!(m.title, "Renewal year");
    assert_eq!(m.stages[0].feedback.len(), 2);
}

#[test]
fn review_notes_from_both_and_now_moved_on_one_side() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let note = |n: &str| Review {
        date: date(2026, 11, 20),
        by: "Dana".into(),
        stage: Some("proposal".into()),
        note: n.into(),
    };
    ours.reviews.push(note("ours"));
    theirs.reviews.push(note("theirs"));
    theirs.now = Some(Now {
        stage: "proposal".into(),
        since: date(2026, 11, 3),
    });
    let m = both(&base, &ours, &theirs);
    assert_eq!(m.reviews.len(), 2);
    assert_eq!(m.now, theirs.now);
}

#[test]
fn the_same_field_changed_two_ways_is_a_conflict_holding_all_three() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages[0].commitments[0].owner = "Ana".into();
    ours.stages[0].commitments[0].promise = "Send the quote".into();
    theirs.stages[0].commitments[0].owner = "Ben".into();
    let m = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let c = &m.conflicts[0];
    assert_eq!(c.stage.as_deref(), Some("rapport"));
    let owner = |p: Option<&Part>| match p {
        Some(Part::Commitment(c)) => (c.owner.clone(), c.promise.clone()),
        other => panic!("{other:?}"),
    };
    // The promise merged cleanly: every version has it.
    assert_eq!(
        owner(c.side(Side::Ours)),
        ("Ana".into(), "Send the quote".into())
    );
    assert_eq!(
        owner(c.side(Side::Theirs)),
        ("Ben".into(), "Send the quote".into())
    );
    assert_eq!(
        owner(c.side(Side::Base)),
        ("Lena Okafor".into(), "Send the quote".into())
    );
    assert_eq!(m.stages[0].commitments[0].owner, "Ana");
    let mut resolved = m.clone();
    resolve(&mut resolved, 0, c.theirs.clone()).expect("resolved");
    assert!(resolved.conflicts.is_empty());
    assert_eq!(resolved.stages[0].commitments[0].owner, "Ben");
    assert_eq!(resolved.stages[0].commitments.len(), 1);
}

#[test]
fn deleted_on_one_side_and_edited_on_the_other_keeps_the_edit_in_place() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages[0].needs.clear();
    theirs.stages[0].needs[0].met = true;
    let m = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kept, Side::Theirs);
    assert!(m.conflicts[0].ours.is_none());
    assert!(m.stages[0].needs[0].met);
    let mut resolved = m.clone();
    resolve(&mut resolved, 0, None).expect("resolved");
    assert!(resolved.stages[0].needs.is_empty());
}

#[test]
fn two_stages_given_the_same_new_id_conflict_and_the_map_stays_valid() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages.push(Stage::new("support", "Support desk"));
    theirs.stages.push(Stage::new("support", "After-sales"));
    let m = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert!(crate::model::validate(&m).is_empty());
    assert_eq!(
        m.conflicts[0].nature(),
        "both sides added a stage with this id"
    );
}

#[test]
fn a_stage_deleted_on_one_side_but_named_by_a_new_note_on_the_other_is_kept() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages.remove(1);
    theirs.reviews.push(Review {
        date: date(2026, 11, 20),
        by: "Dana".into(),
        stage: Some("proposal".into()),
        note: "Chase".into(),
    });
    let m = merge(Some(&base), &ours, &theirs);
    assert!(crate::model::validate(&m).is_empty());
    assert_eq!(m.conflicts.len(), 1);
}

#[test]
fn without_a_base_both_versions_of_a_list_are_kept() {
    let base = base_map();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.stages[0].feedback.push(fb("ours"));
    theirs.stages[0].feedback.push(fb("theirs"));
    let m = merge(None, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.stages[0].feedback.len(), 3);
}
