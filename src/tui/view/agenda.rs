//! The agenda: what the account managers owe across every map of the
//! folder, so the day's question ("what do I owe whom this week, whom must
//! I call back?") has one answer. Open commitments grouped overdue, due
//! today, this week and later, each with its client, stage, owner and how
//! late; then the stages to call back soon: reached stages whose newest
//! feedback goes stale, and the stage the client is in whose grace period
//! for a first feedback ends.
//!
//! The maps are read in the background (`storage::map_scan`), so the first
//! frame comes at once and rows stream in, as on the portfolio. What each
//! map owes is `analysis::Agenda::of_map`, the same rows as `journeymap
//! agenda`, looking [`CALL_BACK_DAYS`] ahead; the filter matches what
//! `Agenda::filtered` matches, a word at a time. Enter opens the map at
//! the stage with the item selected; `m` does the same and marks the
//! commitment kept there, as `m` on the stage screen does: one edit of the
//! open map, with its undo and its save.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use super::across::{self, ListPos};
use crate::analysis::{self, CallBack, CallBackReason, DueGroup, Status, Thresholds};
use crate::edit::document::ItemKind;
use crate::storage::LoadedMap;
use crate::storage::map_scan::{MapScan, MapSet};
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widget::text_input::{TextInput, TextKey};
use crate::tui::widget::{fill, put_line, safe_text};

/// How far ahead the screen's "call back soon" looks, in days: further
/// than `journeymap agenda`'s default week, as the screen is where the
/// coming fortnight is planned.
pub const CALL_BACK_DAYS: i64 = 14;

/// What one map owes. Its rows' `place.map` is 0: the screen's rows say
/// which map of the set they are on.
pub type MapDue = analysis::Agenda;

fn map_due(loaded: &LoadedMap, today: Date, t: &Thresholds) -> MapDue {
    analysis::Agenda::of_map(0, &loaded.map, today, t, CALL_BACK_DAYS)
}

/// A section of the agenda, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Due(DueGroup),
    CallBack,
}

impl Section {
    fn heading(self) -> String {
        match self {
            Section::Due(g) => g.title().to_string(),
            Section::CallBack => {
                format!("Call back soon: within {CALL_BACK_DAYS} days")
            }
        }
    }
}

/// One row: a commitment or a stage to call back on one map.
#[derive(Debug, Clone)]
struct Row {
    section: Section,
    /// Index into `Agenda::maps`.
    map: usize,
    /// Index into that map's `due` or `call_back`.
    item: usize,
    /// Days until due (negative: late) or until the call-back's day.
    days: i64,
    client_key: String,
}

/// A row by what it is: the map, which list, and the stage and index of
/// the commitment (or the stage alone, for a call back) in the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowKey {
    map: usize,
    call_back: bool,
    place: (usize, usize),
}

/// What Enter and `m` work on: the map's file and where the item is.
struct Target {
    path: PathBuf,
    stage: usize,
    kind: ItemKind,
    /// The item to select (none: a stage without feedback yet).
    index: Option<usize>,
    promise: Option<String>,
}

pub struct Agenda {
    /// Every map read so far, with what it owes (or why it could not be
    /// read: those are counted, the portfolio shows why).
    set: MapSet<MapDue>,
    rows: Vec<Row>,
    /// Indices into `rows` that pass the filter, in screen order.
    visible: Vec<usize>,
    pos: ListPos,
    filter: TextInput,
    typing: bool,
}

impl Agenda {
    /// Starts reading `files` in the background; returns at once.
    pub fn start(dir: &Path, files: Vec<PathBuf>, today: Date, t: Thresholds) -> Agenda {
        let set = MapSet::start(dir, files, move |m| map_due(m, today, &t));
        Agenda::with_set(set)
    }

    /// An agenda whose maps come from `scan` (for tests: a manual one).
    pub fn with_scan(dir: &Path, scan: MapScan<MapDue>, today: Date, t: Thresholds) -> Agenda {
        let make = Arc::new(move |m: &LoadedMap| map_due(m, today, &t));
        Agenda::with_set(MapSet::with_scan(dir, scan, make))
    }

    fn with_set(set: MapSet<MapDue>) -> Agenda {
        Agenda {
            set,
            rows: Vec::new(),
            visible: Vec::new(),
            pos: ListPos::default(),
            filter: TextInput::default(),
            typing: false,
        }
    }

