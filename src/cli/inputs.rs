//! Turning the PATH arguments of `check`, `fmt` and `export` into the list
//! of map files to work on, the same way for every command.

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::storage::{folders, io_words};

/// The map files named by the arguments, in order, and the arguments that
/// named nothing usable.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub errors: Vec<InputError>,
}

/// A path argument that could not be used: missing, or an unreadable folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    /// The reason, without the path.
    pub reason: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            crate::text::safe::path(&self.path),
            self.reason
        )
    }
}

/// Collects map files: each file argument as given (whatever its name: the
/// user named it), each folder's `*.ron` files sorted by name, in argument
/// order, each file once. No arguments means the maps folder.
pub fn collect(paths: &[PathBuf], maps_dir: &Path) -> Inputs {
    let mut inputs = Inputs::default();
    let defaulted = paths.is_empty();
    let default = [maps_dir.to_path_buf()];
    let paths = if defaulted { &default[..] } else { paths };
    let mut seen = HashSet::new();
    let mut add = |inputs: &mut Inputs, file: PathBuf| {
        if seen.insert(file.clone()) {
            inputs.files.push(file);
        }
    };
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => match folders::list_maps(path) {
                Ok(files) => files.into_iter().for_each(|f| add(&mut inputs, f)),
                Err(e) => inputs.errors.push(InputError {
                    path: path.clone(),
                    reason: format!("cannot list the folder: {}", io_words(&e)),
                }),
            },
            Ok(_) => add(&mut inputs, path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound && defaulted => {
                inputs.errors.push(InputError {
                    path: path.clone(),
                    reason: "the maps folder does not exist yet: create a map with \
                             `journeymap new`, or name files or folders to work on"
                        .into(),
                })
            }
            Err(e) => inputs.errors.push(InputError {
                path: path.clone(),
                reason: io_words(&e),
            }),
        }
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn folders_give_their_ron_files_sorted_and_files_are_kept_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let maps = dir.path().join("maps");
        fs::create_dir(&maps).unwrap();
        for name in ["b.ron", "a.ron", "notes.txt", ".a.ron.tmp", ".hidden.ron"] {
            fs::write(maps.join(name), "").unwrap();
        }
        let single = dir.path().join("z.ron");
        fs::write(&single, "").unwrap();
        let inputs = collect(&[single.clone(), maps.clone()], Path::new("unused"));
        assert_eq!(
            inputs.files,
            vec![single, maps.join("a.ron"), maps.join("b.ron")]
        );
        assert!(inputs.errors.is_empty());
    }

    #[test]
    fn a_file_named_twice_is_used_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.ron");
        fs::write(&file, "").unwrap();
        let inputs = collect(&[file.clone(), dir.path().to_path_buf()], Path::new("x"));
        assert_eq!(inputs.files, vec![file]);
    }

    #[test]
    fn a_missing_path_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.ron");
        let inputs = collect(std::slice::from_ref(&missing), Path::new("x"));
        assert!(inputs.files.is_empty());
        assert_eq!(inputs.errors.len(), 1);
        assert_eq!(inputs.errors[0].path, missing);
        assert!(inputs.errors[0].to_string().contains("no such file"));
    }

    #[test]
    fn no_arguments_means_the_maps_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.ron"), "").unwrap();
        let inputs = collect(&[], dir.path());
        assert_eq!(inputs.files, vec![dir.path().join("a.ron")]);

        let missing = dir.path().join("no-maps-yet");
        let inputs = collect(&[], &missing);
        assert!(inputs.errors[0].reason.contains("journeymap new"));
    }
}
