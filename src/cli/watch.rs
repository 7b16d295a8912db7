//! `deckhand watch`: build, then one line per rebuild until Ctrl-C.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::args::DocumentArgs;
use super::build::{plural, print_written, stem};
use super::{Exit, Verbosity, print_diagnostics, print_error};
use crate::diag::{self, Diagnostic};
use crate::pipeline::OutlineReport;
use crate::watch::{self, Event, Round};

pub fn watch(args: &DocumentArgs, verbosity: Verbosity) -> Exit {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    if let Err(error) = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed)) {
        print_error(format!("cannot catch Ctrl-C ({error})"));
        return Exit::Failure;
    }
    let options = match watch_options(args) {
        Ok(options) => options,
        Err(exit) => return exit,
    };
    // The warnings each outline printed last: a rebuild prints only those
    // that are new or changed, and counts the rest.
    let mut warned: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut on_event = |event: Event| match event {
        Event::Round(round) => print_round(&round, &mut warned, verbosity),
        Event::FolderGone(folder) => eprintln!(
            "the folder {} is gone; watching for it to come back",
            folder.display()
        ),
        Event::FolderBack(folder) => eprintln!("the folder {} is back", folder.display()),
    };
    match watch::watch(&args.paths, &options, &stop, &mut on_event) {
        Ok(()) => {
            if verbosity != Verbosity::Quiet {
                eprintln!("stopped watching");
            }
            Exit::Success
        }
        Err(error) => {
            print_error(error);
            Exit::Failure
        }
    }
}

/// The flags as the pipeline's options, or the exit for flags that do not
/// go together (said on the way); `--clips cut` finds its ffmpeg here.
fn watch_options(args: &DocumentArgs) -> Result<crate::pipeline::BuildOptions, Exit> {
    let mut options = match super::fallback_date() {
        Ok(date) => args.options(date),
        Err(error) => {
            print_error(error);
            return Err(Exit::Failure);
        }
    };
    if !super::font_paths_are_folders(&options.font_paths)
        || !super::revision_is_sound(options.revision.as_deref())
    {
        return Err(Exit::Usage);
    }
    if let crate::pipeline::ClipFiles::Cut { ffmpeg } = &mut options.clips {
        let Some(found) = super::clips::ffmpeg_or_say_why() else {
            return Err(Exit::Failure);
        };
        *ffmpeg = Some(found);
    }
    Ok(options)
}

/// One round's problems, files and status line.
fn print_round(
    round: &Round<'_>,
    warned: &mut HashMap<PathBuf, HashSet<String>>,
    verbosity: Verbosity,
) {
    let mut failed = Vec::new();
    for report in round.reports {
        print_new_problems(report, warned);
        if report.failed() {
            failed.push(stem(report));
        }
        if verbosity == Verbosity::Verbose || !round.rebuild {
            print_written(report, verbosity);
        }
    }
    if verbosity == Verbosity::Quiet && failed.is_empty() {
        return;
    }
    let names: Vec<String> = round.reports.iter().map(stem).collect();
    let verb = if round.rebuild { "rebuilt" } else { "built" };
    let took = round.took.as_millis();
    if failed.is_empty() {
        eprintln!("{verb} {} in {took} ms", names.join(", "));
    } else {
        eprintln!(
            "{} failed in {took} ms; the last good files are kept",
            failed.join(", ")
        );
    }
    if !round.rebuild {
        eprintln!(
            "watching {} for changes; press Ctrl-C to stop",
            plural(round.reports.len(), "outline")
        );
    }
}

/// Prints an outline's errors and the warnings it did not print last
/// round; the others are counted.
fn print_new_problems(report: &OutlineReport, warned: &mut HashMap<PathBuf, HashSet<String>>) {
    let rendered: HashSet<String> = report
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| diag::render(d, false))
        .collect();
    let before = warned
        .insert(report.path.clone(), rendered)
        .unwrap_or_default();
    let (again, new): (Vec<&Diagnostic>, Vec<&Diagnostic>) = report
        .diagnostics
        .iter()
        .partition(|d| !d.is_error() && before.contains(&diag::render(d, false)));
    print_diagnostics(&new.into_iter().cloned().collect::<Vec<_>>());
    if !again.is_empty() {
        eprintln!(
            "{}: {} as before",
            report.path.display(),
            plural(again.len(), "warning")
        );
    }
}
