//! `deckhand init`: a repository of workshops a trainer can commit at once.

use std::path::{Path, PathBuf};

use super::{Exit, print_error};
use crate::output;

/// Each file of a new repository, by its path inside it.
const FILES: [(&str, &str); 5] = [
    (
        "deckhand.yaml",
        include_str!("../../templates/init/deckhand.yaml"),
    ),
    (
        "decks/first-workshop.yaml",
        include_str!("../../templates/init/decks/first-workshop.yaml"),
    ),
    (
        "_library/scenes/love-actually-gift-wrap.yaml",
        include_str!("../../templates/init/_library/scenes/love-actually-gift-wrap.yaml"),
    ),
    (
        ".gitignore",
        include_str!("../../templates/init/.gitignore"),
    ),
    (
        ".github/workflows/decks.yml",
        include_str!("../../docs/ci/github-actions.yml"),
    ),
];

pub fn init(dir: &Path) -> Exit {
    let files: Vec<(PathBuf, Vec<u8>)> = FILES
        .iter()
        .map(|(name, text)| (dir.join(name), text.as_bytes().to_vec()))
        .collect();
    if let Err(error) = output::write_new_files(dir, &files) {
        print_error(error);
        return Exit::Failure;
    }
    for (path, _) in &files {
        println!("wrote {}", path.display());
    }
    let decks = dir.join("decks");
    println!(
        "next: deckhand build {} (and `git init` to keep it in git)",
        decks.display()
    );
    Exit::Success
}
