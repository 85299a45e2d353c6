//! A three-way merge of one list of records (the touchpoints of a stage,
//! the review notes...): each side's items are matched to their base
//! version by content, then merged one by one.
//!
//! Matching, for each side: first items equal to a base item (the first
//! free one, so duplicates pair up in order); then, of what is left, an
//! item and a base item with at least half their fields the same, the
//! most alike pairs first and, among equally alike ones, the closest in
//! the list. So an item edited on both sides, each changing some fields,
//! is still known as the same item on both; an item so changed that most
//! of its fields differ counts as deleted and added.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::fields::{FieldMerge, Fields, merge_fields};
use super::order::{Key, merge_order};
use crate::model::conflict::Side;

/// Past this many pairs of unmatched items, the alike-matching is left
/// out (everything left counts as deleted and added): it compares every
/// pair, and only a list rewritten wholesale gets there.
const MAX_PAIRS: usize = 1 << 20;

/// A conflict over one record of a list, before it knows its place.
pub(crate) struct ItemConflict<T> {
    pub kept: Side,
    pub base: Option<T>,
    pub ours: Option<T>,
    pub theirs: Option<T>,
}

pub(crate) struct ListMerge<T> {
    pub items: Vec<T>,
    /// In the order of `items`.
    pub conflicts: Vec<ItemConflict<T>>,
}

impl<T> ListMerge<T> {
    fn clean(items: Vec<T>) -> Self {
        ListMerge {
            items,
            conflicts: Vec::new(),
        }
    }
}

