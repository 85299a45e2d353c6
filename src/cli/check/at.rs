//! `check --at REV`: the same report, of the maps as the revision has
//! them (each named `SHORT:path`).

use std::path::PathBuf;

use super::{Checked, Failed, Outcome, Verdict};
use crate::cli::Context;
use crate::cli::at::maps_at;
use crate::storage::load_bytes;

pub(super) fn check_at(ctx: &Context, rev: &str, paths: &[PathBuf]) -> Outcome {
    let default = [ctx.maps_dir.clone()];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut outcome = Outcome {
        maps: Vec::new(),
        errors: Vec::new(),
    };
    for path in paths {
        match maps_at(rev, path) {
            Ok(maps) => {
                for (name, bytes) in maps {
                    match load_bytes(&name, &bytes) {
                        Ok(loaded) => {
                            let verdict =
                                Verdict::of(&loaded.map, ctx.today, &ctx.config.thresholds);
                            outcome.maps.push(Checked {
                                path: name,
                                map: loaded.map,
                                verdict,
                            });
                        }
                        Err(e) => outcome.errors.push(Failed {
                            path: name,
                            message: e.to_string(),
                        }),
                    }
                }
            }
            Err(e) => outcome.errors.push(Failed {
                path: path.clone(),
                message: e.to_string(),
            }),
        }
    }
    outcome
}
