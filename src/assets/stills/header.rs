//! What a picture's header says (format, size, EXIF rotation), read without decoding a pixel.

use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

use image::metadata::Orientation;

use crate::paths::{self, Kind, Opened};
use image::{ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{MAX_DECODE_BYTES, MAX_DECODE_SIDE, MAX_FILE_BYTES, MAX_PROFILE_BYTES, Named, Refusal};

/// The formats deckhand reads itself (it hands them to Typst as they are, or
/// cleaned), and the others, which the `image` crate decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Other(ImageFormat),
}

/// A picture as its header describes it: enough to check every limit and
/// to plan its preparation.
#[derive(Clone, Copy, Debug)]
pub struct Header {
    pub format: Format,
    /// As stored, before the EXIF rotation.
    pub width: u32,
    pub height: u32,
    pub orientation: Orientation,
    /// The memory its pixels take at full size, decoded.
    pub decoded_bytes: u64,
    /// Whether it has an alpha channel or a transparent colour.
    pub transparent: bool,
}

impl Header {
    /// Width and height as the picture is seen, after its EXIF rotation.
    pub fn upright_size(&self) -> (u32, u32) {
        if turns_sideways(self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Whether `orientation` turns the picture by a quarter.
pub fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Reads the header of the picture at `path` and applies every limit that
/// does not need its pixels. Reads only the first bytes of a JPEG or PNG
/// (segments and chunks it does not need are skipped, not read).
pub fn read_header(within: &Path, path: &Path, name: &Named) -> Result<Header, Refusal> {
    let file = paths::open(within, path, Kind::Picture).map_err(|refused| name.refused(refused))?;
    if file.size() > MAX_FILE_BYTES {
        return Err(name.file_too_large());
    }
    let mut reader = BufReader::with_capacity(16 * 1024, file);
    let start = reader.fill_buf().map_err(|e| name.cannot_read(&e))?;
    let header = if start.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg_header(&mut reader, name)?
    } else if start.starts_with(PNG_SIGNATURE) {
        png_header(&mut reader, name)?
    } else {
        let format = image::guess_format(start).map_err(|e| name.not_an_image(&e.to_string()))?;
        other_header(reader, format, name)?
    };
    if header.width == 0 || header.height == 0 {
        return Err(name.not_an_image("its header gives it no width or height"));
    }
    if header.width.max(header.height) > MAX_DECODE_SIDE {
        return Err(name.too_large());
    }
    if header.decoded_bytes > MAX_DECODE_BYTES {
        return Err(name.too_much_memory(&header));
    }
    Ok(header)
}

pub const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn read_array<const N: usize>(reader: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut bytes = [0; N];
    reader.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn read_vec(reader: &mut impl Read, length: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; length];
    reader.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn skip(reader: &mut BufReader<Opened>, length: u64) -> std::io::Result<()> {
    let offset = i64::try_from(length).map_err(std::io::Error::other)?;
    reader.seek_relative(offset)
}

/// Names the end of a file as a trainer would see it.
fn ended_early(name: &Named, error: &std::io::Error) -> Refusal {
    if error.kind() == std::io::ErrorKind::UnexpectedEof {
        name.not_an_image("the file ends inside its header")
    } else {
        name.cannot_read(error)
    }
}

/// A JPEG's segments up to the first scan: the frame gives the size, an
/// `Exif` segment the rotation, `ICC_PROFILE` segments the profile's size.
fn jpeg_header(reader: &mut BufReader<Opened>, name: &Named) -> Result<Header, Refusal> {
    let early = |e: std::io::Error| ended_early(name, &e);
    let _start_of_image: [u8; 2] = read_array(reader).map_err(early)?;
    let mut frame: Option<(u32, u32, u64)> = None;
    let mut orientation = Orientation::NoTransforms;
    let mut profile_bytes: u64 = 0;
    loop {
        let [first] = read_array(reader).map_err(early)?;
        if first != 0xFF {
            return Err(name.not_an_image("its header is damaged"));
        }
        let mut marker = 0xFF;
        while marker == 0xFF {
            [marker] = read_array(reader).map_err(early)?;
        }
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 => return Err(name.not_an_image("it ends before its picture starts")),
            0xDA => break,
            _ => {}
        }
        let length = u16::from_be_bytes(read_array(reader).map_err(early)?);
        let payload = u64::from(length.saturating_sub(2));
        match marker {
            // Start of frame, in any coding; 0xC4, 0xC8 and 0xCC are other segments.
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                let data = read_vec(reader, payload as usize).map_err(early)?;
                let [_precision, h0, h1, w0, w1, components, ..] = data[..] else {
                    return Err(name.not_an_image("its header is damaged"));
                };
                let height = u32::from(u16::from_be_bytes([h0, h1]));
                let width = u32::from(u16::from_be_bytes([w0, w1]));
                frame = Some((width, height, u64::from(components)));
            }
            // EXIF is read; XMP and the rest of the APP1 segments are skipped.
            0xE1 if payload >= 6 => {
                let signature: [u8; 6] = read_array(reader).map_err(early)?;
                if &signature == b"Exif\0\0" {
                    let tiff = read_vec(reader, (payload - 6) as usize).map_err(early)?;
                    if let Some(found) = Orientation::from_exif_chunk(&tiff) {
                        orientation = found;
                    }
                } else {
                    skip(reader, payload - 6).map_err(early)?;
                }
            }
            0xE2 if payload >= 14 => {
                let signature: [u8; 12] = read_array(reader).map_err(early)?;
                if &signature == b"ICC_PROFILE\0" {
                    profile_bytes += payload - 14;
                }
                skip(reader, payload - 12).map_err(early)?;
            }
            _ => skip(reader, payload).map_err(early)?,
        }
    }
    let Some((width, height, components)) = frame else {
        return Err(name.not_an_image("its header gives no picture size"));
    };
    if profile_bytes > MAX_PROFILE_BYTES {
        return Err(name.profile_too_large());
    }
    Ok(Header {
        format: Format::Jpeg,
        width,
        height,
        orientation,
        decoded_bytes: u64::from(width) * u64::from(height) * components.max(1),
        transparent: false,
    })
}

/// A PNG's chunks up to the first image data: `IHDR` gives the size and the
/// pixel layout, `eXIf` the rotation; an `iCCP` profile is unpacked, within
/// its bound, so that a profile that unpacks to gigabytes is refused here.
fn png_header(reader: &mut BufReader<Opened>, name: &Named) -> Result<Header, Refusal> {
    let early = |e: std::io::Error| ended_early(name, &e);
    let _signature: [u8; 8] = read_array(reader).map_err(early)?;
    let mut layout: Option<(u32, u32, u8, u8)> = None;
    let mut orientation = Orientation::NoTransforms;
    let mut transparency = false;
    loop {
        let length = u32::from_be_bytes(read_array(reader).map_err(early)?);
        let kind: [u8; 4] = read_array(reader).map_err(early)?;
        let length = u64::from(length);
        if layout.is_none() && &kind != b"IHDR" {
            return Err(name.not_an_image("its header is damaged"));
        }
        match &kind {
            b"IHDR" => {
                let data: [u8; 13] = read_array(reader).map_err(early)?;
                let width = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
                let height = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
                layout = Some((width, height, data[8], data[9]));
                skip(reader, length.saturating_sub(13) + 4).map_err(early)?;
            }
            b"IDAT" => break,
            b"IEND" => return Err(name.not_an_image("it holds no picture")),
            b"iCCP" => {
                if length > MAX_PROFILE_BYTES {
                    return Err(name.profile_too_large());
                }
                let data = read_vec(reader, length as usize).map_err(early)?;
                unpack_profile(&data, name)?;
                skip(reader, 4).map_err(early)?;
            }
            b"eXIf" if length <= 1024 * 1024 => {
                let data = read_vec(reader, length as usize).map_err(early)?;
                if let Some(found) = Orientation::from_exif_chunk(&data) {
                    orientation = found;
                }
                skip(reader, 4).map_err(early)?;
            }
            b"tRNS" => {
                transparency = true;
                skip(reader, length + 4).map_err(early)?;
            }
            _ => skip(reader, length + 4).map_err(early)?,
        }
    }
    let Some((width, height, depth, colour)) = layout else {
        return Err(name.not_an_image("its header is damaged"));
    };
    // What the decoder makes of each layout: a palette becomes RGB (RGBA
    // with transparency), and depths below 8 bits become 8.
    let channels: u64 = match colour {
        0 => 1,
        2 => 3,
        3 if transparency => 4,
        3 => 3,
        4 => 2,
        6 => 4,
        _ => return Err(name.not_an_image("its header is damaged")),
    };
    let sample_bytes = if depth == 16 { 2 } else { 1 };
    Ok(Header {
        format: Format::Png,
        width,
        height,
        orientation,
        decoded_bytes: u64::from(width) * u64::from(height) * channels * sample_bytes,
        transparent: transparency || matches!(colour, 4 | 6),
    })
}

/// The ICC profile inside an `iCCP` chunk's data, unpacked at most to its bound.
pub fn unpack_profile(chunk: &[u8], name: &Named) -> Result<Vec<u8>, Refusal> {
    let damaged = || name.not_an_image("its colour profile is damaged");
    let name_end = chunk.iter().position(|&b| b == 0).ok_or_else(damaged)?;
    let packed = chunk.get(name_end + 2..).ok_or_else(damaged)?;
    let mut profile = Vec::new();
    flate2::read::ZlibDecoder::new(packed)
        .take(MAX_PROFILE_BYTES + 1)
        .read_to_end(&mut profile)
        .map_err(|_| damaged())?;
    if profile.len() as u64 > MAX_PROFILE_BYTES {
        return Err(name.profile_too_large());
    }
    Ok(profile)
}

/// WebP, GIF, BMP and TIFF: the `image` crate's decoder reads their headers.
fn other_header(
    mut reader: BufReader<Opened>,
    format: ImageFormat,
    name: &Named,
) -> Result<Header, Refusal> {
    reader.rewind().map_err(|e| name.cannot_read(&e))?;
    let mut image_reader = ImageReader::with_format(reader, format);
    image_reader.limits(decoding_limits());
    let mut decoder = image_reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => name.too_large(),
        other if other.to_string().contains("too large") => name.too_large(),
        other => name.not_an_image(&other.to_string()),
    })?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(Header {
        format: Format::Other(format),
        width,
        height,
        orientation,
        decoded_bytes: decoder.total_bytes(),
        transparent: decoder.color_type().has_alpha(),
    })
}

/// The limits every decoder of a still works within.
pub fn decoding_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}
