//! Everything the renderer needs besides the outline: stills, fonts, the theme's files.

mod fonts;
mod stills;
mod theme_folder;

pub use fonts::{
    BUNDLED_FONT_FILES, FONT_FOLDER, FONT_LICENCES, FontFile, bundled_fonts, extra_font_files,
    needs_no_glyph,
};
pub use stills::{PreparedStill, prepare_stills};
pub use theme_folder::load_theme_folder;

use std::path::{Component, Path, PathBuf};

/// Resolves `relative` inside `folder`, refusing absolute paths, `..` and symlinks out.
pub fn resolve_inside(folder: &Path, relative: &str) -> Result<PathBuf, String> {
    let path = Path::new(relative);
    if relative.trim().is_empty() {
        return Err("the path is empty".into());
    }
    if path.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') {
        return Err(format!(
            "`{relative}` is an absolute path; paths are relative to the outline's folder"
        ));
    }
    if path
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(format!(
            "`{relative}` leaves the outline's folder; keep the files an outline uses beside it"
        ));
    }
    let joined = folder.join(path);
    let real = joined
        .canonicalize()
        .map_err(|_| format!("`{relative}` does not exist"))?;
    let root = folder
        .canonicalize()
        .map_err(|e| format!("cannot read the outline's folder ({e})"))?;
    if !real.starts_with(&root) {
        return Err(format!(
            "`{relative}` points outside the outline's folder (through a link)"
        ));
    }
    Ok(real)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(resolve_inside(here, "../etc/passwd").is_err_and(|e| e.contains("leaves")));
        assert!(resolve_inside(here, "/etc/passwd").is_err_and(|e| e.contains("absolute")));
        assert!(resolve_inside(here, "missing.png").is_err_and(|e| e.contains("does not exist")));
        assert!(resolve_inside(here, "Cargo.toml").is_ok());
    }
}
