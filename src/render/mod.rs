//! Typst as a library: the outline's data and the theme's templates in, PDF pages out.

mod budget;
mod launch;
mod look;
mod overflow;
mod pagination;
mod png;
mod project;
mod svg;
mod typst_errors;

pub use budget::{LayoutBudget, Share};
pub use launch::{ClipLaunch, LaunchError, launch_clips};
pub use look::{Look, look};
pub use overflow::overflow_warnings;
pub use pagination::{pagination, screen_paper};
pub use png::{COLUMNS, GAP, THUMBNAIL_WIDTH, sheet_size};
pub use project::typst_project;
pub use svg::PlayArea;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};
use std::thread::ScopedJoinHandle;
use std::time::{Duration, Instant};

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, Label, Selector, Smart};
use typst::introspection::{Introspector, MetadataElem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::Font;
use typst::utils::PicoStr;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::assets::{Fnv1a, PreparedStill, VideoLink, typst_fonts};
use crate::diag::Diagnostic;
use crate::outline::Date;
use crate::plan::{
    Content, Document, DocumentKind, Files, PictureFile, Plan, SlideId, VideoFile, document_data,
};
use crate::theme::Theme;

impl DocumentKind {
    /// The standards Typst checks this document against, and declares in it.
    /// The printed documents are also PDF/A-2a, for archives; the slides are
    /// not, because playable clips need Launch actions, which PDF/A forbids.
    fn pdf_standards(self, standard: PdfStandard) -> &'static [typst_pdf::PdfStandard] {
        use typst_pdf::PdfStandard::{A_2a, Ua_1};
        match (standard, self) {
            (PdfStandard::TaggedOnly, _) => &[],
            // The review shows slides, and declares no standard.
            (PdfStandard::Ua1, DocumentKind::Review) => &[],
            (PdfStandard::Ua1, DocumentKind::Slides) => &[Ua_1],
            (
                PdfStandard::Ua1,
                DocumentKind::Handout | DocumentKind::Guide | DocumentKind::Roles,
            ) => &[Ua_1, A_2a],
        }
    }

    /// The standards of [`PdfStandard::Ua1`] as `typst compile --pdf-standard` names them.
    fn pdf_standard_names(self) -> &'static str {
        match self {
            DocumentKind::Slides => "ua-1",
            DocumentKind::Handout | DocumentKind::Guide | DocumentKind::Roles => "ua-1,a-2a",
            DocumentKind::Review => "",
        }
    }
}

/// What the PDFs promise readers who cannot see the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PdfStandard {
    /// PDF/UA-1 (accessible: tagged, every picture described, headings in
    /// order), and PDF/A-2a for the handout and the guide; Typst refuses a
    /// document that breaks a rule.
    #[default]
    Ua1,
    /// Tagged PDFs, with no standard checked or declared.
    TaggedOnly,
}

/// A rendered document: its PDF and, for slides, which slide each page shows.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub target: DocumentKind,
    pub pdf: Vec<u8>,
    pub page_count: usize,
    /// For each page, the slide it shows (none for pages of paper documents).
    /// The pages of a slide revealed step by step follow each other with
    /// the same slide.
    pub page_slides: Vec<Option<SlideId>>,
    /// For each page, the reveal step it shows (none for a slide without
    /// steps, and for pages of paper documents).
    pub page_steps: Vec<Option<u32>>,
    /// Slides whose content ran onto more than one page.
    pub overflowing: Vec<SlideId>,
    /// Slides with a word wider than the slide, cut off at its edge.
    pub too_wide: Vec<SlideId>,
    /// The document's `/data.json`, for `--emit-typst`.
    pub data: Vec<u8>,
    /// Each page as a PNG, when [`Images::pages_ppi`] asked for them (every
    /// step of a revealed slide: [`Rendered::whole_pages`] says which pages
    /// show whole slides).
    pub pngs: Vec<Vec<u8>>,
    /// The pages as one contact sheet, when [`Images::contact_sheet`] asked
    /// for it: each slide once, whole.
    pub contact_sheet: Option<Vec<u8>>,
    /// Each page as SVG, when [`Images::svg`] asked for them (slides only).
    pub svgs: Vec<String>,
    /// The pages' size in points, width and height.
    pub page_size: (f64, f64),
    /// The scenes' play areas on the pages, with the SVG pages.
    pub play_areas: Vec<PlayArea>,
    /// The characters no font draws that the PDF holds, as boxes (tofu): an
    /// accessible PDF may not, so this one was written tagged but without
    /// its standards' claim. Empty for a PDF that claims what it was asked to.
    pub unclaimed: Vec<char>,
}

/// Which files a render makes besides (or instead of) the PDF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Images {
    /// Make the PDF; off when only images are wanted.
    pub no_pdf: bool,
    /// Each page as a PNG at this many pixels per inch.
    pub pages_ppi: Option<u32>,
    /// All pages as a grid of thumbnails.
    pub contact_sheet: bool,
    /// Each slide as SVG, with its play areas.
    pub svg: bool,
}

