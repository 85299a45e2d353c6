//! Two app instances on one map, driven by keys on TestBackends and the
//! app's own tick: presence, live reload, and every way out of a conflict.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use journeymap::analysis::Thresholds;
use journeymap::edit::document::{Edit, StageHeader};
use journeymap::storage::{load_map, lock};
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use common::app::{private_state_dir, sample_copy};

fn open(path: &Path, user: &str, read_only: bool) -> App {
    private_state_dir();
    App::new(AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only,
        today: jiff::civil::date(2026, 11, 23),
        thresholds: Thresholds::default(),
        no_color: true,
        keys: BTreeMap::new(),
        user: user.into(),
        state_dir: None,
    })
    .expect("the map opens")
}

fn rename_stage(app: &App, index: usize, name: &str) {
    let doc = app.document().expect("a map is open");
    let mut doc = doc.borrow_mut();
    let stage = &doc.map().stages[index];
    let header = StageHeader {
        id: stage.id.to_string(),
        name: name.into(),
        goal: stage.goal.clone().map(String::from),
    };
    doc.apply(Edit::EditStage { index, header }).unwrap();
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl_s(app: &mut App) {
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = terminal.backend().buffer();
    (0..24)
        .map(|y| {
            (0..80)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The session prompt's box (drawn with double lines), cell by cell.
fn prompt_box(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = terminal.backend().buffer();
    let cell = |x: u16, y: u16| buf[(x, y)].symbol().to_string();
    let mut corner = None;
    for y in 0..24 {
        for x in 0..80 {
            if corner.is_none() && cell(x, y) == "╔" {
                corner = Some((x, y));
            }
        }
    }
    let (left, top) = corner.expect("a prompt is showing");
    let right = (left..80).find(|&x| cell(x, top) == "╗").unwrap_or(79);
    let bottom = (top..24).find(|&y| cell(left, y) == "╚").unwrap_or(23);
    (top..=bottom)
        .map(|y| (left..=right).map(|x| cell(x, y)).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the app's tick, as its loop does, until `done` or 3 s.
fn tick_until(app: &mut App, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(app) {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "nothing happened in 3 s:\n{}",
            screen(app)
        );
        app.tick();
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn stage_name(path: &Path, index: usize) -> String {
    load_map(path).unwrap().map.stages[index].name.to_string()
}

fn dirty(app: &App) -> bool {
    app.document().unwrap().borrow().is_dirty()
}

#[test]
fn the_second_instance_is_told_and_can_go_read_only() {
    let (dir, file) = sample_copy();
    let tmp = dir.path().display().to_string();
    // Dana's journeymap, another process (pid 1 is always running).
    let dana = lock::LockInfo {
        pid: 1,
        ..lock::LockInfo::current("Dana")
    };
    fs::write(lock::lock_path(&file), ron::to_string(&dana).unwrap()).unwrap();
    let mut sam = open(&file, "Sam", false);
    assert_eq!(
        sam.session_prompt_title(),
        Some("Someone else is editing this map")
    );
    // Only the prompt: the board behind it is another test's business.
    insta::assert_snapshot!(
        prompt_box(&sam)
            .replace(&lock::hostname(), "HOST")
            .replace(&tmp, "<tmp>")
            .lines()
            .map(|l| match l.find(" since ") {
                // The lock's time is the clock's: blank it out.
                Some(i) => format!("{} since TIME", &l[..i]),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
    key(&mut sam, KeyCode::Char('r'));
    assert_eq!(sam.session_prompt_title(), None);
    let shown = screen(&sam);
    assert!(shown.contains("read-only"), "{shown}");
    // Read-only: an edit is refused, Ctrl-s writes nothing.
    let before = fs::read(&file).unwrap();
    key(&mut sam, KeyCode::Char('d'));
    key(&mut sam, KeyCode::Char('y'));
    ctrl_s(&mut sam);
    assert_eq!(fs::read(&file).unwrap(), before);
    drop(sam);
    assert_eq!(
        fs::read_to_string(lock::lock_path(&file)).unwrap(),
        ron::to_string(&dana).unwrap(),
        "Dana's lock stays as it was"
    );
}

#[test]
fn read_only_from_the_command_line_takes_no_lock() {
    let (_dir, file) = sample_copy();
    let app = open(&file, "Dana", true);
    assert!(!lock::lock_path(&file).exists());
    assert_eq!(app.session_prompt_title(), None);
    assert!(screen(&app).contains("read-only"));
}

#[test]
fn a_clean_view_follows_the_other_instances_saves() {
    let (_dir, file) = sample_copy();
    let mut dana = open(&file, "Dana", false);
    let mut sam = open(&file, "Sam", false);
    // Two views in one process are one person's: no lock question.
    assert_eq!(sam.session_prompt_title(), None);
    rename_stage(&sam, 0, "Sam's rapport");
    ctrl_s(&mut sam);
    assert_eq!(stage_name(&file, 0), "Sam's rapport");
    tick_until(&mut dana, |a| {
        a.document().unwrap().borrow().map().stages[0].name == "Sam's rapport"
    });
    assert!(screen(&dana).contains("acme.ron changed on disk: reloaded"));
    // Sam's own save is not news to Sam.
    for _ in 0..12 {
        sam.tick();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(sam.session_prompt_title(), None);
    assert!(!screen(&sam).contains("changed on disk"));
}

/// Dana has unsaved edits when Sam saves; the watcher tells Dana.
fn conflict() -> (tempfile::TempDir, PathBuf, App, App) {
    let (dir, file) = sample_copy();
    let mut dana = open(&file, "Dana", false);
    let mut sam = open(&file, "Sam", false);
    // Two views in one process are one person's: no lock question.
    assert_eq!(sam.session_prompt_title(), None);
    rename_stage(&dana, 0, "Dana's rapport");
    rename_stage(&sam, 1, "Sam's stage");
    ctrl_s(&mut sam);
    tick_until(&mut dana, |a| a.session_prompt_title().is_some());
    assert_eq!(dana.session_prompt_title(), Some("Changed on disk"));
    assert_eq!(stage_name(&file, 1), "Sam's stage", "nothing overwritten");
    (dir, file, dana, sam)
}

#[test]
fn conflict_reload_drops_mine() {
    let (_dir, file, mut dana, _sam) = conflict();
    let shown = screen(&dana);
    assert!(shown.contains("r reload (drop mine)"), "{shown}");
    assert!(shown.contains("c save mine as a copy"), "{shown}");
    key(&mut dana, KeyCode::Char('r'));
    assert!(!dirty(&dana));
    let doc = dana.document().unwrap().borrow();
    assert_eq!(doc.map(), &load_map(&file).unwrap().map);
}

#[test]
fn conflict_keep_mine_overwrites() {
    let (_dir, file, mut dana, _sam) = conflict();
    key(&mut dana, KeyCode::Char('o'));
    assert!(!dirty(&dana));
    assert_eq!(stage_name(&file, 0), "Dana's rapport");
    assert_ne!(
        stage_name(&file, 1),
        "Sam's stage",
        "Dana chose to overwrite"
    );
}

#[test]
fn conflict_save_mine_as_a_copy() {
    let (_dir, file, mut dana, _sam) = conflict();
    key(&mut dana, KeyCode::Char('c'));
    let copy = file.with_file_name("acme-copy-dana.ron");
    assert_eq!(stage_name(&copy, 0), "Dana's rapport");
    assert_eq!(stage_name(&file, 1), "Sam's stage");
    assert!(screen(&dana).contains("saved as acme-copy-dana.ron"));
}

#[test]
fn conflict_decided_later_and_then_ctrl_s_asks_again() {
    let (_dir, file, mut dana, _sam) = conflict();
    key(&mut dana, KeyCode::Esc);
    assert_eq!(dana.session_prompt_title(), None);
    assert!(dirty(&dana));
    ctrl_s(&mut dana);
    assert_eq!(dana.session_prompt_title(), Some("Changed on disk"));
    assert_eq!(stage_name(&file, 1), "Sam's stage");
}

#[test]
fn a_deleted_map_is_reported_and_can_be_saved_again() {
    let (_dir, file) = sample_copy();
    let mut dana = open(&file, "Dana", false);
    rename_stage(&dana, 0, "Dana's rapport");
    fs::remove_file(&file).unwrap();
    tick_until(&mut dana, |a| a.session_prompt_title().is_some());
    assert_eq!(dana.session_prompt_title(), Some("Deleted on disk"));
    key(&mut dana, KeyCode::Char('s'));
    assert_eq!(stage_name(&file, 0), "Dana's rapport");
    assert!(!dirty(&dana));
}

#[test]
fn the_portfolio_follows_maps_saved_and_added_by_others() {
    let (_dir, file) = sample_copy();
    let folder = file.parent().unwrap().to_path_buf();
    let mut app = open(&folder, "Dana", false);
    assert!(screen(&app).contains("Northwind Health"));
    let mut theirs = load_map(&file).unwrap().map;
    theirs.client.name = "Northwind Care Group".into();
    journeymap::storage::save_map(&file, &theirs, journeymap::storage::SaveGuard::Force).unwrap();
    tick_until(&mut app, |a| screen(a).contains("Northwind Care"));
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/cobalt-retail.ron"),
        folder.join("cobalt.ron"),
    )
    .unwrap();
    tick_until(&mut app, |a| screen(a).contains("Cobalt Retail"));
    assert!(screen(&app).contains("Northwind Care"));
}
