//! Helpers for driving the app on a `TestBackend`: build it, press keys,
//! render the screen as text.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use journeymap::analysis::Thresholds;
use journeymap::tui::{App, AppOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};
use unicode_width::UnicodeWidthStr;

/// The folder of test maps: one at risk, one to watch, one ok, one broken.
pub const MAPS: &str = "tests/data/tui/maps";
pub const HARBOR: &str = "tests/data/tui/maps/harbor-freightways.ron";

pub fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

pub fn options(path: &Path) -> AppOptions {
    AppOptions {
        path: path.to_path_buf(),
        path_is_default: false,
        read_only: false,
        today: today(),
        thresholds: Thresholds::default(),
        no_color: true,
        keys: BTreeMap::new(),
        user: "tester".into(),
        state_dir: None,
    }
}

pub fn open_app(path: &str) -> App {
    App::new(options(Path::new(path))).expect("the app opens")
}

pub fn key_event(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_event(key_event(code, KeyModifiers::NONE));
}

/// Types each character as a key press.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn click(app: &mut App, column: u16, row: u16) {
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

pub fn wheel(app: &mut App, down: bool, column: u16, row: u16) {
    app.handle_event(Event::Mouse(MouseEvent {
        kind: if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        },
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

/// Draws the app at a size and returns the buffer.
pub fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The buffer as text, one line per row, wide characters once (the cell
/// they cover is skipped), trailing spaces kept so borders line up.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    let w = buf.area.width;
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            out.push_str(sym);
            skip = UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// Renders and returns the text in one go.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    text(&draw(app, width, height))
}
