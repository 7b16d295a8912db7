//! Fuzz target: any bytes as an outline file, through loading, validation and the rendering of every message.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let load = deckhand::outline::load_bytes("fuzz.yaml", data.to_vec());
    let diagnostics = deckhand::validate::problems(&load);
    if let Some(loaded) = &load.loaded {
        for variant in deckhand::plan::variant_names(&loaded.outline) {
            let options = deckhand::plan::PlanOptions {
                variant,
                ..Default::default()
            };
            let plan = deckhand::plan::Plan::new(&loaded.outline, &options);
            let _ = plan.timing_warning();
        }
    }
    for diagnostic in &diagnostics {
        let _ = deckhand::diag::render(diagnostic, false);
    }
});
