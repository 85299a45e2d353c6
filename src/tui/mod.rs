//! The interactive app (`journeymap [PATH]`).
//!
//! `run` owns the terminal: it checks everything that can fail before the
//! alternate screen is entered (so errors print normally), and restores the
//! terminal on every way out: normal exit, error, and panic.
//!
//! Layout: `app` (the layer stack and its one routing rule), `component`
//! (the trait every layer implements), `event` (messages from layers to
//! the app), `editor` (the editing flows: which form or question, what an
//! answer does, saving), `layer/` (the modal layers: forms, questions,
//! text boxes, prompts), `view/` (one controller per screen), `widget/`
//! (reusable pieces, including `safe_text`, the shared
//! [`crate::text::safe`], which every piece of map text goes through), `keymap` and `theme`. The open map itself, its undo and
//! its session live in `crate::edit`.

pub mod app;
pub mod command_hint;
pub mod component;
pub mod editor;
pub mod event;
pub mod export_action;
pub mod external_editor;
pub mod forms;
pub mod keymap;
pub mod layer;
mod signals;
#[cfg(test)]
mod test_screen;
pub mod theme;
pub mod view;
pub mod widget;

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Stdout, Write};
use std::path::PathBuf;
use std::sync::Once;
use std::time::Duration;

use jiff::civil::Date;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self as ct_event, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste,
    EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub use app::App;

use crate::analysis::Thresholds;
use crate::storage;

/// Everything the app needs to start.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// A map file or a folder of maps.
    pub path: PathBuf,
    /// `path` is the default maps folder, not one the user named: a missing
    /// folder then shows the getting-started screen instead of an error.
    pub path_is_default: bool,
    pub read_only: bool,
    pub today: Date,
    pub thresholds: Thresholds,
    pub no_color: bool,
    /// Key binding overrides from the config, checked at start.
    pub keys: BTreeMap<String, Vec<String>>,
    /// The name to sign review notes and locks with.
    pub user: String,
    /// Where the portfolio keeps its warm-start status cache and the cache
    /// of its trends from git (`storage::folders::state_dir()` for the
    /// real app); `None` keeps no cache and shows no trends (tests, so that
    /// they never touch the user's folders nor depend on this repository's
    /// own history).
    pub state_dir: Option<PathBuf>,
}

/// How long to wait for input before giving the app a tick (for live
/// reload and other background work).
const TICK: Duration = Duration::from_millis(250);

/// How often to take in rows while the portfolio loads in the background:
/// often enough that they seem to stream in.
const LOADING_TICK: Duration = Duration::from_millis(30);

/// Runs the app until the user quits.
pub fn run(opts: AppOptions) -> anyhow::Result<()> {
    // Everything that can fail for a reason the user must read happens
    // here, before the alternate screen hides the error.
    run_app(App::start(opts)?)
}

/// Runs the app on the maps of a revision (`--at REV`), copied into a
/// temporary folder by [`crate::git::materialise`]; `revision` is its
/// short id.
pub fn run_at(opts: AppOptions, revision: &str) -> anyhow::Result<()> {
    let mut app = App::start(opts)?;
    app.set_revision(revision);
    run_app(app)
}

/// Runs review mode (`journeymap review`) until the user ends it;
/// `only_at_risk` starts it on the stages at risk only.
pub fn run_review(opts: AppOptions, only_at_risk: bool) -> anyhow::Result<()> {
    run_app(App::review_only(opts, only_at_risk)?)
}

fn run_app(mut app: App) -> anyhow::Result<()> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        anyhow::bail!(
            "the app needs a terminal; for text output use `journeymap check` or `journeymap export`"
        );
    }
    install_panic_hook();
    signals::install();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &mut app);
    if let Some(signal) = signals::received() {
        // Stopped from outside: nobody can be asked about unsaved edits,
        // so they are kept for the next open rather than dropped.
        let kept = app.stop_keeping_edits();
        restore();
        let mut message = format!("journeymap: stopped by {}", signals::name(signal));
        match kept {
            None => {}
            Some(Ok(copy)) => message.push_str(&format!(
                "; unsaved edits are kept in {} and offered back at the next open",
                crate::text::safe::path(&copy)
            )),
            Some(Err(e)) => message.push_str(&format!(
                "; the last unsaved edits could not be kept ({}); an earlier copy may be offered at the next open",
                storage::io_words(&e)
            )),
        }
        // The terminal may be gone (SIGHUP): a failed write is no reason
        // to panic now.
        let _ = writeln!(io::stderr(), "{message}");
        std::process::exit(128 + signal);
    }
    restore();
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
) -> anyhow::Result<()> {
    let mut redraw = true;
    // Ticks also come during steady typing, so that unsaved edits reach
    // the recovery folder within a second or two whatever the input.
    let mut last_tick = std::time::Instant::now();
    loop {
        if signals::received().is_some() {
            return Ok(());
        }
        if redraw {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            redraw = false;
        }
        if app.should_quit() {
            return Ok(());
        }
        let wait = if app.is_loading() { LOADING_TICK } else { TICK };
        if ct_event::poll(wait)? {
            // Handle everything already queued before drawing again, so a
            // burst of input (a paste, a held key) does not lag.
            loop {
                app.handle_event(ct_event::read()?);
                if app.should_quit() || !ct_event::poll(Duration::ZERO)? {
                    break;
                }
            }
            redraw = true;
        }
        if let Some(path) = app.take_external_edit() {
            let result = edit_outside(terminal, &path);
            app.external_edit_done(&path, result);
            redraw = true;
        }
        if app.poll_loading() {
            redraw = true;
        }
        if last_tick.elapsed() >= TICK {
            last_tick = std::time::Instant::now();
            if app.tick() {
                redraw = true;
            }
        }
    }
}

/// Hands the terminal to the user's editor for `path`, then takes it back
/// as it was (raw mode, alternate screen, mouse, paste) and redraws all of
/// it: the editor drew over the screen.
fn edit_outside(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    path: &std::path::Path,
) -> Result<(), String> {
    restore();
    let result = external_editor::run(path);
    let back = enable_raw_mode().and_then(|()| {
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )
    });
    // The screen is blank again; a frame of nothing makes ratatui know it
    // (its `clear` asks the terminal for the cursor, which not every
    // terminal answers), so the next frame is drawn in full.
    let cleared = execute!(io::stdout(), Clear(ClearType::All))
        .and_then(|()| terminal.draw(|_| {}).map(|_| ()));
    match (result, back.and(cleared)) {
        (Err(e), _) => Err(e),
        (Ok(()), Err(e)) => Err(format!("the terminal could not be taken back: {e}")),
        (Ok(()), Ok(())) => Ok(()),
    }
}

fn enter() -> anyhow::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    // Bracketed paste: a paste arrives as one text, not as keys (a pasted
    // line break must not press Enter in a form).
    if let Err(e) = execute!(
        stdout,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(e.into());
    }
    match Terminal::new(CrosstermBackend::new(stdout)) {
        Ok(t) => Ok(t),
        Err(e) => {
            restore();
            Err(e.into())
        }
    }
}

/// Puts the terminal back as it was: mouse capture off, main screen, cursor
/// shown, raw mode off. Safe to call more than once.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, so that the
/// message is readable and the shell usable.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
