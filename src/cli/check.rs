//! `deckhand check`: every problem in the outlines, nothing written.

use std::path::PathBuf;

use super::{Exit, Verbosity, print_diagnostics, print_error};
use crate::diag;
use crate::pipeline;

pub fn check(paths: &[PathBuf], films: bool, font_paths: &[PathBuf], verbosity: Verbosity) -> Exit {
    if !super::font_paths_are_folders(font_paths) {
        return Exit::Usage;
    }
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
    let reports: Vec<_> = outlines
        .iter()
        .map(|path| pipeline::check(path, &session, films, font_paths))
        .collect();
    // A library part's problem once, however many outlines include it.
    let problems = diag::once_each(reports.iter().map(|r| r.diagnostics.clone()).collect());
    for (report, problems) in reports.iter().zip(problems) {
        print_diagnostics(&problems);
        failed |= report.failed();
        if verbosity == Verbosity::Verbose {
            super::build::print_project_files(report);
        }
        all.extend(problems);
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
