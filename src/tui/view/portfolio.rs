//! The portfolio: one row per map in a folder, riskiest first, so that an
//! account manager sees at a glance which client needs attention. A file
//! that cannot be read is a row with its error, never hidden.

use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use crate::analysis::{MapSummary, Risk, Status, Thresholds, days_between, riskier_first};
use crate::git::{Direction, TREND_DAYS, TrendLoad};
use crate::storage;
use crate::storage::portfolio::{MapStatus, PortfolioEvent, PortfolioLoad, PortfolioRequest};
use crate::storage::status_cache::error_summary;
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widget::text_input::{TextInput, TextKey};
use crate::tui::widget::{describe, draw_panel, fill, put_line, safe_text, status};

/// One map file of the folder.
#[derive(Debug, Clone)]
pub struct Row {
    pub path: PathBuf,
    pub file_name: String,
    pub entry: Result<MapSummary, LoadProblem>,
}

/// Why a file could not be read: a one-line summary for the row and every
/// problem for the detail overlay.
#[derive(Debug, Clone)]
pub struct LoadProblem {
    pub summary: String,
    pub lines: Vec<String>,
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl LoadProblem {
    /// From a whole load error (one line per problem, each starting with
    /// the path).
    fn from_message(path: &Path, file_name: &str, message: &str) -> LoadProblem {
        // The row has room for the file name, not the whole path.
        let full = path.display().to_string();
        let summary = error_summary(message);
        let summary = summary
            .strip_prefix(&full)
            .map(|rest| format!("{file_name}{rest}"))
            .unwrap_or(summary);
        LoadProblem {
            summary,
            lines: message.lines().map(str::to_string).collect(),
        }
    }
}

impl Row {
    fn load(path: &Path, today: Date, t: &Thresholds) -> Row {
        let file_name = file_name_of(path);
        let entry = match storage::load_map(path) {
            Ok(loaded) => Ok(MapSummary::analyse(&loaded.map, today, t)),
            Err(e) => Err(LoadProblem::from_message(path, &file_name, &e.to_string())),
        };
        Row {
            path: path.to_path_buf(),
            file_name,
            entry,
        }
    }

    /// A row from the background load (or the warm-start cache).
    fn from_status(status: MapStatus) -> Row {
        let file_name = file_name_of(&status.path);
        let entry = status
            .outcome
            .map_err(|message| LoadProblem::from_message(&status.path, &file_name, &message));
        Row {
            path: status.path,
            file_name,
            entry,
        }
    }

    /// The order of the rows: unreadable files first (their state is
    /// unknown), by file name; then the maps riskiest first
    /// ([`riskier_first`]: risk score, then client name); then the path.
    fn order(a: &Row, b: &Row) -> Ordering {
        let by_risk = match (&a.entry, &b.entry) {
            (Err(_), Ok(_)) => Ordering::Less,
            (Ok(_), Err(_)) => Ordering::Greater,
            (Err(_), Err(_)) => a.file_name.to_lowercase().cmp(&b.file_name.to_lowercase()),
            (Ok(sa), Ok(sb)) => riskier_first((&sa.risk, &sa.client), (&sb.risk, &sb.client)),
        };
        by_risk.then_with(|| a.path.cmp(&b.path))
    }

    /// Whether the row matches a lowercase filter query: the file name,
    /// client, manager, segment, every owner and the status word.
    fn matches(&self, query: &str) -> bool {
        if query.is_empty() {
            return true;
        }
        let mut hay = self.file_name.to_lowercase();
        match &self.entry {
            Ok(s) => {
                hay.push(' ');
                hay.push_str(&s.client.to_lowercase());
                hay.push(' ');
                hay.push_str(&s.account_manager.to_lowercase());
                for more in s.segment.iter().chain(&s.owners) {
                    hay.push(' ');
                    hay.push_str(&more.to_lowercase());
                }
                hay.push(' ');
                hay.push_str(
                    crate::tui::theme::status_word(s.status)
                        .to_lowercase()
                        .as_str(),
                );
            }
            Err(p) => {
                hay.push_str(" error ");
                hay.push_str(&p.summary.to_lowercase());
            }
        }
        crate::analysis::matches_words(&hay, query)
    }
}

pub struct Portfolio {
    dir: PathBuf,
    rows: Vec<Row>,
    /// Indices into `rows` that pass the filter, in display order.
    visible: Vec<usize>,
    /// Index into `visible`.
    selected: usize,
    /// First visible row at the last draw; adjusted when drawing so that
    /// the selection is always on screen.
    offset: Cell<usize>,
    /// Rows that fit at the last draw, for paging.
    page: Cell<usize>,
    /// The area of the table's rows at the last draw, for clicks.
    rows_area: Cell<Rect>,
    /// The filter's text; `typing` while it takes the keys.
    filter: TextInput,
    typing: bool,
    /// The background load filling in rows, until it has finished.
    loading: Option<PortfolioLoad>,
    /// Why the warm-start cache could not be written, once, for the app to
    /// show.
    cache_error: Option<String>,
    /// The trends from git being computed, until they are known.
    trend_load: Option<TrendLoad>,
    /// Where each map stood [`TREND_DAYS`] ago, once known; empty when the
    /// folder has no history (the columns are then not shown).
    trends: HashMap<PathBuf, [Option<Status>; 2]>,
    /// Rows sorted by "got worse" rather than riskiest first.
    sort_worse: bool,
}

impl Portfolio {
    /// Starts loading `files` in the background (on every core, from the
    /// warm-start cache when `cache_file` has them) and returns at once
    /// with no rows: [`Portfolio::poll`] fills them in.
    pub fn start(
        dir: &Path,
        files: &[PathBuf],
        today: Date,
        t: &Thresholds,
        cache_file: Option<PathBuf>,
    ) -> Self {
        let load = PortfolioLoad::start(PortfolioRequest {
            paths: files.to_vec(),
            today,
            thresholds: *t,
            cache_file,
        });
        Portfolio::with_load(dir, load)
    }

