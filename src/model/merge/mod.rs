//! The structural three-way merge of maps (git's merge driver, the app's
//! "changed on disk" merge, files holding git's conflict markers).
//!
//! Stages are matched by id; the items of each list, and the review
//! notes, by content (`list.rs` says how, `docs/format.md` why): an item
//! changed on one side takes that change, changes to different fields of
//! one item on each side both apply, and only a real disagreement (the
//! same field changed two ways, a thing deleted on one side and changed on
//! the other, two different stages added with one id) becomes a
//! [`Conflict`], kept in the map so that the file still opens. The result
//! does not depend on which side is "ours" except in what the map holds
//! in place of a conflict until it is resolved.

pub(crate) mod fields;
mod list;
mod order;

use std::collections::{HashMap, HashSet};

use self::fields::{FieldMerge, merge_fields};
use self::list::{ItemConflict, ListMerge, merge_list};
use self::order::{Key, merge_order};
use super::conflict::{Conflict, Heading, Part, Side};
use super::map::*;

/// Merges `ours` and `theirs`, two versions of `base` (`None` when the
/// common version is not known: then nothing counts as deleted, and every
/// difference is a conflict or, in lists, both versions are kept). The
/// result's `conflicts` hold what did not merge, after those the sides
/// already held.
pub fn merge(base: Option<&Map>, ours: &Map, theirs: &Map) -> Map {
    let mut conflicts = Vec::new();
    let client = merge_record(
        base.map(|b| &b.client),
        &ours.client,
        &theirs.client,
        Part::Client,
        None,
        &mut conflicts,
    );
    let title = merge_value(
        base.map(|b| &b.title),
        &ours.title,
        &theirs.title,
        |t| Some(Part::Title(t.to_string())),
        None,
        &mut conflicts,
    );
    let now = merge_value(
        base.map(|b| &b.now),
        &ours.now,
        &theirs.now,
        |n| n.clone().map(Part::Now),
        None,
        &mut conflicts,
    );
    let ListMerge {
        items: reviews,
        conflicts: review_conflicts,
    } = merge_list(base.map(|b| &b.reviews[..]), &ours.reviews, &theirs.reviews);
    // The stages the result names, and those any version of a conflict
    // names: a stage one side deleted stays while something may still
    // point at it, whichever version is picked.
    let review_conflicts: Vec<Conflict> = review_conflicts
        .into_iter()
        .map(|c| item_conflict(c, None, Part::Review))
        .collect();
    let mut referenced: Vec<String> = reviews
        .iter()
        .filter_map(|r| r.stage.as_deref().map(str::to_string))
        .collect();
    referenced.extend(now.as_ref().map(|n| n.stage.to_string()));
    for c in conflicts.iter().chain(&review_conflicts) {
        for part in [&c.base, &c.ours, &c.theirs].into_iter().flatten() {
            match part {
                Part::Now(n) => referenced.push(n.stage.to_string()),
                Part::Review(r) => referenced.extend(r.stage.as_deref().map(str::to_string)),
                _ => {}
            }
        }
    }
    let (stages, stage_conflicts) = merge_stages(base, ours, theirs, &referenced);
    conflicts.extend(stage_conflicts);
    conflicts.extend(review_conflicts);
    conflicts.extend(carried_conflicts(base, ours, theirs));
    Map {
        format: super::FORMAT_VERSION,
        client,
        title,
        now,
        stages,
        reviews,
        conflicts,
    }
}

