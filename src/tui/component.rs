//! What every screen and input-taking widget offers the app: key and mouse
//! handling that says whether the event was used (so the app can fall back
//! to global keys), the commands it offers (which drive the footer and the
//! help overlay), and drawing.

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;

use super::event::AppEvent;
use super::keymap::{Action, KeyMap};
use super::theme::Theme;
use crate::analysis::Thresholds;

/// Whether a component used an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventState {
    Consumed,
    NotConsumed,
}

impl EventState {
    pub fn is_consumed(self) -> bool {
        self == EventState::Consumed
    }
}

/// A command a screen offers, for the footer and the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandHint {
    /// The actions, written together (`←→ stage`).
    pub actions: Vec<Action>,
    /// What it does, in a word or two.
    pub label: String,
    /// Shown in the footer (the most useful ones); all are in the help.
    pub footer: bool,
}

impl CommandHint {
    pub fn new(actions: &[Action], label: &str) -> Self {
        CommandHint {
            actions: actions.to_vec(),
            label: label.to_string(),
            footer: true,
        }
    }

    /// A command listed in the help only.
    pub fn help_only(actions: &[Action], label: &str) -> Self {
        CommandHint {
            footer: false,
            ..CommandHint::new(actions, label)
        }
    }
}

/// What components may use while handling events and drawing: settings of
/// the session and a queue of messages to the app.
pub struct Ctx<'a> {
    pub keys: &'a KeyMap,
    pub theme: &'a Theme,
    pub today: Date,
    pub thresholds: &'a Thresholds,
    pub read_only: bool,
    pub user: &'a str,
    /// There is a screen below this one to go back to.
    pub has_parent: bool,
    events: Vec<AppEvent>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        keys: &'a KeyMap,
        theme: &'a Theme,
        today: Date,
        thresholds: &'a Thresholds,
        read_only: bool,
        user: &'a str,
    ) -> Self {
        Ctx {
            keys,
            theme,
            today,
            thresholds,
            read_only,
            user,
            has_parent: false,
            events: Vec::new(),
        }
    }

    /// Queues a message for the app, handled after the current event.
    pub fn send(&mut self, event: AppEvent) {
        self.events.push(event);
    }

    pub fn take_events(&mut self) -> Vec<AppEvent> {
        std::mem::take(&mut self.events)
    }

    /// Whether a key press means `action` (shorthand for `ctx.keys.is`).
    pub fn is(&self, action: Action, key: &KeyEvent) -> bool {
        self.keys.is(action, key)
    }
}

/// A screen or a widget that takes input.
pub trait Component {
    /// Handles a key press (the app passes only presses, not releases).
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState;

    /// Handles a mouse event; `area` is where the component was last drawn.
    fn handle_mouse(&mut self, _mouse: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }

    /// Handles pasted text (a bracketed paste: one event, line breaks and
    /// all). The app sends it to the open form, else to the top screen.
    fn handle_paste(&mut self, _text: &str, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }

    /// The commands on offer right now, most useful first.
    fn commands(&self, ctx: &Ctx) -> Vec<CommandHint>;

    /// Draws into `area`. Must not panic at any size, including 0x0.
    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx);

    /// A line about the current selection for the status line when there
    /// is no message (e.g. the selected map's path); `None` leaves it to the
    /// app.
    fn context(&self) -> Option<String> {
        None
    }

    /// Whether the component is taking text input, so that the app must not
    /// treat letters as global commands (`q` while typing a filter).
    fn is_typing(&self) -> bool {
        false
    }
}
