//! Each page of each document as a PNG, numbered so that the names sort: `<name>-slides-01.png`; of the slides, each slide once, whole (a revealed slide's last step).

use std::path::PathBuf;

use super::{Export, ExportError, File, Made, Needs};
use crate::output::{self, Names};
use crate::plan::DocumentKind;

pub struct Pages;

impl Export for Pages {
    fn format(&self) -> &'static str {
        "png"
    }

    fn needs(&self) -> Needs {
        Needs {
            pages: true,
            ..Needs::default()
        }
    }

    fn files(&self, made: &Made<'_>) -> Result<Vec<File>, ExportError> {
        let name = made.rendered.target.name();
        let whole = made.rendered.whole_pages();
        let pngs: Vec<&Vec<u8>> = made
            .rendered
            .pngs
            .iter()
            .enumerate()
            .filter(|(page, _)| whole.get(*page).copied().unwrap_or(true))
            .map(|(_, png)| png)
            .collect();
        let count = pngs.len();
        Ok(pngs
            .into_iter()
            .enumerate()
            .map(|(index, png)| (made.names.page(name, index, count), png.clone()))
            .collect())
    }

    fn leftover(&self, names: &Names, kind: DocumentKind, made: &[PathBuf]) -> Vec<PathBuf> {
        output::leftover_pages(names, kind.name(), made)
    }
}
