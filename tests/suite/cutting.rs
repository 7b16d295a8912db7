//! Cut clips: `deckhand clips` and `build --clips cut`, with the real ffmpeg, checked by deckhand's own header reader.

use deckhand::assets::read_header;

use crate::workshop::Workshop;

/// A project with each fixture film in `clips/` and a scene for each.
fn project() -> Workshop {
    let mut blocks = String::new();
    let mut w = Workshop::new().file("deckhand.yaml", "defaults: {}\n");
    for (film, clip) in [
        ("twelve-seconds.mp4", "0:05-0:09"),
        ("nine-seconds.mkv", "0:02-0:06"),
        ("seven-seconds.webm", "0:01-0:04"),
        ("five-seconds.mov", "0:01-0:03"),
    ] {
        blocks.push_str(&format!(
            "      - scene:\n          film: {film}\n          clip: \"{clip}\"\n          video: ../clips/{film}\n"
        ));
        w = w.copy_fixture_as(&format!("videos/{film}"), &format!("clips/{film}"));
    }
    w.outline(
        "decks/talk.yaml",
        &format!("title: Clips\nsections:\n  - title: One\n    blocks:\n{blocks}"),
    )
}

/// The cut files, with the clip each holds (start and length, in seconds).
const CUTS: [(&str, f64, f64); 4] = [
    ("twelve-seconds-0h00m05s-0h00m09s.mp4", 5.0, 4.0),
    ("nine-seconds-0h00m02s-0h00m06s.mkv", 2.0, 4.0),
    ("seven-seconds-0h00m01s-0h00m04s.webm", 1.0, 3.0),
    ("five-seconds-0h00m01s-0h00m03s.mov", 1.0, 2.0),
];

/// Proves: `deckhand clips` cuts each scene's clip into `out/clips/`, named
/// by film and times, in the film's own format. A stream copy of an MP4 or
/// QuickTime film starts at the clip's start (its edit list skips the media
/// from the keyframe at 0:00 to it) and ends within four frames after the
/// clip's end (those a B-frame reorder keeps: 2 s at the test films' two
/// frames a second, 0.16 s at 25); one of a Matroska or
/// WebM film starts at the keyframe before the clip. `--exact` gives the
/// clip to the frame in all four. A second run cuts nothing.
#[test]
fn clips_are_cut_by_copy_and_exactly() {
    let w = project();
    let run = w
        .run(&["clips", "decks/talk.yaml", "-o", "out"])
        .assert_success();
    assert!(
        run.stderr.contains("4 clips cut, 0 already current"),
        "{}",
        run.stderr
    );
    // The test films have two frames a second: a frame is 0.5 s.
    for (name, start, length) in CUTS {
        let header = read_header(
            std::path::Path::new("/"),
            &w.path(&format!("out/clips/{name}")),
        )
        .expect(name);
        let (from, to) = if name.ends_with(".mp4") || name.ends_with(".mov") {
            assert!((header.skipped - start).abs() < 0.1, "{name}: {header:?}");
            (length, length + 2.0)
        } else {
            // From the keyframe at 0:00 to the clip's end, and the frames
            // the reorder keeps.
            assert_eq!(header.skipped, 0.0, "{name}");
            (start + length, start + length + 2.0)
        };
        assert!(
            (from - 0.01..=to + 0.01).contains(&header.seconds),
            "{name}: {header:?}"
        );
        assert_eq!(header.shape, Some((64, 36)), "{name}");
    }
    let again = w
        .run(&["clips", "decks/talk.yaml", "-o", "out"])
        .assert_success();
    assert!(
        again.stderr.contains("0 clips cut, 4 already current"),
        "{}",
        again.stderr
    );
    assert_eq!(again.stdout, "");

    w.run(&["clips", "decks/talk.yaml", "-o", "exact", "--exact"])
        .assert_success();
    for (name, _, length) in CUTS {
        let header = read_header(
            std::path::Path::new("/"),
            &w.path(&format!("exact/clips/{name}")),
        )
        .expect(name);
        assert!((header.seconds - length).abs() <= 0.5, "{name}: {header:?}");
        assert!(header.skipped < 0.5, "{name}: {header:?}");
    }
    // A copy never replaces an exact cut of the same clip.
    let copy = w
        .run(&["clips", "decks/talk.yaml", "-o", "exact"])
        .assert_success();
    assert!(copy.stderr.contains("4 already current"), "{}", copy.stderr);
}

