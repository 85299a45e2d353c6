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
        after_help = "Examples:\n  journeymap review maps\n  journeymap review maps/acme.ron --as Dana\n  journeymap review maps --only at-risk"
    )]
    Review(ReviewArgs),
    /// git's merge driver for maps: merges %B into %A from their base %O.
    #[command(
        name = "merge-driver",
        after_help = "In .git/config (`journeymap git setup` writes it):\n  [merge \"journeymap\"]\n      driver = journeymap merge-driver %O %A %B %L %P\nExit 0: merged cleanly; 1: conflicts left in the map (or, when a side is not a map, git-style markers); 2: an error."
    )]
    MergeDriver(super::merge_driver::MergeDriverArgs),
    /// What do I owe whom, and whom must I call back: open commitments and
    /// call-backs across every map.
    #[command(
        after_help = "Examples:\n  journeymap agenda\n  journeymap agenda maps --owner Dana --days 14\n  journeymap agenda --format ics > promises.ics\n  journeymap agenda --format ics --todo > promises.ics\n  journeymap agenda --format json"
    )]
    Agenda(AgendaArgs),
    /// Log feedback or a commitment on a stage of a map.
    #[command(
        after_help = "Examples:\n  journeymap log maps/acme.ron --stage proposal feedback --method call --score 4 \"Happy with the quote\"\n  journeymap log maps/acme.ron --stage Proposal commitment --owner Dana --due 2026-12-04 \"Send the revised quote\""
    )]
    Log(LogArgs),
    /// Mark an open commitment of a stage kept.
    #[command(
        after_help = "Examples:\n  journeymap done maps/acme.ron --stage proposal \"revised quote\"\n  journeymap done maps/acme.ron --stage proposal quote --on 2026-11-20"
    )]
    Done(DoneArgs),
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
    /// What changed between two maps, one line per fact (exit 0 same, 1 different, 2 error).
    #[command(
        after_help = "Examples:\n  journeymap diff old.ron maps/acme.ron\n  journeymap diff HEAD~1:maps/acme.ron maps/acme.ron\n  journeymap diff main:maps/acme.ron HEAD:maps/acme.ron"
    )]
    Diff(DiffArgs),
    /// Print a map as one line per fact, for git's diff.journeymap.textconv.
    #[command(after_help = "Example:\n  journeymap textconv maps/acme.ron")]
    Textconv(TextconvArgs),
    /// Set up a git repository for maps: merge driver, readable diffs.
    #[command(subcommand)]
    Git(GitCommand),
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
    /// Walk only these stages (the `/` key switches during the review).
    #[arg(long, value_enum, value_name = "WHICH")]
    pub only: Option<ReviewOnly>,
}

/// Which stops a review walks, besides every stage needing attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewOnly {
    /// The stages at risk (critical findings), not those to watch.
    AtRisk,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The map before: a file, or REV:PATH for a version in git (PATH from
    /// the repository's top, or ./PATH from the current folder).
    pub before: String,
    /// The map after, the same way.
    pub after: String,
}

#[derive(Debug, Args)]
pub struct TextconvArgs {
    /// The map file (git passes it).
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Add the merge driver and readable diffs to this repository.
    #[command(
        after_help = "Examples:\n  journeymap git setup\n  journeymap git setup --global\n  journeymap git setup --check"
    )]
    Setup(GitSetupArgs),
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// Set the driver in your own git config (~/.gitconfig), for every repository.
    #[arg(long)]
    pub global: bool,
    /// Change nothing; list what is missing and exit 1 if anything is.
    #[arg(long)]
    pub check: bool,
}

/// How `agenda` writes the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgendaFormat {
    /// For people.
    Text,
    /// For scripts (shape in the README).
    Json,
    /// An iCalendar file (RFC 5545) of the open commitments.
    Ics,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// Map files and folders of maps [default: the maps folder].
    pub paths: Vec<PathBuf>,
    /// Only this person's rows (case-insensitive, part of the name will do).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Call back about stages whose feedback goes stale, or whose grace
    /// period ends, within this many days.
    #[arg(long, value_name = "N", default_value_t = crate::analysis::DEFAULT_CALL_BACK_DAYS,
          value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub days: i64,
    /// text for people, json for scripts, ics for a calendar.
    #[arg(long, value_enum, default_value_t = AgendaFormat::Text)]
    pub format: AgendaFormat,
    /// With --format ics: to-dos (VTODO) instead of all-day events.
    #[arg(long)]
    pub todo: bool,
}

/// Options of `log` and `done` that say which map is changed and how.
#[derive(Debug, Args)]
pub struct EditTarget {
    /// The map file to change.
    pub map: PathBuf,
    /// The stage, by id or by name.
    #[arg(long, global = true, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Save even if the file holds hand-written comments (they are lost).
    #[arg(long, global = true)]
    pub drop_comments: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub target: EditTarget,
    #[command(subcommand)]
    pub what: LogWhat,
}

#[derive(Debug, Subcommand)]
pub enum LogWhat {
    /// What the client told us.
    Feedback(FeedbackArgs),
    /// Something we promised the client.
    Commitment(CommitmentArgs),
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// When it was gathered [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub date: Option<Date>,
    /// How: conversation, call, meeting, survey, email, or other:TEXT.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    pub method: crate::model::Method,
    /// The score the client gave, 1 (worst) to 5 (best).
    #[arg(long, value_name = "1-5", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub score: Option<u8>,
    /// Who gathered it [default: the config's name, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The client seemed to hold back their full view.
    #[arg(long)]
    pub holding_back: bool,
    /// What the client said.
    pub summary: String,
}

#[derive(Debug, Args)]
pub struct CommitmentArgs {
    /// Who promised.
    #[arg(long, value_name = "NAME")]
    pub owner: String,
    /// When we said we would do it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub due: Date,
    /// What we promised.
    pub promise: String,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    #[command(flatten)]
    pub target: EditTarget,
    /// Words of the promise: the one open commitment of the stage that
    /// holds them (case-insensitive) is marked kept.
    pub text: String,
    /// The day it was kept [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub on: Option<Date>,
}

/// A feedback method as typed: one of the fixed names in any case, or
/// `other:TEXT` for the method of that name.
fn parse_method(text: &str) -> Result<crate::model::Method, String> {
    use crate::model::Method;
    let word = text.trim();
    if let Some((head, rest)) = word.split_once(':')
        && head.eq_ignore_ascii_case("other")
        && !rest.trim().is_empty()
    {
        return Ok(Method::Other(rest.trim().into()));
    }
    Method::all()
        .into_iter()
        .find(|m| !matches!(m, Method::Other(_)) && m.to_string().eq_ignore_ascii_case(word))
        .ok_or_else(|| {
            "use conversation, call, meeting, survey, email, or other:TEXT (e.g. other:trade fair)"
                .to_string()
        })
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
