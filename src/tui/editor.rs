//! Editing over any screen: the forms and questions that change the open
//! map, and saving. Screens ask for them with `AppEvent::Edit` (open the
//! form for a stage, confirm a delete...); the app routes keys here while
//! something is open. Keeping this in one place means the board and the
//! stage screen share the same forms, the same undo history and the same
//! save rules (the comments warning, the overwrite question, the unsaved
//! changes question before leaving).

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::document::{Edit, ItemKind, SharedDoc, get_item};
use super::event::AppEvent;
use super::export_action::ExportForm;
use super::forms::{Defaults, EditForm, FormTarget, NewMapForm};
use super::widget::dialog::{Choice, Dialog};
use super::widget::form::FormOutcome;
use crate::storage::SaveErrorKind;

/// What a screen asks the editor to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRequest {
    /// Open the form for a new or existing stage or item.
    Form(FormTarget),
    /// Ask which kind of item to add to a stage.
    AddAny { stage: usize },
    /// Ask before deleting a stage (`kind: None`) or an item.
    Delete {
        stage: usize,
        kind: Option<ItemKind>,
        index: usize,
    },
    /// The new-map form, for a file in this folder.
    NewMap(PathBuf),
}

/// What to do once the map is saved (or its changes discarded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSave {
    Stay,
    /// Leave the map's screens (back to the portfolio).
    Leave,
    Quit,
}

/// Why a dialog is open: what its answer leads to.
#[derive(Debug, Clone)]
enum Question {
    Delete(Edit),
    Unsaved(AfterSave),
    /// The file has comments; the save then continues with `AfterSave`.
    Comments(AfterSave),
    /// The save was refused (changed on disk, deleted): overwrite?
    Overwrite(AfterSave),
    /// Which kind of item to add to a stage.
    AddKind {
        stage: usize,
    },
}

enum Overlay {
    Form(Box<EditForm>),
    NewMap(Box<NewMapForm>),
    Export(Box<ExportForm>),
    Dialog(Box<Dialog>, Question),
}

/// The editing overlay of the app.
#[derive(Default)]
pub struct Editor {
    overlay: Option<Overlay>,
}

/// The item kinds offered when adding "something" to a stage, with keys.
const ADD_KINDS: [(char, ItemKind); 6] = [
    ('t', ItemKind::Touchpoint),
    ('n', ItemKind::Need),
    ('p', ItemKind::Perception),
    ('f', ItemKind::Feedback),
    ('c', ItemKind::Commitment),
    ('r', ItemKind::Review),
];

impl Editor {
    pub fn is_open(&self) -> bool {
        self.overlay.is_some()
    }

    /// A form is open (text is being typed).
    pub fn is_typing(&self) -> bool {
        matches!(
            self.overlay,
            Some(Overlay::Form(_) | Overlay::NewMap(_) | Overlay::Export(_))
        )
    }

