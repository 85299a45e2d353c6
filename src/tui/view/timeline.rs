//! The timeline of the open map (`T` on the board): its stages down, its
//! history across (each commit that changed it, oldest left, the
//! uncommitted file right), each cell the stage's status on that day as
//! `check` would have said it; the selected point's commit, author and
//! date; the emotion curve then and now; and the record of successes and
//! failures per quarter. Enter opens the selected revision read-only.
//!
//! The history is read on a thread of its own ([`HistoryLoad`]): the first
//! frame says "reading history…" and the rest comes when git has been
//! read. Outside a repository and the like, the screen says what the
//! `history` command says.

mod data;
mod draw;

use std::cell::Cell;
use std::path::PathBuf;

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::analysis::Thresholds;
use crate::git::{HistoryLoad, HistoryOutcome};
use crate::model::Map;
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;

use data::TimelineData;

/// Where the history is.
enum State {
    Loading,
    /// Why there is no history (not a repository, no commits...).
    Failed(String),
    Ready(TimelineData),
}

pub struct Timeline {
    /// The map's file.
    path: PathBuf,
    /// The open map, as it was when the timeline was opened: the curve
    /// "now" and what the record counts.
    now: Map,
    today: Date,
    thresholds: Thresholds,
    load: Option<HistoryLoad>,
    state: State,
    /// The selected point.
    cursor: usize,
    /// The first point drawn, and how many fit, at the last draw.
    first: Cell<usize>,
    shown: Cell<usize>,
    /// The first stage row drawn (when they do not all fit).
    row_first: usize,
    rows_shown: Cell<usize>,
}

impl Timeline {
    /// The timeline of the map at `path`, `now` being the open map; its
    /// history starts loading in the background.
    pub fn start(path: PathBuf, now: Map, today: Date, thresholds: Thresholds) -> Timeline {
        let load = HistoryLoad::start(path.clone(), today, thresholds);
        let mut timeline = Timeline::waiting(path, now, today, thresholds);
        timeline.load = Some(load);
        timeline
    }

    fn waiting(path: PathBuf, now: Map, today: Date, thresholds: Thresholds) -> Timeline {
        Timeline {
            path,
            now,
            today,
            thresholds,
            load: None,
            state: State::Loading,
            cursor: 0,
            first: Cell::new(0),
            shown: Cell::new(1),
            row_first: 0,
            rows_shown: Cell::new(1),
        }
    }

    /// Takes in the history read: the newest point is selected.
    fn loaded(&mut self, outcome: HistoryOutcome) {
        self.load = None;
        self.state = match outcome {
            Ok(history) => {
                let data = TimelineData::of(&history, &self.now, self.today, &self.thresholds);
                self.cursor = data.points.len().saturating_sub(1);
                State::Ready(data)
            }
            Err(e) => State::Failed(e.to_string()),
        };
    }

    fn point_count(&self) -> usize {
        match &self.state {
            State::Ready(data) => data.points.len(),
            _ => 0,
        }
    }

    fn move_cursor(&mut self, delta: isize) {
        let last = self.point_count().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    fn scroll_rows(&mut self, delta: isize) {
        let rows = match &self.state {
            State::Ready(data) => data.rows.len(),
            _ => 0,
        };
        let last = rows.saturating_sub(self.rows_shown.get().max(1));
        self.row_first = self.row_first.saturating_add_signed(delta).min(last);
    }

    /// Enter: the selected revision, read-only, over this screen.
    fn open_point(&self, ctx: &mut Ctx) {
        let State::Ready(data) = &self.state else {
            return;
        };
        let Some(point) = data.points.get(self.cursor) else {
            return;
        };
        match &point.revision {
            Some(revision) => ctx.send(AppEvent::OpenRevision {
                path: self.path.clone(),
                revision: Box::new(revision.clone()),
            }),
            None => ctx.send(AppEvent::Status(format!(
                "This is the map's file as it is now, not committed: {} goes back to its board",
                ctx.keys.describe(Action::Back)
            ))),
        }
    }
}

impl Component for Timeline {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if !matches!(self.state, State::Ready(_)) {
            return EventState::NotConsumed;
        }
        let page = self.shown.get().max(1) as isize;
        if ctx.is(Action::Left, &key) {
            self.move_cursor(-1);
        } else if ctx.is(Action::Right, &key) {
            self.move_cursor(1);
        } else if ctx.is(Action::Top, &key) {
            self.cursor = 0;
        } else if ctx.is(Action::Bottom, &key) {
            self.cursor = self.point_count().saturating_sub(1);
        } else if ctx.is(Action::PageUp, &key) {
            self.move_cursor(-page);
        } else if ctx.is(Action::PageDown, &key) {
            self.move_cursor(page);
        } else if ctx.is(Action::Up, &key) {
            self.scroll_rows(-1);
        } else if ctx.is(Action::Down, &key) {
            self.scroll_rows(1);
        } else if ctx.is(Action::Open, &key) {
            self.open_point(ctx);
        } else {
            return EventState::NotConsumed;
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        let mut out = Vec::new();
        if matches!(self.state, State::Ready(_)) {
            out.extend([
                CommandHint::new(&[Action::Left, Action::Right], "point"),
                CommandHint::new(&[Action::Open], "open it read-only"),
            ]);
        }
        out.push(CommandHint::new(&[Action::Back], "board"));
        out.extend([
            CommandHint::help_only(&[Action::Top, Action::Bottom], "first / last point"),
            CommandHint::help_only(
                &[Action::PageUp, Action::PageDown],
                "a screenful of points back / on",
            ),
            CommandHint::help_only(
                &[Action::Up, Action::Down],
                "scroll the stages, when they do not all fit",
            ),
        ]);
        out
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        draw::screen(self, area, buf, ctx);
    }

    fn name(&self) -> &'static str {
        "Timeline"
    }

    fn tick(&mut self, _ctx: &mut Ctx) -> bool {
        let Some(outcome) = self.load.as_mut().and_then(HistoryLoad::try_take) else {
            return false;
        };
        self.loaded(outcome);
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_some()
    }

    fn wait_loaded(&mut self) {
        if let Some(outcome) = self.load.as_mut().map(HistoryLoad::wait) {
            self.loaded(outcome);
        }
    }
}

#[cfg(test)]
mod tests;
