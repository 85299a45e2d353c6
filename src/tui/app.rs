//! The app: one stack of layers (screens at the bottom, modal forms,
//! questions, text boxes and the session's prompts over them), the open
//! document and a status line. One routing rule: the top layer gets every
//! event; a key it does not use goes to the global keys, unless the layer
//! is modal. The app carries out the events layers send and the stack
//! changes they ask for, and never looks at which screen is which. It
//! never touches a terminal, so tests drive it on a `TestBackend`.

use std::cell::Cell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::AppOptions;
use super::component::{CommandHint, Component, Ctx, LayerOp};
use super::editor;
use super::event::{AfterSave, AppEvent};
use super::export_action::ExportForm;
use super::keymap::{Action, KeyMap};
use super::layer::text::TextOverlay;
use super::theme::Theme;
use super::view::agenda::Agenda;
use super::view::board::Board;
use super::view::empty::EmptyState;
use super::view::portfolio::Portfolio;
use super::view::search::SearchView;
use super::view::stage::StageView;
use super::view::too_small;
use super::widget::{footer, help, put_line, safe_text};
use crate::analysis::Thresholds;
use crate::edit::document::{Document, ItemKind, SharedDoc};
use crate::edit::session::{Prompt, Session};
use crate::git::{TrendCache, TrendLoad, TrendRequest};
use crate::storage;
use crate::storage::watch::MapWatcher;

/// The context every layer gets. A macro rather than a method so that it
/// borrows only the fields it reads, leaving `self.layers` free to be
/// borrowed mutably while the context lives.
macro_rules! layer_ctx {
    ($app:expr) => {{
        let mut ctx = Ctx::new(
            &$app.keys,
            &$app.theme,
            $app.today,
            &$app.thresholds,
            $app.read_only,
            &$app.user,
        );
        ctx.has_parent = $app.layers.iter().filter(|l| !l.is_modal()).count() > 1;
        ctx.doc = $app.doc.as_ref();
        ctx.prompt = $app.session.as_ref().and_then(Session::prompt);
        ctx.frame = $app.last_area.get();
        ctx
    }};
}

// Editing a map's file in the user's editor.
mod external_edit;
// Shared sessions (issue 5): live reload, locks, crash recovery, review.
mod review_mode;
// The timeline, and a revision opened read-only from it.
mod revision;
mod shared;

/// A message on the status line until the next key press.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StatusMessage {
    text: String,
    error: bool,
}

pub struct App {
    keys: KeyMap,
    theme: Theme,
    today: Date,
    thresholds: Thresholds,
    read_only: bool,
    user: String,
    /// Screens at the bottom, modal layers over them; the last is on top.
    layers: Vec<Box<dyn Component>>,
    /// The map open on the board (and the stage screen), if any.
    doc: Option<SharedDoc>,
    status: Option<StatusMessage>,
    quit: bool,
    /// The frame size at the last draw, for mouse hit-testing.
    last_area: Cell<Rect>,
    /// Live reload, lock and recovery of the open map.
    session: Option<Session>,
    /// The session's question last put on the stack, so that each question
    /// is shown once.
    shown_prompt: Option<Prompt>,
    /// The folder of the portfolio (as given) and its watcher.
    folder_watch: Option<(PathBuf, MapWatcher)>,
    /// Where the portfolio's warm-start cache lives; `None`: no cache.
    state_dir: Option<PathBuf>,
    /// A map file to open in the user's editor, for the terminal loop.
    external_edit: Option<PathBuf>,
    /// The short id of the revision the open maps are (`--at`, or opened
    /// from the timeline); `None` for the files themselves.
    revision: Option<String>,
    /// The maps set aside under revisions opened from their timeline.
    set_aside: Vec<revision::SetAside>,
}

