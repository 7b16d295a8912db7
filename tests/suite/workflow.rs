//! The authoring loop: watch, folders, `build --check`, and the command line's comforts.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use crate::workshop::{Workshop, fixture};

/// Proves: `build --check` passes on fresh outputs, fails naming the file after an edit,
/// and never writes.
#[test]
fn build_check_names_outputs_that_are_out_of_date() {
    let w = Workshop::new().copy_fixture_as("facilitator-text-stays-in-guide.yaml", "talk.yaml");
    let build = ["build", "talk.yaml", "-o", "out"];
    let check = ["build", "talk.yaml", "-o", "out", "--check"];
    w.run(&build).assert_success();
    let fresh = w.run(&check).assert_success();
    assert!(
        fresh.stderr.contains("1 outline, 0 out of date, 0 failed"),
        "{}",
        fresh.stderr
    );

    let before = w.read("out/talk-slides.pdf");
    let text = String::from_utf8(w.read("talk.yaml")).expect("UTF-8");
    w.write(
        "talk.yaml",
        text.replace("Separation test", "Separation test, edited"),
    );
    let stale = w.run(&check);
    assert_eq!(stale.code, Some(1));
    let message = &stale.stderr;
    assert!(
        message.contains("talk-slides.pdf: error: out of date"),
        "{message}"
    );
    assert!(
        message.contains("talk-handout.pdf: error: out of date"),
        "{message}"
    );
    assert!(message.contains("3 out of date"), "{message}");
    assert_eq!(w.read("out/talk-slides.pdf"), before, "--check wrote");

    std::fs::remove_file(w.path("out/talk-guide.pdf")).expect("guide removed");
    w.write("talk.yaml", text);
    let missing = w.run(&check);
    assert_eq!(missing.code, Some(1));
    assert!(
        missing
            .stderr
            .contains("talk-guide.pdf: error: out of date"),
        "{}",
        missing.stderr
    );
    assert!(
        missing.stderr.contains("1 out of date"),
        "{}",
        missing.stderr
    );
}

/// Proves: a folder builds every outline; one bad outline fails alone, with exit 1.
#[test]
fn a_bad_outline_in_a_folder_does_not_stop_the_others() {
    let w = Workshop::new()
        .copy_fixture_as("facilitator-text-stays-in-guide.yaml", "a-good.yaml")
        .copy_fixture_as("bad/year-not-a-number.yaml", "b-bad.yaml")
        .copy_fixture_as("typst-syntax-stays-literal.yaml", "c-good.yaml");
    let run = w.run(&["build", ".", "-o", "out"]);
    assert_eq!(run.code, Some(1));
    // The bad outline's error and the summary, and nothing else: no
    // progress bar when stderr is not a terminal.
    assert_eq!(
        without_durations(&run.stderr),
        "./b-bad.yaml:9:17: error: `soon` is not a year (write it in digits, like `2003`)\n  \
         |\n\
         9 |           year: soon\n  \
         |                 ^^^^\n\
         3 outlines, 8 files, 1 failed, _ s\n"
    );
    let written = w.files("out");
    for stem in ["a-good", "c-good"] {
        assert!(
            written.contains(&format!("{stem}-guide.pdf")),
            "{written:?}"
        );
    }
    assert!(
        !written.iter().any(|name| name.starts_with("b-bad")),
        "{written:?}"
    );
}

/// Proves: --quiet prints only problems, --verbose adds timings and inputs.
#[test]
fn quiet_and_verbose_change_what_is_printed() {
    let w = Workshop::new().copy_fixture_as("facilitator-text-stays-in-guide.yaml", "talk.yaml");
    let quiet = w
        .run(&["build", "talk.yaml", "-o", "out", "--quiet"])
        .assert_success();
    assert!(
        quiet.stdout.is_empty() && quiet.stderr.is_empty(),
        "{quiet:?}"
    );
    let verbose = w.run(&["build", "talk.yaml", "-o", "out", "-v"]);
    assert_eq!(
        without_durations(&verbose.stderr),
        "talk.yaml: talk-slides rendered in _ ms\n\
         talk.yaml: talk-handout rendered in _ ms\n\
         talk.yaml: talk-guide rendered in _ ms\n\
         talk.yaml: read talk.yaml\n\
         1 outline, 4 files, 0 failed, _ s\n"
    );
    assert_eq!(
        verbose.stdout,
        "wrote out/talk-slides.pdf\nwrote out/talk-slides.pdfpc\nwrote out/talk-handout.pdf\nwrote out/talk-guide.pdf\n"
    );
}

