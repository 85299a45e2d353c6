//! The conflicts screen on a `TestBackend`: what it shows at 80x24, every
//! size without a panic, map text made harmless, and its keys: take a
//! version, undo, come back with `!`, take and edit.

#[path = "tui_support/mod.rs"]
mod tui_support;

use std::fs;

use ratatui::crossterm::event::KeyCode;
use tui_support::*;

const CASE: &str = "tests/data/merge/conflict-same-field/expected.ron";

fn conflicted(text: &str) -> (tempfile::TempDir, journeymap::tui::App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("northwind.ron");
    fs::write(&path, text).expect("write");
    let app = journeymap::tui::App::new(options(&path)).expect("the map with a conflict opens");
    (dir, app)
}

fn summary(app: &journeymap::tui::App) -> String {
    let doc = app.document().expect("a map is open").borrow();
    doc.map().stages[0].feedback[0].summary.to_string()
}

fn conflicts(app: &journeymap::tui::App) -> usize {
    app.document()
        .expect("a map is open")
        .borrow()
        .map()
        .conflicts
        .len()
}

#[test]
fn the_conflict_shows_the_three_versions_side_by_side() {
    let (_dir, app) = conflicted(&fs::read_to_string(CASE).unwrap());
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn taking_a_version_is_one_undoable_edit_and_bang_brings_the_screen_back() {
    let (_dir, mut app) = conflicted(&fs::read_to_string(CASE).unwrap());
    assert_eq!(
        summary(&app),
        "Happy with onboarding",
        "ours is in the map meanwhile"
    );
    // Right selects theirs, Enter takes it.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    assert_eq!(summary(&app), "Unsure about billing");
    assert_eq!(conflicts(&app), 0);
    assert!(
        !screen(&app, 80, 24).contains("Merge conflict"),
        "the screen closed"
    );
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(conflicts(&app), 1, "undo brings the conflict back");
    assert_eq!(summary(&app), "Happy with onboarding");
    press(&mut app, KeyCode::Char('!'));
    assert!(screen(&app, 80, 24).contains("Merge conflict 1 of 1"));
    // Esc leaves it for later; the board offers it in its footer.
    press(&mut app, KeyCode::Esc);
    let board = screen(&app, 120, 30);
    assert!(board.contains("! merge conflicts"), "{board}");
    press(&mut app, KeyCode::Char('!'));
    // `e` takes the selected version (ours) and opens its form.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(conflicts(&app), 0);
    let form = screen(&app, 80, 24);
    assert!(
        form.contains("Happy with onboarding") && form.contains("Summary"),
        "{form}"
    );
}

#[test]
fn no_size_makes_the_conflicts_screen_panic_and_map_text_stays_harmless() {
    let text = fs::read_to_string(CASE).unwrap().replace(
        "Unsure about billing",
        "Unsure \\u{1b}[2J\\u{202e}about billing",
    );
    let (_dir, app) = conflicted(&text);
    for (w, h) in [
        (0, 0),
        (1, 1),
        (5, 3),
        (9, 3),
        (20, 6),
        (40, 12),
        (80, 24),
        (200, 60),
        (500, 3),
        (3, 200),
    ] {
        let buf = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| draw(&app, w, h)))
            .unwrap_or_else(|_| panic!("panicked at {w}x{h}"));
        for cell in buf.content() {
            assert!(
                !cell
                    .symbol()
                    .chars()
                    .any(|c| c == '\u{1b}' || c == '\u{202e}'),
                "a control character reached the screen at {w}x{h}"
            );
        }
    }
    assert!(
        screen(&app, 120, 30).contains("Unsure ␛[2J"),
        "{}",
        screen(&app, 120, 30)
    );
}
