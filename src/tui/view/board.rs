//! The journey board: one map's stages left to right, as the client lives
//! them, with what needs attention flagged on each stage, the client's
//! sentiment as a curve across the stages, and every finding in a panel
//! below. Stages that do not fit scroll sideways; only the visible columns
//! are drawn.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::analysis::{Finding, Severity, StageAnalysis, Status, newest_feedback};
use crate::model::{Source, Stage};
use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::document::{Document, SharedDoc};
use crate::tui::editor::stage_list_key;
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::theme::{self, Theme};
use crate::tui::widget::describe::{self, CommitmentState};
use crate::tui::widget::{draw_box, fill, put_line, safe_text, sentiment, status};

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
        }
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
        self.doc.borrow().analysis().findings().count()
    }

    /// The stage of the finding at `index` of the sorted list.
    fn finding_stage(&self, index: usize) -> Option<usize> {
        let doc = self.doc.borrow();
        sorted_findings(&doc).get(index).map(|f| f.stage)
    }

    fn jump_to_finding(&mut self) {
        if let Some(stage) = self.finding_stage(self.finding) {
            self.select_stage(stage);
            self.focus = Focus::Stages;
        }
    }

    fn move_finding(&mut self, delta: isize) {
        let n = self.findings_count();
        self.finding = self
            .finding
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }

    fn move_stage(&mut self, delta: isize) {
        let n = self.stage_count();
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }
}

/// Every finding, most severe first, then in stage order.
fn sorted_findings(doc: &Document) -> Vec<&Finding> {
    let mut all: Vec<&Finding> = doc.analysis().findings().collect();
    all.sort_by_key(|f| std::cmp::Reverse(f.severity));
    all
}

