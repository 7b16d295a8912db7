//! Real photos: `check` reads only headers, `build` finds broken data, the
//! cache of prepared pictures changes no byte, and picture bombs are refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use image::{DynamicImage, ImageEncoder, Rgb, RgbImage};

/// Runs `deckhand ARGS` in `dir` with its picture cache in `cache`.
fn deckhand_cached(dir: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deckhand"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .env("DECKHAND_CACHE_DIR", cache)
        .output()
        .expect("the deckhand binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Colour that changes everywhere, so that JPEG has work to do.
fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width) as u8,
            ((x * 7 + y * 13) % 256) as u8,
            (y * 255 / height) as u8,
        ])
    })
}

fn jpeg(image: &RgbImage, orientation: Option<u8>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(value) = orientation {
        // A little-endian TIFF block holding only the orientation tag.
        let exif = vec![
            0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00,
            0x01, 0x00, 0x00, 0x00, value, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        encoder.set_exif_metadata(exif).expect("JPEG takes EXIF");
    }
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode JPEG");
    out
}

fn png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode PNG");
    out
}

/// A PNG chunk: length, kind, data and checksum.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    out
}

/// `png` with `extra` chunks right after its header chunk.
fn with_chunks(png: &[u8], extra: &[Vec<u8>]) -> Vec<u8> {
    let mut out = png[..33].to_vec();
    for c in extra {
        out.extend_from_slice(c);
    }
    out.extend_from_slice(&png[33..]);
    out
}

/// `bytes` of zeros, packed with zlib: a few kilobytes that unpack to `bytes`.
fn zlib_zeros(bytes: usize) -> Vec<u8> {
    use std::io::Write;
    let mut packer = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..bytes / zeros.len() {
        packer.write_all(&zeros).expect("pack");
    }
    packer.finish().expect("pack")
}

/// A PNG whose header claims `width` x `height` pixels of `colour` type at
/// `depth` bits, with a little data that never decodes to that.
fn png_claiming(width: u32, height: u32, depth: u8, colour: u8) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[depth, colour, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &header));
    out.extend(chunk(b"IDAT", &zlib_zeros(1024 * 1024)));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// `jpeg` cut just after its header (the start of its scan), then `data`.
fn jpeg_header_then(jpeg: &[u8], data: &[u8]) -> Vec<u8> {
    let scan = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("a scan");
    let length = usize::from(u16::from_be_bytes([jpeg[scan + 2], jpeg[scan + 3]]));
    let mut out = jpeg[..scan + 2 + length].to_vec();
    out.extend_from_slice(data);
    out
}

/// Bytes that look like nothing: a fixed pseudo-random sequence.
fn noise(length: usize) -> Vec<u8> {
    let mut state: u32 = 0x1234_5678;
    (0..length)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

/// Writes `stills.yaml` with one scene per still, the first at line 7, then every third line.
fn write_outline(dir: &Path, stills: &[&str]) {
    let mut yaml = String::from(
        "title: Photos\nhandout:\n  grayscale: false\nsections:\n  - title: All\n    blocks:\n",
    );
    for (i, still) in stills.iter().enumerate() {
        yaml.push_str(&format!(
            "      - scene:\n          film: Film {i}\n          still: {still}\n"
        ));
    }
    std::fs::write(dir.join("stills.yaml"), yaml).expect("write outline");
}

/// The line and column of the `n`th still (from 0) in `write_outline`'s outline.
fn still_at(n: usize) -> String {
    format!("stills.yaml:{}:18", 9 + 3 * n)
}

fn outputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("outputs")
        .filter_map(Result::ok)
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read output");
            (PathBuf::from(e.file_name()), bytes)
        })
        .collect();
    files.sort();
    files
}