    /// A portfolio whose rows come from `load`.
    pub fn with_load(dir: &Path, load: PortfolioLoad) -> Self {
        let mut p = Portfolio::from_rows(dir, Vec::new());
        p.loading = Some(load);
        p
    }

    /// Computes the trends in the background ([`TrendLoad`]); the rows
    /// get their trend columns when they arrive.
    pub fn with_trends(mut self, load: TrendLoad) -> Self {
        self.trend_load = Some(load);
        self
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some() || self.trend_load.is_some()
    }

    /// Takes the trends in once they are known.
    fn take_trends(&mut self, wait: bool) -> bool {
        let Some(load) = self.trend_load.as_mut() else {
            return false;
        };
        let outcome = if wait { load.wait() } else { load.try_take() };
        let finished = wait || outcome.is_some();
        if let Some(Ok(trends)) = outcome {
            self.trends = trends.into_iter().map(|t| (t.path, t.then)).collect();
        }
        if finished {
            self.trend_load = None;
        }
        finished
    }

    /// How the map of `row` moved since each of [`TREND_DAYS`] ago:
    /// `None` where it is not known.
    fn directions(&self, row: &Row) -> [Option<Direction>; 2] {
        let now = row.entry.as_ref().ok().map(|s| s.status);
        let then = self.trends.get(&row.path);
        std::array::from_fn(|i| Some(Direction::of(then?[i]?, now?)))
    }

    /// "30 d ago watch (worse), 90 d ago ok (worse) · " for the status
    /// line; empty without trends.
    fn trend_words(&self, row: &Row) -> String {
        let Some(then) = self.trends.get(&row.path) else {
            return String::new();
        };
        let directions = self.directions(row);
        let words: Vec<String> = TREND_DAYS
            .iter()
            .zip(then)
            .zip(directions)
            .map(|((days, then), direction)| match (then, direction) {
                (Some(then), Some(d)) => format!(
                    "{days} d ago {} ({})",
                    crate::tui::theme::status_word(*then).to_lowercase(),
                    d.word()
                ),
                _ => format!("{days} d ago —"),
            })
            .collect();
        format!("{} · ", words.join(", "))
    }

    /// How much worse the map got: its largest step down (negative when it
    /// only got better), for sorting by "got worse".
    fn worsening(&self, row: &Row) -> i32 {
        let rank = |s: Status| s as i32;
        let now = row.entry.as_ref().ok().map(|s| rank(s.status));
        let then = self.trends.get(&row.path);
        (0..TREND_DAYS.len())
            .filter_map(|i| Some(now? - rank(then?[i]?)))
            .max()
            .unwrap_or(0)
    }

    /// Takes in every row the background load has ready, without waiting.
    /// Returns whether anything changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = self.take_trends(false);
        while let Some(event) = self.loading.as_mut().and_then(PortfolioLoad::try_next) {
            self.take(event);
            changed = true;
        }
        if changed {
            self.resort();
        }
        changed
    }

    /// Waits until every row is known.
    pub fn wait_loaded(&mut self) {
        while let Some(load) = self.loading.as_mut() {
            match load.next_blocking() {
                Some(event) => self.take(event),
                // The load stopped without finishing: nothing more comes.
                None => self.loading = None,
            }
        }
        self.take_trends(true);
        self.resort();
    }

    /// Why the warm-start cache could not be written, if it could not;
    /// given once.
    pub fn take_cache_error(&mut self) -> Option<String> {
        self.cache_error.take()
    }

    fn take(&mut self, event: PortfolioEvent) {
        match event {
            PortfolioEvent::Map { status, .. } => {
                // A row already there was read again after a change while
                // loading: it is newer than what the load saw.
                if !self.rows.iter().any(|r| r.path == status.path) {
                    self.rows.push(Row::from_status(status));
                }
            }
            PortfolioEvent::Finished { cache_error } => {
                self.cache_error = cache_error;
                self.loading = None;
            }
        }
    }

