//! `check --format json`: the shape documented in the README. The field
//! names and order are the ones written out below; lists are written from
//! iterators as they go, so the report of a large map is never held whole.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::{Checked, Outcome};
use crate::cli::Context;

struct Report<'a> {
    ctx: &'a Context,
    today: String,
    maps: &'a [Checked],
    errors: Vec<ErrorReport>,
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut report = s.serialize_struct("Report", 3)?;
        report.serialize_field("today", &self.today)?;
        let maps = || self.maps.iter().map(|m| MapReport(m, self.ctx));
        report.serialize_field("maps", &Lazy(maps))?;
        report.serialize_field("errors", &self.errors)?;
        report.end()
    }
}

/// `path`, `client`, `status`, `stages` ([`StageReport`]) and `findings`
/// ([`FindingReport`]) of a map.
struct MapReport<'a>(&'a Checked, &'a Context);

impl Serialize for MapReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let MapReport(checked, ctx) = *self;
        let stages = &checked.map.stages;
        let mut map = s.serialize_struct("MapReport", 5)?;
        map.serialize_field("path", &checked.path.display().to_string())?;
        map.serialize_field("client", &checked.map.client.name)?;
        map.serialize_field("status", checked.verdict.status.code())?;
        map.serialize_field(
            "stages",
            &Lazy(|| {
                stages
                    .iter()
                    .zip(&checked.verdict.stages)
                    .map(|(stage, status)| StageReport {
                        id: &stage.id,
                        name: &stage.name,
                        status: status.code(),
                    })
            }),
        )?;
        map.serialize_field(
            "findings",
            &Lazy(|| {
                (0..stages.len())
                    .flat_map(|i| checked.stage_findings(ctx, i))
                    .map(|f| FindingReport {
                        stage: stages.get(f.stage).map_or("", |s| s.id.as_str()),
                        kind: f.kind.code(),
                        severity: f.severity.code(),
                        message: f.message,
                    })
            }),
        )?;
        map.end()
    }
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
    message: String,
}

#[derive(Serialize)]
struct ErrorReport {
    path: String,
    message: String,
}

/// A list written item by item from the iterator its closure makes.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Writes the report to `out` as pretty-printed JSON with a trailing
/// newline.
pub fn write(out: &mut dyn Write, ctx: &Context, outcome: &Outcome) -> io::Result<()> {
    let report = Report {
        ctx,
        today: ctx.today.to_string(),
        maps: &outcome.maps,
        errors: outcome
            .errors
            .iter()
            .map(|e| ErrorReport {
                path: e.path.display().to_string(),
                message: e.message.clone(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