/// Why Typst could not make a document.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the {target} template failed: {message}")]
    Template {
        target: &'static str,
        message: String,
    },
    /// Typst failed in a theme folder's own file: diagnostics in that file.
    #[error("the {target} template of the theme folder failed")]
    ThemeFile {
        target: &'static str,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("could not make the {target} images: {message}")]
    Png {
        target: &'static str,
        message: String,
    },
    #[error("could not write the {target} PDF: {message}")]
    Pdf {
        target: &'static str,
        message: String,
        hints: Vec<String>,
    },
}

impl RenderError {
    /// What the user can do about it, as far as Typst and deckhand know.
    pub fn hints(&self) -> Vec<String> {
        match self {
            RenderError::Pdf { hints, .. } => hints.clone(),
            _ => Vec::new(),
        }
    }
}

/// What a document needs to know beyond the plan.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The PDF's date when the outline has none.
    pub fallback_date: Date,
    /// The handout's length, for the guide's preparation list.
    pub handout_pages: Option<usize>,
    /// The role cards' length, for the guide's preparation list.
    pub roles_pages: Option<usize>,
    /// Fonts from the outline's `fonts/` folder and `--font-path`, after the bundled ones.
    pub extra_fonts: &'a [Font],
    /// Page images to make.
    pub images: Images,
    /// The scenes' films, by the path the slides link them by.
    pub videos: &'a [VideoLink],
    /// Documents rendered lately, reused when nothing that shapes them changed.
    pub cache: &'a DocumentCache,
    /// How long one document may take (a theme's code may loop).
    pub time_limit: Duration,
    /// The standards the PDFs are made to.
    pub standard: PdfStandard,
    /// How many documents may be laid out at once.
    pub budget: &'a LayoutBudget,
    /// The name of the outline's files (`talk`, `talk-short` for a cut),
    /// by which [`DocumentCache`] knows it from one build to the next.
    pub name: &'a str,
    /// For `deckhand diff`'s review: what changed (`/review.json`), beside
    /// the new version's slides; `None` for every other document.
    pub review: Option<&'a [u8]>,
}

/// A Typst engine that sees only `sources` (the templates) and `binaries`
/// (the data, the prepared stills, a theme folder's other files), by virtual
/// path, and the fonts: no file system, no packages, no network (typst-as-lib
/// is built without its `packages` feature). A path Typst cannot use is left out.
fn engine(
    sources: Vec<(&str, &str)>,
    binaries: Vec<(&str, Bytes)>,
    extra_fonts: &[Font],
) -> TypstEngine {
    let sources: Vec<Source> = sources
        .into_iter()
        .filter_map(|(path, text)| Some(parsed(file_id(path)?, text)))
        .collect();
    let binaries: Vec<(FileId, Bytes)> = binaries
        .into_iter()
        .filter_map(|(path, bytes)| Some((file_id(path)?, bytes)))
        .collect();
    TypstEngine::builder()
        .fonts(typst_fonts().iter().chain(extra_fonts).cloned())
        .with_static_source_file_resolver(sources)
        .with_static_file_resolver(binaries)
        // Typst's caches are kept between compiles: the three documents share
        // work, and a `watch` rebuild redoes only what an edit changed.
        // [`forget_unused_work`] bounds them.
        .comemo_evict_max_age(None)
        .build()
}

/// Drops what Typst cached for compiles that have not used it lately: called
/// after each outline, so that memory stays bounded over many outlines and
/// a long `watch`.
pub fn forget_unused_work() {
    typst::comemo::evict(3);
}

/// The template `text` at `id`, parsed once per process: every document,
/// every `diff` handout and every theme reading builds an engine of the same
/// templates, and parsing them all took a few milliseconds each time.
fn parsed(id: FileId, text: &str) -> Source {
    static PARSED: OnceLock<Mutex<HashMap<(FileId, String), Source>>> = OnceLock::new();
    let Ok(mut known) = PARSED.get_or_init(Mutex::default).lock() else {
        return Source::new(id, text.to_string());
    };
    if let Some(source) = known.get(&(id, text.to_string())) {
        return source.clone();
    }
    // A long `watch` of an edited theme folder makes new versions: bounded.
    if known.len() >= 256 {
        known.clear();
    }
    let source = Source::new(id, text.to_string());
    known.insert((id, text.to_string()), source.clone());
    source
}

/// The Typst file id of a virtual path such as `/slides.typ`.
fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A document after layout, before its PDF and images are made: the page
/// count is known, so the guide can start while the handout is exported.
pub enum LaidOut<'a> {
    /// The same inputs were rendered moments ago: nothing left to do.
    Done(Box<Rendered>),
    /// Typst's pages, and what making the files needs.
    Pages(Box<Pages<'a>>),
}

/// A laid-out document waiting for [`LaidOut::finish`].
pub struct Pages<'a> {
    target: DocumentKind,
    theme: &'a Theme,
    document: PagedDocument,
    options: typst_pdf::PdfOptions,
    images: Images,
    cache_key: String,
    data: Vec<u8>,
    /// The play areas whose links become Launch actions.
    clips: Vec<ClipLaunch>,
    cache: &'a DocumentCache,
    time_limit: Duration,
    /// Given back once the PDF and images are made.
    share: Share<'a>,
}

