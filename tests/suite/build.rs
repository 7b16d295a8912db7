//! `deckhand build` on real outlines: the files, their text, their pages, their bytes.

use crate::workshop::{Workshop, arg, repo, straight_quotes};

const DOCUMENTS: [&str; 4] = ["slides.pdf", "handout.pdf", "guide.pdf", "slides.pdfpc"];

/// Proves: every example workshop in decks/ builds into three PDFs and
/// speaker notes, and the role cards where it has a role-play (the full cut
/// of the one with variants, not its short cut), each cut into its own.
#[test]
fn example_decks_build_into_every_document() {
    let w = Workshop::new();
    w.run(&["build", arg(&repo().join("decks")), "-o", "out"])
        .assert_success();
    let stems = [
        "coaching-at-the-movies-full",
        "coaching-at-the-movies-short",
        "customer-service-at-the-movies",
        "le-service-client-au-cinema",
    ];
    let expected: Vec<String> = {
        let mut names: Vec<String> = stems
            .iter()
            .flat_map(|stem| DOCUMENTS.iter().map(move |d| format!("{stem}-{d}")))
            .collect();
        names.extend(
            [
                "coaching-at-the-movies-full",
                "customer-service-at-the-movies",
            ]
            .map(|stem| format!("{stem}-roles.pdf")),
        );
        names.sort();
        names
    };
    assert_eq!(w.files("out"), expected);

    let slides = "out/customer-service-at-the-movies-slides.pdf";
    let text = w.pdf_text(slides);
    for expected in [
        "Customer Service at the Movies",
        "Agenda",
        "Love Actually",
        "Watch for",
        "TAKEAWAY",
    ] {
        assert!(text.contains(expected), "slides lack {expected:?}");
    }
    // A title, an agenda, five dividers, the blocks' 31 planned slides and
    // the closing slide, each on one page, but for the lesson and the
    // questions revealed step by step (three items each): two more pages each.
    assert_eq!(w.pdf_pages(slides), 43);
    let french = w.pdf_text("out/le-service-client-au-cinema-guide.pdf");
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
    let guide = w.pdf_text("out/customer-service-at-the-movies-guide.pdf");
    assert!(
        guide.contains("09:55 Break Coffee · Resumes 10:10 15 15 min")
            && guide.contains("10:10 Scene Monty Python"),
        "{guide}"
    );
    assert!(
        french.contains("14 h 30 Pause Pause café · Reprise 14 h 45"),
        "{french}"
    );
    let french_slides = w.pdf_text("out/le-service-client-au-cinema-slides.pdf");
    assert!(
        french_slides.contains("Reprise à 14 h 45"),
        "{french_slides}"
    );
}

/// Proves: outline text that looks like Typst code is printed as written.
#[test]
fn typst_syntax_in_outline_text_appears_literally() {
    let w = Workshop::new().copy_fixture("typst-syntax-stays-literal.yaml");
    w.run(&[
        "build",
        "typst-syntax-stays-literal.yaml",
        "-o",
        "out",
        "--only",
        "slides",
    ])
    .assert_success();
    // Printed as written, but for its quotes, which are curled, and where
    // a line breaks (after the `/` of a path, say).
    let text = straight_quotes(&w.pdf_text("out/typst-syntax-stays-literal-slides.pdf"));
    let unbroken = |s: &str| s.split_whitespace().collect::<String>();
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
        assert!(
            unbroken(&text).contains(&unbroken(literal)),
            "{literal:?} not in {text}"
        );
    }
    assert!(!text.contains("root:"), "a file was read");
}

/// Proves: building the same outline twice gives byte-identical files, from
/// any folder and at any time.
#[test]
fn builds_are_byte_identical() {
    let outline = repo().join("decks/customer-service-at-the-movies.yaml");
    let (first, second) = (Workshop::new(), Workshop::new());
    first
        .run(&["build", arg(&outline), "-o", "out"])
        .assert_success();
    // A second later, so that a clock read anywhere would show in the PDFs'
    // dates. This waits; it asserts nothing about time.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    second
        .run(&["build", arg(&outline), "-o", "out"])
        .assert_success();
    assert_eq!(first.files("out"), second.files("out"));
    for name in first.files("out") {
        let path = format!("out/{name}");
        assert!(
            first.read(&path) == second.read(&path),
            "{name} differs between builds"
        );
    }
}

