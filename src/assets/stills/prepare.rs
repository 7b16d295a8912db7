//! Preparing a picture whose header passed: no more work than it needs, and its data checked.
//!
//! A JPEG or PNG that is upright and small enough goes to Typst as it is,
//! less the metadata Typst has no use for (and which could be made to take
//! its memory), except a PNG that is a photograph (a frame grab, more than
//! 0.4 bytes a pixel): that one becomes a JPEG, a tenth of the size in the
//! PDF and quicker for Typst. A large JPEG is decoded at a half, a quarter or an eighth of
//! its size in the DCT domain, then resized; every other picture is decoded,
//! turned upright, resized and encoded again.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{
    DynamicImage, GrayAlphaImage, GrayImage, ImageEncoder, ImageFormat, ImageReader, RgbImage,
    RgbaImage,
};
use pic_scale::{ImageSize, ImageStore, ImageStoreMut, ResamplingFunction, Scaler};
use typst::foundations::Bytes;

use super::header::{self, Format, Header, PNG_SIGNATURE, turns_sideways};
use super::{
    CARD_REUSE_SIDE, CARD_SIDE, MAX_DECODE_BYTES, MAX_PROFILE_BYTES, MAX_SIDE, MIN_SLIDE_WIDTH,
    Named, Refusal, Shape,
};

/// Prepares one picture: the slide's copy and the handout card's.
pub fn prepare(
    bytes: &[u8],
    header: &Header,
    grayscale_card: bool,
    name: &Named,
) -> Result<Shape, Refusal> {
    let (width, height) = header.upright_size();
    let small_enough = width.max(height) <= MAX_SIDE;
    let plan = Plan {
        as_it_is: small_enough && header.orientation == Orientation::NoTransforms,
        own_card: !grayscale_card && width.max(height) <= CARD_REUSE_SIDE,
        grayscale_card,
    };
    match header.format {
        Format::Jpeg => prepare_jpeg(bytes, header, plan, name),
        Format::Png => prepare_png(bytes, header, plan, name),
        Format::Other(format) => {
            let image = decode_other(bytes, format, name)?;
            finish(image, header.orientation, None, false, grayscale_card)
        }
    }
}

/// What a picture's preparation may skip: whether the original serves as
/// the slide's copy (small enough and upright), and as the handout's card too.
#[derive(Clone, Copy)]
struct Plan {
    as_it_is: bool,
    own_card: bool,
    grayscale_card: bool,
}

/// A JPEG: passed through as it is when it may be (cleaned of its
/// metadata), else decoded at the size the slide needs.
fn prepare_jpeg(bytes: &[u8], header: &Header, plan: Plan, name: &Named) -> Result<Shape, Refusal> {
    let (width, height) = header.upright_size();
    let (cleaned, profile) = clean_jpeg(bytes, name)?;
    if plan.as_it_is {
        // Decoding checks the data, which the header step never read;
        // an eighth of the size is enough when the card is the picture itself.
        let card_wanted = if plan.own_card {
            1
        } else {
            CARD_SIDE.min(width.max(height))
        };
        let image = decode_jpeg(bytes, header, Need::LongSide(card_wanted), name)?;
        let slide = as_own_card(Bytes::new(cleaned), "jpg", width, height);
        return Ok(if plan.own_card {
            slide
        } else {
            with_card(slide, &image, plan.grayscale_card, true)
        });
    }
    let target = fit(width, height, MAX_SIDE);
    let need = Need::Width(target.0.min(MIN_SLIDE_WIDTH));
    let image = decode_jpeg(bytes, header, need, name)?;
    finish(
        image,
        header.orientation,
        profile.as_deref(),
        true,
        plan.grayscale_card,
    )
}

