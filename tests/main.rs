//! deckhand's integration tests, one binary (it links Typst once): a module per topic in `suite/`.

// The `[lints]` table is for deckhand itself; tests fail by panicking and print what they compared.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod pdf_measure;
mod workshop;

mod suite {
    mod accessibility;
    mod build;
    mod check;
    mod ci_workflows;
    mod clips;
    mod cutting;
    mod diff;
    mod documents;
    mod doors;
    mod emit_typst;
    mod fonts;
    mod fuzz_seeds;
    mod hostile;
    mod kinds;
    mod limits;
    mod mistakes;
    mod output;
    mod page_breaks;
    mod pdfpc_clip;
    mod photos;
    mod pptx;
    mod present;
    mod previews;
    mod printing;
    mod properties;
    mod repository;
    mod reveal;
    mod room;
    mod sandbox;
    mod stills;
    mod theme_folders;
    mod themes;
    mod workflow;
}
