//! Writes synthetic journey maps for benchmarks and load tests.
//!
//! cargo run --release --example generate -- --stages 10 --items 300 --seed 1 -o map.ron
//! cargo run --release --example generate -- --portfolio 1000 --seed 1 -o maps/

use std::path::PathBuf;
use std::process::ExitCode;

use journeymap::synth::{self, Size};

const USAGE: &str = "usage: generate [--stages N] [--items M] [--seed S] -o FILE\n       \
                     generate --portfolio N [--seed S] -o DIR";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut size = Size::REALISTIC;
    let mut seed = 1u64;
    let mut portfolio = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, text: String| {
            text.parse::<u64>()
                .map_err(|_| format!("{name}: \"{text}\" is not a whole number"))
        };
        match arg.as_str() {
            "--stages" => size.stages = number("--stages", value("--stages")?)? as usize,
            "--items" => size.items = number("--items", value("--items")?)? as usize,
            "--seed" => seed = number("--seed", value("--seed")?)?,
            "--portfolio" => {
                portfolio = Some(number("--portfolio", value("--portfolio")?)? as usize)
            }
            "-o" | "--output" => out = Some(PathBuf::from(value("-o")?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument \"{other}\"")),
        }
    }
    let out = out.ok_or("-o is required")?;
    match portfolio {
        Some(count) => {
            let paths = synth::write_portfolio(&out, count, seed)
                .map_err(|e| format!("{}: {e}", out.display()))?;
            let bytes: u64 = paths
                .iter()
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
                .sum();
            eprintln!(
                "wrote {} maps, {bytes} bytes, into {}",
                paths.len(),
                out.display()
            );
        }
        None => {
            if size.stages == 0 && size.items > 0 {
                return Err("items need at least one stage".into());
            }
            let text = synth::map_text(size, seed);
            std::fs::write(&out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
            eprintln!(
                "wrote {} stages, {} items, {} bytes to {}",
                size.stages,
                size.items,
                text.len(),
                out.display()
            );
        }
    }
    Ok(())
}