/// A PNG: a photograph or a frame grab becomes a JPEG; a drawing stays a
/// PNG, passed through as it is when it may be.
fn prepare_png(bytes: &[u8], header: &Header, plan: Plan, name: &Named) -> Result<Shape, Refusal> {
    let (width, height) = header.upright_size();
    let (cleaned, profile) = clean_png(bytes, name)?;
    // More than 0.4 bytes a pixel, packed: a photograph or a frame
    // grab (a film's smooth frame packs to about half a byte).
    // Drawings, diagrams and screenshots pack to far less. Kept as a
    // PNG, Typst would unpack and pack its pixels again in every
    // document of every build (0.1 s of CPU per 1080p frame).
    let photograph =
        !header.transparent && cleaned.len() as u64 * 5 > u64::from(width) * u64::from(height) * 2;
    if photograph {
        let image = decode_other(&cleaned, ImageFormat::Png, name)?;
        let profile = profile.as_deref();
        return finish(
            image,
            header.orientation,
            profile,
            true,
            plan.grayscale_card,
        );
    }
    if plan.as_it_is && plan.own_card {
        return Ok(as_own_card(Bytes::new(cleaned), "png", width, height));
    }
    let image = decode_other(&cleaned, ImageFormat::Png, name)?;
    if plan.as_it_is {
        let slide = as_own_card(Bytes::new(cleaned), "png", width, height);
        return Ok(with_card(slide, &image, plan.grayscale_card, false));
    }
    finish(
        image,
        header.orientation,
        profile.as_deref(),
        false,
        plan.grayscale_card,
    )
}

/// A slide's copy that serves as its own handout card.
fn as_own_card(bytes: Bytes, extension: &'static str, width: u32, height: u32) -> Shape {
    Shape {
        card_bytes: bytes.clone(),
        card_extension: extension,
        bytes,
        extension,
        width,
        height,
    }
}

/// `slide` with a handout card of its own, made from `image`.
fn with_card(slide: Shape, image: &DynamicImage, grayscale: bool, photograph: bool) -> Shape {
    let (card_bytes, card_extension) = card(image, grayscale, photograph);
    Shape {
        card_bytes,
        card_extension,
        ..slide
    }
}

/// Resizes a decoded picture to the slide's size, turns it upright and
/// encodes it, then makes its card.
fn finish(
    image: DynamicImage,
    orientation: Orientation,
    profile: Option<&[u8]>,
    photograph: bool,
    grayscale_card: bool,
) -> Result<Shape, Refusal> {
    let image = eight_bits(image);
    // Resized before it is turned: turning the smaller picture is cheaper.
    let (stored_width, stored_height) = (image.width(), image.height());
    let (width, height) = fit(stored_width, stored_height, MAX_SIDE);
    let mut image = if (width, height) == (stored_width, stored_height) {
        image
    } else {
        resize(&image, width, height)
    };
    image.apply_orientation(orientation);
    let as_jpeg = photograph && !image.color().has_alpha();
    let slide = Bytes::new(encode(&image, as_jpeg, profile));
    let extension = if as_jpeg { "jpg" } else { "png" };
    let own_card = !grayscale_card && image.width().max(image.height()) <= CARD_REUSE_SIDE;
    let slide = as_own_card(slide, extension, image.width(), image.height());
    Ok(if own_card {
        slide
    } else {
        with_card(slide, &image, grayscale_card, photograph)
    })
}

/// The handout card: at most `CARD_SIDE`, grey when the outline asks.
fn card(image: &DynamicImage, grayscale: bool, photograph: bool) -> (Bytes, &'static str) {
    let (width, height) = fit(image.width(), image.height(), CARD_SIDE);
    let mut card = if (width, height) == (image.width(), image.height()) {
        image.clone()
    } else {
        resize(image, width, height)
    };
    if grayscale {
        card = if card.color().has_alpha() {
            DynamicImage::ImageLumaA8(card.to_luma_alpha8())
        } else {
            DynamicImage::ImageLuma8(card.to_luma8())
        };
    }
    let as_jpeg = photograph && !card.color().has_alpha();
    // A grey card has no use for a colour profile made for three channels;
    // the card's few hundred pixels are printed, where sRGB is what printers assume.
    let encoded = encode(&card, as_jpeg, None);
    (Bytes::new(encoded), if as_jpeg { "jpg" } else { "png" })
}

