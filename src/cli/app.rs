//! `journeymap [PATH]`: the interactive app.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use crate::tui::{self, AppOptions};

pub fn run(
    ctx: &Context,
    path: Option<PathBuf>,
    read_only: bool,
    at: Option<&str>,
) -> anyhow::Result<ExitCode> {
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
    let path = path.unwrap_or_else(|| ctx.maps_dir.clone());
    // `--at`: the revision's maps in a temporary folder, opened read-only
    // (every edit and save is refused with the app's read-only message);
    // the folder goes when the app closes.
    let at = at
        .map(|rev| super::at::materialise(rev, &path))
        .transpose()?;
    let opts = AppOptions {
        path: at.as_ref().map_or(path, |a| a.path.clone()),
        path_is_default: path_is_default && at.is_none(),
        read_only: read_only || at.is_some(),
        today: ctx.today,
        thresholds: ctx.config.thresholds,
        // `ctx.color` is off for NO_COLOR, --no-color, and when stdout is
        // not a terminal (where the app refuses to start anyway).
        no_color: !ctx.color,
        keys: ctx.config.keys.clone(),
        user: ctx.user_name(),
        // A revision's maps are not the folder's: they stay out of its
        // status cache.
        state_dir: at.is_none().then(crate::storage::folders::state_dir),
    };
    match &at {
        // The app knows it shows a revision: its timeline is the map's,
        // not the copy's (docs/history.md).
        Some(at) => tui::run_at(opts, &at.short)?,
        None => tui::run(opts)?,
    }
    Ok(ExitCode::SUCCESS)
}
