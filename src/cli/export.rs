//! `journeymap export`.

use std::process::ExitCode;

use super::Context;
use super::args::ExportArgs;

pub fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let _ = (ctx, args);
    anyhow::bail!("`export` is not built yet")
}
