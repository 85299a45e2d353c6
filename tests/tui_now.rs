//! Moving where the client is now, in the app: one key on the board,
//! undoable, saved; the board shows past / now / ahead in words.

mod tui_support;

use std::fs;

use journeymap::model::Phase;
use journeymap::storage::load_map;
use journeymap::tui::App;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tui_support::{HARBOR, key_event, options, press, screen, today};

/// The Harbor sample (which does not say where the client is) copied into
/// a temp folder, opened on its board.
fn harbor_board() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("harbor-freightways.ron");
    fs::copy(HARBOR, &path).expect("copied");
    let app = App::new(options(&path)).expect("the app opens");
    (dir, path, app)
}

fn current(app: &App) -> journeymap::model::Map {
    app.document()
        .expect("a map is open")
        .borrow()
        .map()
        .clone()
}

#[test]
fn one_key_moves_now_and_undo_takes_it_back() {
    let (_dir, path, mut app) = harbor_board();
    let before = screen(&app, 160, 48);
    assert!(!before.contains("▶ now"), "{before}");
    // Harbor's last stage, "Contract renewal", has no feedback: critical
    // while every stage counts as reached.
    assert!(
        before.contains("Contract renewal      no feedback gathered"),
        "{before}"
    );

    // The client is in the third stage.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('>'));
    let map = current(&app);
    assert_eq!(map.now.as_ref().map(|n| n.stage.as_str()), Some("billing"));
    assert_eq!(map.phase(2), Phase::Now(today()));
    let moved = screen(&app, 160, 48);
    insta::assert_snapshot!("now_moved_160x48", moved);
    assert!(moved.contains("✓ past"), "{moved}");
    assert!(moved.contains("▶ now"), "{moved}");
    assert!(moved.contains("… ahead"), "{moved}");
    assert!(!moved.contains("no feedback gathered"), "{moved}");
    insta::assert_snapshot!("now_moved_80x24", screen(&app, 80, 24));

    // Pressed again on the same stage: nothing changes, and it says so.
    press(&mut app, KeyCode::Char('>'));
    assert!(
        screen(&app, 160, 48).contains("the client is in this stage already"),
        "{}",
        screen(&app, 160, 48)
    );

    press(&mut app, KeyCode::Char('u'));
    assert_eq!(current(&app).now, None);
    let undone = screen(&app, 160, 48);
    assert!(!undone.contains("▶ now"), "{undone}");
    assert!(
        undone.contains("Contract renewal      no feedback gathered"),
        "{undone}"
    );

    // Redo, save, and the file says it.
    app.handle_event(key_event(KeyCode::Char('r'), KeyModifiers::CONTROL));
    app.handle_event(key_event(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let saved = load_map(&path).unwrap_or_else(|e| panic!("{e}")).map;
    assert_eq!(
        saved.now.map(|n| (n.stage, n.since)),
        Some(("billing".into(), today()))
    );
    let text = fs::read_to_string(&path).expect("readable");
    assert!(text.starts_with("(\n    format: 2,\n"), "{text}");
}

#[test]
fn the_help_lists_the_key() {
    let (_dir, _path, mut app) = harbor_board();
    press(&mut app, KeyCode::Char('?'));
    let help = screen(&app, 160, 48);
    assert!(
        help.contains(">") && help.contains("the client is here now, since today"),
        "{help}"
    );
}

#[test]
fn the_stage_screen_lists_awaited_feedback_with_how_we_listen() {
    let (_dir, _path, mut app) = harbor_board();
    // The client is in "Contract renewal", which has no feedback: awaited.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Char('>'));
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 100, 40);
    assert!(
        s.contains("no feedback yet; the client is here since 2026-11-23"),
        "{s}"
    );
    assert!(!s.contains("feedback: nothing to watch"), "{s}");
}
