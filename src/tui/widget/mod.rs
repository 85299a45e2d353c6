//! Reusable pieces of screens.

pub mod describe;
pub mod dialog;
pub mod footer;
pub mod form;
pub mod help;
pub mod safe_text;
pub mod sentiment;
pub mod session_prompt;
pub mod status;
pub mod text_overlay;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

/// Draws a line on row `row` of `area`, clipped to the area; rows outside
/// the area are ignored, so callers never index out of the buffer.
pub fn put_line(buf: &mut Buffer, area: Rect, row: u16, line: &Line) {
    let area = area.intersection(*buf.area());
    if row >= area.height || area.width == 0 {
        return;
    }
    buf.set_line(area.x, area.y + row, line, area.width);
}

/// A box of `width` x `height` centred in `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `area` and draws `block` in it, returning the inner area.
pub fn draw_box(block: Block, area: Rect, buf: &mut Buffer) -> Rect {
    let area = area.intersection(*buf.area());
    Clear.render(area, buf);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Fills `area` with a style (used for selection bars).
pub fn fill(buf: &mut Buffer, area: Rect, style: ratatui::style::Style) {
    let area = area.intersection(*buf.area());
    buf.set_style(area, style);
}
