//! The journey board: one map's stages left to right, as the client lives
//! them, with what needs attention flagged on each stage, the client's
//! sentiment as a curve across the stages, and every finding in a panel
//! below. Stages that do not fit scroll sideways; only the visible columns
//! are drawn.

mod column;
mod findings_panel;
mod stage_keys;

use column::{ColumnCache, ColumnKey};
use findings_panel::{FindingOrder, finding_order};

use std::cell::{Cell, RefCell};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::analysis::{
    Finding, ItemList, Status, journey_sentiment, sentiment_word, stage_sentiment,
};
use crate::edit::document::{Document, Edit, ItemKind, SharedDoc};
use crate::model::Stage;
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::event::EditRequest;
use crate::tui::forms::FormTarget;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::view::find::{self, FindBar, FindKey};
use crate::tui::widget::{draw_panel, emotion_curve, put_line, safe_text, sentiment, status};
use stage_keys::stage_list_key;

/// Narrowest a stage column may be; fewer columns are shown rather than
/// squeezing them.
pub const MIN_COLUMN: u16 = 26;
/// Widest a stage column gets.
pub const MAX_COLUMN: u16 = 56;
/// Rows of the findings panel (borders included) when it is not focused.
const FINDINGS_ROWS: u16 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Stages,
    Findings,
}

/// Where things were drawn, for mouse clicks.
#[derive(Debug, Clone, Copy, Default)]
struct Geometry {
    columns: Rect,
    first: usize,
    shown: usize,
    column_width: u16,
    findings: Rect,
    findings_offset: usize,
}

pub struct Board {
    doc: SharedDoc,
    selected: usize,
    focus: Focus,
    /// Index into the sorted findings list.
    finding: usize,
    /// First stage column shown at the last draw.
    first: Cell<usize>,
    geometry: Cell<Geometry>,
    /// The findings panel's order, kept until the analysis changes.
    finding_order: RefCell<FindingOrder>,
    /// The lines of the columns shown, kept until the map changes.
    columns: ColumnCache,
    /// The search in the map (`/`), if any.
    find: FindBar,
    /// Digits typed in a row, for stage numbers above 9 ("1", "2": 12).
    digits: String,
    /// The screen below, that Esc goes back to.
    below: &'static str,
}

impl Board {
    pub fn new(doc: SharedDoc) -> Self {
        Board {
            doc,
            selected: 0,
            focus: Focus::Stages,
            finding: 0,
            first: Cell::new(0),
            geometry: Cell::new(Geometry::default()),
            finding_order: RefCell::new(FindingOrder::default()),
            columns: ColumnCache::default(),
            find: FindBar::default(),
            digits: String::new(),
            below: "portfolio",
        }
    }

    /// The board of a revision opened from the timeline: Esc goes back
    /// to the timeline.
    pub fn over_timeline(mut self) -> Self {
        self.below = "timeline";
        self
    }

