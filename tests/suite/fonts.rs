//! Missing glyphs: emoji are drawn by the bundled emoji font; text no font can draw builds every PDF, with a warning that says which PDFs claim no standard and how to add a font.

use std::path::Path;

use super::accessibility::Accessibility;
use crate::workshop::Workshop;

const OUTLINE: &str = "title: Scripts\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: 漢字で話す\n          by: שלום עליכם\n      - lesson:\n          title: Smile 😀 always\n          points: [Plain Latin, déjà vu]\n";

/// A system font with Hebrew (DejaVu Sans), which `.ci/run` installs: a
/// machine without it fails the test with the command to run, never skips it.
fn hebrew_font() -> &'static Path {
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ]
    .into_iter()
    .map(Path::new)
    .find(|p| p.is_file())
    .unwrap_or_else(|| {
        panic!("DejaVu Sans stands in for a trainer's font: `apt-get install fonts-dejavu-core`")
    })
}

/// Proves: CJK and Hebrew are warned about at each field's line, naming the
/// characters, the PDFs that hold them (which then claim no standard) and
/// how to add a font; covered text and emoji (the bundled Noto Emoji draws
/// them) get no warning, and every PDF is written.
#[test]
fn uncovered_scripts_build_with_a_warning_naming_the_characters() {
    let w = Workshop::new().outline("talk.yaml", OUTLINE);
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    for expected in [
        "talk.yaml:6:17: warning: `text` has characters the fonts cannot draw: `漢字で話す` (U+6F22, U+5B57, U+3067, U+8A71, U+3059), so `talk-slides.pdf`, `talk-handout.pdf` and `talk-guide.pdf` do not claim to be accessible (PDF/UA-1)",
        "talk.yaml:7:15: warning: `by` has characters the fonts cannot draw: `שלוםעיכ` (U+05E9, U+05DC, U+05D5, U+05DD, U+05E2, U+05D9, U+05DB), so `talk-slides.pdf`, `talk-handout.pdf` and `talk-guide.pdf` do not claim to be accessible (PDF/UA-1)",
        "help: they print as boxes (tofu); add a font that has them to a `fonts/` folder beside the outline or the project file, or pass `--font-path DIR`",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} not in\n{}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.matches("warning:").count(), 2, "{}", run.stderr);
    assert!(w.pdf_text("out/talk-slides.pdf").contains("déjà vu"));
    assert!(
        w.pdf_text("out/talk-slides.pdf")
            .contains("Smile 😀 always")
    );

    let run = w
        .run(&[
            "build",
            "talk.yaml",
            "-o",
            "plain",
            "--pdf-standard",
            "none",
        ])
        .assert_success();
    // No claim to drop: the warning says only what prints as boxes.
    assert!(
        run.stderr.contains("talk.yaml:6:17: warning: `text` has characters the fonts cannot draw: `漢字で話す` (U+6F22, U+5B57, U+3067, U+8A71, U+3059)\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("warning:").count(), 2, "{}", run.stderr);
}

/// Proves: the emoji trainers put on slides (✅, 👉, ⚠️) build by default
/// with no warning, drawn by the bundled emoji font, in every PDF, which
/// all keep their claim of PDF/UA-1 (and PDF/A-2a on paper).
#[test]
fn emoji_build_every_accessible_pdf() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Service ✅\nsections:\n  - title: Start 👉 here\n    blocks:\n      - lesson:\n          title: Check ✅ then point 👉\n          points: [\"⚠️ Mind the gap\", \"Done ✅\"]\n          notes: Smile 👉 and wait\n",
    );
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for document in ["slides", "handout", "guide"] {
        let name = format!("out/talk-{document}.pdf");
        let text = w.pdf_text(&name);
        for emoji in ["✅", "👉", "⚠"] {
            assert!(text.contains(emoji), "{emoji} not in {name}: {text}");
        }
        let found = Accessibility::of(&w.path(&name));
        assert!(found.xmp_says("pdfuaid:part", "1"), "{name}: {}", found.xmp);
        assert_eq!(
            found.xmp_says("pdfaid:part", "2"),
            document != "slides",
            "{name}: {}",
            found.xmp
        );
    }
    assert!(
        w.pdf_text("out/talk-guide.pdf")
            .contains("Smile 👉 and wait")
    );
}

/// Proves: a CJK character no bundled font draws, in the speaker notes,
/// builds every PDF; the warning at its line names the guide, the one PDF
/// that holds it, which is written tagged without its claim of PDF/UA-1 and
/// PDF/A-2a, while the slides and the handout keep theirs.
#[test]
fn a_character_no_font_draws_drops_the_claim_of_its_pdf_only() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Talk\nsections:\n  - title: A\n    blocks:\n      - lesson:\n          title: Greetings\n          points: [Bow]\n          notes: Say 你好 first\n",
    );
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    let (warnings, summary) = run
        .stderr
        .split_once("1 outline, 4 files, 0 failed")
        .unwrap_or_else(|| panic!("no summary in\n{}", run.stderr));
    assert!(summary.lines().count() <= 1, "{}", run.stderr);
    assert_eq!(
        warnings,
        "talk.yaml:8:18: warning: `notes` has characters the fonts cannot draw: `你好` (U+4F60, U+597D), so `talk-guide.pdf` does not claim to be accessible (PDF/UA-1)\n\
         \x20 |\n\
         8 |           notes: Say 你好 first\n\
         \x20 |                  ^^^^^^^^^^^^^^\n\
         \x20 |\n\
         \x20 = help: an accessible PDF (PDF/UA-1, and PDF/A-2a for the handout, guide and role cards) may not hold a box: those files are written tagged as always, but without that claim; a font that has the characters brings it back\n\
         \x20 = help: they print as boxes (tofu); add a font that has them to a `fonts/` folder beside the outline or the project file, or pass `--font-path DIR`\n"
    );
    let guide = Accessibility::of(&w.path("out/talk-guide.pdf"));
    assert!(
        guide.has_structure && guide.marked,
        "the guide is not tagged"
    );
    assert!(!guide.xmp.contains("pdfuaid"), "{}", guide.xmp);
    assert!(!guide.xmp.contains("pdfaid"), "{}", guide.xmp);
    assert!(w.pdf_text("out/talk-guide.pdf").contains("Say"));
    let slides = Accessibility::of(&w.path("out/talk-slides.pdf"));
    assert!(slides.xmp_says("pdfuaid:part", "1"), "{}", slides.xmp);
    let handout = Accessibility::of(&w.path("out/talk-handout.pdf"));
    assert!(handout.xmp_says("pdfuaid:part", "1"), "{}", handout.xmp);
    assert!(handout.xmp_says("pdfaid:part", "2"), "{}", handout.xmp);
    assert!(w.path("out/talk-slides.pdfpc").is_file());
}

/// Proves: a font in `fonts/` beside the outline, or in `--font-path`, is
/// used: its script's warning goes away and its text is in the PDF.
#[test]
fn a_font_beside_the_outline_or_on_the_font_path_is_used() {
    let font = std::fs::read(hebrew_font()).expect("the system font reads");
    let w = Workshop::new()
        .outline("talk.yaml", OUTLINE)
        .file("extra/DejaVuSans.ttf", &font);
    let run = w
        .run(&["build", "talk.yaml", "-o", "out", "--font-path", "extra"])
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
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
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
