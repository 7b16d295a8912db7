//! A repository of workshops: the project file, includes, variants and the version on every printout.

use std::fmt::Write as _;

use super::workflow::{wait_for, watch};
use crate::workshop::{Run, Workshop};

const PROJECT: &str = "\
defaults:
  facilitator: Priya Marsh
  language: en
  handout: {note_lines: 2}
";

const SCENE: &str = "\
scene:
  film: Love Actually
  year: 2003
  clip: \"1:02:10-1:04:30\"
  still: ../images/room-plan.png
  setup: A customer in a hurry buys a necklace.
  minutes: 8
  notes: Pause when he looks at the door.
";

const LISTENING: &str = "\
title: Listening
goal: Hear the need behind the request
blocks:
  - include: ../scenes/gift-wrap.yaml
  - lesson: {title: Listen for the real need, points: [Let them finish.], minutes: 7}
  - questions: {ask: [What did he ask for?], minutes: 10, only: [full]}
";

const CUTS: &str = "\
title: Two Cuts
version: \"2.1\"
date: 2026-03-12
start: \"09:00\"
variants:
  short: {duration: 15min}
  full: {duration: 45min, start: \"13:00\"}
sections:
  - include: ../_library/sections/listening.yaml
  - title: Practice
    only: [full]
    blocks:
      - activity: {title: Map the empty shelves, minutes: 20}
";

/// A git repository with a project file, a library of parts and one
/// outline with two cuts in `decks/`.
fn repository() -> Workshop {
    Workshop::new()
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file("deckhand.yaml", PROJECT)
        .copy_fixture_as("images/room-plan.png", "_library/images/room-plan.png")
        .file("_library/scenes/gift-wrap.yaml", SCENE)
        .file("_library/sections/listening.yaml", LISTENING)
        .outline("decks/cuts.yaml", CUTS)
}

/// An outline in `decks/` whose one section holds `blocks` (YAML list items,
/// indented for a section's `blocks:`).
fn outline_with_blocks(blocks: &str) -> String {
    format!("title: T\nsections:\n  - title: S\n    blocks:\n{blocks}")
}

/// Asserts that `run` failed, printing exactly `expected` on stderr; the
/// seconds of a build's summary line are left out of the comparison.
#[track_caller]
fn assert_fails_with(run: &Run, expected: &str) {
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let printed = match run.stderr.rsplit_once(" failed, ") {
        Some((before, seconds)) if seconds.ends_with(" s\n") => format!("{before} failed\n"),
        _ => run.stderr.clone(),
    };
    assert_eq!(printed, expected, "\n--- printed ---\n{}", run.stderr);
}

/// `check` on decks/talk.yaml in `w` fails saying exactly `expected`, and
/// `build` fails too, writing nothing.
#[track_caller]
fn assert_talk_fails_with(w: &Workshop, expected: &str) {
    assert_fails_with(&w.run(&["check", "decks/talk.yaml"]), expected);
    let build = w.run(&["build", "decks/talk.yaml", "-o", "failed"]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(
        w.files("failed").is_empty(),
        "build wrote {:?}",
        w.files("failed")
    );
}

/// Proves: a folder build makes every cut of an outline into its own files,
/// leaves out the project file and `_`-prefixed files, and takes the
/// project's defaults, an included section and a scene included by that
/// section with its still named relative to the scene's file.
#[test]
fn a_repository_builds_every_cut_into_its_own_files() {
    let w = repository().file("decks/_draft.yaml", "title: Draft\nsections: [\n");
    let run = w.run(&["build", "decks", "-o", "out"]).assert_success();
    assert!(
        run.stderr.contains("1 outline, 8 files, 0 failed"),
        "{}",
        run.stderr
    );
    let files = w.files("out");
    assert_eq!(
        files,
        [
            "cuts-full-guide.pdf",
            "cuts-full-handout.pdf",
            "cuts-full-slides.pdf",
            "cuts-full-slides.pdfpc",
            "cuts-short-guide.pdf",
            "cuts-short-handout.pdf",
            "cuts-short-slides.pdf",
            "cuts-short-slides.pdfpc",
        ]
    );
    let slides = w.pdf_text("out/cuts-short-slides.pdf");
    assert!(slides.contains("Priya Marsh"), "{slides}");
    assert!(slides.contains("Love Actually"), "{slides}");
    assert!(slides.contains("A customer in a hurry"), "{slides}");
    assert!(!slides.contains("Map the empty shelves"), "{slides}");
    assert!(!slides.contains("What did he ask for?"), "{slides}");
    let full = w.pdf_text("out/cuts-full-slides.pdf");
    assert!(full.contains("Map the empty shelves"), "{full}");
    assert!(full.contains("What did he ask for?"), "{full}");
}

/// Proves: each cut has its own agenda, clock times, run of show and pdfpc
/// duration: the short one from 09:00 to 09:15, the full one from 13:00 to
/// 13:45 with its extra questions and practice section.
#[test]
fn each_cut_has_its_own_clock_times_and_run_of_show() {
    let w = repository();
    w.run(&["build", "decks", "-o", "out"]).assert_success();
    let short = w.pdf_text("out/cuts-short-guide.pdf");
    for time in ["09:00–09:15", "09:08", "15 min"] {
        assert!(short.contains(time), "{time} in {short}");
    }
    assert!(!short.contains("13:00"), "{short}");
    assert!(!short.contains("Practice"), "{short}");
    let full = w.pdf_text("out/cuts-full-guide.pdf");
    for time in [
        "13:00–13:45",
        "13:08",
        "13:15",
        "13:25",
        "Practice",
        "45 min",
    ] {
        assert!(full.contains(time), "{time} in {full}");
    }
    let pdfpc = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&w.read(name)).expect("the pdfpc file is JSON")
    };
    let short = pdfpc("out/cuts-short-slides.pdfpc");
    assert_eq!(
        (&short["duration"], &short["startTime"], &short["endTime"]),
        (&15.into(), &"09:00".into(), &"09:15".into())
    );
    let full = pdfpc("out/cuts-full-slides.pdfpc");
    assert_eq!(
        (&full["duration"], &full["startTime"], &full["endTime"]),
        (&45.into(), &"13:00".into(), &"13:45".into())
    );
}