    pub fn selected_stage(&self) -> usize {
        self.selected
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// Selects a stage (clamped to the stages there are).
    pub fn select_stage(&mut self, index: usize) {
        let count = self.doc.borrow().map().stages.len();
        self.selected = index.min(count.saturating_sub(1));
    }

    fn stage_count(&self) -> usize {
        self.doc.borrow().map().stages.len()
    }

    fn findings_count(&self) -> usize {
        let doc = self.doc.borrow();
        finding_order(&self.finding_order, &doc).len()
    }

    /// Opens the stage of the selected finding with the item it is about
    /// selected (the feedback list for a finding about the stage's
    /// feedback as a whole), and selects that stage on the board for when
    /// the user comes back.
    fn open_finding(&mut self, ctx: &mut Ctx) {
        let target = {
            let doc = self.doc.borrow();
            finding_order(&self.finding_order, &doc)
                .get(&doc, self.finding)
                .map(|f| (f.stage, finding_item(f)))
        };
        if let Some((stage, (kind, index))) = target {
            self.select_stage(stage);
            ctx.send(AppEvent::OpenItem { stage, kind, index });
        }
    }

    fn move_finding(&mut self, delta: isize) {
        let n = self.findings_count();
        self.finding = self
            .finding
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }

    /// The client is in the selected stage now, since today: one undoable
    /// edit, saved like any other.
    fn mark_now(&mut self, ctx: &mut Ctx) {
        let name = self
            .doc
            .borrow()
            .map()
            .stages
            .get(self.selected)
            .map(|s| s.name.clone());
        let result = self.doc.borrow_mut().apply(Edit::MoveNow {
            stage: self.selected,
            since: ctx.today,
        });
        match (result, name) {
            (Ok(_), Some(name)) => ctx.send(AppEvent::Status(format!(
                "The client is now in \"{}\" (since {})",
                crate::text::safe::clean(&name),
                ctx.today
            ))),
            (Ok(done), None) => ctx.send(AppEvent::Status(done)),
            (Err(why), _) => ctx.send(AppEvent::Error(why.0)),
        }
    }

    /// A digit selects the stage of that number; digits typed in a row
    /// make a bigger number while there is such a stage ("1" then "2" is
    /// stage 12 of 12 or more, stage 2 otherwise). Whether the key was a
    /// digit.
    fn stage_number_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) -> bool {
        let KeyCode::Char(c) = key.code else {
            return false;
        };
        if !c.is_ascii_digit()
            || key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        let count = self.stage_count();
        let longer = format!("{}{c}", self.digits);
        let number = |text: &str| {
            text.parse::<usize>()
                .ok()
                .filter(|n| (1..=count).contains(n))
        };
        if let Some(n) = number(&longer) {
            self.digits = longer;
            self.selected = n - 1;
        } else if let Some(n) = number(&c.to_string()) {
            self.digits = c.to_string();
            self.selected = n - 1;
        } else {
            self.digits.clear();
            ctx.send(AppEvent::Error(format!(
                "There is no stage {c}: the map has {count}"
            )));
        }
        true
    }

    /// Goes to the next (or previous) stage with a match, from the stage
    /// selected (`here`: that stage too); says how many matches there are.
    /// Whether there is a match at all.
    fn find_step(&mut self, forward: bool, here: bool, ctx: &mut Ctx) -> bool {
        let hits = self.find.hits(self.doc.borrow().map());
        let mut stages: Vec<usize> = hits.iter().map(|h| h.stage).collect();
        stages.dedup();
        if stages.is_empty() {
            ctx.send(AppEvent::Error(format!(
                "No match for \"{}\" in this map",
                safe_text::clean(self.find.query())
            )));
            return false;
        }
        let at = self.selected;
        let next = if forward {
            stages
                .iter()
                .find(|&&s| s > at || (here && s == at))
                .or(stages.first())
        } else {
            stages.iter().rev().find(|&&s| s < at).or(stages.last())
        };
        if let Some(&stage) = next {
            self.selected = stage;
            let in_stage = hits.iter().filter(|h| h.stage == stage).count();
            ctx.send(AppEvent::Status(format!(
                "{}, {in_stage} here: {} opens the stage at its first, n / N go on",
                find::matches_words(&hits),
                ctx.keys.describe(Action::Open),
            )));
        }
        true
    }

    /// Enter while searching: opens the selected stage at its first match,
    /// the search going on there. Whether the stage has one.
    fn open_found(&mut self, ctx: &mut Ctx) -> bool {
        let hits = self.find.hits(self.doc.borrow().map());
        match hits.iter().position(|h| h.stage == self.selected) {
            Some(i) => {
                ctx.send(AppEvent::OpenFound {
                    stage: hits[i].stage,
                    item: hits[i].item,
                    query: self.find.query().to_string(),
                });
                ctx.send(AppEvent::Status(format!(
                    "Match {} of {} for \"{}\"",
                    i + 1,
                    hits.len(),
                    safe_text::clean(self.find.query())
                )));
                true
            }
            None => false,
        }
    }

    fn move_stage(&mut self, delta: isize) {
        let n = self.stage_count();
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }
}

