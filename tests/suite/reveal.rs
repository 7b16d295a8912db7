//! `reveal: steps`: a slide's items one at a time, as pages of one slide in the PDF and overlays in pdfpc; everything else counts slides.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use image::RgbImage;

use super::pdfpc_clip::{Running, screenshot, tool, xdotool};
use crate::workshop::Workshop;

/// Questions and a lesson revealed step by step, a scene's cues the same,
/// a quote after them: title 1, agenda 2, divider 3, then slides 4 to 8.
const TALK: &str = "\
title: Reveal
start: \"09:00\"
sections:
  - title: Listening
    blocks:
      - questions:
          reveal: steps
          minutes: 10
          ask:
            - First question?
            - text: Second question?
              hint: The hint of two.
            - Third question?
          notes: Let the room talk.
      - lesson:
          title: Serve the person
          reveal: steps
          points: [Point one., Point two., Point three.]
          takeaway: The takeaway.
      - scene:
          film: Love Actually
          reveal: steps
          watch_for: [Cue one, Cue two]
      - quote: {text: Listen first., by: Anon}
";

fn built(yaml: &str) -> Workshop {
    let w = Workshop::new().outline("talk.yaml", yaml);
    w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    w
}

/// Each page's words with their places (`pdftotext -bbox`): `word@x,y`.
fn placed_words(w: &Workshop, pdf: &str) -> Vec<Vec<String>> {
    let out = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(w.path(pdf))
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils: `bash .ci/run` installs it)");
    assert!(out.status.success(), "pdftotext failed");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attribute = |line: &str, name: &str| -> String {
        let start = line.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        line[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut pages: Vec<Vec<String>> = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Vec::new());
        } else if line.starts_with("<word ") {
            let word = line
                .split('>')
                .nth(1)
                .and_then(|w| w.split('<').next())
                .unwrap_or_default();
            let placed = format!(
                "{word}@{},{}",
                attribute(line, "xMin"),
                attribute(line, "yMin")
            );
            if let Some(page) = pages.last_mut() {
                page.push(placed);
            }
        }
    }
    pages
}

/// Proves: a slide with steps is a page per item, each showing one more
/// (its questions, a lesson's points, a scene's cues), the lesson's
/// takeaway with its last point; each page's words stay where they were on
/// the page before (nothing moves), and the pages share the slide's number
/// in the footer.
#[test]
fn each_step_shows_one_more_item_and_nothing_moves() {
    let w = built(TALK);
    let pages = w.pdf_page_texts("out/talk-slides.pdf");
    // 3 + 3 steps of the questions and the lesson, the scene's still and 2
    // steps of its cues, the quote.
    assert_eq!(pages.len(), 3 + 3 + 3 + 1 + 2 + 1, "{pages:#?}");
    let shows = |page: usize, shown: &[&str], hidden: &[&str]| {
        for word in shown {
            assert!(
                pages[page].contains(word),
                "page {}: {word} in {}",
                page + 1,
                pages[page]
            );
        }
        for word in hidden {
            assert!(
                !pages[page].contains(word),
                "page {}: {word} in {}",
                page + 1,
                pages[page]
            );
        }
    };
    let questions = ["First question?", "Second question?", "Third question?"];
    let points = ["Point one.", "Point two.", "Point three.", "The takeaway."];
    shows(3, &questions[..1], &questions[1..]);
    shows(4, &questions[..2], &questions[2..]);
    shows(5, &questions, &[]);
    shows(6, &points[..1], &points[1..]);
    shows(7, &points[..2], &points[2..]);
    shows(8, &points, &[]);
    shows(10, &["Cue one"], &["Cue two"]);
    shows(11, &["Cue one", "Cue two"], &[]);
    shows(12, &["Listen first."], &[]);
    // The footers: the steps of a slide share its number.
    let numbers: Vec<&str> = pages
        .iter()
        .skip(3)
        .map(|p| p.rsplit(' ').next().unwrap_or_default())
        .collect();
    assert_eq!(numbers, ["4", "4", "4", "5", "5", "5", "6", "7", "7", "8"]);

    let placed = placed_words(&w, "out/talk-slides.pdf");
    for (earlier, later) in [(3, 4), (4, 5), (6, 7), (7, 8), (10, 11)] {
        for word in &placed[earlier] {
            assert!(
                placed[later].contains(word),
                "{word} of page {} moved on page {}: {:?}",
                earlier + 1,
                later + 1,
                placed[later]
            );
        }
        assert!(placed[later].len() > placed[earlier].len());
    }
}

