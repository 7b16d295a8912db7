//! The themes that style the Typst templates: built-in ones embedded in the binary, or a folder beside the outline.

use std::borrow::Cow;
use std::path::PathBuf;

/// The Typst files every theme shares, by virtual path; a theme folder may replace any of them.
pub const SHARED: [(&str, &str); 8] = [
    ("/common.typ", include_str!("../templates/common.typ")),
    ("/paper.typ", include_str!("../templates/paper.typ")),
    (
        "/slide-parts.typ",
        include_str!("../templates/slide-parts.typ"),
    ),
    ("/slides.typ", include_str!("../templates/slides.typ")),
    ("/handout.typ", include_str!("../templates/handout.typ")),
    ("/guide.typ", include_str!("../templates/guide.typ")),
    ("/review.typ", include_str!("../templates/review.typ")),
    ("/roles.typ", include_str!("../templates/roles.typ")),
];

/// The file every theme must have, by virtual path.
pub const THEME_FILE: &str = "/theme.typ";

/// A theme: its name, a line about it, its `theme.typ`, and, for a theme
/// folder, the folder's own files. Built-in themes borrow their text from the
/// binary; a folder's files are owned.
#[derive(Clone, Debug)]
pub struct Theme {
    pub name: Cow<'static, str>,
    pub description: Cow<'static, str>,
    theme_file: Cow<'static, str>,
    /// The theme folder's files, by virtual path (`/slides.typ`, `/logo.png`).
    own: Vec<ThemeFile>,
    /// The theme folder as the user would name it (`decks/my-theme`), for messages.
    pub folder: Option<PathBuf>,
}

/// One file of a theme folder.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    /// The path the templates see, from the folder's root: `/slides.typ`.
    pub virtual_path: String,
    /// Where it was read from, for `watch`.
    pub disk_path: PathBuf,
    pub content: ThemeContent,
}

/// A Typst source (`.typ`, UTF-8) or any other file (an image, data).
#[derive(Clone, Debug)]
pub enum ThemeContent {
    Source(String),
    Binary(Vec<u8>),
}

/// A built-in theme, borrowed from the binary.
pub const fn built_in_theme(
    name: &'static str,
    description: &'static str,
    theme_file: &'static str,
) -> Theme {
    Theme {
        name: Cow::Borrowed(name),
        description: Cow::Borrowed(description),
        theme_file: Cow::Borrowed(theme_file),
        own: Vec::new(),
        folder: None,
    }
}

pub static BUILT_IN: [Theme; 2] = [
    built_in_theme(
        "classic",
        "light and print-friendly: ink on white, one warm accent",
        include_str!("../templates/themes/classic/theme.typ"),
    ),
    built_in_theme(
        "cinema",
        "dark screen for film stills: warm light text, marquee amber, stills framed in black; prints light",
        include_str!("../templates/themes/cinema/theme.typ"),
    ),
];

pub const DEFAULT: &str = "classic";

/// The built-in theme called `name`.
pub fn built_in(name: &str) -> Option<&'static Theme> {
    BUILT_IN.iter().find(|t| t.name == name)
}

impl Theme {
    /// A theme made of a folder's files; `None` when it has no `theme.typ`.
    pub fn from_folder(name: String, folder: PathBuf, files: Vec<ThemeFile>) -> Option<Theme> {
        let theme_file = files.iter().find_map(|f| match &f.content {
            ThemeContent::Source(text) if f.virtual_path == THEME_FILE => Some(text.clone()),
            _ => None,
        })?;
        let own = files
            .into_iter()
            .filter(|f| f.virtual_path != THEME_FILE)
            .collect();
        Some(Theme {
            name: Cow::Owned(name),
            description: Cow::Borrowed("a theme folder"),
            theme_file: Cow::Owned(theme_file),
            own,
            folder: Some(folder),
        })
    }

    /// Every Typst file the renderer needs for this theme, by virtual path:
    /// the shared templates (or the folder's versions of them), `theme.typ`,
    /// and the folder's other `.typ` files.
    pub fn files(&self) -> Vec<(&str, &str)> {
        let mut files: Vec<(&str, &str)> = SHARED
            .iter()
            .map(|&(path, text)| (path, self.own_source(path).unwrap_or(text)))
            .collect();
        files.push((THEME_FILE, &self.theme_file));
        for file in &self.own {
            if let ThemeContent::Source(text) = &file.content
                && !files.iter().any(|(path, _)| *path == file.virtual_path)
            {
                files.push((&file.virtual_path, text));
            }
        }
        files
    }

    /// The folder's other files (images, data), by virtual path.
    pub fn binaries(&self) -> Vec<(&str, &[u8])> {
        self.own
            .iter()
            .filter_map(|f| match &f.content {
                ThemeContent::Binary(bytes) => Some((f.virtual_path.as_str(), bytes.as_slice())),
                ThemeContent::Source(_) => None,
            })
            .collect()
    }

    /// The folder's own version of the template at `path`, if it has one.
    /// `theme.typ` always counts as the folder's own when there is a folder.
    pub fn own_source(&self, path: &str) -> Option<&str> {
        if path == THEME_FILE && self.folder.is_some() {
            return Some(&self.theme_file);
        }
        self.own.iter().find_map(|f| match &f.content {
            ThemeContent::Source(text) if f.virtual_path == path => Some(text.as_str()),
            _ => None,
        })
    }

    /// The files read from disk, for `watch`.
    pub fn disk_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self.own.iter().map(|f| f.disk_path.clone()).collect();
        if let Some(folder) = &self.folder {
            paths.push(folder.join("theme.typ"));
        }
        paths
    }
}
