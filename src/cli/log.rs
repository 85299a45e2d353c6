//! `journeymap log MAP --stage ID feedback|commitment ...`: add what a
//! call brought (feedback, or a promise made on it) from the shell,
//! through the same path as the app (`edit_map`).

use std::process::ExitCode;

use super::Context;
use super::args::{CommitmentArgs, FeedbackArgs, LogArgs, LogWhat};
use super::edit_map::{self, Refused, required_stage};
use crate::analysis::is_future;
use crate::edit::document::{Edit, Item};
use crate::model::{Commitment, Feedback, Map};
use crate::text::safe;

pub fn run(ctx: &Context, args: LogArgs) -> anyhow::Result<ExitCode> {
    let target = &args.target;
    edit_map::run(ctx, target, |map| {
        let stage = required_stage(map, target)?;
        // The app's edits: its quick "log feedback", and adding an item.
        let (edit, words) = match &args.what {
            LogWhat::Feedback(f) => {
                let (feedback, words) = feedback(ctx, f)?;
                (Edit::LogFeedback { stage, feedback }, words)
            }
            LogWhat::Commitment(c) => {
                let (item, words) = commitment(c)?;
                (
                    Edit::AddItem {
                        stage,
                        item,
                        at: None,
                    },
                    words,
                )
            }
        };
        Ok((
            edit,
            format!(
                "{}: {words} logged on stage \"{}\"",
                safe::path(&target.map),
                stage_name(map, stage)
            ),
        ))
    })
}

fn stage_name(map: &Map, stage: usize) -> String {
    safe::clean(&map.stages[stage].name)
}

/// Text the format allows empty but a log entry does not make sense
/// without: trimmed, refused when blank.
fn required(text: &str, what: &str) -> Result<String, Refused> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Refused(format!("the {what} is empty; nothing was changed")));
    }
    Ok(text.to_string())
}

fn feedback(ctx: &Context, args: &FeedbackArgs) -> Result<(Feedback, String), Refused> {
    let date = args.date.unwrap_or(ctx.today);
    // Feedback from after today counts for nothing (docs/format.md,
    // `future-date`): almost always a typo.
    if is_future(date, ctx.today) {
        return Err(Refused(format!(
            "--date {date} is after today ({}): feedback is logged on or after the day it was gathered",
            ctx.today
        )));
    }
    let by = match &args.by {
        Some(by) => required(by, "--by name")?,
        None => ctx.user_name(),
    };
    let fb = Feedback {
        date,
        method: args.method.clone(),
        score: args.score,
        by: by.into(),
        summary: required(&args.summary, "summary")?.into(),
        holding_back: args.holding_back,
    };
    let words = format!(
        "feedback of {date} ({}, {})",
        fb.method,
        safe::clean(&fb.by)
    );
    Ok((fb, words))
}

fn commitment(args: &CommitmentArgs) -> Result<(Item, String), Refused> {
    let c = Commitment::new(
        &required(&args.promise, "promise")?,
        &required(&args.owner, "--owner name")?,
        args.due,
    );
    let words = format!(
        "commitment \"{}\" ({}, due {})",
        safe::clean(&c.promise),
        safe::clean(&c.owner),
        c.due
    );
    Ok((Item::Commitment(c), words))
}
