//! `build --format png`, `--ppi` and `--contact-sheet`: page images a reviewer can look at.

use crate::workshop::Workshop;

const OUTLINE: &str = "activity-in-every-output.yaml";
const STEM: &str = "activity-in-every-output";

/// The fixture (six slides) ready to build.
fn workshop() -> Workshop {
    Workshop::new().copy_fixture(OUTLINE)
}

fn dimensions(w: &Workshop, name: &str) -> (u32, u32) {
    image::image_dimensions(w.path(name)).expect("the PNG reads back")
}

/// Proves: `--format png` writes one 16:9 PNG per slide, numbered so they
/// sort, at 1920 × 1080 by default and at the size `--ppi` asks for; no PDF
/// and no speaker notes.
#[test]
fn png_pages_are_one_per_slide_at_the_chosen_ppi() {
    let w = workshop();
    w.run(&[
        "build", OUTLINE, "-o", "out", "--format", "png", "--only", "slides",
    ])
    .assert_success();
    let expected: Vec<String> = (1..=6)
        .map(|n| format!("{STEM}-slides-{n:02}.png"))
        .collect();
    assert_eq!(w.files("out"), expected);
    for name in &expected {
        assert_eq!(
            dimensions(&w, &format!("out/{name}")),
            (1920, 1080),
            "{name}"
        );
    }

    w.run(&[
        "build",
        OUTLINE,
        "-o",
        "small",
        "--format",
        "png",
        "--only",
        "slides,handout",
        "--ppi",
        "72",
    ])
    .assert_success();
    assert_eq!(
        dimensions(&w, &format!("small/{STEM}-slides-01.png")),
        (960, 540)
    );
    // The handout's A4 page (595 × 842 pt) at 72 ppi.
    assert_eq!(
        dimensions(&w, &format!("small/{STEM}-handout-01.png")),
        (595, 842)
    );
}

/// Proves: the same outline gives byte-identical PNGs on every build.
#[test]
fn png_pages_are_deterministic() {
    let w = workshop();
    for out in ["first", "second"] {
        w.run(&[
            "build",
            OUTLINE,
            "-o",
            out,
            "--format",
            "png",
            "--only",
            "slides",
            "--contact-sheet",
        ])
        .assert_success();
    }
    let names = w.files("first");
    assert_eq!(names, w.files("second"));
    for name in &names {
        assert!(
            w.read(&format!("first/{name}")) == w.read(&format!("second/{name}")),
            "{name} differs between two builds"
        );
    }
}

/// Proves: `--contact-sheet` writes every slide as a 320 px thumbnail, four to
/// a row (6 slides: 4 columns, 2 rows), beside the PDFs, and stays small.
#[test]
fn contact_sheet_shows_every_slide_in_a_grid() {
    let w = workshop();
    w.run(&["build", OUTLINE, "-o", "out", "--contact-sheet"])
        .assert_success();
    let sheet = format!("out/{STEM}-contact.png");
    // 12 px gaps: 12 + 4 × (320 + 12) wide, 12 + 2 × (180 + 12) high.
    assert_eq!(dimensions(&w, &sheet), (1340, 396));
    let size = w.read(&sheet).len();
    assert!(size < 400_000, "{size} bytes");
    assert!(w.files("out").contains(&format!("{STEM}-slides.pdf")));

    let refused = w.run(&[
        "build",
        OUTLINE,
        "-o",
        "out",
        "--contact-sheet",
        "--only",
        "handout",
    ]);
    assert_eq!(refused.code, Some(2));
    assert!(
        refused.stderr.contains("--contact-sheet shows the slides"),
        "{}",
        refused.stderr
    );
}
