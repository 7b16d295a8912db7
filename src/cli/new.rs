//! `deckhand new`: a commented starter outline that builds as it is.

use std::path::Path;

use super::{Exit, print_diagnostics, print_error};
use crate::diag::Diagnostic;
use crate::output;

const STARTER: &str = include_str!("../../templates/starter.yaml");

pub fn new(file: &Path) -> Exit {
    // A link counts as there even when what it names is not (a dangling link).
    let there = file.symlink_metadata().ok();
    if let Some(there) = there {
        let message = if there.is_symlink() {
            "a link of that name is already there; deckhand new never replaces a file, nor writes through a link"
        } else {
            "the file already exists; deckhand new never replaces a file"
        };
        print_diagnostics(&[Diagnostic::error(message).in_path(file.display().to_string())]);
        return Exit::Failure;
    }
    match output::write_new(file, STARTER.as_bytes()) {
        Ok(()) => {
            out!("wrote {}", file.display());
            out!("next: deckhand build {}", file.display());
            Exit::Success
        }
        Err(error) => {
            print_error(error);
            Exit::Failure
        }
    }
}
