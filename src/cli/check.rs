//! `deckhand check`: every problem in the outlines, nothing written.

use std::path::PathBuf;

use super::{Exit, Verbosity, print_diagnostics, print_error, print_report};
use crate::diag;
use crate::pipeline;

pub fn check(paths: &[PathBuf], films: bool, verbosity: Verbosity) -> Exit {
    let (outlines, warnings) = match pipeline::find_outlines(paths) {
        Ok(found) => found,
        Err(error) => {
            print_error(error);
            return Exit::Failure;
        }
    };
    print_diagnostics(&warnings);
    let mut failed = false;
    let mut all = warnings;
    let session = pipeline::Session::default();
    for path in &outlines {
        let report = pipeline::check(path, &session, films);
        failed |= print_report(&report);
        if verbosity == Verbosity::Verbose {
            super::build::print_project_files(&report);
        }
        all.extend(report.diagnostics);
    }
    if verbosity != Verbosity::Quiet {
        eprintln!(
            "checked {} outline{}: {}",
            outlines.len(),
            if outlines.len() == 1 { "" } else { "s" },
            diag::summary(&all)
        );
    }
    if failed { Exit::Failure } else { Exit::Success }
}