/// Proves: notes and hints reach the guide and the pdfpc file, never the slides or handout.
#[test]
fn facilitator_text_never_reaches_participants() {
    let w = Workshop::new().copy_fixture_as("facilitator-text-stays-in-guide.yaml", "talk.yaml");
    w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    for participant in ["out/talk-slides.pdf", "out/talk-handout.pdf"] {
        let text = w.pdf_text(participant);
        assert!(
            text.contains("Visible question two?"),
            "{participant}: {text}"
        );
        assert!(
            !text.contains("SECRETNOTE") && !text.contains("SECRETHINT"),
            "{participant} leaks: {text}"
        );
    }
    let guide = w.pdf_text("out/talk-guide.pdf");
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
    let handout_pages = w.pdf_pages("out/talk-handout.pdf");
    let printed = format!("Print the handout, one per participant ({handout_pages} page");
    assert!(guide.contains(&printed), "{printed:?} not in {guide}");

    let pdfpc: serde_json::Value =
        serde_json::from_slice(&w.read("out/talk-slides.pdfpc")).expect("JSON");
    assert_eq!(pdfpc["pdfpcFormat"], 2);
    assert_eq!(pdfpc["duration"], 20);
    assert_eq!(pdfpc["startTime"], "10:00");
    assert_eq!(pdfpc["endTime"], "10:20");
    let pages = pdfpc["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), w.pdf_pages("out/talk-slides.pdf"));
    // Slides: title, agenda, divider, scene (its clip, then its notes),
    // questions (the hint of the one question that has one).
    let notes: Vec<Option<&str>> = pages.iter().map(|p| p["note"].as_str()).collect();
    assert_eq!(
        notes,
        vec![
            None,
            None,
            None,
            Some("Clip: 0:12:05 – 0:16:40 (0:04:35)\n\nSECRETNOTE alpha"),
            Some("Hint 2: SECRETHINT beta")
        ]
    );
    assert_eq!(pages[3]["label"], "4");
}

/// Proves: a build that fails leaves the previous output files as they were.
#[test]
fn a_failed_build_touches_no_output() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Good\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Hello\n",
    );
    w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    let before = w.read("out/talk-slides.pdf");

    w.write(
        "talk.yaml",
        "title: Bad\nsections:\n  - title: A\n    blocks:\n      - quote:\n          txt: Hello\n",
    );
    let bad = w.run(&["build", "talk.yaml", "-o", "out"]);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr
            .contains("talk.yaml:6:11: error: unknown key `txt`"),
        "{}",
        bad.stderr
    );
    assert_eq!(w.read("out/talk-slides.pdf"), before);
    assert_eq!(
        w.files("out"),
        [
            "talk-guide.pdf",
            "talk-handout.pdf",
            "talk-slides.pdf",
            "talk-slides.pdfpc"
        ]
    );
}

/// Proves: `deckhand new` writes a starter that builds, ending with its
/// closing slide, and never replaces a file.
#[test]
fn starter_outline_builds_and_is_never_overwritten() {
    let w = Workshop::new();
    w.run(&["new", "starter.yaml"]).assert_success();
    w.run(&["build", "starter.yaml", "-o", "out"])
        .assert_success();
    assert!(
        w.pdf_text("out/starter-slides.pdf")
            .contains("My First Workshop")
    );
    // It ends with a closing slide.
    let slides = w.pdf_page_texts("out/starter-slides.pdf");
    let last = slides.last().expect("slides");
    assert!(
        last.contains("Thank you") && last.contains("your.name@example.com"),
        "{last}"
    );
    let starter = w.read("starter.yaml");
    let again = w.run(&["new", "starter.yaml"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(w.read("starter.yaml"), starter);
}

/// Proves: a wrong command line exits with status 2.
#[test]
fn bad_command_line_exits_2() {
    let w = Workshop::new();
    for args in [
        &["build"][..],
        &["frobnicate"],
        &["build", "decks", "--only", "poster"],
    ] {
        assert_eq!(w.run(args).code, Some(2), "{args:?}");
    }
}

/// Proves: a block too long for its slide still builds, with a warning at the block's line.
#[test]
fn an_overflowing_slide_is_a_warning_at_its_block() {
    let w = Workshop::new().copy_fixture("slide-overflow-warns.yaml");
    let run = w
        .run(&[
            "build",
            "slide-overflow-warns.yaml",
            "-o",
            "out",
            "--only",
            "slides",
        ])
        .assert_success();
    assert!(
        run.stderr.contains("slide-overflow-warns.yaml:6:9: warning: the slide for this lesson does not fit on one slide"),
        "{}",
        run.stderr
    );
    // The notes have a page for each page, the lesson's three pages included,
    // and nothing else (the fixture has no notes).
    let pdfpc = String::from_utf8(w.read("out/slide-overflow-warns-slides.pdfpc")).expect("UTF-8");
    let page = |idx: usize| {
        format!(
            "    {{\n      \"idx\": {idx},\n      \"label\": \"{}\",\n      \"overlay\": 0\n    }}",
            idx + 1
        )
    };
    let pages: Vec<String> = (0..6).map(page).collect();
    let expected = format!(
        "{{\n  \"pdfpcFormat\": 2,\n  \"pages\": [\n{}\n  ]\n}}\n",
        pages.join(",\n")
    );
    assert_eq!(pdfpc, expected);
}
