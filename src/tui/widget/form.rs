//! A form drawn as a centred overlay: labelled fields of a few kinds, moved
//! between with Tab/Shift-Tab or Up/Down, submitted with Enter on the last
//! field or Ctrl-s, cancelled with Esc (asking first when something was
//! changed). An invalid value keeps the form open with the reason next to
//! the field.
//!
//! The form knows fields, not maps: the owner reads the values, checks what
//! only it can check (a stage id already in use) with [`Form::set_error`],
//! and builds the edit. See `tui::forms` for the form of each item kind.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use ratatui_textarea::TextArea;

use crate::model::parse_date;
use crate::tui::theme::Theme;
use crate::tui::widget::{safe_text, text_field};

/// How a selected value (a date given, which typing replaces) is drawn:
/// reversed, which shows without colours too.
const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);

/// What kind of value a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// A `YYYY-MM-DD` date, checked with `model::parse_date`.
    Date,
    /// One of a fixed list of options, picked with Left/Right, Space or
    /// the option's first letter.
    Choice(Vec<String>),
}

/// Computes a field's value from another's (a stage id from its name).
pub type Derive = fn(&str) -> String;

/// One labelled field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name the owner reads the value by.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// Text and dates: may not be left empty.
    pub required: bool,
    /// Shown in grey after the label when the field is focused.
    pub hint: &'static str,
    text: TextArea<'static>,
    /// The first column of the value drawn while focused, kept between
    /// frames so the view does not jump while the cursor moves within it.
    scroll: std::cell::Cell<usize>,
    selected: usize,
    /// Shown (and read) only while the choice field `key` has option `n`
    /// selected, e.g. the text of an "other" channel.
    show_when: Option<(&'static str, usize)>,
    /// Filled from another field as it is typed (a new stage's id from its
    /// name), until the user edits this field themselves.
    derive: Option<(&'static str, Derive)>,
    edited: bool,
    /// The value the field opened with, exactly: returned unchanged while
    /// the field is untouched, so that opening and submitting a form never
    /// rewrites text it holds differently (line breaks as spaces, spaces
    /// around it).
    original: Option<String>,
    error: Option<String>,
}

impl Field {
    fn new(key: &'static str, label: &'static str, kind: FieldKind) -> Self {
        Field {
            key,
            label,
            kind,
            required: false,
            hint: "",
            text: text_area(""),
            scroll: std::cell::Cell::new(0),
            selected: 0,
            show_when: None,
            derive: None,
            edited: false,
            original: None,
            error: None,
        }
    }

    /// A single-line text field.
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Self {
        let mut f = Field::new(key, label, FieldKind::Text);
        f.text = text_area(value);
        f.original = Some(value.to_string());
        f
    }

    /// A date field; `value` is `YYYY-MM-DD` or empty.
    ///
    /// A date given is selected: typing a new one replaces it whole (a date
    /// is retyped, rarely edited a digit at a time), while an arrow key
    /// drops the selection to edit in place.
    pub fn date(key: &'static str, label: &'static str, value: &str) -> Self {
        let mut f = Field::new(key, label, FieldKind::Date);
        f.text = text_area(value);
        if !value.is_empty() {
            f.text.set_selection_style(SELECTED);
            f.text.select_all();
        }
        f.original = Some(value.to_string());
        f.hint = "YYYY-MM-DD";
        f
    }

    /// A pick list with option `selected` chosen.
    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: Vec<String>,
        selected: usize,
    ) -> Self {
        let selected = selected.min(options.len().saturating_sub(1));
        let mut f = Field::new(key, label, FieldKind::Choice(options));
        f.selected = selected;
        f
    }

    /// A yes/no choice.
    pub fn yes_no(key: &'static str, label: &'static str, value: bool) -> Self {
        Field::choice(
            key,
            label,
            vec!["no".into(), "yes".into()],
            usize::from(value),
        )
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self
    }

    pub fn shown_when(mut self, choice_key: &'static str, option: usize) -> Self {
        self.show_when = Some((choice_key, option));
        self
    }

    pub fn derived_from(mut self, key: &'static str, derive: Derive) -> Self {
        self.derive = Some((key, derive));
        self
    }

    /// The text of a text or date field: as it opened while untouched,
    /// else as typed, trimmed.
    pub fn value(&self) -> String {
        match &self.original {
            Some(original) => original.clone(),
            None => self.text.lines().join(" ").trim().to_string(),
        }
    }

    fn set_text(&mut self, value: &str) {
        self.text = text_area(value);
        self.original = None;
    }

    /// What the field holds, to tell whether the form was changed.
    fn snapshot(&self) -> String {
        match self.kind {
            FieldKind::Choice(_) => self.selected.to_string(),
            _ => self.value(),
        }
    }
}

