//! Slides for a training room, measured in the PDF: type sizes, short content set large and centred, stills that fill the screen.

use crate::pdf_measure::{PictureBox, TextRun, picture_boxes, text_runs};
use crate::workshop::{Workshop, repo};

/// The examples' folder (project file, library) with the English example
/// as `workshop.yaml`, in `theme`.
fn example_in(theme: &str) -> Workshop {
    let source = std::fs::read_to_string(repo().join("decks/customer-service-at-the-movies.yaml"))
        .expect("the example");
    let text = source.replacen("\ntitle: ", &format!("\ntheme: {theme}\ntitle: "), 1);
    // The example's brand accent is made for the light theme: on a dark one
    // the takeaway's dark text could not be read on it (deckhand warns).
    let text = if theme == "classic" {
        text
    } else {
        text.replacen("\n  accent: \"#1f5f8b\"", "", 1)
    };
    copy_library(
        Workshop::new().outline("workshop.yaml", &text),
        &repo().join("decks/_library"),
        "_library/",
    )
    .file(
        "deckhand.yaml",
        std::fs::read(repo().join("decks/deckhand.yaml")).expect("the project file"),
    )
}

fn copy_library(mut w: Workshop, folder: &std::path::Path, prefix: &str) -> Workshop {
    for entry in std::fs::read_dir(folder).expect("a folder") {
        let entry = entry.expect("an entry");
        let inside = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            w = copy_library(w, &entry.path(), &format!("{inside}/"));
        } else {
            w = w.file(&inside, std::fs::read(entry.path()).expect("a file reads"));
        }
    }
    w
}

/// The largest size `words` is set in on `page` (a run holding them).
fn size_of(page: &[TextRun], words: &str) -> Option<f64> {
    page.iter()
        .filter(|r| r.text.to_lowercase().contains(&words.to_lowercase()))
        .map(|r| r.size)
        .reduce(f64::max)
}

/// Proves: on every slide kind of the example deck, in both themes, titles
/// are set at 40 pt or more and body text at 28 pt or more on the 960 × 540
/// pt slide (PowerPoint's 16:9 size), the footer at 18 pt, and nothing seen
/// under 18 pt.
#[test]
fn every_slide_kind_is_set_for_a_room() {
    // (words on a slide, what they are, the least size they may be set in)
    let expected: &[(&str, &str, f64)] = &[
        ("Customer Service at the", "the title slide's title", 40.0),
        ("What six screen moments", "the subtitle", 28.0),
        ("Agenda", "the agenda's title", 40.0),
        (
            "Respect before the sale",
            "an agenda line, a divider's title",
            28.0,
        ),
        ("Listen before you wrap", "a section divider's title", 40.0),
        ("Hear the need behind", "a section's goal", 28.0),
        ("How today works", "a text slide's title", 40.0),
        ("Each part starts with a scene", "a text slide's body", 28.0),
        ("Love Actually", "a scene's film", 40.0),
        (
            "A shopper needs a necklace",
            "a scene's setup over its still",
            28.0,
        ),
        (
            "Take two. Watch the gift",
            "a scene's setup beside a portrait still",
            28.0,
        ),
        ("Watch for", "a watch-for slide's title", 40.0),
        ("Every sign that the customer", "a point to watch for", 28.0),
        ("Listen for the real need", "a lesson's title", 40.0),
        ("Let the customer finish", "a lesson's point", 28.0),
        ("starts with what the customer", "a lesson's takeaway", 28.0),
        ("Questions for the group", "a questions slide's title", 40.0),
        ("When did you last solve", "a question", 28.0),
        ("Big mistake", "a quote", 28.0),
        ("Coffee", "a break's title", 40.0),
        ("Map our empty shelves", "an activity's title", 40.0),
        ("List five things a caller", "an activity's step", 28.0),
        ("Which expectation came up", "a debrief question", 28.0),
        ("Coaching the gift-wrapper", "a role-play's title", 40.0),
        (
            "The day after the necklace sale",
            "a role-play's scenario",
            28.0,
        ),
        ("Thank you", "the closing slide's title", 40.0),
        (
            "Listen for the real need on your next",
            "a next step on the closing slide",
            28.0,
        ),
        (
            "priya.marsh@example.com",
            "the closing slide's contact",
            28.0,
        ),
    ];
    for theme in ["classic", "cinema"] {
        let w = example_in(theme);
        let run = w
            .run(&["build", "workshop.yaml", "-o", "out", "--only", "slides"])
            .assert_success();
        assert!(!run.stderr.contains("warning"), "{theme}: {}", run.stderr);
        let pages = text_runs(&w.path("out/workshop-slides.pdf"));
        for (words, what, least) in expected {
            let sizes: Vec<f64> = pages.iter().filter_map(|p| size_of(p, words)).collect();
            assert!(
                !sizes.is_empty(),
                "{theme}: no slide shows {what} ({words:?})"
            );
            let size = sizes.iter().copied().fold(0.0, f64::max);
            assert!(
                size >= *least,
                "{theme}: {what} ({words:?}) is set in {size} pt, under {least} pt"
            );
        }
        for (number, page) in pages.iter().enumerate() {
            for run in page.iter().filter(|r| !r.text.trim().is_empty()) {
                assert!(
                    run.size >= 18.0,
                    "{theme}: slide {} sets {:?} in {} pt, under 18 pt",
                    number + 1,
                    run.text,
                    run.size
                );
            }
            // The footer's slide number, on every slide that has a footer
            // (a revealed slide's pages share theirs).
            let footer = page.iter().find(|r| is_footer_number(r));
            if let Some(footer) = footer {
                assert!(
                    footer.size >= 18.0,
                    "{theme}: slide {}'s footer is {} pt",
                    number + 1,
                    footer.size
                );
            }
        }
        let footers = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.iter().any(is_footer_number))
            .count();
        assert!(
            footers > pages.len() / 2,
            "{theme}: only {footers} slides have a footer"
        );
    }
}

