//! `journeymap [PATH]`: the interactive app.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use crate::tui::{self, AppOptions};

pub fn run(ctx: &Context, path: Option<PathBuf>, read_only: bool) -> anyhow::Result<ExitCode> {
    // Bad key bindings are reported against the config file, before the
    // terminal is touched; the app checks again on its own.
    if let Err(problems) = tui::keymap::KeyMap::with_overrides(&ctx.config.keys) {
        anyhow::bail!(
            "{}: the key bindings have problems:\n  {}",
            crate::text::safe::path(&ctx.config_path),
            problems.join("\n  ")
        );
    }
    let path_is_default = path.is_none();
    let opts = AppOptions {
        path: path.unwrap_or_else(|| ctx.maps_dir.clone()),
        path_is_default,
        read_only,
        today: ctx.today,
        thresholds: ctx.config.thresholds,
        // `ctx.color` is off for NO_COLOR, --no-color, and when stdout is
        // not a terminal (where the app refuses to start anyway).
        no_color: !ctx.color,
        keys: ctx.config.keys.clone(),
        user: ctx.user_name(),
        state_dir: Some(crate::storage::folders::state_dir()),
    };
    tui::run(opts)?;
    Ok(ExitCode::SUCCESS)
}
