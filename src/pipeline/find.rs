//! Which outlines a build names: the files, and the outlines in the folders.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::outline;
use crate::output;
use crate::paths;

/// Failures of the environment when finding outlines.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("`{0}` is neither an outline (`.yaml`, `.yml`) nor a folder")]
    NotAnOutline(String),
    #[error("cannot list the folder `{path}` ({source})")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Expands folders into the outlines they hold, sorted by name, each once,
/// with a warning for each folder that holds none. A folder build leaves
/// out the project file and what starts with `_` (a library of included
/// parts).
pub fn find_outlines(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), FindError> {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        if paths::is_folder(path) {
            let entries = paths::list(path).map_err(|source| FindError::Folder {
                path: paths::shown(path),
                source,
            })?;
            let mut outlines: Vec<PathBuf> = entries
                .into_iter()
                .filter(|p| paths::is_file(p) && is_outline(p) && !is_left_out_of_folders(p))
                .collect();
            if outlines.is_empty() {
                warnings.push(
                    Diagnostic::warning("this folder holds no outline")
                        .in_path(paths::shown(path))
                        .with_hint("an outline is a `.yaml` or `.yml` file directly in the folder; files and folders starting with `_` are left out"),
                );
            }
            outlines.sort();
            found.extend(outlines);
        } else if is_outline(path) || paths::is_file(path) {
            found.push(path.clone());
        } else {
            return Err(FindError::NotAnOutline(path.display().to_string()));
        }
    }
    let mut seen = HashSet::new();
    found.retain(|p| seen.insert(paths::canonical(p).unwrap_or_else(|_| p.clone())));
    Ok((found, warnings))
}

/// An error for each set of outlines whose files would have the same names
/// in one output folder (`a/x.yaml` and `b/x.yaml`, `x.yaml` and `x.yml`).
pub fn colliding_outlines(outlines: &[PathBuf]) -> Vec<Diagnostic> {
    let mut by_stem: std::collections::BTreeMap<String, Vec<&PathBuf>> = Default::default();
    for outline in outlines {
        by_stem
            .entry(output::stem(outline))
            .or_default()
            .push(outline);
    }
    by_stem
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|(stem, paths)| {
            let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
            Diagnostic::error(format!(
                "{} would write the same files (`{stem}-slides.pdf`, …)",
                names.join(" and ")
            ))
            .with_hint("rename one of them, or build them into different folders with `-o`")
        })
        .collect()
}

fn is_outline(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn is_left_out_of_folders(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.starts_with('_') || name == outline::PROJECT_FILE
}
