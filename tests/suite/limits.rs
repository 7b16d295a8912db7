//! Limits: outlines too big in one way get one clear error at their place, and a build that cannot hang.

use std::fmt::Write as _;

use crate::workshop::{Run, Workshop};

fn blocks(count: usize) -> String {
    let mut yaml = String::from("title: Many\nsections:\n  - title: All\n    blocks:\n");
    for n in 0..count {
        let _ = writeln!(yaml, "      - quote:\n          text: Quote {n}");
    }
    yaml
}

fn check(yaml: &str) -> Run {
    Workshop::new()
        .outline("talk.yaml", yaml)
        .run(&["check", "talk.yaml"])
}

/// Proves: an outline larger than 1 MiB is refused before it is parsed: one
/// error for the whole file, none from reading its YAML.
#[test]
fn an_outline_over_one_mib_is_refused() {
    let mut yaml = String::from("title: Big\nsections: []\n");
    yaml.push_str(&"# padding\n".repeat(110_000));
    let run = check(&yaml);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("talk.yaml: error: the outline is larger than 1 MiB"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("checked 1 outline: 1 error\n"),
        "{}",
        run.stderr
    );
}

/// Proves: 1000 blocks are fine; block 2001 is one error at its line.
#[test]
fn more_than_2000_blocks_is_an_error_at_the_first_one_too_many() {
    let run = check(&blocks(1000));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = check(&blocks(2001));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // Block n (from 0) starts on line 5 + 2n.
    assert!(
        run.stderr
            .contains("talk.yaml:4005:9: error: the outline has more than 2000 blocks"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("split the workshop into several outlines"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("checked 1 outline: 1 error\n"),
        "{}",
        run.stderr
    );
}

/// Proves: 50 items revealed one at a time are fine; the block whose
/// items go past 50 is one error at its line (the outline's `reveal`
/// made it reveal them), and a block's `reveal: all` keeps its items out
/// of the count.
#[test]
fn more_than_50_revealed_items_is_an_error_at_the_block_past_them() {
    let outline = |count: usize, last: &str| {
        let mut yaml =
            String::from("title: Many\nreveal: steps\nsections:\n  - title: All\n    blocks:\n");
        for _ in 0..count {
            yaml.push_str("      - questions: {ask: [A?, B?]}\n");
        }
        yaml.push_str(last);
        yaml
    };
    let run = check(&outline(25, ""));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = check(&outline(
        25,
        "      - questions: {ask: [A?, B?], reveal: all}\n",
    ));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = check(&outline(26, ""));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // Block n (from 0) is on line 6 + n.
    assert!(
        run.stderr.starts_with(
            "talk.yaml:31:9: error: the outline reveals more than 50 items one at a time"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("checked 1 outline: 1 error\n"),
        "{}",
        run.stderr
    );
}

/// Proves: a text field over 5000 characters is an error at that field.
#[test]
fn a_text_over_5000_characters_is_an_error_at_the_field() {
    let yaml = format!(
        "title: Long\nsections:\n  - title: A\n    blocks:\n      - lesson:\n          title: L\n          takeaway: {}\n",
        "é".repeat(5001)
    );
    let run = check(&yaml);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "talk.yaml:7:21: error: `takeaway` is 5001 characters long, more than the limit of 5000"
        ),
        "{}",
        run.stderr
    );
    let yaml = yaml.replace(&"é".repeat(5001), &"é".repeat(5000));
    assert_eq!(check(&yaml).code, Some(0));
}

/// Proves: the longest texts allowed, in one block each, build with a
/// warning at the block whose slide overflows, and that slide runs on over
/// more pages with every word of its text: nothing is cut.
#[test]
fn a_huge_text_in_one_block_builds_with_an_overflow_warning() {
    // 121 times the phrase, then "listen to the customer before".
    let words = "listen to the customer before you answer ".repeat(130);
    let word = "x".repeat(4999);
    let w = Workshop::new().outline(
        "talk.yaml",
        &format!(
            "title: Long\nsections:\n  - title: A\n    blocks:\n      - lesson:\n          title: L\n          takeaway: {}\n      - quote:\n          text: {word}\n",
            &words[..4990]
        ),
    );
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    assert!(
        run.stderr.contains(
            "talk.yaml:5:9: warning: the slide for this lesson does not fit on one slide"
        ),
        "{}",
        run.stderr
    );
    // Title, agenda, divider, the lesson on several pages, the quote.
    assert!(w.pdf_pages("out/talk-slides.pdf") > 6);
    // Page footers come between the pages' text, so words are counted, not phrases.
    let slides = w.pdf_text("out/talk-slides.pdf");
    assert_eq!(slides.matches("listen").count(), 122, "{slides}");
    assert_eq!(slides.matches("answer").count(), 121, "{slides}");
}

/// Proves: the largest outline the limits allow, 2000 blocks of scenes,
/// quotes, lessons and questions, 50 of their items revealed one at a
/// time on slides of 12, builds its three PDFs within the run's
/// 1 GiB of memory (laid out all at once they needed 1.1 GB and the build
/// stopped): its documents are laid out as the memory allows.
#[test]
fn the_most_blocks_allowed_build_within_the_memory_limit() {
    let mut yaml = String::from("title: Scaling test\nsections:\n");
    for n in 0..2000 {
        if n % 10 == 0 {
            let _ = writeln!(yaml, "  - title: Section {}\n    blocks:", n / 10 + 1);
        }
        let block = match n % 4 {
            0 => format!(
                "      - scene:\n          film: Film {n}\n          year: 1999\n          clip: \"0:01:00-0:03:30\"\n          setup: A customer calls about a parcel that never came.\n          watch_for: [The first words, The tone, The promise made]\n          minutes: 5\n          notes: Pause at the promise."
            ),
            1 => format!("      - quote:\n          text: Line number {n}, said with feeling.\n          by: Someone\n          minutes: 1"),
            // The most items revealed one at a time, on the largest
            // slides allowed: 50 pages, of 12 points but the last.
            2 if n < 4 * 5 => {
                let points: Vec<String> = (0..12.min(50 - 12 * (n / 4)))
                    .map(|p| format!("Point {p} to make before the next one"))
                    .collect();
                format!("      - lesson:\n          title: Lesson {n}\n          reveal: steps\n          points: [{}]\n          takeaway: Keep the promises you make.\n          minutes: 4", points.join(", "))
            }
            2 => format!("      - lesson:\n          title: Lesson {n}\n          points: [Listen first, Say what you will do, Do it]\n          takeaway: Keep the promises you make.\n          minutes: 4"),
            _ => "      - questions:\n          minutes: 5\n          ask:\n            - What would you have said?\n            - text: What did the agent promise?\n              hint: Look at the first minute.".into(),
        };
        let _ = writeln!(yaml, "{block}");
    }
    let w = Workshop::new().outline("talk.yaml", &yaml);
    // Memory is what this test is about. The run's 30 s are for a release
    // build (6 s here on an idle machine); the tests' unoptimised deckhand,
    // beside the other tests on two cores, took over 30 s.
    let run = w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "-q",
        "--time-limit",
        "600",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // The agenda runs over, and so do the 4 lessons of 12 points (each of
    // their steps laid out whole: the most costly slides).
    let (agenda, lessons) = run
        .stderr
        .split_at(run.stderr.find("talk.yaml:17:9").unwrap_or(0));
    assert_eq!(
        agenda,
        "\
talk.yaml:1:8: warning: the slide for the agenda slide does not fit on one slide and runs onto the next page
  |
1 | title: Scaling test
  |        ^^^^^^^^^^^^
  |
  = help: shorten the title, subtitle or section titles
"
    );
    assert_eq!(
        lessons
            .matches("warning: the slide for this lesson does not fit on one slide")
            .count(),
        4,
        "{lessons}"
    );
    assert_eq!(lessons.matches("warning").count(), 4, "{lessons}");
    // The title, the agenda over several pages (at the room's 28 pt), 200
    // section slides, a slide or two for each block, the 48 steps of the
    // four long lessons each running over (96 pages) and the last lesson's
    // two steps; the handout and guide as printed.
    assert_eq!(w.pdf_pages("out/talk-slides.pdf"), 2810);
    assert_eq!(w.pdf_pages("out/talk-handout.pdf"), 636);
    assert_eq!(w.pdf_pages("out/talk-guide.pdf"), 379);
}

/// An outline with `count` variants, each keeping the one block.
fn variants(count: usize) -> String {
    let mut yaml = String::from("title: Cuts\nvariants:\n");
    for n in 1..=count {
        let _ = writeln!(yaml, "  cut-{n}: {{}}");
    }
    yaml.push_str("sections:\n  - title: A\n    blocks:\n      - quote: {text: Hi}\n");
    yaml
}

/// Proves: 20 variants are fine; a 21st is one error at its name, before
/// any document is made (1000 variants used to run out of memory, with an
/// error that blamed the theme).
#[test]
fn more_than_20_variants_is_an_error_at_the_first_one_too_many() {
    check(&variants(20)).assert_success();
    // An editor with the schema flags the 21st too.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::workshop::repo().join("schema/outline.schema.json"))
            .expect("the schema"),
    )
    .expect("JSON");
    assert_eq!(schema["properties"]["variants"]["maxProperties"], 20);
    for count in [21, 1000] {
        let w = Workshop::new().outline("talk.yaml", &variants(count));
        let run = w.run(&["build", "talk.yaml", "-o", "out"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr
                .starts_with("talk.yaml:23:3: error: the outline has more than 20 variants\n"),
            "{count}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(
                "= help: each variant is a whole set of documents; split the workshop into several outlines"
            ),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("theme"), "{}", run.stderr);
        assert!(!w.path("out").exists());
    }
}

