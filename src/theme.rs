//! The Typst templates, embedded in the binary, and the built-in themes that style them.

/// The Typst files every theme shares, by virtual path.
const SHARED: [(&str, &str); 5] = [
    ("/common.typ", include_str!("../templates/common.typ")),
    (
        "/slide-parts.typ",
        include_str!("../templates/slide-parts.typ"),
    ),
    ("/slides.typ", include_str!("../templates/slides.typ")),
    ("/handout.typ", include_str!("../templates/handout.typ")),
    ("/guide.typ", include_str!("../templates/guide.typ")),
];

/// A built-in theme: its name, a line about it, and its `theme.typ`.
pub struct Theme {
    pub name: &'static str,
    pub description: &'static str,
    theme_file: &'static str,
}

pub const BUILT_IN: [Theme; 1] = [Theme {
    name: "classic",
    description: "light and print-friendly: ink on white, one warm accent",
    theme_file: include_str!("../templates/themes/classic/theme.typ"),
}];

pub const DEFAULT: &str = "classic";

/// The built-in theme called `name`.
pub fn built_in(name: &str) -> Option<&'static Theme> {
    BUILT_IN.iter().find(|t| t.name == name)
}

impl Theme {
    /// Every Typst file the renderer needs for this theme, by virtual path.
    pub fn files(&self) -> Vec<(&'static str, &'static str)> {
        let mut files = SHARED.to_vec();
        files.push(("/theme.typ", self.theme_file));
        files
    }
}
