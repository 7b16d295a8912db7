//! The command line: parse arguments, run one command, print, choose the exit status.

mod args;
mod build;
mod check;
mod init;
mod new;
mod themes;
mod watch;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use crate::diag::{self, Diagnostic};
use crate::outline::Date;
use crate::pipeline::OutlineReport;
pub use args::Cli;
use args::Command;

/// How a run ended, mapped to the process's exit status in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Failure = 1,
    Usage = 2,
}

/// How much the commands print besides problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Runs the command line and returns the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                Exit::Usage as u8
            } else {
                Exit::Success as u8
            });
        }
    };
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let exit = match cli.command {
        Command::Build(args) => build::build(args, verbosity),
        Command::Watch(args) => watch::watch(&args, verbosity),
        Command::Check { paths } => check::check(&paths, verbosity),
        Command::New { file } => new::new(&file),
        Command::Init { dir } => init::init(&dir),
        Command::Schema {
            template_data,
            project,
            part,
        } => {
            let schema = if template_data {
                print!("{}", crate::plan::template_data_reference());
                return ExitCode::from(Exit::Success as u8);
            } else if project {
                crate::outline::project_schema()
            } else if part {
                crate::outline::part_schema()
            } else {
                crate::outline::outline_schema().to_value()
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            Exit::Success
        }
        Command::Themes { action } => themes::themes(action.as_ref()),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "deckhand", &mut std::io::stdout());
            Exit::Success
        }
    };
    ExitCode::from(exit as u8)
}

/// The PDFs' date when an outline has none: `SOURCE_DATE_EPOCH` (seconds
/// since 1970, as reproducible-build tools set it), else 2000-01-01; never
/// the wall clock. A value that is no such date is an error, not a silent
/// other date.
fn fallback_date() -> Result<Date, String> {
    let default = Date {
        year: 2000,
        month: 1,
        day: 1,
    };
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(default);
    };
    let text = value.to_string_lossy();
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|seconds| Date::from_unix_days(seconds.div_euclid(86_400)))
        .ok_or_else(|| {
            format!(
                "`SOURCE_DATE_EPOCH={text}` is not a date deckhand can use: it should be the seconds since 1970 of a day in the years 1000 to 9999"
            )
        })
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Whether every `--font-path` is a folder; each that is not is reported
/// once here, rather than once for every outline.
fn font_paths_are_folders(paths: &[std::path::PathBuf]) -> bool {
    let problems: Vec<Diagnostic> = paths
        .iter()
        .filter(|path| !path.is_dir())
        .map(|path| {
            Diagnostic::error(format!(
                "the font folder `{}` does not exist or is not a folder",
                path.display()
            ))
            .with_hint("`--font-path` names a folder of `.ttf`, `.otf` or `.ttc` files")
        })
        .collect();
    print_diagnostics(&problems);
    problems.is_empty()
}

/// A problem of the environment or the command line (no file, no line),
/// printed like every other problem.
fn print_error(message: impl std::fmt::Display) {
    print_diagnostics(&[Diagnostic::error(message.to_string())]);
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = color();
    for diagnostic in diagnostics {
        eprint!("{}", diag::render(diagnostic, color));
    }
}

/// Prints a report's problems; true when the outline failed.
fn print_report(report: &OutlineReport) -> bool {
    print_diagnostics(&report.diagnostics);
    report.failed()
}
