//! Peak memory of `check` on a very large map stays within the target of
//! issue 10: at most 3x the file's bytes plus 20 MB.
//!
//! The map is the shape that broke it: one-line items with short texts
//! (100 stages x 10,000 commitments, 56 MB). Each item's text is a few
//! bytes in the file, but every `String` in the map was a heap allocation
//! of at least 32 bytes, so the map cost 2.3x the file on top of the file
//! itself. The model keeps short texts inline now (`CompactString`).
//!
//! Memory is read from the child's own resource usage (`wait4`), so other
//! tests running at the same time do not count. It is a count of pages,
//! not a time, and repeats within a few hundred KB.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const STAGES: usize = 100;
const COMMITMENTS: usize = 10_000;

fn write_one_line_commitments(path: &Path) -> u64 {
    let file = File::create(path).expect("creatable");
    let mut out = BufWriter::new(file);
    let write = |out: &mut BufWriter<File>, text: &str| {
        out.write_all(text.as_bytes()).expect("writable");
    };
    write(
        &mut out,
        "(format: 2, client: (name: \"Big\", account_manager: \"A\"), title: \"T\", now: None, stages: [\n",
    );
    for s in 0..STAGES {
        write(
            &mut out,
            &format!("(id: \"s{s}\", name: \"Stage {s}\", commitments: [\n"),
        );
        for c in 0..COMMITMENTS {
            write(
                &mut out,
                &format!("(promise: \"Do {c}\", owner: \"Dana\", due: \"2026-12-01\"),\n"),
            );
        }
        write(&mut out, "]),\n");
    }
    write(&mut out, "])\n");
    out.flush().expect("flushed");
    std::fs::metadata(path).expect("written").len()
}

/// Runs `check` on `path` and returns its peak resident memory in bytes.
// The child is reaped by `wait4`, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn peak_memory_of_check(path: &Path) -> u64 {
    let child = Command::new(assert_cmd::cargo::cargo_bin!("journeymap"))
        .arg("check")
        .arg(path)
        .args(["--today", "2026-11-23"])
        .env("JOURNEYMAP_STATE_DIR", path.with_extension("state"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value for the kernel to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers
    // point to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    assert!(libc::WIFEXITED(status), "check did not exit normally");
    // No stage has feedback: findings, exit code 1 (2 would be an error).
    assert_eq!(libc::WEXITSTATUS(status), 1, "check failed to read the map");
    // ru_maxrss is in KiB on Linux.
    u64::try_from(usage.ru_maxrss).expect("non-negative") * 1024
}

#[test]
fn check_of_a_map_of_a_million_short_commitments_stays_within_3x_the_file_plus_20_mb() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("commits.ron");
    let bytes = write_one_line_commitments(&path);
    let limit = 3 * bytes + 20_000_000;
    let peak = peak_memory_of_check(&path);
    assert!(
        peak <= limit,
        "peak memory {:.1} MB, over 3 x {:.1} MB + 20 MB = {:.1} MB",
        peak as f64 / 1e6,
        bytes as f64 / 1e6,
        limit as f64 / 1e6,
    );
}
