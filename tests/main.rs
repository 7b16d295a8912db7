//! deckhand's integration tests, one binary (it links Typst once): a module per topic in `suite/`.

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
    mod previews;
    mod printing;
    mod properties;
    mod repository;
    mod room;
    mod sandbox;
    mod stills;
    mod theme_folders;
    mod themes;
    mod workflow;
}
