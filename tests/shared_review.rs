//! Review mode driven by key events on a TestBackend: the walk, the card
//! at 80x24, and review notes as the only write (every other byte of the
//! file, and every other file, unchanged).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use journeymap::analysis::Thresholds;
use journeymap::storage::load_map;
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

fn maps_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let maps = dir.path().join("maps");
    fs::create_dir(&maps).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, maps.join(path.file_name().unwrap())).unwrap();
    }
    (dir, maps)
}

fn review(path: &Path) -> App {
    App::review(AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only: true,
        today: today(),
        thresholds: Thresholds::default(),
        no_color: true,
        keys: BTreeMap::new(),
        user: "Sam Reviewer".into(),
        state_dir: None,
    })
    .expect("review opens")
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn all_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_walk_goes_map_by_map_worst_first_with_a_counter() {
    let (_dir, maps) = maps_copy();
    let mut app = review(&maps);
    let walk = app.review_walk().unwrap();
    let (at, total) = walk.position();
    assert_eq!(at, 1);
    assert!(total > 5, "the samples have many stages to review: {total}");
    let first = walk.showing().unwrap();
    let first_screen = screen(&app, 80, 24);
    assert!(
        first_screen.contains(&format!("stop 1 of {total} needing attention")),
        "{first_screen}"
    );
    assert!(first_screen.contains("read-only"));
    // The first map is one of the worst.
    let loaded = load_map(&maps.join(&first.0)).unwrap();
    let status =
        journeymap::analysis::Analysis::of(&loaded.map, today(), &Thresholds::default()).status;
    assert_eq!(status, journeymap::analysis::Status::AtRisk);

    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.review_walk().unwrap().position(), (2, total));
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.review_walk().unwrap().position(), (1, total));
    for _ in 0..total + 3 {
        press(&mut app, KeyCode::Char('n'));
    }
    assert_eq!(app.review_walk().unwrap().position(), (total, total));
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn the_card_at_80x24() {
    let (_dir, maps) = maps_copy();
    let app = review(&maps.join("harbor-freightways.ron"));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn the_card_when_narrow() {
    let (_dir, maps) = maps_copy();
    let mut app = review(&maps.join("northwind-health.ron"));
    press(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!(screen(&app, 62, 24));
}

#[test]
fn a_review_note_is_the_only_write() {
    let (_dir, maps) = maps_copy();
    let before = all_bytes(&maps);
    let mut app = review(&maps);
    press(&mut app, KeyCode::Char('n'));
    let (file, stage) = app.review_walk().unwrap().showing().unwrap();
    let old_map = load_map(&maps.join(&file)).unwrap().map;

    // Letters typed into the note are text, not commands.
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "Call them before Friday's board, quick note");
    let typing = screen(&app, 80, 24);
    assert!(
        typing.contains("Note by Sam Reviewer on 2026-11-23:"),
        "{typing}"
    );
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Enter);
    let after_screen = screen(&app, 80, 24);
    assert!(after_screen.contains("Note saved to"), "{after_screen}");

    let after = all_bytes(&maps);
    for (name, bytes) in &before {
        if *name != file {
            assert_eq!(&after[name], bytes, "{name} must not change");
        }
    }
    assert_eq!(after.len(), before.len(), "no other file appeared");
    // The old bytes are all still there, in order: only text was added.
    let old = &before[&file];
    let new = &after[&file];
    let mut rest = new.iter();
    assert!(old.iter().all(|b| rest.any(|a| a == b)));
    let new_map = load_map(&maps.join(&file)).unwrap().map;
    let mut expected = old_map.clone();
    expected.reviews.push(journeymap::model::Review {
        date: today(),
        by: "Sam Reviewer".into(),
        stage: Some(stage.into()),
        note: "Call them before Friday's board, quick note".into(),
    });
    assert_eq!(new_map, expected);
    // The walk stays where it was.
    assert_eq!(app.review_walk().unwrap().position().0, 2);
}

