//! The only place that knows the order: load -> validate -> plan -> assets -> render -> output.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::assets::{self, Videos};
use crate::diag::{self, Diagnostic};
use crate::outline::{self, Date, Loaded, Paper};
use crate::output::{self, Names};
use crate::parallel::parallel_map;
use crate::plan::{Plan, PlanOptions, variant_names};
use crate::render::{self, DocumentCache, Rendered, Target};
use crate::theme::Theme;
use crate::validate::validate;

mod diff;
pub use diff::{Comparison, DiffOptions, DiffReport, OnlyIn, diff};

/// What `build` should make.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub out_dir: PathBuf,
    pub targets: Vec<Target>,
    /// Overrides the outline's `handout.paper`.
    pub paper: Option<Paper>,
    /// Also write a standalone Typst project of the documents to this folder.
    pub emit_typst: Option<PathBuf>,
    /// Folders of fonts used in addition to the bundled ones and the outline's `fonts/`.
    pub font_paths: Vec<PathBuf>,
    /// PDFs, or one PNG per page.
    pub format: Format,
    /// Pixels per inch of PNG pages.
    pub ppi: u32,
    /// Also write the slides as one image of thumbnails, `<stem>-contact.png`.
    pub contact_sheet: bool,
    /// Build only this variant of outlines that have variants.
    pub variant: Option<String>,
    /// Printed beside the outline's `version`.
    pub revision: Option<String>,
    /// The PDFs' date when an outline has none.
    pub fallback_date: Date,
    /// How long one document may take to render.
    pub time_limit: Duration,
    /// Where prepared pictures are kept between runs; `None`: not kept (`--no-cache`).
    pub cache_folder: Option<PathBuf>,
    /// The folder the slides' links to films are relative to, instead of
    /// `out_dir` (for slides and films copied elsewhere together).
    pub clips_relative_to: Option<PathBuf>,
    /// PDF/UA-1 (and PDF/A-2a), or no standard.
    pub pdf_standard: render::PdfStandard,
}

/// The kind of files a build writes for each document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One PDF per document, and speaker notes (pdfpc) for the slides.
    #[default]
    Pdf,
    /// One PNG per page: `<stem>-slides-01.png`, …
    Png,
}

/// The default resolution of PNG pages: a 16:9 slide at 144 ppi is 1920 × 1080.
pub const DEFAULT_PPI: u32 = 144;

/// Whether a build writes its files or only compares them with what is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// Writes nothing; files that differ go to [`OutlineReport::stale`].
    Compare,
}

/// What is kept from one build to the next: `watch` keeps it between rounds.
#[derive(Debug, Default)]
pub struct Session {
    documents: DocumentCache,
    /// The files read in this round: a shared library file is read once.
    sources: outline::Sources,
}

/// The outcome for one outline: its problems, and what was written or read.
#[derive(Debug, Default)]
pub struct OutlineReport {
    pub path: PathBuf,
    /// Every problem, the environment's (with no line) included.
    pub diagnostics: Vec<Diagnostic>,
    pub written: Vec<PathBuf>,
    /// In [`Mode::Compare`], the output files that are missing or differ.
    pub stale: Vec<PathBuf>,
    /// Page images of an earlier, longer build: removed in [`Mode::Write`],
    /// reported in [`Mode::Compare`].
    pub leftover: Vec<PathBuf>,
    /// Every file the build read, for `watch`.
    pub inputs: Vec<PathBuf>,
    /// How long each document took to render, by the name of its files.
    pub timings: Vec<(String, Duration)>,
    /// The project file used, if any.
    pub project_file: Option<PathBuf>,
    /// Project files further up than the one used.
    pub ignored_project_files: Vec<PathBuf>,
}

impl OutlineReport {
    fn new(path: &Path) -> Self {
        OutlineReport {
            path: path.to_path_buf(),
            ..OutlineReport::default()
        }
    }

    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// A failure of the environment (a disk, a folder), about the outline as a whole.
    fn fail(&mut self, message: impl std::fmt::Display) {
        self.diagnostics
            .push(Diagnostic::error(message.to_string()).in_path(self.path.display().to_string()));
    }
}

