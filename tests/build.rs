//! `deckhand build` on real outlines: the files, their text, their pages, their bytes.

mod common;

use common::*;

/// Proves: every example workshop in decks/ builds into three PDFs and speaker notes.
#[test]
fn example_decks_build_into_every_document() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = deckhand(&[
        "build",
        "decks",
        "-o",
        out.path().to_str().unwrap_or_default(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    for stem in [
        "customer-service-at-the-movies",
        "le-service-client-au-cinema",
    ] {
        for suffix in ["slides.pdf", "handout.pdf", "guide.pdf", "slides.pdfpc"] {
            let file = out.path().join(format!("{stem}-{suffix}"));
            assert!(file.is_file(), "missing {}", file.display());
        }
    }
    let slides = out.path().join("customer-service-at-the-movies-slides.pdf");
    let text = pdf_text(&slides);
    for expected in [
        "Customer Service at the Movies",
        "Agenda",
        "Love Actually",
        "Watch for",
        "TAKEAWAY",
    ] {
        assert!(text.contains(expected), "slides lack {expected:?}");
    }
    // A title, an agenda, five dividers and at least one slide per block.
    assert!(pdf_pages(&slides) >= 30, "{} pages", pdf_pages(&slides));
    let french = pdf_text(&out.path().join("le-service-client-au-cinema-guide.pdf"));
    assert!(
        french.contains("Déroulé") && french.contains("13 h 30"),
        "{french}"
    );
    // The examples use the newer kinds too: an activity, a role-play, a break.
    for expected in [
        "ACTIVITY",
        "Groups of 4",
        "ROLE-PLAY",
        "Coaching the gift-wrapper",
        "Back at 10:10",
    ] {
        assert!(text.contains(expected), "slides lack {expected:?}");
    }
    let guide = pdf_text(&out.path().join("customer-service-at-the-movies-guide.pdf"));
    assert!(
        guide.contains("09:55 Break Coffee · Resumes 10:10 15 min")
            && guide.contains("10:10 Scene Monty Python"),
        "{guide}"
    );
    assert!(
        french.contains("14 h 30 Pause Pause café · Reprise 14 h 45"),
        "{french}"
    );
    let french_slides = pdf_text(&out.path().join("le-service-client-au-cinema-slides.pdf"));
    assert!(
        french_slides.contains("Reprise à 14 h 45"),
        "{french_slides}"
    );
}

/// Proves: outline text that looks like Typst code is printed as written.
#[test]
fn typst_syntax_in_outline_text_appears_literally() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build_fixture(
        "typst-syntax-stays-literal.yaml",
        out.path(),
        &["--only", "slides"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = pdf_text(&out.path().join("typst-syntax-stays-literal-slides.pdf"));
    for literal in [
        "Hash #set page(fill: red) and $x^2$",
        "Angles <label> and @ref",
        r#"Backslash \ brackets [x] #import "/etc/passwd" a * b"#,
        r#"#read("/etc/passwd")"#,
        "- not a list",
        "# 1 priority",
        "1. first",
        "Keep this emphasised and that strong",
    ] {
        assert!(text.contains(literal), "{literal:?} not in {text}");
    }
    assert!(!text.contains("root:"), "a file was read");
}

/// Proves: building the same outline twice gives byte-identical files, from
/// any folder and at any time.
#[test]
fn builds_are_byte_identical() {
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    let outline = root().join("decks/customer-service-at-the-movies.yaml");
    let outline = outline.to_str().unwrap_or_default();
    let a = deckhand(&[
        "build",
        outline,
        "-o",
        first.path().to_str().unwrap_or_default(),
    ]);
    // A second later, so that a clock read anywhere would show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = deckhand_in(
        second.path(),
        &[
            "build",
            outline,
            "-o",
            second.path().to_str().unwrap_or_default(),
        ],
    );
    assert!(a.status.success() && b.status.success());
    for suffix in ["slides.pdf", "handout.pdf", "guide.pdf", "slides.pdfpc"] {
        let name = format!("customer-service-at-the-movies-{suffix}");
        let x = std::fs::read(first.path().join(&name)).expect("first build");
        let y = std::fs::read(second.path().join(&name)).expect("second build");
        assert!(x == y, "{name} differs between builds");
    }
}

/// Proves: notes and hints reach the guide and the pdfpc file, never the slides or handout.
#[test]
fn facilitator_text_never_reaches_participants() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build_fixture("facilitator-text-stays-in-guide.yaml", out.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let file = |suffix: &str| {
        out.path()
            .join(format!("facilitator-text-stays-in-guide-{suffix}"))
    };
    for participant in ["slides.pdf", "handout.pdf"] {
        let text = pdf_text(&file(participant));
        assert!(
            text.contains("Visible question two?"),
            "{participant}: {text}"
        );
        assert!(
            !text.contains("SECRETNOTE") && !text.contains("SECRETHINT"),
            "{participant} leaks: {text}"
        );
    }
    let guide = pdf_text(&file("guide.pdf"));
    assert!(
        guide.contains("SECRETNOTE alpha") && guide.contains("SECRETHINT beta"),
        "{guide}"
    );
    // The run of show counts clock times from `start`, and the cue sheet the clip's length.
    assert!(
        guide.contains("10:00") && guide.contains("10:05"),
        "{guide}"
    );
    assert!(guide.contains("0:04:35"), "{guide}");
    // The section subtotal, and the preparation list with the handout's real length.
    assert!(guide.contains("Only section 20 min"), "{guide}");
    let handout_pages = pdf_pages(&file("handout.pdf"));
    let printed = format!("Print the handout, one per participant ({handout_pages} page");
    assert!(guide.contains(&printed), "{printed:?} not in {guide}");

    let pdfpc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file("slides.pdfpc")).expect("pdfpc")).expect("JSON");
    assert_eq!(pdfpc["pdfpcFormat"], 2);
    assert_eq!(pdfpc["duration"], 20);
    assert_eq!(pdfpc["startTime"], "10:00");
    assert_eq!(pdfpc["endTime"], "10:20");
    let pages = pdfpc["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), pdf_pages(&file("slides.pdf")));
    // Slides: title, agenda, divider, scene, questions.
    let notes: Vec<Option<&str>> = pages.iter().map(|p| p["note"].as_str()).collect();
    assert_eq!(
        notes,
        vec![None, None, None, Some("SECRETNOTE alpha"), None]
    );
    assert_eq!(pages[3]["label"], "4");
}

/// Proves: a build that fails leaves the previous output files as they were.
#[test]
fn a_failed_build_touches_no_output() {
    let work = tempfile::tempdir().expect("temp dir");
    let outline = work.path().join("talk.yaml");
    std::fs::write(&outline, "title: Good\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Hello\n")
        .expect("write outline");
    let ok = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let slides = work.path().join("out/talk-slides.pdf");
    let before = std::fs::read(&slides).expect("slides");

    std::fs::write(
        &outline,
        "title: Bad\nsections:\n  - title: A\n    blocks:\n      - quote:\n          txt: Hello\n",
    )
    .expect("write outline");
    let bad = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("talk.yaml:6:11: error: unknown key `txt`"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(std::fs::read(&slides).expect("slides"), before);
    let names: Vec<String> = std::fs::read_dir(work.path().join("out"))
        .expect("out")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

/// Proves: `deckhand new` writes a starter that builds, and never replaces a file.
#[test]
fn starter_outline_builds_and_is_never_overwritten() {
    let work = tempfile::tempdir().expect("temp dir");
    let created = deckhand_in(work.path(), &["new", "starter.yaml"]);
    assert!(created.status.success(), "{}", stderr(&created));
    let built = deckhand_in(work.path(), &["build", "starter.yaml", "-o", "out"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(pdf_text(&work.path().join("out/starter-slides.pdf")).contains("My First Workshop"));
    let again = deckhand_in(work.path(), &["new", "starter.yaml"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
}

/// Proves: a wrong command line exits with status 2.
#[test]
fn bad_command_line_exits_2() {
    assert_eq!(deckhand(&["build"]).status.code(), Some(2));
    assert_eq!(deckhand(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        deckhand(&["build", "decks", "--only", "poster"])
            .status
            .code(),
        Some(2)
    );
}

/// Proves: a block too long for its slide still builds, with a warning at the block's line.
#[test]
fn an_overflowing_slide_is_a_warning_at_its_block() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build_fixture(
        "slide-overflow-warns.yaml",
        out.path(),
        &["--only", "slides"],
    );
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("slide-overflow-warns.yaml:6:9: warning: the slide for this lesson does not fit on one slide"),
        "{err}"
    );
    let pdfpc = std::fs::read_to_string(out.path().join("slide-overflow-warns-slides.pdfpc"))
        .expect("pdfpc");
    assert!(pdfpc.contains("\"pdfpcFormat\": 2"));
}
