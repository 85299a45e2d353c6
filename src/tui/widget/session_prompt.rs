//! Draws a `session::Prompt` (changed on disk, someone else editing,
//! recovered edits) as a box over the screen: the question, then one line
//! per answer with its key. Fits 80x24; text that does not fit is cut with
//! `…`, answers are always shown.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use super::{centered, draw_box, put_line, safe_text};
use crate::edit::session::Prompt;
use crate::tui::theme::Theme;

pub fn draw(prompt: &Prompt, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.width < 20 || area.height < 6 {
        return;
    }
    let answers: Vec<(String, String)> = prompt
        .choices
        .iter()
        .map(|(key, label)| (key.to_string(), label.clone()))
        .chain(std::iter::once((
            "Esc".to_string(),
            prompt.on_escape.clone(),
        )))
        .collect();
    let widest = prompt
        .lines
        .iter()
        .map(|l| safe_text::width(l))
        .chain(answers.iter().map(|(k, l)| k.len() + l.len() + 4))
        .max()
        .unwrap_or(0);
    let width = u16::try_from(widest + 4)
        .unwrap_or(u16::MAX)
        .clamp(40, 76)
        .min(area.width);
    let height = u16::try_from(prompt.lines.len() + answers.len() + 3)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let outer = centered(area, width, height);
    let title = safe_text::fit(&prompt.title, usize::from(width.saturating_sub(4)));
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.warning())
        .title(Span::styled(format!(" {title} "), theme.heading()));
    let inner = draw_box(block, outer, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let text_width = usize::from(inner.width);
    // The answers are what matters: they get their rows first.
    let answer_rows = (answers.len() as u16).min(inner.height);
    let text_rows = inner.height.saturating_sub(answer_rows + 1);
    for (row, line) in prompt.lines.iter().take(usize::from(text_rows)).enumerate() {
        let line = Line::from(safe_text::fit(line, text_width));
        put_line(buf, inner, row as u16, &line);
    }
    let first_answer = inner.height.saturating_sub(answer_rows);
    for (i, (key, label)) in answers.iter().enumerate() {
        let line = Line::from(vec![
            Span::styled(format!(" {key:>3} "), theme.key()),
            Span::raw(safe_text::fit(label, text_width.saturating_sub(6))),
        ]);
        put_line(buf, inner, first_answer + i as u16, &line);
    }
}

/// The footer while a prompt shows: its answers' keys.
pub fn draw_footer(prompt: &Prompt, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    let answers = prompt
        .choices
        .iter()
        .map(|(key, label)| (key.to_string(), label.as_str()))
        .chain(std::iter::once((
            "Esc".to_string(),
            prompt.on_escape.as_str(),
        )));
    for (key, label) in answers {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    let blank = " ".repeat(usize::from(area.width));
    put_line(buf, area, 0, &Line::from(blank));
    put_line(buf, area, 0, &Line::from(spans));
}
