//! A scrollable box of text over the screen: the help, and long messages
//! such as every problem of a file that could not be read.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widget::{centered, draw_box, put_line, safe_text};

pub struct TextOverlay {
    pub title: String,
    pub lines: Vec<Line<'static>>,
    /// Plain text, wrapped to the box when drawn (used instead of `lines`).
    plain: Option<Vec<String>>,
    /// Lines after wrapping, at the last draw.
    total: Cell<usize>,
    scroll: usize,
    /// Rows of text shown at the last draw, for paging and clamping.
    shown: Cell<usize>,
    /// Where the box was drawn, so a click outside closes it.
    drawn: Cell<Rect>,
}

impl TextOverlay {
    pub fn new(title: &str, lines: Vec<Line<'static>>) -> Self {
        TextOverlay {
            title: title.to_string(),
            total: Cell::new(lines.len()),
            lines,
            plain: None,
            scroll: 0,
            shown: Cell::new(1),
            drawn: Cell::new(Rect::default()),
        }
    }

    /// An overlay of plain (untrusted) text lines, cleaned for display.
    /// Lines are cleaned and wrapped to the box.
    pub fn plain(title: &str, lines: &[String]) -> Self {
        let mut overlay = TextOverlay::new(title, Vec::new());
        overlay.total.set(lines.len());
        overlay.plain = Some(lines.to_vec());
        overlay
    }

    fn max_scroll(&self) -> usize {
        self.total.get().saturating_sub(self.shown.get().max(1))
    }

    /// The lines to show in a box `width` cells wide.
    fn laid_out(&self, width: usize) -> Vec<Line<'static>> {
        match &self.plain {
            None => self
                .lines
                .iter()
                .flat_map(|l| wrap_styled(l, width))
                .collect(),
            Some(text) => text
                .iter()
                .flat_map(|l| safe_text::wrap(l, width))
                .map(Line::from)
                .collect(),
        }
    }

    fn key(&mut self, key: KeyEvent, ctx: &Ctx) -> OverlayResult {
        let page = self.shown.get().max(1);
        if ctx.is(Action::Up, &key) {
            self.scroll = self.scroll.saturating_sub(1);
        } else if ctx.is(Action::Down, &key) {
            self.scroll = (self.scroll + 1).min(self.max_scroll());
        } else if ctx.is(Action::PageUp, &key) {
            self.scroll = self.scroll.saturating_sub(page);
        } else if ctx.is(Action::PageDown, &key) || key.code == KeyCode::Char(' ') {
            self.scroll = (self.scroll + page).min(self.max_scroll());
        } else if ctx.is(Action::Top, &key) {
            self.scroll = 0;
        } else if ctx.is(Action::Bottom, &key) {
            self.scroll = self.max_scroll();
        } else if ctx.is(Action::Back, &key)
            || ctx.is(Action::Help, &key)
            || ctx.is(Action::Quit, &key)
            || ctx.is(Action::Open, &key)
        {
            return OverlayResult::Close;
        }
        OverlayResult::Stay
    }

    fn mouse(&mut self, mouse: MouseEvent) -> OverlayResult {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.scroll = (self.scroll + 3).min(self.max_scroll()),
            MouseEventKind::ScrollUp => self.scroll = self.scroll.saturating_sub(3),
            MouseEventKind::Down(_)
                if !self
                    .drawn
                    .get()
                    .contains(Position::new(mouse.column, mouse.row)) =>
            {
                return OverlayResult::Close;
            }
            _ => {}
        }
        OverlayResult::Stay
    }

    fn draw_box(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let max_w = area.width.saturating_sub(4).max(10);
        let widest = match &self.plain {
            None => self.lines.iter().map(Line::width).max().unwrap_or(0),
            Some(text) => text
                .iter()
                .map(|l| safe_text::width(&safe_text::clean(l)))
                .max()
                .unwrap_or(0),
        };
        let want_w = u16::try_from(widest + 4)
            .unwrap_or(u16::MAX)
            .max(40)
            .min(max_w);
        let lines = self.laid_out(usize::from(want_w.saturating_sub(4)));
        self.total.set(lines.len());
        let want_h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let outer = centered(
            area,
            want_w,
            want_h.min(area.height.saturating_sub(2).max(3)),
        );
        self.drawn.set(outer);
        let shown = usize::from(outer.height.saturating_sub(2)).max(1);
        self.shown.set(shown);
        let scroll = self.scroll.min(self.max_scroll());
        let title = safe_text::fit(&self.title, usize::from(outer.width.saturating_sub(4)));
        let more = if lines.len() > shown {
            format!(
                " {}–{} of {} ",
                scroll + 1,
                (scroll + shown).min(lines.len()),
                lines.len()
            )
        } else {
            String::new()
        };
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border(true))
            .title(Span::styled(format!(" {title} "), theme.heading()))
            .title_bottom(Line::from(Span::styled(more, theme.dim())).right_aligned());
        let inner = draw_box(block, outer, buf);
        let inner = Rect {
            x: inner.x.saturating_add(1),
            width: inner.width.saturating_sub(2),
            ..inner
        };
        for (row, line) in lines
            .iter()
            .skip(scroll)
            .take(usize::from(inner.height))
            .enumerate()
        {
            put_line(buf, inner, row as u16, line);
        }
    }
}

/// Whether the box stays open after a key or a click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OverlayResult {
    Stay,
    Close,
}

impl Component for TextOverlay {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if self.key(key, ctx) == OverlayResult::Close {
            ctx.close();
        }
        EventState::Consumed
    }

    fn handle_mouse(&mut self, mouse: MouseEvent, _area: Rect, ctx: &mut Ctx) -> EventState {
        if self.mouse(mouse) == OverlayResult::Close {
            ctx.close();
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        vec![
            CommandHint::new(&[Action::Up, Action::Down], "scroll"),
            CommandHint::new(&[Action::PageDown], "page"),
            CommandHint::new(&[Action::Back], "close"),
        ]
    }

    fn draw(&self, _area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.draw_box(ctx.frame, buf, ctx.theme);
    }

    fn is_modal(&self) -> bool {
        true
    }
}

/// A styled line cut to `width`: its last span (a help row's description,
/// after the key column) wraps, hanging under where it starts, so that the
/// keys stay in their column; when what comes before it is too wide for
/// that, the rest hangs two cells in.
fn wrap_styled(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width || line.spans.is_empty() {
        return vec![line.clone()];
    }
    let (last, lead) = line.spans.split_last().unwrap_or((&line.spans[0], &[]));
    let lead_w: usize = lead.iter().map(Span::width).sum();
    let indent = if lead_w + 10 <= width { lead_w } else { 2 };
    let mut out = Vec::new();
    let mut first: Vec<Span<'static>> = lead.to_vec();
    let first_room = if indent == lead_w {
        width.saturating_sub(lead_w)
    } else {
        // The lead alone takes the first row(s).
        out.push(Line::from(first.clone()));
        first.clear();
        width.saturating_sub(indent)
    };
    let parts = safe_text::wrap(&last.content, first_room.max(1));
    for (i, part) in parts.into_iter().enumerate() {
        let mut spans = if i == 0 && !first.is_empty() {
            std::mem::take(&mut first)
        } else {
            vec![Span::raw(" ".repeat(indent))]
        };
        spans.push(Span::styled(part, last.style));
        out.push(Line::from(spans));
    }
    out
}