impl App {
    /// Builds the app for a file or a folder. Fails (before any terminal is
    /// touched) on bad key bindings, a missing path that was asked for, or a
    /// map file that cannot be read.
    ///
    /// A portfolio is fully loaded when this returns, so that what the app
    /// shows depends on nothing but the files (tests rely on it); the
    /// terminal app uses [`App::start`].
    pub fn new(opts: AppOptions) -> anyhow::Result<App> {
        let mut app = App::start(opts)?;
        app.wait_loaded();
        Ok(app)
    }

    /// Like [`App::new`], but a portfolio loads in the background: the
    /// first frame can be drawn at once, [`App::poll_loading`] takes in
    /// rows as they come.
    pub fn start(opts: AppOptions) -> anyhow::Result<App> {
        let mut app = App::bare(&opts)?;
        let path = &opts.path;
        if path.is_dir() {
            app.open_folder(path)?;
        } else if path.exists() {
            let loaded = storage::load_map(path).map_err(|e| anyhow::anyhow!("{e}"))?;
            let doc = Document::open(loaded, app.today, app.thresholds);
            app.open_document(doc);
        } else if opts.path_is_default {
            app.layers.push(Box::new(EmptyState::new(path, true)));
        } else {
            anyhow::bail!("{}: no such file or folder", safe_text::path(path));
        }
        // Once per run: the maps' git repository asks for the merge driver
        // that git here lacks (docs/teamwork.md).
        if let Some(hint) = storage::git_hint::setup_hint([path.as_path()]) {
            app.status = Some(StatusMessage {
                text: hint,
                error: false,
            });
        }
        Ok(app)
    }

    /// The app with its settings and no screen yet.
    fn bare(opts: &AppOptions) -> anyhow::Result<App> {
        let keys = KeyMap::with_overrides(&opts.keys).map_err(|problems| {
            anyhow::anyhow!(
                "the key bindings in the config have problems:\n  {}",
                problems.join("\n  ")
            )
        })?;
        Ok(App {
            keys,
            theme: Theme::new(!opts.no_color),
            today: opts.today,
            thresholds: opts.thresholds,
            read_only: opts.read_only,
            user: opts.user.clone(),
            layers: Vec::new(),
            doc: None,
            status: None,
            quit: false,
            last_area: Cell::new(Rect::default()),
            session: None,
            shown_prompt: None,
            folder_watch: None,
            state_dir: opts.state_dir.clone(),
            external_edit: None,
            revision: None,
            set_aside: Vec::new(),
        })
    }

    fn open_folder(&mut self, dir: &Path) -> anyhow::Result<()> {
        let files = storage::folders::list_maps(dir)
            .with_context(|| format!("{}: cannot list the maps", safe_text::path(dir)))?;
        if files.is_empty() {
            self.layers.push(Box::new(EmptyState::new(dir, false)));
        } else {
            let portfolio = self.start_portfolio(dir, &files);
            self.layers.push(Box::new(portfolio));
        }
        self.watch_folder(dir);
        Ok(())
    }

    fn start_portfolio(&self, dir: &Path, files: &[PathBuf]) -> Portfolio {
        let cache_file = self
            .state_dir
            .as_deref()
            .map(|state| storage::status_cache::StatusCache::file_for(state, dir));
        let portfolio = Portfolio::start(dir, files, self.today, &self.thresholds, cache_file);
        // The trends from git, with their cache beside the status cache:
        // only for an app with a state folder (not in tests).
        match &self.state_dir {
            Some(state) => portfolio.with_trends(TrendLoad::start(TrendRequest {
                folder: dir.to_path_buf(),
                paths: files.to_vec(),
                today: self.today,
                thresholds: self.thresholds,
                cache_file: Some(TrendCache::file_for(state, dir)),
            })),
            None => portfolio,
        }
    }

    /// Whether a layer is still loading in the background.
    pub fn is_loading(&self) -> bool {
        self.layers.iter().any(|l| l.is_loading())
    }

