//! The editing side of the app, driven by key events on a TestBackend:
//! stage detail, forms, dialogs, saving, undo. Screens are insta
//! snapshots at 80x24 and 160x48. The date is always passed, never read.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};
use journeymap::analysis::Thresholds;
use journeymap::model::validate;
use journeymap::storage::load_map;
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const FIXTURE: &str = include_str!("fixtures/tui_edit.ron");

fn today() -> Date {
    date(2026, 11, 23)
}

fn options(path: &Path) -> AppOptions {
    AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only: false,
        today: today(),
        thresholds: Thresholds::default(),
        no_color: true,
        keys: BTreeMap::new(),
        user: "Dana Ruiz".into(),
        state_dir: None,
    }
}

/// A folder with the fixture map; returns the folder and the map's path.
fn fixture_dir(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("northwind.ron");
    fs::write(&path, text).expect("write fixture");
    (dir, path)
}

struct Driver {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl Driver {
    fn new(path: &Path, width: u16, height: u16) -> Self {
        Driver::with_options(options(path), width, height)
    }

    fn with_options(options: AppOptions, width: u16, height: u16) -> Self {
        let app = App::new(options).expect("app starts");
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let mut d = Driver { app, terminal };
        d.draw();
        d
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| f.render_widget(app, f.area()))
            .expect("draw");
    }

    fn send(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.handle_event(Event::Key(KeyEvent::new(code, mods)));
        self.draw();
    }

    fn key(&mut self, code: KeyCode) {
        self.send(code, KeyModifiers::NONE);
    }

    fn ctrl(&mut self, c: char) {
        self.send(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// Presses each character as a key.
    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            let mods = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.send(KeyCode::Char(c), mods);
        }
    }

    fn paste(&mut self, text: &str) {
        self.app.handle_event(Event::Paste(text.to_string()));
        self.draw();
    }

    fn screen(&self) -> String {
        let buf = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            for x in 0..buf.area.width {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(mask_temp_dir(line.trim_end()).trim_end());
            out.push('\n');
        }
        out
    }

    fn map(&self) -> journeymap::model::Map {
        self.app
            .document()
            .expect("a map is open")
            .borrow()
            .map()
            .clone()
    }
}

/// Temporary folders have random names: shown as `<tmp>` in snapshots.
fn mask_temp_dir(line: &str) -> String {
    let Some(start) = line.find("/tmp/.tmp") else {
        return line.to_string();
    };
    let rest = &line[start + "/tmp/.tmp".len()..];
    let end = rest.find('/').unwrap_or(rest.len());
    format!("{}<tmp>{}", &line[..start], &rest[end..])
}

/// Opens the fixture's first stage at a size.
fn stage_detail(width: u16, height: u16) -> (tempfile::TempDir, PathBuf, Driver) {
    let (dir, path) = fixture_dir(FIXTURE);
    let mut d = Driver::new(&path, width, height);
    d.key(KeyCode::Enter);
    assert_eq!(d.app.top_screen(), Some("Stage detail"));
    (dir, path, d)
}

#[test]
fn stage_detail_80x24() {
    let (_dir, _path, d) = stage_detail(80, 24);
    insta::assert_snapshot!(d.screen());
}

#[test]
fn stage_detail_160x48() {
    let (_dir, _path, d) = stage_detail(160, 48);
    insta::assert_snapshot!(d.screen());
}

/// Tab from the stage row to the group of a kind: touchpoints 1, needs 2,
/// perceptions 3, feedback 4, commitments 5, review notes 6.
fn to_group(d: &mut Driver, group: usize) {
    for _ in 0..group {
        d.key(KeyCode::Tab);
    }
}

#[test]
fn stage_form_80x24() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    d.key(KeyCode::Char('e'));
    insta::assert_snapshot!(d.screen());
}

#[test]
fn each_new_item_form_80x24() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    let names = [
        "touchpoint",
        "need",
        "perception",
        "feedback",
        "commitment",
        "review",
    ];
    for (i, name) in names.iter().enumerate() {
        to_group(&mut d, 1);
        d.key(KeyCode::Char('a'));
        insta::assert_snapshot!(format!("new_{name}_80x24"), d.screen());
        d.key(KeyCode::Esc);
        assert_eq!(
            d.app.top_screen(),
            Some("Stage detail"),
            "{name}: Esc on an unchanged form closes it"
        );
        let _ = i;
    }
}

