//! Typst as a library: the outline's data and the theme's templates in, PDF pages out.

mod data;
mod pdfpc;
mod png;
mod project;
mod typst_errors;

pub use data::{Audience, document_data};
pub use pdfpc::pdfpc;
pub use png::{COLUMNS, GAP, THUMBNAIL_WIDTH, sheet_size};
pub use project::typst_project;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use typst::diag::Severity as TypstSeverity;
use typst::foundations::{Bytes, Datetime, Label, Selector, Smart};
use typst::introspection::{Introspector, MetadataElem};
use typst::syntax::{FileId, RootedPath, VirtualPath, VirtualRoot};
use typst::text::Font;
use typst::utils::PicoStr;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::assets::{Fnv1a, FontFile, PreparedStill, bundled_fonts, needs_no_glyph};
use crate::diag::Diagnostic;
use crate::outline::{Date, Outline};
use crate::theme::Theme;

/// The documents deckhand makes from one outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Slides,
    Handout,
    Guide,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Slides, Target::Handout, Target::Guide];

    pub fn name(self) -> &'static str {
        match self {
            Target::Slides => "slides",
            Target::Handout => "handout",
            Target::Guide => "guide",
        }
    }

    fn audience(self) -> Audience {
        match self {
            Target::Slides => Audience::Room,
            Target::Handout => Audience::Participants,
            Target::Guide => Audience::Facilitator,
        }
    }
}

/// A rendered document: its PDF and, for slides, which block each page shows.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub target: Target,
    pub pdf: Vec<u8>,
    pub page_count: usize,
    /// For each page, the id of the slide (`title`, `agenda`, `s1`, `b3`, `b3/2`) it shows.
    pub page_slides: Vec<String>,
    /// Slides whose content ran onto more than one page.
    pub overflowing: Vec<String>,
    /// The document's `/data.json`, for `--emit-typst`.
    pub data: Vec<u8>,
    /// Each page as a PNG, when [`Images::pages_ppi`] asked for them.
    pub pngs: Vec<Vec<u8>>,
    /// The pages as one contact sheet, when [`Images::contact_sheet`] asked for it.
    pub contact_sheet: Option<Vec<u8>>,
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
    },
}

/// The bundled fonts, parsed once per process.
fn fonts() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        bundled_fonts()
            .into_iter()
            .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
            .collect()
    })
}

/// Parses the fonts a trainer added; files that hold no font are skipped.
pub fn parse_fonts(files: &[FontFile]) -> Vec<Font> {
    files
        .iter()
        .flat_map(|file| Font::iter(Bytes::new(file.bytes.clone())))
        .collect()
}

/// The characters of `text` that neither the bundled fonts nor `extra` can
/// draw, each once, in order of appearance.
pub fn missing_characters(text: &str, extra: &[Font]) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if needs_no_glyph(c) || missing.contains(&c) {
            continue;
        }
        let covered = fonts()
            .iter()
            .chain(extra)
            .any(|font| font.info().coverage.contains(u32::from(c)));
        if !covered {
            missing.push(c);
        }
    }
    missing
}

/// What a document needs to know beyond the outline.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The PDF's date when the outline has none.
    pub fallback_date: Date,
    /// The handout's length, for the guide's preparation list.
    pub handout_pages: Option<usize>,
    /// Fonts from the outline's `fonts/` folder and `--font-path`, after the bundled ones.
    pub extra_fonts: &'a [Font],
    /// Page images to make.
    pub images: Images,
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
    let sources: Vec<(FileId, String)> = sources
        .into_iter()
        .filter_map(|(path, text)| Some((file_id(path)?, text.to_string())))
        .collect();
    let binaries: Vec<(FileId, Bytes)> = binaries
        .into_iter()
        .filter_map(|(path, bytes)| Some((file_id(path)?, bytes)))
        .collect();
    TypstEngine::builder()
        .fonts(fonts().iter().chain(extra_fonts).cloned())
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

