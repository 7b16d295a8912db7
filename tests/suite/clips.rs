//! Film clips: each scene's `video` is checked before the session, and its slide plays the clip in pdfpc.

use lopdf::{Document, Object};

use crate::workshop::{Workshop, fixture};

/// A project (`deckhand.yaml` at the top) with the outline `decks/talk.yaml`,
/// the fixture films in `clips/`, and a still.
fn project(blocks: &str) -> Workshop {
    let yaml = format!("title: Clips\nsections:\n  - title: One\n    blocks:\n{blocks}");
    let mut w = Workshop::new()
        .file("deckhand.yaml", "defaults: {}\n")
        .outline("decks/talk.yaml", &yaml)
        .copy_fixture_as("images/room-plan.png", "decks/images/still.png");
    for film in [
        "twelve-seconds.mp4",
        "nine-seconds.mkv",
        "seven-seconds.webm",
        "five-seconds.mov",
    ] {
        w = w.copy_fixture_as(&format!("videos/{film}"), &format!("clips/{film}"));
    }
    w
}

const TWO_SCENES: &str = "      - scene:
          film: Test Card
          clip: \"0:03-0:09\"
          still: images/still.png
          video: ../clips/twelve-seconds.mp4
      - scene:
          film: No Still
          clip: \"0:01-0:05\"
          video: ../clips/seven-seconds.webm
";

/// A link annotation of the slides PDF, as pdfpc reads it.
#[derive(Debug, PartialEq)]
pub(crate) struct Link {
    page: usize,
    action: String,
    pub(crate) file: String,
    contents: String,
    tagged: bool,
}

