//! `journeymap log` and `journeymap done` through the real binary: what
//! they write (canonical, through the editing core), what they refuse
//! (exit 1, file untouched) and a map open for editing elsewhere.

mod common;

use std::fs;
use std::path::Path;

use common::cli::*;
use journeymap::model::{Commitment, Map, Method, Stage};
use journeymap::storage::{load_map, lock, lock_state, to_canonical};
use predicates::prelude::*;

/// Acme: a first call, a proposal with two open promises that both hold
/// "send", and a kept one.
fn acme() -> Map {
    let mut proposal = Stage::new("proposal", "Proposal");
    proposal.commitments = vec![
        Commitment::new("Send the revised quote", "Dana Ruiz", day("2026-11-20")),
        Commitment::new("Send the case study", "Lee Chan", day("2026-11-30")),
        Commitment {
            done: Some(day("2026-11-02")),
            ..Commitment::new("Book the demo", "Dana Ruiz", day("2026-11-01"))
        },
    ];
    map_with(
        "Acme Corp",
        vec![ok_stage("first-call", "First call"), proposal],
    )
}

fn setup() -> (Sandbox, std::path::PathBuf) {
    let sb = Sandbox::new();
    let path = sb.write_map("acme.ron", &acme());
    (sb, path)
}

fn map_of(path: &Path) -> Map {
    load_map(path).expect("the map loads").map
}

fn is_canonical(path: &Path) -> bool {
    let text = fs::read_to_string(path).unwrap();
    to_canonical(&map_of(path)).unwrap() == text
}

#[test]
fn log_feedback_adds_it_dated_today_by_the_user_canonically() {
    let (sb, path) = setup();
    sb.cmd()
        .args(["log", "maps/acme.ron", "--stage", "proposal", "feedback"])
        .args(["--method", "call", "--score", "4", "Happy with the quote"])
        .args(["--today", TODAY])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("logged on stage \"Proposal\""));
    let map = map_of(&path);
    let fb = map.stages[1].feedback.last().expect("feedback added");
    assert_eq!(fb.date, day(TODAY));
    assert_eq!(fb.method, Method::Call);
    assert_eq!(fb.score, Some(4));
    assert_eq!(fb.by, "tester");
    assert_eq!(fb.summary, "Happy with the quote");
    assert!(is_canonical(&path));
    assert!(!lock::lock_path(&path).exists(), "the lock is released");
}

#[test]
fn log_feedback_takes_date_by_other_method_and_stage_by_name() {
    let (sb, path) = setup();
    sb.cmd()
        .args(["log", "maps/acme.ron", "feedback", "--stage", "first CALL"])
        .args(["--method", "other:trade fair", "--date", "2026-11-20"])
        .args([
            "--by",
            "Lee Chan",
            "--holding-back",
            "Quiet about the budget",
        ])
        .args(["--today", TODAY])
        .assert()
        .code(0);
    let fb = map_of(&path).stages[0].feedback.last().cloned().unwrap();
    assert_eq!(fb.method, Method::Other("trade fair".into()));
    assert_eq!(fb.date, day("2026-11-20"));
    assert_eq!(fb.by, "Lee Chan");
    assert!(fb.holding_back);
    assert_eq!(fb.score, None);
}

#[test]
fn log_commitment_adds_an_open_promise() {
    let (sb, path) = setup();
    sb.cmd()
        .args(["log", "maps/acme.ron", "--stage", "proposal", "commitment"])
        .args([
            "--owner",
            "Dana Ruiz",
            "--due",
            "2026-12-04",
            "Call the CFO",
        ])
        .args(["--today", TODAY])
        .assert()
        .code(0);
    let c = map_of(&path).stages[1].commitments.last().cloned().unwrap();
    assert_eq!(
        c,
        Commitment::new("Call the CFO", "Dana Ruiz", day("2026-12-04"))
    );
    assert!(is_canonical(&path));
}

