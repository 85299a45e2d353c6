use std::process::ExitCode;

use clap::Parser;
use journeymap::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match journeymap::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("journeymap: {e:#}");
            ExitCode::from(2)
        }
    }
}