impl LaidOut<'_> {
    /// How many pages the document has.
    pub fn page_count(&self) -> usize {
        match self {
            LaidOut::Done(rendered) => rendered.page_count,
            LaidOut::Pages(pages) => pages.document.pages().len(),
        }
    }

    /// Makes the PDF and the images that were asked for.
    pub fn finish(self) -> Result<Rendered, RenderError> {
        let pages = match self {
            LaidOut::Done(rendered) => return Ok(*rendered),
            LaidOut::Pages(pages) => pages,
        };
        let Pages {
            target,
            theme,
            document,
            options,
            images,
            cache_key,
            data,
            clips,
            cache,
            time_limit,
            share,
        } = *pages;
        let _watch = crate::limits::rendering(&theme.name, time_limit);
        let (pdf, unclaimed) = if images.no_pdf {
            (Vec::new(), Vec::new())
        } else {
            pdf_with_launches(target, theme, &document, options, &clips)?
        };
        let page_count = document.pages().len();
        let (page_slides, page_steps, overflowing) = page_slides(&document, page_count);
        let whole = whole_pages(&page_slides, &page_steps);
        let png_error = |message| RenderError::Png {
            target: target.name(),
            message,
        };
        let pngs = match images.pages_ppi {
            Some(ppi) => png::page_pngs(&document, ppi).map_err(png_error)?,
            None => Vec::new(),
        };
        let contact_sheet = if images.contact_sheet {
            Some(png::contact_sheet(&document, &whole).map_err(png_error)?)
        } else {
            None
        };
        let (svgs, play_areas) = if images.svg {
            (svg::page_svgs(&document), svg::play_areas(&document))
        } else {
            (Vec::new(), Vec::new())
        };
        let page_size = svg::page_size(&document);
        let too_wide = too_wide(&document, &page_slides);
        // The pages first: the share's return may clear Typst's memoised work.
        drop(document);
        drop(share);
        let rendered = Rendered {
            target,
            pdf,
            page_count,
            page_slides,
            page_steps,
            overflowing,
            too_wide,
            data,
            pngs,
            contact_sheet,
            svgs,
            page_size,
            play_areas,
            unclaimed,
        };
        cache.remember(cache_key, &rendered);
        Ok(rendered)
    }
}

/// The PDF, its play areas' links made Launch actions, and the
/// characters no font draws.
fn pdf_with_launches(
    target: DocumentKind,
    theme: &Theme,
    document: &PagedDocument,
    options: typst_pdf::PdfOptions,
    clips: &[ClipLaunch],
) -> Result<(Vec<u8>, Vec<char>), RenderError> {
    let (pdf, unclaimed) = export_pdf(target, theme, document, options)?;
    let pdf = launch_clips(pdf, clips).map_err(|e| RenderError::Pdf {
        target: target.name(),
        message: e.to_string(),
        hints: Vec::new(),
    })?;
    Ok((pdf, unclaimed))
}

/// The slides with a word wider than the slide, cut off at its edge.
fn too_wide(document: &PagedDocument, page_slides: &[Option<SlideId>]) -> Vec<SlideId> {
    let mut too_wide: Vec<SlideId> = Vec::new();
    for (page, slide) in document.pages().iter().zip(page_slides) {
        if let Some(slide) = slide
            && !too_wide.contains(slide)
            && text_past_the_edge(&page.frame, 0.0, 1.0, page.frame.width().to_pt())
        {
            too_wide.push(*slide);
        }
    }
    too_wide
}

impl Rendered {
    /// Which pages show a whole slide (see [`whole_pages`]); every page of a
    /// paper document.
    pub fn whole_pages(&self) -> Vec<bool> {
        whole_pages(&self.page_slides, &self.page_steps)
    }
}

/// The data of the document `kind` of `plan`, as its templates read it
/// (`/data.json`) and every other format of it: its pictures are the
/// prepared `stills`, its films those of `context`.
pub fn document(
    plan: &Plan<'_>,
    stills: &[PreparedStill],
    kind: DocumentKind,
    context: &Context<'_>,
) -> Document {
    let pictures = |written: &str| picture_file(stills, written);
    let videos = |written: &crate::outline::Text, clip| -> Option<VideoFile> {
        context
            .videos
            .iter()
            .find(|v| v.is(written, clip))
            .map(|v| v.file.clone())
    };
    let files = Files {
        pictures: &pictures,
        videos: &videos,
    };
    let mut data = document_data(plan, kind.audience(), &files);
    data.handout_pages = context.handout_pages;
    data.roles_pages = context.roles_pages;
    data
}

/// The prepared picture of `stills` that the outline wrote as `written`:
/// the first, so that a review's new pictures come before its old ones.
pub fn picture_file(stills: &[PreparedStill], written: &str) -> Option<PictureFile> {
    stills
        .iter()
        .find(|s| s.written == written)
        .map(|s| PictureFile {
            path: s.virtual_path.clone(),
            card_path: s.card_path.clone(),
            portrait: s.height > s.width,
        })
}

