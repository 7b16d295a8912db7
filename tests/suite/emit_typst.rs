//! `build --emit-typst`: a standalone Typst project that makes the same documents.

use std::path::Path;
use typst::foundations::Bytes;
use typst::text::Font;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::workshop::{Workshop, arg, pdf_pages, pdf_text, repo};

/// Compiles `entry` of the project in `root` as the `typst` CLI would, with only
/// the project's files and fonts: nothing of deckhand's embedded templates.
fn compile_project(root: &Path, entry: &str) -> Vec<u8> {
    let fonts_in = |folder: &Path| -> Vec<Font> {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.ends_with(".otf") || name.ends_with(".ttf")
            })
            .flat_map(|e| Font::iter(Bytes::new(std::fs::read(e.path()).expect("font"))))
            .collect()
    };
    let mut fonts = fonts_in(&root.join("fonts"));
    assert_eq!(fonts.len(), 6, "the bundled fonts are in fonts/");
    fonts.extend(fonts_in(&root.join("fonts/added")));
    let engine = TypstEngine::builder()
        .fonts(fonts)
        .with_file_system_resolver(root)
        .build();
    let document = engine
        .compile::<_, PagedDocument>(entry)
        .output
        .expect("the exported project compiles");
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).expect("PDF")
}

/// Compiles the exported `typst/NAME.typ` and checks that it gives the pages
/// and text of deckhand's own `out/NAME.pdf`.
fn assert_compiles_to_ours(w: &Workshop, name: &str) {
    let pdf = compile_project(&w.path("typst"), &format!("/{name}.typ"));
    let exported = w.path(&format!("exported-{name}.pdf"));
    std::fs::write(&exported, pdf).expect("write");
    let ours = w.path(&format!("out/{name}.pdf"));
    assert_eq!(pdf_pages(&exported), pdf_pages(&ours), "{name} pages");
    assert_eq!(pdf_text(&exported), pdf_text(&ours), "{name} text");
}

/// Proves: the exported project holds templates, data, stills and fonts, and
/// compiling it gives the same pages and text as deckhand's own slides and guide.
#[test]
fn emitted_typst_project_compiles_to_the_same_documents() {
    let w = Workshop::new();
    let outline = repo().join("decks/customer-service-at-the-movies.yaml");
    w.run(&["build", arg(&outline), "-o", "out", "--emit-typst", "typst"])
        .assert_success();
    let project = w.path("typst");
    let stem = "customer-service-at-the-movies";
    for file in [
        format!("{stem}-slides.typ"),
        format!("{stem}-slides/slides.typ"),
        format!("{stem}-slides/common.typ"),
        format!("{stem}-slides/theme.typ"),
        format!("{stem}-slides/data.json"),
        format!("{stem}-guide/data.json"),
        "fonts/Inter-Regular.otf".into(),
        "fonts/OFL-Inter.txt".into(),
        "fonts/NotoEmoji-Regular.ttf".into(),
        "fonts/OFL-NotoEmoji.txt".into(),
    ] {
        assert!(project.join(&file).is_file(), "{file} is exported");
    }
    let stills = w.files("typst/stills").len();
    assert!(stills >= 2, "stills and their handout cards: {stills}");
    let slides_data =
        std::fs::read_to_string(project.join(format!("{stem}-slides/data.json"))).expect("data");
    assert!(slides_data.contains("Customer Service at the Movies"));

    for target in ["slides", "guide"] {
        assert_compiles_to_ours(&w, &format!("{stem}-{target}"));
    }
}

/// Proves: a workshop in two cuts exports one project for both, whose stills
/// (the same pictures in both cuts) are written once, and each cut's slides
/// compile to deckhand's own.
#[test]
fn both_cuts_of_a_workshop_export_into_one_project() {
    let w = Workshop::new();
    let outline = repo().join("decks/coaching-at-the-movies.yaml");
    w.run(&[
        "build",
        arg(&outline),
        "-o",
        "out",
        "--only",
        "slides",
        "--emit-typst",
        "typst",
    ])
    .assert_success();
    for cut in ["short", "full"] {
        assert_compiles_to_ours(&w, &format!("coaching-at-the-movies-{cut}-slides"));
    }
}

/// Proves: a font of the trainer's named like a bundled one
/// (`fonts/Inter-Regular.otf` beside the outline) is exported into the
/// project's `fonts/added/`, beside the bundled font rather than over it
/// (the build used to write the PDFs, then fail on the font), and the
/// project still compiles to deckhand's own slides.
#[test]
fn an_added_font_named_like_a_bundled_one_is_exported_beside_it() {
    let bundled = std::fs::read(repo().join("fonts/Inter-Regular.otf")).expect("bundled font");
    let trainers = std::fs::read(repo().join("fonts/NotoSansMono-Regular.ttf")).expect("font");
    let w = Workshop::new()
        .outline(
            "talk.yaml",
            "title: Talk\nsections:\n  - title: One\n    blocks:\n      - quote: {text: Hello}\n",
        )
        .file("fonts/Inter-Regular.otf", &trainers);
    w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "--only",
        "slides",
        "--emit-typst",
        "typst",
    ])
    .assert_success();
    assert!(
        w.read("typst/fonts/Inter-Regular.otf") == bundled,
        "the bundled font"
    );
    assert!(
        w.read("typst/fonts/added/Inter-Regular.otf") == trainers,
        "the trainer's"
    );
    assert_compiles_to_ours(&w, "talk-slides");
}

/// Proves: `--emit-typst` into the outline's own folder, or a folder holding
/// it, is a usage error (exit 2) naming both, with nothing written: its
/// `fonts/` would be read by every later build. A folder below the
/// outline's (`out/typst`) is out of the build's reach and is fine.
#[test]
fn an_export_into_the_outlines_folder_is_refused() {
    let w = Workshop::new().outline(
        "decks/talk.yaml",
        "title: T\nsections:\n  - title: A\n    blocks:\n      - quote: {text: Hi}\n",
    );
    for (folder, relation) in [
        ("decks", "the folder of"),
        ("decks/", "the folder of"),
        ("decks/../decks", "the folder of"),
        (".", "a folder that holds"),
    ] {
        let run = w.run(&[
            "build",
            "decks/talk.yaml",
            "-o",
            "out",
            "--emit-typst",
            folder,
        ]);
        assert_eq!(run.code, Some(2), "{folder}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "error: `--emit-typst` cannot write into `{folder}`, {relation} the outline `decks/talk.yaml`\n \
                 = help: the fonts and stills it writes would be read by the next build of the outline, or replace its own; export into a folder of its own, like `--emit-typst out/typst`\n"
            )
        );
        assert!(!w.path("out").exists(), "{folder}");
        assert!(!w.path("decks/fonts").exists(), "{folder}");
    }
    w.run(&[
        "build",
        "decks/talk.yaml",
        "-o",
        "out",
        "--emit-typst",
        "decks/typst",
    ])
    .assert_success();
    assert!(w.path("decks/typst/talk-slides.typ").exists());
    assert!(!w.path("decks/fonts").exists());
}
