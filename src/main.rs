use std::process::ExitCode;

use clap::Parser;
use journeymap::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match journeymap::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            journeymap::cli::print_error(&e);
            ExitCode::from(2)
        }
    }
}
