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