fn cache_entries(cache: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(cache.join("pictures"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

/// A small deck of every path a picture takes: a rotated phone photo, a
/// photo small enough to pass as it is (but not as its own card), a drawing.
fn photo_deck(dir: &Path) {
    std::fs::write(dir.join("phone.jpg"), jpeg(&photo(1200, 900), Some(6))).expect("phone");
    std::fs::write(dir.join("wide.jpg"), jpeg(&photo(2400, 1350), None)).expect("wide");
    let drawing = RgbImage::from_fn(300, 200, |x, _| {
        Rgb([if x < 150 { 200 } else { 40 }, 90, 90])
    });
    std::fs::write(
        dir.join("drawing.png"),
        png(&DynamicImage::ImageRgb8(drawing)),
    )
    .expect("png");
    write_outline(dir, &["phone.jpg", "wide.jpg", "drawing.png"]);
}

/// Proves: a build that prepares its pictures, one that reads them back from
/// the cache, and one with `--no-cache` write byte-identical files.
#[test]
fn cold_and_warm_builds_are_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    photo_deck(dir.path());
    let cold = deckhand_cached(dir.path(), &cache, &["build", "stills.yaml", "-o", "cold"]);
    assert!(cold.status.success(), "{}", stderr(&cold));
    assert_eq!(cache_entries(&cache).len(), 3);
    let warm = deckhand_cached(dir.path(), &cache, &["build", "stills.yaml", "-o", "warm"]);
    assert!(warm.status.success(), "{}", stderr(&warm));
    let bypass = deckhand_cached(
        dir.path(),
        &dir.path().join("unused"),
        &["build", "stills.yaml", "-o", "bypass", "--no-cache"],
    );
    assert!(bypass.status.success(), "{}", stderr(&bypass));
    assert!(!dir.path().join("unused").exists());
    let cold = outputs(&dir.path().join("cold"));
    assert_eq!(cold.len(), 4);
    assert_eq!(cold, outputs(&dir.path().join("warm")));
    assert_eq!(cold, outputs(&dir.path().join("bypass")));
}

/// Proves: a damaged cache entry is never used: it is prepared again and
/// written whole, and the files are the same as before.
#[test]
fn a_damaged_cache_entry_is_rebuilt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    photo_deck(dir.path());
    let first = deckhand_cached(dir.path(), &cache, &["build", "stills.yaml", "-o", "first"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let entries = cache_entries(&cache);
    let whole: Vec<Vec<u8>> = entries
        .iter()
        .map(|e| std::fs::read(e).expect("entry"))
        .collect();
    // One entry with bytes flipped in its middle, one cut short.
    let mut flipped = whole[0].clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xFF;
    std::fs::write(&entries[0], flipped).expect("damage");
    std::fs::write(&entries[1], &whole[1][..whole[1].len() / 3]).expect("cut");
    let second = deckhand_cached(
        dir.path(),
        &cache,
        &["build", "stills.yaml", "-o", "second"],
    );
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        outputs(&dir.path().join("first")),
        outputs(&dir.path().join("second"))
    );
    let rebuilt: Vec<Vec<u8>> = entries
        .iter()
        .map(|e| std::fs::read(e).expect("entry"))
        .collect();
    assert_eq!(rebuilt, whole);
}

/// Proves: a cache folder that cannot be written gives one warning, and the build goes on.
#[test]
fn an_unwritable_cache_is_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    photo_deck(dir.path());
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"not a folder").expect("file");
    let output = deckhand_cached(dir.path(), &blocker, &["build", "stills.yaml", "-o", "out"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(
        err.matches("warning: cannot write to the picture cache")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains("pass `--no-cache`"), "{err}");
    assert_eq!(outputs(&dir.path().join("out")).len(), 4);
}

/// Proves: a JPEG cut short after a valid header passes `check`, fails
/// `build` at its `still:` line, and leaves the earlier files as they were.
#[test]
fn a_truncated_jpeg_fails_the_build_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    photo_deck(dir.path());
    let good = deckhand_cached(dir.path(), &cache, &["build", "stills.yaml", "-o", "out"]);
    assert!(good.status.success(), "{}", stderr(&good));
    let before = outputs(&dir.path().join("out"));
    let whole = jpeg(&photo(2400, 1350), None);
    std::fs::write(dir.path().join("wide.jpg"), &whole[..whole.len() * 3 / 5]).expect("cut");
    let check = deckhand_cached(dir.path(), &cache, &["check", "stills.yaml"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let build = deckhand_cached(dir.path(), &cache, &["build", "stills.yaml", "-o", "out"]);
    let err = stderr(&build);
    assert_eq!(build.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: the still `wide.jpg` is damaged (the file ends before the picture does)",
            still_at(1)
        )),
        "{err}"
    );
    assert_eq!(outputs(&dir.path().join("out")), before);
}

/// Proves: `check` reads only a picture's header: a 8000x6000 JPEG whose
/// data is noise passes it, and `build` reports the broken data at its line.
#[test]
fn check_reads_headers_and_build_reads_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let small = jpeg(&photo(64, 48), None);
    let mut huge = jpeg_header_then(&small, &noise(200_000));
    huge.extend_from_slice(&[0xFF, 0xD9]);
    // The frame's height and width, after its marker, length and precision.
    let frame = huge
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a frame");
    huge[frame + 5..frame + 9].copy_from_slice(&[0x17, 0x70, 0x1F, 0x40]);
    std::fs::write(dir.path().join("huge.jpg"), huge).expect("write");
    write_outline(dir.path(), &["huge.jpg"]);
    let check = deckhand_cached(
        dir.path(),
        &dir.path().join("cache"),
        &["check", "stills.yaml"],
    );
    assert!(check.status.success(), "{}", stderr(&check));
    let build = deckhand_cached(
        dir.path(),
        &dir.path().join("cache"),
        &["build", "stills.yaml", "-o", "out"],
    );
    let err = stderr(&build);
    assert_eq!(build.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: the still `huge.jpg` is damaged",
            still_at(0)
        )),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}