/// Conflicts the sides already held and neither resolved: one held by
/// both stays, one a side added stays, one of the base that a side no
/// longer holds was resolved there.
fn carried_conflicts(base: Option<&Map>, ours: &Map, theirs: &Map) -> Vec<Conflict> {
    let before: HashSet<&Conflict> = base
        .map(|b| b.conflicts.iter().collect())
        .unwrap_or_default();
    let in_ours: HashSet<&Conflict> = ours.conflicts.iter().collect();
    let in_theirs: HashSet<&Conflict> = theirs.conflicts.iter().collect();
    let mut out: Vec<Conflict> = Vec::new();
    for c in ours.conflicts.iter().chain(&theirs.conflicts) {
        let both = in_ours.contains(c) && in_theirs.contains(c);
        if (both || !before.contains(c)) && !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

/// A whole value merged: a change on one side wins; the same change on
/// both is that change; two different changes are a conflict (ours kept).
fn merge_value<T: PartialEq + Clone>(
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    part: impl Fn(&T) -> Option<Part>,
    stage: Option<&str>,
    conflicts: &mut Vec<Conflict>,
) -> T {
    if ours == theirs || base == Some(theirs) {
        return ours.clone();
    }
    if base == Some(ours) {
        return theirs.clone();
    }
    conflicts.push(Conflict {
        stage: stage.map(str::to_string),
        kept: Side::Ours,
        base: base.and_then(&part),
        ours: part(ours),
        theirs: part(theirs),
    });
    ours.clone()
}

/// A record merged field by field; without a base, any difference is a
/// conflict over the whole record.
fn merge_record<T: fields::Fields>(
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    part: fn(T) -> Part,
    stage: Option<&str>,
    conflicts: &mut Vec<Conflict>,
) -> T {
    let Some(base) = base else {
        return merge_value(
            None,
            ours,
            theirs,
            |v| Some(part(v.clone())),
            stage,
            conflicts,
        );
    };
    match merge_fields(base, ours, theirs) {
        FieldMerge::Clean(v) => v,
        FieldMerge::Conflict {
            base, ours, theirs, ..
        } => {
            conflicts.push(Conflict {
                stage: stage.map(str::to_string),
                kept: Side::Ours,
                base: Some(part(base)),
                ours: Some(part(ours.clone())),
                theirs: Some(part(theirs)),
            });
            ours
        }
    }
}

fn item_conflict<T>(c: ItemConflict<T>, stage: Option<&str>, part: fn(T) -> Part) -> Conflict {
    Conflict {
        stage: stage.map(str::to_string),
        kept: c.kept,
        base: c.base.map(part),
        ours: c.ours.map(part),
        theirs: c.theirs.map(part),
    }
}

/// What became of one stage id.
enum StageOutcome {
    Gone,
    /// Merged from the versions of the sides that have it (and the base).
    Merge(Option<usize>, usize, usize),
    /// Taken as it is from one side, with the conflict that kept it when
    /// the other side deleted or re-made it.
    Take(Box<Stage>, Option<Box<Conflict>>),
}

fn merge_stages(
    base: Option<&Map>,
    ours: &Map,
    theirs: &Map,
    referenced: &[String],
) -> (Vec<Stage>, Vec<Conflict>) {
    let index = |m: &Map| -> HashMap<String, usize> {
        m.stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.to_string(), i))
            .collect()
    };
    let base_stages: &[Stage] = base.map_or(&[], |b| &b.stages);
    let (bi, oi, ti) = (
        base.map(index).unwrap_or_default(),
        index(ours),
        index(theirs),
    );
    let key_of = |id: &str, own: Key| -> Key {
        match (bi.get(id), oi.get(id)) {
            (Some(&i), _) => Key::Base(i),
            (None, Some(&j)) => Key::Ours(j),
            (None, None) => own,
        }
    };
    let ours_keys: Vec<Key> = (0..ours.stages.len())
        .map(|j| key_of(&ours.stages[j].id, Key::Ours(j)))
        .collect();
    let theirs_keys: Vec<Key> = (0..theirs.stages.len())
        .map(|j| key_of(&theirs.stages[j].id, Key::Theirs(j)))
        .collect();
    let id_of = |k: Key| -> &str {
        match k {
            Key::Base(i) => &base_stages[i].id,
            Key::Ours(j) => &ours.stages[j].id,
            Key::Theirs(j) => &theirs.stages[j].id,
        }
    };
    let whole = |s: Option<usize>, m: &Map| s.map(|i| Part::Stage(m.stages[i].clone()));
    let decide = |k: Key| -> StageOutcome {
        let id = id_of(k);
        let (o, t) = (oi.get(id).copied(), ti.get(id).copied());
        match k {
            Key::Base(i) => {
                let b = &base_stages[i];
                let one_side = |s: &Stage, kept: Side| {
                    let c = Conflict {
                        stage: Some(id.to_string()),
                        kept,
                        base: Some(Part::Stage(b.clone())),
                        ours: whole(o, ours),
                        theirs: whole(t, theirs),
                    };
                    // Deleted on one side, untouched on the other: gone,
                    // unless a merged review note or `now` still names it.
                    if s == b && !referenced.iter().any(|r| r == id) {
                        StageOutcome::Gone
                    } else {
                        StageOutcome::Take(Box::new(s.clone()), Some(Box::new(c)))
                    }
                };
                match (o, t) {
                    (Some(o), Some(t)) => StageOutcome::Merge(Some(i), o, t),
                    (Some(o), None) => one_side(&ours.stages[o], Side::Ours),
                    (None, Some(t)) => one_side(&theirs.stages[t], Side::Theirs),
                    (None, None) => StageOutcome::Gone,
                }
            }
            _ => match (o, t) {
                (Some(o), Some(t)) if ours.stages[o] == theirs.stages[t] || base.is_none() => {
                    StageOutcome::Merge(None, o, t)
                }
                (Some(o), Some(t)) => StageOutcome::Take(
                    Box::new(ours.stages[o].clone()),
                    Some(Box::new(Conflict {
                        stage: Some(id.to_string()),
                        kept: Side::Ours,
                        base: None,
                        ours: Some(Part::Stage(ours.stages[o].clone())),
                        theirs: Some(Part::Stage(theirs.stages[t].clone())),
                    })),
                ),
                (Some(o), None) => StageOutcome::Take(Box::new(ours.stages[o].clone()), None),
                (None, Some(t)) => StageOutcome::Take(Box::new(theirs.stages[t].clone()), None),
                (None, None) => StageOutcome::Gone,
            },
        }
    };
    let mut outcomes: HashMap<Key, StageOutcome> = HashMap::new();
    for &k in ours_keys.iter().chain(&theirs_keys) {
        outcomes.entry(k).or_insert_with(|| decide(k));
    }
    let kept = |k: Key| !matches!(outcomes.get(&k), None | Some(StageOutcome::Gone));
    let tie = |a: Key, b: Key| id_of(a).cmp(id_of(b));
    let order = merge_order(base_stages.len(), &ours_keys, &theirs_keys, kept, tie);
    let mut stages = Vec::with_capacity(order.len());
    let mut conflicts = Vec::new();
    for k in order {
        match outcomes.remove(&k) {
            Some(StageOutcome::Merge(b, o, t)) => stages.push(merge_stage(
                b.map(|i| &base_stages[i]),
                &ours.stages[o],
                &theirs.stages[t],
                &mut conflicts,
            )),
            Some(StageOutcome::Take(s, c)) => {
                stages.push(*s);
                conflicts.extend(c.map(|c| *c));
            }
            Some(StageOutcome::Gone) | None => {}
        }
    }
    (stages, conflicts)
}

