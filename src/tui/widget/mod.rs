//! Reusable pieces of screens.

pub mod conflict;
pub mod describe;
pub mod dialog;
pub mod emotion_curve;
pub mod footer;
pub mod form;
pub mod help;
pub mod sentiment;
pub mod status;
pub mod text_field;
pub mod text_input;

/// The screen's name for the sanitiser every piece of map text goes
/// through; it lives in [`crate::text`] because the commands use it too.
pub use crate::text::safe as safe_text;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

/// Draws a line on row `row` of `area`, clipped to the area; rows outside
/// the area are ignored, so callers never index out of the buffer.
///
/// Draws exactly what [`Buffer::set_line`] draws, but a span of printable
/// ASCII (nearly all map text) is copied a byte to a cell, without the
/// grapheme segmentation `set_line` does for every span: it was a third of
/// a board frame.
pub fn put_line(buf: &mut Buffer, area: Rect, row: u16, line: &Line) {
    let area = area.intersection(*buf.area());
    if row >= area.height || area.width == 0 {
        return;
    }
    let y = area.y + row;
    let mut x = area.x;
    let mut room = area.width;
    for span in line {
        if room == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        // The plain start of the span (often all of it but a closing `…`
        // or a glyph) a byte to a cell; ratatui draws the rest. The split
        // falls between two ASCII characters, always a grapheme boundary.
        let plain = safe_text::plain_prefix(text);
        let n = u16::try_from(plain).unwrap_or(u16::MAX).min(room);
        let start = buf.index_of(x, y);
        let cells = &mut buf.content[start..start + usize::from(n)];
        for (cell, &byte) in cells.iter_mut().zip(text.as_bytes()) {
            cell.set_char(char::from(byte)).set_style(style);
        }
        x += n;
        room -= n;
        if room > 0 && plain < text.len() {
            let end = buf
                .set_stringn(x, y, &text[plain..], usize::from(room), style)
                .0;
            room = room.saturating_sub(end.saturating_sub(x));
            x = end;
        }
    }
}

/// A box of `width` x `height` centred in `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `area` and draws `block` in it, returning the inner area.
pub fn draw_box(block: Block, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area.intersection(*buf.area()), buf);
    draw_panel(block, area, buf)
}

/// Draws `block` in `area` without clearing it first, returning the inner
/// area: for a screen's own panels, which are drawn first on the frame's
/// blank buffer (ratatui gives every frame a reset buffer), where clearing
/// again is wasted work on every cell. Overlays use [`draw_box`].
pub fn draw_panel(block: Block, area: Rect, buf: &mut Buffer) -> Rect {
    let area = area.intersection(*buf.area());
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Fills `area` with a style (used for selection bars).
pub fn fill(buf: &mut Buffer, area: Rect, style: ratatui::style::Style) {
    let area = area.intersection(*buf.area());
    buf.set_style(area, style);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Style};
    use ratatui::text::Span;

    fn span() -> impl Strategy<Value = Span<'static>> {
        let text = prop_oneof![
            3 => "[a-z ]{0,12}",
            1 => Just("東京 ok".to_string()),
            1 => Just("e\u{301}x".to_string()),
            1 => Just("tab\there".to_string()),
            1 => Just("cut here…".to_string()),
            1 => Just("x1\u{fe0f}\u{20e3}".to_string()),
            1 => Just("\u{1f1eb}\u{1f1f7}".to_string()),
            1 => Just("".to_string()),
        ];
        let style = prop_oneof![
            Just(Style::new()),
            Just(Style::new().fg(Color::Red)),
            Just(Style::new().bg(Color::Blue)),
        ];
        (text, style).prop_map(|(t, s)| Span::styled(t, s))
    }

    /// Flags are drawn as letters: every cell holds one ASCII character,
    /// so no terminal can disagree with the buffer about how wide they
    /// are, and the buffer uses exactly the cells `safe_text` counted.
    #[test]
    fn flags_reach_the_buffer_as_letters_in_the_cells_counted() {
        let text = safe_text::clean("\u{1f1e9}\u{1f1ea}|\u{1f1eb}\u{1f1f7}\u{1f1ff}|");
        let area = Rect::new(0, 0, 20, 1);
        let mut buf = Buffer::empty(area);
        put_line(&mut buf, area, 0, &Line::from(text.as_str()));
        let cells: Vec<&str> = (0..20).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(cells.concat().trim_end(), "[DE]|[FR][Z]|");
        assert!(
            cells.iter().all(|c| c.len() == 1 && c.is_ascii()),
            "{cells:?}"
        );
        assert_eq!(safe_text::width(&text), "[DE]|[FR][Z]|".len());
    }

    proptest! {
        /// Cleaned text takes exactly the cells `safe_text` counts in the
        /// buffer, whatever it holds: flags, keycaps, joined emoji, CJK,
        /// accents, controls.
        #[test]
        fn the_buffer_uses_the_cells_safe_text_counts(
            pieces in proptest::collection::vec(prop_oneof![
                Just("ab "), Just("東京"), Just("e\u{301}"), Just("\u{1f1e9}\u{1f1ea}"),
                Just("\u{1f1ff}"), Just("1\u{fe0f}\u{20e3}"), Just("👩\u{200d}💻"),
                Just("\u{1b}[2J"),
                Just("\u{202e}"), Just("\u{200b}"), Just("\u{9b}"), Just("\r\n"),
                Just("\u{a8}\u{308}"), Just("🚚"),
            ], 0..10),
        ) {
            let text = safe_text::clean(&pieces.concat());
            let mut buf = Buffer::empty(Rect::new(0, 0, 250, 1));
            let (end, _) = buf.set_stringn(0, 0, &text, 250, Style::new());
            prop_assert_eq!(usize::from(end), safe_text::width(&text), "{:?}", text);
        }

        /// The ASCII fast path draws the same cells as ratatui's own
        /// `set_line`, over whatever was in the buffer before.
        #[test]
        fn put_line_draws_what_set_line_draws(
            spans in proptest::collection::vec(span(), 0..5),
            x in 0u16..12,
            width in 0u16..30,
            row in 0u16..4,
            line_styled in any::<bool>(),
        ) {
            let mut line = Line::from(spans);
            if line_styled {
                line = line.style(Style::new().fg(Color::Green));
            }
            let screen = Rect::new(0, 0, 24, 3);
            let mut before = Buffer::empty(screen);
            for (i, cell) in before.content.iter_mut().enumerate() {
                cell.set_char(char::from(b'A' + (i % 26) as u8)).set_bg(Color::Yellow);
            }
            let area = Rect::new(x, 1, width, 2);
            let mut ours = before.clone();
            put_line(&mut ours, area, row, &line);
            let mut theirs = before;
            let clipped = area.intersection(screen);
            if row < clipped.height && clipped.width > 0 {
                theirs.set_line(clipped.x, clipped.y + row, &line, clipped.width);
            }
            prop_assert_eq!(ours, theirs);
        }
    }
}
