//! `deckhand diff`: two versions of an outline compared as a trainer sees them, from files or git revisions.

use crate::workshop::Workshop;

/// The first version of the workshop the tests change.
const BEFORE: &str = "\
title: Film Night
start: \"09:00\"
sections:
  - title: Listening
    blocks:
      - lesson:
          title: Listen for the real need
          points: [Let the customer finish., Repeat their key words.]
          minutes: 5
      - questions:
          ask:
            - When did you last solve the wrong problem?
            - Which signals in the clip should have changed his plan?
          minutes: 10
  - title: Respect before the sale
    blocks:
      - scene:
          film: Pretty Woman
          year: 1990
          clip: \"0:33:40-0:36:10\"
          still: images/room-plan.png
          setup: A young woman walks into an upmarket boutique.
          minutes: 7
      - quote:
          text: Big mistake. Big. Huge.
          by: Vivian Ward
          minutes: 2
      - lesson:
          title: Serve the person
          points: [Same greeting for every caller.]
          minutes: 6
";

/// The second version: a question reworded, a block moved, a scene added,
/// a quote removed, a clip changed and a section renamed.
const AFTER: &str = "\
title: Film Night
start: \"09:00\"
sections:
  - title: Listening
    blocks:
      - questions:
          ask:
            - When did you last solve the wrong problem?
            - Which signs in the clip should have changed his plan?
          minutes: 10
      - lesson:
          title: Listen for the real need
          points: [Let the customer finish., Repeat their key words.]
          minutes: 5
  - title: Respect first
    blocks:
      - scene:
          film: Pretty Woman
          year: 1990
          clip: \"0:34:00-0:36:10\"
          still: images/room-plan.png
          setup: A young woman walks into an upmarket boutique.
          minutes: 7
      - scene:
          film: The Terminal
          year: 2004
          setup: A traveller asks the same official for help every day.
          minutes: 4
      - lesson:
          title: Serve the person
          points: [Same greeting for every caller.]
          minutes: 6
";

/// A repository with the two versions of `talk.yaml` committed, the second last.
fn two_commits() -> Workshop {
    let w = Workshop::new()
        .outline("talk.yaml", BEFORE)
        .copy_fixture("images/room-plan.png")
        .git_init();
    w.write("talk.yaml", AFTER);
    w.commit("second version");
    w
}

/// Proves: every change of the second commit is one line of the summary,
/// in trainer's words, grouped by section, with the timing and the handout's pages.
#[test]
fn a_change_is_summarised_section_by_section() {
    let w = two_commits();
    let run = w
        .run(&["diff", "HEAD~1:talk.yaml", "talk.yaml"])
        .assert_success();
    assert_eq!(
        run.stdout,
        "\
## Film Night

`HEAD~1:talk.yaml` → `talk.yaml`

| | before | after |
| --- | --- | --- |
| time | 30 min | 32 min (+2 min) |
| handout | 2 pages | 2 pages (same) |

### Listening

- **changed** questions “When did you last solve the wrong problem?”: question 2 reworded: “Which signals in the clip should have changed his plan?” → “Which signs in the clip should have changed his plan?”
- **moved** lesson “Listen for the real need”: now after questions “When did you last solve the wrong problem?”

### Respect first (renamed from “Respect before the sale”)

- **changed** scene “Pretty Woman”: `clip`: 0:33:40-0:36:10 → 0:34:00-0:36:10
- **removed** quote “Big mistake. Big. Huge.”
- **added** scene “The Terminal”

Time: 15 min → 17 min (+2 min)
"
    );
    assert_eq!(run.stderr, "");
}