    pub fn from_rows(dir: &Path, mut rows: Vec<Row>) -> Self {
        rows.sort_by(Row::order);
        let mut p = Portfolio {
            dir: dir.to_path_buf(),
            rows,
            visible: Vec::new(),
            selected: 0,
            offset: Cell::new(0),
            page: Cell::new(10),
            rows_area: Cell::new(Rect::default()),
            filter: TextInput::default(),
            typing: false,
            loading: None,
            cache_error: None,
            trend_load: None,
            trends: HashMap::new(),
            sort_worse: false,
        };
        p.apply_filter();
        p
    }

    /// Reads one map again (after it was edited or created), keeping the
    /// selection on it.
    pub fn refresh(&mut self, path: &Path, today: Date, t: &Thresholds) {
        let current = self.selected_row().map(|r| r.path.clone());
        match self.rows.iter().position(|r| r.path == path) {
            Some(i) => self.rows[i] = Row::load(path, today, t),
            None if path.parent() == Some(self.dir.as_path()) => {
                self.rows.push(Row::load(path, today, t))
            }
            None => return,
        }
        self.resort_keeping(current);
    }

    /// Sorts and filters the rows again, keeping the selection on the same
    /// map.
    fn resort(&mut self) {
        let current = self.selected_row().map(|r| r.path.clone());
        self.resort_keeping(current);
    }

    fn resort_keeping(&mut self, current: Option<PathBuf>) {
        if self.sort_worse {
            let mut rows = std::mem::take(&mut self.rows);
            rows.sort_by(|a, b| {
                self.worsening(b)
                    .cmp(&self.worsening(a))
                    .then_with(|| Row::order(a, b))
            });
            self.rows = rows;
        } else {
            self.rows.sort_by(Row::order);
        }
        self.apply_filter();
        if let Some(current) = current
            && let Some(pos) = self
                .visible
                .iter()
                .position(|&r| self.rows[r].path == current)
        {
            self.selected = pos;
        }
    }

    /// Selects the row of `path`, when it is shown.
    fn select_path(&mut self, path: &Path) {
        if let Some(pos) = self.visible.iter().position(|&r| self.rows[r].path == path) {
            self.selected = pos;
        }
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.visible.get(self.selected).map(|&i| &self.rows[i])
    }

    fn apply_filter(&mut self) {
        let query = self.filter.text().to_lowercase();
        let current = self.visible.get(self.selected).copied();
        self.visible = (0..self.rows.len())
            .filter(|&i| self.rows[i].matches(&query))
            .collect();
        self.selected = current
            .and_then(|c| self.visible.iter().position(|&v| v == c))
            .unwrap_or(0);
    }

    fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    fn open_selected(&self, ctx: &mut Ctx) {
        match self.selected_row() {
            Some(Row {
                path, entry: Ok(_), ..
            }) => ctx.send(AppEvent::OpenMap(path.clone())),
            Some(Row {
                entry: Err(p),
                file_name,
                ..
            }) => ctx.send(AppEvent::ShowText {
                title: format!("{file_name} cannot be read"),
                lines: p.lines.clone(),
            }),
            None => {}
        }
    }