/// A text area for one line: no underline on the cursor line. It holds the
/// value's characters as they are; [`text_field::draw`] shows them
/// harmlessly (␛ for escape, `\u{202e}` for a bidi override).
fn text_area(value: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![single_line(value)]);
    area.set_cursor_line_style(Style::default());
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

/// Text for a single-line field: line breaks and tabs become spaces (a
/// run of line breaks one space). Every other character is kept as it is:
/// the field draws it harmlessly, and the value is what was typed.
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

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// The user asks to submit: the owner checks the values and either
    /// closes the form or marks the invalid fields.
    Submit,
    /// The user cancelled (after confirming, if something was changed).
    Cancel,
}

/// A form: a title, fields, the focused field.
#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    fields: Vec<Field>,
    focus: usize,
    initial: Vec<String>,
    /// Esc was pressed on a changed form: "discard changes? y/n".
    confirming_cancel: bool,
    /// A problem with the form as a whole, shown above the keys.
    message: Option<String>,
    /// What submitting does, in the keys line ("save", "export").
    submit_verb: &'static str,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        let initial = fields.iter().map(Field::snapshot).collect();
        let mut form = Form {
            title: title.into(),
            fields,
            focus: 0,
            initial,
            confirming_cancel: false,
            message: None,
            submit_verb: "save",
        };
        if !form.is_visible(0) {
            form.focus = form.next_visible(0, true);
        }
        form
    }

    /// Names what Enter on the last field and ^s do (default "save").
    pub fn with_submit_verb(mut self, verb: &'static str) -> Self {
        self.submit_verb = verb;
        self
    }

    /// What submitting does, in a word ("save", "export").
    pub fn submit_verb(&self) -> &'static str {
        self.submit_verb
    }

    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.index(key).map(|i| &self.fields[i])
    }

    /// The trimmed text of a text or date field ("" when there is none).
    pub fn text(&self, key: &str) -> String {
        self.field(key).map(Field::value).unwrap_or_default()
    }

    /// The index of the option chosen in a choice field.
    pub fn choice(&self, key: &str) -> usize {
        self.field(key).map_or(0, |f| f.selected)
    }

    /// The key of the focused field.
    pub fn focused(&self) -> &'static str {
        self.fields.get(self.focus).map_or("", |f| f.key)
    }

    /// Moves the focus to a field (when it is shown).
    pub fn focus(&mut self, key: &str) {
        if let Some(i) = self.index(key)
            && self.is_visible(i)
        {
            self.focus = i;
        }
    }

    /// Shows why a field's value is refused; the field gets the focus when
    /// it is the first field in error.
    pub fn set_error(&mut self, key: &str, why: impl Into<String>) {
        if let Some(i) = self.index(key) {
            self.fields[i].error = Some(why.into());
            if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
                self.focus = first;
            }
        }
    }

    pub fn error(&self, key: &str) -> Option<&str> {
        self.field(key).and_then(|f| f.error.as_deref())
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// A message about the whole form (e.g. a refused edit).
    pub fn set_message(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    /// Something differs from the values the form opened with.
    pub fn is_changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, init)| &f.snapshot() != init)
    }

    /// The field is shown: it has no condition or its condition holds.
    pub fn is_visible(&self, i: usize) -> bool {
        match self.fields.get(i).and_then(|f| f.show_when) {
            None => i < self.fields.len(),
            Some((key, option)) => self.choice(key) == option,
        }
    }

    /// Checks what every form checks: required fields filled in, dates
    /// real. Clears old errors first. Returns whether all is well; the
    /// owner adds its own checks with [`Form::set_error`].
    pub fn check(&mut self) -> bool {
        self.message = None;
        for i in 0..self.fields.len() {
            let visible = self.is_visible(i);
            let f = &mut self.fields[i];
            f.error = None;
            if !visible || matches!(f.kind, FieldKind::Choice(_)) {
                continue;
            }
            let value = f.value();
            if value.trim().is_empty() {
                if f.required {
                    f.error = Some(format!("{} is required", f.label.to_lowercase()));
                }
            } else if f.kind == FieldKind::Date
                && let Err(why) = parse_date(&value)
            {
                f.error = Some(why);
            }
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
        !self.has_errors()
    }

    fn next_visible(&self, from: usize, forward: bool) -> usize {
        let n = self.fields.len();
        let mut i = from;
        for _ in 0..n {
            i = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            if self.is_visible(i) {
                return i;
            }
        }
        from
    }

    fn last_visible(&self) -> usize {
        (0..self.fields.len())
            .rev()
            .find(|&i| self.is_visible(i))
            .unwrap_or(0)
    }

    /// Handles a key press.
    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        if key.kind != KeyEventKind::Press || self.fields.is_empty() {
            return FormOutcome::Editing;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.confirming_cancel {
            match key.code {
                KeyCode::Char('y') | KeyCode::Char('d') | KeyCode::Enter => {
                    return FormOutcome::Cancel;
                }
                KeyCode::Char('n') | KeyCode::Esc => self.confirming_cancel = false,
                _ => {}
            }
            return FormOutcome::Editing;
        }
        match key.code {
            KeyCode::Esc => {
                if self.is_changed() {
                    self.confirming_cancel = true;
                    return FormOutcome::Editing;
                }
                return FormOutcome::Cancel;
            }
            KeyCode::Char('s') if ctrl => return FormOutcome::Submit,
            KeyCode::Enter | KeyCode::Char('\n' | '\r') => return self.enter(),
            KeyCode::Char('m' | 'j') if ctrl => return self.enter(),
            KeyCode::Tab | KeyCode::Down => {
                self.focus = self.next_visible(self.focus, true);
                return FormOutcome::Editing;
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = self.next_visible(self.focus, false);
                return FormOutcome::Editing;
            }
            _ => {}
        }
        let focus = self.focus;
        let changed = match self.fields[focus].kind.clone() {
            FieldKind::Choice(options) => self.choose(focus, &options, key),
            FieldKind::Text | FieldKind::Date => self.type_text(focus, key),
        };
        if changed {
            self.after_change(focus);
        }
        FormOutcome::Editing
    }

    /// Enter: next field, or submit on the last one.
    fn enter(&mut self) -> FormOutcome {
        if self.focus >= self.last_visible() {
            FormOutcome::Submit
        } else {
            self.focus = self.next_visible(self.focus, true);
            FormOutcome::Editing
        }
    }

    fn choose(&mut self, i: usize, options: &[String], key: KeyEvent) -> bool {
        let n = options.len();
        if n == 0 {
            return false;
        }
        let f = &mut self.fields[i];
        let before = f.selected;
        match key.code {
            KeyCode::Left => f.selected = (f.selected + n - 1) % n,
            KeyCode::Right | KeyCode::Char(' ') => f.selected = (f.selected + 1) % n,
            KeyCode::Home => f.selected = 0,
            KeyCode::End => f.selected = n - 1,
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                // The next option starting with the letter typed.
                let c = c.to_lowercase().next().unwrap_or(c);
                if let Some(next) = (1..=n)
                    .map(|step| (f.selected + step) % n)
                    .find(|&j| options[j].to_lowercase().starts_with(c))
                {
                    f.selected = next;
                }
            }
            _ => {}
        }
        f.selected != before
    }

    fn type_text(&mut self, i: usize, key: KeyEvent) -> bool {
        let f = &mut self.fields[i];
        let changed = f.text.input(key);
        // Whatever the text area did, the field stays one line.
        if f.text.lines().len() > 1 {
            let joined = f.text.lines().join(" ");
            f.text = text_area(&joined);
        }
        if changed {
            f.edited = true;
            f.original = None;
        }
        changed
    }

    /// Pasted text goes into the focused text field, on one line.
    pub fn handle_paste(&mut self, text: &str) {
        if self.confirming_cancel {
            return;
        }
        let i = self.focus;
        let Some(f) = self.fields.get_mut(i) else {
            return;
        };
        if matches!(f.kind, FieldKind::Choice(_)) {
            return;
        }
        if f.text.insert_str(single_line(text)) {
            f.edited = true;
            f.original = None;
            self.after_change(i);
        }
    }

    /// A field changed: its error is stale, fields derived from it follow.
    fn after_change(&mut self, i: usize) {
        self.fields[i].error = None;
        self.message = None;
        let key = self.fields[i].key;
        let source = self.fields[i].value();
        for f in &mut self.fields {
            if let Some((from, derive)) = f.derive
                && from == key
                && !f.edited
            {
                f.set_text(&derive(&source));
                f.error = None;
            }
        }
    }

    /// The overlay's place: centred, at most 76 columns wide, as tall as
    /// the fields need and the screen allows.
    pub fn area(&self, screen: Rect) -> Rect {
        let width = screen.width.min(76);
        let wanted = self.content_lines(width).len() as u16 + 4;
        let height = screen.height.min(wanted);
        Rect {
            x: screen.x + (screen.width - width) / 2,
            y: screen.y + (screen.height - height) / 2,
            width,
            height,
        }
    }

    /// Columns of the labels, for a form this wide.
    fn label_width(form_width: u16) -> u16 {
        14u16.min(form_width.saturating_sub(2) / 3)
    }

    /// One entry per line of the form body: the field, and for the lines
    /// of its error (wrapped to the value column) their text.
    fn content_lines(&self, form_width: u16) -> Vec<(usize, Option<String>)> {
        let value_width = usize::from(
            form_width
                .saturating_sub(2)
                .saturating_sub(Self::label_width(form_width) + 1),
        )
        .max(8);
        let mut lines = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            if !self.is_visible(i) {
                continue;
            }
            lines.push((i, None));
            if let Some(why) = &f.error {
                for l in safe_text::wrap(&safe_text::clean(&format!("✗ {why}")), value_width) {
                    lines.push((i, Some(l)));
                }
            }
        }
        lines
    }

    /// Draws the form over whatever is below it.
    pub fn render(&self, screen: Rect, buf: &mut Buffer, theme: &Theme) {
        let area = self.area(screen);
        if area.width < 10 || area.height < 3 {
            return;
        }
        Clear.render(area, buf);
        // Titles name map things ("Log feedback · Closing").
        let title = safe_text::clean_cow(&self.title);
        let title = if self.is_changed() {
            format!(" {title} ● changed ")
        } else {
            format!(" {title} ")
        };
        let block = Block::bordered()
            .border_style(theme.border(true))
            .title(Span::styled(title, theme.heading()));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 {
            return;
        }
        // Body above, one line of keys (or the message) at the bottom.
        let body = Rect {
            height: inner.height.saturating_sub(2),
            ..inner
        };
        let lines = self.content_lines(area.width);
        // The focused field and all of its error lines stay in view.
        let focus_line = lines
            .iter()
            .rposition(|(i, _)| *i == self.focus)
            .unwrap_or(0);
        let rows = body.height as usize;
        let first = (focus_line + 1).saturating_sub(rows.max(1));
        let label_width = Self::label_width(area.width);
        for (row, (i, error_line)) in lines.iter().skip(first).take(rows).enumerate() {
            let i = *i;
            let y = body.y + row as u16;
            let f = &self.fields[i];
            let focused = i == self.focus;
            let value_area = Rect {
                x: body.x + label_width + 1,
                y,
                width: body.width.saturating_sub(label_width + 1),
                height: 1,
            };
            if let Some(text) = error_line {
                Line::from(Span::styled(text.clone(), theme.error())).render(value_area, buf);
                continue;
            }
            let marker = if focused { "▶" } else { " " };
            let mut label_style = Style::new();
            if focused {
                label_style = label_style.add_modifier(Modifier::BOLD);
            }
            let label = format!("{marker}{}", f.label);
            Line::from(Span::styled(label, label_style)).render(
                Rect {
                    x: body.x,
                    y,
                    width: label_width,
                    height: 1,
                },
                buf,
            );
            self.render_value(f, focused, value_area, buf, theme);
        }
        if lines.len() > rows && rows > 0 {
            let more = format!("{}/{}", focus_line + 1, lines.len());
            let x = inner.right().saturating_sub(more.len() as u16);
            buf.set_string(x, area.y, more, Style::new());
        }
        let bottom = Rect {
            y: inner.bottom() - 1,
            height: 1,
            ..inner
        };
        let footer = if self.confirming_cancel {
            Line::from(Span::styled(
                "Discard your changes? y discard · n keep editing",
                theme.heading(),
            ))
        } else if let Some(message) = &self.message {
            Line::from(Span::styled(
                safe_text::clean(&format!("✗ {message}")),
                theme.error(),
            ))
        } else {
            let last = self.focus >= self.last_visible();
            let verb = self.submit_verb;
            let enter = if last {
                format!("Enter {verb}")
            } else {
                "Enter next".to_string()
            };
            Line::from(Span::styled(
                format!("Tab next · {enter} · ^s {verb} · Esc cancel"),
                theme.dim(),
            ))
        };
        Paragraph::new(footer).render(bottom, buf);
    }

    fn render_value(&self, f: &Field, focused: bool, area: Rect, buf: &mut Buffer, theme: &Theme) {
        match &f.kind {
            FieldKind::Choice(options) => {
                let line = choice_line(options, f.selected, focused, area.width as usize, theme);
                line.render(area, buf);
            }
            FieldKind::Text | FieldKind::Date if focused => {
                if f.text.is_empty() && !f.hint.is_empty() {
                    Line::from(vec![
                        Span::styled(" ", text_field::CURSOR),
                        Span::styled(f.hint, hint_style(theme)),
                    ])
                    .render(area, buf);
                } else {
                    let value = f.text.lines().join(" ");
                    let cursor = f.text.cursor().1;
                    let selected = f.text.selection_range().map(|((_, a), (_, b))| a..b);
                    let left = text_field::draw(
                        &value,
                        cursor,
                        selected,
                        SELECTED,
                        f.scroll.get(),
                        area,
                        buf,
                    );
                    f.scroll.set(left);
                }
            }
            FieldKind::Text | FieldKind::Date => {
                let value = f.text.lines().join(" ");
                let line = if value.is_empty() && !f.hint.is_empty() {
                    Line::from(Span::styled(f.hint, hint_style(theme)))
                } else {
                    Line::from(safe_text::fit(&value, area.width as usize))
                };
                line.render(area, buf);
            }
        }
    }
}

