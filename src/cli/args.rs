//! The command line, as clap types. One place lists every command and
//! option so that `--help` and shell completions stay complete.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

/// Customer journey maps for your top clients, in the terminal.
#[derive(Debug, Parser)]
#[command(
    name = "journeymap",
    version,
    after_help = "Examples:\n  journeymap                 open the maps folder in the app\n  journeymap maps/           open a folder of maps\n  journeymap maps/acme.ron   open one map\n  journeymap check maps --today 2026-11-23"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// A map file or a folder of maps to open in the app (default: the maps folder).
    pub path: Option<PathBuf>,

    /// Open with editing disabled.
    #[arg(long)]
    pub read_only: bool,

    /// Open the maps as they were at a git revision (a commit, branch,
    /// tag, HEAD~3), read-only.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The maps folder [default: $JOURNEYMAP_DIR, else the platform data folder].
    #[arg(long, global = true, env = "JOURNEYMAP_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The config file [default: config.ron in the platform config folder].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The date to analyse at, YYYY-MM-DD [default: the local date].
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<Date>,

    /// No colours (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,
}

fn parse_today(text: &str) -> Result<Date, String> {
    crate::model::parse_date(text)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check maps and list their findings.
    #[command(
        after_help = "Examples:\n  journeymap check\n  journeymap check maps/acme.ron --today 2026-11-23\n  journeymap check maps --format json --fail-on warning\n  journeymap check maps --sort risk"
    )]
    Check(CheckArgs),
    /// Create a new map from a template.
    #[command(
        after_help = "Examples:\n  journeymap new \"Acme Corp\" --manager \"Dana Ruiz\"\n  journeymap new \"City Library\" --template lifecycle --dir maps"
    )]
    New(NewArgs),
    /// Rewrite maps in the canonical layout.
    #[command(
        after_help = "Examples:\n  journeymap fmt maps\n  journeymap fmt --check maps/acme.ron"
    )]
    Fmt(FmtArgs),
    /// Export maps to Markdown.
    #[command(
        after_help = "Examples:\n  journeymap export maps/acme.ron -o acme.md\n  journeymap export maps -o docs/maps --force"
    )]
    Export(ExportArgs),
    /// Walk through the stages that need attention, read-only.
    #[command(
        after_help = "Examples:\n  journeymap review maps\n  journeymap review maps/acme.ron --as Dana"
    )]
    Review(ReviewArgs),
    /// A map's history from git: its status at each commit that changed it.
    #[command(
        after_help = "Examples:\n  journeymap history maps/acme.ron\n  journeymap history maps/acme.ron --since 2026-06-01 --format json"
    )]
    History(HistoryArgs),
    /// Print the maps folder, config file and state folder.
    #[command(after_help = "Example:\n  journeymap paths")]
    Paths,
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  journeymap completions bash > ~/.local/share/bash-completion/completions/journeymap"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Critical,
    Never,
}

/// The order `check` lists maps in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    /// The order of the paths given (a folder's files by name).
    Path,
    /// Riskiest first: the risk score, then the client name (docs/risk.md).
    Risk,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Map files and folders of maps [default: the maps folder].
    pub paths: Vec<PathBuf>,
    /// text for people, json for scripts (shape in the README).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Exit 1 when a finding is at or above this severity (2 means a file
    /// could not be read or is invalid).
    #[arg(long, value_enum, default_value_t = FailOn::Critical)]
    pub fail_on: FailOn,
    /// The order of the maps: as given, or riskiest first.
    #[arg(long, value_enum, default_value_t = SortBy::Path)]
    pub sort: SortBy,
    /// Check the maps as they were at a git revision (a commit, branch,
    /// tag, HEAD~3) instead of the files on disk.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// The six steps of selling.
    Selling,
    /// Awareness to renewal.
    Lifecycle,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The client's name.
    pub client: String,
    /// The account manager [default: the config's name, else $USER].
    #[arg(long)]
    pub manager: Option<String>,
    /// The stages to start with.
    #[arg(long, value_enum, default_value_t = Template::Selling)]
    pub template: Template,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Map files and folders of maps [default: the maps folder].
    pub paths: Vec<PathBuf>,
    /// Change nothing; exit 1 listing the files that are not canonical.
    #[arg(long)]
    pub check: bool,
    /// Rewrite files that hold comments too (the comments are lost).
    #[arg(long)]
    pub drop_comments: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A map file, or a folder of maps.
    pub path: PathBuf,
    /// Output file (for a map; default stdout) or folder (for a folder).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
    /// Export the maps as they were at a git revision instead of the
    /// files on disk.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// A map file or a folder of maps.
    pub path: Option<PathBuf>,
    /// Your name on review notes [default: the config's name, else $USER].
    #[arg(long = "as", value_name = "NAME")]
    pub as_name: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The map file (in a git repository).
    pub path: PathBuf,
    /// Only the commits dated on or after this day, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub since: Option<Date>,
    /// text for people, json for scripts (shape in docs/history.md).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}
