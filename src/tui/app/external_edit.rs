//! The app's side of editing a map file in the user's own editor (`o`):
//! whether it may be edited now, and reading it again afterwards. The
//! terminal is not the app's: `tui::run` takes the request
//! ([`App::take_external_edit`]), suspends the terminal, runs the editor
//! (`tui::external_editor`) and reports back ([`App::external_edit_done`]).

use std::path::{Path, PathBuf};

use super::{App, StatusMessage};
use crate::storage;
use crate::storage::lock::{self, Holder};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::widget::safe_text;

impl App {
    /// The user asked to edit `path` in their editor: refused when that
    /// would edit behind someone's back (unsaved edits here, another
    /// editor holding the map's lock), else queued for the terminal loop.
    pub(super) fn request_external_edit(&mut self, path: PathBuf) -> Vec<AppEvent> {
        let name = file_name(&path);
        let open_here = self.doc.as_ref().is_some_and(|d| d.borrow().path == path);
        if open_here && self.is_dirty() {
            return vec![AppEvent::Error(format!(
                "Unsaved edits: save ({}) or undo them before editing the file",
                self.keys.describe(Action::Save)
            ))];
        }
        let ours = open_here && self.session.as_ref().is_some_and(|s| s.holds_lock());
        if !ours
            && let Ok(Some(Holder::Alive(info))) = lock::inspect(&path)
            && !info.is_this_process()
        {
            return vec![AppEvent::Error(format!(
                "{name} is being edited by {}: edit it when they are done",
                info.describe()
            ))];
        }
        self.external_edit = Some(path);
        Vec::new()
    }

    /// The file to open in the user's editor, once: the terminal loop asks
    /// after every event.
    pub fn take_external_edit(&mut self) -> Option<PathBuf> {
        self.external_edit.take()
    }

    /// The editor has ended (`Err`: it could not be run, or failed): the
    /// file is read again, as the open map (the session's reload) or as
    /// its row of the portfolio, and the status line says how it went.
    pub fn external_edit_done(&mut self, path: &Path, result: Result<(), String>) {
        let name = file_name(path);
        let open_here = self.doc.as_ref().is_some_and(|d| d.borrow().path == path);
        if open_here {
            if let (Some(session), Some(doc)) = (&mut self.session, &self.doc) {
                let notices = session.reread_now(&mut doc.borrow_mut());
                self.show_notices(notices);
            }
        } else {
            self.status = Some(match storage::load_map(path) {
                Ok(_) => StatusMessage {
                    text: format!(
                        "{name} read again: {} opens it",
                        self.keys.describe(Action::Open)
                    ),
                    error: false,
                },
                Err(e) => StatusMessage {
                    text: format!("{name} still cannot be read: {}", e.summary()),
                    error: true,
                },
            });
        }
        // Its row in the portfolio, as after any change on disk.
        let status = self.status.take();
        self.process(vec![AppEvent::MapChanged(path.to_path_buf())]);
        self.status = status;
        if let Err(why) = result {
            self.status = Some(StatusMessage {
                text: format!("{name}: {why}"),
                error: true,
            });
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| safe_text::clean(&n.to_string_lossy()))
        .unwrap_or_else(|| safe_text::path(path).into_owned())
}
