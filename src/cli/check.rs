//! `journeymap check`.

use std::process::ExitCode;

use super::Context;
use super::args::CheckArgs;

pub fn run(ctx: &Context, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let _ = (ctx, args);
    anyhow::bail!("`check` is not built yet")
}
