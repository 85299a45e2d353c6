//! What a stage column of the board says: the stage's status and badges,
//! then each kind of item under a heading, with as many items as the
//! column has room for.
//!
//! A stage of a large map holds a hundred items or more and a column shows
//! a few dozen lines, so the lines are planned first (how many lines each
//! item takes is known without drawing it) and only the items that will be
//! shown are turned into text.

use std::cell::{Ref, RefCell};

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::analysis::{CommitmentState, Severity, StageAnalysis, Status, kept_on, newest_feedback};
use crate::model::{
    Channel, Commitment, Feedback, Need, Perception, Phase, Source, Stage, Touchpoint,
};
use crate::tui::component::Ctx;
use crate::tui::widget::describe;
use crate::tui::widget::{safe_text, status};

/// What a column's lines depend on. The stage's stamp
/// (`Document::stage_stamp`) covers the stage and its analysis (today and
/// the thresholds are fixed for an open map).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ColumnKey {
    pub stage: u64,
    pub w: usize,
    pub height: usize,
}

/// The lines of the columns on screen, kept from frame to frame: moving the
/// selection, scrolling by one column or editing one stage makes at most
/// one column's lines.
#[derive(Debug, Default)]
pub(super) struct ColumnCache {
    entries: RefCell<Vec<(ColumnKey, Vec<Line<'static>>)>>,
}

impl ColumnCache {
    /// The lines for `key`, made by `make` unless kept from before.
    pub(super) fn lines(
        &self,
        key: ColumnKey,
        make: impl FnOnce() -> Vec<Line<'static>>,
    ) -> Ref<'_, [Line<'static>]> {
        let found = self.entries.borrow().iter().position(|(k, _)| *k == key);
        let at = match found {
            Some(at) => at,
            None => {
                let mut entries = self.entries.borrow_mut();
                entries.push((key, make()));
                entries.len() - 1
            }
        };
        Ref::map(self.entries.borrow(), |entries| entries[at].1.as_slice())
    }

    /// Forgets every column but those of the stages with these stamps.
    pub(super) fn keep_only(&self, stages: Vec<u64>) {
        self.entries
            .borrow_mut()
            .retain(|(k, _)| stages.contains(&k.stage));
    }
}

/// The content of a stage column in at most `height` lines of `w` cells.
/// Status and badges come first; then every kind of item has a heading
/// line, in journey order; the remaining rows go to items, the most
/// important kinds first (feedback, commitments, needs, perceptions,
/// touchpoints). `phase` is where the stage is relative to where the
/// client is now, `None` when the map does not say: it follows the status
/// as a word (`✓ past`, `▶ now`, `… ahead`), so it reads without colour.
pub(super) fn column_lines(
    stage: &Stage,
    analysis: Option<&StageAnalysis>,
    phase: Option<Phase>,
    w: usize,
    height: usize,
    ctx: &Ctx,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut out: Vec<Line<'static>> = Vec::with_capacity(height + 1);
    let status = analysis.map(|a| a.status).unwrap_or_default();
    let mut first = vec![status::badge(status, theme)];
    if let Some(phase) = phase {
        let (mark, style) = match phase {
            Phase::Past => ("  ✓ past", theme.dim()),
            Phase::Now(_) => ("  ▶ now", theme.heading()),
            Phase::Ahead => ("  … ahead", theme.dim()),
        };
        first.push(Span::styled(mark, style));
    }
    out.push(Line::from(first));
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
    let sections = sections(stage, ctx);
    let badges = out.len();
    let room = height.saturating_sub(badges + sections.len());
    let shown = allocate(&sections, room);
    let line = ItemLine { w, ctx };
    for (section, n) in sections.iter().zip(shown) {
        out.push(section.head(w, ctx));
        for item in &section.items[..n] {
            item.render(&line, &mut out);
        }
        let hidden = section.items.len() - n;
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

/// One kind of item in a column: a heading that summarises it, and the
/// items, in the order they are listed, drawn as room allows.
struct Section<'a> {
    kind: Kind,
    /// How many there are of this kind (commitments kept on time are
    /// counted here but not listed).
    count: usize,
    /// What the heading adds after the count, e.g. " · 2 unmet".
    extra: String,
    items: Vec<Item<'a>>,
    /// Lower is more important: gets room for its items first.
    priority: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Touchpoints,
    Needs,
    Perceptions,
    /// A stage with no feedback at all: a heading that says so.
    NoFeedback,
    Feedback,
    Commitments,
}

impl Section<'_> {
    fn head(&self, w: usize, ctx: &Ctx) -> Line<'static> {
        let theme = ctx.theme;
        let label = match self.kind {
            Kind::Touchpoints => "Touchpoints",
            Kind::Needs => "Needs",
            Kind::Perceptions => "Perceptions",
            Kind::Feedback => "Feedback",
            Kind::Commitments => "Commitments",
            Kind::NoFeedback => {
                return Line::from(vec![
                    Span::styled("Feedback ", theme.heading()),
                    Span::styled(
                        safe_text::truncate("none yet", w.saturating_sub(9)),
                        theme.severity(Severity::Critical),
                    ),
                ]);
            }
        };
        let head = format!("{label} {}", self.count);
        let head_w = safe_text::width(&head);
        Line::from(vec![
            Span::styled(safe_text::truncate(&head, w), theme.heading()),
            Span::styled(
                safe_text::truncate(&self.extra, w.saturating_sub(head_w)),
                theme.dim(),
            ),
        ])
    }
}

