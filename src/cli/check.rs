//! `journeymap check`: load maps, list their findings, and exit with a code
//! scripts can act on (0 fine, 1 findings at or above `--fail-on`, 2 a file
//! could not be read or is invalid).

mod at;
mod json;
mod text;

pub(super) use json::write_escaped;

use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use super::args::{CheckArgs, FailOn, OutputFormat, SortBy};
use super::inputs;
use crate::analysis::{Finding, Risk, Severity, StageAnalysis, Status, Thresholds, riskier_first};
use crate::model::{Map, Phase};
use crate::storage::parallel::map_ordered;
use crate::storage::{git_hint, load_map};

/// A map that loaded, with its verdict.
struct Checked {
    path: PathBuf,
    map: Map,
    verdict: Verdict,
}

/// What the report of a map needs before its findings (the map's status
/// and risk score, each stage's) and after them (the total, the exit code). The findings
/// themselves are made again, stage by stage, as they are written
/// ([`Checked::stage_findings`]): a map with a million findings would
/// otherwise hold them all, as much memory again as the map.
struct Verdict {
    status: Status,
    /// The map's risk score (docs/risk.md): the sum of its stages'.
    risk: Risk,
    stages: Vec<StageVerdict>,
    /// How many findings of each severity, by [`severity_slot`].
    counts: [usize; 3],
}

/// A stage's status and risk score.
#[derive(Debug, Clone, Copy)]
struct StageVerdict {
    status: Status,
    risk: Risk,
}

impl Verdict {
    fn of(map: &Map, today: jiff::civil::Date, t: &Thresholds) -> Self {
        let mut counts = [0; 3];
        let stages: Vec<StageVerdict> = map
            .phases()
            .enumerate()
            .map(|(i, phase)| {
                let analysis = StageAnalysis::in_phase(map, i, phase, today, t);
                for finding in &analysis.findings {
                    counts[severity_slot(finding.severity)] += 1;
                }
                StageVerdict {
                    status: analysis.status,
                    risk: analysis.risk,
                }
            })
            .collect();
        Verdict {
            status: stages.iter().map(|s| s.status).max().unwrap_or_default(),
            risk: stages.iter().map(|s| s.risk).sum(),
            stages,
            counts,
        }
    }

    fn count(&self, severity: Severity) -> usize {
        self.counts[severity_slot(severity)]
    }

    fn worst(&self) -> Option<Severity> {
        [Severity::Critical, Severity::Warning, Severity::Info]
            .into_iter()
            .find(|&s| self.count(s) > 0)
    }
}

fn severity_slot(severity: Severity) -> usize {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Critical => 2,
    }
}

impl Checked {
    /// The findings of stage `index`, made afresh (see [`Verdict`]).
    /// `phase` is the stage's, from `Map::phases`.
    fn stage_findings(&self, ctx: &Context, index: usize, phase: Phase) -> Vec<Finding> {
        StageAnalysis::in_phase(&self.map, index, phase, ctx.today, &ctx.config.thresholds).findings
    }
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
    let mut outcome = match &args.at {
        Some(rev) => at::check_at(ctx, rev, &args.paths),
        None => check(ctx, &args.paths),
    };
    if args.sort == SortBy::Risk {
        // Stable, and the path last: maps of one client keep the order of
        // the paths given.
        // The scores were made with each verdict.
        outcome.maps.sort_by(|a, b| {
            riskier_first(
                (&a.verdict.risk, &a.map.client.name),
                (&b.verdict.risk, &b.map.client.name),
            )
        });
    }
    // Once per run, whatever the format (stderr): see docs/teamwork.md.
    let paths = outcome.maps.iter().map(|m| m.path.as_path());
    if let Some(hint) =
        git_hint::setup_hint(paths.chain(outcome.errors.iter().map(|f| f.path.as_path())))
    {
        super::style::eprint(&hint);
    }
    match args.format {
        OutputFormat::Text => {
            for failed in &outcome.errors {
                super::style::eprint(&failed.message);
            }
            super::style::print_with(|out| text::write(out, ctx, &outcome))?;
        }
        OutputFormat::Json => super::style::print_with(|out| json::write(out, ctx, &outcome))?,
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
        load_map(path).map(|loaded| match unmerged(&loaded) {
            Some(message) => Err(message),
            None => {
                let verdict = Verdict::of(&loaded.map, ctx.today, &ctx.config.thresholds);
                Ok((loaded.map, verdict))
            }
        })
    });
    for (path, result) in inputs.files.into_iter().zip(results) {
        match result {
            Ok(Ok((map, verdict))) => outcome.maps.push(Checked { path, map, verdict }),
            Ok(Err(message)) => outcome.errors.push(Failed { path, message }),
            Err(e) => outcome.errors.push(Failed {
                path,
                message: e.to_string(),
            }),
        }
    }
    outcome
}

/// Why a map that loaded is still not checked: a merge left it
/// unfinished (conflicts in the map, or git's markers in the file), so
/// that CI stops a commit that still has them. One line per conflict.
fn unmerged(loaded: &crate::storage::LoadedMap) -> Option<String> {
    let path = crate::text::safe::path(&loaded.path);
    let mut lines: Vec<String> = Vec::new();
    if loaded.from_markers {
        lines.push(format!(
            "{path}: the file holds git's conflict markers (merged without journeymap's merge driver): \
             open it in journeymap, which merges both sides, and save"
        ));
    }
    for (i, c) in loaded.map.conflicts.iter().enumerate() {
        lines.push(format!(
            "{path}: conflicts[{i}]: unresolved merge conflict: {}",
            crate::text::safe::clean(&c.describe())
        ));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
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
    let worst = outcome.maps.iter().filter_map(|m| m.verdict.worst()).max();
    match (worst, threshold(fail_on)) {
        (Some(worst), Some(limit)) if worst >= limit => 1,
        _ => 0,
    }
}
