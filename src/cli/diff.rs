//! `deckhand diff`: what changed between two versions of an outline, as a
//! summary on stdout and, with `-o`, a review of the changed slides.

use serde::Serialize;

use super::args::{DiffArgs, DiffFormatArg};
use super::{Exit, Verbosity, fallback_date, print_diagnostics, print_error};
use crate::pipeline::{self, Comparison, DiffOptions, Format, OnlyIn};
use crate::review::{self, Review, Style};

/// How the summary is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Summary {
    Written(Style),
    Json,
}

pub fn diff(args: &DiffArgs, verbosity: Verbosity) -> Exit {
    let (summary, format) = match formats(&args.format) {
        Ok(chosen) => chosen,
        Err(problem) => {
            print_error(problem);
            return Exit::Usage;
        }
    };
    if args.out.is_none()
        && args
            .format
            .iter()
            .any(|f| matches!(f, DiffFormatArg::Pdf | DiffFormatArg::Png))
    {
        print_diagnostics(&[crate::diag::Diagnostic::error(
            "`--format pdf` and `--format png` are the review's, which is made only with `-o`",
        )
        .with_hint("add `-o DIR` to write the review into DIR")]);
        return Exit::Usage;
    }
    let fallback_date = match fallback_date() {
        Ok(date) => date,
        Err(error) => {
            print_error(error);
            return Exit::Failure;
        }
    };
    let options = DiffOptions {
        out_dir: args.out.clone(),
        format,
        ppi: args.ppi,
        fallback_date,
        time_limit: std::time::Duration::from_secs(args.time_limit),
        cache_folder: crate::output::cache_folder(),
    };
    let report = pipeline::diff(&args.old, &args.new, &options);
    print_diagnostics(&report.diagnostics);
    for comparison in &report.comparisons {
        print_diagnostics(&comparison.diagnostics);
    }
    match summary {
        Summary::Json => print_json(&report.comparisons),
        Summary::Written(style) => print_summaries(&report.comparisons, style),
    }
    if verbosity != Verbosity::Quiet {
        for file in &report.written {
            eprintln!("wrote {}", file.display());
        }
        for file in &report.removed {
            eprintln!(
                "removed {} (an earlier review had more pages)",
                file.display()
            );
        }
        if args.out.is_some() && report.written.is_empty() && !report.failed() {
            if report.has_changes() {
                // Two different workshops, or an outline in one folder only.
                eprintln!("no review written: no outline could be compared slide by slide");
            } else {
                eprintln!("no review written: nothing changed");
            }
        }
    }
    // With `--exit-code`, as with `git diff`, 1 also says "they differ".
    if report.failed() || (args.exit_code && report.has_changes()) {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// The summary's style and the review's format from `--format`: at most one of each.
fn formats(asked: &[DiffFormatArg]) -> Result<(Summary, Format), String> {
    let mut summary = None;
    let mut format = None;
    for &arg in asked {
        let (slot, value): (&mut Option<_>, _) = match arg {
            DiffFormatArg::Markdown => (&mut summary, Some(Summary::Written(Style::Markdown))),
            DiffFormatArg::Text => (&mut summary, Some(Summary::Written(Style::Text))),
            DiffFormatArg::Json => (&mut summary, Some(Summary::Json)),
            DiffFormatArg::Pdf => {
                if format
                    .replace(Format::Pdf)
                    .is_some_and(|f| f != Format::Pdf)
                {
                    return Err(
                        "`--format` names both `pdf` and `png`; choose one for the review".into(),
                    );
                }
                continue;
            }
            DiffFormatArg::Png => {
                if format
                    .replace(Format::Png)
                    .is_some_and(|f| f != Format::Png)
                {
                    return Err(
                        "`--format` names both `pdf` and `png`; choose one for the review".into(),
                    );
                }
                continue;
            }
        };
        if slot.is_some() && *slot != value {
            return Err(
                "`--format` names two summaries; choose one of `markdown`, `text` and `json`"
                    .into(),
            );
        }
        *slot = value;
    }
    Ok((
        summary.unwrap_or(Summary::Written(Style::Markdown)),
        format.unwrap_or(Format::Pdf),
    ))
}

/// Each outline's summary; outlines without changes, when several were
/// compared, in one line at the end.
fn print_summaries(comparisons: &[Comparison], style: Style) {
    let several = comparisons.len() > 1;
    let mut unchanged = Vec::new();
    let mut printed = false;
    for comparison in comparisons {
        if several && !comparison.has_changes() && !comparison.failed() {
            unchanged.push(comparison.new_name.clone());
            continue;
        }
        let text = match (&comparison.review, comparison.only_in) {
            (_, Some(only_in)) => alone(comparison, only_in, style),
            (Some(review), None) => review::summary(review, style),
            (None, None) => continue,
        };
        if printed {
            out!();
        }
        out!("{}", text.trim_end());
        printed = true;
    }
    if !unchanged.is_empty() {
        if printed {
            out!();
        }
        let names: Vec<String> = unchanged
            .iter()
            .map(|n| match style {
                Style::Markdown => format!("`{n}`"),
                Style::Text => n.clone(),
            })
            .collect();
        out!("Unchanged: {}", names.join(", "));
    }
}

/// An outline only one folder holds.
fn alone(comparison: &Comparison, only_in: OnlyIn, style: Style) -> String {
    let (name, words) = match only_in {
        OnlyIn::New => (&comparison.new_name, "A new outline."),
        OnlyIn::Old => (
            &comparison.old_name,
            "Removed: the new version has no such outline.",
        ),
    };
    match style {
        Style::Markdown => format!("## `{name}`\n\n{words}\n"),
        Style::Text => format!("{name}\n{words}\n"),
    }
}

/// One comparison for tools.
#[derive(Serialize)]
struct JsonComparison<'a> {
    old: &'a str,
    new: &'a str,
    /// `old` or `new` for an outline only one folder holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    only_in: Option<&'static str>,
    changed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a Review>,
}

fn print_json(comparisons: &[Comparison]) {
    let list: Vec<JsonComparison> = comparisons
        .iter()
        .filter(|c| !c.failed())
        .map(|c| JsonComparison {
            old: &c.old_name,
            new: &c.new_name,
            only_in: c.only_in.map(|o| match o {
                OnlyIn::Old => "old",
                OnlyIn::New => "new",
            }),
            changed: c.has_changes(),
            review: c.review.as_ref(),
        })
        .collect();
    match serde_json::to_string_pretty(&list) {
        Ok(json) => out!("{json}"),
        // Never an empty summary that a script would read as "no changes".
        Err(error) => eprintln!("error: cannot write the summary as JSON ({error})"),
    }
}
