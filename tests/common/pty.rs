//! Running the real binary in a pseudo-terminal.

use std::process::Command;

/// `journeymap ARGS` in a 100x30 pseudo-terminal (the pty starts at 0x0,
/// which the app would rightly call too small), as an xterm, with its
/// status cache, locks and recovery copies in the test's own state folder
/// rather than the user's. Callers add what their test needs and spawn it.
pub fn app_command(args: &str) -> Command {
    let bin = assert_cmd::cargo::cargo_bin("journeymap");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "stty rows 30 cols 100 && exec '{}' {args}",
            bin.display()
        ))
        .env("TERM", "xterm-256color")
        .env(
            "JOURNEYMAP_STATE_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pty-state"),
        );
    cmd
}