/// For each item of `side`, the base item it is a version of.
pub(crate) fn match_to_base<T: Fields>(base: &[T], side: &[T]) -> Vec<Option<usize>> {
    if base == side {
        return (0..side.len()).map(Some).collect();
    }
    let mut free: HashMap<&T, Vec<usize>> = HashMap::new();
    for (i, b) in base.iter().enumerate().rev() {
        free.entry(b).or_default().push(i);
    }
    let mut taken = vec![false; base.len()];
    let mut matched: Vec<Option<usize>> = side
        .iter()
        .map(|s| {
            let i = free.get_mut(s).and_then(Vec::pop)?;
            taken[i] = true;
            Some(i)
        })
        .collect();
    let left_side: Vec<usize> = (0..side.len()).filter(|&j| matched[j].is_none()).collect();
    let left_base: Vec<usize> = (0..base.len()).filter(|&i| !taken[i]).collect();
    if left_side.is_empty()
        || left_base.is_empty()
        || left_side.len().saturating_mul(left_base.len()) > MAX_PAIRS
    {
        return matched;
    }
    let mut pairs = Vec::new();
    for &j in &left_side {
        for &i in &left_base {
            let alike = side[j].alike(&base[i]);
            if alike > 0 && alike * 2 >= T::NAMES.len() {
                pairs.push((alike, i.abs_diff(j), j, i));
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    for (_, _, j, i) in pairs {
        if matched[j].is_none() && !taken[i] {
            matched[j] = Some(i);
            taken[i] = true;
        }
    }
    matched
}

/// Merges one list. `base` is `None` when there is no common version (a
/// stage both sides added, a file merged without its base): then nothing
/// was deleted, and every item of either side is kept (equal ones once).
pub(crate) fn merge_list<T: Fields + std::fmt::Debug>(
    base: Option<&[T]>,
    ours: &[T],
    theirs: &[T],
) -> ListMerge<T> {
    if ours == theirs {
        return ListMerge::clean(ours.to_vec());
    }
    match base {
        Some(b) if b == ours => return ListMerge::clean(theirs.to_vec()),
        Some(b) if b == theirs => return ListMerge::clean(ours.to_vec()),
        _ => {}
    }
    let base = base.unwrap_or(&[]);
    let ours_match = match_to_base(base, ours);
    let theirs_match = match_to_base(base, theirs);
    let mut base_in_ours = vec![None; base.len()];
    let mut base_in_theirs = vec![None; base.len()];
    for (j, m) in ours_match.iter().enumerate() {
        if let Some(i) = *m {
            base_in_ours[i] = Some(j);
        }
    }
    for (j, m) in theirs_match.iter().enumerate() {
        if let Some(i) = *m {
            base_in_theirs[i] = Some(j);
        }
    }
    let ours_keys: Vec<Key> = ours_match
        .iter()
        .enumerate()
        .map(|(j, m)| m.map_or(Key::Ours(j), Key::Base))
        .collect();
    // An item both sides added alike is one item: theirs names it by
    // ours' key.
    let mut ours_added: HashMap<&T, Vec<usize>> = HashMap::new();
    for (j, m) in ours_match.iter().enumerate().rev() {
        if m.is_none() {
            ours_added.entry(&ours[j]).or_default().push(j);
        }
    }
    let theirs_keys: Vec<Key> = theirs_match
        .iter()
        .enumerate()
        .map(|(j, m)| match m {
            Some(i) => Key::Base(*i),
            None => ours_added
                .get_mut(&theirs[j])
                .and_then(Vec::pop)
                .map_or(Key::Theirs(j), Key::Ours),
        })
        .collect();

    enum Outcome<T> {
        Gone,
        Clean(T),
        Conflict(ItemConflict<T>),
    }
    let outcome = |k: Key| -> Outcome<T> {
        match k {
            Key::Ours(j) => Outcome::Clean(ours[j].clone()),
            Key::Theirs(j) => Outcome::Clean(theirs[j].clone()),
            Key::Base(i) => {
                let b = &base[i];
                match (base_in_ours[i], base_in_theirs[i]) {
                    (Some(o), Some(t)) => match merge_fields(b, &ours[o], &theirs[t]) {
                        FieldMerge::Clean(v) => Outcome::Clean(v),
                        FieldMerge::Conflict {
                            base, ours, theirs, ..
                        } => Outcome::Conflict(ItemConflict {
                            kept: Side::Ours,
                            base: Some(base),
                            ours: Some(ours),
                            theirs: Some(theirs),
                        }),
                    },
                    (Some(o), None) if ours[o] == *b => Outcome::Gone,
                    (Some(o), None) => Outcome::Conflict(ItemConflict {
                        kept: Side::Ours,
                        base: Some(b.clone()),
                        ours: Some(ours[o].clone()),
                        theirs: None,
                    }),
                    (None, Some(t)) if theirs[t] == *b => Outcome::Gone,
                    (None, Some(t)) => Outcome::Conflict(ItemConflict {
                        kept: Side::Theirs,
                        base: Some(b.clone()),
                        ours: None,
                        theirs: Some(theirs[t].clone()),
                    }),
                    (None, None) => Outcome::Gone,
                }
            }
        }
    };
    let mut outcomes: HashMap<Key, Outcome<T>> = HashMap::new();
    for &k in ours_keys.iter().chain(&theirs_keys) {
        outcomes.entry(k).or_insert_with(|| outcome(k));
    }
    let value = |k: Key| -> Option<&T> {
        match k {
            Key::Ours(j) => ours.get(j),
            Key::Theirs(j) => theirs.get(j),
            Key::Base(i) => base.get(i),
        }
    };
    let tie = |a: Key, b: Key| -> Ordering {
        match (value(a), value(b)) {
            (Some(x), Some(y)) => format!("{x:?}").cmp(&format!("{y:?}")),
            _ => Ordering::Equal,
        }
    };
    let kept = |k: Key| !matches!(outcomes.get(&k), None | Some(Outcome::Gone));
    let order = merge_order(base.len(), &ours_keys, &theirs_keys, kept, tie);
    let mut merged = ListMerge::clean(Vec::with_capacity(order.len()));
    for k in order {
        match outcomes.remove(&k) {
            Some(Outcome::Clean(v)) => merged.items.push(v),
            Some(Outcome::Conflict(c)) => {
                let in_place = match c.kept {
                    Side::Theirs => c.theirs.clone(),
                    _ => c.ours.clone(),
                };
                merged.items.extend(in_place);
                merged.conflicts.push(c);
            }
            Some(Outcome::Gone) | None => {}
        }
    }
    merged
}
