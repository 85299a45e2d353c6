//! Gathering a folder of maps for a folder export, shared by
//! `journeymap export DIR -o OUT` and the portfolio's export key: every map
//! file is read and analysed; files that cannot be read are kept as errors
//! so that the index lists them instead of dropping them silently.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::MapSource;
use crate::analysis::{Analysis, Thresholds};
use crate::storage::{LoadedMap, folders, io_words, load_map};

/// The maps of a folder, read and analysed, and the files that failed.
pub struct LoadedFolder {
    pub maps: Vec<(LoadedMap, Analysis)>,
    /// Each unreadable file with the full error (file, line, column).
    pub errors: Vec<(PathBuf, String)>,
}

impl LoadedFolder {
    /// Reads every map file of `dir`. Fails only when the folder itself
    /// cannot be listed.
    pub fn load(dir: &Path, today: Date, thresholds: &Thresholds) -> Result<Self, String> {
        let files = folders::list_maps(dir).map_err(|e| {
            format!(
                "{}: cannot list the folder: {}",
                crate::text::safe::path(dir),
                io_words(&e)
            )
        })?;
        let mut maps = Vec::with_capacity(files.len());
        let mut errors = Vec::new();
        for file in files {
            match load_map(&file) {
                Ok(loaded) => {
                    let analysis = Analysis::of(&loaded.map, today, thresholds);
                    maps.push((loaded, analysis));
                }
                Err(e) => errors.push((file, e.to_string())),
            }
        }
        Ok(LoadedFolder { maps, errors })
    }

    /// The maps as [`write_folder`](super::write_folder) takes them.
    pub fn sources(&self) -> Vec<MapSource<'_>> {
        self.maps
            .iter()
            .map(|(l, analysis)| MapSource {
                path: &l.path,
                map: &l.map,
                analysis,
            })
            .collect()
    }
}