    /// Takes in what background work brought so far (portfolio rows, maps
    /// changed under review), without waiting; whether to redraw.
    pub fn poll_loading(&mut self) -> bool {
        let mut ctx = layer_ctx!(self);
        let mut changed = false;
        for layer in &mut self.layers {
            changed |= layer.tick(&mut ctx);
        }
        let events = ctx.take_events();
        let changed = changed || !events.is_empty();
        self.process(events);
        changed
    }

    /// Waits until every layer has loaded what it loads in the background.
    pub fn wait_loaded(&mut self) {
        for layer in &mut self.layers {
            layer.wait_loaded();
        }
        self.poll_loading();
    }

    fn open_document(&mut self, mut doc: Document) {
        doc.read_only = self.read_only;
        let conflicts = doc.map().conflicts.len();
        if doc.from_markers() {
            self.status = Some(StatusMessage {
                text: format!(
                    "The file held git's conflict markers: both sides are merged here as journeymap's merge driver would ({conflicts} conflict{} left) · save to keep it",
                    if conflicts == 1 { "" } else { "s" }
                ),
                error: false,
            });
        }
        let doc = doc.shared();
        self.doc = Some(doc.clone());
        let board = Board::new(doc);
        // A revision opened from the timeline sets the map aside first.
        let board = if self.set_aside.is_empty() {
            board
        } else {
            board.over_timeline()
        };
        self.layers.push(Box::new(board));
        // A merge left conflicts: they come first, side by side.
        if conflicts > 0 && !self.read_only {
            self.layers
                .push(super::layer::conflicts::ConflictLayer::boxed());
        }
        self.start_session();
        self.sync_layers();
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The open document, if a map is open.
    pub fn document(&self) -> Option<&SharedDoc> {
        self.doc.as_ref()
    }

    /// Called between events; returns whether anything changed that needs
    /// a redraw (live reload and background work).
    pub fn tick(&mut self) -> bool {
        let layers = self.poll_loading();
        let folder = self.folder_tick();
        let session = self.session_tick();
        self.sync_layers();
        session || layers || folder
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.handle_key(key),
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            Event::Paste(text) => self.handle_paste(&text),
            // A resize needs nothing but the redraw that follows every event.
            _ => {}
        }
        self.tell_edit_state();
    }

    /// The routing rule: the top layer gets the key; what it does not use
    /// goes to the global keys, unless it is modal (or taking text, for
    /// plain letters).
    fn handle_key(&mut self, key: KeyEvent) {
        self.status = None;
        let Some(top) = self.layers.len().checked_sub(1) else {
            return;
        };
        let mut ctx = layer_ctx!(self);
        let layer = &mut self.layers[top];
        let modal = layer.is_modal();
        let area = self.last_area.get();
        if !modal && too_small::is_too_small(area) && area != Rect::default() {
            // Nothing is visible to act on; only quitting makes sense.
            if ctx.is(Action::Quit, &key) {
                drop(ctx);
                self.process(vec![AppEvent::Quit]);
            }
            return;
        }
        let used = layer.handle_key(key, &mut ctx).is_consumed();
        // While a layer takes text, letters are text, not commands; keys
        // with Ctrl or Alt (Ctrl-c, Ctrl-s) still reach the global actions.
        let text_key = matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let handled = modal || used || (layer.is_typing() && text_key);
        let mut events = ctx.take_events();
        let ops = ctx.take_ops();
        drop(ctx);
        self.apply_ops(Some(top), ops);
        if !handled && let Some(event) = self.global_key(&key) {
            events.push(event);
        }
        self.process(events);
    }

