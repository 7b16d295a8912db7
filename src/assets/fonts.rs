//! The bundled fonts, embedded in the binary: no system font is ever used.

/// Inter (text) and Noto Sans Mono (timecodes), under the SIL Open Font License.
pub fn bundled_fonts() -> [&'static [u8]; 5] {
    [
        include_bytes!("../../fonts/Inter-Regular.otf"),
        include_bytes!("../../fonts/Inter-Bold.otf"),
        include_bytes!("../../fonts/Inter-Italic.otf"),
        include_bytes!("../../fonts/Inter-BoldItalic.otf"),
        include_bytes!("../../fonts/NotoSansMono-Regular.ttf"),
    ]
}

/// The bundled fonts' file names, in the order of [`bundled_fonts`], and their licences:
/// for a Typst project exported with `--emit-typst`.
pub const BUNDLED_FONT_FILES: [&str; 5] = [
    "Inter-Regular.otf",
    "Inter-Bold.otf",
    "Inter-Italic.otf",
    "Inter-BoldItalic.otf",
    "NotoSansMono-Regular.ttf",
];

pub const FONT_LICENCES: [(&str, &str); 2] = [
    ("OFL-Inter.txt", include_str!("../../fonts/OFL-Inter.txt")),
    (
        "OFL-NotoSansMono.txt",
        include_str!("../../fonts/OFL-NotoSansMono.txt"),
    ),
];
