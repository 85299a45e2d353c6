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
        let app = App::new(options(path)).expect("app starts");
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
        self.app
            .handle_event(Event::Key(KeyEvent::new(code, mods)));
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
