//! The one question box of the app: confirm a delete, save / discard /
//! cancel before leaving unsaved changes, overwrite a file that changed on
//! disk, save over hand-written comments, and the session's prompts
//! (changed on disk, someone else editing, recovered edits). Each answer
//! has a letter; the keymap's left / right (and next / previous panel)
//! move between them, `open` (Enter) takes the selected one, `back` (Esc)
//! or `quit` gives the way out.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::edit::session::Prompt;
use crate::tui::command_hint::CommandHint;
use crate::tui::keymap::{Action, KeyMap};
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
    label: String,
    choice: Choice,
}

/// A question with answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    pub title: String,
    pub lines: Vec<String>,
    answers: Vec<Answer>,
    /// The answer Enter takes; `None`: the way out (Esc) is selected.
    selected: Option<usize>,
    /// What Esc does, in words.
    escape: String,
    /// A question that came from outside (the file changed, someone else
    /// edits): drawn with a warning border.
    warning: bool,
}

impl Dialog {
    fn new(title: &str, lines: Vec<String>, answers: Vec<Answer>, selected: usize) -> Self {
        Dialog {
            title: title.to_string(),
            lines,
            answers,
            selected: Some(selected),
            escape: "cancel".into(),
            warning: false,
        }
    }

    /// The session's question. Enter, like Esc, takes the safe way out
    /// until another answer is selected: nothing is dropped or overwritten
    /// by a key pressed out of habit.
    pub fn from_prompt(prompt: &Prompt) -> Self {
        let answers = prompt
            .choices
            .iter()
            .enumerate()
            .map(|(i, (key, label))| Answer {
                key: *key,
                label: label.clone(),
                choice: Choice::Pick(i),
            })
            .collect();
        Dialog {
            title: prompt.title.clone(),
            lines: prompt.lines.clone(),
            answers,
            selected: None,
            escape: prompt.on_escape.clone(),
            warning: true,
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
                    label: "delete".into(),
                    choice: Choice::Yes,
                },
                Answer {
                    key: 'n',
                    label: "keep".into(),
                    choice: Choice::Cancel,
                },
            ],
            0,
        )
    }

    /// Esc on a changed form: drop the changes, or keep editing (the
    /// default, so a second Esc or Enter out of habit loses nothing).
    pub fn discard_changes() -> Self {
        let mut dialog = Dialog::new(
            "Discard your changes?",
            vec!["The form has changes that are not saved.".into()],
            vec![
                Answer {
                    key: 'y',
                    label: "discard".into(),
                    choice: Choice::Discard,
                },
                Answer {
                    key: 'n',
                    label: "keep editing".into(),
                    choice: Choice::Cancel,
                },
            ],
            1,
        );
        dialog.escape = "keep editing".into();
        dialog
    }

    /// A pick list: one answer per (key, label), giving `Choice::Pick(i)`.
    pub fn pick(title: &str, lines: Vec<String>, answers: &[(char, &'static str)]) -> Self {
        let answers = answers
            .iter()
            .enumerate()
            .map(|(i, &(key, label))| Answer {
                key,
                label: label.to_string(),
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
                    label: "save".into(),
                    choice: Choice::Save,
                },
                Answer {
                    key: 'd',
                    label: "discard".into(),
                    choice: Choice::Discard,
                },
                Answer {
                    key: 'c',
                    label: "cancel".into(),
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
                    label: "overwrite".into(),
                    choice: Choice::Overwrite,
                },
                Answer {
                    key: 'c',
                    label: "cancel".into(),
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
                    label: "save anyway".into(),
                    choice: Choice::Save,
                },
                Answer {
                    key: 'c',
                    label: "cancel".into(),
                    choice: Choice::Cancel,
                },
            ],
            1,
        )
    }

    /// The answer a key gives, if any: an answer's letter first, then the
    /// keymap's actions.
    pub fn handle_key(&mut self, key: KeyEvent, keys: &KeyMap) -> Option<Choice> {
        if key.kind != KeyEventKind::Press {
            return None;
        }
        if let KeyCode::Char(c) = key.code
            && key
                .modifiers
                .difference(ratatui::crossterm::event::KeyModifiers::SHIFT)
                .is_empty()
            && let Some(answer) = self
                .answers
                .iter()
                .find(|a| a.key == c.to_ascii_lowercase())
        {
            return Some(answer.choice);
        }
        let n = self.answers.len();
        match keys.action(&key)? {
            Action::Back | Action::Quit => Some(Choice::Cancel),
            Action::Open => Some(
                self.selected
                    .and_then(|i| self.answers.get(i))
                    .map_or(Choice::Cancel, |a| a.choice),
            ),
            Action::Left | Action::PrevPanel | Action::Up if n > 0 => {
                self.selected = Some(self.selected.map_or(n - 1, |i| (i + n - 1) % n));
                None
            }
            Action::Right | Action::NextPanel | Action::Down if n > 0 => {
                self.selected = Some(self.selected.map_or(0, |i| (i + 1) % n));
                None
            }
            _ => None,
        }
    }

    /// The answers for the footer: each letter, then the way out.
    pub fn hints(&self) -> Vec<CommandHint> {
        self.answers
            .iter()
            .map(|a| CommandHint::literal(&a.key.to_string(), &a.label))
            // Esc is named unless an answer already says "cancel".
            .chain(
                (!self.answers.iter().any(|a| a.choice == Choice::Cancel))
                    .then(|| CommandHint::new(&[Action::Back], &self.escape)),
            )
            .collect()
    }

    /// The answers as lines: on one line when they fit, else one each.
    fn answer_lines(&self, width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let styled = |i: usize, a: &Answer| {
            let style = if Some(i) == self.selected {
                theme.selected().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            Span::styled(format!(" {} {} ", a.key, a.label), style)
        };
        let esc_style = if self.selected.is_none() {
            theme.selected().add_modifier(Modifier::BOLD)
        } else {
            theme.dim()
        };
        let esc = Span::styled(format!("Esc {}", self.escape), esc_style);
        let one_line: usize = self
            .answers
            .iter()
            .map(|a| a.label.chars().count() + 6)
            .sum::<usize>()
            + 4
            + self.escape.chars().count();
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
        // A prompt from outside explains more (who, what changed): it may
        // take the width of an 80-column terminal.
        let width = if self.warning {
            let text = self.lines.iter().map(|l| super::safe_text::width(l)).max();
            u16::try_from(text.unwrap_or(0) + 6)
                .unwrap_or(u16::MAX)
                .clamp(40, 76)
        } else {
            64
        };
        let width = screen.width.min(width);
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
        let block = if self.warning {
            Block::bordered()
                .border_type(ratatui::widgets::BorderType::Double)
                .border_style(theme.warning())
        } else {
            Block::bordered().border_style(theme.border(true))
        };
        let block = block.title(Span::styled(
            format!(
                " {} ",
                super::safe_text::fit(&self.title, usize::from(width.saturating_sub(4)))
            ),
            theme.heading(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        let answer_height = (answers.len() as u16).min(inner.height);
        // Lines name clients and files: made harmless like all map text.
        let text: Vec<Line> = self
            .lines
            .iter()
            .map(|l| Line::from(super::safe_text::clean(l)))
            .collect();
        Paragraph::new(text).wrap(Wrap { trim: false }).render(
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
        KeyEvent::new(code, ratatui::crossterm::event::KeyModifiers::NONE)
    }

    #[test]
    fn letters_enter_and_esc_answer() {
        let keys = KeyMap::default();
        let mut d = Dialog::unsaved_changes("Acme", "leaving");
        assert_eq!(
            d.handle_key(press(KeyCode::Char('d')), &keys),
            Some(Choice::Discard)
        );
        assert_eq!(
            d.handle_key(press(KeyCode::Enter), &keys),
            Some(Choice::Save)
        );
        assert_eq!(d.handle_key(press(KeyCode::Right), &keys), None);
        assert_eq!(
            d.handle_key(press(KeyCode::Enter), &keys),
            Some(Choice::Discard)
        );
        assert_eq!(
            d.handle_key(press(KeyCode::Esc), &keys),
            Some(Choice::Cancel)
        );
        assert_eq!(d.handle_key(press(KeyCode::Char('x')), &keys), None);
        // The safe answer is the default where the other loses work.
        let mut d = Dialog::save_refused("changed on disk");
        assert_eq!(
            d.handle_key(press(KeyCode::Enter), &keys),
            Some(Choice::Cancel)
        );
    }

    #[test]
    fn a_prompt_takes_the_way_out_on_enter_until_an_answer_is_selected() {
        let keys = KeyMap::default();
        let prompt = Prompt::for_tests(
            "Changed on disk",
            &[('r', "reload"), ('o', "keep mine, overwrite")],
            "decide later",
        );
        let mut d = Dialog::from_prompt(&prompt);
        assert_eq!(
            d.handle_key(press(KeyCode::Enter), &keys),
            Some(Choice::Cancel)
        );
        assert_eq!(
            d.handle_key(press(KeyCode::Char('O')), &keys),
            Some(Choice::Pick(1))
        );
        assert_eq!(d.handle_key(press(KeyCode::Char('x')), &keys), None);
        assert_eq!(d.handle_key(press(KeyCode::Right), &keys), None);
        assert_eq!(
            d.handle_key(press(KeyCode::Enter), &keys),
            Some(Choice::Pick(0))
        );
        let hints: Vec<String> = d.hints().iter().map(|h| h.label.clone()).collect();
        assert_eq!(hints, ["reload", "keep mine, overwrite", "decide later"]);
    }

    #[test]
    fn keys_come_from_the_keymap() {
        let overrides = [("back".to_string(), vec!["f9".to_string()])]
            .into_iter()
            .collect();
        let keys = KeyMap::with_overrides(&overrides).unwrap();
        let mut d = Dialog::unsaved_changes("Acme", "leaving");
        assert_eq!(d.handle_key(press(KeyCode::Esc), &keys), None);
        assert_eq!(
            d.handle_key(press(KeyCode::F(9)), &keys),
            Some(Choice::Cancel)
        );
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
