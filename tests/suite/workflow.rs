//! The authoring loop: watch, folders, `build --check`, and the command line's comforts.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use crate::workshop::Workshop;

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
    let message = &run.stderr;
    assert!(message.contains("b-bad.yaml:"), "{message}");
    assert!(
        message.contains("3 outlines, 8 files, 1 failed"),
        "{message}"
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
    // No progress bar when stderr is not a terminal.
    assert!(!message.contains("outlines  "), "{message}");
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
    let message = &verbose.stderr;
    assert!(message.contains("slides rendered in"), "{message}");
    assert!(message.contains("guide rendered in"), "{message}");
    assert!(message.contains("read "), "{message}");
    assert!(verbose.stdout.contains("wrote "), "{}", verbose.stdout);
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
        let script = w.run(&["completions", shell]).assert_success();
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

/// Proves: watch builds, rebuilds after an edit, keeps the last good PDF after a
/// broken edit, rebuilds after the fix, and stops cleanly on Ctrl-C (SIGINT).
#[test]
fn watch_rebuilds_on_change_and_keeps_good_output_on_error() {
    let w = Workshop::new().copy_fixture_as("facilitator-text-stays-in-guide.yaml", "talk.yaml");
    let mut child = w
        .command(&["watch", "talk.yaml", "-o", "out", "--only", "slides"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let lines = lines_of(child.stderr.take().expect("stderr piped"));
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
