//! Sharing a map with others without losing work: the app calls a
//! `Session` for the open document on every tick and routes keys to its
//! prompts while one is showing.
//!
//! - Live reload: the map's folder is watched; a change on disk reloads a
//!   view without unsaved edits (and says so); with unsaved edits the user
//!   chooses: merge theirs into mine (`model::merge`, base: the version
//!   the edits started from), reload (drop mine), keep mine and
//!   overwrite, or save mine as a copy. A deleted map is reported and its edits can still be saved.
//! - Presence: a lock file next to the map says who is editing; a second
//!   instance is told and chooses read-only or edit anyway. Next to the
//!   lock, a state file says whether this editor has unsaved edits, so
//!   that `journeymap log` may write a map whose editor has none (and
//!   reloads it) and refuses one whose editor has some.
//! - Crash recovery: unsaved edits are copied to the state folder about
//!   once a second; edits left by a process that died are offered back
//!   (restore or discard, with what they change) when the map is opened.
//!
//! Nothing here draws: prompts are data, drawn by `widget::prompt`.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::edit::document::Document;
use crate::model::{slug, summarise_changes};
use crate::storage::lock::{self, Acquire, LockInfo, MapLock};
use crate::storage::recovery::{Found, Recovery};
use crate::storage::recovery_writer::RecoveryWriter;
use crate::storage::watch::{MapWatcher, WatchEvent};
use crate::storage::{LoadError, LoadErrorKind, SaveError, SaveErrorKind, io_words, load_map};

/// Unsaved edits are copied to the recovery folder at most this often.
pub const RECOVERY_EVERY: Duration = Duration::from_secs(1);

/// A question the user must answer before going on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub title: String,
    pub lines: Vec<String>,
    /// Keys and what they do; `Esc` does what `on_escape` says.
    pub choices: Vec<(char, String)>,
    pub on_escape: String,
    kind: PromptKind,
}

