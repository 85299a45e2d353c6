//! The editing flows over any screen: which form or question a request
//! opens, what each answer leads to, and saving (the comments warning, the
//! overwrite question, the unsaved-changes question before leaving).
//! Keeping this in one place means the board and the stage screen share
//! the same forms, the same undo history and the same save rules. Each
//! flow puts its form or question on the layer stack through the `Ctx`.

use crate::edit::document::{Edit, ItemKind, get_item};
use crate::storage::SaveErrorKind;
use crate::tui::component::Ctx;
use crate::tui::event::{AfterSave, AppEvent, EditRequest};
use crate::tui::export_action::ExportForm;
use crate::tui::forms::{Defaults, EditForm, FormTarget, NewMapForm};
use crate::tui::keymap::Action;
use crate::tui::layer::form::FormLayer;
use crate::tui::layer::question::Question;
use crate::tui::widget::describe::{capitalise, item_summary};
use crate::tui::widget::dialog::{Choice, Dialog};

/// The item kinds offered when adding "something" to a stage, with keys.
const ADD_KINDS: [(char, ItemKind); 6] = [
    ('t', ItemKind::Touchpoint),
    ('n', ItemKind::Need),
    ('p', ItemKind::Perception),
    ('f', ItemKind::Feedback),
    ('c', ItemKind::Commitment),
    ('r', ItemKind::Review),
];

fn defaults<'a>(ctx: &Ctx<'a>) -> Defaults<'a> {
    Defaults {
        today: ctx.today,
        user: ctx.user,
    }
}

/// Opens the export form (`x`); it needs no map to be editable, so a
/// read-only map or the portfolio can be exported too.
pub fn open_export(form: ExportForm, ctx: &mut Ctx) {
    ctx.push(FormLayer::boxed(form, ctx.keys));
}

