//! A form drawn as a centred overlay: labelled fields of a few kinds, moved
//! between with Tab/Shift-Tab or Up/Down, submitted with Enter on the last
//! field or the keymap's `save` keys (Ctrl-s), cancelled with its `back`
//! keys (Esc; asking first when something was changed). An invalid value
//! keeps the form open with the reason next to the field.
//!
//! The form knows fields, not maps: the owner reads the values, checks what
//! only it can check (a stage id already in use) with [`Form::set_error`],
//! and builds the edit. Each form names its fields with an enum declared by
//! [`form_fields!`], so that a field is read by a name the compiler checks:
//! `form.text(CommitmentField::Promise)`. See `tui::forms` for the form of
//! each item kind.

use std::fmt;

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::text_input::{TextInput, TextKey};
use crate::model::parse_date;
use crate::tui::keymap::{Action, KeyChord, KeyMap};
use crate::tui::theme::Theme;
use crate::tui::widget::{safe_text, text_field};

/// The fields of one form: an enum with one variant per field, in the
/// order the form shows them. Declare it with [`form_fields!`], which
/// writes this impl from the same list.
pub trait FieldId: Copy + Eq + fmt::Debug + 'static {
    /// Every field, in order.
    const ALL: &'static [Self];
    /// The field's place in [`FieldId::ALL`].
    fn index(self) -> usize;
}

/// Declares the field enum of a form and its [`FieldId`] impl, from one
/// list of variants (so that `ALL` cannot miss one):
/// `form_fields! { pub enum StageField { Name, Id, Goal } }`.
macro_rules! form_fields {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($variant),+
        }

        impl $crate::tui::widget::form::FieldId for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}
pub(crate) use form_fields;

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

/// One labelled field of a form whose fields are named by `K`.
#[derive(Debug, Clone)]
pub struct Field<K> {
    pub label: &'static str,
    pub kind: FieldKind,
    /// Text and dates: may not be left empty.
    pub required: bool,
    /// Shown in grey after the label when the field is focused.
    pub hint: &'static str,
    text: TextInput,
    selected: usize,
    /// Shown (and read) only while the choice field `K` has option `n`
    /// selected, e.g. the text of an "other" channel.
    show_when: Option<(K, usize)>,
    /// Filled from another field as it is typed (a new stage's id from its
    /// name), until the user edits this field themselves.
    derive: Option<(K, Derive)>,
    edited: bool,
    error: Option<String>,
}

impl<K: FieldId> Field<K> {
    fn new(label: &'static str, kind: FieldKind, text: TextInput) -> Self {
        Field {
            label,
            kind,
            required: false,
            hint: "",
            text,
            selected: 0,
            show_when: None,
            derive: None,
            edited: false,
            error: None,
        }
    }

    /// A single-line text field.
    pub fn text(label: &'static str, value: &str) -> Self {
        Field::new(label, FieldKind::Text, TextInput::new(value))
    }

    /// A date field; `value` is `YYYY-MM-DD` or empty.
    ///
    /// A date given is selected: typing a new one replaces it whole (a date
    /// is retyped, rarely edited a digit at a time), while an arrow key
    /// drops the selection to edit in place.
    pub fn date(label: &'static str, value: &str) -> Self {
        let mut text = TextInput::new(value);
        if !value.is_empty() {
            text.select_all();
        }
        let mut f = Field::new(label, FieldKind::Date, text);
        f.hint = "YYYY-MM-DD";
        f
    }

    /// A pick list with option `selected` chosen.
    pub fn choice(label: &'static str, options: Vec<String>, selected: usize) -> Self {
        let selected = selected.min(options.len().saturating_sub(1));
        let mut f = Field::new(label, FieldKind::Choice(options), TextInput::default());
        f.selected = selected;
        f
    }

    /// A yes/no choice.
    pub fn yes_no(label: &'static str, value: bool) -> Self {
        Field::choice(label, vec!["no".into(), "yes".into()], usize::from(value))
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self
    }

