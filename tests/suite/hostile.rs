//! Hostile and careless input: nothing hangs, nothing runs out of memory, every limit says its number.

use crate::workshop::Workshop;

const BUILD: [&str; 4] = ["build", "talk.yaml", "-o", "out"];

/// An outline using the theme folder `my-theme`.
const THEMED: &str = "title: T\ntheme: ./my-theme\nsections:\n  - title: A\n    blocks:\n      - quote: {text: Hi}\n";

/// A folder with a theme exported from classic whose `slides.typ` starts with `line`.
fn theme_starting_with(line: &str) -> Workshop {
    let w = Workshop::new().outline("talk.yaml", THEMED);
    w.run(&["themes", "export", "classic", "my-theme"])
        .assert_success();
    let slides = String::from_utf8(w.read("my-theme/slides.typ")).expect("UTF-8");
    w.write("my-theme/slides.typ", format!("{line}\n{slides}"));
    w
}

/// Proves: a theme whose code would take gigabytes (a `range` of a hundred
/// million, an array repeated two billion times) is stopped at the memory
/// limit with a message naming it, exit 1, nothing written.
#[test]
fn theme_code_that_would_take_gigabytes_is_stopped() {
    for line in ["#let x = range(100000000)", "#let x = (1,) * 2000000000"] {
        let w = theme_starting_with(line);
        let run = w.run(&BUILD);
        assert_eq!(run.code, Some(1), "{line}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            "error: the theme `./my-theme` needs more than 1024 MiB of memory; stopped, nothing written\n \
             = help: a theme's template that makes a huge list or text (a `range` or `repeat` of millions) is the usual cause\n \
             = help: a very large workshop may set `DECKHAND_MEMORY_LIMIT` (MiB) higher\n",
            "{line}"
        );
        assert!(!w.path("out").exists(), "{line}: output written");
    }
}

/// Proves: a theme that asks for 4 GB at once in every document (a string
/// repeated 4e9 times in `common.typ`), on a machine whose system
/// allocator refuses that much (a 3 GB address space), prints deckhand's
/// message alone: not the allocator's "memory allocation of 4000000016
/// bytes failed" and a backtrace, which the second document's request
/// printed when it went on to the system while the first was reported.
#[test]
fn a_theme_asking_for_gigabytes_prints_only_the_clean_error() {
    let w = Workshop::new().outline("talk.yaml", THEMED);
    w.run(&["themes", "export", "classic", "my-theme"])
        .assert_success();
    let common = String::from_utf8(w.read("my-theme/common.typ")).expect("UTF-8");
    w.write(
        "my-theme/common.typ",
        format!("#let _huge = \"a\" * 4000000000\n{common}"),
    );
    let run = w.run_behind(&["prlimit", "--as=3000000000"], &BUILD);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: the theme `./my-theme` needs more than 1024 MiB of memory; stopped, nothing written\n \
         = help: a theme's template that makes a huge list or text (a `range` or `repeat` of millions) is the usual cause\n \
         = help: a very large workshop may set `DECKHAND_MEMORY_LIMIT` (MiB) higher\n"
    );
    assert!(!w.path("out").exists());
}

/// A loop of a million million turns: it never ends in a test's time.
const NEVER_ENDS: &str = "#for i in range(1000000) { for j in range(1000000) { } }";

/// What deckhand says when the theme's code ran past `seconds`.
fn took_more_than(seconds: u32) -> String {
    format!(
        "error: the theme `./my-theme` took more than {seconds} s to render the documents; stopped, nothing written\n \
         = help: look for a loop in its templates that never ends\n \
         = help: the documents of a run share this time; `--time-limit SECONDS` allows more\n"
    )
}

/// Proves: a theme whose loops never end is stopped at `--time-limit`,
/// naming the theme, exit 1, nothing written.
#[test]
fn theme_code_that_never_ends_is_stopped() {
    let w = theme_starting_with(NEVER_ENDS);
    let run = w.run(&["build", "talk.yaml", "-o", "out", "--time-limit", "2"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr, took_more_than(2));
    assert!(!w.path("out").exists());
}

/// Proves: with no `--time-limit`, a theme whose code never ends stops the
/// whole run at 30 s, the brief's bound (it was 60 s for each document, one
/// after another or side by side), with the same message, exit 1, nothing
/// written.
#[test]
fn theme_code_that_never_ends_stops_the_run_at_30_seconds_by_default() {
    let w = theme_starting_with(NEVER_ENDS);
    let run = w.run(&BUILD);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr, took_more_than(30));
    assert!(!w.path("out").exists());
}