/// Lays out `target` for `plan` with Typst; [`LaidOut::finish`] then makes its files.
pub fn lay_out<'c>(
    plan: &Plan<'_>,
    stills: &[PreparedStill],
    theme: &'c Theme,
    target: DocumentKind,
    context: &Context<'c>,
) -> Result<LaidOut<'c>, RenderError> {
    let data = document(plan, stills, target, context);
    let clips = clip_launches(&data);
    let (data_bytes, shaping) = data_bytes(&data).map_err(|e| RenderError::Template {
        target: target.name(),
        message: e.to_string(),
    })?;
    let binaries = binaries(theme, &data_bytes, context.review, stills);
    let shaping = [shaping.as_slice(), context.review.unwrap_or_default()].concat();
    let ident = content_ident(target, &shaping, theme, stills, context.extra_fonts);
    // A contact sheet shows slides.
    let images = Images {
        contact_sheet: context.images.contact_sheet && target == DocumentKind::Slides,
        svg: context.images.svg && target == DocumentKind::Slides,
        ..context.images
    };
    // The same data, theme and pictures make the same document: a `watch`
    // rebuild after an edit of the speaker notes renders only the guide.
    let cache_key = format!("{ident}-{images:?}-{:?}", context.standard);
    if let Some(done) = context.cache.get(&cache_key) {
        return Ok(LaidOut::Done(Box::new(done)));
    }
    let share = context.budget.take(data_bytes.len());
    let main = format!("/{}.typ", target.name());
    let engine = engine(theme.files(), binaries, context.extra_fonts);
    let watch = crate::limits::rendering(&theme.name, context.time_limit);
    // A debug build (every test) checks each bound the slides put on their
    // text against a measure (`check-bounds` in templates/slide-parts.typ).
    let warned = if cfg!(debug_assertions) {
        let mut inputs = typst::foundations::Dict::new();
        inputs.insert(
            "deckhand-check-bounds".into(),
            typst::foundations::Value::Bool(true),
        );
        engine.compile_with_input::<_, _, PagedDocument>(main.as_str(), inputs)
    } else {
        engine.compile::<_, PagedDocument>(main.as_str())
    };
    drop(watch);
    let document = warned
        .output
        .map_err(|error| template_error(target.name(), theme, &error))?;

    Ok(LaidOut::Pages(Box::new(Pages {
        target,
        theme,
        document,
        options: pdf_options(plan, target, context, ident)?,
        images,
        cache_key,
        data: data_bytes,
        clips,
        cache: context.cache,
        time_limit: context.time_limit,
        share,
    })))
}

/// The files a document's templates read besides the theme's templates:
/// the theme's pictures, the data, the review's, the prepared stills.
fn binaries<'a>(
    theme: &'a Theme,
    data: &[u8],
    review: Option<&[u8]>,
    stills: &'a [PreparedStill],
) -> Vec<(&'a str, Bytes)> {
    let mut binaries: Vec<(&str, Bytes)> = theme
        .binaries()
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::new(bytes.to_vec())))
        .collect();
    binaries.push(("/data.json", Bytes::new(data.to_vec())));
    if let Some(review) = review {
        binaries.push(("/review.json", Bytes::new(review.to_vec())));
    }
    binaries.extend(stills.iter().flat_map(|s| {
        [
            (s.virtual_path.as_str(), s.bytes.clone()),
            (s.card_path.as_str(), s.card_bytes.clone()),
        ]
    }));
    binaries
}