    pub fn shown_when(mut self, choice: K, option: usize) -> Self {
        self.show_when = Some((choice, option));
        self
    }

    pub fn derived_from(mut self, source: K, derive: Derive) -> Self {
        self.derive = Some((source, derive));
        self
    }

    /// The text of a text or date field: as it opened while untouched,
    /// else as typed, trimmed.
    pub fn value(&self) -> String {
        self.text.value()
    }

    /// What the field holds, to tell whether the form was changed.
    fn snapshot(&self) -> String {
        match self.kind {
            FieldKind::Choice(_) => self.selected.to_string(),
            _ => self.value(),
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// The user asks to submit: the owner checks the values and either
    /// closes the form or marks the invalid fields.
    Submit,
    /// The user cancelled an unchanged form.
    Cancel,
    /// The user cancelled a changed form: the owner asks whether to drop
    /// the changes (the app's one question box) before closing it.
    AskCancel,
}

/// The keys that submit and cancel a form: the keymap's `save` and `back`
/// keys that a form does not use for typing ([`KeyMap::form_keys`]), so
/// that the keys line names keys that work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormKeys {
    submit: Vec<KeyChord>,
    cancel: Vec<KeyChord>,
}

impl FormKeys {
    pub fn new(keys: &KeyMap) -> Self {
        FormKeys {
            submit: keys.form_keys(Action::Save),
            cancel: keys.form_keys(Action::Back),
        }
    }

    fn submits(&self, key: &KeyEvent) -> bool {
        self.submit.contains(&KeyChord::from_event(key))
    }

    fn cancels(&self, key: &KeyEvent) -> bool {
        self.cancel.contains(&KeyChord::from_event(key))
    }

    /// The first submit key and the first cancel key, for the footer.
    pub fn first(&self) -> (Option<&KeyChord>, Option<&KeyChord>) {
        (self.submit.first(), self.cancel.first())
    }

    /// The first submit key, short (`^s`), if there is one.
    fn submit_key(&self) -> Option<String> {
        self.submit.first().map(KeyChord::describe_short)
    }

