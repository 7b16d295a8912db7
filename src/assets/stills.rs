//! Stills and image slides: read inside the outline's folder, decoded with limits, upright and resized.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::resolve_inside;
use crate::diag::{Diagnostic, SourceFile};
use crate::outline::{Block, Outline};

/// The longest side a still keeps on slides: sharp on a projector, small in a PDF.
const MAX_SIDE: u32 = 2560;
/// The longest side of a handout card's still: about 300 dpi at its printed size.
const CARD_SIDE: u32 = 1200;
/// Larger images are refused before they are decoded.
const MAX_DECODE_SIDE: u32 = 20_000;
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// Larger image files are refused before they are read whole.
const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// A still (or an `image` block's picture) ready for Typst: its virtual path, bytes and shape.
#[derive(Clone, Debug)]
pub struct PreparedStill {
    /// What the outline wrote in `still:` or `src:`.
    pub written: String,
    /// Where Typst finds it, e.g. `/stills/0.png`.
    pub virtual_path: String,
    /// Shared, so that every document's render uses it without a copy.
    pub bytes: typst::foundations::Bytes,
    /// The smaller copy for handout cards (grey when the outline asks), e.g. `/stills/0-card.png`.
    pub card_path: String,
    pub card_bytes: typst::foundations::Bytes,
    pub width: u32,
    pub height: u32,
    /// The file read, for `watch`.
    pub source_path: PathBuf,
    /// The file's bytes as read, to prepare a picture used twice only once.
    pub original: Vec<u8>,
}

/// Prepares every still and image of `outline`, or reports each one that cannot be used.
pub fn prepare_stills(
    outline: &Outline,
    folder: &Path,
    source: &Arc<SourceFile>,
) -> Result<Vec<PreparedStill>, Vec<Diagnostic>> {
    let mut prepared: Vec<PreparedStill> = Vec::new();
    let mut problems = Vec::new();
    let pictures = outline
        .blocks()
        .filter_map(|(_, block)| match &block.value {
            Block::Scene(scene) => scene.still.as_ref().map(|s| (s, "still")),
            Block::Image(image) => Some((&image.src, "image")),
            _ => None,
        });
    for (still, noun) in pictures {
        if prepared.iter().any(|p| p.written == still.value) {
            continue;
        }
        let read = read_inside(folder, &still.value, noun);
        // The same picture under two names is prepared once.
        if let Ok((_, bytes)) = &read
            && let Some(same) = prepared.iter().find(|p| p.original == *bytes)
        {
            let mut copy = same.clone();
            copy.written = still.value.clone();
            prepared.push(copy);
            continue;
        }
        let result = read.and_then(|(path, bytes)| {
            prepare_one(
                path,
                bytes,
                &still.value,
                noun,
                prepared.len(),
                outline.grayscale_handout(),
            )
        });
        match result {
            Ok(p) => prepared.push(p),
            Err((message, hint)) => problems.push(
                Diagnostic::error(message)
                    .at(source, still.span)
                    .with_hint(hint),
            ),
        }
    }
    if problems.is_empty() {
        Ok(prepared)
    } else {
        Err(problems)
    }
}

/// The formats deckhand reads, as a hint after a `noun` (`still`, `image`) it could not use.
fn formats_hint(noun: &str) -> String {
    format!("{noun}s can be PNG, JPEG, WebP, GIF, BMP or TIFF files")
}

/// Finds `written` inside `folder` and reads it.
fn read_inside(
    folder: &Path,
    written: &str,
    noun: &str,
) -> Result<(PathBuf, Vec<u8>), (String, String)> {
    let path = resolve_inside(folder, written).map_err(|message| {
        (
            format!("cannot use the {noun}: {message}"),
            "put the image in the outline's folder (or a folder inside it) and give its relative path".to_string(),
        )
    })?;
    // Only a regular file: a folder, a device or a named pipe (which would
    // block the read for ever) is refused before it is opened.
    if !path.is_file() {
        return Err((
            format!("cannot use the {noun}: `{written}` is not a file"),
            formats_hint(noun),
        ));
    }
    let cannot_read = |e: std::io::Error| {
        (
            format!("cannot read the {noun} `{written}` ({e})"),
            formats_hint(noun),
        )
    };
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err((
            format!(
                "the still `{written}` is larger than {} MiB",
                MAX_FILE_BYTES / 1024 / 1024
            ),
            "save it as a JPEG of at most a few megabytes".to_string(),
        ));
    }
    Ok((path, bytes))
}

