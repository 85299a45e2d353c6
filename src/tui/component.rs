//! What every layer of the app offers: the screens (portfolio, board,
//! stage, review) at the bottom of the stack and the modal layers over them
//! (forms, questions, text boxes, the session's prompts). The app keeps
//! them in one stack and routes with one rule (see `app.rs`): the top layer
//! gets every event; what it does not use goes to the app's global keys,
//! unless the layer is modal. Layers change the stack through their
//! [`Ctx`] (push a layer, close themselves), never by reaching into it.

use std::any::Any;
use std::path::Path;

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;

pub use super::command_hint::CommandHint;
use super::event::AppEvent;
use super::keymap::{Action, KeyMap};
use super::theme::Theme;
use crate::analysis::Thresholds;
use crate::edit::document::SharedDoc;
use crate::edit::session::Prompt;

/// Whether a layer used an event.
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

/// A change to the layer stack asked for by a layer (or by an editing flow
/// on its behalf), carried out by the app once the event is handled.
pub enum LayerOp {
    /// Put a layer on top.
    Push(Box<dyn Component>),
    /// Remove the layer that is handling the event.
    Close,
}

/// What layers may use while handling events and drawing: settings of the
/// session, the open map, and queues of messages and stack changes for the
/// app.
pub struct Ctx<'a> {
    pub keys: &'a KeyMap,
    pub theme: &'a Theme,
    pub today: Date,
    pub thresholds: &'a Thresholds,
    pub read_only: bool,
    pub user: &'a str,
    /// There is a screen below this one to go back to.
    pub has_parent: bool,
    /// The map open on the board, if any.
    pub doc: Option<&'a SharedDoc>,
    /// The question the session is waiting on, if any.
    pub prompt: Option<&'a Prompt>,
    /// The whole frame: boxes drawn over everything centre themselves on
    /// it, while screens draw in the body they are given.
    pub frame: Rect,
    events: Vec<AppEvent>,
    ops: Vec<LayerOp>,
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
            doc: None,
            prompt: None,
            frame: Rect::default(),
            events: Vec::new(),
            ops: Vec::new(),
        }
    }

    /// Queues a message for the app, handled after the current event.
    pub fn send(&mut self, event: AppEvent) {
        self.events.push(event);
    }

    pub fn take_events(&mut self) -> Vec<AppEvent> {
        std::mem::take(&mut self.events)
    }

    /// Puts a layer on top of the stack once the event is handled.
    pub fn push(&mut self, layer: Box<dyn Component>) {
        self.ops.push(LayerOp::Push(layer));
    }

    /// Closes the layer handling the event.
    pub fn close(&mut self) {
        self.ops.push(LayerOp::Close);
    }

    pub fn take_ops(&mut self) -> Vec<LayerOp> {
        std::mem::take(&mut self.ops)
    }

    /// Whether a key press means `action` (shorthand for `ctx.keys.is`).
    pub fn is(&self, action: Action, key: &KeyEvent) -> bool {
        self.keys.is(action, key)
    }
}

/// Lets tests look at a layer as what it is (`review_walk`); routing never
/// does.
pub trait AsAny {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A layer of the app: a screen or a modal box.
pub trait Component: AsAny {
    /// Handles a key press (the app passes only presses, not releases).
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState;

    /// Handles a mouse event; `area` is where the layer was last drawn.
    fn handle_mouse(&mut self, _mouse: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }

    /// Handles pasted text (a bracketed paste: one event, line breaks and
    /// all). The app sends it to the top layer.
    fn handle_paste(&mut self, _text: &str, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }

    /// The commands on offer right now, most useful first.
    fn commands(&self, ctx: &Ctx) -> Vec<CommandHint>;

    /// Draws into `area` (a screen's body; see [`Ctx::frame`] for boxes
    /// over everything). Must not panic at any size, including 0x0.
    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx);

    /// The layer's name, at the top of its help.
    fn name(&self) -> &'static str {
        "journeymap"
    }

    /// A modal layer takes every key and click: nothing below it and no
    /// global key sees them, and the footer shows only its commands.
    fn is_modal(&self) -> bool {
        false
    }

    /// A line about the current selection for the status line when there
    /// is no message (e.g. the selected map's path); `None` leaves it to the
    /// app.
    fn context(&self) -> Option<String> {
        None
    }

    /// Whether the layer is taking text input, so that the app must not
    /// treat letters as global commands (`q` while typing a filter).
    fn is_typing(&self) -> bool {
        false
    }

    /// Background work between events; whether anything changed that needs
    /// a redraw.
    fn tick(&mut self, _ctx: &mut Ctx) -> bool {
        false
    }

    /// Whether the layer is still loading in the background.
    fn is_loading(&self) -> bool {
        false
    }

    /// Waits until background loading is done.
    fn wait_loaded(&mut self) {}

    /// A map file changed (saved by us or by others, added or removed).
    fn map_changed(&mut self, _path: &Path, _ctx: &mut Ctx) {}

    /// The user left the map at `path` (back from its board): a screen
    /// listing maps selects it, so that one comes back to where one was.
    fn map_left(&mut self, path: &Path, ctx: &mut Ctx) {
        self.map_changed(path, ctx);
    }

    /// After the open map changed: whether the layer still has something to
    /// show (a stage screen whose stage was deleted has not: it is closed).
    fn sync(&mut self, _ctx: &Ctx) -> bool {
        true
    }

    /// The folder new maps are created in, on screens that show a folder.
    fn maps_folder(&self) -> Option<&Path> {
        None
    }

    /// A stage of the open map is being opened over this screen (from the
    /// agenda, the search or a finding): a board selects it, so that going
    /// back lands on it.
    fn stage_opened(&mut self, _stage: usize) {}

    /// Whether this is the screen the open map lives on: leaving it closes
    /// the map (asking first about unsaved edits).
    fn holds_document(&self) -> bool {
        false
    }
}
