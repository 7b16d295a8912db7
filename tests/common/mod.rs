//! Helpers for the integration tests: run the real binary, read PDFs back.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Runs `deckhand ARGS` from `dir`.
pub fn deckhand_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deckhand"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        // Never the user's own cache of prepared pictures.
        .env(
            "DECKHAND_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
        )
        .output()
        .expect("the deckhand binary runs")
}

pub fn deckhand(args: &[&str]) -> Output {
    deckhand_in(&root(), args)
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The text of a PDF, with runs of white space folded to one space.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the PDF exists");
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("the PDF's text can be read");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn pdf_pages(path: &Path) -> usize {
    let document = lopdf::Document::load(path).expect("the PDF parses");
    document.get_pages().len()
}

/// Builds `tests/fixtures/NAME` into `out`, with more `build` arguments.
pub fn build_fixture(name: &str, out: &Path, extra: &[&str]) -> Output {
    let outline = fixture(name);
    let mut args = vec![
        "build",
        outline.to_str().unwrap_or_default(),
        "-o",
        out.to_str().unwrap_or_default(),
    ];
    args.extend_from_slice(extra);
    deckhand(&args)
}