    /// What Ctrl-s does in the open form, for the footer.
    pub fn submit_verb(&self) -> &'static str {
        match self.overlay {
            Some(Overlay::Export(_)) => "export",
            _ => "save",
        }
    }

    /// Opens the export form (`x`); it needs no map to be editable, so a
    /// read-only map or the portfolio can be exported too.
    pub fn open_export(&mut self, form: ExportForm) {
        self.overlay = Some(Overlay::Export(Box::new(form)));
    }

    /// Opens what a screen asked for. Returns messages for the app.
    pub fn request(
        &mut self,
        req: EditRequest,
        doc: Option<&SharedDoc>,
        defaults: Defaults,
    ) -> Vec<AppEvent> {
        if let EditRequest::NewMap(folder) = req {
            self.overlay = Some(Overlay::NewMap(Box::new(NewMapForm::new(
                &folder,
                defaults.user,
            ))));
            return Vec::new();
        }
        let Some(doc) = doc else {
            return vec![AppEvent::Error("no map is open".into())];
        };
        let doc = doc.borrow();
        if doc.read_only {
            return vec![AppEvent::Error(
                "the map is open read-only: nothing can be changed".into(),
            )];
        }
        let map = doc.map();
        match req {
            EditRequest::Form(target) => {
                let form = match &target {
                    FormTarget::NewStage { at } => Some(EditForm::new_stage(*at)),
                    FormTarget::EditStage { index } => EditForm::edit_stage(map, *index),
                    FormTarget::NewItem { stage, kind } => {
                        Some(EditForm::new_item(map, *stage, *kind, defaults))
                    }
                    FormTarget::EditItem { stage, kind, index } => {
                        EditForm::edit_item(map, *stage, *kind, *index)
                    }
                    FormTarget::LogFeedback { stage } => {
                        Some(EditForm::log_feedback(map, *stage, defaults))
                    }
                    FormTarget::EditClient => Some(EditForm::edit_client(map)),
                };
                match form {
                    Some(f) => self.overlay = Some(Overlay::Form(Box::new(f))),
                    None => return vec![AppEvent::Error("there is nothing there to edit".into())],
                }
            }
            EditRequest::AddAny { stage } => {
                let mut answers: Vec<(char, &'static str)> = ADD_KINDS
                    .iter()
                    .map(|&(k, kind)| (k, kind.noun()))
                    .collect();
                answers.push(('s', "new stage after this one"));
                self.overlay = Some(Overlay::Dialog(
                    Box::new(Dialog::pick("Add what?", Vec::new(), &answers)),
                    Question::AddKind { stage },
                ));
            }
            EditRequest::Delete { stage, kind, index } => {
                let (what, lines, edit) = match kind {
                    None => {
                        let Some(s) = map.stages.get(stage) else {
                            return Vec::new();
                        };
                        let items = s.item_count();
                        let notes = map
                            .reviews
                            .iter()
                            .filter(|r| r.stage.as_deref() == Some(&s.id))
                            .count();
                        let mut lines = vec![format!(
                            "Stage {} \"{}\" and its {items} item{}.",
                            stage + 1,
                            s.name,
                            if items == 1 { "" } else { "s" }
                        )];
                        if notes > 0 {
                            lines.push(format!(
                                "{notes} review note{} about it will be kept as notes on the whole map.",
                                if notes == 1 { "" } else { "s" }
                            ));
                        }
                        lines.push("Undo brings it back.".into());
                        (
                            "this stage".to_string(),
                            lines,
                            Edit::DeleteStage { index: stage },
                        )
                    }
                    Some(kind) => {
                        let Some(item) = get_item(map, stage, kind, index) else {
                            return Vec::new();
                        };
                        let lines = vec![item_summary(&item), "Undo brings it back.".into()];
                        (
                            format!("this {}", kind.noun()),
                            lines,
                            Edit::DeleteItem { stage, kind, index },
                        )
                    }
                };
                self.overlay = Some(Overlay::Dialog(
                    Box::new(Dialog::confirm_delete(&what, lines)),
                    Question::Delete(edit),
                ));
            }
            EditRequest::NewMap(_) => {}
        }
        Vec::new()
    }

    /// Handles a key while something is open. Returns messages for the
    /// app (status, leave, quit).
    pub fn handle_key(
        &mut self,
        key: KeyEvent,
        doc: Option<&SharedDoc>,
        defaults: Defaults,
    ) -> Vec<AppEvent> {
        let Some(overlay) = self.overlay.take() else {
            return Vec::new();
        };
        match overlay {
            Overlay::Form(mut form) => match form.form.handle_key(key) {
                FormOutcome::Editing => self.overlay = Some(Overlay::Form(form)),
                FormOutcome::Cancel => {}
                FormOutcome::Submit => {
                    let Some(doc) = doc else {
                        return Vec::new();
                    };
                    let edit = form.to_edit(doc.borrow().map());
                    let Some(edit) = edit else {
                        self.overlay = Some(Overlay::Form(form));
                        return Vec::new();
                    };
                    let result = doc.borrow_mut().apply(edit);
                    match result {
                        Ok(done) => return vec![AppEvent::Status(capitalise(&done))],
                        Err(why) => {
                            form.form.set_message(why.0);
                            self.overlay = Some(Overlay::Form(form));
                        }
                    }
                }
            },
            Overlay::NewMap(mut form) => match form.form.handle_key(key) {
                FormOutcome::Editing => self.overlay = Some(Overlay::NewMap(form)),
                FormOutcome::Cancel => {}
                FormOutcome::Submit => {
                    let Some(new) = form.to_new_map() else {
                        self.overlay = Some(Overlay::NewMap(form));
                        return Vec::new();
                    };
                    if let Some(dir) = new.path.parent()
                        && let Err(e) = std::fs::create_dir_all(dir)
                    {
                        form.form.set_message(format!(
                            "{}: cannot create the folder: {}",
                            dir.display(),
                            crate::storage::io_words(&e)
                        ));
                        self.overlay = Some(Overlay::NewMap(form));
                        return Vec::new();
                    }
                    match crate::storage::save_map(
                        &new.path,
                        &new.map,
                        crate::storage::SaveGuard::New,
                    ) {
                        Ok(_) => {
                            return vec![
                                AppEvent::MapChanged(new.path.clone()),
                                AppEvent::OpenMap(new.path.clone()),
                                AppEvent::Status(format!("Created {}", new.path.display())),
                            ];
                        }
                        Err(e) => {
                            form.form.set_message(e.to_string());
                            self.overlay = Some(Overlay::NewMap(form));
                        }
                    }
                }
            },
            Overlay::Export(mut form) => match form.handle_key(key, doc) {
                Some(events) => return events,
                None => self.overlay = Some(Overlay::Export(form)),
            },
            Overlay::Dialog(mut dialog, question) => match dialog.handle_key(key) {
                None => self.overlay = Some(Overlay::Dialog(dialog, question)),
                Some(choice) => return self.answer(question, choice, doc, defaults),
            },
        }
        Vec::new()
    }

    /// Pasted text goes to the open form.
    pub fn handle_paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::Form(f)) => f.form.handle_paste(text),
            Some(Overlay::NewMap(f)) => f.form.handle_paste(text),
            Some(Overlay::Export(f)) => f.form.handle_paste(text),
            _ => {}
        }
    }

    fn answer(
        &mut self,
        question: Question,
        choice: Choice,
        doc: Option<&SharedDoc>,
        defaults: Defaults,
    ) -> Vec<AppEvent> {
        match (question, choice) {
            (_, Choice::Cancel) => Vec::new(),
            (Question::Delete(edit), _) => match doc.map(|d| d.borrow_mut().apply(edit)) {
                Some(Ok(done)) => vec![AppEvent::Status(format!(
                    "{} · undo brings it back",
                    capitalise(&done)
                ))],
                Some(Err(why)) => vec![AppEvent::Error(why.0)],
                None => Vec::new(),
            },
            (Question::AddKind { stage }, Choice::Pick(i)) => {
                let target = match ADD_KINDS.get(i) {
                    Some(&(_, kind)) => FormTarget::NewItem { stage, kind },
                    None => FormTarget::NewStage { at: stage + 1 },
                };
                self.request(EditRequest::Form(target), doc, defaults)
            }
            (Question::Unsaved(then), Choice::Save) => self.save(doc, then, false),
            (Question::Unsaved(then), Choice::Discard) => after(then),
            (Question::Comments(then), Choice::Save) => self.save_now(doc, then, false),
            (Question::Overwrite(then), Choice::Overwrite) => self.save_now(doc, then, true),
            _ => Vec::new(),
        }
    }

    /// Saves the open map, asking first when the file has comments; a
    /// refused save asks whether to overwrite. `then` happens once saved.
    pub fn save(&mut self, doc: Option<&SharedDoc>, then: AfterSave, force: bool) -> Vec<AppEvent> {
        let Some(shared) = doc else {
            return after(then);
        };
        let d = shared.borrow();
        if d.read_only {
            return vec![AppEvent::Error(
                "the map is open read-only: it is never saved".into(),
            )];
        }
        if !d.is_dirty() {
            // Writing an unchanged map could only replace someone else's
            // newer file or drop comments, for nothing.
            drop(d);
            let mut events = vec![AppEvent::Status(
                "Nothing to save: no changes since the file was opened or saved".into(),
            )];
            events.extend(after(then));
            return events;
        }
        if d.has_comments() {
            let file = d.path.file_name().map_or_else(
                || d.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            drop(d);
            self.overlay = Some(Overlay::Dialog(
                Box::new(Dialog::comments_warning(&file)),
                Question::Comments(then),
            ));
            return Vec::new();
        }
        drop(d);
        self.save_now(doc, then, force)
    }

    fn save_now(&mut self, doc: Option<&SharedDoc>, then: AfterSave, force: bool) -> Vec<AppEvent> {
        let Some(doc) = doc else {
            return after(then);
        };
        let result = doc.borrow_mut().save(force);
        match result {
            Ok(()) => {
                let path = doc.borrow().path.clone();
                let mut events = vec![
                    AppEvent::MapChanged(path.clone()),
                    AppEvent::Status(format!("Saved {}", path.display())),
                ];
                events.extend(after(then));
                events
            }
            Err(e) => {
                let reason = match e.kind {
                    SaveErrorKind::ChangedOnDisk => {
                        "The file changed on disk since it was opened (someone else saved it)."
                            .to_string()
                    }
                    SaveErrorKind::Deleted => {
                        "The file was deleted since it was opened.".to_string()
                    }
                    SaveErrorKind::NewerFormat(_) => {
                        // Never overwritten: saving again asks the session,
                        // which offers to save the edits as a copy.
                        return vec![AppEvent::Error(format!(
                            "Not saved: {}. Edits kept; save again to keep them as a copy",
                            crate::tui::session::save_error_words(&e)
                        ))];
                    }
                    _ => {
                        // Full disk, read-only or missing folder...: the
                        // reason first, short enough for the status line.
                        return vec![AppEvent::Error(format!(
                            "Not saved: {}. Edits kept; save again once fixed",
                            crate::tui::session::save_error_words(&e)
                        ))];
                    }
                };
                self.overlay = Some(Overlay::Dialog(
                    Box::new(Dialog::save_refused(&reason)),
                    Question::Overwrite(then),
                ));
                vec![AppEvent::Error(format!("Not saved: {e}"))]
            }
        }
    }

    /// Before leaving a map or quitting: asks save / discard / cancel when
    /// there are unsaved changes, else goes ahead.
    pub fn confirm_leave(&mut self, doc: Option<&SharedDoc>, then: AfterSave) -> Vec<AppEvent> {
        let Some(d) = doc.map(|d| d.borrow()) else {
            return after(then);
        };
        if !d.is_dirty() || d.read_only {
            return after(then);
        }
        let leaving = match then {
            AfterSave::Quit => "quitting",
            _ => "leaving it",
        };
        let dialog = Dialog::unsaved_changes(&d.map().client.name, leaving);
        self.overlay = Some(Overlay::Dialog(Box::new(dialog), Question::Unsaved(then)));
        Vec::new()
    }

    /// Draws what is open over the screen.
    pub fn draw(&self, area: Rect, buf: &mut Buffer, theme: &super::theme::Theme) {
        match &self.overlay {
            Some(Overlay::Form(f)) => f.form.render(area, buf, theme),
            Some(Overlay::NewMap(f)) => f.form.render(area, buf, theme),
            Some(Overlay::Export(f)) => f.form.render(area, buf, theme),
            Some(Overlay::Dialog(d, _)) => d.render(area, buf, theme),
            None => {}
        }
    }
}

