//! The outline's theme: a built-in one by name, or a theme folder, whose
//! templates and the files they may read are read, nothing outside it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, did_you_mean};
use crate::outline::Loaded;
use crate::paths::{self, Entry, Kind, Refused};
use crate::theme::{self, Theme, ThemeContent, ThemeFile};

/// The outline's theme: a built-in one by name (the default without
/// `theme:`), or a folder relative to the file that names it.
pub fn resolve_theme(loaded: &Loaded) -> Result<Cow<'static, Theme>, Diagnostic> {
    let Some(name) = &loaded.outline.theme else {
        return theme::built_in(theme::DEFAULT)
            .map(Cow::Borrowed)
            .ok_or_else(|| Diagnostic::error("no default theme"));
    };
    let written = name.trim();
    if let Some(theme) = theme::built_in(written) {
        return Ok(Cow::Borrowed(theme));
    }
    let folder = loaded.folder_of(name.span.file);
    let looks_like_path = written.contains(['/', '\\']) || written.starts_with('.');
    if looks_like_path || paths::is_folder(&folder.join(written)) {
        let cannot = |message: String| {
            loaded.locate(
                Diagnostic::error(format!("cannot use the theme folder: {message}"))
                    .at(name.span)
                    .with_hint(format!(
                        "a theme folder holds a `theme.typ` and sits inside {}; `deckhand themes export classic my-theme` makes one",
                        loaded.root.described()
                    )),
            )
        };
        let real = loaded
            .root
            .resolve(folder, written)
            .map_err(|e| cannot(e.to_string()))?;
        let shown = paths::revision_name(&folder.join(written))
            .map_or_else(|| paths::tidy(&folder.join(written)), PathBuf::from);
        return load_theme_folder(written, &real, &shown)
            .map(Cow::Owned)
            .map_err(cannot);
    }
    let names: Vec<&str> = theme::BUILT_IN.iter().map(|t| t.name.as_ref()).collect();
    let d = Diagnostic::error(format!("unknown theme `{}`", name.value)).at(name.span);
    let d = match did_you_mean(written, &names) {
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => d,
    };
    Err(loaded.locate(d.with_hint(format!(
        "the built-in themes are {}; `deckhand themes` describes them, and `theme: ./my-theme` uses a theme folder",
        names.join(", ")
    ))))
}

/// At most this many files are read from a theme folder.
const MAX_FILES: usize = 500;
/// At most this many entries (files and folders) are looked at in all.
const MAX_ENTRIES: usize = 2000;
/// Folders inside a theme folder nest at most this deep.
const MAX_DEPTH: usize = 8;
/// At most this many bytes in all.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Loads the theme folder at `real` (already resolved inside the outline's
/// folder), shown to the user as `shown`. Hidden files (`.git`, `.DS_Store`)
/// are skipped; a link that leads out of the folder is refused.
pub fn load_theme_folder(name: &str, real: &Path, shown: &Path) -> Result<Theme, String> {
    if !paths::is_folder(real) {
        return Err(format!(
            "`{name}` is a file, not a theme folder; name a folder that holds a `theme.typ`"
        ));
    }
    let mut files = Vec::new();
    let mut walked = Walked::default();
    walk(real, real, shown, 0, &mut files, &mut walked)?;
    files.sort_by(|a: &ThemeFile, b| a.virtual_path.cmp(&b.virtual_path));
    Theme::from_folder(name.to_string(), shown.to_path_buf(), files)
        .ok_or_else(|| format!("the theme folder `{}` has no `theme.typ`", shown.display()))
}

/// What a walk has seen so far, against the folder's limits.
#[derive(Default)]
struct Walked {
    entries: usize,
    bytes: u64,
    /// The real folders the walk is inside of, outermost first.
    open: Vec<PathBuf>,
}

