//! `deckhand new`: a commented starter outline that builds as it is.

use std::path::Path;

use super::{Exit, print_diagnostics, print_error};
use crate::diag::Diagnostic;
use crate::output;

const STARTER: &str = include_str!("../../templates/starter.yaml");

pub fn new(file: &Path) -> Exit {
    if file.exists() {
        print_diagnostics(&[Diagnostic::error(
            "the file already exists; deckhand new never replaces a file",
        )
        .in_path(file.display().to_string())]);
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