/// `width` x `height` scaled down to fit in a square of `side`, never up.
fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= side {
        return (width, height);
    }
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(side) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    (scale(width), scale(height))
}

/// How large a decoded JPEG must be, upright.
#[derive(Clone, Copy)]
enum Need {
    /// At least this wide (or as wide as the picture).
    Width(u32),
    /// At least this long on its long side (or as long as the picture).
    LongSide(u32),
}

/// Decodes a JPEG at the smallest of 1/8, 1/4, 1/2 and full size that gives
/// what is `needed`: the reduced sizes are made in the DCT domain, so most
/// of the work of a full decode is never done. Checks the whole of its data.
fn decode_jpeg(
    bytes: &[u8],
    header: &Header,
    needed: Need,
    name: &Named,
) -> Result<DynamicImage, Refusal> {
    let sideways = turns_sideways(header.orientation);
    let scaled = |divisor: u32| {
        (
            header.width.div_ceil(divisor),
            header.height.div_ceil(divisor),
        )
    };
    let divisor = [8, 4, 2, 1]
        .into_iter()
        .find(|&divisor| {
            let (w, h) = scaled(divisor);
            let upright_width = if sideways { h } else { w };
            match needed {
                Need::Width(width) => upright_width >= width,
                Need::LongSide(side) => w.max(h) >= side,
            }
        })
        .unwrap_or(1);
    let (w, h) = scaled(divisor);
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(MAX_DECODE_BYTES as usize);
    let broken = |error: jpeg_decoder::Error| jpeg_refusal(error, name);
    decoder.read_info().map_err(broken)?;
    let (w16, h16) = (u16::try_from(w), u16::try_from(h));
    if let (Ok(w16), Ok(h16)) = (w16, h16) {
        decoder.scale(w16, h16).map_err(broken)?;
    }
    let pixels = decoder.decode().map_err(broken)?;
    let info = decoder
        .info()
        .ok_or_else(|| name.damaged("its header is damaged"))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let image = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8)
        }
        // CMYK and 16-bit JPEGs are rare: the `image` crate converts them
        // (its decoder is lenient, but the data was checked just now).
        _ => return decode_other(bytes, ImageFormat::Jpeg, name),
    };
    image.ok_or_else(|| name.damaged("its picture data is shorter than its header says"))
}

fn jpeg_refusal(error: jpeg_decoder::Error, name: &Named) -> Refusal {
    match error {
        jpeg_decoder::Error::Unsupported(feature) => name.not_an_image(&format!(
            "a kind of JPEG deckhand cannot decode: {feature:?}"
        )),
        jpeg_decoder::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            name.damaged("the file ends before the picture does")
        }
        _ => name.damaged("its picture data is not valid JPEG"),
    }
}

/// Decodes any picture with the `image` crate, within the decoding limits.
fn decode_other(bytes: &[u8], format: ImageFormat, name: &Named) -> Result<DynamicImage, Refusal> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(header::decoding_limits());
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => name.too_large(),
        other => name.damaged(&other.to_string()),
    })
}

/// Every layout as 8 bits a channel, keeping grey, colour and transparency.
fn eight_bits(image: DynamicImage) -> DynamicImage {
    match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => image,
        other => match (other.color().has_color(), other.color().has_alpha()) {
            (false, false) => DynamicImage::ImageLuma8(other.to_luma8()),
            (false, true) => DynamicImage::ImageLumaA8(other.to_luma_alpha8()),
            (true, false) => DynamicImage::ImageRgb8(other.to_rgb8()),
            (true, true) => DynamicImage::ImageRgba8(other.to_rgba8()),
        },
    }
}

