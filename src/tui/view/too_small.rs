//! Shown instead of the screen when the terminal is below the minimum
//! size: a clear message beats a garbled layout.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::theme::Theme;
use crate::tui::widget::{put_line, safe_text};

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn draw(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let text = format!(
        "Terminal too small: {}x{}. journeymap needs at least {MIN_WIDTH}x{MIN_HEIGHT}; enlarge the window (q quits).",
        area.width, area.height
    );
    let lines = safe_text::wrap(&text, usize::from(area.width));
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let w = safe_text::width(l) as u16;
        let x = area.width.saturating_sub(w) / 2;
        let row_area = Rect {
            x: area.x + x,
            width: area.width - x,
            ..area
        };
        let style = if i == 0 {
            theme.warning()
        } else {
            theme.text()
        };
        put_line(
            buf,
            row_area,
            top + i as u16,
            &Line::from(Span::styled(l.clone(), style)),
        );
    }
}
