//! The command line: parse arguments, run one command, print, choose the exit status.

mod args;
mod build;
mod check;
mod new;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use crate::diag::{self, Diagnostic};
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
    let exit = match cli.command {
        Command::Build(args) => build::build(args),
        Command::Check { paths } => check::check(&paths),
        Command::New { file } => new::new(&file),
        Command::Schema => {
            let schema = schemars::schema_for!(crate::outline::Outline);
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            Exit::Success
        }
        Command::Themes => {
            for theme in &crate::theme::BUILT_IN {
                println!("{:<10} {}", theme.name, theme.description);
            }
            Exit::Success
        }
    };
    ExitCode::from(exit as u8)
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = color();
    for diagnostic in diagnostics {
        eprint!("{}", diag::render(diagnostic, color));
    }
}

/// Prints a report's problems and failure; true when the outline failed.
fn print_report(report: &OutlineReport) -> bool {
    print_diagnostics(&report.diagnostics);
    if let Some(failure) = &report.failure {
        eprintln!("{}: error: {failure}", report.path.display());
    }
    report.failed()
}
