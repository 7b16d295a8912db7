//! Benchmark: reading six films' headers, and the Launch pass over a slides PDF (`cargo bench --bench clips`), medians.
//!
//! The six films are the test fixtures, and two long ones made here with
//! ffmpeg when it is installed (an hour at 25 frames a second: a `moov` of
//! 90000 samples, as a feature film's; one with its `moov` last, as ffmpeg
//! writes by default, one with it first). `DECKHAND_BENCH_SLIDES=FILE.pdf`
//! also times the Launch pass, and lopdf's load and save for comparison, on
//! that PDF.

// The `[lints]` table is for deckhand itself; a benchmark is run by hand: a failure stops it with its reason.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(runs: usize, mut work: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                work();
                started.elapsed()
            })
            .collect(),
    )
}

/// An hour-long film of 16x16 pixels, or none without ffmpeg.
fn long_film(dir: &Path, name: &str, faststart: bool) -> Option<String> {
    let mut command = Command::new("ffmpeg");
    command.args([
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "color=size=16x16:rate=25",
        "-t",
        "3600",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
    ]);
    if faststart {
        command.args(["-movflags", "+faststart"]);
    }
    let made = command.arg(dir.join(name)).status().ok()?.success();
    made.then(|| name.to_string())
}

fn main() {
    let dir = tempfile::tempdir().expect("a folder");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/videos");
    let mut films = Vec::new();
    for name in [
        "twelve-seconds.mp4",
        "nine-seconds.mkv",
        "seven-seconds.webm",
        "five-seconds.mov",
    ] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).expect("copy");
        films.push(name.to_string());
    }
    films.extend(long_film(dir.path(), "hour-moov-last.mp4", false));
    films.extend(long_film(dir.path(), "hour-moov-first.mp4", true));
    while films.len() < 6 {
        films.push(films[films.len() % 4].clone());
    }
    let mut yaml = String::from("title: Bench\nsections:\n  - title: S\n    blocks:\n");
    for (i, film) in films.iter().enumerate() {
        yaml.push_str(&format!(
            "      - scene:\n          film: F{i}\n          clip: \"0:01-0:04\"\n          video: {film}\n"
        ));
    }
    std::fs::write(dir.path().join("bench.yaml"), yaml).expect("write outline");
    let loaded = deckhand::outline::load_file(&dir.path().join("bench.yaml"))
        .loaded
        .expect("load");
    let took = time(51, || {
        let (videos, problems) = deckhand::assets::check_videos(&loaded, true);
        assert!(problems.is_empty(), "{problems:?}");
        std::hint::black_box(videos);
    });
    println!(
        "six films' headers ({}): {:.2} ms",
        films.join(", "),
        took.as_secs_f64() * 1000.0
    );

    let Ok(slides) = std::env::var("DECKHAND_BENCH_SLIDES") else {
        return;
    };
    let pdf = std::fs::read(&slides).expect("the slides PDF");
    // The pass over a PDF with its links already rewritten: it finds none and
    // copies nothing; with `deckhand-clip:` links left in, it rewrites them.
    let clips = [deckhand::render::ClipLaunch {
        marker: "deckhand-clip:b1".into(),
        launch: "../clips/film.mp4?start=1&stop=4".into(),
        alt: "Play the scene".into(),
    }];
    let launch = time(51, || {
        std::hint::black_box(deckhand::render::launch_clips(pdf.clone(), &clips).expect("pass"));
    });
    let lopdf = time(11, || {
        let mut document = lopdf::Document::load_mem(&pdf).expect("parses");
        let mut out = Vec::new();
        document.save_to(&mut out).expect("saves");
        std::hint::black_box(out);
    });
    println!(
        "{slides} ({} KiB): the Launch pass {:.2} ms, lopdf load and save {:.2} ms",
        pdf.len() / 1024,
        launch.as_secs_f64() * 1000.0,
        lopdf.as_secs_f64() * 1000.0
    );
}
