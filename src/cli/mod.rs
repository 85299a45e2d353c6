//! The command-line front end: parsing arguments and running commands.

pub mod args;

pub use args::Cli;

use std::process::ExitCode;

/// Runs the parsed command line; the exit code follows each command's
/// documented contract.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let _ = cli;
    anyhow::bail!("not implemented yet")
}
