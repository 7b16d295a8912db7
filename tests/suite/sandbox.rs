//! The sandbox: outline text is data, and Typst reads no file of the disk, whatever the outline says.

use crate::workshop::{Workshop, fixture, repo, straight_quotes};

/// The `'Txx …'` values of a fixture, in order.
fn markers(yaml: &str) -> Vec<String> {
    yaml.lines()
        .filter_map(|line| {
            let start = line.find("'T")?;
            let rest = &line[start + 1..];
            Some(rest[..rest.rfind('\'')?].to_string())
        })
        .collect()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Proves: Typst code put in every text field (reads of `/etc/passwd`,
/// imports, images, `eval`, packages) builds, prints as written in the right
/// documents, and reads nothing.
#[test]
fn typst_code_in_every_text_field_is_printed_not_run() {
    let w = Workshop::new().copy_fixture("typst-code-in-every-field.yaml");
    w.run(&["build", "typst-code-in-every-field.yaml", "-o", "out"])
        .assert_success();
    let text = |document: &str| {
        // As written, but for the quotes, which print curled.
        squeeze(&straight_quotes(&w.pdf_text(&format!(
            "out/typst-code-in-every-field-{document}.pdf"
        ))))
    };
    let (slides, handout, guide) = (text("slides"), text("handout"), text("guide"));
    let yaml = std::fs::read_to_string(fixture("typst-code-in-every-field.yaml")).expect("fixture");
    let markers = markers(&yaml);
    assert_eq!(markers.len(), 26);
    // Speaker notes and hints: in the guide only. Alt text: in no page's text.
    let facilitator_only = ["T13", "T17", "T22", "T25", "T26"];
    for marker in &markers {
        let id = &marker[..3];
        let literal = squeeze(marker);
        if id == "T09" {
            continue;
        }
        if facilitator_only.contains(&id) {
            assert!(guide.contains(&literal), "{marker:?} not in the guide");
            assert!(
                !slides.contains(id) && !handout.contains(id),
                "{marker:?} reached participants"
            );
        } else {
            assert!(
                slides.contains(&literal) || handout.contains(&literal) || guide.contains(&literal),
                "{marker:?} printed differently or not at all"
            );
        }
    }
    // Nothing of the files named was read.
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    for document in [&slides, &handout, &guide] {
        assert!(!document.contains("root:"), "/etc/passwd was read");
        if let Some(line) = passwd.lines().next().filter(|l| l.len() > 8) {
            assert!(!document.contains(&squeeze(line)));
        }
        let host = squeeze(hostname.trim());
        if host.len() > 6 {
            assert!(!document.contains(&host), "/etc/hostname was read");
        }
    }
}

/// Proves: a still path that leaves the folder, by `..`, an absolute path,
/// a link to a file or a linked folder, or names no regular file, is refused
/// at its line and nothing is written.
#[cfg(unix)]
#[test]
fn still_paths_cannot_leave_the_outline_folder() {
    let outside = Workshop::new().file(
        "secret.png",
        std::fs::read(repo().join("decks/_library/images/cheese-shop.png"))
            .expect("an example still"),
    );
    let w = Workshop::new();
    std::os::unix::fs::symlink(outside.folder(), w.path("linked-folder")).expect("link");
    std::fs::create_dir(w.path("a-folder.png")).expect("folder");
    let cases = [
        ("../secret.png", "leaves the outline's folder"),
        ("images/../../secret.png", "leaves the outline's folder"),
        ("/etc/hostname", "is an absolute path"),
        (
            "linked-folder/secret.png",
            "points outside the outline's folder",
        ),
        ("a-folder.png", "is not a file"),
    ];
    for (path, expected) in cases {
        w.write(
            "talk.yaml",
            format!(
                "title: T\nsections:\n  - title: A\n    blocks:\n      - scene:\n          film: F\n          still: '{path}'\n"
            ),
        );
        let run = w.run(&["build", "talk.yaml", "-o", "out"]);
        let err = &run.stderr;
        assert_eq!(run.code, Some(1), "{path}: {err}");
        assert!(
            err.contains("talk.yaml:7:18: error: cannot use the still"),
            "{path}: {err}"
        );
        assert!(err.contains(expected), "{path}: {err}");
        assert!(!w.path("out").exists(), "{path}: output written");
    }
}

/// Proves: a font in `fonts/` that links out of the outline's folder is not read.
#[cfg(unix)]
#[test]
fn a_font_linking_out_of_the_folder_is_skipped() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: T\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Hi\n",
    );
    std::fs::create_dir(w.path("fonts")).expect("fonts");
    std::os::unix::fs::symlink("/etc/passwd", w.path("fonts/evil.ttf")).expect("link");
    let read = deckhand::assets::extra_font_files(w.folder(), None, &[]).expect("fonts listed");
    assert!(read.is_empty(), "{read:?}");
    w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    assert!(w.pdf_text("out/talk-slides.pdf").contains("Hi"));
}

/// Proves: an outline that is a link to a file outside its folder (a token
/// file, `/proc/self/environ`) is refused before it is read, by `check`,
/// `build` and a folder build, and no byte of that file is printed; a file
/// that is not an outline is named, never quoted.
#[cfg(unix)]
#[test]
fn an_outline_linking_out_of_its_folder_is_refused_and_never_printed() {
    let w = Workshop::new()
        .file(
            "token.yaml",
            "title: ghp_SECRET_TOKEN_1234\nsections: hunter2\n",
        )
        .file("decks/notes.yaml", "api_key: SECRET_KEY_5678\n");
    std::os::unix::fs::symlink("../token.yaml", w.path("decks/evil.yaml")).expect("link");
    std::os::unix::fs::symlink("/proc/self/environ", w.path("decks/env.yaml")).expect("link");
    for args in [
        &["check", "decks/evil.yaml"][..],
        &["check", "decks/env.yaml"],
        &["check", "decks"],
        &["build", "decks", "-o", "out"],
    ] {
        let run = w.run(args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        for leaked in ["SECRET", "hunter2", "PATH=", "HOME="] {
            assert!(
                !run.stderr.contains(leaked),
                "{args:?} printed {leaked}: {}",
                run.stderr
            );
        }
        assert!(!w.path("out").exists(), "{args:?} wrote output");
    }
    let err = w.run(&["check", "decks"]).stderr;
    assert!(
        err.contains("decks/evil.yaml: error: the outline is a link to a file outside its folder"),
        "{err}"
    );
    assert!(
        err.contains("decks/notes.yaml: error: this file is not a workshop outline"),
        "{err}"
    );
}
