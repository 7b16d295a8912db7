//! The two sides of `deckhand diff`: its arguments opened (files, folders,
//! files at a git revision), outlines paired by name, each version read and
//! checked.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{Comparison, OnlyIn};
use crate::assets;
use crate::diag::{self, Diagnostic};
use crate::git::{self, Checkout, RevisionPath};
use crate::outline::{self, Loaded};
use crate::pipeline::find_outlines;
use crate::theme::Theme;
use crate::validate::validate;

/// One argument of `diff`, read: a file or folder, maybe a revision's.
pub(super) struct Side {
    pub(super) path: PathBuf,
    /// Keeps a revision's files until the comparison is done.
    _checkout: Option<Checkout>,
}

impl Side {
    pub(super) fn open(argument: &str, here: &Path) -> Result<Side, Diagnostic> {
        if let Some(spec) = RevisionPath::parse(argument) {
            let checkout = git::check_out(&spec, here).map_err(|e| e.diagnostic())?;
            return Ok(Side {
                path: checkout.path.clone(),
                _checkout: Some(checkout),
            });
        }
        let path = PathBuf::from(argument);
        if !path.exists() {
            return Err(Diagnostic::error(format!("`{argument}` does not exist"))
                .with_hint("name an outline file, a folder of outlines, or a file at a git revision: `main:decks/x.yaml`"));
        }
        Ok(Side {
            path,
            _checkout: None,
        })
    }
}

/// The outlines to compare: the two files, or the outlines of two folders
/// paired by name (one side empty for an outline only one folder holds).
pub(super) type Pair = (Option<PathBuf>, Option<PathBuf>);

pub(super) fn pairs(old: &Path, new: &Path) -> Result<Vec<Pair>, Diagnostic> {
    match (crate::paths::is_folder(old), crate::paths::is_folder(new)) {
        (false, false) => Ok(vec![(Some(old.to_path_buf()), Some(new.to_path_buf()))]),
        (true, true) => {
            let listed = |folder: &Path| {
                find_outlines(&[folder.to_path_buf()])
                    .map(|(found, _)| found)
                    .map_err(|e| Diagnostic::error(e.to_string()))
            };
            let (old_outlines, new_outlines) = (listed(old)?, listed(new)?);
            let name = |p: &PathBuf| p.file_name().map(|n| n.to_os_string());
            let mut found: Vec<Pair> = new_outlines
                .iter()
                .map(|n| {
                    let partner = old_outlines.iter().find(|o| name(o) == name(n));
                    (partner.cloned(), Some(n.clone()))
                })
                .collect();
            for o in &old_outlines {
                if !new_outlines.iter().any(|n| name(n) == name(o)) {
                    found.push((Some(o.clone()), None));
                }
            }
            found.sort_by_key(|(o, n)| n.as_ref().or(o.as_ref()).and_then(name));
            Ok(found)
        }
        _ => Err(Diagnostic::error(format!(
            "`{}` and `{}` are a folder and a file",
            crate::paths::shown(old),
            crate::paths::shown(new)
        ))
        .with_hint("compare two outlines, or two folders of outlines")),
    }
}

/// An outline that one of two compared folders holds, the other not.
pub(super) fn alone(path: &Path, only_in: OnlyIn) -> Comparison {
    let name = crate::paths::shown(path);
    let (old_name, new_name) = match only_in {
        OnlyIn::Old => (name, String::new()),
        OnlyIn::New => (String::new(), name),
    };
    Comparison {
        old_name,
        new_name,
        only_in: Some(only_in),
        ..Comparison::default()
    }
}

/// One version loaded and checked: its outline, its theme, or its errors.
pub(super) struct Read {
    pub(super) loaded: Loaded,
    pub(super) theme: Cow<'static, Theme>,
}

pub(super) fn read(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Read> {
    let load = outline::load_file(path);
    let mut problems: Vec<Diagnostic> = load.diagnostics;
    let loaded = load.loaded;
    if let Some(loaded) = &loaded {
        problems.extend(validate(loaded));
    }
    let theme = loaded
        .as_ref()
        .map(assets::resolve_theme)
        .transpose()
        .unwrap_or_else(|problem| {
            problems.push(problem);
            None
        });
    problems.retain(Diagnostic::is_error);
    diag::sort(&mut problems);
    let failed = !problems.is_empty();
    diagnostics.extend(problems);
    if failed {
        return None;
    }
    Some(Read {
        loaded: loaded?,
        theme: theme?,
    })
}
