//! The check that blocked playable clips: a cut clip in pdfpc 4.6 under Xvfb, read from the screen.
//!
//! The film shows its second as five large blocks (white for 1, black for
//! 0, most significant first) on magenta, so that a screenshot's pixels say
//! which second pdfpc shows and where the film is drawn. It runs on its own
//! (`cargo test --test main pdfpc -- --ignored`, as `.ci/run` does): it
//! plays a film in real time, which the other tests running beside it
//! would slow down. It needs ffmpeg, Xvfb, pdfpc, xdotool and ImageMagick's
//! `import`; `.ci/run` installs them.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use image::RgbImage;
use lopdf::{Document, Object};

use crate::workshop::Workshop;

/// The window (and screen) size: the slides' 16:9 at 1280 × 720.
const SCREEN: (u32, u32) = (1280, 720);

/// A child process killed when the test ends, however it ends.
pub(super) struct Running(pub(super) Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn tool(program: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("`{program}` runs ({e}); `.ci/run` installs it"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A grey 400x300 PNG at `path`, made by ffmpeg: a still for a test film.
pub(crate) fn grey_still(path: &Path) {
    tool(
        "ffmpeg",
        &[
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "color=c=gray:size=400x300",
            "-frames:v",
            "1",
            path.to_str().expect("UTF-8"),
        ],
    );
}

/// A 20-second 640 × 360 film at 25 frames a second whose frames show
/// their second, with a keyframe every 3 s (so the clip 0:10-0:15 starts
/// between two, as a film's clip usually does).
pub(crate) fn counting_film(path: &Path) {
    let mut filters = String::from("color=c=0xFF00FF:size=640x360:rate=25:duration=20");
    for bit in 0..5 {
        let x = 40 + bit * 120;
        let value = 4 - bit;
        filters.push_str(&format!(
            ",drawbox=x={x}:y=140:w=80:h=80:color=black:t=fill,drawbox=x={x}:y=140:w=80:h=80:color=white:t=fill:enable='mod(floor(floor(t)/pow(2\\,{value}))\\,2)'"
        ));
    }
    tool(
        "ffmpeg",
        &[
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            &filters,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-g",
            "75",
            "-keyint_min",
            "75",
            "-sc_threshold",
            "0",
            "-pix_fmt",
            "yuv420p",
            "-an",
            path.to_str().expect("UTF-8"),
        ],
    );
}

/// What the screen shows of the film: where it is drawn and which second.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seen {
    /// The film's box on the screen: left, top, width, height.
    area: (u32, u32, u32, u32),
    second: u32,
}

fn magenta(p: &image::Rgb<u8>) -> bool {
    p[0] > 170 && p[1] < 90 && p[2] > 170
}

/// The film on `shot`, if it is showing: the box of its magenta, and the
/// second its blocks give.
fn read_screen(shot: &RgbImage) -> Option<Seen> {
    let (mut left, mut top, mut right, mut bottom) = (u32::MAX, u32::MAX, 0, 0);
    let mut count = 0u32;
    for (x, y, p) in shot.enumerate_pixels() {
        if magenta(p) {
            count += 1;
            left = left.min(x);
            top = top.min(y);
            right = right.max(x);
            bottom = bottom.max(y);
        }
    }
    if count < 2000 {
        return None;
    }
    let (width, height) = (right - left + 1, bottom - top + 1);
    let mut second = 0;
    for bit in 0..5 {
        // The block's centre, in the film's 640 × 360 frame.
        let x = left + (80 + bit * 120) * width / 640;
        let y = top + 180 * height / 360;
        let p = shot.get_pixel(x, y);
        let white = p[0] > 200 && p[1] > 200 && p[2] > 200;
        let black = p[0] < 60 && p[1] < 60 && p[2] < 60;
        if !white && !black {
            return None;
        }
        second = second * 2 + u32::from(white);
    }
    Some(Seen {
        area: (left, top, width, height),
        second,
    })
}

/// The slides' play area: the page it is on (from 1), its rectangle in
/// points (left, bottom, right, top), the page's size, and the Launch file.
fn play_area(pdf: &Path) -> (u32, [f32; 4], (f32, f32), String) {
    let document = Document::load(pdf).expect("the PDF parses");
    for (page, id) in document.get_pages() {
        for annotation in document.get_page_annotations(id).expect("annotations") {
            let Ok(Object::Dictionary(action)) = annotation.get(b"A") else {
                continue;
            };
            let Ok(Object::String(file, _)) = action.get(b"F") else {
                continue;
            };
            let numbers = |object: &Object| -> Vec<f32> {
                object
                    .as_array()
                    .expect("an array")
                    .iter()
                    .map(|n| n.as_float().expect("a number"))
                    .collect()
            };
            let rect = numbers(annotation.get(b"Rect").expect("a Rect"));
            let page_dict = document.get_dictionary(id).expect("a page");
            let media = numbers(page_dict.get(b"MediaBox").expect("a MediaBox"));
            return (
                page,
                [rect[0], rect[1], rect[2], rect[3]],
                (media[2] - media[0], media[3] - media[1]),
                String::from_utf8_lossy(file).into_owned(),
            );
        }
    }
    panic!("no Launch link in {}", pdf.display());
}

/// A screenshot of the whole screen.
pub(super) fn screenshot(display: &str) -> RgbImage {
    let output = Command::new("import")
        .args(["-display", display, "-window", "root", "png:-"])
        .output()
        .expect("ImageMagick's `import` runs; `.ci/run` installs it");
    assert!(output.status.success(), "import failed");
    image::load_from_memory(&output.stdout)
        .expect("a PNG")
        .to_rgb8()
}

/// Screenshots for `seconds`, each read: what was seen, when, and the shots.
fn watch(display: &str, seconds: f64) -> Vec<(f64, Option<Seen>, RgbImage)> {
    let started = Instant::now();
    let mut seen = Vec::new();
    while started.elapsed().as_secs_f64() < seconds {
        let shot = screenshot(display);
        seen.push((started.elapsed().as_secs_f64(), read_screen(&shot), shot));
        std::thread::sleep(Duration::from_millis(100));
    }
    seen
}

pub(super) fn xdotool(display: &str, args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .status()
        .expect("xdotool runs; `.ci/run` installs it");
    assert!(status.success(), "xdotool {args:?}");
}

/// Where the screenshots the test looked at are kept, for a person to look at too.
fn shots_folder() -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdfpc-clip");
    std::fs::create_dir_all(&folder).expect("a folder");
    folder
}

/// Proves: in pdfpc 4.6, a clip cut with `deckhand build --clips cut` and
/// clicked after the pointer moved over the still starts on the clip's first
/// second, drawn at the film's shape; plays its seconds in order and pauses
/// at its end; and a second click plays it again from its start.
#[test]
#[ignore = "plays a film in real time under Xvfb: run alone, as .ci/run does"]
fn pdfpc_plays_a_cut_clip_exactly() {
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults: {}\n")
        .outline(
            "decks/talk.yaml",
            "title: Clips in pdfpc
sections:
  - title: One
    blocks:
      - scene:
          film: The Counter
          clip: \"0:10-0:15\"
          still: images/still.png
          video: ../clips/counter.mp4
",
        );
    std::fs::create_dir_all(w.path("clips")).expect("a folder");
    std::fs::create_dir_all(w.path("decks/images")).expect("a folder");
    counting_film(&w.path("clips/counter.mp4"));
    // A grey 4:3 still: the film's 16:9 area is narrower than the still's box.
    grey_still(&w.path("decks/images/still.png"));
    w.run(&[
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
    let (page, rect, (page_width, page_height), launch) = play_area(&w.path("out/talk-slides.pdf"));
    assert_eq!(launch, "clips/counter-0h00m10s-0h00m15s.mp4");

    let mut xvfb = Command::new("Xvfb")
        .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
        .arg(format!("{}x{}x24", SCREEN.0, SCREEN.1))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb runs; `.ci/run` installs it");
    let mut number = String::new();
    BufReader::new(xvfb.stdout.take().expect("its output"))
        .read_line(&mut number)
        .expect("Xvfb says its display");
    let _xvfb = Running(xvfb);
    let display = format!(":{}", number.trim());
    let pdfpc = Command::new("pdfpc")
        .args(["-w", "presentation", "-Z"])
        .arg(format!("{}:{}", SCREEN.0, SCREEN.1))
        .args(["-P", &page.to_string()])
        .arg(w.path("out/talk-slides.pdf"))
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("pdfpc runs; `.ci/run` installs it");
    let _pdfpc = Running(pdfpc);
    xdotool(
        &display,
        &["search", "--sync", "--onlyvisible", "--class", "pdfpc"],
    );
    std::thread::sleep(Duration::from_secs(2));
    let folder = shots_folder();
    let before = screenshot(&display);
    before.save(folder.join("1-still.png")).expect("saved");
    assert_eq!(
        read_screen(&before),
        None,
        "the film shows before the click"
    );

    // The play area's centre on the screen: the page fills the window.
    let scale = SCREEN.0 as f32 / page_width;
    assert!((SCREEN.1 as f32 / page_height - scale).abs() < 0.01);
    let x = ((rect[0] + rect[2]) / 2.0 * scale) as u32;
    let y = ((page_height - (rect[1] + rect[3]) / 2.0) * scale) as u32;
    // The pointer moves over the still first: what made pdfpc play from 0:00.
    xdotool(
        &display,
        &["mousemove", &(x - 40).to_string(), &(y - 20).to_string()],
    );
    std::thread::sleep(Duration::from_millis(500));
    xdotool(&display, &["mousemove", &x.to_string(), &y.to_string()]);
    std::thread::sleep(Duration::from_millis(500));
    xdotool(&display, &["click", "1"]);
    let played = watch(&display, 9.0);
    let shown: Vec<(f64, Seen)> = played
        .iter()
        .filter_map(|(at, seen, _)| seen.map(|s| (*at, s)))
        .collect();
    let summary: Vec<String> = shown
        .iter()
        .map(|(at, s)| format!("{at:.1}s:{}", s.second))
        .collect();
    let (_, first) = shown.first().expect("the film shows after the click");
    assert_eq!(first.second, 10, "the first frame: {summary:?}");
    if let Some((_, _, shot)) = played.iter().find(|(_, s, _)| s.is_some()) {
        shot.save(folder.join("2-first-frame.png")).expect("saved");
    }
    // Undistorted: the film's box has its 16:9 shape, the play area's.
    let (_, _, width, height) = first.area;
    let aspect = width as f64 / height as f64;
    assert!((aspect - 16.0 / 9.0).abs() < 0.03, "{width} × {height}");
    let expected_width = (rect[2] - rect[0]) * scale;
    assert!(
        (width as f32 - expected_width).abs() < 4.0,
        "{width} px, the play area {expected_width} px"
    );
    // From the clip's start to its end, never before or after it.
    assert!(
        shown.windows(2).all(|p| p[0].1.second <= p[1].1.second),
        "{summary:?}"
    );
    assert!(
        shown.iter().all(|(_, s)| (10..=15).contains(&s.second)),
        "{summary:?}"
    );
    // Paused at the clip's end: the last 1.5 s of shots all show its last
    // second, or 0:15 itself (a stream copy keeps the frame or two after
    // the end that a B-frame reorder needs: 15.00 s at 25 frames a second).
    let end = played.last().map_or(0.0, |p| p.0);
    let last: Vec<u32> = shown
        .iter()
        .filter(|(at, _)| *at > end - 1.5)
        .map(|(_, s)| s.second)
        .collect();
    assert!(
        last.len() >= 3 && last.windows(2).all(|w| w[0] == w[1]) && (14..=15).contains(&last[0]),
        "{summary:?}"
    );
    if let Some((_, _, shot)) = played.last() {
        shot.save(folder.join("3-paused.png")).expect("saved");
    }

    xdotool(&display, &["click", "1"]);
    let again = watch(&display, 2.5);
    let seconds: Vec<u32> = again
        .iter()
        .filter_map(|(_, s, _)| s.map(|s| s.second))
        .collect();
    assert!(
        seconds.first().is_some_and(|s| *s <= 11) && seconds.contains(&10),
        "a second click: {seconds:?}"
    );
    if let Some((_, _, shot)) = again
        .iter()
        .find(|(_, s, _)| s.is_some_and(|s| s.second == 10))
    {
        shot.save(folder.join("4-again.png")).expect("saved");
    }
}
