//! `check` for people: each map, its stages with their status, the findings
//! under the stage they belong to, and a one-line total.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Outcome;
use crate::analysis::{Severity, Status};
use crate::cli::Context;
use crate::cli::style::{Paint, count, paint, severity_paint, status_label, status_paint};
use crate::model::Phase;
use crate::text::safe;

/// Writes the report to `out` line by line: the report of a map with a
/// million findings is as large as the map, and is never held whole. Map
/// text and file names are cleaned like the app's (`␛` for an escape),
/// before any colour is added.
pub fn write(out: &mut dyn Write, ctx: &Context, outcome: &Outcome) -> io::Result<()> {
    let color = ctx.color;
    for checked in &outcome.maps {
        let status = checked.verdict.status;
        writeln!(
            out,
            "{}  {}  {}  risk {}",
            paint(&safe::path(&checked.path), Paint::Bold, color),
            safe::clean_cow(&checked.map.client.name),
            paint(status_label(status), status_paint(status), color),
            checked.verdict.risk
        )?;
        // Display widths of the cleaned names, so that wide (CJK) names
        // line up too.
        let width = checked
            .map
            .stages
            .iter()
            .map(|s| safe::width(&safe::clean_cow(&s.name)))
            .max()
            .unwrap_or(0);
        for (index, ((stage, stage_verdict), phase)) in checked
            .map
            .stages
            .iter()
            .zip(&checked.verdict.stages)
            .zip(checked.map.phases())
            .enumerate()
        {
            let name = safe::clean_cow(&stage.name);
            let pad = width - safe::width(&name);
            // Where the client is, when the map says: the stage they are
            // in and the ones not reached yet.
            let where_now = match (checked.map.now.is_some(), phase) {
                (false, _) | (true, Phase::Past) => String::new(),
                (true, Phase::Now(since)) => format!("  now, since {since}"),
                (true, Phase::Ahead) => "  ahead".into(),
            };
            writeln!(
                out,
                "  {name}{:pad$}  {}{}",
                "",
                paint(
                    status_label(stage_verdict.status),
                    status_paint(stage_verdict.status),
                    color
                ),
                paint(&where_now, Paint::Dim, color)
            )?;
            for finding in checked.stage_findings(ctx, index, phase) {
                let word = format!("{:<8}", finding.severity.code());
                writeln!(
                    out,
                    "      {}  {}",
                    paint(&word, severity_paint(finding.severity), color),
                    safe::clean_cow(&finding.message)
                )?;
            }
        }
        if checked.map.stages.is_empty() {
            writeln!(out, "  {}", paint("(no stages)", Paint::Dim, color))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", total(ctx, outcome))
}

/// "2 maps checked on 2026-11-23: 1 at risk, 0 watch, 1 ok; 3 findings
/// (1 critical, 1 warning, 1 info); 1 file could not be checked".
fn total(ctx: &Context, outcome: &Outcome) -> String {
    let statuses = |s: Status| {
        outcome
            .maps
            .iter()
            .filter(|m| m.verdict.status == s)
            .count()
    };
    let severities =
        |s: Severity| -> usize { outcome.maps.iter().map(|m| m.verdict.count(s)).sum() };
    let mut line = format!(
        "{} checked on {}: {} at risk, {} watch, {} ok; {} ({} critical, {} warning, {} info)",
        count(outcome.maps.len(), "map", "maps"),
        ctx.today,
        statuses(Status::AtRisk),
        statuses(Status::Watch),
        statuses(Status::Ok),
        count(
            severities(Severity::Critical)
                + severities(Severity::Warning)
                + severities(Severity::Info),
            "finding",
            "findings"
        ),
        severities(Severity::Critical),
        severities(Severity::Warning),
        severities(Severity::Info),
    );
    if !outcome.errors.is_empty() {
        let _ = write!(
            line,
            "; {} could not be checked",
            count(outcome.errors.len(), "path", "paths")
        );
    }
    line
}
