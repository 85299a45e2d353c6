//! Wall and CPU time, and peak memory, of the app's heavy paths, for
//! BENCHMARKS.md on a machine too busy for criterion's wall-clock numbers
//! alone. Peak memory is the process's maximum resident set (getrusage).
//!
//! cargo run --release --example measure -- parse FILE [ROUNDS]
//! cargo run --release --example measure -- portfolio DIR [--cache STATE_DIR]
//! cargo run --release --example measure -- first-frame DIR [--cache STATE_DIR]
//! cargo run --release --example measure -- recovery FILE

use std::path::{Path, PathBuf};
use std::time::Instant;

use journeymap::analysis::{Analysis, Thresholds};
use journeymap::model::Map;
use journeymap::storage::folders::list_maps;
use journeymap::storage::portfolio::{PortfolioRequest, load_statuses};
use journeymap::storage::status_cache::StatusCache;
use journeymap::storage::{load_map, parse_map};
use journeymap::synth::BENCH_TODAY;

struct Usage {
    user_s: f64,
    sys_s: f64,
    max_rss_mb: f64,
}

fn usage() -> Usage {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Usage {
        user_s: secs(ru.ru_utime),
        sys_s: secs(ru.ru_stime),
        max_rss_mb: ru.ru_maxrss as f64 / 1024.0,
    }
}

fn report(what: &str, wall: f64, before: &Usage) {
    let after = usage();
    println!(
        "{what}: wall {:.1} ms, cpu (all rounds) {:.1} ms (user {:.1}, sys {:.1}), peak rss {:.1} MB",
        wall * 1e3,
        (after.user_s + after.sys_s - before.user_s - before.sys_s) * 1e3,
        (after.user_s - before.user_s) * 1e3,
        (after.sys_s - before.sys_s) * 1e3,
        after.max_rss_mb
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("parse") => parse(
            Path::new(&args[1]),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5),
        ),
        Some("save") => save(Path::new(&args[1])),
        Some("bare-sum") => {
            // The floor for `check`: every map of a folder through a bare
            // ron::from_str, one after the other, bytes already in memory.
            let paths = list_maps(Path::new(&args[1])).expect("listed");
            let texts: Vec<String> = paths
                .iter()
                .map(|p| std::fs::read_to_string(p).expect("readable"))
                .collect();
            let before = usage();
            let start = Instant::now();
            for text in &texts {
                std::hint::black_box(ron::from_str::<Map>(text).expect("valid"));
            }
            report(
                &format!("bare ron::from_str of {} maps, one core", texts.len()),
                start.elapsed().as_secs_f64(),
                &before,
            );
        }
        Some("export") => {
            let loaded = load_map(Path::new(&args[1])).expect("valid");
            let rounds: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5);
            let analysis = Analysis::of(&loaded.map, BENCH_TODAY, &Thresholds::default());
            let before = usage();
            let start = Instant::now();
            for _ in 0..rounds {
                let out = journeymap::export::export_map(&loaded.map, &analysis, BENCH_TODAY);
                std::hint::black_box(out);
            }
            let wall = start.elapsed().as_secs_f64() / rounds as f64;
            report("export_map, per round", wall, &before);
        }
        Some("load") => {
            let before = usage();
            let start = Instant::now();
            let loaded = load_map(Path::new(&args[1])).expect("valid");
            let analysis = Analysis::of(&loaded.map, BENCH_TODAY, &Thresholds::default());
            report(
                "load_map + Analysis::of",
                start.elapsed().as_secs_f64(),
                &before,
            );
            std::hint::black_box((loaded, analysis));
        }
        Some("portfolio") => {
            let dir = PathBuf::from(&args[1]);
            let cache = args
                .iter()
                .position(|a| a == "--cache")
                .map(|i| StatusCache::file_for(Path::new(&args[i + 1]), &dir));
            let before = usage();
            let start = Instant::now();
            let paths = list_maps(&dir).expect("listed");
            let (statuses, error) = load_statuses(PortfolioRequest {
                paths,
                today: BENCH_TODAY,
                thresholds: Thresholds::default(),
                cache_file: cache,
            });
            let cached = statuses.iter().filter(|s| s.from_cache).count();
            report(
                &format!(
                    "{} statuses ({cached} from cache, cache error {error:?})",
                    statuses.len()
                ),
                start.elapsed().as_secs_f64(),
                &before,
            );
        }
        Some("recovery") => {
            // What copying unsaved edits to the recovery folder costs the
            // thread that does it, and its parts.
            let loaded = load_map(Path::new(&args[1])).expect("valid");
            let dir = tempfile::tempdir().expect("temp dir");
            let recovery = journeymap::storage::recovery::Recovery::new(dir.path());
            let time = |what: &str, f: &mut dyn FnMut()| {
                let before = usage();
                let start = Instant::now();
                f();
                report(what, start.elapsed().as_secs_f64(), &before);
            };
            let mut copy = None;
            time("Map::clone", &mut || copy = Some(loaded.map.clone()));
            time("Map == Map", &mut || {
                std::hint::black_box(copy.as_ref() == Some(&loaded.map));
            });
            time("Recovery::write (text, write, fsync)", &mut || {
                recovery
                    .write(&loaded.path, Some(loaded.hash), &loaded.map)
                    .expect("written")
            });
        }
        Some("first-frame") => {
            let state = args
                .iter()
                .position(|a| a == "--cache")
                .and_then(|i| args.get(i + 1))
                .map(PathBuf::from);
            first_frame(Path::new(&args[1]), state);
        }
        _ => eprintln!(
            "usage: measure parse FILE [ROUNDS] | load FILE | recovery FILE | portfolio DIR [--cache STATE_DIR] | first-frame DIR [--cache STATE_DIR]"
        ),
    }
}

