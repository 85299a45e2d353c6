//! `journeymap check`: load maps, list their findings, and exit with a code
//! scripts can act on (0 fine, 1 findings at or above `--fail-on`, 2 a file
//! could not be read or is invalid).

mod json;
mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use super::args::{CheckArgs, FailOn, OutputFormat, SortBy};
use super::inputs;
use crate::analysis::{Analysis, Severity, riskier_first};
use crate::model::Map;
use crate::storage::load_map;
use crate::storage::parallel::map_ordered;

/// A map that loaded, with its analysis.
struct Checked {
    path: PathBuf,
    map: Map,
    analysis: Analysis,
}

/// A path that gave no map: missing, unreadable or invalid.
struct Failed {
    path: PathBuf,
    /// The full message, one line per problem, each starting with the path.
    message: String,
}

/// Everything `check` found, in the order of the paths given.
struct Outcome {
    maps: Vec<Checked>,
    errors: Vec<Failed>,
}

pub fn run(ctx: &Context, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut outcome = check(ctx, &args.paths);
    if args.sort == SortBy::Risk {
        // Stable, and the path last: maps of one client keep the order of
        // the paths given.
        let risks: Vec<_> = outcome.maps.iter().map(|m| m.analysis.risk()).collect();
        let mut order: Vec<usize> = (0..outcome.maps.len()).collect();
        order.sort_by(|&a, &b| {
            let (ma, mb) = (&outcome.maps[a], &outcome.maps[b]);
            riskier_first(
                (&risks[a], &ma.map.client.name),
                (&risks[b], &mb.map.client.name),
            )
        });
        let mut maps: Vec<Option<Checked>> = outcome.maps.drain(..).map(Some).collect();
        outcome.maps = order.into_iter().filter_map(|i| maps[i].take()).collect();
    }
    match args.format {
        OutputFormat::Text => {
            for failed in &outcome.errors {
                eprintln!("{}", failed.message);
            }
            super::style::print(&text::render(ctx, &outcome))?;
        }
        OutputFormat::Json => super::style::print(&json::render(ctx, &outcome)?)?,
    }
    Ok(ExitCode::from(exit_code(&outcome, args.fail_on)))
}

fn check(ctx: &Context, paths: &[PathBuf]) -> Outcome {
    let inputs = inputs::collect(paths, &ctx.maps_dir);
    let mut outcome = Outcome {
        maps: Vec::new(),
        errors: inputs
            .errors
            .iter()
            .map(|e| Failed {
                path: e.path.clone(),
                message: e.to_string(),
            })
            .collect(),
    };
    // Loading and analysing is most of the work: done on every core, the
    // results kept in the order of the paths.
    let results = map_ordered(&inputs.files, |_, path| {
        load_map(path).map(|loaded| {
            let analysis = Analysis::of(&loaded.map, ctx.today, &ctx.config.thresholds);
            (loaded.map, analysis)
        })
    });
    for (path, result) in inputs.files.into_iter().zip(results) {
        match result {
            Ok((map, analysis)) => outcome.maps.push(Checked {
                path,
                map,
                analysis,
            }),
            Err(e) => outcome.errors.push(Failed {
                path,
                message: e.to_string(),
            }),
        }
    }
    outcome
}

/// The lowest severity that fails the run, `None` for `--fail-on never`.
fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Critical => Some(Severity::Critical),
        FailOn::Never => None,
    }
}

/// 2 when any file failed (it outranks findings: the check is incomplete),
/// else 1 when a finding reaches the threshold, else 0.
fn exit_code(outcome: &Outcome, fail_on: FailOn) -> u8 {
    if !outcome.errors.is_empty() {
        return 2;
    }
    let worst = outcome
        .maps
        .iter()
        .flat_map(|m| m.analysis.findings())
        .map(|f| f.severity)
        .max();
    match (worst, threshold(fail_on)) {
        (Some(worst), Some(limit)) if worst >= limit => 1,
        _ => 0,
    }
}
