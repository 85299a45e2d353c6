//! `agenda` for people: the open commitments by group, then the stages to
//! call back about, two lines a row (fits 80 columns): when and what, then
//! where (client, stage, file). Map text is cleaned like the app's.

use std::io::{self, Write};

use super::Outcome;
use crate::analysis::{CommitmentState, DueGroup};
use crate::cli::Context;
use crate::cli::style::{Paint, paint};
use crate::text::safe;

pub fn write(out: &mut dyn Write, ctx: &Context, outcome: &Outcome) -> io::Result<()> {
    let color = ctx.color;
    let agenda = &outcome.agenda;
    let owner = outcome.query.owner.trim();
    let whose = if owner.is_empty() {
        String::new()
    } else {
        format!(" for \"{}\"", safe::clean(owner))
    };
    writeln!(
        out,
        "{}",
        paint(
            &format!("Agenda of {}{whose}", ctx.today),
            Paint::Bold,
            color
        )
    )?;
    let path = |map: usize| safe::path(&outcome.files[map]).into_owned();
    for group in DueGroup::ALL {
        let rows: Vec<_> = agenda.group(group).collect();
        if rows.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{} ({})",
            paint(group.title(), Paint::Bold, color),
            rows.len()
        )?;
        for c in rows {
            let state = match c.state {
                CommitmentState::Overdue(_) => paint(&c.state.label(), Paint::Red, color),
                _ => c.state.label(),
            };
            writeln!(
                out,
                "  {}  {state}  {}: {}",
                c.due,
                safe::clean(&c.owner),
                safe::clean(&c.promise)
            )?;
            writeln!(
                out,
                "              {} › {}  {}",
                safe::clean(&c.place.client),
                safe::clean(&c.place.stage_name),
                paint(&path(c.place.map), Paint::Dim, color)
            )?;
        }
    }
    if !agenda.call_back.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({})",
            paint(
                &format!(
                    "Call back soon, within {}",
                    crate::analysis::plural_days(outcome.query.days)
                ),
                Paint::Bold,
                color
            ),
            agenda.call_back.len()
        )?;
        for c in &agenda.call_back {
            writeln!(out, "  {}  {}", c.on, c.words())?;
            let last = if c.last_by.is_empty() || c.last_by == c.place.account_manager {
                String::new()
            } else {
                format!(", last heard by {}", safe::clean(&c.last_by))
            };
            writeln!(
                out,
                "              {} › {}  ({}{last})  {}",
                safe::clean(&c.place.client),
                safe::clean(&c.place.stage_name),
                safe::clean(&c.place.account_manager),
                paint(&path(c.place.map), Paint::Dim, color)
            )?;
        }
    }
    if agenda.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Nothing open, and nobody to call back within {}.",
            crate::analysis::plural_days(outcome.query.days)
        )?;
    }
    Ok(())
}
