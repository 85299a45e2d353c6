//! Believable git histories of a portfolio, for the tests and benches of
//! `journeymap history`: maps edited week by week by several people, one
//! commit per edit, dated like real work (weekdays, office hours).
//!
//! The commits go in through one `git fast-import` (a commit per process
//! would take minutes for the benches' thousand commits); their author and
//! committer dates are set in the stream, as `GIT_AUTHOR_DATE` and
//! `GIT_COMMITTER_DATE` would set them. The same seed gives the same
//! commit ids.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::civil::Date;

use super::{FEEDBACK, PERCEPTIONS, PROMISES, REVIEW_NOTES, STAGES, SplitMix64, add_days};
use crate::model::{
    Commitment, Feedback, Map, Method, Perception, Review, Source, Stage, slug, summarise_changes,
};
use crate::storage::to_canonical;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct HistorySpec {
    /// How many maps the portfolio has (all added in the first week).
    pub maps: usize,
    /// How many commits after the first, each editing one map.
    pub commits: usize,
    /// Stages of each map.
    pub stages: usize,
    pub seed: u64,
    /// The Monday of the first week.
    pub start: Date,
    /// Commits a week, spread over its weekdays.
    pub per_week: usize,
}

impl HistorySpec {
    /// A year of a small portfolio: 6 maps, about 5 edits a week.
    pub fn year(seed: u64) -> Self {
        HistorySpec {
            maps: 6,
            commits: 260,
            stages: 5,
            seed,
            start: jiff::civil::date(2025, 11, 24),
            per_week: 5,
        }
    }
}

/// The people who edit the maps: (name, email).
const AUTHORS: &[(&str, &str)] = &[
    ("Dana Ruiz", "dana@example.com"),
    ("Marek Nowak", "marek@example.com"),
    ("Aiko Tanaka", "aiko@example.com"),
    ("Sam Okafor", "sam@example.com"),
];

/// What a generated repository holds.
#[derive(Debug, Clone)]
pub struct GeneratedHistory {
    /// The maps' paths relative to the repository (`maps/NAME.ron`).
    pub maps: Vec<String>,
    /// The date of the last commit.
    pub last: Date,
}

/// Makes `dir` a git repository (branch `main`) whose history is `spec`,
/// with the work tree checked out. Needs the `git` program.
pub fn write_history(dir: &Path, spec: &HistorySpec) -> io::Result<GeneratedHistory> {
    std::fs::create_dir_all(dir)?;
    git(dir, &["init", "-q", "-b", "main"], None)?;
    let mut rng = SplitMix64::new(spec.seed);
    let mut maps: Vec<(String, Map)> = (0..spec.maps)
        .map(|i| {
            let map = first_map(&mut rng, spec, i);
            (format!("maps/{}.ron", slug(&map.client.name)), map)
        })
        .collect();
    // Some clients get more attention than others: how often each map is
    // edited, 1 (neglected) to 6 (looked after every week).
    let care: Vec<usize> = (0..maps.len()).map(|_| rng.between(1, 6)).collect();
    let mut stream = String::new();
    let mut mark = 0;
    // The portfolio arrives in one commit, on the first Monday.
    let first = &AUTHORS[0];
    let when = timestamp(spec.start, 9, 0);
    let files: Vec<(&str, String)> = maps
        .iter()
        .map(|(path, map)| Ok((path.as_str(), text(map)?)))
        .collect::<io::Result<_>>()?;
    commit(
        &mut stream,
        &mut mark,
        first,
        when,
        "Add the portfolio",
        &files,
    );
    let mut day = spec.start;
    let mut last = spec.start;
    for n in 0..spec.commits {
        // `per_week` edits a week, on weekdays, in office hours.
        let per_week = spec.per_week.max(1);
        if n % per_week == 0 && n > 0 {
            day = add_days(day, 7);
        }
        let date = add_days(day, ((n % per_week) * 5 / per_week) as i64);
        last = date;
        let index = pick_weighted(&mut rng, &care);
        let author = rng.pick(AUTHORS);
        let (path, map) = &mut maps[index];
        let before = map.clone();
        for _ in 0..rng.between(1, 3) {
            edit(map, &mut rng, date, author.0);
        }
        let changes = summarise_changes(&before, map);
        let subject = format!(
            "{}: {}",
            map.client.name,
            changes.first().map_or("no change", String::as_str)
        );
        let when = timestamp(date, rng.between(8, 17) as i8, rng.below(60) as i8);
        let file = [(path.as_str(), text(map)?)];
        commit(&mut stream, &mut mark, author, when, &subject, &file);
    }
    git(dir, &["fast-import", "--quiet"], Some(stream.as_bytes()))?;
    git(dir, &["reset", "-q", "--hard", "main"], None)?;
    let mut paths: Vec<String> = maps.into_iter().map(|(p, _)| p).collect();
    paths.sort();
    Ok(GeneratedHistory { maps: paths, last })
}

/// Runs `git` in `dir` with a clean configuration (no user or system
/// config can change what it writes), feeding `input` if given.
pub fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> io::Result<Vec<u8>> {
    run_git(Command::new("git"), dir, args, input)
}

/// [`git`], with the author's and the committer's date set to `date`
/// (`2026-11-13T10:00:00Z`): for a test's own commits on given days.
pub fn git_on(dir: &Path, date: &str, args: &[&str]) -> io::Result<Vec<u8>> {
    let mut cmd = Command::new("git");
    cmd.env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    run_git(cmd, dir, args, None)
}