    /// What a key means everywhere, when the top layer did not use it.
    fn global_key(&self, key: &KeyEvent) -> Option<AppEvent> {
        let has_map = self.doc.is_some();
        match self.keys.action(key)? {
            Action::Help => Some(AppEvent::Help),
            Action::Quit => Some(AppEvent::Quit),
            Action::Back => Some(AppEvent::Back),
            Action::Undo if has_map => Some(AppEvent::Undo),
            Action::Redo if has_map => Some(AppEvent::Redo),
            Action::Save if has_map => Some(AppEvent::Save),
            Action::Export => Some(AppEvent::Export),
            // Keys that mean something on other screens say where.
            Action::Filter => Some(AppEvent::Error(format!(
                "{} finds text on the portfolio, the board and a stage's screen; not here",
                self.keys.describe(Action::Filter)
            ))),
            Action::Timeline => Some(AppEvent::Error(format!(
                "{} opens a map's timeline from its board",
                self.keys.describe(Action::Timeline)
            ))),
            Action::Review => Some(AppEvent::Error(format!(
                "{} adds a review note on a stage's screen ({} on a stage opens it); \
                 `journeymap review` walks the stages that need attention",
                self.keys.describe(Action::Review),
                self.keys.describe(Action::Open)
            ))),
            Action::NewMap => {
                let folder = self.layers.last()?.maps_folder()?;
                Some(AppEvent::Edit(super::event::EditRequest::NewMap(
                    folder.to_path_buf(),
                )))
            }
            _ => None,
        }
    }

    /// Clicks and the wheel go to the top layer: a modal one anywhere, a
    /// screen only inside its body.
    fn handle_mouse(&mut self, mouse: MouseEvent) {
        let Some(top) = self.layers.len().checked_sub(1) else {
            return;
        };
        let frame = self.last_area.get();
        let area = if self.layers[top].is_modal() {
            frame
        } else {
            let body = body_area(frame);
            if !body.contains(Position::new(mouse.column, mouse.row)) {
                return;
            }
            body
        };
        let mut ctx = layer_ctx!(self);
        self.layers[top].handle_mouse(mouse, area, &mut ctx);
        let events = ctx.take_events();
        let ops = ctx.take_ops();
        drop(ctx);
        self.apply_ops(Some(top), ops);
        self.process(events);
    }

    /// Pasted text goes to the top layer.
    fn handle_paste(&mut self, text: &str) {
        let Some(top) = self.layers.len().checked_sub(1) else {
            return;
        };
        let mut ctx = layer_ctx!(self);
        self.layers[top].handle_paste(text, &mut ctx);
        let events = ctx.take_events();
        let ops = ctx.take_ops();
        drop(ctx);
        self.apply_ops(Some(top), ops);
        self.process(events);
    }

    /// Carries out the stack changes a layer asked for; `from` is the
    /// layer that asked (the one `Close` closes), `None` for the app's own
    /// flows.
    fn apply_ops(&mut self, from: Option<usize>, ops: Vec<LayerOp>) {
        let mut from = from;
        for op in ops {
            match op {
                LayerOp::Push(layer) => self.layers.push(layer),
                LayerOp::Close => {
                    // The root screen is never closed: Back says how to quit.
                    if let Some(i) = from.take()
                        && i > 0
                        && i < self.layers.len()
                    {
                        self.layers.remove(i);
                    }
                }
            }
        }
    }

    /// Runs an editing flow with a context, and carries out what it asked.
    fn with_ctx(&mut self, flow: impl FnOnce(&mut Ctx)) -> Vec<AppEvent> {
        let mut ctx = layer_ctx!(self);
        flow(&mut ctx);
        let events = ctx.take_events();
        let ops = ctx.take_ops();
        drop(ctx);
        self.apply_ops(None, ops);
        events
    }

    /// Carries out events from layers, including those they cause.
    fn process(&mut self, events: Vec<AppEvent>) {
        let mut queue = VecDeque::from(events);
        while let Some(event) = queue.pop_front() {
            queue.extend(self.apply(event));
        }
        self.sync_layers();
    }

    /// After events: layers with nothing left to show go (a stage screen
    /// whose stage an undo removed, a prompt the session no longer asks),
    /// and a new question of the session goes on top.
    fn sync_layers(&mut self) {
        let ctx = layer_ctx!(self);
        let mut index = 0;
        self.layers.retain_mut(|layer| {
            index += 1;
            index == 1 || layer.sync(&ctx)
        });
        drop(ctx);
        let current = self.session.as_ref().and_then(Session::prompt);
        if current != self.shown_prompt.as_ref() {
            self.shown_prompt = current.cloned();
            if let Some(prompt) = current {
                let layer = super::layer::prompt::PromptLayer::new(prompt);
                self.layers.push(Box::new(layer));
            }
        }
    }

