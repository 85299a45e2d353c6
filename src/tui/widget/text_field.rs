//! Drawing the value of a one-line text field: as the rest of the app draws
//! map text (through [`safe_text`]: `␛` for an escape, `\u{202e}` for a
//! bidi override), with the cursor and the selection, scrolled sideways to
//! keep the cursor in view.
//!
//! The form's text area only edits the value; drawn by itself it would
//! send the bidi overrides and zero-width characters the value holds (typed,
//! pasted or opened from a shared map) to the terminal as they are. Only
//! the drawing changes: the value stays exactly as typed.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use super::{put_line, safe_text};

/// How the cursor is drawn: reversed, which shows without colours too.
pub const CURSOR: Style = Style::new().add_modifier(Modifier::REVERSED);

/// One piece of the value as drawn: the characters it stands for and what
/// is shown for them.
struct Piece<'a> {
    chars: Range<usize>,
    shown: std::borrow::Cow<'a, str>,
    width: usize,
}

/// The value cut into pieces the cursor can sit on: graphemes, so that an
/// accent stays on its letter, but a grapheme holding a character that is
/// shown as a code (a zero-width joiner after a letter) is cut into its
/// characters, so that each code can be reached and deleted on its own.
fn pieces(value: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for g in value.graphemes(true) {
        let n = g.chars().count();
        if n > 1 && g.chars().any(safe_text::is_dangerous) {
            for (i, (byte, c)) in g.char_indices().enumerate() {
                let one = &g[byte..byte + c.len_utf8()];
                let shown = safe_text::clean_cow(one);
                out.push(Piece {
                    chars: at + i..at + i + 1,
                    width: safe_text::width(&shown),
                    shown,
                });
            }
        } else {
            let shown = safe_text::clean_cow(g);
            out.push(Piece {
                chars: at..at + n,
                width: safe_text::width(&shown),
                shown,
            });
        }
        at += n;
    }
    out
}

/// Which column to draw first: the one before unless the cursor (`start`,
/// `width` cells) would be out of view, then just enough to bring it in.
pub fn scroll(before: usize, start: usize, width: usize, view: usize) -> usize {
    let view = view.max(1);
    let end = start + width.max(1);
    if start < before {
        start
    } else if end > before + view {
        // A cursor wider than the view keeps its start in view.
        (end - view).min(start)
    } else {
        before
    }
}

/// Draws `value` into the first row of `area` with the cursor on character
/// `cursor` (at the end when it is the length) and `selected` characters
/// highlighted with `selection`, starting `left` columns in. Returns the
/// column it started at, to pass back as `left` next time so the view
/// does not jump while the cursor moves within it.
pub fn draw(
    value: &str,
    cursor: usize,
    selected: Option<Range<usize>>,
    selection: Style,
    left: usize,
    area: Rect,
    buf: &mut Buffer,
) -> usize {
    let pieces = pieces(value);
    let on_cursor = |p: &Piece| p.chars.contains(&cursor);
    let cursor_start: usize = pieces
        .iter()
        .take_while(|p| !on_cursor(p))
        .map(|p| p.width)
        .sum();
    let cursor_width = pieces.iter().find(|p| on_cursor(p)).map_or(1, |p| p.width);
    let left = scroll(left, cursor_start, cursor_width, usize::from(area.width));
    let mut spans = Vec::with_capacity(pieces.len() + 1);
    let mut col = 0;
    for p in &pieces {
        let start = col;
        col += p.width;
        if col <= left {
            continue;
        }
        let style = if on_cursor(p) {
            CURSOR
        } else if selected
            .as_ref()
            .is_some_and(|s| s.contains(&p.chars.start))
        {
            selection
        } else {
            Style::new()
        };
        if start < left {
            // A wide piece cut by the left edge: its visible cells blank.
            spans.push(Span::styled(" ".repeat(col - left), style));
        } else {
            spans.push(Span::styled(p.shown.as_ref(), style));
        }
    }
    if !pieces.iter().any(on_cursor) {
        spans.push(Span::styled(" ", CURSOR));
    }
    put_line(buf, area, 0, &Line::from(spans));
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(value: &str, cursor: usize, width: u16) -> (String, Vec<bool>) {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        draw(value, cursor, None, Style::new(), 0, area, &mut buf);
        let text = (0..width).map(|x| buf[(x, 0)].symbol()).collect();
        let reversed = (0..width)
            .map(|x| buf[(x, 0)].modifier.contains(Modifier::REVERSED))
            .collect();
        (text, reversed)
    }

    #[test]
    fn bidi_zero_width_and_controls_are_drawn_as_the_app_draws_them() {
        let (text, _) = drawn("a\u{202e}b\u{200b}c\u{1b}d\u{9b}", 0, 40);
        assert_eq!(text.trim_end(), "a\\u{202e}b\\u{200b}c␛d\\u{9b}");
    }

    #[test]
    fn the_cursor_covers_the_whole_code_of_one_character() {
        // On the override: all eight cells of its code are the cursor.
        let (text, reversed) = drawn("a\u{202e}b", 1, 20);
        assert_eq!(text.trim_end(), "a\\u{202e}b");
        let cursor: Vec<usize> = (0..20).filter(|&x| reversed[x]).collect();
        assert_eq!(cursor, (1..9).collect::<Vec<_>>());
        // At the end: one reversed space after the text.
        let (_, reversed) = drawn("a\u{202e}b", 3, 20);
        assert_eq!((0..20).filter(|&x| reversed[x]).collect::<Vec<_>>(), [10]);
    }

    #[test]
    fn a_joiner_after_a_letter_is_a_piece_of_its_own() {
        let shown: Vec<String> = pieces("e\u{301}a\u{200d}")
            .iter()
            .map(|p| p.shown.to_string())
            .collect();
        assert_eq!(shown, ["e\u{301}", "a", "\\u{200d}"]);
    }

    #[test]
    fn a_long_value_scrolls_to_keep_the_cursor_in_view() {
        let value = "0123456789abcdefghij";
        let (text, reversed) = drawn(value, 20, 8);
        assert_eq!(text, "defghij ");
        assert!(reversed[7]);
        let (text, _) = drawn(value, 0, 8);
        assert_eq!(text, "01234567");
    }

    #[test]
    fn the_view_stays_put_while_the_cursor_moves_inside_it() {
        assert_eq!(scroll(5, 7, 1, 8), 5);
        assert_eq!(scroll(5, 3, 1, 8), 3);
        assert_eq!(scroll(0, 8, 1, 8), 1);
        assert_eq!(scroll(0, 2, 20, 8), 2, "a piece wider than the view");
    }
}
