//! Small questions over the screen: confirm a delete, save / discard /
//! cancel before leaving unsaved changes, overwrite a file that changed on
//! disk, save over hand-written comments. Each answer has a letter; Left/
//! Right or Tab pick one, Enter takes it, Esc cancels.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::tui::theme::Theme;

/// The answers a dialog can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Yes,
    Save,
    Discard,
    Overwrite,
    Cancel,
    /// The n-th answer of a pick list.
    Pick(usize),
}

/// One answer: its letter, its words, what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    key: char,
    label: &'static str,
    choice: Choice,
}

/// A question with answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    pub title: String,
    pub lines: Vec<String>,
    answers: Vec<Answer>,
    selected: usize,
}

impl Dialog {
    fn new(title: &str, lines: Vec<String>, answers: Vec<Answer>, selected: usize) -> Self {
        Dialog {
            title: title.to_string(),
            lines,
            answers,
            selected,
        }
    }

    /// "Delete this …?": y deletes (undo brings it back), n/Esc keeps it.
    pub fn confirm_delete(what: &str, lines: Vec<String>) -> Self {
        Dialog::new(
            &format!("Delete {what}?"),
            lines,
            vec![
                Answer {
                    key: 'y',
                    label: "delete",
                    choice: Choice::Yes,
                },
                Answer {
                    key: 'n',
                    label: "keep",
                    choice: Choice::Cancel,
                },
            ],
            0,
        )
    }

