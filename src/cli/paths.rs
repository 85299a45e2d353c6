//! `journeymap paths` and `journeymap completions`.

use std::process::ExitCode;

use super::Context;

pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    let _ = ctx;
    anyhow::bail!("`paths` is not built yet")
}

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let _ = shell;
    anyhow::bail!("`completions` is not built yet")
}
