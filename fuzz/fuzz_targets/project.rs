//! Fuzz target: a small project on the disk, through loading with its
//! project file and includes, validation, planning every variant and the
//! rendering of every message.
//!
//! The input is split at NUL bytes (which no YAML text holds) into up to
//! four files of one project: `talk.yaml` (the outline), `deckhand.yaml`
//! (the project file, beside it), `parts/part.yaml` and `parts/more.yaml`
//! (parts to include, which may include each other). A file the input does
//! not reach is absent. Seeds are in `seeds/project/`.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The files, in the order their text comes in the input.
const FILES: [&str; 4] = [
    "talk.yaml",
    "deckhand.yaml",
    "parts/part.yaml",
    "parts/more.yaml",
];

/// The project's folder, made once per process in the temporary folder. A
/// `.git` folder marks the top of a repository, so that the search for a
/// project file stops there and never reads the machine's folders above.
fn project() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let folder =
            std::env::temp_dir().join(format!("deckhand-fuzz-project-{}", std::process::id()));
        for made in [".git", "parts"] {
            std::fs::create_dir_all(folder.join(made)).expect("the project's folders");
        }
        folder
    })
}

fuzz_target!(|data: &[u8]| {
    let folder = project();
    let mut texts = data.split(|b| *b == 0);
    for name in FILES {
        let path = folder.join(name);
        match texts.next() {
            Some(text) => std::fs::write(&path, text).expect("a file of the project"),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let load = deckhand::outline::load_file(&folder.join(FILES[0]));
    let diagnostics = deckhand::validate::problems(&load);
    if let Some(loaded) = &load.loaded {
        for variant in deckhand::plan::variant_names(&loaded.outline) {
            let options = deckhand::plan::PlanOptions {
                variant,
                ..Default::default()
            };
            let plan = deckhand::plan::Plan::new(&loaded.outline, &options);
            let _ = plan.timing_warning();
        }
    }
    for diagnostic in &diagnostics {
        let _ = deckhand::diag::render(diagnostic, false);
    }
});
