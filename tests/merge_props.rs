//! Properties of the three-way merge over generated maps, each side a
//! few random edits of the base (the edits people make in the app):
//! a change merged with an unchanged side is that change; two identical
//! changes are that change; nothing a side added is ever lost; a clean
//! merge does not depend on which side is ours; and every merge is a map
//! the app opens (valid, and read back as written).

mod common;

use common::strategies;
use jiff::civil::date;
use journeymap::model::merge::merge;
use journeymap::model::{
    Channel, Commitment, Feedback, Map, Method, Motivation, Need, Now, Part, Review, Stage,
    Touchpoint, validate,
};
use journeymap::storage::{parse_map, to_canonical};
use journeymap::synth::SplitMix64;
use proptest::prelude::*;

/// Text no generated map holds, unique per side and edit.
fn fresh(tag: &str, rng: &mut SplitMix64) -> String {
    format!("{tag}-{}", rng.next_u64() % 1_000_000)
}

/// Adds a new item to a random list of a random stage (or a review).
fn add_item(map: &mut Map, tag: &str, rng: &mut SplitMix64) {
    if map.stages.is_empty() || rng.percent(15) {
        let stage = (!map.stages.is_empty() && rng.percent(50))
            .then(|| map.stages[rng.below(map.stages.len())].id.clone());
        let at = rng.below(map.reviews.len() + 1);
        map.reviews.insert(
            at,
            Review {
                date: date(2026, 11, 20),
                by: fresh(tag, rng).into(),
                stage,
                note: fresh(tag, rng).into(),
            },
        );
        return;
    }
    let text = fresh(tag, rng);
    let i = rng.below(map.stages.len());
    let s = &mut map.stages[i];
    match rng.below(5) {
        0 => {
            let at = rng.below(s.touchpoints.len() + 1);
            s.touchpoints.insert(
                at,
                Touchpoint {
                    channel: Channel::Phone,
                    description: text.into(),
                    owner: "Dana".into(),
                    department: Default::default(),
                },
            );
        }
        1 => {
            let at = rng.below(s.needs.len() + 1);
            s.needs.insert(
                at,
                Need {
                    text: text.into(),
                    motivation: Motivation::Utility,
                    met: false,
                },
            );
        }
        2 => {
            let at = rng.below(s.perceptions.len() + 1);
            s.perceptions.insert(
                at,
                journeymap::model::Perception {
                    text: text.into(),
                    sentiment: 1,
                    source: journeymap::model::Source::Heard,
                },
            );
        }
        3 => {
            let at = rng.below(s.feedback.len() + 1);
            s.feedback.insert(
                at,
                Feedback {
                    date: date(2026, 11, 2),
                    method: Method::Call,
                    score: Some(3),
                    by: "Lee".into(),
                    summary: text.into(),
                    holding_back: false,
                },
            );
        }
        _ => {
            let at = rng.below(s.commitments.len() + 1);
            s.commitments
                .insert(at, Commitment::new(&text, "Lee", date(2026, 12, 1)));
        }
    }
}

/// Adds a stage with a new id somewhere.
fn add_stage(map: &mut Map, tag: &str, rng: &mut SplitMix64) {
    let id = format!("{tag}-{}", rng.next_u64() % 1000);
    if map.stage_index(&id).is_some() {
        return;
    }
    let at = rng.below(map.stages.len() + 1);
    let mut stage = Stage::new(&id, "New stage");
    stage.needs.push(Need {
        text: fresh(tag, rng).into(),
        motivation: Motivation::Security,
        met: true,
    });
    map.stages.insert(at, stage);
}