/// Proves: a theme folder holding a named pipe, folders nested deeper than
/// it needs, or a sparse file of gigabytes is refused at the `theme:` line
/// without reading the pipe or the file.
#[cfg(unix)]
#[test]
fn theme_folders_that_never_end_are_refused() {
    let w = Workshop::new()
        .outline("talk.yaml", THEMED)
        .file("my-theme/theme.typ", "#let palette = (:)\n");
    let pipe = w.path("my-theme/pipe.typ");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = w.run(&BUILD);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with("talk.yaml:2:8: error: cannot use the theme folder: `my-theme/pipe.typ` is not a regular file (a pipe or a device); a theme folder holds files\n"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&pipe).expect("remove the pipe");

    let deep: String = (0..20).map(|i| format!("d{i}/")).collect();
    w.write(&format!("my-theme/{deep}x.typ"), "");
    let run = w.run(&BUILD);
    assert!(
        run.stderr
            .contains("error: cannot use the theme folder: the theme folder `my-theme` has folders nested more than 8 deep"),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(w.path("my-theme/d0")).expect("remove");

    let sparse = std::fs::File::create(w.path("my-theme/huge.bin")).expect("create");
    sparse.set_len(3 << 30).expect("a sparse file");
    let run = w.run(&BUILD);
    assert!(
        run.stderr.contains(
            "error: cannot use the theme folder: the theme folder `my-theme` holds more than 64 MB"
        ),
        "{}",
        run.stderr
    );
    assert!(!w.path("out").exists());
}

/// Proves: a `SOURCE_DATE_EPOCH` that is no date is an error, not a PDF
/// silently dated 2000-12-04.
#[test]
fn a_source_date_epoch_out_of_range_is_an_error() {
    let w = Workshop::new().outline(
        "talk.yaml",
        THEMED.replace("theme: ./my-theme\n", "").as_str(),
    );
    let run = w.run_with_env(&BUILD, &[("SOURCE_DATE_EPOCH", "99999999999999999")]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `SOURCE_DATE_EPOCH=99999999999999999` is not a date deckhand can use: it should be the seconds since 1970 of a day in the years 1000 to 9999\n"
    );
    assert!(!w.path("out").exists());
}

/// Proves: a list of 20,000 questions (40 KB of text) is refused at its line
/// in well under a second instead of taking gigabytes to lay out; so are
/// aliases that copy a long block many times.
#[test]
fn many_small_items_are_bounded() {
    let mut yaml = String::from(
        "title: Many\nsections:\n  - title: A\n    blocks:\n      - questions:\n          ask:\n",
    );
    for _ in 0..20_000 {
        yaml.push_str("            - q\n");
    }
    let w = Workshop::new().outline("talk.yaml", &yaml);
    let run = w.run(&["check", "talk.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "talk.yaml:7:13: error: this list has 20000 items, more than the limit of 100\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("checked 1 outline: 1 error\n"),
        "{}",
        run.stderr
    );

    // Within the alias budget: 48 aliases make 30 sections of 20 blocks of 99 questions.
    let questions = vec!["q"; 99].join(", ");
    let mut yaml = format!(
        "title: Aliases\nsections:\n  - &s\n    title: A\n    blocks:\n      - &b\n        questions:\n          ask: [{questions}]\n"
    );
    for _ in 0..19 {
        yaml.push_str("      - *b\n");
    }
    for _ in 0..29 {
        yaml.push_str("  - *s\n");
    }
    w.write("talk.yaml", &yaml);
    let run = w.run(&["check", "talk.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("error: the outline holds more than 20000 list items in all (aliases and includes counted)"),
        "{}",
        run.stderr
    );
}

/// Proves: fifty misspelt keys are fifty problems, each at its line, with no
/// invented one and none lost.
#[test]
fn fifty_unknown_keys_are_fifty_problems() {
    let mut yaml = String::from(
        "title: Typos\nsections:\n  - title: A\n    blocks:\n      - scene:\n          film: F\n",
    );
    for i in 0..50 {
        yaml.push_str(&format!("          wach_for{i}: x\n"));
    }
    let w = Workshop::new().outline("talk.yaml", &yaml);
    let run = w.run(&["check", "talk.yaml"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr.matches(": error: unknown key `wach_for").count(),
        50
    );
    for i in 0..50 {
        let line = 7 + i;
        assert!(
            run.stderr.contains(&format!(
                "talk.yaml:{line}:11: error: unknown key `wach_for{i}`"
            )),
            "{i}"
        );
    }
    assert!(
        run.stderr.ends_with("checked 1 outline: 50 errors\n"),
        "{}",
        run.stderr
    );
}

/// Proves: a list of texts takes plain words and numbers as text: `- No`
/// and `- 42` are questions, printed as written. (`- ~` is YAML's nothing:
/// an empty question, an error; see `tests/fixtures/bad/null-question.yaml`.)
#[test]
fn plain_words_and_numbers_are_text() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: 2024\nsections:\n  - title: Yes\n    blocks:\n      - questions:\n          ask: [No, 42, 1.50]\n      - scene:\n          film: Brazil\n          watch_for: [no, 2008]\n",
    );
    w.run(&BUILD).assert_success();
    let text = w.pdf_text("out/talk-slides.pdf");
    for written in ["2024", "Yes", "No", "42", "1.50", "no", "2008"] {
        assert!(text.contains(written), "{written} in {text}");
    }
}

/// Proves: an outline that cannot be read counts as a failed outline in
/// `check`'s summary, never as "no problems".
#[test]
fn an_unreadable_outline_is_counted_as_an_error() {
    let w = Workshop::new();
    let run = w.run(&["check", "missing.yaml"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "missing.yaml: error: cannot read `missing.yaml` (No such file or directory (os error 2))\nchecked 1 outline: 1 error\n"
    );
}

/// Proves: a word wider than the slide (an e-mail address in a section
/// title, a long compound in a lesson's title) is a warning at its block,
/// like a slide that runs over; the example decks have none.
#[test]
fn a_word_wider_than_the_slide_is_a_warning() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Wide\nsections:\n  - title: Write to customer.service.escalations.team@example-company.co.uk today\n    blocks:\n      - quote: {text: Hello}\n      - lesson:\n          title: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen\n          points: [ok]\n",
    );
    let run = w
        .run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "talk.yaml:3:12: warning: the slide for this section's divider has a word wider than the slide, cut off at its edge",
            "talk.yaml:6:9: warning: the slide for this lesson has a word wider than the slide, cut off at its edge",
        ]
    );
}

