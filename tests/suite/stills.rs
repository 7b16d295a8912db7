//! Stills of every kind a trainer has: each is prepared upright, small enough, or refused clearly.

use image::{DynamicImage, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

use crate::workshop::Workshop;

fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    })
}

fn jpeg(image: &RgbImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(exif) = exif {
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

/// A little-endian TIFF block holding only the orientation tag.
fn exif_orientation(value: u8) -> Vec<u8> {
    vec![
        0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // header, first IFD at 8
        0x01, 0x00, // one entry
        0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, value, 0x00, 0x00,
        0x00, // orientation
        0x00, 0x00, 0x00, 0x00, // no next IFD
    ]
}

/// A BMP header that claims 100000 x 100000 pixels and holds none.
fn oversize_bmp() -> Vec<u8> {
    let mut out = b"BM".to_vec();
    for v in [54u32, 0, 54, 40] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&100_000i32.to_le_bytes());
    out.extend_from_slice(&100_000i32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&24u16.to_le_bytes());
    out.extend_from_slice(&[0u8; 24]);
    out
}

/// `stills.yaml`: one scene for each still, in order.
fn outline(stills: &[&str], extra: &str) -> String {
    let mut yaml = format!("title: Stills\n{extra}sections:\n  - title: All kinds\n    blocks:\n");
    for (i, still) in stills.iter().enumerate() {
        yaml.push_str(&format!(
            "      - scene:\n          film: Film {i}\n          still: {still}\n"
        ));
    }
    yaml
}

fn prepared(w: &Workshop) -> Vec<deckhand::assets::PreparedStill> {
    let loaded = deckhand::outline::load_file(&w.path("stills.yaml"))
        .loaded
        .expect("loads");
    let (pictures, problems) = deckhand::assets::inspect_stills(&loaded);
    assert!(problems.is_empty(), "{problems:?}");
    let (stills, problems) = deckhand::assets::prepare_stills(&pictures, None, &Default::default());
    assert!(problems.is_empty(), "{problems:?}");
    stills
}

/// Proves: PNG, JPEG, WebP, greyscale and transparent stills all prepare, at their
/// size, a phone photo's EXIF rotation is applied, and a large photo is scaled down.
#[test]
fn every_kind_of_still_is_prepared() {
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(
            gradient(300, 200).as_raw(),
            300,
            200,
            image::ExtendedColorType::Rgb8,
        )
        .expect("webp");
    let grey = DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(gradient(200, 200)).to_luma8());
    let rgba = RgbaImage::from_fn(160, 90, |x, _| Rgba([200, 30, 30, (x % 256) as u8]));
    let names = [
        "plain.png",
        "phone.jpg",
        "web.webp",
        "scan.png",
        "logo.png",
        "camera.jpg",
    ];
    let w = Workshop::new()
        .file(
            "plain.png",
            png(&DynamicImage::ImageRgb8(gradient(320, 180))),
        )
        .file(
            "phone.jpg",
            jpeg(&gradient(400, 300), Some(exif_orientation(6))),
        )
        .file("web.webp", webp)
        .file("scan.png", png(&grey))
        .file("logo.png", png(&DynamicImage::ImageRgba8(rgba)))
        .file("camera.jpg", jpeg(&gradient(6000, 4000), None))
        .outline(
            "stills.yaml",
            &outline(&names, "handout:\n  grayscale: true\n"),
        );
    let stills = prepared(&w);
    let sizes: Vec<(u32, u32)> = stills.iter().map(|s| (s.width, s.height)).collect();
    assert_eq!(
        sizes,
        vec![
            (320, 180),
            (300, 400),
            (300, 200),
            (200, 200),
            (160, 90),
            (2560, 1707)
        ]
    );
    // What Typst gets: PNG or JPEG only, transparency kept, the large photo re-encoded small.
    for still in &stills {
        let format = image::guess_format(&still.bytes).expect("known format");
        assert!(
            matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg),
            "{}",
            still.written
        );
    }
    let logo = image::load_from_memory(&stills[4].bytes).expect("logo");
    assert!(logo.color().has_alpha());
    assert!(
        stills[5].bytes.len() < 1_500_000,
        "{} bytes",
        stills[5].bytes.len()
    );
    // Handout cards: at most 1200 px, and grey when the outline asks for it.
    let card = image::load_from_memory(&stills[5].card_bytes).expect("card");
    assert_eq!((card.width(), card.height()), (1200, 800));
    assert_eq!(card.color().channel_count(), 1);
}

/// Proves: a deck with a 6000x4000 photo builds into slides under 3 MB.
#[test]
fn a_camera_photo_keeps_the_deck_small() {
    let w = Workshop::new()
        .file("camera.jpg", jpeg(&gradient(6000, 4000), None))
        .outline("stills.yaml", &outline(&["camera.jpg"], ""));
    w.run(&["build", "stills.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let size = w.read("out/stills-slides.pdf").len();
    assert!(size < 3_000_000, "{size} bytes");
}

/// Proves: a file whose header is cut short and an image too large to open are
/// errors at their `still:` lines, from `check` (which reads only headers).
#[test]
fn corrupt_and_oversize_stills_are_errors_at_their_lines() {
    let mut broken = png(&DynamicImage::ImageRgb8(gradient(64, 64)));
    broken.truncate(20);
    let w = Workshop::new()
        .file("broken.png", broken)
        .file("bomb.bmp", oversize_bmp())
        .outline("stills.yaml", &outline(&["broken.png", "bomb.bmp"], ""));
    let run = w.run(&["check", "stills.yaml"]);
    let err = &run.stderr;
    assert_eq!(run.code, Some(1), "{err}");
    assert!(
        err.contains("stills.yaml:7:18: error: `broken.png` is not an image deckhand can read (the file ends inside its header)"),
        "{err}"
    );
    assert!(
        err.contains("stills.yaml:10:18: error: the still `bomb.bmp` is too large to open"),
        "{err}"
    );
}
