//! Markdown export: a document per map that renders well on GitHub and
//! GitLab (tables and a Mermaid journey diagram), and an index for a
//! folder of maps. The format is described in docs/export.md.
//!
//! Rendering is pure (map, analysis and date in, text out: the same input
//! gives the same bytes); `write` puts documents on disk for the command
//! line and the app alike. Map text always passes through `escape`, so it
//! cannot change the document's structure.

mod document;
pub mod escape;
mod folder;
pub mod ics;
mod index;
mod markdown;
pub mod mermaid;
mod words;
mod write;

pub use document::export_map;
pub use folder::LoadedFolder;
pub use index::{IndexEntry, export_index, link_target};
pub use write::{
    ExportError, FolderExport, INDEX_FILE, MapSource, document_names, write_folder, write_map_file,
    write_map_file_from,
};
