//! The one text input of the app: a single line of text being typed, in a
//! form field, the portfolio's filter or a review note. Built on
//! ratatui-textarea, so that every place edits text with the same keys
//! (`Home`, `End`, `Ctrl-←` / `Ctrl-→` or `Alt-b` / `Alt-f` by word,
//! `Ctrl-k` / `Ctrl-u` delete to the end / the start, `Ctrl-w` the word
//! before) and takes a paste the same way (on one line, line breaks as
//! spaces).
//!
//! The input only edits: Enter, Tab, Up, Down, Esc and keys it does not
//! know are left to its owner (a form moves to the next field, the filter
//! moves the selection, the app quits on Ctrl-c).

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

use super::{safe_text, text_field};

/// How a selected value (a date given, which typing replaces) is drawn:
/// reversed, which shows without colours too.
const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    /// The text changed.
    Changed,
    /// An editing key that changed nothing (a cursor move, Backspace at
    /// the start): used, nothing to update.
    Unchanged,
    /// Not an editing key: for the owner.
    NotText,
}

impl TextKey {
    /// The key was the input's (changed or not).
    pub fn is_used(self) -> bool {
        self != TextKey::NotText
    }
}

/// One line of text being typed.
#[derive(Debug, Clone)]
pub struct TextInput {
    /// Boxed: a text area is large, and screens hold an input or two.
    area: Box<TextArea<'static>>,
    /// The value the input opened with, exactly: returned unchanged while
    /// the text is untouched, so that opening and submitting a form never
    /// rewrites text it holds differently (line breaks as spaces, spaces
    /// around it).
    original: Option<String>,
    /// The first column drawn, kept between frames so the view does not
    /// jump while the cursor moves within it.
    scroll: Cell<usize>,
}

impl Default for TextInput {
    fn default() -> Self {
        TextInput::new("")
    }
}

impl TextInput {
    /// An input holding `value`, the cursor at its end.
    pub fn new(value: &str) -> Self {
        TextInput {
            area: text_area(value),
            original: Some(value.to_string()),
            scroll: Cell::new(0),
        }
    }

    /// Selects the whole text: typing replaces it, an arrow key drops the
    /// selection to edit in place.
    pub fn select_all(&mut self) {
        // Reversed rather than a colour: it shows without colours too.
        self.area.set_selection_style(SELECTED);
        self.area.select_all();
    }

    /// The value: as it opened while untouched, else as typed, trimmed.
    pub fn value(&self) -> String {
        match &self.original {
            Some(original) => original.clone(),
            None => self.text().trim().to_string(),
        }
    }

    /// The text as it stands, untrimmed, with the characters as typed
    /// (draw it through `safe_text`).
    pub fn text(&self) -> String {
        self.area.lines().join(" ")
    }

    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
    }

    /// Replaces the text, as if typed (a value derived from another field).
    pub fn set_text(&mut self, value: &str) {
        self.area = text_area(value);
        self.original = None;
    }

    /// Empties the input.
    pub fn clear(&mut self) {
        self.set_text("");
    }

    /// Handles a key press: the editing keys change the text or move the
    /// cursor; any other key is [`TextKey::NotText`].
    pub fn handle_key(&mut self, key: KeyEvent) -> TextKey {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let changed = match key.code {
            // Line breaks and tabs never get in: the input is one line,
            // and these keys belong to the owner.
            KeyCode::Char('\n' | '\r') => return TextKey::NotText,
            KeyCode::Char(c) if !ctrl && !alt => {
                // Over a selection (a date given), the character replaces it.
                self.area.insert_char(c);
                true
            }
            KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Home
            | KeyCode::End => self.area.input(key),
            // Ctrl-u: delete to the start, as in a shell.
            KeyCode::Char('u') if ctrl && !alt => self.area.delete_line_by_head(),
            KeyCode::Char('a' | 'e' | 'b' | 'f' | 'h' | 'd' | 'k' | 'w' | 'y') if ctrl && !alt => {
                self.area.input(key)
            }
            KeyCode::Char('b' | 'f' | 'd' | 'h') if alt && !ctrl => self.area.input(key),
            _ => return TextKey::NotText,
        };
        if self.area.lines().len() > 1 {
            // Whatever the text area did, the input stays one line.
            let joined = self.area.lines().join(" ");
            self.area = text_area(&joined);
        }
        if changed {
            self.original = None;
            TextKey::Changed
        } else {
            TextKey::Unchanged
        }
    }

    /// Inserts pasted text at the cursor, on one line; whether anything
    /// changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let changed = self.area.insert_str(single_line(text));
        if changed {
            self.original = None;
        }
        changed
    }

    /// Draws the input on the first row of `area`: the text made harmless
    /// (`␛` for an escape, `\u{202e}` for a bidi override), the cursor as a
    /// reversed cell, the selection reversed, scrolled to keep the cursor
    /// in view (for a form's focused field).
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let cursor = self.area.cursor().1;
        let selected = self.area.selection_range().map(|((_, a), (_, b))| a..b);
        let left = text_field::draw(
            &self.text(),
            cursor,
            selected,
            SELECTED,
            self.scroll.get(),
            area,
            buf,
        );
        self.scroll.set(left);
    }

    /// The text around the cursor, cut to `room` columns so that the
    /// cursor stays in view, made safe to show: (before, after). The
    /// owner draws a cursor between them (the filter, the review note).
    pub fn around_cursor(&self, room: usize) -> (String, String) {
        let text: Vec<char> = self.text().chars().collect();
        let at = self.area.cursor().1.min(text.len());
        let mut before: String = text[..at].iter().collect();
        let after: String = text[at..].iter().collect();
        before = safe_text::clean(&before);
        // Drop the start of a long text first: the typing is at the cursor.
        while safe_text::width(&before) > room {
            let mut chars = before.chars();
            chars.next();
            before = chars.collect();
        }
        let rest = room.saturating_sub(safe_text::width(&before));
        let after = safe_text::fit(&after, rest);
        (before, after)
    }
}

