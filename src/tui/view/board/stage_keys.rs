//! Keys that change the list of stages on the board: add a stage after
//! the selected one, edit or delete it, move it left or right.

use ratatui::crossterm::event::KeyEvent;

use crate::edit::document::{Edit, SharedDoc};
use crate::tui::component::Ctx;
use crate::tui::event::{AppEvent, EditRequest};
use crate::tui::forms::FormTarget;
use crate::tui::keymap::Action;
use crate::tui::widget::describe::capitalise;

/// Keys that change the list of stages, for any screen that shows stages
/// side by side (the board): add a stage after the selected one, edit or
/// delete it, move it left (MoveUp) or right (MoveDown). Returns the new
/// selection when the key was one of these, `None` otherwise.
pub fn stage_list_key(
    key: &KeyEvent,
    selected: usize,
    doc: &SharedDoc,
    ctx: &mut Ctx,
) -> Option<usize> {
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