/// Proves: a block's only question is set large (40 pt or more) and centred
/// on its slide; two points to watch for sit in the middle of the slide, not
/// in its top third, larger than the body's 30 pt.
#[test]
fn short_content_uses_the_screen() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Room\nsections:\n  - title: One\n    blocks:\n      - questions:\n          ask:\n            - What would you do?\n      - scene:\n          film: Brazil\n          watch_for:\n            - The forms\n            - The ducts\n",
    );
    w.run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let pages = text_runs(&w.path("out/talk-slides.pdf"));
    let question = pages
        .iter()
        .flatten()
        .find(|r| r.text.contains("What would you do?"))
        .expect("the question is on a slide");
    assert!(
        question.size >= 40.0,
        "the question is {} pt",
        question.size
    );
    let middle = question.x + question.width / 2.0;
    assert!(
        (middle - 480.0).abs() < 12.0,
        "the question's middle is at {middle} pt of 960"
    );
    assert!(
        question.y > 180.0,
        "the question's baseline is {} pt from the top",
        question.y
    );
    let forms = pages
        .iter()
        .flatten()
        .find(|r| r.text.contains("The forms"))
        .expect("the point is on a slide");
    assert!(forms.size > 30.0, "the point is {} pt", forms.size);
    assert!(
        forms.y > 180.0,
        "the first point's top is {} pt from the top",
        forms.y
    );
}

