//! Validation of a map: every rule of the format that serde's types alone
//! cannot express. All problems are collected, never just the first, so a
//! person fixing a hand-edited file sees everything at once.

use std::fmt;

use jiff::civil::Date;

use super::conflict::{Conflict, Part};
use super::date::BadDates;
use super::map::*;

/// One step of the path from the top of a map to a value in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Field(&'static str),
    Index(usize),
}

/// Where a value sits in a map, e.g. `stages[2].feedback[0].date`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<PathSeg>);

impl FieldPath {
    fn with(&self, seg: PathSeg) -> FieldPath {
        let mut segs = self.0.clone();
        segs.push(seg);
        FieldPath(segs)
    }
    fn field(&self, name: &'static str) -> FieldPath {
        self.with(PathSeg::Field(name))
    }
    fn index(&self, i: usize) -> FieldPath {
        self.with(PathSeg::Index(i))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Field(name) if i == 0 => f.write_str(name)?,
                PathSeg::Field(name) => write!(f, ".{name}")?,
                PathSeg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A rule of the format that a map breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The offending value.
    pub path: FieldPath,
    /// The id of the stage it is in, when it is in a stage with an id:
    /// people know stages by id, not by index.
    pub stage_id: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.stage_id {
            // Escaped: a malformed id may hold a line break, and each
            // problem must stay on one line.
            Some(id) => write!(
                f,
                "stage \"{}\": {}: {}",
                id.escape_debug(),
                self.path,
                self.message
            ),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

struct Collector {
    problems: Vec<Problem>,
    stage_id: Option<String>,
}

impl Collector {
    fn push(&mut self, path: FieldPath, message: impl Into<String>) {
        self.problems.push(Problem {
            path,
            stage_id: self.stage_id.clone(),
            message: message.into(),
        });
    }

    /// A date that was not a real `YYYY-MM-DD` in the file. The path is
    /// only built for a bad date: maps have thousands of good ones.
    fn date(&mut self, bad: &BadDates, date: Date, path: impl FnOnce() -> FieldPath) {
        if let Some(message) = bad.message(date) {
            self.push(path(), message);
        }
    }
}

/// For each stage, whether an earlier stage has the same id. Found by
/// sorting stage numbers, not with a set of ids: on a map of a hundred
/// thousand stages a hash set, while it grows, costs several megabytes at
/// the moment a load uses the most memory (the file and the map are both
/// held); nine bytes a stage here.
fn reused_ids(stages: &[Stage]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..stages.len()).collect();
    let id = |i: usize| stages.get(i).map_or("", |s| s.id.as_str());
    // Equal ids end up side by side, the earliest stage first.
    order.sort_unstable_by(|&a, &b| id(a).cmp(id(b)).then(a.cmp(&b)));
    let mut reused = vec![false; stages.len()];
    for pair in order.windows(2) {
        if id(pair[0]) == id(pair[1])
            && let Some(flag) = reused.get_mut(pair[1])
        {
            *flag = true;
        }
    }
    reused
}

/// Checks every rule of the format of a map made in the program (whose
/// dates are all real).
pub fn validate(map: &Map) -> Vec<Problem> {
    validate_loaded(map, &BadDates::default())
}

/// Checks every rule of the format of a map read from a file, where each
/// date that was not a real `YYYY-MM-DD` is one of `bad_dates`.
pub fn validate_loaded(map: &Map, bad_dates: &BadDates) -> Vec<Problem> {
    let mut c = Collector {
        problems: Vec::new(),
        stage_id: None,
    };
    let root = FieldPath::default();
    if map.client.name.trim().is_empty() {
        c.push(
            root.field("client").field("name"),
            "the client name is empty",
        );
    }
    // `account_manager` is required but may be empty: the format only asks
    // for a non-empty client name, and a valid file must open.
    let reused = reused_ids(&map.stages);
    for (i, stage) in map.stages.iter().enumerate() {
        let path = root.field("stages").index(i);
        c.stage_id = Some(stage.id.to_string()).filter(|id| !id.is_empty());
        if stage.id.is_empty() {
            c.push(path.field("id"), "the stage id is empty");
        } else if !is_valid_stage_id(&stage.id) {
            c.push(
                path.field("id"),
                format!(
                    "stage id \"{}\" may only hold lowercase letters, digits and '-'",
                    stage.id.escape_debug()
                ),
            );
        } else if reused[i] {
            c.push(
                path.field("id"),
                format!("stage id \"{}\" is used by an earlier stage", stage.id),
            );
        }
        if stage.name.trim().is_empty() {
            c.push(path.field("name"), "the stage name is empty");
        }
        for (j, p) in stage.perceptions.iter().enumerate() {
            if !(-2..=2).contains(&p.sentiment) {
                c.push(
                    path.field("perceptions").index(j).field("sentiment"),
                    format!("sentiment {} is outside -2..=2", p.sentiment),
                );
            }
        }
        for (j, fb) in stage.feedback.iter().enumerate() {
            let at = || path.field("feedback").index(j);
            c.date(bad_dates, fb.date, || at().field("date"));
            if let Some(score) = fb.score.filter(|s| !(1..=5).contains(s)) {
                c.push(
                    at().field("score"),
                    format!("score {score} is outside 1..=5"),
                );
            }
        }
        for (j, k) in stage.commitments.iter().enumerate() {
            let at = || path.field("commitments").index(j);
            c.date(bad_dates, k.due, || at().field("due"));
            if let Some(done) = k.done {
                c.date(bad_dates, done, || at().field("done"));
            }
        }
    }
    c.stage_id = None;
    if let Some(now) = &map.now {
        let at = || root.field("now");
        if map.format < 2 {
            c.push(
                at(),
                format!(
                    "`now` is a field of format 2, and this file says `format: {}`: \
                     write `format: 2` to use it",
                    map.format
                ),
            );
        }
        c.date(bad_dates, now.since, || at().field("since"));
        if map.stage_index(&now.stage).is_none() {
            c.push(
                at().field("stage"),
                format!(
                    "now names stage \"{}\", which the map does not have",
                    now.stage.escape_debug()
                ),
            );
        }
    }
    for (i, review) in map.reviews.iter().enumerate() {
        c.date(bad_dates, review.date, || {
            root.field("reviews").index(i).field("date")
        });
        if let Some(id) = &review.stage
            && !map.stages.iter().any(|s| s.id == *id)
        {
            c.push(
                root.field("reviews").index(i).field("stage"),
                format!(
                    "review names stage \"{}\", which the map does not have",
                    id.escape_debug()
                ),
            );
        }
    }
    for (i, conflict) in map.conflicts.iter().enumerate() {
        check_conflict(&mut c, bad_dates, conflict, || {
            root.field("conflicts").index(i)
        });
    }
    c.problems
}

/// A conflict's versions are of one kind (one of them at least), a thing
/// of a stage names its stage, and their dates are real.
fn check_conflict(
    c: &mut Collector,
    bad_dates: &BadDates,
    conflict: &Conflict,
    at: impl Fn() -> FieldPath,
) {
    let parts: Vec<&Part> = [&conflict.base, &conflict.ours, &conflict.theirs]
        .into_iter()
        .flatten()
        .collect();
    let Some(first) = parts.first() else {
        c.push(
            at(),
            "the conflict holds no version (base, ours and theirs are all None)",
        );
        return;
    };
    if parts
        .iter()
        .any(|p| std::mem::discriminant(*p) != std::mem::discriminant(*first))
    {
        c.push(at(), "the conflict's versions are not all of the same kind");
    }
    let of_a_stage = !matches!(
        first,
        Part::Client(_) | Part::Title(_) | Part::Now(_) | Part::Review(_)
    );
    if of_a_stage && conflict.stage.is_none() {
        c.push(
            at().field("stage"),
            format!("a conflict over a {} must name its stage", first.noun()),
        );
    }
    for part in parts {
        let dates: Vec<Date> = match part {
            Part::Now(n) => vec![n.since],
            Part::Feedback(f) => vec![f.date],
            Part::Commitment(k) => std::iter::once(k.due).chain(k.done).collect(),
            Part::Review(r) => vec![r.date],
            Part::Stage(s) => s
                .feedback
                .iter()
                .map(|f| f.date)
                .chain(
                    s.commitments
                        .iter()
                        .flat_map(|k| std::iter::once(k.due).chain(k.done)),
                )
                .collect(),
            _ => Vec::new(),
        };
        for d in dates {
            c.date(bad_dates, d, &at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reused_stage_id_is_reported_once_in_stage_order() {
        let mut map = Map::new("Client", "Dana");
        for id in ["b", "a", "b", "c", "a", "b"] {
            map.stages.push(Stage::new(id, "Stage"));
        }
        let reported: Vec<String> = validate(&map)
            .into_iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        let reused = |i: usize, id: &str| {
            format!("stages[{i}].id: stage id \"{id}\" is used by an earlier stage")
        };
        assert_eq!(reported, [reused(2, "b"), reused(4, "a"), reused(5, "b")]);
    }
}
