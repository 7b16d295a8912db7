//! Finding the mistake: near names for a misspelt file, a shared part's problem once, leftovers in `out/`, a photo still being saved.

use std::io::Write as _;
use std::time::Duration;

use image::{ImageEncoder, Rgb, RgbImage};

use crate::suite::workflow::{wait_for, watch};
use crate::workshop::Workshop;

/// Proves: a film named in another case than its file (which a Mac finds
/// and CI does not) is refused with the file's real name and why, and a
/// film missing a hyphen gets the near name.
#[test]
fn a_misspelt_film_gets_its_near_name() {
    let outline = |film: &str| {
        format!(
            "title: Films\nsections:\n  - title: One\n    blocks:\n      - scene:\n          film: Love Actually\n          video: {film}\n"
        )
    };
    let w = Workshop::new()
        .outline("case.yaml", &outline("films/Gift-Wrap.MP4"))
        .outline("hyphen.yaml", &outline("films/giftwrap.mp4"))
        .file("films/gift-wrap.mp4", b"");
    let case = w.run(&["check", "case.yaml"]);
    assert_eq!(case.code, Some(1));
    assert!(
        case.stderr.contains(
            "case.yaml:7:18: error: cannot use the video: `films/Gift-Wrap.MP4` does not exist"
        ),
        "{}",
        case.stderr
    );
    assert!(
        case.stderr.contains(
            "help: the file is `films/gift-wrap.mp4`: only the case of its letters differs from `films/Gift-Wrap.MP4`"
        ),
        "{}",
        case.stderr
    );
    let hyphen = w.run(&["check", "hyphen.yaml"]);
    assert!(
        hyphen
            .stderr
            .contains("help: did you mean `films/gift-wrap.mp4`?"),
        "{}",
        hyphen.stderr
    );
}

const SHARED_PART_WITH_A_TYPO: &str = "\
scene:
  film: Love Actually
  set_up: A customer in a hurry buys a necklace.
";

fn outline_including_the_part(title: &str) -> String {
    format!(
        "title: {title}\nsections:\n  - title: One\n    blocks:\n      - include: ../_library/gift-wrap.yaml\n"
    )
}

/// Proves: a mistake in a library part included by three outlines is
/// printed once, with a note for each outline that includes it, and counted
/// once, by `check` and by `build`.
#[test]
fn a_shared_parts_mistake_is_printed_once() {
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults: {facilitator: Sam}\n")
        .file("_library/gift-wrap.yaml", SHARED_PART_WITH_A_TYPO)
        .outline("decks/one.yaml", &outline_including_the_part("One"))
        .outline("decks/two.yaml", &outline_including_the_part("Two"))
        .outline("decks/three.yaml", &outline_including_the_part("Three"));
    for command in [&["check", "decks"][..], &["build", "decks", "-o", "out"]] {
        let run = w.run(command);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        let stderr = &run.stderr;
        assert_eq!(
            stderr.matches("error: unknown key `set_up`").count(),
            1,
            "{stderr}"
        );
        for outline in ["one", "two", "three"] {
            assert!(
                stderr.contains(&format!("note: included from decks/{outline}.yaml:5:18")),
                "{stderr}"
            );
        }
        if command[0] == "check" {
            assert!(stderr.contains("checked 3 outlines: 1 error"), "{stderr}");
        }
    }
}

/// Proves: `build --check` of a folder flags the files in `out/` that an
/// outline since removed made (its slides, handout, guide and notes), and
/// leaves those of the outlines still there alone.
#[test]
fn build_check_flags_the_files_of_a_removed_outline() {
    let outline = |title: &str| {
        format!(
            "title: {title}\nsections:\n  - title: One\n    blocks:\n      - quote: {{text: Hello}}\n"
        )
    };
    let w = Workshop::new()
        .outline("decks/kept.yaml", &outline("Kept"))
        .outline("decks/gone.yaml", &outline("Gone"));
    w.run(&["build", "decks", "-o", "out"]).assert_success();
    w.run(&["build", "decks", "-o", "out", "--check"])
        .assert_success();
    std::fs::remove_file(w.path("decks/gone.yaml")).expect("the outline is removed");
    let check = w.run(&["build", "decks", "-o", "out", "--check"]);
    assert_eq!(check.code, Some(1), "{}", check.stderr);
    for file in [
        "gone-slides.pdf",
        "gone-slides.pdfpc",
        "gone-handout.pdf",
        "gone-guide.pdf",
    ] {
        assert!(
            check.stderr.contains(&format!(
                "out/{file}: error: made by an outline that is not among those built (removed or renamed?)"
            )),
            "{}",
            check.stderr
        );
    }
    assert!(!check.stderr.contains("kept-"), "{}", check.stderr);
    assert!(check.stderr.contains("4 out of date"), "{}", check.stderr);
    // Naming the outline alone says nothing of the others' files.
    w.run(&["build", "decks/kept.yaml", "-o", "out", "--check"])
        .assert_success();
}

/// A photo large enough that saving it takes several writes.
fn large_jpeg() -> Vec<u8> {
    let (width, height) = (1600, 1000);
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width) as u8,
            ((x * 7 + y * 13) % 256) as u8,
            (y * 255 / height) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .write_image(
            image.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode JPEG");
    out
}

/// Proves: `watch` waits for a photo an editor saves in several writes, a
/// pause longer than its quiet time between them, and rebuilds with the
/// whole photo instead of reporting it unreadable.
#[test]
fn watch_waits_for_a_photo_being_saved() {
    let photo = large_jpeg();
    let w = Workshop::new()
        .outline(
            "talk.yaml",
            "title: Talk\nsections:\n  - title: One\n    blocks:\n      - scene:\n          film: Love Actually\n          still: photo.jpg\n          alt: A shop counter\n",
        )
        .file("photo.jpg", &photo);
    let (mut child, lines) = watch(&w, &["watch", "talk.yaml", "-o", "out", "--only", "slides"]);
    wait_for(&lines, "watching 1 outline");
    let mut file = std::fs::File::create(w.path("photo.jpg")).expect("the photo is opened");
    for part in photo.chunks(photo.len().div_ceil(5)) {
        file.write_all(part).expect("a part is written");
        file.flush().expect("flushed");
        // Longer than watch's quiet time (100 ms), shorter than its wait for a picture to settle.
        std::thread::sleep(Duration::from_millis(150));
    }
    drop(file);
    let seen = wait_for(&lines, "rebuilt talk in");
    assert!(
        !seen
            .iter()
            .any(|l| l.contains("error") || l.contains("failed")),
        "{seen:?}"
    );
    let _ = child.kill();
    let _ = child.wait();
}