/// Runs a command that must be refused: exit `code`, stderr holding
/// `says`, the file byte for byte as it was.
fn refused(sb: &Sandbox, path: &Path, args: &[&str], code: i32, says: &str) {
    let before = fs::read(path).unwrap();
    sb.cmd()
        .args(args)
        .args(["--today", TODAY])
        .assert()
        .code(code)
        .stderr(predicate::str::contains(says));
    assert_eq!(fs::read(path).unwrap(), before, "{args:?} changed the file");
}

#[test]
fn invalid_values_are_refused_with_what_is_allowed() {
    let (sb, path) = setup();
    let log = |rest: &[&str]| {
        let mut args = vec!["log", "maps/acme.ron", "--stage", "proposal"];
        args.extend_from_slice(rest);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        (
            log(&["feedback", "--method", "fax", "x"]),
            2,
            "use conversation, call, meeting, survey, email, or other:TEXT",
        ),
        (
            log(&["feedback", "--method", "call", "--score", "6", "x"]),
            2,
            "6 is not in 1..=5",
        ),
        (
            log(&["feedback", "--method", "call", "--date", "2026-02-30", "x"]),
            2,
            "not a real date",
        ),
        (
            log(&["feedback", "--method", "call", "--date", "2026-12-01", "x"]),
            1,
            "after today",
        ),
        (
            log(&["feedback", "--method", "call", "  "]),
            1,
            "the summary is empty",
        ),
        (
            log(&["commitment", "--owner", "Dana", "--due", "tomorrow", "x"]),
            2,
            "YYYY-MM-DD",
        ),
        (
            log(&["commitment", "--owner", " ", "--due", "2026-12-01", "x"]),
            1,
            "the --owner name is empty",
        ),
        (
            vec![
                "log",
                "maps/acme.ron",
                "--stage",
                "closing",
                "feedback",
                "--method",
                "call",
                "x",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            1,
            "has no stage \"closing\"; give one of its stages by id or name: first-call (\"First call\"), proposal (\"Proposal\")",
        ),
        (
            vec!["log", "maps/acme.ron", "feedback", "--method", "call", "x"]
                .into_iter()
                .map(String::from)
                .collect(),
            1,
            "say which stage with --stage",
        ),
    ];
    for (args, code, says) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&sb, &path, &args, code, says);
    }
}

#[test]
fn a_missing_or_broken_map_is_an_error_naming_the_file() {
    let (sb, path) = setup();
    let args = ["feedback", "--method", "call", "x"];
    sb.cmd()
        .args(["log", "maps/nope.ron", "--stage", "proposal"])
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("maps/nope.ron: cannot read"));
    assert!(!sb.maps().join(".nope.ron.lock").exists());
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("format: 2,", "format: 2,,");
    fs::write(&path, &text).unwrap();
    refused(
        &sb,
        &path,
        &[
            "log",
            "maps/acme.ron",
            "--stage",
            "proposal",
            "feedback",
            "--method",
            "call",
            "x",
        ],
        2,
        "maps/acme.ron:2:",
    );
}

#[test]
fn done_marks_the_one_matching_open_commitment_kept() {
    let (sb, path) = setup();
    sb.cmd()
        .args([
            "done",
            "maps/acme.ron",
            "--stage",
            "proposal",
            "REVISED quote",
        ])
        .args(["--today", TODAY])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "\"Send the revised quote\" (Dana Ruiz, due 2026-11-20) marked kept on 2026-11-23",
        ));
    let map = map_of(&path);
    assert_eq!(map.stages[1].commitments[0].done, Some(day(TODAY)));
    assert_eq!(map.stages[1].commitments[1].done, None);
    assert!(is_canonical(&path));
    // Without --stage every stage is searched; --on gives the day.
    sb.cmd()
        .args(["done", "maps/acme.ron", "case study", "--on", "2026-11-22"])
        .args(["--today", TODAY])
        .assert()
        .code(0);
    assert_eq!(
        map_of(&path).stages[1].commitments[1].done,
        Some(day("2026-11-22"))
    );
}

