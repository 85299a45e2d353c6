//! The app's side of shared sessions (`edit::session`): starting one when a
//! map opens, ticking it, taking the answers to its prompts (shown as
//! layers, see `sync_layers`), and saving with its help. Kept apart from the routing in `app.rs`, which
//! only calls these methods.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{App, StatusMessage};
use crate::edit::session::{Notice, Session};
use crate::storage;
use crate::storage::recovery::Recovery;
use crate::storage::watch::{MapWatcher, WatchEvent};
use crate::tui::event::AppEvent;

impl App {
    /// Starts the session of the document just opened: watch, lock,
    /// recovered edits. A read-only app opens the document read-only.
    pub(super) fn start_session(&mut self) {
        let Some(doc) = &self.doc else {
            return;
        };
        let mut d = doc.borrow_mut();
        d.read_only |= self.read_only;
        let (session, notices) = Session::start(&d, &self.user, Recovery::default());
        drop(d);
        self.session = Some(session);
        self.show_notices(notices);
    }

    /// Ends the session of the document being closed: the lock goes, and
    /// the recovery copy too (the edits were saved, or given up).
    pub(super) fn end_session(&mut self) {
        if let Some(session) = self.session.take() {
            session.end_discarding();
        }
    }

    /// Stops without asking (the process was told to end): unsaved edits
    /// are copied to the recovery folder now and kept there, the lock is
    /// released. `None` when there were no unsaved edits; else where they
    /// are kept, or why they could not be.
    pub fn stop_keeping_edits(&mut self) -> Option<std::io::Result<PathBuf>> {
        self.quit = true;
        self.end_set_aside();
        let mut session = self.session.take()?;
        let kept = self
            .doc
            .as_ref()
            .and_then(|doc| session.keep_edits(&doc.borrow()));
        session.end();
        kept
    }

    /// Quits for good: the session ends first.
    pub(super) fn finish(&mut self) {
        self.end_session();
        self.end_set_aside();
        self.quit = true;
    }

    /// Background work of the session; whether to redraw.
    pub(super) fn session_tick(&mut self) -> bool {
        let (Some(session), Some(doc)) = (&mut self.session, &self.doc) else {
            return false;
        };
        let had_prompt = session.prompt().is_some();
        let notices = session.tick(&mut doc.borrow_mut(), Instant::now());
        let redraw = !notices.is_empty() || session.prompt().is_some() != had_prompt;
        self.show_notices(notices);
        redraw
    }

    /// After an input: says next to the lock at once whether the map now
    /// has unsaved edits (`Session::tell_edit_state`), so that
    /// `journeymap log` does not take a fresh edit for none.
    pub(super) fn tell_edit_state(&mut self) {
        if let (Some(session), Some(doc)) = (&mut self.session, &self.doc) {
            session.tell_edit_state(&doc.borrow());
        }
    }

    /// The answer to the session's prompt (its layer has closed itself).
    pub(super) fn answer_prompt(&mut self, answer: Option<char>) -> Vec<AppEvent> {
        // The same question asked again is shown again.
        self.shown_prompt = None;
        let (Some(session), Some(doc)) = (&mut self.session, &self.doc) else {
            return Vec::new();
        };
        let notices = session.answer(answer, &mut doc.borrow_mut());
        self.show_notices(notices);
        Vec::new()
    }

    /// The title of the session's prompt, while one is shown.
    pub fn session_prompt_title(&self) -> Option<&str> {
        self.session
            .as_ref()
            .and_then(Session::prompt)
            .map(|p| p.title.as_str())
    }

    /// Before a save: a file changed or deleted behind our back becomes
    /// the session's prompt (reload, overwrite, or save a copy) instead of
    /// a save that would be refused. Whether the save must not go ahead.
    pub(super) fn session_refuses_save(&mut self) -> bool {
        let (Some(session), Some(doc)) = (&mut self.session, &self.doc) else {
            return false;
        };
        let d = doc.borrow();
        !d.read_only && d.is_dirty() && session.check_before_save(&d)
    }

    /// Watches the portfolio's folder, so maps saved, added or removed by
    /// others show without a restart. A folder that cannot be watched is
    /// simply not live.
    pub(super) fn watch_folder(&mut self, dir: &Path) {
        let watcher = MapWatcher::new().and_then(|mut w| {
            w.watch_folder(dir)?;
            Ok(w)
        });
        if let Ok(watcher) = watcher {
            self.folder_watch = Some((dir.to_path_buf(), watcher));
        }
    }

    /// Maps of the portfolio's folder changed on disk: their rows are read
    /// again (through the same event as after our own saves). Whether to
    /// redraw.
    pub(super) fn folder_tick(&mut self) -> bool {
        let Some((dir, watcher)) = &mut self.folder_watch else {
            return false;
        };
        let mut events = Vec::new();
        for event in watcher.poll() {
            if let WatchEvent::FolderChanged { paths, .. } = event {
                let names: Vec<PathBuf> = if paths.is_empty() {
                    storage::folders::list_maps(dir).unwrap_or_default()
                } else {
                    paths
                };
                for path in names {
                    if let Some(name) = path.file_name() {
                        events.push(AppEvent::MapChanged(dir.join(name)));
                    }
                }
            }
        }
        let changed = !events.is_empty();
        self.process(events);
        changed
    }

    pub(super) fn show_notices(&mut self, notices: Vec<Notice>) {
        for notice in notices {
            match notice {
                Notice::Info(text) => self.status = Some(StatusMessage { text, error: false }),
                Notice::Error(text) => self.status = Some(StatusMessage { text, error: true }),
                Notice::Conflicts => {
                    self.layers
                        .push(crate::tui::layer::conflicts::ConflictLayer::boxed());
                }
                Notice::ReadOnly => {
                    self.read_only = true;
                    self.status = Some(StatusMessage {
                        text: "Opened read-only".into(),
                        error: false,
                    });
                }
            }
        }
    }
}
