//! The output formats: each one a module that turns a rendered document, its plan's slides and the facilitator's data into named files.
//!
//! Typst lays a document out once (`render`); each format chosen on the
//! command line then makes its files from what every format shares, a
//! [`Made`]. Adding a format is a module here and its line in [`EXPORTS`]
//! (CONTRIBUTING.md, "Adding an output format").

mod contact_sheet;
mod html;
mod pdf;
mod pdfpc;
mod png;
mod pptx;

use std::path::PathBuf;

use crate::assets::PreparedStill;
use crate::output::Names;
use crate::plan::{Document, DocumentKind, Plan, PlannedSlide};
use crate::render::{Images, Rendered};
use crate::theme::Theme;

/// Every output format, in the order their files are listed.
pub static EXPORTS: &[&dyn Export] = &[
    &contact_sheet::ContactSheet,
    &html::Html,
    &pdf::Pdf,
    &pdfpc::Pdfpc,
    &png::Pages,
    &pptx::Pptx,
];

/// One output format.
pub trait Export: Sync {
    /// The `--format` value that asks for it: `pdf`, `png`. Formats that
    /// share a value are made together (`pdf`: the PDFs and the pdfpc notes).
    fn format(&self) -> &'static str;

    /// What it needs Typst to make of each document.
    fn needs(&self) -> Needs;

    /// Its files for one rendered document (none for a document it has nothing for).
    fn files(&self, made: &Made<'_>) -> Result<Vec<File>, ExportError>;

    /// The fixed names of the files it may write for `kind` (`slides.pdf`),
    /// for clearing what a killed build left beside them.
    fn file_names(&self, _kind: DocumentKind) -> Vec<String> {
        Vec::new()
    }

    /// Files of an earlier build that it no longer makes, beside the ones it
    /// made now: the pages of a deck that was longer.
    fn leftover(&self, _names: &Names, _kind: DocumentKind, _made: &[PathBuf]) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// A file to write: where, and its bytes.
pub type File = (PathBuf, Vec<u8>);

/// Why a format could not make its files.
#[derive(Debug, thiserror::Error)]
#[error("could not make the {document} as `{format}`: {message}")]
pub struct ExportError {
    pub format: &'static str,
    pub document: &'static str,
    pub message: String,
}

/// What a format needs Typst to make of a document besides its layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// The PDF.
    pub pdf: bool,
    /// Each page as a PNG.
    pub pages: bool,
    /// The slides as one contact sheet.
    pub contact_sheet: bool,
    /// The slides as SVG pages, with their play areas.
    pub svg: bool,
}

/// What every format makes its files from: one rendered document, and what
/// all documents of the plan share.
pub struct Made<'a> {
    pub plan: &'a Plan<'a>,
    /// The deck's slides, as the plan made them.
    pub slides: &'a [PlannedSlide],
    /// The facilitator's data (everything, notes and hints included).
    pub facilitator: &'a Document,
    pub rendered: &'a Rendered,
    /// Where the files go, and how they are called.
    pub names: &'a Names,
    /// The theme the document was drawn with: formats Typst does not draw
    /// read its colours and fonts from it.
    pub theme: &'a Theme,
    /// The prepared pictures, by the path the data gives them.
    pub stills: &'a [PreparedStill],
    /// Whether a format with notes pages (the PowerPoint deck) writes the
    /// facilitator's notes, hints and cues in them (`--no-notes`: not).
    pub speaker_notes: bool,
    /// The cut clips a format embeds (`--pptx-clips embed`), by the path the
    /// slides link them by; empty otherwise.
    pub clips: &'a [EmbeddedClip],
}

/// A clip cut to a file of its own, read to be embedded.
#[derive(Clone, Debug)]
pub struct EmbeddedClip {
    /// The path the slides link it by: `clips/love-actually-1h02m10s-1h04m30s.mp4`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The `--format` values, each once, in the order of [`EXPORTS`].
pub fn formats() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for export in EXPORTS {
        if !names.contains(&export.format()) {
            names.push(export.format());
        }
    }
    names
}

/// The formats that `formats` (`--format` values) ask for.
pub fn chosen(formats: &[&str]) -> Vec<&'static dyn Export> {
    EXPORTS
        .iter()
        .copied()
        .filter(|export| formats.contains(&export.format()))
        .collect()
}

/// What Typst must make of each document for `exports`, pages at `ppi`.
pub fn images(exports: &[&dyn Export], ppi: u32) -> Images {
    let needs = |wanted: fn(Needs) -> bool| exports.iter().any(|e| wanted(e.needs()));
    Images {
        no_pdf: !needs(|n| n.pdf),
        pages_ppi: needs(|n| n.pages).then_some(ppi),
        contact_sheet: needs(|n| n.contact_sheet),
        svg: needs(|n| n.svg),
    }
}

/// Every fixed file name any format may write for a document of a build.
pub fn file_names() -> Vec<String> {
    DocumentKind::ALL
        .iter()
        .flat_map(|&kind| EXPORTS.iter().flat_map(move |e| e.file_names(kind)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: the `--format` values are the registered formats', each once,
    /// and `pdf` makes the PDFs and the pdfpc notes together.
    #[test]
    fn formats_are_named_once_and_chosen_together() {
        let names = formats();
        for name in ["contact-sheet", "html", "pdf", "png", "pptx"] {
            assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{names:?}");
        }
        let pdf: Vec<&str> = chosen(&["pdf"]).iter().map(|e| e.format()).collect();
        assert_eq!(pdf, ["pdf", "pdf"]);
        assert_eq!(
            images(&chosen(&["png"]), 144),
            Images {
                no_pdf: true,
                pages_ppi: Some(144),
                contact_sheet: false,
                svg: false
            }
        );
    }

    /// Proves: the fixed file names hold every document's PDF, the pdfpc
    /// notes and the contact sheet, the files a killed build may leave
    /// half-written.
    #[test]
    fn the_fixed_file_names_are_every_documents() {
        let names = file_names();
        for name in [
            "contact.png",
            "slides.pdf",
            "slides.pdfpc",
            "handout.pdf",
            "guide.pdf",
            "roles.pdf",
            "slides.pptx",
        ] {
            assert!(names.iter().any(|n| n == name), "{names:?}");
        }
    }
}
