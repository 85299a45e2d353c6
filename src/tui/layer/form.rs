//! The forms as layers: one layer type for every form, and per form only
//! what submitting it does (apply an edit, create a map, write an export).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::storage::{self, SaveGuard};
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::export_action::ExportForm;
use crate::tui::forms::{EditForm, NewMapForm};
use crate::tui::keymap::{Action, KeyChord, KeyMap};
use crate::tui::widget::describe::capitalise;
use crate::tui::widget::dialog::{Choice, Dialog};
use crate::tui::widget::form::{AnyForm, FormKeys, FormOutcome};

/// What a form does when submitted.
pub trait Submit: 'static {
    fn form(&self) -> &dyn AnyForm;
    fn form_mut(&mut self) -> &mut dyn AnyForm;
    /// Carries out the form; `true` when done (the form closes), `false`
    /// when it stays open with the reason shown.
    fn submit(&mut self, ctx: &mut Ctx) -> bool;
}

/// A form over the screen, taking every key until submitted or cancelled.
pub struct FormLayer<F: Submit> {
    form: F,
    /// The keymap's keys that submit and cancel it.
    keys: FormKeys,
    /// "Discard your changes?", asked over the form when it is cancelled
    /// with changes.
    asking: Option<Dialog>,
}

impl<F: Submit> FormLayer<F> {
    pub fn boxed(form: F, keys: &KeyMap) -> Box<dyn Component> {
        Box::new(FormLayer {
            form,
            keys: FormKeys::new(keys),
            asking: None,
        })
    }
}

impl<F: Submit> Component for FormLayer<F> {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if let Some(dialog) = &mut self.asking {
            match dialog.handle_key(key, ctx.keys) {
                Some(Choice::Discard) => ctx.close(),
                Some(_) => self.asking = None,
                None => {}
            }
            return EventState::Consumed;
        }
        match self.form.form_mut().handle_key(key, &self.keys) {
            FormOutcome::Editing => {}
            FormOutcome::Cancel => ctx.close(),
            FormOutcome::AskCancel => self.asking = Some(Dialog::discard_changes()),
            FormOutcome::Submit => {
                if self.form.submit(ctx) {
                    ctx.close();
                }
            }
        }
        EventState::Consumed
    }

    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        if self.asking.is_none() {
            self.form.form_mut().handle_paste(text);
        }
        EventState::Consumed
    }

    /// The keys that really submit and cancel: the keymap's, less those
    /// that type in a form.
    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        if let Some(dialog) = &self.asking {
            return dialog.hints();
        }
        let hint = |key: Option<&KeyChord>, action, label| match key {
            Some(key) => CommandHint::literal(&key.describe(), label),
            None => CommandHint::new(&[action], label),
        };
        let (submit, cancel) = self.keys.first();
        vec![
            hint(cancel, Action::Back, "cancel"),
            hint(submit, Action::Save, self.form.form().submit_verb()),
        ]
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.form.form().render(area, buf, ctx.theme, &self.keys);
        if let Some(dialog) = &self.asking {
            dialog.render(area, buf, ctx.theme);
        }
    }

    fn is_modal(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        true
    }
}

/// A stage or item form: its edit is applied to the open map, as one
/// undoable step.
impl Submit for EditForm {
    fn form(&self) -> &dyn AnyForm {
        EditForm::form(self)
    }

    fn form_mut(&mut self) -> &mut dyn AnyForm {
        EditForm::form_mut(self)
    }

    fn submit(&mut self, ctx: &mut Ctx) -> bool {
        let Some(doc) = ctx.doc else {
            return true;
        };
        let Some(edit) = self.to_edit(doc.borrow().map()) else {
            return false;
        };
        let result = doc.borrow_mut().apply(edit);
        match result {
            Ok(done) => {
                ctx.send(AppEvent::Status(capitalise(&done)));
                true
            }
            Err(why) => {
                EditForm::form_mut(self).set_message(why.0);
                false
            }
        }
    }
}

/// The new-map form: the file is written at once, then opened.
impl Submit for NewMapForm {
    fn form(&self) -> &dyn AnyForm {
        &self.form
    }

    fn form_mut(&mut self) -> &mut dyn AnyForm {
        &mut self.form
    }

    fn submit(&mut self, ctx: &mut Ctx) -> bool {
        let Some(new) = self.to_new_map() else {
            return false;
        };
        if let Some(dir) = new.path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.form.set_message(format!(
                "{}: cannot create the folder: {}",
                dir.display(),
                storage::io_words(&e)
            ));
            return false;
        }
        match storage::save_map(&new.path, &new.map, SaveGuard::New) {
            Ok(_) => {
                ctx.send(AppEvent::MapChanged(new.path.clone()));
                ctx.send(AppEvent::OpenMap(new.path.clone()));
                ctx.send(AppEvent::Status(format!("Created {}", new.path.display())));
                true
            }
            Err(e) => {
                self.form.set_message(e.to_string());
                false
            }
        }
    }
}

/// The export form: writes Markdown for the open map or a folder.
impl Submit for ExportForm {
    fn form(&self) -> &dyn AnyForm {
        &self.form
    }

    fn form_mut(&mut self) -> &mut dyn AnyForm {
        &mut self.form
    }

    fn submit(&mut self, ctx: &mut Ctx) -> bool {
        match self.write(ctx.doc) {
            Some(events) => {
                for event in events {
                    ctx.send(event);
                }
                true
            }
            None => false,
        }
    }
}
