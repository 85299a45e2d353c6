//! `journeymap done MAP [--stage ID] TEXT [--on DATE]`: mark the open
//! commitment whose promise holds TEXT kept, through the same path as the
//! app (`edit_map`). Several matches change nothing and are listed.

use std::process::ExitCode;

use super::Context;
use super::args::DoneArgs;
use super::edit_map::{self, Refused, find_stage};
use crate::analysis::{is_future, kept_on};
use crate::edit::document::Edit;
use crate::model::Map;
use crate::text::safe;

pub fn run(ctx: &Context, args: DoneArgs) -> anyhow::Result<ExitCode> {
    let target = &args.target;
    let on = args.on.unwrap_or(ctx.today);
    edit_map::run(ctx, target, |map| {
        if is_future(on, ctx.today) {
            return Err(Refused(format!(
                "--on {on} is after today ({}): a promise is marked kept once it is",
                ctx.today
            )));
        }
        let stages: Vec<usize> = match &target.stage {
            Some(wanted) => vec![find_stage(map, &target.map, wanted)?],
            None => (0..map.stages.len()).collect(),
        };
        let (stage, index) = pick(map, &stages, &args.text, ctx.today)?;
        let c = &map.stages[stage].commitments[index];
        let done = format!(
            "{}: \"{}\" ({}, due {}) marked kept on {on}",
            safe::path(&target.map),
            safe::clean(&c.promise),
            safe::clean(&c.owner),
            c.due
        );
        Ok((Edit::MarkKept { stage, index, on }, done))
    })
}

/// The one open commitment of `stages` whose promise holds `text` (any
/// case); a promise that is exactly `text` wins over ones that only hold
/// it. Refused, listing what there is, when none or several match.
fn pick(
    map: &Map,
    stages: &[usize],
    text: &str,
    today: jiff::civil::Date,
) -> Result<(usize, usize), Refused> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return Err(Refused(
            "give some words of the promise to mark kept".into(),
        ));
    }
    let all: Vec<(usize, usize)> = stages
        .iter()
        .flat_map(|&s| (0..map.stages[s].commitments.len()).map(move |i| (s, i)))
        .collect();
    let promise = |&(s, i): &(usize, usize)| map.stages[s].commitments[i].promise.to_lowercase();
    let is_open =
        |&(s, i): &(usize, usize)| kept_on(&map.stages[s].commitments[i], today).is_none();
    let matching: Vec<(usize, usize)> = all
        .iter()
        .copied()
        .filter(|c| is_open(c) && promise(c).contains(&needle))
        .collect();
    let exact: Vec<(usize, usize)> = matching
        .iter()
        .copied()
        .filter(|c| promise(c).trim() == needle)
        .collect();
    match (exact.as_slice(), matching.as_slice()) {
        ([one], _) | (_, [one]) => Ok(*one),
        (_, []) => {
            let kept: Vec<(usize, usize)> = all
                .iter()
                .copied()
                .filter(|c| !is_open(c) && promise(c).contains(&needle))
                .collect();
            let open: Vec<(usize, usize)> = all.iter().copied().filter(is_open).collect();
            let mut message = format!("no open commitment holds \"{}\"", safe::clean(text.trim()));
            if !kept.is_empty() {
                message.push_str(&format!("; already kept:\n{}", listing(map, &kept, today)));
            }
            if open.is_empty() {
                message.push_str("; there are no open commitments here");
            } else {
                message.push_str(&format!("; the open ones:\n{}", listing(map, &open, today)));
            }
            Err(Refused(message))
        }
        (_, several) => Err(Refused(format!(
            "{} open commitments hold \"{}\"; nothing was changed. Give more of the promise \
             (or --stage) to pick one:\n{}",
            several.len(),
            safe::clean(text.trim()),
            listing(map, several, today)
        ))),
    }
}

/// One line per commitment: `  "Send the deck" (Dana, due 2026-11-20), stage proposal`.
fn listing(map: &Map, items: &[(usize, usize)], today: jiff::civil::Date) -> String {
    items
        .iter()
        .map(|&(s, i)| {
            let stage = &map.stages[s];
            let c = &stage.commitments[i];
            let kept = kept_on(c, today)
                .map(|d| format!(", kept {d}"))
                .unwrap_or_default();
            format!(
                "  \"{}\" ({}, due {}{kept}), stage {}",
                safe::clean(&c.promise),
                safe::clean(&c.owner),
                c.due,
                stage.id
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
