//! The block kinds beyond the core four: activity, role-play, break, text and image, in every output.

use crate::workshop::Workshop;

/// Builds the fixture `name` (with the fixtures' images) as `talk.yaml`,
/// without a warning, into `out/talk-*`.
fn built(name: &str) -> Workshop {
    let w = Workshop::new()
        .copy_fixture_as(name, "talk.yaml")
        .copy_fixture("images/room-plan.png");
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    assert!(
        !run.stderr.contains("warning"),
        "{name} warns: {}",
        run.stderr
    );
    w
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
    let w = built("activity-in-every-output.yaml");
    let slides = w.pdf_text("out/talk-slides.pdf");
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
    assert_eq!(w.pdf_pages("out/talk-slides.pdf"), 6);

    let handout = w.pdf_text("out/talk-handout.pdf");
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

    let guide = w.pdf_text("out/talk-guide.pdf");
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
            "09:00 Activity Rewrite the greeting 4–6 25 min",
        ],
    );
}

/// Proves: a role's private brief never reaches the slides, the pdfpc file or
/// the participants' handout: the role cards are their own PDF (one card per
/// role between cut lines, the observer sheet on its own page), and the
/// guide holds everything and says to print and cut the cards.
#[test]
fn role_briefs_are_only_on_their_cards_and_in_the_guide() {
    let w = built("roleplay-briefs-stay-off-slides.yaml");
    let briefs = ["BRIEFCUSTOMER", "BRIEFAGENT", "BRIEFLEAD"];
    let slides = w.pdf_text("out/talk-slides.pdf");
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
    let pdfpc = String::from_utf8(w.read("out/talk-slides.pdfpc")).expect("UTF-8");
    assert_has("pdfpc", &pdfpc, &["NOTEMARK Swap roles"]);
    assert_lacks("pdfpc", &pdfpc, &briefs);

    let handout = w.pdf_text("out/talk-handout.pdf");
    assert_has(
        "handout",
        &handout,
        &[
            "The third call",
            "A customer calls for the third time",
            "Roles: Customer, Agent, Team lead",
            "The trainer gives each player their own role card.",
        ],
    );
    assert_lacks("handout", &handout, &briefs);
    assert_lacks(
        "handout",
        &handout,
        &["NOTEMARK", "Your brief", "Observer sheet"],
    );
    assert_eq!(w.pdf_pages("out/talk-handout.pdf"), 1);

    let roles = w.pdf_text("out/talk-roles.pdf");
    assert_has("role cards", &roles, &briefs);
    assert_has(
        "role cards",
        &roles,
        &[
            "Role cards: The third call",
            "Cut along the dashed lines",
            "Your brief (for you only) BRIEFAGENT",
            "Observer sheet: The third call",
            "How the agent acknowledges the earlier calls",
        ],
    );
    assert_lacks("role cards", &roles, &["NOTEMARK"]);
    // A page of three cards, and the observer sheet on its own page.
    assert_eq!(w.pdf_pages("out/talk-roles.pdf"), 2);

    let guide = w.pdf_text("out/talk-guide.pdf");
    assert_has("guide", &guide, &briefs);
    assert_has(
        "guide",
        &guide,
        &[
            "Print the role cards and observer sheets once, then cut the cards apart (2 pages, A4): “The third call” (3)",
            "Observers note",
            "NOTEMARK Swap roles",
            "14:00 Role-play The third call 4 20 min",
        ],
    );
}

/// Proves: an outline without a role-play makes no role cards, even when
/// `--only roles` asks for them; one with a role-play makes them alone with
/// `--only roles`.
#[test]
fn role_cards_only_for_a_role_play() {
    let w = built("activity-in-every-output.yaml");
    assert!(
        !w.files("out").iter().any(|f| f.contains("roles")),
        "{:?}",
        w.files("out")
    );
    let run = w
        .run(&["build", "talk.yaml", "-o", "only", "--only", "roles"])
        .assert_success();
    assert!(
        w.files("only").is_empty(),
        "{:?} {}",
        w.files("only"),
        run.stderr
    );

    let w = Workshop::new().copy_fixture_as("roleplay-briefs-stay-off-slides.yaml", "talk.yaml");
    w.run(&["build", "talk.yaml", "-o", "out", "--only", "roles"])
        .assert_success();
    assert_eq!(w.files("out"), ["talk-roles.pdf"]);
}

/// Proves: a break says on its slide when the group resumes, is a row of the
/// run of show with its clock time, moves the later times, and is not in the handout.
#[test]
fn break_in_slides_and_run_of_show_only() {
    let w = built("break-in-run-of-show.yaml");
    let slides = w.pdf_text("out/talk-slides.pdf");
    assert_has("slides", &slides, &["BREAK", "Coffee", "Back at 10:45"]);
    assert_lacks("slides", &slides, &["NOTEMARK"]);

    let handout = w.pdf_text("out/talk-handout.pdf");
    assert_has(
        "handout",
        &handout,
        &["Before the break", "After the break"],
    );
    assert_lacks("handout", &handout, &["Coffee", "Back at", "NOTEMARK"]);

    let guide = w.pdf_text("out/talk-guide.pdf");
    assert_has(
        "guide",
        &guide,
        &[
            "10:30 Break Coffee · Resumes 10:45 5 15 min",
            "10:45 Lesson After the break 6 15 min",
            "Total 45 min",
            "NOTEMARK Refill",
        ],
    );
}

/// Builds `yaml` as `talk.yaml`; returns the slides' and the guide's text.
fn build_inline(yaml: &str) -> (String, String) {
    let w = Workshop::new().outline("talk.yaml", yaml);
    w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    (
        w.pdf_text("out/talk-slides.pdf"),
        w.pdf_text("out/talk-guide.pdf"),
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
    assert_has("guide", &guide, &["10 h 45 Pause Reprise 11 h 05 5 20 min"]);
}

/// Proves: text and image blocks reach the slides and, compactly, the handout;
/// `handout: false` keeps a block out of the handout but not the slides or guide.
#[test]
fn text_and_image_slides_and_handout_false() {
    let w = built("text-and-image-slides.yaml");
    let slides = w.pdf_text("out/talk-slides.pdf");
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
    assert_eq!(w.pdf_pages("out/talk-slides.pdf"), 6);

    let handout = w.pdf_text("out/talk-handout.pdf");
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

    let guide = w.pdf_text("out/talk-guide.pdf");
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
