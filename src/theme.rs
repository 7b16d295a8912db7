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

/// A built-in theme: its name, a line about it, its `theme.typ`, and any
/// shared template it replaces with its own (none of today's do).
pub struct Theme {
    pub name: &'static str,
    pub description: &'static str,
    theme_file: &'static str,
    overrides: &'static [(&'static str, &'static str)],
}

pub const BUILT_IN: [Theme; 2] = [
    Theme {
        name: "classic",
        description: "light and print-friendly: ink on white, one warm accent",
        theme_file: include_str!("../templates/themes/classic/theme.typ"),
        overrides: &[],
    },
    Theme {
        name: "cinema",
        description: "dark screen for film stills: warm light text, marquee amber, stills framed in black; prints light",
        theme_file: include_str!("../templates/themes/cinema/theme.typ"),
        overrides: &[],
    },
];

pub const DEFAULT: &str = "classic";

/// The built-in theme called `name`.
pub fn built_in(name: &str) -> Option<&'static Theme> {
    BUILT_IN.iter().find(|t| t.name == name)
}

impl Theme {
    /// Every Typst file the renderer needs for this theme, by virtual path.
    pub fn files(&self) -> Vec<(&'static str, &'static str)> {
        let mut files: Vec<(&'static str, &'static str)> = SHARED
            .iter()
            .map(|&(path, text)| {
                let own = self.overrides.iter().find(|(p, _)| *p == path);
                own.map_or((path, text), |&(_, text)| (path, text))
            })
            .collect();
        files.push(("/theme.typ", self.theme_file));
        files
    }
}
