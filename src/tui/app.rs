//! The app: a stack of screens, an optional overlay, the open document and a
//! status line. It routes input (overlay first, then the top screen, then
//! global keys), carries out the events screens send, and draws the frame.
//! It never touches a terminal, so tests drive it on a `TestBackend`.

use std::cell::Cell;
use std::path::Path;

use anyhow::Context as _;
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::AppOptions;
use super::component::{CommandHint, Component, Ctx, EventState};
use super::editor::{AfterSave, EditRequest, Editor};
use super::event::AppEvent;
use super::forms::Defaults;
use super::keymap::{Action, KeyMap};
use super::theme::Theme;
use super::view::board::Board;
use super::view::empty::EmptyState;
use super::view::portfolio::Portfolio;
use super::view::review::ReviewWalk;
use super::view::stage::StageView;
use super::view::too_small;
use super::widget::text_overlay::{OverlayResult, TextOverlay};
use super::widget::{footer, help, put_line, safe_text};
use crate::analysis::Thresholds;
use crate::edit::document::{Document, SharedDoc};
use crate::edit::session::Session;
use crate::storage;
use crate::storage::watch::MapWatcher;

/// The context every screen gets. A macro rather than a method so that it
/// borrows only the fields it reads, leaving `self.screens` and
/// `self.overlay` free to be borrowed mutably while the context lives.
macro_rules! screen_ctx {
    ($app:expr) => {{
        let mut ctx = Ctx::new(
            &$app.keys,
            &$app.theme,
            $app.today,
            &$app.thresholds,
            $app.read_only,
            &$app.user,
        );
        ctx.has_parent = $app.screens.len() > 1;
        ctx
    }};
}

// Shared sessions (issue 5): live reload, locks, crash recovery, review.
mod review_mode;
mod shared;

/// The screens, one controller each.
pub enum Screen {
    Portfolio(Portfolio),
    Empty(EmptyState),
    Board(Board),
    Stage(StageView),
    Review(Box<ReviewWalk>),
}

impl Screen {
    fn component(&self) -> &dyn Component {
        match self {
            Screen::Portfolio(s) => s,
            Screen::Empty(s) => s,
            Screen::Board(s) => s,
            Screen::Stage(s) => s,
            Screen::Review(s) => &**s,
        }
    }

    fn component_mut(&mut self) -> &mut dyn Component {
        match self {
            Screen::Portfolio(s) => s,
            Screen::Empty(s) => s,
            Screen::Board(s) => s,
            Screen::Stage(s) => s,
            Screen::Review(s) => &mut **s,
        }
    }

