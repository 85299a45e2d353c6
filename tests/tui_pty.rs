//! The real binary in a pseudo-terminal: it starts, draws the portfolio,
//! quits on `q` with exit code 0, and gives the terminal back (leaves the
//! alternate screen, stops mouse reporting).

mod common;

use rexpect::process::WaitStatus;
use rexpect::session::spawn_command;

/// Runs the binary in a 100x30 pseudo-terminal.
fn spawn_app(args: &str) -> rexpect::session::PtySession {
    let mut cmd = common::pty::app_command(args);
    cmd.env_remove("NO_COLOR");
    spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
}

fn two_maps() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["harbor-freightways.ron", "quiet-meadow-trust.ron"] {
        std::fs::copy(format!("tests/data/tui/maps/{name}"), dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn opens_a_folder_and_quits_on_q() {
    let dir = two_maps();
    let mut p = spawn_app(&format!("'{}' --today 2026-11-23", dir.path().display()));
    // The backend only sends changed cells, so words arrive separately
    // (spaces are skipped with cursor moves): match single ASCII words.
    p.exp_string("Harbor").expect("the portfolio is drawn");
    p.exp_string("Quiet").expect("both maps are listed");
    p.send("q").unwrap();
    p.flush().unwrap();
    let rest = p.exp_eof().expect("the app exits");
    // Leaving the alternate screen and turning mouse reporting off.
    assert!(
        rest.contains("\u{1b}[?1049l"),
        "alternate screen left: {rest:?}"
    );
    assert!(
        rest.contains("\u{1b}[?1000l"),
        "mouse capture off: {rest:?}"
    );
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("unexpected end: {other:?}"),
    }
}

#[test]
fn opens_a_map_on_the_board_and_moves_to_the_findings() {
    let dir = two_maps();
    let map = dir.path().join("harbor-freightways.ron");
    let mut p = spawn_app(&format!(
        "'{}' --today 2026-11-23 --no-color",
        map.display()
    ));
    p.exp_string("Executive").expect("the board is drawn");
    p.send("l").unwrap();
    p.send("\t").unwrap();
    p.flush().unwrap();
    // The footer changes to the findings panel's keys.
    p.exp_string("finding")
        .expect("the findings panel has focus");
    p.send("q").unwrap();
    p.flush().unwrap();
    p.exp_eof().expect("the app exits");
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("unexpected end: {other:?}"),
    }
}

#[test]
fn no_maps_yet_explains_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("maps");
    let mut p = spawn_app(&format!("--dir '{}' --today 2026-11-23", missing.display()));
    p.exp_string("journey").expect("the empty state is drawn");
    p.exp_string("new").expect("it says how to create a map");
    p.send("q").unwrap();
    p.flush().unwrap();
    p.exp_eof().expect("the app exits");
}