fn walk(
    root: &Path,
    dir: &Path,
    shown: &Path,
    depth: usize,
    files: &mut Vec<ThemeFile>,
    walked: &mut Walked,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "the theme folder `{}` has folders nested more than {MAX_DEPTH} deep",
            shown.display()
        ));
    }
    let dir_real = paths::canonical(dir).unwrap_or_else(|_| dir.to_path_buf());
    for path in sorted_entries(dir, shown, walked)? {
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let shown_path = shown.join(&relative);
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            return Err(format!(
                "`{}` has a name that is not UTF-8; rename it",
                shown_path.display()
            ));
        };
        if file_name.starts_with('.') {
            continue;
        }
        let real = paths::canonical(&path)
            .map_err(|e| format!("cannot read `{}` ({e})", shown_path.display()))?;
        if !real.starts_with(root) {
            return Err(format!(
                "`{}` points outside the theme folder (through a link)",
                shown_path.display()
            ));
        }
        let entry = paths::entry(&real);
        if entry == Entry::Folder {
            // A link back to a folder being walked would be walked for ever.
            if real == dir_real || walked.open.contains(&real) {
                return Err(format!(
                    "`{}` is a link back to a folder that holds it, so the folder never ends; remove the link",
                    shown_path.display()
                ));
            }
            walked.open.push(dir_real.clone());
            let inside = walk(root, &path, shown, depth + 1, files, walked);
            walked.open.pop();
            inside?;
            continue;
        }
        // A pipe or a device would never end; it is refused before it is opened.
        if entry != Entry::File {
            return Err(format!(
                "`{}` is not a regular file (a pipe or a device); a theme folder holds files",
                shown_path.display()
            ));
        }
        let virtual_path = virtual_path(&relative).ok_or_else(|| {
            format!(
                "`{}` has a name Typst cannot use; rename it",
                shown_path.display()
            )
        })?;
        if files.len() >= MAX_FILES {
            return Err(format!(
                "the theme folder `{}` has more than {MAX_FILES} files",
                shown.display()
            ));
        }
        let content = read_theme_file(root, &real, shown, &shown_path, walked)?;
        files.push(ThemeFile {
            virtual_path,
            disk_path: real,
            content,
        });
    }
    Ok(())
}

/// The entries of `dir`, sorted (the same order on every machine), counted
/// against [`MAX_ENTRIES`].
fn sorted_entries(dir: &Path, shown: &Path, walked: &mut Walked) -> Result<Vec<PathBuf>, String> {
    let entries = paths::list(dir)
        .map_err(|e| format!("cannot list the theme folder `{}` ({e})", shown.display()))?;
    let mut names: Vec<PathBuf> = Vec::new();
    for entry in entries {
        walked.entries += 1;
        if walked.entries > MAX_ENTRIES {
            return Err(format!(
                "the theme folder `{}` holds more than {MAX_ENTRIES} files and folders",
                shown.display()
            ));
        }
        names.push(entry);
    }
    names.sort();
    Ok(names)
}

/// What the theme's file at `real` holds (shown as `shown_path`), read
/// through the door, its bytes counted against [`MAX_BYTES`]: a `.typ`
/// file's text, any other file's bytes.
fn read_theme_file(
    root: &Path,
    real: &Path,
    shown: &Path,
    shown_path: &Path,
    walked: &mut Walked,
) -> Result<ThemeContent, String> {
    let bytes = paths::read(root, real, Kind::ThemeFile).map_err(|refused| match refused {
        Refused::Unreadable(e) => format!("cannot read `{}` ({e})", shown_path.display()),
        // One file past the bound of a theme's file is past the folder's too.
        Refused::TooLarge { .. } => format!(
            "the theme folder `{}` holds more than {} MB",
            shown.display(),
            MAX_BYTES / 1024 / 1024
        ),
        other => format!("`{}` {other}", shown_path.display()),
    })?;
    // Each file is within its own bound (the door's); together they are within this one.
    walked.bytes += bytes.len() as u64;
    if walked.bytes > MAX_BYTES {
        return Err(format!(
            "the theme folder `{}` holds more than {} MB",
            shown.display(),
            MAX_BYTES / 1024 / 1024
        ));
    }
    let typst = shown_path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".typ"));
    if !typst {
        return Ok(ThemeContent::Binary(bytes));
    }
    String::from_utf8(bytes)
        .map(ThemeContent::Source)
        .map_err(|_| {
            format!(
                "`{}` is not UTF-8 text; Typst files must be UTF-8",
                shown_path.display()
            )
        })
}

/// `/parts/title.typ` for `parts/title.typ`, if Typst accepts the name.
fn virtual_path(relative: &Path) -> Option<String> {
    let parts: Vec<&str> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    if parts
        .iter()
        .any(|p| p.is_empty() || p.contains(['\\', ':']))
    {
        return None;
    }
    let path = format!("/{}", parts.join("/"));
    typst::syntax::VirtualPath::new(&path).ok()?;
    Some(path)
}
