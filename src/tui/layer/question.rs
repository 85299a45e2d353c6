//! A question over the screen (the one dialog of the app): what the answer
//! leads to is given by whoever asks, as a function run once answered, so
//! the question itself knows nothing of saving, deleting or leaving.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::widget::dialog::{Choice, Dialog};

/// What happens with the answer; Esc gives `Choice::Cancel`.
pub type OnAnswer = Box<dyn FnOnce(Choice, &mut Ctx)>;

pub struct Question {
    dialog: Dialog,
    on_answer: Option<OnAnswer>,
}

impl Question {
    pub fn new(dialog: Dialog, on_answer: impl FnOnce(Choice, &mut Ctx) + 'static) -> Self {
        Question {
            dialog,
            on_answer: Some(Box::new(on_answer)),
        }
    }
}

impl Component for Question {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if let Some(choice) = self.dialog.handle_key(key, ctx.keys) {
            ctx.close();
            if let Some(on_answer) = self.on_answer.take() {
                on_answer(choice, ctx);
            }
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        self.dialog.hints()
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.dialog.render(area, buf, ctx.theme);
    }

    fn is_modal(&self) -> bool {
        true
    }
}
