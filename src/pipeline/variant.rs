//! One variant of a checked outline: planned, rendered, and turned into the files it writes.

use std::path::{Path, PathBuf};

use super::{BuildOptions, Checked, Format, OutlineReport, Session};
use crate::assets;
use crate::output::{self, Names};
use crate::plan::{Plan, PlanOptions};
use crate::render::{self, Rendered, Target};

/// An outline checked, with its pictures prepared and its fonts read: what
/// each variant's documents are made from.
pub(super) struct Ready<'a> {
    pub checked: &'a Checked,
    pub stills: &'a [assets::PreparedStill],
    pub fonts: &'a [typst::text::Font],
    pub font_files: &'a [assets::FontFile],
    pub video_links: &'a [assets::VideoLink],
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
        },
    );
    let names = Names::new(&options.out_dir, path, variant);
    let context = render::Context {
        fallback_date: options.fallback_date,
        handout_pages: None,
        roles_pages: None,
        extra_fonts: ready.fonts,
        images: render::Images {
            no_pdf: options.format == Format::Png,
            pages_ppi: (options.format == Format::Png).then_some(options.ppi),
            contact_sheet: options.contact_sheet,
        },
        videos: ready.video_links,
        cache: &session.documents,
        time_limit: options.time_limit,
        standard: options.pdf_standard,
        budget: &session.layouts,
        name: names.prefix(),
    };
    let theme = &ready.checked.theme;
    let rendered =
        match render::render_documents(&plan, ready.stills, theme, &options.targets, context) {
            Ok(rendered) => rendered,
            Err(render::RenderError::ThemeFile { diagnostics, .. }) => {
                report.diagnostics.extend(diagnostics);
                return None;
            }
            Err(error) => {
                let hints = error.hints();
                report.fail(error);
                if let Some(failure) = report.diagnostics.last_mut() {
                    failure.hints.extend(hints);
                }
                return None;
            }
        };
    let mut files = Vec::new();
    let mut sources = Vec::new();
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
        sources.push((document.target, document.data.clone()));
        files.extend(document_files(
            &plan,
            &names,
            document,
            options,
            ready.video_links,
        ));
    }
    if options.format == Format::Png {
        let made: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        for target in documents_made {
            report
                .leftover
                .extend(output::leftover_pages(&names, target.name(), &made));
        }
    }
    if let Some(dir) = &options.emit_typst {
        let documents: Vec<(Target, &[u8])> =
            sources.iter().map(|(t, d)| (*t, d.as_slice())).collect();
        let project = render::typst_project(
            names.prefix(),
            &documents,
            theme,
            ready.stills,
            ready.font_files,
        );
        files.extend(
            project
                .into_iter()
                .map(|(path, bytes)| (dir.join(path), bytes)),
        );
    }
    Some(files)
}

/// The files one rendered document makes: its PDF (and, for the slides, the
/// pdfpc notes), or its pages as PNGs; and the contact sheet.
fn document_files(
    plan: &Plan<'_>,
    names: &Names,
    document: Rendered,
    options: &BuildOptions,
    videos: &[assets::VideoLink],
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
        let notes = render::pdfpc(
            plan,
            &document.page_slides,
            &document.page_questions,
            videos,
        );
        files.push((names.file("slides.pdfpc"), notes.into_bytes()));
    }
    files
}
