use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match journeymap::cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match journeymap::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            journeymap::cli::print_error(&e);
            ExitCode::from(2)
        }
    }
}