    fn apply(&mut self, event: AppEvent) -> Vec<AppEvent> {
        match event {
            AppEvent::OpenMap(path) => match storage::load_map(&path) {
                Ok(loaded) => {
                    self.open_document(Document::open(loaded, self.today, self.thresholds));
                }
                Err(e) => {
                    let lines: Vec<String> = e.to_string().lines().map(str::to_string).collect();
                    let overlay = TextOverlay::plain("This map cannot be opened", &lines);
                    self.layers.push(Box::new(overlay));
                    return vec![AppEvent::Error(e.summary())];
                }
            },
            AppEvent::OpenStage(index) => self.open_stage(index, None),
            AppEvent::OpenItem { stage, kind, index } => {
                self.open_stage(stage, Some((kind, index)));
            }
            AppEvent::OpenFound { stage, item, query } => {
                if let Some(doc) = &self.doc {
                    let mut screen = StageView::new(doc.clone(), stage);
                    screen.show_found(item, &query);
                    self.layers.push(Box::new(screen));
                }
            }
            AppEvent::OpenAgenda(dir) => {
                let files = storage::folders::list_maps(&dir).unwrap_or_default();
                let screen = Agenda::start(&dir, files, self.today, self.thresholds);
                self.layers.push(Box::new(screen));
            }
            AppEvent::OpenSearch(dir) => {
                let files = storage::folders::list_maps(&dir).unwrap_or_default();
                self.layers.push(Box::new(SearchView::start(&dir, files)));
            }
            AppEvent::OpenTimeline => return self.open_timeline(),
            AppEvent::OpenRevision { path, revision } => {
                return self.open_revision(path, &revision);
            }
            AppEvent::MarkKept {
                stage,
                index,
                promise,
            } => return self.with_ctx(|ctx| editor::mark_kept(stage, index, &promise, ctx)),
            AppEvent::Back => return self.back(false),
            AppEvent::ForceBack => return self.back(true),
            AppEvent::Quit => {
                return self.with_ctx(|ctx| editor::confirm_leave(AfterSave::Quit, ctx));
            }
            AppEvent::ForceQuit => self.finish(),
            AppEvent::Save => {
                if self.session_refuses_save() {
                    return Vec::new();
                }
                return self.with_ctx(|ctx| editor::save(AfterSave::Stay, false, ctx));
            }
            AppEvent::Edit(request) => return self.with_ctx(|ctx| editor::request(request, ctx)),
            AppEvent::Undo | AppEvent::Redo => return self.undo_redo(event == AppEvent::Undo),
            AppEvent::Help => self.open_help(),
            AppEvent::Export => {
                let Some(doc) = &self.doc else {
                    return Vec::new();
                };
                let form = ExportForm::for_map(&doc.borrow().path, self.today, self.thresholds);
                return self.with_ctx(|ctx| editor::open_export(form, ctx));
            }
            AppEvent::ExportFolder(dir) => {
                let form = ExportForm::for_folder(&dir, self.today, self.thresholds);
                return self.with_ctx(|ctx| editor::open_export(form, ctx));
            }
            AppEvent::ShowFolder(dir) => {
                let files = storage::folders::list_maps(&dir).unwrap_or_default();
                // A folder of one new map: no need to draw first.
                let mut portfolio = self.start_portfolio(&dir, &files);
                portfolio.wait_loaded();
                if self.layers.is_empty() {
                    self.layers.push(Box::new(portfolio));
                } else {
                    self.layers[0] = Box::new(portfolio);
                }
            }
            AppEvent::AnswerPrompt(answer) => return self.answer_prompt(answer),
            AppEvent::EditFile(path) => return self.request_external_edit(path),
            AppEvent::Status(text) => self.status = Some(StatusMessage { text, error: false }),
            AppEvent::Error(text) => self.status = Some(StatusMessage { text, error: true }),
            AppEvent::ShowText { title, lines } => {
                self.layers
                    .push(Box::new(TextOverlay::plain(&title, &lines)));
            }
            AppEvent::MapChanged(path) => {
                let mut ctx = layer_ctx!(self);
                for layer in &mut self.layers {
                    layer.map_changed(&path, &mut ctx);
                }
                return ctx.take_events();
            }
            AppEvent::MapLeft(path) => {
                let mut ctx = layer_ctx!(self);
                for layer in &mut self.layers {
                    layer.map_left(&path, &mut ctx);
                }
                return ctx.take_events();
            }
        }
        Vec::new()
    }