    /// Keys while the filter is typed: text first (a letter is text even
    /// when bound to an action), then `back` clears and leaves the filter,
    /// `open` keeps it, up and down move the selection.
    fn handle_typing(&mut self, key: KeyEvent, ctx: &Ctx) -> EventState {
        match self.filter.handle_key(key) {
            TextKey::Changed => self.apply_filter(),
            TextKey::Unchanged => {}
            TextKey::NotText if ctx.is(Action::Back, &key) => {
                self.filter.clear();
                self.typing = false;
                self.apply_filter();
            }
            TextKey::NotText if ctx.is(Action::Open, &key) => self.typing = false,
            TextKey::NotText if ctx.is(Action::Up, &key) => self.move_by(-1),
            TextKey::NotText if ctx.is(Action::Down, &key) => self.move_by(1),
            // Other Ctrl and Alt keys, function keys: not text; the app
            // may treat them as commands (Ctrl-c quits while filtering).
            TextKey::NotText => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn counts(&self) -> String {
        let count = |st: Status| {
            self.rows
                .iter()
                .filter(|r| matches!(&r.entry, Ok(s) if s.status == st))
                .count()
        };
        let errors = self.rows.iter().filter(|r| r.entry.is_err()).count();
        let mut parts = Vec::new();
        for (st, word) in [
            (Status::AtRisk, "at risk"),
            (Status::Watch, "watch"),
            (Status::Ok, "ok"),
        ] {
            let n = count(st);
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        if errors > 0 {
            parts.push(format!("{errors} unreadable"));
        }
        parts.join(", ")
    }

    fn draw_header(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let theme = ctx.theme;
        // While loading, the folder's size is known before its rows.
        let n = self
            .loading
            .as_ref()
            .map_or(0, PortfolioLoad::total)
            .max(self.rows.len());
        let maps = if n == 1 {
            "1 map".to_string()
        } else {
            format!("{n} maps")
        };
        let right = format!("as of {} ", ctx.today);
        let dir = safe_text::clean(&self.dir.display().to_string());
        let counts = self.counts();
        let avail = usize::from(area.width).saturating_sub(safe_text::width(&right) + 1);
        // Drop detail from the left side until it fits.
        let candidates = [
            format!(" journeymap · {dir} · {maps}: {counts}"),
            format!(" journeymap · {dir} · {maps}"),
            format!(" journeymap · {maps}"),
        ];
        let left = candidates
            .iter()
            .find(|c| safe_text::width(c) <= avail)
            .cloned()
            .unwrap_or_else(|| safe_text::truncate(&candidates[2], avail));
        let gap = usize::from(area.width)
            .saturating_sub(safe_text::width(&left) + safe_text::width(&right));
        let line = Line::from(vec![
            Span::styled(left, theme.heading()),
            Span::raw(" ".repeat(gap)),
            Span::styled(right, theme.dim()),
        ]);
        put_line(buf, area, 0, &line);
    }
}

/// " loading 120 of 1000 ███░░░░░░░ ": how far the background load is.
pub(crate) fn progress_line(done: usize, total: usize, theme: &Theme) -> Line<'static> {
    const BAR: usize = 10;
    let filled = (done * BAR).checked_div(total).unwrap_or(BAR).min(BAR);
    Line::from(vec![
        Span::styled(format!(" loading {done} of {total} "), theme.key()),
        Span::styled("█".repeat(filled), theme.key()),
        Span::styled("░".repeat(BAR - filled), theme.dim()),
        Span::raw(" "),
    ])
}

/// A count right-aligned in its column: coloured as `status` when there
/// is any, dim at zero.
fn count_cell(n: usize, width: usize, status: Status, theme: &Theme) -> Span<'static> {
    let style = if n > 0 {
        theme.status(status)
    } else {
        theme.dim()
    };
    Span::styled(safe_text::pad_left(&n.to_string(), width), style)
}

/// Column widths of the table for an inner width.
struct Columns {
    client: usize,
    manager: usize,
    /// The client's segment, where the names leave room for it (0: not
    /// shown; the status line gives the selected map's).
    segment: usize,
    feedback: bool,
    /// The risk score, on terminals wide enough for it next to the
    /// others; the status line gives the selected map's at any width.
    risk: bool,
    /// The trends (30 and 90 days ago), when there are any and there is
    /// room; the status line gives the selected map's at any width.
    trend: bool,
}

const MARK_W: usize = 2;
const STATUS_W: usize = 9;
/// The risk score: "104.1"; whole points from 10,000 on.
const RISK_W: usize = 6;
/// A trend: "better", "same", "worse", "—".
const TREND_W: usize = 6;
const MISSED_W: usize = 6;
const WEAK_W: usize = 4;
/// Relative dates: "12 d ago", "in 4 d", "17 d late".
const DATE_W: usize = 9;
/// What the client and manager names need at least before a column of
/// numbers is shown beside them.
const NAMES_W: usize = 28;
/// The segment column: at least this wide, shown once the names and it
/// have this much room (about 105 columns).
const SEGMENT_MIN_W: usize = 10;
const SEGMENT_FROM_FLEX: usize = 50;

impl Columns {
    fn for_width(width: usize, trends: bool) -> Columns {
        let fixed = MARK_W + STATUS_W + 1 + 1 + MISSED_W + 1 + WEAK_W + 1 + DATE_W;
        let with_feedback = fixed + 1 + DATE_W + 1;
        let with_risk = with_feedback + RISK_W + 1;
        let with_trend = with_risk + 2 * (TREND_W + 1);
        if width >= with_feedback + NAMES_W {
            let risk = width >= with_risk + NAMES_W;
            let trend = trends && width >= with_trend + NAMES_W;
            let flex = width
                - if trend {
                    with_trend
                } else if risk {
                    with_risk
                } else {
                    with_feedback
                };
            // The segment gets a fifth once the names have room besides.
            let segment = if flex >= SEGMENT_FROM_FLEX {
                (flex / 5).clamp(SEGMENT_MIN_W, 20)
            } else {
                0
            };
            let names = flex - segment - usize::from(segment > 0);
            // Wide terminals: names get what they need, not everything.
            let client = (names * 3 / 5).clamp(16, 40);
            let manager = (names - client).min(28);
            Columns {
                client,
                manager,
                segment,
                feedback: true,
                risk,
                trend,
            }
        } else {
            let flex = width.saturating_sub(fixed + 1);
            let client = (flex * 11 / 20).max(8).min(flex);
            Columns {
                client,
                manager: flex - client,
                segment: 0,
                feedback: false,
                risk: false,
                trend: false,
            }
        }
    }
}

/// A trend in its column: a word, coloured only to help (worse in the
/// at-risk colour, better in the ok one); "—" when not known.
fn trend_cell(direction: Option<Direction>, theme: &Theme) -> Span<'static> {
    let (word, style) = match direction {
        None => ("—", theme.dim()),
        Some(Direction::Worse) => ("worse", theme.status(Status::AtRisk)),
        Some(Direction::Better) => ("better", theme.status(Status::Ok)),
        Some(Direction::Same) => ("same", theme.dim()),
    };
    Span::styled(safe_text::pad(word, TREND_W), style)
}