    /// Takes in every map read since; whether anything changed.
    pub fn poll(&mut self) -> bool {
        let was_loading = self.set.is_loading();
        let current = self.selected_key();
        let changed = self.set.poll();
        if !changed.is_empty() {
            self.rebuild(Some(&changed), current);
        }
        !changed.is_empty() || was_loading != self.set.is_loading()
    }

    /// The rows again for the maps `changed` (indices into the set, sorted;
    /// `None`: every map), then sorted: by section, then the most overdue
    /// or the soonest first, then the client; then filtered. Only the
    /// changed maps' rows are made again, so maps streaming in cost what
    /// they bring, not the whole agenda each time.
    /// `current` is the selection, taken before the maps changed.
    fn rebuild(&mut self, changed: Option<&[usize]>, current: Option<RowKey>) {
        let is_changed = |m: usize| changed.is_none_or(|c| c.binary_search(&m).is_ok());
        self.rows.retain(|r| !is_changed(r.map));
        for (m, (_, result)) in self.set.maps.iter().enumerate() {
            if !is_changed(m) {
                continue;
            }
            let Ok(d) = result else { continue };
            rows_of(m, d, &mut self.rows);
        }
        let maps = &self.set.maps;
        self.rows.sort_by(|a, b| {
            (a.section, a.days, &a.client_key)
                .cmp(&(b.section, b.days, &b.client_key))
                .then_with(|| maps[a.map].0.cmp(&maps[b.map].0))
                .then(a.item.cmp(&b.item))
        });
        self.apply_filter(current);
    }

    /// Which row is selected, by what it is: rows move as maps arrive,
    /// and a commitment marked kept leaves its map's list.
    fn selected_key(&self) -> Option<RowKey> {
        let row = &self.rows[*self.visible.get(self.pos.selected)?];
        self.key_of(row)
    }

    fn key_of(&self, row: &Row) -> Option<RowKey> {
        let Ok(d) = &self.set.maps[row.map].1 else {
            return None;
        };
        let place = match row.section {
            Section::Due(_) => d.due.get(row.item).map(|c| (c.place.stage, c.item)),
            Section::CallBack => d.call_back.get(row.item).map(|c| (c.place.stage, 0)),
        }?;
        Some(RowKey {
            map: row.map,
            call_back: row.section == Section::CallBack,
            place,
        })
    }

    /// Filters the rows; the selection stays on the row `keep` names, or
    /// where it was when that row is gone.
    fn apply_filter(&mut self, keep: Option<RowKey>) {
        let query = self.filter.text().to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        self.visible = (0..self.rows.len())
            .filter(|&i| self.row_matches(&self.rows[i], &words))
            .collect();
        let was = if keep.is_some() { self.pos.selected } else { 0 };
        self.pos.selected = keep
            .and_then(|k| {
                self.visible
                    .iter()
                    .position(|&i| self.key_of(&self.rows[i]) == Some(k))
            })
            .unwrap_or(was.min(self.visible.len().saturating_sub(1)));
    }

    /// Whether every word matches the row, as `journeymap agenda` filters
    /// (`Agenda::filtered`): `@name` the owner, any other word the text.
    /// "call" and "back" also find the stages to call back.
    fn row_matches(&self, row: &Row, words: &[&str]) -> bool {
        let Ok(d) = &self.set.maps[row.map].1 else {
            return false;
        };
        words.iter().all(|w| {
            let (owner, text) = match w.strip_prefix('@') {
                Some(name) => (name, ""),
                None => ("", *w),
            };
            match row.section {
                Section::Due(_) => d.due.get(row.item).is_some_and(|c| c.matches(owner, text)),
                Section::CallBack => d.call_back.get(row.item).is_some_and(|c| {
                    c.matches(owner, text) || (owner.is_empty() && "call back".contains(text))
                }),
            }
        })
    }