fn string(object: Option<&Object>) -> String {
    match object {
        Some(Object::String(bytes, _)) => {
            if bytes.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
        Some(Object::Name(name)) => String::from_utf8_lossy(name).into_owned(),
        _ => String::new(),
    }
}

/// Every link annotation of the PDF at `path`, page by page.
pub(crate) fn links(path: &std::path::Path) -> Vec<Link> {
    let document = Document::load(path).expect("the PDF parses");
    let mut found = Vec::new();
    for (page, id) in document.get_pages() {
        for annotation in document.get_page_annotations(id).expect("annotations") {
            let action = match annotation.get(b"A") {
                Ok(Object::Dictionary(action)) => action.clone(),
                Ok(Object::Reference(id)) => {
                    document.get_dictionary(*id).expect("an action").clone()
                }
                _ => continue,
            };
            found.push(Link {
                page: page as usize,
                action: string(action.get(b"S").ok()),
                file: string(action.get(b"F").ok().or(action.get(b"URI").ok())),
                contents: string(annotation.get(b"Contents").ok()),
                tagged: annotation.get(b"StructParent").is_ok(),
            });
        }
    }
    found
}

/// Proves: a scene's still, and a scene's "play" frame without one, are Launch
/// links to the film relative to the slides' folder, with the clip's seconds
/// and a description, still tagged; rebuilds are byte-identical.
#[test]
fn the_slides_launch_each_clip_from_its_start_to_its_end() {
    let w = project(TWO_SCENES);
    w.run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let links = links(&w.path("out/talk-slides.pdf"));
    assert_eq!(
        links,
        vec![
            Link {
                page: 4,
                action: "Launch".into(),
                file: "../clips/twelve-seconds.mp4?start=3&stop=9".into(),
                contents: "Play the scene from Test Card (0:06)".into(),
                tagged: true,
            },
            Link {
                page: 5,
                action: "Launch".into(),
                file: "../clips/seven-seconds.webm?start=1&stop=5".into(),
                contents: "Play the scene from No Still (0:04)".into(),
                tagged: true,
            },
        ]
    );
    let first = w.read("out/talk-slides.pdf");
    assert!(!String::from_utf8_lossy(&first).contains("deckhand-clip"));
    let text = w.pdf_text("out/talk-slides.pdf");
    assert!(
        text.contains("0:06") && text.contains("Play the clip · 0:04"),
        "{text}"
    );
    w.run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    assert!(first == w.read("out/talk-slides.pdf"), "a rebuild differs");
}

/// Proves: `--clips-relative-to` writes the links as if the slides sat in
/// that folder (a USB stick holding the slides beside `clips/`).
#[test]
fn links_can_be_relative_to_another_folder() {
    let w = project(TWO_SCENES);
    w.run(&[
        "build",
        "decks/talk.yaml",
        "-o",
        "out/deep",
        "--only",
        "slides",
        "--clips-relative-to",
        ".",
    ])
    .assert_success();
    let files: Vec<String> = links(&w.path("out/deep/talk-slides.pdf"))
        .into_iter()
        .map(|l| l.file)
        .collect();
    assert_eq!(
        files,
        [
            "clips/twelve-seconds.mp4?start=3&stop=9",
            "clips/seven-seconds.webm?start=1&stop=5"
        ]
    );
}

/// Proves: the length of an MP4, a Matroska, a WebM and a QuickTime film is
/// read from its header: a scene without a clip warns with it, and builds.
#[test]
fn each_films_length_is_read_and_a_scene_without_a_clip_warns() {
    let mut blocks = String::new();
    for film in [
        "twelve-seconds.mp4",
        "nine-seconds.mkv",
        "seven-seconds.webm",
        "five-seconds.mov",
    ] {
        blocks.push_str(&format!(
            "      - scene:\n          film: {film}\n          video: ../clips/{film}\n"
        ));
    }
    let w = project(&blocks);
    let run = w.run(&["check", "decks/talk.yaml"]).assert_success();
    for (film, length, line) in [
        ("twelve-seconds.mp4", "0:00:12", 7),
        ("nine-seconds.mkv", "0:00:09", 10),
        ("seven-seconds.webm", "0:00:07", 13),
        ("five-seconds.mov", "0:00:05", 16),
    ] {
        let warning = format!(
            "talk.yaml:{line}:18: warning: `../clips/{film}` has no `clip`: the slide plays the whole film ({length})"
        );
        assert!(run.stderr.contains(&warning), "{warning}\n{}", run.stderr);
    }
    w.run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let files: Vec<String> = links(&w.path("out/talk-slides.pdf"))
        .into_iter()
        .map(|l| l.file)
        .collect();
    assert_eq!(files[0], "../clips/twelve-seconds.mp4", "no clip, no times");
}

/// Proves: a film that is outside the project, a link out, not a video, cut
/// short, shorter than its clip, or named with a `?` is an error at its
/// line, and nothing is written; a missing one is a warning.
#[test]
fn bad_films_are_errors_at_their_lines_and_nothing_is_written() {
    let mp4 = std::fs::read(fixture("videos/twelve-seconds.mp4")).expect("fixture");
    let mkv = std::fs::read(fixture("videos/nine-seconds.mkv")).expect("fixture");
    let mut blocks = String::new();
    for (film, clip) in [
        ("../clips/missing.mp4", "0:01-0:02"),
        ("../../outside.mp4", "0:01-0:02"),
        ("../clips/link-out.mp4", "0:01-0:02"),
        ("../clips/notes.mp4", "0:01-0:02"),
        ("images/still.png", "0:01-0:02"),
        ("../clips/cut.mp4", "0:01-0:02"),
        ("../clips/cut.mkv", "0:01-0:02"),
        ("../clips/twelve-seconds.mp4", "0:05-0:20"),
        ("../clips/what?.mp4", "0:01-0:02"),
    ] {
        blocks.push_str(&format!(
            "      - scene:\n          film: F\n          video: {film}\n          clip: \"{clip}\"\n"
        ));
    }
    let w = project(&blocks)
        .file("clips/notes.mp4", "my notes about the film")
        .file("clips/cut.mp4", &mp4[..mp4.len() / 2])
        .file("clips/cut.mkv", &mkv[..300])
        .file("clips/what?.mp4", &mp4);
    let elsewhere = tempfile::tempdir().expect("a folder");
    let outside = elsewhere.path().join("film.mp4");
    std::fs::write(&outside, &mp4).expect("written");
    std::os::unix::fs::symlink(&outside, w.path("clips/link-out.mp4")).expect("a link");
    let run = w.run(&["check", "decks/talk.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let at = |line: u32, words: &str| {
        let expected = format!("talk.yaml:{line}:");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(&expected) && l.contains("error") && l.contains(words)),
            "{expected} … {words}\n{}",
            run.stderr
        );
    };
    assert!(
        run.stderr.contains(
            "talk.yaml:7:18: warning: the film `../clips/missing.mp4` is not here: the slides link to it where the outline names it"
        ),
        "{}",
        run.stderr
    );
    at(11, "`../../outside.mp4` leaves the project's folder");
    at(
        15,
        "`../clips/link-out.mp4` points outside the project's folder",
    );
    at(19, "`../clips/notes.mp4` is not a video");
    at(
        23,
        "`images/still.png` is not a video file deckhand can link",
    );
    at(27, "the header of `../clips/cut.mp4` is cut short");
    at(31, "the header of `../clips/cut.mkv` is cut short");
    at(
        36,
        "the clip ends at 0:00:20, after the end of `../clips/twelve-seconds.mp4`, which lasts 0:00:12",
    );
    at(
        39,
        "pdfpc cannot play `../clips/what?.mp4`: pdfpc reads what follows a `?` as its playing options",
    );
    assert!(run.stderr.contains("8 errors"), "{}", run.stderr);
    let build = w.run(&["build", "decks/talk.yaml", "-o", "out"]);
    assert_eq!(build.code, Some(1));
    assert!(w.files("out").is_empty(), "{:?}", w.files("out"));
}