impl Component for Board {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
        if self.find.is_typing() {
            // Enter goes to the first match from the stage selected, on its
            // stage's screen with the item selected.
            if self.find.handle_key(key, ctx) == FindKey::Confirmed
                && self.find_step(true, true, ctx)
            {
                self.open_found(ctx);
            }
            return EventState::Consumed;
        }
        if self.focus == Focus::Stages && self.stage_number_key(&key, ctx) {
            return EventState::Consumed;
        }
        self.digits.clear();
        if self.focus == Focus::Stages {
            if ctx.is(Action::Filter, &key) {
                self.find.start();
                return EventState::Consumed;
            }
            if self.find.is_active()
                && let Some(forward) = find::step_key(&key)
            {
                self.find_step(forward, false, ctx);
                return EventState::Consumed;
            }
            if self.find.is_active() && ctx.is(Action::Open, &key) && self.open_found(ctx) {
                return EventState::Consumed;
            }
            if self.find.is_active() && ctx.is(Action::Back, &key) {
                // Esc ends the search first, then leaves the board.
                self.find = FindBar::default();
                ctx.send(AppEvent::Status("Search ended".into()));
                return EventState::Consumed;
            }
        }
        if ctx.is(Action::NextPanel, &key) || ctx.is(Action::PrevPanel, &key) {
            self.focus = match self.focus {
                Focus::Stages => Focus::Findings,
                Focus::Findings => Focus::Stages,
            };
            return EventState::Consumed;
        }
        match self.focus {
            Focus::Stages => {
                let count = self.stage_count();
                if ctx.is(Action::Left, &key) {
                    self.move_stage(-1);
                } else if ctx.is(Action::Right, &key) {
                    self.move_stage(1);
                } else if ctx.is(Action::Top, &key) {
                    self.selected = 0;
                } else if ctx.is(Action::Bottom, &key) {
                    self.selected = count.saturating_sub(1);
                } else if ctx.is(Action::Open, &key) && count > 0 {
                    ctx.send(AppEvent::OpenStage(self.selected));
                } else if ctx.is(Action::Timeline, &key) {
                    ctx.send(AppEvent::OpenTimeline);
                } else if ctx.is(Action::EditFile, &key) {
                    let path = self.doc.borrow().path.clone();
                    ctx.send(AppEvent::EditFile(path));
                } else if ctx.is(Action::EditClient, &key) {
                    ctx.send(AppEvent::Edit(EditRequest::Form(FormTarget::EditClient)));
                } else if ctx.is(Action::MarkNow, &key) && count > 0 {
                    self.mark_now(ctx);
                } else if ctx.is(Action::Conflicts, &key) {
                    if self.doc.borrow().map().conflicts.is_empty() {
                        ctx.send(AppEvent::Status("the map has no merge conflicts".into()));
                    } else {
                        ctx.push(crate::tui::layer::conflicts::ConflictLayer::boxed());
                    }
                } else if let Some(sel) = stage_list_key(&key, self.selected, &self.doc, ctx) {
                    // Add / edit / delete / move stages: forms and
                    // questions of the editor (tui::editor).
                    self.selected = sel;
                } else {
                    return EventState::NotConsumed;
                }
            }
            Focus::Findings => {
                if ctx.is(Action::Up, &key) {
                    self.move_finding(-1);
                } else if ctx.is(Action::Down, &key) {
                    self.move_finding(1);
                } else if ctx.is(Action::PageUp, &key) {
                    self.move_finding(-5);
                } else if ctx.is(Action::PageDown, &key) {
                    self.move_finding(5);
                } else if ctx.is(Action::Top, &key) {
                    self.finding = 0;
                } else if ctx.is(Action::Bottom, &key) {
                    self.finding = self.findings_count().saturating_sub(1);
                } else if ctx.is(Action::Open, &key) {
                    self.open_finding(ctx);
                } else if ctx.is(Action::Back, &key) {
                    self.focus = Focus::Stages;
                } else {
                    return EventState::NotConsumed;
                }
            }
        }
        EventState::Consumed
    }

    fn handle_mouse(&mut self, mouse: MouseEvent, _area: Rect, ctx: &mut Ctx) -> EventState {
        let g = self.geometry.get();
        let at = Position::new(mouse.column, mouse.row);
        let in_columns = g.columns.contains(at);
        let in_findings = g.findings.contains(at);
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollRight if in_columns => {
                self.move_stage(1)
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollLeft if in_columns => {
                self.move_stage(-1)
            }
            MouseEventKind::ScrollDown if in_findings => self.move_finding(3),
            MouseEventKind::ScrollUp if in_findings => self.move_finding(-3),
            MouseEventKind::Down(MouseButton::Left) if in_columns && g.column_width > 0 => {
                let col = usize::from((mouse.column - g.columns.x) / g.column_width);
                let stage = g.first + col.min(g.shown.saturating_sub(1));
                if stage == self.selected && self.focus == Focus::Stages {
                    ctx.send(AppEvent::OpenStage(stage));
                } else {
                    self.select_stage(stage);
                    self.focus = Focus::Stages;
                }
            }
            MouseEventKind::Down(MouseButton::Left) if in_findings => {
                let index = g.findings_offset + usize::from(mouse.row - g.findings.y);
                if index >= self.findings_count() {
                    return EventState::NotConsumed;
                }
                if index == self.finding && self.focus == Focus::Findings {
                    self.open_finding(ctx);
                } else {
                    self.finding = index;
                    self.focus = Focus::Findings;
                }
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    fn commands(&self, ctx: &Ctx) -> Vec<CommandHint> {
        if self.find.is_typing() {
            return FindBar::typing_commands();
        }
        let mut out = Vec::new();
        if !self.doc.borrow().map().conflicts.is_empty() {
            out.push(CommandHint::new(&[Action::Conflicts], "merge conflicts"));
        }
        out.extend(self.panel_commands(ctx));
        if !ctx.read_only {
            out.extend([
                CommandHint::new(&[Action::Undo], "undo"),
                CommandHint::new(&[Action::Save], "save"),
                CommandHint::help_only(&[Action::Redo], "redo"),
            ]);
        }
        out
    }

    fn name(&self) -> &'static str {
        "Journey board"
    }

    fn holds_document(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        self.find.is_typing()
    }

    fn handle_paste(&mut self, text: &str, _ctx: &mut Ctx) -> EventState {
        if self.find.paste(text) {
            EventState::Consumed
        } else {
            EventState::NotConsumed
        }
    }

    fn stage_opened(&mut self, stage: usize) {
        self.select_stage(stage);
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let area = area.intersection(*buf.area());
        if area.is_empty() {
            return;
        }
        let doc = self.doc.borrow();
        let theme = ctx.theme;
        draw_header(&doc, area, buf, ctx);
        // The findings panel: a few rows while the stages have focus (more
        // on tall terminals, never more than it needs), half the screen when
        // it has focus.
        let needed =
            u16::try_from(finding_order(&self.finding_order, &doc).len() + 2).unwrap_or(u16::MAX);
        let findings_h = match self.focus {
            Focus::Findings => (area.height / 2)
                .max(FINDINGS_ROWS)
                .min(needed.max(FINDINGS_ROWS)),
            Focus::Stages => (area.height / 4).max(FINDINGS_ROWS).min(needed.max(3)),
        }
        .min(area.height.saturating_sub(1));
        let curve_h = curve_rows(area.height).min(area.height.saturating_sub(1 + findings_h));
        let curve = Rect {
            y: area.y + 1,
            height: curve_h,
            ..area
        };
        let strip_h = 1u16.min(area.height.saturating_sub(1 + curve_h + findings_h));
        let columns_h = area
            .height
            .saturating_sub(1 + curve_h + strip_h + findings_h);
        let strip = Rect {
            y: curve.bottom(),
            height: strip_h,
            ..area
        };
        let columns = Rect {
            y: strip.bottom(),
            height: columns_h,
            ..area
        };
        let findings = Rect {
            y: columns.bottom(),
            height: findings_h,
            ..area
        };

        let stages = &doc.map().stages;
        let names: Vec<String> = stages.iter().map(|s| s.name.to_string()).collect();
        let points = journey_sentiment(doc.map());
        emotion_curve::draw(&points, &names, self.selected, curve, buf, theme);
        let mut geometry = Geometry::default();
        if stages.is_empty() {
            let msg = if ctx.read_only {
                "This map has no stages yet.".to_string()
            } else {
                format!(
                    "This map has no stages yet: {} adds the first one.",
                    ctx.keys.describe(Action::Add)
                )
            };
            put_line(
                buf,
                columns,
                1,
                &Line::from(Span::styled(format!("  {msg}"), theme.dim())),
            );
        } else {
            let shown = usize::from((area.width / MIN_COLUMN).max(1)).min(stages.len());
            let mut first = self.first.get();
            if self.selected < first {
                first = self.selected;
            } else if self.selected >= first + shown {
                first = self.selected + 1 - shown;
            }
            first = first.min(stages.len() - shown);
            self.first.set(first);
            // Few stages on a wide screen: columns stay readable, not vast.
            let width = (area.width / shown as u16).min(MAX_COLUMN);
            let used = if width == MAX_COLUMN {
                width * shown as u16
            } else {
                area.width
            };
            let columns = Rect {
                width: used,
                ..columns
            };
            geometry.columns = columns;
            geometry.first = first;
            geometry.shown = shown;
            geometry.column_width = width;
            for (slot, index) in (first..first + shown).enumerate() {
                let x = area.x + width * slot as u16;
                // The last column takes what division left over.
                let w = if slot + 1 == shown {
                    columns.right() - x
                } else {
                    width
                };
                let col = Rect {
                    x,
                    width: w,
                    ..columns
                };
                let strip_col = Rect {
                    x,
                    width: w,
                    ..strip
                };
                let stage = &stages[index];
                let analysis = doc.analysis().stages.get(index);
                draw_sentiment(stage, strip_col, buf, theme);
                let more_left = (slot == 0 && first > 0).then_some(first);
                let more_right = (slot + 1 == shown && first + shown < stages.len())
                    .then_some(stages.len() - first - shown);
                let focused = index == self.selected && self.focus == Focus::Stages;
                let selected = index == self.selected;
                let inner = draw_column_frame(
                    index,
                    stage,
                    col,
                    buf,
                    ctx,
                    ColumnMarks {
                        focused,
                        selected,
                        more_left,
                        more_right,
                    },
                );
                let (w, height) = (usize::from(inner.width), usize::from(inner.height));
                let key = ColumnKey {
                    stage: doc.stage_stamp(index).unwrap_or_default(),
                    w,
                    height,
                };
                let map = doc.map();
                let phase = map.now.is_some().then(|| map.phase(index));
                let lines = self.columns.lines(key, || {
                    column::column_lines(stage, analysis, phase, w, height, ctx)
                });
                draw_column_lines(&lines, inner, buf, theme);
            }
            self.columns.keep_only(
                (first..first + shown)
                    .filter_map(|i| doc.stage_stamp(i))
                    .collect(),
            );
        }
        self.draw_findings(&doc, findings, buf, ctx, &mut geometry);
        self.geometry.set(geometry);
        self.find.draw(doc.map(), area, buf, ctx);
    }
}

/// The item a finding is about, as the stage screen lists it: its kind and
/// index, or the feedback list (index `None`) for a finding about the
/// stage's feedback as a whole.
fn finding_item(f: &Finding) -> (ItemKind, Option<usize>) {
    let kind = match f.list {
        Some(ItemList::Feedback) | None => ItemKind::Feedback,
        Some(ItemList::Commitments) => ItemKind::Commitment,
        Some(ItemList::Perceptions) => ItemKind::Perception,
        Some(ItemList::Reviews) => ItemKind::Review,
    };
    (kind, f.item)
}

fn draw_header(doc: &Document, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
    let theme = ctx.theme;
    let a = doc.analysis();
    let missed = a.missed_count();
    let weak = a.weak_stage_count();
    let mut right: Vec<Span> = Vec::new();
    if ctx.read_only {
        right.push(Span::styled("read-only ", theme.dim()));
    }
    if doc.is_dirty() {
        right.push(Span::styled("● unsaved ", theme.warning()));
    }
    let right_w: usize = right.iter().map(|s| s.width()).sum();
    let sep = || Span::styled(" · ", theme.dim());
    let mut facts = vec![
        sep(),
        status::badge(a.status, theme),
        sep(),
        Span::styled(
            format!("{missed} missed"),
            if missed > 0 {
                theme.status(Status::AtRisk)
            } else {
                theme.dim()
            },
        ),
        sep(),
        Span::styled(
            format!("{weak} weak"),
            if weak > 0 {
                theme.status(Status::Watch)
            } else {
                theme.dim()
            },
        ),
    ];
    let facts_w: usize = facts.iter().map(|s| s.width()).sum();
    let avail = usize::from(area.width).saturating_sub(right_w + facts_w + 1);
    // The client name gets what is left, the manager only if it fits.
    let client = safe_text::clean(&doc.map().client.name);
    let manager = safe_text::clean(&doc.map().client.account_manager);
    let names =
        if safe_text::width(&client) + 3 + safe_text::width(&manager) <= avail.saturating_sub(1) {
            vec![
                Span::styled(format!(" {client}"), theme.heading()),
                sep(),
                Span::raw(manager),
            ]
        } else {
            vec![Span::styled(
                format!(" {}", safe_text::truncate(&client, avail.saturating_sub(1))),
                theme.heading(),
            )]
        };
    let mut spans = names;
    spans.append(&mut facts);
    let left_w: usize = spans.iter().map(|s| s.width()).sum();
    // The map's title in the space left over, when there is enough.
    let room = usize::from(area.width).saturating_sub(left_w + right_w + 5);
    let title = safe_text::clean(&doc.map().title);
    if room >= 24 && !title.is_empty() {
        let title = safe_text::truncate(&title, room);
        let gap = room - safe_text::width(&title) + 3;
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(title, theme.dim()));
        spans.push(Span::raw("  "));
    } else {
        spans.push(Span::raw(
            " ".repeat(usize::from(area.width).saturating_sub(left_w + right_w)),
        ));
    }
    spans.extend(right);
    put_line(buf, area, 0, &Line::from(spans));
}

