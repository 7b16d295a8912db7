//! The `deckhand` binary: everything happens in the library's `cli` module.

fn main() -> std::process::ExitCode {
    deckhand::cli::main()
}
