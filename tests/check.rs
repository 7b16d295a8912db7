//! `deckhand check` on bad outlines: each problem at its line, in the trainer's words.

mod common;

use common::*;

/// Proves: every fixture in tests/fixtures/bad fails `check` and `build` with
/// exit 1 and the messages its `# expect:` comments name, without panicking or
/// writing any file.
#[test]
fn every_bad_fixture_reports_its_expected_problems() {
    let folder = fixture("bad");
    let mut fixtures: Vec<_> = std::fs::read_dir(&folder)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 12);
    for path in fixtures {
        let source = String::from_utf8_lossy(&std::fs::read(&path).expect("fixture")).into_owned();
        let expected: Vec<&str> = source
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        assert!(
            !expected.is_empty(),
            "{} has no expectation",
            path.display()
        );
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let output = deckhand_in(&folder, &["check", name]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {err}");
        for line in expected {
            assert!(err.contains(line), "{name}: expected {line:?} in\n{err}");
        }
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{name}: {err}"
        );
        assert!(err.contains("checked 1 outline:"), "{name}: {err}");

        let out = tempfile::tempdir().expect("temp dir");
        let target = out.path().join("out");
        let build = deckhand_in(
            &folder,
            &["build", name, "-o", target.to_str().unwrap_or_default()],
        );
        assert_eq!(build.status.code(), Some(1), "{name}");
        assert!(!target.exists(), "{name}: build wrote output");
    }
}

/// Proves: the problems of one outline are all reported in one run, with a summary.
#[test]
fn all_problems_in_one_run_with_a_summary() {
    let output = deckhand_in(&fixture("bad"), &["check", "bad-clip-and-duration.yaml"]);
    let err = stderr(&output);
    assert!(err.contains("3 errors"), "{err}");
    let duration = err.find("is not a duration").unwrap_or(usize::MAX);
    let timecode = err.find("is not a timecode").unwrap_or(0);
    assert!(duration < timecode, "not in file order: {err}");
    assert!(err.contains("\n5 | duration: ninety\n"), "{err}");
}

/// Proves: the example workshops check clean, and a timing mismatch is a warning, not an error.
#[test]
fn examples_check_clean_and_timing_is_a_warning() {
    let output = deckhand(&["check", "decks"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("checked 2 outlines: no problems"),
        "{}",
        stderr(&output)
    );

    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        work.path().join("long.yaml"),
        "title: Long\nduration: 30min\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Hi\n          minutes: 45\n",
    )
    .expect("write");
    let output = deckhand_in(work.path(), &["check", "long.yaml"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("long.yaml:2:11: warning: the blocks add up to 45 min, 15 min more than the declared `duration` of 30 min"), "{err}");
}

/// Proves: the committed JSON Schema is the one the code generates.
#[test]
fn committed_schema_matches_the_model() {
    let output = deckhand(&["schema"]);
    assert!(output.status.success());
    let generated = String::from_utf8_lossy(&output.stdout);
    let committed =
        std::fs::read_to_string(root().join("schema/outline.schema.json")).expect("schema file");
    assert!(
        generated == committed,
        "schema/outline.schema.json is stale: run `cargo run -- schema > schema/outline.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).expect("JSON");
    assert_eq!(schema["required"], serde_json::json!(["title", "sections"]));
}

/// Proves: a still reached through a symlink that points out of the outline's folder is refused.
#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_folder_is_refused() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("secret.png");
    std::fs::copy(root().join("decks/images/cheese-shop.png"), &secret).expect("copy");
    let work = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(&secret, work.path().join("link.png")).expect("symlink");
    std::fs::write(
        work.path().join("talk.yaml"),
        "title: Link\nsections:\n  - title: A\n    blocks:\n      - scene:\n          film: F\n          still: link.png\n",
    )
    .expect("write");
    let output = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("talk.yaml:7:18: error: cannot use the still: `link.png` points outside the outline's folder"),
        "{err}"
    );
    assert!(!work.path().join("out").exists(), "an output was written");
}

/// Proves: every fuzz seed (good and bad outlines, fuzz/seeds/load_validate)
/// loads and validates without a panic, and every problem names its file,
/// as the fuzz target requires; crash inputs found later go there too.
#[test]
fn fuzz_seeds_load_and_validate_without_panicking() {
    let folder = root().join("fuzz/seeds/load_validate");
    let mut seeds: Vec<_> = std::fs::read_dir(&folder)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10);
    for seed in seeds {
        let bytes = std::fs::read(&seed).expect("seed");
        let diagnostics =
            deckhand::validate::problems(&deckhand::outline::load_bytes("seed.yaml", bytes));
        for diagnostic in &diagnostics {
            let shown = deckhand::diag::render(diagnostic, false);
            assert!(
                shown.starts_with("seed.yaml"),
                "{}: {shown}",
                seed.display()
            );
        }
    }
}
