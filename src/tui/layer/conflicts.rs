//! The merge conflicts of the open map, one at a time, side by side (ours,
//! theirs, base): take one version (`o`, `t`, `b`, or Enter on the
//! selected column), or take it and edit it (`e`); each is one undoable
//! edit (`Edit::ResolveConflict`). Up and down go through the conflicts;
//! Esc leaves them for later (the board's `!` brings them back, `check`
//! keeps failing until they are resolved).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use crate::edit::document::{Edit, ItemKind};
use crate::model::{Map, Part, Side};
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::{AppEvent, EditRequest};
use crate::tui::forms::FormTarget;
use crate::tui::keymap::Action;
use crate::tui::widget::{centered, conflict, draw_box, put_line, safe_text};

pub struct ConflictLayer {
    /// The conflict shown (clamped to the list, which shrinks as they are
    /// resolved).
    index: usize,
    /// The version Enter takes.
    column: Side,
}

impl ConflictLayer {
    pub fn boxed() -> Box<Self> {
        Box::new(ConflictLayer {
            index: 0,
            column: Side::Ours,
        })
    }

    fn count(ctx: &Ctx) -> usize {
        ctx.doc.map_or(0, |d| d.borrow().map().conflicts.len())
    }

    /// Takes `side`'s version of the conflict shown; with `edit`, then
    /// opens the form of what it became.
    fn take(&mut self, side: Side, edit: bool, ctx: &mut Ctx) {
        let Some(doc) = ctx.doc else { return };
        let result = {
            let mut d = doc.borrow_mut();
            let Some(c) = d.map().conflicts.get(self.index).cloned() else {
                return;
            };
            let chosen = c.side(side).cloned();
            d.apply(Edit::ResolveConflict {
                index: self.index,
                chosen: chosen.clone(),
            })
            .map(|done| {
                (
                    done,
                    chosen.and_then(|p| form_for(d.map(), c.stage.as_deref(), &p)),
                )
            })
        };
        match result {
            Ok((done, target)) => {
                let left = Self::count(ctx);
                self.index = self.index.min(left.saturating_sub(1));
                let words = match left {
                    0 => "no conflicts left: save to keep the merge".to_string(),
                    1 => "1 conflict left".to_string(),
                    n => format!("{n} conflicts left"),
                };
                ctx.send(AppEvent::Status(format!(
                    "{} ({}) · {words} · undo brings it back",
                    crate::tui::widget::describe::capitalise(&done),
                    side.word()
                )));
                if left == 0 {
                    ctx.close();
                }
                if edit {
                    match target {
                        Some(t) => ctx.send(AppEvent::Edit(EditRequest::Form(t))),
                        None => ctx.send(AppEvent::Error(
                            "that version has no form to edit it in".into(),
                        )),
                    }
                }
            }
            Err(why) => ctx.send(AppEvent::Error(why.0)),
        }
    }
}

/// The form that edits `part` where it now is in `map`.
fn form_for(map: &Map, stage: Option<&str>, part: &Part) -> Option<FormTarget> {
    let stage_index = stage.and_then(|id| map.stage_index(id));
    let item = |kind: ItemKind, position: Option<usize>| {
        Some(FormTarget::EditItem {
            stage: if kind == ItemKind::Review {
                0
            } else {
                stage_index?
            },
            kind,
            index: position?,
        })
    };
    let s = stage_index.and_then(|i| map.stages.get(i));
    match part {
        Part::Client(_) | Part::Title(_) => Some(FormTarget::EditClient),
        Part::Now(_) => None,
        Part::Heading(_) | Part::Stage(_) => {
            stage_index.map(|index| FormTarget::EditStage { index })
        }
        Part::Touchpoint(x) => item(
            ItemKind::Touchpoint,
            s?.touchpoints.iter().position(|y| y == x),
        ),
        Part::Need(x) => item(ItemKind::Need, s?.needs.iter().position(|y| y == x)),
        Part::Perception(x) => item(
            ItemKind::Perception,
            s?.perceptions.iter().position(|y| y == x),
        ),
        Part::Feedback(x) => item(ItemKind::Feedback, s?.feedback.iter().position(|y| y == x)),
        Part::Commitment(x) => item(
            ItemKind::Commitment,
            s?.commitments.iter().position(|y| y == x),
        ),
        Part::Review(x) => item(ItemKind::Review, map.reviews.iter().position(|y| y == x)),
    }
}

