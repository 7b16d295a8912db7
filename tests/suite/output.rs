//! Nothing lost: outputs are replaced whole or not at all, even when a build is killed or cannot write.

use std::process::{Child, Command, Stdio};

use crate::workshop::Workshop;

const OUTPUTS: [&str; 4] = [
    "talk-slides.pdf",
    "talk-slides.pdfpc",
    "talk-handout.pdf",
    "talk-guide.pdf",
];

const BUILD: [&str; 4] = ["build", "talk.yaml", "-o", "out"];

fn outline(title: &str) -> String {
    format!(
        "title: {title}\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Hello\n          notes: Note\n      - lesson:\n          title: Listen\n          points: [One, Two]\n"
    )
}

/// The four outputs in the folder `out`, in the order of `OUTPUTS`.
fn read_outputs(w: &Workshop, out: &str) -> Vec<Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|name| w.read(&format!("{out}/{name}")))
        .collect()
}

fn temporaries(w: &Workshop) -> Vec<String> {
    let mut names = w.files("out");
    names.retain(|name| name.ends_with(".deckhand-tmp"));
    names
}

/// Kills `child` as soon as `ready` holds, or finds it finished by then.
fn kill_when(child: &mut Child, ready: impl Fn() -> bool) {
    while !ready()
        && child
            .try_wait()
            .expect("the build can be waited for")
            .is_none()
    {
        std::thread::yield_now();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Proves: a build killed as it starts, or as it writes any of its files,
/// leaves each earlier output either as it was or wholly replaced, and the
/// next build removes what it left.
#[test]
fn a_killed_build_leaves_every_output_old_or_new() {
    let w = Workshop::new().outline("talk.yaml", &outline("New"));
    w.run(&["build", "talk.yaml", "-o", "fresh"])
        .assert_success();
    let new = read_outputs(&w, "fresh");
    w.write("talk.yaml", outline("Old"));
    w.run(&BUILD).assert_success();
    let old = read_outputs(&w, "out");
    assert!(old != new);

    w.write("talk.yaml", outline("New"));
    // The kills are placed by what is on disk, not by a clock: at the start,
    // then once the 1st, 2nd, 3rd and 4th temporary file appear, when a
    // careless writer would have left a file torn. The old outputs are put
    // back before each.
    let mut replaced = 0;
    for written in 0..=OUTPUTS.len() {
        for (name, bytes) in OUTPUTS.iter().zip(&old) {
            w.write(&format!("out/{name}"), bytes);
        }
        for temporary in temporaries(&w) {
            std::fs::remove_file(w.path(&format!("out/{temporary}"))).expect("a stale file");
        }
        let mut child = w
            .command(&BUILD)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("deckhand starts");
        kill_when(&mut child, || temporaries(&w).len() >= written);
        for (index, name) in OUTPUTS.iter().enumerate() {
            let now = w.read(&format!("out/{name}"));
            assert!(
                now == old[index] || now == new[index],
                "{name} is neither the old nor the new file after a kill once {written} temporary files were there"
            );
            replaced += usize::from(now == new[index]);
        }
    }
    println!(
        "kills: {}, outputs found replaced: {replaced} of {}",
        OUTPUTS.len() + 1,
        (OUTPUTS.len() + 1) * OUTPUTS.len()
    );
    w.run(&BUILD).assert_success();
    assert_eq!(read_outputs(&w, "out"), new);
    assert!(temporaries(&w).is_empty(), "{:?}", temporaries(&w));
}

/// Proves: a temporary file left by a killed build is cleaned up by the next one.
#[test]
fn stale_temporary_files_are_removed_by_the_next_build() {
    let w = Workshop::new()
        .outline("talk.yaml", &outline("T"))
        .file("out/.talk-guide.pdf.deckhand-tmp", "half a file")
        .file("out/.talk-slides.pdfpc.deckhand-tmp", "half a file");
    w.run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    assert!(temporaries(&w).is_empty(), "{:?}", temporaries(&w));
}

/// Proves: `-o` naming a file is a clear error, exit 1, and the file is kept.
#[test]
fn output_that_is_a_file_is_a_clear_error() {
    let w = Workshop::new()
        .outline("talk.yaml", &outline("T"))
        .file("notes.txt", "mine");
    let run = w.run(&["build", "talk.yaml", "-o", "notes.txt"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "talk.yaml: error: the output folder `notes.txt` is a file; name a folder with `-o`"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(w.read("notes.txt"), b"mine");
}

/// Whether `unshare FLAGS` can start a program here: the tests below stage a
/// failure inside namespaces of deckhand's own.
#[cfg(unix)]
fn unshare_works(flags: &[&str]) -> bool {
    Command::new("unshare")
        .args(flags)
        .arg("true")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Proves: a read-only output folder is a clear error and keeps its files,
/// for root too: root writes through permissions, so as root deckhand runs
/// in a user namespace of its own, which has no such power over the folder.
#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workshop::new()
        .outline("talk.yaml", &outline("T"))
        .file("out/talk-slides.pdf", "old");
    let set_mode = |mode| {
        std::fs::set_permissions(w.path("out"), std::fs::Permissions::from_mode(mode))
            .expect("chmod");
    };
    set_mode(0o555);
    let permissions_bind = std::fs::write(w.path("out/probe"), "x").is_err();
    let run = if permissions_bind {
        w.run(&BUILD)
    } else {
        std::fs::remove_file(w.path("out/probe")).expect("the probe");
        let wrapper = ["unshare", "--user"];
        assert!(
            unshare_works(&wrapper[1..]),
            "running as root, and `unshare --user` is refused here: this test cannot make a write fail; run it as another user"
        );
        w.run_behind(&wrapper, &BUILD)
    };
    set_mode(0o755);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("talk.yaml: error: cannot write `out/talk-"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(permission denied)"), "{}", run.stderr);
    assert_eq!(w.files("out"), ["talk-slides.pdf"]);
    assert_eq!(w.read("out/talk-slides.pdf"), b"old");
}

/// Proves: a full disk is a clear error, exit 1: the output folder is an
/// 8 KiB tmpfs, mounted in a mount namespace of deckhand's own.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_clear_error() {
    let w = Workshop::new()
        .outline("talk.yaml", &outline("T"))
        .file("small/.keep", "");
    let wrapper = [
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        "sh",
        "-c",
        "mount -t tmpfs -o size=8k tmpfs small && exec \"$@\"",
        "sh",
    ];
    assert!(
        unshare_works(&wrapper[1..4]),
        "`unshare --user --map-root-user --mount` is refused here (user namespaces disabled?): this test cannot mount a small file system"
    );
    let run = w.run_behind(&wrapper, &["build", "talk.yaml", "-o", "small"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("talk.yaml: error: cannot write `small/talk-"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(the disk is full)"), "{}", run.stderr);
}

/// Proves: when one target's place is taken by a folder, the build fails
/// before replacing any file, so the outputs are never a mix of two builds.
#[test]
fn a_folder_in_one_targets_place_replaces_no_file() {
    let w = Workshop::new().outline("talk.yaml", &outline("Old"));
    w.run(&BUILD).assert_success();
    let old = read_outputs(&w, "out");
    std::fs::remove_file(w.path("out/talk-slides.pdfpc")).expect("remove");
    std::fs::create_dir(w.path("out/talk-slides.pdfpc")).expect("a folder in its place");
    w.write("talk.yaml", outline("New"));
    let run = w.run(&BUILD);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "talk.yaml: error: `out/talk-slides.pdfpc` is a folder, where one of this build's files goes; nothing was written\n1 outline, 0 files, 1 failed, 0.0 s\n"
            .replace("0.0 s", run.stderr.rsplit(", ").next().unwrap_or_default().trim_end()),
    );
    for (name, before) in OUTPUTS.iter().zip(&old) {
        if *name != "talk-slides.pdfpc" {
            assert_eq!(
                &w.read(&format!("out/{name}")),
                before,
                "{name} was replaced"
            );
        }
    }
    assert!(temporaries(&w).is_empty(), "{:?}", temporaries(&w));
}

/// Proves: two outlines whose files would share names in one output folder
/// are refused before anything is built; one outline named twice is built once.
#[test]
fn outlines_that_would_write_the_same_files_are_refused() {
    let w = Workshop::new()
        .outline("a/x.yaml", &outline("A"))
        .outline("b/x.yaml", &outline("B"))
        .outline("c/y.yaml", &outline("Y"))
        .outline("c/y.yml", &outline("Y too"));
    let run = w.run(&["build", "a/x.yaml", "b", "c", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `a/x.yaml` and `b/x.yaml` would write the same files (`x-slides.pdf`, …)\n = help: rename one of them, or build them into different folders with `-o`\n\
         error: `c/y.yaml` and `c/y.yml` would write the same files (`y-slides.pdf`, …)\n = help: rename one of them, or build them into different folders with `-o`\n"
    );
    assert!(!w.path("out").exists());
    let run = w
        .run(&["build", "a/x.yaml", "a", "./a/x.yaml", "-o", "out"])
        .assert_success();
    assert!(
        run.stderr.starts_with("1 outline, 4 files, 0 failed"),
        "{}",
        run.stderr
    );
}

/// Proves: two builds of one outline into one folder at the same time both
/// succeed, and the files they leave are whole PDFs.
#[test]
fn two_builds_into_one_folder_at_once_both_succeed() {
    let w = Workshop::new().outline("talk.yaml", &outline("Both"));
    for round in 0..4 {
        let mut builds: Vec<Child> = (0..2)
            .map(|_| {
                w.command(&BUILD)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("deckhand starts")
            })
            .collect();
        for build in &mut builds {
            let status = build.wait().expect("the build ends");
            assert!(status.success(), "round {round}: a build failed");
        }
        assert_eq!(w.pdf_pages("out/talk-slides.pdf"), 5);
        assert!(temporaries(&w).is_empty(), "{:?}", temporaries(&w));
    }
}

/// Proves: `Workshop.YAML` in a folder is an outline; a folder with none is
/// a warning that names it.
#[test]
fn outline_extensions_in_any_case_and_empty_folders() {
    let w = Workshop::new()
        .outline("decks/Workshop.YAML", &outline("Loud"))
        .file("empty/notes.txt", "not an outline");
    let run = w.run(&["build", "decks", "-o", "out"]).assert_success();
    assert!(run.stderr.contains("1 outline, 4 files"), "{}", run.stderr);
    assert!(w.path("out/Workshop-slides.pdf").is_file());
    let run = w.run(&["check", "empty"]);
    assert_eq!(
        run.stderr,
        "empty: warning: this folder holds no outline\n = help: an outline is a `.yaml` or `.yml` file directly in the folder; files and folders starting with `_` are left out\nchecked 0 outlines: 1 warning\n"
    );
}

/// Proves: the variant `lead` of `team.yaml` and the outline `team-lead.yaml`
/// would write the same files: refused before anything is built, naming
/// both; `--variant` building only another cut of `team.yaml` is fine.
#[test]
fn a_variant_and_an_outline_that_write_the_same_files_are_refused() {
    let cuts = outline("Team").replace("sections:", "variants:\n  lead: {}\n  crew: {}\nsections:");
    let w = Workshop::new()
        .outline("team.yaml", &cuts)
        .outline("team-lead.yaml", &outline("Team lead"));
    let run = w.run(&["build", "team.yaml", "team-lead.yaml", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `team.yaml` (its variant `lead`) and `team-lead.yaml` would write the same files (`team-lead-slides.pdf`, …)\n \
         = help: rename the outline or the variant, or build them into different folders with `-o`\n"
    );
    assert!(!w.path("out").exists());
    w.run(&[
        "build",
        "team.yaml",
        "team-lead.yaml",
        "-o",
        "out",
        "--variant",
        "crew",
    ]);
    assert!(w.path("out/team-crew-slides.pdf").exists());
    assert!(!w.path("out/team-lead-slides.pdf").exists());
}
