//! Missing glyphs: text the bundled fonts cannot draw builds, with a warning that says how to add a font.

use std::path::Path;

use crate::workshop::Workshop;

const OUTLINE: &str = "title: Scripts\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: 漢字で話す\n          by: שלום עליכם\n      - lesson:\n          title: Smile 😀 always\n          points: [Plain Latin, déjà vu]\n";

/// A system font with Hebrew (DejaVu Sans), when the machine has one.
fn hebrew_font() -> Option<&'static Path> {
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ]
    .into_iter()
    .map(Path::new)
    .find(|p| p.is_file())
}

/// Proves: CJK, Hebrew and emoji are warned about at each field's line,
/// naming the characters and how to add a font (covered text gets no
/// warning); an accessible PDF cannot hold them, so only `--pdf-standard
/// none` builds, and the error says so.
#[test]
fn uncovered_scripts_build_with_a_warning_naming_the_characters() {
    let w = Workshop::new().outline("talk.yaml", OUTLINE);
    let refused = w.run(&["build", "talk.yaml", "-o", "out"]);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    for expected in [
        "cannot be an accessible PDF (PDF/UA-1) with characters the fonts cannot draw: `",
        "help: add a font that has these characters to a `fonts/` folder beside the outline (or pass `--font-path DIR`), or build with `--pdf-standard none`",
    ] {
        assert!(
            refused.stderr.contains(expected),
            "{expected:?} not in\n{}",
            refused.stderr
        );
    }
    assert_eq!(
        refused.stderr.matches("warning:").count(),
        3,
        "{}",
        refused.stderr
    );
    assert!(!w.path("out").exists());

    let run = w
        .run(&["build", "talk.yaml", "-o", "out", "--pdf-standard", "none"])
        .assert_success();
    for expected in [
        "talk.yaml:6:17: warning: `text` has characters the fonts cannot draw: `漢字で話す` (U+6F22, U+5B57, U+3067, U+8A71, U+3059)",
        "talk.yaml:7:15: warning: `by` has characters the fonts cannot draw: `שלוםעיכ` (U+05E9, U+05DC, U+05D5, U+05DD, U+05E2, U+05D9, U+05DB)",
        "talk.yaml:9:18: warning: `title` has characters the fonts cannot draw: `😀` (U+1F600)",
        "help: they print as boxes (tofu); add a font that has them to a `fonts/` folder beside the outline, or pass `--font-path DIR`",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} not in\n{}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.matches("warning:").count(), 3, "{}", run.stderr);
    assert!(w.pdf_text("out/talk-slides.pdf").contains("déjà vu"));
}

/// Proves: a font in `fonts/` beside the outline, or in `--font-path`, is
/// used: its script's warning goes away and its text is in the PDF.
#[test]
fn a_font_beside_the_outline_or_on_the_font_path_is_used() {
    let Some(font) = hebrew_font() else {
        println!("skipped: no DejaVu Sans on this machine to stand in for an added font");
        return;
    };
    let font = std::fs::read(font).expect("the system font reads");
    let w = Workshop::new()
        .outline("talk.yaml", OUTLINE)
        .file("extra/DejaVuSans.ttf", &font);
    let run = w
        .run(&[
            "build",
            "talk.yaml",
            "-o",
            "out",
            "--font-path",
            "extra",
            // The Chinese still has no font.
            "--pdf-standard",
            "none",
        ])
        .assert_success();
    assert!(
        !run.stderr.contains("`by` has characters"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`text` has characters"),
        "{}",
        run.stderr
    );
    // pdf-extract gives right-to-left text in the order it is drawn.
    let slides = w.pdf_text("out/talk-slides.pdf");
    assert!(
        slides.contains("שלום") || slides.contains("םולש"),
        "{slides}"
    );

    let w = Workshop::new()
        .outline("talk.yaml", OUTLINE)
        .file("fonts/DejaVuSans.ttf", &font);
    let run = w
        .run(&["build", "talk.yaml", "-o", "out", "--pdf-standard", "none"])
        .assert_success();
    assert!(
        !run.stderr.contains("`by` has characters"),
        "{}",
        run.stderr
    );
}

/// Proves: a `--font-path` that is not a folder is a command-line error (exit 2), said once.
#[test]
fn a_missing_font_path_is_an_error() {
    let w = Workshop::new().outline("talk.yaml", OUTLINE);
    let run = w.run(&["build", "talk.yaml", "-o", "out", "--font-path", "nowhere"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("error: the font folder `nowhere` does not exist or is not a folder")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(!w.path("out").exists(), "an output folder was made");
}