#[test]
fn a_paste_goes_into_the_review_note() {
    let (_dir, maps) = maps_copy();
    let mut app = review(&maps.join("harbor-freightways.ron"));
    let (file, stage) = app.review_walk().unwrap().showing().unwrap();
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "Agreed: ");
    app.handle_event(Event::Paste("call Rick\nbefore Friday".into()));
    let typing = screen(&app, 80, 24);
    assert!(
        typing.contains("2026-11-23: Agreed: call Rick before Friday▏"),
        "{typing}"
    );
    press(&mut app, KeyCode::Enter);
    let map = load_map(&maps.join(&file)).unwrap().map;
    let note = map.reviews.last().unwrap();
    assert_eq!(note.note, "Agreed: call Rick before Friday");
    assert_eq!(note.stage.as_deref(), Some(stage.as_str()));
    // With no note open, a paste is not a note.
    let before = all_bytes(&maps);
    app.handle_event(Event::Paste("stray".into()));
    press(&mut app, KeyCode::Enter);
    assert_eq!(all_bytes(&maps), before);
}

#[test]
fn escape_cancels_a_note_and_writes_nothing() {
    let (_dir, maps) = maps_copy();
    let before = all_bytes(&maps);
    let mut app = review(&maps);
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "never mind");
    press(&mut app, KeyCode::Esc);
    // Editing keys do nothing in review mode.
    for c in ['d', 'a', 'e', 'u'] {
        press(&mut app, KeyCode::Char(c));
        press(&mut app, KeyCode::Esc);
    }
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(all_bytes(&maps), before);
}

#[test]
fn a_note_that_cannot_be_saved_says_why_and_stays_for_a_retry() {
    let (dir, maps) = maps_copy();
    let mut app = review(&maps.join("harbor-freightways.ron"));
    let original = fs::read(maps.join("harbor-freightways.ron")).unwrap();
    // The folder is replaced by a regular file: nothing can be written.
    let moved = dir.path().join("moved");
    fs::rename(&maps, &moved).unwrap();
    fs::write(&maps, "not a folder").unwrap();
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "retry me");
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Note not saved"), "{shown}");
    assert!(
        shown.contains("Note by Sam Reviewer"),
        "input still open: {shown}"
    );
    // The cause goes away; Enter again saves.
    fs::remove_file(&maps).unwrap();
    fs::rename(&moved, &maps).unwrap();
    assert_eq!(
        fs::read(maps.join("harbor-freightways.ron")).unwrap(),
        original
    );
    press(&mut app, KeyCode::Enter);
    let map = load_map(&maps.join("harbor-freightways.ron")).unwrap().map;
    assert_eq!(map.reviews.last().unwrap().note, "retry me");
    let names: Vec<String> = all_bytes(&maps).into_keys().collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "no temporary files: {names:?}"
    );
}

#[test]
fn a_map_changed_on_disk_is_read_again_during_the_review() {
    let (_dir, maps) = maps_copy();
    let file = maps.join("harbor-freightways.ron");
    let mut app = review(&file);
    let before = app.review_walk().unwrap().position().1;
    // A teammate renames the stage on screen and saves.
    let mut map = load_map(&file).unwrap().map;
    let (_, stage) = app.review_walk().unwrap().showing().unwrap();
    let index = map.stage_index(&stage).unwrap();
    map.stages[index].name = "Clocks, reviewed live".into();
    journeymap::storage::save_map(&file, &map, journeymap::storage::SaveGuard::Force).unwrap();
    let start = std::time::Instant::now();
    while !screen(&app, 80, 24).contains("Clocks, reviewed live") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(3),
            "not reloaded:\n{}",
            screen(&app, 80, 24)
        );
        app.tick();
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(screen(&app, 80, 24).contains("changed on disk: reloaded"));
    assert_eq!(app.review_walk().unwrap().position(), (1, before));
}
