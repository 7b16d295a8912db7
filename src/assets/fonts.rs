//! Fonts: the bundled ones, embedded in the binary, and those a trainer adds; never system fonts.

use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;

use super::resolve_inside;
use crate::diag::Diagnostic;
use crate::outline::Loaded;
use crate::paths::{self, Kind};

/// Inter (text), Noto Sans Mono (timecodes) and Noto Emoji (the emoji a
/// trainer types, in black and white), under the SIL Open Font License.
pub fn bundled_fonts() -> [&'static [u8]; 6] {
    [
        include_bytes!("../../fonts/Inter-Regular.otf"),
        include_bytes!("../../fonts/Inter-Bold.otf"),
        include_bytes!("../../fonts/Inter-Italic.otf"),
        include_bytes!("../../fonts/Inter-BoldItalic.otf"),
        include_bytes!("../../fonts/NotoSansMono-Regular.ttf"),
        include_bytes!("../../fonts/NotoEmoji-Regular.ttf"),
    ]
}

/// The bundled fonts' file names, in the order of [`bundled_fonts`], and their licences:
/// for a Typst project exported with `--emit-typst`.
pub const BUNDLED_FONT_FILES: [&str; 6] = [
    "Inter-Regular.otf",
    "Inter-Bold.otf",
    "Inter-Italic.otf",
    "Inter-BoldItalic.otf",
    "NotoSansMono-Regular.ttf",
    "NotoEmoji-Regular.ttf",
];

pub const FONT_LICENCES: [(&str, &str); 3] = [
    ("OFL-Inter.txt", include_str!("../../fonts/OFL-Inter.txt")),
    (
        "OFL-NotoSansMono.txt",
        include_str!("../../fonts/OFL-NotoSansMono.txt"),
    ),
    (
        "OFL-NotoEmoji.txt",
        include_str!("../../fonts/OFL-NotoEmoji.txt"),
    ),
];

/// The folder beside an outline whose fonts are used in addition to the bundled ones.
pub const FONT_FOLDER: &str = "fonts";
/// At most this many font files are read from one folder.
const MAX_FONT_FILES: usize = 64;

/// A font file a trainer added, read into memory.
#[derive(Clone, Debug)]
pub struct FontFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The font files (`.ttf`, `.otf`, `.ttc`, `.otc`) directly in `fonts/`
/// beside the outline and, for a workshop in a project, in `fonts/` beside
/// the project file (each, like a still, may not link out of its folder),
/// and in each `--font-path` folder, sorted by name. A missing `fonts/`
/// folder is no problem; an unreadable `--font-path` is.
pub fn extra_font_files(
    outline_folder: &Path,
    project_folder: Option<&Path>,
    font_paths: &[PathBuf],
) -> Result<Vec<FontFile>, String> {
    let mut files = fonts_folder_files(outline_folder)?;
    let outline_real = paths::canonical(outline_folder).ok();
    if let Some(project) = project_folder
        && paths::canonical(project).ok() != outline_real
    {
        files.extend(fonts_folder_files(project)?);
    }
    for folder in font_paths {
        if !paths::is_folder(folder) {
            return Err(format!(
                "the font folder `{}` does not exist or is not a folder",
                folder.display()
            ));
        }
        // A folder named on the command line is the trainer's own choice:
        // its fonts may be links to the system's, from anywhere.
        let anywhere = paths::canonical(folder)
            .ok()
            .and_then(|real| real.ancestors().last().map(Path::to_path_buf))
            .unwrap_or_default();
        for path in font_files_in(folder)? {
            files.extend(read_font(&anywhere, &path));
        }
    }
    Ok(files)
}