    fn target(&self) -> Option<Target> {
        let row = &self.rows[*self.visible.get(self.pos.selected)?];
        let (path, Ok(d)) = &self.set.maps[row.map] else {
            return None;
        };
        let path = path.clone();
        Some(match row.section {
            Section::Due(_) => {
                let c = d.due.get(row.item)?;
                Target {
                    path,
                    stage: c.place.stage,
                    kind: ItemKind::Commitment,
                    index: Some(c.item),
                    promise: Some(c.promise.clone()),
                }
            }
            Section::CallBack => {
                let c = d.call_back.get(row.item)?;
                Target {
                    path,
                    stage: c.place.stage,
                    kind: ItemKind::Feedback,
                    index: c.feedback,
                    promise: None,
                }
            }
        })
    }

    /// Opens the map at the stage with the item selected, as Enter on a
    /// finding of the board does.
    fn open(&self, target: &Target, ctx: &mut Ctx) {
        ctx.send(AppEvent::OpenMap(target.path.clone()));
        ctx.send(AppEvent::OpenItem {
            stage: target.stage,
            kind: target.kind,
            index: target.index,
        });
    }

    fn mark_kept(&self, ctx: &mut Ctx) {
        let Some(target) = self.target() else {
            return;
        };
        let (Some(promise), Some(index)) = (target.promise.clone(), target.index) else {
            ctx.send(AppEvent::Error(
                "this is a stage to call back, not a commitment: Enter opens it".into(),
            ));
            return;
        };
        if ctx.read_only {
            ctx.send(AppEvent::Error(
                "the maps are open read-only: nothing can be changed".into(),
            ));
            return;
        }
        self.open(&target, ctx);
        ctx.send(AppEvent::MarkKept {
            stage: target.stage,
            index,
            promise,
        });
    }

    /// Keys while the filter is typed, as on the portfolio: text first,
    /// `back` clears and leaves the filter, `open` keeps it, up and down
    /// move.
    fn handle_typing(&mut self, key: KeyEvent, ctx: &Ctx) -> EventState {
        match self.filter.handle_key(key) {
            TextKey::Changed => self.apply_filter(None),
            TextKey::Unchanged => {}
            TextKey::NotText if ctx.is(Action::Back, &key) => {
                self.filter.clear();
                self.typing = false;
                self.apply_filter(None);
            }
            TextKey::NotText if ctx.is(Action::Open, &key) => self.typing = false,
            TextKey::NotText if ctx.is(Action::Up, &key) => {
                self.pos.move_by(-1, self.visible.len())
            }
            TextKey::NotText if ctx.is(Action::Down, &key) => {
                self.pos.move_by(1, self.visible.len())
            }
            TextKey::NotText => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn counts(&self) -> (usize, usize) {
        let calls = self
            .rows
            .iter()
            .filter(|r| r.section == Section::CallBack)
            .count();
        (self.rows.len() - calls, calls)
    }

    fn unreadable(&self) -> usize {
        self.set.unreadable()
    }

    /// The screen's lines in order: a heading before each section, then
    /// its rows (indices into `visible`).
    fn lines(&self) -> Vec<Option<usize>> {
        let mut out = Vec::with_capacity(self.visible.len() + 5);
        let mut section = None;
        for (v, &r) in self.visible.iter().enumerate() {
            let s = self.rows[r].section;
            if section != Some(s) {
                if section.is_some() {
                    out.push(None);
                }
                out.push(None);
                section = Some(s);
            }
            out.push(Some(v));
        }
        out
    }

    fn row_line(&self, row: &Row, cols: &Columns, theme: &Theme, selected: bool) -> Line<'static> {
        let mark = if selected { "▶ " } else { "  " };
        let Ok(d) = &self.set.maps[row.map].1 else {
            return Line::default();
        };
        let (when, when_style, place, owner, what) = match row.section {
            Section::Due(_) => {
                let Some(c) = d.due.get(row.item) else {
                    return Line::default();
                };
                let (when, style) = match c.in_days {
                    n if n < 0 => (format!("✗ {} d late", -n), theme.status(Status::AtRisk)),
                    0 => ("◷ today".to_string(), theme.status(Status::Watch)),
                    n => (format!("◷ in {n} d"), theme.text()),
                };
                (when, style, &c.place, &c.owner, c.promise.clone())
            }
            Section::CallBack => {
                let Some(c) = d.call_back.get(row.item) else {
                    return Line::default();
                };
                let when = format!("☎ in {} d", c.in_days);
                (
                    when,
                    theme.status(Status::Watch),
                    &c.place,
                    &c.place.account_manager,
                    call_back_what(c),
                )
            }
        };
        let line = Line::from(vec![
            Span::raw(mark),
            Span::styled(safe_text::pad(&when, WHEN_W), when_style),
            Span::raw(" "),
            Span::raw(safe_text::pad(&place.client, cols.client)),
            Span::raw(" "),
            Span::styled(safe_text::pad(&place.stage_name, cols.stage), theme.dim()),
            Span::raw(" "),
            Span::raw(safe_text::pad(owner, cols.owner)),
            Span::raw(" "),
            Span::raw(safe_text::fit(&what, cols.what)),
        ]);
        if selected {
            line.style(theme.selected())
        } else {
            line
        }
    }
}

/// The rows of one map: its open commitments, then its stages to call
/// back.
fn rows_of(m: usize, d: &MapDue, rows: &mut Vec<Row>) {
    let client_key = |place: &analysis::AgendaPlace| place.client.to_lowercase();
    for (i, c) in d.due.iter().enumerate() {
        rows.push(Row {
            section: Section::Due(c.group),
            map: m,
            item: i,
            days: c.in_days,
            client_key: client_key(&c.place),
        });
    }
    for (i, c) in d.call_back.iter().enumerate() {
        rows.push(Row {
            section: Section::CallBack,
            map: m,
            item: i,
            days: c.in_days,
            client_key: client_key(&c.place),
        });
    }
}

/// What a call-back row says in its last column: the newest feedback, or
/// that there is none yet.
fn call_back_what(c: &CallBack) -> String {
    match c.reason {
        CallBackReason::GoesStale { newest } if c.last_by.trim().is_empty() => {
            format!("newest feedback {newest}")
        }
        CallBackReason::GoesStale { newest } => {
            format!("newest feedback {newest} from {}", c.last_by)
        }
        CallBackReason::GraceEnds { since } => format!("no feedback yet, here since {since}"),
    }
}

const MARK_W: usize = 2;
/// "✗ 120 d late", "◷ in 6 d", "☎ in 14 d".
const WHEN_W: usize = 12;

/// Column widths for an inner width.
struct Columns {
    client: usize,
    stage: usize,
    owner: usize,
    what: usize,
}

impl Columns {
    fn for_width(width: usize) -> Columns {
        let avail = width.saturating_sub(MARK_W + WHEN_W + 4);
        let client = (avail / 4).clamp(6, 28);
        let stage = (avail / 5).clamp(6, 24);
        let owner = (avail * 4 / 25).clamp(6, 20);
        Columns {
            client,
            stage,
            owner,
            what: avail.saturating_sub(client + stage + owner),
        }
    }

