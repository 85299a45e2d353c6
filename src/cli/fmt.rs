//! `journeymap fmt`.

use std::process::ExitCode;

use super::Context;
use super::args::FmtArgs;

pub fn run(ctx: &Context, args: FmtArgs) -> anyhow::Result<ExitCode> {
    let _ = (ctx, args);
    anyhow::bail!("`fmt` is not built yet")
}