/// The PDF's identifier, its standards, and its date: the workshop's (no
/// clock on any output), at midnight.
fn pdf_options(
    plan: &Plan<'_>,
    target: DocumentKind,
    context: &Context<'_>,
    ident: String,
) -> Result<typst_pdf::PdfOptions, RenderError> {
    let date = plan.date.unwrap_or(context.fallback_date);
    let timestamp = Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .map(typst_pdf::Timestamp::new_utc);
    let standards =
        typst_pdf::PdfStandards::new(target.pdf_standards(context.standard)).map_err(|error| {
            RenderError::Template {
                target: target.name(),
                message: error.message().to_string(),
            }
        })?;
    Ok(typst_pdf::PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(format!("deckhand {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        standards,
        ..Default::default()
    })
}

/// The document's `/data.json`, and the same without the planned slides,
/// which the identifier is made from: the slides follow from the rest of the
/// data and the theme, which it holds, and so the files made before the
/// plan made the slides keep their identifiers. Through a JSON value, whose
/// keys are sorted: the bytes do not depend on the order of the fields in
/// the Rust types.
fn data_bytes(data: &Document) -> serde_json::Result<(Vec<u8>, Vec<u8>)> {
    let mut value = serde_json::to_value(data)?;
    let bytes = serde_json::to_vec(&value)?;
    let blocks = value["sections"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .flat_map(|section| section["blocks"].as_array_mut().into_iter().flatten());
    for block in blocks {
        if let Some(fields) = block.as_object_mut() {
            fields.remove("slides");
        }
    }
    Ok((bytes, serde_json::to_vec(&value)?))
}

/// The play areas of a document's scenes, as its data gives them.
fn clip_launches(data: &Document) -> Vec<ClipLaunch> {
    data.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match &b.content {
            Content::Scene(scene) => scene.video.as_ref(),
            _ => None,
        })
        .map(|video| ClipLaunch {
            marker: video.link.clone(),
            launch: video.launch.clone(),
            alt: video.alt.clone(),
        })
        .collect()
}

/// A rendered document and how long it took.
pub type Timed = (Rendered, Duration);

/// Renders the `targets` of `plan` that it has content for, sorted by
/// target. The slides go on one thread; the handout and the role cards are
/// laid out, then the guide (whose preparation list gives their page counts)
/// on another while their PDFs are made.
pub fn render_documents(
    plan: &Plan<'_>,
    stills: &[PreparedStill],
    theme: &Theme,
    targets: &[DocumentKind],
    context: Context<'_>,
) -> Result<Vec<Timed>, RenderError> {
    let wants = |target: DocumentKind| targets.contains(&target) && target.has_content(plan);
    let context = &context;
    let render = |target, pages: [Option<usize>; 2]| -> Result<Timed, RenderError> {
        let started = Instant::now();
        let context = Context {
            handout_pages: pages[0],
            roles_pages: pages[1],
            ..*context
        };
        let rendered = lay_out(plan, stills, theme, target, &context)?.finish()?;
        Ok((rendered, started.elapsed()))
    };
    let mut rendered: Vec<Result<Timed, RenderError>> = std::thread::scope(|scope| {
        let slides = wants(DocumentKind::Slides)
            .then(|| scope.spawn(move || render(DocumentKind::Slides, [None; 2])));
        // The guide needs the handout's and the role cards' page counts. A
        // rebuild (`watch`) starts it at once with the last build's counts,
        // and lays it out again only if they changed.
        let early_guide = wants(DocumentKind::Guide)
            .then(|| context.cache.paper_pages(context.name))
            .flatten()
            .map(|pages| {
                (
                    pages,
                    scope.spawn(move || render(DocumentKind::Guide, pages)),
                )
            });
        let mut documents = Vec::new();
        let mut pages = [None; 2];
        let mut finishing = Vec::new();
        for (i, paper) in [DocumentKind::Handout, DocumentKind::Roles]
            .into_iter()
            .enumerate()
        {
            let for_guide = wants(DocumentKind::Guide) && paper.has_content(plan);
            if !wants(paper) && !for_guide {
                continue;
            }
            let started = Instant::now();
            match lay_out(plan, stills, theme, paper, context) {
                Ok(laid_out) => {
                    pages[i] = Some(laid_out.page_count());
                    if wants(paper) {
                        finishing.push((
                            paper,
                            scope.spawn(move || -> Result<Timed, RenderError> {
                                let rendered = laid_out.finish()?;
                                Ok((rendered, started.elapsed()))
                            }),
                        ));
                    }
                }
                // A guide asked for alone goes on without the page count.
                Err(error) if wants(paper) => documents.push(Err(error)),
                Err(_) => {}
            }
        }
        if wants(DocumentKind::Guide) {
            context.cache.remember_paper_pages(context.name, pages);
            documents.push(guide(early_guide, pages, render));
        }
        finishing.extend(slides.map(|thread| (DocumentKind::Slides, thread)));
        for (target, thread) in finishing {
            documents.push(thread.join().unwrap_or_else(|_| Err(stopped(target))));
        }
        documents
    });
    rendered.sort_by_key(|result| result.as_ref().map(|(r, _)| r.target).ok());
    in_one_report(rendered)
}

/// A document being rendered on a thread of its own.
type Rendering<'scope> = ScopedJoinHandle<'scope, Result<Timed, RenderError>>;

/// The guide with the paper documents' `pages`: the one started `early`
/// when it guessed them right, else laid out again with them.
fn guide(
    early: Option<([Option<usize>; 2], Rendering<'_>)>,
    pages: [Option<usize>; 2],
    render: impl Fn(DocumentKind, [Option<usize>; 2]) -> Result<Timed, RenderError>,
) -> Result<Timed, RenderError> {
    match early {
        Some((expected, thread)) if expected == pages => thread
            .join()
            .unwrap_or_else(|_| Err(stopped(DocumentKind::Guide))),
        Some((_, thread)) => {
            let _ = thread.join();
            render(DocumentKind::Guide, pages)
        }
        None => render(DocumentKind::Guide, pages),
    }
}

/// A document whose thread ended without one.
fn stopped(target: DocumentKind) -> RenderError {
    RenderError::Template {
        target: target.name(),
        message: "the renderer stopped unexpectedly".into(),
    }
}

/// The documents, or what stopped them: a theme folder's problems in every
/// document that met them, each said once, so that one build shows them all.
fn in_one_report(rendered: Vec<Result<Timed, RenderError>>) -> Result<Vec<Timed>, RenderError> {
    let mut documents = Vec::new();
    let mut in_theme: Option<(&'static str, Vec<Diagnostic>)> = None;
    for result in rendered {
        match result {
            Ok(document) => documents.push(document),
            Err(RenderError::ThemeFile {
                target,
                diagnostics,
            }) => {
                let (_, found) = in_theme.get_or_insert((target, Vec::new()));
                for diagnostic in diagnostics {
                    if !found.contains(&diagnostic) {
                        found.push(diagnostic);
                    }
                }
            }
            Err(other) => return Err(other),
        }
    }
    match in_theme {
        Some((target, diagnostics)) => Err(RenderError::ThemeFile {
            target,
            diagnostics,
        }),
        None => Ok(documents),
    }
}

/// The documents rendered lately, by everything that shapes them: an outline
/// rebuilt by `watch` after an edit that changes one document's data
/// renders only that document. Kept by whoever runs the builds.
#[derive(Debug, Default)]
pub struct DocumentCache {
    recent: Mutex<HashMap<String, Rendered>>,
    /// The handout's and role cards' page counts at each outline's (and
    /// variant's) last build, by its name.
    paper_pages: Mutex<HashMap<String, [Option<usize>; 2]>>,
}

impl DocumentCache {
    fn paper_pages(&self, name: &str) -> Option<[Option<usize>; 2]> {
        self.paper_pages.lock().ok()?.get(name).copied()
    }

    fn remember_paper_pages(&self, name: &str, pages: [Option<usize>; 2]) {
        if let Ok(mut known) = self.paper_pages.lock() {
            known.insert(name.to_string(), pages);
        }
    }

    fn get(&self, key: &str) -> Option<Rendered> {
        self.recent.lock().ok()?.get(key).cloned()
    }

    /// Keeps the last few documents.
    fn remember(&self, key: String, rendered: &Rendered) {
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() >= 12 {
                recent.clear();
            }
            recent.insert(key, rendered.clone());
        }
    }
}

/// Feeds a theme's templates and files, with their paths, to a document's identifier.
fn hash_theme(hash: &mut Fnv1a, theme: &Theme) {
    for (path, text) in theme.files() {
        hash.write(path.as_bytes());
        hash.write(text.as_bytes());
    }
    for (path, bytes) in theme.binaries() {
        hash.write(path.as_bytes());
        hash.write(bytes);
    }
}

/// The PDF's identifier, derived from everything that shapes the document, so
/// that the same inputs give the same file and different inputs a different one.
fn content_ident(
    target: DocumentKind,
    data: &[u8],
    theme: &Theme,
    stills: &[PreparedStill],
    extra_fonts: &[Font],
) -> String {
    let mut hash = Fnv1a::default();
    hash.write(target.name().as_bytes());
    hash.write(data);
    hash_theme(&mut hash, theme);
    for still in stills {
        // Typst's `Bytes` hash their content once and keep the result.
        still.bytes.hash(&mut hash);
        still.card_bytes.hash(&mut hash);
    }
    for font in extra_fonts {
        font.hash(&mut hash);
    }
    format!("deckhand-{}-{:016x}", target.name(), hash.finish())
}

/// Reads the `<deckhand-slide>` markers the templates put at the top of each
/// slide (`(id: "b3", step: 2)`): which slide and reveal step each page
/// shows, and the slides that ran over one page.
fn page_slides(
    document: &PagedDocument,
    page_count: usize,
) -> (Vec<Option<SlideId>>, Vec<Option<u32>>, Vec<SlideId>) {
    let Some(label) = Label::new(PicoStr::intern("deckhand-slide")) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let introspector = document.introspector();
    let mut starts: Vec<(usize, SlideId, Option<u32>)> = introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let value = content.to_packed::<MetadataElem>()?.value.clone();
            // A theme folder's own `slides.typ` may mark a slide by its id alone.
            let (id, step) = match value.clone().cast::<Dict>() {
                Ok(marker) => (
                    marker.get("id").ok()?.clone().cast::<String>().ok()?,
                    marker
                        .get("step")
                        .ok()
                        .and_then(|s| s.clone().cast::<u32>().ok()),
                ),
                Err(_) => (value.cast::<String>().ok()?, None),
            };
            let page = introspector.page(content.location()?)?;
            Some((page.get() - 1, id.parse().ok()?, step))
        })
        .collect();
    starts.sort_by_key(|(page, _, _)| *page);
    let mut pages = Vec::with_capacity(page_count);
    let mut steps = Vec::with_capacity(page_count);
    let mut overflowing: Vec<SlideId> = Vec::new();
    for page in 0..page_count {
        let start = starts.iter().rev().find(|(start, _, _)| *start <= page);
        let starts_here = starts.iter().any(|(start, _, _)| *start == page);
        if let Some((_, id, _)) = start
            && !starts_here
            && !overflowing.contains(id)
        {
            overflowing.push(*id);
        }
        pages.push(start.map(|(_, id, _)| *id));
        steps.push(start.and_then(|(_, _, step)| *step));
    }
    (pages, steps, overflowing)
}

