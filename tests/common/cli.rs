//! What the command-line tests share: a sandbox (temp maps folder, config
//! file and platform folders, so nothing depends on the user's home or the
//! clock) and small maps built through the model with known findings.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jiff::civil::{Date, date};
use journeymap::model::{Feedback, Map, Method, Perception, Source, Stage};
use journeymap::storage::to_canonical;
use tempfile::TempDir;

/// The date every test analyses at.
pub const TODAY: &str = "2026-11-23";

/// A temp folder holding `maps/`, `config.ron` and the platform folders.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Self::with_config("()")
    }

    pub fn with_config(config: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("maps")).expect("maps dir");
        fs::write(dir.path().join("config.ron"), config).expect("config");
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn maps(&self) -> PathBuf {
        self.path().join("maps")
    }

    pub fn config(&self) -> PathBuf {
        self.path().join("config.ron")
    }

    /// The binary with `JOURNEYMAP_DIR`, `--config` and the platform folders
    /// pointing into the sandbox, run from the sandbox.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// [`Sandbox::cmd`] as a std `Command`, for running in a pseudo-terminal.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("journeymap"));
        cmd.current_dir(self.path())
            .env("JOURNEYMAP_DIR", self.maps())
            .env("HOME", self.path().join("home"))
            .env("XDG_CONFIG_HOME", self.path().join("xdg-config"))
            .env("XDG_DATA_HOME", self.path().join("xdg-data"))
            .env("XDG_STATE_HOME", self.path().join("xdg-state"))
            .env("USER", "tester")
            .env_remove("NO_COLOR")
            .arg("--config")
            .arg(self.config());
        cmd
    }

    /// Writes a map in the canonical layout into `maps/`.
    pub fn write_map(&self, name: &str, map: &Map) -> PathBuf {
        self.write(name, &to_canonical(map).expect("canonical text"))
    }

    /// Writes text into `maps/`.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.maps().join(name);
        fs::write(&path, text).expect("write map");
        path
    }
}

pub fn day(text: &str) -> Date {
    text.parse().expect("test date")
}

pub fn feedback(on: Date, method: Method, score: Option<u8>) -> Feedback {
    Feedback {
        date: on,
        method,
        score,
        by: "Dana Ruiz".into(),
        summary: "Talked it through".into(),
        holding_back: false,
    }
}

pub fn map_with(client: &str, stages: Vec<Stage>) -> Map {
    let mut map = Map::new(client, "Dana Ruiz");
    map.title = format!("{client}: test map").into();
    map.stages = stages;
    map
}

/// A stage with recent personal feedback and a good score: no findings.
pub fn ok_stage(id: &str, name: &str) -> Stage {
    let mut stage = Stage::new(id, name);
    stage.feedback = vec![feedback(date(2026, 11, 1), Method::Call, Some(4))];
    stage
}

/// No findings at all.
pub fn ok_map(client: &str) -> Map {
    map_with(client, vec![ok_stage("rapport", "Building rapport")])
}

/// Worst finding a warning: the only feedback is a survey.
pub fn watch_map(client: &str) -> Map {
    let mut stage = Stage::new("qualifying", "Qualifying");
    stage.feedback = vec![feedback(date(2026, 11, 1), Method::Survey, Some(4))];
    map_with(client, vec![ok_stage("rapport", "Building rapport"), stage])
}

/// Worst finding critical: a stage without feedback.
pub fn at_risk_map(client: &str) -> Map {
    map_with(
        client,
        vec![
            ok_stage("rapport", "Building rapport"),
            Stage::new("closing", "Closing"),
        ],
    )
}

/// Worst finding info: an assumed perception.
pub fn info_map(client: &str) -> Map {
    let mut stage = ok_stage("rapport", "Building rapport");
    stage.perceptions = vec![Perception {
        text: "They like the new portal".into(),
        sentiment: 1,
        source: Source::Assumed,
    }];
    map_with(client, vec![stage])
}

/// A valid map written by hand: optional fields left out, one line.
pub const HAND_WRITTEN: &str = r#"(format: 1, client: (name: "Handmade Ltd", account_manager: "Dana"), title: "Handmade", stages: [(id: "rapport", name: "Building rapport", feedback: [(date: "2026-11-01", method: Call, score: Some(4), by: "Dana", summary: "Fine")])])
"#;

/// A valid map with a comment a person added.
pub const WITH_COMMENT: &str = r#"(
    format: 1,
    // Dana: keep this client's history short
    client: (name: "Commented Inc", account_manager: "Dana"),
    title: "Commented",
    stages: [],
)
"#;

/// An invalid map: a score outside 1..=5, on line 9.
pub const INVALID: &str = r#"(
    format: 1,
    client: (name: "Broken Co", account_manager: "Dana"),
    title: "Broken",
    stages: [
        (
            id: "rapport",
            name: "Building rapport",
            feedback: [(date: "2026-11-01", method: Call, score: Some(9), by: "Dana", summary: "?")],
        ),
    ],
)
"#;