/// Proves: the review PDF has a cover with the summary, then one page for
/// each changed slide, old beside new (a block replaced in place beside its
/// replacement), with both versions' words as text.
#[test]
fn the_review_shows_each_changed_slide_old_beside_new() {
    let w = two_commits();
    let run = w
        .run(&["diff", "HEAD~1:talk.yaml", "talk.yaml", "-o", "review"])
        .assert_success();
    assert!(
        run.stderr.contains("wrote review/talk-review.pdf"),
        "{}",
        run.stderr
    );
    assert_eq!(w.files("review"), vec!["talk-review.pdf"]);
    let pages = w.pdf_page_texts("review/talk-review.pdf");
    assert_eq!(pages.len(), 5, "{pages:#?}");
    let page = |n: usize, words: &[&str]| {
        for word in words {
            assert!(
                pages[n].contains(word),
                "page {}: {word} in {}",
                n + 1,
                pages[n]
            );
        }
    };
    page(
        0,
        &[
            "Film Night",
            "HEAD~1:talk.yaml → talk.yaml",
            "CHANGED",
            "MOVED",
            "REMOVED",
            "ADDED",
            "renamed from “Respect before the sale”",
        ],
    );
    page(
        1,
        &[
            "CHANGED",
            "BEFORE",
            "AFTER",
            "Which signals in the clip",
            "Which signs in the clip",
            "question 2 reworded",
        ],
    );
    page(
        2,
        &[
            "RENAMED",
            "section “Respect first”",
            "Respect before the sale",
            "SECTION 2",
            "time: 15 min → 17 min (+2 min)",
        ],
    );
    page(
        3,
        &[
            "scene “Pretty Woman”",
            "0:33:40",
            "0:34:00",
            "0:33:40-0:36:10 → 0:34:00-0:36:10",
        ],
    );
    // The quote replaced in place by a scene: one page, old beside new.
    page(
        4,
        &[
            "REPLACED",
            "Big mistake. Big. Huge.",
            "The Terminal",
            "A traveller asks the same official",
        ],
    );
    // The same review again is the same file, byte for byte.
    let first = w.read("review/talk-review.pdf");
    w.run(&["diff", "HEAD~1:talk.yaml", "talk.yaml", "-o", "review"])
        .assert_success();
    assert!(first == w.read("review/talk-review.pdf"));
    // The moved lesson looks as it did: the summary says where it went.
    assert!(
        !pages
            .iter()
            .skip(1)
            .any(|p| p.contains("Let the customer finish"))
    );
}

/// Proves: `--format png` makes the review's pages as images, numbered so they sort.
#[test]
fn the_review_as_png_pages() {
    let w = two_commits();
    w.run(&[
        "diff",
        "HEAD~1:talk.yaml",
        "talk.yaml",
        "-o",
        "review",
        "--format",
        "png",
        "--ppi",
        "36",
    ])
    .assert_success();
    let expected: Vec<String> = (1..=5).map(|n| format!("talk-review-{n:02}.png")).collect();
    assert_eq!(w.files("review"), expected);
    let size = image::image_dimensions(w.path("review/talk-review-02.png")).expect("a PNG");
    assert_eq!(size, (480, 270));
}

/// Proves: the summary in plain text and in JSON say the same things.
#[test]
fn the_summary_as_text_and_as_json() {
    let w = two_commits();
    let text = w
        .run(&["diff", "HEAD~1:talk.yaml", "talk.yaml", "--format", "text"])
        .assert_success()
        .stdout;
    assert!(
        text.starts_with(
            "Film Night\nHEAD~1:talk.yaml → talk.yaml\n\ntime: 30 min → 32 min (+2 min)\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nRespect first (renamed from “Respect before the sale”)\n  changed scene “Pretty Woman”: `clip`: 0:33:40-0:36:10 → 0:34:00-0:36:10\n"), "{text}");

    let json = w
        .run(&["diff", "HEAD~1:talk.yaml", "talk.yaml", "--format", "json"])
        .assert_success()
        .stdout;
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let review = &value[0]["review"];
    assert_eq!(value[0]["changed"], true);
    assert_eq!(review["timing"][0]["old"], 30);
    assert_eq!(review["timing"][0]["new"], 32);
    let respect = &review["sections"][1];
    assert_eq!(respect["status"], "renamed");
    assert_eq!(respect["old_title"], "Respect before the sale");
    let scene = &respect["blocks"][0];
    assert_eq!(scene["status"], "changed");
    assert_eq!(scene["fields"][0]["field"], "clip");
    assert_eq!(scene["fields"][0]["old"], "0:33:40-0:36:10");
    assert_eq!(scene["fields"][0]["new"], "0:34:00-0:36:10");
}