/// Failures of the environment when finding outlines.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("`{0}` is neither an outline (`.yaml`, `.yml`) nor a folder")]
    NotAnOutline(String),
    #[error("cannot list the folder `{path}` ({source})")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Expands folders into the outlines they hold, sorted by name, each once,
/// with a warning for each folder that holds none. A folder build leaves
/// out the project file and what starts with `_` (a library of included
/// parts).
pub fn find_outlines(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), FindError> {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|source| FindError::Folder {
                path: path.display().to_string(),
                source,
            })?;
            let mut outlines: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_outline(p) && !is_left_out_of_folders(p))
                .collect();
            if outlines.is_empty() {
                warnings.push(
                    Diagnostic::warning("this folder holds no outline")
                        .in_path(path.display().to_string())
                        .with_hint("an outline is a `.yaml` or `.yml` file directly in the folder; files and folders starting with `_` are left out"),
                );
            }
            outlines.sort();
            found.extend(outlines);
        } else if is_outline(path) || path.is_file() {
            found.push(path.clone());
        } else {
            return Err(FindError::NotAnOutline(path.display().to_string()));
        }
    }
    let mut seen = HashSet::new();
    found.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    Ok((found, warnings))
}

/// An error for each set of outlines whose files would have the same names
/// in one output folder (`a/x.yaml` and `b/x.yaml`, `x.yaml` and `x.yml`).
pub fn colliding_outlines(outlines: &[PathBuf]) -> Vec<Diagnostic> {
    let mut by_stem: std::collections::BTreeMap<String, Vec<&PathBuf>> = Default::default();
    for outline in outlines {
        by_stem
            .entry(output::stem(outline))
            .or_default()
            .push(outline);
    }
    by_stem
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|(stem, paths)| {
            let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
            Diagnostic::error(format!(
                "{} would write the same files (`{stem}-slides.pdf`, …)",
                names.join(" and ")
            ))
            .with_hint("rename one of them, or build them into different folders with `-o`")
        })
        .collect()
}