/// The Typst file id of a virtual path such as `/slides.typ`.
fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A document after layout, before its PDF and images are made: the page
/// count is known, so the guide can start while the handout is exported.
pub enum LaidOut {
    /// The same inputs were rendered moments ago: nothing left to do.
    Done(Rendered),
    /// Typst's pages, and what making the files needs.
    Pages(Box<Pages>),
}

/// A laid-out document waiting for [`LaidOut::finish`].
pub struct Pages {
    target: Target,
    document: PagedDocument,
    options: typst_pdf::PdfOptions,
    images: Images,
    cache_key: String,
    data: Vec<u8>,
}

impl LaidOut {
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
            LaidOut::Done(rendered) => return Ok(rendered),
            LaidOut::Pages(pages) => pages,
        };
        let Pages {
            target,
            document,
            options,
            images,
            cache_key,
            data,
        } = *pages;
        let pdf = if images.no_pdf {
            Vec::new()
        } else {
            typst_pdf::pdf(&document, &options).map_err(|errors| RenderError::Pdf {
                target: target.name(),
                message: errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            })?
        };
        let png_error = |message| RenderError::Png {
            target: target.name(),
            message,
        };
        let pngs = match images.pages_ppi {
            Some(ppi) => png::page_pngs(&document, ppi).map_err(png_error)?,
            None => Vec::new(),
        };
        let contact_sheet = if images.contact_sheet {
            Some(png::contact_sheet(&document).map_err(png_error)?)
        } else {
            None
        };
        let page_count = document.pages().len();
        let (page_slides, overflowing) = page_slides(&document, page_count);
        let rendered = Rendered {
            target,
            pdf,
            page_count,
            page_slides,
            overflowing,
            data,
            pngs,
            contact_sheet,
        };
        remember_rendered(cache_key, &rendered);
        Ok(rendered)
    }
}

/// Lays out `target` for `outline` with Typst; [`LaidOut::finish`] then makes its files.
pub fn lay_out(
    outline: &Outline,
    stills: &[PreparedStill],
    theme: &Theme,
    target: Target,
    context: &Context<'_>,
) -> Result<LaidOut, RenderError> {
    let mut data = document_data(outline, stills, target.audience());
    if let Some(map) = data.as_object_mut() {
        map.insert(
            "handout_pages".into(),
            serde_json::json!(context.handout_pages),
        );
    }
    let data_bytes = serde_json::to_vec(&data).map_err(|e| RenderError::Template {
        target: target.name(),
        message: e.to_string(),
    })?;
    let mut binaries: Vec<(&str, Bytes)> = theme
        .binaries()
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::new(bytes.to_vec())))
        .collect();
    binaries.push(("/data.json", Bytes::new(data_bytes.clone())));
    binaries.extend(stills.iter().flat_map(|s| {
        [
            (s.virtual_path.as_str(), s.bytes.clone()),
            (s.card_path.as_str(), s.card_bytes.clone()),
        ]
    }));
    let ident = content_ident(target, &data_bytes, theme, stills, context.extra_fonts);
    // The same data, theme and pictures make the same document: a `watch`
    // rebuild after an edit of the speaker notes renders only the guide.
    let cache_key = format!("{ident}-{:?}", context.images);
    if let Some(done) = recently_rendered(&cache_key) {
        return Ok(LaidOut::Done(done));
    }
    let main = format!("/{}.typ", target.name());
    let engine = engine(theme.files(), binaries, context.extra_fonts);
    let warned = engine.compile::<_, PagedDocument>(main.as_str());
    let document = warned
        .output
        .map_err(|error| template_error(target, theme, &error))?;

    let date = outline.date().unwrap_or(context.fallback_date);
    let timestamp = Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .map(typst_pdf::Timestamp::new_utc);
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.clone()),
        creator: Smart::Custom(Some(format!("deckhand {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        ..Default::default()
    };
    Ok(LaidOut::Pages(Box::new(Pages {
        target,
        document,
        options,
        images: context.images,
        cache_key,
        data: data_bytes,
    })))
}

type RenderCache = Mutex<HashMap<String, Rendered>>;

fn render_cache() -> &'static RenderCache {
    static CACHE: OnceLock<RenderCache> = OnceLock::new();
    CACHE.get_or_init(RenderCache::default)
}