/// A text area for one line: no underline on the cursor line, the cursor
/// at the end. It holds the value's characters as they are; [`TextInput::
/// render`] shows them harmlessly, never as they are.
fn text_area(value: &str) -> Box<TextArea<'static>> {
    let mut area = TextArea::new(vec![single_line(value)]);
    area.set_cursor_line_style(Style::default());
    area.move_cursor(CursorMove::End);
    Box::new(area)
}

/// Text for a single-line input: line breaks and tabs become spaces (a
/// run of line breaks one space). Every other character is kept as it is:
/// the input draws it harmlessly, and the value is what was typed.
pub fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A run of line breaks (\r\n, or \r\r from some terminals)
            // is one space.
            '\n' | '\r' => {
                while matches!(chars.peek(), Some('\n' | '\r')) {
                    chars.next();
                }
                out.push(' ');
            }
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(text: &str) -> TextInput {
        let mut input = TextInput::default();
        for c in text.chars() {
            assert_eq!(input.handle_key(key(KeyCode::Char(c))), TextKey::Changed);
        }
        input
    }

    #[test]
    fn edits_with_the_usual_keys_and_leaves_the_rest_to_the_owner() {
        let mut input = typed("call back");
        assert_eq!(input.handle_key(ctrl('w')), TextKey::Changed);
        assert_eq!(input.text(), "call ");
        assert_eq!(input.handle_key(key(KeyCode::Home)), TextKey::Unchanged);
        assert_eq!(input.handle_key(ctrl('k')), TextKey::Changed);
        assert_eq!(input.text(), "");
        let mut input = typed("abc");
        input.handle_key(key(KeyCode::Left));
        assert_eq!(input.handle_key(ctrl('u')), TextKey::Changed);
        assert_eq!(input.text(), "c", "Ctrl-u deletes to the start");
        for owners in [
            key(KeyCode::Enter),
            key(KeyCode::Tab),
            key(KeyCode::Up),
            key(KeyCode::Esc),
            ctrl('c'),
            ctrl('s'),
            ctrl('m'),
            key(KeyCode::Char('\n')),
        ] {
            assert_eq!(input.handle_key(owners), TextKey::NotText, "{owners:?}");
        }
        assert_eq!(input.text(), "c");
    }

    #[test]
    fn a_paste_stays_on_one_line() {
        let mut input = typed("a");
        assert!(input.paste("first\r\nsecond\tline\nthird\u{1b}"));
        assert_eq!(input.text(), "afirst second line third\u{1b}");
    }

    #[test]
    fn untouched_text_is_given_back_exactly() {
        let raw = "  \u{1b}[31mred\ttext ";
        let mut input = TextInput::new(raw);
        assert_eq!(input.text(), "  \u{1b}[31mred text ");
        input.handle_key(key(KeyCode::Home));
        assert_eq!(input.value(), raw, "moving is not editing");
        input.handle_key(key(KeyCode::End));
        input.handle_key(key(KeyCode::Char('!')));
        assert_eq!(input.value(), "\u{1b}[31mred text !");
    }

    #[test]
    fn typing_over_a_selection_replaces_it() {
        let mut input = TextInput::new("2026-11-30");
        input.select_all();
        for c in "2027".chars() {
            input.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(input.value(), "2027");
    }

    #[test]
    fn the_cursor_stays_in_view() {
        let mut input = typed("a long filter text");
        assert_eq!(
            input.around_cursor(40),
            ("a long filter text".into(), "".into())
        );
        assert_eq!(input.around_cursor(6), ("r text".into(), "".into()));
        input.handle_key(key(KeyCode::Home));
        assert_eq!(input.around_cursor(6), ("".into(), "a lon…".into()));
    }
}