/// The fonts in `fonts/` inside `folder`, none when it has no such folder;
/// a font linking out of `folder` is skipped, never followed.
fn fonts_folder_files(folder: &Path) -> Result<Vec<FontFile>, String> {
    let mut files = Vec::new();
    let beside = folder.join(FONT_FOLDER);
    if !paths::is_folder(&beside) {
        return Ok(files);
    }
    let within = paths::canonical(folder)
        .map_err(|e| format!("cannot read the folder `{}` ({e})", paths::shown(folder)))?;
    for path in font_files_in(&beside)? {
        let relative = format!(
            "{FONT_FOLDER}/{}",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        if let Ok(real) = resolve_inside(folder, &relative) {
            files.extend(read_font(&within, &real));
        }
    }
    Ok(files)
}

fn font_files_in(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = paths::list(folder).map_err(|e| {
        format!(
            "cannot list the font folder `{}` ({e})",
            paths::shown(folder)
        )
    })?;
    let mut found: Vec<PathBuf> = entries
        .into_iter()
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            })
        })
        .collect();
    found.sort();
    found.truncate(MAX_FONT_FILES);
    Ok(found)
}

/// A font file's bytes; one larger than [`Kind::Font`]'s bound (64 MiB: a
/// large CJK font is about 20 MiB), or one that
/// is no regular file or a link out of `within`, is skipped.
fn read_font(within: &Path, path: &Path) -> Option<FontFile> {
    let bytes = paths::read(within, path, Kind::Font).ok()?;
    Some(FontFile {
        path: path.to_path_buf(),
        bytes,
    })
}

/// Characters that are never drawn with a glyph of their own, so no font needs them.
pub fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}'                      // soft hyphen
            | '\u{200B}'..='\u{200F}'       // zero-width spaces, joiners, direction marks
            | '\u{202A}'..='\u{202E}'       // bidirectional embeddings
            | '\u{2060}'..='\u{206F}'       // word joiner, invisible operators, isolates
            | '\u{FE00}'..='\u{FE0F}'       // variation selectors
            | '\u{FEFF}'                    // byte order mark
            | '\u{E0000}'..='\u{E01EF}'     // tags, variation selectors supplement
        )
}

/// The bundled fonts, parsed once per process.
pub fn typst_fonts() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        bundled_fonts()
            .into_iter()
            .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
            .collect()
    })
}

/// Parses the fonts a trainer added; files that hold no font are skipped.
pub fn parse_fonts(files: &[FontFile]) -> Vec<Font> {
    files
        .iter()
        .flat_map(|file| Font::iter(Bytes::new(file.bytes.clone())))
        .collect()
}

/// The characters of `text` that neither the bundled fonts nor `extra` can
/// draw, each once, in order of appearance.
pub fn missing_characters(text: &str, extra: &[Font]) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if needs_no_glyph(c) || missing.contains(&c) {
            continue;
        }
        let covered = typst_fonts()
            .iter()
            .chain(extra)
            .any(|font| font.info().coverage.contains(u32::from(c)));
        if !covered {
            missing.push(c);
        }
    }
    missing
}

/// A PDF written without the claim of its standards (PDF/UA-1, and PDF/A-2a
/// for the printed documents), because its text has characters no font draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unclaimed {
    /// The PDF's file name, `talk-guide.pdf`.
    pub file: String,
    /// The characters it holds as boxes (tofu).
    pub characters: Vec<char>,
}

/// What the warnings say about characters no font draws.
const TOFU: &str = "they print as boxes (tofu); add a font that has them to a `fonts/` folder beside the outline or the project file, or pass `--font-path DIR`";
/// What they add when a PDF lost its claim.
const UNCLAIMED: &str = "an accessible PDF (PDF/UA-1, and PDF/A-2a for the handout, guide and role cards) may not hold a box: those files are written tagged as always, but without that claim; a font that has the characters brings it back";

