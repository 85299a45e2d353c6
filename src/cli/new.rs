//! `journeymap new`.

use std::process::ExitCode;

use super::Context;
use super::args::NewArgs;

pub fn run(ctx: &Context, args: NewArgs) -> anyhow::Result<ExitCode> {
    let _ = (ctx, args);
    anyhow::bail!("`new` is not built yet")
}