#[test]
fn edit_commitment_form_160x48() {
    let (_dir, _path, mut d) = stage_detail(160, 48);
    to_group(&mut d, 5);
    d.key(KeyCode::Char('e'));
    insta::assert_snapshot!(d.screen());
}

#[test]
fn ask_which_kind_on_the_stage_row() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    d.key(KeyCode::Char('a'));
    insta::assert_snapshot!(d.screen());
    d.key(KeyCode::Char('c'));
    assert!(d.screen().contains("New commitment"));
}

#[test]
fn invalid_date_keeps_the_form_open_with_the_reason() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    let before = d.map();
    d.key(KeyCode::Char('f'));
    // The summary has the focus; then up to the date and replace it.
    d.keys("Liked the new invoice layout");
    for _ in 0..4 {
        d.send(KeyCode::BackTab, KeyModifiers::SHIFT);
    }
    d.key(KeyCode::Home);
    d.ctrl('k');
    d.keys("2026-02-30");
    d.ctrl('s');
    insta::assert_snapshot!(d.screen());
    assert_eq!(d.map(), before, "nothing applied");
    // The focus is on the date; fixing it lets the form through.
    d.key(KeyCode::Backspace);
    d.key(KeyCode::Backspace);
    d.keys("28");
    d.ctrl('s');
    let map = d.map();
    let fb = map.stages[0].feedback.last().expect("logged");
    assert_eq!(fb.date, date(2026, 2, 28));
    assert_eq!(fb.summary, "Liked the new invoice layout");
    assert_eq!(fb.by, "Dana Ruiz");
}

#[test]
fn delete_asks_and_undo_brings_it_back() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    let before = d.map();
    to_group(&mut d, 1);
    d.key(KeyCode::Char('d'));
    insta::assert_snapshot!(d.screen());
    d.key(KeyCode::Char('n'));
    assert_eq!(d.map(), before);
    d.key(KeyCode::Char('d'));
    d.key(KeyCode::Char('y'));
    assert_eq!(d.map().stages[0].touchpoints.len(), 1);
    assert!(d.screen().contains("● unsaved"));
    d.key(KeyCode::Char('u'));
    assert_eq!(d.map(), before);
    assert!(!d.screen().contains("● unsaved"));
    d.ctrl('y');
    assert_eq!(d.map().stages[0].touchpoints.len(), 1);
}

#[test]
fn leaving_with_unsaved_changes_asks_save_discard_cancel() {
    let (_dir, path, mut d) = stage_detail(80, 24);
    to_group(&mut d, 5);
    d.key(KeyCode::Char('m'));
    assert!(d.map().stages[0].commitments[0].done.is_some());
    d.key(KeyCode::Char('q'));
    insta::assert_snapshot!(d.screen());
    d.key(KeyCode::Char('c'));
    assert!(!d.app.should_quit());
    assert!(d.map().stages[0].commitments[0].done.is_some(), "kept");
    d.key(KeyCode::Char('q'));
    d.key(KeyCode::Char('s'));
    assert!(d.app.should_quit());
    let saved = load_map(&path).expect("saved file loads");
    assert_eq!(saved.map.stages[0].commitments[0].done, Some(today()));
}

#[test]
fn discard_quits_without_writing() {
    let (_dir, path, mut d) = stage_detail(80, 24);
    to_group(&mut d, 1);
    d.key(KeyCode::Char('d'));
    d.key(KeyCode::Char('y'));
    d.key(KeyCode::Char('q'));
    d.key(KeyCode::Char('d'));
    assert!(d.app.should_quit());
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXTURE);
}

#[test]
fn first_save_over_comments_asks() {
    let text = FIXTURE.replacen("(\n", "// Dana's notes: call before Friday\n(\n", 1);
    let (_dir, path) = fixture_dir(&text);
    let mut d = Driver::new(&path, 80, 24);
    d.key(KeyCode::Enter);
    to_group(&mut d, 1);
    d.key(KeyCode::Char('J'));
    assert!(d.screen().contains("● unsaved"));
    d.ctrl('s');
    insta::assert_snapshot!(d.screen());
    d.key(KeyCode::Char('c'));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "cancel writes nothing"
    );
    d.ctrl('s');
    d.key(KeyCode::Char('s'));
    let saved = load_map(&path).expect("loads");
    assert!(!saved.has_comments);
    assert_eq!(saved.map, d.map());
}

