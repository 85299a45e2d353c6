//! `check --format json`: the shape documented in the README, built from
//! plain structs so that the field names and order are visible here.

use serde::Serialize;

use super::Outcome;
use crate::cli::Context;

#[derive(Serialize)]
struct Report<'a> {
    today: String,
    maps: Vec<MapReport<'a>>,
    errors: Vec<ErrorReport>,
}

#[derive(Serialize)]
struct MapReport<'a> {
    path: String,
    client: &'a str,
    status: &'static str,
    /// The risk score (docs/risk.md), e.g. 42.3.
    risk: f64,
    stages: Vec<StageReport<'a>>,
    findings: Vec<FindingReport<'a>>,
}

#[derive(Serialize)]
struct StageReport<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
    risk: f64,
}

#[derive(Serialize)]
struct FindingReport<'a> {
    /// The stage's id, which stays stable when stages are renamed.
    stage: &'a str,
    kind: &'static str,
    severity: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct ErrorReport {
    path: String,
    message: String,
}

/// The report as pretty-printed JSON with a trailing newline.
pub fn render(ctx: &Context, outcome: &Outcome) -> serde_json::Result<String> {
    let report = Report {
        today: ctx.today.to_string(),
        maps: outcome
            .maps
            .iter()
            .map(|checked| {
                let stages = &checked.map.stages;
                MapReport {
                    path: checked.path.display().to_string(),
                    client: &checked.map.client.name,
                    status: checked.analysis.status.code(),
                    risk: checked.analysis.risk().points(),
                    stages: stages
                        .iter()
                        .zip(&checked.analysis.stages)
                        .map(|(stage, analysis)| StageReport {
                            id: &stage.id,
                            name: &stage.name,
                            status: analysis.status.code(),
                            risk: analysis.risk.points(),
                        })
                        .collect(),
                    findings: checked
                        .analysis
                        .findings()
                        .map(|f| FindingReport {
                            stage: stages.get(f.stage).map_or("", |s| s.id.as_str()),
                            kind: f.kind.code(),
                            severity: f.severity.code(),
                            message: &f.message,
                        })
                        .collect(),
                }
            })
            .collect(),
        errors: outcome
            .errors
            .iter()
            .map(|e| ErrorReport {
                path: e.path.display().to_string(),
                message: e.message.clone(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}