/// Proves: pictures that would take gigabytes are refused by `check` and
/// `build` at their lines before any decoding: a 12000x12000 RGBA PNG, a
/// 20000x20000 16-bit RGBA PNG, and PNG and JPEG colour profiles that unpack
/// beyond 4 MiB; a PNG's text that unpacks to megabytes is dropped, harmless.
#[test]
fn picture_bombs_are_refused_at_their_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("rgba.png"), png_claiming(12_000, 12_000, 8, 6)).expect("write");
    std::fs::write(d.join("deep.png"), png_claiming(20_000, 20_000, 16, 6)).expect("write");
    let small = png(&DynamicImage::ImageRgb8(photo(64, 64)));
    let mut profile = b"bomb\0\0".to_vec();
    profile.extend(zlib_zeros(8 * 1024 * 1024));
    std::fs::write(
        d.join("profile.png"),
        with_chunks(&small, &[chunk(b"iCCP", &profile)]),
    )
    .expect("write");
    // A JPEG profile in 64 KiB parts, 5 MiB in all.
    let mut parts = Vec::new();
    for n in 1..=80u8 {
        let mut segment = vec![0xFF, 0xE2, 0xFF, 0xF0];
        segment.extend_from_slice(b"ICC_PROFILE\0");
        segment.extend_from_slice(&[n, 80]);
        segment.resize(2 + 0xFFF0, 0);
        parts.extend(segment);
    }
    let plain = jpeg(&photo(64, 48), None);
    let mut icc = plain[..2].to_vec();
    icc.extend(parts);
    icc.extend_from_slice(&plain[2..]);
    std::fs::write(d.join("profile.jpg"), icc).expect("write");
    let mut text = b"Comment\0\0".to_vec();
    text.extend(zlib_zeros(16 * 1024 * 1024));
    std::fs::write(
        d.join("text.png"),
        with_chunks(&small, &[chunk(b"zTXt", &text)]),
    )
    .expect("write");
    write_outline(
        d,
        &[
            "rgba.png",
            "deep.png",
            "profile.png",
            "profile.jpg",
            "text.png",
        ],
    );
    let cache = d.join("cache");
    let check: &[&str] = &["check", "stills.yaml"];
    let build: &[&str] = &["build", "stills.yaml", "-o", "out"];
    for args in [check, build] {
        let output = deckhand_cached(d, &cache, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        for (n, message) in [
            "the still `rgba.png` is too large to open (12000 x 12000 pixels take 550 MiB once decoded; at most 512 MiB)",
            "the still `deep.png` is too large to open (20000 x 20000 pixels take 3052 MiB once decoded; at most 512 MiB)",
            "the still `profile.png` carries a colour profile larger than 4 MiB",
            "the still `profile.jpg` carries a colour profile larger than 4 MiB",
        ]
        .iter()
        .enumerate()
        {
            assert!(err.contains(&format!("{}: error: {message}", still_at(n))), "{err}");
        }
        assert!(!err.contains("text.png"), "{err}");
        assert_eq!(err.matches("error:").count(), 4, "{err}");
    }
    // Alone, the PNG with packed text builds.
    write_outline(d, &["text.png"]);
    let output = deckhand_cached(d, &cache, &["build", "stills.yaml", "-o", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The filters of the slides PDF's pictures (`DCTDecode` for a JPEG).
fn image_filters(pdf: &Path) -> Vec<String> {
    let document = lopdf::Document::load(pdf).expect("the PDF parses");
    let mut filters: Vec<String> = document
        .objects
        .values()
        .filter_map(|object| object.as_stream().ok())
        .filter(|stream| {
            stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Image".as_ref())
        })
        .map(|stream| match stream.dict.get(b"Filter") {
            Ok(filter) => String::from_utf8_lossy(filter.as_name().unwrap_or(b"?")).into_owned(),
            Err(_) => "none".to_string(),
        })
        .collect();
    filters.sort();
    filters
}

/// Proves: a smooth frame grab kept as a PNG (half a byte a pixel, as a
/// film's frame packs) is shown as a JPEG on the slides, while a drawing
/// stays lossless.
#[test]
fn a_smooth_frame_grab_becomes_a_jpeg_and_a_drawing_does_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A gradient with a bit of grain in each colour: between 0.4 and 1
    // byte a pixel, packed.
    let mut seed: u32 = 7;
    let grab = RgbImage::from_fn(640, 360, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let grain = |bit: u32| ((seed >> bit) & 1) as u8;
        Rgb([
            (x * 200 / 640) as u8 + grain(16),
            (y * 200 / 360) as u8 + grain(17),
            120 + grain(18),
        ])
    });
    let grab = png(&DynamicImage::ImageRgb8(grab));
    let density = grab.len() as f64 / (640.0 * 360.0);
    assert!(
        (0.4..1.0).contains(&density),
        "the grab packs to {density:.2} bytes a pixel"
    );
    std::fs::write(dir.path().join("grab.png"), grab).expect("grab");
    let drawing = RgbImage::from_fn(300, 200, |x, _| {
        Rgb([if x < 150 { 200 } else { 40 }, 90, 90])
    });
    std::fs::write(
        dir.path().join("drawing.png"),
        png(&DynamicImage::ImageRgb8(drawing)),
    )
    .expect("drawing");
    write_outline(dir.path(), &["grab.png", "drawing.png"]);
    let cache = dir.path().join("cache");
    let build = deckhand_cached(
        dir.path(),
        &cache,
        &["build", "stills.yaml", "-o", "out", "--only", "slides"],
    );
    assert!(build.status.success(), "{}", stderr(&build));
    let filters = image_filters(&dir.path().join("out/stills-slides.pdf"));
    assert_eq!(filters, ["DCTDecode", "FlateDecode"], "{filters:?}");
}