#[test]
fn save_refused_when_the_file_changed_then_overwrite() {
    let (_dir, path, mut d) = stage_detail(80, 24);
    d.key(KeyCode::Char('J'));
    assert_eq!(d.map().stages[1].id, "rapport");
    let theirs = FIXTURE.replace("Northwind Health\"", "Northwind Health Ltd\"");
    fs::write(&path, &theirs).unwrap();
    d.ctrl('s');
    insta::assert_snapshot!(d.screen());
    d.key(KeyCode::Enter);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "cancel is the default"
    );
    d.ctrl('s');
    d.key(KeyCode::Char('o'));
    assert_eq!(load_map(&path).unwrap().map, d.map());
}

#[test]
fn a_rebound_save_key_saves_forms_and_is_the_key_shown() {
    let (_dir, path) = fixture_dir(FIXTURE);
    let mut opts = options(&path);
    opts.keys.insert("save".into(), vec!["f2".into()]);
    let mut d = Driver::with_options(opts, 80, 24);
    d.key(KeyCode::Enter);
    let before = d.map();
    to_group(&mut d, 2);
    d.key(KeyCode::Char('a'));
    d.keys("Faster answers");
    let screen = d.screen();
    assert!(
        screen.contains("Tab next · Enter next · F2 save · Esc cancel"),
        "the form names the key that saves it: {screen}"
    );
    assert!(!screen.contains("^s"), "{screen}");
    let footer = screen.lines().last().unwrap_or_default();
    assert!(footer.contains("F2 save"), "{footer}");
    d.ctrl('s');
    assert!(d.screen().contains("New need"), "Ctrl-s no longer saves");
    assert_eq!(d.map(), before);
    d.key(KeyCode::F(2));
    assert!(!d.screen().contains("New need"), "F2 saved the form");
    assert_eq!(d.map().stages[0].needs[1].text, "Faster answers");
}

#[test]
fn pasted_newlines_become_spaces() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    to_group(&mut d, 2);
    d.key(KeyCode::Char('a'));
    d.paste("Faster\r\nanswers\nby phone");
    d.ctrl('s');
    assert_eq!(d.map().stages[0].needs[1].text, "Faster answers by phone");
    let screen = d.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("Faster answers by phone"))
        .expect("shown");
    assert!(line.starts_with('▶'), "the new need is selected: {screen}");
}

#[test]
fn new_map_stage_commitment_then_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::new(dir.path(), 80, 24);
    d.key(KeyCode::Char('n'));
    d.keys("Acme Logistics");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    // Template: "empty".
    d.key(KeyCode::Char('e'));
    insta::assert_snapshot!("new_map_form", d.screen());
    d.key(KeyCode::Enter);
    let path = dir.path().join("acme-logistics.ron");
    assert!(path.exists(), "created at once, never over another file");
    assert_eq!(d.app.top_screen(), Some("Journey board"));
    // A stage, from the board.
    d.key(KeyCode::Char('a'));
    d.keys("Discovery call");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    d.keys("They feel heard");
    d.key(KeyCode::Enter);
    assert_eq!(d.map().stages[0].id, "discovery-call");
    // A commitment, in the stage detail.
    d.key(KeyCode::Enter);
    to_group(&mut d, 5);
    d.key(KeyCode::Char('a'));
    d.keys("Send the proposal");
    d.key(KeyCode::Tab);
    d.key(KeyCode::Tab);
    d.key(KeyCode::Home);
    d.ctrl('k');
    d.keys("2026-12-01");
    d.ctrl('s');
    assert!(d.screen().contains("● unsaved"));
    d.ctrl('s');
    assert!(!d.screen().contains("● unsaved"));
    let saved = load_map(&path).expect("saved map loads");
    assert_eq!(saved.map, d.map());
    let c = &saved.map.stages[0].commitments[0];
    assert_eq!(c.promise, "Send the proposal");
    assert_eq!(c.owner, "Dana Ruiz");
    assert_eq!(c.due, date(2026, 12, 1));
    assert_eq!(c.done, None);
    assert_eq!(saved.map.client.name, "Acme Logistics");
}