/// Proves: `--variant` builds one cut, byte-identical from one build to the
/// next; a name the outline does not declare is an error naming its cuts.
#[test]
fn one_cut_builds_alone_and_byte_identical() {
    let w = repository();
    let args = [
        "build",
        "decks/cuts.yaml",
        "--variant",
        "short",
        "--revision",
        "a1b2c3d",
    ];
    w.run(&[&args[..], &["-o", "one"]].concat())
        .assert_success();
    w.run(&[&args[..], &["-o", "two"]].concat())
        .assert_success();
    let files = w.files("one");
    assert_eq!(files.len(), 4, "{files:?}");
    assert!(
        files.iter().all(|f| f.starts_with("cuts-short-")),
        "{files:?}"
    );
    for file in &files {
        assert_eq!(
            w.read(&format!("one/{file}")),
            w.read(&format!("two/{file}")),
            "{file} differs between two builds"
        );
    }

    let run = w.run(&[
        "build",
        "decks/cuts.yaml",
        "--variant",
        "half-day",
        "-o",
        "bad",
    ]);
    assert_fails_with(
        &run,
        "\
decks/cuts.yaml: error: the outline has no variant `half-day`
 = help: its variants are `short`, `full`
1 outline, 0 files, 1 failed
",
    );
    assert!(w.files("bad").is_empty());
}

/// The PDF's Info dictionary entry `key`, as text.
fn pdf_info(w: &Workshop, name: &str, key: &[u8]) -> String {
    let document = lopdf::Document::load(w.path(name)).expect("the PDF parses");
    let info = document
        .trailer
        .get(b"Info")
        .and_then(|info| document.dereference(info))
        .and_then(|(_, info)| info.as_dict())
        .expect("an Info dictionary");
    let value = info.get(key).expect("the key is there");
    let bytes = value.as_str().expect("a string");
    String::from_utf8_lossy(bytes).into_owned()
}

