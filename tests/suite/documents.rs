//! The data every output format reads: each audience's `Document` of the example decks, compared whole.

use crate::workshop::{Workshop, arg, repo};

/// Proves: the data of each document of each example deck (the room's,
/// the participants', the facilitator's and the players' `Document`, with
/// the planned slides) is the reviewed snapshot in
/// `tests/snapshots/documents/`, so that a field that appears, goes or
/// changes in the contract themes and output formats read is seen in review
/// (regenerate as the check snapshots: CONTRIBUTING.md).
#[test]
fn each_audiences_data_of_the_example_decks_is_the_reviewed_snapshot() {
    let w = Workshop::new();
    let decks = repo().join("decks");
    w.run(&[
        "build",
        arg(&decks),
        "-o",
        "out",
        "--format",
        "png",
        "--ppi",
        "18",
        "--clips-relative-to",
        arg(&decks),
        "--emit-typst",
        "typst",
    ])
    .assert_success();
    let folders: Vec<String> = w
        .files("typst")
        .into_iter()
        .filter(|f| w.path(&format!("typst/{f}/data.json")).is_file())
        .collect();
    assert_eq!(folders.len(), 14, "{folders:?}");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/documents");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for folder in folders {
            let bytes = w.read(&format!("typst/{folder}/data.json"));
            let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
            let pretty = serde_json::to_string_pretty(&value).expect("JSON");
            insta::assert_snapshot!(folder, pretty);
        }
    });
}