/// A tiny seeded generator: the same seed gives the same keys.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_event(rng: &mut XorShift) -> Event {
    let none = KeyModifiers::NONE;
    let (code, mods) = match rng.below(40) {
        0..=9 => {
            let keys = b"jkhlaedmfuKJynsco0123456789-q? ";
            let c = keys[rng.below(keys.len())] as char;
            (KeyCode::Char(c), none)
        }
        10..=13 => (KeyCode::Tab, none),
        14 => (KeyCode::BackTab, KeyModifiers::SHIFT),
        15..=17 => (KeyCode::Enter, none),
        18..=19 => (KeyCode::Esc, none),
        20 => (KeyCode::Char('s'), KeyModifiers::CONTROL),
        21 => (KeyCode::Char('z'), KeyModifiers::CONTROL),
        22 => (KeyCode::Char('y'), KeyModifiers::CONTROL),
        23 => (KeyCode::Char('r'), KeyModifiers::CONTROL),
        24 => (KeyCode::Char('k'), KeyModifiers::CONTROL),
        25 => (KeyCode::Backspace, none),
        26 => (KeyCode::Up, none),
        27 => (KeyCode::Down, none),
        28 => (KeyCode::Left, none),
        29 => (KeyCode::Right, none),
        30 => (KeyCode::Up, KeyModifiers::SHIFT),
        31 => (KeyCode::Down, KeyModifiers::SHIFT),
        32 => (KeyCode::Home, none),
        33 => (KeyCode::End, none),
        34 => return Event::Paste(["a\nb", "x", "\u{1b}[31m", "日本語"][rng.below(4)].into()),
        35 => return Event::Resize(rng.below(200) as u16, rng.below(60) as u16),
        _ => {
            let c = (b'a' + rng.below(26) as u8) as char;
            (KeyCode::Char(c), none)
        }
    };
    Event::Key(KeyEvent::new(code, mods))
}

/// Thousands of random keys at random sizes: no panic, the map stays
/// valid, and undoing everything gives the loaded map back.
#[test]
fn monkey_keys_keep_the_map_valid_and_undo_restores_it() {
    for seed in [7u64, 42, 1234, 99_991] {
        let (_dir, path) = fixture_dir(FIXTURE);
        let original = load_map(&path).unwrap().map;
        let mut d = Driver::new(&path, 80, 24);
        let mut rng = XorShift(seed);
        for step in 0..1500 {
            let event = random_event(&mut rng);
            if let Event::Resize(w, h) = event {
                d.terminal.backend_mut().resize(w, h);
            }
            d.app.handle_event(event);
            d.draw();
            let problems = validate(&d.map());
            assert!(problems.is_empty(), "seed {seed} step {step}: {problems:?}");
        }
        let doc = d.app.document().expect("the map stays open").clone();
        let mut doc = doc.borrow_mut();
        while doc.undo().is_some() {}
        assert_eq!(doc.map(), &original, "seed {seed}");
    }
}

#[test]
fn deleting_the_shown_stage_returns_to_the_board_and_undo_restores_it() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    let before = d.map();
    d.key(KeyCode::Char('d'));
    assert!(d.screen().contains("Delete this stage?"));
    assert!(d.screen().contains("1 review note about it will be kept"));
    d.key(KeyCode::Char('y'));
    assert_eq!(d.app.top_screen(), Some("Journey board"));
    assert_eq!(d.map().stages.len(), 2);
    assert_eq!(d.map().reviews[0].stage, None);
    d.ctrl('z');
    assert_eq!(d.map(), before);
}

#[test]
fn renaming_the_stage_keeps_the_detail_open_on_it() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    d.key(KeyCode::Char('e'));
    d.key(KeyCode::Tab);
    d.key(KeyCode::End);
    d.keys("-phase");
    d.ctrl('s');
    assert_eq!(d.map().stages[0].id, "rapport-phase");
    assert_eq!(d.map().reviews[0].stage.as_deref(), Some("rapport-phase"));
    assert_eq!(d.app.top_screen(), Some("Stage detail"));
    d.key(KeyCode::Char('u'));
    assert_eq!(d.app.top_screen(), Some("Stage detail"));
    assert!(d.screen().contains("id rapport\n") || d.screen().contains("id rapport "));
}

