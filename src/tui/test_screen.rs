//! For unit tests of screens: a component drawn on a plain buffer with the
//! default keys, no colour and a fixed date, read back as text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::analysis::Thresholds;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::KeyMap;
use crate::tui::theme::Theme;

/// The text `component` draws on a `width` x `height` screen, one line a
/// row, as of 2026-11-23.
pub fn drawn(component: &dyn Component, width: u16, height: u16) -> String {
    let keys = KeyMap::default();
    let theme = Theme::new(false);
    let t = Thresholds::default();
    let ctx = Ctx::new(
        &keys,
        &theme,
        jiff::civil::date(2026, 11, 23),
        &t,
        false,
        "t",
    );
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    component.draw(area, &mut buf, &ctx);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
