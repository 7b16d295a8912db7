//! Stand-ins for the stills: each picture's shape read from its file's
//! header, its pixels left out. Every picture sits in a box of fixed size,
//! so a document laid out with them has the pages it would have with the
//! pictures: `deckhand diff` counts a handout's pages with them in a few
//! milliseconds, where preparing the pictures would take far longer.

use std::io::BufReader;
use std::sync::OnceLock;

use image::{ImageDecoder, ImageReader, metadata::Orientation};
use typst::foundations::Bytes;

use super::PreparedStill;
use crate::outline::{Block, Loaded};

/// The bytes of a block's picture (a scene's still, an image), for telling
/// whether two versions' pictures named alike are the same file; `None`
/// for a block without one, or one that cannot be read.
pub fn picture_bytes(loaded: &Loaded, block: &Block) -> Option<Vec<u8>> {
    let written = match block {
        Block::Scene(scene) => scene.still.as_ref()?,
        Block::Image(image) => &image.src,
        _ => return None,
    };
    let path = loaded
        .root
        .resolve(loaded.folder_of(written.span.file), &written.value)
        .ok()?;
    crate::paths::read(&loaded.root.path, &path, crate::paths::Kind::Picture).ok()
}

/// A stand-in for every picture of the outline that can be read; one that
/// cannot is left out (building the outline reports it).
pub fn still_shapes(loaded: &Loaded) -> Vec<PreparedStill> {
    let mut found: Vec<PreparedStill> = Vec::new();
    for (written, _) in loaded.outline.pictures() {
        if found.iter().any(|s| s.written == written.value) {
            continue;
        }
        let folder = loaded.folder_of(written.span.file);
        let Ok(path) = loaded.root.resolve(folder, &written.value) else {
            continue;
        };
        let Some((width, height)) = upright_size(&loaded.root.path, &path) else {
            continue;
        };
        let virtual_path = format!("/stills/shape-{}.png", found.len());
        found.push(PreparedStill {
            written: written.value.clone(),
            card_path: virtual_path.clone(),
            virtual_path,
            bytes: blank().clone(),
            card_bytes: blank().clone(),
            width,
            height,
            source_path: path,
        });
    }
    found
}

/// The picture's width and height as it is shown (after a photo's EXIF
/// rotation), read from its header.
fn upright_size(within: &std::path::Path, path: &std::path::Path) -> Option<(u32, u32)> {
    let file = crate::paths::open(within, path, crate::paths::Kind::Picture).ok()?;
    let mut decoder = ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .ok()?
        .into_decoder()
        .ok()?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    Some(if turned {
        (height, width)
    } else {
        (width, height)
    })
}

/// A one-pixel PNG.
fn blank() -> &'static Bytes {
    static BLANK: OnceLock<Bytes> = OnceLock::new();
    BLANK.get_or_init(|| {
        let mut png = Vec::new();
        let pixel = image::RgbImage::from_pixel(1, 1, image::Rgb([0xe0, 0xe0, 0xe0]));
        let _ = pixel.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png);
        Bytes::new(png)
    })
}