/// `text` with each duration (a number before `ms` or `s`) written `_`.
fn without_durations(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split(' ').collect();
        let kept: Vec<&str> = words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                let unit = words.get(i + 1).is_some_and(|u| *u == "ms" || *u == "s");
                if unit && word.parse::<f64>().is_ok() {
                    "_"
                } else {
                    word
                }
            })
            .collect();
        lines.push(kept.join(" ") + "\n");
    }
    lines.concat()
}

/// Proves: --version, completions for four shells, and examples in every command's help.
#[test]
fn version_completions_and_help() {
    let w = Workshop::new();
    let version = w.run(&["--version"]);
    assert_eq!(
        version.stdout.trim(),
        format!("deckhand {}", env!("CARGO_PKG_VERSION"))
    );
    for (shell, marker) in [
        ("bash", "_deckhand()"),
        ("zsh", "#compdef deckhand"),
        ("fish", "complete -c deckhand"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        // clap_complete writes the script: compared by what deckhand controls.
        let script = w.run_unchecked(&["completions", shell]).assert_success();
        assert_eq!(script.stderr, "", "{shell}");
        assert!(script.stdout.contains(marker), "{shell}");
        assert!(
            script.stdout.contains("watch"),
            "{shell} completes subcommands"
        );
    }
    for command in [
        "build",
        "check",
        "watch",
        "new",
        "init",
        "schema",
        "themes",
        "completions",
    ] {
        let help = w.run(&[command, "--help"]);
        assert!(
            help.stdout.contains("Example"),
            "`{command} --help` shows an example"
        );
    }
}

/// Reads a child's stderr lines on a thread, so a test can wait for one; the
/// wait gives up after a minute, so a broken `watch` fails instead of hanging.
pub(crate) fn lines_of(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

pub(crate) fn wait_for(lines: &mpsc::Receiver<String>, wanted: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let done = line.contains(wanted);
                seen.push(line);
                if done {
                    return seen;
                }
            }
            Err(_) => panic!("no line with `{wanted}` after {seen:?}"),
        }
    }
}

/// Starts `deckhand ARGS` (a `watch`) in the workshop's folder, with its
/// stderr as lines to wait for.
pub(crate) fn watch(w: &Workshop, args: &[&str]) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut child = w
        .command(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let lines = lines_of(child.stderr.take().expect("stderr piped"));
    (child, lines)
}

/// Proves: watch builds, rebuilds after an edit, keeps the last good PDF after a
/// broken edit, rebuilds after the fix, and stops cleanly on Ctrl-C (SIGINT).
#[test]
fn watch_rebuilds_on_change_and_keeps_good_output_on_error() {
    let w = Workshop::new().copy_fixture_as("facilitator-text-stays-in-guide.yaml", "talk.yaml");
    let (mut child, lines) = watch(&w, &["watch", "talk.yaml", "-o", "out", "--only", "slides"]);
    wait_for(&lines, "watching 1 outline");
    let slides = "out/talk-slides.pdf";
    assert!(w.pdf_text(slides).contains("Separation test"));

    let text = String::from_utf8(w.read("talk.yaml")).expect("UTF-8");
    w.write(
        "talk.yaml",
        text.replace("Separation test", "Rebuilt title"),
    );
    let seen = wait_for(&lines, "rebuilt talk in");
    assert_eq!(seen.len(), 1, "one line per rebuild: {seen:?}");
    assert!(w.pdf_text(slides).contains("Rebuilt title"));

    let good = w.read(slides);
    w.write("talk.yaml", text.replace("duration: 20min", "duration: ["));
    let seen = wait_for(&lines, "talk failed");
    assert!(seen.iter().any(|l| l.contains("talk.yaml:")), "{seen:?}");
    assert_eq!(w.read(slides), good);

    w.write("talk.yaml", text.replace("Separation test", "Fixed title"));
    wait_for(&lines, "rebuilt talk in");
    assert!(w.pdf_text(slides).contains("Fixed title"));

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    wait_for(&lines, "stopped watching");
    let status = child.wait().expect("watch exits");
    assert!(status.success(), "{status:?}");
}