/// Proves: a `version` that is empty, on two lines, over 40 characters or
/// 100 KB long is an error at its line (not a bare "Version", a split footer
/// or a late PDF/A or font error); a `--revision` with the same faults is
/// refused as a usage error (exit 2) before anything is read.
#[test]
fn a_version_or_revision_past_its_bounds_is_refused_at_its_line_or_flag() {
    let long = "x".repeat(100_000);
    for (version, message) in [
        ("\"\"", "`version` is empty"),
        ("\"  \"", "`version` is empty"),
        ("\"2.1\\ndraft\"", "`version` holds a line break"),
        (
            &*"y".repeat(41),
            "`version` is 41 characters long, more than the limit of 40",
        ),
        (
            &*long,
            "`version` is 100000 characters long, more than the limit of 40",
        ),
    ] {
        let yaml = format!(
            "title: T\nversion: {version}\nsections:\n  - title: A\n    blocks:\n      - quote: {{text: Hi}}\n"
        );
        let w = Workshop::new().outline("talk.yaml", &yaml);
        let run = w.run(&["build", "talk.yaml", "-o", "out"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr
                .starts_with(&format!("talk.yaml:2:10: error: {message}\n")),
            "{message}: {}",
            &run.stderr[..run.stderr.len().min(300)]
        );
        assert_eq!(run.stderr.matches(": error: ").count(), 1, "{}", run.stderr);
        assert!(!w.path("out").exists());
    }
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: T\nversion: \"2.1\"\nsections:\n  - title: A\n    blocks:\n      - quote: {text: Hi}\n",
    );
    for (revision, message) in [
        ("", "`--revision` is empty"),
        ("a1b2\nc3d4", "`--revision` holds a line break"),
        (
            &*long,
            "`--revision` is 100000 characters long, more than the limit of 40",
        ),
        (
            "a1b2\u{7}",
            "`--revision` holds the control character U+0007",
        ),
    ] {
        let run = w.run(&["build", "talk.yaml", "-o", "out", "--revision", revision]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!("error: {message}")),
            "{message}: {}",
            &run.stderr[..run.stderr.len().min(300)]
        );
        // Said once, without echoing kilobytes of the flag.
        assert!(run.stderr.len() < 300, "{}", run.stderr.len());
        assert!(!w.path("out").exists());
    }
    w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "--revision",
        "v2.1-14-g1a2b3c4-dirty",
    ])
    .assert_success();
    assert!(
        w.pdf_text("out/talk-handout.pdf")
            .contains("Version 2.1 (v2.1-14-g1a2b3c4-dirty)")
    );
}