fn prepare_one(
    path: PathBuf,
    bytes: Vec<u8>,
    written: &str,
    noun: &str,
    index: usize,
    grayscale_card: bool,
) -> Result<PreparedStill, (String, String)> {
    let original = bytes.clone();
    let not_an_image = |detail: String| {
        (
            format!("`{written}` is not an image deckhand can read ({detail})"),
            formats_hint(noun),
        )
    };
    let format = image::guess_format(&bytes).map_err(|e| not_an_image(e.to_string()))?;
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let too_large = || {
        (
            format!(
                "the {noun} `{written}` is too large to open (more than {MAX_DECODE_SIDE} pixels on a side)"
            ),
            "resize it to at most 2560 pixels on its long side".to_string(),
        )
    };
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(),
        other if other.to_string().contains("too large") => too_large(),
        other => not_an_image(other.to_string()),
    })?;
    let (declared_width, declared_height) = decoder.dimensions();
    if declared_width.max(declared_height) > MAX_DECODE_SIDE {
        return Err(too_large());
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(),
        other => not_an_image(other.to_string()),
    })?;
    let oriented = orientation != image::metadata::Orientation::NoTransforms;
    image.apply_orientation(orientation);
    let too_large = image.width().max(image.height()) > MAX_SIDE;
    if too_large {
        image = image.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Lanczos3);
    }
    let (width, height) = (image.width(), image.height());
    let mut card = if width.max(height) > CARD_SIDE {
        image.resize(CARD_SIDE, CARD_SIDE, image::imageops::FilterType::Lanczos3)
    } else {
        image.clone()
    };
    if grayscale_card {
        card = if card.color().has_alpha() {
            DynamicImage::ImageLumaA8(card.to_luma_alpha8())
        } else {
            DynamicImage::ImageLuma8(card.to_luma8())
        };
    }
    let card_bytes = encode(
        &card,
        format == ImageFormat::Jpeg && !card.color().has_alpha(),
    )
    .map_err(|e| not_an_image(e.to_string()))?;
    let card_extension = if format == ImageFormat::Jpeg && !card.color().has_alpha() {
        "jpg"
    } else {
        "png"
    };
    let typst_reads_it = matches!(format, ImageFormat::Png | ImageFormat::Jpeg);
    let (bytes, extension) = if typst_reads_it && !oriented && !too_large {
        let extension = if format == ImageFormat::Png {
            "png"
        } else {
            "jpg"
        };
        (bytes, extension)
    } else {
        let as_jpeg = format == ImageFormat::Jpeg && !image.color().has_alpha();
        let bytes = encode(&image, as_jpeg).map_err(|e| not_an_image(e.to_string()))?;
        (bytes, if as_jpeg { "jpg" } else { "png" })
    };
    Ok(PreparedStill {
        written: written.to_string(),
        virtual_path: format!("/stills/{index}.{extension}"),
        bytes: typst::foundations::Bytes::new(bytes),
        card_path: format!("/stills/{index}-card.{card_extension}"),
        card_bytes: typst::foundations::Bytes::new(card_bytes),
        width,
        height,
        source_path: path,
        original,
    })
}

/// Photographs stay JPEG (quality 85); everything else becomes PNG, keeping transparency.
fn encode(image: &DynamicImage, as_jpeg: bool) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    if as_jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        if image.color().channel_count() == 1 {
            image.to_luma8().write_with_encoder(encoder)?;
        } else {
            image.to_rgb8().write_with_encoder(encoder)?;
        }
    } else {
        image.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)?;
    }
    Ok(out)
}