fn after(then: AfterSave) -> Vec<AppEvent> {
    match then {
        AfterSave::Stay => Vec::new(),
        AfterSave::Leave => vec![AppEvent::ForceBack],
        AfterSave::Quit => vec![AppEvent::ForceQuit],
    }
}

/// "add commitment" → "Add commitment", for status messages.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One line saying what an item is, for the delete question.
pub fn item_summary(item: &super::document::Item) -> String {
    use super::document::Item;
    match item {
        Item::Touchpoint(t) => format!("{} · {}", t.channel, t.description),
        Item::Need(n) => n.text.clone(),
        Item::Perception(p) => p.text.clone(),
        Item::Feedback(f) => format!("{} {} · {}", f.date, f.method, f.summary),
        Item::Commitment(c) => format!("\"{}\" ({}, due {})", c.promise, c.owner, c.due),
        Item::Review(r) => format!("{} {}: {}", r.date, r.by, r.note),
    }
}

/// Keys that change the list of stages, for any screen that shows stages
/// side by side (the board): add a stage after the selected one, edit or
/// delete it, move it left (MoveUp) or right (MoveDown). Returns the new
/// selection when the key was one of these, `None` otherwise.
pub fn stage_list_key(
    key: &ratatui::crossterm::event::KeyEvent,
    selected: usize,
    doc: &SharedDoc,
    ctx: &mut super::component::Ctx,
) -> Option<usize> {
    use super::keymap::Action;
    let count = doc.borrow().map().stages.len();
    let action = ctx.keys.action(key)?;
    let selected = selected.min(count.saturating_sub(1));
    match action {
        Action::Add => {
            let at = if count == 0 { 0 } else { selected + 1 };
            ctx.send(AppEvent::Edit(EditRequest::Form(FormTarget::NewStage {
                at,
            })));
            Some(selected)
        }
        Action::Edit if count > 0 => {
            ctx.send(AppEvent::Edit(EditRequest::Form(FormTarget::EditStage {
                index: selected,
            })));
            Some(selected)
        }
        Action::Delete if count > 0 => {
            ctx.send(AppEvent::Edit(EditRequest::Delete {
                stage: selected,
                kind: None,
                index: selected,
            }));
            Some(selected)
        }
        Action::MoveUp | Action::MoveDown if count > 0 => {
            let to = if action == Action::MoveUp {
                selected.checked_sub(1)
            } else {
                Some(selected + 1).filter(|&t| t < count)
            };
            let Some(to) = to else {
                ctx.send(AppEvent::Error("the stage cannot move further".into()));
                return Some(selected);
            };
            let result = doc
                .borrow_mut()
                .apply(Edit::MoveStage { from: selected, to });
            match result {
                Ok(done) => {
                    ctx.send(AppEvent::Status(capitalise(&done)));
                    Some(to)
                }
                Err(why) => {
                    ctx.send(AppEvent::Error(why.0));
                    Some(selected)
                }
            }
        }
        _ => None,
    }
}
