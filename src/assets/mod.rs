//! Everything the renderer needs besides the outline: stills, fonts, the theme's files, the films' lengths.

mod fonts;
mod near_name;
mod shapes;
mod stills;
mod theme_folder;
mod video;

pub use fonts::{
    BUNDLED_FONT_FILES, FONT_FOLDER, FONT_LICENCES, FontFile, Unclaimed, brand_font_problem,
    bundled_fonts, extra_font_files, missing_characters, missing_glyph_warnings, needs_no_glyph,
    parse_fonts, typst_fonts,
};
pub use near_name::near_name;
pub use shapes::{picture_bytes, still_shapes};
pub use stills::{Pictures, PreparedStill, StillsMemory, inspect_stills, prepare_stills};
pub use theme_folder::{load_theme_folder, resolve_theme};
pub use video::{
    CheckedVideo, FILMS_VARIABLE, Header, HeaderProblem, VideoLink, Videos, check_videos,
    link_from, matroska_keyframe_gap, read_header, unplayable,
};

pub use crate::paths::resolve_inside;

/// FNV-1a: tiny, and stable across Rust versions, unlike `DefaultHasher`.
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
