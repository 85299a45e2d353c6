//! `kill -9` during saves of a big map, through the real binary's `fmt`:
//! whenever the kill lands, the map is its old text or its new one (for a
//! hard-linked map, rewritten in place, possibly the start of the new text
//! with its whole copy beside it), and the next run leaves the new text
//! and no temporary file behind.
//!
//! Each kill lands a little later into the save (counted from when its
//! temporary file appears); no assertion depends on where one lands.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::cli::Sandbox;
use journeymap::storage::to_canonical;
use journeymap::synth::{self, Size};

const KILLS: u32 = 24;
const KILLS_WITH_A_HARD_LINK: u32 = 8;

/// A big map's canonical text, and the same map without indentation (a
/// valid file that `fmt` rewrites). Text never holds a raw line break (the
/// canonical layout escapes them), so trimming lines keeps the values.
fn texts() -> (String, String) {
    let map = synth::map(
        Size {
            stages: 40,
            items: 6_000,
        },
        7,
    );
    let canonical = to_canonical(&map).unwrap();
    let flat: String = canonical
        .lines()
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    assert_ne!(flat, canonical);
    (flat, canonical)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `fmt` on the map, killed with SIGKILL `offset` after its save's
/// temporary file appears (or run to the end when it is quicker).
fn fmt_killed_while_saving(sb: &Sandbox, offset: Duration) {
    let mut child = sb
        .std_cmd()
        .args(["fmt", "maps/big.ron"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !names(&sb.maps()).iter().any(|n| n.ends_with(".tmp")) {
        if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
            return;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(offset);
    let _ = child.kill();
    child.wait().unwrap();
}

/// The `i`th kill lands `i` ms into the save: the whole of writing,
/// flushing and swapping a map of this size here, and some after.
fn offset(i: u32) -> Duration {
    Duration::from_millis(u64::from(i) * 2)
}

/// The next run: formats what is left and sweeps what the kill left.
fn fmt_to_the_end(sb: &Sandbox) {
    let out = sb.std_cmd().args(["fmt", "maps/big.ron"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_save_killed_anywhere_leaves_the_old_or_the_new_text_and_no_litter() {
    let (old, new) = texts();
    let sb = Sandbox::new();
    let map = sb.maps().join("big.ron");
    let mut litter_seen = 0;
    for i in 0..KILLS {
        fs::write(&map, &old).unwrap();
        fmt_killed_while_saving(&sb, offset(i));
        let now = fs::read_to_string(&map).unwrap();
        assert!(now == old || now == new, "kill {i}: a mix of old and new");
        if names(&sb.maps()).len() > 1 {
            litter_seen += 1;
        }
        fmt_to_the_end(&sb);
        assert_eq!(fs::read_to_string(&map).unwrap(), new, "kill {i}");
        assert_eq!(names(&sb.maps()), ["big.ron"], "kill {i}: litter left");
    }
    eprintln!("{litter_seen} of {KILLS} kills left a temporary file, all swept");
}

#[test]
fn an_in_place_save_killed_anywhere_is_finished_by_the_next_run() {
    let (old, new) = texts();
    let sb = Sandbox::new();
    let map = sb.maps().join("big.ron");
    let other = sb.path().join("big-link.ron");
    let mut cut_short_seen = 0;
    for i in 0..KILLS_WITH_A_HARD_LINK {
        fs::write(&map, &old).unwrap();
        let _ = fs::remove_file(&other);
        fs::hard_link(&map, &other).unwrap();
        fmt_killed_while_saving(&sb, offset(i * 3));
        let now = fs::read_to_string(&map).unwrap();
        let cut_short = new.starts_with(&now) && names(&sb.maps()).len() > 1;
        assert!(
            now == old || now == new || cut_short,
            "kill {i}: neither text, nor the start of the new one with its copy kept"
        );
        cut_short_seen += u32::from(cut_short && now != new);
        fmt_to_the_end(&sb);
        assert_eq!(fs::read_to_string(&map).unwrap(), new, "kill {i}");
        assert_eq!(fs::read_to_string(&other).unwrap(), new, "kill {i}");
        assert_eq!(names(&sb.maps()), ["big.ron"], "kill {i}: litter left");
    }
    eprintln!(
        "{cut_short_seen} of {KILLS_WITH_A_HARD_LINK} kills cut a rewrite short, all finished"
    );
}
