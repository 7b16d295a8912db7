//! Fuzz target: the inline Markdown parser, which must keep every character it is given.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let runs = deckhand::outline::parse_inline(text);
    // Only the `*` of matched marks may disappear; every other character stays, in order.
    let kept: String = runs.iter().map(|r| r.text.as_str()).collect();
    let without_stars = |s: &str| s.chars().filter(|&c| c != '*').collect::<String>();
    assert_eq!(without_stars(&kept), without_stars(text));
    assert!(runs.iter().all(|r| !r.text.is_empty()));
});
