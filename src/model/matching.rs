//! Which item of one version of a list is which item of another: the one
//! matching rule that the summary of changes (`diff.rs`), the semantic
//! diff (`semantic_diff.rs`) and `journeymap diff` share.
//!
//! Format 1 gives items no ids, so an item is matched by its content, in
//! three passes over the items still unmatched:
//!
//! 1. by id, when both versions carry one ([`SameItem::item_id`]; none do
//!    in format 1: the hook is here so that an id, once the format has
//!    one, decides before any content does);
//! 2. identical items (the same item at the same place first, then
//!    anywhere in the list: an item that only moved is unchanged);
//! 3. the same item edited: the fields people rarely change stand in for
//!    an id ([`SameItem::same_item`]: a commitment's promise, a feedback's
//!    date and who gathered it...), first unmatched old item first.
//!
//! What is left is added (only in the new list) or removed (only in the
//! old one). An item whose identifying fields changed therefore reads as
//! one removed and one added: the best that content can do.

use super::map::{Commitment, Feedback, Need, Perception, Review, Touchpoint};

/// What makes two versions of an item the same item.
pub trait SameItem {
    /// The item's stable id, if it has one. Two items with ids are the
    /// same item exactly when their ids are equal, and are never matched
    /// by content.
    fn item_id(&self) -> Option<&str> {
        None
    }

    /// The same item, perhaps edited: its identifying fields are equal.
    fn same_item(&self, other: &Self) -> bool;
}

impl SameItem for Touchpoint {
    fn same_item(&self, other: &Self) -> bool {
        self.description == other.description
    }
}

