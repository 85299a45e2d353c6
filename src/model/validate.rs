//! Validation of a map: every rule of the format that serde's types alone
//! cannot express. All problems are collected, never just the first, so a
//! person fixing a hand-edited file sees everything at once.

use std::collections::HashSet;
use std::fmt;

use jiff::civil::Date;

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
}

/// Checks every rule of the format that does not involve parsing dates.
pub fn validate<D>(map: &Map<D>) -> Vec<Problem> {
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
    let mut seen = HashSet::new();
    for (i, stage) in map.stages.iter().enumerate() {
        let path = root.field("stages").index(i);
        c.stage_id = Some(stage.id.clone()).filter(|id| !id.is_empty());
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
        } else if !seen.insert(stage.id.as_str()) {
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
            if let Some(score) = fb.score.filter(|s| !(1..=5).contains(s)) {
                c.push(
                    path.field("feedback").index(j).field("score"),
                    format!("score {score} is outside 1..=5"),
                );
            }
        }
    }
    c.stage_id = None;
    for (i, review) in map.reviews.iter().enumerate() {
        if let Some(id) = &review.stage
            && !map.stages.iter().any(|s| &s.id == id)
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
    c.problems
}

/// Parses a `YYYY-MM-DD` date, strictly: exactly that shape, a real day.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!(
            "date \"{}\" is not of the form YYYY-MM-DD",
            text.escape_debug()
        ));
    }
    // The shape is checked: read the digits directly, which is several
    // times cheaper than jiff's general parser and checks the same.
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0'));
    Date::new(num(0..4), num(5..7) as i8, num(8..10) as i8)
        .map_err(|_| format!("date {text} is not a real date"))
}

/// Turns a map read with dates as text into a map of real dates, collecting
/// every date that is malformed or impossible.
pub fn parse_dates(raw: Map<String>) -> Result<Map, Vec<Problem>> {
    let mut c = Collector {
        problems: Vec::new(),
        stage_id: None,
    };
    // The path is only built for a bad date: maps have thousands of good
    // ones.
    let date = |c: &mut Collector, path: &dyn Fn() -> FieldPath, text: &str| match parse_date(text)
    {
        Ok(d) => d,
        Err(message) => {
            c.push(path(), message);
            Date::ZERO
        }
    };
    let root = FieldPath::default();
    // Every list is rebuilt in place (same-sized elements reuse their
    // buffer: no second copy of a large map at any moment) and trimmed to
    // its length: a reader growing lists by doubling leaves up to half of
    // each one unused, which a large map would carry for as long as it is
    // open.
    let stages = raw
        .stages
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let path = root.field("stages").index(i);
            c.stage_id = Some(s.id.clone()).filter(|id| !id.is_empty());
            let feedback = s
                .feedback
                .into_iter()
                .enumerate()
                .map(|(j, f)| Feedback {
                    date: date(
                        &mut c,
                        &|| path.field("feedback").index(j).field("date"),
                        &f.date,
                    ),
                    method: f.method,
                    score: f.score,
                    by: f.by,
                    summary: f.summary,
                    holding_back: f.holding_back,
                })
                .collect();
            let commitments = s
                .commitments
                .into_iter()
                .enumerate()
                .map(|(j, k)| {
                    let at = || path.field("commitments").index(j);
                    Commitment {
                        due: date(&mut c, &|| at().field("due"), &k.due),
                        done: k.done.map(|d| date(&mut c, &|| at().field("done"), &d)),
                        promise: k.promise,
                        owner: k.owner,
                    }
                })
                .collect();
            Stage {
                id: s.id,
                name: s.name,
                goal: s.goal,
                touchpoints: trimmed(s.touchpoints),
                needs: trimmed(s.needs),
                perceptions: trimmed(s.perceptions),
                feedback: trimmed(feedback),
                commitments: trimmed(commitments),
            }
        })
        .collect();
    c.stage_id = None;
    let reviews = raw
        .reviews
        .into_iter()
        .enumerate()
        .map(|(i, r)| Review {
            date: date(
                &mut c,
                &|| root.field("reviews").index(i).field("date"),
                &r.date,
            ),
            by: r.by,
            stage: r.stage,
            note: r.note,
        })
        .collect();
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(Map {
        format: raw.format,
        client: raw.client,
        title: raw.title,
        stages: trimmed(stages),
        reviews: trimmed(reviews),
    })
}

/// A list without spare capacity.
fn trimmed<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_date` reads the digits itself; it must accept and refuse
    /// exactly what jiff's parser does for every `YYYY-MM-DD` text.
    #[test]
    fn parse_date_agrees_with_jiff() {
        for year in [
            "0000", "0001", "1900", "2000", "2024", "2026", "2100", "9999",
        ] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year}-{month:02}-{day:02}");
                    let ours = parse_date(&text);
                    match text.parse::<Date>() {
                        Ok(d) => assert_eq!(ours, Ok(d), "{text}"),
                        Err(_) => assert_eq!(
                            ours,
                            Err(format!("date {text} is not a real date")),
                            "{text}"
                        ),
                    }
                }
            }
        }
        assert!(parse_date("2026-1-01").is_err());
        assert!(parse_date("2026-01-0a").is_err());
    }

    /// A reader grows lists by doubling; what is kept must not carry the
    /// spare half (a large map would hold it for as long as it is open).
    #[test]
    fn parsed_lists_have_no_spare_capacity() {
        let Map { client, title, .. } = Map::new("Acme", "Dana");
        let mut raw: Map<String> = Map {
            format: crate::model::FORMAT_VERSION,
            client,
            title,
            stages: Vec::with_capacity(64),
            reviews: Vec::with_capacity(64),
        };
        for i in 0..5 {
            let mut stage: Stage<String> = Stage {
                id: format!("s{i}"),
                name: "S".into(),
                goal: None,
                touchpoints: Vec::new(),
                needs: Vec::new(),
                perceptions: Vec::new(),
                feedback: Vec::new(),
                commitments: Vec::new(),
            };
            stage.commitments.reserve(64);
            stage.feedback.reserve(64);
            stage.perceptions.reserve(64);
            for _ in 0..3 {
                stage.commitments.push(Commitment {
                    promise: "p".into(),
                    owner: "o".into(),
                    due: "2026-01-01".into(),
                    done: None,
                });
            }
            raw.stages.push(stage);
        }
        let map = parse_dates(raw).expect("valid dates");
        assert_eq!(map.stages.capacity(), map.stages.len());
        assert_eq!(map.reviews.capacity(), map.reviews.len());
        for stage in &map.stages {
            assert_eq!(stage.commitments.capacity(), 3);
            assert_eq!(stage.feedback.capacity(), 0);
            assert_eq!(stage.perceptions.capacity(), 0);
        }
    }
}
