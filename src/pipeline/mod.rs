//! The only place that knows the order: load -> validate -> plan -> assets -> render -> output.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::assets::{self, Videos};
use crate::diag::{self, Diagnostic};
use crate::export;
use crate::outline::{self, Loaded};
use crate::output::{self, CutMode, Names};
use crate::parallel::parallel_map;
use crate::plan::{Plan, PlanOptions, variant_names};
use crate::render;
use crate::theme::Theme;
use crate::validate::validate;

mod clips;
mod diff;
mod find;
mod options;
mod orphans;
mod variant;

pub use clips::{ClipsOptions, clips, clips_folder};
pub use diff::{Comparison, DiffOptions, DiffReport, OnlyIn, diff};
pub use find::{FindError, colliding_outlines, emit_folder_problem, find_outlines};
pub use options::{BuildOptions, ClipFiles, DEFAULT_PPI, Format, Mode, OutlineReport, Session};
pub use orphans::orphans;
use variant::{Ready, report_render_error, variant_files};

/// An outline loaded and checked, with what every variant's build needs.
struct Checked {
    loaded: Loaded,
    theme: Cow<'static, Theme>,
    pictures: assets::Pictures,
    videos: Videos,
    /// The fonts beside the outline and in each `--font-path`, read and parsed.
    font_files: Vec<assets::FontFile>,
    fonts: Vec<typst::text::Font>,
}

/// Load, validate, the theme, the pictures and, with `font_paths`, the
/// fonts (the brand's among them): every problem of the outline. With
/// `films_required`, a film not found is an error.
fn load_and_check(
    path: &Path,
    report: &mut OutlineReport,
    session: &Session,
    films_required: bool,
    font_paths: Option<&[PathBuf]>,
) -> Option<Checked> {
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
    if let Some(paper) = theme.as_ref().and_then(|t| render::screen_paper(t)) {
        report
            .diagnostics
            .extend(crate::validate::brand_contrast(&loaded, paper));
    }
    let (pictures, problems) = assets::inspect_stills(&loaded);
    report.diagnostics.extend(problems);
    report
        .inputs
        .extend(pictures.paths().map(Path::to_path_buf));
    let (videos, problems) = assets::check_videos(&loaded, films_required);
    report.diagnostics.extend(problems);
    report.inputs.extend(videos.iter().map(|v| v.path.clone()));
    let (font_files, fonts) = match font_paths {
        Some(font_paths) => read_fonts(&loaded, font_paths, report),
        None => (Vec::new(), Vec::new()),
    };
    // Past the bound on variants (an error already), no more are planned.
    for variant in variant_names(&loaded.outline)
        .into_iter()
        .take(crate::validate::MAX_VARIANTS)
    {
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
        font_files,
        fonts,
    })
}

/// The fonts in `fonts/` beside the outline and in each of `font_paths`,
/// read and parsed; an error when one cannot be read, or when the brand
/// names a font none of them (nor a bundled one) is of.
fn read_fonts(
    loaded: &Loaded,
    font_paths: &[PathBuf],
    report: &mut OutlineReport,
) -> (Vec<assets::FontFile>, Vec<typst::text::Font>) {
    let outline_folder = loaded.folder_of(loaded.file);
    let font_files =
        match assets::extra_font_files(outline_folder, loaded.project_folder(), font_paths) {
            Ok(files) => files,
            Err(error) => {
                report.fail(error);
                return (Vec::new(), Vec::new());
            }
        };
    report
        .inputs
        .extend(font_files.iter().map(|f| f.path.clone()));
    let fonts = assets::parse_fonts(&font_files);
    report
        .diagnostics
        .extend(assets::brand_font_problem(loaded, &fonts));
    (font_files, fonts)
}

/// Loads and checks one outline, every variant of it, without writing
/// anything: the problems a build would report before it lays out a page.
/// With `films_required` (`check --films`), a film that is not here is
/// an error; `font_paths` are the folders of fonts a build would be given.
pub fn check(
    path: &Path,
    session: &Session,
    films_required: bool,
    font_paths: &[PathBuf],
) -> OutlineReport {
    let mut report = OutlineReport::new(path);
    load_and_check(path, &mut report, session, films_required, Some(font_paths));
    report
}

