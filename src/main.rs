//! The `deckhand` binary: everything happens in the library's `cli` module.

// Typst allocates and frees many small values while it lays out a document.
// With mimalloc, 1000 blocks build in 2.2 s rather than 2.7 s, a third of
// the time in the kernel. Its v2 line peaks at 420-450 MB there, the newer
// v3 line at 470-490 MB, too close to the 500 MB budget (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    deckhand::cli::main()
}