impl Component for ConflictLayer {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        let count = Self::count(ctx);
        if count == 0 || ctx.is(Action::Back, &key) {
            ctx.close();
            return EventState::Consumed;
        }
        let columns = Side::ALL;
        let at = columns.iter().position(|&s| s == self.column).unwrap_or(0);
        if ctx.is(Action::Left, &key) {
            self.column = columns[(at + columns.len() - 1) % columns.len()];
        } else if ctx.is(Action::Right, &key) {
            self.column = columns[(at + 1) % columns.len()];
        } else if ctx.is(Action::Down, &key) {
            self.index = (self.index + 1) % count;
        } else if ctx.is(Action::Up, &key) {
            self.index = (self.index + count - 1) % count;
        } else if ctx.is(Action::Open, &key) {
            self.take(self.column, false, ctx);
        } else if ctx.is(Action::Undo, &key) {
            ctx.send(AppEvent::Undo);
        } else if let KeyCode::Char(c) = key.code {
            match c.to_ascii_lowercase() {
                'o' => self.take(Side::Ours, false, ctx),
                't' => self.take(Side::Theirs, false, ctx),
                'b' => self.take(Side::Base, false, ctx),
                'e' => self.take(self.column, true, ctx),
                _ => {}
            }
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        vec![
            CommandHint::literal("o", "take ours"),
            CommandHint::literal("t", "take theirs"),
            CommandHint::literal("b", "take base"),
            CommandHint::literal("e", "take selected, edit"),
            CommandHint::new(&[Action::Left, Action::Right], "select"),
            CommandHint::new(&[Action::Up, Action::Down], "other conflict"),
            CommandHint::new(&[Action::Open], "take selected"),
            CommandHint::new(&[Action::Back], "later"),
        ]
    }

    fn name(&self) -> &'static str {
        "Merge conflicts"
    }

    fn draw(&self, _area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let Some(doc) = ctx.doc else { return };
        let doc = doc.borrow();
        let conflicts = &doc.map().conflicts;
        let index = self.index.min(conflicts.len().saturating_sub(1));
        let Some(c) = conflicts.get(index) else {
            return;
        };
        let frame = ctx.frame;
        let area = centered(
            frame,
            frame.width.saturating_sub(2),
            frame.height.saturating_sub(2),
        );
        let block = Block::bordered()
            .border_type(BorderType::Double)
            .border_style(ctx.theme.warning())
            .title(Span::styled(
                format!(" Merge conflict {} of {} ", index + 1, conflicts.len()),
                ctx.theme.heading(),
            ));
        let inner = draw_box(block, area, buf);
        let width = usize::from(inner.width).max(1);
        let mut lines: Vec<Line> = Vec::new();
        if doc.from_markers() {
            // Said here too: the status line is under this screen.
            let note = "This file held git's conflict markers: both sides are merged here as \
                        journeymap's merge driver would; save to keep the result.";
            lines.extend(
                safe_text::wrap(note, width)
                    .into_iter()
                    .map(|l| Line::styled(l, ctx.theme.warning())),
            );
        }
        let about = safe_text::clean(&c.describe());
        lines.extend(safe_text::wrap(&about, width).into_iter().map(Line::from));
        let head = lines.len().min(5) as u16;
        for (row, line) in lines.iter().take(5).enumerate() {
            put_line(buf, inner, row as u16, line);
        }
        let columns = Rect {
            y: inner.y + head,
            height: inner.height.saturating_sub(head),
            ..inner
        };
        conflict::render(c, self.column, columns, buf, ctx.theme);
    }

    fn is_modal(&self) -> bool {
        true
    }

    /// Closes once nothing is left to resolve (undo, a reload).
    fn sync(&mut self, ctx: &Ctx) -> bool {
        Self::count(ctx) > 0
    }
}