fn is_outline(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn is_left_out_of_folders(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.starts_with('_') || name == outline::PROJECT_FILE
}

/// An outline loaded and checked, with what every variant's build needs.
struct Checked {
    loaded: Loaded,
    theme: Cow<'static, Theme>,
    pictures: assets::Pictures,
    videos: Videos,
}

/// Load, validate, the theme and the pictures: every problem of the outline.
fn load_and_check(path: &Path, report: &mut OutlineReport, session: &Session) -> Option<Checked> {
    let load = outline::load_file_with(path, &session.sources);
    report.inputs.extend(load.inputs);
    report.diagnostics.extend(load.diagnostics);
    report.project_file = load.project_file;
    report.ignored_project_files = load.ignored_project_files;
    let loaded = load.loaded?;
    report.diagnostics.extend(validate(&loaded));
    let theme = match assets::resolve_theme(&loaded) {
        Ok(theme) => {
            report.inputs.extend(theme.disk_paths());
            Some(theme)
        }
        Err(problem) => {
            report.diagnostics.push(problem);
            None
        }
    };
    let (pictures, problems) = assets::inspect_stills(&loaded);
    report.diagnostics.extend(problems);
    report
        .inputs
        .extend(pictures.paths().map(Path::to_path_buf));
    let (videos, problems) = assets::check_videos(&loaded);
    report.diagnostics.extend(problems);
    report.inputs.extend(videos.iter().map(|v| v.path.clone()));
    for variant in variant_names(&loaded.outline) {
        let plan = Plan::new(
            &loaded.outline,
            &PlanOptions {
                variant,
                ..PlanOptions::default()
            },
        );
        report
            .diagnostics
            .extend(plan.timing_warning().map(|d| loaded.locate(d)));
    }
    diag::sort(&mut report.diagnostics);
    // A file included twice would say each of its problems twice.
    report.diagnostics.dedup();
    if report.failed() {
        return None;
    }
    Some(Checked {
        loaded,
        pictures,
        theme: theme?,
        videos,
    })
}

/// Loads and checks one outline, every variant of it, without writing anything.
pub fn check(path: &Path, session: &Session) -> OutlineReport {
    let mut report = OutlineReport::new(path);
    load_and_check(path, &mut report, session);
    report
}

/// Builds one outline (each of its variants) into its files; nothing is
/// written unless every file of every variant rendered.
pub fn build(path: &Path, options: &BuildOptions, mode: Mode, session: &Session) -> OutlineReport {
    let mut report = OutlineReport::new(path);
    let Some(checked) = load_and_check(path, &mut report, session) else {
        return report;
    };
    let (stills, problems) =
        assets::prepare_stills(&checked.pictures, options.cache_folder.as_deref());
    report.diagnostics.extend(problems);
    if report.failed() {
        return report;
    }
    let Some(variants) = chosen_variants(&checked.loaded, options, &mut report) else {
        return report;
    };
    let loaded = &checked.loaded;
    let font_files =
        match assets::extra_font_files(loaded.folder_of(loaded.file), &options.font_paths) {
            Ok(files) => files,
            Err(error) => {
                report.fail(error);
                return report;
            }
        };
    report
        .inputs
        .extend(font_files.iter().map(|f| f.path.clone()));
    let fonts = assets::parse_fonts(&font_files);
    report
        .diagnostics
        .extend(assets::missing_glyph_warnings(loaded, &fonts));
    let video_links = checked.videos.linked_from(
        options
            .clips_relative_to
            .as_deref()
            .unwrap_or(&options.out_dir),
    );
    let mut files = Vec::new();
    let mut possible = Vec::new();
    for variant in variants {
        let plan = Plan::new(
            &loaded.outline,
            &PlanOptions {
                variant: variant.clone(),
                paper: options.paper,
                revision: options.revision.clone(),
            },
        );
        let names = Names::new(&options.out_dir, path, variant.as_deref());
        possible.extend(output::DOCUMENT_FILES.map(|suffix| names.file(suffix)));
        let context = render::Context {
            fallback_date: options.fallback_date,
            handout_pages: None,
            roles_pages: None,
            extra_fonts: &fonts,
            images: render::Images {
                no_pdf: options.format == Format::Png,
                pages_ppi: (options.format == Format::Png).then_some(options.ppi),
                contact_sheet: options.contact_sheet,
            },
            videos: &video_links,
            cache: &session.documents,
            time_limit: options.time_limit,
            standard: options.pdf_standard,
        };
        let rendered = match render::render_documents(
            &plan,
            &stills,
            &checked.theme,
            &options.targets,
            context,
        ) {
            Ok(rendered) => rendered,
            Err(render::RenderError::ThemeFile { diagnostics, .. }) => {
                report.diagnostics.extend(diagnostics);
                return report;
            }
            Err(error) => {
                let hints = error.hints();
                report.fail(error);
                if let Some(failure) = report.diagnostics.last_mut() {
                    failure.hints.extend(hints);
                }
                return report;
            }
        };
        let mut sources = Vec::new();
        let made_before = files.len();
        let mut documents_made = Vec::new();
        for (document, took) in rendered {
            documents_made.push(document.target);
            report.diagnostics.extend(
                render::overflow_warnings(&plan, &document)
                    .into_iter()
                    .map(|d| loaded.locate(d)),
            );
            report.timings.push((
                format!("{}-{}", names.prefix(), document.target.name()),
                took,
            ));
            sources.push((document.target, document.data.clone()));
            files.extend(document_files(&plan, &names, document, options));
        }
        if options.format == Format::Png {
            let made: Vec<PathBuf> = files[made_before..]
                .iter()
                .map(|(p, _)| p.clone())
                .collect();
            for target in documents_made {
                report
                    .leftover
                    .extend(output::leftover_pages(&names, target.name(), &made));
            }
        }
        if let Some(dir) = &options.emit_typst {
            let documents: Vec<(Target, &[u8])> =
                sources.iter().map(|(t, d)| (*t, d.as_slice())).collect();
            files.extend(
                render::typst_project(
                    names.prefix(),
                    &documents,
                    &checked.theme,
                    &stills,
                    &font_files,
                )
                .into_iter()
                .map(|(path, bytes)| (dir.join(path), bytes)),
            );
        }
    }
    let outcome = match mode {
        Mode::Write => {
            // What a killed build left beside any file this build may write.
            possible.extend(files.iter().map(|(p, _)| p.clone()));
            output::remove_stale_temporaries(&possible);
            output::write_all(&files).and_then(|()| {
                report.written = files.into_iter().map(|(p, _)| p).collect();
                output::remove_files(&report.leftover)
            })
        }
        Mode::Compare => output::differing(&files).map(|stale| report.stale = stale),
    };
    if let Err(error) = outcome {
        report.fail(error);
    }
    report
}

/// The variants to build: every one the outline declares, the one
/// `--variant` names, or the outline itself when it declares none.
fn chosen_variants(
    loaded: &Loaded,
    options: &BuildOptions,
    report: &mut OutlineReport,
) -> Option<Vec<Option<String>>> {
    let declared = variant_names(&loaded.outline);
    let Some(wanted) = &options.variant else {
        return Some(declared);
    };
    if declared
        .iter()
        .any(|v| v.as_deref() == Some(wanted.as_str()))
    {
        return Some(vec![Some(wanted.clone())]);
    }
    let names: Vec<String> = declared
        .iter()
        .flatten()
        .map(|name| format!("`{name}`"))
        .collect();
    let hint = if names.is_empty() {
        "it declares no `variants`; build it without `--variant`".to_string()
    } else {
        format!("its variants are {}", names.join(", "))
    };
    report.diagnostics.push(
        Diagnostic::error(format!("the outline has no variant `{wanted}`"))
            .in_path(report.path.display().to_string())
            .with_hint(hint),
    );
    None
}

/// The files one rendered document makes: its PDF (and, for the slides, the
/// pdfpc notes), or its pages as PNGs; and the contact sheet.
fn document_files(
    plan: &Plan<'_>,
    names: &Names,
    document: Rendered,
    options: &BuildOptions,
) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    if let Some(sheet) = document.contact_sheet {
        files.push((names.file("contact.png"), sheet));
    }
    let name = document.target.name();
    if options.format == Format::Png {
        let count = document.pngs.len();
        for (index, png) in document.pngs.into_iter().enumerate() {
            files.push((names.page(name, index, count), png));
        }
        return files;
    }
    files.push((names.file(&format!("{name}.pdf")), document.pdf));
    if document.target == Target::Slides {
        let notes = render::pdfpc(plan, &document.page_slides, &document.page_questions);
        files.push((names.file("slides.pdfpc"), notes.into_bytes()));
    }
    files
}

/// Builds many outlines at once, one per core; `done` hears of each as it
/// finishes. The reports come back in the order of `paths`.
pub fn build_all(
    paths: &[PathBuf],
    options: &BuildOptions,
    mode: Mode,
    session: &Session,
    done: &(dyn Fn(&OutlineReport) + Sync),
) -> Vec<OutlineReport> {
    // A new round: files edited since the last one are read again.
    session.sources.forget();
    let reports = parallel_map(
        paths,
        |path| {
            let report = build(path, options, mode, session);
            render::forget_unused_work();
            report
        },
        done,
    );
    paths
        .iter()
        .zip(reports)
        .map(|(path, report)| {
            report.unwrap_or_else(|| {
                let mut report = OutlineReport::new(path);
                report.fail("deckhand stopped unexpectedly on this outline (a bug: please report it with the outline)");
                report
            })
        })
        .collect()
}