/// Proves: a film in a folder that does not exist yet (a fresh `deckhand
/// init`, whose films are not copied in) does not stop `watch`: it builds
/// with the film's warning, and when the folder and the film are copied
/// in, it rebuilds and the warning is gone.
#[test]
fn watch_starts_before_the_films_folder_exists_and_sees_it_made() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Films\nsections:\n  - title: A\n    blocks:\n      - scene:\n          film: Counting\n          video: clips/twelve-seconds.mp4\n          minutes: 5\n",
    );
    let (mut child, lines) = watch(&w, &["watch", "talk.yaml", "-o", "out", "--only", "slides"]);
    let seen = wait_for(&lines, "watching 1 outline");
    assert!(
        seen.iter()
            .any(|l| l.contains("the film `clips/twelve-seconds.mp4` is not here")),
        "{seen:?}"
    );
    let film = std::fs::read(fixture("videos/twelve-seconds.mp4")).expect("the fixture film");
    w.write("clips/twelve-seconds.mp4", film);
    let seen = wait_for(&lines, "rebuilt talk in");
    assert!(!seen.iter().any(|l| l.contains("is not here")), "{seen:?}");
    child.kill().expect("watch is stopped");
    child.wait().expect("watch exits");
}

/// Proves: when the watched folder is deleted and made again (a `git
/// checkout` of another branch, say), watch says so, builds what comes
/// back, and goes on hearing edits.
#[test]
fn watch_survives_its_folder_being_removed_and_made_again() {
    let outline = |title: &str| {
        format!(
            "title: {title}\nsections:\n  - title: A\n    blocks:\n      - quote: {{text: Hello}}\n"
        )
    };
    let w = Workshop::new().outline("decks/talk.yaml", &outline("First"));
    let (mut child, lines) = watch(&w, &["watch", "decks", "-o", "out", "--only", "slides"]);
    wait_for(&lines, "watching 1 outline");
    std::fs::remove_dir_all(w.path("decks")).expect("remove the folder");
    wait_for(&lines, "decks is gone; watching for it to come back");
    w.write("decks/talk.yaml", outline("Second"));
    wait_for(&lines, "rebuilt talk in");
    assert!(w.pdf_text("out/talk-slides.pdf").contains("Second"));
    w.write("decks/talk.yaml", outline("Third"));
    wait_for(&lines, "rebuilt talk in");
    assert!(w.pdf_text("out/talk-slides.pdf").contains("Third"));
    let _ = child.kill();
    let _ = child.wait();
}

