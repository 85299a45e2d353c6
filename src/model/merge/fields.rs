//! The fields of each thing a merge compares, one by one: how alike two
//! versions are (to match an item to its base version) and a three-way
//! merge field by field (to take both sides' changes to one item).

use crate::model::conflict::Heading;
use crate::model::map::*;

/// A record whose fields a merge can take one at a time.
pub(crate) trait Fields: Clone + Eq + std::hash::Hash {
    /// The field names, in the file's order.
    const NAMES: &'static [&'static str];
    /// Whether field `i` is the same in both.
    fn same(&self, other: &Self, i: usize) -> bool;
    /// Sets field `i` to the one of `from`.
    fn take(&mut self, from: &Self, i: usize);

    /// How many fields are the same in both.
    fn alike(&self, other: &Self) -> usize {
        (0..Self::NAMES.len())
            .filter(|&i| self.same(other, i))
            .count()
    }
}

macro_rules! fields {
    ($t:ty { $($f:ident),+ $(,)? }) => {
        impl Fields for $t {
            const NAMES: &'static [&'static str] = &[$(stringify!($f)),+];
            fn same(&self, other: &Self, i: usize) -> bool {
                let mut n = 0;
                $(
                    if i == n {
                        return self.$f == other.$f;
                    }
                    n += 1;
                )+
                let _ = n;
                true
            }
            fn take(&mut self, from: &Self, i: usize) {
                let mut n = 0;
                $(
                    if i == n {
                        self.$f = from.$f.clone();
                        return;
                    }
                    n += 1;
                )+
                let _ = n;
            }
        }
    };
}

fields!(Touchpoint {
    channel,
    description,
    owner,
    department
});
fields!(Need {
    text,
    motivation,
    met
});
fields!(Perception {
    text,
    sentiment,
    source
});
fields!(Feedback {
    date,
    method,
    score,
    by,
    summary,
    holding_back
});
fields!(Commitment {
    promise,
    owner,
    due,
    done
});
fields!(Review {
    date,
    by,
    stage,
    note
});
fields!(Client {
    name,
    account_manager,
    segment
});
fields!(Heading { name, goal });

/// A three-way merge of one record whose three versions are matched.
pub(crate) enum FieldMerge<T> {
    Clean(T),
    /// Some fields were changed differently on each side: the three
    /// versions hold every change that merged, and differ only there.
    Conflict {
        base: T,
        ours: T,
        theirs: T,
    },
}

/// Merges field by field: a field changed on one side only takes that
/// change; changed the same way on both, that change; changed differently,
/// a conflict over that field.
pub(crate) fn merge_fields<T: Fields>(base: &T, ours: &T, theirs: &T) -> FieldMerge<T> {
    if ours == theirs || base == theirs {
        return FieldMerge::Clean(ours.clone());
    }
    if base == ours {
        return FieldMerge::Clean(theirs.clone());
    }
    let mut merged = ours.clone();
    let mut clashing: Vec<usize> = Vec::new();
    for i in 0..T::NAMES.len() {
        if ours.same(theirs, i) || base.same(theirs, i) {
            continue;
        }
        if base.same(ours, i) {
            merged.take(theirs, i);
        } else {
            clashing.push(i);
        }
    }
    if clashing.is_empty() {
        return FieldMerge::Clean(merged);
    }
    let with = |from: &T| {
        let mut v = merged.clone();
        for &i in &clashing {
            v.take(from, i);
        }
        v
    };
    FieldMerge::Conflict {
        base: with(base),
        ours: merged.clone(),
        theirs: with(theirs),
    }
}
