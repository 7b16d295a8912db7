//! The slides as one image of thumbnails, four to a row: `<name>-contact.png`, for pull requests and READMEs.

use super::{Export, ExportError, File, Made, Needs};
use crate::plan::DocumentKind;

pub struct ContactSheet;

const FILE: &str = "contact.png";

impl Export for ContactSheet {
    fn format(&self) -> &'static str {
        "contact-sheet"
    }

    fn needs(&self) -> Needs {
        Needs {
            contact_sheet: true,
            ..Needs::default()
        }
    }

    fn files(&self, made: &Made<'_>) -> Result<Vec<File>, ExportError> {
        let sheet = made.rendered.contact_sheet.as_ref();
        Ok(sheet
            .map(|sheet| (made.names.file(FILE), sheet.clone()))
            .into_iter()
            .collect())
    }

    fn file_names(&self, kind: DocumentKind) -> Vec<String> {
        match kind {
            DocumentKind::Slides => vec![FILE.to_string()],
            _ => Vec::new(),
        }
    }
}
