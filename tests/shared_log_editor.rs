//! `journeymap log` (the real binary) next to an app that has the map
//! open for editing (an `App` in this process, driven by keys and its own
//! tick): written and reloaded while the app has nothing unsaved, refused
//! once it has, and an edit the app makes in the moment between the
//! command's look and its write is caught by the app's save, not lost.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use journeymap::analysis::Thresholds;
use journeymap::edit::document::{Edit, StageHeader};
use journeymap::storage::{load_map, lock, lock_state};
use journeymap::tui::{App, AppOptions};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use common::app::{private_state_dir, sample_copy};

fn open(path: &Path) -> App {
    private_state_dir();
    App::new(AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only: false,
        today: jiff::civil::date(2026, 11, 23),
        thresholds: Thresholds::default(),
        no_color: true,
        keys: BTreeMap::new(),
        user: "Dana".into(),
        state_dir: None,
    })
    .expect("the map opens")
}

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_event(Event::Key(KeyEvent::new(code, modifiers)));
}

/// Runs the app's tick, as its loop does, until `done` or 5 s.
fn tick_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(app) {
        assert!(start.elapsed() < Duration::from_secs(5), "no {what} in 5 s");
        app.tick();
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `journeymap log` on the map's "closing" stage, from a shell.
fn log(dir: &Path, file: &Path, summary: &str) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .arg("log")
        .arg(file)
        .args(["--stage", "closing", "feedback", "--method", "call"])
        .arg(summary)
        .args(["--today", "2026-11-23"])
        .env("JOURNEYMAP_STATE_DIR", dir.join("cli-state"))
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("USER", "Sam")
        .output()
        .expect("journeymap log runs")
}

fn closing_feedback(map: &journeymap::model::Map) -> Vec<String> {
    let stage = map.stage_index("closing").expect("the sample has it");
    map.stages[stage]
        .feedback
        .iter()
        .map(|f| f.summary.to_string())
        .collect()
}

fn shown_feedback(app: &App) -> Vec<String> {
    closing_feedback(app.document().unwrap().borrow().map())
}

fn rename_first_stage(app: &App, name: &str) {
    let doc = app.document().expect("a map is open");
    let mut doc = doc.borrow_mut();
    let stage = &doc.map().stages[0];
    let header = StageHeader {
        id: stage.id.to_string(),
        name: name.into(),
        goal: stage.goal.clone().map(String::from),
    };
    doc.apply(Edit::EditStage { index: 0, header }).unwrap();
}

fn dirty(app: &App) -> bool {
    app.document().unwrap().borrow().is_dirty()
}

#[test]
fn log_writes_while_the_editor_has_nothing_unsaved_and_refuses_once_it_has() {
    let (dir, file) = sample_copy();
    let mut app = open(&file);
    assert!(lock::lock_path(&file).exists(), "the app holds the lock");
    // The app's watcher is in place within a moment.
    std::thread::sleep(Duration::from_millis(300));
    let out = log(dir.path(), &file, "Signed off by legal");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("acme.ron is open in the journeymap of Dana on"),
        "{said}"
    );
    tick_until(&mut app, "reload", |a| {
        shown_feedback(a).contains(&"Signed off by legal".to_string())
    });
    assert!(!dirty(&app));
    assert!(lock::lock_path(&file).exists(), "the app's lock stays");

    // An edit by key: said at once, and the shell leaves the map alone.
    key(&mut app, KeyCode::Char('J'), KeyModifiers::SHIFT);
    assert!(dirty(&app), "J moves the stage: an edit");
    let before = fs::read(&file).unwrap();
    let out = log(dir.path(), &file, "Not now");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("acme.ron has unsaved edits in the journeymap of Dana on"),
        "{err}"
    );
    assert!(err.contains("Save them there and run this again"), "{err}");
    assert_eq!(fs::read(&file).unwrap(), before, "nothing written");

    // Saved: the shell may write again.
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(!dirty(&app));
    let out = log(dir.path(), &file, "Now it is");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    tick_until(&mut app, "reload", |a| {
        shown_feedback(a).contains(&"Now it is".to_string())
    });
    drop(app);
    assert!(!lock::lock_path(&file).exists());
    assert!(!lock_state::state_path(&lock::lock_path(&file)).exists());
}

#[test]
fn an_edit_made_between_the_commands_look_and_its_write_is_merged_not_lost() {
    let (dir, file) = sample_copy();
    let mut app = open(&file);
    std::thread::sleep(Duration::from_millis(300));
    // The edit lands in the app's document but the app has not said so
    // yet (no input event, no tick): the command finds "nothing unsaved".
    rename_first_stage(&app, "Rapport, renamed in the app");
    let out = log(dir.path(), &file, "Logged meanwhile");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The app's save finds the file changed since and asks.
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(app.session_prompt_title(), Some("Changed on disk"));
    let on_disk = load_map(&file).unwrap().map;
    assert_eq!(
        on_disk.stages[0].name, "Building rapport",
        "nothing overwritten"
    );
    assert!(closing_feedback(&on_disk).contains(&"Logged meanwhile".to_string()));
    // Merge theirs into mine, then save: both are in the file.
    key(&mut app, KeyCode::Char('m'), KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(!dirty(&app));
    let saved = load_map(&file).unwrap().map;
    assert_eq!(saved.stages[0].name, "Rapport, renamed in the app");
    assert!(closing_feedback(&saved).contains(&"Logged meanwhile".to_string()));
}
