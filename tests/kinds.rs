//! The block kinds beyond the core four: activity, role-play, break, text and image, in every output.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Builds fixture `name` into a new temporary folder; returns the folder and a path maker.
fn built(name: &str) -> (tempfile::TempDir, impl Fn(&str) -> PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build_fixture(name, out.path(), &[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{name}: {err}");
    assert!(!err.contains("warning"), "{name} warns: {err}");
    let stem = name.trim_end_matches(".yaml").to_string();
    let dir = out.path().to_path_buf();
    let file = move |suffix: &str| dir.join(format!("{stem}-{suffix}"));
    (out, file)
}

fn assert_has(what: &str, text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "{what} lacks {e:?}: {text}");
    }
}

fn assert_lacks(what: &str, text: &str, absent: &[&str]) {
    for a in absent {
        assert!(!text.contains(a), "{what} holds {a:?}: {text}");
    }
}

/// Proves: an activity shows its steps (over two slides), group and time on the
/// slides, its steps and ruled space in the handout, materials and debrief hints in the guide.
#[test]
fn activity_in_every_output() {
    let (_out, file) = built("activity-in-every-output.yaml");
    let slides = pdf_text(&file("slides.pdf"));
    assert_has(
        "slides",
        &slides,
        &[
            "ACTIVITY 1/2",
            "ACTIVITY 2/2",
            "Rewrite the greeting",
            "Read the transcript of the call.",
            "5. Vote for the warmest version.",
            "25 min",
            "Groups of 3",
            "DEBRIEF",
            "What did the winning versions share?",
        ],
    );
    assert_lacks("slides", &slides, &["HINTMARK", "NOTEMARK", "MATERIALMARK"]);
    // Title, agenda, divider, two step slides, one debrief slide.
    assert_eq!(pdf_pages(&file("slides.pdf")), 6);

    let handout = pdf_text(&file("handout.pdf"));
    assert_has(
        "handout",
        &handout,
        &[
            "ACTIVITY",
            "Rewrite the greeting",
            "Groups of 3 · 25 min",
            "Underline the first sentence the agent says.",
            "Notes",
        ],
    );
    assert_lacks("handout", &handout, &["HINTMARK", "NOTEMARK"]);

    let guide = pdf_text(&file("guide.pdf"));
    assert_has(
        "guide",
        &guide,
        &[
            "Materials for “Rewrite the greeting”",
            "MATERIALMARK printed transcripts, Sticky notes",
            "Work: Groups of 3",
            "Debrief",
            "Hint: HINTMARK They named the team",
            "NOTEMARK Walk between the groups.",
            "09:00 Activity Rewrite the greeting 25 min",
        ],
    );
}

/// Proves: a role's private brief never reaches the slides or the pdfpc file,
/// while the handout's cards and the guide hold it.
#[test]
fn role_briefs_never_reach_the_slides() {
    let (_out, file) = built("roleplay-briefs-stay-off-slides.yaml");
    let briefs = ["BRIEFCUSTOMER", "BRIEFAGENT", "BRIEFLEAD"];
    let slides = pdf_text(&file("slides.pdf"));
    assert_has(
        "slides",
        &slides,
        &[
            "ROLE-PLAY",
            "The third call",
            "A customer calls for the third time",
            "Customer",
            "Agent",
            "Team lead",
            "20 min",
        ],
    );
    assert_lacks("slides", &slides, &briefs);
    assert_lacks("slides", &slides, &["NOTEMARK"]);
    // The presenter console gets the speaker notes, still never a brief.
    let pdfpc = std::fs::read_to_string(file("slides.pdfpc")).expect("pdfpc");
    assert_has("pdfpc", &pdfpc, &["NOTEMARK Swap roles"]);
    assert_lacks("pdfpc", &pdfpc, &briefs);

    let handout = pdf_text(&file("handout.pdf"));
    assert_has("handout", &handout, &briefs);
    assert_has(
        "handout",
        &handout,
        &[
            "Role cards: The third call",
            "Cut along the dashed lines",
            "Your brief (for you only) BRIEFAGENT",
            "Observer sheet: The third call",
            "How the agent acknowledges the earlier calls",
        ],
    );
    assert_lacks("handout", &handout, &["NOTEMARK"]);
    // The summary, a page of three cards, and the observer sheet on its own page.
    assert_eq!(pdf_pages(&file("handout.pdf")), 3);

    let guide = pdf_text(&file("guide.pdf"));
    assert_has("guide", &guide, &briefs);
    assert_has(
        "guide",
        &guide,
        &[
            "Cut out the role cards for “The third call” (3)",
            "Observers note",
            "NOTEMARK Swap roles",
            "14:00 Role-play The third call 20 min",
        ],
    );
}