/// Proves: a lesson's points that do not fit at the body's size shrink to
/// 28 pt, and no further: past that the slide runs over and deckhand warns
/// at the lesson's line.
#[test]
fn long_text_shrinks_to_its_floor_then_warns() {
    let point = |n: usize| {
        format!("            - Point {n} is long enough to take most of a line on the slide.\n")
    };
    let lesson = |count: usize| {
        format!(
            "title: Room\nsections:\n  - title: One\n    blocks:\n      - lesson:\n          title: Points\n          points:\n{}",
            (1..=count).map(point).collect::<String>()
        )
    };
    let w = Workshop::new()
        .outline("eight.yaml", &lesson(8))
        .outline("twelve.yaml", &lesson(12));
    let run = w
        .run(&["build", "eight.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let sizes: Vec<f64> = text_runs(&w.path("out/eight-slides.pdf"))
        .iter()
        .flatten()
        .filter(|r| r.text.contains("is long enough"))
        .map(|r| r.size)
        .collect();
    assert_eq!(sizes.len(), 8, "{sizes:?}");
    assert!(
        sizes.iter().all(|&s| (28.0..30.0).contains(&s)),
        "eight points shrink below 30 pt, to no less than 28: {sizes:?}"
    );
    let run = w
        .run(&["build", "twelve.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    assert!(
        run.stderr.contains(
            "twelve.yaml:5:9: warning: the slide for this lesson does not fit on one slide"
        ),
        "{}",
        run.stderr
    );
    let sizes: Vec<f64> = text_runs(&w.path("out/twelve-slides.pdf"))
        .iter()
        .flatten()
        .filter(|r| r.text.contains("is long enough"))
        .map(|r| r.size)
        .collect();
    assert!(sizes.iter().all(|&s| s == 28.0), "{sizes:?}");
}

/// Proves: a slide whose text is surely short enough for its largest size
/// is not measured (templates/slide-parts.typ `fitting-size`), and that
/// bound holds at its edge: texts growing word by word, of the widest
/// letters, of letters beyond ASCII, an emoji, curled quotes in English and
/// French, on every slide kind that bounds its text, build in the tests'
/// debug deckhand, which checks each bound it uses against a measure (a
/// bound under the text's real height is an error).
#[test]
fn text_bounds_hold_at_their_edge_on_every_slide_kind() {
    let words = [
        "WWWW",
        "M@%M",
        "\"quoted\"",
        "café",
        "naïve",
        "🎬",
        "Straße",
        "—",
        "12:30",
        "it's",
    ];
    let text = |n: usize| {
        let picked: Vec<&str> = (0..n).map(|i| words[i % words.len()]).collect();
        format!("'{}'", picked.join(" ").replace('\'', "''"))
    };
    let mut blocks = String::new();
    for n in [1, 2, 3, 5, 8, 13, 21] {
        let t = text(n);
        blocks += &format!(
            "      - questions:\n          ask: [{t}]\n\
             \x20     - questions:\n          ask: [{t}, {t}]\n\
             \x20     - scene:\n          film: {t}\n          year: 1999\n          setup: {t}\n          watch_for: [{t}, {t}]\n\
             \x20     - lesson:\n          title: {t}\n          points: [{t}, {t}]\n          takeaway: {t}\n\
             \x20     - quote:\n          text: {t}\n          by: {t}\n\
             \x20     - activity:\n          title: {t}\n          instructions: [{t}, {t}]\n\
             \x20     - text: {{title: {t}, body: {t}}}\n"
        );
    }
    for lang in ["en", "fr"] {
        let outline = format!(
            "title: Bounds\nlanguage: {lang}\nsections:\n  - title: One\n    blocks:\n{blocks}"
        );
        let w = Workshop::new().outline("bounds.yaml", &outline);
        let run = w.run(&["build", "bounds.yaml", "-o", "out", "--only", "slides"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(!run.stderr.contains("over its bound"), "{}", run.stderr);
    }
}

/// Proves: a title with styling (`Every *kind* & more`) reads as its words
/// in every slide's footer and in the PDF's title (what a screen reader
/// announces), never with its markup's asterisks.
#[test]
fn a_styled_title_reads_plain_in_the_footers_and_the_pdfs_title() {
    let w = Workshop::new().outline(
        "styled.yaml",
        "title: Every *kind* & more\nsections:\n  - title: One\n    blocks:\n      - text: {title: A text, body: Words.}\n",
    );
    w.run(&["build", "styled.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let pdf = w.path("out/styled-slides.pdf");
    let footers: Vec<String> = text_runs(&pdf)
        .iter()
        .map(|page| {
            page.iter()
                .filter(|r| r.size == 18.0)
                .map(|r| r.text.clone())
                .collect()
        })
        .filter(|footer: &String| !footer.is_empty())
        .collect();
    assert!(footers.len() >= 2, "{footers:?}");
    assert!(
        footers
            .iter()
            .all(|f| f.contains("Every kind & more") && !f.contains('*')),
        "{footers:?}"
    );
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l == "Title:           Every kind & more"),
        "{info}"
    );
}

/// A PNG of `width` × `height` pixels, a gradient (a still's shape is what counts).
fn still(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode PNG");
    out
}

/// A scene slide for each still: (file, its `fit:`/`focus:` lines).
fn scenes_of(stills: &[(&str, &str)]) -> String {
    let mut yaml = String::from("title: Stills\nsections:\n  - title: One\n    blocks:\n");
    for (n, (file, framing)) in stills.iter().enumerate() {
        yaml.push_str(&format!(
            "      - scene:\n          film: Film {n}\n          still: images/{file}\n{framing}"
        ));
    }
    yaml
}

/// Proves: a scene's still takes the room its shape asks for, read back as
/// the picture's box in the PDF, in both themes: a 16:9 still and a 4:3
/// phone photo fill the slide (the photo cropped evenly at top and bottom,
/// or from its top with `focus: top`); a portrait photo fills the slide's
/// height at its right edge; a panorama, which filling would crop by more
/// than a quarter, is shown whole, as is the photo with `fit: contain`;
/// `fit: cover` fills with the panorama all the same (from its left with
/// `focus: 0% 50%`); `focus: 50% 25%` takes a quarter of what the photo
/// loses from its top, three quarters from its bottom. Never stretched.
#[test]
fn stills_fill_the_slide_by_their_shape() {
    let yaml = scenes_of(&[
        ("wide.png", ""),
        ("phone.png", ""),
        ("phone.png", "          focus: top\n"),
        ("tall.png", ""),
        ("panorama.png", ""),
        ("phone.png", "          fit: contain\n"),
        (
            "panorama.png",
            "          fit: cover\n          focus: 0% 50%\n",
        ),
        ("phone.png", "          focus: 50% 25%\n"),
    ]);
    for (theme, inset) in [("classic", 0.0), ("cinema", 6.0)] {
        let w = Workshop::new()
            .outline("talk.yaml", &format!("theme: {theme}\n{yaml}"))
            .file("images/wide.png", still(1600, 900))
            .file("images/phone.png", still(1200, 900))
            .file("images/tall.png", still(900, 1200))
            .file("images/panorama.png", still(1500, 500));
        let run = w
            .run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
            .assert_success();
        assert!(!run.stderr.contains("warning"), "{}", run.stderr);
        let boxes = picture_boxes(&w.path("out/talk-slides.pdf"));
        // The title, the agenda, the divider, then a slide for each scene.
        let still_on = |slide: usize| {
            assert_eq!(
                boxes[slide].len(),
                1,
                "{theme}: slide {}: {:?}",
                slide + 1,
                boxes[slide]
            );
            boxes[slide][0]
        };
        // (Within 2 pt: a theme's border crops a hair off a still that fills.)
        let near = |a: f64, b: f64| (a - b).abs() < 2.0;
        let (left, top, right, bottom) = (inset, inset, 960.0 - inset, 540.0 - inset);
        let fills = |b: PictureBox| {
            b.x <= left + 0.5
                && b.y <= top + 0.5
                && b.x + b.width >= right - 0.5
                && b.y + b.height >= bottom - 0.5
        };
        for (slide, aspect, what) in [
            (3, 16.0 / 9.0, "a 16:9 still"),
            (4, 4.0 / 3.0, "a 4:3 photo"),
            (5, 4.0 / 3.0, "a 4:3 photo, focus: top"),
            (9, 3.0, "a panorama, fit: cover"),
        ] {
            let b = still_on(slide);
            assert!(fills(b), "{theme}: {what} does not fill the slide: {b:?}");
            assert!(
                (b.width / b.height - aspect).abs() < 0.01,
                "{theme}: {what} is stretched: {b:?}"
            );
        }
        // Cropped evenly by default; from its top with `focus: top`; from its left with `0% 50%`.
        let phone = still_on(4);
        assert!(
            near(phone.y - top, bottom - (phone.y + phone.height)),
            "{theme}: {phone:?}"
        );
        assert!(near(still_on(5).y, top), "{theme}: {:?}", still_on(5));
        assert!(near(still_on(9).x, left), "{theme}: {:?}", still_on(9));
        let quarter = still_on(10);
        let lost = quarter.height - (bottom - top);
        assert!(
            lost > 100.0 && near(top - quarter.y, lost / 4.0),
            "{theme}: {quarter:?}"
        );
        assert!(
            (quarter.width / quarter.height - 4.0 / 3.0).abs() < 0.01,
            "{theme}: {quarter:?}"
        );
        // The portrait photo: the slide's height, at its right edge.
        let tall = still_on(6);
        assert!(
            near(tall.y, top) && near(tall.y + tall.height, bottom),
            "{theme}: {tall:?}"
        );
        assert!(near(tall.x + tall.width, right), "{theme}: {tall:?}");
        assert!(
            (tall.width / tall.height - 0.75).abs() < 0.01,
            "{theme}: {tall:?}"
        );
        // Shown whole, inside the slide.
        for (slide, aspect, what) in [
            (7, 3.0, "a panorama"),
            (8, 4.0 / 3.0, "a 4:3 photo, fit: contain"),
        ] {
            let b = still_on(slide);
            assert!(
                b.x >= left - 0.5
                    && b.y >= top - 0.5
                    && b.x + b.width <= right + 0.5
                    && b.y + b.height <= bottom + 0.5,
                "{theme}: {what} is cropped: {b:?}"
            );
            assert!(
                near(b.width, right - left) || near(b.height, bottom - top),
                "{theme}: {what} is not as large as fits: {b:?}"
            );
            assert!(
                (b.width / b.height - aspect).abs() < 0.01,
                "{theme}: {what} is stretched: {b:?}"
            );
        }
    }
}

/// Proves: a `fit` or `focus` deckhand cannot read is an error at its line,
/// on a scene's still and an image slide's image alike, and nothing is built.
#[test]
fn a_bad_fit_or_focus_is_an_error_at_its_line() {
    let w = Workshop::new()
        .outline(
            "talk.yaml",
            "title: Stills\nsections:\n  - title: One\n    blocks:\n      - scene:\n          film: F\n          still: images/a.png\n          fit: fill\n          focus: up\n      - image:\n          src: images/a.png\n          focus: 130% 20%\n",
        )
        .file("images/a.png", still(40, 30));
    let run = w.run(&["build", "talk.yaml", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for expected in [
        "talk.yaml:8:16: error: `fill` is not a way to fit a picture (expected cover or contain)",
        "talk.yaml:9:18: error: `up` is not a point of the picture",
        "talk.yaml:12:18: error: `130% 20%` is not a point of the picture",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    assert!(!w.path("out").exists());
}

/// Proves: an outline's `closing` is the deck's last slide (its title,
/// words, next steps and contact, in a room's sizes) and the handout's last
/// lines, on its last page and without a page of its own; without a `title`
/// it says "Thank you" in the outline's language; the pdfpc notes count it.
#[test]
fn a_closing_ends_the_slides_and_the_handout() {
    let outline = |language: &str, closing: &str| {
        format!(
            "title: Ends\nlanguage: {language}\nsections:\n  - title: One\n    blocks:\n      - lesson:\n          title: Listen\n          points: [Hear them out]\n{closing}"
        )
    };
    let closing = "closing:\n  text: Questions? We stay after.\n  next_steps:\n    - Try it on ten calls.\n    - Tell your team lead.\n  contact: trainer@example.com\n";
    let w = Workshop::new()
        .outline("with.yaml", &outline("en", closing))
        .outline("without.yaml", &outline("en", ""))
        .outline(
            "french.yaml",
            &outline("fr", "closing:\n  contact: formateur@example.com\n"),
        );
    for name in ["with", "without", "french"] {
        let run = w
            .run(&[
                "build",
                &format!("{name}.yaml"),
                "-o",
                "out",
                "--only",
                "slides,handout",
            ])
            .assert_success();
        assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    }
    let slides = w.pdf_page_texts("out/with-slides.pdf");
    let last = slides.last().expect("slides");
    for words in [
        "Thank you",
        "Questions? We stay after.",
        "Try it on ten calls.",
        "Tell your team lead.",
        "trainer@example.com",
    ] {
        assert!(
            last.contains(words),
            "the last slide lacks {words:?}: {last}"
        );
    }
    let runs = text_runs(&w.path("out/with-slides.pdf"));
    let last_runs = runs.last().expect("slides");
    assert!(
        size_of(last_runs, "Thank you").is_some_and(|s| s >= 40.0),
        "{last_runs:?}"
    );
    assert!(
        size_of(last_runs, "Try it on ten calls.").is_some_and(|s| s >= 28.0),
        "{last_runs:?}"
    );
    assert_eq!(
        slides.len(),
        w.pdf_page_texts("out/without-slides.pdf").len() + 1
    );
    let notes: serde_json::Value =
        serde_json::from_slice(&w.read("out/with-slides.pdfpc")).expect("JSON");
    assert_eq!(notes["pages"].as_array().map(Vec::len), Some(slides.len()));
    // The handout: its last lines, on the page the workshop ends on.
    let handout = w.pdf_page_texts("out/with-handout.pdf");
    assert_eq!(
        handout.len(),
        w.pdf_page_texts("out/without-handout.pdf").len()
    );
    let end = handout.last().expect("a handout");
    for words in ["Thank you", "Try it on ten calls.", "trainer@example.com"] {
        assert!(
            end.contains(words),
            "the handout's last page lacks {words:?}: {end}"
        );
    }
    assert!(!w.pdf_text("out/without-slides.pdf").contains("Thank you"));
    let french = w.pdf_page_texts("out/french-slides.pdf");
    let last = french.last().expect("slides");
    assert!(
        last.contains("Merci") && last.contains("formateur@example.com"),
        "{last}"
    );
}

/// A project whose `deckhand.yaml` gives every outline `brand` (its lines
/// indented under `brand:`), with `talk.yaml` in `theme` and a logo of 400 × 120 pixels.
fn branded(brand: &str, theme: &str) -> Workshop {
    let logo = image::RgbImage::from_fn(400, 120, |x, _| {
        image::Rgb(if x < 120 {
            [255, 255, 255]
        } else {
            [11, 110, 79]
        })
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(logo)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode PNG");
    Workshop::new()
        .file("deckhand.yaml", format!("defaults:\n  brand:\n{brand}"))
        .file("images/logo.png", png)
        .outline(
            "talk.yaml",
            &format!("title: Branded\ntheme: {theme}\nsections:\n  - title: One\n    blocks:\n      - lesson:\n          title: Listen\n          points: [Hear them out]\n          takeaway: Ask first.\n"),
        )
}

/// Proves: a `brand` in the project file sets the slides' accent and ink
/// colours and their font (read back from the PDF's text), and puts its
/// logo on the title slide's top right and in every footer, in both themes;
/// the handout keeps the theme's print colours.
#[test]
fn a_brand_in_the_project_file_dresses_the_slides() {
    for (theme, ink) in [("classic", "#1b1b1b"), ("cinema", "#f0f0e8")] {
        let w = branded(
            &format!(
                "    accent: \"#0b6e4f\"\n    ink: \"{ink}\"\n    font: Noto Sans Mono\n    logo: images/logo.png\n"
            ),
            if theme == "cinema" {
                "cinema"
            } else {
                "classic"
            },
        );
        let accent = if theme == "cinema" {
            "#f2d000"
        } else {
            "#0b6e4f"
        };
        if theme == "cinema" {
            w.write("deckhand.yaml", format!("defaults:\n  brand:\n    accent: \"{accent}\"\n    ink: \"{ink}\"\n    font: Noto Sans Mono\n    logo: images/logo.png\n"));
        }
        let run = w
            .run(&[
                "build",
                "talk.yaml",
                "-o",
                "out",
                "--only",
                "slides,handout",
            ])
            .assert_success();
        assert!(!run.stderr.contains("warning"), "{theme}: {}", run.stderr);
        let pages = text_runs(&w.path("out/talk-slides.pdf"));
        let find = |page: usize, words: &str| {
            pages[page]
                .iter()
                .find(|r| r.text.to_lowercase().contains(&words.to_lowercase()))
                .unwrap_or_else(|| {
                    panic!(
                        "{theme}: slide {} lacks {words:?}: {:?}",
                        page + 1,
                        pages[page]
                    )
                })
                .clone()
        };
        // The lesson's point in the ink, its bullet and the agenda's time in the accent.
        let point = find(3, "Hear them out");
        assert_eq!(
            (point.colour.as_str(), point.family.as_str()),
            (ink, "NotoSansMono"),
            "{theme}"
        );
        assert_eq!(find(3, "•").colour, accent, "{theme}");
        assert_eq!(find(1, "0:00").colour, accent, "{theme}");
        // The logo: 400 × 120, on the title slide at its top right, in the footer of the others.
        let boxes = picture_boxes(&w.path("out/talk-slides.pdf"));
        let logo = boxes[0]
            .first()
            .copied()
            .unwrap_or_else(|| panic!("{theme}: no logo on the title slide"));
        assert!(
            (logo.width / logo.height - 400.0 / 120.0).abs() < 0.01,
            "{theme}: {logo:?}"
        );
        assert!(
            (logo.x + logo.width - (960.0 - 56.0)).abs() < 1.0 && (logo.y - 44.0).abs() < 1.0,
            "{theme}: {logo:?}"
        );
        for (slide, pictures) in boxes.iter().enumerate().skip(1) {
            if slide == 2 {
                continue; // the section's divider has no footer
            }
            assert!(
                pictures
                    .iter()
                    .any(|b| b.y > 540.0 - 44.0 && b.height <= 22.5),
                "{theme}: slide {}: {pictures:?}",
                slide + 1
            );
        }
        // Paper keeps the theme's print palette.
        let handout = text_runs(&w.path("out/talk-handout.pdf"));
        let on_paper = handout
            .iter()
            .flatten()
            .find(|r| r.text.contains("Hear them out"))
            .expect("the point on paper");
        assert_eq!(on_paper.colour, "#000000", "{theme}");
    }
}

/// Proves: the brand's colours are checked against the theme's slides'
/// background: an `ink` under WCAG's 4.5:1 (#777777 on white, 4.48:1; a
/// dark grey on the cinema theme's near-black) and an `accent` the
/// takeaway's text cannot be read on are warnings at their lines in the
/// project file, and the slides still build; a colour, a font or a logo
/// deckhand cannot use is an error at its line, and nothing is built.
#[test]
fn a_brand_is_checked_at_its_lines() {
    let w = branded("    ink: \"#777777\"\n    accent: \"#ffd84d\"\n", "classic");
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    for expected in [
        "deckhand.yaml:3:10: warning: the brand's `ink` on the slides' background (#ffffff) has a contrast of 4.48:1, under the 4.5:1 WCAG asks of text",
        "deckhand.yaml:4:13: warning: the takeaway's text (the slides' background, #ffffff) on the brand's `accent` has a contrast of 1.38:1",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    let w = branded("    ink: \"#333333\"\n", "cinema");
    let run = w.run(&["check", "talk.yaml"]);
    assert!(
        run.stderr.contains(
            "deckhand.yaml:3:10: warning: the brand's `ink` on the slides' background (#121110) has a contrast of 1.49:1"
        ),
        "{}",
        run.stderr
    );
    let w = branded(
        "    ink: \"#12345\"\n    font: Acme Sans\n    logo: images/missing.png\n",
        "classic",
    );
    let run = w.run(&["build", "talk.yaml", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("deckhand.yaml:3:10: error: `#12345` is not a colour (write it like `#b4441b` or `#b41`)"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "deckhand.yaml:5:11: error: cannot use the logo: `images/missing.png` does not exist"
        ),
        "{}",
        run.stderr
    );
    assert!(!w.path("out").exists());
    let w = branded("    font: Acme Sans\n", "classic");
    let run = w.run(&["build", "talk.yaml", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("deckhand.yaml:3:11: error: no font of the family `Acme Sans` in a `fonts/` folder beside the outline or the project file, nor among the bundled fonts"),
        "{}",
        run.stderr
    );
    assert!(!w.path("out").exists());
}

/// Whether `run` is a footer's slide number: digits at the foot of the slide.
fn is_footer_number(run: &TextRun) -> bool {
    let text = run.text.trim();
    run.y > 540.0 - 44.0 - 10.0 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// An SVG logo of 400 × 120 units: white on its left, the brand's green
/// (#0b6e4f) on the rest, with a word in white; `extra` goes inside it, last.
fn svg_logo(size: &str, extra: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {size} viewBox="0 0 400 120">
  <rect width="120" height="120" fill="#ffffff"/>
  <rect x="120" width="280" height="120" fill="#0b6e4f"/>
  <text x="140" y="78" font-family="sans-serif" font-size="40" fill="#ffffff">ACME</text>
{extra}</svg>
"##
    )
}

/// The width and height of every picture stored in the PDF at `path`.
fn stored_pictures(path: &std::path::Path) -> Vec<(i64, i64)> {
    let document = lopdf::Document::load(path).expect("the PDF parses");
    document
        .objects
        .values()
        .filter_map(|object| {
            let dict = &object.as_stream().ok()?.dict;
            (dict.get(b"Subtype").ok()?.as_name().ok()? == b"Image").then(|| {
                let side = |key: &[u8]| dict.get(key).ok().and_then(|v| v.as_i64().ok());
                (side(b"Width").unwrap_or(0), side(b"Height").unwrap_or(0))
            })
        })
        .collect()
}

/// The colour of the PNG page `name` at the point `(x, y)` of the 960 × 540
/// pt slide (the pages are 1920 × 1080: two pixels a point).
fn colour_at(w: &Workshop, name: &str, x: f64, y: f64) -> [u8; 3] {
    let page = image::open(w.path(name)).expect("a PNG page").to_rgb8();
    assert_eq!(page.dimensions(), (1920, 1080), "{name}");
    page.get_pixel((x * 2.0) as u32, (y * 2.0) as u32).0
}

/// Whether two colours differ by at most a few steps in each channel.
fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(a, b)| a.abs_diff(b) <= 6)
}

/// Proves: an SVG logo (with text in it) is drawn into the slides: on the
/// title slide's top right in its own shape, in the footers, in both
/// themes, its green where the logo stands on the PNG pages, stored as a
/// PNG of 1600 × 480 pixels (deckhand's size, whatever the SVG says), and
/// the browser presenter shows the same picture.
#[test]
fn an_svg_logo_is_on_the_title_slide_and_in_every_footer() {
    for theme in ["classic", "cinema"] {
        let accent = if theme == "cinema" {
            "#f2d000"
        } else {
            "#0b6e4f"
        };
        let w = branded(
            &format!("    accent: \"{accent}\"\n    logo: images/logo.svg\n"),
            theme,
        )
        .file("images/logo.svg", svg_logo(r#"width="40" height="12""#, ""));
        let run = w
            .run(&[
                "build",
                "talk.yaml",
                "-o",
                "out",
                "--only",
                "slides",
                "--format",
                "pdf,png,html",
            ])
            .assert_success();
        assert!(!run.stderr.contains("warning"), "{theme}: {}", run.stderr);
        let boxes = picture_boxes(&w.path("out/talk-slides.pdf"));
        let logo = boxes[0]
            .first()
            .copied()
            .unwrap_or_else(|| panic!("{theme}: no logo on the title slide"));
        assert!(
            (logo.width / logo.height - 400.0 / 120.0).abs() < 0.01,
            "{theme}: {logo:?}"
        );
        assert!(
            (logo.x + logo.width - (960.0 - 56.0)).abs() < 1.0 && (logo.y - 44.0).abs() < 1.0,
            "{theme}: {logo:?}"
        );
        let green = [11, 110, 79];
        let right = |b: &PictureBox| (b.x + b.width * 0.95, b.y + b.height * 0.5);
        let (x, y) = right(&logo);
        let seen = colour_at(&w, "out/talk-slides-01.png", x, y);
        assert!(near(seen, green), "{theme}: title slide {seen:?}");
        let footer = boxes[1]
            .iter()
            .find(|b| b.y > 540.0 - 44.0 && b.height <= 22.5)
            .unwrap_or_else(|| panic!("{theme}: no logo in the agenda's footer: {boxes:?}"));
        let (x, y) = right(footer);
        let seen = colour_at(&w, "out/talk-slides-02.png", x, y);
        assert!(near(seen, green), "{theme}: footer {seen:?}");
        assert!(
            stored_pictures(&w.path("out/talk-slides.pdf")).contains(&(1600, 480)),
            "{theme}: {:?}",
            stored_pictures(&w.path("out/talk-slides.pdf"))
        );
        let presented: Vec<(u32, u32)> = w
            .files("out/talk-present/stills")
            .iter()
            .filter_map(|name| {
                image::image_dimensions(w.path(&format!("out/talk-present/stills/{name}"))).ok()
            })
            .collect();
        assert!(presented.contains(&(1600, 480)), "{theme}: {presented:?}");
    }
}

/// Proves: an SVG logo's own size never sets the picture's: one that says
/// it is 100 000 pixels square, or a billion wide and one high, builds
/// into a picture of deckhand's size in its own shape (1024 × 1024, 1600 × 1).
#[test]
fn an_svg_logo_of_any_claimed_size_is_drawn_at_a_bounded_size() {
    for (size, stored) in [
        (r#"width="100000" height="100000""#, (1024, 1024)),
        (r#"width="1000000000" height="1""#, (1600, 1)),
    ] {
        let w = branded("    logo: images/logo.svg\n", "classic").file(
            "images/logo.svg",
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="100%" height="100%" fill="#0b6e4f"/></svg>"##
            ),
        );
        w.run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
            .assert_success();
        let pictures = stored_pictures(&w.path("out/talk-slides.pdf"));
        assert!(pictures.contains(&stored), "{size}: {pictures:?}");
        assert!(
            pictures.iter().all(|&(w, h)| w * h <= 1024 * 1024 + 1600),
            "{size}: {pictures:?}"
        );
    }
}

/// Proves: an SVG logo's pictures are never read: `<image>`s naming
/// `/etc/passwd`, a red picture by its absolute path, one beside the SVG
/// and one up a folder (`../secret.png`), and one embedded as `data:`,
/// give slide pages (PNG) byte for byte those of the same SVG without
/// them, with a warning at the `logo:` line, from `check` as from `build`.
#[test]
fn an_svg_logo_reads_no_file_it_names() {
    let red = {
        let picture = image::RgbImage::from_pixel(40, 40, image::Rgb([255, 0, 0]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(picture)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode PNG");
        png
    };
    let elsewhere = tempfile::tempdir().expect("a folder outside the project");
    let outside = elsewhere.path().join("secret.png");
    std::fs::write(&outside, &red).expect("written");
    let embedded = format!(
        "data:image/png;base64,{}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &red)
    );
    let images: String = [
        "/etc/passwd",
        outside.to_str().expect("a UTF-8 path"),
        "secret.png",
        "../secret.png",
        &embedded,
    ]
    .iter()
    .map(|href| {
        format!(
            "  <image href=\"{href}\" width=\"400\" height=\"120\"/>\n  <image xlink:href=\"{href}\" width=\"400\" height=\"120\"/>\n"
        )
    })
    .collect();
    let w = branded("    logo: images/logo.svg\n", "classic")
        .file(
            "images/logo.svg",
            svg_logo(r#"width="400" height="120""#, &images),
        )
        .file("images/secret.png", &red)
        .file("secret.png", &red);
    let warning = "deckhand.yaml:3:11: warning: the logo `images/logo.svg` shows pictures of its own (`<image>`), which deckhand leaves out";
    let check = w.run(&["check", "talk.yaml"]).assert_success();
    assert!(check.stderr.contains(warning), "{}", check.stderr);
    let build = w
        .run(&[
            "build",
            "talk.yaml",
            "-o",
            "with",
            "--only",
            "slides",
            "--format",
            "png",
        ])
        .assert_success();
    assert!(build.stderr.contains(warning), "{}", build.stderr);
    w.write(
        "images/logo.svg",
        svg_logo(r#"width="400" height="120""#, ""),
    );
    let plain = w
        .run(&[
            "build",
            "talk.yaml",
            "-o",
            "without",
            "--only",
            "slides",
            "--format",
            "png",
        ])
        .assert_success();
    assert!(!plain.stderr.contains("warning"), "{}", plain.stderr);
    let pages = w.files("with");
    assert!(pages.len() >= 4, "{pages:?}");
    assert_eq!(pages, w.files("without"));
    for page in pages {
        assert!(
            w.read(&format!("with/{page}")) == w.read(&format!("without/{page}")),
            "the pictures an SVG names changed {page}"
        );
    }
}

/// Proves: a broken SVG logo is an error at the `logo:` line, the same from
/// `check` and from `build`, which writes nothing; so is one over 1 MiB,
/// and one that would take minutes to draw: `<use>`s of `<use>`s that copy
/// a part ten billion times, text of 400 000 letters, blurred layers.
#[test]
fn a_broken_or_oversized_svg_logo_is_an_error_at_its_line() {
    let size = r#"width="400" height="120""#;
    let cut_short = svg_logo(size, "");
    let cut_short = cut_short[..cut_short.len() / 2].to_string();
    let huge = svg_logo(size, &format!("<!-- {} -->\n", "x".repeat(1024 * 1024)));
    let mut copies = String::from(r#"<defs><g id="a0"><rect width="400" height="120"/></g>"#);
    for level in 1..=10 {
        copies.push_str(&format!(r#"<g id="a{level}">"#));
        copies.push_str(&format!(r##"<use xlink:href="#a{}"/>"##, level - 1).repeat(10));
        copies.push_str("</g>");
    }
    copies.push_str("</defs><use xlink:href=\"#a10\"/>\n");
    let letters = format!("<text y=\"60\">{}</text>\n", "W".repeat(400_000));
    let blurred = format!(
        "<filter id=\"f\"><feGaussianBlur stdDeviation=\"60\"/></filter>{}\n",
        r#"<rect width="400" height="120" filter="url(#f)"/>"#.repeat(50)
    );
    let error = "deckhand.yaml:3:11: error: ";
    let logo = "the logo `images/logo.svg`";
    for (svg, expected) in [
        (
            cut_short,
            format!("{error}`images/logo.svg` is not an SVG deckhand can read (line "),
        ),
        (huge, format!("{error}{logo} is larger than 1 MiB")),
        (
            svg_logo(size, &copies),
            format!("{error}{logo} has more than 10000 parts, every `<use>` counted"),
        ),
        (
            svg_logo(size, &letters),
            format!("{error}{logo} has more than 2000 characters of text"),
        ),
        (
            svg_logo(size, &blurred),
            format!("{error}{logo} has a filter (a blur, a shadow, a lighting effect)"),
        ),
    ] {
        let w = branded("    logo: images/logo.svg\n", "classic").file("images/logo.svg", svg);
        let check = w.run(&["check", "talk.yaml"]);
        assert_eq!(check.code, Some(1), "{}", check.stderr);
        let build = w.run(&["build", "talk.yaml", "-o", "out"]);
        assert_eq!(build.code, Some(1), "{}", build.stderr);
        for run in [&check, &build] {
            assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
            assert!(run.stderr.contains("help: "), "{}", run.stderr);
        }
        assert!(!w.path("out").exists());
    }
}

/// Proves: `check` looks for the brand's font where `build` does: a family
/// that is nowhere is the same error at the `font:` line from both (and
/// nothing is built); one in `fonts/` beside the outline, or in a
/// `--font-path` folder given to both, passes both.
#[test]
fn check_looks_for_the_brands_font_where_build_does() {
    let font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    let font = std::fs::read(font).unwrap_or_else(|_| {
        panic!("{font} stands in for a trainer's font: `apt-get install fonts-dejavu-core`")
    });
    let w = branded("    font: DejaVu Sans\n", "classic");
    let error = "deckhand.yaml:3:11: error: no font of the family `DejaVu Sans` in a `fonts/` folder beside the outline or the project file, nor among the bundled fonts";
    let check = w.run(&["check", "talk.yaml"]);
    let build = w.run(&["build", "talk.yaml", "-o", "out"]);
    for run in [&check, &build] {
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(run.stderr.matches(error).count(), 1, "{}", run.stderr);
    }
    assert!(!w.path("out").exists());
    w.write("extra/DejaVuSans.ttf", &font);
    w.run(&["check", "talk.yaml", "--font-path", "extra"])
        .assert_success();
    w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "--only",
        "slides",
        "--font-path",
        "extra",
    ])
    .assert_success();
    w.write("fonts/DejaVuSans.ttf", &font);
    let check = w.run(&["check", "talk.yaml"]).assert_success();
    assert!(
        check.stderr.ends_with("checked 1 outline: no problems\n"),
        "{}",
        check.stderr
    );
}

/// Proves: a workshop in a folder of its own (`decks/`) finds the brand's
/// font in `fonts/` beside the project file, where a team keeps its house
/// font once for every workshop, and its text is set in it.
#[test]
fn the_brands_font_is_found_beside_the_project_file() {
    let font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    let font = std::fs::read(font).unwrap_or_else(|_| {
        panic!("{font} stands in for a trainer's font: `apt-get install fonts-dejavu-core`")
    });
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults:\n  brand:\n    font: DejaVu Sans\n")
        .file("fonts/DejaVuSans.ttf", font)
        .outline(
            "decks/talk.yaml",
            "title: Branded\nsections:\n  - title: One\n    blocks:\n      - lesson:\n          title: Listen\n          points: [Hear them out]\n",
        );
    w.run(&["check", "decks/talk.yaml"]).assert_success();
    w.run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let fonts = std::process::Command::new("pdffonts")
        .arg(w.path("out/talk-slides.pdf"))
        .output()
        .expect("pdffonts runs (poppler-utils)");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
}