fn recently_rendered(ident: &str) -> Option<Rendered> {
    render_cache().lock().ok()?.get(ident).cloned()
}

/// Keeps the last few documents, by identifier.
fn remember_rendered(ident: String, rendered: &Rendered) {
    if let Ok(mut cache) = render_cache().lock() {
        if cache.len() >= 12 {
            cache.clear();
        }
        cache.insert(ident, rendered.clone());
    }
}

/// The PDF's identifier, derived from everything that shapes the document, so
/// that the same inputs give the same file and different inputs a different one.
fn content_ident(
    target: Target,
    data: &[u8],
    theme: &Theme,
    stills: &[PreparedStill],
    extra_fonts: &[Font],
) -> String {
    let mut hash = Fnv1a::default();
    hash.write(target.name().as_bytes());
    hash.write(data);
    for (path, text) in theme.files() {
        hash.write(path.as_bytes());
        hash.write(text.as_bytes());
    }
    for (path, bytes) in theme.binaries() {
        hash.write(path.as_bytes());
        hash.write(bytes);
    }
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

/// Reads the `<deckhand-slide>` markers the templates put at the top of each slide.
fn page_slides(document: &PagedDocument, page_count: usize) -> (Vec<String>, Vec<String>) {
    let Some(label) = Label::new(PicoStr::intern("deckhand-slide")) else {
        return (Vec::new(), Vec::new());
    };
    let introspector = document.introspector();
    let mut starts: Vec<(usize, String)> = introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let id = content
                .to_packed::<MetadataElem>()
                .and_then(|m| m.value.clone().cast::<String>().ok())?;
            let page = introspector.page(content.location()?)?;
            Some((page.get() - 1, id))
        })
        .collect();
    starts.sort_by_key(|(page, _)| *page);
    let mut pages = Vec::with_capacity(page_count);
    let mut overflowing: Vec<String> = Vec::new();
    for page in 0..page_count {
        let id = starts
            .iter()
            .rev()
            .find(|(start, _)| *start <= page)
            .map(|(_, id)| id.clone())
            .unwrap_or_default();
        let starts_here = starts.iter().any(|(start, _)| *start == page);
        if !starts_here && !id.is_empty() && !overflowing.contains(&id) {
            overflowing.push(id.clone());
        }
        pages.push(id);
    }
    (pages, overflowing)
}

/// Typst's failure as a [`RenderError`]: at the theme folder's file and line
/// when the error (or a call leading to it) is in one of its files.
fn template_error(
    target: Target,
    theme: &Theme,
    error: &typst_as_lib::TypstAsLibError,
) -> RenderError {
    if let typst_as_lib::TypstAsLibError::TypstSource(diagnostics) = error {
        let located: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == TypstSeverity::Error)
            .filter_map(|d| typst_errors::in_theme_file(d, theme))
            .collect();
        if !located.is_empty() {
            return RenderError::ThemeFile {
                target: target.name(),
                diagnostics: located,
            };
        }
    }
    RenderError::Template {
        target: target.name(),
        message: describe_typst_error(error),
    }
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

    /// Proves: characters no font has are found, each once; the rest are not.
    #[test]
    fn missing_characters_are_found() {
        assert!(missing_characters("Café « déjà » – 3 × 4 = 12 ’", &[]).is_empty());
        assert_eq!(
            missing_characters("漢字 and 漢 😀\u{FE0F} שלום", &[]),
            vec!['漢', '字', '😀', 'ש', 'ל', 'ו', 'ם']
        );
    }
}
