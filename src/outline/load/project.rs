//! The project file (`deckhand.yaml`): where a project's root is, its
//! defaults filled into an outline, its films folders.

use std::path::{Path, PathBuf};

use super::bounds::node_count;
use super::{Loader, MAX_OUTLINE_BYTES, PROJECT_FILE};
use crate::diag::{Diagnostic, FileId};
use crate::outline::problems::unknown_key;
use crate::outline::yaml::{Node, Value};
use crate::paths::{self, Refused, Root};

impl Loader<'_> {
    /// Adds the project file's `defaults` for the keys the outline leaves out.
    pub(super) fn apply_project_defaults(&mut self, tree: &mut Node) {
        let Some(project_file) = self.root.project_file.clone() else {
            return;
        };
        let Some(project) = self.read_project_file(&project_file) else {
            return;
        };
        // An empty project file (or one of comments) means no defaults.
        if project.is_null() {
            return;
        }
        let Some(entries) = project.entries() else {
            self.diagnostics.push(
                Diagnostic::error("the project file must be a map with `defaults:`")
                    .at(project.span)
                    .with_hint(
                        "write `defaults:` and, indented under it, the values every outline gets",
                    ),
            );
            return;
        };
        let mut defaults = None;
        for entry in entries {
            match entry.key.as_str() {
                Some("defaults") => defaults = Some(&entry.value),
                Some("films") => {
                    let folder = crate::paths::folder_of(&project_file).to_path_buf();
                    self.films = film_folders(&folder, &entry.value, &mut self.diagnostics);
                }
                Some(other) => self
                    .diagnostics
                    .push(unknown_key(other, &["defaults", "films"]).at(entry.key.span)),
                None => {}
            }
        }
        if let Some(defaults) = defaults {
            self.fill_in_defaults(tree, defaults);
        }
    }

    /// The project file at `project_file`, read and parsed: `None` when it
    /// cannot be (what went wrong is among the diagnostics).
    fn read_project_file(&mut self, project_file: &Path) -> Option<Node> {
        let shown = paths::shown_found(project_file);
        self.inputs.push(PathBuf::from(&shown));
        let sources = self.sources?;
        let read = sources
            .read(&self.root.path, project_file)
            .map_err(|refused| project_file_refused(&shown, refused))
            .and_then(|bytes| self.text_of_project(&shown, &bytes));
        let (file, text) = match read {
            Ok(read) => read,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        self.folders
            .insert(file, crate::paths::folder_of(project_file).to_path_buf());
        let project = self.parse(file, &text)?;
        self.expanded_nodes += node_count(&project);
        Some(project)
    }

    /// The project's `defaults` put into the outline's `tree` where the
    /// outline says nothing of its own; the handout's settings key by key.
    fn fill_in_defaults(&mut self, tree: &mut Node, defaults: &Node) {
        if defaults.is_null() {
            return;
        }
        let Some(default_entries) = defaults.entries() else {
            self.diagnostics.push(
                Diagnostic::error(
                    "`defaults` should be a map of outline keys, like `facilitator: Sam`",
                )
                .at(defaults.span),
            );
            return;
        };
        let Some(outline_entries) = tree.entries_mut() else {
            return;
        };
        for default in default_entries {
            let key = default.key.as_str().unwrap_or_default();
            if key == "sections" {
                self.diagnostics.push(
                    Diagnostic::error("`defaults` cannot hold `sections`")
                        .at(default.key.span)
                        .with_hint(
                            "each outline has its own sections; share them with `- include:`",
                        ),
                );
                continue;
            }
            match outline_entries
                .iter_mut()
                .find(|e| e.key.as_str() == Some(key))
            {
                None => outline_entries.push(default.clone()),
                // The handout's settings are merged key by key.
                Some(own) if key == "handout" => {
                    if let (Some(own), Some(more)) =
                        (own.value.entries_mut(), default.value.entries())
                    {
                        for entry in more {
                            if !own.iter().any(|e| e.key.as_str() == entry.key.as_str()) {
                                own.push(entry.clone());
                            }
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }

    fn text_of_project(
        &mut self,
        shown: &str,
        bytes: &[u8],
    ) -> Result<(FileId, String), Diagnostic> {
        if bytes.len() > MAX_OUTLINE_BYTES {
            return Err(Diagnostic::error("the project file is larger than 1 MiB").in_path(shown));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Diagnostic::error("the project file is not UTF-8 text").in_path(shown))?;
        self.expanded_bytes += text.len();
        Ok((self.register(shown, text), text.to_string()))
    }
}

/// The folders of the project file's `films:` (one, or a list), relative
/// to the project file's folder or absolute: films are kept out of git, in
/// a folder beside the repository or on a drive. Only a film's header is
/// read there, and only for a `video:` the project does not hold.
fn film_folders(
    project_folder: &Path,
    value: &Node,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let items: Vec<&Node> = match &value.value {
        Value::List(items) => items.iter().collect(),
        _ if value.is_null() => Vec::new(),
        _ => vec![value],
    };
    let mut folders = Vec::new();
    for item in items {
        match item.as_str().map(str::trim) {
            Some(folder) if !folder.is_empty() => folders.push(project_folder.join(folder)),
            _ => problems.push(
                Diagnostic::error("`films` should name a folder, or a list of folders")
                    .at(item.span)
                    .with_hint(
                        "e.g. `films: ../films`, relative to `deckhand.yaml`, or an absolute path",
                    ),
            ),
        }
    }
    folders
}

/// The project root for an outline in `folder`: the nearest folder above it
/// (up to a git repository's top) holding `deckhand.yaml`, else the folder
/// itself; and the project files further up, which are not used.
pub(super) fn find_root(folder: &Path) -> std::io::Result<(Root, Vec<PathBuf>)> {
    let own = paths::canonical(folder)?;
    let mut found: Vec<PathBuf> = Vec::new();
    let mut at = Some(own.as_path());
    while let Some(dir) = at {
        // Whatever bears the name is the project file: a folder, a pipe or
        // a link that leads out is then said to be one, never passed over.
        let candidate = dir.join(PROJECT_FILE);
        if paths::named(&candidate) {
            found.push(candidate);
        }
        if paths::is_repository_top(dir) {
            break;
        }
        at = dir.parent();
    }
    let mut found = found.into_iter();
    Ok(match found.next() {
        Some(nearest) => {
            let path = crate::paths::folder_of(&nearest).to_path_buf();
            (
                Root {
                    path,
                    project_file: Some(nearest),
                },
                found.collect(),
            )
        }
        None => (
            Root {
                path: own,
                project_file: None,
            },
            Vec::new(),
        ),
    })
}

/// Why the project file is not read, named but never quoted: a link out of
/// the project may lead to a file of secrets.
fn project_file_refused(shown: &str, refused: Refused) -> Diagnostic {
    let (message, hint) = match refused {
        Refused::LinksOut => (
            "the project file is a link to a file outside the project's folder".to_string(),
            "deckhand reads no file through a link that leads out of the project; make `deckhand.yaml` a file of its own",
        ),
        Refused::NotAFile(what) => (
            format!("the project file is {what}, not a regular file"),
            "`deckhand.yaml` marks the project's folder and holds the `defaults` of its outlines; make it a file, or remove it",
        ),
        Refused::TooLarge { .. } => (
            "the project file is larger than 1 MiB".to_string(),
            "a project file holds a few `defaults`",
        ),
        other => (
            format!("cannot read the project file ({other})"),
            "`deckhand.yaml` marks the project's folder and holds the `defaults` of its outlines",
        ),
    };
    Diagnostic::error(message).in_path(shown).with_hint(hint)
}