/// Proves: the exit status is 0 when the command worked, changes or not;
/// `--exit-code` makes it 1 when the versions differ; a wrong command line is 2.
#[test]
fn the_exit_status_says_what_happened() {
    let w = two_commits();
    let same = w.run(&[
        "diff",
        "HEAD:talk.yaml",
        "talk.yaml",
        "--exit-code",
        "-o",
        "review",
    ]);
    assert_eq!(same.code, Some(0), "{}", same.stderr);
    assert!(same.stdout.ends_with("\nNo changes.\n"), "{}", same.stdout);
    assert!(same.stderr.contains("no review written"), "{}", same.stderr);
    assert!(w.files("review").is_empty());
    let changed = w.run(&["diff", "HEAD~1:talk.yaml", "talk.yaml", "--exit-code"]);
    assert_eq!(changed.code, Some(1), "{}", changed.stderr);
    assert!(changed.stdout.contains("**moved**"));
    let two_summaries = w.run(&[
        "diff",
        "HEAD~1:talk.yaml",
        "talk.yaml",
        "--format",
        "text,json",
    ]);
    assert_eq!(two_summaries.code, Some(2));
    assert!(
        two_summaries
            .stderr
            .contains("`--format` names two summaries"),
        "{}",
        two_summaries.stderr
    );
    let png_without_folder = w.run(&["diff", "HEAD~1:talk.yaml", "talk.yaml", "--format", "png"]);
    assert_eq!(png_without_folder.code, Some(2));
    assert!(
        png_without_folder.stderr.contains("help: add `-o DIR`"),
        "{}",
        png_without_folder.stderr
    );
    assert_eq!(w.run(&["diff", "talk.yaml"]).code, Some(2));
}

/// Proves: a revision's outline is read with what it included at that
/// revision, never the working tree's version of the included file.
#[test]
fn a_revision_is_read_whole_at_that_revision() {
    let w = Workshop::new()
        .outline(
            "decks/talk.yaml",
            "title: T\nsections:\n  - title: A\n    blocks:\n      - include: ../_library/quote.yaml\n",
        )
        .file("_library/quote.yaml", "quote: {text: Show me the money, minutes: 2}\n")
        .file("deckhand.yaml", "defaults:\n  facilitator: Sam\n")
        .git_init();
    // Not committed: only the working tree has the new words.
    w.write(
        "_library/quote.yaml",
        "quote: {text: Show me the money!, minutes: 3}\n",
    );
    let run = w
        .run(&[
            "diff",
            "HEAD:decks/talk.yaml",
            "decks/talk.yaml",
            "--format",
            "text",
        ])
        .assert_success();
    assert!(
        run.stdout.contains("  changed quote “Show me the money!” (in _library/quote.yaml)\n    `text`: “Show me the money” → “Show me the money!”\n    `minutes`: 2 → 3\n"),
        "{}",
        run.stdout
    );
}

