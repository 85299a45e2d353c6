//! Styles. Only the 16 named ANSI colours are used, so the app reads the
//! same on any terminal palette; with colours off (`NO_COLOR`,
//! `--no-color`) everything that matters is still told by a glyph, a word
//! or a modifier (bold, reverse), never by colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::analysis::{CommitmentState, Severity, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Text of no particular importance.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Secondary text: labels, hints, counts.
    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// Headings and the app's title bar.
    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A key name in the footer or the help.
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row or item.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A border; the focused panel's is bold and coloured.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn success(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::AtRisk => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Status::Watch => self.fg(Color::Yellow),
            Status::Ok => self.fg(Color::Green),
        }
    }

    /// A commitment's state: overdue as at risk, due soon and kept late
    /// as watch, kept as done; one open for later needs nothing.
    pub fn commitment(&self, state: CommitmentState) -> Style {
        match state {
            CommitmentState::Overdue(_) => self.status(Status::AtRisk),
            CommitmentState::DueSoon(_) | CommitmentState::KeptLate(_) => {
                self.status(Status::Watch)
            }
            CommitmentState::Open(_) => self.text(),
            CommitmentState::Kept => self.success(),
        }
    }

    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Critical => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow),
            Severity::Info => self.fg(Color::Blue),
        }
    }
}

/// ● AT RISK, ◐ WATCH, ○ OK: glyph and word, so that status reads without
/// colour.
pub fn status_glyph(status: Status) -> &'static str {
    match status {
        Status::AtRisk => "●",
        Status::Watch => "◐",
        Status::Ok => "○",
    }
}

pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::AtRisk => "AT RISK",
        Status::Watch => "WATCH",
        Status::Ok => "OK",
    }
}

/// Glyph and word of a file that could not be read.
pub const ERROR_GLYPH: &str = "✗";
pub const ERROR_WORD: &str = "ERROR";

pub fn severity_glyph(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "●",
        Severity::Warning => "◐",
        Severity::Info => "·",
    }
}
