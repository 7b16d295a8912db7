//! `deckhand check`: every problem of a bad outline at its line, in the trainer's words, and nothing more.

use std::path::{Path, PathBuf};

use crate::workshop::{Workshop, arg, fixture, repo, run_in, run_unchecked_in};

/// The folder of bad fixtures: outlines with known problems.
fn bad_folder() -> PathBuf {
    fixture("bad")
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .expect("a UTF-8 file name")
}

/// What a bad fixture's first line says it proves, and the number of errors
/// it states: `# A misspelt key inside a scene: 1 error` gives 1.
fn statement(path: &Path) -> (String, usize) {
    let bytes = std::fs::read(path).expect("the fixture reads");
    let source = String::from_utf8_lossy(&bytes);
    let first = source.lines().next().unwrap_or_default();
    let what = first.strip_prefix("# ").unwrap_or_else(|| {
        panic!(
            "{}: the first line is not `# WHAT: N errors`",
            path.display()
        )
    });
    let count = what
        .split(": ")
        .skip(1)
        .find_map(|part| {
            let (number, rest) = part.split_once(' ')?;
            if rest.starts_with("error") {
                number.parse().ok()
            } else {
                None
            }
        })
        .unwrap_or_else(|| panic!("{}: the first line names no `N errors`", path.display()));
    (what.to_string(), count)
}

/// Proves: for every bad fixture, the whole of what `deckhand check NAME`
/// prints is the reviewed snapshot in tests/snapshots/, so a diagnostic
/// that is added, lost, moved or reworded fails (regenerate: CONTRIBUTING.md).
#[test]
fn check_prints_exactly_the_reviewed_problems() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("../fixtures/bad", "*.yaml", |path| {
            let (what, _) = statement(path);
            // Its own reviewed snapshot, named for the fixture.
            let run = run_unchecked_in(&bad_folder(), &["check", file_name(path)]);
            assert_eq!(run.stdout, "", "{path:?}");
            insta::with_settings!({ description => what, omit_expression => true }, {
                insta::assert_snapshot!("check", run.stderr);
            });
        });
    });
}

