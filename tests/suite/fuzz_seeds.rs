//! The fuzz seeds replayed: every input kept in fuzz/seeds/ loads and validates without a panic.

use crate::workshop::repo;

/// Proves: every fuzz seed (good and bad outlines, fuzz/seeds/load_validate)
/// loads and validates without a panic, and every problem names its file,
/// as the fuzz target requires; crash inputs found later go there too.
#[test]
fn fuzz_seeds_load_and_validate_without_panicking() {
    let folder = repo().join("fuzz/seeds/load_validate");
    let mut seeds: Vec<_> = std::fs::read_dir(&folder)
        .expect("seeds")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10);
    for seed in seeds {
        let bytes = std::fs::read(&seed).expect("seed");
        let diagnostics =
            deckhand::validate::problems(&deckhand::outline::load_bytes("seed.yaml", bytes));
        for diagnostic in &diagnostics {
            let shown = deckhand::diag::render(diagnostic, false);
            assert!(
                shown.starts_with("seed.yaml"),
                "{}: {shown}",
                seed.display()
            );
        }
    }
}

/// Proves: every seed of the `project` fuzz target (an outline, its
/// `deckhand.yaml` and included parts, split at NUL bytes as the target
/// splits them: fuzz/seeds/project) loads and validates without a panic,
/// and every problem names one of the project's files.
#[test]
fn fuzz_project_seeds_load_and_validate_without_panicking() {
    const FILES: [&str; 4] = [
        "talk.yaml",
        "deckhand.yaml",
        "parts/part.yaml",
        "parts/more.yaml",
    ];
    let folder = repo().join("fuzz/seeds/project");
    let mut seeds: Vec<_> = std::fs::read_dir(&folder)
        .expect("seeds")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10);
    for seed in seeds {
        let project = tempfile::tempdir().expect("a temporary folder");
        for made in [".git", "parts"] {
            std::fs::create_dir_all(project.path().join(made)).expect("a folder");
        }
        let bytes = std::fs::read(&seed).expect("seed");
        for (name, text) in FILES.iter().zip(bytes.split(|b| *b == 0)) {
            std::fs::write(project.path().join(name), text).expect("a file");
        }
        let load = deckhand::outline::load_file(&project.path().join("talk.yaml"));
        let diagnostics = deckhand::validate::problems(&load);
        for diagnostic in &diagnostics {
            let shown = deckhand::diag::render(diagnostic, false);
            let first_line = shown.lines().next().unwrap_or_default();
            assert!(
                FILES.iter().any(|name| first_line.contains(name)),
                "{}: {shown}",
                seed.display()
            );
        }
    }
}
