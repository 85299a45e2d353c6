//! `history --format json`: the shape docs/history.md describes. Each
//! entry's `status`, `risk`, `stages` and `findings` are `check`'s for
//! that revision's file on that date.

use std::io::{self, Write};

use serde::Serialize;

use super::summary;
use crate::cli::Context;
use crate::cli::check::write_escaped;
use crate::git::{FindingChange, History, LogEnd, When};

#[derive(Serialize)]
struct Report<'a> {
    path: String,
    repository: String,
    today: String,
    /// `added`, `shallow`, `since` or `not-committed`.
    reaches: &'static str,
    reach: String,
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    uncommitted: bool,
    commit: Option<String>,
    short: Option<&'a str>,
    author: Option<&'a str>,
    email: Option<&'a str>,
    subject: Option<&'a str>,
    date: String,
    path: &'a str,
    summary: String,
    changes: &'a [String],
    client: Option<&'a str>,
    status: Option<&'static str>,
    risk: Option<f64>,
    stages: Vec<Stage<'a>>,
    findings: Vec<Finding<'a>>,
    appeared: Vec<Finding<'a>>,
    cleared: Vec<Finding<'a>>,
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct Stage<'a> {
    id: &'a str,
    name: &'a str,
    phase: &'static str,
    status: &'static str,
    risk: f64,
}

/// As `check` writes a finding.
#[derive(Serialize)]
struct Finding<'a> {
    stage: &'a str,
    kind: &'static str,
    severity: &'static str,
    message: &'a str,
}

fn findings(list: &[FindingChange]) -> Vec<Finding<'_>> {
    list.iter()
        .map(|f| Finding {
            stage: &f.stage,
            kind: f.kind.code(),
            severity: f.severity.code(),
            message: &f.message,
        })
        .collect()
}

pub fn write(out: &mut dyn Write, ctx: &Context, history: &History) -> io::Result<()> {
    let mut previous_path: Option<&str> = None;
    let mut entries = Vec::with_capacity(history.entries.len());
    for (i, e) in history.entries.iter().enumerate() {
        let base = if i == 0 {
            history.before_since.as_ref().map(|r| r.path.as_str())
        } else {
            previous_path
        };
        let revision = match &e.when {
            When::Commit(r) => Some(r),
            When::Uncommitted => None,
        };
        let verdict = e.verdict.as_ref().ok();
        entries.push(Entry {
            uncommitted: revision.is_none(),
            commit: revision.map(|r| r.id.clone()),
            short: revision.map(|r| r.short.as_str()),
            author: revision.map(|r| r.author.as_str()),
            email: revision.map(|r| r.email.as_str()),
            subject: revision.map(|r| r.subject.as_str()),
            date: e.date.to_string(),
            path: &e.path,
            summary: summary(e, base),
            changes: &e.changes,
            client: verdict.map(|v| v.client.as_str()),
            status: verdict.map(|v| v.status.code()),
            risk: verdict.map(|v| v.risk.points()),
            stages: verdict.map_or_else(Vec::new, |v| {
                v.stages
                    .iter()
                    .map(|s| Stage {
                        id: &s.id,
                        name: &s.name,
                        phase: s.phase.word(),
                        status: s.status.code(),
                        risk: s.risk.points(),
                    })
                    .collect()
            }),
            findings: verdict.map_or_else(Vec::new, |v| findings(&v.findings)),
            appeared: findings(&e.appeared),
            cleared: findings(&e.cleared),
            error: e.verdict.as_ref().err().map(String::as_str),
        });
        previous_path = Some(&e.path);
    }
    let report = Report {
        path: history.path.display().to_string(),
        repository: history.workdir.display().to_string(),
        today: ctx.today.to_string(),
        reaches: match history.end {
            LogEnd::Added => "added",
            LogEnd::Shallow => "shallow",
            LogEnd::Since => "since",
            LogEnd::NotInHead => "not-committed",
        },
        reach: history.reach(),
        entries,
    };
    write_escaped(out, &report)
}