/// Proves: every bad fixture fails `check` and `build` with exit 1, as many
/// errors as its first line states, no panic, no word of Rust or of the YAML
/// library in the messages, and no file written.
#[test]
fn every_bad_fixture_fails_with_the_errors_it_states() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(bad_folder())
        .expect("the bad fixtures")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 27, "{} bad fixtures", fixtures.len());
    for path in fixtures {
        let name = file_name(&path);
        let (_, count) = statement(&path);
        let run = run_in(&bad_folder(), &["check", name]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        let summary = format!(
            "checked 1 outline: {count} error{}",
            if count == 1 { "" } else { "s" }
        );
        assert_eq!(
            run.stderr.lines().last(),
            Some(summary.as_str()),
            "{name}: its first line states {count}:\n{}",
            run.stderr
        );
        let errors = run
            .stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .count();
        assert_eq!(errors, count, "{name}: messages printed:\n{}", run.stderr);
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
            "{name}: {}",
            run.stderr
        );
        // The messages, less the quoted lines of the outline, hold no word of
        // the YAML library's or of Rust's (a variant is the outline's own word).
        let said: String = run
            .stderr
            .lines()
            .filter(|l| !l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        let words: Vec<&str> = said
            .split(|c: char| !(c.is_alphanumeric() || c == '<' || c == '_'))
            .collect();
        for word in [
            "enum",
            "option<",
            "deserialize",
            "deserializer",
            "scalar",
            "serde",
            "struct",
            "sequence",
            "mapping",
            "u32",
            "u16",
            "u8",
            "string",
            "budget",
        ] {
            assert!(
                !words.contains(&word),
                "{name} says `{word}`:\n{}",
                run.stderr
            );
        }
        assert!(!said.contains("invalid type"), "{name}: {}", run.stderr);

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

/// Proves: every run snapshot (`tests/snapshots/runs/TOPIC__TEST-N.snap`)
/// belongs to a test that still exists in `tests/suite/TOPIC.rs`, so a
/// renamed or removed test leaves no stale snapshot behind.
#[test]
fn every_run_snapshot_has_its_test() {
    let runs = repo().join("tests/snapshots/runs");
    for entry in std::fs::read_dir(&runs).expect("tests/snapshots/runs") {
        let name = entry.expect("a folder entry").file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".snap.new") {
            continue;
        }
        let (topic, rest) = name.split_once("__").expect("TOPIC__TEST-N.snap");
        let test = rest.rsplit_once('-').map(|(test, _)| test).expect("TEST-N");
        let source = std::fs::read_to_string(repo().join(format!("tests/suite/{topic}.rs")))
            .unwrap_or_else(|_| panic!("tests/snapshots/runs/{name}: no tests/suite/{topic}.rs"));
        assert!(
            source.contains(&format!("fn {test}(")),
            "tests/snapshots/runs/{name}: no test `{test}` in tests/suite/{topic}.rs: remove it"
        );
    }
}

/// Proves: each snapshot in tests/snapshots/ belongs to a bad fixture, so a
/// renamed or removed fixture leaves no stale snapshot behind.
#[test]
fn every_snapshot_has_its_fixture() {
    let snapshots = repo().join("tests/snapshots");
    for entry in std::fs::read_dir(&snapshots).expect("tests/snapshots") {
        let entry = entry.expect("a folder entry");
        // `documents/`: the example decks' data (documents.rs).
        if entry.path().is_dir() {
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(fixture_name) = name
            .strip_prefix("check@")
            .and_then(|rest| rest.strip_suffix(".snap"))
        else {
            // `cargo insta review` material (`.snap.new`) is not committed.
            assert!(
                name.ends_with(".snap.new"),
                "unexpected {name} in tests/snapshots"
            );
            continue;
        };
        assert!(
            bad_folder().join(fixture_name).is_file(),
            "tests/snapshots/{name} has no fixture: remove it"
        );
    }
}

/// Proves: the example workshops (every cut of each) check clean, and a timing mismatch is a warning, not an error.
#[test]
fn examples_check_clean_and_timing_is_a_warning() {
    let examples = run_in(&repo(), &["check", "decks"]);
    assert_eq!(examples.code, Some(0), "{}", examples.stderr);
    assert_eq!(examples.stderr, "checked 3 outlines: no problems\n");

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

/// Proves: the committed JSON Schemas (outline, included part, project file) are the ones the code generates.
#[test]
fn committed_schema_matches_the_model() {
    // Compared whole with the committed file, not with a snapshot of it.
    let run = run_unchecked_in(&repo(), &["schema"]).assert_success();
    assert_eq!(run.stderr, "");
    let committed =
        std::fs::read_to_string(repo().join("schema/outline.schema.json")).expect("schema file");
    assert!(
        run.stdout == committed,
        "schema/outline.schema.json is stale: run `cargo run -- schema > schema/outline.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).expect("JSON");
    assert_eq!(schema["required"], serde_json::json!(["title", "sections"]));
    for (flag, file) in [
        ("--part", "schema/part.schema.json"),
        ("--project", "schema/project.schema.json"),
    ] {
        let run = run_unchecked_in(&repo(), &["schema", flag]).assert_success();
        assert_eq!(run.stderr, "");
        let committed = std::fs::read_to_string(repo().join(file)).expect("schema file");
        assert!(
            run.stdout == committed,
            "{file} is stale: run `cargo run -- schema {flag} > {file}`"
        );
    }
}

/// Proves: the outline's schema tells an editor what `check` accepts: values
/// by pattern (with the trainer's words), lists that must not be empty, each
/// block kind once, and never `null` (what the language server makes of it
/// is checked by `schema/editor-check.py`).
#[test]
fn the_schema_knows_values_and_offers_no_null() {
    let text = std::fs::read_to_string(repo().join("schema/outline.schema.json")).expect("schema");
    assert!(!text.contains("\"null\""), "the schema offers null");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let defs = &schema["$defs"];
    assert_eq!(defs["Questions"]["properties"]["ask"]["minItems"], 1);
    assert_eq!(defs["Roleplay"]["properties"]["roles"]["minItems"], 1);
    assert_eq!(schema["properties"]["sections"]["minItems"], 1);
    let block = &defs["Block"];
    assert!(block.get("oneOf").is_none(), "{block}");
    assert_eq!(block["maxProperties"], 1);
    assert!(block["properties"]["scene"].is_object());
    for (value, words) in [
        (
            &schema["properties"]["theme"],
            "not a built-in theme (classic, cinema)",
        ),
        (
            &schema["properties"]["language"],
            "not a language deckhand knows: en, fr",
        ),
        (&defs["Scene"]["properties"]["clip"], "not a clip"),
        (&defs["Activity"]["properties"]["group"], "not a group form"),
        (&defs["Scene"]["properties"]["year"], "not a film's year"),
    ] {
        assert!(value["pattern"].is_string(), "{value}");
        let message = value["patternErrorMessage"].as_str().unwrap_or_default();
        assert!(message.starts_with(words), "{message}");
    }
    assert_eq!(
        defs["Scene"]["properties"]["year"]["type"],
        serde_json::json!(["integer", "string"]),
        "`year: \"2018\"` is accepted, as `check` accepts it"
    );
}

/// Proves: a still reached through a symlink that points out of the outline's folder is refused.
#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_folder_is_refused() {
    let outside = Workshop::new().file(
        "secret.png",
        std::fs::read(repo().join("decks/_library/images/cheese-shop.png"))
            .expect("an example still"),
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

/// Proves: a text that YAML cuts at ` #` is a warning that shows the quoted
/// text; comments written the usual way (`# like this`), as in the starter
/// outline and the examples, are not.
#[test]
fn a_text_cut_by_a_comment_is_a_warning_and_comments_are_not() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Hash\nsections:\n  - title: A   # the first part\n    blocks:\n      - lesson:\n          title: Calm\n          takeaway: Direct the call #not the applause\n",
    );
    let run = w.run(&["check", "talk.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "talk.yaml:7:37: warning: `#not the applause` is left out: YAML reads text after ` #` as a comment\n  |\n7 |           takeaway: Direct the call #not the applause\n  |                                     ^^^^^^^^^^^^^^^^^\n  |\n  = help: to keep it, put the whole text in quotes: \"Direct the call #not the applause\"\nchecked 1 outline: 1 warning\n"
    );
    w.run(&["new", "starter.yaml"]).assert_success();
    let run = w.run(&["check", "starter.yaml"]);
    assert_eq!(run.stderr, "checked 1 outline: no problems\n");
    let run = run_in(&repo(), &["check", "decks"]);
    assert!(run.stderr.ends_with(": no problems\n"), "{}", run.stderr);
}
