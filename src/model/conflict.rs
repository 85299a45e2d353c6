//! Conflicts a merge could not settle, kept in the map itself (format 2,
//! `conflicts: [...]`) so that a merged file always opens: the map holds
//! one version in place (`kept`) and the conflict the three versions to
//! pick from. Resolving one puts the picked version where the kept one is.

use serde::{Deserialize, Serialize};

use super::map::*;
use super::merge::fields::Fields;

/// One disagreement between two versions of a map.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The id of the stage it is in (or, for a whole stage, its id);
    /// `None` for the client, the title, `now` and review notes.
    pub stage: Option<String>,
    /// The version the map holds meanwhile.
    pub kept: Side,
    /// Each version: `None` where that side has no such thing (it was
    /// deleted, or never there). Where both sides changed the same fields
    /// of one thing, the three differ only in those fields: the changes
    /// that did merge are in all three.
    pub base: Option<Part>,
    pub ours: Option<Part>,
    pub theirs: Option<Part>,
}

/// Which version of a three-way merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The common ancestor.
    Base,
    /// The version being merged into (git's `%A`, yours in the app).
    Ours,
    /// The version merged in (git's `%B`, the file on disk in the app).
    Theirs,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Ours, Side::Theirs, Side::Base];

    pub fn word(self) -> &'static str {
        match self {
            Side::Base => "base",
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// The thing a conflict is about, one version of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Part {
    Client(Client),
    Title(String),
    Now(Now),
    /// A stage's name and goal.
    Heading(Heading),
    /// A whole stage: deleted on one side and changed on the other, or
    /// added on both sides with the same id.
    Stage(Stage),
    Touchpoint(Touchpoint),
    Need(Need),
    Perception(Perception),
    Feedback(Feedback),
    Commitment(Commitment),
    Review(Review),
}

/// A stage's own fields but its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    pub name: String,
    #[serde(default)]
    pub goal: Option<String>,
}

impl Part {
    /// "commitment", for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            Part::Client(_) => "client",
            Part::Title(_) => "title",
            Part::Now(_) => "now",
            Part::Heading(_) => "stage name and goal",
            Part::Stage(_) => "stage",
            Part::Touchpoint(_) => "touchpoint",
            Part::Need(_) => "need",
            Part::Perception(_) => "perception",
            Part::Feedback(_) => "feedback",
            Part::Commitment(_) => "commitment",
            Part::Review(_) => "review note",
        }
    }

    /// A short label people know the thing by (its main text).
    pub fn label(&self) -> String {
        match self {
            Part::Client(c) => c.name.to_string(),
            Part::Title(t) => t.clone(),
            Part::Now(n) => format!("{} since {}", n.stage, n.since),
            Part::Heading(h) => h.name.clone(),
            Part::Stage(s) => s.name.to_string(),
            Part::Touchpoint(t) => t.description.to_string(),
            Part::Need(n) => n.text.to_string(),
            Part::Perception(p) => p.text.to_string(),
            Part::Feedback(f) => format!("{} {}", f.date, f.summary),
            Part::Commitment(c) => c.promise.to_string(),
            Part::Review(r) => format!("{} {}", r.date, r.note),
        }
    }

    /// The names of the fields in which two versions differ (of a
    /// client, a heading or an item; empty for other kinds).
    pub fn differing(&self, other: &Part) -> Vec<&'static str> {
        fn names<T: Fields>(a: &T, b: &T) -> Vec<&'static str> {
            (0..T::NAMES.len())
                .filter(|&i| !a.same(b, i))
                .map(|i| T::NAMES[i])
                .collect()
        }
        match (self, other) {
            (Part::Client(a), Part::Client(b)) => names(a, b),
            (Part::Heading(a), Part::Heading(b)) => names(a, b),
            (Part::Touchpoint(a), Part::Touchpoint(b)) => names(a, b),
            (Part::Need(a), Part::Need(b)) => names(a, b),
            (Part::Perception(a), Part::Perception(b)) => names(a, b),
            (Part::Feedback(a), Part::Feedback(b)) => names(a, b),
            (Part::Commitment(a), Part::Commitment(b)) => names(a, b),
            (Part::Review(a), Part::Review(b)) => names(a, b),
            _ => Vec::new(),
        }
    }

    fn same_kind(&self, other: &Part) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Conflict {
    /// The version of one side.
    pub fn side(&self, side: Side) -> Option<&Part> {
        match side {
            Side::Base => self.base.as_ref(),
            Side::Ours => self.ours.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }

    /// Any version, to know what the conflict is about.
    pub fn any(&self) -> Option<&Part> {
        self.ours
            .as_ref()
            .or(self.theirs.as_ref())
            .or(self.base.as_ref())
    }

    /// What kind of disagreement it is, in words.
    pub fn nature(&self) -> &'static str {
        match (&self.base, &self.ours, &self.theirs) {
            (None, Some(_), Some(_)) if matches!(self.any(), Some(Part::Stage(_))) => {
                "both sides added a stage with this id"
            }
            (None, Some(_), Some(_)) => "both sides made it differently",
            (Some(_), None, Some(_)) => "deleted on our side, changed on theirs",
            (Some(_), Some(_), None) => "changed on our side, deleted on theirs",
            _ => "changed differently on both sides",
        }
    }

    /// One line naming the conflict: where, what, and why.
    pub fn describe(&self) -> String {
        let what = match self.any() {
            // People know stages by id; the versions' names may differ.
            Some(Part::Stage(s)) => format!("stage \"{}\"", s.id.escape_debug()),
            Some(part) => format!("{} \"{}\"", part.noun(), part.label().escape_debug()),
            None => "nothing".to_string(),
        };
        let fields = match (&self.ours, &self.theirs) {
            (Some(o), Some(t)) => o.differing(t),
            _ => Vec::new(),
        };
        let why = if fields.is_empty() {
            self.nature().to_string()
        } else {
            format!("{} ({})", self.nature(), fields.join(", "))
        };
        match &self.stage {
            Some(id) if !matches!(self.any(), Some(Part::Stage(_))) => {
                format!("stage \"{}\": {what}: {why}", id.escape_debug())
            }
            _ => format!("{what}: {why}"),
        }
    }
}

