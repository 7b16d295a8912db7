//! Nothing lost: outputs are replaced whole or not at all, even when a build is killed or cannot write.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::*;

const OUTPUTS: [&str; 4] = [
    "talk-slides.pdf",
    "talk-slides.pdfpc",
    "talk-handout.pdf",
    "talk-guide.pdf",
];

fn outline(title: &str) -> String {
    format!(
        "title: {title}\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Hello\n          notes: Note\n      - lesson:\n          title: Listen\n          points: [One, Two]\n"
    )
}

fn read_outputs(dir: &Path) -> Vec<Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|name| std::fs::read(dir.join(name)).expect("output"))
        .collect()
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("out")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".deckhand-tmp"))
        .collect()
}

/// Proves: a build killed at any moment leaves each earlier output either
/// as it was or wholly replaced, and the next build removes what it left.
#[test]
fn a_killed_build_leaves_every_output_old_or_new() {
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let fresh = work.path().join("fresh");
    std::fs::write(work.path().join("talk.yaml"), outline("New")).expect("write");
    let started = Instant::now();
    let built = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "fresh"]);
    let build_time = started.elapsed();
    assert!(built.status.success(), "{}", stderr(&built));
    let new = read_outputs(&fresh);

    std::fs::write(work.path().join("talk.yaml"), outline("Old")).expect("write");
    let built = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let old = read_outputs(&out);
    assert!(old != new);

    std::fs::write(work.path().join("talk.yaml"), outline("New")).expect("write");
    // Kills spread over the whole build, the last ones around the writes.
    let steps = 10u32;
    let mut replaced = 0;
    for step in 0..steps {
        let delay = build_time * step / (steps - 2);
        let mut child = Command::new(env!("CARGO_BIN_EXE_deckhand"))
            .args(["build", "talk.yaml", "-o", "out"])
            .current_dir(work.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("deckhand starts");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        for (index, name) in OUTPUTS.iter().enumerate() {
            let now = std::fs::read(out.join(name)).expect("an output never disappears");
            assert!(
                now == old[index] || now == new[index],
                "{name} is neither the old nor the new file after a kill at {delay:?}"
            );
            if now == new[index] {
                replaced += 1;
            }
        }
    }
    println!(
        "kills: {steps}, outputs found replaced: {replaced} of {}",
        steps * 4
    );
    let finished = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    assert!(finished.status.success(), "{}", stderr(&finished));
    assert_eq!(read_outputs(&out), new);
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

/// Proves: a temporary file left by a killed build is cleaned up by the next one.
#[test]
fn stale_temporary_files_are_removed_by_the_next_build() {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("talk.yaml"), outline("T")).expect("write");
    let out = work.path().join("out");
    std::fs::create_dir(&out).expect("out");
    for name in [
        ".talk-guide.pdf.deckhand-tmp",
        ".talk-slides.pdfpc.deckhand-tmp",
    ] {
        std::fs::write(out.join(name), b"half a file").expect("stale");
    }
    let built = deckhand_in(
        work.path(),
        &["build", "talk.yaml", "-o", "out", "--only", "slides"],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

/// Proves: `-o` naming a file is a clear error, exit 1, and the file is kept.
#[test]
fn output_that_is_a_file_is_a_clear_error() {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("talk.yaml"), outline("T")).expect("write");
    std::fs::write(work.path().join("notes.txt"), b"mine").expect("write");
    let output = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "notes.txt"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "talk.yaml: error: the output folder `notes.txt` is a file; name a folder with `-o`"
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read(work.path().join("notes.txt")).expect("kept"),
        b"mine"
    );
}

/// Proves: a read-only output folder is a clear error and keeps its files.
#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("talk.yaml"), outline("T")).expect("write");
    let out = work.path().join("out");
    std::fs::create_dir(&out).expect("out");
    std::fs::write(out.join("talk-slides.pdf"), b"old").expect("write");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    if std::fs::write(out.join("probe"), b"x").is_ok() {
        // Root (as in CI containers) writes through permissions.
        println!("skipped: permissions do not stop this user (root) from writing");
        let _ = std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755));
        return;
    }
    let output = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    let _ = std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("(permission denied)"), "{err}");
    assert_eq!(
        std::fs::read(out.join("talk-slides.pdf")).expect("kept"),
        b"old"
    );
}

/// Proves: a full disk is a clear error, exit 1 (Linux: an 8 KiB tmpfs, when mountable).
#[test]
fn writes_map_a_full_disk_to_a_clear_message() {
    // The writer's mapping of ENOSPC is unit-tested in src/output.rs with
    // /dev/full; here the message reaches the user through the binary when
    // a tiny file system can be mounted (root in a container may not).
    let work = tempfile::tempdir().expect("temp dir");
    let small = work.path().join("small");
    std::fs::create_dir(&small).expect("dir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8k", "tmpfs"])
        .arg(&small)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("skipped: cannot mount a small tmpfs here; see output::tests");
        return;
    }
    std::fs::write(work.path().join("talk.yaml"), outline("T")).expect("write");
    let output = deckhand_in(
        work.path(),
        &[
            "build",
            "talk.yaml",
            "-o",
            small.to_str().unwrap_or_default(),
        ],
    );
    let _ = Command::new("umount").arg(&small).status();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("(the disk is full)"), "{err}");
}