/// A warning for each text field with characters no font can draw, naming
/// the PDFs of `unclaimed` that hold any of them (they claim no standard);
/// and one, about the outline `shown`, for a PDF whose characters are in no
/// field (a theme's own text).
pub fn missing_glyph_warnings(
    loaded: &Loaded,
    extra_fonts: &[Font],
    unclaimed: &[Unclaimed],
    shown: &str,
) -> Vec<Diagnostic> {
    const SHOWN: usize = 8;
    let mut warnings = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    for field in loaded.outline.text_fields() {
        // Alt text is read aloud by screen readers, never drawn with a font.
        if field.key == "alt" {
            continue;
        }
        let missing = missing_characters(field.text, extra_fonts);
        if missing.is_empty() {
            continue;
        }
        let shown: String = missing.iter().take(SHOWN).collect();
        let mut codes: Vec<String> = missing
            .iter()
            .take(SHOWN)
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        if missing.len() > SHOWN {
            codes.push(format!("and {} more", missing.len() - SHOWN));
        }
        let files: Vec<&str> = unclaimed
            .iter()
            .filter(|pdf| pdf.characters.iter().any(|c| missing.contains(c)))
            .map(|pdf| pdf.file.as_str())
            .collect();
        let mut message = format!(
            "`{}` has characters the fonts cannot draw: `{shown}` ({})",
            field.key,
            codes.join(", ")
        );
        let mut warning = if files.is_empty() {
            Diagnostic::warning(message).with_hint(TOFU)
        } else {
            message.push_str(&format!(
                ", so {} {} not claim to be accessible (PDF/UA-1)",
                listed(&files),
                if files.len() == 1 { "does" } else { "do" }
            ));
            Diagnostic::warning(message)
                .with_hint(UNCLAIMED)
                .with_hint(TOFU)
        };
        warning = warning.at(field.span);
        for file in files {
            if !named.contains(&file) {
                named.push(file);
            }
        }
        warnings.push(loaded.locate(warning));
    }
    for pdf in unclaimed
        .iter()
        .filter(|pdf| !named.contains(&pdf.file.as_str()))
    {
        let characters: String = pdf.characters.iter().take(SHOWN).collect();
        warnings.push(
            Diagnostic::warning(format!(
                "`{}` does not claim to be accessible (PDF/UA-1): the theme's text has characters the fonts cannot draw: `{characters}`",
                pdf.file
            ))
            .in_path(shown)
            .with_hint(UNCLAIMED)
            .with_hint(TOFU),
        );
    }
    warnings
}

/// `a`, `a` and `b`, `a`, `b` and `c`: file names in backticks.
fn listed(files: &[&str]) -> String {
    let quoted: Vec<String> = files.iter().map(|f| format!("`{f}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// An error at the brand's `font` line when no bundled font and no font in
/// `fonts/` beside the outline (or a `--font-path`) is of that family:
/// Typst would set the slides in another font without a word.
pub fn brand_font_problem(loaded: &Loaded, extra: &[Font]) -> Option<Diagnostic> {
    let font = loaded.outline.brand.as_ref()?.font.as_ref()?;
    let wanted = font.value.trim();
    let mut families: Vec<&str> = typst_fonts()
        .iter()
        .chain(extra)
        .map(|f| f.info().family.as_str())
        .collect();
    if families.iter().any(|f| f.eq_ignore_ascii_case(wanted)) {
        return None;
    }
    families.sort_unstable();
    families.dedup();
    Some(
        loaded.locate(
            Diagnostic::error(format!(
                "no font of the family `{wanted}` in a `fonts/` folder beside the outline or the project file, nor among the bundled fonts"
            ))
            .at(font.span)
            .with_hint(format!(
                "put its `.ttf` or `.otf` files in `fonts/`, or name one of: {}",
                families.join(", ")
            )),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: characters no font has are found, each once; the rest
    /// (emoji, drawn by the bundled Noto Emoji, among them) are not.
    #[test]
    fn missing_characters_are_found() {
        assert!(missing_characters("Café « déjà » – 3 × 4 = 12 ’", &[]).is_empty());
        assert!(missing_characters("✅ 👉 ⚠\u{FE0F} 😀 🚀 💡 ✨ ❤ 👍", &[]).is_empty());
        assert_eq!(
            missing_characters("漢字 and 漢 😀\u{FE0F} שלום", &[]),
            vec!['漢', '字', 'ש', 'ל', 'ו', 'ם']
        );
    }

    /// Proves: the PDFs named in a warning are listed as a sentence would.
    #[test]
    fn files_are_listed_as_in_a_sentence() {
        assert_eq!(listed(&["a.pdf"]), "`a.pdf`");
        assert_eq!(listed(&["a.pdf", "b.pdf"]), "`a.pdf` and `b.pdf`");
        assert_eq!(
            listed(&["a.pdf", "b.pdf", "c.pdf"]),
            "`a.pdf`, `b.pdf` and `c.pdf`"
        );
    }
}