/// Changes one field of one existing item, or of the map.
fn change_something(map: &mut Map, tag: &str, rng: &mut SplitMix64) {
    let text = fresh(tag, rng);
    if map.stages.is_empty() || rng.percent(10) {
        match rng.below(3) {
            0 => map.title = text.into(),
            1 => map.client.segment = Some(text.into()),
            _ => map.client.account_manager = text.into(),
        }
        return;
    }
    let i = rng.below(map.stages.len());
    let s = &mut map.stages[i];
    let pick = |n: usize, rng: &mut SplitMix64| (n > 0).then(|| rng.below(n));
    match rng.below(7) {
        0 => s.name = text.into(),
        1 => s.goal = Some(text.into()),
        2 => {
            if let Some(j) = pick(s.touchpoints.len(), rng) {
                if rng.percent(50) {
                    s.touchpoints[j].owner = text.into();
                } else {
                    s.touchpoints[j].description = text.into();
                }
            }
        }
        3 => {
            if let Some(j) = pick(s.needs.len(), rng) {
                s.needs[j].met = !s.needs[j].met;
            }
        }
        4 => {
            if let Some(j) = pick(s.feedback.len(), rng) {
                s.feedback[j].summary = text.into();
            }
        }
        5 => {
            if let Some(j) = pick(s.commitments.len(), rng) {
                s.commitments[j].done = Some(date(2026, 11, 1 + rng.below(20) as i8));
            }
        }
        _ => {
            if let Some(j) = pick(s.perceptions.len(), rng) {
                s.perceptions[j].text = text.into();
            }
        }
    }
}

/// Deletes an item, a stage (its notes become notes on the whole map, as
/// in the app), moves a stage, or moves `now`.
fn restructure(map: &mut Map, rng: &mut SplitMix64) {
    if map.stages.is_empty() {
        return;
    }
    let i = rng.below(map.stages.len());
    match rng.below(5) {
        0 => {
            let s = &mut map.stages[i];
            match rng.below(3) {
                0 if !s.feedback.is_empty() => {
                    s.feedback.remove(rng.below(s.feedback.len()));
                }
                1 if !s.needs.is_empty() => {
                    s.needs.remove(rng.below(s.needs.len()));
                }
                _ if !s.commitments.is_empty() => {
                    s.commitments.remove(rng.below(s.commitments.len()));
                }
                _ => {}
            }
        }
        1 => {
            let gone = map.stages.remove(i).id;
            for r in &mut map.reviews {
                if r.stage.as_deref() == Some(gone.as_str()) {
                    r.stage = None;
                }
            }
            if map.now.as_ref().is_some_and(|n| n.stage == gone) {
                map.now = None;
            }
        }
        2 => {
            let j = rng.below(map.stages.len());
            map.stages.swap(i, j);
        }
        3 => {
            map.now = Some(Now {
                stage: map.stages[i].id.clone(),
                since: date(2026, 10, 1 + rng.below(28) as i8),
            });
        }
        _ => {
            if !map.reviews.is_empty() {
                map.reviews.remove(rng.below(map.reviews.len()));
            }
        }
    }
}

/// A few random edits of `base`, as one side of a merge.
fn edited(base: &Map, tag: &str, seed: u64, edits: usize) -> Map {
    let mut map = base.clone();
    let mut rng = SplitMix64::new(seed);
    for _ in 0..edits {
        match rng.below(4) {
            0 => add_item(&mut map, tag, &mut rng),
            1 => add_stage(&mut map, tag, &mut rng),
            2 => change_something(&mut map, tag, &mut rng),
            _ => restructure(&mut map, &mut rng),
        }
    }
    assert!(
        validate(&map).is_empty(),
        "the edits made a bad map: {:?}",
        validate(&map)
    );
    map
}

/// Only additions: new items, notes and stages.
fn added(base: &Map, tag: &str, seed: u64, edits: usize) -> Map {
    let mut map = base.clone();
    let mut rng = SplitMix64::new(seed);
    for _ in 0..edits {
        if rng.percent(70) {
            add_item(&mut map, tag, &mut rng);
        } else {
            add_stage(&mut map, tag, &mut rng);
        }
    }
    map
}

/// Every piece of text anywhere in a merge result, in the map and in its
/// conflicts: what was kept, in one form or another.
fn all_text(map: &Map) -> String {
    let mut text = to_canonical(map).expect("written");
    for c in &map.conflicts {
        for p in [&c.base, &c.ours, &c.theirs].into_iter().flatten() {
            text.push_str(&format!("{p:?}"));
        }
    }
    text
}