/// Proves: the pdfpc file labels the pages of a slide with steps by the
/// slide's number, their overlay index counting from 0 (pdfpc counts
/// slides and shows one thumbnail of each), and every step keeps the
/// slide's notes and hints.
#[test]
fn pdfpc_marks_the_steps_as_overlays_of_one_slide() {
    let w = built(TALK);
    let pdfpc: serde_json::Value =
        serde_json::from_slice(&w.read("out/talk-slides.pdfpc")).expect("JSON");
    let pages = pdfpc["pages"].as_array().expect("pages");
    let marks: Vec<(usize, &str, u64, bool)> = pages
        .iter()
        .map(|p| {
            (
                p["idx"].as_u64().expect("idx") as usize,
                p["label"].as_str().expect("label"),
                p["overlay"].as_u64().expect("overlay"),
                p["forcedOverlay"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            (0, "1", 0, false),
            (1, "2", 0, false),
            (2, "3", 0, false),
            (3, "4", 0, false),
            (4, "4", 1, true),
            (5, "4", 2, true),
            (6, "5", 0, false),
            (7, "5", 1, true),
            (8, "5", 2, true),
            (9, "6", 0, false),
            (10, "7", 0, false),
            (11, "7", 1, true),
            (12, "8", 0, false),
        ]
    );
    let note = "Hint 2: The hint of two.\n\nLet the room talk.";
    for (idx, page) in pages.iter().enumerate().take(6).skip(3) {
        assert_eq!(page["note"], note, "page {}", idx + 1);
    }
    assert!(pages[6].get("note").is_none());
}

/// Proves: the guide numbers slides, not pages (the quote after two slides
/// of three steps is slide 8, as its footer says), and the handout (either
/// layout) and the guide are the same files as without steps.
#[test]
fn the_guide_counts_slides_and_the_handout_is_unchanged() {
    let w = built(TALK);
    let guide = w.pdf_text("out/talk-guide.pdf");
    for row in [
        "Questions First question? 4",
        "Lesson Serve the person 5",
        "Scene Love Actually 6–7",
        "Quote Listen first. 8",
    ] {
        assert!(guide.contains(row), "{row} in {guide}");
    }
    assert!(guide.contains("Point three."), "{guide}");
    let all_at_once = built(&TALK.replace("reveal: steps", "reveal: all"));
    assert_eq!(all_at_once.pdf_pages("out/talk-slides.pdf"), 8);
    // The same files, byte for byte, as without steps: the workbook and the
    // slides-with-lines handout (whose thumbnails are the whole slides).
    for document in ["handout", "guide"] {
        let name = format!("out/talk-{document}.pdf");
        assert!(w.read(&name) == all_at_once.read(&name), "{name}");
    }
    assert!(
        w.pdf_text("out/talk-handout.pdf")
            .contains("Third question?")
    );
    let lines = "start: \"09:00\"\nhandout: {layout: slides-with-lines}";
    let steps = built(&TALK.replace("start: \"09:00\"", lines));
    let all = built(
        &TALK
            .replace("start: \"09:00\"", lines)
            .replace("reveal: steps", "reveal: all"),
    );
    assert!(steps.read("out/talk-handout.pdf") == all.read("out/talk-handout.pdf"));
}

/// Proves: `reveal` at the top of an outline, or in the project file's
/// `defaults`, reveals every block with a list; a block's `reveal: all`
/// shows its list at once, and a quote is left alone.
#[test]
fn the_outline_or_the_project_sets_the_default() {
    let blocks = "\
sections:
  - title: One
    blocks:
      - questions: {ask: [A?, B?]}
      - questions: {ask: [C?, D?], reveal: all}
      - quote: {text: Q.}
";
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults:\n  reveal: steps\n")
        .outline("project.yaml", &format!("title: P\n{blocks}"))
        .outline("own.yaml", &format!("title: O\nreveal: steps\n{blocks}"));
    w.run(&["build", "project.yaml", "own.yaml", "-o", "out"])
        .assert_success();
    for stem in ["project", "own"] {
        let pages = w.pdf_page_texts(&format!("out/{stem}-slides.pdf"));
        // Title, agenda, divider, A? then A? B?, C? D? at once, the quote.
        assert_eq!(pages.len(), 7, "{stem}: {pages:#?}");
        assert!(
            pages[3].contains("A?") && !pages[3].contains("B?"),
            "{stem}"
        );
        assert!(pages[5].contains("C?") && pages[5].contains("D?"), "{stem}");
    }
}

/// Proves: the PNG pages and the contact sheet show each slide once, whole
/// (its last step): 8 slides on 13 pages make 8 PNGs, each the same image
/// as without steps, and a sheet of 2 rows.
#[test]
fn previews_show_each_slide_once_whole() {
    let w = Workshop::new().outline("talk.yaml", TALK);
    w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "--format",
        "png",
        "--only",
        "slides",
        "--ppi",
        "36",
        "--contact-sheet",
    ])
    .assert_success();
    let mut expected: Vec<String> = (1..=8).map(|n| format!("talk-slides-{n:02}.png")).collect();
    expected.insert(0, "talk-contact.png".to_string());
    assert_eq!(w.files("out"), expected);
    // 12 px gaps: 12 + 4 × (320 + 12) wide, 12 + 2 × (180 + 12) high.
    assert_eq!(
        image::image_dimensions(w.path("out/talk-contact.png")).expect("PNG"),
        (1340, 396)
    );
    // Each PNG is its slide whole: the same pixels as a build that shows
    // every list at once.
    let all = Workshop::new().outline("talk.yaml", &TALK.replace("reveal: steps", "reveal: all"));
    all.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "--format",
        "png",
        "--only",
        "slides",
        "--ppi",
        "36",
    ])
    .assert_success();
    assert_eq!(all.files("out"), expected[1..]);
    for name in &expected[1..] {
        let name = format!("out/{name}");
        assert!(w.read(&name) == all.read(&name), "{name} differs");
    }
}