/// Which pages show a whole slide: every page but the earlier steps of a
/// slide revealed step by step (the pages of its last step are whole). The
/// pictures of a deck (its pages as PNG, its contact sheet) show these.
pub fn whole_pages(page_slides: &[Option<SlideId>], page_steps: &[Option<u32>]) -> Vec<bool> {
    let step = |page: usize| page_steps.get(page).copied().flatten();
    let mut whole = Vec::with_capacity(page_slides.len());
    let mut start = 0;
    // The pages of one slide follow each other: a run of the same slide.
    for run in page_slides.chunk_by(|a, b| a.is_some() && a == b) {
        let pages = start..start + run.len();
        let last = pages.clone().filter_map(step).max();
        whole.extend(pages.map(|page| step(page).is_none() || step(page) == last));
        start += run.len();
    }
    whole
}

/// Whether a run of text in `frame` (whose left edge is at `left` points,
/// drawn at `scale`) reaches past the page's right edge at `edge` points: a
/// word too long for its line is laid out beyond the page and cut off there.
fn text_past_the_edge(frame: &typst::layout::Frame, left: f64, scale: f64, edge: f64) -> bool {
    use typst::layout::FrameItem;
    // Glyphs' side bearings may stray a little; a cut word strays by far more.
    const TOLERANCE: f64 = 1.0;
    frame.items().any(|(position, item)| {
        let x = left + position.x.to_pt() * scale;
        match item {
            FrameItem::Group(group) => {
                let sx = group.transform.sx.get();
                text_past_the_edge(
                    &group.frame,
                    x + group.transform.tx.to_pt() * scale,
                    scale * sx,
                    edge,
                )
            }
            FrameItem::Text(text) => x + text.width().to_pt() * scale > edge + TOLERANCE,
            _ => false,
        }
    })
}

