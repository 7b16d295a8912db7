//! Benchmark: preparing stills (`cargo bench --bench stills`), median of several runs.

// The `[lints]` table is for deckhand itself; a benchmark is run by hand: a failure stops it with its reason.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::path::Path;
use std::time::{Duration, Instant};

use image::{ImageEncoder, Rgb, RgbImage};

fn photo(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 255) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(
            image.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode JPEG");
    out
}

fn outline(dir: &Path, stills: &[String]) {
    let mut yaml = String::from("title: Bench\nsections:\n  - title: S\n    blocks:\n");
    for (i, still) in stills.iter().enumerate() {
        yaml.push_str(&format!(
            "      - scene:\n          film: F{i}\n          still: {still}\n"
        ));
    }
    std::fs::write(dir.join("bench.yaml"), yaml).expect("write outline");
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn measure(name: &str, dir: &Path, runs: usize) {
    let times = (0..runs)
        .map(|run| {
            // deckhand keeps what it prepared, by content, for the life of the
            // process: a byte after the end of each JPEG (which decoders
            // ignore) makes every run prepare its pictures afresh.
            for entry in std::fs::read_dir(dir).expect("list").flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "jpg") {
                    let mut bytes = std::fs::read(&path).expect("read");
                    bytes.push(run as u8);
                    std::fs::write(&path, bytes).expect("write");
                }
            }
            let started = Instant::now();
            let load = deckhand::outline::load_file(&dir.join("bench.yaml"));
            let loaded = load.loaded.expect("load");
            let (pictures, problems) = deckhand::assets::inspect_stills(&loaded);
            assert!(problems.is_empty(), "{problems:?}");
            // Without the persistent cache: this measures preparing, not reading back.
            let (stills, problems) =
                deckhand::assets::prepare_stills(&pictures, None, &Default::default());
            assert!(problems.is_empty(), "{problems:?}");
            std::hint::black_box(stills);
            started.elapsed()
        })
        .collect();
    println!(
        "{name:<40} median {:>8.1} ms over {runs} runs",
        median(times).as_secs_f64() * 1000.0
    );
}

fn main() {
    let large = tempfile::tempdir().expect("temp dir");
    std::fs::write(large.path().join("camera.jpg"), photo(6000, 4000)).expect("write");
    outline(large.path(), &["camera.jpg".into()]);
    measure("one 6000x4000 JPEG", large.path(), 5);

    let deck = tempfile::tempdir().expect("temp dir");
    let names: Vec<String> = (0..30).map(|i| format!("still-{i}.jpg")).collect();
    for (i, name) in names.iter().enumerate() {
        std::fs::write(deck.path().join(name), photo(1600 + i as u32, 900)).expect("write");
    }
    outline(deck.path(), &names);
    measure("a deck of 30 stills (1600x900 JPEG)", deck.path(), 5);
}
