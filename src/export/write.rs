//! Writing exported documents to disk, shared by `journeymap export` and
//! the app's export key. Every target is checked before the first byte is
//! written, so a refusal leaves nothing half-written; each file is written
//! atomically.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::analysis::{Analysis, MapSummary};
use crate::model::Map;
use crate::storage::{SaveError, SaveGuard, io_words, save_text};
use crate::text::safe;

use super::{IndexEntry, export_index, export_map};

/// The name of the portfolio document of a folder export.
pub const INDEX_FILE: &str = "index.md";

#[derive(Debug)]
pub enum ExportError {
    /// The file exists and `force` was not given.
    Exists(PathBuf),
    /// The output would replace one of the maps being exported.
    WouldReplaceSource(PathBuf),
    /// The output folder is a file.
    NotAFolder(PathBuf),
    /// The folder to write a document into does not exist (a folder
    /// export makes its folder; a single document's is not guessed).
    NoFolder(PathBuf),
    /// The output folder could not be made or read.
    Folder {
        path: PathBuf,
        error: io::Error,
    },
    Save(SaveError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Exists(p) => write!(
                f,
                "{} already exists; not overwritten (use --force to replace it)",
                safe::path(p)
            ),
            ExportError::WouldReplaceSource(p) => write!(
                f,
                "{} is a map being exported; refusing to write Markdown over it",
                safe::path(p)
            ),
            ExportError::NotAFolder(p) => {
                write!(
                    f,
                    "{} is a file, not a folder to export into",
                    safe::path(p)
                )
            }
            ExportError::NoFolder(p) => write!(
                f,
                "{}: the folder does not exist; create it first, or write elsewhere",
                safe::path(p)
            ),
            ExportError::Folder { path, error } => {
                write!(
                    f,
                    "{}: cannot use the folder: {}",
                    safe::path(path),
                    io_words(error)
                )
            }
            ExportError::Save(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ExportError {}

/// One map to export from a folder.
#[derive(Debug, Clone, Copy)]
pub struct MapSource<'a> {
    /// The map's file, whose stem names the document.
    pub path: &'a Path,
    pub map: &'a Map,
    pub analysis: &'a Analysis,
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Refuses a target that exists (unless `force`) or is one of the sources.
fn check_target(target: &Path, sources: &[&Path], force: bool) -> Result<(), ExportError> {
    if sources.iter().any(|s| same_file(s, target)) {
        return Err(ExportError::WouldReplaceSource(target.to_path_buf()));
    }
    match fs::symlink_metadata(target) {
        Ok(_) if !force => Err(ExportError::Exists(target.to_path_buf())),
        _ => Ok(()),
    }
}

/// Refuses a single document's target whose folder does not exist (or is
/// a file), naming the folder: the save would only say it cannot make a
/// temporary file there. A folder export makes its folder instead.
fn check_folder(target: &Path) -> Result<(), ExportError> {
    // `-o out/` means a folder; `-o out/acme.md` a file in the folder `out`.
    let meant_folder = target.as_os_str().to_string_lossy().ends_with('/');
    let folder = match target.parent() {
        _ if meant_folder => Some(target),
        Some(p) if !p.as_os_str().is_empty() => Some(p),
        _ => None,
    };
    if let Some(folder) = folder {
        match fs::metadata(folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(ExportError::NotAFolder(folder.to_path_buf())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(ExportError::NoFolder(folder.to_path_buf()));
            }
            // Anything else (no permission): the write says it.
            Err(_) => {}
        }
    }
    Ok(())
}

fn write(target: &Path, text: &str, force: bool) -> Result<(), ExportError> {
    let guard = if force {
        SaveGuard::Force
    } else {
        SaveGuard::New
    };
    save_text(target, text.as_bytes(), guard)
        .map(|_| ())
        .map_err(ExportError::Save)
}

/// Exports one map to `out`. Refuses to replace an existing file unless
/// `force`; returns the path written.
pub fn write_map_file(
    map: &Map,
    analysis: &Analysis,
    today: Date,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    check_folder(out)?;
    check_target(out, &[], force)?;
    write(out, &export_map(map, analysis, today), force)?;
    Ok(out.to_path_buf())
}

/// Like [`write_map_file`], and also refuses to write over `source`, the
/// map's own file.
pub fn write_map_file_from(
    source: &Path,
    map: &Map,
    analysis: &Analysis,
    today: Date,
    out: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    check_target(out, &[source], force)?;
    write_map_file(map, analysis, today, out, force)
}

/// The document names of a folder export, one per source in order:
/// `<file stem>.md`, with `-2`, `-3`... added where a name is taken
/// (compared without case, for case-insensitive file systems) or would
/// be the index.
pub fn document_names(sources: &[&Path]) -> Vec<String> {
    let mut taken: Vec<String> = vec![INDEX_FILE.to_lowercase()];
    let mut names = Vec::with_capacity(sources.len());
    for path in sources {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "map".to_string());
        let mut name = format!("{stem}.md");
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            name = format!("{stem}-{n}.md");
            n += 1;
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

/// What a folder export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderExport {
    /// The documents, in the order of the sources.
    pub documents: Vec<PathBuf>,
    pub index: PathBuf,
}

/// Exports maps into `out_dir` (made if missing): one document per map and
/// `index.md`, which also lists `errors` (files that could not be read).
/// Every target is checked first: without `force`, one existing file
/// means nothing is written.
pub fn write_folder(
    maps: &[MapSource],
    errors: &[(PathBuf, String)],
    today: Date,
    out_dir: &Path,
    force: bool,
) -> Result<FolderExport, ExportError> {
    match fs::metadata(out_dir) {
        Ok(meta) if !meta.is_dir() => return Err(ExportError::NotAFolder(out_dir.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(ExportError::Folder {
                path: out_dir.to_path_buf(),
                error,
            });
        }
    }
    let sources: Vec<&Path> = maps.iter().map(|m| m.path).collect();
    let names = document_names(&sources);
    let documents: Vec<PathBuf> = names.iter().map(|n| out_dir.join(n)).collect();
    let index = out_dir.join(INDEX_FILE);
    for target in documents.iter().chain(std::iter::once(&index)) {
        check_target(target, &sources, force)?;
    }
    // Render everything before touching the disk.
    let texts: Vec<String> = maps
        .iter()
        .map(|m| export_map(m.map, m.analysis, today))
        .collect();
    let entries: Vec<IndexEntry> = maps
        .iter()
        .zip(&names)
        .map(|(m, name)| IndexEntry {
            document: name.clone(),
            title: m.map.title.to_string(),
            summary: MapSummary::of(m.map, m.analysis),
        })
        .collect();
    let index_text = export_index(&entries, errors, today);
    fs::create_dir_all(out_dir).map_err(|error| ExportError::Folder {
        path: out_dir.to_path_buf(),
        error,
    })?;
    for (target, text) in documents.iter().zip(&texts) {
        write(target, text, force)?;
    }
    write(&index, &index_text, force)?;
    Ok(FolderExport { documents, index })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_avoid_the_index_and_each_other() {
        let paths = [
            Path::new("maps/acme.ron"),
            Path::new("maps/index.ron"),
            Path::new("other/Acme.ron"),
        ];
        assert_eq!(
            document_names(&paths),
            vec!["acme.md", "index-2.md", "Acme-2.md"]
        );
    }
}
