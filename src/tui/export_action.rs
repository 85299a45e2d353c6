//! `x` in the app: a small form asks where the Markdown goes, prefilled
//! with `acme.md` next to the open map (`acme.ron`), or, in the portfolio,
//! with `<maps folder>/export` for every map plus `index.md`. An existing
//! file is never replaced silently: the form says it exists and Enter again
//! (on the same path) replaces it.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::event::AppEvent;
use super::widget::form::{Field, Form, form_fields};
use crate::analysis::Thresholds;
use crate::edit::document::SharedDoc;
use crate::export::{self, ExportError, LoadedFolder};

/// Where the Markdown of a map file goes by default.
pub fn target_for(map_path: &Path) -> PathBuf {
    map_path.with_extension("md")
}

/// Where a folder export goes by default: `<maps folder>/export`.
pub fn folder_target_for(maps_folder: &Path) -> PathBuf {
    maps_folder.join("export")
}

/// What is exported.
#[derive(Debug, Clone)]
enum Scope {
    /// The open map (unsaved edits included), from this file.
    Map(PathBuf),
    /// Every map of this folder.
    Folder(PathBuf),
}

/// The export form: one field, "Export to".
pub struct ExportForm {
    pub form: Form<ExportField>,
    scope: Scope,
    today: Date,
    thresholds: Thresholds,
    /// The path the last Enter found existing: Enter again on the same
    /// path replaces it.
    armed: Option<PathBuf>,
}

form_fields! {
    /// The one field: where the Markdown goes.
    pub enum ExportField { To }
}

/// Why nothing was written.
enum Failure {
    Export(ExportError),
    /// The folder of maps could not be listed, or no map is open.
    Other(String),
}

impl ExportForm {
    /// The form for the open map, stored at `map_path`.
    pub fn for_map(map_path: &Path, today: Date, thresholds: Thresholds) -> Self {
        Self::new(
            "Export map to Markdown",
            &target_for(map_path),
            Scope::Map(map_path.to_path_buf()),
            today,
            thresholds,
        )
    }

    /// The form for every map of the portfolio's folder.
    pub fn for_folder(maps_folder: &Path, today: Date, thresholds: Thresholds) -> Self {
        Self::new(
            "Export all maps to Markdown (a folder)",
            &folder_target_for(maps_folder),
            Scope::Folder(maps_folder.to_path_buf()),
            today,
            thresholds,
        )
    }

    fn new(title: &str, to: &Path, scope: Scope, today: Date, thresholds: Thresholds) -> Self {
        let to = to.display().to_string();
        ExportForm {
            form: Form::new(title, |_| Field::text("Export to", &to).required())
                .with_submit_verb("export"),
            scope,
            today,
            thresholds,
            armed: None,
        }
    }

    /// Writes the export; on a problem the form stays open with the
    /// reason (or the replace question) and `None` is returned.
    pub fn write(&mut self, doc: Option<&SharedDoc>) -> Option<Vec<AppEvent>> {
        if !self.form.check() {
            return None;
        }
        let out = PathBuf::from(self.form.text(ExportField::To).trim());
        let force = self.armed.as_deref() == Some(out.as_path());
        self.armed = None;
        let result = match &self.scope {
            Scope::Map(source) => self.write_map(source, &out, doc, force),
            Scope::Folder(dir) => self.write_folder(dir, &out, force),
        };
        match result {
            Ok(done) => Some(vec![AppEvent::Status(done)]),
            Err(Failure::Export(ExportError::Exists(existing))) => {
                let what = match &self.scope {
                    Scope::Map(_) => "replace it",
                    Scope::Folder(_) => "replace the files there",
                };
                self.form.set_error(
                    ExportField::To,
                    format!("{} exists: press Enter again to {what}", existing.display()),
                );
                self.armed = Some(out);
                None
            }
            Err(Failure::Export(e)) => {
                self.form
                    .set_error(ExportField::To, format!("not exported: {e}"));
                None
            }
            Err(Failure::Other(why)) => {
                self.form
                    .set_error(ExportField::To, format!("not exported: {why}"));
                None
            }
        }
    }

    fn write_map(
        &self,
        source: &Path,
        out: &Path,
        doc: Option<&SharedDoc>,
        force: bool,
    ) -> Result<String, Failure> {
        let Some(doc) = doc else {
            return Err(Failure::Other("no map is open".into()));
        };
        // A folder that exists gets `<map>.md` in it, as with the CLI's `-o DIR`.
        let target = if out.is_dir() {
            out.join(export::document_names(&[source]).remove(0))
        } else {
            out.to_path_buf()
        };
        let out = target.as_path();
        let d = doc.borrow();
        let written =
            export::write_map_file_from(source, d.map(), d.analysis(), self.today, out, force)
                .map_err(Failure::Export)?;
        Ok(format!("Exported to {}", written.display()))
    }

    fn write_folder(&self, dir: &Path, out: &Path, force: bool) -> Result<String, Failure> {
        let folder =
            LoadedFolder::load(dir, self.today, &self.thresholds).map_err(Failure::Other)?;
        let written =
            export::write_folder(&folder.sources(), &folder.errors, self.today, out, force)
                .map_err(Failure::Export)?;
        let n = written.documents.len();
        let mut done = format!(
            "Exported {n} map{} to {} ({})",
            if n == 1 { "" } else { "s" },
            out.display(),
            export::INDEX_FILE
        );
        let bad = folder.errors.len();
        if bad > 0 {
            done.push_str(&format!(
                "; {bad} unreadable file{} listed in {}",
                if bad == 1 { "" } else { "s" },
                export::INDEX_FILE
            ));
        }
        Ok(done)
    }
}