/// Proves: a lesson changed between two versions is one page of the
/// review, its whole slide old beside new, however many steps it has.
#[test]
fn the_review_shows_the_whole_slide() {
    let w = Workshop::new().outline("talk.yaml", TALK).git_init();
    w.commit("first");
    w.write("talk.yaml", TALK.replace("Point two.", "Point 2."));
    let run = w.run(&["diff", "HEAD:talk.yaml", "talk.yaml", "-o", "review"]);
    let run = run.assert_success();
    assert!(run.stdout.contains("changed"), "{}", run.stdout);
    let pages = w.pdf_page_texts("review/talk-review.pdf");
    assert_eq!(pages.len(), 2, "{pages:#?}");
    for word in [
        "Point one.",
        "Point two.",
        "Point 2.",
        "Point three.",
        "The takeaway.",
    ] {
        assert!(pages[1].contains(word), "{word} in {}", pages[1]);
    }
}

/// The pages of `pdf` as pdfpc draws them in a window of `size`.
fn page_images(w: &Workshop, pdf: &str, size: (u32, u32)) -> Vec<RgbImage> {
    let prefix = w.path("pages");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-scale-to-x",
            &size.0.to_string(),
            "-scale-to-y",
            &size.1.to_string(),
            w.path(pdf).to_str().expect("UTF-8"),
            prefix.to_str().expect("UTF-8"),
        ],
    );
    let mut names: Vec<String> = w
        .files(".")
        .into_iter()
        .filter(|n| n.starts_with("pages-") && n.ends_with(".png"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| image::open(w.path(n)).expect("a PNG").to_rgb8())
        .collect()
}

/// How far two images of one size are apart: the mean difference of their channels.
fn distance(a: &RgbImage, b: &RgbImage) -> f64 {
    let total: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    total as f64 / a.as_raw().len().max(1) as f64
}

/// The page (from 1) that a screenshot shows: the nearest of `pages`.
fn shown_page(shot: &RgbImage, pages: &[RgbImage]) -> usize {
    let mut by_distance: Vec<(f64, usize)> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| (distance(shot, page), i + 1))
        .collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
    by_distance[0].1
}

