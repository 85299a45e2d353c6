//! `o` opens the map's file in `$EDITOR` in a real pseudo-terminal: the
//! terminal is handed over (raw mode off, main screen) and taken back,
//! and the file is read again afterwards, on the board and from a
//! portfolio row that could not be read.

mod common;

use std::path::Path;

use rexpect::process::WaitStatus;
use rexpect::session::spawn_command;

/// An editor that edits the file without a terminal: it notes the
/// terminal's settings (to check that raw mode is off) and runs `sed`.
fn editor_script(dir: &Path, sed: &str) -> std::path::PathBuf {
    let script = dir.join("editor.sh");
    let stty = dir.join("stty.txt");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nstty -a > '{}' 2>&1\nsed -i '{sed}' \"$1\"\n",
            stty.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn spawn(args: &str, editor: &Path) -> rexpect::session::PtySession {
    let mut cmd = common::pty::app_command(args);
    cmd.env("EDITOR", editor).env_remove("VISUAL");
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
fn o_on_the_board_edits_the_file_in_editor_and_reloads_it() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("harbor-freightways.ron");
    std::fs::copy("tests/data/tui/maps/harbor-freightways.ron", &map).unwrap();
    let editor = editor_script(
        dir.path(),
        "s/name: \"Harbor Freightways\"/name: \"Zebulon Quarries\"/",
    );
    let mut p = spawn(
        &format!("'{}' --today 2026-11-23 --no-color", map.display()),
        &editor,
    );
    p.exp_string("Harbor").expect("the board is drawn");
    p.send("o").unwrap();
    p.flush().unwrap();
    p.exp_string("Zebulon").expect("the new name is shown");
    p.exp_string("reloaded")
        .expect("the status says it was read again");
    let stty = std::fs::read_to_string(dir.path().join("stty.txt")).unwrap();
    // Cooked mode while the editor runs: the terminal was handed over.
    assert!(
        stty.contains(" icanon") && stty.contains(" echo"),
        "raw mode was left for the editor: {stty}"
    );
    quit(p);
    let text = std::fs::read_to_string(&map).unwrap();
    assert!(
        text.contains("Zebulon Quarries"),
        "the editor's change is kept"
    );
}

#[test]
fn o_on_a_row_that_cannot_be_read_edits_it_and_the_row_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let maps = dir.path().join("maps");
    std::fs::create_dir(&maps).unwrap();
    for name in ["broken.ron", "quiet-meadow-trust.ron"] {
        std::fs::copy(format!("tests/data/tui/maps/{name}"), maps.join(name)).unwrap();
    }
    let editor = editor_script(dir.path(), "s/2026-02-30/2026-02-28/");
    let mut p = spawn(
        &format!("'{}' --today 2026-11-23 --no-color", maps.display()),
        &editor,
    );
    // The unreadable file is the first row, selected.
    p.exp_string("ERROR").expect("the broken row is drawn");
    p.send("o").unwrap();
    p.flush().unwrap();
    p.exp_string("again").expect("the row is read again");
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Nobody")
        .expect("the fixed map opens on the board");
    quit(p);
}
