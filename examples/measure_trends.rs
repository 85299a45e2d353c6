//! Times the portfolio's trends from git on a folder of maps, cold (no
//! cache) and warm (from the cache), as the app computes them.
//!
//! cargo run --release --example measure_trends -- MAPS_DIR YYYY-MM-DD

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use journeymap::git::{TrendCache, TrendRequest, compute_trends};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(today)) = (args.next(), args.next()) else {
        eprintln!("usage: measure_trends MAPS_DIR YYYY-MM-DD");
        return ExitCode::from(2);
    };
    let Ok(today) = journeymap::model::parse_date(&today) else {
        eprintln!("measure_trends: {today} is not a date");
        return ExitCode::from(2);
    };
    let dir = std::path::PathBuf::from(dir);
    let paths = match journeymap::storage::folders::list_maps(&dir) {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("measure_trends: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let Ok(state) = tempfile::tempdir() else {
        eprintln!("measure_trends: no temporary folder");
        return ExitCode::from(2);
    };
    let request = TrendRequest {
        folder: dir.clone(),
        paths,
        today,
        thresholds: Default::default(),
        cache_file: Some(TrendCache::file_for(state.path(), &dir)),
    };
    for run in ["cold", "warm", "warm"] {
        let start = Instant::now();
        let trends = compute_trends(&request);
        let took = start.elapsed();
        match trends {
            Ok(t) => {
                let _ = writeln!(
                    std::io::stdout(),
                    "{run}: {} maps, {} with a 90-day trend, {:.3} s",
                    t.len(),
                    t.iter().filter(|m| m.then[1].is_some()).count(),
                    took.as_secs_f64()
                );
            }
            Err(e) => {
                eprintln!("measure_trends: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
