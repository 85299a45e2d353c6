//! Status badges: glyph, word and colour together.

use ratatui::text::Span;

use crate::analysis::Status;
use crate::tui::theme::{self, Theme};

/// `● AT RISK` in the status colour.
pub fn badge(status: Status, theme: &Theme) -> Span<'static> {
    Span::styled(
        format!(
            "{} {}",
            theme::status_glyph(status),
            theme::status_word(status)
        ),
        theme.status(status),
    )
}

/// The badge padded to the widest word (`● AT RISK`), for table columns.
pub fn badge_padded(status: Status, theme: &Theme) -> Span<'static> {
    Span::styled(
        format!(
            "{} {:<7}",
            theme::status_glyph(status),
            theme::status_word(status)
        ),
        theme.status(status),
    )
}

/// `✗ ERROR`, for a file that could not be read.
pub fn error_badge(theme: &Theme) -> Span<'static> {
    Span::styled(
        format!("{} {:<7}", theme::ERROR_GLYPH, theme::ERROR_WORD),
        theme.error(),
    )
}
