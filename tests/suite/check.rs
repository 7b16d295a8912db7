//! `deckhand check` on bad outlines: each problem at its line, in the trainer's words.

use std::path::{Path, PathBuf};

use crate::workshop::{Workshop, arg, fixture, repo, run_in};

/// The folder of bad fixtures: outlines with known problems.
fn bad_folder() -> PathBuf {
    fixture("bad")
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .expect("a UTF-8 file name")
}

/// Proves: every fixture in tests/fixtures/bad fails `check` and `build` with
/// exit 1 and the messages its `# expect:` comments name, without panicking or
/// writing any file.
#[test]
fn every_bad_fixture_reports_its_expected_problems() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(bad_folder())
        .expect("the bad fixtures")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
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
        let name = file_name(&path);
        let run = run_in(&bad_folder(), &["check", name]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        for line in expected {
            assert!(
                run.stderr.contains(line),
                "{name}: expected {line:?} in\n{}",
                run.stderr
            );
        }
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
            "{name}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("checked 1 outline:"),
            "{name}: {}",
            run.stderr
        );

        let w = Workshop::new();
        let build = run_in(&bad_folder(), &["build", name, "-o", arg(&w.path("out"))]);
        assert_eq!(build.code, Some(1), "{name}: {}", build.stderr);
        assert!(
            w.files("").is_empty(),
            "{name}: build wrote {:?}",
            w.files("")
        );
    }
}

/// Proves: the problems of one outline are all reported in one run, with a summary.
#[test]
fn all_problems_in_one_run_with_a_summary() {
    let run = run_in(&bad_folder(), &["check", "bad-clip-and-duration.yaml"]);
    let err = &run.stderr;
    assert!(err.contains("3 errors"), "{err}");
    let duration = err.find("is not a duration").unwrap_or(usize::MAX);
    let timecode = err.find("is not a timecode").unwrap_or(0);
    assert!(duration < timecode, "not in file order: {err}");
    assert!(err.contains("\n5 | duration: ninety\n"), "{err}");
}

/// Proves: the example workshops check clean, and a timing mismatch is a warning, not an error.
#[test]
fn examples_check_clean_and_timing_is_a_warning() {
    let examples = run_in(&repo(), &["check", "decks"]);
    assert_eq!(examples.code, Some(0), "{}", examples.stderr);
    assert_eq!(examples.stderr, "checked 2 outlines: no problems\n");

    let w = Workshop::new().outline(
        "long.yaml",
        "title: Long\nduration: 30min\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Hi\n          minutes: 45\n",
    );
    let run = w.run(&["check", "long.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("long.yaml:2:11: warning: the blocks add up to 45 min, 15 min more than the declared `duration` of 30 min"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("checked 1 outline: 1 warning\n"),
        "{}",
        run.stderr
    );
}

/// Proves: the committed JSON Schema is the one the code generates.
#[test]
fn committed_schema_matches_the_model() {
    let run = run_in(&repo(), &["schema"]).assert_success();
    let committed =
        std::fs::read_to_string(repo().join("schema/outline.schema.json")).expect("schema file");
    assert!(
        run.stdout == committed,
        "schema/outline.schema.json is stale: run `cargo run -- schema > schema/outline.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).expect("JSON");
    assert_eq!(schema["required"], serde_json::json!(["title", "sections"]));
}

/// Proves: a still reached through a symlink that points out of the outline's folder is refused.
#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_folder_is_refused() {
    let outside = Workshop::new().file(
        "secret.png",
        std::fs::read(repo().join("decks/images/cheese-shop.png")).expect("an example still"),
    );
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Link\nsections:\n  - title: A\n    blocks:\n      - scene:\n          film: F\n          still: link.png\n",
    );
    std::os::unix::fs::symlink(outside.path("secret.png"), w.path("link.png")).expect("symlink");
    let run = w.run(&["build", "talk.yaml", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("talk.yaml:7:18: error: cannot use the still: `link.png` points outside the outline's folder"),
        "{}",
        run.stderr
    );
    assert!(!w.path("out").exists(), "an output was written");
}
