//! The timeline of the open map, and a revision of it opened read-only
//! from there.
//!
//! A revision is opened the way `--at REV` opens one: its file copied into
//! a temporary folder, read-only ([`crate::git::materialise_revision`]),
//! and opened by a read-only app, so every edit and save is refused with
//! the app's one read-only message. The map underneath (its document, its
//! session with the lock) is set aside while the revision's board is on
//! top and comes back when that board is left; the copy goes then.

use std::path::PathBuf;

use super::App;
use crate::edit::document::{Document, SharedDoc};
use crate::edit::session::{Prompt, Session};
use crate::git::{Materialised, Revision, materialise_revision};
use crate::storage;
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::layer::text::TextOverlay;
use crate::tui::view::timeline::Timeline;

/// The open map, set aside while one of its revisions is open.
pub(super) struct SetAside {
    /// The revision's copy, removed when this goes.
    _copy: Materialised,
    doc: Option<SharedDoc>,
    session: Option<Session>,
    shown_prompt: Option<Prompt>,
    read_only: bool,
    revision: Option<String>,
    /// The stack's height under the revision's board: once it is back to
    /// this, the map is back.
    depth: usize,
}

impl App {
    /// The app shows the maps of a revision (`--at REV`, `revision` its
    /// short id): it has no timeline of its own.
    pub fn set_revision(&mut self, revision: &str) {
        self.revision = Some(revision.to_string());
    }

    /// `T` on the board: the open map's timeline over it.
    pub(super) fn open_timeline(&mut self) -> Vec<AppEvent> {
        if let Some(short) = &self.revision {
            let back = self.keys.describe(Action::Back);
            let text = if self.set_aside.is_empty() {
                format!(
                    "This is the map at revision {short} (--at), read-only: it has no timeline; \
                     open the map itself, without --at, to see its timeline"
                )
            } else {
                format!(
                    "This is revision {short} of the map, read-only: {back} goes back to its timeline"
                )
            };
            return vec![AppEvent::Error(text)];
        }
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        let (path, map) = {
            let d = doc.borrow();
            (d.path.clone(), d.map().clone())
        };
        let screen = Timeline::start(path, map, self.today, self.thresholds);
        self.push_screen(Box::new(screen));
        Vec::new()
    }

    /// Enter on a point of the timeline: that revision of the map,
    /// read-only, on a board over the timeline.
    pub(super) fn open_revision(&mut self, path: PathBuf, revision: &Revision) -> Vec<AppEvent> {
        if self.is_dirty() {
            return vec![AppEvent::Error(format!(
                "The map has unsaved edits: save them ({}) or undo them before opening an old revision",
                self.keys.describe(Action::Save)
            ))];
        }
        let copy = match materialise_revision(&path, revision) {
            Ok(copy) => copy,
            Err(e) => return vec![AppEvent::Error(format!("{e:#}"))],
        };
        let loaded = match storage::load_map(&copy.path) {
            Ok(loaded) => loaded,
            Err(e) => {
                let lines: Vec<String> = e.to_string().lines().map(str::to_string).collect();
                let title = format!("Revision {} of the map cannot be opened", revision.short);
                self.layers
                    .push(Box::new(TextOverlay::plain(&title, &lines)));
                return vec![AppEvent::Error(e.summary())];
            }
        };
        let doc = Document::open(loaded, self.today, self.thresholds);
        self.set_aside.push(SetAside {
            _copy: copy,
            doc: self.doc.take(),
            session: self.session.take(),
            shown_prompt: self.shown_prompt.take(),
            read_only: self.read_only,
            revision: self.revision.take(),
            depth: self.layers.len(),
        });
        self.read_only = true;
        self.revision = Some(revision.short.clone());
        self.open_document(doc);
        vec![AppEvent::Status(format!(
            "Revision {} ({}, {}), read-only: {} goes back to the timeline",
            revision.short,
            revision.date,
            crate::text::safe::clean(&revision.author),
            self.keys.describe(Action::Back)
        ))]
    }

    /// After a map's board was left: whether it was a revision's, the map
    /// under it now open again.
    pub(super) fn back_from_revision(&mut self) -> bool {
        if self
            .set_aside
            .last()
            .is_none_or(|s| self.layers.len() > s.depth)
        {
            return false;
        }
        let Some(aside) = self.set_aside.pop() else {
            return false;
        };
        self.doc = aside.doc;
        self.session = aside.session;
        self.shown_prompt = aside.shown_prompt;
        self.read_only = aside.read_only;
        self.revision = aside.revision;
        true
    }

    /// Quitting: the maps set aside end their sessions too (their locks
    /// go; they had no unsaved edits, see [`App::open_revision`]).
    pub(super) fn end_set_aside(&mut self) {
        for aside in self.set_aside.drain(..) {
            if let Some(session) = aside.session {
                session.end_discarding();
            }
        }
    }
}
