//! `journeymap agenda`: what do I owe whom, and whom must I call back,
//! across every map (`analysis::due`), for people (text), scripts (json)
//! or a calendar (ics). Maps load on every core, as for `check`. Exit 0,
//! or 2 when a file could not be read (the agenda of the others is still
//! written, the errors go to stderr, and in JSON to `errors`).

mod json;
mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use super::args::{AgendaArgs, AgendaFormat};
use super::inputs;
use crate::analysis::{Agenda, AgendaQuery};
use crate::export::ics::{IcsKind, IcsRow, write_agenda_calendar};
use crate::storage::load_map;
use crate::storage::parallel::map_ordered;

/// The agenda of the maps given, with the files its rows point into.
struct Outcome {
    /// Every file tried; a row's `place.map` is an index here.
    files: Vec<PathBuf>,
    agenda: Agenda,
    /// Files that gave no map, with the full message.
    errors: Vec<(PathBuf, String)>,
    query: AgendaQuery,
}

pub fn run(ctx: &Context, args: AgendaArgs) -> anyhow::Result<ExitCode> {
    if args.todo && args.format != AgendaFormat::Ics {
        anyhow::bail!("--todo goes with --format ics (it writes to-dos instead of events)");
    }
    let query = AgendaQuery {
        owner: args.owner.unwrap_or_default(),
        text: String::new(),
        days: args.days,
    };
    let outcome = gather(ctx, &args.paths, query);
    if args.format != AgendaFormat::Json {
        for (_, message) in &outcome.errors {
            super::style::eprint(message);
        }
    }
    match args.format {
        AgendaFormat::Text => {
            super::style::print_with(|out| text::write(out, ctx, &outcome))?;
        }
        AgendaFormat::Json => {
            super::style::print_with(|out| json::write(out, ctx, &outcome))?;
        }
        AgendaFormat::Ics => {
            let names: Vec<String> = outcome
                .files
                .iter()
                .map(|f| {
                    f.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            let rows: Vec<IcsRow<'_>> = outcome
                .agenda
                .due
                .iter()
                .map(|c| IcsRow {
                    commitment: c,
                    file_name: &names[c.place.map],
                })
                .collect();
            let kind = if args.todo {
                IcsKind::Todos
            } else {
                IcsKind::Events
            };
            let stamp = jiff::Timestamp::now();
            super::style::print_with(|out| write_agenda_calendar(out, &rows, kind, stamp))?;
        }
    }
    Ok(ExitCode::from(if outcome.errors.is_empty() {
        0
    } else {
        2
    }))
}

fn gather(ctx: &Context, paths: &[PathBuf], query: AgendaQuery) -> Outcome {
    let inputs = inputs::collect(paths, &ctx.maps_dir);
    let mut errors: Vec<(PathBuf, String)> = inputs
        .errors
        .iter()
        .map(|e| (e.path.clone(), e.to_string()))
        .collect();
    let t = &ctx.config.thresholds;
    // Loading is most of the work: on every core, in the order of the paths.
    let results = map_ordered(&inputs.files, |i, path| {
        load_map(path)
            .map(|loaded| Agenda::of_map(i, &loaded.map, ctx.today, t, query.days).filtered(&query))
    });
    let mut parts = Vec::with_capacity(results.len());
    for (path, result) in inputs.files.iter().zip(results) {
        match result {
            Ok(agenda) => parts.push(agenda),
            Err(e) => errors.push((path.clone(), e.to_string())),
        }
    }
    Outcome {
        files: inputs.files,
        agenda: Agenda::join(parts),
        errors,
        query,
    }
}
