//! `journeymap review`: walk through the stages that need attention,
//! read-only; `c` adds a review note signed with `--as`, else the config's
//! name, else `$USER`.

use std::process::ExitCode;

use super::Context;
use super::args::ReviewArgs;
use crate::tui::{self, AppOptions};

pub fn run(ctx: &Context, args: ReviewArgs) -> anyhow::Result<ExitCode> {
    if let Err(problems) = tui::keymap::KeyMap::with_overrides(&ctx.config.keys) {
        anyhow::bail!(
            "{}: the key bindings have problems:\n  {}",
            crate::text::safe::path(&ctx.config_path),
            problems.join("\n  ")
        );
    }
    let user = args
        .as_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| ctx.user_name());
    let opts = AppOptions {
        path: args.path.unwrap_or_else(|| ctx.maps_dir.clone()),
        path_is_default: false,
        read_only: true,
        today: ctx.today,
        thresholds: ctx.config.thresholds,
        no_color: !ctx.color,
        keys: ctx.config.keys.clone(),
        user,
        state_dir: Some(crate::storage::folders::state_dir()),
    };
    let only_at_risk = args.only == Some(super::args::ReviewOnly::AtRisk);
    tui::run_review(opts, only_at_risk)?;
    Ok(ExitCode::SUCCESS)
}