impl Component for Board {
    fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> EventState {
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
                    self.jump_to_finding();
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
                    self.jump_to_finding();
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
        match self.focus {
            Focus::Stages => {
                let mut out = vec![
                    CommandHint::new(&[Action::Left, Action::Right], "stage"),
                    CommandHint::new(&[Action::Open], "open stage"),
                    CommandHint::new(&[Action::NextPanel], "findings"),
                ];
                if ctx.has_parent {
                    out.push(CommandHint::new(&[Action::Back], "portfolio"));
                }
                out.extend([
                    CommandHint::help_only(&[Action::Top, Action::Bottom], "first / last stage"),
                    CommandHint::help_only(&[Action::Export], "export to Markdown (asks where)"),
                    CommandHint::help_only(&[Action::Add], "add a stage after this one"),
                    CommandHint::help_only(&[Action::Edit], "edit the stage's name, id, goal"),
                    CommandHint::help_only(&[Action::Delete], "delete the stage"),
                    CommandHint::help_only(
                        &[Action::MoveUp, Action::MoveDown],
                        "move the stage left / right",
                    ),
                ]);
                out
            }
            Focus::Findings => vec![
                CommandHint::new(&[Action::Up, Action::Down], "finding"),
                CommandHint::new(&[Action::Open], "go to stage"),
                CommandHint::new(&[Action::NextPanel], "stages"),
                CommandHint::help_only(&[Action::PageUp, Action::PageDown], "page up / down"),
                CommandHint::help_only(&[Action::Back], "back to the stages"),
            ],
        }
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
        let needed = u16::try_from(doc.analysis().findings().count() + 2).unwrap_or(u16::MAX);
        let findings_h = match self.focus {
            Focus::Findings => (area.height / 2)
                .max(FINDINGS_ROWS)
                .min(needed.max(FINDINGS_ROWS)),
            Focus::Stages => (area.height / 4).max(FINDINGS_ROWS).min(needed.max(3)),
        }
        .min(area.height.saturating_sub(1));
        let strip_h = 2u16.min(area.height.saturating_sub(1 + findings_h));
        let columns_h = area.height.saturating_sub(1 + strip_h + findings_h);
        let strip = Rect {
            y: area.y + 1,
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
                draw_column(
                    index,
                    stage,
                    analysis,
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
            }
        }
        self.draw_findings(&doc, findings, buf, ctx, &mut geometry);
        self.geometry.set(geometry);
    }
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

/// The sentiment strip above a column: a bar on the -2..+2 scale, the
/// value and a word; a gap (`·`) for a stage without data.
fn draw_sentiment(stage: &Stage, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let inner_w = usize::from(area.width.saturating_sub(2));
    let (bar_top, bar_bottom, text, style) = match sentiment::stage_sentiment(stage) {
        Some(v) => {
            // Two rows of bar: the lower row fills first, then the upper.
            let eighths = (((v.clamp(-2.0, 2.0) + 2.0) / 4.0) * 15.0).round() as usize + 1;
            let glyph = |n: usize| match n {
                0 => ' ',
                n => ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'][n.min(8) - 1],
            };
            let bottom = glyph(eighths.min(8));
            let top = glyph(eighths.saturating_sub(8));
            let style = if v <= -1.0 {
                theme.status(Status::AtRisk)
            } else if v < 0.0 {
                theme.status(Status::Watch)
            } else {
                theme.status(Status::Ok)
            };
            (
                top,
                bottom,
                format!("{} {}", sentiment::label(v), sentiment::word(v)),
                style,
            )
        }
        None => (' ', '·', "no sentiment data".to_string(), theme.dim()),
    };
    let bars = |c: char| c.to_string().repeat(3);
    let first = Line::from(vec![
        Span::raw(" "),
        Span::styled(bars(bar_top), style),
        Span::raw(" "),
        Span::styled(
            safe_text::truncate("client sentiment", inner_w.saturating_sub(4)),
            theme.dim(),
        ),
    ]);
    let second = Line::from(vec![
        Span::raw(" "),
        Span::styled(bars(bar_bottom), style),
        Span::raw(" "),
        Span::styled(safe_text::truncate(&text, inner_w.saturating_sub(4)), style),
    ]);
    if area.height >= 2 {
        put_line(buf, area, 0, &first);
        put_line(buf, area, 1, &second);
    } else {
        put_line(buf, area, 0, &second);
    }
}

/// How a column is marked: selection and scroll hints.
struct ColumnMarks {
    focused: bool,
    selected: bool,
    more_left: Option<usize>,
    more_right: Option<usize>,
}

fn draw_column(
    index: usize,
    stage: &Stage,
    analysis: Option<&StageAnalysis>,
    area: Rect,
    buf: &mut Buffer,
    ctx: &Ctx,
    marks: ColumnMarks,
) {
    let theme = ctx.theme;
    if area.height == 0 || area.width < 4 {
        return;
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
    let inner = draw_box(block, area, buf);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let height = usize::from(inner.height);
    let w = usize::from(inner.width);
    let lines = column_lines(stage, analysis, w, height, ctx);
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

/// One kind of item in a column: a heading that summarises it, and the
/// items (each one or two lines) shown as room allows.
struct Section {
    head: Line<'static>,
    items: Vec<Vec<Line<'static>>>,
    /// Lower is more important: gets room for its items first.
    priority: u8,
}

/// How many items of each section to show in `room` lines: every section
/// first gets up to two items, most important first, then the rest goes to
/// the most important. A section that shows some but not all of its items
/// needs one more line for "+ n more".
fn allocate(sections: &[Section], room: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by_key(|&i| sections[i].priority);
    let mut shown = vec![0usize; sections.len()];
    let cost = |shown: &[usize]| -> usize {
        sections
            .iter()
            .zip(shown)
            .map(|(s, &n)| {
                let lines: usize = s.items[..n].iter().map(Vec::len).sum();
                lines + usize::from(n > 0 && n < s.items.len())
            })
            .sum()
    };
    for cap in [2, usize::MAX] {
        for &i in &order {
            while shown[i] < sections[i].items.len().min(cap) {
                shown[i] += 1;
                if cost(&shown) > room {
                    shown[i] -= 1;
                    break;
                }
            }
        }
    }
    shown
}

/// The content of a stage column in at most `height` lines of `w` cells.
/// Status and badges come first; then every kind of item has a heading
/// line, in journey order; the remaining rows go to items, the most
/// important kinds first (feedback, commitments, needs, perceptions,
/// touchpoints).
fn column_lines(
    stage: &Stage,
    analysis: Option<&StageAnalysis>,
    w: usize,
    height: usize,
    ctx: &Ctx,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut out: Vec<Line<'static>> = Vec::new();
    let status = analysis.map(|a| a.status).unwrap_or_default();
    out.push(Line::from(status::badge(status, theme)));
    if let Some(a) = analysis {
        if a.has_weak_feedback() {
            out.push(Line::from(Span::styled(
                safe_text::truncate("◐ weak feedback", w),
                theme.status(Status::Watch),
            )));
        }
        let missed = a.missed_count();
        if missed > 0 {
            out.push(Line::from(Span::styled(
                safe_text::truncate(&format!("✗ {missed} missed"), w),
                theme.status(Status::AtRisk),
            )));
        }
    }
    let sections = sections(stage, w, ctx);
    let badges = out.len();
    let room = height.saturating_sub(badges + sections.len());
    let shown = allocate(&sections, room);
    for (section, n) in sections.into_iter().zip(shown) {
        out.push(section.head);
        let hidden = section.items.len() - n;
        out.extend(section.items.into_iter().take(n).flatten());
        if hidden > 0 && n > 0 {
            out.push(Line::from(Span::styled(
                format!("  + {hidden} more"),
                theme.dim(),
            )));
        }
    }
    // The stage's goal, under the badges, when there is a line to spare.
    if let Some(goal) = stage.goal.as_deref().filter(|g| !g.trim().is_empty())
        && out.len() < height
    {
        let line = Line::from(vec![
            Span::styled("Goal ", theme.dim()),
            Span::styled(safe_text::fit(goal, w.saturating_sub(5)), theme.dim()),
        ]);
        out.insert(badges, line);
    }
    out
}

fn sections(stage: &Stage, w: usize, ctx: &Ctx) -> Vec<Section> {
    let theme = ctx.theme;
    let today = ctx.today;
    let heading = |label: &str, count: usize, extra: &str| {
        let head = format!("{label} {count}");
        let head_w = safe_text::width(&head);
        Line::from(vec![
            Span::styled(safe_text::truncate(&head, w), theme.heading()),
            Span::styled(
                safe_text::truncate(extra, w.saturating_sub(head_w)),
                theme.dim(),
            ),
        ])
    };
    let item = |prefix: &str, text: &str, style: Style| {
        let p = safe_text::width(prefix);
        Line::from(vec![
            Span::styled(safe_text::truncate(prefix, w), style),
            Span::styled(safe_text::fit(text, w.saturating_sub(p)), style),
        ])
    };
    let mut out = Vec::new();

    if !stage.touchpoints.is_empty() {
        let mut channels: Vec<String> = Vec::new();
        for t in &stage.touchpoints {
            let c = safe_text::clean(&t.channel.to_string());
            if !channels.contains(&c) {
                channels.push(c);
            }
        }
        let items = stage
            .touchpoints
            .iter()
            .map(|t| {
                vec![item(
                    " ",
                    &format!("{}: {}", t.channel, t.description),
                    theme.text(),
                )]
            })
            .collect();
        out.push(Section {
            head: heading(
                "Touchpoints",
                stage.touchpoints.len(),
                &format!(" · {}", channels.join(", ")),
            ),
            items,
            priority: 4,
        });
    }
    if !stage.needs.is_empty() {
        let unmet = stage.needs.iter().filter(|n| !n.met).count();
        let mut needs: Vec<_> = stage.needs.iter().collect();
        needs.sort_by_key(|n| n.met);
        let items = needs
            .iter()
            .map(|n| {
                let (glyph, style) = if n.met {
                    (" ✓ ", theme.success())
                } else {
                    (" ○ ", theme.text())
                };
                vec![item(glyph, &n.text, style)]
            })
            .collect();
        out.push(Section {
            head: heading("Needs", stage.needs.len(), &format!(" · {unmet} unmet")),
            items,
            priority: 2,
        });
    }
    if !stage.perceptions.is_empty() {
        let assumed = stage
            .perceptions
            .iter()
            .filter(|p| p.source == Source::Assumed)
            .count();
        let extra = if assumed > 0 {
            format!(" · {assumed} assumed")
        } else {
            String::new()
        };
        // The most negative first: that is what needs hearing.
        let mut ps: Vec<_> = stage.perceptions.iter().collect();
        ps.sort_by_key(|p| p.sentiment);
        let items = ps
            .iter()
            .map(|p| {
                let mark = if p.source == Source::Assumed {
                    "?"
                } else {
                    " "
                };
                let style = match p.sentiment {
                    s if s < 0 => theme.status(Status::AtRisk),
                    0 => theme.text(),
                    _ => theme.status(Status::Ok),
                };
                vec![item(&format!(" {:+}{mark} ", p.sentiment), &p.text, style)]
            })
            .collect();
        out.push(Section {
            head: heading("Perceptions", stage.perceptions.len(), &extra),
            items,
            priority: 3,
        });
    }
    match newest_feedback(stage).and_then(|i| stage.feedback.get(i)) {
        None => out.push(Section {
            head: Line::from(vec![
                Span::styled("Feedback ", theme.heading()),
                Span::styled(
                    safe_text::truncate("none yet", w.saturating_sub(9)),
                    theme.severity(Severity::Critical),
                ),
            ]),
            items: Vec::new(),
            priority: 0,
        }),
        Some(f) => {
            let style = match f.score {
                Some(s) if s <= ctx.thresholds.low_score_max => theme.status(Status::AtRisk),
                _ => theme.text(),
            };
            // The newest entry, as one item: what, whether they held back,
            // and what they said.
            let mut newest = vec![item(" ", &describe::feedback_brief(f), style)];
            if f.holding_back {
                newest.push(item(" ", "◐ held back", theme.status(Status::Watch)));
            }
            newest.push(item("  ", &f.summary, theme.dim()));
            out.push(Section {
                head: heading(
                    "Feedback",
                    stage.feedback.len(),
                    &format!(" · {}", describe::age_short(f.date, today)),
                ),
                items: vec![newest],
                priority: 0,
            });
        }
    }
    if !stage.commitments.is_empty() {
        let open = stage
            .commitments
            .iter()
            .filter(|c| c.done.is_none())
            .count();
        let mut cs: Vec<_> = stage
            .commitments
            .iter()
            .map(|c| (CommitmentState::of(c, today), c))
            .collect();
        cs.sort_by_key(|(s, _)| s.rank());
        // Promises kept on time need no attention: counted, not listed.
        cs.retain(|(s, _)| *s != CommitmentState::Kept);
        let items = cs
            .iter()
            .map(|(state, c)| {
                let style = match state {
                    CommitmentState::Overdue(_) => theme.status(Status::AtRisk),
                    CommitmentState::KeptLate(_) => theme.status(Status::Watch),
                    CommitmentState::Open(n) if *n <= ctx.thresholds.due_soon_days => {
                        theme.status(Status::Watch)
                    }
                    CommitmentState::Open(_) => theme.text(),
                    CommitmentState::Kept => theme.success(),
                };
                vec![
                    Line::from(Span::styled(
                        safe_text::truncate(&format!(" {} {}", state.glyph(), state.words()), w),
                        style,
                    )),
                    item("   ", &c.promise, theme.dim()),
                ]
            })
            .collect();
        let extra = if open > 0 {
            format!(" · {open} open")
        } else {
            " · all done".to_string()
        };
        out.push(Section {
            head: heading("Commitments", stage.commitments.len(), &extra),
            items,
            priority: 1,
        });
    }
    out
}

impl Board {
    fn draw_findings(
        &self,
        doc: &Document,
        area: Rect,
        buf: &mut Buffer,
        ctx: &Ctx,
        geometry: &mut Geometry,
    ) {
        let theme = ctx.theme;
        if area.height == 0 {
            return;
        }
        let findings = sorted_findings(doc);
        let focused = self.focus == Focus::Findings;
        let counts = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
        let title = Line::from(vec![
            Span::styled(format!(" Findings {} ", findings.len()), theme.heading()),
            Span::styled(
                format!(
                    "{} {} critical  {} {} warning  {} {} info ",
                    theme::severity_glyph(Severity::Critical),
                    counts(Severity::Critical),
                    theme::severity_glyph(Severity::Warning),
                    counts(Severity::Warning),
                    theme::severity_glyph(Severity::Info),
                    counts(Severity::Info)
                ),
                theme.dim(),
            ),
        ]);
        let block = Block::bordered()
            .border_type(if focused {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(theme.border(focused))
            .title(title);
        let inner = draw_box(block, area, buf);
        geometry.findings = inner;
        if inner.height == 0 {
            return;
        }
        if findings.is_empty() {
            put_line(
                buf,
                inner,
                0,
                &Line::from(Span::styled(
                    " Nothing needs attention: every stage is listened to and every promise kept.",
                    theme.success(),
                )),
            );
            return;
        }
        let height = usize::from(inner.height);
        // Focused: follow the selected finding. Otherwise: show the selected
        // stage's findings first, so the panel follows the board.
        let anchor = if focused {
            self.finding.min(findings.len() - 1)
        } else {
            findings
                .iter()
                .position(|f| f.stage == self.selected)
                .unwrap_or(0)
        };
        let offset = if focused {
            // Move the view only as far as needed to keep the selection in it.
            let mut offset = self.geometry.get().findings_offset;
            if anchor < offset {
                offset = anchor;
            } else if anchor >= offset + height {
                offset = anchor + 1 - height;
            }
            offset.min(findings.len().saturating_sub(height))
        } else {
            anchor.min(findings.len().saturating_sub(height))
        };
        geometry.findings_offset = offset;
        let name_w = doc
            .map()
            .stages
            .iter()
            .map(|s| safe_text::width(&safe_text::clean(&s.name)))
            .max()
            .unwrap_or(0)
            .clamp(6, 20);
        let w = usize::from(inner.width);
        for (row, (i, f)) in findings
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .enumerate()
        {
            let stage_name = doc
                .map()
                .stages
                .get(f.stage)
                .map(|s| s.name.as_str())
                .unwrap_or("?");
            let this_stage = f.stage == self.selected;
            let marker = if this_stage && !focused { "▸" } else { " " };
            let prefix_w = 1 + 2 + name_w + 2;
            let line = Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(
                    format!("{} ", theme::severity_glyph(f.severity)),
                    theme.severity(f.severity),
                ),
                Span::styled(
                    safe_text::pad(stage_name, name_w),
                    if this_stage {
                        theme.heading()
                    } else {
                        theme.text()
                    },
                ),
                Span::raw("  "),
                Span::raw(safe_text::fit(&f.message, w.saturating_sub(prefix_w))),
            ]);
            let y = row as u16;
            if focused && i == self.finding {
                fill(
                    buf,
                    Rect {
                        y: inner.y + y,
                        height: 1,
                        ..inner
                    },
                    theme.selected(),
                );
                put_line(buf, inner, y, &line.style(theme.selected()));
            } else {
                put_line(buf, inner, y, &line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(priority: u8, items: usize) -> Section {
        Section {
            head: Line::from("head"),
            items: (0..items).map(|_| vec![Line::from("item")]).collect(),
            priority,
        }
    }

    #[test]
    fn every_kind_gets_two_items_before_any_gets_more() {
        let sections = [section(1, 5), section(0, 5), section(2, 5)];
        // 2 + 2 + 2 items and three "+ more" lines fit in 9.
        assert_eq!(allocate(&sections, 9), vec![2, 2, 2]);
        // One line more goes to the most important kind (priority 0)...
        // but only once its "+ more" line still fits.
        assert_eq!(allocate(&sections, 10), vec![2, 3, 2]);
        // Everything fits: no "+ more" lines needed.
        assert_eq!(allocate(&sections, 15), vec![5, 5, 5]);
        // Too little room: the most important first.
        assert_eq!(allocate(&sections, 3), vec![0, 2, 0]);
        assert_eq!(allocate(&sections, 0), vec![0, 0, 0]);
    }

    #[test]
    fn allocation_never_exceeds_the_room() {
        let sections = [section(3, 7), section(0, 1), section(1, 4), section(2, 0)];
        for room in 0..20 {
            let shown = allocate(&sections, room);
            let used: usize = sections
                .iter()
                .zip(&shown)
                .map(|(s, &n)| n + usize::from(n > 0 && n < s.items.len()))
                .sum();
            assert!(used <= room, "{shown:?} in {room}");
        }
    }
}
