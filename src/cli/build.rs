//! `deckhand build`: outlines in, PDFs and speaker notes out, or `--check` against them.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::BuildArgs;
use super::{
    Exit, Verbosity, fallback_date, font_paths_are_folders, print_diagnostics, print_error,
    print_report,
};
use crate::diag::Diagnostic;
use crate::outline::Date;
use crate::pipeline::{self, BuildOptions, Mode, OutlineReport, Session};
use crate::plan::DocumentKind;

pub fn build(args: BuildArgs, verbosity: Verbosity) -> Exit {
    let started = Instant::now();
    let outlines = match pipeline::find_outlines(&args.documents.paths) {
        Ok((outlines, warnings)) => {
            print_diagnostics(&warnings);
            outlines
        }
        Err(error) => {
            print_error(error);
            return Exit::Failure;
        }
    };
    let collisions = pipeline::colliding_outlines(&outlines);
    if !collisions.is_empty() {
        print_diagnostics(&collisions);
        return Exit::Failure;
    }
    let fallback_date = match fallback_date() {
        Ok(date) => date,
        Err(error) => {
            print_error(error);
            return Exit::Failure;
        }
    };
    let Some(options) = build_options(&args, fallback_date) else {
        return Exit::Usage;
    };
    let mode = if args.check {
        Mode::Compare
    } else {
        Mode::Write
    };
    let progress = progress_bar(outlines.len(), verbosity);
    let session = Session::default();
    let reports = pipeline::build_all(&outlines, &options, mode, &session, &|report| {
        progress.set_message(stem(report));
        progress.inc(1);
    });
    progress.finish_and_clear();

    let (failed, files, stale) = print_reports(&reports, args.check, verbosity);
    if verbosity != Verbosity::Quiet {
        let outlines = plural(reports.len(), "outline");
        let seconds = started.elapsed().as_secs_f64();
        if args.check {
            eprintln!("{outlines}, {stale} out of date, {failed} failed, {seconds:.1} s");
        } else {
            eprintln!("{outlines}, {files} files, {failed} failed, {seconds:.1} s");
        }
    }
    if args.check && stale > 0 {
        eprintln!(
            "help: run `deckhand build` with the same arguments, without --check, and commit the files"
        );
    }
    if failed > 0 || stale > 0 {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// The options of `build` from its arguments; `None` when they cannot go
/// together (the reason printed).
fn build_options(args: &BuildArgs, fallback_date: Date) -> Option<BuildOptions> {
    let mut options = args.documents.options(fallback_date);
    if !font_paths_are_folders(&options.font_paths) {
        return None;
    }
    options.emit_typst = args.emit_typst.clone();
    const CONTACT_SHEET: &str = "contact-sheet";
    if args.contact_sheet && !options.formats.contains(&CONTACT_SHEET) {
        options.formats.push(CONTACT_SHEET);
    }
    if options.formats.contains(&CONTACT_SHEET) && !options.targets.contains(&DocumentKind::Slides)
    {
        print_error("--contact-sheet shows the slides; add `slides` to --only");
        return None;
    }
    Some(options)
}

/// Prints each outline's problems and files; how many outlines failed,
/// how many files were written and how many are out of date (`check`).
fn print_reports(
    reports: &[OutlineReport],
    check: bool,
    verbosity: Verbosity,
) -> (usize, usize, usize) {
    let mut failed = 0;
    let mut files = 0;
    let mut stale = 0;
    for report in reports {
        if print_report(report) {
            failed += 1;
        }
        print_written(report, verbosity);
        let out_of_date: Vec<Diagnostic> = report
            .stale
            .iter()
            .map(|file| {
                Diagnostic::error(format!("out of date with {}", report.path.display()))
                    .in_path(file.display().to_string())
            })
            .collect();
        print_diagnostics(&out_of_date);
        if check {
            let leftover: Vec<Diagnostic> = report
                .leftover
                .iter()
                .map(|file| {
                    Diagnostic::error(format!(
                        "left over from an earlier build of {} with more pages",
                        report.path.display()
                    ))
                    .in_path(file.display().to_string())
                })
                .collect();
            print_diagnostics(&leftover);
        }
        files += report.written.len();
        stale += report.stale.len();
        if check {
            stale += report.leftover.len();
        }
    }
    (failed, files, stale)
}

/// A progress bar on a terminal; a hidden one when output goes to a file or a pipe.
fn progress_bar(outlines: usize, verbosity: Verbosity) -> ProgressBar {
    if verbosity == Verbosity::Quiet || outlines < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(outlines as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} outlines  {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Lists what a build wrote and, when verbose, what it read and how long each document took.
pub(super) fn print_written(report: &OutlineReport, verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    for file in &report.written {
        out!("wrote {}", file.display());
    }
    // Removed only by a build that wrote (not by `--check`).
    if !report.written.is_empty() {
        for file in &report.leftover {
            out!(
                "removed {} (an earlier build had more pages)",
                file.display()
            );
        }
    }
    if verbosity == Verbosity::Verbose {
        print_project_files(report);
        for (name, took) in &report.timings {
            eprintln!(
                "{}: {name} rendered in {} ms",
                report.path.display(),
                took.as_millis()
            );
        }
        for input in &report.inputs {
            eprintln!("{}: read {}", report.path.display(), input.display());
        }
    }
}

/// Which project file an outline uses, and those further up it does not.
pub(super) fn print_project_files(report: &OutlineReport) {
    let Some(used) = &report.project_file else {
        return;
    };
    let outline = report.path.display();
    eprintln!("{outline}: project file {}", used.display());
    for ignored in &report.ignored_project_files {
        eprintln!(
            "{outline}: {} is further up and not used: the nearest project file wins",
            ignored.display()
        );
    }
}

pub(super) fn stem(report: &OutlineReport) -> String {
    report
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