/// Typst's failure as a [`RenderError`]: at the theme folder's file and line
/// when the error (or a call leading to it) is in one of its files.
fn template_error(
    target: &'static str,
    theme: &Theme,
    error: &typst_as_lib::TypstAsLibError,
) -> RenderError {
    if let typst_as_lib::TypstAsLibError::TypstSource(diagnostics) = error {
        let mut located: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == TypstSeverity::Error)
            .filter_map(|d| typst_errors::in_theme_file(d, theme))
            .collect();
        crate::diag::sort(&mut located);
        let located = first_of_each_file(located);
        if !located.is_empty() {
            return RenderError::ThemeFile {
                target,
                diagnostics: located,
            };
        }
    }
    RenderError::Template {
        target,
        message: describe_typst_error(error),
    }
}

/// The first error of each file, with how many follow it: after a missing
/// quote, the rest of a template's errors are its echoes.
fn first_of_each_file(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut firsts: Vec<(Diagnostic, usize)> = Vec::new();
    for error in errors {
        match firsts
            .iter_mut()
            .find(|(first, _)| first.source == error.source)
        {
            Some((_, more)) => *more += 1,
            None => firsts.push((error, 0)),
        }
    }
    firsts
        .into_iter()
        .map(|(first, more)| match more {
            0 => first,
            1 => first.with_hint("1 more error follows in this file; it may go away with this one"),
            n => first.with_hint(format!(
                "{n} more errors follow in this file; they may go away with this one"
            )),
        })
        .collect()
}

/// The document's PDF, and the characters no font draws that made it drop
/// its standards' claim. A trainer's text never fails the build for want of
/// a glyph: when the only rule the PDF breaks is a character drawn as a box
/// (tofu), which PDF/UA-1 and PDF/A forbid, it is written again, tagged as
/// before, claiming no standard (the outline's warnings say where and which
/// files). Any other broken rule is an error.
fn export_pdf(
    target: DocumentKind,
    theme: &Theme,
    document: &PagedDocument,
    mut options: typst_pdf::PdfOptions,
) -> Result<(Vec<u8>, Vec<char>), RenderError> {
    let errors = match typst_pdf::pdf(document, &options) {
        Ok(pdf) => return Ok((pdf, Vec::new())),
        Err(errors) => errors,
    };
    let errors: Vec<&SourceDiagnostic> = errors
        .iter()
        .filter(|d| d.severity == TypstSeverity::Error)
        .collect();
    let mut unprintable: Vec<char> = Vec::new();
    for text in errors.iter().filter_map(|d| unprintable_text(&d.message)) {
        for c in text.chars() {
            if !unprintable.contains(&c) {
                unprintable.push(c);
            }
        }
    }
    let only_tofu = errors
        .iter()
        .all(|d| unprintable_text(&d.message).is_some());
    if unprintable.is_empty() || !only_tofu {
        let others: Vec<&SourceDiagnostic> = errors
            .into_iter()
            .filter(|d| unprintable_text(&d.message).is_none())
            .collect();
        return Err(pdf_error(target, theme, &others));
    }
    options.standards = typst_pdf::PdfStandards::default();
    debug_assert!(options.tagged, "a PDF without its claim is still tagged");
    let pdf = typst_pdf::pdf(document, &options).map_err(|errors| {
        let errors: Vec<&SourceDiagnostic> = errors.iter().collect();
        pdf_error(target, theme, &errors)
    })?;
    Ok((pdf, unprintable))
}

