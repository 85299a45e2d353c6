//! A stand-in screen for the stage detail until it is built (engineer B's
//! view/stage.rs replaces it).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::document::SharedDoc;
use crate::tui::keymap::Action;
use crate::tui::widget::{put_line, safe_text};

pub struct StagePlaceholder {
    doc: SharedDoc,
    stage: usize,
}

impl StagePlaceholder {
    pub fn new(doc: SharedDoc, stage: usize) -> Self {
        StagePlaceholder { doc, stage }
    }
}

impl Component for StagePlaceholder {
    fn handle_key(&mut self, _key: KeyEvent, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        vec![CommandHint::new(&[Action::Back], "back to the board")]
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let doc = self.doc.borrow();
        let name = doc
            .map()
            .stages
            .get(self.stage)
            .map(|s| s.name.as_str())
            .unwrap_or("?");
        let w = usize::from(area.width);
        put_line(
            buf,
            area,
            0,
            &Line::from(Span::styled(
                safe_text::fit(&format!(" Stage {} · {name}", self.stage + 1), w),
                ctx.theme.heading(),
            )),
        );
        put_line(
            buf,
            area,
            2,
            &Line::from(" The stage detail screen is not built yet. Esc returns to the board."),
        );
    }
}