#[test]
fn a_taken_stage_id_is_refused_in_the_form() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    d.key(KeyCode::Char('e'));
    d.key(KeyCode::Tab);
    d.key(KeyCode::End);
    for _ in 0.."rapport".len() {
        d.key(KeyCode::Backspace);
    }
    d.keys("renewal");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    assert!(
        d.screen()
            .contains("✗ stage 3 (\"Renewal\") already has this id")
    );
    assert_eq!(d.map().stages[0].id, "rapport");
}

#[test]
fn read_only_refuses_every_edit() {
    let (_dir, path) = fixture_dir(FIXTURE);
    let mut opts = options(&path);
    opts.read_only = true;
    let app = App::new(opts).expect("app");
    let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut d = Driver { app, terminal };
    d.key(KeyCode::Enter);
    let before = d.map();
    for k in ['a', 'e', 'd', 'm', 'f', 'J', 'u'] {
        d.key(KeyCode::Char(k));
        assert!(!d.screen().contains("┌ New"), "{k} opened a form");
    }
    d.ctrl('s');
    assert!(d.screen().contains("read-only"));
    assert_eq!(d.map(), before);
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXTURE);
}

#[test]
fn a_save_that_cannot_write_says_why_and_keeps_the_edits() {
    let (dir, path, mut d) = stage_detail(80, 24);
    d.key(KeyCode::Char('J'));
    // The folder is replaced by a file: nothing can be written there.
    let folder = dir.path().to_path_buf();
    fs::remove_dir_all(&folder).unwrap();
    fs::write(&folder, "not a folder").unwrap();
    d.ctrl('s');
    let screen = d.screen();
    assert!(screen.contains("Not saved:"), "{screen}");
    assert!(screen.contains("● unsaved"), "{screen}");
    assert_eq!(d.map().stages[1].id, "rapport");
    // Once the folder is back, saving works and nothing was lost.
    fs::remove_file(&folder).unwrap();
    fs::create_dir(&folder).unwrap();
    fs::write(&path, FIXTURE).unwrap();
    d.ctrl('s');
    assert!(!d.screen().contains("● unsaved"));
    assert_eq!(load_map(&path).unwrap().map, d.map());
}

