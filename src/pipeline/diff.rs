//! The order of `deckhand diff`: both versions read (files, or files at a
//! git revision) -> validated -> planned -> compared -> the handouts laid
//! out to count their pages -> the review rendered -> written.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Format, find_outlines};
use crate::assets::{self, PreparedStill};
use crate::diag::{self, Diagnostic};
use crate::git::{self, Checkout, RevisionPath};
use crate::outline::{self, Block, Date, Loaded, Spanned, Text};
use crate::output::{self, Names};
use crate::plan::{Audience, Files, PictureFile, Plan, PlanOptions, document_data};
use crate::render::{self, DocumentCache, Images, LayoutBudget, ReviewContext, Target};
use crate::review::{self, BeforeAfter, Review, Version};
use crate::theme::Theme;
use crate::validate::validate;

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

/// One argument of `diff`, read: a file or folder, maybe a revision's.
struct Side {
    path: PathBuf,
    /// Keeps a revision's files until the comparison is done.
    _checkout: Option<Checkout>,
}

impl Side {
    fn open(argument: &str, here: &Path) -> Result<Side, Diagnostic> {
        if let Some(spec) = RevisionPath::parse(argument) {
            let checkout = git::check_out(&spec, here).map_err(|e| e.diagnostic())?;
            return Ok(Side {
                path: checkout.path.clone(),
                _checkout: Some(checkout),
            });
        }
        let path = PathBuf::from(argument);
        if !path.exists() {
            return Err(Diagnostic::error(format!("`{argument}` does not exist"))
                .with_hint("name an outline file, a folder of outlines, or a file at a git revision: `main:decks/x.yaml`"));
        }
        Ok(Side {
            path,
            _checkout: None,
        })
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

/// The outlines to compare: the two files, or the outlines of two folders
/// paired by name (one side empty for an outline only one folder holds).
type Pair = (Option<PathBuf>, Option<PathBuf>);

fn pairs(old: &Path, new: &Path) -> Result<Vec<Pair>, Diagnostic> {
    match (crate::paths::is_folder(old), crate::paths::is_folder(new)) {
        (false, false) => Ok(vec![(Some(old.to_path_buf()), Some(new.to_path_buf()))]),
        (true, true) => {
            let listed = |folder: &Path| {
                find_outlines(&[folder.to_path_buf()])
                    .map(|(found, _)| found)
                    .map_err(|e| Diagnostic::error(e.to_string()))
            };
            let (old_outlines, new_outlines) = (listed(old)?, listed(new)?);
            let name = |p: &PathBuf| p.file_name().map(|n| n.to_os_string());
            let mut found: Vec<Pair> = new_outlines
                .iter()
                .map(|n| {
                    let partner = old_outlines.iter().find(|o| name(o) == name(n));
                    (partner.cloned(), Some(n.clone()))
                })
                .collect();
            for o in &old_outlines {
                if !new_outlines.iter().any(|n| name(n) == name(o)) {
                    found.push((Some(o.clone()), None));
                }
            }
            found.sort_by_key(|(o, n)| n.as_ref().or(o.as_ref()).and_then(name));
            Ok(found)
        }
        _ => Err(Diagnostic::error(format!(
            "`{}` and `{}` are a folder and a file",
            crate::paths::shown(old),
            crate::paths::shown(new)
        ))
        .with_hint("compare two outlines, or two folders of outlines")),
    }
}

/// An outline that one of two compared folders holds, the other not.
fn alone(path: &Path, only_in: OnlyIn) -> Comparison {
    let name = crate::paths::shown(path);
    let (old_name, new_name) = match only_in {
        OnlyIn::Old => (name, String::new()),
        OnlyIn::New => (String::new(), name),
    };
    Comparison {
        old_name,
        new_name,
        only_in: Some(only_in),
        ..Comparison::default()
    }
}

/// One version loaded and checked: its outline, its theme, or its errors.
struct Read {
    loaded: Loaded,
    theme: Cow<'static, Theme>,
}

fn read(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Read> {
    let load = outline::load_file(path);
    let mut problems: Vec<Diagnostic> = load.diagnostics;
    let loaded = load.loaded;
    if let Some(loaded) = &loaded {
        problems.extend(validate(loaded));
    }
    let theme = loaded
        .as_ref()
        .map(assets::resolve_theme)
        .transpose()
        .unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
    problems.retain(Diagnostic::is_error);
    diag::sort(&mut problems);
    let failed = !problems.is_empty();
    diagnostics.extend(problems);
    if failed {
        return None;
    }
    Some(Read {
        loaded: loaded?,
        theme: theme?,
    })
}

/// The files of a comparison's review, and the names they were made under.
type ReviewFiles = (Names, Vec<(PathBuf, Vec<u8>)>);

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
    // Each version's slides as its own theme paginates them. A theme whose
    // `pagination` cannot be read fails that version's build, which says
    // why; its review takes the built-in numbers.
    let whole = |read: &Read| PlanOptions {
        pagination: render::pagination(&read.theme).unwrap_or_default(),
        ..PlanOptions::default()
    };
    let old_plan = Plan::new(&old.loaded.outline, &whole(&old));
    let new_plan = Plan::new(&new.loaded.outline, &whole(&new));
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
        &|a, b| pictures_differ(&old.loaded, a, &new.loaded, b),
    );
    if review.unrelated || !review.has_changes() {
        comparison.review = Some(review);
        return (comparison, None);
    }
    let wants_review = options.out_dir.is_some();
    let stills = if wants_review {
        // The review draws the pictures too; they come from the cache of
        // prepared pictures when the builds made them before.
        let prepare = |loaded: &Loaded, problems: &mut Vec<Diagnostic>| {
            let (pictures, found) = assets::inspect_stills(loaded);
            problems.extend(found);
            let (stills, found) =
                assets::prepare_stills(&pictures, options.cache_folder.as_deref());
            problems.extend(found);
            stills
        };
        let mut problems = Vec::new();
        let old_stills = prepare(&old.loaded, &mut problems);
        let new_stills = prepare(&new.loaded, &mut problems);
        let failed = problems.iter().any(Diagnostic::is_error);
        comparison.diagnostics.extend(problems);
        (!failed).then_some((old_stills, new_stills))
    } else {
        None
    };
    review.handout_pages = handout_pages(&review.timing, &old, &new, options.time_limit);
    let files = match (&options.out_dir, stills) {
        (Some(out_dir), Some((old_stills, new_stills))) => {
            let names = Names::new(out_dir, new_path, None);
            match review_files(
                &review,
                (&old_plan, &old_stills),
                (&new_plan, &new_stills),
                &new,
                &names,
                options,
            ) {
                Ok(files) => Some((names, files)),
                Err(problem) => {
                    comparison.diagnostics.push(problem);
                    None
                }
            }
        }
        _ => None,
    };
    comparison.review = Some(review);
    (comparison, files)
}

/// Whether two blocks' pictures (a still, an image), named alike, are different files.
fn pictures_differ(
    old: &Loaded,
    old_block: &Spanned<Block>,
    new: &Loaded,
    new_block: &Spanned<Block>,
) -> bool {
    let bytes = |loaded: &Loaded, block: &Spanned<Block>| -> Option<Vec<u8>> {
        let written: &Text = match &block.value {
            Block::Scene(scene) => scene.still.as_ref()?,
            Block::Image(image) => &image.src,
            _ => return None,
        };
        let path = loaded
            .root
            .resolve(loaded.folder_of(written.span.file), &written.value)
            .ok()?;
        crate::paths::read(&loaded.root.path, &path, crate::paths::Kind::Picture).ok()
    };
    bytes(old, old_block) != bytes(new, new_block)
}

/// A plan's prepared picture, by the path the outline wrote.
fn picture_of(stills: &[PreparedStill], written: &str) -> Option<PictureFile> {
    stills
        .iter()
        .find(|s| s.written == written)
        .map(|s| PictureFile {
            path: s.virtual_path.clone(),
            card_path: s.card_path.clone(),
            portrait: s.height > s.width,
        })
}

/// The handout's pages before and after, for the outline or each of its
/// variants (as the review's timing lists them): both laid out at once,
/// with stand-ins for the pictures (their shape is all a layout needs).
fn handout_pages(
    timing: &[BeforeAfter],
    old: &Read,
    new: &Read,
    time_limit: Duration,
) -> Vec<BeforeAfter> {
    let (old_stills, new_stills) = (
        assets::still_shapes(&old.loaded),
        assets::still_shapes(&new.loaded),
    );
    let cache = DocumentCache::default();
    let budget = LayoutBudget::default();
    let count = |read: &Read, stills: &[PreparedStill], variant: &Option<String>| {
        let declared = crate::plan::variant_names(&read.loaded.outline);
        let variant = if declared.contains(variant) {
            variant.clone()
        } else {
            None
        };
        let plan = Plan::new(
            &read.loaded.outline,
            &PlanOptions {
                variant,
                pagination: render::pagination(&read.theme).unwrap_or_default(),
                ..PlanOptions::default()
            },
        );
        let context = render::Context {
            fallback_date: Date {
                year: 2000,
                month: 1,
                day: 1,
            },
            handout_pages: None,
            roles_pages: None,
            extra_fonts: &[],
            videos: &[],
            // Only the handouts' page counts are wanted: no PDF is made.
            standard: render::PdfStandard::TaggedOnly,
            images: Images {
                no_pdf: true,
                ..Images::default()
            },
            cache: &cache,
            time_limit,
            budget: &budget,
            name: "",
        };
        render::lay_out(&plan, stills, &read.theme, Target::Handout, &context)
            .ok()
            .map(|laid_out| laid_out.page_count())
            .and_then(|n| u32::try_from(n).ok())
    };
    timing
        .iter()
        .map(|t| {
            let (old_pages, new_pages) = std::thread::scope(|scope| {
                let old_thread = scope.spawn(|| count(old, &old_stills, &t.variant));
                let new_pages = count(new, &new_stills, &t.variant);
                (old_thread.join().ok().flatten(), new_pages)
            });
            BeforeAfter {
                variant: t.variant.clone(),
                old: old_pages,
                new: new_pages,
            }
        })
        .collect()
}

/// The review's files: its PDF, or its pages as PNGs.
fn review_files(
    review: &Review,
    (old_plan, old_stills): (&Plan<'_>, &[PreparedStill]),
    (new_plan, new_stills): (&Plan<'_>, &[PreparedStill]),
    new: &Read,
    names: &Names,
    options: &DiffOptions,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostic> {
    let old_pictures = |written: &str| picture_of(old_stills, written);
    let new_pictures = |written: &str| picture_of(new_stills, written);
    let review_data = review::review_data(review, old_plan, new_plan, &old_pictures, &new_pictures);
    let slide_data = document_data(
        new_plan,
        Audience::Room,
        &Files {
            pictures: &new_pictures,
            videos: &|_, _| None,
        },
    );
    // Through JSON values, whose keys are sorted: the same review gives the same bytes.
    let bytes = |value: serde_json::Result<serde_json::Value>| {
        value
            .and_then(|v| serde_json::to_vec(&v))
            .map_err(|e| Diagnostic::error(format!("cannot make the review's data ({e})")))
    };
    let data = bytes(serde_json::to_value(&slide_data))?;
    let review_json = bytes(serde_json::to_value(&review_data))?;
    let mut all_stills: Vec<PreparedStill> = new_stills.to_vec();
    all_stills.extend(
        old_stills
            .iter()
            .filter(|s| !new_stills.iter().any(|n| n.virtual_path == s.virtual_path))
            .cloned(),
    );
    let font_files = assets::extra_font_files(new.loaded.folder_of(new.loaded.file), &[])
        .map_err(Diagnostic::error)?;
    let fonts = assets::parse_fonts(&font_files);
    let pages = render::render_review(
        &data,
        &review_json,
        &new.theme,
        &all_stills,
        ReviewContext {
            date: new_plan.date.unwrap_or(options.fallback_date),
            extra_fonts: &fonts,
            pages_ppi: (options.format == Format::Png).then_some(options.ppi),
            time_limit: options.time_limit,
        },
    )
    .map_err(|error| match error {
        render::RenderError::ThemeFile { diagnostics, .. } => diagnostics
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("the review template failed")),
        other => Diagnostic::error(other.to_string()),
    })?;
    if options.format == Format::Png {
        let count = pages.pngs.len();
        return Ok(pages
            .pngs
            .into_iter()
            .enumerate()
            .map(|(index, png)| (names.page("review", index, count), png))
            .collect());
    }
    Ok(vec![(names.file("review.pdf"), pages.pdf)])
}