/// Resizes an 8-bit picture with pic-scale (Catmull-Rom; transparency premultiplied).
fn resize(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    let from = ImageSize::new(image.width() as usize, image.height() as usize);
    let to = ImageSize::new(width as usize, height as usize);
    let scaler = Scaler::new(ResamplingFunction::CatmullRom);
    let resized = match image {
        DynamicImage::ImageLuma8(grey) => scale::<1>(grey.as_raw(), from, to, |store, out| {
            scaler
                .plan_planar_resampling(from, to)?
                .resample(store, out)
        })
        .and_then(|raw| GrayImage::from_raw(width, height, raw))
        .map(DynamicImage::ImageLuma8),
        DynamicImage::ImageLumaA8(grey) => scale::<2>(grey.as_raw(), from, to, |store, out| {
            scaler
                .plan_gray_alpha_resampling(from, to, true)?
                .resample(store, out)
        })
        .and_then(|raw| GrayAlphaImage::from_raw(width, height, raw))
        .map(DynamicImage::ImageLumaA8),
        DynamicImage::ImageRgba8(rgba) => scale::<4>(rgba.as_raw(), from, to, |store, out| {
            scaler
                .plan_rgba_resampling(from, to, true)?
                .resample(store, out)
        })
        .and_then(|raw| RgbaImage::from_raw(width, height, raw))
        .map(DynamicImage::ImageRgba8),
        other => {
            let rgb = other.to_rgb8();
            scale::<3>(rgb.as_raw(), from, to, |store, out| {
                scaler.plan_rgb_resampling(from, to)?.resample(store, out)
            })
            .and_then(|raw| RgbImage::from_raw(width, height, raw))
            .map(DynamicImage::ImageRgb8)
        }
    };
    // pic-scale refuses only buffers of the wrong length, which these are not;
    // the `image` crate's own resize is the (slow) fallback all the same.
    resized.unwrap_or_else(|| {
        image.resize_exact(width, height, image::imageops::FilterType::CatmullRom)
    })
}

/// Runs one pic-scale plan from `pixels` into a new buffer.
fn scale<const N: usize>(
    pixels: &[u8],
    from: ImageSize,
    to: ImageSize,
    run: impl Fn(
        &ImageStore<'_, u8, N>,
        &mut ImageStoreMut<'_, u8, N>,
    ) -> Result<(), pic_scale::PicScaleError>,
) -> Option<Vec<u8>> {
    let store = ImageStore::<u8, N>::from_slice(pixels, from.width, from.height).ok()?;
    let mut raw = vec![0u8; to.width * to.height * N];
    let mut out = ImageStoreMut::<u8, N>::borrow(&mut raw, to.width, to.height).ok()?;
    run(&store, &mut out).ok()?;
    Some(raw)
}

/// Photographs stay JPEG (quality 85); everything else becomes PNG, keeping
/// transparency. The colour profile, when there is one, goes along.
fn encode(image: &DynamicImage, as_jpeg: bool, profile: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    if as_jpeg {
        let converted;
        let (pixels, colour) = match image {
            DynamicImage::ImageLuma8(grey) => (grey.as_raw(), jpeg_encoder::ColorType::Luma),
            DynamicImage::ImageRgb8(rgb) => (rgb.as_raw(), jpeg_encoder::ColorType::Rgb),
            other => {
                converted = other.to_rgb8();
                (converted.as_raw(), jpeg_encoder::ColorType::Rgb)
            }
        };
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
        if let Some(profile) = profile {
            // Refused only beyond 16 MiB, and profiles are kept under 4.
            let _ = encoder.add_icc_profile(profile);
        }
        // Sides are at most 2560 here, far within a JPEG's 65535.
        let side = |v: u32| u16::try_from(v).unwrap_or(u16::MAX);
        if encoder
            .encode(pixels, side(image.width()), side(image.height()), colour)
            .is_ok()
        {
            return out;
        }
        out.clear();
    }
    // Fast compression: a prepared picture is compressed again inside the PDF.
    let mut encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    if let Some(profile) = profile {
        let _ = encoder.set_icc_profile(profile.to_vec());
    }
    // Encoding an 8-bit picture in memory cannot fail.
    let _ = image.write_with_encoder(encoder);
    out
}