/// Hints in empty fields: dim, and italic so that they differ from a
/// value without colours too.
fn hint_style(theme: &Theme) -> Style {
    theme.dim().add_modifier(Modifier::ITALIC)
}

/// The options of a choice field on one line: all of them with the chosen
/// one highlighted when the field is focused and they fit, otherwise the
/// chosen one between arrows.
fn choice_line(
    options: &[String],
    selected: usize,
    focused: bool,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let chosen = options.get(selected).cloned().unwrap_or_default();
    if !focused {
        return Line::from(chosen);
    }
    // "[chosen] other other": one space between options.
    let total: usize = options.iter().map(|o| o.chars().count() + 1).sum::<usize>() + 2;
    if total <= width {
        let mut spans = Vec::new();
        for (i, o) in options.iter().enumerate() {
            if i == selected {
                spans.push(Span::styled(
                    format!("[{o}]"),
                    theme.selected().add_modifier(Modifier::BOLD),
                ));
            } else {
                spans.push(Span::raw(o.clone()));
            }
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    } else {
        Line::from(vec![
            Span::raw("◂ "),
            Span::styled(chosen, theme.selected().add_modifier(Modifier::BOLD)),
            Span::raw(format!(" ▸  {}/{}", selected + 1, options.len())),
        ])
    }
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

    fn type_str(form: &mut Form, text: &str) {
        for c in text.chars() {
            assert_eq!(form.handle_key(key(KeyCode::Char(c))), FormOutcome::Editing);
        }
    }

    fn stage_like() -> Form {
        Form::new(
            "New stage",
            vec![
                Field::text("name", "Name", "").required(),
                Field::text("id", "Id", "")
                    .required()
                    .derived_from("name", crate::model::slug),
                Field::date("due", "Due", ""),
                Field::choice("kind", "Kind", vec!["phone".into(), "other…".into()], 0),
                Field::text("other", "Which", "")
                    .required()
                    .shown_when("kind", 1),
            ],
        )
    }

    #[test]
    fn enter_moves_on_and_submits_on_the_last_field() {
        let mut f = stage_like();
        type_str(&mut f, "Renewal Talks");
        assert_eq!(f.text("id"), "renewal-talks", "id follows the name");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
        assert_eq!(f.focused(), "id");
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Enter));
        assert_eq!(f.focused(), "kind");
        // "other" is hidden while kind is not "other…": kind is last.
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
        assert!(f.check());
        assert_eq!(f.handle_key(ctrl('s')), FormOutcome::Submit);
    }

    #[test]
    fn an_edited_id_stops_following_the_name() {
        let mut f = stage_like();
        type_str(&mut f, "Abc");
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Backspace));
        type_str(&mut f, "x");
        f.handle_key(key(KeyCode::BackTab));
        type_str(&mut f, "def");
        assert_eq!(f.text("name"), "Abcdef");
        assert_eq!(f.text("id"), "abx");
    }

    #[test]
    fn required_fields_and_bad_dates_keep_the_form_open_with_reasons() {
        let mut f = stage_like();
        f.focus("due");
        type_str(&mut f, "2026-02-30");
        f.focus("kind");
        f.handle_key(key(KeyCode::Right));
        assert!(!f.check());
        assert_eq!(f.error("name"), Some("name is required"));
        assert_eq!(f.error("due"), Some("date 2026-02-30 is not a real date"));
        assert_eq!(f.error("other"), Some("which is required"));
        assert_eq!(f.focused(), "name", "focus goes to the first problem");
        type_str(&mut f, "A");
        assert_eq!(f.error("name"), None, "typing clears the stale reason");
    }

    #[test]
    fn typing_over_a_given_date_replaces_it_and_an_arrow_edits_in_place() {
        let dated = || {
            Form::new(
                "Commitment",
                vec![
                    Field::text("promise", "Promise", "Call back"),
                    Field::date("due", "Due", "2026-11-30"),
                ],
            )
        };
        let mut f = dated();
        f.focus("due");
        type_str(&mut f, "2026-12-04");
        assert_eq!(f.text("due"), "2026-12-04");

        // An arrow first: the given date stays and is edited in place.
        let mut f = dated();
        f.focus("due");
        f.handle_key(key(KeyCode::End));
        f.handle_key(key(KeyCode::Backspace));
        type_str(&mut f, "1");
        assert_eq!(f.text("due"), "2026-11-31");

        // A paste replaces it too; an untouched date is kept as given.
        let mut f = dated();
        f.focus("due");
        f.handle_paste("2027-01-15");
        assert_eq!(f.text("due"), "2027-01-15");
        assert_eq!(dated().text("due"), "2026-11-30");
    }

    #[test]
    fn paste_stays_on_one_line() {
        let mut f = stage_like();
        f.handle_paste("first line\r\nsecond\tline\nthird\u{1b}");
        assert_eq!(f.text("name"), "first line second line third\u{1b}");
        // Keys that would break a line in a text area do not.
        f.handle_key(KeyEvent::new(KeyCode::Char('m'), KeyModifiers::CONTROL));
        assert_eq!(f.field("name").map(|x| x.text.lines().len()), Some(1));
    }

    #[test]
    fn untouched_fields_give_back_exactly_what_they_opened_with() {
        let raw = "  \u{1b}[31mred\ttext ";
        let mut f = Form::new(
            "t",
            vec![Field::text("a", "A", raw), Field::text("b", "B", raw)],
        );
        assert_eq!(
            f.field("a").map(|x| x.text.lines()[0].clone()).as_deref(),
            Some("  \u{1b}[31mred text ")
        );
        // Moving the cursor is not an edit.
        f.handle_key(key(KeyCode::Home));
        assert_eq!(f.text("a"), raw);
        assert!(!f.is_changed());
        f.handle_key(key(KeyCode::Tab));
        type_str(&mut f, "!");
        assert_eq!(f.text("a"), raw);
        assert_eq!(f.text("b"), "\u{1b}[31mred text !");
    }

    /// What the form draws is harmless, whether the value was opened from
    /// a map or typed, while the value keeps the characters as they are.
    #[test]
    fn text_fields_draw_codes_and_keep_the_characters() {
        let raw = "A\u{1b}]0;x\u{7}\u{202e}B\u{200b}\u{9b}";
        let mut f = Form::new(
            "Edit stage \u{202e}x",
            vec![
                Field::text("a", "A", raw),
                Field::text("b", "B", raw),
                Field::text("c", "C", ""),
            ],
        );
        f.focus("c");
        type_str(&mut f, "Z\u{202e}\u{200b}");
        f.handle_paste("\u{1b}[2J\u{9b}");
        assert_eq!(f.text("c"), "Z\u{202e}\u{200b}\u{1b}[2J\u{9b}");
        assert_eq!(f.text("a"), raw);
        for focus in ["a", "c"] {
            f.focus(focus);
            let screen = rendered(&f, 60, 10);
            for c in screen.chars() {
                assert!(
                    c == '\n' || !safe_text::is_dangerous(c),
                    "{c:?} drawn with {focus} focused:\n{screen}"
                );
            }
            assert!(
                screen.contains("A␛]0;x␇\\u{202e}B\\u{200b}\\u{9b}"),
                "{screen}"
            );
            assert!(
                screen.contains("Z\\u{202e}\\u{200b}␛[2J\\u{9b}"),
                "{screen}"
            );
            assert!(screen.contains("Edit stage \\u{202e}x"), "{screen}");
        }
    }

    #[test]
    fn choices_move_with_arrows_space_and_letters() {
        let mut f = Form::new(
            "t",
            vec![Field::choice(
                "c",
                "C",
                vec![
                    "in person".into(),
                    "phone".into(),
                    "email".into(),
                    "event".into(),
                ],
                0,
            )],
        );
        f.handle_key(key(KeyCode::Char('e')));
        assert_eq!(f.choice("c"), 2);
        f.handle_key(key(KeyCode::Char('e')));
        assert_eq!(f.choice("c"), 3);
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.choice("c"), 0);
        f.handle_key(key(KeyCode::Left));
        assert_eq!(f.choice("c"), 3);
    }

    #[test]
    fn esc_asks_before_dropping_changes() {
        let mut f = stage_like();
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
        type_str(&mut f, "x");
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Editing);
        assert_eq!(f.handle_key(key(KeyCode::Char('n'))), FormOutcome::Editing);
        assert_eq!(f.text("name"), "x");
        f.handle_key(key(KeyCode::Esc));
        assert_eq!(f.handle_key(key(KeyCode::Char('y'))), FormOutcome::Cancel);
    }

    fn rendered(form: &Form, w: u16, h: u16) -> String {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        form.render(area, &mut buf, &Theme::new(false));
        let mut out = String::new();
        for y in 0..h {
            for x in 0..w {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn fields_scroll_to_keep_the_focus_in_view() {
        let fields = (0..9)
            .map(|i| {
                let key: &'static str = ["a", "b", "c", "d", "e", "f", "g", "h", "i"][i];
                Field::text(key, key, &format!("value {i}"))
            })
            .collect();
        let mut f = Form::new("Many", fields);
        let top = rendered(&f, 40, 8);
        assert!(top.contains("▶a") && !top.contains(" i "), "{top}");
        f.focus("i");
        let bottom = rendered(&f, 40, 8);
        assert!(
            bottom.contains("▶i") && bottom.contains("value 8"),
            "{bottom}"
        );
        assert!(!bottom.contains("value 0"), "{bottom}");
        assert!(bottom.contains("9/9"), "position shown: {bottom}");
    }

    #[test]
    fn renders_at_any_size_without_panic() {
        let mut f = stage_like();
        f.check();
        for (w, h) in [(0, 0), (3, 3), (12, 4), (80, 24), (30, 8), (200, 60)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            f.render(area, &mut buf, &Theme::new(true));
        }
    }
}
