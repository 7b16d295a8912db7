//! Built-in themes, handout layouts and languages, as a trainer sees them in the PDFs.

use crate::workshop::{Workshop, arg, repo, straight_quotes};

/// A copy of the examples' folder (its project file and library) with the
/// English example as `workshop.yaml`, its `handout:` line replaced by `handout`.
fn example_with(handout: &str) -> Workshop {
    let source = std::fs::read_to_string(repo().join("decks/customer-service-at-the-movies.yaml"))
        .expect("the example");
    assert!(source.contains("\nhandout:\n"));
    let text = source.replacen("\nhandout:\n", &format!("\n{handout}\n"), 1);
    copy_folder(
        Workshop::new().outline("workshop.yaml", &text),
        &repo().join("decks"),
        "",
        &|name| name == "deckhand.yaml" || name.starts_with('_'),
    )
}

/// Copies the files of `folder` whose names `keep` accepts into `w` under
/// `prefix`, folders with all they hold.
fn copy_folder(
    mut w: Workshop,
    folder: &std::path::Path,
    prefix: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Workshop {
    for entry in std::fs::read_dir(folder).expect("a folder") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if !keep(&name) {
            continue;
        }
        let inside = format!("{prefix}{name}");
        if entry.path().is_dir() {
            w = copy_folder(w, &entry.path(), &format!("{inside}/"), &|_| true);
        } else {
            w = w.file(&inside, std::fs::read(entry.path()).expect("a file reads"));
        }
    }
    w
}

/// Builds `workshop.yaml` into `out/`, without a warning.
fn build(w: &Workshop) {
    let run = w
        .run(&["build", "workshop.yaml", "-o", "out"])
        .assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

/// Proves: `deckhand themes` lists every built-in theme with its description.
#[test]
fn themes_command_lists_classic_and_cinema() {
    let listing = Workshop::new().run(&["themes"]).assert_success().stdout;
    assert!(listing.contains("classic"), "{listing}");
    assert!(listing.contains("cinema"), "{listing}");
    assert!(listing.contains("marquee amber"), "{listing}");
}

/// Proves: the example builds with each built-in theme, with the same pages and
/// words (a theme changes the look, never the content), and no warnings.
#[test]
fn example_builds_with_each_built_in_theme() {
    let mut pages = Vec::new();
    for theme in ["classic", "cinema"] {
        let w = example_with(&format!("theme: {theme}\nhandout:"));
        if theme != "classic" {
            // The example's brand accent is made for the light theme: on a
            // dark one the takeaway's dark text could not be read on it.
            let text = String::from_utf8(w.read("workshop.yaml")).expect("UTF-8");
            w.write(
                "workshop.yaml",
                text.replacen("\n  accent: \"#1f5f8b\"", "", 1),
            );
        }
        build(&w);
        let (slides, handout, guide) = (
            "out/workshop-slides.pdf",
            "out/workshop-handout.pdf",
            "out/workshop-guide.pdf",
        );
        // Cinema sets titles in capitals: compare without case.
        let text = w.pdf_text(slides).to_lowercase();
        for expected in [
            "listen for the real need",
            "watch for",
            "show me the money!",
        ] {
            assert!(text.contains(expected), "{theme}: slides lack {expected:?}");
        }
        let handout_text = w.pdf_text(handout);
        assert!(handout_text.contains("Participant handout".to_uppercase().as_str()));
        assert!(handout_text.contains("Delight starts with what the customer actually asked for."));
        assert!(w.pdf_text(guide).contains("Clip cue sheet"), "{theme}");
        pages.push((
            w.pdf_pages(slides),
            w.pdf_pages(handout),
            w.pdf_pages(guide),
        ));
    }
    assert_eq!(pages[0], pages[1], "classic and cinema paginate alike");
    // 39 slides, two of them in three reveal steps.
    assert_eq!(pages[0].0, 43, "slides of the example");
}

/// Proves: `layout: slides-with-lines` prints three slides a page, their text
/// still text, without the notes and hints the handout never shows.
#[test]
fn slides_with_lines_prints_three_slides_a_page() {
    let w = example_with("handout:\n  layout: slides-with-lines");
    build(&w);
    // 29 slides of handout blocks, three a page: 10 pages (the role cards
    // are a PDF of their own).
    assert_eq!(w.pdf_pages("out/workshop-handout.pdf"), 10);
    let text = straight_quotes(&w.pdf_text("out/workshop-handout.pdf"));
    for expected in [
        "Listen for the real need",
        "Which signals in the clip should have changed the assistant's plan?",
        "Show me the money!",
        "Map our empty shelves",
        "NOTES",
    ] {
        assert!(text.contains(expected), "handout lacks {expected:?}");
    }
    for hidden in ["Ask for phones on silent", "Every glance towards the door"] {
        assert!(!text.contains(hidden), "handout shows {hidden:?}");
    }
}

/// Every label of a language file with letters in it, by key path.
fn label_values(value: &serde_json::Value, path: &str, into: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                label_values(inner, &format!("{path}.{key}"), into);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                label_values(inner, &format!("{path}.{i}"), into);
            }
        }
        serde_json::Value::String(text) => into.push((path.to_string(), text.clone())),
        _ => {}
    }
}

/// Whether `needle` occurs in `haystack` as whole words.
fn has_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Proves: the French example prints no English label in any of its three PDFs,
/// and prints its date the French way.
#[test]
fn french_example_prints_no_english_label() {
    let read = |code: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(repo().join(format!("templates/lang/{code}.json")))
            .expect("labels");
        serde_json::from_str(&text).expect("labels parse")
    };
    let (mut english, mut french) = (Vec::new(), Vec::new());
    label_values(&read("en"), "", &mut english);
    label_values(&read("fr"), "", &mut french);
    // Only labels that differ from the French ones and are words, not patterns.
    let english: Vec<String> = english
        .into_iter()
        .filter(|(path, text)| {
            let same = french.iter().any(|(p, t)| p == path && t == text);
            !same && !text.contains('{') && text.chars().filter(|c| c.is_alphabetic()).count() >= 3
        })
        .map(|(_, text)| text.to_lowercase())
        .collect();
    assert!(english.len() > 60, "{} labels", english.len());

    let w = Workshop::new();
    let outline = repo().join("decks/le-service-client-au-cinema.yaml");
    let run = w
        .run(&["build", arg(&outline), "-o", "out"])
        .assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for document in ["slides", "handout", "guide"] {
        let text = w
            .pdf_text(&format!("out/le-service-client-au-cinema-{document}.pdf"))
            .to_lowercase();
        // The deck quotes one film line in English on purpose; leave it out.
        let text = text.replace(
            "i blew up the building. why? because you made a phone call.",
            "",
        );
        for label in &english {
            assert!(!has_words(&text, label), "{document} prints {label:?}");
        }
        assert!(
            text.contains("2 avril 2026"),
            "{document} lacks the French date"
        );
    }
}