/// Rows of the emotion curve under the header (its labels included): more
/// of them on tall terminals, none when the board is very short.
fn curve_rows(height: u16) -> u16 {
    match height {
        h if h >= 40 => 6,
        h if h >= 18 => 4,
        h if h >= 12 => 2,
        _ => 0,
    }
}

/// The sentiment strip above a column: a bar either side of a centre mark
/// (left for negative, right for positive), the value and its word, and
/// whether it is only assumed; a gap for a stage without data.
fn draw_sentiment(stage: &Stage, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let inner_w = usize::from(area.width.saturating_sub(2));
    let line = match stage_sentiment(stage) {
        Some(s) => {
            let v = s.value;
            let style = if v <= -1.0 {
                theme.status(Status::AtRisk)
            } else if v < 0.0 {
                theme.status(Status::Watch)
            } else {
                theme.status(Status::Ok)
            };
            // The curve's mark: ○ when the value is only assumed.
            let mark = if s.assumed {
                emotion_curve::ASSUMED
            } else {
                emotion_curve::KNOWN
            };
            let text = format!("{mark}{} {}", sentiment::label(v), sentiment_word(v));
            Line::from(vec![
                Span::raw(" "),
                Span::styled(sentiment::bar(v, 2), style),
                Span::raw(" "),
                Span::styled(safe_text::truncate(&text, inner_w.saturating_sub(5)), style),
            ])
        }
        None => Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("  {}  ", sentiment::CENTRE), theme.dim()),
            Span::raw(" "),
            Span::styled(
                safe_text::truncate("no sentiment data", inner_w.saturating_sub(5)),
                theme.dim(),
            ),
        ]),
    };
    put_line(buf, area, 0, &line);
}