    /// A pick list: one answer per (key, label), giving `Choice::Pick(i)`.
    pub fn pick(title: &str, lines: Vec<String>, answers: &[(char, &'static str)]) -> Self {
        let answers = answers
            .iter()
            .enumerate()
            .map(|(i, &(key, label))| Answer {
                key,
                label,
                choice: Choice::Pick(i),
            })
            .collect();
        Dialog::new(title, lines, answers, 0)
    }

    /// Leaving a map with unsaved changes: save, discard or stay.
    pub fn unsaved_changes(client: &str, leaving: &str) -> Self {
        Dialog::new(
            "Unsaved changes",
            vec![format!(
                "{client} has changes that are not saved. Save them before {leaving}?"
            )],
            vec![
                Answer {
                    key: 's',
                    label: "save",
                    choice: Choice::Save,
                },
                Answer {
                    key: 'd',
                    label: "discard",
                    choice: Choice::Discard,
                },
                Answer {
                    key: 'c',
                    label: "cancel",
                    choice: Choice::Cancel,
                },
            ],
            0,
        )
    }

    /// A save was refused because the file changed or vanished.
    pub fn save_refused(reason: &str) -> Self {
        Dialog::new(
            "Not saved",
            vec![
                reason.to_string(),
                "Overwrite it with this map (the other changes are lost), or cancel and keep editing?"
                    .to_string(),
            ],
            vec![
                Answer {
                    key: 'o',
                    label: "overwrite",
                    choice: Choice::Overwrite,
                },
                Answer {
                    key: 'c',
                    label: "cancel",
                    choice: Choice::Cancel,
                },
            ],
            1,
        )
    }

    /// The first save over a file with hand-written comments.
    pub fn comments_warning(file: &str) -> Self {
        Dialog::new(
            "Comments will be dropped",
            vec![format!(
                "{file} has hand-written comments that saving will drop: save anyway?"
            )],
            vec![
                Answer {
                    key: 's',
                    label: "save anyway",
                    choice: Choice::Save,
                },
                Answer {
                    key: 'c',
                    label: "cancel",
                    choice: Choice::Cancel,
                },
            ],
            1,
        )
    }

    /// The answer a key gives, if any.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Choice> {
        if key.kind != KeyEventKind::Press || self.answers.is_empty() {
            return None;
        }
        let n = self.answers.len();
        match key.code {
            KeyCode::Esc => Some(Choice::Cancel),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Choice::Cancel)
            }
            KeyCode::Enter => self.answers.get(self.selected).map(|a| a.choice),
            KeyCode::Left | KeyCode::BackTab | KeyCode::Char('h') => {
                self.selected = (self.selected + n - 1) % n;
                None
            }
            KeyCode::Right | KeyCode::Tab | KeyCode::Char('l') => {
                self.selected = (self.selected + 1) % n;
                None
            }
            KeyCode::Char(c) => {
                let c = c.to_ascii_lowercase();
                self.answers.iter().find(|a| a.key == c).map(|a| a.choice)
            }
            _ => None,
        }
    }

    /// The answers as lines: on one line when they fit, else one each.
    fn answer_lines(&self, width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let styled = |i: usize, a: &Answer| {
            let style = if i == self.selected {
                theme.selected().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            Span::styled(format!(" {} {} ", a.key, a.label), style)
        };
        let esc = Span::styled("Esc cancel", theme.dim());
        let one_line: usize = self
            .answers
            .iter()
            .map(|a| a.label.chars().count() + 6)
            .sum::<usize>()
            + 10;
        if one_line <= width {
            let mut spans = Vec::new();
            for (i, a) in self.answers.iter().enumerate() {
                spans.push(styled(i, a));
                spans.push(Span::raw("  "));
            }
            spans.push(esc);
            return vec![Line::from(spans)];
        }
        let mut lines: Vec<Line> = self
            .answers
            .iter()
            .enumerate()
            .map(|(i, a)| Line::from(styled(i, a)))
            .collect();
        lines.push(Line::from(esc));
        lines
    }

    /// Draws the dialog centred on `screen`.
    pub fn render(&self, screen: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = screen.width.min(64);
        if width < 12 || screen.height < 5 {
            return;
        }
        let text_width = usize::from(width.saturating_sub(4)).max(1);
        let wrapped: usize = self
            .lines
            .iter()
            .map(|l| l.chars().count().div_ceil(text_width).max(1))
            .sum();
        let answers = self.answer_lines(text_width, theme);
        let height = (wrapped as u16 + answers.len() as u16 + 3).min(screen.height);
        let area = Rect {
            x: screen.x + (screen.width - width) / 2,
            y: screen.y + (screen.height - height) / 2,
            width,
            height,
        };
        Clear.render(area, buf);
        let block = Block::bordered()
            .border_style(theme.border(true))
            .title(Span::styled(format!(" {} ", self.title), theme.heading()));
        let inner = block.inner(area);
        block.render(area, buf);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        let answer_height = (answers.len() as u16).min(inner.height);
        let text: Vec<Line> = self.lines.iter().map(|l| Line::from(l.as_str())).collect();
        Paragraph::new(text).wrap(Wrap { trim: true }).render(
            Rect {
                height: inner.height.saturating_sub(answer_height + 1),
                ..inner
            },
            buf,
        );
        let rows = Rect {
            y: inner.bottom().saturating_sub(answer_height),
            height: answer_height,
            ..inner
        };
        Paragraph::new(answers).render(rows, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_enter_and_esc_answer() {
        let mut d = Dialog::unsaved_changes("Acme", "leaving");
        assert_eq!(
            d.handle_key(press(KeyCode::Char('d'))),
            Some(Choice::Discard)
        );
        assert_eq!(d.handle_key(press(KeyCode::Enter)), Some(Choice::Save));
        assert_eq!(d.handle_key(press(KeyCode::Right)), None);
        assert_eq!(d.handle_key(press(KeyCode::Enter)), Some(Choice::Discard));
        assert_eq!(d.handle_key(press(KeyCode::Esc)), Some(Choice::Cancel));
        assert_eq!(d.handle_key(press(KeyCode::Char('x'))), None);
        // The safe answer is the default where the other loses work.
        let mut d = Dialog::save_refused("changed on disk");
        assert_eq!(d.handle_key(press(KeyCode::Enter)), Some(Choice::Cancel));
    }

    #[test]
    fn renders_at_any_size_without_panic() {
        let d = Dialog::comments_warning("maps/northwind.ron");
        for (w, h) in [(0, 0), (5, 3), (20, 6), (80, 24), (200, 60)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            d.render(area, &mut buf, &Theme::new(false));
        }
    }
}
