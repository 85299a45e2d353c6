//! The journey board: one map's stages left to right. (First version.)

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::document::SharedDoc;
use crate::tui::editor::stage_list_key;
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::widget::{put_line, safe_text};

pub struct Board {
    doc: SharedDoc,
    selected: usize,
}

impl Board {
    pub fn new(doc: SharedDoc) -> Self {
        Board { doc, selected: 0 }
    }
}

impl Component for Board {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        let count = self.doc.borrow().map().stages.len();
        if ctx.is(Action::Left, &key) {
            self.selected = self.selected.saturating_sub(1);
        } else if ctx.is(Action::Right, &key) {
            self.selected = (self.selected + 1).min(count.saturating_sub(1));
        } else if ctx.is(Action::Open, &key) && count > 0 {
            ctx.send(AppEvent::OpenStage(self.selected));
        } else if let Some(sel) = stage_list_key(&key, self.selected, &self.doc, ctx) {
            // Add / edit / delete / move stages (B's editor).
            self.selected = sel;
        } else {
            return EventState::NotConsumed;
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        vec![
            CommandHint::new(&[Action::Left, Action::Right], "stage"),
            CommandHint::new(&[Action::Open], "open"),
        ]
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, _ctx: &Ctx) {
        let doc = self.doc.borrow();
        put_line(
            buf,
            area,
            0,
            &Line::from(safe_text::fit(
                &doc.map().client.name,
                usize::from(area.width),
            )),
        );
    }
}