/// Proves: a rebuild prints a warning again only when it is new or
/// changed, and otherwise counts it.
#[test]
fn watch_prints_a_warning_once_then_counts_it() {
    let outline = |title: &str| {
        format!(
            "title: {title}\nduration: 30min\nsections:\n  - title: A\n    blocks:\n      - quote: {{text: Hello, minutes: 5}}\n"
        )
    };
    let w = Workshop::new().outline("talk.yaml", &outline("First"));
    let (mut child, lines) = watch(&w, &["watch", "talk.yaml", "-o", "out", "--only", "slides"]);
    let first = wait_for(&lines, "watching 1 outline");
    assert!(
        first
            .iter()
            .any(|l| l.contains("warning: the blocks add up to 5 min")),
        "{first:?}"
    );
    w.write("talk.yaml", outline("Second"));
    let second = wait_for(&lines, "rebuilt talk in");
    assert!(!second.iter().any(|l| l.contains("warning:")), "{second:?}");
    assert!(
        second.iter().any(|l| l == "talk.yaml: 1 warning as before"),
        "{second:?}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// Proves: `deckhand schema | head -1` and `deckhand completions bash | head`
/// end quietly when the reader stops early: no panic, exit 0.
#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    for args in [
        &["schema"][..],
        &["completions", "bash"],
        &["schema", "--template-data"],
    ] {
        let mut child = Workshop::new()
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("deckhand starts");
        let mut first = [0u8; 1];
        let mut stdout = child.stdout.take().expect("stdout piped");
        stdout.read_exact(&mut first).expect("a first byte");
        drop(stdout);
        let output = child.wait_with_output().expect("deckhand ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// Proves: `deckhand new` makes the folders the new outline goes in.
#[test]
fn new_makes_the_folders_it_needs() {
    let w = Workshop::new();
    let run = w
        .run(&["new", "decks/today/workshop.yaml"])
        .assert_success();
    assert_eq!(
        run.stdout,
        "wrote decks/today/workshop.yaml\nnext: deckhand build decks/today/workshop.yaml\n"
    );
    w.run(&["check", "decks/today/workshop.yaml"])
        .assert_success();
}

/// Proves: page images of an earlier, longer PNG build are removed by the
/// next build (only files of the outline's own naming) and counted by
/// `build --check`.
#[test]
fn png_pages_of_a_longer_build_are_removed_and_checked() {
    let two = "title: T\nsections:\n  - title: A\n    blocks:\n      - quote: {text: a}\n      - quote: {text: b}\n";
    let w = Workshop::new()
        .outline("t.yaml", two)
        .file("out/other-slides-09.png", "another outline's page");
    let png = [
        "build", "t.yaml", "-o", "out", "--format", "png", "--only", "slides", "--ppi", "20",
    ];
    w.run(&png).assert_success();
    assert!(w.path("out/t-slides-05.png").is_file());
    w.write("t.yaml", two.replace("      - quote: {text: b}\n", ""));
    let mut check = png.to_vec();
    check.push("--check");
    let run = w.run(&check);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with("out/t-slides-05.png: error: left over from an earlier build of t.yaml with more pages\n"),
        "{}",
        run.stderr
    );
    let run = w.run(&png).assert_success();
    assert!(
        run.stdout
            .contains("removed out/t-slides-05.png (an earlier build had more pages)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        w.files("out"),
        [
            "other-slides-09.png",
            "t-slides-01.png",
            "t-slides-02.png",
            "t-slides-03.png",
            "t-slides-04.png"
        ]
    );
    w.run(&check).assert_success();
}

/// Proves: a rebuild whose handout gains pages gives the guide the new page
/// count (watch starts the guide with the last build's count, and lays it
/// out again when the handout's changed): the guide is byte for byte the
/// one a fresh build makes.
#[test]
fn watch_gives_the_guide_the_handouts_new_page_count() {
    let questions = |sets: usize| -> String {
        let mut yaml = String::from("title: Talk\nsections:\n  - title: Questions\n    blocks:\n");
        for n in 0..sets {
            yaml.push_str(&format!(
                "      - questions:\n          ask: [What did the agent promise in call {n}?, What would you say?]\n"
            ));
        }
        yaml
    };
    let w = Workshop::new().outline("talk.yaml", &questions(1));
    let (mut child, lines) = watch(
        &w,
        &[
            "watch",
            "talk.yaml",
            "-o",
            "out",
            "--only",
            "handout",
            "--only",
            "guide",
        ],
    );
    wait_for(&lines, "watching 1 outline");
    let guide = w.pdf_text("out/talk-guide.pdf");
    assert!(
        guide.contains("Print the handout, one per participant (1 page, A4)"),
        "{guide}"
    );

    w.write("talk.yaml", questions(12));
    wait_for(&lines, "rebuilt talk in");
    let pages = w.pdf_pages("out/talk-handout.pdf");
    assert!(pages > 1, "{pages}");
    let guide = w.pdf_text("out/talk-guide.pdf");
    let said = format!("Print the handout, one per participant ({pages} pages, A4)");
    assert!(guide.contains(&said), "{said} in {guide}");
    let watched = w.read("out/talk-guide.pdf");
    let _ = child.kill();
    let _ = child.wait();

    w.run(&["build", "talk.yaml", "-o", "fresh", "--only", "guide"])
        .assert_success();
    assert!(watched == w.read("fresh/talk-guide.pdf"), "the same guide");
}
