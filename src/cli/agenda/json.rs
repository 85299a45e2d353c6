//! `agenda --format json`: the shape documented in the README.

use std::io::{self, Write};

use serde::Serialize;

use super::Outcome;
use crate::analysis::{AgendaPlace, CallBackReason};
use crate::cli::Context;

#[derive(Serialize)]
struct Report<'a> {
    today: String,
    owner: Option<&'a str>,
    days: i64,
    due: Vec<Due<'a>>,
    call_back: Vec<CallBack<'a>>,
    errors: Vec<Error<'a>>,
}

/// Where a row is: the file, the client and the stage.
#[derive(Serialize)]
struct Place<'a> {
    path: String,
    client: &'a str,
    account_manager: &'a str,
    stage: &'a str,
    stage_name: &'a str,
    /// The stage's index in the map, from 0.
    stage_index: usize,
}

#[derive(Serialize)]
struct Due<'a> {
    group: &'static str,
    #[serde(flatten)]
    place: Place<'a>,
    /// The commitment's index in the stage's list, from 0.
    index: usize,
    promise: &'a str,
    owner: &'a str,
    due: String,
    /// Days from today to the due date: negative when overdue.
    in_days: i64,
    words: String,
}

#[derive(Serialize)]
struct CallBack<'a> {
    /// `goes-stale` or `grace-ends`.
    reason: &'static str,
    #[serde(flatten)]
    place: Place<'a>,
    /// The newest feedback's date (`goes-stale`), else null.
    newest: Option<String>,
    /// When the client reached the stage (`grace-ends`), else null.
    since: Option<String>,
    /// Who gathered the newest feedback, else null.
    last_by: Option<&'a str>,
    /// The first day of the finding, unless someone calls before.
    on: String,
    in_days: i64,
    words: String,
}

#[derive(Serialize)]
struct Error<'a> {
    path: String,
    message: &'a str,
}

pub fn write(out: &mut dyn Write, ctx: &Context, outcome: &Outcome) -> io::Result<()> {
    fn place<'a>(outcome: &Outcome, p: &'a AgendaPlace) -> Place<'a> {
        Place {
            path: outcome.files[p.map].display().to_string(),
            client: &p.client,
            account_manager: &p.account_manager,
            stage: &p.stage_id,
            stage_name: &p.stage_name,
            stage_index: p.stage,
        }
    }
    let owner = outcome.query.owner.trim();
    let report = Report {
        today: ctx.today.to_string(),
        owner: (!owner.is_empty()).then_some(owner),
        days: outcome.query.days,
        due: outcome
            .agenda
            .due
            .iter()
            .map(|c| Due {
                group: c.group.code(),
                place: place(outcome, &c.place),
                index: c.item,
                promise: &c.promise,
                owner: &c.owner,
                due: c.due.to_string(),
                in_days: c.in_days,
                words: c.state.words(),
            })
            .collect(),
        call_back: outcome
            .agenda
            .call_back
            .iter()
            .map(|c| {
                let (reason, newest, since) = match c.reason {
                    CallBackReason::GoesStale { newest } => {
                        ("goes-stale", Some(newest.to_string()), None)
                    }
                    CallBackReason::GraceEnds { since } => {
                        ("grace-ends", None, Some(since.to_string()))
                    }
                };
                CallBack {
                    reason,
                    place: place(outcome, &c.place),
                    newest,
                    since,
                    last_by: (!c.last_by.is_empty()).then_some(c.last_by.as_str()),
                    on: c.on.to_string(),
                    in_days: c.in_days,
                    words: c.words(),
                }
            })
            .collect(),
        errors: outcome
            .errors
            .iter()
            .map(|(path, message)| Error {
                path: path.display().to_string(),
                message,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
    writeln!(out)
}