/// The texts a side added, compared with the base.
fn new_texts(base: &Map, side: &Map, tag: &str) -> Vec<String> {
    let written = to_canonical(side).expect("written");
    let before = to_canonical(base).expect("written");
    let mut out = Vec::new();
    let prefix = format!("\"{tag}-");
    for piece in written.split(&prefix).skip(1) {
        let Some(end) = piece.find('"') else { continue };
        let t = format!("{tag}-{}", &piece[..end]);
        if !before.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn opens(map: &Map) -> Result<(), TestCaseError> {
    prop_assert!(
        validate(map).is_empty(),
        "invalid merge: {:?}",
        validate(map)
    );
    let text = to_canonical(map).expect("written");
    let read = parse_map(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    prop_assert_eq!(&read, map);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_change_merged_with_an_unchanged_side_is_that_change(
        base in strategies::map(), seed in any::<u64>(), edits in 1usize..6,
    ) {
        let changed = edited(&base, "o", seed, edits);
        prop_assert_eq!(&merge(Some(&base), &changed, &base), &changed);
        prop_assert_eq!(&merge(Some(&base), &base, &changed), &changed);
    }

    #[test]
    fn two_identical_changes_are_that_change(
        base in strategies::map(), seed in any::<u64>(), edits in 1usize..6,
    ) {
        let changed = edited(&base, "o", seed, edits);
        prop_assert_eq!(&merge(Some(&base), &changed, &changed), &changed);
    }

    #[test]
    fn nothing_added_on_either_side_is_lost(
        base in strategies::map(), seeds in any::<(u64, u64)>(), edits in 1usize..6,
    ) {
        let ours = added(&base, "o", seeds.0, edits);
        let theirs = edited(&base, "t", seeds.1, edits);
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged = merge(Some(&base), o, t);
            let kept = all_text(&merged);
            for text in new_texts(&base, &ours, "o") {
                prop_assert!(kept.contains(&text), "lost {} of ours", text);
            }
            opens(&merged)?;
        }
        // Both sides adding: everything of both is kept.
        let theirs = added(&base, "t", seeds.1, edits);
        let merged = merge(Some(&base), &ours, &theirs);
        let kept = all_text(&merged);
        for text in new_texts(&base, &ours, "o").into_iter().chain(new_texts(&base, &theirs, "t")) {
            prop_assert!(kept.contains(&text), "lost {}", text);
        }
    }

    #[test]
    fn a_clean_merge_is_the_same_whichever_side_is_ours_and_every_merge_opens(
        base in strategies::map(), seeds in any::<(u64, u64)>(), edits in 1usize..6,
    ) {
        let ours = edited(&base, "o", seeds.0, edits);
        let theirs = edited(&base, "t", seeds.1, edits);
        let merged = merge(Some(&base), &ours, &theirs);
        opens(&merged)?;
        let swapped = merge(Some(&base), &theirs, &ours);
        opens(&swapped)?;
        if merged.conflicts.is_empty() {
            prop_assert_eq!(&merged, &swapped);
        } else {
            prop_assert_eq!(merged.conflicts.len(), swapped.conflicts.len(), "{:#?}\n---\n{:#?}", merged.conflicts, swapped.conflicts);
        }
        // Without the base (git's markers in the default style), still a
        // map that opens.
        opens(&merge(None, &ours, &theirs))?;
    }

    /// The app refuses a pick that would break a rule (a version naming a
    /// stage another conflict may delete): some pick is always allowed,
    /// so every conflict can be resolved, and the result opens.
    #[test]
    fn conflicts_can_always_be_resolved_one_by_one_to_a_map_that_opens(
        base in strategies::map(), seeds in any::<(u64, u64)>(), edits in 1usize..6, pick in 0usize..3,
    ) {
        let ours = edited(&base, "o", seeds.0, edits);
        let theirs = edited(&base, "t", seeds.1, edits);
        let mut merged = merge(Some(&base), &ours, &theirs);
        let sides = journeymap::model::Side::ALL;
        'next: while !merged.conflicts.is_empty() {
            for i in 0..merged.conflicts.len() {
                for k in 0..sides.len() {
                    let side = sides[(pick + k) % sides.len()];
                    let chosen: Option<Part> = merged.conflicts[i].side(side).cloned();
                    let mut tried = merged.clone();
                    journeymap::model::resolve(&mut tried, i, chosen).map_err(|e| TestCaseError::fail(e.0))?;
                    if validate(&tried).is_empty() {
                        merged = tried;
                        continue 'next;
                    }
                }
            }
            prop_assert!(false, "no conflict can be resolved: {:#?}", merged.conflicts);
        }
        opens(&merged)?;
    }
}
