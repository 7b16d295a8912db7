//! The authoring loop: watch, folders, `build --check`, and the command line's comforts.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;

/// Copies a fixture outline into `dir` under `name`.
fn copy_fixture(fixture_name: &str, dir: &Path, name: &str) -> std::path::PathBuf {
    let to = dir.join(name);
    std::fs::copy(fixture(fixture_name), &to).expect("fixture copied");
    to
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

/// Proves: `build --check` passes on fresh outputs, fails naming the file after an edit,
/// and never writes.
#[test]
fn build_check_names_outputs_that_are_out_of_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outline = copy_fixture(
        "facilitator-text-stays-in-guide.yaml",
        dir.path(),
        "talk.yaml",
    );
    let out = dir.path().join("out");
    let args = |extra: &[&'static str]| {
        let mut args = vec!["build", path_str(&outline), "-o", path_str(&out)];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        deckhand_in(dir.path(), &args)
    };
    assert!(run(args(&[])).status.success());
    let fresh = run(args(&["--check"]));
    assert!(fresh.status.success(), "{}", stderr(&fresh));
    assert!(stderr(&fresh).contains("1 outline, 0 out of date, 0 failed"));

    let slides = out.join("talk-slides.pdf");
    let before = std::fs::read(&slides).expect("slides written");
    let text = std::fs::read_to_string(&outline).expect("outline");
    std::fs::write(
        &outline,
        text.replace("Separation test", "Separation test, edited"),
    )
    .expect("outline edited");
    let stale = run(args(&["--check"]));
    assert_eq!(stale.status.code(), Some(1));
    let message = stderr(&stale);
    assert!(
        message.contains("talk-slides.pdf: error: out of date"),
        "{message}"
    );
    assert!(
        message.contains("talk-handout.pdf: error: out of date"),
        "{message}"
    );
    assert!(message.contains("3 out of date"), "{message}");
    assert_eq!(
        std::fs::read(&slides).expect("slides kept"),
        before,
        "--check wrote"
    );

    std::fs::remove_file(out.join("talk-guide.pdf")).expect("guide removed");
    std::fs::write(&outline, text).expect("outline restored");
    let missing = run(args(&["--check"]));
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("talk-guide.pdf: error: out of date"));
    assert!(stderr(&missing).contains("1 out of date"));
}

/// Proves: a folder builds every outline; one bad outline fails alone, with exit 1.
#[test]
fn a_bad_outline_in_a_folder_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture(
        "facilitator-text-stays-in-guide.yaml",
        dir.path(),
        "a-good.yaml",
    );
    copy_fixture("bad/year-not-a-number.yaml", dir.path(), "b-bad.yaml");
    copy_fixture("typst-syntax-stays-literal.yaml", dir.path(), "c-good.yaml");
    let out = dir.path().join("out");
    let output = deckhand_in(dir.path(), &["build", ".", "-o", path_str(&out)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("b-bad.yaml:"), "{message}");
    assert!(
        message.contains("3 outlines, 8 files, 1 failed"),
        "{message}"
    );
    for stem in ["a-good", "c-good"] {
        assert!(out.join(format!("{stem}-guide.pdf")).exists());
    }
    assert!(!out.join("b-bad-slides.pdf").exists());
    // No progress bar when stderr is not a terminal.
    assert!(!message.contains("outlines  "), "{message}");
}

/// Proves: --quiet prints only problems, --verbose adds timings and inputs.
#[test]
fn quiet_and_verbose_change_what_is_printed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let quiet = build_fixture("facilitator-text-stays-in-guide.yaml", &out, &["--quiet"]);
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
    let verbose = build_fixture("facilitator-text-stays-in-guide.yaml", &out, &["-v"]);
    let message = stderr(&verbose);
    assert!(message.contains("slides rendered in"), "{message}");
    assert!(message.contains("guide rendered in"), "{message}");
    assert!(message.contains("read "), "{message}");
    assert!(String::from_utf8_lossy(&verbose.stdout).contains("wrote "));
}

/// Proves: --version, completions for four shells, and examples in every command's help.
#[test]
fn version_completions_and_help() {
    let version = deckhand(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("deckhand {}", env!("CARGO_PKG_VERSION"))
    );
    for (shell, marker) in [
        ("bash", "_deckhand()"),
        ("zsh", "#compdef deckhand"),
        ("fish", "complete -c deckhand"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = deckhand(&["completions", shell]);
        let text = String::from_utf8_lossy(&script.stdout);
        assert!(script.status.success() && text.contains(marker), "{shell}");
        assert!(text.contains("watch"), "{shell} completes subcommands");
    }
    for command in [
        "build",
        "check",
        "watch",
        "new",
        "schema",
        "themes",
        "completions",
    ] {
        let help = deckhand(&[command, "--help"]);
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(
            text.contains("Example"),
            "`{command} --help` shows an example"
        );
    }
}

/// Reads a child's stderr lines on a thread, so a test can wait for one with a timeout.
fn lines_of(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
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

fn wait_for(lines: &mpsc::Receiver<String>, wanted: &str) -> Vec<String> {
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
    let dir = tempfile::tempdir().expect("temp dir");
    let outline = copy_fixture(
        "facilitator-text-stays-in-guide.yaml",
        dir.path(),
        "talk.yaml",
    );
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_deckhand"))
        .args(["watch", "talk.yaml", "-o", "out", "--only", "slides"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let lines = lines_of(child.stderr.take().expect("stderr piped"));
    wait_for(&lines, "watching 1 outline");
    let slides = out.join("talk-slides.pdf");
    assert!(pdf_text(&slides).contains("Separation test"));

    let text = std::fs::read_to_string(&outline).expect("outline");
    std::fs::write(&outline, text.replace("Separation test", "Rebuilt title")).expect("edit");
    let seen = wait_for(&lines, "rebuilt talk in");
    assert_eq!(seen.len(), 1, "one line per rebuild: {seen:?}");
    assert!(pdf_text(&slides).contains("Rebuilt title"));

    let good = std::fs::read(&slides).expect("slides");
    std::fs::write(&outline, text.replace("duration: 20min", "duration: [")).expect("break");
    let seen = wait_for(&lines, "talk failed");
    assert!(seen.iter().any(|l| l.contains("talk.yaml:")), "{seen:?}");
    assert_eq!(std::fs::read(&slides).expect("slides kept"), good);

    std::fs::write(&outline, text.replace("Separation test", "Fixed title")).expect("fix");
    wait_for(&lines, "rebuilt talk in");
    assert!(pdf_text(&slides).contains("Fixed title"));

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    wait_for(&lines, "stopped watching");
    let status = child.wait().expect("watch exits");
    assert!(status.success(), "{status:?}");
}
