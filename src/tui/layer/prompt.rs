//! The session's question (changed on disk, someone else editing,
//! recovered edits) in the app's one dialog. The session decides what an
//! answer does; this layer only sends the answer, and closes itself once
//! the session no longer asks this question.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::edit::session::Prompt;
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::widget::dialog::{Choice, Dialog};

pub struct PromptLayer {
    prompt: Prompt,
    dialog: Dialog,
}

impl PromptLayer {
    pub fn new(prompt: &Prompt) -> Self {
        PromptLayer {
            dialog: Dialog::from_prompt(prompt),
            prompt: prompt.clone(),
        }
    }
}

impl Component for PromptLayer {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        let answer = match self.dialog.handle_key(key, ctx.keys) {
            None => return EventState::Consumed,
            Some(Choice::Pick(i)) => self.prompt.choices.get(i).map(|(key, _)| *key),
            Some(_) => None,
        };
        ctx.close();
        ctx.send(AppEvent::AnswerPrompt(answer));
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        self.dialog.hints()
    }

    fn draw(&self, _area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.dialog.render(ctx.frame, buf, ctx.theme);
    }

    fn is_modal(&self) -> bool {
        true
    }

    fn sync(&mut self, ctx: &Ctx) -> bool {
        ctx.prompt == Some(&self.prompt)
    }
}