/// How a column is marked: selection and scroll hints.
struct ColumnMarks {
    focused: bool,
    selected: bool,
    more_left: Option<usize>,
    more_right: Option<usize>,
}

/// Draws a stage column's border, title and scroll hints; returns where
/// its lines go.
fn draw_column_frame(
    index: usize,
    stage: &Stage,
    area: Rect,
    buf: &mut Buffer,
    ctx: &Ctx,
    marks: ColumnMarks,
) -> Rect {
    let theme = ctx.theme;
    if area.height == 0 || area.width < 4 {
        return Rect::default();
    }
    let title_w = usize::from(area.width.saturating_sub(4));
    let title = safe_text::fit(&format!("{} {}", index + 1, stage.name), title_w);
    let (border_type, border_style) = if marks.selected {
        (BorderType::Thick, theme.border(marks.focused))
    } else {
        (BorderType::Rounded, theme.border(false))
    };
    let title_style = if marks.selected {
        theme.heading()
    } else {
        theme.text()
    };
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_type(border_type)
        .border_style(border_style)
        .title(Span::styled(format!(" {title} "), title_style));
    if let Some(n) = marks.more_left {
        block = block.title_bottom(Line::from(Span::styled(
            format!(" ◂ {n} more "),
            theme.key(),
        )));
    }
    if let Some(n) = marks.more_right {
        block = block.title_bottom(
            Line::from(Span::styled(format!(" {n} more ▸ "), theme.key())).right_aligned(),
        );
    }
    let inner = draw_panel(block, area, buf);
    // One cell of padding after the left border.
    Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(1),
        ..inner
    }
}