impl SameItem for Need {
    fn same_item(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl SameItem for Perception {
    fn same_item(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// The same conversation: gathered on the same day by the same person.
impl SameItem for Feedback {
    fn same_item(&self, other: &Self) -> bool {
        self.date == other.date && self.by == other.by
    }
}

impl SameItem for Commitment {
    fn same_item(&self, other: &Self) -> bool {
        self.promise == other.promise
    }
}

/// The same note: written on the same day by the same person about the
/// same stage (or the whole map).
impl SameItem for Review {
    fn same_item(&self, other: &Self) -> bool {
        self.date == other.date && self.by == other.by && self.stage == other.stage
    }
}

/// The outcome of matching two versions of a list, by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// `(old index, new index)` of each item found in both, in the order
    /// of the new list.
    pub pairs: Vec<(usize, usize)>,
    /// New indices of the items only in the new list, in order.
    pub added: Vec<usize>,
    /// Old indices of the items only in the old list, in order.
    pub removed: Vec<usize>,
}

impl Matching {
    /// Items found in both lists stand in a different order.
    pub fn reordered(&self) -> bool {
        self.pairs.windows(2).any(|w| w[0].0 > w[1].0)
    }
}

/// Matches the items of `old` and `new` by the rule of this module.
pub fn match_items<T: PartialEq + SameItem>(old: &[T], new: &[T]) -> Matching {
    let mut state = State {
        old_of_new: vec![None; new.len()],
        taken: vec![false; old.len()],
    };
    // Pass 1: ids.
    state.pass(old, new, |o, n| {
        o.item_id().is_some() && o.item_id() == n.item_id()
    });
    // Items that both carry ids were decided by pass 1.
    let by_content = |o: &T, n: &T| o.item_id().is_none() || n.item_id().is_none();
    // Pass 2: identical, in place first (the common case, and linear),
    // then anywhere.
    for i in 0..new.len().min(old.len()) {
        if state.old_of_new[i].is_none()
            && !state.taken[i]
            && by_content(&old[i], &new[i])
            && old[i] == new[i]
        {
            state.pair(i, i);
        }
    }
    state.pass(old, new, |o, n| by_content(o, n) && o == n);
    // Pass 3: the same item, edited.
    state.pass(old, new, |o, n| by_content(o, n) && o.same_item(n));
    let mut matching = Matching::default();
    for (n, o) in state.old_of_new.into_iter().enumerate() {
        match o {
            Some(o) => matching.pairs.push((o, n)),
            None => matching.added.push(n),
        }
    }
    matching.removed = (0..old.len()).filter(|&o| !state.taken[o]).collect();
    matching
}

/// The matching so far.
struct State {
    /// For each new item, the old item it is.
    old_of_new: Vec<Option<usize>>,
    /// Old items already matched.
    taken: Vec<bool>,
}

impl State {
    fn pair(&mut self, old: usize, new: usize) {
        self.taken[old] = true;
        self.old_of_new[new] = Some(old);
    }

    /// Each unmatched new item, in order, gets the first unmatched old item
    /// that `accept`s it.
    fn pass<T>(&mut self, old: &[T], new: &[T], accept: impl Fn(&T, &T) -> bool) {
        for (n, item) in new.iter().enumerate() {
            if self.old_of_new[n].is_some() {
                continue;
            }
            if let Some(o) = (0..old.len()).find(|&o| !self.taken[o] && accept(&old[o], item)) {
                self.pair(o, n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test item: `key` identifies it, `value` is what gets edited, and
    /// `id` plays a future format's stable id.
    #[derive(Debug, Clone, PartialEq)]
    struct Item {
        id: Option<&'static str>,
        key: &'static str,
        value: u8,
    }

    impl SameItem for Item {
        fn item_id(&self) -> Option<&str> {
            self.id
        }
        fn same_item(&self, other: &Self) -> bool {
            self.key == other.key
        }
    }

    fn item(key: &'static str, value: u8) -> Item {
        Item {
            id: None,
            key,
            value,
        }
    }

    #[test]
    fn identical_items_match_wherever_they_moved() {
        let old = [item("a", 1), item("b", 1), item("c", 1)];
        let new = [item("c", 1), item("a", 1), item("b", 1)];
        let m = match_items(&old, &new);
        assert_eq!(m.pairs, vec![(2, 0), (0, 1), (1, 2)]);
        assert!(m.added.is_empty() && m.removed.is_empty());
        assert!(m.reordered());
    }

    #[test]
    fn an_edited_item_matches_by_its_key_and_a_new_key_is_added_and_removed() {
        let old = [item("a", 1), item("b", 1)];
        let new = [item("a", 2), item("z", 1)];
        let m = match_items(&old, &new);
        assert_eq!(m.pairs, vec![(0, 0)]);
        assert_eq!(m.added, vec![1]);
        assert_eq!(m.removed, vec![1]);
        assert!(!m.reordered());
    }

    #[test]
    fn identical_beats_same_key() {
        // Two feedback entries of one day by one person: the unchanged one
        // must not be taken for the edited one.
        let old = [item("a", 1), item("a", 2)];
        let new = [item("a", 2), item("a", 3)];
        let m = match_items(&old, &new);
        assert_eq!(m.pairs, vec![(1, 0), (0, 1)]);
    }

    #[test]
    fn ids_decide_before_content() {
        let with_id = |id, key, value| Item {
            id: Some(id),
            key,
            value,
        };
        // Same content, different ids: two different items.
        let old = [with_id("x1", "a", 1)];
        let new = [with_id("x2", "a", 1)];
        let m = match_items(&old, &new);
        assert!(m.pairs.is_empty());
        assert_eq!((m.added, m.removed), (vec![0], vec![0]));
        // Same id, every field changed: the same item.
        let m = match_items(&[with_id("x1", "a", 1)], &[with_id("x1", "b", 2)]);
        assert_eq!(m.pairs, vec![(0, 0)]);
        // An item without an id (written by hand) still matches by content.
        let m = match_items(&[item("a", 1)], &[with_id("x1", "a", 2)]);
        assert_eq!(m.pairs, vec![(0, 0)]);
    }
}
