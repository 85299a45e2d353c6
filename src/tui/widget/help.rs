//! The help overlay's text, from the current screen's commands and the
//! keymap (so it always shows the keys in force, overrides included).

use ratatui::text::{Line, Span};

use super::safe_text;
use crate::tui::command_hint::CommandHint;
use crate::tui::keymap::{Action, KeyMap};
use crate::tui::theme::Theme;

/// The commands available on every screen.
pub fn global_commands() -> Vec<CommandHint> {
    vec![
        CommandHint::new(&[Action::Help], "this help"),
        CommandHint::new(&[Action::Back], "back / close"),
        CommandHint::new(&[Action::Quit], "quit"),
    ]
}

/// Lines of the help: the screen's commands, then the global ones.
pub fn lines(
    screen: &str,
    commands: &[CommandHint],
    keys: &KeyMap,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let key_text = |h: &CommandHint| -> String {
        if let Some(key) = &h.literal {
            return key.clone();
        }
        h.actions
            .iter()
            .map(|a| keys.describe_all(*a))
            .collect::<Vec<_>>()
            .join("  ")
    };
    let all: Vec<&CommandHint> = commands.iter().collect();
    let globals = global_commands();
    let col = all
        .iter()
        .chain(globals.iter().collect::<Vec<_>>().iter())
        .map(|h| safe_text::width(&key_text(h)))
        .max()
        .unwrap_or(0)
        .clamp(8, 24);
    let row = |h: &CommandHint| {
        Line::from(vec![
            Span::styled(safe_text::pad(&key_text(h), col), theme.key()),
            Span::raw("  "),
            Span::raw(h.label.clone()),
        ])
    };
    let mut out = vec![Line::from(Span::styled(
        screen.to_string(),
        theme.heading(),
    ))];
    out.extend(all.iter().map(|h| row(h)));
    out.push(Line::default());
    out.push(Line::from(Span::styled("Everywhere", theme.heading())));
    out.extend(globals.iter().map(row));
    out.push(Line::default());
    out.push(Line::from(Span::styled("Mouse", theme.heading())));
    for (what, does) in [
        (
            "click",
            "selects a row, a stage or a finding, and opens it when clicked again; \
             a click outside a box closes the box",
        ),
        (
            "wheel",
            "scrolls the list, the stages or the box under the pointer",
        ),
    ] {
        out.push(Line::from(vec![
            Span::styled(safe_text::pad(what, col), theme.key()),
            Span::raw("  "),
            Span::raw(does),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Keys can be changed in config.ron: keys: {\"save\": [\"ctrl-s\"]}",
        theme.dim(),
    )));
    out
}