fn parse(path: &Path, rounds: usize) {
    let text = std::fs::read_to_string(path).expect("readable");
    println!("{} bytes, {rounds} rounds each", text.len());
    // ONLY_APP=1 leaves out the bare ron parse (for profiling the app's).
    if std::env::var_os("ONLY_APP").is_none() {
        let before = usage();
        let start = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(ron::from_str::<Map>(&text).expect("valid"));
        }
        let wall = start.elapsed().as_secs_f64() / rounds as f64;
        report("bare ron::from_str::<Map>, per round", wall, &before);
    }
    let before = usage();
    let start = Instant::now();
    for _ in 0..rounds {
        let map = parse_map(&text).expect("valid");
        std::hint::black_box(Analysis::of(&map, BENCH_TODAY, &Thresholds::default()));
    }
    let wall = start.elapsed().as_secs_f64() / rounds as f64;
    report("parse_map + Analysis::of, per round", wall, &before);
}

/// Where the time of a safe save goes, step by step.
fn save(path: &Path) {
    use journeymap::storage::{SaveGuard, save_map, save_text, to_canonical};
    let loaded = load_map(path).expect("valid");
    let dir = tempfile::tempdir_in(path.parent().unwrap_or(Path::new("."))).expect("temp dir");
    let target = dir.path().join("map.ron");
    let time = |what: &str, f: &mut dyn FnMut()| {
        let start = Instant::now();
        let rounds = 5;
        for _ in 0..rounds {
            f();
        }
        println!(
            "{what}: {:.2} ms",
            start.elapsed().as_secs_f64() * 1e3 / rounds as f64
        );
    };
    let text = to_canonical(&loaded.map).expect("serialisable");
    time("to_canonical", &mut || {
        std::hint::black_box(to_canonical(&loaded.map).expect("serialisable"));
    });
    time("fs::write + sync_all", &mut || {
        let mut f = std::fs::File::create(&target).expect("created");
        std::io::Write::write_all(&mut f, text.as_bytes()).expect("written");
        f.sync_all().expect("synced");
    });
    time("save_text", &mut || {
        save_text(&target, text.as_bytes(), SaveGuard::Force).expect("saved");
    });
    time("save_map", &mut || {
        save_map(&target, &loaded.map, SaveGuard::Force).expect("saved");
    });
}

/// The app on a folder as the terminal app starts it: time to the first
/// frame (200x60, into a TestBackend), then until every row is in, polling
/// and drawing as the event loop does while loading.
fn first_frame(dir: &Path, state_dir: Option<PathBuf>) {
    use journeymap::tui::{App, AppOptions};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let opts = AppOptions {
        path: dir.to_path_buf(),
        path_is_default: false,
        read_only: false,
        today: BENCH_TODAY,
        thresholds: Thresholds::default(),
        no_color: false,
        keys: Default::default(),
        user: "bench".into(),
        state_dir,
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
    let start = Instant::now();
    let mut app = App::start(opts).expect("the app starts");
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("drawn");
    let first = start.elapsed();
    let mut frames = 1;
    while app.is_loading() {
        std::thread::sleep(std::time::Duration::from_millis(30));
        if app.poll_loading() {
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("drawn");
            frames += 1;
        }
    }
    println!(
        "first frame {:.1} ms, every row in {:.1} ms ({frames} frames)",
        first.as_secs_f64() * 1e3,
        start.elapsed().as_secs_f64() * 1e3
    );
}
