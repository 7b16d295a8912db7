//! deckhand's integration tests, one binary (it links Typst once): a module per topic in `suite/`.

mod workshop;

mod suite {
    mod accessibility;
    mod build;
    mod check;
    mod emit_typst;
    mod fonts;
    mod fuzz_seeds;
    mod kinds;
    mod limits;
    mod output;
    mod previews;
    mod properties;
    mod sandbox;
    mod stills;
    mod theme_folders;
    mod themes;
    mod workflow;
}