#[test]
fn form_with_errors_at_the_smallest_size() {
    let (_dir, _path, mut d) = stage_detail(60, 16);
    d.key(KeyCode::Char('f'));
    for _ in 0..4 {
        d.send(KeyCode::BackTab, KeyModifiers::SHIFT);
    }
    d.key(KeyCode::Home);
    d.ctrl('k');
    d.keys("yesterday");
    d.ctrl('s');
    let screen = d.screen();
    assert!(
        screen.contains("✗ date \"yesterday\" is not of the form")
            && screen.contains("✗ summary is required"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn a_click_selects_an_item_and_the_wheel_moves_the_selection() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let (_dir, _path, mut d) = stage_detail(80, 24);
    let row = d
        .screen()
        .lines()
        .position(|l| l.contains("Predictable invoicing"))
        .expect("the need is shown") as u16;
    let mouse = |kind| {
        Event::Mouse(MouseEvent {
            kind,
            column: 30,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    d.app
        .handle_event(mouse(MouseEventKind::Down(MouseButton::Left)));
    d.draw();
    d.key(KeyCode::Char('e'));
    assert!(d.screen().contains("Edit need"), "{}", d.screen());
    d.key(KeyCode::Esc);
    d.app.handle_event(mouse(MouseEventKind::ScrollDown));
    d.draw();
    d.key(KeyCode::Char('e'));
    assert!(d.screen().contains("Edit perception"), "{}", d.screen());
}

#[test]
fn saving_an_unchanged_map_writes_nothing() {
    let (_dir, path, mut d) = stage_detail(80, 24);
    let theirs = FIXTURE.replace("Qualifying\"", "Qualifying leads\"");
    fs::write(&path, &theirs).unwrap();
    d.ctrl('s');
    assert!(d.screen().contains("Nothing to save"), "{}", d.screen());
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
}

/// The board keeps its columns' lines between frames; an edit, its undo
/// and its redo must each show at once, on the next frame.
#[test]
fn the_board_shows_every_edit_undo_and_redo_at_once() {
    use journeymap::edit::document::{Edit, Item};
    use journeymap::model::{Motivation, Need};
    let (_dir, path) = fixture_dir(FIXTURE);
    let mut d = Driver::new(&path, 160, 48);
    assert_eq!(d.app.top_screen(), Some("Journey board"));
    let needs = |d: &Driver| d.map().stages[0].needs.len();
    let before = needs(&d);
    let count = |n: usize| format!("Needs {n} ");
    assert!(d.screen().contains(&count(before)), "{}", d.screen());
    // Frames with nothing changed keep what they showed.
    d.key(KeyCode::Right);
    d.key(KeyCode::Left);
    assert!(!d.screen().contains("Urgent: a named contact"));

    d.app
        .document()
        .expect("a map is open")
        .borrow_mut()
        .apply(Edit::AddItem {
            stage: 0,
            item: Item::Need(Need {
                text: "Urgent: a named contact".into(),
                motivation: Motivation::Security,
                met: false,
            }),
            at: Some(0),
        })
        .expect("need added");
    d.draw();
    assert!(
        d.screen().contains("Urgent: a named contact"),
        "{}",
        d.screen()
    );
    assert!(d.screen().contains(&count(before + 1)));

    d.key(KeyCode::Char('u'));
    assert_eq!(needs(&d), before);
    assert!(
        !d.screen().contains("Urgent: a named contact"),
        "{}",
        d.screen()
    );
    assert!(d.screen().contains(&count(before)));

    d.ctrl('r');
    assert!(
        d.screen().contains("Urgent: a named contact"),
        "{}",
        d.screen()
    );
    assert!(d.screen().contains(&count(before + 1)));
}

#[test]
fn shift_e_on_the_board_edits_the_client_and_undo_restores_it() {
    let (_dir, path) = fixture_dir(FIXTURE);
    let mut d = Driver::new(&path, 100, 30);
    let before = d.map();
    d.key(KeyCode::Char('E'));
    let screen = d.screen();
    assert!(screen.contains("Edit client"), "{screen}");
    assert!(screen.contains(&*before.client.name), "{screen}");
    // The name first, then the segment (the third field).
    d.key(KeyCode::End);
    d.keys(" Group");
    d.key(KeyCode::Tab);
    d.key(KeyCode::Tab);
    d.key(KeyCode::End);
    d.keys(" systems");
    d.ctrl('s');
    assert_eq!(d.app.top_screen(), Some("Journey board"));
    let after = d.map();
    assert_eq!(after.client.name, format!("{} Group", before.client.name));
    assert_eq!(after.client.segment.as_deref(), Some("Healthcare systems"));
    assert_eq!(after.client.account_manager, before.client.account_manager);
    assert_eq!(after.title, before.title);
    assert!(
        d.screen()
            .contains(&format!("{} Group", before.client.name))
    );

    // An empty name is refused in the form, with the reason.
    d.key(KeyCode::Char('E'));
    d.key(KeyCode::Home);
    d.ctrl('k');
    d.ctrl('s');
    assert!(d.screen().contains("required"), "{}", d.screen());
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('y'));

    d.key(KeyCode::Char('u'));
    assert_eq!(d.map(), before);
}

/// Esc on a changed form asks in the app's one question box: Enter (or a
/// second Esc) keeps editing, `y` drops the changes and closes the form.
#[test]
fn cancelling_a_changed_form_asks_in_the_question_box() {
    let (_dir, _path, mut d) = stage_detail(80, 24);
    d.key(KeyCode::Char('e'));
    d.keys("X");
    d.key(KeyCode::Esc);
    let asked = d.screen();
    assert!(asked.contains("Discard your changes?"), "{asked}");
    assert!(asked.contains(" y discard  n keep editing"), "{asked}");
    d.key(KeyCode::Enter);
    assert!(
        !d.screen().contains("Discard your changes?"),
        "Enter keeps editing"
    );
    assert!(d.screen().contains("Edit stage"), "the form is still open");
    d.key(KeyCode::Esc);
    d.key(KeyCode::Esc);
    assert!(
        d.screen().contains("Edit stage"),
        "a second Esc keeps editing"
    );
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('y'));
    assert!(!d.screen().contains("Edit stage"), "{}", d.screen());
    assert_eq!(d.app.top_screen(), Some("Stage detail"));
    assert!(!d.app.is_dirty(), "nothing was applied");
}
