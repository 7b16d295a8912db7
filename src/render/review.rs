//! The review PDF of `deckhand diff`: `review.typ` with the new version's
//! slide data and the review's, compiled like any other document.

use std::hash::{Hash, Hasher};
use std::time::Duration;

use typst::foundations::{Bytes, Datetime, Smart};
use typst::text::Font;
use typst_layout::PagedDocument;

use super::{RenderError, engine, hash_theme, png, template_error};
use crate::assets::{Fnv1a, PreparedStill};
use crate::outline::Date;
use crate::theme::Theme;

/// What the review is made from besides its data.
#[derive(Clone, Copy)]
pub struct ReviewContext<'a> {
    /// The PDF's date.
    pub date: Date,
    /// Fonts besides the bundled ones.
    pub extra_fonts: &'a [Font],
    /// Each page as a PNG at this many pixels per inch, instead of the PDF.
    pub pages_ppi: Option<u32>,
    /// How long the review may take (a theme's code may loop).
    pub time_limit: Duration,
}

/// The review made: its PDF, or its pages as PNGs.
#[derive(Clone, Debug)]
pub struct ReviewPages {
    pub pdf: Vec<u8>,
    pub pngs: Vec<Vec<u8>>,
    pub page_count: usize,
}

const TARGET: &str = "review";

/// Renders the review: `data` is the new version's slide data
/// (`/data.json`), `review` the review's own (`/review.json`), `stills`
/// the pictures of both versions.
pub fn render_review(
    data: &[u8],
    review: &[u8],
    theme: &Theme,
    stills: &[PreparedStill],
    context: ReviewContext<'_>,
) -> Result<ReviewPages, RenderError> {
    let mut binaries: Vec<(&str, Bytes)> = theme
        .binaries()
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::new(bytes.to_vec())))
        .collect();
    binaries.push(("/data.json", Bytes::new(data.to_vec())));
    binaries.push(("/review.json", Bytes::new(review.to_vec())));
    binaries.extend(stills.iter().flat_map(|s| {
        [
            (s.virtual_path.as_str(), s.bytes.clone()),
            (s.card_path.as_str(), s.card_bytes.clone()),
        ]
    }));
    let engine = engine(theme.files(), binaries, context.extra_fonts);
    let watch = crate::limits::rendering(&theme.name, context.time_limit);
    let warned = engine.compile::<_, PagedDocument>("/review.typ");
    let document = warned
        .output
        .map_err(|error| template_error(TARGET, theme, &error))?;
    let page_count = document.pages().len();
    if let Some(ppi) = context.pages_ppi {
        let pngs = png::page_pngs(&document, ppi).map_err(|message| RenderError::Png {
            target: TARGET,
            message,
        })?;
        drop(watch);
        return Ok(ReviewPages {
            pdf: Vec::new(),
            pngs,
            page_count,
        });
    }
    let date = context.date;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(identifier(data, review, theme, stills)),
        creator: Smart::Custom(Some(format!("deckhand {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
            .map(typst_pdf::Timestamp::new_utc),
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| RenderError::Pdf {
        target: TARGET,
        message: errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        hints: Vec::new(),
    })?;
    drop(watch);
    Ok(ReviewPages {
        pdf,
        pngs: Vec::new(),
        page_count,
    })
}

/// The PDF's identifier, from everything that shapes it: the same review
/// gives the same file.
fn identifier(data: &[u8], review: &[u8], theme: &Theme, stills: &[PreparedStill]) -> String {
    let mut hash = Fnv1a::default();
    hash.write(data);
    hash.write(review);
    hash_theme(&mut hash, theme);
    for still in stills {
        still.bytes.hash(&mut hash);
    }
    format!("deckhand-review-{:016x}", hash.finish())
}