fn run_git(
    mut cmd: Command,
    dir: &Path,
    args: &[&str],
    input: Option<&[u8]>,
) -> io::Result<Vec<u8>> {
    let mut child = cmd
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", AUTHORS[0].0)
        .env("GIT_AUTHOR_EMAIL", AUTHORS[0].1)
        .env("GIT_COMMITTER_NAME", AUTHORS[0].0)
        .env("GIT_COMMITTER_EMAIL", AUTHORS[0].1)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(bytes)?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// Seconds since the epoch of `date` at `hour:minute` UTC.
fn timestamp(date: Date, hour: i8, minute: i8) -> i64 {
    date.at(hour, minute, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

fn text(map: &Map) -> io::Result<String> {
    to_canonical(map).map_err(io::Error::other)
}

/// One commit of `git fast-import`, on `main`, after the one before.
fn commit(
    stream: &mut String,
    mark: &mut usize,
    (name, email): &(&str, &str),
    when: i64,
    message: &str,
    files: &[(&str, String)],
) {
    *mark += 1;
    let _ = writeln!(stream, "commit refs/heads/main\nmark :{mark}");
    let _ = writeln!(stream, "author {name} <{email}> {when} +0000");
    let _ = writeln!(stream, "committer {name} <{email}> {when} +0000");
    let _ = writeln!(stream, "data {}\n{message}", message.len());
    for (path, text) in files {
        let _ = writeln!(
            stream,
            "M 100644 inline {path}\ndata {}\n{text}",
            text.len()
        );
    }
    stream.push('\n');
}

/// A map as it was when the portfolio was first committed: a few stages,
/// some older feedback and a commitment or two.
fn first_map(rng: &mut SplitMix64, spec: &HistorySpec, index: usize) -> Map {
    let name = format!("{} {}", super::client_name(rng), index + 1);
    let manager = super::person(rng);
    let mut map = Map::new(&name, &manager);
    map.title = format!("{name}: from first call to renewal").into();
    for (stage_name, goal) in STAGES.iter().take(spec.stages.clamp(1, STAGES.len())) {
        let mut stage = Stage::new(&slug(stage_name), stage_name);
        stage.goal = Some((*goal).into());
        for _ in 0..rng.below(3) {
            let date = add_days(spec.start, -(rng.between(5, 150) as i64));
            stage.feedback.push(feedback(rng, date, &manager));
        }
        if rng.percent(40) {
            let due = add_days(spec.start, rng.between(3, 40) as i64);
            stage
                .commitments
                .push(Commitment::new(rng.pick::<&str>(PROMISES), &manager, due));
        }
        map.stages.push(stage);
    }
    map
}

fn feedback(rng: &mut SplitMix64, date: Date, by: &str) -> Feedback {
    let method = match rng.below(10) {
        0..=2 => Method::Call,
        3..=4 => Method::Meeting,
        5 => Method::Conversation,
        6..=8 => Method::Survey,
        _ => Method::Email,
    };
    Feedback {
        date,
        method,
        // Mostly content clients, now and then an unhappy one.
        score: rng.percent(80).then(|| match rng.below(100) {
            0..=4 => 1,
            5..=14 => 2,
            15..=39 => 3,
            40..=74 => 4,
            _ => 5,
        }),
        by: by.into(),
        summary: (*rng.pick(FEEDBACK)).into(),
        holding_back: rng.percent(8),
    }
}

/// One piece of a week's work on a map, dated `date`.
fn edit(map: &mut Map, rng: &mut SplitMix64, date: Date, author: &str) {
    if map.stages.is_empty() {
        return;
    }
    let s = rng.below(map.stages.len());
    let kind = rng.below(100);
    if (60..=84).contains(&kind) {
        // Keep the promise due first, wherever it is: on time or late.
        let open = map
            .stages
            .iter_mut()
            .flat_map(|st| st.commitments.iter_mut())
            .filter(|c| c.done.is_none())
            .min_by_key(|c| c.due);
        if let Some(c) = open {
            c.done = Some(date);
        }
        return;
    }
    let stage = &mut map.stages[s];
    match kind {
        0..=39 => stage.feedback.push(feedback(rng, date, author)),
        40..=59 => {
            let due = add_days(date, rng.between(7, 42) as i64);
            stage
                .commitments
                .push(Commitment::new(rng.pick::<&str>(PROMISES), author, due));
        }
        85..=94 => stage.perceptions.push(Perception {
            text: (*rng.pick(PERCEPTIONS)).into(),
            sentiment: rng.between(0, 4) as i8 - 2,
            source: if rng.percent(50) {
                Source::Assumed
            } else {
                Source::Heard
            },
        }),
        _ => {
            let stage = Some(stage.id.clone());
            map.reviews.push(Review {
                date,
                by: author.into(),
                stage,
                note: (*rng.pick(REVIEW_NOTES)).into(),
            });
        }
    }
}

/// An index into `weights`, each drawn in proportion to its weight.
fn pick_weighted(rng: &mut SplitMix64, weights: &[usize]) -> usize {
    let mut n = rng.below(weights.iter().sum::<usize>().max(1));
    for (i, w) in weights.iter().enumerate() {
        if n < *w {
            return i;
        }
        n -= w;
    }
    0
}

/// The paths of a generated history's maps, as the file system has them.
pub fn map_paths(dir: &Path, history: &GeneratedHistory) -> Vec<PathBuf> {
    history.maps.iter().map(|m| dir.join(m)).collect()
}