    /// The screen's name in the help overlay.
    fn name(&self) -> &'static str {
        match self {
            Screen::Portfolio(_) => "Portfolio",
            Screen::Empty(_) => "Getting started",
            Screen::Board(_) => "Journey board",
            Screen::Stage(_) => "Stage detail",
            Screen::Review(_) => "Review",
        }
    }
}

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
    screens: Vec<Screen>,
    /// The map open on the board (and the stage screen), if any.
    doc: Option<SharedDoc>,
    overlay: Option<TextOverlay>,
    /// Forms and questions that change the open map, over any screen.
    editor: Editor,
    status: Option<StatusMessage>,
    quit: bool,
    /// The frame size at the last draw, for mouse hit-testing.
    last_area: Cell<Rect>,
    /// Live reload, lock and recovery of the open map.
    session: Option<Session>,
    /// The folder of the portfolio (as given) and its watcher.
    folder_watch: Option<(std::path::PathBuf, MapWatcher)>,
    /// Where the portfolio's warm-start cache lives; `None`: no cache.
    state_dir: Option<std::path::PathBuf>,
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
            app.screens.push(Screen::Empty(EmptyState::new(path, true)));
        } else {
            anyhow::bail!("{}: no such file or folder", path.display());
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
        let editor = Editor::new(&keys);
        Ok(App {
            keys,
            theme: Theme::new(!opts.no_color),
            today: opts.today,
            thresholds: opts.thresholds,
            read_only: opts.read_only,
            user: opts.user.clone(),
            screens: Vec::new(),
            doc: None,
            overlay: None,
            editor,
            status: None,
            quit: false,
            last_area: Cell::new(Rect::default()),
            session: None,
            folder_watch: None,
            state_dir: opts.state_dir.clone(),
        })
    }

    fn open_folder(&mut self, dir: &Path) -> anyhow::Result<()> {
        let files = storage::folders::list_maps(dir)
            .with_context(|| format!("{}: cannot list the maps", dir.display()))?;
        if files.is_empty() {
            self.screens
                .push(Screen::Empty(EmptyState::new(dir, false)));
        } else {
            let portfolio = self.start_portfolio(dir, &files);
            self.screens.push(Screen::Portfolio(portfolio));
        }
        self.watch_folder(dir);
        Ok(())
    }

    fn start_portfolio(&self, dir: &Path, files: &[std::path::PathBuf]) -> Portfolio {
        let cache_file = self
            .state_dir
            .as_deref()
            .map(|state| storage::status_cache::StatusCache::file_for(state, dir));
        Portfolio::start(dir, files, self.today, &self.thresholds, cache_file)
    }

    /// Whether a portfolio is still loading in the background.
    pub fn is_loading(&self) -> bool {
        self.screens
            .iter()
            .any(|s| matches!(s, Screen::Portfolio(p) if p.is_loading()))
    }

    /// Takes in the portfolio rows loaded so far, without waiting; returns
    /// whether anything changed that needs a redraw.
    pub fn poll_loading(&mut self) -> bool {
        let mut changed = false;
        for screen in &mut self.screens {
            if let Screen::Portfolio(p) = screen {
                changed |= p.poll();
            }
        }
        self.report_cache_errors();
        changed
    }

    /// Waits until every portfolio row is known.
    pub fn wait_loaded(&mut self) {
        for screen in &mut self.screens {
            if let Screen::Portfolio(p) = screen {
                p.wait_loaded();
            }
        }
        self.report_cache_errors();
    }

    fn report_cache_errors(&mut self) {
        for screen in &mut self.screens {
            if let Screen::Portfolio(p) = screen
                && let Some(e) = p.take_cache_error()
            {
                // The rows are right regardless; only the next start is slower.
                self.status = Some(StatusMessage {
                    text: format!("cannot keep the status cache: {e}"),
                    error: true,
                });
            }
        }
    }

    fn open_document(&mut self, mut doc: Document) {
        doc.read_only = self.read_only;
        let doc = doc.shared();
        self.doc = Some(doc.clone());
        self.screens.push(Screen::Board(Board::new(doc)));
        self.start_session();
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The open document, if a map is open.
    pub fn document(&self) -> Option<&SharedDoc> {
        self.doc.as_ref()
    }

    /// Called between events; returns whether anything changed that needs
    /// a redraw (room for live reload and background work).
    pub fn tick(&mut self) -> bool {
        let review = self.review_tick();
        let folder = self.folder_tick();
        self.session_tick() || review || folder
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.handle_key(key),
            Event::Mouse(mouse) if !self.editor.is_open() => self.handle_mouse(mouse),
            Event::Paste(text) => self.handle_paste(&text),
            // A resize needs nothing but the redraw that follows every event.
            _ => {}
        }
    }

    fn handle_key(&mut self, key: KeyEvent) {
        self.status = None;
        if self.session_key(key) {
            return;
        }
        let mut ctx = screen_ctx!(self);
        if let Some(overlay) = &mut self.overlay {
            if overlay.handle_key(key, &ctx) == OverlayResult::Close {
                self.overlay = None;
            }
            return;
        }
        if self.editor.is_open() {
            let defaults = Defaults {
                today: self.today,
                user: &self.user,
            };
            let events = self.editor.handle_key(key, self.doc.as_ref(), defaults);
            self.process(events);
            return;
        }
        if too_small::is_too_small(self.last_area.get()) && self.last_area.get() != Rect::default()
        {
            // Nothing is visible to act on; only quitting makes sense.
            if ctx.is(Action::Quit, &key) {
                let events = vec![AppEvent::Quit];
                self.process(events);
            }
            return;
        }
        let mut state = EventState::NotConsumed;
        let mut typing = false;
        if let Some(screen) = self.screens.last_mut() {
            let c = screen.component_mut();
            state = c.handle_key(key, &mut ctx);
            typing = c.is_typing();
        }
        let mut events = ctx.take_events();
        // While a screen takes text, letters are text, not commands; keys
        // with Ctrl or Alt (Ctrl-c, Ctrl-s) still reach the global actions.
        let text_key = matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let handled = state.is_consumed() || (typing && text_key);
        if !handled && let Some(action) = self.keys.action(&key) {
            match action {
                Action::Help => events.push(AppEvent::Help),
                Action::Quit => events.push(AppEvent::Quit),
                Action::Back => events.push(AppEvent::Back),
                Action::Undo if self.doc.is_some() => events.push(AppEvent::Undo),
                Action::Redo if self.doc.is_some() => events.push(AppEvent::Redo),
                Action::Save if self.doc.is_some() => events.push(AppEvent::Save),
                Action::Export => events.push(AppEvent::Export),
                Action::NewMap => {
                    if let Some(folder) = self.maps_folder() {
                        events.push(AppEvent::Edit(EditRequest::NewMap(folder)));
                    }
                }
                _ => {}
            }
        }
        self.process(events);
    }

    /// Pasted text goes to the open form, else to the top screen (the
    /// filter, a review note), unless something is shown over it.
    fn handle_paste(&mut self, text: &str) {
        if self.editor.is_open() {
            self.editor.handle_paste(text);
            return;
        }
        if self.overlay.is_some() || self.session_prompt_title().is_some() {
            return;
        }
        let mut ctx = screen_ctx!(self);
        if let Some(screen) = self.screens.last_mut() {
            screen.component_mut().handle_paste(text, &mut ctx);
        }
        let events = ctx.take_events();
        self.process(events);
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) {
        if let Some(overlay) = &mut self.overlay {
            if overlay.handle_mouse(mouse) == OverlayResult::Close {
                self.overlay = None;
            }
            return;
        }
        let body = body_area(self.last_area.get());
        if !body.contains(Position::new(mouse.column, mouse.row)) {
            return;
        }
        let mut ctx = screen_ctx!(self);
        if let Some(screen) = self.screens.last_mut() {
            screen.component_mut().handle_mouse(mouse, body, &mut ctx);
        }
        let events = ctx.take_events();
        self.process(events);
    }

    /// Carries out events from screens, including those they cause.
    fn process(&mut self, mut queue: Vec<AppEvent>) {
        while !queue.is_empty() {
            let event = queue.remove(0);
            queue.extend(self.apply(event));
        }
        // An edit or an undo may have removed the stage on screen.
        if let Some(Screen::Stage(view)) = self.screens.last_mut()
            && !view.sync()
        {
            self.screens.pop();
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
                    self.overlay = Some(TextOverlay::plain("This map cannot be opened", &lines));
                    return vec![AppEvent::Error(e.summary())];
                }
            },
            AppEvent::OpenStage(index) => {
                if let Some(doc) = &self.doc {
                    let screen = StageView::new(doc.clone(), index);
                    self.screens.push(Screen::Stage(screen));
                }
            }
            AppEvent::Back => return self.back(false),
            AppEvent::ForceBack => return self.back(true),
            AppEvent::Quit => return self.request_quit(),
            AppEvent::ForceQuit => self.finish(),
            AppEvent::Save => {
                if self.session_refuses_save() {
                    return Vec::new();
                }
                return self.editor.save(self.doc.as_ref(), AfterSave::Stay, false);
            }
            AppEvent::Edit(request) => {
                let defaults = Defaults {
                    today: self.today,
                    user: &self.user,
                };
                return self.editor.request(request, self.doc.as_ref(), defaults);
            }
            AppEvent::Undo | AppEvent::Redo => return self.undo_redo(event == AppEvent::Undo),
            AppEvent::Help => self.open_help(),
            AppEvent::Export => return self.export(),
            AppEvent::Status(text) => self.status = Some(StatusMessage { text, error: false }),
            AppEvent::Error(text) => self.status = Some(StatusMessage { text, error: true }),
            AppEvent::ShowText { title, lines } => {
                self.overlay = Some(TextOverlay::plain(&title, &lines));
            }
            AppEvent::MapChanged(path) => {
                // A map created from the getting-started screen: the folder
                // now has maps, show them.
                if let Some(Screen::Empty(empty)) = self.screens.first() {
                    let folder = empty.folder.clone();
                    if path.parent() == Some(folder.as_path()) {
                        let files = storage::folders::list_maps(&folder).unwrap_or_default();
                        // A folder of one new map: no need to draw first.
                        let mut portfolio = self.start_portfolio(&folder, &files);
                        portfolio.wait_loaded();
                        self.screens[0] = Screen::Portfolio(portfolio);
                    }
                }
                for screen in &mut self.screens {
                    if let Screen::Portfolio(p) = screen {
                        p.refresh(&path, self.today, &self.thresholds);
                    }
                }
            }
        }
        Vec::new()
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

    /// The folder new maps go to: the portfolio's or the getting-started
    /// screen's, when one of them is on top.
    fn maps_folder(&self) -> Option<std::path::PathBuf> {
        match self.screens.last() {
            Some(Screen::Portfolio(p)) => Some(p.folder().to_path_buf()),
            Some(Screen::Empty(e)) => Some(e.folder.clone()),
            _ => None,
        }
    }

    /// Leaves the top screen. The last screen is never left: Esc at the
    /// root does nothing but say how to quit. Leaving the board of a map
    /// with unsaved changes asks first, unless `force` (already asked).
    fn back(&mut self, force: bool) -> Vec<AppEvent> {
        if self.screens.len() <= 1 {
            return vec![AppEvent::Status(format!(
                "{} quits",
                self.keys.describe(Action::Quit)
            ))];
        }
        let leaving_board = matches!(self.screens.last(), Some(Screen::Board(_)));
        if leaving_board && !force && self.is_dirty() {
            return self
                .editor
                .confirm_leave(self.doc.as_ref(), AfterSave::Leave);
        }
        self.screens.pop();
        if leaving_board {
            self.end_session();
        }
        if leaving_board && let Some(doc) = self.doc.take() {
            let path = doc.borrow().path.clone();
            return vec![AppEvent::MapChanged(path)];
        }
        Vec::new()
    }

    /// Asks where to export the open map, or (in the portfolio) every map
    /// of the folder, as Markdown (see `export_action`).
    fn export(&mut self) -> Vec<AppEvent> {
        use super::export_action::ExportForm;
        let form = if let Some(doc) = &self.doc {
            ExportForm::for_map(&doc.borrow().path, self.today, self.thresholds)
        } else if let Some(Screen::Portfolio(p)) = self.screens.last() {
            ExportForm::for_folder(p.folder(), self.today, self.thresholds)
        } else {
            return Vec::new();
        };
        self.editor.open_export(form);
        Vec::new()
    }

    /// Whether the open map has unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.borrow().is_dirty())
    }

    /// Quits, asking save / discard / cancel first when the open map has
    /// unsaved changes.
    fn request_quit(&mut self) -> Vec<AppEvent> {
        self.editor
            .confirm_leave(self.doc.as_ref(), AfterSave::Quit)
    }

    fn open_help(&mut self) {
        let ctx = screen_ctx!(self);
        let (name, mut commands) = match self.screens.last() {
            Some(s) => (s.name(), s.component().commands(&ctx)),
            None => ("journeymap", Vec::new()),
        };
        commands.extend(self.map_commands());
        let lines = help::lines(name, &commands, &self.keys, &self.theme);
        self.overlay = Some(TextOverlay::new("Keys", lines));
    }

    /// Undo, redo and save, offered on the board (the stage detail lists
    /// them itself) while a map is open for editing.
    fn map_commands(&self) -> Vec<CommandHint> {
        let on_board = matches!(self.screens.last(), Some(Screen::Board(_)));
        if !on_board || self.doc.is_none() || self.read_only {
            return Vec::new();
        }
        vec![
            CommandHint::new(&[Action::Undo], "undo"),
            CommandHint::new(&[Action::Save], "save"),
            CommandHint::help_only(&[Action::Redo], "redo"),
        ]
    }

    fn footer_hints(&self, ctx: &Ctx) -> Vec<CommandHint> {
        if self.editor.is_open() {
            // The form or question shows its own keys.
            return vec![
                CommandHint::new(&[Action::Back], "cancel"),
                CommandHint::new(&[Action::Save], self.editor.submit_verb()),
            ];
        }
        let mut hints = match &self.overlay {
            Some(_) => {
                return vec![
                    CommandHint::new(&[Action::Up, Action::Down], "scroll"),
                    CommandHint::new(&[Action::PageDown], "page"),
                    CommandHint::new(&[Action::Back], "close"),
                ];
            }
            None => self
                .screens
                .last()
                .map(|s| s.component().commands(ctx))
                .unwrap_or_default(),
        };
        hints.extend(self.map_commands());
        // "n new map" comes from the portfolio's and the empty state's own
        // commands, so that the help lists it too.
        hints.push(CommandHint::new(&[Action::Help], "help"));
        hints.push(CommandHint::new(&[Action::Quit], "quit"));
        hints
    }

    fn draw_status_line(&self, area: Rect, buf: &mut Buffer) {
        let line = match &self.status {
            Some(msg) => {
                let style = if msg.error {
                    self.theme.error()
                } else {
                    self.theme.success()
                };
                Line::from(Span::styled(
                    format!(
                        " {}",
                        safe_text::fit(&msg.text, usize::from(area.width).saturating_sub(1))
                    ),
                    style,
                ))
            }
            None => match (
                &self.doc,
                self.screens.last().and_then(|s| s.component().context()),
            ) {
                (_, Some(text)) => Line::from(Span::styled(
                    format!(
                        " {}",
                        safe_text::fit(&text, usize::from(area.width).saturating_sub(1))
                    ),
                    self.theme.dim(),
                )),
                (Some(doc), None) => {
                    let path = doc.borrow().path.display().to_string();
                    let ro = if self.read_only { " · read-only" } else { "" };
                    Line::from(Span::styled(
                        format!(
                            " {}{ro}",
                            safe_text::fit(&path, usize::from(area.width).saturating_sub(15))
                        ),
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
        let ctx = screen_ctx!(self);
        let body = body_area(area);
        if let Some(screen) = self.screens.last() {
            screen.component().draw(body, buf, &ctx);
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
        self.editor.draw(body, buf, &self.theme);
        if let Some(overlay) = &self.overlay {
            overlay.draw(area, buf, &self.theme);
        }
        self.draw_session_prompt(area, buf);
    }
}

/// Inspection for tests.
impl App {
    /// The screen stack, bottom first: e.g. `["Portfolio", "Journey board"]`.
    pub fn screen_names(&self) -> Vec<&'static str> {
        self.screens.iter().map(Screen::name).collect()
    }

    /// Whether an overlay (help, message) is open.
    pub fn has_overlay(&self) -> bool {
        self.overlay.is_some()
    }

    /// The name of the screen on top.
    pub fn top_screen(&self) -> Option<&'static str> {
        self.screens.last().map(Screen::name)
    }
}