    fn header(&self, theme: &Theme) -> Line<'static> {
        let text = format!(
            "{}{} {} {} {} {}",
            " ".repeat(MARK_W),
            safe_text::pad("When", WHEN_W),
            safe_text::pad("Client", self.client),
            safe_text::pad("Stage", self.stage),
            safe_text::pad("Owner", self.owner),
            "Promise",
        );
        Line::from(Span::styled(text, theme.dim()))
    }
}

impl Component for Agenda {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if self.typing {
            return self.handle_typing(key, ctx);
        }
        if self.pos.handle_key(&key, ctx, self.visible.len()) {
            return EventState::Consumed;
        }
        if ctx.is(Action::Open, &key) {
            if let Some(target) = self.target() {
                self.open(&target, ctx);
            }
        } else if ctx.is(Action::MarkKept, &key) {
            self.mark_kept(ctx);
        } else if ctx.is(Action::Filter, &key) {
            self.typing = true;
        } else if ctx.is(Action::Back, &key) && !self.filter.is_empty() {
            self.filter.clear();
            self.apply_filter(self.selected_key());
        } else {
            return EventState::NotConsumed;
        }
        EventState::Consumed
    }

    fn handle_mouse(&mut self, mouse: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> EventState {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.pos.move_by(3, self.visible.len()),
            MouseEventKind::ScrollUp => self.pos.move_by(-3, self.visible.len()),
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        if !self.typing {
            return EventState::NotConsumed;
        }
        if self.filter.paste(text) {
            self.apply_filter(None);
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        if self.typing {
            return vec![
                CommandHint::new(&[Action::Open], "keep filter"),
                CommandHint::new(&[Action::Back], "clear filter"),
                CommandHint::help_only(&[Action::Up, Action::Down], "move"),
            ];
        }
        let mut out = vec![
            CommandHint::new(&[Action::Up, Action::Down], "move"),
            CommandHint::new(&[Action::Open], "open"),
            CommandHint::new(&[Action::MarkKept], "kept"),
            CommandHint::new(&[Action::Filter], "filter (@owner)"),
        ];
        if !self.filter.is_empty() {
            out.push(CommandHint::new(&[Action::Back], "clear filter"));
        }
        out.push(CommandHint::help_only(
            &[Action::Open],
            "open the map at the stage, with the commitment (or the newest feedback, if any) selected",
        ));
        out.push(CommandHint::help_only(
            &[Action::MarkKept],
            "open the map there and mark the commitment kept today (undo and save as on the board)",
        ));
        out.push(CommandHint::help_only(
            &[Action::Filter],
            "filter: words match client, segment, manager, stage, owner and promise; @name the owner only",
        ));
        out.push(CommandHint::help_only(
            &[Action::PageUp, Action::PageDown],
            "page up / down",
        ));
        out.push(CommandHint::help_only(
            &[Action::Top, Action::Bottom],
            "first / last",
        ));
        out
    }

    fn name(&self) -> &'static str {
        "Agenda"
    }

    fn is_typing(&self) -> bool {
        self.typing
    }

    fn tick(&mut self, _ctx: &mut Ctx) -> bool {
        self.poll()
    }

    fn is_loading(&self) -> bool {
        self.set.is_loading()
    }

    fn wait_loaded(&mut self) {
        let current = self.selected_key();
        self.set.wait();
        self.rebuild(None, current);
    }

    /// The map is read again in the background; its rows follow.
    fn map_changed(&mut self, path: &Path, _ctx: &mut Ctx) {
        self.set.changed(path);
    }

    fn context(&self) -> Option<String> {
        let row = &self.rows[*self.visible.get(self.pos.selected)?];
        let (path, Ok(d)) = &self.set.maps[row.map] else {
            return None;
        };
        let what = match row.section {
            Section::Due(_) => {
                let c = d.due.get(row.item)?;
                format!(
                    "{} › {} · {} · due {}: {}",
                    c.place.client, c.place.stage_name, c.owner, c.due, c.promise
                )
            }
            Section::CallBack => {
                let c = d.call_back.get(row.item)?;
                // Who heard the client last first: the rest is on the row.
                let heard = match c.last_by.trim() {
                    "" => String::new(),
                    by => format!("last heard by {by} · "),
                };
                format!(
                    "{} › {} · {heard}{}",
                    c.place.client,
                    c.place.stage_name,
                    c.words()
                )
            }
        };
        Some(format!("{what} · {}", path.display()))
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let theme = ctx.theme;
        if area.height == 0 {
            return;
        }
        let (owed, calls) = self.counts();
        let unreadable = match self.unreadable() {
            0 => String::new(),
            n => format!(", {n} unreadable (see the portfolio)"),
        };
        let dir = safe_text::clean(&self.set.dir().display().to_string());
        across::header(
            area,
            buf,
            &[
                format!(" Agenda · {dir} · {owed} open, {calls} to call back{unreadable}"),
                format!(" Agenda · {owed} open, {calls} to call back{unreadable}"),
                format!(" Agenda · {owed} open, {calls} to call back"),
            ],
            ctx,
        );
        let panel = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let mut block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border(!self.typing))
            .title(Span::styled(" What we owe ", theme.heading()));
        if self.typing || !self.filter.is_empty() {
            let counts = format!("{} of {}", self.visible.len(), self.rows.len());
            let room = usize::from(area.width / 2);
            block = block.title(across::typed_title(
                "filter",
                &self.filter,
                self.typing,
                room,
                &counts,
                theme,
            ));
        }
        let inner = across::draw_list_panel(
            block,
            self.set.progress(),
            &self.pos,
            self.visible.len(),
            panel,
            buf,
            theme,
        );
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let cols = Columns::for_width(usize::from(inner.width));
        put_line(buf, inner, 0, &cols.header(theme));
        let list = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        if self.visible.is_empty() {
            let text = if self.set.progress().is_some() {
                "Reading the maps…".to_string()
            } else if self.rows.is_empty() {
                "Nothing owed: no open commitment, and no stage to call back soon.".to_string()
            } else {
                format!(
                    "Nothing matches \"{}\". Esc clears the filter.",
                    safe_text::clean(&self.filter.text())
                )
            };
            across::note(list, buf, &text, theme);
            return;
        }
        let lines = self.lines();
        let at = lines
            .iter()
            .position(|l| *l == Some(self.pos.selected))
            .unwrap_or(0);
        let height = usize::from(list.height);
        // The headings just above the selection come into view with it.
        let mut top = at;
        while top > 0 && lines[top - 1].is_none() && at - top < 2 {
            top -= 1;
        }
        let offset = self.pos.scroll(top, at, height, lines.len());
        for (y, line) in lines.iter().skip(offset).take(height).enumerate() {
            let y = y as u16;
            match line {
                Some(v) => {
                    let selected = *v == self.pos.selected;
                    let row = &self.rows[self.visible[*v]];
                    if selected {
                        fill(
                            buf,
                            Rect {
                                y: list.y + y,
                                height: 1,
                                ..list
                            },
                            theme.selected(),
                        );
                    }
                    put_line(buf, list, y, &self.row_line(row, &cols, theme, selected));
                }
                None => {
                    // A heading: the section of the next row, if any.
                    let next = lines.get(offset + usize::from(y) + 1).copied().flatten();
                    if let Some(v) = next {
                        let section = self.rows[self.visible[v]].section;
                        let n = self
                            .visible
                            .iter()
                            .filter(|&&r| self.rows[r].section == section)
                            .count();
                        let text = format!("{} · {n}", section.heading());
                        let style = match section {
                            Section::Due(DueGroup::Overdue) => theme.status(Status::AtRisk),
                            _ => theme.heading(),
                        };
                        put_line(buf, list, y, &Line::from(Span::styled(text, style)));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, Map, Stage};
    use crate::storage::map_scan::Scanned;

    /// What a map of `client` with one commitment due in `days` owes.
    fn owes(client: &str, promise: &str, owner: &str, days: i64) -> MapDue {
        let today = jiff::civil::date(2026, 11, 23);
        let due = today
            .checked_add(jiff::Span::new().days(days))
            .expect("date");
        let mut map = Map::new(client, "Dana");
        let mut stage = Stage::new("onboarding", "Onboarding");
        stage.commitments.push(Commitment::new(promise, owner, due));
        map.stages.push(stage);
        analysis::Agenda::of_map(0, &map, today, &Thresholds::default(), CALL_BACK_DAYS)
    }

    fn render(a: &Agenda) -> String {
        crate::tui::test_screen::drawn(a, 80, 12)
    }

    /// The scan is fed by hand, so the screen is looked at while it still
    /// runs, whatever the machine's speed.
    #[test]
    fn draws_at_once_and_fills_in_as_maps_arrive() {
        let (scan, tx) = MapScan::manual(2);
        let today = jiff::civil::date(2026, 11, 23);
        let mut a = Agenda::with_scan(Path::new("/maps"), scan, today, Thresholds::default());
        let first = render(&a);
        assert!(first.contains("Reading the maps"), "{first}");
        assert!(first.contains("loading 0 of 2"), "{first}");
        tx.send(Scanned {
            index: 0,
            path: PathBuf::from("/maps/a.ron"),
            result: Ok(owes("Acme", "Send the quote", "Sam", 3)),
        })
        .expect("sent");
        assert!(a.poll());
        let partial = render(&a);
        assert!(partial.contains("This week · 1"), "{partial}");
        assert!(partial.contains("loading 1 of 2"), "{partial}");
        tx.send(Scanned {
            index: 1,
            path: PathBuf::from("/maps/b.ron"),
            result: Ok(owes("Bolt", "Refund", "Ines", -4)),
        })
        .expect("sent");
        assert!(a.poll());
        assert!(!a.is_loading());
        let done = render(&a);
        let overdue = done.find("Overdue · 1").expect("overdue heading");
        let week = done.find("This week · 1").expect("week heading");
        assert!(overdue < week, "{done}");
        assert!(done.contains("✗ 4 d late"), "{done}");
        assert!(!done.contains("loading"), "{done}");
    }
}
