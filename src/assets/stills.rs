//! Stills and image slides: read inside the outline's folder, decoded with limits, upright and resized.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::diag::Diagnostic;
use crate::outline::{Block, Loaded, Text};
use crate::paths::Root;
use typst::foundations::Bytes;

/// The longest side a still keeps on slides: sharp on a projector, small in a PDF.
const MAX_SIDE: u32 = 2560;
/// The longest side of a handout card's still: about 300 dpi at its printed size.
const CARD_SIDE: u32 = 1200;
/// Pictures up to this size serve as their own card (unless it must be grey).
const CARD_REUSE_SIDE: u32 = 1800;
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
}

/// Prepares every still and image of `outline`, or reports each one that cannot be used.
///
/// Pictures are prepared in parallel, and each prepared picture is kept for
/// the life of the process, by content: `watch` re-prepares only what changed.
pub fn prepare_stills(loaded: &Loaded) -> Result<Vec<PreparedStill>, Vec<Diagnostic>> {
    let outline = &loaded.outline;
    let grayscale = outline.grayscale_handout();
    let mut wanted: Vec<(&Text, &str)> = Vec::new();
    for (_, block) in outline.blocks() {
        let picture = match &block.value {
            Block::Scene(scene) => scene.still.as_ref().map(|s| (s, "still")),
            Block::Image(image) => Some((&image.src, "image")),
            _ => None,
        };
        if let Some(picture) = picture
            && !wanted.iter().any(|(w, _)| w.value == picture.0.value)
        {
            wanted.push(picture);
        }
    }
    let results: Vec<Option<Result<PreparedStill, (String, String)>>> =
        crate::parallel::parallel_map(
            &wanted,
            |(still, noun)| {
                let folder = loaded.folder_of(still.span.file);
                let (path, bytes) = read_inside(&loaded.root, folder, &still.value, noun)?;
                let digest = content_digest(&bytes, grayscale);
                let shape = match cached(digest) {
                    Some(shape) => shape,
                    None => {
                        let shape = Arc::new(prepare_one(&bytes, &still.value, noun, grayscale)?);
                        remember(digest, &shape);
                        shape
                    }
                };
                Ok(PreparedStill {
                    written: still.value.clone(),
                    virtual_path: format!("/stills/{digest:016x}.{}", shape.extension),
                    bytes: shape.bytes.clone(),
                    card_path: format!("/stills/{digest:016x}-card.{}", shape.card_extension),
                    card_bytes: shape.card_bytes.clone(),
                    width: shape.width,
                    height: shape.height,
                    source_path: path,
                })
            },
            &|_| {},
        );
    let mut prepared = Vec::new();
    let mut problems = Vec::new();
    for ((still, _), result) in wanted.iter().zip(results) {
        let result = result.unwrap_or_else(|| {
            Err((
                format!("the picture `{}` could not be prepared", still.value),
                "deckhand stopped unexpectedly on it; please report this with the picture".into(),
            ))
        });
        match result {
            Ok(p) => prepared.push(p),
            Err((message, hint)) => problems
                .push(loaded.locate(Diagnostic::error(message).at(still.span).with_hint(hint))),
        }
    }
    if problems.is_empty() {
        Ok(prepared)
    } else {
        Err(problems)
    }
}

/// What preparing a picture makes, whatever its name: shared by every use of it.
#[derive(Debug)]
struct Shape {
    bytes: Bytes,
    extension: &'static str,
    card_bytes: Bytes,
    card_extension: &'static str,
    width: u32,
    height: u32,
}

type Cache = Mutex<HashMap<u64, Arc<Shape>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

fn cached(digest: u64) -> Option<Arc<Shape>> {
    cache().lock().ok()?.get(&digest).cloned()
}

/// Keeps a prepared picture; a full cache (a long `watch` of many edited
/// pictures) starts again rather than grow without end.
fn remember(digest: u64, shape: &Arc<Shape>) {
    if let Ok(mut cache) = cache().lock() {
        if cache.len() >= 256 {
            cache.clear();
        }
        cache.insert(digest, Arc::clone(shape));
    }
}

/// FNV-1a of the file and how it is prepared: names the prepared files, so the
/// same picture is the same file in every document and every exported project.
fn content_digest(bytes: &[u8], grayscale_card: bool) -> u64 {
    let mut hash = super::Fnv1a::default();
    hash.write(bytes);
    hash.write_u8(u8::from(grayscale_card));
    hash.finish()
}

/// The formats deckhand reads, as a hint after a `noun` (`still`, `image`) it could not use.
fn formats_hint(noun: &str) -> String {
    format!("{noun}s can be PNG, JPEG, WebP, GIF, BMP or TIFF files")
}

/// Finds `written` (relative to `folder`) inside `root` and reads it.
fn read_inside(
    root: &Root,
    folder: &Path,
    written: &str,
    noun: &str,
) -> Result<(PathBuf, Vec<u8>), (String, String)> {
    let path = root.resolve(folder, written).map_err(|message| {
        (
            format!("cannot use the {noun}: {message}"),
            format!(
                "put the image inside {} and give its path relative to the file that names it",
                root.described()
            ),
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
    bytes: &[u8],
    written: &str,
    noun: &str,
    grayscale_card: bool,
) -> Result<Shape, (String, String)> {
    let not_an_image = |detail: String| {
        (
            format!("`{written}` is not an image deckhand can read ({detail})"),
            formats_hint(noun),
        )
    };
    let format = image::guess_format(bytes).map_err(|e| not_an_image(e.to_string()))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
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
        image = image.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::CatmullRom);
    }
    let (width, height) = (image.width(), image.height());
    let typst_reads_it = matches!(format, ImageFormat::Png | ImageFormat::Jpeg);
    let unchanged = typst_reads_it && !oriented && !too_large;
    let extension = |jpeg: bool| if jpeg { "jpg" } else { "png" };
    let (slide_bytes, slide_extension) = if unchanged {
        (bytes.to_vec(), extension(format == ImageFormat::Jpeg))
    } else {
        let as_jpeg = format == ImageFormat::Jpeg && !image.color().has_alpha();
        let encoded = encode(&image, as_jpeg).map_err(|e| not_an_image(e.to_string()))?;
        (encoded, extension(as_jpeg))
    };
    let slide_bytes = Bytes::new(slide_bytes);
    // A picture little larger than a card is printed as it is: resizing and
    // encoding it again would cost more time than the few kilobytes it saves.
    let (card_bytes, card_extension) = if !grayscale_card && width.max(height) <= CARD_REUSE_SIDE {
        (slide_bytes.clone(), slide_extension)
    } else {
        let mut card = if width.max(height) > CARD_SIDE {
            image.resize(CARD_SIDE, CARD_SIDE, image::imageops::FilterType::Triangle)
        } else {
            image
        };
        if grayscale_card {
            card = if card.color().has_alpha() {
                DynamicImage::ImageLumaA8(card.to_luma_alpha8())
            } else {
                DynamicImage::ImageLuma8(card.to_luma8())
            };
        }
        let as_jpeg = format == ImageFormat::Jpeg && !card.color().has_alpha();
        let encoded = encode(&card, as_jpeg).map_err(|e| not_an_image(e.to_string()))?;
        (Bytes::new(encoded), extension(as_jpeg))
    };
    Ok(Shape {
        bytes: slide_bytes,
        extension: slide_extension,
        card_bytes,
        card_extension,
        width,
        height,
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
        // Fast compression: a prepared picture is compressed again inside the PDF.
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        );
        image.write_with_encoder(encoder)?;
    }
    Ok(out)
}