/// Draws a column's lines; when they do not all fit, the last row says how
/// many more there are.
fn draw_column_lines(lines: &[Line], inner: Rect, buf: &mut Buffer, theme: &Theme) {
    let height = usize::from(inner.height);
    let overflow = lines.len() > height;
    for (row, line) in lines.iter().take(height).enumerate() {
        if overflow && row + 1 == height {
            let more = lines.len() - row;
            put_line(
                buf,
                inner,
                row as u16,
                &Line::from(Span::styled(
                    format!("… {more} more lines (Enter)"),
                    theme.dim(),
                )),
            );
        } else {
            put_line(buf, inner, row as u16, line);
        }
    }
}

impl Board {
    /// The commands of the focused panel.
    fn panel_commands(&self, ctx: &Ctx) -> Vec<CommandHint> {
        match self.focus {
            Focus::Stages => {
                let mut out = vec![
                    CommandHint::new(&[Action::Left, Action::Right], "stage"),
                    CommandHint::new(&[Action::Open], "open stage"),
                    CommandHint::new(&[Action::NextPanel], "findings"),
                ];
                if self.find.is_active() {
                    out.push(find::step_commands());
                }
                if ctx.has_parent {
                    out.push(CommandHint::new(&[Action::Back], self.below));
                }
                out.extend([
                    CommandHint::help_only(&[Action::Top, Action::Bottom], "first / last stage"),
                    CommandHint {
                        footer: false,
                        ..CommandHint::literal("1-9", "stage of that number (1 then 2: stage 12)")
                    },
                    CommandHint::help_only(
                        &[Action::Filter],
                        "find text in the map; then n / N: next / previous match",
                    ),
                    CommandHint::help_only(
                        &[Action::Timeline],
                        "the map's timeline: its history from git",
                    ),
                    CommandHint::help_only(&[Action::Export], "export to Markdown (asks where)"),
                    CommandHint::help_only(
                        &[Action::EditFile],
                        "edit the map's file in $EDITOR, read it again after",
                    ),
                    CommandHint::help_only(&[Action::Add], "add a stage after this one"),
                    CommandHint::help_only(&[Action::Edit], "edit the stage's name, id, goal"),
                    CommandHint::help_only(
                        &[Action::EditClient],
                        "edit the client, manager, segment, title",
                    ),
                    CommandHint::help_only(&[Action::Delete], "delete the stage"),
                    CommandHint::help_only(
                        &[Action::MarkNow],
                        "the client is here now, since today",
                    ),
                    CommandHint::help_only(
                        &[Action::MoveUp, Action::MoveDown],
                        "move the stage left / right",
                    ),
                ]);
                out
            }
            Focus::Findings => vec![
                CommandHint::new(&[Action::Up, Action::Down], "finding"),
                CommandHint::new(&[Action::Open], "open its item"),
                CommandHint::new(&[Action::NextPanel], "stages"),
                CommandHint::help_only(&[Action::PageUp, Action::PageDown], "page up / down"),
                CommandHint::help_only(&[Action::Back], "back to the stages"),
            ],
        }
    }
}
