//! `deckhand clips`: each scene's clip cut from its film into the output folder's `clips/`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use super::build::plural;
use super::{Exit, Verbosity, print_diagnostics, print_error};
use crate::diag::Diagnostic;
use crate::output::{CutMode, Ffmpeg, find_ffmpeg};
use crate::pipeline::{self, ClipsOptions, Session};

pub fn clips(paths: &[PathBuf], out: &Path, exact: bool, verbosity: Verbosity) -> Exit {
    let outlines = match pipeline::find_outlines(paths) {
        Ok((outlines, warnings)) => {
            print_diagnostics(&warnings);
            outlines
        }
        Err(error) => {
            print_error(error);
            return Exit::Failure;
        }
    };
    let Some(ffmpeg) = ffmpeg_or_say_why() else {
        return Exit::Failure;
    };
    let options = ClipsOptions {
        out_dir: out.to_path_buf(),
        mode: if exact { CutMode::Exact } else { CutMode::Copy },
        ffmpeg,
    };
    let bar = if verbosity != Verbosity::Quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(1000);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} clip {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let session = Session::default();
    let mut failed = 0;
    let (mut cut, mut current) = (0, 0);
    for path in &outlines {
        let report = pipeline::clips(path, &options, &session, &|p| {
            let whole = (p.clip as f64 + p.done) / p.of.max(1) as f64;
            bar.set_position((whole * 1000.0) as u64);
            bar.set_message(format!("{} of {}", p.clip + 1, p.of));
        });
        bar.suspend(|| {
            print_diagnostics(&report.diagnostics);
            if report.failed() {
                failed += 1;
            }
            if verbosity != Verbosity::Quiet {
                for file in &report.written {
                    out!("cut {}", file.display());
                }
            }
        });
        cut += report.written.len();
        current += report.current.len();
    }
    bar.finish_and_clear();
    if verbosity != Verbosity::Quiet {
        eprintln!(
            "{}, {} cut, {current} already current, {failed} failed",
            plural(outlines.len(), "outline"),
            plural(cut, "clip"),
        );
    }
    if failed > 0 {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// ffmpeg, found and checked; or the problem printed, with how to install it.
pub(super) fn ffmpeg_or_say_why() -> Option<Ffmpeg> {
    match find_ffmpeg() {
        Ok(ffmpeg) => Some(ffmpeg),
        Err(error) => {
            let mut problem = Diagnostic::error(error.to_string());
            for hint in error.hints() {
                problem = problem.with_hint(hint);
            }
            print_diagnostics(&[problem]);
            None
        }
    }
}
