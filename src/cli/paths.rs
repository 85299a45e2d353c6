//! `journeymap paths` and `journeymap completions`.

use std::process::ExitCode;

use clap::CommandFactory;

use super::args::{Cli, GlobalArgs};
use super::style::print;
use crate::storage::folders;
use crate::text::safe;

/// Where things live, one labelled line each, so people can find their
/// files. Works from the options alone, without reading the config.
pub fn run(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let config = global.config.clone().unwrap_or_else(folders::config_file);
    let text = format!(
        "maps folder:  {}\nconfig file:  {}\nstate folder: {}\n",
        safe::path(&folders::maps_dir(global.dir.as_deref())),
        safe::path(&config),
        safe::path(&folders::state_dir())
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
