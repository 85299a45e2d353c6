//! One merge conflict drawn side by side: ours, theirs and the base, each
//! version as its fields, the fields where the versions differ marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::{draw_panel, put_line, safe_text};
use crate::model::{Conflict, Part, Side};
use crate::tui::theme::Theme;

/// The fields of one version, as (name, value) for display.
pub fn fields_of(part: &Part) -> Vec<(&'static str, String)> {
    let opt = |v: Option<&str>| v.unwrap_or("—").to_string();
    match part {
        Part::Client(c) => vec![
            ("name", c.name.to_string()),
            ("account manager", c.account_manager.to_string()),
            ("segment", opt(c.segment.as_deref())),
        ],
        Part::Title(t) => vec![("title", t.clone())],
        Part::Now(n) => vec![
            ("stage", n.stage.to_string()),
            ("since", n.since.to_string()),
        ],
        Part::Heading(h) => vec![("name", h.name.clone()), ("goal", opt(h.goal.as_deref()))],
        Part::Stage(s) => vec![
            ("name", s.name.to_string()),
            ("goal", opt(s.goal.as_deref())),
            ("touchpoints", s.touchpoints.len().to_string()),
            ("needs", s.needs.len().to_string()),
            ("perceptions", s.perceptions.len().to_string()),
            ("feedback", s.feedback.len().to_string()),
            ("commitments", s.commitments.len().to_string()),
        ],
        Part::Touchpoint(t) => vec![
            ("channel", t.channel.to_string()),
            ("description", t.description.to_string()),
            ("owner", t.owner.to_string()),
            ("department", t.department.to_string()),
        ],
        Part::Need(n) => vec![
            ("text", n.text.to_string()),
            ("motivation", n.motivation.to_string()),
            ("met", if n.met { "yes" } else { "no" }.into()),
        ],
        Part::Perception(p) => vec![
            ("text", p.text.to_string()),
            ("sentiment", p.sentiment.to_string()),
            ("source", p.source.to_string()),
        ],
        Part::Feedback(f) => vec![
            ("date", f.date.to_string()),
            ("method", f.method.to_string()),
            ("score", f.score.map_or("—".into(), |s| s.to_string())),
            ("by", f.by.to_string()),
            ("summary", f.summary.to_string()),
            (
                "holding back",
                if f.holding_back { "yes" } else { "no" }.into(),
            ),
        ],
        Part::Commitment(c) => vec![
            ("promise", c.promise.to_string()),
            ("owner", c.owner.to_string()),
            ("due", c.due.to_string()),
            ("done", c.done.map_or("open".into(), |d| d.to_string())),
        ],
        Part::Review(r) => vec![
            ("date", r.date.to_string()),
            ("by", r.by.to_string()),
            ("stage", opt(r.stage.as_deref())),
            ("note", r.note.to_string()),
        ],
    }
}

/// What a side without a version means, in words.
fn absent(conflict: &Conflict, side: Side) -> &'static str {
    match (side, &conflict.base) {
        (Side::Base, _) => "(not in the base: new)",
        (_, Some(_)) => "(deleted on this side)",
        (_, None) => "(not on this side)",
    }
}

/// Draws the three versions in columns across `area`; `selected` is the
/// column Enter takes.
pub fn render(conflict: &Conflict, selected: Side, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.width < 9 || area.height < 3 {
        return;
    }
    let versions: Vec<Option<Vec<(&'static str, String)>>> = Side::ALL
        .iter()
        .map(|&s| conflict.side(s).map(fields_of))
        .collect();
    let width = area.width / 3;
    for (i, &side) in Side::ALL.iter().enumerate() {
        let x = area.x + width * i as u16;
        let w = if i == 2 {
            area.width - width * 2
        } else {
            width
        };
        let column = Rect {
            x,
            width: w,
            ..area
        };
        let mut title = side.word().to_string();
        if side == conflict.kept {
            title.push_str(" · in the map");
        }
        let key = match side {
            Side::Ours => 'o',
            Side::Theirs => 't',
            Side::Base => 'b',
        };
        let block = Block::bordered()
            .border_style(theme.border(side == selected))
            .title(Span::styled(format!(" {key} {title} "), theme.heading()));
        let inner = draw_panel(block, column, buf);
        let mut row = 0;
        match &versions[i] {
            None => put_line(
                buf,
                inner,
                0,
                &Line::styled(absent(conflict, side), theme.dim()),
            ),
            Some(fields) => {
                for (name, value) in fields {
                    let differs = versions
                        .iter()
                        .flatten()
                        .any(|other| other.iter().any(|(n, v)| n == name && v != value));
                    let style = if differs {
                        theme.warning()
                    } else {
                        theme.text()
                    };
                    let text = safe_text::clean(value);
                    let label = Span::styled(format!("{name}: "), theme.dim());
                    // On the field's line when it fits, else below it.
                    if safe_text::width(name) + 2 + safe_text::width(&text)
                        <= usize::from(inner.width)
                    {
                        put_line(
                            buf,
                            inner,
                            row,
                            &Line::from(vec![label, Span::styled(text, style)]),
                        );
                        row += 1;
                        continue;
                    }
                    put_line(buf, inner, row, &Line::from(label));
                    row += 1;
                    for piece in
                        safe_text::wrap(&text, usize::from(inner.width.saturating_sub(2)).max(1))
                    {
                        put_line(buf, inner, row, &Line::styled(format!("  {piece}"), style));
                        row += 1;
                    }
                }
            }
        }
    }
}
