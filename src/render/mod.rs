//! Typst as a library: the outline's data and the theme's templates in, PDF pages out.

mod data;
mod pdfpc;
mod project;

pub use data::{Audience, document_data};
pub use pdfpc::pdfpc;
pub use project::typst_project;

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use typst::diag::Severity as TypstSeverity;
use typst::foundations::{Bytes, Datetime, Label, Selector, Smart};
use typst::introspection::{Introspector, MetadataElem};
use typst::text::Font;
use typst::utils::PicoStr;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::assets::{PreparedStill, bundled_fonts};
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
#[derive(Debug)]
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
}

/// Why Typst could not make a document.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the {target} template failed: {message}")]
    Template {
        target: &'static str,
        message: String,
    },
    #[error("could not write the {target} PDF: {message}")]
    Pdf {
        target: &'static str,
        message: String,
    },
}

fn fonts() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        bundled_fonts()
            .into_iter()
            .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
            .collect()
    })
}

/// What a document needs to know beyond the outline.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// The PDF's date when the outline has none.
    pub fallback_date: Date,
    /// The handout's length, for the guide's preparation list.
    pub handout_pages: Option<usize>,
}

/// Renders `target` for `outline`.
pub fn render(
    outline: &Outline,
    stills: &[PreparedStill],
    theme: &Theme,
    target: Target,
    context: &Context,
) -> Result<Rendered, RenderError> {
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
    let mut binaries: Vec<(&str, Bytes)> = vec![("/data.json", Bytes::new(data_bytes.clone()))];
    binaries.extend(stills.iter().flat_map(|s| {
        [
            (s.virtual_path.as_str(), s.bytes.clone()),
            (s.card_path.as_str(), s.card_bytes.clone()),
        ]
    }));
    let ident = content_ident(target, &data_bytes, theme, stills);
    let main = format!("/{}.typ", target.name());
    let engine = TypstEngine::builder()
        .fonts(fonts().iter().cloned())
        .with_static_source_file_resolver(theme.files())
        .with_static_file_resolver(binaries)
        .build();
    let warned = engine.compile::<_, PagedDocument>(main.as_str());
    let document = warned.output.map_err(|error| RenderError::Template {
        target: target.name(),
        message: describe_typst_error(&error),
    })?;

    let date = outline.date().unwrap_or(context.fallback_date);
    let timestamp = Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .map(typst_pdf::Timestamp::new_utc);
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(format!("deckhand {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| RenderError::Pdf {
        target: target.name(),
        message: errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    })?;
    let page_count = document.pages().len();
    let (page_slides, overflowing) = page_slides(&document, page_count);
    Ok(Rendered {
        target,
        pdf,
        page_count,
        page_slides,
        overflowing,
        data: data_bytes,
    })
}

/// The PDF's identifier, derived from everything that shapes the document, so
/// that the same inputs give the same file and different inputs a different one.
fn content_ident(target: Target, data: &[u8], theme: &Theme, stills: &[PreparedStill]) -> String {
    let mut hash = Fnv1a::default();
    hash.write(target.name().as_bytes());
    hash.write(data);
    for (path, text) in theme.files() {
        hash.write(path.as_bytes());
        hash.write(text.as_bytes());
    }
    for still in stills {
        // Typst's `Bytes` hash their content once and keep the result.
        still.bytes.hash(&mut hash);
        still.card_bytes.hash(&mut hash);
    }
    format!("deckhand-{}-{:016x}", target.name(), hash.finish())
}

/// FNV-1a: tiny, and stable across Rust versions, unlike `DefaultHasher`.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
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
