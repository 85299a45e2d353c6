//! `check` for people: each map, its stages with their status, the findings
//! under the stage they belong to, and a one-line total.

use std::fmt::Write;

use super::Outcome;
use crate::analysis::{Severity, Status};
use crate::cli::Context;
use crate::cli::style::{Paint, count, paint, severity_paint, status_label, status_paint};

pub fn render(ctx: &Context, outcome: &Outcome) -> String {
    let color = ctx.color;
    let mut out = String::new();
    for checked in &outcome.maps {
        let status = checked.analysis.status;
        let _ = writeln!(
            out,
            "{}  {}  {}  risk {}",
            paint(&checked.path.display().to_string(), Paint::Bold, color),
            checked.map.client.name,
            paint(status_label(status), status_paint(status), color),
            checked.analysis.risk()
        );
        let width = checked
            .map
            .stages
            .iter()
            .map(|s| s.name.chars().count())
            .max()
            .unwrap_or(0);
        for (stage, analysis) in checked.map.stages.iter().zip(&checked.analysis.stages) {
            let pad = width - stage.name.chars().count();
            let _ = writeln!(
                out,
                "  {}{:pad$}  {}",
                stage.name,
                "",
                paint(
                    status_label(analysis.status),
                    status_paint(analysis.status),
                    color
                )
            );
            for finding in &analysis.findings {
                let word = format!("{:<8}", finding.severity.code());
                let _ = writeln!(
                    out,
                    "      {}  {}",
                    paint(&word, severity_paint(finding.severity), color),
                    finding.message
                );
            }
        }
        if checked.map.stages.is_empty() {
            let _ = writeln!(out, "  {}", paint("(no stages)", Paint::Dim, color));
        }
        out.push('\n');
    }
    out.push_str(&total(ctx, outcome));
    out.push('\n');
    out
}

/// "2 maps checked on 2026-11-23: 1 at risk, 0 watch, 1 ok; 3 findings
/// (1 critical, 1 warning, 1 info); 1 file could not be checked".
fn total(ctx: &Context, outcome: &Outcome) -> String {
    let statuses = |s: Status| {
        outcome
            .maps
            .iter()
            .filter(|m| m.analysis.status == s)
            .count()
    };
    let findings: Vec<Severity> = outcome
        .maps
        .iter()
        .flat_map(|m| m.analysis.findings())
        .map(|f| f.severity)
        .collect();
    let severities = |s: Severity| findings.iter().filter(|&&f| f == s).count();
    let mut line = format!(
        "{} checked on {}: {} at risk, {} watch, {} ok; {} ({} critical, {} warning, {} info)",
        count(outcome.maps.len(), "map", "maps"),
        ctx.today,
        statuses(Status::AtRisk),
        statuses(Status::Watch),
        statuses(Status::Ok),
        count(findings.len(), "finding", "findings"),
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