#[test]
fn done_with_several_matches_lists_them_and_changes_nothing() {
    let (sb, path) = setup();
    refused(
        &sb,
        &path,
        &["done", "maps/acme.ron", "--stage", "proposal", "send"],
        1,
        "2 open commitments hold \"send\"; nothing was changed. Give more of the promise (or --stage) to pick one:\n  \"Send the revised quote\" (Dana Ruiz, due 2026-11-20), stage proposal\n  \"Send the case study\" (Lee Chan, due 2026-11-30), stage proposal",
    );
}

#[test]
fn done_without_a_match_says_what_is_open_and_what_is_kept() {
    let (sb, path) = setup();
    refused(
        &sb,
        &path,
        &["done", "maps/acme.ron", "--stage", "proposal", "demo"],
        1,
        "no open commitment holds \"demo\"; already kept:\n  \"Book the demo\" (Dana Ruiz, due 2026-11-01, kept 2026-11-02), stage proposal; the open ones:",
    );
    refused(
        &sb,
        &path,
        &[
            "done",
            "maps/acme.ron",
            "--stage",
            "proposal",
            "quote",
            "--on",
            "2026-11-24",
        ],
        1,
        "--on 2026-11-24 is after today (2026-11-23)",
    );
}

#[test]
fn a_map_open_for_editing_by_another_live_process_is_not_written() {
    let (sb, path) = setup();
    // Dana's journeymap holds the lock: another process that runs (pid 1
    // always does), on this machine.
    let dana = lock::LockInfo {
        pid: 1,
        ..lock::LockInfo::current("Dana")
    };
    let lock_file = lock::lock_path(&path);
    fs::write(&lock_file, ron::to_string(&dana).unwrap()).unwrap();
    for args in [
        &[
            "log",
            "maps/acme.ron",
            "--stage",
            "proposal",
            "feedback",
            "--method",
            "call",
            "x",
        ][..],
        &["done", "maps/acme.ron", "--stage", "proposal", "revised"][..],
    ] {
        refused(&sb, &path, args, 1, "is open for editing by Dana on ");
        sb.cmd()
            .args(args)
            .assert()
            .stderr(predicate::str::contains(
                "(process 1): nothing was changed, so that edits not saved there are not \
                 written over. Make the change in that app, or close the map there and run this again",
            ));
    }
    assert!(lock_file.exists(), "Dana's lock stays");
    // A lock left by a process that is gone does not count.
    let gone = lock::LockInfo {
        pid: u32::MAX - 1,
        ..dana
    };
    fs::write(&lock_file, ron::to_string(&gone).unwrap()).unwrap();
    sb.cmd()
        .args(["done", "maps/acme.ron", "--stage", "proposal", "revised"])
        .args(["--today", TODAY])
        .assert()
        .code(0);
    assert!(
        !lock_file.exists(),
        "the stale lock was taken over and released"
    );
}

/// Dana's journeymap (another process that runs: pid 1) holds the lock
/// of the map and says next to it whether it has unsaved edits, in the
/// state file the app writes (`.acme.ron.lock.state`).
fn open_in_danas_app(path: &Path, unsaved: Option<bool>) -> lock::LockInfo {
    let dana = lock::LockInfo {
        pid: 1,
        ..lock::LockInfo::current("Dana")
    };
    let lock_file = lock::lock_path(path);
    fs::write(&lock_file, ron::to_string(&dana).unwrap()).unwrap();
    if let Some(unsaved) = unsaved {
        let state = format!(
            "(lock:{},unsaved:{unsaved})\n",
            ron::to_string(&dana).unwrap()
        );
        fs::write(lock_state::state_path(&lock_file), state).unwrap();
    }
    dana
}