/// A JPEG without the segments Typst has no use for: EXIF (which may hold
/// where a phone photo was taken), XMP, comments, makers' notes. Keeps the
/// frame, its tables, JFIF, Adobe's colour transform and the colour profile,
/// which it also returns, put together from its parts.
fn clean_jpeg(bytes: &[u8], name: &Named) -> Result<(Vec<u8>, Option<Vec<u8>>), Refusal> {
    let early = || name.damaged("the file ends inside its header");
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..2).ok_or_else(early)?);
    let mut parts: Vec<(u8, &[u8])> = Vec::new();
    let mut at = 2;
    loop {
        if *bytes.get(at).ok_or_else(early)? != 0xFF {
            return Err(name.damaged("its header is broken"));
        }
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at + 1).ok_or_else(early)?;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            out.extend_from_slice(&[0xFF, marker]);
            at += 2;
            continue;
        }
        if marker == 0xDA {
            out.extend_from_slice(bytes.get(at..).ok_or_else(early)?);
            break;
        }
        let length = bytes.get(at + 2..at + 4).ok_or_else(early)?;
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        let segment = bytes.get(at..at + 2 + length).ok_or_else(early)?;
        let payload = segment.get(4..).unwrap_or_default();
        let keep = match marker {
            0xE2 => match payload.strip_prefix(b"ICC_PROFILE\0") {
                Some([sequence, _count, part @ ..]) => {
                    parts.push((*sequence, part));
                    true
                }
                _ => false,
            },
            0xE0 | 0xEE => true,
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        at += 2 + length;
    }
    parts.sort_by_key(|(sequence, _)| *sequence);
    let total: usize = parts.iter().map(|(_, part)| part.len()).sum();
    if total as u64 > MAX_PROFILE_BYTES {
        return Err(name.profile_too_large());
    }
    let profile =
        (!parts.is_empty()).then(|| parts.iter().flat_map(|(_, part)| *part).copied().collect());
    Ok((out, profile))
}

/// A PNG checked chunk by chunk (every checksum, an end, a profile within
/// its bound once unpacked) and kept to the chunks that draw the picture:
/// no text (which a decoder may unpack without bound), no EXIF, no animation.
fn clean_png(bytes: &[u8], name: &Named) -> Result<(Vec<u8>, Option<Vec<u8>>), Refusal> {
    let early = || name.damaged("the file ends before the picture does");
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    let mut profile = None;
    let mut has_data = false;
    loop {
        let head = bytes.get(at..at + 8).ok_or_else(early)?;
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = [head[4], head[5], head[6], head[7]];
        let end = at
            .checked_add(12)
            .and_then(|v| v.checked_add(length))
            .ok_or_else(early)?;
        let chunk = bytes.get(at..end).ok_or_else(early)?;
        let (body, checksum) = chunk[4..].split_at(4 + length);
        if crc32fast::hash(body).to_be_bytes() != checksum {
            return Err(name.damaged("a checksum inside it does not match its data"));
        }
        let critical = kind[0].is_ascii_uppercase();
        let keep = match &kind {
            b"iCCP" => {
                profile = Some(header::unpack_profile(&body[4..], name)?);
                true
            }
            b"IDAT" => {
                has_data = true;
                true
            }
            b"tRNS" | b"gAMA" | b"cHRM" | b"sRGB" | b"sBIT" | b"pHYs" | b"bKGD" => true,
            _ => critical,
        };
        if keep {
            out.extend_from_slice(chunk);
        }
        at = end;
        if &kind == b"IEND" {
            break;
        }
    }
    if !has_data {
        return Err(name.not_an_image("it holds no picture"));
    }
    Ok((out, profile))
}
