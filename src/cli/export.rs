//! `journeymap export PATH [-o OUT] [--force]`: Markdown for GitHub/GitLab.
//!
//! A map file gives one document (stdout, or `-o FILE`, or `-o DIR/` where
//! DIR exists). A folder needs `-o DIR` and gives one document per map plus
//! `index.md`. Exit 0 when everything was exported; 2 when a file could not
//! be read (the rest is still exported) or nothing could be written.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::Context;
use super::args::ExportArgs;
use super::style::eprint;
use crate::analysis::Analysis;
use crate::export::{self, LoadedFolder};
use crate::storage::load_map;
use crate::text::safe;

pub fn run(ctx: &Context, mut args: ExportArgs) -> anyhow::Result<ExitCode> {
    // `--at`: export the revision's maps, written to a temporary folder
    // that lives as long as the export.
    let _at = match args.at.take() {
        Some(rev) => {
            let at = super::at::materialise(&rev, &args.path)?;
            args.path = at.path.clone();
            Some(at)
        }
        None => None,
    };
    if args.path.is_dir() {
        match &args.output {
            Some(out) => export_folder(ctx, &args.path, out, args.force),
            None => bail!(
                "{} is a folder: give a folder to write the documents into with -o DIR",
                safe::path(&args.path)
            ),
        }
    } else {
        export_file(ctx, &args.path, args.output.as_deref(), args.force)
    }
}

fn export_file(
    ctx: &Context,
    path: &Path,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let loaded = load_map(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let analysis = Analysis::of(&loaded.map, ctx.today, &ctx.config.thresholds);
    let Some(out) = output else {
        let text = export::export_map(&loaded.map, &analysis, ctx.today);
        let mut stdout = std::io::stdout().lock();
        return match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => Ok(ExitCode::SUCCESS),
            // The reader stopped early (`| head`): nothing left to do.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
            Err(e) => Err(e).context("cannot write to standard output"),
        };
    };
    let target = if out.is_dir() {
        out.join(export::document_names(&[path]).remove(0))
    } else {
        out.to_path_buf()
    };
    let written =
        export::write_map_file_from(path, &loaded.map, &analysis, ctx.today, &target, force)?;
    eprint(&format!("wrote {}", safe::path(&written)));
    Ok(ExitCode::SUCCESS)
}

fn export_folder(ctx: &Context, dir: &Path, out: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let folder = LoadedFolder::load(dir, ctx.today, &ctx.config.thresholds)
        .map_err(|e| anyhow::anyhow!(e))?;
    for (_, e) in &folder.errors {
        eprint(&format!("journeymap: {e}"));
    }
    let errors = &folder.errors;
    let written = export::write_folder(&folder.sources(), errors, ctx.today, out, force)?;
    eprint(&format!(
        "wrote {} and {} {} into {}",
        export::INDEX_FILE,
        written.documents.len(),
        if written.documents.len() == 1 {
            "document"
        } else {
            "documents"
        },
        safe::path(out)
    ));
    if errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprint(&format!(
            "journeymap: {} {} could not be read and {} listed in {}",
            errors.len(),
            if errors.len() == 1 { "map" } else { "maps" },
            if errors.len() == 1 { "is" } else { "are" },
            safe::path(&written.index)
        ));
        Ok(ExitCode::from(2))
    }
}
