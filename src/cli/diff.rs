//! `journeymap diff A B`: what changed from map A to map B, one line per
//! fact (`model::diff_lines`). Exit codes as diff(1): 0 the same map
//! (whatever the layout), 1 different, 2 trouble.
//!
//! A or B is a file, or `REV:PATH` for a version in git, read with
//! `git cat-file blob REV:PATH` in the current folder (PATH from the
//! repository's top, or `./PATH` from the current folder, as git reads
//! it). A name that is an existing file is always the file.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::Context as _;

use super::args::DiffArgs;
use super::style;
use crate::model::{Map, diff_lines};
use crate::storage::{MAX_FILE_BYTES, load_bytes, load_map};
use crate::text::safe;

pub fn run(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let before = read(&args.before)?;
    let after = read(&args.after)?;
    let lines = diff_lines(&before, &after);
    style::print_with(|out| {
        for line in &lines {
            writeln!(out, "{line}")?;
        }
        Ok(())
    })?;
    Ok(ExitCode::from(if lines.is_empty() { 0 } else { 1 }))
}

/// The map a side names: a file, else a version in git.
fn read(side: &str) -> anyhow::Result<Map> {
    let path = Path::new(side);
    if path.exists() || !side.contains(':') {
        return Ok(load_map(path)?.map);
    }
    let bytes = git_version(side)?;
    Ok(load_bytes(path, &bytes)?.map)
}

/// The bytes of `REV:PATH` from git.
fn git_version(spec: &str) -> anyhow::Result<Vec<u8>> {
    let name = safe::clean(spec);
    // A name git would take for an option is not a version.
    if spec.starts_with('-') {
        anyhow::bail!("{name}: no such file, and not a REV:PATH version");
    }
    let output = Command::new("git")
        .args(["cat-file", "blob", spec])
        .output()
        .with_context(|| {
            format!("{name}: not a file, and git could not be run to read it as REV:PATH")
        })?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.lines().next().unwrap_or("").trim();
        anyhow::bail!(
            "{name}: no such file, and git has no such version ({})",
            safe::clean(why)
        );
    }
    if output.stdout.len() as u64 > MAX_FILE_BYTES {
        anyhow::bail!(
            "{name}: larger than the {} a map may have; not read",
            crate::storage::mib(MAX_FILE_BYTES)
        );
    }
    Ok(output.stdout)
}