/// One stage both sides have: its name and goal field by field, each list
/// item by item.
fn merge_stage(
    base: Option<&Stage>,
    ours: &Stage,
    theirs: &Stage,
    out: &mut Vec<Conflict>,
) -> Stage {
    if ours == theirs || base == Some(theirs) {
        return ours.clone();
    }
    if base == Some(ours) {
        return theirs.clone();
    }
    let id = Some(ours.id.as_str());
    let heading = |s: &Stage| Heading {
        name: s.name.to_string(),
        goal: s.goal.clone().map(String::from),
    };
    let merged = merge_record(
        base.map(heading).as_ref(),
        &heading(ours),
        &heading(theirs),
        Part::Heading,
        id,
        out,
    );
    macro_rules! list {
        ($field:ident, $part:path) => {{
            let m = merge_list(base.map(|b| &b.$field[..]), &ours.$field, &theirs.$field);
            out.extend(m.conflicts.into_iter().map(|c| item_conflict(c, id, $part)));
            m.items
        }};
    }
    Stage {
        id: ours.id.clone(),
        name: merged.name.into(),
        goal: merged.goal.map(Into::into),
        touchpoints: list!(touchpoints, Part::Touchpoint),
        needs: list!(needs, Part::Need),
        perceptions: list!(perceptions, Part::Perception),
        feedback: list!(feedback, Part::Feedback),
        commitments: list!(commitments, Part::Commitment),
    }
}

#[cfg(test)]
mod tests;
