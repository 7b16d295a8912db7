//! Which outlines a build names: the files, and the outlines in the folders.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::outline;
use crate::output;
use crate::paths;
use crate::plan::variant_names;

use super::Session;

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

/// An error for each set of outlines, or variants of them, whose files would
/// have the same names in one output folder (`a/x.yaml` and `b/x.yaml`,
/// `x.yaml` and `x.yml`, the variant `lead` of `team.yaml` and
/// `team-lead.yaml`): found before anything is built or written. An outline
/// that does not load writes nothing, and has no part in this.
pub fn colliding_outlines(
    outlines: &[PathBuf],
    variant: Option<&str>,
    session: &Session,
) -> Vec<Diagnostic> {
    let mut by_prefix: BTreeMap<String, Vec<(&PathBuf, Option<String>)>> = BTreeMap::new();
    for outline in outlines {
        for cut in built_variants(outline, variant, session) {
            let prefix = output::Names::new(Path::new(""), outline, cut.as_deref())
                .prefix()
                .to_string();
            by_prefix.entry(prefix).or_default().push((outline, cut));
        }
    }
    by_prefix
        .into_iter()
        .filter(|(_, sources)| sources.len() > 1)
        .map(|(prefix, sources)| {
            let names: Vec<String> = sources
                .iter()
                .map(|(path, cut)| match cut {
                    Some(cut) => format!("`{}` (its variant `{cut}`)", path.display()),
                    None => format!("`{}`", path.display()),
                })
                .collect();
            let hint = if sources.iter().any(|(_, cut)| cut.is_some()) {
                "rename the outline or the variant, or build them into different folders with `-o`"
            } else {
                "rename one of them, or build them into different folders with `-o`"
            };
            Diagnostic::error(format!(
                "{} would write the same files (`{prefix}-slides.pdf`, …)",
                names.join(" and ")
            ))
            .with_hint(hint)
        })
        .collect()
}

/// The variants a build of `outline` makes (`None`: the outline itself, when
/// it declares none): every one, or the one `--variant` names. None at all
/// when it does not load, or lacks that variant: that build fails unwritten.
fn built_variants(outline: &Path, variant: Option<&str>, session: &Session) -> Vec<Option<String>> {
    let load = outline::load_file_with(outline, &session.sources);
    let Some(loaded) = load.loaded else {
        return Vec::new();
    };
    let declared = variant_names(&loaded.outline);
    match variant {
        None => declared,
        Some(wanted) => declared
            .into_iter()
            .filter(|v| v.as_deref() == Some(wanted))
            .collect(),
    }
}

/// Why `--emit-typst DIR` may not write into `dir`: it is the folder of one
/// of `outlines`, or holds it. What the export writes there (`fonts/`,
/// `stills/`) would be read by every later build of that outline, or
/// replace the trainer's own files. A folder below the outlines' (like
/// `out/typst`) is out of a build's reach: a build reads nothing there that
/// an outline does not name.
pub fn emit_folder_problem(dir: &Path, outlines: &[PathBuf]) -> Option<Diagnostic> {
    let export = paths::real_even_if_missing(dir);
    outlines.iter().find_map(|outline| {
        let folder = paths::real_even_if_missing(crate::paths::folder_of(outline));
        if !folder.starts_with(&export) {
            return None;
        }
        let relation = if folder == export {
            "the folder of"
        } else {
            "a folder that holds"
        };
        Some(
            Diagnostic::error(format!(
                "`--emit-typst` cannot write into `{}`, {relation} the outline `{}`",
                dir.display(),
                outline.display()
            ))
            .with_hint("the fonts and stills it writes would be read by the next build of the outline, or replace its own; export into a folder of its own, like `--emit-typst out/typst`"),
        )
    })
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