/// Opens what a screen asked for.
pub fn request(req: EditRequest, ctx: &mut Ctx) {
    if let EditRequest::NewMap(folder) = &req {
        ctx.push(FormLayer::boxed(
            NewMapForm::new(folder, ctx.user, ctx.today),
            ctx.keys,
        ));
        return;
    }
    let Some(doc) = ctx.doc else {
        ctx.send(AppEvent::Error("no map is open".into()));
        return;
    };
    let doc = doc.borrow();
    if doc.read_only {
        ctx.send(AppEvent::Error(
            "the map is open read-only: nothing can be changed".into(),
        ));
        return;
    }
    let map = doc.map();
    match req {
        EditRequest::Form(target) => {
            let d = defaults(ctx);
            let form = match &target {
                FormTarget::NewStage { at } => Some(EditForm::new_stage(*at)),
                FormTarget::EditStage { index } => EditForm::edit_stage(map, *index),
                FormTarget::NewItem { stage, kind } => {
                    Some(EditForm::new_item(map, *stage, *kind, d))
                }
                FormTarget::EditItem { stage, kind, index } => {
                    EditForm::edit_item(map, *stage, *kind, *index)
                }
                FormTarget::LogFeedback { stage } => Some(EditForm::log_feedback(map, *stage, d)),
                FormTarget::EditClient => Some(EditForm::edit_client(map)),
            };
            match form {
                Some(f) => ctx.push(FormLayer::boxed(f, ctx.keys)),
                None => ctx.send(AppEvent::Error("there is nothing there to edit".into())),
            }
        }
        EditRequest::AddAny { stage } => {
            let mut answers: Vec<(char, &'static str)> = ADD_KINDS
                .iter()
                .map(|&(k, kind)| (k, kind.noun()))
                .collect();
            answers.push(('s', "new stage after this one"));
            let dialog = Dialog::pick("Add what?", Vec::new(), &answers);
            ctx.push(Box::new(Question::new(dialog, move |choice, ctx| {
                let target = match choice {
                    Choice::Pick(i) => match ADD_KINDS.get(i) {
                        Some(&(_, kind)) => FormTarget::NewItem { stage, kind },
                        None => FormTarget::NewStage { at: stage + 1 },
                    },
                    _ => return,
                };
                request(EditRequest::Form(target), ctx);
            })));
        }
        EditRequest::Delete { stage, kind, index } => {
            let Some((what, lines, edit)) = delete_question(map, stage, kind, index) else {
                return;
            };
            let dialog = Dialog::confirm_delete(&what, lines);
            ctx.push(Box::new(Question::new(dialog, move |choice, ctx| {
                if choice == Choice::Cancel {
                    return;
                }
                match ctx.doc.map(|d| d.borrow_mut().apply(edit)) {
                    Some(Ok(done)) => ctx.send(AppEvent::Status(format!(
                        "{} · undo brings it back",
                        capitalise(&done)
                    ))),
                    Some(Err(why)) => ctx.send(AppEvent::Error(why.0)),
                    None => {}
                }
            })));
        }
        EditRequest::NewMap(_) => {}
    }
}

/// Marks kept today the commitment the agenda pointed at, on the open map,
/// through the same edit as `m` on the stage screen (so the same undo and
/// save). Refused when the commitment there is not the one the agenda saw:
/// the file changed since it was read.
pub fn mark_kept(stage: usize, index: usize, promise: &str, ctx: &mut Ctx) {
    let Some(shared) = ctx.doc else {
        ctx.send(AppEvent::Error("no map is open".into()));
        return;
    };
    if ctx.prompt.is_some() {
        // Someone else has it open, or there are recovered edits: the
        // answer decides whether and how the map may be changed.
        ctx.send(AppEvent::Error(
            "answer the question about the map first, then mark the commitment with m".into(),
        ));
        return;
    }
    let same = {
        let doc = shared.borrow();
        let map = doc.map();
        let found = map.stages.get(stage).and_then(|s| s.commitments.get(index));
        found.is_some_and(|c| c.promise == promise)
    };
    if !same {
        ctx.send(AppEvent::Error(
            "the map changed since the agenda read it: this is not the same commitment any              more; find it here and mark it with m"
                .into(),
        ));
        return;
    }
    let edit = Edit::MarkKept {
        stage,
        index,
        on: ctx.today,
    };
    let result = shared.borrow_mut().apply(edit);
    match result {
        Ok(done) => ctx.send(AppEvent::Status(format!(
            "{} · {} undoes, {} saves",
            capitalise(&done),
            ctx.keys.describe(Action::Undo),
            ctx.keys.describe(Action::Save)
        ))),
        Err(why) => ctx.send(AppEvent::Error(why.0)),
    }
}

/// What deleting a stage (`kind: None`) or an item would remove, in words,
/// and the edit that does it.
fn delete_question(
    map: &crate::model::Map,
    stage: usize,
    kind: Option<ItemKind>,
    index: usize,
) -> Option<(String, Vec<String>, Edit)> {
    let Some(kind) = kind else {
        let s = map.stages.get(stage)?;
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
        return Some((
            "this stage".to_string(),
            lines,
            Edit::DeleteStage { index: stage },
        ));
    };
    let item = get_item(map, stage, kind, index)?;
    let lines = vec![item_summary(&item), "Undo brings it back.".into()];
    Some((
        format!("this {}", kind.noun()),
        lines,
        Edit::DeleteItem { stage, kind, index },
    ))
}

/// Saves the open map, asking first when the file has comments; a refused
/// save asks whether to overwrite. `then` happens once saved.
pub fn save(then: AfterSave, force: bool, ctx: &mut Ctx) {
    let Some(shared) = ctx.doc else {
        after(then, ctx);
        return;
    };
    let d = shared.borrow();
    if d.read_only {
        drop(d);
        ctx.send(AppEvent::Error(
            "the map is open read-only: it is never saved".into(),
        ));
        return;
    }
    if !d.is_dirty() {
        // Writing an unchanged map could only replace someone else's newer
        // file or drop comments, for nothing.
        drop(d);
        ctx.send(AppEvent::Status(
            "Nothing to save: no changes since the file was opened or saved".into(),
        ));
        after(then, ctx);
        return;
    }
    if d.has_comments() {
        let file = d.path.file_name().map_or_else(
            || d.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        drop(d);
        let dialog = Dialog::comments_warning(&file);
        ctx.push(Box::new(Question::new(dialog, move |choice, ctx| {
            if choice == Choice::Save {
                save_now(then, false, ctx);
            }
        })));
        return;
    }
    drop(d);
    save_now(then, force, ctx);
}

fn save_now(then: AfterSave, force: bool, ctx: &mut Ctx) {
    let Some(doc) = ctx.doc else {
        after(then, ctx);
        return;
    };
    let result = doc.borrow_mut().save(force);
    match result {
        Ok(()) => {
            let path = doc.borrow().path.clone();
            ctx.send(AppEvent::MapChanged(path.clone()));
            ctx.send(AppEvent::Status(format!("Saved {}", path.display())));
            after(then, ctx);
        }
        Err(e) => {
            let reason = match e.kind {
                SaveErrorKind::ChangedOnDisk => {
                    "The file changed on disk since it was opened (someone else saved it)."
                }
                SaveErrorKind::Deleted => "The file was deleted since it was opened.",
                SaveErrorKind::NewerFormat(_) => {
                    // Never overwritten: saving again asks the session,
                    // which offers to save the edits as a copy.
                    ctx.send(AppEvent::Error(format!(
                        "Not saved: {}. Edits kept; save again to keep them as a copy",
                        crate::edit::session::save_error_words(&e)
                    )));
                    return;
                }
                _ => {
                    // Full disk, read-only or missing folder...: the reason
                    // first, short enough for the status line.
                    ctx.send(AppEvent::Error(format!(
                        "Not saved: {}. Edits kept; save again once fixed",
                        crate::edit::session::save_error_words(&e)
                    )));
                    return;
                }
            };
            let dialog = Dialog::save_refused(reason);
            ctx.push(Box::new(Question::new(dialog, move |choice, ctx| {
                if choice == Choice::Overwrite {
                    save_now(then, true, ctx);
                }
            })));
            ctx.send(AppEvent::Error(format!("Not saved: {e}")));
        }
    }
}

/// Before leaving a map or quitting: asks save / discard / cancel when
/// there are unsaved changes, else goes ahead.
pub fn confirm_leave(then: AfterSave, ctx: &mut Ctx) {
    let Some(d) = ctx.doc.map(|d| d.borrow()) else {
        after(then, ctx);
        return;
    };
    if !d.is_dirty() || d.read_only {
        drop(d);
        after(then, ctx);
        return;
    }
    let leaving = match then {
        AfterSave::Quit => "quitting",
        _ => "leaving it",
    };
    let dialog = Dialog::unsaved_changes(&d.map().client.name, leaving);
    drop(d);
    ctx.push(Box::new(Question::new(
        dialog,
        move |choice, ctx| match choice {
            Choice::Save => save(then, false, ctx),
            Choice::Discard => after(then, ctx),
            _ => {}
        },
    )));
}

fn after(then: AfterSave, ctx: &mut Ctx) {
    match then {
        AfterSave::Stay => {}
        AfterSave::Leave => ctx.send(AppEvent::ForceBack),
        AfterSave::Quit => ctx.send(AppEvent::ForceQuit),
    }
}
