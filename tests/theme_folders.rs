//! Theme folders: `themes export`, `theme: ./my-theme`, and errors in a theme's own files.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A folder with `talk.yaml` (using `theme: THEME`) and, when `export`, a
/// `my-theme` folder exported from the classic theme.
fn workshop(theme: &str, export: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let outline = fs::read_to_string(fixture("activity-in-every-output.yaml"))
        .expect("fixture")
        .replace(
            "title: Activity test",
            &format!("title: Activity test\ntheme: {theme}"),
        );
    fs::write(dir.path().join("talk.yaml"), outline).expect("write the outline");
    if export {
        let output = deckhand_in(dir.path(), &["themes", "export", "classic", "my-theme"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let printed = String::from_utf8_lossy(&output.stdout);
        for (path, _) in deckhand::theme::SHARED {
            let file = format!("wrote my-theme{path}");
            assert!(printed.contains(&file), "{file} in {printed}");
        }
        assert!(printed.contains("theme: ./my-theme"), "{printed}");
    }
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read the template");
    assert!(text.contains(from), "{from}");
    fs::write(path, text.replacen(from, to, 1)).expect("write the template");
}

/// Proves: an exported theme builds as it is, and an edit to its slide-parts.typ
/// shows in the slides (and a colour edit in theme.typ is accepted).
#[test]
fn an_exported_theme_can_be_edited() {
    let dir = workshop("./my-theme", true);
    edit(
        &dir.path().join("my-theme/slide-parts.typ"),
        "slide-title(labels.agenda, palette)",
        "slide-title([Our plan today], palette)",
    );
    edit(
        &dir.path().join("my-theme/theme.typ"),
        "accent: rgb(\"#b4441b\")",
        "accent: rgb(\"#1b6fb4\")",
    );
    let output = deckhand_in(dir.path(), &["build", "talk.yaml", "-o", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = pdf_text(&dir.path().join("out/talk-slides.pdf"));
    assert!(text.contains("Our plan today"), "{text}");
    assert!(!text.contains("Agenda"), "{text}");

    let classic = workshop("classic", false);
    let output = deckhand_in(classic.path(), &["build", "talk.yaml", "-o", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(pdf_text(&classic.path().join("out/talk-slides.pdf")).contains("Agenda"));
}

/// Proves: a `theme.typ` may set only what it changes: a palette of one colour,
/// no print palette, fonts or style builds, the rest from the defaults.
#[test]
fn a_theme_may_leave_entries_out() {
    let dir = workshop("./my-theme", false);
    fs::create_dir(dir.path().join("my-theme")).expect("mkdir");
    fs::write(
        dir.path().join("my-theme/theme.typ"),
        "#let palette = (accent: rgb(\"#1b6fb4\"))\n",
    )
    .expect("write the theme");
    let output = deckhand_in(dir.path(), &["build", "talk.yaml", "-o", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for document in ["slides", "handout", "guide"] {
        let text = pdf_text(&dir.path().join(format!("out/talk-{document}.pdf")));
        assert!(text.contains("Activity test"), "{document}: {text}");
    }
}

/// Proves: a Typst error in a theme's own file is reported at that file's
/// line and column, like an outline error, with exit 1 and nothing written.
#[test]
fn a_broken_template_points_at_its_line() {
    let dir = workshop("./my-theme", true);
    let slides = dir.path().join("my-theme/slides.typ");
    edit(
        &slides,
        "#import \"common.typ\": *\n",
        "#import \"common.typ\": *\n#let x = nosuch(1)\n",
    );
    let output = deckhand_in(dir.path(), &["build", "talk.yaml", "-o", "out"]);
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.contains("my-theme/slides.typ:5:10: error: unknown variable: nosuch"),
        "{error}"
    );
    assert!(error.contains("5 | #let x = nosuch(1)"), "{error}");
    assert!(!dir.path().join("out").exists());
}

/// Proves: a theme folder outside the outline's folder, by `..` or through a
/// link, is refused at the `theme:` line; so is a folder without `theme.typ`.
#[test]
fn theme_folders_stay_inside_the_outline_folder() {
    let dir = workshop("../x", false);
    let output = deckhand_in(dir.path(), &["build", "talk.yaml", "-o", "out"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "talk.yaml:5:8: error: cannot use the theme folder: `../x` leaves the outline's folder"
        ),
        "{}",
        stderr(&output)
    );

    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("theme.typ"), "#let palette = none\n").expect("write");
    let dir = workshop("./linked", false);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).expect("symlink");
    let output = deckhand_in(dir.path(), &["build", "talk.yaml", "-o", "out"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "talk.yaml:5:8: error: cannot use the theme folder: `./linked` points outside"
        ),
        "{}",
        stderr(&output)
    );

    let dir = workshop("./empty", false);
    fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let output = deckhand_in(dir.path(), &["build", "talk.yaml", "-o", "out"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("talk.yaml:5:8: error: cannot use the theme folder: the theme folder `empty` has no `theme.typ`"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out").exists());
}

/// Proves: `themes export` never replaces a file, and writes nothing then.
#[test]
fn export_refuses_to_overwrite() {
    let dir = workshop("./my-theme", true);
    let theme = dir.path().join("my-theme/theme.typ");
    fs::write(&theme, "// mine\n").expect("write");
    let output = deckhand_in(dir.path(), &["themes", "export", "classic", "my-theme"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&theme).expect("read"), "// mine\n");

    let listed = deckhand_in(dir.path(), &["themes"]);
    assert!(String::from_utf8_lossy(&listed.stdout).starts_with("classic "));
}

/// Proves: a theme that reads a file outside its folder or imports a package
/// is told so in deckhand's terms (no `--root` argument, no `typst.toml`),
/// at its line, and nothing is written.
#[test]
fn a_theme_reaching_outside_its_folder_is_told_what_it_may_read() {
    let dir = workshop("./my-theme", true);
    let slides = dir.path().join("my-theme/slides.typ");
    let original = fs::read_to_string(&slides).expect("read");
    for (line, expected) in [
        (
            "#let x = read(\"../../etc/passwd\")",
            "my-theme/slides.typ:1:15: error: `../../etc/passwd` is outside the theme folder\n",
        ),
        (
            "#import \"@preview/cetz:0.3.0\": *",
            "my-theme/slides.typ:1:9: error: the package `@preview/cetz:0.3.0` is not available\n",
        ),
        (
            "#let x = read(\"/etc/hostname\")",
            "my-theme/slides.typ:1:15: error: `/etc/hostname` is not in the theme folder\n",
        ),
    ] {
        fs::write(&slides, format!("{line}\n{original}")).expect("write");
        let output = deckhand_in(dir.path(), &["build", "talk.yaml", "-o", "out"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.starts_with(expected), "{err}");
        assert!(
            !err.contains("--root") && !err.contains("typst.toml"),
            "{err}"
        );
        assert!(!dir.path().join("out").exists());
    }
}
