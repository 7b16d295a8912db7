//! Limits: outlines too big in one way get a clear error at their place, never pathological time or memory.

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::*;

fn blocks(count: usize) -> String {
    let mut yaml = String::from("title: Many\nsections:\n  - title: All\n    blocks:\n");
    for n in 0..count {
        let _ = writeln!(yaml, "      - quote:\n          text: Quote {n}");
    }
    yaml
}

fn check(yaml: &str) -> (Option<i32>, String, Duration) {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("talk.yaml"), yaml).expect("write");
    let started = Instant::now();
    let output = deckhand_in(work.path(), &["check", "talk.yaml"]);
    (output.status.code(), stderr(&output), started.elapsed())
}

/// Proves: an outline larger than 1 MiB is refused before it is parsed.
#[test]
fn an_outline_over_one_mib_is_refused() {
    let mut yaml = String::from("title: Big\nsections: []\n");
    yaml.push_str(&"# padding\n".repeat(110_000));
    let (code, err, time) = check(&yaml);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("talk.yaml: error: the outline is larger than 1 MiB"),
        "{err}"
    );
    assert!(time < Duration::from_secs(10), "{time:?}");
}

/// Proves: 1000 blocks are fine; block 2001 is an error at its line.
#[test]
fn more_than_2000_blocks_is_an_error_at_the_first_one_too_many() {
    let (code, err, _) = check(&blocks(1000));
    assert_eq!(code, Some(0), "{err}");
    let (code, err, time) = check(&blocks(2001));
    assert_eq!(code, Some(1), "{err}");
    // Block n (from 0) starts on line 5 + 2n.
    assert!(
        err.contains("talk.yaml:4005:9: error: the outline has more than 2000 blocks"),
        "{err}"
    );
    assert!(
        err.contains("split the workshop into several outlines"),
        "{err}"
    );
    assert!(time < Duration::from_secs(20), "{time:?}");
}

/// Proves: a text field over 5000 characters is an error at that field.
#[test]
fn a_text_over_5000_characters_is_an_error_at_the_field() {
    let yaml = format!(
        "title: Long\nsections:\n  - title: A\n    blocks:\n      - lesson:\n          title: L\n          takeaway: {}\n",
        "é".repeat(5001)
    );
    let (code, err, _) = check(&yaml);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "talk.yaml:7:21: error: `takeaway` is 5001 characters long, more than the limit of 5000"
        ),
        "{err}"
    );
    let yaml = yaml.replace(&"é".repeat(5001), &"é".repeat(5000));
    assert_eq!(check(&yaml).0, Some(0));
}

/// Proves: the longest text allowed, in one block, builds in reasonable
/// time with an overflow warning at the block, not a hang.
#[test]
fn a_huge_text_in_one_block_warns_of_overflow_quickly() {
    let words = "listen to the customer before you answer ".repeat(130);
    let word = "x".repeat(4999);
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        work.path().join("talk.yaml"),
        format!(
            "title: Long\nsections:\n  - title: A\n    blocks:\n      - lesson:\n          title: L\n          takeaway: {}\n      - quote:\n          text: {word}\n",
            &words[..4990]
        ),
    )
    .expect("write");
    let started = Instant::now();
    let output = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    let time = started.elapsed();
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    println!("built 5000-character texts in {time:?}");
    assert!(time < Duration::from_secs(60), "{time:?}");
    assert!(
        err.contains("talk.yaml:5:9: warning: the slide for this lesson does not fit on one slide"),
        "{err}"
    );
}