/// Proves: a revision or a path git does not know, and a folder outside a
/// repository, are each one clear error; nothing is printed on stdout.
#[test]
fn unknown_revisions_and_paths_are_explained() {
    let w = two_commits();
    let run = w.run(&["diff", "mian:talk.yaml", "talk.yaml"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: git does not know the revision `mian`\n = help: did you mean `main`?\n"
    );
    let run = w.run(&["diff", "main:talks.yaml", "talk.yaml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("error: `talks.yaml` is not in the revision `main`\n"),
        "{}",
        run.stderr
    );

    let outside = Workshop::new().outline("talk.yaml", BEFORE);
    let run = outside.run(&["diff", "main:talk.yaml", "talk.yaml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
}

/// Proves: an outline that does not load at a revision is reported at the
/// revision's file, line and column, and no summary is printed.
#[test]
fn problems_at_a_revision_name_the_revision() {
    let w = Workshop::new()
        .outline(
            "talk.yaml",
            &BEFORE.replace("film: Pretty Woman", "flim: Pretty Woman"),
        )
        .copy_fixture("images/room-plan.png")
        .git_init();
    w.write("talk.yaml", BEFORE);
    let run = w.run(&["diff", "HEAD:talk.yaml", "talk.yaml"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("HEAD:talk.yaml:18:11: error: unknown key `flim`\n"),
        "{}",
        run.stderr
    );
}

/// Proves: a file that is not an outline, and two different workshops, are said to be so.
#[test]
fn files_that_cannot_be_compared_are_said_to_be_so() {
    let w = Workshop::new()
        .outline("talk.yaml", BEFORE)
        .copy_fixture("images/room-plan.png")
        .file("notes.yaml", "shopping: [milk, bread]\n")
        .outline(
            "other.yaml",
            "title: Phone Basics\nsections:\n  - title: Greeting\n    blocks:\n      - lesson: {title: Say your name, points: [Smile.]}\n      - quote: {text: Hello there}\n",
        );
    let run = w.run(&["diff", "notes.yaml", "talk.yaml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("notes.yaml: error: this file is not a workshop outline\n"),
        "{}",
        run.stderr
    );
    let run = w.run(&["diff", "other.yaml", "talk.yaml"]).assert_success();
    assert_eq!(
        run.stdout,
        "## Two different workshops\n\n`other.yaml` (“Phone Basics”, 2 blocks) and `talk.yaml` (“Film Night”, 5 blocks) share no block: they look like two different workshops, so they are not compared block by block.\n"
    );
}

/// Proves: a change in a shared library file shows in every outline of the
/// folder that includes it, naming the file; an untouched outline is named once.
#[test]
fn a_shared_file_changed_shows_in_every_outline_using_it() {
    let scene = "scene:\n  film: Pretty Woman\n  clip: \"0:33:40-0:36:10\"\n  minutes: 7\n";
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults:\n  language: en\n")
        .file("_library/pretty-woman.yaml", scene)
        .outline(
            "decks/a.yaml",
            "title: A\nsections:\n  - title: Respect\n    blocks:\n      - include: ../_library/pretty-woman.yaml\n      - quote: {text: Big mistake.}\n",
        )
        .outline(
            "decks/b.yaml",
            "title: B\nsections:\n  - title: Looks\n    blocks:\n      - lesson: {title: Look again}\n      - include: ../_library/pretty-woman.yaml\n",
        )
        .outline(
            "decks/c.yaml",
            "title: C\nsections:\n  - title: Other\n    blocks:\n      - quote: {text: Show me the money}\n",
        )
        .git_init();
    w.write(
        "_library/pretty-woman.yaml",
        scene.replace("0:33:40", "0:34:00"),
    );
    w.commit("a later start");
    let run = w.run(&[
        "diff",
        "HEAD~1:decks",
        "decks",
        "--format",
        "text",
        "--exit-code",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let line = "  changed scene “Pretty Woman” (in _library/pretty-woman.yaml): `clip`: 0:33:40-0:36:10 → 0:34:00-0:36:10\n";
    assert_eq!(run.stdout.matches(line).count(), 2, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("A\nHEAD~1:decks/a.yaml → decks/a.yaml\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nB\nHEAD~1:decks/b.yaml → decks/b.yaml\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("\nUnchanged: decks/c.yaml\n"),
        "{}",
        run.stdout
    );
}

/// Proves: a change to a block in one variant only, or to a variant's
/// settings, names the variant; the timing is given for each variant.
#[test]
fn a_variant_only_change_names_its_variant() {
    let before = "title: T\nvariants:\n  short: {duration: 15min}\n  full: {duration: 30min}\nsections:\n  - title: A\n    blocks:\n      - quote: {text: Big mistake., minutes: 5}\n      - lesson: {title: Serve the person, points: [Same greeting.], minutes: 10, only: [full]}\n";
    let w = Workshop::new().outline("old.yaml", before).outline(
        "new.yaml",
        &before
            .replace("Same greeting.", "Same greeting for every caller.")
            .replace("minutes: 10", "minutes: 12")
            .replace("short: {duration: 15min}", "short: {duration: 20min}"),
    );
    let run = w.run(&["diff", "old.yaml", "new.yaml"]).assert_success();
    assert!(run.stdout.contains("| time, `short` | 5 min | 5 min (same) |\n| time, `full` | 15 min | 17 min (+2 min) |\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("\n- **changed** `duration` of variant “short”: 15min → 20min\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("- **changed** lesson “Serve the person” (only in `full`)\n  - point 1 reworded: “Same greeting.” → “Same greeting for every caller.”\n  - `minutes`: 10 → 12\n"),
        "{}",
        run.stdout
    );
}

/// Proves: in the review PDF, a block replaced in place is one page, old
/// beside new; a scene that gained a film shows the play badge with the
/// clip's length on its "after" slide; a change to speaker notes or a hint,
/// which no slide shows, gets a page of its own with both versions, as the
/// guide has them.
#[test]
fn the_review_pairs_a_replaced_block_and_shows_the_guides_changes() {
    let before = "\
title: Film Night
sections:
  - title: Respect
    blocks:
      - scene:
          film: Pretty Woman
          setup: A young woman walks into an upmarket boutique.
          notes: Pause at the door.
      - questions:
          ask:
            - {text: Who drives the call?, hint: The one who asks the questions.}
      - quote: {text: Big mistake. Big. Huge., by: Vivian Ward}
      - text: {title: Wrap up, body: See you next week.}
";
    let after = before
        .replace(
            "          notes: Pause at the door.\n",
            "          video: films/pretty-woman.mp4\n          clip: \"0:33:40-0:36:10\"\n          notes: Pause at the counter.\n",
        )
        .replace("The one who asks the questions.", "The one who asks.")
        .replace(
            "      - quote: {text: Big mistake. Big. Huge., by: Vivian Ward}\n",
            "      - lesson: {title: Serve the person, points: [Same greeting for every caller.]}\n",
        );
    let w = Workshop::new().outline("talk.yaml", before).git_init();
    w.write("talk.yaml", &after);
    w.commit("a film, notes, a hint and a replaced quote");
    w.run(&["diff", "HEAD~1:talk.yaml", "talk.yaml", "-o", "review"])
        .assert_success();
    let pages = w.pdf_page_texts("review/talk-review.pdf");
    let page_with = |needle: &str| {
        pages
            .iter()
            .skip(1)
            .position(|p| p.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("no page holds {needle:?}: {pages:#?}"))
    };
    // The scene's slide: the "after" side has the play badge, 2:30.
    let scene = page_with("BEFORE");
    assert!(pages[scene].contains("Pretty Woman"), "{pages:#?}");
    assert!(pages[scene].contains("2:30"), "{pages:#?}");
    // Its notes, on a page of their own.
    let notes = page_with("speaker notes");
    assert!(pages[notes].contains("Pause at the door."), "{pages:#?}");
    assert!(pages[notes].contains("Pause at the counter."), "{pages:#?}");
    // The hint, which no slide shows.
    let hint = page_with("hint of question 1");
    assert!(
        pages[hint].contains("The one who asks the questions."),
        "{pages:#?}"
    );
    // The replaced quote: one page, old beside new.
    let replaced = page_with("REPLACED");
    assert!(
        pages[replaced].contains("Big mistake. Big. Huge."),
        "{pages:#?}"
    );
    assert!(pages[replaced].contains("Serve the person"), "{pages:#?}");
    assert!(
        !pages.iter().any(|p| p.contains("new in this version")),
        "{pages:#?}"
    );
    assert_eq!(pages.len(), 5, "{pages:#?}");
}