const LOG: [&str; 8] = [
    "log",
    "maps/acme.ron",
    "--stage",
    "proposal",
    "feedback",
    "--method",
    "call",
    "Happy with the quote",
];
const DONE: [&str; 5] = ["done", "maps/acme.ron", "--stage", "proposal", "revised"];

#[test]
fn a_map_open_in_an_app_with_nothing_unsaved_is_written_and_the_lock_left() {
    let (sb, path) = setup();
    let dana = open_in_danas_app(&path, Some(false));
    let lock_file = lock::lock_path(&path);
    let lock_text = fs::read(&lock_file).unwrap();
    sb.cmd()
        .args(LOG)
        .args(["--today", TODAY])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("logged on stage \"Proposal\""))
        .stdout(predicate::str::contains(format!(
            "acme.ron is open in the journeymap of {} (process 1), with nothing unsaved \
             there: it reloads the change",
            dana.describe()
        )));
    sb.cmd()
        .args(DONE)
        .args(["--today", TODAY])
        .assert()
        .code(0);
    let map = map_of(&path);
    assert_eq!(
        map.stages[1].feedback.last().map(|f| f.summary.as_str()),
        Some("Happy with the quote")
    );
    assert_eq!(map.stages[1].commitments[0].done, Some(day(TODAY)));
    assert!(is_canonical(&path));
    // Dana's lock and word stay as they were: they are the app's.
    assert_eq!(fs::read(&lock_file).unwrap(), lock_text);
    assert!(lock_state::state_path(&lock_file).exists());
}

#[test]
fn a_map_with_unsaved_edits_in_an_app_is_not_written() {
    let (sb, path) = setup();
    open_in_danas_app(&path, Some(true));
    for args in [&LOG[..], &DONE[..]] {
        refused(
            &sb,
            &path,
            args,
            1,
            "acme.ron has unsaved edits in the journeymap of Dana on ",
        );
        sb.cmd()
            .args(args)
            .assert()
            .stderr(predicate::str::contains(
                "(process 1): nothing was changed, so that they are not written over. \
                 Save them there and run this again, or make the change in that app",
            ));
    }
    assert!(lock::lock_path(&path).exists(), "Dana's lock stays");
}

#[test]
fn an_app_that_does_not_say_or_says_it_of_another_lock_is_taken_as_unsaved() {
    let (sb, path) = setup();
    let lock_file = lock::lock_path(&path);
    let state = lock_state::state_path(&lock_file);
    // An older journeymap writes no state.
    open_in_danas_app(&path, None);
    refused(&sb, &path, &LOG, 1, "is open for editing by Dana on ");
    // A state of an earlier lock (another process, since gone), or one
    // that cannot be read.
    let earlier = lock::LockInfo {
        pid: u32::MAX - 1,
        ..lock::LockInfo::current("Dana")
    };
    for text in [
        format!("(lock:{},unsaved:false)", ron::to_string(&earlier).unwrap()),
        "(unsaved:false)".into(),
        "not a state".into(),
    ] {
        fs::write(&state, &text).unwrap();
        refused(&sb, &path, &DONE, 1, "is open for editing by Dana on ");
    }
    // A FIFO is not waited for.
    fs::remove_file(&state).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&state).status();
    if made.is_ok_and(|s| s.success()) {
        refused(&sb, &path, &DONE, 1, "is open for editing by Dana on ");
    }
}

#[test]
fn comments_are_not_dropped_without_being_asked() {
    let (sb, path) = setup();
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("(\n", "// Acme's map\n(\n", 1);
    fs::write(&path, &text).unwrap();
    let args = [
        "log",
        "maps/acme.ron",
        "--stage",
        "proposal",
        "feedback",
        "--method",
        "call",
        "x",
    ];
    refused(&sb, &path, &args, 1, "holds hand-written comments");
    sb.cmd().args(args).arg("--drop-comments").assert().code(0);
    assert!(is_canonical(&path));
}