/// Proves: a theme folder holding a link back to itself, or to a folder
/// above the link, is refused naming the link that loops, not as folders
/// nested too deep.
#[cfg(unix)]
#[test]
fn a_theme_folder_link_that_loops_is_named() {
    let w = Workshop::new()
        .outline("talk.yaml", THEMED)
        .file("my-theme/theme.typ", "#let palette = (:)\n")
        .file("my-theme/parts/title.typ", "");
    std::os::unix::fs::symlink(".", w.path("my-theme/itself")).expect("a link");
    std::os::unix::fs::symlink("..", w.path("my-theme/parts/up")).expect("a link");
    let run = w.run(&BUILD);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "talk.yaml:2:8: error: cannot use the theme folder: `my-theme/itself` is a link back to a folder that holds it, so the folder never ends; remove the link\n"
        ),
        "{}",
        run.stderr
    );
    std::fs::remove_file(w.path("my-theme/itself")).expect("remove");
    let run = w.run(&BUILD);
    assert!(
        run.stderr.starts_with(
            "talk.yaml:2:8: error: cannot use the theme folder: `my-theme/parts/up` is a link back to a folder that holds it"
        ),
        "{}",
        run.stderr
    );
    assert!(!w.path("out").exists());
}

/// Proves: `deckhand new` over a link that leads nowhere says a link is
/// there (not "a file is in the way of the folder"), and writes nothing
/// through it.
#[cfg(unix)]
#[test]
fn new_over_a_dangling_link_says_a_link_is_there() {
    let w = Workshop::new();
    std::os::unix::fs::symlink("missing/target.yaml", w.path("w.yaml")).expect("a link");
    let run = w.run(&["new", "w.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "w.yaml: error: a link of that name is already there; deckhand new never replaces a file, nor writes through a link\n"
    );
    assert!(!w.path("missing").exists());
    assert!(w.path("w.yaml").is_symlink());
}

/// Proves: `--clips-relative-to` naming a regular file is a usage error
/// (exit 2) saying so; a folder that does not exist yet is fine.
#[test]
fn clips_relative_to_a_file_is_a_usage_error() {
    let w = Workshop::new()
        .outline("talk.yaml", &THEMED.replace("theme: ./my-theme\n", ""))
        .file("stick.txt", "not a folder");
    let run = w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "--clips-relative-to",
        "stick.txt",
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`stick.txt` is a file, not a folder; name the folder the slides will be copied into"
        ),
        "{}",
        run.stderr
    );
    assert!(!w.path("out").exists());
    w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "out",
        "--clips-relative-to",
        "usb/films",
    ])
    .assert_success();
}