    /// The first cancel key, short (`Esc`), if there is one.
    fn cancel_key(&self) -> Option<String> {
        self.cancel.first().map(KeyChord::describe_short)
    }
}

impl Default for FormKeys {
    /// The default keys: Ctrl-s submits, Esc cancels.
    fn default() -> Self {
        FormKeys::new(&KeyMap::default())
    }
}

/// A form: a title, its fields (one per variant of `K`), the focused field.
#[derive(Debug, Clone)]
pub struct Form<K> {
    pub title: String,
    /// `fields[k.index()]` is field `k`.
    fields: Vec<Field<K>>,
    focus: usize,
    initial: Vec<String>,
    /// A problem with the form as a whole, shown above the keys.
    message: Option<String>,
    /// What submitting does, in the keys line ("save", "export").
    submit_verb: &'static str,
}

impl<K: FieldId> Form<K> {
    /// A form with the field `field(k)` for every `k` of `K`, in order.
    pub fn new(title: impl Into<String>, field: impl FnMut(K) -> Field<K>) -> Self {
        let fields: Vec<Field<K>> = K::ALL.iter().copied().map(field).collect();
        let initial = fields.iter().map(Field::snapshot).collect();
        let mut form = Form {
            title: title.into(),
            fields,
            focus: 0,
            initial,
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

    pub fn field(&self, key: K) -> &Field<K> {
        &self.fields[key.index()]
    }

    /// The trimmed text of a text or date field ("" for a choice).
    pub fn text(&self, key: K) -> String {
        match self.field(key).kind {
            FieldKind::Choice(_) => String::new(),
            _ => self.field(key).value(),
        }
    }

    /// The index of the option chosen in a choice field.
    pub fn choice(&self, key: K) -> usize {
        self.field(key).selected
    }

    /// The date of a date field; on a problem the reason is shown at the
    /// field and `None` returned.
    pub fn date(&mut self, key: K) -> Option<Date> {
        match parse_date(&self.text(key)) {
            Ok(d) => Some(d),
            Err(why) => {
                self.set_error(key, why);
                None
            }
        }
    }

    /// A date field that may be left empty: `Some(None)` when it is.
    pub fn optional_date(&mut self, key: K) -> Option<Option<Date>> {
        if self.text(key).is_empty() {
            Some(None)
        } else {
            self.date(key).map(Some)
        }
    }

    /// The focused field.
    pub fn focused(&self) -> K {
        K::ALL[self.focus]
    }

    /// Moves the focus to a field (when it is shown).
    pub fn focus(&mut self, key: K) {
        let i = key.index();
        if self.is_visible(i) {
            self.focus = i;
        }
    }

    /// Shows why a field's value is refused; the field gets the focus when
    /// it is the first field in error.
    pub fn set_error(&mut self, key: K, why: impl Into<String>) {
        self.fields[key.index()].error = Some(why.into());
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
    }

    pub fn error(&self, key: K) -> Option<&str> {
        self.field(key).error.as_deref()
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
    fn is_visible(&self, i: usize) -> bool {
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

    /// Handles a key press; `keys` says which keys submit and cancel.
    pub fn handle_key(&mut self, key: KeyEvent, keys: &FormKeys) -> FormOutcome {
        if key.kind != KeyEventKind::Press || self.fields.is_empty() {
            return FormOutcome::Editing;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if keys.cancels(&key) {
            if self.is_changed() {
                return FormOutcome::AskCancel;
            }
            return FormOutcome::Cancel;
        }
        if keys.submits(&key) {
            return FormOutcome::Submit;
        }
        match key.code {
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
        let changed = f.text.handle_key(key) == TextKey::Changed;
        if changed {
            f.edited = true;
        }
        changed
    }

    /// Pasted text goes into the focused text field, on one line.
    pub fn handle_paste(&mut self, text: &str) {
        let i = self.focus;
        let Some(f) = self.fields.get_mut(i) else {
            return;
        };
        if matches!(f.kind, FieldKind::Choice(_)) {
            return;
        }
        if f.text.paste(text) {
            f.edited = true;
            self.after_change(i);
        }
    }

    /// A field changed: its error is stale, fields derived from it follow.
    fn after_change(&mut self, i: usize) {
        self.fields[i].error = None;
        self.message = None;
        let source = self.fields[i].value();
        for f in &mut self.fields {
            if let Some((from, derive)) = f.derive
                && from.index() == i
                && !f.edited
            {
                f.text.set_text(&derive(&source));
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

    /// Draws the form over whatever is below it; the keys line names
    /// `keys`.
    pub fn render(&self, screen: Rect, buf: &mut Buffer, theme: &Theme, keys: &FormKeys) {
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
        let footer = if let Some(message) = &self.message {
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
            let mut parts = vec!["Tab next".to_string(), enter];
            parts.extend(keys.submit_key().map(|k| format!("{k} {verb}")));
            parts.extend(keys.cancel_key().map(|k| format!("{k} cancel")));
            Line::from(Span::styled(parts.join(" · "), theme.dim()))
        };
        Paragraph::new(footer).render(bottom, buf);
    }

    fn render_value(
        &self,
        f: &Field<K>,
        focused: bool,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
    ) {
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
                    f.text.render(area, buf);
                }
            }
            FieldKind::Text | FieldKind::Date => {
                let value = f.text.text();
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

/// A form of any fields, for the editor that opens, drives and draws it
/// without knowing which form it is.
pub trait AnyForm {
    /// See [`Form::check`].
    fn check(&mut self) -> bool;
    fn handle_key(&mut self, key: KeyEvent, keys: &FormKeys) -> FormOutcome;
    fn handle_paste(&mut self, text: &str);
    fn set_message(&mut self, message: String);
    /// What submitting does, in a word ("save", "export").
    fn submit_verb(&self) -> &'static str;
    fn render(&self, screen: Rect, buf: &mut Buffer, theme: &Theme, keys: &FormKeys);
}

impl<K: FieldId> AnyForm for Form<K> {
    fn check(&mut self) -> bool {
        Form::check(self)
    }

    fn handle_key(&mut self, key: KeyEvent, keys: &FormKeys) -> FormOutcome {
        Form::handle_key(self, key, keys)
    }

    fn handle_paste(&mut self, text: &str) {
        Form::handle_paste(self, text);
    }

    fn set_message(&mut self, message: String) {
        Form::set_message(self, message);
    }

    fn submit_verb(&self) -> &'static str {
        Form::submit_verb(self)
    }

    fn render(&self, screen: Rect, buf: &mut Buffer, theme: &Theme, keys: &FormKeys) {
        Form::render(self, screen, buf, theme, keys);
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

    fn type_str<K: FieldId>(form: &mut Form<K>, text: &str) {
        for c in text.chars() {
            assert_eq!(
                form.handle_key(key(KeyCode::Char(c)), &FormKeys::default()),
                FormOutcome::Editing
            );
        }
    }

    /// Keys with the default bindings.
    fn press<K: FieldId>(form: &mut Form<K>, k: KeyEvent) -> FormOutcome {
        form.handle_key(k, &FormKeys::default())
    }

    form_fields! {
        enum StageLike { Name, Id, Due, Kind, Other }
    }

    fn stage_like() -> Form<StageLike> {
        use StageLike::*;
        Form::new("New stage", |k| match k {
            Name => Field::text("Name", "").required(),
            Id => Field::text("Id", "")
                .required()
                .derived_from(Name, crate::model::slug),
            Due => Field::date("Due", ""),
            Kind => Field::choice("Kind", vec!["phone".into(), "other…".into()], 0),
            Other => Field::text("Which", "").required().shown_when(Kind, 1),
        })
    }

    #[test]
    fn enter_moves_on_and_submits_on_the_last_field() {
        let mut f = stage_like();
        type_str(&mut f, "Renewal Talks");
        assert_eq!(
            f.text(StageLike::Id),
            "renewal-talks",
            "id follows the name"
        );
        assert_eq!(press(&mut f, key(KeyCode::Enter)), FormOutcome::Editing);
        assert_eq!(f.focused(), StageLike::Id);
        press(&mut f, key(KeyCode::Enter));
        press(&mut f, key(KeyCode::Enter));
        assert_eq!(f.focused(), StageLike::Kind);
        // "other" is hidden while kind is not "other…": kind is last.
        assert_eq!(press(&mut f, key(KeyCode::Enter)), FormOutcome::Submit);
        assert!(f.check());
        assert_eq!(press(&mut f, ctrl('s')), FormOutcome::Submit);
    }

    #[test]
    fn submit_and_cancel_keys_come_from_the_keymap() {
        let mut overrides = std::collections::BTreeMap::new();
        overrides.insert("save".to_string(), vec!["f2".to_string()]);
        overrides.insert("back".to_string(), vec!["ctrl-g".to_string()]);
        let keys = FormKeys::new(&KeyMap::with_overrides(&overrides).expect("keys"));
        let mut f = stage_like();
        assert_eq!(f.handle_key(ctrl('s'), &keys), FormOutcome::Editing);
        assert_eq!(f.handle_key(key(KeyCode::Esc), &keys), FormOutcome::Editing);
        assert_eq!(f.handle_key(key(KeyCode::F(2)), &keys), FormOutcome::Submit);
        assert_eq!(f.handle_key(ctrl('g'), &keys), FormOutcome::Cancel);
        let shown = rendered_with(&f, 80, 12, &keys);
        assert!(
            shown.contains("Tab next · Enter next · F2 save · ^g cancel"),
            "{shown}"
        );
        // Changed: the cancel key asks (the owner shows the question).
        type_str(&mut f, "x");
        assert_eq!(f.handle_key(ctrl('g'), &keys), FormOutcome::AskCancel);
        assert_eq!(f.text(StageLike::Name), "x");
    }

    #[test]
    fn an_edited_id_stops_following_the_name() {
        let mut f = stage_like();
        type_str(&mut f, "Abc");
        press(&mut f, key(KeyCode::Tab));
        press(&mut f, key(KeyCode::Backspace));
        type_str(&mut f, "x");
        press(&mut f, key(KeyCode::BackTab));
        type_str(&mut f, "def");
        assert_eq!(f.text(StageLike::Name), "Abcdef");
        assert_eq!(f.text(StageLike::Id), "abx");
    }

    #[test]
    fn required_fields_and_bad_dates_keep_the_form_open_with_reasons() {
        use StageLike::*;
        let mut f = stage_like();
        f.focus(Due);
        type_str(&mut f, "2026-02-30");
        f.focus(Kind);
        press(&mut f, key(KeyCode::Right));
        assert!(!f.check());
        assert_eq!(f.error(Name), Some("name is required"));
        assert_eq!(f.error(Due), Some("date 2026-02-30 is not a real date"));
        assert_eq!(f.error(Other), Some("which is required"));
        assert_eq!(f.focused(), Name, "focus goes to the first problem");
        type_str(&mut f, "A");
        assert_eq!(f.error(Name), None, "typing clears the stale reason");
    }

    form_fields! {
        enum Dated { Promise, Due }
    }

    #[test]
    fn typing_over_a_given_date_replaces_it_and_an_arrow_edits_in_place() {
        let dated = || {
            Form::new("Commitment", |k| match k {
                Dated::Promise => Field::text("Promise", "Call back"),
                Dated::Due => Field::date("Due", "2026-11-30"),
            })
        };
        let mut f = dated();
        f.focus(Dated::Due);
        type_str(&mut f, "2026-12-04");
        assert_eq!(f.text(Dated::Due), "2026-12-04");

        // An arrow first: the given date stays and is edited in place.
        let mut f = dated();
        f.focus(Dated::Due);
        press(&mut f, key(KeyCode::End));
        press(&mut f, key(KeyCode::Backspace));
        type_str(&mut f, "1");
        assert_eq!(f.text(Dated::Due), "2026-11-31");

        // A paste replaces it too; an untouched date is kept as given.
        let mut f = dated();
        f.focus(Dated::Due);
        f.handle_paste("2027-01-15");
        assert_eq!(f.text(Dated::Due), "2027-01-15");
        assert_eq!(dated().text(Dated::Due), "2026-11-30");
        assert_eq!(
            dated().date(Dated::Due),
            Some(jiff::civil::date(2026, 11, 30))
        );
    }

    #[test]
    fn paste_stays_on_one_line() {
        let mut f = stage_like();
        f.handle_paste("first line\r\nsecond\tline\nthird\u{1b}");
        assert_eq!(
            f.text(StageLike::Name),
            "first line second line third\u{1b}"
        );
        // Keys that would break a line in a text area do not.
        press(&mut f, ctrl('m'));
        assert_eq!(
            f.text(StageLike::Name),
            "first line second line third\u{1b}"
        );
    }

    form_fields! {
        enum Two { A, B }
    }

    #[test]
    fn untouched_fields_give_back_exactly_what_they_opened_with() {
        let raw = "  \u{1b}[31mred\ttext ";
        let mut f = Form::new("t", |k| match k {
            Two::A => Field::text("A", raw),
            Two::B => Field::text("B", raw),
        });
        assert_eq!(f.field(Two::A).text.text(), "  \u{1b}[31mred text ");
        // Moving the cursor is not an edit.
        press(&mut f, key(KeyCode::Home));
        assert_eq!(f.text(Two::A), raw);
        assert!(!f.is_changed());
        press(&mut f, key(KeyCode::Tab));
        type_str(&mut f, "!");
        assert_eq!(f.text(Two::A), raw);
        assert_eq!(f.text(Two::B), "\u{1b}[31mred text !");
    }

    form_fields! {
        enum Three { A, B, C }
    }

    /// What the form draws is harmless, whether the value was opened from
    /// a map or typed, while the value keeps the characters as they are.
    #[test]
    fn text_fields_draw_codes_and_keep_the_characters() {
        let raw = "A\u{1b}]0;x\u{7}\u{202e}B\u{200b}\u{9b}";
        let mut f = Form::new("Edit stage \u{202e}x", |k| match k {
            Three::A => Field::text("A", raw),
            Three::B => Field::text("B", raw),
            Three::C => Field::text("C", ""),
        });
        f.focus(Three::C);
        type_str(&mut f, "Z\u{202e}\u{200b}");
        f.handle_paste("\u{1b}[2J\u{9b}");
        assert_eq!(f.text(Three::C), "Z\u{202e}\u{200b}\u{1b}[2J\u{9b}");
        assert_eq!(f.text(Three::A), raw);
        for focus in [Three::A, Three::C] {
            f.focus(focus);
            let screen = rendered(&f, 60, 10);
            for c in screen.chars() {
                assert!(
                    c == '\n' || !safe_text::is_dangerous(c),
                    "{c:?} drawn with {focus:?} focused:\n{screen}"
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

    form_fields! {
        enum One { C }
    }

    #[test]
    fn choices_move_with_arrows_space_and_letters() {
        let mut f = Form::new("t", |_: One| {
            Field::choice(
                "C",
                vec![
                    "in person".into(),
                    "phone".into(),
                    "email".into(),
                    "event".into(),
                ],
                0,
            )
        });
        press(&mut f, key(KeyCode::Char('e')));
        assert_eq!(f.choice(One::C), 2);
        press(&mut f, key(KeyCode::Char('e')));
        assert_eq!(f.choice(One::C), 3);
        press(&mut f, key(KeyCode::Char(' ')));
        assert_eq!(f.choice(One::C), 0);
        press(&mut f, key(KeyCode::Left));
        assert_eq!(f.choice(One::C), 3);
        assert_eq!(f.text(One::C), "", "a choice has no text");
    }

    #[test]
    fn esc_asks_before_dropping_changes() {
        let mut f = stage_like();
        assert_eq!(press(&mut f, key(KeyCode::Esc)), FormOutcome::Cancel);
        type_str(&mut f, "x");
        assert_eq!(press(&mut f, key(KeyCode::Esc)), FormOutcome::AskCancel);
        assert_eq!(f.text(StageLike::Name), "x", "asking drops nothing");
    }

    fn rendered_with<K: FieldId>(form: &Form<K>, w: u16, h: u16, keys: &FormKeys) -> String {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        form.render(area, &mut buf, &Theme::new(false), keys);
        let mut out = String::new();
        for y in 0..h {
            for x in 0..w {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    fn rendered<K: FieldId>(form: &Form<K>, w: u16, h: u16) -> String {
        rendered_with(form, w, h, &FormKeys::default())
    }

    form_fields! {
        enum Nine { A, B, C, D, E, F, G, H, I }
    }

    #[test]
    fn fields_scroll_to_keep_the_focus_in_view() {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        let mut f = Form::new("Many", |k: Nine| {
            let i = k.index();
            Field::text(names[i], &format!("value {i}"))
        });
        let top = rendered(&f, 40, 8);
        assert!(top.contains("▶a") && !top.contains(" i "), "{top}");
        f.focus(Nine::I);
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
            f.render(area, &mut buf, &Theme::new(true), &FormKeys::default());
        }
    }
}