/// Proves: the version and the revision are printed with the date on the
/// title slide and in every footer of the handout and the guide, and stored
/// as the PDFs' keywords with the cut.
#[test]
fn the_version_is_on_every_printout_and_in_the_metadata() {
    let w = repository();
    w.run(&[
        "build",
        "decks/cuts.yaml",
        "--revision",
        "a1b2c3d",
        "-o",
        "out",
    ])
    .assert_success();
    let slides = w.pdf_text("out/cuts-full-slides.pdf");
    assert!(
        slides.contains("Priya Marsh · 12 March 2026 · Version 2.1 (a1b2c3d) · 45 min"),
        "{slides}"
    );
    for document in ["handout", "guide"] {
        let name = format!("out/cuts-full-{document}.pdf");
        let pages = w.pdf_pages(&name);
        let text = w.pdf_text(&name);
        assert_eq!(
            text.matches("Version 2.1 (a1b2c3d) · 12 March 2026")
                .count(),
            pages,
            "one footer a page in {document}: {text}"
        );
    }
    for document in ["slides", "handout", "guide"] {
        assert_eq!(
            pdf_info(&w, &format!("out/cuts-short-{document}.pdf"), b"Keywords"),
            "version 2.1, revision a1b2c3d, variant short"
        );
    }
}

/// Proves: a problem inside an included file is reported at that file's
/// line and column, with every place it was included from, and nothing is
/// written; a file included twice says its problem once.
#[test]
fn a_typo_in_an_included_file_points_into_it() {
    let w = repository()
        .file("_library/scenes/gift-wrap.yaml", SCENE.replace("setup:", "set_up:"))
        .outline(
            "decks/talk.yaml",
            "title: Talk\nvariants: {short: {}, full: {}}\nsections:\n  - include: ../_library/sections/listening.yaml\n  - title: Again\n    blocks:\n      - include: ../_library/scenes/gift-wrap.yaml\n",
        );
    assert_talk_fails_with(
        &w,
        "\
_library/scenes/gift-wrap.yaml:6:3: error: unknown key `set_up`
  |
6 |   set_up: A customer in a hurry buys a necklace.
  |   ^^^^^^
  |
  = note: included from _library/sections/listening.yaml:4:14
  = note: included from decks/talk.yaml:4:14
  = help: did you mean `setup`?
checked 1 outline: 1 error
",
    );
}

