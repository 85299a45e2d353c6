//! Helpers shared by the core integration tests: short builders for map
//! items, so each test shows only the values it is about, and proptest
//! strategies for whole valid maps.
//!
//! Each test file uses only part of this module.
#![allow(dead_code)]

pub mod app;
pub mod cli;
pub mod pty;
pub mod strategies;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use journeymap::model::{Commitment, Feedback, Map, Method, Perception, Source, Stage, parse_date};

/// The spec's complete example, byte for byte.
pub const SPEC_EXAMPLE: &str = include_str!("../data/spec-example.ron");

/// A date from `YYYY-MM-DD`; panics on a typo in a test.
pub fn d(text: &str) -> Date {
    parse_date(text).unwrap_or_else(|e| panic!("bad test date: {e}"))
}

/// Feedback gathered on `date` by `method`, with a score or none.
pub fn feedback(date: &str, method: Method, score: Option<u8>) -> Feedback {
    Feedback {
        date: d(date),
        method,
        score,
        by: "Dana Ruiz".into(),
        summary: format!("said something on {date}").into(),
        holding_back: false,
    }
}

/// Like [`feedback`], with `holding_back` set.
pub fn holding_back(date: &str, method: Method, score: Option<u8>) -> Feedback {
    Feedback {
        holding_back: true,
        ..feedback(date, method, score)
    }
}

/// A commitment due on `due`, kept on `done` (or open).
pub fn commitment(due: &str, done: Option<&str>) -> Commitment {
    Commitment {
        promise: format!("call back by {due}").into(),
        owner: "Dana Ruiz".into(),
        due: d(due),
        done: done.map(d),
    }
}

pub fn perception(source: Source) -> Perception {
    Perception {
        text: format!("{source} perception").into(),
        sentiment: 0,
        source,
    }
}

/// A stage with only the given feedback.
pub fn stage_with_feedback(id: &str, feedback: Vec<Feedback>) -> Stage {
    Stage {
        feedback,
        ..Stage::new(id, &format!("Stage {id}"))
    }
}

/// A stage that raises no finding of its own on `2026-11-23` (recent,
/// personal, good feedback), to which a test adds what it is about.
pub fn quiet_stage(id: &str) -> Stage {
    stage_with_feedback(
        id,
        vec![feedback("2026-11-01", Method::Conversation, Some(4))],
    )
}

/// A map for "Northwind Health" holding these stages.
pub fn map_with(stages: Vec<Stage>) -> Map {
    Map {
        stages,
        ..Map::new("Northwind Health", "Dana Ruiz")
    }
}

/// A temporary folder and a path in it.
pub fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let path = dir.path().join(name);
    (dir, path)
}

/// Names of the entries of a folder, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list the folder")
        .map(|e| {
            e.expect("folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The 1-based line and column (in characters) where the `nth` (0-based)
/// occurrence of `needle` starts in `text`: computed from the text, so that
/// tests of error positions do not repeat the code under test.
pub fn pos_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (offset, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the test text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Makes a FIFO (named pipe) at `path`: reading one waits for a writer.
#[cfg(unix)]
pub fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `work` on a thread and fails the test if it has not finished
/// within a few seconds: a read stuck on the FIFO at `fifo` is then let go
/// by opening the FIFO's other end, so the test ends either way.
#[cfg(unix)]
pub fn within_seconds<T: Send + 'static>(
    fifo: &Path,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(5)) {
        Ok(value) => value,
        Err(_) => {
            // Without waiting: there may be no reader to meet.
            use std::os::unix::fs::OpenOptionsExt;
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(fifo);
            panic!("reading {} blocked", fifo.display());
        }
    }
}