/// Typst's refusal to write a PDF (a rule of PDF/UA-1 or PDF/A-2a broken) as
/// a [`RenderError`]: at the theme folder's file and line when the cause is in
/// one of its files, like a template error.
fn pdf_error(target: DocumentKind, theme: &Theme, errors: &[&SourceDiagnostic]) -> RenderError {
    let errors: Vec<&SourceDiagnostic> = errors
        .iter()
        .copied()
        .filter(|d| d.severity == TypstSeverity::Error)
        .collect();
    let located: Vec<Diagnostic> = errors
        .iter()
        .filter_map(|d| typst_errors::in_theme_file(d, theme))
        .collect();
    if !located.is_empty() {
        return RenderError::ThemeFile {
            target: target.name(),
            diagnostics: located,
        };
    }
    let mut hints: Vec<String> = errors
        .iter()
        .flat_map(|d| d.hints.iter().map(|h| h.v.to_string()))
        .collect();
    let mut message = Vec::new();
    for error in &errors {
        match typst_errors::broken_standard(&error.message) {
            Some((rule, standards)) => message.push(format!("{rule} (required by {standards})")),
            None => message.push(error.message.to_string()),
        }
    }
    if errors
        .iter()
        .any(|d| typst_errors::broken_standard(&d.message).is_some())
    {
        hints.push(typst_errors::WITHOUT_STANDARDS.into());
    }
    hints.dedup();
    RenderError::Pdf {
        target: target.name(),
        message: message.join("; "),
        hints,
    }
}

/// The text of Typst's "the text `\"漢字\"` could not be displayed with font …",
/// which PDF/UA-1 and PDF/A refuse: characters no font has.
fn unprintable_text(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("the text `")?;
    let (quoted, _) = rest.split_once("` could not be displayed")?;
    Some(quoted.trim_matches('"').to_string())
}

fn describe_typst_error(error: &typst_as_lib::TypstAsLibError) -> String {
    match error {
        typst_as_lib::TypstAsLibError::TypstSource(diagnostics) => diagnostics
            .iter()
            .filter(|d| d.severity == TypstSeverity::Error)
            .map(|d| d.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: the pages that show a whole slide are those of slides
    /// without steps and the last step of each revealed slide (with the
    /// page it runs onto), whatever comes before or after.
    #[test]
    fn whole_pages_are_each_slides_last_step() {
        use crate::plan::{BlockId, SlidePart};
        let b = |n| Some(SlideId::Block(BlockId(n), SlidePart::Page(1)));
        let slides = [
            Some(SlideId::Title),
            b(1),
            b(1),
            b(2),
            b(3),
            b(3),
            b(3),
            None,
        ];
        let steps = [
            None,
            Some(1),
            Some(2),
            None,
            Some(1),
            Some(2),
            Some(2),
            None,
        ];
        assert_eq!(
            whole_pages(&slides, &steps),
            [true, false, true, true, false, true, true, true]
        );
    }

    fn compile(main: &'static str) -> Result<PagedDocument, String> {
        let engine = engine(
            vec![("/main.typ", main)],
            vec![("/data.json", Bytes::new(b"{}".to_vec()))],
            &[],
        );
        engine
            .compile::<_, PagedDocument>("/main.typ")
            .output
            .map_err(|e| describe_typst_error(&e))
    }

    /// Proves: the `typst compile` line of an emitted project asks for the
    /// standards deckhand builds each document to.
    #[test]
    fn the_emitted_command_names_the_same_standards() {
        for target in DocumentKind::ALL {
            let named: Vec<typst_pdf::PdfStandard> = target
                .pdf_standard_names()
                .split(',')
                .map(|name| serde_json::from_value(name.into()).expect("a standard"))
                .collect();
            assert_eq!(named, target.pdf_standards(PdfStandard::Ua1));
        }
    }

    /// Proves: the characters of Typst's refusal of a glyph no font has are
    /// found, and other messages are not taken for one.
    #[test]
    fn unprintable_characters_are_read_from_typsts_message() {
        let message = "PDF/UA-1, PDF/A-2a error: the text `\"漢字\"` could not be displayed with font \"Inter\"";
        assert_eq!(unprintable_text(message).as_deref(), Some("漢字"));
        assert_eq!(unprintable_text("PDF/UA-1 error: missing alt text"), None);
    }

    /// Proves: Typst reads only what deckhand hands it, by virtual path:
    /// no file of the disk, by any path, and no package (so no network).
    #[test]
    fn typst_sees_no_disk_and_no_network() {
        assert!(compile("#read(\"/data.json\")").is_ok());
        for probe in [
            "#read(\"/etc/passwd\")",
            "#read(\"../../../../etc/passwd\")",
            "#read(\"Cargo.toml\")",
            "#image(\"/etc/hostname\")",
            "#include \"/etc/passwd\"",
            "#import \"/proc/self/environ\": *",
            "#import \"@preview/cetz:0.3.0\": *",
            "#plugin(\"/usr/lib/x.wasm\")",
        ] {
            let error = compile(probe).expect_err(probe);
            assert!(
                error.contains("not found") || error.contains("would escape"),
                "{probe}: {error}"
            );
        }
    }
}
