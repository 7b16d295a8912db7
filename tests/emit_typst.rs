//! `build --emit-typst`: a standalone Typst project that makes the same documents.

mod common;

use std::path::Path;

use common::*;
use typst::foundations::Bytes;
use typst::text::Font;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

/// Compiles `entry` of the project in `root` as the `typst` CLI would, with only
/// the project's files and fonts: nothing of deckhand's embedded templates.
fn compile_project(root: &Path, entry: &str) -> Vec<u8> {
    let fonts: Vec<Font> = std::fs::read_dir(root.join("fonts"))
        .expect("fonts folder")
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".otf") || name.ends_with(".ttf")
        })
        .flat_map(|e| Font::iter(Bytes::new(std::fs::read(e.path()).expect("font"))))
        .collect();
    assert_eq!(fonts.len(), 5, "the bundled fonts are in fonts/");
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

/// Proves: the exported project holds templates, data, stills and fonts, and
/// compiling it gives the same pages and text as deckhand's own slides and guide.
#[test]
fn emitted_typst_project_compiles_to_the_same_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let project = dir.path().join("typst");
    let outline = root().join("decks/customer-service-at-the-movies.yaml");
    let output = deckhand(&[
        "build",
        outline.to_str().unwrap_or_default(),
        "-o",
        out.to_str().unwrap_or_default(),
        "--emit-typst",
        project.to_str().unwrap_or_default(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
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
    ] {
        assert!(project.join(&file).is_file(), "{file} is exported");
    }
    let stills = std::fs::read_dir(project.join("stills"))
        .expect("stills exported")
        .count();
    assert!(stills >= 2, "stills and their handout cards: {stills}");
    let slides_data =
        std::fs::read_to_string(project.join(format!("{stem}-slides/data.json"))).expect("data");
    assert!(slides_data.contains("Customer Service at the Movies"));

    for target in ["slides", "guide"] {
        let pdf = compile_project(&project, &format!("/{stem}-{target}.typ"));
        let exported = dir.path().join(format!("exported-{target}.pdf"));
        std::fs::write(&exported, pdf).expect("write");
        let ours = out.join(format!("{stem}-{target}.pdf"));
        assert_eq!(pdf_pages(&exported), pdf_pages(&ours), "{target} pages");
        assert_eq!(pdf_text(&exported), pdf_text(&ours), "{target} text");
    }
}
