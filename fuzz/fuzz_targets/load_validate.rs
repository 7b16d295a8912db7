//! Fuzz target: any bytes as an outline file, through loading, validation and the rendering of every message.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let diagnostics = match deckhand::outline::load_bytes("fuzz.yaml", data.to_vec()) {
        Ok((outline, source)) => deckhand::validate::validate(&outline, &source),
        Err(deckhand::outline::LoadError::Invalid(diagnostics)) => diagnostics,
        Err(deckhand::outline::LoadError::Io { .. }) => Vec::new(),
    };
    for diagnostic in &diagnostics {
        let _ = deckhand::diag::render(diagnostic, false);
    }
});
