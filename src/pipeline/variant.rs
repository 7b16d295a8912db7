//! One variant of a checked outline: planned, rendered, and turned into the files it writes.

use std::path::{Path, PathBuf};

use super::{BuildOptions, Checked, OutlineReport, Session};
use crate::assets;
use crate::export::{self, Export, ExportError, File, Made};
use crate::output::Names;
use crate::plan::{Document, DocumentKind, Plan, PlanOptions};
use crate::render;

/// An outline checked, with its pictures prepared and its fonts read: what
/// each variant's documents are made from.
pub(super) struct Ready<'a> {
    pub checked: &'a Checked,
    pub stills: &'a [assets::PreparedStill],
    pub fonts: &'a [typst::text::Font],
    pub font_files: &'a [assets::FontFile],
    pub video_links: &'a [assets::VideoLink],
    /// The cut clips the PowerPoint deck embeds (`--pptx-clips embed`).
    pub embedded_clips: &'a [crate::export::EmbeddedClip],
    /// How much one slide holds: the theme's `pagination`.
    pub pagination: crate::plan::Pagination,
}

/// Plans one variant and renders its documents into files; `None` when a
/// document could not be made (the report says why).
pub(super) fn variant_files(
    path: &Path,
    variant: Option<&str>,
    ready: &Ready<'_>,
    options: &BuildOptions,
    session: &Session,
    report: &mut OutlineReport,
) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    let loaded = &ready.checked.loaded;
    let plan = Plan::new(
        &loaded.outline,
        &PlanOptions {
            variant: variant.map(str::to_string),
            paper: options.paper,
            revision: options.revision.clone(),
            participants: options.participants,
            pagination: ready.pagination,
        },
    );
    let names = Names::new(&options.out_dir, path, variant);
    let exports = export::chosen(&options.formats);
    let context = render::Context {
        fallback_date: options.fallback_date,
        handout_pages: None,
        roles_pages: None,
        extra_fonts: ready.fonts,
        images: export::images(&exports, options.ppi),
        videos: ready.video_links,
        cache: &session.documents,
        time_limit: options.time_limit,
        standard: options.pdf_standard,
        budget: &session.layouts,
        name: names.prefix(),
        review: None,
    };
    let theme = &ready.checked.theme;
    let rendered =
        match render::render_documents(&plan, ready.stills, theme, &options.targets, context) {
            Ok(rendered) => rendered,
            Err(error) => {
                report_render_error(report, error);
                return None;
            }
        };
    let slides = plan.slides();
    let facilitator = render::document(&plan, ready.stills, DocumentKind::Guide, &context);
    let shared = Shared {
        plan: &plan,
        slides: &slides,
        facilitator: &facilitator,
        names: &names,
        exports: &exports,
        theme,
        stills: ready.stills,
        speaker_notes: options.speaker_notes,
        clips: ready.embedded_clips,
    };
    let mut files = Vec::new();
    let mut sources = Vec::new();
    for (document, took) in rendered {
        report_rendered(&plan, loaded, &names, &document, took, report);
        match document_files(&shared, &document, report) {
            Ok(made) => files.extend(made),
            Err(error) => {
                report.fail(error);
                return None;
            }
        }
        sources.push((document.target, document.data));
    }
    if let Some(dir) = &options.emit_typst {
        files.extend(typst_project(dir, ready, &names, &sources));
    }
    Some(files)
}

/// What the report says of a rendered document: the slides that overflow
/// (at their outline's lines), how long it took, and the characters no font
/// draws, which cost its PDF its standards' claim.
fn report_rendered(
    plan: &Plan<'_>,
    loaded: &crate::outline::Loaded,
    names: &Names,
    document: &render::Rendered,
    took: std::time::Duration,
    report: &mut OutlineReport,
) {
    report.diagnostics.extend(
        render::overflow_warnings(plan, document)
            .into_iter()
            .map(|d| loaded.locate(d)),
    );
    report.timings.push((
        format!("{}-{}", names.prefix(), document.target.name()),
        took,
    ));
    if !document.unclaimed.is_empty() {
        let file = names.file(&format!("{}.pdf", document.target.name()));
        report.unclaimed.push(assets::Unclaimed {
            file: file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            characters: document.unclaimed.clone(),
        });
    }
}

/// The documents' standalone Typst project, in `dir` (`--emit-typst`).
fn typst_project(
    dir: &Path,
    ready: &Ready<'_>,
    names: &Names,
    sources: &[(DocumentKind, Vec<u8>)],
) -> Vec<File> {
    let documents: Vec<(DocumentKind, &[u8])> =
        sources.iter().map(|(t, d)| (*t, d.as_slice())).collect();
    let project = render::typst_project(
        names.prefix(),
        &documents,
        &ready.checked.theme,
        ready.stills,
        ready.font_files,
    );
    project
        .into_iter()
        .map(|(path, bytes)| (dir.join(path), bytes))
        .collect()
}

/// A document that could not be made, in the report: a theme folder's
/// problems at their lines, else the failure and what to do about it.
pub(super) fn report_render_error(report: &mut OutlineReport, error: render::RenderError) {
    if let render::RenderError::ThemeFile { diagnostics, .. } = error {
        report.diagnostics.extend(diagnostics);
        return;
    }
    let hints = error.hints();
    report.fail(error);
    if let Some(failure) = report.diagnostics.last_mut() {
        failure.hints.extend(hints);
    }
}

/// What every document of one variant is exported with.
struct Shared<'a> {
    plan: &'a Plan<'a>,
    slides: &'a [crate::plan::PlannedSlide],
    facilitator: &'a Document,
    names: &'a Names,
    exports: &'a [&'static dyn Export],
    theme: &'a crate::theme::Theme,
    stills: &'a [assets::PreparedStill],
    speaker_notes: bool,
    clips: &'a [crate::export::EmbeddedClip],
}

/// The files of one rendered document in every chosen format; the files an
/// earlier build made that these replace go to the report's leftovers.
fn document_files(
    shared: &Shared<'_>,
    document: &render::Rendered,
    report: &mut OutlineReport,
) -> Result<Vec<File>, ExportError> {
    let made = Made {
        plan: shared.plan,
        slides: shared.slides,
        facilitator: shared.facilitator,
        rendered: document,
        names: shared.names,
        theme: shared.theme,
        stills: shared.stills,
        speaker_notes: shared.speaker_notes,
        clips: shared.clips,
    };
    let mut files: Vec<File> = Vec::new();
    for export in shared.exports {
        files.extend(export.files(&made)?);
    }
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    for export in shared.exports {
        report
            .leftover
            .extend(export.leftover(shared.names, document.target, &paths));
    }
    Ok(files)
}
