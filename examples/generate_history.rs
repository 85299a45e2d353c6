//! Writes a git repository with a believable history of a portfolio, for
//! trying `journeymap history` and for its benchmark.
//!
//! cargo run --release --example generate_history -- --maps 6 --commits 260 --seed 1 -o /tmp/repo

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use journeymap::synth::history::{HistorySpec, write_history};

const USAGE: &str = "usage: generate_history [--maps N] [--commits N] [--stages N] [--per-week N] [--seed S] -o DIR";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate_history: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut spec = HistorySpec::year(1);
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, text: String| {
            text.parse::<u64>()
                .map_err(|_| format!("{name}: \"{text}\" is not a whole number"))
        };
        match arg.as_str() {
            "--maps" => spec.maps = number("--maps", value("--maps")?)?.max(1) as usize,
            "--commits" => spec.commits = number("--commits", value("--commits")?)? as usize,
            "--stages" => spec.stages = number("--stages", value("--stages")?)? as usize,
            "--seed" => spec.seed = number("--seed", value("--seed")?)?,
            "--per-week" => {
                spec.per_week = number("--per-week", value("--per-week")?)?.max(1) as usize
            }
            "-o" | "--output" => out = Some(PathBuf::from(value("-o")?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("-o DIR is required")?;
    let made = write_history(&out, &spec).map_err(|e| format!("{}: {e}", out.display()))?;
    let _ = writeln!(
        std::io::stdout(),
        "{}: {} maps, {} commits, the last on {}",
        out.display(),
        made.maps.len(),
        spec.commits + 1,
        made.last
    );
    for map in made.maps {
        let _ = writeln!(std::io::stdout(), "  {map}");
    }
    Ok(())
}
