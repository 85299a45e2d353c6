//! The order of a merged list (stages, or the items of one list): what
//! both sides kept stays in the order of the side that reordered it (of
//! the base when neither did), and what a side added comes right after
//! the element it followed on that side. Which side is "ours" does not
//! change the result.

use std::cmp::Ordering;

/// An element of a merge: matched to the base (by its base index), or
/// added by one side (by its index there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    Base(usize),
    Ours(usize),
    Theirs(usize),
}

/// A set of keys, as flags per kind: lists are long, keys dense.
struct KeySet {
    base: Vec<bool>,
    ours: Vec<bool>,
    theirs: Vec<bool>,
}

impl KeySet {
    fn new(base: usize, ours: usize, theirs: usize) -> Self {
        KeySet {
            base: vec![false; base],
            ours: vec![false; ours],
            theirs: vec![false; theirs],
        }
    }
    fn slot(&mut self, k: Key) -> Option<&mut bool> {
        match k {
            Key::Base(i) => self.base.get_mut(i),
            Key::Ours(i) => self.ours.get_mut(i),
            Key::Theirs(i) => self.theirs.get_mut(i),
        }
    }
    fn has(&self, k: Key) -> bool {
        match k {
            Key::Base(i) => self.base.get(i),
            Key::Ours(i) => self.ours.get(i),
            Key::Theirs(i) => self.theirs.get(i),
        }
        .copied()
        .unwrap_or(false)
    }
    /// Adds `k`; false when it was there already.
    fn insert(&mut self, k: Key) -> bool {
        match self.slot(k) {
            Some(flag) if !*flag => {
                *flag = true;
                true
            }
            _ => false,
        }
    }
}

/// The merged order of the kept keys. `ours` and `theirs` are each side's
/// list as keys (an element both added is one key, in both lists);
/// `base_len` the base's length; `kept` says which keys the result holds;
/// `tie` orders what the two sides added at the same place, by content,
/// so that the result does not depend on which side is which.
pub(crate) fn merge_order(
    base_len: usize,
    ours: &[Key],
    theirs: &[Key],
    kept: impl Fn(Key) -> bool,
    tie: impl Fn(Key, Key) -> Ordering,
) -> Vec<Key> {
    let max = |seq: &[Key], pick: fn(Key) -> Option<usize>| {
        seq.iter()
            .filter_map(|&k| pick(k))
            .max()
            .map_or(0, |m| m + 1)
    };
    let ours_len =
        max(ours, |k| if let Key::Ours(i) = k { Some(i) } else { None }).max(max(theirs, |k| {
            if let Key::Ours(i) = k { Some(i) } else { None }
        }));
    let theirs_len = max(theirs, |k| {
        if let Key::Theirs(i) = k {
            Some(i)
        } else {
            None
        }
    });
    let base_ranks = |seq: &[Key]| -> Vec<usize> {
        seq.iter()
            .filter_map(|&k| if let Key::Base(i) = k { Some(i) } else { None })
            .collect()
    };
    let (ob, tb) = (base_ranks(ours), base_ranks(theirs));
    let sorted = |v: &[usize]| v.windows(2).all(|w| w[0] < w[1]);
    let in_both = |v: &[usize], other: &[usize]| -> Vec<usize> {
        let mut there = vec![false; base_len];
        for &i in other {
            if let Some(f) = there.get_mut(i) {
                *f = true;
            }
        }
        v.iter()
            .copied()
            .filter(|&i| there.get(i) == Some(&true))
            .collect()
    };
    // The backbone: base elements in the order they keep.
    let backbone: Vec<usize> = match (sorted(&ob), sorted(&tb)) {
        (true, true) => (0..base_len).collect(),
        (false, true) => ob.clone(),
        (true, false) => tb.clone(),
        (false, false) => {
            let (o, t) = (in_both(&ob, &tb), in_both(&tb, &ob));
            if o == t {
                o
            } else {
                // Both reordered, differently: by the sum of both places,
                // the same whichever side is which.
                let mut rank = vec![(0usize, 0usize); base_len];
                for (pos, &i) in o.iter().enumerate() {
                    rank[i].0 += pos;
                    rank[i].1 = i;
                }
                for (pos, &i) in t.iter().enumerate() {
                    rank[i].0 += pos;
                }
                let mut v = o;
                v.sort_by_key(|&i| rank[i]);
                v
            }
        }
    };
    let mut on_backbone = KeySet::new(base_len, ours_len, theirs_len);
    let backbone: Vec<Key> = backbone
        .into_iter()
        .map(Key::Base)
        .filter(|&k| kept(k) && on_backbone.insert(k))
        .collect();
    // Everything else follows the backbone element it came after on its
    // side (or goes first): `groups[a]` after backbone[a - 1], `groups[0]`
    // first; ours, then theirs, each in its side's order.
    let mut placed = KeySet::new(base_len, ours_len, theirs_len);
    let mut groups: Vec<[Vec<Key>; 2]> = vec![[Vec::new(), Vec::new()]; backbone.len() + 1];
    let mut index_of = std::collections::HashMap::new();
    for (a, &k) in backbone.iter().enumerate() {
        index_of.insert(k, a + 1);
    }
    for (side, seq) in [ours, theirs].into_iter().enumerate() {
        let mut anchor = 0;
        for &k in seq {
            if on_backbone.has(k) {
                anchor = index_of.get(&k).copied().unwrap_or(0);
            } else if kept(k) && placed.insert(k) {
                groups[anchor][side].push(k);
            }
        }
    }
    let mut out = Vec::with_capacity(backbone.len() + ours.len().max(theirs.len()));
    for (a, [o, t]) in groups.into_iter().enumerate() {
        if a > 0 {
            out.push(backbone[a - 1]);
        }
        let theirs_first = match (o.first(), t.first()) {
            (Some(&x), Some(&y)) => tie(x, y) == Ordering::Greater,
            _ => false,
        };
        if theirs_first {
            out.extend(t);
            out.extend(o);
        } else {
            out.extend(o);
            out.extend(t);
        }
    }
    out
}
