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
