//! The conflicts screen in the real binary, in a pseudo-terminal: a map a
//! merge left with a conflict opens on it; taking theirs and saving
//! leaves a map without conflicts that `check` accepts. And a map that
//! holds git's own conflict markers opens, merged.

mod common;

use std::fs;

use rexpect::process::WaitStatus;
use rexpect::session::spawn_command;

const CASE: &str = "tests/data/merge/conflict-same-field";

fn spawn_app(args: &str) -> rexpect::session::PtySession {
    let cmd = common::pty::app_command(args);
    spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
}

fn quit(mut p: rexpect::session::PtySession) {
    p.send("q").unwrap();
    p.flush().unwrap();
    p.exp_eof().expect("the app exits");
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("unexpected end: {other:?}"),
    }
}

#[test]
fn a_conflict_opens_side_by_side_and_taking_theirs_resolves_it() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("northwind.ron");
    fs::copy(format!("{CASE}/expected.ron"), &map).unwrap();
    let mut p = spawn_app(&format!(
        "'{}' --today 2026-11-23 --no-color",
        map.display()
    ));
    // Words arrive one by one (the backend skips unchanged cells).
    p.exp_string("conflict")
        .expect("the conflicts screen opens first");
    p.exp_string("theirs").expect("their version is shown");
    p.exp_string("Unsure").expect("their summary is shown");
    p.send("t").unwrap();
    p.flush().unwrap();
    p.exp_string("left")
        .expect("the status says no conflicts are left");
    p.send("\u{13}").unwrap(); // Ctrl-s
    p.flush().unwrap();
    p.exp_string("Saved").expect("saved");
    quit(p);
    let map = journeymap::storage::load_map(&map).expect("loads");
    assert!(map.map.conflicts.is_empty());
    assert_eq!(
        map.map.stages[0].feedback[0].summary,
        "Unsure about billing"
    );
    // The change theirs made that merged cleanly is there too.
    assert_eq!(map.map.stages[0].feedback[0].score, Some(3));
}

#[test]
fn a_map_with_git_conflict_markers_opens_merged_with_a_notice() {
    let base = fs::read_to_string(format!("{CASE}/base.ron")).unwrap();
    let line = "                    summary: \"Happy with onboarding, unsure about billing\",\n";
    let hunk = format!(
        "<<<<<<< HEAD\n{}||||||| base\n{line}=======\n{}>>>>>>> other\n",
        line.replace(
            "Happy with onboarding, unsure about billing",
            "Happy with onboarding"
        ),
        line.replace(
            "Happy with onboarding, unsure about billing",
            "Unsure about billing"
        ),
    );
    let text = base.replace(line, &hunk);
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("northwind.ron");
    fs::write(&map, text).unwrap();
    let mut p = spawn_app(&format!(
        "'{}' --today 2026-11-23 --no-color",
        map.display()
    ));
    p.exp_string("conflict")
        .expect("the conflicts screen opens");
    p.exp_string("markers")
        .expect("the status line says the file held markers");
    p.send("o").unwrap();
    p.flush().unwrap();
    p.exp_string("left").expect("resolved");
    p.send("\u{13}").unwrap();
    p.flush().unwrap();
    p.exp_string("Saved").expect("saved");
    quit(p);
    let saved = fs::read_to_string(&map).unwrap();
    assert!(!saved.contains("<<<<<<<"), "the markers are gone");
    let map = journeymap::storage::load_map(&map).expect("loads");
    assert_eq!(
        map.map.stages[0].feedback[0].summary,
        "Happy with onboarding"
    );
}