/// The risk score in its column: one decimal while it fits, else whole
/// points.
fn risk_cell(risk: &Risk) -> String {
    let text = risk.to_string();
    if text.len() <= RISK_W {
        text
    } else {
        (risk.tenths() / 10).to_string()
    }
}

/// How long ago the newest feedback was: "today", "12 d ago", "none".
fn feedback_age(d: Option<Date>, today: Date) -> String {
    d.map(|d| describe::age_short(d, today))
        .unwrap_or_else(|| "none".to_string())
}

/// When the next open commitment is due: "today", "in 4 d", "17 d late".
fn due_in(d: Option<Date>, today: Date) -> String {
    match d {
        None => "—".to_string(),
        Some(d) => match days_between(today, d) {
            0 => "today".to_string(),
            n if n > 0 => format!("in {n} d"),
            n => format!("{} d late", -n),
        },
    }
}

impl Portfolio {
    fn header_line(&self, cols: &Columns, theme: &Theme) -> Line<'static> {
        let mut text = format!(
            "{}{} ",
            " ".repeat(MARK_W),
            safe_text::pad("Status", STATUS_W)
        );
        if cols.risk {
            text.push_str(&safe_text::pad_left("Risk", RISK_W));
            text.push(' ');
        }
        if cols.trend {
            for days in TREND_DAYS {
                text.push_str(&safe_text::pad(&format!("{days} d"), TREND_W));
                text.push(' ');
            }
        }
        text.push_str(&safe_text::pad("Client", cols.client));
        if cols.manager > 0 {
            text.push(' ');
            text.push_str(&safe_text::pad("Manager", cols.manager));
        }
        if cols.segment > 0 {
            text.push(' ');
            text.push_str(&safe_text::pad("Segment", cols.segment));
        }
        text.push(' ');
        text.push_str(&safe_text::pad_left("Missed", MISSED_W));
        text.push(' ');
        text.push_str(&safe_text::pad_left("Weak", WEAK_W));
        if cols.feedback {
            text.push(' ');
            text.push_str(&safe_text::pad_left("Feedback", DATE_W));
        }
        text.push(' ');
        text.push_str(&safe_text::pad_left("Next due", DATE_W));
        Line::from(Span::styled(text, theme.dim()))
    }

    fn row_line(
        &self,
        row: &Row,
        cols: &Columns,
        width: usize,
        selected: bool,
        ctx: &Ctx,
    ) -> Line<'static> {
        let theme = ctx.theme;
        let mark = if selected { "▶ " } else { "  " };
        let mut spans = vec![Span::raw(mark)];
        match &row.entry {
            Err(p) => {
                spans.push(status::error_badge(theme));
                spans.push(Span::raw(" "));
                let rest = width.saturating_sub(MARK_W + STATUS_W + 1);
                spans.push(Span::styled(
                    safe_text::pad(&p.summary, rest),
                    theme.error(),
                ));
            }
            Ok(s) => {
                spans.push(status::badge_padded(s.status, theme));
                spans.push(Span::raw(" "));
                if cols.risk {
                    spans.push(Span::styled(
                        safe_text::pad_left(&risk_cell(&s.risk), RISK_W),
                        theme.status(s.status),
                    ));
                    spans.push(Span::raw(" "));
                }
                if cols.trend {
                    for direction in self.directions(row) {
                        spans.push(trend_cell(direction, theme));
                        spans.push(Span::raw(" "));
                    }
                }
                spans.push(Span::raw(safe_text::pad(&s.client, cols.client)));
                if cols.manager > 0 {
                    spans.push(Span::raw(" "));
                    spans.push(Span::raw(safe_text::pad(&s.account_manager, cols.manager)));
                }
                if cols.segment > 0 {
                    spans.push(Span::raw(" "));
                    let segment = s.segment.as_deref().unwrap_or("");
                    spans.push(Span::raw(safe_text::pad(segment, cols.segment)));
                }
                spans.push(Span::raw(" "));
                spans.push(count_cell(s.missed, MISSED_W, Status::AtRisk, theme));
                spans.push(Span::raw(" "));
                spans.push(count_cell(s.weak_stages, WEAK_W, Status::Watch, theme));
                if cols.feedback {
                    spans.push(Span::raw(" "));
                    let style = if s.newest_feedback.is_none() {
                        theme.status(Status::AtRisk)
                    } else {
                        theme.text()
                    };
                    spans.push(Span::styled(
                        safe_text::pad_left(&feedback_age(s.newest_feedback, ctx.today), DATE_W),
                        style,
                    ));
                }
                spans.push(Span::raw(" "));
                let due_style = match s.next_due {
                    Some(d) if d < ctx.today => theme.status(Status::AtRisk),
                    Some(d) if d == ctx.today => theme.status(Status::Watch),
                    _ => theme.text(),
                };
                spans.push(Span::styled(
                    safe_text::pad_left(&due_in(s.next_due, ctx.today), DATE_W),
                    due_style,
                ));
            }
        }
        let line = Line::from(spans);
        if selected {
            line.style(theme.selected())
        } else {
            line
        }
    }
}

