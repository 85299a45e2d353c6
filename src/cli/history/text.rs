//! `history` for people: one block per entry, oldest first: the date, the
//! commit, who, the map's status and risk, what changed in one line, the
//! stages whose status moved, and the findings that appeared (`+`) and
//! cleared (`-`).

use std::io::{self, Write};

use super::summary;
use crate::cli::Context;
use crate::cli::style::{Paint, count, paint, severity_paint, status_label, status_paint};
use crate::git::{EntryVerdict, FindingChange, History, When};
use crate::text::safe;

pub fn write(out: &mut dyn Write, ctx: &Context, history: &History) -> io::Result<()> {
    let color = ctx.color;
    let commits = history
        .entries
        .iter()
        .filter(|e| matches!(e.when, When::Commit(_)))
        .count();
    writeln!(
        out,
        "{}: {} in the repository at {}",
        paint(&safe::path(&history.path), Paint::Bold, color),
        count(commits, "commit changed it", "commits changed it"),
        safe::path(&history.workdir)
    )?;
    writeln!(out, "{}", history.reach())?;
    let mut previous: Option<&EntryVerdict> = None;
    let mut previous_path: Option<&str> = history.before_since.as_ref().map(|r| r.path.as_str());
    for entry in &history.entries {
        writeln!(out)?;
        let (head, who) = match &entry.when {
            When::Commit(r) => (
                format!("{}  {}", entry.date, r.short),
                safe::clean_cow(&r.author).into_owned(),
            ),
            When::Uncommitted => (format!("{}  now, uncommitted", entry.date), String::new()),
        };
        let state = match &entry.verdict {
            Ok(v) => format!(
                "{}  risk {}",
                paint(status_label(v.status), status_paint(v.status), color),
                v.risk
            ),
            Err(_) => paint("does not read", Paint::Bold, color),
        };
        let who = if who.is_empty() {
            String::new()
        } else {
            format!("{who}  ")
        };
        writeln!(out, "{}  {who}{state}", paint(&head, Paint::Bold, color))?;
        writeln!(
            out,
            "    {}",
            safe::clean_cow(&summary(entry, previous_path))
        )?;
        match &entry.verdict {
            Ok(v) => {
                let moved: Vec<String> = v
                    .stages
                    .iter()
                    .filter_map(|s| {
                        let was = previous
                            .and_then(|p| p.stages.iter().find(|o| o.id == s.id))
                            .map(|o| o.status);
                        let name = safe::clean_cow(&s.name);
                        match was {
                            Some(w) if w == s.status => None,
                            Some(w) => Some(format!(
                                "{name} {} → {}",
                                status_label(w),
                                status_label(s.status)
                            )),
                            None => Some(format!("{name} {}", status_label(s.status))),
                        }
                    })
                    .collect();
                if !moved.is_empty() {
                    writeln!(out, "    stages: {}", moved.join(", "))?;
                }
                previous = Some(v);
            }
            Err(message) => {
                for line in message.lines() {
                    writeln!(out, "    {}", safe::clean_cow(line))?;
                }
            }
        }
        for f in &entry.appeared {
            finding(out, "+", f, color)?;
        }
        for f in &entry.cleared {
            finding(out, "-", f, color)?;
        }
        previous_path = Some(&entry.path);
    }
    Ok(())
}

fn finding(out: &mut dyn Write, sign: &str, f: &FindingChange, color: bool) -> io::Result<()> {
    let word = format!("{:<8}", f.severity.code());
    writeln!(
        out,
        "    {sign} {}  {}: {}",
        paint(&word, severity_paint(f.severity), color),
        safe::clean_cow(&f.stage_name),
        safe::clean_cow(&f.message)
    )
}