/// Proves: `build --clips cut` cuts the clips and points the play areas,
/// the notes and the guide at them, without `start`/`stop` (pdfpc plays a
/// cut file from its first frame and pauses on its last); a changed clip is
/// cut again.
#[test]
fn build_with_cut_clips_links_the_cut_files() {
    let w = project();
    let run = w
        .run(&[
            "build",
            "decks/talk.yaml",
            "-o",
            "out",
            "--only",
            "slides,guide",
            "--clips",
            "cut",
        ])
        .assert_success();
    assert!(
        run.stdout
            .contains("wrote out/clips/twelve-seconds-0h00m05s-0h00m09s.mp4"),
        "{}",
        run.stdout
    );
    let files: Vec<String> = crate::suite::clips::links(&w.path("out/talk-slides.pdf"))
        .into_iter()
        .map(|l| l.file)
        .collect();
    let expected: Vec<String> = CUTS
        .iter()
        .map(|(name, _, _)| format!("clips/{name}"))
        .collect();
    assert_eq!(files, expected);
    let notes = String::from_utf8_lossy(&w.read("out/talk-slides.pdfpc")).into_owned();
    assert!(
        notes.contains(
            "Clip: 0:00:05 – 0:00:09 (0:00:04) · clips/twelve-seconds-0h00m05s-0h00m09s.mp4"
        ),
        "{notes}"
    );
    let guide = w.pdf_text("out/talk-guide.pdf");
    assert!(
        guide.contains("File: clips/twelve-seconds-0h00m05s-0h00m09s.mp4"),
        "{guide}"
    );

    let outline =
        String::from_utf8_lossy(&w.read("decks/talk.yaml")).replace("0:05-0:09", "0:06-0:09");
    w.write("decks/talk.yaml", outline);
    let again = w
        .run(&[
            "build",
            "decks/talk.yaml",
            "-o",
            "out",
            "--only",
            "slides",
            "--clips",
            "cut",
        ])
        .assert_success();
    assert!(
        again
            .stdout
            .contains("wrote out/clips/twelve-seconds-0h00m06s-0h00m09s.mp4"),
        "{}",
        again.stdout
    );
    assert!(!again.stdout.contains("nine-seconds"), "{}", again.stdout);
}

/// Proves: without ffmpeg, `clips` says how to install it on Debian or
/// Ubuntu, macOS and Windows; a program that is not ffmpeg is named.
#[test]
fn a_missing_ffmpeg_says_how_to_install_it() {
    let w = project();
    let run = w.run_with_env(&["clips", "decks/talk.yaml"], &[("PATH", "/nonexistent")]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for words in [
        "error: cutting clips needs ffmpeg, which is not installed (or not on `PATH`)",
        "sudo apt install ffmpeg",
        "brew install ffmpeg",
        "winget install Gyan.FFmpeg",
        "`DECKHAND_FFMPEG`",
    ] {
        assert!(run.stderr.contains(words), "{words}\n{}", run.stderr);
    }
    let build = w.run_with_env(
        &["build", "decks/talk.yaml", "--clips", "cut"],
        &[("DECKHAND_FFMPEG", "/bin/true")],
    );
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(
        build.stderr.contains("error: `/bin/true` is not ffmpeg"),
        "{}",
        build.stderr
    );
    assert!(w.files("out").is_empty());
}

/// Proves: a cut file whose length is not its clip's (here an ffmpeg that
/// writes the wrong film; re-encoded, so within a frame) is an error at the
/// `clip:` line, and is not kept;
/// a film whose name starts with `-` reaches ffmpeg as a file, not an option.
#[test]
fn a_cut_of_the_wrong_length_is_an_error_at_the_clip_line() {
    let w = project();
    let wrong = crate::workshop::fixture("videos/five-seconds.mov");
    let script = format!(
        "#!/bin/sh\nif [ \"$2\" = -version ]; then echo 'ffmpeg version 6.1 Copyright'; exit 0; fi\nfor a; do last=$a; done\ncp '{}' \"${{last#file:}}\"\n",
        wrong.display()
    );
    w.write("fake-ffmpeg", script);
    std::fs::set_permissions(
        w.path("fake-ffmpeg"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("executable");
    let fake = w.path("fake-ffmpeg");
    let run = w.run_with_env(
        &["clips", "decks/talk.yaml", "-o", "out", "--exact"],
        &[("DECKHAND_FFMPEG", fake.to_str().expect("UTF-8"))],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("talk.yaml:7:17: error: the cut clip `twelve-seconds-0h00m05s-0h00m09s.mp4` lasts 5.00 s, not the clip's 4 s"),
        "{}",
        run.stderr
    );
    assert!(
        !w.path("out/clips/twelve-seconds-0h00m05s-0h00m09s.mp4")
            .exists()
    );

    let dash = Workshop::new()
        .file("deckhand.yaml", "defaults: {}\n")
        .copy_fixture_as("videos/twelve-seconds.mp4", "clips/-y.mp4")
        .outline(
            "decks/talk.yaml",
            "title: T\nsections:\n  - title: One\n    blocks:\n      - scene:\n          film: F\n          clip: \"0:01-0:03\"\n          video: ../clips/-y.mp4\n",
        );
    dash.run(&["clips", "decks/talk.yaml", "-o", "out"])
        .assert_success();
    let header = read_header(
        std::path::Path::new("/"),
        &dash.path("out/clips/-y-0h00m01s-0h00m03s.mp4"),
    )
    .expect("cut");
    assert!((header.skipped - 1.0).abs() < 0.1, "{header:?}");
}