/// Proves: includes that go round in a circle are refused, naming the
/// chain, and an include of itself says so.
#[test]
fn an_include_cycle_names_the_chain() {
    let w = repository()
        .file("_library/sections/a.yaml", "title: A\nblocks:\n  - include: ../scenes/b.yaml\n")
        .file("_library/scenes/b.yaml", "- include: c.yaml\n")
        .file("_library/scenes/c.yaml", "- include: ../sections/a.yaml\n")
        .file("_library/scenes/self.yaml", "- include: ./self.yaml\n")
        .outline(
            "decks/talk.yaml",
            "title: Talk\nsections:\n  - include: ../_library/sections/a.yaml\n  - title: S\n    blocks:\n      - include: ../_library/scenes/self.yaml\n",
        );
    assert_talk_fails_with(&w, "\
_library/scenes/c.yaml:1:12: error: cannot include `../sections/a.yaml`: the includes go round in a circle: _library/sections/a.yaml → _library/scenes/b.yaml → _library/scenes/c.yaml → _library/sections/a.yaml
  |
1 | - include: ../sections/a.yaml
  |            ^^^^^^^^^^^^^^^^^^
  |
  = note: included from _library/scenes/b.yaml:1:12
  = note: included from _library/sections/a.yaml:3:14
  = note: included from decks/talk.yaml:3:14
  = help: an included file may not include, directly or not, a file that includes it
_library/scenes/self.yaml:1:12: error: cannot include `./self.yaml`: it includes itself
  |
1 | - include: ./self.yaml
  |            ^^^^^^^^^^^
  |
  = note: included from decks/talk.yaml:6:18
  = help: an included file may not include, directly or not, a file that includes it
checked 1 outline: 2 errors
");
}

/// Proves: a file holding a section where a block is expected, or a block
/// where a section is, is an error at the include.
#[test]
fn an_included_file_of_the_wrong_shape_is_refused() {
    let w = repository().outline(
        "decks/talk.yaml",
        "title: Talk\nsections:\n  - include: ../_library/scenes/gift-wrap.yaml\n  - title: S\n    blocks:\n      - include: ../_library/sections/listening.yaml\n",
    );
    assert_talk_fails_with(&w, "\
decks/talk.yaml:3:14: error: `_library/scenes/gift-wrap.yaml` holds a block, but a section is expected here
  |
3 |   - include: ../_library/scenes/gift-wrap.yaml
  |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: include a block inside a section's `blocks:` list
decks/talk.yaml:6:18: error: `_library/sections/listening.yaml` holds a section, but a block is expected here
  |
6 |       - include: ../_library/sections/listening.yaml
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: include a section in the outline's `sections:` list
checked 1 outline: 2 errors
");
}

/// Proves: includes may nest 16 files deep; the 17th is refused at its
/// include, with the whole chain it was reached by.
#[test]
fn includes_nested_too_deep_are_refused() {
    let mut w = repository();
    for n in 1..=17 {
        w = w.file(
            &format!("_library/chain/{n}.yaml"),
            format!("- include: {}.yaml\n", n + 1),
        );
    }
    w = w.file("_library/chain/18.yaml", "quote: {text: Deep down.}\n");
    w.write(
        "decks/talk.yaml",
        outline_with_blocks("      - include: ../_library/chain/1.yaml\n"),
    );
    assert_talk_fails_with(
        &w,
        "\
_library/chain/16.yaml:1:12: error: cannot include `17.yaml`: includes nest more than 16 levels deep
  |
1 | - include: 17.yaml
  |            ^^^^^^^
  |
  = note: included from _library/chain/15.yaml:1:12
  = note: included from _library/chain/14.yaml:1:12
  = note: included from _library/chain/13.yaml:1:12
  = note: included from _library/chain/12.yaml:1:12
  = note: included from _library/chain/11.yaml:1:12
  = note: included from _library/chain/10.yaml:1:12
  = note: included from _library/chain/9.yaml:1:12
  = note: included from _library/chain/8.yaml:1:12
  = note: included from _library/chain/7.yaml:1:12
  = note: included from _library/chain/6.yaml:1:12
  = note: included from _library/chain/5.yaml:1:12
  = note: included from _library/chain/4.yaml:1:12
  = note: included from _library/chain/3.yaml:1:12
  = note: included from _library/chain/2.yaml:1:12
  = note: included from _library/chain/1.yaml:1:12
  = note: included from decks/talk.yaml:5:18
  = help: an included file may include others, but not this deep; look for a long chain
checked 1 outline: 1 error
",
    );
    // 16 levels are fine.
    w.write("_library/chain/16.yaml", "quote: {text: Deep enough.}\n");
    w.run(&["check", "decks/talk.yaml"]).assert_success();
}

/// Proves: an included file that is a link leading out of the project is
/// refused, as are an empty file and a file that is not UTF-8 (at its byte).
#[cfg(unix)]
#[test]
fn links_out_empty_and_broken_included_files_are_refused() {
    let outside = Workshop::new().file("scene.yaml", SCENE);
    let w = repository()
        .file("_library/scenes/empty.yaml", "# nothing yet\n")
        .file("_library/scenes/latin1.yaml", b"quote:\n  text: Caf\xe9 cr\xe8me\n")
        .outline(
            "decks/talk.yaml",
            &outline_with_blocks(
                "      - include: ../_library/scenes/link.yaml\n      - include: ../_library/scenes/empty.yaml\n      - include: ../_library/scenes/latin1.yaml\n",
            ),
        );
    std::os::unix::fs::symlink(
        outside.path("scene.yaml"),
        w.path("_library/scenes/link.yaml"),
    )
    .expect("a link");
    assert_talk_fails_with(&w, "\
decks/talk.yaml:5:18: error: cannot include `../_library/scenes/link.yaml`: it points outside the project's folder (where `deckhand.yaml` is) through a link
  |
5 |       - include: ../_library/scenes/link.yaml
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: an included file is a `.yaml` file inside the project's folder (where `deckhand.yaml` is), named relative to the file that includes it
decks/talk.yaml:6:18: error: cannot include `../_library/scenes/empty.yaml`: the file is empty
  |
6 |       - include: ../_library/scenes/empty.yaml
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: an included file holds a section or a block, or a list of them
_library/scenes/latin1.yaml:2:12: error: the file is not UTF-8 text
  |
2 |   text: Caf� cr�me
  |            ^
  |
  = note: included from decks/talk.yaml:7:18
  = help: save the file as UTF-8 in your editor
checked 1 outline: 3 errors
");
}

/// Proves: an include item takes only `include`, `only` and `except`, each
/// of the latter a list of names.
#[test]
fn an_include_item_with_other_keys_is_refused() {
    let w = repository().outline(
        "decks/talk.yaml",
        "title: Talk\nvariants: {short: {}}\nsections:\n  - title: S\n    blocks:\n      - include: ../_library/scenes/gift-wrap.yaml\n        minutes: 4\n      - include: ../_library/scenes/gift-wrap.yaml\n        only: short\n      - quote: {text: Hi}\n",
    );
    assert_talk_fails_with(
        &w,
        "\
decks/talk.yaml:7:9: error: an include item has `include`, `only` and `except`, not `minutes`
  |
7 |         minutes: 4
  |         ^^^^^^^
  |
  = help: to change the included block, copy it into this file instead
decks/talk.yaml:9:15: error: `only` should be a list of variant names, not `short`
  |
9 |         only: short
  |               ^^^^^
  |
  = help: write the names in brackets, like `only: [short]`
checked 1 outline: 2 errors
",
    );
}

/// Proves: `only` and `except` on an include item narrow the included
/// items: a block in `full` included `except: [full]` is in no cut, and an
/// include `only: [short]` keeps the rest to the short cut.
#[test]
fn only_and_except_of_an_include_narrow_what_it_includes() {
    let w = repository().outline(
        "decks/talk.yaml",
        "title: Talk\nvariants: {short: {}, full: {}}\nsections:\n  - include: ../_library/sections/listening.yaml\n    except: [full]\n  - title: Closing\n    blocks:\n      - include: ../_library/scenes/gift-wrap.yaml\n        only: [full]\n      - quote: {text: Thank you.}\n",
    );
    w.run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let short = w.pdf_text("out/talk-short-slides.pdf");
    assert!(short.contains("Listen for the real need"), "{short}");
    assert!(!short.contains("What did he ask for?"), "{short}");
    assert_eq!(short.matches("Love Actually").count(), 1, "{short}");
    let full = w.pdf_text("out/talk-full-slides.pdf");
    assert!(!full.contains("Listen for the real need"), "{full}");
    assert!(!full.contains("What did he ask for?"), "{full}");
    assert_eq!(full.matches("Love Actually").count(), 1, "{full}");
}

/// Proves: the project file's `defaults` fill what an outline leaves out
/// (the handout key by key, a theme folder relative to the project file),
/// the outline's own value wins, and an unknown key in `defaults` is an
/// error in the project file.
#[test]
fn project_defaults_fill_in_and_unknown_keys_are_errors() {
    let w = repository()
        .file(
            "deckhand.yaml",
            "defaults:\n  facilitator: Priya Marsh\n  subtitle: From the project\n  theme: ./themes/house\n  handout: {paper: us-letter, note_lines: 2}\n",
        )
        .outline(
            "decks/talk.yaml",
            "title: Talk\nfacilitator: Sam Rivera\nhandout: {note_lines: 0}\nsections:\n  - include: ../_library/sections/listening.yaml\n    except: []\n",
        );
    let export = w.run(&["themes", "export", "classic", "themes/house"]);
    assert!(export.success(), "{}", export.stderr);
    w.write(
        "_library/sections/listening.yaml",
        LISTENING.replace(", only: [full]", ""),
    );
    w.run(&["build", "decks/talk.yaml", "-o", "out"])
        .assert_success();
    let slides = w.pdf_text("out/talk-slides.pdf");
    assert!(slides.contains("Sam Rivera"), "{slides}");
    assert!(!slides.contains("Priya Marsh"), "{slides}");
    assert!(slides.contains("From the project"), "{slides}");
    let page = lopdf::Document::load(w.path("out/talk-handout.pdf")).expect("a PDF");
    let first = page.get_pages().into_values().next().expect("a page");
    let media_box = page
        .get_dictionary(first)
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(lopdf::Object::as_array)
        .expect("a media box")
        .clone();
    assert_eq!(
        media_box[2].as_float().map(f32::round).ok(),
        Some(612.0),
        "US Letter"
    );

    w.write(
        "deckhand.yaml",
        "defaults:\n  facilitatr: Priya Marsh\n  sections: []\n  handout: {colour: red}\nname: Team A\n",
    );
    assert_talk_fails_with(
        &w,
        "\
deckhand.yaml:2:3: error: unknown key `facilitatr`
  |
2 |   facilitatr: Priya Marsh
  |   ^^^^^^^^^^
  |
  = help: did you mean `facilitator`?
deckhand.yaml:3:3: error: `defaults` cannot hold `sections`
  |
3 |   sections: []
  |   ^^^^^^^^
  |
  = help: each outline has its own sections; share them with `- include:`
deckhand.yaml:4:13: error: unknown key `colour`
  |
4 |   handout: {colour: red}
  |             ^^^^^^
  |
  = help: the keys allowed here are `paper`, `note_lines`, `grayscale`, `layout`
deckhand.yaml:5:1: error: unknown key `name`
  |
5 | name: Team A
  | ^^^^
  |
  = help: the keys allowed here are `defaults`, `films`
checked 1 outline: 4 errors
",
    );
}

/// Proves: with a project file in `decks/` and another at the top, the
/// nearest wins: its defaults are used, and `--verbose` says which is used
/// and which is not.
#[test]
fn the_nearest_project_file_wins() {
    let w = repository()
        .file(
            "decks/deckhand.yaml",
            "defaults:\n  facilitator: Claire Dumoulin\n",
        )
        .outline(
            "decks/talk.yaml",
            "title: Talk\nsections:\n  - title: S\n    blocks:\n      - quote: {text: Hi}\n",
        );
    let run = w
        .run(&["check", "decks/talk.yaml", "--verbose"])
        .assert_success();
    assert_eq!(
        run.stderr,
        "\
decks/talk.yaml: project file decks/deckhand.yaml
decks/talk.yaml: deckhand.yaml is further up and not used: the nearest project file wins
checked 1 outline: no problems
"
    );
    let run = w
        .run(&["build", "decks/talk.yaml", "-o", "out", "--verbose"])
        .assert_success();
    assert!(
        run.stderr.contains("decks/talk.yaml: project file decks/deckhand.yaml\ndecks/talk.yaml: deckhand.yaml is further up and not used: the nearest project file wins\n"),
        "{}",
        run.stderr
    );
    let slides = w.pdf_text("out/talk-slides.pdf");
    assert!(slides.contains("Claire Dumoulin"), "{slides}");
    assert!(!slides.contains("Priya Marsh"), "{slides}");
    // With the nearest project's root, the library above it is out of reach.
    w.write(
        "decks/talk.yaml",
        outline_with_blocks("      - include: ../_library/scenes/gift-wrap.yaml\n"),
    );
    assert_talk_fails_with(&w, "\
decks/talk.yaml:5:18: error: cannot include `../_library/scenes/gift-wrap.yaml`: it leaves the project's folder (where `deckhand.yaml` is)
  |
5 |       - include: ../_library/scenes/gift-wrap.yaml
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: an included file is a `.yaml` file inside the project's folder (where `deckhand.yaml` is), named relative to the file that includes it
checked 1 outline: 1 error
");
}

/// Proves: naming the project file as an outline is a clear error.
#[test]
fn the_project_file_is_not_an_outline() {
    let w = repository();
    assert_fails_with(&w.run(&["check", "deckhand.yaml"]), "\
deckhand.yaml: error: this is the project file, not an outline
 = help: `deckhand.yaml` holds the `defaults` of the outlines under its folder; name an outline, or the folder that holds them
checked 1 outline: 1 error
");
}

/// Proves: the limits hold for the outline with its includes: more than
/// 2000 blocks, more than 1 MiB of text, values nested more than 32 levels
/// deep and more than 200 000 values are each an error at their place.
#[test]
fn the_limits_apply_to_the_outline_with_its_includes() {
    let mut thousand = String::new();
    for n in 0..1000 {
        let _ = writeln!(thousand, "- quote: {{text: Quote {n}}}");
    }
    let w = repository()
        .file("_library/many.yaml", &thousand)
        .file("_library/one-more.yaml", "- quote: {text: One too many}\n")
        .outline(
            "decks/talk.yaml",
            &outline_with_blocks(
                "      - include: ../_library/many.yaml\n      - include: ../_library/many.yaml\n      - include: ../_library/one-more.yaml\n",
            ),
        );
    assert_talk_fails_with(
        &w,
        "\
_library/one-more.yaml:1:3: error: the outline has more than 2000 blocks
  |
1 | - quote: {text: One too many}
  |   ^
  |
  = note: included from decks/talk.yaml:7:18
  = help: split the workshop into several outlines
checked 1 outline: 1 error
",
    );

    let padding = format!("quote: {{text: Padded}}\n{}", "# padding\n".repeat(60_000));
    w.write("_library/padded.yaml", &padding);
    w.write(
        "decks/talk.yaml",
        outline_with_blocks(
            "      - include: ../_library/padded.yaml\n      - include: ../_library/padded.yaml\n",
        ),
    );
    assert_talk_fails_with(&w, "\
decks/talk.yaml:6:18: error: cannot include `../_library/padded.yaml`: the outline would hold more than 1 MiB of text with the files it includes
  |
6 |       - include: ../_library/padded.yaml
  |                  ^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: a workshop is a few kilobytes; include fewer or smaller files
checked 1 outline: 1 error
");

    // 30 levels in the file, 35 where it is included.
    let deep = format!(
        "quote:\n  text: Deep\n  notes: {}x{}\n",
        "[".repeat(28),
        "]".repeat(28)
    );
    w.write("_library/deep.yaml", &deep);
    w.write(
        "decks/talk.yaml",
        outline_with_blocks("      - include: ../_library/deep.yaml\n"),
    );
    assert_talk_fails_with(&w, "\
_library/deep.yaml:3:36: error: this value nests more than 32 levels deep, counting the levels of the files that include it
  |
3 |   notes: [[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]
  |                                    ^
  |
  = note: included from decks/talk.yaml:5:18
  = help: an outline needs about ten levels; look for lists inside lists
checked 1 outline: 1 error
");

    // About 190 000 values from a few kilobytes, by aliases; twice is too many.
    let mut bomb = format!("- &a [{}]\n", vec!["x"; 3900].join(", "));
    for _ in 0..48 {
        bomb.push_str("- *a\n");
    }
    w.write("_library/bomb.yaml", &bomb);
    w.write(
        "decks/talk.yaml",
        outline_with_blocks(
            "      - include: ../_library/bomb.yaml\n      - include: ../_library/bomb.yaml\n",
        ),
    );
    assert_talk_fails_with(&w, "\
decks/talk.yaml:6:18: error: cannot include `../_library/bomb.yaml`: the outline would hold more than 200000 YAML values with the files it includes
  |
6 |       - include: ../_library/bomb.yaml
  |                  ^^^^^^^^^^^^^^^^^^^^^
  |
  = help: include fewer files, or files with fewer aliases (`*name`)
checked 1 outline: 1 error
");
}

/// Proves: `watch` rebuilds an outline when a file it includes changes, and
/// when the project file does.
#[test]
fn watch_follows_included_files_and_the_project_file() {
    let w = repository();
    let (mut child, lines) = watch(
        &w,
        &[
            "watch",
            "decks",
            "-o",
            "out",
            "--only",
            "slides",
            "--variant",
            "short",
        ],
    );
    wait_for(&lines, "watching 1 outline");
    let slides = "out/cuts-short-slides.pdf";
    assert!(w.pdf_text(slides).contains("A customer in a hurry"));

    w.write(
        "_library/scenes/gift-wrap.yaml",
        SCENE.replace("A customer in a hurry", "A shopper in a rush"),
    );
    wait_for(&lines, "rebuilt cuts in");
    assert!(w.pdf_text(slides).contains("A shopper in a rush"));

    w.write(
        "deckhand.yaml",
        PROJECT.replace("Priya Marsh", "Sam Rivera"),
    );
    wait_for(&lines, "rebuilt cuts in");
    assert!(w.pdf_text(slides).contains("Sam Rivera"));

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    wait_for(&lines, "stopped watching");
    assert!(child.wait().expect("watch exits").success());
}

/// Proves: `deckhand init` writes a repository that builds as it is (a
/// project file, a starter outline that includes a shared scene and ends
/// with a closing slide, a .gitignore for out/ and the sample CI
/// workflow), and a second `init` replaces nothing.
#[test]
fn init_writes_a_repository_that_builds() {
    let w = Workshop::new();
    let run = w.run(&["init", "team"]).assert_success();
    assert_eq!(
        run.stdout,
        "\
wrote team/deckhand.yaml
wrote team/decks/first-workshop.yaml
wrote team/_library/scenes/love-actually-gift-wrap.yaml
wrote team/.gitignore
wrote team/.github/workflows/decks.yml
next: deckhand build team/decks (and `git init` to keep it in git)
"
    );
    assert_eq!(
        w.read("team/.gitignore"),
        b"out/\n# Films are large and licensed: each trainer keeps their own copies.\nclips/\n"
    );
    assert_eq!(
        w.read("team/.github/workflows/decks.yml"),
        std::fs::read(crate::workshop::repo().join("docs/ci/github-actions.yml"))
            .expect("the sample")
    );
    let build = crate::workshop::run_in(&w.path("team"), &["build", "decks/", "-o", "out"]);
    let build = build.assert_success();
    assert!(
        build.stderr.contains("1 outline, 4 files, 0 failed"),
        "{}",
        build.stderr
    );
    // The film is not in git, as the CI workflow's `deckhand check decks/` finds it.
    let check = crate::workshop::run_in(&w.path("team"), &["check", "decks/"]).assert_success();
    assert!(
        check.stderr.contains(
            "warning: the film `../../clips/love-actually.mp4` is not here: the slides link to it where the outline names it"
        ),
        "{}",
        check.stderr
    );
    let presenting = crate::workshop::run_in(&w.path("team"), &["check", "--films", "decks/"]);
    assert_eq!(presenting.code, Some(1), "{}", presenting.stderr);
    let slides = w.pdf_text("team/out/first-workshop-slides.pdf");
    assert!(slides.contains("Love Actually"), "{slides}");
    // It ends with the outline's closing slide.
    let pages = w.pdf_page_texts("team/out/first-workshop-slides.pdf");
    let last = pages.last().expect("slides");
    assert!(
        last.contains("Thank you") && last.contains("trainer@example.com"),
        "{last}"
    );
    assert!(slides.contains("Your Name"), "{slides}");
    assert!(slides.contains("Version 1.0"), "{slides}");

    w.write("team/decks/first-workshop.yaml", "title: Mine\n");
    let again = w.run(&["init", "team"]);
    assert_fails_with(
        &again,
        "error: `team/deckhand.yaml` already exists; nothing was written, and no file is ever replaced\n",
    );
    assert_eq!(w.read("team/decks/first-workshop.yaml"), b"title: Mine\n");
}

/// Proves: a section or block that no variant keeps (`only: []`, an
/// `except` naming every variant, an `only` its `except` undoes) is a
/// warning at that `only` or `except`, and the outline still checks.
#[test]
fn a_section_or_block_in_no_variant_is_a_warning_at_its_line() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Cuts
variants:
  short: {}
  full: {}
sections:
  - title: Kept
    blocks:
      - quote: {text: Hi}
      - quote: {text: Nowhere, only: []}
      - quote: {text: Excepted, except: [short, full]}
      - quote: {text: Undone, only: [short], except: [short]}
  - title: Dropped
    except: [full, short]
    blocks:
      - quote: {text: In a dropped section, only: []}
",
    );
    let run = w.run(&["check", "talk.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "talk.yaml:9:38: warning: this block is in no variant, so no document shows it",
            "talk.yaml:10:41: warning: this block is in no variant, so no document shows it",
            "talk.yaml:11:37: warning: this block is in no variant, so no document shows it",
            "talk.yaml:13:13: warning: this section is in no variant, so no document shows it",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= help: `only: []` names no variant; name the cuts that show it, like `only: [short]`, or remove it"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= help: its `except` names every variant (`short`, `full`); remove one from it, or remove the block"),
        "{}",
        run.stderr
    );
}

/// Proves: an empty project file, or one of comments only, means "no
/// defaults": the outline beside it builds, and `-v` names the file used.
#[test]
fn an_empty_or_comment_only_project_file_means_no_defaults() {
    for project in [
        "",
        "\n",
        "# Defaults come later.\n\n# (none yet)\n",
        "---\n",
    ] {
        let w = Workshop::new().file("deckhand.yaml", project).outline(
            "talk.yaml",
            "title: T\nsections:\n  - title: A\n    blocks:\n      - quote: {text: Hi}\n",
        );
        let run = w.run(&["check", "talk.yaml"]);
        assert_eq!(run.code, Some(0), "{project:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("checked 1 outline: no problems"),
            "{project:?}: {}",
            run.stderr
        );
        w.run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
            .assert_success();
        assert!(w.pdf_text("out/talk-slides.pdf").contains("Hi"));
    }
}
