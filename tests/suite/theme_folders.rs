//! Theme folders: `themes export`, `theme: ./my-theme`, and errors in a theme's own files.

use std::fs;

use crate::workshop::{Workshop, fixture};

const BUILD: [&str; 4] = ["build", "talk.yaml", "-o", "out"];

/// A folder with `talk.yaml` (using `theme: THEME`) and, when `export`, a
/// `my-theme` folder exported from the classic theme.
fn workshop(theme: &str, export: bool) -> Workshop {
    let outline = fs::read_to_string(fixture("activity-in-every-output.yaml"))
        .expect("fixture")
        .replace(
            "title: Activity test",
            &format!("title: Activity test\ntheme: {theme}"),
        );
    let w = Workshop::new().outline("talk.yaml", &outline);
    if export {
        let run = w
            .run(&["themes", "export", "classic", "my-theme"])
            .assert_success();
        for (path, _) in deckhand::theme::SHARED {
            let file = format!("wrote my-theme{path}");
            assert!(run.stdout.contains(&file), "{file} in {}", run.stdout);
        }
        assert!(run.stdout.contains("theme: ./my-theme"), "{}", run.stdout);
    }
    w
}

/// Replaces the first `from` in the file `name` by `to`.
fn edit(w: &Workshop, name: &str, from: &str, to: &str) {
    let text = String::from_utf8(w.read(name)).expect("UTF-8");
    assert!(text.contains(from), "{from}");
    w.write(name, text.replacen(from, to, 1));
}

/// Proves: an exported theme builds as it is, and an edit to its slide-parts.typ
/// shows in the slides (and a colour edit in theme.typ is accepted).
#[test]
fn an_exported_theme_can_be_edited() {
    let w = workshop("./my-theme", true);
    edit(
        &w,
        "my-theme/slide-parts.typ",
        "slide-title(labels.agenda, palette, level: 2)",
        "slide-title([Our plan today], palette, level: 2)",
    );
    edit(
        &w,
        "my-theme/theme.typ",
        "accent: rgb(\"#b4441b\")",
        "accent: rgb(\"#1b6fb4\")",
    );
    w.run(&BUILD).assert_success();
    let text = w.pdf_text("out/talk-slides.pdf");
    assert!(text.contains("Our plan today"), "{text}");
    assert!(!text.contains("Agenda"), "{text}");

    let classic = workshop("classic", false);
    classic.run(&BUILD).assert_success();
    assert!(classic.pdf_text("out/talk-slides.pdf").contains("Agenda"));
}

/// Proves: a `theme.typ` may set only what it changes: a palette of one colour,
/// no print palette, fonts or style builds, the rest from the defaults.
#[test]
fn a_theme_may_leave_entries_out() {
    let w = workshop("./my-theme", false);
    w.write(
        "my-theme/theme.typ",
        "#let palette = (accent: rgb(\"#1b6fb4\"))\n",
    );
    w.run(&BUILD).assert_success();
    for document in ["slides", "handout", "guide"] {
        let text = w.pdf_text(&format!("out/talk-{document}.pdf"));
        assert!(text.contains("Activity test"), "{document}: {text}");
    }
}

/// Proves: a Typst error in a theme's own file is reported at that file's
/// line and column, like an outline error, with exit 1 and nothing written.
#[test]
fn a_broken_template_points_at_its_line() {
    let w = workshop("./my-theme", true);
    edit(
        &w,
        "my-theme/slides.typ",
        "#import \"common.typ\": *\n",
        "#import \"common.typ\": *\n#let x = nosuch(1)\n",
    );
    let run = w.run(&BUILD);
    assert_eq!(run.code, Some(1));
    let error = &run.stderr;
    assert!(
        error.contains("my-theme/slides.typ:5:10: error: unknown variable: nosuch"),
        "{error}"
    );
    assert!(error.contains("5 | #let x = nosuch(1)"), "{error}");
    assert!(!w.path("out").exists());
}

/// Proves: a theme folder outside the outline's folder, by `..` or through a
/// link, is refused at the `theme:` line; so is a folder without `theme.typ`.
#[test]
fn theme_folders_stay_inside_the_outline_folder() {
    let refused = |w: &Workshop, expected: &str| {
        let run = w.run(&BUILD);
        assert_eq!(run.code, Some(1));
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(!w.path("out").exists());
    };
    refused(
        &workshop("../x", false),
        "talk.yaml:5:8: error: cannot use the theme folder: `../x` leaves the outline's folder",
    );

    let outside = Workshop::new().file("theme.typ", "#let palette = none\n");
    let w = workshop("./linked", false);
    std::os::unix::fs::symlink(outside.folder(), w.path("linked")).expect("symlink");
    refused(
        &w,
        "talk.yaml:5:8: error: cannot use the theme folder: `./linked` points outside",
    );

    let w = workshop("./empty", false);
    fs::create_dir(w.path("empty")).expect("mkdir");
    refused(
        &w,
        "talk.yaml:5:8: error: cannot use the theme folder: the theme folder `empty` has no `theme.typ`",
    );
}

