//! `journeymap review`.

use std::process::ExitCode;

use super::Context;
use super::args::ReviewArgs;

pub fn run(ctx: &Context, args: ReviewArgs) -> anyhow::Result<ExitCode> {
    let _ = (ctx, args);
    anyhow::bail!("`review` is not built yet")
}