    /// Puts a screen on the stack under the modal layers on top, if any:
    /// a map opened from the agenda or the search may come with the
    /// session's question (someone else is editing it), which must stay
    /// on top of the stage opened with it.
    fn push_screen(&mut self, screen: Box<dyn Component>) {
        let at = self
            .layers
            .iter()
            .rposition(|l| !l.is_modal())
            .map_or(0, |i| i + 1);
        self.layers.insert(at, screen);
    }

    /// Opens the stage screen of the open map (with an item selected), the
    /// screen below selecting that stage too.
    fn open_stage(&mut self, stage: usize, item: Option<(ItemKind, Option<usize>)>) {
        let Some(doc) = &self.doc else {
            return;
        };
        let mut screen = StageView::new(doc.clone(), stage);
        if let Some((kind, index)) = item {
            screen.select_item(kind, index);
        }
        if let Some(i) = self.top_screen_index() {
            self.layers[i].stage_opened(stage);
        }
        self.push_screen(Box::new(screen));
    }

    /// Undoes or redoes the last edit of the open map.
    fn undo_redo(&mut self, undo: bool) -> Vec<AppEvent> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        let mut doc = doc.borrow_mut();
        if doc.read_only {
            return vec![AppEvent::Error(
                "the map is open read-only: nothing can be changed".into(),
            )];
        }
        let (done, word, none) = if undo {
            (doc.undo(), "Undid", "Nothing to undo")
        } else {
            (doc.redo(), "Redid", "Nothing to redo")
        };
        match done {
            Some(label) => vec![AppEvent::Status(format!("{word}: {label}"))],
            None => vec![AppEvent::Error(none.into())],
        }
    }

    /// Leaves the top screen. The last screen is never left: Esc at the
    /// root does nothing but say how to quit. Leaving the screen the open
    /// map lives on asks first about unsaved changes, unless `force`
    /// (already asked), and closes the map.
    fn back(&mut self, force: bool) -> Vec<AppEvent> {
        let Some(top) = self.layers.last() else {
            return Vec::new();
        };
        if self.layers.len() <= 1 {
            return vec![AppEvent::Status(format!(
                "{} quits",
                self.keys.describe(Action::Quit)
            ))];
        }
        let leaving_map = top.holds_document();
        if leaving_map && !force && self.is_dirty() {
            return self.with_ctx(|ctx| editor::confirm_leave(AfterSave::Leave, ctx));
        }
        self.layers.pop();
        if leaving_map {
            self.end_session();
            let left = self.doc.take();
            if self.back_from_revision() {
                return Vec::new();
            }
            if let Some(doc) = left {
                let path = doc.borrow().path.clone();
                return vec![AppEvent::MapLeft(path)];
            }
        }
        Vec::new()
    }

    /// Whether the open map has unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.borrow().is_dirty())
    }

    fn open_help(&mut self) {
        let ctx = layer_ctx!(self);
        let (name, commands) = match self.layers.last() {
            Some(top) => (top.name(), top.commands(&ctx)),
            None => ("journeymap", Vec::new()),
        };
        let lines = help::lines(name, &commands, &self.keys, &self.theme);
        drop(ctx);
        self.layers.push(Box::new(TextOverlay::new("Keys", lines)));
    }

    /// The footer: the top layer's commands, and for a screen the keys
    /// that work everywhere.
    fn footer_hints(&self, ctx: &Ctx) -> Vec<CommandHint> {
        let Some(top) = self.layers.last() else {
            return Vec::new();
        };
        let mut hints = top.commands(ctx);
        if !top.is_modal() {
            // "n new map" comes from the portfolio's and the empty state's
            // own commands, so that the help lists it too.
            hints.push(CommandHint::new(&[Action::Help], "help"));
            hints.push(CommandHint::new(&[Action::Quit], "quit"));
        }
        hints
    }

    /// The screen under any modal layers: the one drawn in the body.
    fn top_screen_index(&self) -> Option<usize> {
        self.layers.iter().rposition(|l| !l.is_modal())
    }

    fn draw_status_line(&self, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let screen_context = self
            .top_screen_index()
            .and_then(|i| self.layers[i].context());
        let line = match &self.status {
            Some(msg) => {
                let style = if msg.error {
                    self.theme.error()
                } else {
                    self.theme.success()
                };
                Line::from(Span::styled(
                    format!(" {}", safe_text::fit(&msg.text, width.saturating_sub(1))),
                    style,
                ))
            }
            None => match (&self.doc, screen_context) {
                (_, Some(text)) => Line::from(Span::styled(
                    format!(" {}", safe_text::fit(&text, width.saturating_sub(1))),
                    self.theme.dim(),
                )),
                (Some(doc), None) => {
                    let path = doc.borrow().path.display().to_string();
                    let ro = if self.read_only { " · read-only" } else { "" };
                    Line::from(Span::styled(
                        format!(" {}{ro}", safe_text::fit(&path, width.saturating_sub(15))),
                        self.theme.dim(),
                    ))
                }
                (None, None) => Line::default(),
            },
        };
        put_line(buf, area, 0, &line);
    }
}

