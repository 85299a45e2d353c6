//! The board's findings panel: every finding of the map in the order they
//! matter (`Analysis::worst_first`: most severe first, then in stage
//! order), opening on the worst. The selected stage's findings are marked;
//! the border says how many rows are above and below the view.
//!
//! The order is kept between frames and made again only when the analysis
//! changes (a large map has thousands of findings, and a frame shows a
//! dozen of them).

use std::cell::{Ref, RefCell};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use super::{Board, Focus, Geometry};
use crate::analysis::{Finding, Severity, severity_rank};
use crate::edit::document::Document;
use crate::tui::component::Ctx;
use crate::tui::theme;
use crate::tui::widget::{draw_panel, fill, put_line, safe_text};

/// The findings in panel order, for one analysis of a document.
#[derive(Debug, Default)]
pub(super) struct FindingOrder {
    /// `Document::analysis_stamp` of the analysis this order is of.
    stamp: u64,
    /// (stage index, index in that stage's findings), in panel order.
    entries: Vec<(usize, usize)>,
    /// How many findings are critical, warning, info.
    counts: [usize; 3],
}

impl FindingOrder {
    fn of(doc: &Document) -> Self {
        let analysis = doc.analysis();
        let mut counts = [0; 3];
        for f in analysis.findings() {
            counts[severity_rank(f.severity)] += 1;
        }
        let entries = analysis.worst_first();
        FindingOrder {
            stamp: doc.analysis_stamp(),
            entries,
            counts,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The finding at `index` of the panel.
    pub(super) fn get<'d>(&self, doc: &'d Document, index: usize) -> Option<&'d Finding> {
        let &(stage, i) = self.entries.get(index)?;
        doc.analysis().stages.get(stage)?.findings.get(i)
    }

    fn count(&self, severity: Severity) -> usize {
        self.counts[severity_rank(severity)]
    }
}

/// The order for the document's current analysis, made again only when the
/// analysis changed since it was last asked for.
pub(super) fn finding_order<'a>(
    cache: &'a RefCell<FindingOrder>,
    doc: &Document,
) -> Ref<'a, FindingOrder> {
    if cache.borrow().stamp != doc.analysis_stamp() {
        *cache.borrow_mut() = FindingOrder::of(doc);
    }
    cache.borrow()
}

impl Board {
    /// " ↑ 3 above  ↓ 12 more, 2 of this stage ": the rows out of view,
    /// and (unfocused) how many of them are the selected stage's; `None`
    /// when every row is shown.
    fn out_of_view(
        &self,
        order: &FindingOrder,
        offset: usize,
        height: usize,
        focused: bool,
    ) -> Option<String> {
        let below_from = (offset + height).min(order.len());
        let below = order.len() - below_from;
        let mut parts = Vec::new();
        if offset > 0 {
            parts.push(format!("↑ {offset} above"));
        }
        if below > 0 {
            let mine = if focused {
                0
            } else {
                order.entries[below_from..]
                    .iter()
                    .filter(|&&(stage, _)| stage == self.selected)
                    .count()
            };
            parts.push(match mine {
                0 => format!("↓ {below} more"),
                n => format!("↓ {below} more, {n} of this stage"),
            });
        }
        (!parts.is_empty()).then(|| format!(" {} ", parts.join("  ")))
    }

    pub(super) fn draw_findings(
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
        let order = finding_order(&self.finding_order, doc);
        let focused = self.focus == Focus::Findings;
        let counts = |sev: Severity| order.count(sev);
        let title = Line::from(vec![
            Span::styled(format!(" Findings {} ", order.len()), theme.heading()),
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
        // The rows inside the border, known before drawing it so that the
        // border can say what is out of view.
        let height = usize::from(area.height.saturating_sub(2));
        // Focused: follow the selected finding, moving the view only as far
        // as needed. Otherwise: the top of the list, the worst findings, so
        // the panel opens on what matters most whatever stage is selected.
        let offset = if focused && order.len() > 0 {
            let anchor = self.finding.min(order.len() - 1);
            let mut offset = self.geometry.get().findings_offset;
            if anchor < offset {
                offset = anchor;
            } else if anchor >= offset + height {
                offset = anchor + 1 - height;
            }
            offset.min(order.len().saturating_sub(height))
        } else {
            0
        };
        let mut block = Block::bordered()
            .border_type(if focused {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(theme.border(focused))
            .title(title);
        if let Some(hint) = self.out_of_view(&order, offset, height, focused) {
            block = block.title_bottom(Line::from(Span::styled(hint, theme.key())).right_aligned());
        }
        let inner = draw_panel(block, area, buf);
        geometry.findings = inner;
        if inner.height == 0 {
            return;
        }
        if order.len() == 0 {
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
        geometry.findings_offset = offset;
        let name_w = doc
            .map()
            .stages
            .iter()
            .map(|s| safe_text::width(&safe_text::clean_cow(&s.name)))
            .max()
            .unwrap_or(0)
            .clamp(6, 20);
        let w = usize::from(inner.width);
        for (row, i) in (offset..order.len()).take(height).enumerate() {
            let Some(f) = order.get(doc, i) else { break };
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
    use std::cell::RefCell;

    use super::*;
    use crate::analysis::Thresholds;
    use crate::edit::document::{Edit, Item};
    use crate::model::Commitment;

    const FIXTURE: &str = include_str!("../../../../tests/fixtures/tui_edit.ron");

    fn open(dir: &std::path::Path) -> Document {
        let path = dir.join("map.ron");
        std::fs::write(&path, FIXTURE).expect("fixture written");
        let today = jiff::civil::date(2026, 11, 23);
        Document::load(&path, today, Thresholds::default(), false).expect("fixture loads")
    }

    /// The panel's order by its definition: a stable sort, most severe first.
    fn sorted(doc: &Document) -> Vec<Finding> {
        let mut all: Vec<Finding> = doc.analysis().findings().cloned().collect();
        all.sort_by_key(|f| std::cmp::Reverse(f.severity));
        all
    }

    fn listed(cache: &RefCell<FindingOrder>, doc: &Document) -> Vec<Finding> {
        let order = finding_order(cache, doc);
        (0..order.len())
            .map(|i| order.get(doc, i).expect("in range").clone())
            .collect()
    }

    #[test]
    fn the_kept_order_follows_every_change_of_the_analysis() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut doc = open(dir.path());
        let cache = RefCell::new(FindingOrder::default());
        let before = listed(&cache, &doc);
        assert_eq!(before, sorted(&doc));
        assert!(!before.is_empty(), "the fixture has findings");

        // A promise already overdue adds a finding.
        doc.apply(Edit::AddItem {
            stage: 1,
            item: Item::Commitment(Commitment {
                promise: "Send the revised plan".into(),
                owner: "Dana Ruiz".into(),
                due: jiff::civil::date(2026, 11, 2),
                done: None,
            }),
            at: None,
        })
        .expect("edit applies");
        let after = listed(&cache, &doc);
        assert_eq!(after, sorted(&doc));
        assert_eq!(after.len(), before.len() + 1);

        doc.apply(Edit::MoveStage { from: 1, to: 0 })
            .expect("stage moves");
        assert_eq!(listed(&cache, &doc), sorted(&doc));

        doc.undo();
        doc.undo();
        assert_eq!(listed(&cache, &doc), before);

        // A reload makes a new document; its order is never the old one's.
        let stamp = doc.analysis_stamp();
        let fresh = open(dir.path());
        assert_ne!(fresh.analysis_stamp(), stamp);
    }
}
