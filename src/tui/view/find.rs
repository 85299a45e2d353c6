//! Finding text inside the open map, on the board and on a stage's
//! screen: `/` opens a line to type the text, Enter goes to the first
//! match, `n` and `N` to the next and previous ones (the board moves stage
//! by stage, a stage's screen item by item and on to the next stages).
//! What is found is `edit::find::find_in_map`; this is the line it is
//! typed on, drawn over the last row of the screen while typing.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::edit::find::{Hit, find_in_map};
use crate::model::Map;
use crate::tui::component::{CommandHint, Ctx};
use crate::tui::keymap::Action;
use crate::tui::widget::text_input::TextInput;
use crate::tui::widget::{put_line, safe_text};

/// What a key did to the line being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindKey {
    /// Still typing.
    Typing,
    /// Enter: go to the first match.
    Confirmed,
    /// Esc: the search is dropped.
    Cancelled,
}

/// The text searched for and the line it is typed on.
#[derive(Debug, Clone, Default)]
pub struct FindBar {
    /// Some while the text is typed.
    input: Option<TextInput>,
    query: String,
}

impl FindBar {
    /// A search for `query`, already typed (carried from the board to a
    /// stage's screen).
    pub fn with_query(query: &str) -> Self {
        FindBar {
            input: None,
            query: query.to_string(),
        }
    }

    /// Opens the line to type on, with the last text selected so that
    /// typing replaces it.
    pub fn start(&mut self) {
        let mut input = TextInput::new(&self.query);
        input.select_all();
        self.input = Some(input);
    }

    pub fn is_typing(&self) -> bool {
        self.input.is_some()
    }

    /// The text searched for, once confirmed ("" for no search).
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Whether `n` / `N` go to matches now.
    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// The matches in `map` of the text typed so far (while typing) or
    /// searched for.
    pub fn hits(&self, map: &Map) -> Vec<Hit> {
        match &self.input {
            Some(input) => find_in_map(map, &input.text()),
            None => find_in_map(map, &self.query),
        }
    }

    /// A key while typing.
    pub fn handle_key(&mut self, key: KeyEvent, ctx: &Ctx) -> FindKey {
        let Some(input) = &mut self.input else {
            return FindKey::Cancelled;
        };
        if input.handle_key(key).is_used() {
            return FindKey::Typing;
        }
        if ctx.is(Action::Back, &key) {
            self.input = None;
            self.query.clear();
            return FindKey::Cancelled;
        }
        if ctx.is(Action::Open, &key) {
            self.query = input.text().trim().to_string();
            self.input = None;
            return if self.query.is_empty() {
                FindKey::Cancelled
            } else {
                FindKey::Confirmed
            };
        }
        FindKey::Typing
    }

    /// A paste while typing goes into the line.
    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.input {
            Some(input) => {
                input.paste(text);
                true
            }
            None => false,
        }
    }

    /// The line, over the last row of `area`, while typing: the text and
    /// how many matches it has.
    pub fn draw(&self, map: &Map, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let Some(input) = &self.input else {
            return;
        };
        if area.height == 0 {
            return;
        }
        let theme = ctx.theme;
        let hits = self.hits(map);
        let summary = format!("  {}", matches_words(&hits));
        let label = " find: ";
        let room =
            usize::from(area.width).saturating_sub(label.len() + safe_text::width(&summary) + 1);
        let (before, after) = input.around_cursor(room);
        let used = label.len() + safe_text::width(&before) + 1 + safe_text::width(&after);
        let line = Line::from(vec![
            Span::styled(label, theme.key()),
            Span::raw(before),
            Span::styled("▏", theme.key()),
            Span::raw(after),
            Span::styled(
                safe_text::pad(&summary, usize::from(area.width).saturating_sub(used)),
                theme.dim(),
            ),
        ]);
        let row = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        buf.set_style(row, theme.text());
        for x in row.left()..row.right() {
            buf[(x, row.y)].set_symbol(" ");
        }
        put_line(buf, row, 0, &line);
    }

    /// The footer while typing.
    pub fn typing_commands() -> Vec<CommandHint> {
        vec![
            CommandHint::new(&[Action::Open], "find"),
            CommandHint::new(&[Action::Back], "cancel"),
        ]
    }
}

/// "3 matches in 2 stages", "1 match", "no match".
pub fn matches_words(hits: &[Hit]) -> String {
    let mut stages: Vec<usize> = hits.iter().map(|h| h.stage).collect();
    stages.dedup();
    match (hits.len(), stages.len()) {
        (0, _) => "no match".to_string(),
        (1, _) => "1 match".to_string(),
        (n, 1) => format!("{n} matches in 1 stage"),
        (n, s) => format!("{n} matches in {s} stages"),
    }
}

/// `n` (next match: `Some(true)`) or `N` (previous: `Some(false)`), as
/// in less and vim. Letters of their own rather than actions of the
/// keymap: `n` is already the new-map key, and a key belongs to one action.
pub fn step_key(key: &KeyEvent) -> Option<bool> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    match key.code {
        KeyCode::Char('n') => Some(true),
        KeyCode::Char('N') => Some(false),
        _ => None,
    }
}

/// The footer and help entries of a search that is on.
pub fn step_commands() -> CommandHint {
    CommandHint::literal("n N", "next / previous match")
}