/// Proves: the pdfpc notes give a scene's clip and file, and each question
/// slide the hints of the questions it shows; the guide names the film and
/// lists where the slides look for it.
#[test]
fn the_notes_and_the_guide_carry_the_clips() {
    let questions = "      - questions:
          ask:
            - {text: First?, hint: HINT-ONE}
            - {text: Second?, hint: HINT-TWO}
            - Third?
            - {text: Fourth?, hint: HINT-FOUR}
";
    let w = project(&format!("{TWO_SCENES}{questions}"));
    w.run(&[
        "build",
        "decks/talk.yaml",
        "-o",
        "out",
        "--only",
        "slides,guide",
    ])
    .assert_success();
    let notes: serde_json::Value =
        serde_json::from_slice(&w.read("out/talk-slides.pdfpc")).expect("JSON");
    let note = |page: usize| {
        notes["pages"][page]["note"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        note(3),
        "Clip: 0:00:03 – 0:00:09 (0:00:06) · ../clips/twelve-seconds.mp4"
    );
    assert_eq!(note(5), "Hint 1: HINT-ONE\nHint 2: HINT-TWO");
    assert_eq!(note(6), "Hint 4: HINT-FOUR");
    let guide = w.pdf_text("out/talk-guide.pdf");
    for words in [
        "File: ../clips/twelve-seconds.mp4",
        "the slides’ folder (pdfpc plays them from the slide): ../clips/twelve-seconds.mp4",
        "../clips/seven-seconds.webm Print the handout",
    ] {
        assert!(guide.contains(words), "{words}\n{guide}");
    }
}

/// The Launch links' rectangles of the PDF at `path`: width over height.
fn link_shapes(path: &std::path::Path) -> Vec<f32> {
    let document = Document::load(path).expect("the PDF parses");
    let mut shapes = Vec::new();
    for (_, id) in document.get_pages() {
        for annotation in document.get_page_annotations(id).expect("annotations") {
            let Ok(rect) = annotation.get(b"Rect").and_then(Object::as_array) else {
                continue;
            };
            let n: Vec<f32> = rect
                .iter()
                .map(|n| n.as_float().expect("a number"))
                .collect();
            shapes.push((n[2] - n[0]) / (n[3] - n[1]));
        }
    }
    shapes
}

/// Proves: films kept out of git (none in the project) are warnings at
/// their `video:` lines; the slides still build, linking where the outline
/// names each film, and the guide's preparation list marks them; `check
/// --films` makes each an error.
#[test]
fn films_kept_out_of_git_warn_and_check_films_fails() {
    let yaml = format!("title: Clips\nsections:\n  - title: One\n    blocks:\n{TWO_SCENES}");
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults: {}\n")
        .outline("decks/talk.yaml", &yaml)
        .copy_fixture_as("images/room-plan.png", "decks/images/still.png");
    let check = w.run(&["check", "decks/talk.yaml"]).assert_success();
    for (line, film) in [
        (9, "../clips/twelve-seconds.mp4"),
        (13, "../clips/seven-seconds.webm"),
    ] {
        let warning = format!(
            "talk.yaml:{line}:18: warning: the film `{film}` is not here: the slides link to it where the outline names it"
        );
        assert!(
            check.stderr.contains(&warning),
            "{warning}\n{}",
            check.stderr
        );
    }
    assert!(
        check
            .stderr
            .contains("help: `deckhand check --films` makes this an error")
    );
    w.run(&[
        "build",
        "decks/talk.yaml",
        "-o",
        "out",
        "--only",
        "slides,guide",
    ])
    .assert_success();
    let files: Vec<String> = links(&w.path("out/talk-slides.pdf"))
        .into_iter()
        .map(|l| l.file)
        .collect();
    assert_eq!(
        files,
        [
            "../clips/twelve-seconds.mp4?start=3&stop=9",
            "../clips/seven-seconds.webm?start=1&stop=5"
        ]
    );
    let guide = w.pdf_text("out/talk-guide.pdf");
    for film in ["twelve-seconds.mp4", "seconds.webm"] {
        assert!(
            guide.contains(&format!("{film} (not found when built)")),
            "{film}\n{guide}"
        );
    }
    let presenting = w.run(&["check", "--films", "decks/talk.yaml"]);
    assert_eq!(presenting.code, Some(1), "{}", presenting.stderr);
    assert!(
        presenting
            .stderr
            .contains("talk.yaml:9:18: error: the film `../clips/twelve-seconds.mp4` is not here"),
        "{}",
        presenting.stderr
    );
    assert!(
        presenting.stderr.contains("2 errors"),
        "{}",
        presenting.stderr
    );
}

/// Proves: a film the project does not hold is found by its name in the
/// project file's `films:` folder and in `DECKHAND_FILMS`, its length
/// checked, and the slides link to it there.
#[test]
fn films_are_found_in_films_folders() {
    let yaml = "title: Clips\nsections:\n  - title: One\n    blocks:\n      - scene:\n          film: A\n          clip: \"0:03-0:09\"\n          video: ../clips/twelve-seconds.mp4\n      - scene:\n          film: B\n          clip: \"0:01-0:09\"\n          video: seven-seconds.webm\n";
    let w = Workshop::new()
        .file("team/deckhand.yaml", "films: ../films\n")
        .outline("team/decks/talk.yaml", yaml)
        .copy_fixture_as("videos/twelve-seconds.mp4", "films/twelve-seconds.mp4")
        .copy_fixture_as("videos/seven-seconds.webm", "laptop/seven-seconds.webm");
    let team = w.path("team");
    let laptop = w.path("laptop");
    let env = [("DECKHAND_FILMS", laptop.to_str().expect("UTF-8"))];
    let mut check = crate::workshop::command_in(&team, &["check", "--films", "decks/talk.yaml"]);
    let run = check.envs(env).output().expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("talk.yaml:11:17: error: the clip ends at 0:00:09, after the end of `seven-seconds.webm`, which lasts 0:00:07"),
        "{stderr}"
    );
    w.write(
        "team/decks/talk.yaml",
        yaml.replace("0:01-0:09", "0:01-0:05"),
    );
    let mut build =
        crate::workshop::command_in(&team, &["build", "decks/talk.yaml", "--only", "slides"]);
    let run = build.envs(env).output().expect("runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files: Vec<String> = links(&w.path("team/out/talk-slides.pdf"))
        .into_iter()
        .map(|l| l.file)
        .collect();
    assert_eq!(
        files,
        [
            "../../films/twelve-seconds.mp4?start=3&stop=9",
            "../../laptop/seven-seconds.webm?start=1&stop=5"
        ]
    );
}

/// Proves: a play area has its film's shape (16:9 for the test films, 9:16
/// for one turned a quarter), inside a landscape still's box, a portrait
/// still's and a "play" frame's, so that pdfpc, which fills the area,
/// shows the film undistorted.
#[test]
fn play_areas_have_the_films_shape() {
    let mut blocks = String::new();
    for (still, film) in [
        ("images/still.png", "twelve-seconds.mp4"),
        ("images/portrait.png", "five-seconds.mov"),
        ("", "seven-seconds.webm"),
        ("images/still.png", "turned.mp4"),
    ] {
        let still = if still.is_empty() {
            String::new()
        } else {
            format!("          still: {still}\n")
        };
        blocks.push_str(&format!(
            "      - scene:\n          film: F\n          clip: \"0:01-0:02\"\n{still}          video: ../clips/{film}\n"
        ));
    }
    let w = project(&blocks);
    let ffmpeg = |args: &[&str]| {
        let status = std::process::Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error"])
            .args(args)
            .current_dir(w.folder())
            .status()
            .expect("ffmpeg runs; `.ci/run` installs it");
        assert!(status.success(), "ffmpeg {args:?}");
    };
    let lavfi = [
        "-f",
        "lavfi",
        "-i",
        "color=c=gray:size=300x400",
        "-frames:v",
        "1",
    ];
    ffmpeg(&[&lavfi[..], &["decks/images/portrait.png"]].concat());
    let turn = [
        "-i",
        "clips/twelve-seconds.mp4",
        "-c",
        "copy",
        "-metadata:s:v:0",
        "rotate=90",
    ];
    ffmpeg(&[&turn[..], &["clips/turned.mp4"]].concat());
    w.run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let shapes = link_shapes(&w.path("out/talk-slides.pdf"));
    assert_eq!(shapes.len(), 4, "{shapes:?}");
    for (shape, expected) in shapes
        .iter()
        .zip([16.0 / 9.0, 16.0 / 9.0, 16.0 / 9.0, 9.0 / 16.0])
    {
        assert!((shape - expected).abs() < 0.01, "{shapes:?}");
    }
}

/// Proves: a film that is a link to a name holding `?autostart&loop` is
/// linked by the name the outline wrote, never the name it resolves to,
/// so pdfpc reads no options from it; a name holding `#` or `%20` is an
/// error at its `video:` line that says why.
#[test]
fn the_link_names_the_film_as_the_outline_wrote_it() {
    let mut blocks = String::new();
    for film in ["alias.mp4", "one#two.mp4", "one%20two.mp4"] {
        blocks.push_str(&format!(
            "      - scene:\n          film: F\n          clip: \"0:01-0:02\"\n          video: ../clips/{film}\n"
        ));
    }
    let first = blocks.find("      - scene:\n          film: F\n          clip: \"0:01-0:02\"\n          video: ../clips/one#");
    let w = project(&blocks[..first.expect("the second scene")]);
    std::fs::copy(
        w.path("clips/twelve-seconds.mp4"),
        w.path("clips/other?autostart&loop.mp4"),
    )
    .expect("copied");
    std::os::unix::fs::symlink("other?autostart&loop.mp4", w.path("clips/alias.mp4"))
        .expect("a link");
    w.run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let files: Vec<String> = links(&w.path("out/talk-slides.pdf"))
        .into_iter()
        .map(|l| l.file)
        .collect();
    assert_eq!(files, ["../clips/alias.mp4?start=1&stop=2"]);

    w.write(
        "decks/talk.yaml",
        format!("title: Clips\nsections:\n  - title: One\n    blocks:\n{blocks}"),
    );
    std::fs::copy(
        w.path("clips/twelve-seconds.mp4"),
        w.path("clips/one#two.mp4"),
    )
    .expect("copied");
    std::fs::copy(
        w.path("clips/twelve-seconds.mp4"),
        w.path("clips/one%20two.mp4"),
    )
    .expect("copied");
    let run = w.run(&["check", "decks/talk.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (line, words) in [
        (
            12,
            "pdfpc cannot play `../clips/one#two.mp4`: a player reads what follows a `#` as a place in the file",
        ),
        (
            16,
            "pdfpc cannot play `../clips/one%20two.mp4`: a player reads `%` and two hex digits as one escaped character",
        ),
    ] {
        let expected = format!("talk.yaml:{line}:18: error: {words}");
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
}

/// The path the notes, the guide's cue sheet, its preparation list and the
/// link give for the one film of the slides in `out`.
fn every_path(w: &Workshop, out: &str) -> [String; 4] {
    let link = links(&w.path(&format!("{out}/talk-slides.pdf")))[0]
        .file
        .split('?')
        .next()
        .expect("a path")
        .to_string();
    let notes: serde_json::Value =
        serde_json::from_slice(&w.read(&format!("{out}/talk-slides.pdfpc"))).expect("JSON");
    let note = notes["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p["note"].as_str())
        .find_map(|n| n.split(" · ").nth(1))
        .expect("a note with the file")
        .to_string();
    let guide = w.pdf_text(&format!("{out}/talk-guide.pdf"));
    let after = |words: &str| {
        guide
            .split(words)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("{words}\n{guide}"))
            .to_string()
    };
    [
        link,
        note,
        after("File: "),
        after("the slides’ folder (pdfpc plays them from the slide): "),
    ]
}

/// Proves: for a scene included from the library, the link, the notes, the
/// cue sheet and the preparation list name one path, relative to the
/// slides: with `-o out`, with `-o` deeper, and with `--clips-relative-to`.
#[test]
fn notes_cue_sheet_and_link_agree_for_an_included_scene() {
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults: {}\n")
        .file(
            "_library/scenes/test.yaml",
            "scene:\n  film: Test Card\n  clip: \"0:03-0:09\"\n  video: ../../clips/twelve-seconds.mp4\n",
        )
        .outline(
            "decks/talk.yaml",
            "title: Clips\nsections:\n  - title: One\n    blocks:\n      - include: ../_library/scenes/test.yaml\n",
        )
        .copy_fixture_as("videos/twelve-seconds.mp4", "clips/twelve-seconds.mp4");
    for (args, expected) in [
        (vec!["-o", "out"], "../clips/twelve-seconds.mp4"),
        (
            vec!["-o", "build/deep/out"],
            "../../../clips/twelve-seconds.mp4",
        ),
        (
            vec!["-o", "out", "--clips-relative-to", "."],
            "clips/twelve-seconds.mp4",
        ),
    ] {
        let mut all = vec!["build", "decks/talk.yaml", "--only", "slides,guide"];
        all.extend(&args);
        w.run(&all).assert_success();
        let paths = every_path(&w, args[1]);
        assert!(paths.iter().all(|p| p == expected), "{args:?}: {paths:?}");
    }
}

/// Proves: a film whose header gives no picture size (here one with sound
/// only) keeps the still's whole box as its play area, with a warning at
/// its `video:` line.
#[test]
fn a_film_of_unknown_shape_keeps_the_box_with_a_warning() {
    let w = project(
        "      - scene:\n          film: F\n          clip: \"0:01-0:02\"\n          still: images/still.png\n          video: ../clips/sound.mp4\n",
    );
    let status = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"])
        .args(["sine=duration=3", "-c:a", "aac"])
        .arg(w.path("clips/sound.mp4"))
        .status()
        .expect("ffmpeg runs; `.ci/run` installs it");
    assert!(status.success());
    let run = w
        .run(&["build", "decks/talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    assert!(
        run.stderr.contains("talk.yaml:9:18: warning: cannot read the picture's shape from the header of `../clips/sound.mp4`: its play area is the still's whole box"),
        "{}",
        run.stderr
    );
    let shapes = link_shapes(&w.path("out/talk-slides.pdf"));
    // The landscape still fills the slide: its box is the slide's, 16:9.
    assert!(shapes[0] > 1.75, "the landscape still's box: {shapes:?}");
}

/// Proves: a film whose header claims it lasts 1e15 s (over a day) is an
/// error at its `video:` line, not a slide that plays "the whole film".
#[test]
fn a_film_claiming_to_last_longer_than_a_day_is_refused_at_its_line() {
    let mut mkv = std::fs::read(fixture("videos/nine-seconds.mkv")).expect("fixture");
    // The segment's Duration element: ID 0x4489, an 8-byte float of milliseconds.
    let at = mkv
        .windows(3)
        .position(|w| w == [0x44, 0x89, 0x88])
        .expect("a Duration element")
        + 3;
    mkv[at..at + 8].copy_from_slice(&1e18_f64.to_be_bytes());
    let w = project(
        "      - scene:\n          film: F\n          video: ../clips/forever.mkv\n          clip: \"0:01-0:02\"\n",
    )
    .file("clips/forever.mkv", &mkv);
    let run = w.run(&["build", "decks/talk.yaml", "-o", "out"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "decks/talk.yaml:7:18: error: `../clips/forever.mkv` says it lasts 277777777778 hours, longer than a day\n"
        ),
        "{}",
        run.stderr
    );
    assert!(w.files("out").is_empty(), "{:?}", w.files("out"));
}
