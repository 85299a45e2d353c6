//! `journeymap new`: a new map from a template, in the maps folder, never
//! over an existing file.

use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::Context;
use super::args::{NewArgs, Template};
use crate::model::{self, TemplateKind};
use crate::storage::{SaveGuard, io_words, save_map};

pub fn run(ctx: &Context, args: NewArgs) -> anyhow::Result<ExitCode> {
    let client = args.client.trim();
    let slug = model::slug(client);
    if slug.is_empty() {
        bail!(
            "cannot name a file after the client \"{}\": the name needs at least one letter or digit",
            args.client.escape_debug()
        );
    }
    let manager = args.manager.unwrap_or_else(|| ctx.user_name());
    // The format allows an empty manager, but a blank --manager is almost
    // always a mistake (an unset variable in a script).
    if manager.trim().is_empty() {
        bail!("the account manager is blank: give a name with --manager NAME");
    }
    let map = model::template(
        template_kind(args.template),
        client,
        manager.trim(),
        ctx.today,
    );
    let problems = model::validate(&map);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        bail!("the new map would be invalid: {}", lines.join("; "));
    }
    let dir = &ctx.maps_dir;
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot create the maps folder: {}",
            crate::text::safe::path(dir),
            io_words(&e)
        )
    })?;
    let path = dir.join(format!("{slug}.ron"));
    save_map(&path, &map, SaveGuard::New).context("no map was created")?;
    super::style::print(&format!("{}\n", crate::text::safe::path(&path)))?;
    Ok(ExitCode::SUCCESS)
}

fn template_kind(template: Template) -> TemplateKind {
    match template {
        Template::Selling => TemplateKind::Selling,
        Template::Lifecycle => TemplateKind::Lifecycle,
    }
}