/// Proves: a break says on its slide when the group resumes, is a row of the
/// run of show with its clock time, moves the later times, and is not in the handout.
#[test]
fn break_in_slides_and_run_of_show_only() {
    let (_out, file) = built("break-in-run-of-show.yaml");
    let slides = pdf_text(&file("slides.pdf"));
    assert_has("slides", &slides, &["BREAK", "Coffee", "Back at 10:45"]);
    assert_lacks("slides", &slides, &["NOTEMARK"]);

    let handout = pdf_text(&file("handout.pdf"));
    assert_has(
        "handout",
        &handout,
        &["Before the break", "After the break"],
    );
    assert_lacks("handout", &handout, &["Coffee", "Back at", "NOTEMARK"]);

    let guide = pdf_text(&file("guide.pdf"));
    assert_has(
        "guide",
        &guide,
        &[
            "10:30 Break Coffee · Resumes 10:45 15 min",
            "10:45 Lesson After the break 15 min",
            "Total 45 min",
            "NOTEMARK Refill",
        ],
    );
}

/// Writes `yaml` as `talk.yaml` in a new folder, builds it, and returns the slides' and guide's text.
fn build_inline(yaml: &str) -> (String, String) {
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::write(work.path().join("talk.yaml"), yaml).expect("write");
    let output = deckhand_in(work.path(), &["build", "talk.yaml", "-o", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = Path::new("out");
    (
        pdf_text(&work.path().join(out).join("talk-slides.pdf")),
        pdf_text(&work.path().join(out).join("talk-guide.pdf")),
    )
}

/// Proves: without `start` a break says how long it lasts, and in French the
/// clock time follows the French convention.
#[test]
fn break_wording_without_start_and_in_french() {
    let (slides, _) = build_inline(
        "title: T\nsections:\n  - title: A\n    blocks:\n      - break:\n          minutes: 15\n",
    );
    assert_has("slides", &slides, &["Break", "Back in 15 min"]);

    let (slides, guide) = build_inline(
        "title: T\nlanguage: fr\nstart: \"10:30\"\nsections:\n  - title: A\n    blocks:\n      - quote:\n          text: Bonjour\n          minutes: 15\n      - break:\n          minutes: 20\n",
    );
    assert_has("slides", &slides, &["Pause", "Reprise à 11 h 05"]);
    assert_has("guide", &guide, &["10 h 45 Pause Reprise 11 h 05 20 min"]);
}

/// Proves: text and image blocks reach the slides and, compactly, the handout;
/// `handout: false` keeps a block out of the handout but not the slides or guide.
#[test]
fn text_and_image_slides_and_handout_false() {
    let (_out, file) = built("text-and-image-slides.yaml");
    let slides = pdf_text(&file("slides.pdf"));
    assert_has(
        "slides",
        &slides,
        &[
            "Why this matters",
            "Callers decide in the first ten seconds whether they trust you.",
            "The rest of the call confirms it.",
            "How the room is set out",
            "SLIDEONLY the answer",
            "Forty-two calls a day.",
        ],
    );
    // Title, agenda, divider, and one slide per block.
    assert_eq!(pdf_pages(&file("slides.pdf")), 6);

    let handout = pdf_text(&file("handout.pdf"));
    assert_has(
        "handout",
        &handout,
        &[
            "Why this matters",
            "The rest of the call",
            "How the room is set out",
        ],
    );
    assert_lacks("handout", &handout, &["SLIDEONLY", "Forty-two"]);

    let guide = pdf_text(&file("guide.pdf"));
    assert_has(
        "guide",
        &guide,
        &[
            "SLIDEONLY the answer",
            "Not in the participants’ handout.",
            "images/room-plan.png",
            "Four tables facing the screen",
        ],
    );
}

/// Proves: the templates' list of block kinds (`block-kinds` in common.typ,
/// which `by-kind` makes every document's table cover) is the outline's.
#[test]
fn templates_know_every_block_kind() {
    let common = deckhand::theme::SHARED
        .iter()
        .find(|(path, _)| *path == "/common.typ")
        .map(|(_, text)| *text)
        .expect("common.typ is shared");
    let line = common
        .lines()
        .find(|l| l.starts_with("#let block-kinds = ("))
        .expect("common.typ lists the block kinds");
    let kinds: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
    assert_eq!(kinds, deckhand::outline::Block::KINDS);
}
