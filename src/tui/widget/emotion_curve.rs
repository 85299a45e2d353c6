//! The emotion curve: the client's sentiment across the whole journey as
//! one braille line, every stage from the first to the last whatever the
//! board's columns show, with the stage numbers and names under it.
//!
//! Read without colour: a stage's value is a mark on the line, `●` when
//! heard or observed and `○` when it is only assumed; a stage with nothing
//! known has no mark and the line breaks there (a gap, not zero). The rows
//! on the left say where +2, 0 and -2 are; the scale is symmetric, so a
//! value and its negative sit the same distance above and below the 0 row.
//! The selected stage's label is shown reversed. (Drawn by hand: ratatui's
//! `Chart` misplaces more than three axis labels, ratatui issue 334.)

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::safe_text;
use crate::analysis::StageSentiment;
use crate::tui::theme::Theme;

/// Cells of the scale at the left: `+2`, ` 0`, `-2` and a space.
const GUTTER: u16 = 3;

/// The mark of a known value and of an assumed one.
pub const KNOWN: char = '●';
pub const ASSUMED: char = '○';

/// Rows of line for a curve given `height` rows in all (one is the labels):
/// an odd number, so that 0 has a row of its own in the middle.
pub fn plot_rows(height: u16) -> u16 {
    match height.saturating_sub(1) {
        0 => 0,
        1 | 2 => 1,
        3 | 4 => 3,
        _ => 5,
    }
}

/// Draws the curve into `area`: the line rows, then one row of labels.
/// `names[i]` is stage `i`'s name, `points[i]` its sentiment.
pub fn draw(
    points: &[Option<StageSentiment>],
    names: &[String],
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let rows = plot_rows(area.height);
    if rows == 0 || area.width <= GUTTER + 1 || points.is_empty() {
        return;
    }
    let plot = Rect {
        x: area.x + GUTTER,
        width: area.width - GUTTER,
        height: rows,
        ..area
    };
    // Dot rows 0..=levels-1 are used; the middle one is 0. (A row has four
    // dots; the last dot row stays empty so that the count is odd.)
    let levels = usize::from(rows) * 4 - 1;
    let mid = levels / 2;
    let dot_y = |v: f64| -> usize {
        // Rounded away from zero on both sides, so that -v lies exactly as
        // far below the middle as v above it.
        let t = ((v.clamp(-2.0, 2.0) / 2.0) * mid as f64).round();
        (mid as f64 - t).clamp(0.0, (levels - 1) as f64) as usize
    };
    let n = points.len();
    let dots_w = usize::from(plot.width) * 2;
    // The centre dot column of each stage's slot.
    let centre = |i: usize| -> usize { ((2 * i + 1) * dots_w / (2 * n)).min(dots_w - 1) };
    let mut grid = vec![vec![false; dots_w]; levels + 1];
    for i in 0..n.saturating_sub(1) {
        if let (Some(a), Some(b)) = (points[i], points[i + 1]) {
            line(
                &mut grid,
                (centre(i), dot_y(a.value)),
                (centre(i + 1), dot_y(b.value)),
            );
        }
    }
    for (i, p) in points.iter().enumerate() {
        if let Some(p) = p {
            grid[dot_y(p.value)][centre(i)] = true;
        }
    }
    // The scale.
    let scale_style = theme.dim();
    let mid_row = rows / 2;
    for (row, text) in [(0, "+2"), (mid_row, " 0"), (rows - 1, "-2")] {
        // One row is all the middle: only 0 is written there.
        if rows >= 3 || text == " 0" {
            buf.set_string(area.x, area.y + row, text, scale_style);
        }
    }
    // The line, cell by cell.
    for cy in 0..usize::from(rows) {
        for cx in 0..usize::from(plot.width) {
            let mut bits = 0u32;
            for (dx, dy, bit) in BRAILLE_BITS {
                let (x, y) = (cx * 2 + dx, cy * 4 + dy);
                if grid.get(y).and_then(|r| r.get(x)).copied().unwrap_or(false) {
                    bits |= bit;
                }
            }
            if bits != 0
                && let Some(c) = char::from_u32(0x2800 + bits)
            {
                buf[(plot.x + cx as u16, plot.y + cy as u16)]
                    .set_char(c)
                    .set_style(theme.text());
            }
        }
    }
    // The marks over the line, where each value is.
    for (i, p) in points.iter().enumerate() {
        if let Some(p) = p {
            let x = plot.x + (centre(i) / 2) as u16;
            let y = plot.y + (dot_y(p.value) / 4) as u16;
            let style = if i == selected {
                theme.heading()
            } else {
                theme.text()
            };
            buf[(x, y)]
                .set_char(if p.assumed { ASSUMED } else { KNOWN })
                .set_style(style);
        }
    }
    // The labels: each stage's number and as much of its name as fits its
    // slot, the selected one reversed.
    let label_y = area.y + rows;
    if label_y >= area.bottom() {
        return;
    }
    let slot = |i: usize| -> (u16, u16) {
        let from = i * usize::from(plot.width) / n;
        let to = (i + 1) * usize::from(plot.width) / n;
        (plot.x + from as u16, (to - from) as u16)
    };
    for (i, name) in names.iter().enumerate().take(n) {
        let (x, w) = slot(i);
        if w == 0 {
            continue;
        }
        let number = (i + 1).to_string();
        let text = if usize::from(w) > number.len() + 2 {
            format!("{number} {}", safe_text::clean(name))
        } else {
            number
        };
        let text = safe_text::fit(&text, usize::from(w).saturating_sub(1));
        let style: Style = if i == selected {
            theme.selected()
        } else {
            theme.dim()
        };
        buf.set_stringn(x, label_y, &text, usize::from(w), style);
    }
}

/// The dots of a braille cell: (column, row, bit).
const BRAILLE_BITS: [(usize, usize, u32); 8] = [
    (0, 0, 0x01),
    (0, 1, 0x02),
    (0, 2, 0x04),
    (1, 0, 0x08),
    (1, 1, 0x10),
    (1, 2, 0x20),
    (0, 3, 0x40),
    (1, 3, 0x80),
];

/// Sets the dots of a straight line between two dots (Bresenham).
fn line(grid: &mut [Vec<bool>], from: (usize, usize), to: (usize, usize)) {
    let (mut x, mut y) = (from.0 as i64, from.1 as i64);
    let (x1, y1) = (to.0 as i64, to.1 as i64);
    let (dx, dy) = ((x1 - x).abs(), -(y1 - y).abs());
    let (sx, sy) = (if x < x1 { 1 } else { -1 }, if y < y1 { 1 } else { -1 });
    let mut err = dx + dy;
    loop {
        if let Some(cell) = grid.get_mut(y as usize).and_then(|r| r.get_mut(x as usize)) {
            *cell = true;
        }
        if x == x1 && y == y1 {
            break;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x += sx;
        }
        if e2 <= dx {
            err += dx;
            y += sy;
        }
    }
}
