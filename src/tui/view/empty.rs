//! The empty state: a maps folder with no maps yet. Explains how to start
//! instead of showing an empty table.

use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

use crate::tui::component::{CommandHint, Component, Ctx, EventState};
use crate::tui::event::AppEvent;
use crate::tui::keymap::Action;
use crate::tui::widget::{centered, draw_box, put_line, safe_text};

pub struct EmptyState {
    pub folder: PathBuf,
    /// The folder does not exist yet (as opposed to existing but empty).
    pub missing: bool,
}

impl EmptyState {
    pub fn new(folder: &Path, missing: bool) -> Self {
        EmptyState {
            folder: folder.to_path_buf(),
            missing,
        }
    }
}

impl Component for EmptyState {
    fn handle_key(&mut self, _key: KeyEvent, _ctx: &mut Ctx) -> EventState {
        EventState::NotConsumed
    }

    fn commands(&self, _ctx: &Ctx) -> Vec<CommandHint> {
        vec![CommandHint::new(&[Action::NewMap], "new map")]
    }

    fn name(&self) -> &'static str {
        "Getting started"
    }

    fn maps_folder(&self) -> Option<&Path> {
        Some(&self.folder)
    }

    /// The first map was created here: show the folder's maps instead.
    fn map_changed(&mut self, path: &Path, ctx: &mut Ctx) {
        if path.parent() == Some(self.folder.as_path()) {
            ctx.send(AppEvent::ShowFolder(self.folder.clone()));
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let theme = ctx.theme;
        // The folder's name comes from the user or the environment: clean it
        // like any other text before it reaches the terminal.
        let folder = safe_text::clean(&self.folder.display().to_string());
        let header = Line::from(vec![
            Span::styled(" journeymap", theme.heading()),
            Span::styled(" · ", theme.dim()),
            Span::raw(safe_text::fit(
                &folder,
                usize::from(area.width).saturating_sub(30),
            )),
            Span::styled(" · no maps", theme.dim()),
        ]);
        put_line(buf, area, 0, &header);
        let body = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        let where_ = if self.missing {
            "The maps folder does not exist yet:"
        } else {
            "There are no maps in"
        };
        let text: Vec<Line> = vec![
            Line::from(Span::styled("No journey maps yet", theme.heading())),
            Line::default(),
            Line::from(where_.to_string()),
            Line::from(Span::styled(
                format!(
                    "  {}",
                    safe_text::truncate(&folder, usize::from(body.width).saturating_sub(10))
                ),
                theme.dim(),
            )),
            Line::default(),
            Line::from("Create your first map for a client:"),
            Line::from(Span::styled(
                "  journeymap new \"Client name\" --manager \"Your name\"",
                theme.key(),
            )),
            Line::default(),
            Line::from("Or look around the bundled sample maps:"),
            Line::from(Span::styled("  journeymap maps", theme.key())),
            Line::default(),
            Line::from(Span::styled(
                "Open another folder or a file: journeymap PATH",
                theme.dim(),
            )),
        ];
        let width = text.iter().map(Line::width).max().unwrap_or(0) as u16 + 6;
        let height = text.len() as u16 + 2;
        let outer = centered(body, width, height);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.border(false));
        let inner = draw_box(block, outer, buf);
        let inner = Rect {
            x: inner.x.saturating_add(2),
            width: inner.width.saturating_sub(2),
            ..inner
        };
        for (i, line) in text.iter().enumerate() {
            put_line(buf, inner, i as u16, line);
        }
    }
}
