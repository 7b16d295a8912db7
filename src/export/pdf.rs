//! Each document as a PDF, as Typst made it: `<name>-slides.pdf`, `<name>-handout.pdf`, ….

use super::{Export, ExportError, File, Made, Needs};
use crate::plan::DocumentKind;

pub struct Pdf;

impl Export for Pdf {
    fn format(&self) -> &'static str {
        "pdf"
    }

    fn needs(&self) -> Needs {
        Needs {
            pdf: true,
            ..Needs::default()
        }
    }

    fn files(&self, made: &Made<'_>) -> Result<Vec<File>, ExportError> {
        let kind = made.rendered.target;
        Ok(vec![(
            made.names.file(&file_name(kind)),
            made.rendered.pdf.clone(),
        )])
    }

    fn file_names(&self, kind: DocumentKind) -> Vec<String> {
        vec![file_name(kind)]
    }
}

fn file_name(kind: DocumentKind) -> String {
    format!("{}.pdf", kind.name())
}
