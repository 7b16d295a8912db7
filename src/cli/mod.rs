//! The command line: parse arguments, run one command, print, choose the exit status.

// Only the command line prints (the `[lints]` table forbids it elsewhere).
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// `println!` that ends quietly when stdout is closed early (`deckhand
/// schema | head -1`): what is left is not wanted, which is no error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod args;
mod build;
mod check;
mod clips;
mod diff;
mod init;
mod new;
mod present;
mod themes;
mod watch;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use crate::diag::{self, Diagnostic};
use crate::limits;
use crate::outline::Date;
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
    limits::on_breach(stop_at_breach);
    match memory_limit() {
        Ok(bytes) => limits::set_memory_limit(bytes),
        Err(error) => {
            print_error(error);
            return ExitCode::from(Exit::Usage as u8);
        }
    }
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
        Command::Present(args) => present::present(&args, verbosity),
        Command::Check {
            paths,
            films,
            font_path,
        } => check::check(&paths, films, &font_path, verbosity),
        Command::Clips { paths, out, exact } => clips::clips(&paths, &out, exact, verbosity),
        Command::Diff(args) => diff::diff(&args, verbosity),
        Command::New { file } => new::new(&file),
        Command::Init { dir } => init::init(&dir),
        Command::Schema {
            template_data,
            project,
            part,
        } => schema(template_data, project, part),
        Command::Themes { action } => themes::themes(action.as_ref()),
        Command::Completions { shell } => completions(shell),
    };
    ExitCode::from(exit as u8)
}

/// `deckhand schema`: the outline's JSON schema, or the project file's
/// (`--project`), a part's (`--part`), or the template data's reference.
fn schema(template_data: bool, project: bool, part: bool) -> Exit {
    if template_data {
        out!("{}", crate::plan::template_data_reference().trim_end());
        return Exit::Success;
    }
    let themes: Vec<&str> = crate::theme::BUILT_IN
        .iter()
        .map(|t| t.name.as_ref())
        .collect();
    let schema = if project {
        crate::outline::project_schema(&themes)
    } else if part {
        crate::outline::part_schema(&themes)
    } else {
        crate::outline::outline_schema(&themes)
    };
    match serde_json::to_string_pretty(&schema) {
        Ok(json) => {
            out!("{json}");
            Exit::Success
        }
        // Never an empty schema that an editor would take as "anything goes".
        Err(error) => {
            eprintln!("error: cannot write the schema as JSON ({error})");
            Exit::Failure
        }
    }
}

/// `deckhand completions SHELL`: the shell's completion script.
fn completions(shell: clap_complete::Shell) -> Exit {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "deckhand", &mut script);
    out!("{}", String::from_utf8_lossy(&script).trim_end());
    Exit::Success
}

/// The heap a run may hold: 1 GiB, or `DECKHAND_MEMORY_LIMIT` MiB.
fn memory_limit() -> Result<usize, String> {
    let Some(value) = std::env::var_os("DECKHAND_MEMORY_LIMIT") else {
        return Ok(limits::DEFAULT_MEMORY_LIMIT);
    };
    let text = value.to_string_lossy();
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|mib| (64..=1 << 20).contains(mib))
        .map(|mib| mib * 1024 * 1024)
        .ok_or_else(|| {
            format!("`DECKHAND_MEMORY_LIMIT={text}` should be a number of MiB from 64 up")
        })
}

/// A theme's code went past a bound: says which and stops, exit 1. Nothing
/// has been written: files are written only after every document rendered.
fn stop_at_breach(breach: limits::Breach) -> ! {
    let problem = match breach {
        limits::Breach::Memory { limit, theme } => {
            let cause = match theme {
                Some(theme) => format!("the theme `{theme}` needs"),
                None => "the build needs".to_string(),
            };
            Diagnostic::error(format!(
                "{cause} more than {} MiB of memory; stopped, nothing written",
                limit / 1024 / 1024
            ))
            .with_hint("a theme's template that makes a huge list or text (a `range` or `repeat` of millions) is the usual cause")
            .with_hint("a very large workshop may set `DECKHAND_MEMORY_LIMIT` (MiB) higher")
        }
        limits::Breach::Time { limit, theme } => Diagnostic::error(format!(
            "the theme `{theme}` took more than {} s to render the documents; stopped, nothing written",
            limit.as_secs()
        ))
        .with_hint("look for a loop in its templates that never ends")
        .with_hint("the documents of a run share this time; `--time-limit SECONDS` allows more"),
    };
    print_diagnostics(&[problem]);
    std::process::exit(Exit::Failure as i32)
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

/// Whether `--revision` is one short line that every document can show;
/// said here, once, without echoing what may be kilobytes of it.
fn revision_is_sound(revision: Option<&str>) -> bool {
    let Some(revision) = revision else {
        return true;
    };
    let problem = crate::validate::version_problem(revision).or_else(|| {
        crate::outline::control_character(revision).map(|c| {
            format!(
                "holds the control character U+{:04X}, which no document can show",
                c as u32
            )
        })
    });
    let Some(problem) = problem else {
        return true;
    };
    print_diagnostics(&[
        Diagnostic::error(format!("`--revision` {problem}")).with_hint(
            "give a short label on one line, like `--revision \"$(git describe --always)\"`",
        ),
    ]);
    false
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