impl Prompt {
    /// A prompt with these words, for tests of how prompts are shown.
    #[cfg(test)]
    pub(crate) fn for_tests(title: &str, choices: &[(char, &str)], on_escape: &str) -> Prompt {
        Prompt {
            title: title.into(),
            lines: vec!["The file changed on disk.".into()],
            choices: choices.iter().map(|&(k, l)| (k, l.to_string())).collect(),
            on_escape: on_escape.into(),
            kind: PromptKind::Conflict,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PromptKind {
    /// Someone else holds the lock.
    LockHeld,
    /// Edits left by a process that is gone.
    Recovered(Box<Found>),
    /// The file changed on disk while we have unsaved edits.
    Conflict,
    /// The file was deleted while we have unsaved edits.
    Deleted,
    /// The file on disk now has a newer format, which this version must
    /// not overwrite.
    NewerOnDisk,
}

/// What the app should do or show after a session step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A message for the status line.
    Info(String),
    /// An error message for the status line.
    Error(String),
    /// Editing is now off (the user chose read-only).
    ReadOnly,
    /// The map was merged with the version on disk and holds conflicts
    /// to resolve: show them.
    Conflicts,
}

/// The shared-session state of one open map.
pub struct Session {
    path: PathBuf,
    user: String,
    read_only: bool,
    watcher: Option<MapWatcher>,
    lock: Option<MapLock>,
    /// Copies in the background: a large map's copy takes tens of
    /// milliseconds, which must not come between a key and its frame.
    recovery: RecoveryWriter,
    /// The version of the map (`Document::version`) last copied to the
    /// recovery folder, and when.
    recovery_copy: Option<(u64, Instant)>,
    recovery_failed: bool,
    /// The document's save-guard hash at the last tick: a change means a
    /// save (or reload) happened, whose bytes the watcher must know.
    doc_hash: u64,
    /// The map's file is gone from disk.
    removed: bool,
    /// What the lock's state file last said of our edits (`Some(true)`:
    /// unsaved); `None` when nothing is written yet.
    told_unsaved: Option<bool>,
    prompts: VecDeque<Prompt>,
}

impl Session {
    /// Starts sharing `doc`: watches its file and, unless read-only, takes
    /// the lock and looks for edits left by a crash. Problems that do not
    /// stop editing (a folder that cannot be watched or locked) come back
    /// as notices.
    pub fn start(doc: &Document, user: &str, recovery: Recovery) -> (Session, Vec<Notice>) {
        let mut notices = Vec::new();
        let watcher = match MapWatcher::new().and_then(|mut w| {
            w.watch_file(&doc.path, Some(doc.disk_hash()))?;
            Ok(w)
        }) {
            Ok(w) => Some(w),
            Err(e) => {
                notices.push(Notice::Error(format!(
                    "Changes by others will not show live: {e}"
                )));
                None
            }
        };
        let mut session = Session {
            path: doc.path.clone(),
            user: user.to_string(),
            read_only: doc.read_only,
            watcher,
            lock: None,
            recovery: RecoveryWriter::new(recovery),
            recovery_copy: None,
            recovery_failed: false,
            doc_hash: doc.disk_hash(),
            removed: false,
            told_unsaved: None,
            prompts: VecDeque::new(),
        };
        if !session.read_only {
            session.take_lock(&mut notices);
            session.look_for_recovery(doc, &mut notices);
            session.tell_edit_state(doc);
        }
        (session, notices)
    }

    /// Says next to our lock whether the map has unsaved edits, when that
    /// changed since last said: an edit made, a save, an undo back to the
    /// file, a reload. The app calls it after every input (so the word is
    /// out before the next frame) and every tick does too. Cheap when
    /// nothing changed. A state that cannot be written is removed, which
    /// others take as "maybe unsaved"; it is tried again next time.
    pub fn tell_edit_state(&mut self, doc: &Document) {
        let Some(lock) = &self.lock else {
            return;
        };
        let unsaved = doc.is_dirty();
        if self.told_unsaved == Some(unsaved) {
            return;
        }
        self.told_unsaved = lock.tell_unsaved(unsaved).ok().map(|()| unsaved);
    }

    fn take_lock(&mut self, notices: &mut Vec<Notice>) {
        match lock::acquire(&self.path, &self.user) {
            Ok(Acquire::Acquired(lock)) => self.lock = Some(lock),
            Ok(Acquire::Held(other)) => self.prompts.push_back(lock_prompt(&self.path, &other)),
            // The cause first: a long path would push it off the line.
            Err(e) => notices.push(Notice::Error(format!(
                "{}: {}; others will not see that you are editing (no lock)",
                lock::lock_path(&self.path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                io_words(&e)
            ))),
        }
    }

    fn look_for_recovery(&mut self, doc: &Document, notices: &mut Vec<Notice>) {
        match self.recovery.recovery().find(&self.path) {
            Ok(found) => {
                if let Some(newest) = found.into_iter().next() {
                    self.prompts.push_back(recovery_prompt(doc, newest));
                }
            }
            Err(e) => notices.push(Notice::Error(format!(
                "Recovered edits cannot be read: {}",
                io_words(&e)
            ))),
        }
    }

    /// The question to show, if any: keys go to [`Session::answer`] while
    /// one is showing.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompts.front()
    }

    /// Whether this instance holds the map's lock.
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    /// Whether the map's file is gone from disk.
    pub fn is_removed(&self) -> bool {
        self.removed
    }

    /// Background work, called on every tick of the app's loop: notices
    /// changes on disk and copies unsaved edits to the recovery folder.
    pub fn tick(&mut self, doc: &mut Document, now: Instant) -> Vec<Notice> {
        let mut notices = Vec::new();
        self.note_own_saves(doc);
        self.tell_edit_state(doc);
        let events = self
            .watcher
            .as_mut()
            .map(MapWatcher::poll)
            .unwrap_or_default();
        for event in events {
            match event {
                WatchEvent::Changed { hash, .. } => {
                    self.removed = false;
                    if hash != doc.disk_hash() {
                        self.changed_on_disk(doc, &mut notices);
                    }
                }
                WatchEvent::Removed { .. } => self.removed_on_disk(doc, &mut notices),
                WatchEvent::FolderChanged { .. } => {}
            }
        }
        self.write_recovery(doc, now, &mut notices);
        // A reload above made the view clean again.
        self.tell_edit_state(doc);
        notices
    }

    /// A save by this instance changes the document's hash: the watcher
    /// must not report those bytes as someone else's, and the recovery
    /// copy is no longer needed.
    fn note_own_saves(&mut self, doc: &Document) {
        if doc.disk_hash() != self.doc_hash && !doc.is_dirty() {
            self.doc_hash = doc.disk_hash();
            if let Some(w) = &mut self.watcher {
                w.set_known(&self.path, Some(self.doc_hash));
            }
            self.removed = false;
        }
        if !doc.is_dirty() && self.recovery_copy.is_some() {
            self.recovery_copy = None;
            self.recovery.discard(&self.path);
        }
    }

    fn changed_on_disk(&mut self, doc: &mut Document, notices: &mut Vec<Notice>) {
        let name = file_name(&self.path);
        if !doc.is_dirty() {
            match load_map(&self.path) {
                Ok(loaded) => {
                    doc.replace_from_disk(loaded);
                    self.doc_hash = doc.disk_hash();
                    notices.push(Notice::Info(format!("{name} changed on disk: reloaded")));
                }
                Err(e) => notices.push(Notice::Error(format!(
                    "{name} changed on disk but cannot be read ({}); showing the last good version",
                    e.summary()
                ))),
            }
            return;
        }
        self.raise_changed(doc);
    }

    /// The file on disk is not the one the edits are based on: asks what
    /// to do (replacing an earlier such question, now out of date).
    fn raise_changed(&mut self, doc: &Document) {
        self.prompts
            .retain(|p| !matches!(p.kind, PromptKind::Conflict | PromptKind::NewerOnDisk));
        self.prompts.push_back(conflict_prompt(&self.path, doc));
    }

    /// The file on disk has a newer format: it cannot be overwritten, the
    /// edits can only go to a copy.
    fn raise_newer(&mut self, format: u64) {
        self.prompts
            .retain(|p| !matches!(p.kind, PromptKind::Conflict | PromptKind::NewerOnDisk));
        self.prompts.push_back(newer_prompt(&self.path, format));
    }

    fn removed_on_disk(&mut self, doc: &Document, notices: &mut Vec<Notice>) {
        self.removed = true;
        let name = file_name(&self.path);
        if doc.is_dirty() && !doc.read_only {
            self.prompts.retain(|p| p.kind != PromptKind::Deleted);
            self.prompts.push_back(deleted_prompt(&self.path));
        } else {
            notices.push(Notice::Error(format!(
                "{name} was deleted on disk; this is the last version read"
            )));
        }
    }

    fn write_recovery(&mut self, doc: &Document, now: Instant, notices: &mut Vec<Notice>) {
        for outcome in self.recovery.outcomes() {
            match outcome {
                Ok(()) => self.recovery_failed = false,
                // Say it once, not every second.
                Err(e) if !self.recovery_failed => {
                    self.recovery_failed = true;
                    notices.push(Notice::Error(format!(
                        "Unsaved edits cannot be backed up to {}: {}",
                        self.recovery.recovery().dir().display(),
                        io_words(&e)
                    )));
                }
                Err(_) => {}
            }
        }
        if !doc.is_dirty() || doc.read_only {
            return;
        }
        let due = match self.recovery_copy {
            None => true,
            Some((version, at)) => {
                version != doc.version() && now.duration_since(at) >= RECOVERY_EVERY
            }
        };
        if due {
            // The clone is the only part on this thread (a few ms for a
            // large map); the text, the write and the fsync are not.
            self.recovery
                .write(&self.path, Some(doc.disk_hash()), doc.map().clone());
            self.recovery_copy = Some((doc.version(), now));
        }
    }

    /// Copies unsaved edits to the recovery folder now, whatever the time
    /// since the last copy, and waits until it is on disk. `None` when
    /// there is nothing to keep; else where the copy is, or why it could
    /// not be written.
    pub fn keep_edits(&mut self, doc: &Document) -> Option<std::io::Result<PathBuf>> {
        if !doc.is_dirty() || doc.read_only {
            return None;
        }
        self.recovery
            .write(&self.path, Some(doc.disk_hash()), doc.map().clone());
        self.recovery.flush();
        let outcome = self
            .recovery
            .outcomes()
            .pop()
            .unwrap_or_else(|| Err(std::io::Error::other("the copy was not written")));
        Some(outcome.map(|()| self.recovery.recovery().file_for(&self.path)))
    }

    /// Waits until the recovery copies and removals asked for so far are
    /// on disk (or failed; the next tick reports it).
    pub fn flush_recovery(&self) {
        self.recovery.flush();
    }

    /// Just before a save: if the file on disk is no longer the one the
    /// edits are based on (changed or deleted, and the watcher has not
    /// said so yet), raises the same prompt as the watcher would and
    /// returns true: the save must not go ahead.
    pub fn check_before_save(&mut self, doc: &Document) -> bool {
        match crate::storage::read_map_file(&self.path).map_err(|e| e.kind) {
            Ok((_, bytes)) if crate::storage::content_hash(&bytes) == doc.disk_hash() => false,
            Ok(_) => {
                self.raise_changed(doc);
                true
            }
            Err(crate::storage::LoadErrorKind::Io(e))
                if e.kind() == std::io::ErrorKind::NotFound =>
            {
                self.removed = true;
                self.prompts.retain(|p| p.kind != PromptKind::Deleted);
                self.prompts.push_back(deleted_prompt(&self.path));
                true
            }
            // Unreadable: the save itself will say why.
            Err(_) => false,
        }
    }

    /// A save of the app failed: a file changed or deleted behind our back,
    /// or now of a newer format, becomes a prompt (the same choices as when
    /// the watcher sees it first); other failures are the app's to report.
    pub fn on_save_error(&mut self, doc: &Document, error: &SaveError) -> bool {
        match error.kind {
            SaveErrorKind::ChangedOnDisk => {
                self.raise_changed(doc);
                true
            }
            SaveErrorKind::NewerFormat(format) => {
                self.raise_newer(format);
                true
            }
            SaveErrorKind::Deleted => {
                self.removed = true;
                self.prompts.retain(|p| p.kind != PromptKind::Deleted);
                self.prompts.push_back(deleted_prompt(&self.path));
                true
            }
            _ => false,
        }
    }

    /// The user answered the prompt showing with `key` (`None`: Esc).
    /// Unknown keys change nothing.
    pub fn answer(&mut self, key: Option<char>, doc: &mut Document) -> Vec<Notice> {
        let Some(prompt) = self.prompts.front() else {
            return Vec::new();
        };
        let kind = prompt.kind.clone();
        let answered = prompt.clone();
        let mut notices = Vec::new();
        let done = match kind {
            PromptKind::LockHeld => match key {
                Some('r') | None => {
                    doc.read_only = true;
                    self.read_only = true;
                    // Read-only: no recovery to offer, nothing to back up.
                    self.prompts
                        .retain(|p| !matches!(p.kind, PromptKind::Recovered(_)));
                    notices.push(Notice::ReadOnly);
                    true
                }
                Some('e') => {
                    notices.push(Notice::Info(
                        "Editing anyway: saves still refuse to overwrite the other's changes"
                            .into(),
                    ));
                    true
                }
                _ => false,
            },
            PromptKind::Recovered(found) => match key {
                Some('r') => {
                    let base = found.recovered.base_hash.unwrap_or(doc.disk_hash());
                    doc.restore_edits(found.recovered.map.clone(), base);
                    // Our own copy first, then the old one can go: written
                    // here and now (once, on the user's word), after what
                    // the background writer still had to do.
                    self.recovery.flush();
                    if self
                        .recovery
                        .recovery()
                        .write(&self.path, Some(base), doc.map())
                        .is_ok()
                    {
                        self.recovery_copy = Some((doc.version(), Instant::now()));
                        let _ = found.discard();
                    }
                    notices.push(Notice::Info(
                        "Recovered edits restored: not saved yet (undo brings back the file)"
                            .into(),
                    ));
                    true
                }
                Some('d') => {
                    match found.discard() {
                        Ok(()) => notices.push(Notice::Info("Recovered edits discarded".into())),
                        Err(e) => notices.push(Notice::Error(format!(
                            "Cannot remove {}: {}",
                            found.file.display(),
                            io_words(&e)
                        ))),
                    }
                    true
                }
                None => {
                    notices.push(Notice::Info(
                        "Recovered edits kept for later: they are offered again next time".into(),
                    ));
                    true
                }
                _ => false,
            },
            PromptKind::Conflict => match key {
                Some('m') => {
                    self.merge(doc, &mut notices);
                    true
                }
                Some('r') => {
                    self.reload(doc, &mut notices);
                    true
                }
                Some('o') => {
                    self.overwrite(doc, &mut notices);
                    true
                }
                Some('c') => {
                    if let Some(copy) = self.save_copy(doc, &mut notices) {
                        self.reload(doc, &mut notices);
                        notices.retain(|n| !matches!(n, Notice::Info(_)));
                        notices.push(Notice::Info(format!(
                            "Your version is saved as {}; showing {} as it is on disk",
                            file_name(&copy),
                            file_name(&self.path)
                        )));
                    }
                    true
                }
                None => {
                    notices.push(Notice::Info(
                        "Your edits are kept; saving will ask again".into(),
                    ));
                    true
                }
                _ => false,
            },
            PromptKind::NewerOnDisk => match key {
                Some('c') => {
                    if let Some(copy) = self.save_copy(doc, &mut notices) {
                        notices.retain(|n| !matches!(n, Notice::Info(_)));
                        notices.push(Notice::Info(format!(
                            "Your version is saved as {}; {} is left as the newer journeymap wrote it",
                            file_name(&copy),
                            file_name(&self.path)
                        )));
                    }
                    true
                }
                None => {
                    notices.push(Notice::Info(format!(
                        "Your edits are kept; {} is not overwritten",
                        file_name(&self.path)
                    )));
                    true
                }
                _ => false,
            },
            PromptKind::Deleted => match key {
                Some('s') => {
                    self.overwrite(doc, &mut notices);
                    true
                }
                Some('c') => {
                    self.save_copy(doc, &mut notices);
                    true
                }
                None => {
                    notices.push(Notice::Info(
                        "Your edits are kept; saving will recreate the file".into(),
                    ));
                    true
                }
                _ => false,
            },
        };
        // Answering may have replaced the question with a new one (an
        // overwrite refused for a newer format): that one stays.
        if done && self.prompts.front() == Some(&answered) {
            self.prompts.pop_front();
        }
        // A merge, a reload or an overwrite changes what is unsaved.
        self.tell_edit_state(doc);
        notices
    }

    /// After the file was edited outside (the user's editor, run by the
    /// app): reads it again now rather than at the watcher's next event,
    /// through the same path as any change on disk (a view without unsaved
    /// edits reloads; with some, the user is asked).
    pub fn reread_now(&mut self, doc: &mut Document) -> Vec<Notice> {
        let mut notices = Vec::new();
        let on_disk = crate::storage::read_map_file(&self.path)
            .ok()
            .map(|(_, bytes)| crate::storage::content_hash(&bytes));
        if on_disk == Some(doc.disk_hash()) {
            notices.push(Notice::Info(format!(
                "{} is unchanged",
                file_name(&self.path)
            )));
        } else {
            self.changed_on_disk(doc, &mut notices);
        }
        self.tell_edit_state(doc);
        notices
    }

    /// Drops the edits for the version on disk.
    fn reload(&mut self, doc: &mut Document, notices: &mut Vec<Notice>) {
        match load_map(&self.path) {
            Ok(loaded) => {
                doc.replace_from_disk(loaded);
                self.doc_hash = doc.disk_hash();
                if let Some(w) = &mut self.watcher {
                    w.set_known(&self.path, Some(self.doc_hash));
                }
                self.recovery_copy = None;
                self.recovery.discard(&self.path);
                notices.push(Notice::Info(format!(
                    "Reloaded {}: your edits were dropped",
                    file_name(&self.path)
                )));
            }
            Err(e) => notices.push(Notice::Error(format!(
                "Cannot reload: {}; your edits are kept",
                e.summary()
            ))),
        }
    }

    /// Merges our edits with the version on disk (the base: the version
    /// the edits started from), as one undoable step; the result is not
    /// saved yet, and a save expects the file merged with.
    fn merge(&mut self, doc: &mut Document, notices: &mut Vec<Notice>) {
        let theirs = match load_map(&self.path) {
            Ok(theirs) => theirs,
            Err(e) => {
                notices.push(Notice::Error(format!(
                    "Cannot merge: {}; your edits are kept",
                    e.summary()
                )));
                return;
            }
        };
        let base = doc.disk_version();
        let merged = crate::model::merge::merge(base.as_ref(), doc.map(), &theirs.map);
        let conflicts = merged.conflicts.len();
        doc.merge_from_disk(merged, theirs.hash);
        notices.push(Notice::Info(match conflicts {
            0 => format!(
                "Merged your edits with {} as it is on disk: not saved yet (undo goes back to yours)",
                file_name(&self.path)
            ),
            n => format!(
                "Merged with {} on disk: {n} conflict{} to resolve, not saved yet (undo goes back to yours)",
                file_name(&self.path),
                if n == 1 { "" } else { "s" }
            ),
        }));
        if conflicts > 0 {
            notices.push(Notice::Conflicts);
        }
    }

    /// Saves our version over whatever is on disk (the user chose to).
    fn overwrite(&mut self, doc: &mut Document, notices: &mut Vec<Notice>) {
        match doc.save(true) {
            Ok(()) => {
                self.note_own_saves(doc);
                notices.push(Notice::Info(format!(
                    "Saved your version over {}",
                    file_name(&self.path)
                )));
            }
            Err(e) => {
                if let SaveErrorKind::NewerFormat(format) = e.kind {
                    self.raise_newer(format);
                }
                notices.push(Notice::Error(format!(
                    "Not saved: {}. Your edits are kept",
                    save_error_words(&e)
                )))
            }
        }
    }

    /// Saves our version next to the map under a new name.
    fn save_copy(&mut self, doc: &Document, notices: &mut Vec<Notice>) -> Option<PathBuf> {
        let copy = copy_path(&self.path, &self.user);
        match doc.save_copy(&copy) {
            Ok(_) => {
                notices.push(Notice::Info(format!(
                    "Your version is saved as {}",
                    file_name(&copy)
                )));
                Some(copy)
            }
            Err(e) => {
                notices.push(Notice::Error(format!(
                    "Copy not saved: {}. Your edits are kept",
                    save_error_words(&e)
                )));
                None
            }
        }
    }

    /// Ends the session: releases our lock. Our recovery copy stays (a
    /// crash or a kill ends nothing, and drop does the same).
    pub fn end(mut self) {
        if let Some(lock) = self.lock.take() {
            let _ = lock.release();
        }
    }

    /// Ends the session when the app closes the map on purpose: the edits
    /// were saved or the user gave them up, so the recovery copy goes too.
    pub fn end_discarding(self) {
        self.recovery.discard(&self.path);
        self.end();
    }
}

/// Why a save failed, in a few plain words that fit a status line (the
/// full message with the path is the error's `Display`).
pub fn save_error_words(e: &SaveError) -> String {
    match &e.kind {
        SaveErrorKind::Io { error, .. } => io_words(error),
        SaveErrorKind::ChangedOnDisk => "the file changed on disk".into(),
        SaveErrorKind::Deleted => "the file was deleted".into(),
        SaveErrorKind::Exists => "a file of that name exists".into(),
        SaveErrorKind::Invalid(problems) => match problems.first() {
            Some(p) if problems.len() == 1 => format!("the map is not valid: {p}"),
            Some(p) => format!(
                "the map is not valid: {p} (and {} more)",
                problems.len() - 1
            ),
            None => "the map is not valid".into(),
        },
        SaveErrorKind::TooLarge(bytes) => format!(
            "the map would be {}, over the {} MiB a map file may have",
            crate::storage::mib(*bytes),
            crate::storage::MAX_FILE_BYTES / (1024 * 1024)
        ),
        SaveErrorKind::NewerFormat(n) => format!(
            "the file on disk is format {n}, from a newer journeymap (this one writes format {})",
            crate::model::FORMAT_VERSION
        ),
        SaveErrorKind::NotWritable => "the file is read-only for you".into(),
        SaveErrorKind::InPlaceFailed { error, copy } => format!(
            "{}; the file may be incomplete, the new text is in {}",
            io_words(error),
            file_name(copy)
        ),
        SaveErrorKind::Serialize(_) => e.to_string(),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A free name next to the map for "save mine as a copy":
/// `acme-copy-dana.ron`, then `acme-copy-dana-2.ron`, ...
pub fn copy_path(map: &Path, user: &str) -> PathBuf {
    let stem = map
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "map".into());
    let who = Some(slug(user))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "mine".into());
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}-copy-{who}.ron")
        } else {
            format!("{stem}-copy-{who}-{n}.ron")
        };
        let candidate = map.with_file_name(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

fn lock_prompt(path: &Path, other: &LockInfo) -> Prompt {
    Prompt {
        title: "Someone else is editing this map".into(),
        lines: vec![
            format!(
                "{} is also being edited by {}.",
                file_name(path),
                other.describe()
            ),
            "Editing at once is safe (a save never overwrites theirs".into(),
            "without asking) but you may have to merge by hand.".into(),
        ],
        choices: vec![('r', "open read-only".into()), ('e', "edit anyway".into())],
        on_escape: "read-only".into(),
        kind: PromptKind::LockHeld,
    }
}

fn recovery_prompt(doc: &Document, found: Found) -> Prompt {
    let when = found
        .recovered
        .written
        .to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M")
        .to_string();
    let mut lines = vec![format!(
        "Unsaved edits to {} from {when} were left behind",
        file_name(&doc.path)
    )];
    lines.push("(journeymap was killed or the machine stopped). They change:".into());
    let changes = summarise_changes(doc.map(), &found.recovered.map);
    if changes.is_empty() {
        lines.push("  nothing: they equal the file as it is now".into());
    }
    bullets(&mut lines, &changes, 8);
    if found
        .recovered
        .base_hash
        .is_some_and(|h| h != doc.disk_hash())
    {
        lines.push("The file changed since; a save will ask before overwriting it.".into());
    }
    Prompt {
        title: "Recovered edits".into(),
        lines,
        choices: vec![('r', "restore them".into()), ('d', "discard them".into())],
        on_escape: "decide later".into(),
        kind: PromptKind::Recovered(Box::new(found)),
    }
}

/// Up to `shown` changes as bullet lines, and how many more there are.
fn bullets(lines: &mut Vec<String>, changes: &[String], shown: usize) {
    for change in changes.iter().take(shown) {
        lines.push(format!("  • {change}"));
    }
    if changes.len() > shown {
        lines.push(format!("  … and {} more", changes.len() - shown));
    }
}

fn conflict_prompt(path: &Path, doc: &Document) -> Prompt {
    let theirs = load_map(path);
    if let Err(LoadError {
        kind: LoadErrorKind::NewerFormat(format),
        ..
    }) = theirs
    {
        return newer_prompt(path, format);
    }
    let mut lines = vec![
        format!("{} was changed on disk by someone else", file_name(path)),
        "while you have unsaved edits.".into(),
    ];
    if let Ok(theirs) = theirs {
        match doc.disk_version() {
            // What each side did since the version both started from.
            Some(base) => {
                let theirs = summarise_changes(&base, &theirs.map);
                let mine = summarise_changes(&base, doc.map());
                lines.push(if theirs.is_empty() {
                    "They changed nothing that matters (only the layout).".into()
                } else {
                    "They changed:".into()
                });
                bullets(&mut lines, &theirs, 4);
                if !mine.is_empty() {
                    lines.push("You changed:".into());
                    bullets(&mut lines, &mine, 3);
                }
            }
            // The starting version is gone from the history: compare the
            // two as they are.
            None => {
                let changes = summarise_changes(doc.map(), &theirs.map);
                if !changes.is_empty() {
                    lines.push("Theirs differs from yours in:".into());
                    bullets(&mut lines, &changes, 6);
                }
            }
        }
    }
    Prompt {
        title: "Changed on disk".into(),
        lines,
        choices: vec![
            ('m', "merge theirs into mine".into()),
            ('r', "reload (drop mine)".into()),
            ('o', "keep mine, overwrite".into()),
            ('c', "save mine as a copy".into()),
        ],
        on_escape: "decide later".into(),
        kind: PromptKind::Conflict,
    }
}

/// The map on disk was replaced by one of a newer format: overwriting it
/// would drop what the newer version wrote, and it cannot be read here.
fn newer_prompt(path: &Path, format: u64) -> Prompt {
    Prompt {
        title: "Newer format on disk".into(),
        lines: vec![
            format!(
                "{} on disk is now format {format}, written by a newer journeymap.",
                file_name(path)
            ),
            format!(
                "This one (format {}) cannot save over it without losing",
                crate::model::FORMAT_VERSION
            ),
            "what the newer version wrote. Your edits are kept.".into(),
        ],
        choices: vec![('c', "save mine as a copy".into())],
        on_escape: "keep editing".into(),
        kind: PromptKind::NewerOnDisk,
    }
}

fn deleted_prompt(path: &Path) -> Prompt {
    Prompt {
        title: "Deleted on disk".into(),
        lines: vec![
            format!("{} was deleted on disk", file_name(path)),
            "while you have unsaved edits. They are still here.".into(),
        ],
        choices: vec![
            ('s', "save mine (recreate the file)".into()),
            ('c', "save mine as a copy".into()),
        ],
        on_escape: "keep editing".into(),
        kind: PromptKind::Deleted,
    }
}

#[cfg(test)]
mod tests;