/// Proves: pdfpc 4.6 counts the slides, not the pages, of a deck with steps
/// (`-P 7`, its seventh slide, opens the scene's cues on page 11), each
/// press of the arrow shows the next step, and on screen every pixel drawn
/// on one step is the same on the next: the items appear, nothing moves.
/// The screenshots stay in `target/tmp/pdfpc-reveal/`.
#[test]
#[ignore = "drives pdfpc under Xvfb: run alone with the other pdfpc test, as .ci/run does"]
fn pdfpc_shows_the_steps_of_one_slide_in_place() {
    const SCREEN: (u32, u32) = (1280, 720);
    let w = Workshop::new().outline("talk.yaml", TALK);
    w.run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let pages = page_images(&w, "out/talk-slides.pdf", SCREEN);
    assert_eq!(pages.len(), 13);

    let mut xvfb = Command::new("Xvfb")
        .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
        .arg(format!("{}x{}x24", SCREEN.0, SCREEN.1))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb runs; `.ci/run` installs it");
    let mut number = String::new();
    BufReader::new(xvfb.stdout.take().expect("its output"))
        .read_line(&mut number)
        .expect("Xvfb says its display");
    let _xvfb = Running(xvfb);
    let display = format!(":{}", number.trim());
    let pdfpc = Command::new("pdfpc")
        .args(["-w", "presentation", "-Z"])
        .arg(format!("{}:{}", SCREEN.0, SCREEN.1))
        .args(["-P", "7"])
        .arg(w.path("out/talk-slides.pdf"))
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("pdfpc runs; `.ci/run` installs it");
    let _pdfpc = Running(pdfpc);
    xdotool(
        &display,
        &["search", "--sync", "--onlyvisible", "--class", "pdfpc"],
    );
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdfpc-reveal");
    std::fs::create_dir_all(&folder).expect("a folder");
    let mut shots = Vec::new();
    for (n, expected) in [(1, 11), (2, 12), (3, 13)] {
        if n > 1 {
            xdotool(&display, &["key", "Right"]);
        }
        // pdfpc draws a page a moment after the key: wait until it shows one.
        let mut shot = screenshot(&display);
        for _ in 0..50 {
            if shot.dimensions() == SCREEN && shown_page(&shot, &pages) == expected {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            shot = screenshot(&display);
        }
        shot.save(folder.join(format!("{n}-page-{expected}.png")))
            .expect("saved");
        assert_eq!(shown_page(&shot, &pages), expected, "shot {n}");
        shots.push(shot);
    }
    // The first step's ink is where it was on the second: only new ink.
    let paper = *shots[0].get_pixel(SCREEN.0 - 4, SCREEN.1 / 2);
    let ink = |p: &image::Rgb<u8>| p.0.iter().zip(paper.0).any(|(a, b)| a.abs_diff(b) > 40);
    let (mut kept, mut moved, mut added) = (0, 0, 0);
    for (first, second) in shots[0].pixels().zip(shots[1].pixels()) {
        match (ink(first), ink(second)) {
            (true, _)
                if first
                    .0
                    .iter()
                    .zip(second.0)
                    .all(|(a, b)| a.abs_diff(b) <= 8) =>
            {
                kept += 1
            }
            (true, _) => moved += 1,
            (false, true) => added += 1,
            (false, false) => {}
        }
    }
    assert_eq!(moved, 0, "{kept} pixels of ink kept, {moved} changed");
    assert!(added > 500 && kept > 5000, "{kept} kept, {added} added");
}

/// Proves: a theme folder's own `slides.typ` written before steps (it
/// draws `block-slides` and marks each slide by its id alone) still
/// builds: each slide once, whole, with its notes in the pdfpc file.
#[test]
fn a_theme_folders_own_slides_file_from_before_steps_still_builds() {
    let slides = "\
#import \"common.typ\": *
#import \"slide-parts.typ\": *
#show: slide-text.with(palette)
#set page(width: slide-size.width, height: slide-size.height, margin: slide-margin)
#let slide(s) = page[#metadata(s.id) <deckhand-slide> #s.body]
#slide(title-slide(palette))
#slide(agenda-slide(palette))
#for s in data.sections {
  slide(divider-slide(s, palette))
  for b in s.blocks {
    for one in block-slides(b, palette) { slide(one) }
  }
}
#title-mark
#set document(title: workshop.title_plain)
";
    let w = Workshop::new()
        .outline(
            "talk.yaml",
            &TALK.replace("start:", "theme: ./mine\nstart:"),
        )
        .file(
            "mine/theme.typ",
            "#let palette = (accent: rgb(\"#1b6fb4\"))\n",
        )
        .file("mine/slides.typ", slides);
    w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    let pages = w.pdf_page_texts("out/talk-slides.pdf");
    assert_eq!(pages.len(), 8, "{pages:#?}");
    assert!(pages[3].contains("Third question?"), "{}", pages[3]);
    let pdfpc: serde_json::Value =
        serde_json::from_slice(&w.read("out/talk-slides.pdfpc")).expect("JSON");
    assert_eq!(
        pdfpc["pages"][3]["note"],
        "Hint 2: The hint of two.\n\nLet the room talk."
    );
}
