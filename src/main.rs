//! The `deckhand` binary: everything happens in the library's `cli` module.

// Typst allocates and frees many small values while it lays out a document.
// With mimalloc, 1000 blocks build in 2.2 s rather than 2.7 s, a third of
// the time in the kernel. Its v2 line peaks at 420-450 MB there, the newer
// v3 line at 470-490 MB, too close to the 500 MB budget (docs/performance.md).
//
// The heap is counted on its way to mimalloc, so that a theme's runaway
// code is stopped at the memory limit (src/limits.rs).
#[global_allocator]
static ALLOCATOR: deckhand::limits::Counting<mimalloc::MiMalloc> =
    deckhand::limits::Counting(mimalloc::MiMalloc);

fn main() -> std::process::ExitCode {
    deckhand::cli::main()
}