impl Component for Portfolio {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if self.typing {
            return self.handle_typing(key, ctx);
        }
        let page = self.page.get().max(1) as isize;
        if ctx.is(Action::Up, &key) {
            self.move_by(-1);
        } else if ctx.is(Action::Down, &key) {
            self.move_by(1);
        } else if ctx.is(Action::PageUp, &key) {
            self.move_by(-page);
        } else if ctx.is(Action::PageDown, &key) {
            self.move_by(page);
        } else if ctx.is(Action::Top, &key) {
            self.selected = 0;
        } else if ctx.is(Action::Bottom, &key) {
            self.selected = self.visible.len().saturating_sub(1);
        } else if ctx.is(Action::Open, &key) {
            self.open_selected(ctx);
        } else if ctx.is(Action::Filter, &key) {
            self.typing = true;
        } else if ctx.is(Action::Agenda, &key) {
            ctx.send(AppEvent::OpenAgenda(self.dir.clone()));
        } else if ctx.is(Action::Search, &key) {
            ctx.send(AppEvent::OpenSearch(self.dir.clone()));
        } else if ctx.is(Action::Export, &key) {
            ctx.send(AppEvent::ExportFolder(self.dir.clone()));
        } else if ctx.is(Action::EditFile, &key) {
            // Also on a row that cannot be read: the editor is how to fix it.
            if let Some(row) = self.selected_row() {
                ctx.send(AppEvent::EditFile(row.path.clone()));
            }
        } else if ctx.is(Action::SortWorse, &key) && !self.trends.is_empty() {
            self.sort_worse = !self.sort_worse;
            self.resort();
        } else if ctx.is(Action::Back, &key) && !self.filter.is_empty() {
            self.filter.clear();
            self.apply_filter();
        } else {
            return EventState::NotConsumed;
        }
        EventState::Consumed
    }

    fn handle_mouse(&mut self, mouse: MouseEvent, _area: Rect, ctx: &mut Ctx) -> EventState {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.move_by(3),
            MouseEventKind::ScrollUp => self.move_by(-3),
            MouseEventKind::Down(MouseButton::Left) => {
                let area = self.rows_area.get();
                if mouse.row < area.y
                    || mouse.row >= area.bottom()
                    || mouse.column < area.x
                    || mouse.column >= area.right()
                {
                    return EventState::NotConsumed;
                }
                let index = self.offset.get() + usize::from(mouse.row - area.y);
                if index >= self.visible.len() {
                    return EventState::NotConsumed;
                }
                // A click selects; a click on the selected row opens it.
                if index == self.selected {
                    self.open_selected(ctx);
                } else {
                    self.selected = index;
                }
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        if self.typing {
            return vec![
                CommandHint::new(&[Action::Open], "keep filter"),
                CommandHint::new(&[Action::Back], "clear filter"),
            ];
        }
        let mut out = vec![
            CommandHint::new(&[Action::Up, Action::Down], "move"),
            CommandHint::new(&[Action::Open], "open"),
            CommandHint::new(&[Action::Filter], "filter"),
            CommandHint::new(&[Action::Agenda], "agenda"),
            CommandHint::new(&[Action::Search], "search"),
            CommandHint::new(&[Action::NewMap], "new map"),
        ];
        if !self.filter.is_empty() {
            out.push(CommandHint::new(&[Action::Back], "clear filter"));
        }
        if self.selected_row().is_some_and(|r| r.entry.is_err()) {
            out.insert(2, CommandHint::new(&[Action::EditFile], "edit file"));
        }
        out.push(CommandHint::help_only(
            &[Action::Agenda],
            "what is owed across every map: open commitments, stages to call back",
        ));
        out.push(CommandHint::help_only(
            &[Action::Search],
            "search the text of every map (items, owners, departments, segments, notes)",
        ));
        out.push(CommandHint::help_only(
            &[Action::Filter],
            "filter by file name, client, manager, segment, owner or status",
        ));
        out.push(CommandHint::help_only(
            &[Action::PageUp, Action::PageDown],
            "page up / down",
        ));
        out.push(CommandHint::help_only(
            &[Action::Top, Action::Bottom],
            "first / last map",
        ));
        out.push(CommandHint::help_only(
            &[Action::EditFile],
            "edit the map's file in $VISUAL / $EDITOR (also one that cannot be read)",
        ));
        out.push(CommandHint::help_only(
            &[Action::Export],
            "export every map to Markdown (index.md + one per map)",
        ));
        if !self.trends.is_empty() {
            out.push(CommandHint::help_only(
                &[Action::SortWorse],
                if self.sort_worse {
                    "sort riskiest first"
                } else {
                    "sort by got worse (30 and 90 days ago, from git)"
                },
            ));
        }
        out
    }

    fn is_typing(&self) -> bool {
        self.typing
    }

    fn name(&self) -> &'static str {
        "Portfolio"
    }

    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        let changed = self.poll();
        if let Some(e) = self.take_cache_error() {
            // The rows are right regardless; only the next start is slower.
            ctx.send(AppEvent::Error(format!(
                "cannot keep the status cache: {e}"
            )));
        }
        changed
    }

    fn is_loading(&self) -> bool {
        Portfolio::is_loading(self)
    }

    fn wait_loaded(&mut self) {
        Portfolio::wait_loaded(self);
    }

    fn map_changed(&mut self, path: &Path, ctx: &mut Ctx) {
        self.refresh(path, ctx.today, ctx.thresholds);
    }

    /// Back from a map: its row (new, or moved by the edits) is selected.
    fn map_left(&mut self, path: &Path, ctx: &mut Ctx) {
        self.refresh(path, ctx.today, ctx.thresholds);
        self.select_path(path);
    }

    fn maps_folder(&self) -> Option<&Path> {
        Some(&self.dir)
    }

    /// A paste while filtering goes into the filter.
    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        if !self.typing {
            return EventState::NotConsumed;
        }
        if self.filter.paste(text) {
            self.apply_filter();
        }
        EventState::Consumed
    }

    /// For a map: why it ranks where it does (the terms of its risk
    /// score, biggest first), its segment, then its path.
    fn context(&self) -> Option<String> {
        self.selected_row().map(|row| match &row.entry {
            Ok(s) => {
                // After the score's terms, which issue 12 put first.
                let segment = s
                    .segment
                    .as_deref()
                    .map(|seg| format!(" · {}", safe_text::clean(seg)))
                    .unwrap_or_default();
                format!(
                    "{}risk {} = {}{segment} · {}",
                    self.trend_words(row),
                    s.risk,
                    s.risk.explain(),
                    row.path.display()
                )
            }
            Err(_) => format!(
                "{} cannot be read: Enter shows every problem",
                row.path.display()
            ),
        })
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let theme = ctx.theme;
        if area.height == 0 {
            return;
        }
        self.draw_header(area, buf, ctx);
        let table_area = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let mut block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border(!self.typing))
            .title(Span::styled(
                if self.sort_worse {
                    " Top clients · got worse first "
                } else {
                    " Top clients "
                },
                theme.heading(),
            ));
        if self.typing || !self.filter.is_empty() {
            let room = usize::from(area.width / 2);
            let q = if self.typing {
                let (before, after) = self.filter.around_cursor(room);
                format!("{before}▏{after}")
            } else {
                safe_text::fit(&self.filter.text(), room)
            };
            block = block.title(Line::from(vec![
                Span::styled(" filter: ", theme.key()),
                Span::raw(q),
                Span::styled(
                    format!(" {} of {} ", self.visible.len(), self.rows.len()),
                    theme.dim(),
                ),
            ]));
        }
        if let Some(load) = &self.loading {
            block = block.title_bottom(progress_line(load.done(), load.total(), theme));
        }
        if !self.visible.is_empty() {
            let pos = format!(" {} of {} ", self.selected + 1, self.visible.len());
            block = block.title_bottom(Line::from(Span::styled(pos, theme.dim())).right_aligned());
        }
        let inner = draw_panel(block, table_area, buf);
        // One cell of padding on each side, inside the border.
        let inner = Rect {
            x: inner.x.saturating_add(1),
            width: inner.width.saturating_sub(2),
            ..inner
        };
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let width = usize::from(inner.width);
        let cols = Columns::for_width(width, !self.trends.is_empty());
        put_line(buf, inner, 0, &self.header_line(&cols, theme));
        let rows_area = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        self.rows_area.set(rows_area);
        let height = usize::from(rows_area.height);
        self.page.set(height.max(1));
        if self.visible.is_empty() && self.is_loading() {
            put_line(
                buf,
                rows_area,
                0,
                &Line::from(Span::styled("  Loading the maps…", theme.dim())),
            );
            return;
        }
        if self.visible.is_empty() {
            let msg = format!(
                "No map matches \"{}\". Esc clears the filter.",
                safe_text::clean(&self.filter.text())
            );
            put_line(
                buf,
                rows_area,
                0,
                &Line::from(Span::styled(
                    format!("  {}", safe_text::truncate(&msg, width.saturating_sub(2))),
                    theme.dim(),
                )),
            );
            return;
        }
        // Keep the selection on screen, moving the view as little as possible.
        let mut offset = self.offset.get();
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        offset = offset.min(self.visible.len().saturating_sub(height.max(1)));
        self.offset.set(offset);
        for (row_no, &index) in self.visible.iter().skip(offset).take(height).enumerate() {
            let selected = offset + row_no == self.selected;
            let line = self.row_line(&self.rows[index], &cols, width, selected, ctx);
            let y = row_no as u16;
            if selected {
                fill(
                    buf,
                    Rect {
                        y: rows_area.y + y,
                        height: 1,
                        ..rows_area
                    },
                    theme.selected(),
                );
            }
            put_line(buf, rows_area, y, &line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::portfolio::MapStatus;
    use crate::tui::keymap::KeyMap;
    use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

    /// A summary whose score is one finding of the status' severity.
    fn summary(client: &str, status: Status) -> MapSummary {
        let risk = match status {
            Status::AtRisk => Risk {
                critical: 1,
                ..Risk::default()
            },
            Status::Watch => Risk {
                warning: 1,
                ..Risk::default()
            },
            Status::Ok => Risk::default(),
        };
        MapSummary {
            client: client.into(),
            account_manager: "Dana Ruiz".into(),
            segment: None,
            owners: Vec::new(),
            status,
            risk,
            missed: 0,
            weak_stages: 0,
            stage_count: 3,
            newest_feedback: None,
            next_due: None,
        }
    }

    fn map_event(index: usize, client: &str, status: Status, done: usize) -> PortfolioEvent {
        PortfolioEvent::Map {
            status: MapStatus {
                index,
                path: PathBuf::from(format!("/maps/{index}.ron")),
                outcome: Ok(summary(client, status)),
                hash: Some(1),
                from_cache: false,
            },
            done,
            total: 3,
        }
    }

    fn render(p: &Portfolio) -> String {
        crate::tui::test_screen::drawn(p, 80, 10)
    }

    fn down(p: &mut Portfolio) {
        let keys = KeyMap::default();
        let theme = Theme::new(false);
        let t = Thresholds::default();
        let mut ctx = Ctx::new(
            &keys,
            &theme,
            jiff::civil::date(2026, 11, 23),
            &t,
            false,
            "t",
        );
        let mut key = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        key.kind = KeyEventKind::Press;
        assert!(p.handle_key(key, &mut ctx).is_consumed());
    }

    /// The load here is fed by hand, so the screen is looked at while it
    /// is still running, whatever the machine's speed.
    #[test]
    fn draws_before_the_load_finishes_and_fills_in_rows() {
        let (load, tx) = PortfolioLoad::manual(3);
        let mut p = Portfolio::with_load(Path::new("/maps"), load);
        assert!(p.is_loading());
        let first = render(&p);
        assert!(first.contains("3 maps"), "{first}");
        assert!(first.contains("Loading the maps"), "{first}");
        assert!(first.contains("loading 0 of 3 ░░░░░░░░░░"), "{first}");
        assert!(!p.poll(), "nothing arrived yet");

        tx.send(map_event(0, "Quiet Meadow", Status::Ok, 1))
            .expect("sent");
        tx.send(map_event(1, "Harbor Freightways", Status::AtRisk, 2))
            .expect("sent");
        assert!(p.poll());
        let partial = render(&p);
        assert!(partial.contains("loading 2 of 3 ██████░░░░"), "{partial}");
        // Riskiest first, even while loading.
        let harbor = partial.find("Harbor Freightways").expect("harbor row");
        let meadow = partial.find("Quiet Meadow").expect("meadow row");
        assert!(harbor < meadow, "{partial}");
        // Keys work meanwhile, and the selection stays on its map as rows
        // arrive above it.
        down(&mut p);
        assert_eq!(
            p.selected_row().map(|r| r.file_name.as_str()),
            Some("0.ron")
        );
        tx.send(map_event(2, "Acme Risk", Status::AtRisk, 3))
            .expect("sent");
        tx.send(PortfolioEvent::Finished { cache_error: None })
            .expect("sent");
        assert!(p.poll());
        assert!(!p.is_loading());
        assert_eq!(
            p.selected_row().map(|r| r.file_name.as_str()),
            Some("0.ron")
        );
        let done = render(&p);
        assert!(!done.contains("loading"), "{done}");
        assert!(done.contains("Acme Risk"), "{done}");
    }

    #[test]
    fn a_row_read_again_while_loading_is_not_replaced_by_the_load() {
        let (load, tx) = PortfolioLoad::manual(3);
        let mut p = Portfolio::with_load(Path::new("/maps"), load);
        p.rows.push(Row {
            path: PathBuf::from("/maps/1.ron"),
            file_name: "1.ron".into(),
            entry: Ok(summary("Newer Name", Status::Ok)),
        });
        tx.send(map_event(1, "Older Name", Status::AtRisk, 1))
            .expect("sent");
        drop(tx);
        p.wait_loaded();
        assert!(!p.is_loading());
        assert_eq!(p.rows.len(), 1);
        let s = render(&p);
        assert!(s.contains("Newer Name") && !s.contains("Older Name"), "{s}");
    }
}
