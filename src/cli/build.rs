//! `deckhand build`: outlines in, PDFs and speaker notes out, or `--check` against them.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::BuildArgs;
use super::{
    Exit, Verbosity, fallback_date, font_paths_are_folders, print_diagnostics, print_error,
};
use crate::diag::Diagnostic;
use crate::pipeline::{self, ClipFiles, Mode, OutlineReport, Session};
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
    let mode = if args.check {
        Mode::Compare
    } else {
        Mode::Write
    };
    let options = match build_options(&args, &outlines, mode) {
        Ok(options) => options,
        Err(exit) => return exit,
    };
    let session = Session::default();
    let collisions = pipeline::colliding_outlines(&outlines, options.variant.as_deref(), &session);
    if !collisions.is_empty() {
        print_diagnostics(&collisions);
        return Exit::Failure;
    }
    let progress = progress_bar(outlines.len(), verbosity);
    let reports = pipeline::build_all(&outlines, &options, mode, &session, &|report| {
        progress.set_message(stem(report));
        progress.inc(1);
    });
    progress.finish_and_clear();

    let tally = print_reports(&reports, args.check, verbosity);
    // A folder build knows every outline: a file in the output folder that
    // none of them makes is left from one removed or renamed.
    let whole_folders = args.documents.paths.iter().all(|path| path.is_dir());
    let orphaned = if args.check && whole_folders {
        print_orphans(&options.out_dir, &outlines)
    } else {
        0
    };
    if verbosity != Verbosity::Quiet {
        let outlines = plural(reports.len(), "outline");
        let seconds = started.elapsed().as_secs_f64();
        if args.check {
            let out_of_date = tally.stale + orphaned;
            eprintln!(
                "{outlines}, {out_of_date} out of date, {} failed, {seconds:.1} s",
                tally.failed
            );
        } else {
            eprintln!(
                "{outlines}, {} files, {} failed, {seconds:.1} s",
                tally.files, tally.failed
            );
        }
    }
    if args.check && tally.stale > 0 {
        eprintln!(
            "help: run `deckhand build` with the same arguments, without --check, and commit the files"
        );
    }
    if tally.failed > 0 || tally.stale > 0 || orphaned > 0 {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// The flags as the pipeline's options, or the exit for flags that do not
/// go together (said on the way); `--clips cut` finds its ffmpeg here.
fn build_options(
    args: &BuildArgs,
    outlines: &[std::path::PathBuf],
    mode: Mode,
) -> Result<pipeline::BuildOptions, Exit> {
    let fallback_date = fallback_date().map_err(|error| {
        print_error(error);
        Exit::Failure
    })?;
    let mut options = args.documents.options(fallback_date);
    if !font_paths_are_folders(&options.font_paths)
        || !super::revision_is_sound(options.revision.as_deref())
    {
        return Err(Exit::Usage);
    }
    if let Some(dir) = &args.emit_typst
        && let Some(problem) = pipeline::emit_folder_problem(dir, outlines)
    {
        print_diagnostics(&[problem]);
        return Err(Exit::Usage);
    }
    options.emit_typst = args.emit_typst.clone();
    const CONTACT_SHEET: &str = "contact-sheet";
    if args.contact_sheet && !options.formats.contains(&CONTACT_SHEET) {
        options.formats.push(CONTACT_SHEET);
    }
    if options.formats.contains(&CONTACT_SHEET) && !options.targets.contains(&DocumentKind::Slides)
    {
        print_error("--contact-sheet shows the slides; add `slides` to --only");
        return Err(Exit::Usage);
    }
    // The cut clips are cut before the slides that play them; `--check` cuts nothing.
    if let (ClipFiles::Cut { ffmpeg }, Mode::Write) = (&mut options.clips, mode) {
        let Some(found) = super::clips::ffmpeg_or_say_why() else {
            return Err(Exit::Failure);
        };
        *ffmpeg = Some(found);
    }
    Ok(options)
}

/// What the builds came to, for the summary line and the exit code.
struct Tally {
    failed: usize,
    files: usize,
    /// Files out of date (`--check`), left-over pages included.
    stale: usize,
}

/// Prints each outline's problems and files, and counts them.
fn print_reports(reports: &[OutlineReport], check: bool, verbosity: Verbosity) -> Tally {
    let mut tally = Tally {
        failed: 0,
        files: 0,
        stale: 0,
    };
    // A library part's problem once, however many outlines include it.
    let problems = crate::diag::once_each(reports.iter().map(|r| r.diagnostics.clone()).collect());
    for (report, problems) in reports.iter().zip(problems) {
        print_diagnostics(&problems);
        if report.failed() {
            tally.failed += 1;
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
        tally.files += report.written.len();
        tally.stale += report.stale.len();
        if check {
            tally.stale += report.leftover.len();
        }
    }
    tally
}

/// Prints the files in `out_dir` that none of `outlines` makes; how many.
fn print_orphans(out_dir: &std::path::Path, outlines: &[std::path::PathBuf]) -> usize {
    let orphans: Vec<Diagnostic> = pipeline::orphans(out_dir, outlines)
        .iter()
        .map(|file| {
            Diagnostic::error(
                "made by an outline that is not among those built (removed or renamed?)",
            )
            .in_path(file.display().to_string())
            .with_hint("delete the file and commit its removal, or put its outline back")
        })
        .collect();
    print_diagnostics(&orphans);
    orphans.len()
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
            // The browser presenter's stills are the only leftovers not pages.
            let still = file
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|name| name == "stills");
            let why = if still {
                "a still the slides no longer show"
            } else {
                "an earlier build had more pages"
            };
            out!("removed {} ({why})", file.display());
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
