//! `journeymap paths` and `journeymap completions`.

use std::process::ExitCode;

use clap::CommandFactory;

use super::Context;
use super::args::Cli;
use super::style::print;
use crate::storage::folders;

/// Where things live, one labelled line each, so people can find their
/// files and support can ask for them.
pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    let text = format!(
        "maps folder:  {}\nconfig file:  {}\nstate folder: {}\n",
        ctx.maps_dir.display(),
        ctx.config_path.display(),
        folders::state_dir().display()
    );
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Shell completions for every command and option, from the clap types.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "journeymap", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}
