//! `deckhand new`: a commented starter outline that builds as it is.

use std::path::Path;

use super::Exit;
use crate::output;

const STARTER: &str = include_str!("../../templates/starter.yaml");

pub fn new(file: &Path) -> Exit {
    if file.exists() {
        eprintln!(
            "{}: error: the file already exists; deckhand new never replaces a file",
            file.display()
        );
        return Exit::Failure;
    }
    match output::write_new(file, STARTER.as_bytes()) {
        Ok(()) => {
            println!("wrote {}", file.display());
            println!("next: deckhand build {}", file.display());
            Exit::Success
        }
        Err(error) => {
            eprintln!("error: {error}");
            Exit::Failure
        }
    }
}
