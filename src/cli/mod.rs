//! The command-line front end: parsing arguments and running commands.
//! Each command lives in its own file with a `run` function.

mod agenda;
mod app;
pub mod args;
mod at;
mod check;
mod diff;
mod done;
mod edit_map;
mod export;
mod fmt;
mod git_setup;
mod history;
mod inputs;
mod log;
mod merge_driver;
mod new;
mod paths;
mod review;
mod style;
mod suggest;
mod textconv;

use std::path::PathBuf;
use std::process::ExitCode;

use jiff::civil::Date;

pub use args::Cli;
use args::{Command, GlobalArgs};

use crate::config::Config;
use crate::storage::folders;
use crate::text::safe;

/// What every command needs: settings, folders and the date to work at.
#[derive(Debug, Clone)]
pub struct Context {
    pub global: GlobalArgs,
    pub config: Config,
    pub config_path: PathBuf,
    pub maps_dir: PathBuf,
    /// `--today`, else the local date: the only place the clock is read.
    pub today: Date,
    /// Colours on: stdout is a terminal, no `--no-color`, no `NO_COLOR`.
    pub color: bool,
}

impl Context {
    pub fn new(global: GlobalArgs) -> anyhow::Result<Self> {
        let (config, config_path) = Config::load(global.config.as_deref())?;
        let maps_dir = folders::maps_dir(global.dir.as_deref());
        let today = global.today.unwrap_or_else(|| jiff::Zoned::now().date());
        let color = !global.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::IsTerminal::is_terminal(&std::io::stdout());
        Ok(Context {
            global,
            config,
            config_path,
            maps_dir,
            today,
            color,
        })
    }

    /// The name to sign review notes and locks with: the config's, else
    /// `$USER`, else "someone".
    pub fn user_name(&self) -> String {
        self.config
            .name
            .clone()
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "someone".to_string())
    }
}

/// Parses the command line, or prints why it cannot and gives the exit
/// code. clap's messages quote what was typed, and in a terminal clap
/// writes them raw (an OSC in an argument would set the window title), so
/// its errors go through the one sanitiser, without colour. Help and
/// version hold none of the arguments and print as clap prints them.
pub fn parse_args() -> Result<Cli, ExitCode> {
    use clap::{CommandFactory, Parser};
    let e = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => e,
    };
    // The same error again from a command without styles, so that its
    // text holds what was typed as typed (clap's own plain rendering
    // strips escape sequences, hiding that they were there), for the
    // sanitiser to show.
    let plain = Cli::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches_from(std::env::args_os())
        .err()
        .map(|plain| plain.render().ansi().to_string())
        .unwrap_or_else(|| e.render().to_string());
    style::eprint(plain.trim_end());
    Err(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
}

/// Prints the error that ended a command, with its causes, for people.
pub fn print_error(e: &anyhow::Error) {
    style::eprint(&format!("journeymap: {e:#}"));
}

/// Runs the parsed command line; the exit code follows each command's
/// documented contract.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // clap lets the app's PATH and --read-only stand before a command (it
    // must, so that global options like --config may come first); they
    // mean nothing there, and `journeymap maps check` silently checking
    // the default folder would mislead.
    if cli.command.is_some() {
        if let Some(path) = &cli.path {
            anyhow::bail!(
                "`{path}` comes before the command: name paths after it, e.g. `journeymap check {path}`",
                path = safe::path(path),
            );
        }
        if cli.read_only {
            anyhow::bail!("--read-only applies only to the app, not to commands");
        }
        if cli.at.is_some() {
            anyhow::bail!("--at comes after the command: e.g. `journeymap check --at HEAD~1`");
        }
    }
    // These work without loading the config: `paths` is what people run
    // to find a config file that does not load, and git runs `textconv`
    // and `diff` where a broken config must not break `git diff`.
    match &cli.command {
        Some(Command::Completions { shell }) => return paths::completions(*shell),
        Some(Command::Paths) => return paths::run(&cli.global),
        Some(Command::Textconv(args)) => return textconv::run(args),
        Some(Command::Diff(args)) => return diff::run(args),
        Some(Command::Git(args::GitCommand::Setup(args))) => return git_setup::run(args),
        // git runs it mid-merge: no config or maps folder is needed, and a
        // broken config must not break merges.
        Some(Command::MergeDriver(args)) => return merge_driver::run(args),
        _ => {}
    }
    if cli.command.is_none()
        && let Some(command) = cli.path.as_deref().and_then(suggest::mistyped_command)
    {
        anyhow::bail!(
            "`{}` is neither a command nor a file or folder; did you mean `journeymap {command}`? (`journeymap --help` lists the commands)",
            cli.path.as_deref().map(safe::path).unwrap_or_default(),
        );
    }
    let ctx = Context::new(cli.global.clone())?;
    match cli.command {
        None => app::run(&ctx, cli.path, cli.read_only, cli.at.as_deref()),
        Some(Command::Check(args)) => check::run(&ctx, args),
        Some(Command::New(args)) => new::run(&ctx, args),
        Some(Command::Fmt(args)) => fmt::run(&ctx, args),
        Some(Command::Export(args)) => export::run(&ctx, args),
        Some(Command::Review(args)) => review::run(&ctx, args),
        Some(Command::Agenda(args)) => agenda::run(&ctx, args),
        Some(Command::Log(args)) => log::run(&ctx, args),
        Some(Command::Done(args)) => done::run(&ctx, args),
        Some(Command::History(args)) => history::run(&ctx, args),
        Some(Command::Paths) => paths::run(&ctx.global),
        Some(Command::MergeDriver(args)) => merge_driver::run(&args),
        Some(Command::Completions { shell }) => paths::completions(shell),
        Some(Command::Textconv(args)) => textconv::run(&args),
        Some(Command::Diff(args)) => diff::run(&args),
        Some(Command::Git(args::GitCommand::Setup(args))) => git_setup::run(&args),
    }
}