/// Proves: `themes export` never replaces a file, and writes nothing then.
#[test]
fn export_refuses_to_overwrite() {
    let w = workshop("./my-theme", true);
    w.write("my-theme/theme.typ", "// mine\n");
    let run = w.run(&["themes", "export", "classic", "my-theme"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(w.read("my-theme/theme.typ"), b"// mine\n");

    let listed = w.run(&["themes"]);
    assert!(listed.stdout.starts_with("classic "), "{}", listed.stdout);
}

/// Proves: a theme that reads a file outside its folder or imports a package
/// is told so in deckhand's terms (no `--root` argument, no `typst.toml`),
/// at its line, and nothing is written.
#[test]
fn a_theme_reaching_outside_its_folder_is_told_what_it_may_read() {
    let w = workshop("./my-theme", true);
    let original = String::from_utf8(w.read("my-theme/slides.typ")).expect("UTF-8");
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
        w.write("my-theme/slides.typ", format!("{line}\n{original}"));
        let run = w.run(&BUILD);
        let err = &run.stderr;
        assert_eq!(run.code, Some(1), "{err}");
        assert!(err.starts_with(expected), "{err}");
        assert!(
            !err.contains("--root") && !err.contains("typst.toml"),
            "{err}"
        );
        assert!(!w.path("out").exists());
    }
}

/// Proves: a theme file broken by one missing quote shows its first error
/// and how many follow, not dozens of echoes.
#[test]
fn a_broken_theme_file_shows_its_first_error_and_a_count() {
    let w = workshop("./my-theme", true);
    let parts = String::from_utf8(w.read("my-theme/slide-parts.typ")).expect("UTF-8");
    let at = parts.find("#let title-text").expect("title-text");
    let quote = at + parts[at..].find('"').expect("a quote");
    w.write(
        "my-theme/slide-parts.typ",
        format!("{}{}", &parts[..quote], &parts[quote + 1..]),
    );
    let run = w.run(&BUILD);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("more errors follow in this file; they may go away with this one"),
        "{}",
        run.stderr
    );
}

/// Proves: a theme file that breaks a rule of PDF/UA-1 (a picture without
/// alt text, a skipped heading level) is an error at its line with Typst's
/// hint, nothing is written; `--pdf-standard none` builds it.
#[test]
fn a_theme_breaking_an_accessibility_rule_points_at_its_line() {
    let w = workshop("./my-theme", true);
    let logo = fs::read(fixture("images/room-plan.png")).expect("fixture");
    w.write("my-theme/logo.png", logo);
    let slides = String::from_utf8(w.read("my-theme/slides.typ")).expect("UTF-8");
    let logo_line = slides.lines().count() + 1;
    w.write(
        "my-theme/slides.typ",
        format!("{slides}#image(\"logo.png\", width: 2cm)\n"),
    );
    let guide = String::from_utf8(w.read("my-theme/guide.typ")).expect("UTF-8");
    let title = "#plain-heading(1, ";
    let heading_line = guide
        .lines()
        .position(|l| l.starts_with(title))
        .expect("the guide's title")
        + 2;
    let mut edited: Vec<&str> = guide.lines().collect();
    edited.insert(heading_line - 1, "#heading(level: 3)[Before we start]");
    w.write("my-theme/guide.typ", edited.join("\n") + "\n");

    let run = w.run(&BUILD);
    let err = &run.stderr;
    assert_eq!(run.code, Some(1), "{err}");
    for expected in [
        format!(
            "my-theme/slides.typ:{logo_line}:2: error: missing alt text (required by PDF/UA-1)"
        ),
        "help: make sure your images and equations have alt text".into(),
        format!(
            "my-theme/guide.typ:{heading_line}:2: error: skipped from heading level 1 to 3 (required by PDF/UA-1)"
        ),
        "help: heading levels must be consecutive".into(),
        "help: to write it anyway, as a tagged PDF that claims no standard, build with `--pdf-standard none`".into(),
    ] {
        assert!(err.contains(&expected), "{expected:?} not in\n{err}");
    }
    assert!(!w.path("out").exists());

    let mut plain = BUILD.to_vec();
    plain.extend(["--pdf-standard", "none"]);
    w.run(&plain).assert_success();
}
