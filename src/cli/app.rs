//! `journeymap [PATH]`: the interactive app.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;

pub fn run(ctx: &Context, path: Option<PathBuf>, read_only: bool) -> anyhow::Result<ExitCode> {
    let _ = (ctx, path, read_only);
    anyhow::bail!("the app is not built yet")
}
