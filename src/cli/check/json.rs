//! `check --format json`: the shape documented in the README, built from
//! plain structs so that the field names and order are visible here.

use serde::Serialize;

use super::Outcome;
use crate::cli::Context;
use crate::text::safe;

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
    stages: Vec<StageReport<'a>>,
    findings: Vec<FindingReport<'a>>,
}

#[derive(Serialize)]
struct StageReport<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
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
                    path: checked.path.to_string_lossy().into_owned(),
                    client: &checked.map.client.name,
                    status: checked.analysis.status.code(),
                    stages: stages
                        .iter()
                        .zip(&checked.analysis.stages)
                        .map(|(stage, analysis)| StageReport {
                            id: &stage.id,
                            name: &stage.name,
                            status: analysis.status.code(),
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
                path: e.path.to_string_lossy().into_owned(),
                message: e.message.clone(),
            })
            .collect(),
    };
    let mut text = escape_dangerous(serde_json::to_string_pretty(&report)?);
    text.push('\n');
    Ok(text)
}

/// The JSON with every character that could harm a terminal written as a
/// `\uXXXX` escape. serde_json escapes only `"`, `\\` and C0 controls, so
/// DEL, C1 controls (0x9b starts a CSI), bidi overrides and zero-width
/// characters in map text or a file name would reach the terminal as they
/// are. Outside strings JSON is ASCII, so they are all inside strings, where
/// the escape is the same text to any JSON reader: scripts get the exact
/// value, a person reading the output sees the escape. C0 controls are
/// left alone: in strings serde_json has escaped them, so those left are
/// the line breaks of the layout.
fn escape_dangerous(json: String) -> String {
    use std::fmt::Write;
    let escaped = |c: char| c >= ' ' && safe::is_dangerous(c);
    if !json.chars().any(escaped) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            // Characters beyond U+FFFF (tag characters) as a surrogate pair.
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_characters_are_json_escapes_and_read_back_exactly() {
        let value = "a\u{7f}b\u{9b}2J\u{202e}c\u{200b}\u{e0041}\u{1b}";
        let json = escape_dangerous(serde_json::to_string(value).unwrap_or_default());
        assert_eq!(json, r#""a\u007fb\u009b2J\u202ec\u200b\udb40\udc41\u001b""#);
        assert_eq!(
            serde_json::from_str::<String>(&json).ok().as_deref(),
            Some(value)
        );
        let pretty = "{\n  \"a\": \"Zoë 東京\"\n}";
        assert_eq!(escape_dangerous(pretty.into()), pretty);
    }
}
