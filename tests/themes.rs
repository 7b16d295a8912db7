//! Built-in themes, handout layouts and languages, as a trainer sees them in the PDFs.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A copy of the English example in a temp folder, its `handout:` line
/// replaced by `handout`, its images beside it. Returns the outline.
fn example_with(dir: &Path, handout: &str) -> PathBuf {
    let source = std::fs::read_to_string(root().join("decks/customer-service-at-the-movies.yaml"))
        .expect("the example");
    assert!(source.contains("\nhandout:\n"));
    let text = source.replacen("\nhandout:\n", &format!("\n{handout}\n"), 1);
    let images = dir.join("images");
    std::fs::create_dir_all(&images).expect("images folder");
    for entry in std::fs::read_dir(root().join("decks/images")).expect("example images") {
        let entry = entry.expect("an image");
        std::fs::copy(entry.path(), images.join(entry.file_name())).expect("copy an image");
    }
    let outline = dir.join("workshop.yaml");
    std::fs::write(&outline, text).expect("write the outline");
    outline
}

fn build_in(dir: &Path, outline: &Path) -> PathBuf {
    let out = dir.join("out");
    let output = deckhand(&[
        "build",
        outline.to_str().unwrap_or_default(),
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    out
}

/// Proves: `deckhand themes` lists every built-in theme with its description.
#[test]
fn themes_command_lists_classic_and_cinema() {
    let output = deckhand(&["themes"]);
    assert!(output.status.success());
    let listing = String::from_utf8_lossy(&output.stdout);
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
        let dir = tempfile::tempdir().expect("temp dir");
        let outline = example_with(dir.path(), &format!("theme: {theme}\nhandout:"));
        let out = build_in(dir.path(), &outline);
        let slides = out.join("workshop-slides.pdf");
        let handout = out.join("workshop-handout.pdf");
        let guide = out.join("workshop-guide.pdf");
        // Cinema sets titles in capitals: compare without case.
        let text = pdf_text(&slides).to_lowercase();
        for expected in [
            "listen for the real need",
            "watch for",
            "show me the money!",
        ] {
            assert!(text.contains(expected), "{theme}: slides lack {expected:?}");
        }
        let handout_text = pdf_text(&handout);
        assert!(handout_text.contains("Participant handout".to_uppercase().as_str()));
        assert!(handout_text.contains("Delight starts with what the customer actually asked for."));
        assert!(pdf_text(&guide).contains("Clip cue sheet"), "{theme}");
        pages.push((pdf_pages(&slides), pdf_pages(&handout), pdf_pages(&guide)));
    }
    assert_eq!(pages[0], pages[1], "classic and cinema paginate alike");
    assert_eq!(pages[0].0, 38, "slides of the example");
}

/// Proves: `layout: slides-with-lines` prints three slides a page, their text
/// still text, without the notes and hints the handout never shows.
#[test]
fn slides_with_lines_prints_three_slides_a_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outline = example_with(dir.path(), "handout:\n  layout: slides-with-lines");
    let out = build_in(dir.path(), &outline);
    let handout = out.join("workshop-handout.pdf");
    // 29 slides of handout blocks, three a page: 10 pages; then the role cards
    // and the observer sheet of the role-play, one page each.
    assert_eq!(pdf_pages(&handout), 12);
    let text = pdf_text(&handout);
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
        let text = std::fs::read_to_string(root().join(format!("templates/lang/{code}.json")))
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

    let out = tempfile::tempdir().expect("temp dir");
    let outline = root().join("decks/le-service-client-au-cinema.yaml");
    let output = deckhand(&[
        "build",
        outline.to_str().unwrap_or_default(),
        "-o",
        out.path().to_str().unwrap_or_default(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    for document in ["slides", "handout", "guide"] {
        let file = out
            .path()
            .join(format!("le-service-client-au-cinema-{document}.pdf"));
        let text = pdf_text(&file).to_lowercase();
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
