//! What the screens over every map of a folder share (the agenda and the
//! search): where the list is (selection, scroll, page size), the screen's
//! header line and the typed text in the panel's title.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::tui::component::Ctx;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widget::text_input::TextInput;
use crate::tui::widget::{draw_panel, put_line, safe_text};

use super::portfolio::progress_line;

/// The selection in a list of `len` rows and the scroll of the view.
#[derive(Debug, Default)]
pub struct ListPos {
    pub selected: usize,
    /// First line drawn at the last draw.
    offset: Cell<usize>,
    /// Rows that fit at the last draw, for paging.
    page: Cell<usize>,
}

impl ListPos {
    pub fn move_by(&mut self, delta: isize, len: usize) {
        let last = len.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// The moving keys (up, down, a page, first, last); whether the key
    /// was one. `typing`: only those that cannot be text.
    pub fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx, len: usize) -> bool {
        let page = self.page.get().max(1) as isize;
        if ctx.is(Action::Up, key) {
            self.move_by(-1, len);
        } else if ctx.is(Action::Down, key) {
            self.move_by(1, len);
        } else if ctx.is(Action::PageUp, key) {
            self.move_by(-page, len);
        } else if ctx.is(Action::PageDown, key) {
            self.move_by(page, len);
        } else if ctx.is(Action::Top, key) {
            self.selected = 0;
        } else if ctx.is(Action::Bottom, key) {
            self.selected = len.saturating_sub(1);
        } else {
            return false;
        }
        true
    }

    /// The first of `lines` lines to draw in `height` rows so that lines
    /// `top` to `at` (the selection, and what belongs with it above, such
    /// as its heading) are on screen, moving the view as little as
    /// possible; remembers it and the page size.
    pub fn scroll(&self, top: usize, at: usize, height: usize, lines: usize) -> usize {
        self.page.set(height.max(1));
        let mut offset = self.offset.get();
        if top < offset {
            offset = top;
        } else if height > 0 && at >= offset + height {
            offset = at + 1 - height;
        }
        offset = offset.min(lines.saturating_sub(height.max(1)));
        self.offset.set(offset);
        offset
    }
}

impl ListPos {
    /// How many rows a page moves, when a row takes more than one line.
    pub fn set_page(&self, rows: usize) {
        self.page.set(rows.max(1));
    }
}

/// The screen's first line: the first of `candidates` that fits on the
/// left (most detail first), the date on the right.
pub fn header(area: Rect, buf: &mut Buffer, candidates: &[String], ctx: &Ctx) {
    let right = format!("as of {} ", ctx.today);
    let avail = usize::from(area.width).saturating_sub(safe_text::width(&right) + 1);
    let last = candidates.last().map(String::as_str).unwrap_or("");
    let left = candidates
        .iter()
        .find(|c| safe_text::width(c) <= avail)
        .cloned()
        .unwrap_or_else(|| safe_text::truncate(last, avail));
    let gap =
        usize::from(area.width).saturating_sub(safe_text::width(&left) + safe_text::width(&right));
    let line = Line::from(vec![
        Span::styled(left, ctx.theme.heading()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, ctx.theme.dim()),
    ]);
    put_line(buf, area, 0, &line);
}

/// " filter: dana▏ 3 of 40 ": the typed text (with the cursor while it is
/// typed) and what it leaves, for a panel's title.
pub fn typed_title(
    label: &str,
    input: &TextInput,
    typing: bool,
    room: usize,
    counts: &str,
    theme: &Theme,
) -> Line<'static> {
    let q = if typing {
        let (before, after) = input.around_cursor(room);
        format!("{before}▏{after}")
    } else {
        safe_text::fit(&input.text(), room)
    };
    Line::from(vec![
        Span::styled(format!(" {label}: "), theme.key()),
        Span::raw(q),
        Span::styled(format!(" {counts} "), theme.dim()),
    ])
}

/// Draws the list's panel with its bottom line: the load's progress while
/// maps are still being read, and where the selection is (" 3 of 40 ")
/// when the list has rows. Returns the inside, a cell in from each side.
pub fn draw_list_panel(
    block: Block<'_>,
    progress: Option<(usize, usize)>,
    pos: &ListPos,
    len: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) -> Rect {
    let mut block = block;
    if let Some((done, total)) = progress {
        block = block.title_bottom(progress_line(done, total, theme));
    }
    if len > 0 {
        let at = format!(" {} of {len} ", pos.selected + 1);
        block = block.title_bottom(Line::from(Span::styled(at, theme.dim())).right_aligned());
    }
    let inner = draw_panel(block, area, buf);
    Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// A dim line of words in the list's place (loading, nothing found).
pub fn note(area: Rect, buf: &mut Buffer, text: &str, theme: &Theme) {
    let width = usize::from(area.width);
    let line = Line::from(Span::styled(
        format!("  {}", safe_text::truncate(text, width.saturating_sub(2))),
        theme.dim(),
    ));
    put_line(buf, area, 0, &line);
}