/// An item of a column, not yet turned into text.
enum Item<'a> {
    Touchpoint(&'a Touchpoint),
    Need(&'a Need),
    Perception(&'a Perception),
    /// The newest feedback, the only one a column lists.
    Feedback(&'a Feedback),
    Commitment(CommitmentState, &'a Commitment),
}

impl Item<'_> {
    /// How many lines the item takes, known without drawing it.
    fn lines(&self) -> usize {
        match self {
            Item::Touchpoint(_) | Item::Need(_) | Item::Perception(_) => 1,
            Item::Feedback(f) => 2 + usize::from(f.holding_back),
            Item::Commitment(..) => 2,
        }
    }

    fn render(&self, line: &ItemLine, out: &mut Vec<Line<'static>>) {
        let theme = line.ctx.theme;
        match *self {
            Item::Touchpoint(t) => out.push(line.text(
                " ",
                &format!("{}: {}", t.channel, t.description),
                theme.text(),
            )),
            Item::Need(n) => {
                let (glyph, style) = if n.met {
                    (" ✓ ", theme.success())
                } else {
                    (" ○ ", theme.text())
                };
                out.push(line.text(glyph, &n.text, style));
            }
            Item::Perception(p) => {
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
                out.push(line.text(&format!(" {:+}{mark} ", p.sentiment), &p.text, style));
            }
            Item::Feedback(f) => {
                // What, whether they held back, and what they said.
                let style = match f.score {
                    Some(s) if s <= line.ctx.thresholds.low_score_max => {
                        theme.status(Status::AtRisk)
                    }
                    _ => theme.text(),
                };
                out.push(line.text(" ", &describe::feedback_brief(f), style));
                if f.holding_back {
                    out.push(line.text(" ", "◐ held back", theme.status(Status::Watch)));
                }
                out.push(line.text("  ", &f.summary, theme.dim()));
            }
            Item::Commitment(state, c) => {
                out.push(Line::from(Span::styled(
                    safe_text::truncate(&format!(" {}", state.label()), line.w),
                    theme.commitment(state),
                )));
                out.push(line.text("   ", &c.promise, theme.dim()));
            }
        }
    }
}

/// Lays out one line of an item: a prefix (a glyph or a score), then the
/// item's text cut to the column.
struct ItemLine<'a> {
    w: usize,
    ctx: &'a Ctx<'a>,
}

impl ItemLine<'_> {
    fn text(&self, prefix: &str, text: &str, style: Style) -> Line<'static> {
        let p = safe_text::width(prefix);
        Line::from(vec![
            Span::styled(safe_text::truncate(prefix, self.w), style),
            Span::styled(safe_text::fit(text, self.w.saturating_sub(p)), style),
        ])
    }
}

