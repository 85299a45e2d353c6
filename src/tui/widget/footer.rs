//! The footer: the most useful keys for the current screen, built from the
//! screen's commands and the keymap, so it is never out of date.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{put_line, safe_text};
use crate::tui::command_hint::CommandHint;
use crate::tui::keymap::KeyMap;
use crate::tui::theme::Theme;

/// How a hint's keys are written: `←→`, `Enter`, `Ctrl-s`.
pub fn hint_keys(hint: &CommandHint, keys: &KeyMap) -> String {
    if let Some(key) = &hint.literal {
        return key.clone();
    }
    let parts: Vec<String> = hint.actions.iter().map(|a| keys.describe(*a)).collect();
    // Arrow pairs read best run together ("←→"); other keys with a slash.
    if parts.iter().all(|p| safe_text::width(p) == 1) {
        parts.concat()
    } else {
        parts.join("/")
    }
}

/// Draws as many hints as fit, in order; the last hints (help, quit) are
/// kept by dropping the ones before them first.
pub fn draw(hints: &[CommandHint], keys: &KeyMap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let items: Vec<(String, String)> = hints
        .iter()
        .filter(|h| h.footer)
        .map(|h| (hint_keys(h, keys), h.label.clone()))
        .collect();
    let width = |(k, l): &(String, String)| safe_text::width(k) + 1 + safe_text::width(l) + 2;
    let avail = usize::from(area.width).saturating_sub(1);
    // Keep the last two (help and quit) when anything must go.
    let mut chosen: Vec<&(String, String)> = items.iter().collect();
    while chosen.iter().map(|i| width(i)).sum::<usize>() > avail && chosen.len() > 2 {
        chosen.remove(chosen.len() - 3);
    }
    let mut spans = vec![Span::raw(" ")];
    for (k, l) in chosen {
        spans.push(Span::styled(k.clone(), theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(l.clone(), theme.text()));
        spans.push(Span::raw("  "));
    }
    put_line(buf, area, 0, &Line::from(spans));
}
