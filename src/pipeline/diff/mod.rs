//! The order of `deckhand diff`: both versions read (files, or files at a
//! git revision) and checked -> planned -> compared -> the handouts laid out
//! to count their pages -> the review laid out as any document -> exported
//! -> written.

mod documents;
mod versions;

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Format;
use crate::assets;
use crate::diag::Diagnostic;
use crate::export::File;
use crate::outline::Date;
use crate::output::{self, Names};
use crate::plan::{Plan, PlanOptions};
use crate::render;
use crate::review::{self, Review, Version};
use documents::{handout_pages, review_files};
use versions::{Read, Side, alone, pairs, read};

/// What `diff` should make besides the review itself.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// Write each changed outline's review into this folder (`-o`).
    pub out_dir: Option<PathBuf>,
    /// The review as one PDF, or one PNG per page.
    pub format: Format,
    /// Pixels per inch of PNG pages.
    pub ppi: u32,
    /// The review's date when the new version has none.
    pub fallback_date: Date,
    /// How long rendering may take in all: the handouts laid out to count
    /// their pages and the review.
    pub time_limit: Duration,
    /// Where prepared pictures are kept between runs; `None`: not kept.
    pub cache_folder: Option<PathBuf>,
}

/// The two versions of one outline compared.
#[derive(Debug, Default)]
pub struct Comparison {
    /// The old version as the user would name it: `main:decks/x.yaml`.
    pub old_name: String,
    /// The new version as the user would name it.
    pub new_name: String,
    /// What changed, when both versions were read.
    pub review: Option<Review>,
    /// When folders are compared, an outline only one of them holds.
    pub only_in: Option<OnlyIn>,
    /// Problems reading either version (errors only: a version's warnings
    /// are `deckhand check`'s business).
    pub diagnostics: Vec<Diagnostic>,
}

impl Comparison {
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Whether the versions differ.
    pub fn has_changes(&self) -> bool {
        self.only_in.is_some() || self.review.as_ref().is_some_and(Review::has_changes)
    }
}

/// Which of two folders holds an outline the other does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnlyIn {
    Old,
    New,
}

/// Every comparison, and what was written.
#[derive(Debug, Default)]
pub struct DiffReport {
    pub comparisons: Vec<Comparison>,
    /// Problems with the command's two arguments (a revision git does not
    /// know, a folder compared with a file) or with writing.
    pub diagnostics: Vec<Diagnostic>,
    pub written: Vec<PathBuf>,
    /// PNG pages of an earlier, longer review, removed.
    pub removed: Vec<PathBuf>,
}

impl DiffReport {
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
            || self.comparisons.iter().any(Comparison::failed)
    }

    pub fn has_changes(&self) -> bool {
        self.comparisons.iter().any(Comparison::has_changes)
    }
}

/// Compares `old` with `new`: two outlines, or two folders of outlines
/// (matched by file name); either may be `REV:PATH`.
pub fn diff(old: &str, new: &str, options: &DiffOptions) -> DiffReport {
    let mut report = DiffReport::default();
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (old_side, new_side) = match (Side::open(old, &here), Side::open(new, &here)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            report.diagnostics.extend(old.err());
            report.diagnostics.extend(new.err());
            return report;
        }
    };
    let pairs = match pairs(&old_side.path, &new_side.path) {
        Ok(pairs) if pairs.is_empty() => {
            report.diagnostics.push(
                Diagnostic::error(format!("neither `{old}` nor `{new}` holds an outline"))
                    .with_hint("an outline is a `.yaml` or `.yml` file directly in the folder; files and folders starting with `_` are left out"),
            );
            return report;
        }
        Ok(pairs) => pairs,
        Err(problem) => {
            report.diagnostics.push(problem);
            return report;
        }
    };
    let mut files = Vec::new();
    let mut leftover = Vec::new();
    for (old_path, new_path) in pairs {
        let (comparison, review_files) = match (old_path, new_path) {
            (Some(old_path), Some(new_path)) => compare_one(&old_path, &new_path, options),
            (Some(old_path), None) => (alone(&old_path, OnlyIn::Old), None),
            (None, Some(new_path)) => (alone(&new_path, OnlyIn::New), None),
            (None, None) => continue,
        };
        if let Some((names, made)) = review_files {
            if options.format == Format::Png {
                let paths: Vec<PathBuf> = made.iter().map(|(p, _)| p.clone()).collect();
                leftover.extend(output::leftover_pages(&names, "review", &paths));
            }
            files.extend(made);
        }
        report.comparisons.push(comparison);
    }
    if files.is_empty() {
        return report;
    }
    match output::write_all(&files).and_then(|()| output::remove_files(&leftover)) {
        Ok(()) => {
            report.written = files.into_iter().map(|(p, _)| p).collect();
            report.removed = leftover;
        }
        Err(error) => report
            .diagnostics
            .push(Diagnostic::error(error.to_string())),
    }
    report
}

/// The files of a comparison's review, and the names they were made under.
type ReviewFiles = (Names, Vec<File>);

fn compare_one(
    old_path: &Path,
    new_path: &Path,
    options: &DiffOptions,
) -> (Comparison, Option<ReviewFiles>) {
    let mut comparison = Comparison {
        old_name: crate::paths::shown(old_path),
        new_name: crate::paths::shown(new_path),
        ..Comparison::default()
    };
    let old = read(old_path, &mut comparison.diagnostics);
    let new = read(new_path, &mut comparison.diagnostics);
    let (Some(old), Some(new)) = (old, new) else {
        return (comparison, None);
    };
    let old_plan = whole_plan(&old, None);
    let new_plan = whole_plan(&new, None);
    let mut review = review::compare(
        Version {
            name: &comparison.old_name,
            plan: &old_plan,
            file: old.loaded.file,
        },
        Version {
            name: &comparison.new_name,
            plan: &new_plan,
            file: new.loaded.file,
        },
        &|a, b| {
            assets::picture_bytes(&old.loaded, &a.value)
                != assets::picture_bytes(&new.loaded, &b.value)
        },
    );
    if review.unrelated || !review.has_changes() {
        comparison.review = Some(review);
        return (comparison, None);
    }
    review.handout_pages = handout_pages(&review.timing, &old, &new, options);
    let files = options.out_dir.as_ref().and_then(|out_dir| {
        let names = Names::new(out_dir, new_path, None);
        let made = review_files(
            &review,
            (&old, &old_plan),
            (&new, &new_plan),
            &names,
            options,
        );
        match made {
            Ok(files) => Some((names, files)),
            Err(problems) => {
                comparison.diagnostics.extend(problems);
                None
            }
        }
    });
    comparison.review = Some(review);
    (comparison, files)
}

/// A version's plan, of the whole outline or of one of its variants, its
/// slides as its own theme paginates them. A theme whose `pagination`
/// cannot be read fails that version's build, which says why; its review
/// takes the built-in numbers.
fn whole_plan<'a>(read: &'a Read, variant: Option<String>) -> Plan<'a> {
    Plan::new(
        &read.loaded.outline,
        &PlanOptions {
            variant,
            pagination: render::pagination(&read.theme).unwrap_or_default(),
            ..PlanOptions::default()
        },
    )
}
