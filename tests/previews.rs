//! `build --format png`, `--ppi` and `--contact-sheet`: page images a reviewer can look at.

mod common;

use std::path::Path;

use common::*;

const OUTLINE: &str = "activity-in-every-output.yaml";
const STEM: &str = "activity-in-every-output";

fn dimensions(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).expect("the PNG reads back")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the output folder exists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Proves: `--format png` writes one 16:9 PNG per slide, numbered so they
/// sort, at 1920 × 1080 by default and at the size `--ppi` asks for; no PDF
/// and no speaker notes.
#[test]
fn png_pages_are_one_per_slide_at_the_chosen_ppi() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build_fixture(
        OUTLINE,
        out.path(),
        &["--format", "png", "--only", "slides"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let names = files_in(out.path());
    let expected: Vec<String> = (1..=6)
        .map(|n| format!("{STEM}-slides-{n:02}.png"))
        .collect();
    assert_eq!(names, expected);
    for name in &names {
        assert_eq!(dimensions(&out.path().join(name)), (1920, 1080), "{name}");
    }

    let small = tempfile::tempdir().expect("temp dir");
    let output = build_fixture(
        OUTLINE,
        small.path(),
        &["--format", "png", "--only", "slides,handout", "--ppi", "72"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        dimensions(&small.path().join(format!("{STEM}-slides-01.png"))),
        (960, 540)
    );
    // The handout's A4 page (595 × 842 pt) at 72 ppi.
    assert_eq!(
        dimensions(&small.path().join(format!("{STEM}-handout-01.png"))),
        (595, 842)
    );
}

/// Proves: the same outline gives byte-identical PNGs on every build.
#[test]
fn png_pages_are_deterministic() {
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    for out in [&first, &second] {
        let output = build_fixture(
            OUTLINE,
            out.path(),
            &["--format", "png", "--only", "slides", "--contact-sheet"],
        );
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let names = files_in(first.path());
    assert_eq!(names, files_in(second.path()));
    for name in &names {
        let a = std::fs::read(first.path().join(name)).expect("read");
        let b = std::fs::read(second.path().join(name)).expect("read");
        assert!(a == b, "{name} differs between two builds");
    }
}

/// Proves: `--contact-sheet` writes every slide as a 320 px thumbnail, four to
/// a row (6 slides: 4 columns, 2 rows), beside the PDFs, and stays small.
#[test]
fn contact_sheet_shows_every_slide_in_a_grid() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build_fixture(OUTLINE, out.path(), &["--contact-sheet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sheet = out.path().join(format!("{STEM}-contact.png"));
    // 12 px gaps: 12 + 4 × (320 + 12) wide, 12 + 2 × (180 + 12) high.
    assert_eq!(dimensions(&sheet), (1340, 396));
    let size = std::fs::metadata(&sheet).expect("the sheet exists").len();
    assert!(size < 400_000, "{size} bytes");
    assert!(out.path().join(format!("{STEM}-slides.pdf")).is_file());

    let refused = build_fixture(
        OUTLINE,
        out.path(),
        &["--contact-sheet", "--only", "handout"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--contact-sheet shows the slides"));
}