/// The part of the frame that screens get: all but the status line and the
/// footer.
fn body_area(area: Rect) -> Rect {
    Rect {
        height: area.height.saturating_sub(2),
        ..area
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(*buf.area());
        self.last_area.set(area);
        if too_small::is_too_small(area) {
            too_small::draw(area, buf, &self.theme);
            return;
        }
        let mut ctx = layer_ctx!(self);
        ctx.frame = area;
        let body = body_area(area);
        let base = self.top_screen_index();
        if let Some(i) = base {
            self.layers[i].draw(body, buf, &ctx);
        }
        let status = Rect {
            y: area.y + area.height.saturating_sub(2),
            height: 1,
            ..area
        };
        self.draw_status_line(status, buf);
        let foot = Rect {
            y: area.y + area.height.saturating_sub(1),
            height: 1,
            ..area
        };
        footer::draw(&self.footer_hints(&ctx), &self.keys, &self.theme, foot, buf);
        // Modal layers over the screen, bottom first.
        let first_modal = base.map_or(0, |i| i + 1);
        for layer in &self.layers[first_modal..] {
            layer.draw(body, buf, &ctx);
        }
    }
}

/// Inspection for tests.
impl App {
    /// The screen stack, bottom first: e.g. `["Portfolio", "Journey board"]`.
    pub fn screen_names(&self) -> Vec<&'static str> {
        self.layers
            .iter()
            .filter(|l| !l.is_modal())
            .map(|l| l.name())
            .collect()
    }

    /// Whether a modal layer (help, a message, a form, a question) is open.
    pub fn has_overlay(&self) -> bool {
        self.layers.last().is_some_and(|l| l.is_modal())
    }

    /// The name of the screen on top.
    pub fn top_screen(&self) -> Option<&'static str> {
        self.top_screen_index().map(|i| self.layers[i].name())
    }

    /// The layer on top, to look at as what it is.
    pub fn top_layer(&self) -> Option<&dyn Component> {
        self.layers.last().map(|l| l.as_ref())
    }
}