/// Why a conflict could not be resolved; the map is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveError(pub String);

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResolveError {}

/// Settles conflict `index` of `map` with `chosen` (one of its versions,
/// possibly edited, or `None` for "not there"): the kept version in the
/// map is replaced by it (or removed, or `chosen` added when the map
/// keeps none), and the conflict leaves the list.
pub fn resolve(map: &mut Map, index: usize, chosen: Option<Part>) -> Result<(), ResolveError> {
    let refuse = |why: &str| Err(ResolveError(why.to_string()));
    let Some(conflict) = map.conflicts.get(index).cloned() else {
        return refuse("there is no such conflict");
    };
    let Some(about) = conflict.any().cloned() else {
        return refuse("the conflict holds no version at all");
    };
    if let Some(chosen) = &chosen
        && !chosen.same_kind(&about)
    {
        return refuse("the chosen version is not of the same kind as the conflict's");
    }
    let kept = conflict.side(conflict.kept).cloned();
    let stage_of = |map: &Map| -> Result<usize, ResolveError> {
        let id = conflict.stage.as_deref().unwrap_or_default();
        map.stage_index(id).ok_or_else(|| {
            ResolveError(format!(
                "the map has no stage \"{}\" any more",
                id.escape_debug()
            ))
        })
    };
    match about {
        Part::Client(_) => {
            if let Some(Part::Client(c)) = chosen {
                map.client = c;
            }
        }
        Part::Title(_) => map.title = unwrap_title(chosen).into(),
        Part::Now(_) => {
            map.now = match chosen {
                Some(Part::Now(n)) => Some(n),
                _ => None,
            }
        }
        Part::Heading(_) => {
            let i = stage_of(map)?;
            if let Some(Part::Heading(h)) = chosen {
                map.stages[i].name = h.name.into();
                map.stages[i].goal = h.goal.map(Into::into);
            }
        }
        Part::Stage(_) => {
            let id = conflict.stage.as_deref().unwrap_or_default();
            let at = map.stage_index(id);
            match (at, chosen) {
                (Some(i), Some(Part::Stage(s))) => map.stages[i] = s,
                (None, Some(Part::Stage(s))) => map.stages.push(s),
                (Some(i), _) => {
                    map.stages.remove(i);
                }
                (None, _) => {}
            }
        }
        Part::Review(_) => replace_in(&mut map.reviews, kept, chosen, |p| match p {
            Part::Review(r) => Some(r),
            _ => None,
        }),
        _ => {
            let i = stage_of(map)?;
            let stage = &mut map.stages[i];
            match about {
                Part::Touchpoint(_) => replace_in(&mut stage.touchpoints, kept, chosen, |p| {
                    if let Part::Touchpoint(x) = p {
                        Some(x)
                    } else {
                        None
                    }
                }),
                Part::Need(_) => replace_in(&mut stage.needs, kept, chosen, |p| {
                    if let Part::Need(x) = p { Some(x) } else { None }
                }),
                Part::Perception(_) => replace_in(&mut stage.perceptions, kept, chosen, |p| {
                    if let Part::Perception(x) = p {
                        Some(x)
                    } else {
                        None
                    }
                }),
                Part::Feedback(_) => replace_in(&mut stage.feedback, kept, chosen, |p| {
                    if let Part::Feedback(x) = p {
                        Some(x)
                    } else {
                        None
                    }
                }),
                Part::Commitment(_) => replace_in(&mut stage.commitments, kept, chosen, |p| {
                    if let Part::Commitment(x) = p {
                        Some(x)
                    } else {
                        None
                    }
                }),
                _ => {}
            }
        }
    }
    map.conflicts.remove(index);
    Ok(())
}

fn unwrap_title(chosen: Option<Part>) -> String {
    match chosen {
        Some(Part::Title(t)) => t,
        _ => String::new(),
    }
}

/// Puts `chosen` where `kept` is in `list` (the first equal item), removes
/// it for `None`, or adds `chosen` at the end when the list has no kept
/// version (it was edited meanwhile, or the map kept none): nothing is
/// dropped that someone did not choose to drop.
fn replace_in<T: PartialEq>(
    list: &mut Vec<T>,
    kept: Option<Part>,
    chosen: Option<Part>,
    unwrap: impl Fn(Part) -> Option<T>,
) {
    let kept = kept.and_then(&unwrap);
    let chosen = chosen.and_then(&unwrap);
    let at = kept.and_then(|k| list.iter().position(|x| *x == k));
    match (at, chosen) {
        (Some(i), Some(c)) => list[i] = c,
        (Some(i), None) => {
            list.remove(i);
        }
        (None, Some(c)) => list.push(c),
        (None, None) => {}
    }
}
