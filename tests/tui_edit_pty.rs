//! Editing with the real binary in a pseudo-terminal: a bracketed paste
//! reaches a form as one text (its line break does not press Enter), Ctrl-s
//! saves, and the terminal gets bracketed paste turned off again on exit.

mod common;

use rexpect::process::WaitStatus;
use rexpect::session::spawn_command;

fn spawn_app(args: &str) -> rexpect::session::PtySession {
    let mut cmd = common::pty::app_command(args);
    cmd.env("USER", "pty-tester");
    spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
}

#[test]
fn log_feedback_with_a_paste_then_save_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northwind.ron");
    std::fs::write(&path, include_str!("fixtures/tui_edit.ron")).unwrap();
    let mut p = spawn_app(&format!(
        "'{}' --today 2026-11-23 --no-color",
        path.display()
    ));
    let start = p.exp_string("Qualifying").expect("the board is drawn");
    assert!(
        start.contains("\u{1b}[?2004h"),
        "bracketed paste on: {start:?}"
    );
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Touchpoints")
        .expect("the stage detail is drawn");
    p.send("f").unwrap();
    p.flush().unwrap();
    p.exp_string("Summary").expect("the feedback form is open");
    p.send("Called ").unwrap();
    p.send("\u{1b}[200~about the\nquote\u{1b}[201~").unwrap();
    // Enter: to the last field; Enter again: the form is saved.
    p.send("\r").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("unsaved").expect("the map changed");
    p.send("\u{13}").unwrap();
    p.flush().unwrap();
    p.exp_string("Saved").expect("saved");
    p.send("q").unwrap();
    p.flush().unwrap();
    let rest = p.exp_eof().expect("the app exits");
    assert!(
        rest.contains("\u{1b}[?2004l"),
        "bracketed paste off: {rest:?}"
    );
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("unexpected end: {other:?}"),
    }
    let saved = journeymap::storage::load_map(&path).expect("the saved map loads");
    let fb = saved.map.stages[0].feedback.last().expect("logged");
    assert_eq!(fb.summary, "Called about the quote");
    assert_eq!(fb.by, "pty-tester");
    assert_eq!(fb.date, jiff::civil::date(2026, 11, 23));
}