/// Builds one outline (each of its variants) into its files; nothing is
/// written unless every file of every variant rendered.
pub fn build(path: &Path, options: &BuildOptions, mode: Mode, session: &Session) -> OutlineReport {
    let mut report = OutlineReport::new(path);
    let checked = load_and_check(path, &mut report, session, false, Some(&options.font_paths));
    let Some(checked) = checked else {
        return report;
    };
    let (stills, problems) = assets::prepare_stills(
        &checked.pictures,
        options.cache_folder.as_deref(),
        &session.stills,
    );
    report.diagnostics.extend(problems);
    if report.failed() {
        return report;
    }
    let Some(variants) = chosen_variants(&checked.loaded, options, &mut report) else {
        return report;
    };
    let (fonts, font_files) = (&checked.fonts, &checked.font_files);
    let (video_links, embedded_clips) = clip_links(&checked, options, mode, &mut report);
    if report.failed() {
        return report;
    }
    let pagination = match render::pagination(&checked.theme) {
        Ok(pagination) => pagination,
        Err(error) => {
            report_render_error(&mut report, error);
            return report;
        }
    };
    let ready = Ready {
        checked: &checked,
        stills: &stills,
        fonts,
        font_files,
        video_links: &video_links,
        embedded_clips: &embedded_clips,
        pagination,
    };
    let files = all_variant_files(path, variants, &ready, options, session, &mut report);
    // After rendering: the warnings name the PDFs that lost their claim.
    let glyphs = assets::missing_glyph_warnings(
        &checked.loaded,
        fonts,
        &report.unclaimed,
        &crate::paths::shown(path),
    );
    report.diagnostics.extend(glyphs);
    if let Some(files) = files {
        write_or_compare(path, &checked.loaded, files, options, mode, &mut report);
    }
    report
}

/// What each scene's play area links to, as the slides' folder reaches it,
/// and the clips the PowerPoint deck embeds; with `--clips cut`, the
/// missing clips are cut first (not by `--check`: the clips' names do not
/// depend on their bytes, so the slides compare the same).
fn clip_links(
    checked: &Checked,
    options: &BuildOptions,
    mode: Mode,
    report: &mut OutlineReport,
) -> (Vec<assets::VideoLink>, Vec<export::EmbeddedClip>) {
    let slides_folder = options
        .clips_relative_to
        .as_deref()
        .unwrap_or(&options.out_dir);
    let (video_links, problems) = checked.videos.linked_from(slides_folder);
    report
        .diagnostics
        .extend(problems.into_iter().map(|d| checked.loaded.locate(d)));
    let ClipFiles::Cut { ffmpeg } = &options.clips else {
        return (video_links, Vec::new());
    };
    let cuts = clips::scene_cuts(checked, report);
    if let (Mode::Write, Some(ffmpeg), false) = (mode, ffmpeg, report.failed()) {
        clips::cut_into(
            checked,
            &cuts,
            &options.out_dir,
            CutMode::Copy,
            ffmpeg,
            report,
            &|_| {},
        );
    }
    let video_links =
        clips::cut_links(checked, &cuts, slides_folder, &options.out_dir, video_links);
    let mut embedded_clips = Vec::new();
    if options.embed_clips && !report.failed() {
        embedded_clips =
            clips::read_for_embedding(checked, &cuts, slides_folder, &options.out_dir, report);
    }
    (video_links, embedded_clips)
}

/// Every variant's files; `None` as soon as one could not be made.
fn all_variant_files(
    path: &Path,
    variants: Vec<Option<String>>,
    ready: &Ready<'_>,
    options: &BuildOptions,
    session: &Session,
    report: &mut OutlineReport,
) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for variant in variants {
        files.extend(variant_files(
            path,
            variant.as_deref(),
            ready,
            options,
            session,
            report,
        )?);
    }
    Some(files)
}

/// Writes the outline's files, all or none ([`Mode::Write`]), or names
/// those that differ from what is there ([`Mode::Compare`]).
fn write_or_compare(
    path: &Path,
    loaded: &Loaded,
    files: Vec<(PathBuf, Vec<u8>)>,
    options: &BuildOptions,
    mode: Mode,
    report: &mut OutlineReport,
) {
    let outcome = match mode {
        Mode::Write => {
            // What a killed build left beside any file this build may write.
            let mut possible: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
            for variant in variant_names(&loaded.outline) {
                let names = Names::new(&options.out_dir, path, variant.as_deref());
                possible.extend(export::file_names().iter().map(|name| names.file(name)));
            }
            output::remove_stale_temporaries(&possible);
            output::write_all(&files).and_then(|()| {
                report.written.extend(files.into_iter().map(|(p, _)| p));
                output::remove_files(&report.leftover)
            })
        }
        Mode::Compare => output::differing(&files).map(|stale| report.stale = stale),
    };
    if let Err(error) = outcome {
        report.fail(error);
    }
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

/// Builds many outlines at once, one per core; `done` hears of each as it
/// finishes. The reports come back in the order of `paths`.
pub fn build_all(
    paths: &[PathBuf],
    options: &BuildOptions,
    mode: Mode,
    session: &Session,
    done: &(dyn Fn(&OutlineReport) + Sync),
) -> Vec<OutlineReport> {
    // The documents have the whole time limit again. The files read stay:
    // the outlines' variants were read for the collision check just before
    // (`watch` forgets them before each rebuild, so that an edit is read).
    crate::limits::new_round();
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