/// The sections of a stage, in journey order, with their items in the
/// order the column lists them (what needs attention first).
fn sections<'a>(stage: &'a Stage, ctx: &Ctx) -> Vec<Section<'a>> {
    let today = ctx.today;
    let mut out = Vec::with_capacity(5);

    if !stage.touchpoints.is_empty() {
        // Each channel once, in the order first used; a stage has a
        // handful of channels and may have a hundred touchpoints.
        let mut kinds: Vec<&Channel> = Vec::new();
        for t in &stage.touchpoints {
            if !kinds.contains(&&t.channel) {
                kinds.push(&t.channel);
            }
        }
        let mut channels: Vec<String> = Vec::with_capacity(kinds.len());
        for channel in kinds {
            let c = safe_text::clean(&channel.to_string());
            if !channels.contains(&c) {
                channels.push(c);
            }
        }
        out.push(Section {
            kind: Kind::Touchpoints,
            count: stage.touchpoints.len(),
            extra: format!(" · {}", channels.join(", ")),
            items: stage.touchpoints.iter().map(Item::Touchpoint).collect(),
            priority: 4,
        });
    }
    if !stage.needs.is_empty() {
        let unmet = stage.needs.iter().filter(|n| !n.met).count();
        let mut needs: Vec<_> = stage.needs.iter().collect();
        // Unmet first (a stable sort keeps the file's order within each).
        needs.sort_by_key(|n| n.met);
        out.push(Section {
            kind: Kind::Needs,
            count: stage.needs.len(),
            extra: format!(" · {unmet} unmet"),
            items: needs.into_iter().map(Item::Need).collect(),
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
        out.push(Section {
            kind: Kind::Perceptions,
            count: stage.perceptions.len(),
            extra,
            items: ps.into_iter().map(Item::Perception).collect(),
            priority: 3,
        });
    }
    match newest_feedback(stage, today).and_then(|i| stage.feedback.get(i)) {
        None => out.push(Section {
            kind: Kind::NoFeedback,
            count: 0,
            extra: String::new(),
            items: Vec::new(),
            priority: 0,
        }),
        Some(f) => out.push(Section {
            kind: Kind::Feedback,
            count: stage.feedback.len(),
            extra: format!(" · {}", describe::age_short(f.date, today)),
            items: vec![Item::Feedback(f)],
            priority: 0,
        }),
    }
    if !stage.commitments.is_empty() {
        let open = stage
            .commitments
            .iter()
            .filter(|c| kept_on(c, today).is_none())
            .count();
        let mut cs: Vec<_> = stage
            .commitments
            .iter()
            .map(|c| (CommitmentState::of(c, today, ctx.thresholds), c))
            // Promises kept on time need no attention: counted, not listed.
            .filter(|(s, _)| *s != CommitmentState::Kept)
            .collect();
        cs.sort_by_key(|(s, _)| s.rank());
        let extra = if open > 0 {
            format!(" · {open} open")
        } else {
            " · all done".to_string()
        };
        out.push(Section {
            kind: Kind::Commitments,
            count: stage.commitments.len(),
            extra,
            items: cs
                .into_iter()
                .map(|(s, c)| Item::Commitment(s, c))
                .collect(),
            priority: 1,
        });
    }
    out
}

/// How many items of each section to show in `room` lines: every section
/// first gets up to two items, most important first, then the rest goes to
/// the most important. A section that shows some but not all of its items
/// needs one more line for "+ n more".
fn allocate(sections: &[Section], room: usize) -> Vec<usize> {
    let items: Vec<Vec<usize>> = sections
        .iter()
        .map(|s| s.items.iter().map(Item::lines).collect())
        .collect();
    allocate_lines(
        &items,
        &sections.iter().map(|s| s.priority).collect::<Vec<_>>(),
        room,
    )
}

/// [`allocate`] on the line counts of each section's items.
fn allocate_lines(items: &[Vec<usize>], priority: &[u8], room: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| priority[i]);
    let mut shown = vec![0usize; items.len()];
    // Lines used by the items shown so far, "+ n more" lines included.
    let mut used = 0usize;
    let more_line = |i: usize, n: usize| usize::from(n > 0 && n < items[i].len());
    for cap in [2, usize::MAX] {
        for &i in &order {
            while shown[i] < items[i].len().min(cap) {
                let n = shown[i];
                let after = used - more_line(i, n) + items[i][n] + more_line(i, n + 1);
                if after > room {
                    break;
                }
                used = after;
                shown[i] = n + 1;
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(priority: u8, items: usize) -> (Vec<usize>, u8) {
        (vec![1; items], priority)
    }

    fn allocate_sections(sections: &[(Vec<usize>, u8)], room: usize) -> Vec<usize> {
        let items: Vec<Vec<usize>> = sections.iter().map(|s| s.0.clone()).collect();
        let priority: Vec<u8> = sections.iter().map(|s| s.1).collect();
        allocate_lines(&items, &priority, room)
    }

    #[test]
    fn every_kind_gets_two_items_before_any_gets_more() {
        let sections = [section(1, 5), section(0, 5), section(2, 5)];
        // 2 + 2 + 2 items and three "+ more" lines fit in 9.
        assert_eq!(allocate_sections(&sections, 9), vec![2, 2, 2]);
        // One line more goes to the most important kind (priority 0)...
        // but only once its "+ more" line still fits.
        assert_eq!(allocate_sections(&sections, 10), vec![2, 3, 2]);
        // Everything fits: no "+ more" lines needed.
        assert_eq!(allocate_sections(&sections, 15), vec![5, 5, 5]);
        // Too little room: the most important first.
        assert_eq!(allocate_sections(&sections, 3), vec![0, 2, 0]);
        assert_eq!(allocate_sections(&sections, 0), vec![0, 0, 0]);
    }

    #[test]
    fn items_of_several_lines_count_every_line() {
        // Two-line commitments: two of them and "+ more" take five lines.
        let sections = [(vec![2, 2, 2], 1)];
        assert_eq!(allocate_sections(&sections, 5), vec![2]);
        assert_eq!(allocate_sections(&sections, 4), vec![1]);
        assert_eq!(allocate_sections(&sections, 6), vec![3]);
    }

    #[test]
    fn allocation_never_exceeds_the_room() {
        let sections = [
            section(3, 7),
            section(0, 1),
            (vec![2, 1, 2, 2], 1),
            section(2, 0),
        ];
        for room in 0..20 {
            let shown = allocate_sections(&sections, room);
            let used: usize = sections
                .iter()
                .zip(&shown)
                .map(|(s, &n)| s.0[..n].iter().sum::<usize>() + usize::from(n > 0 && n < s.0.len()))
                .sum();
            assert!(used <= room, "{shown:?} in {room}");
        }
    }
}
