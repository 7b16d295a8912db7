//! What the printed documents show a session: the handout's facts, the trainer's quotes, the role cards for many groups, the guide's pages.

use crate::workshop::Workshop;

const SCENE_WITH_CLIP: &str = "\
title: Calls
sections:
  - title: Opening
    blocks:
      - scene:
          film: Pretty Woman
          year: 1990
          clip: \"0:33:40-0:36:10\"
          setup: The boutique scene.
          minutes: 5
";

/// Proves: the handout's scene card gives the film and its year but not the
/// clip's timecodes, which the guide keeps for the facilitator.
#[test]
fn the_handout_keeps_clip_timecodes_to_the_guide() {
    let w = Workshop::new().outline("calls.yaml", SCENE_WITH_CLIP);
    w.run(&["build", "calls.yaml", "-o", "out"])
        .assert_success();
    let handout = w.pdf_text("out/calls-handout.pdf");
    assert!(handout.contains("Pretty Woman"), "{handout}");
    assert!(handout.contains("1990"), "{handout}");
    assert!(!handout.contains("0:33:40"), "{handout}");
    let guide = w.pdf_text("out/calls-guide.pdf");
    assert!(guide.contains("0:33:40 – 0:36:10"), "{guide}");
}

/// Proves: straight quotes a trainer typed print curled by the outline's
/// language: “ ” and an apostrophe in English, « » with narrow no-break
/// spaces in French, on the slides, the handout and the guide.
#[test]
fn straight_quotes_print_curled_by_language() {
    let outline = |language: &str| {
        format!(
            "title: Calls\nlanguage: {language}\nsections:\n  - title: Opening\n    blocks:\n      - quote:\n          text: 'He said \"call me back\" and it''s done'\n          by: Vivian\n"
        )
    };
    let w = Workshop::new()
        .outline("english.yaml", &outline("en"))
        .outline("french.yaml", &outline("fr"));
    w.run(&["build", "english.yaml", "french.yaml", "-o", "out"])
        .assert_success();
    for document in ["slides", "handout", "guide"] {
        let english = w.pdf_text(&format!("out/english-{document}.pdf"));
        assert!(
            english.contains("He said “call me back” and it’s done"),
            "{document}: {english}"
        );
        let bytes = w.read(&format!("out/french-{document}.pdf"));
        let raw = pdf_extract::extract_text_from_mem(&bytes).expect("the PDF's text");
        assert!(
            raw.contains("«\u{202F}call me back\u{202F}»"),
            "{document}: {raw:?}"
        );
        let french = w.pdf_text(&format!("out/french-{document}.pdf"));
        assert!(
            french.contains("He said « call me back » and it’s done"),
            "{document}: {french}"
        );
    }
}

/// A role-play for groups of three: two roles and an observer.
const ROLEPLAY: &str = "      - roleplay:
          title: The refund call
          scenario: A customer wants a refund the policy does not allow.
          roles:
            - {name: Caller, brief: You bought it yesterday and it broke.}
            - {name: Agent, brief: You may offer a repair but not a refund.}
          observe: [How the agent says no]
";

fn roleplay_outline(participants: &str, roleplays: usize) -> String {
    let blocks: String = (0..roleplays)
        .map(|i| ROLEPLAY.replace("The refund call", &format!("The refund call {}", i + 1)))
        .collect();
    format!("title: Calls\n{participants}sections:\n  - title: Practice\n    blocks:\n{blocks}")
}

/// How many role cards each page of a role cards PDF holds.
fn cards_per_page(pages: &[String]) -> Vec<usize> {
    pages
        .iter()
        .map(|page| page.matches("Your brief").count())
        .filter(|&cards| cards > 0)
        .collect()
}

/// Proves: with `participants: 15`, a role-play for groups of three (two
/// roles and an observer) prints five sets of cards, each card saying its
/// set, packed three or four to a page, and five observer sheets; the guide's
/// preparation list says one set per group; `--participants 6` makes it two.
#[test]
fn role_cards_come_in_one_set_per_group() {
    let w = Workshop::new().outline("calls.yaml", &roleplay_outline("participants: 15\n", 1));
    w.run(&["build", "calls.yaml", "-o", "out"])
        .assert_success();
    let pages = w.pdf_page_texts("out/calls-roles.pdf");
    let text = pages.join(" ");
    assert_eq!(text.matches("Your brief").count(), 10, "{pages:#?}");
    for set in 1..=5 {
        assert_eq!(
            text.matches(&format!("SET {set} OF 5")).count(),
            2,
            "{pages:#?}"
        );
    }
    // Packed: every page of cards but the last holds three or more.
    let per_page = cards_per_page(&pages);
    assert_eq!(per_page.len(), 3, "{pages:#?}");
    assert!(per_page[..2].iter().all(|&cards| cards >= 3), "{pages:#?}");
    assert_eq!(text.matches("Observer sheet").count(), 5, "{pages:#?}");
    let guide = w.pdf_text("out/calls-guide.pdf");
    assert!(
        guide.contains(
            "Print the role cards and observer sheets, one set per group for 15 participants"
        ),
        "{guide}"
    );
    assert!(guide.contains("groups of 3: 5 sets"), "{guide}");

    w.run(&["build", "calls.yaml", "-o", "out", "--participants", "6"])
        .assert_success();
    let text = w.pdf_text("out/calls-roles.pdf");
    assert_eq!(text.matches("Your brief").count(), 4, "{text}");
    assert!(
        w.pdf_text("out/calls-guide.pdf")
            .contains("groups of 3: 2 sets")
    );
}

/// Proves: without `participants`, the cards of several role-plays are
/// packed one after another (two role-plays of two roles: three cards on
/// the first page, not two and a third of a page left empty), one set each,
/// and the preparation list says to print them once.
#[test]
fn role_cards_are_packed_across_role_plays() {
    let w = Workshop::new().outline("calls.yaml", &roleplay_outline("", 2));
    w.run(&["build", "calls.yaml", "-o", "out"])
        .assert_success();
    let pages = w.pdf_page_texts("out/calls-roles.pdf");
    assert_eq!(cards_per_page(&pages), vec![3, 1], "{pages:#?}");
    assert!(!pages.join(" ").contains("SET 1"), "{pages:#?}");
    let guide = w.pdf_text("out/calls-guide.pdf");
    assert!(
        guide.contains("Print the role cards and observer sheets once"),
        "{guide}"
    );
}

/// The first page holding `needle`.
fn first_page_of(pages: &[String], needle: &str) -> usize {
    pages
        .iter()
        .position(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("no page holds {needle:?}"))
}

/// Proves: the guide gives each block's slide numbers, in the run of show
/// and under each block's heading, the numbers the deck's pages have (a
/// scene with points to watch for takes two slides).
#[test]
fn the_guide_gives_each_blocks_slide_numbers() {
    let yaml = "\
title: Calls
sections:
  - title: Opening
    blocks:
      - quote: {text: Big mistake. Huge., by: Vivian, minutes: 2}
      - scene:
          film: Pretty Woman
          setup: The boutique.
          watch_for: [Who drives the call?]
          minutes: 5
  - title: Practice
    blocks:
      - lesson: {title: Say no kindly, points: [Name the rule.], minutes: 5}
";
    let w = Workshop::new().outline("calls.yaml", yaml);
    w.run(&["build", "calls.yaml", "-o", "out"])
        .assert_success();
    let slides = w.pdf_page_texts("out/calls-slides.pdf");
    // Slides count from 1: the title, the agenda, a divider, the quote, ….
    let slide = |needle: &str| first_page_of(&slides, needle) + 1;
    assert_eq!(slide("Big mistake. Huge."), 4);
    assert_eq!(slide("The boutique."), 5);
    assert_eq!(slide("Who drives the call?"), 6);
    assert_eq!(slide("Say no kindly"), 8);
    let guide = w.pdf_text("out/calls-guide.pdf");
    for row in [
        "Quote Big mistake. Huge. 4 2 min",
        "Scene Pretty Woman 5–6 5 min",
        "Lesson Say no kindly 8 5 min",
    ] {
        assert!(guide.contains(row), "{row} in {guide}");
    }
    for entry in ["2 min · Slide 4", "5 min · Slides 5–6", "5 min · Slide 8"] {
        assert!(guide.contains(entry), "{entry} in {guide}");
    }
}

/// Proves: however many rows come before it, a section's row in the
/// guide's run of show never ends a page without its first block's row
/// (before, 27 rows put it alone at the foot of the first page).
#[test]
fn a_section_row_stays_with_its_blocks_in_the_run_of_show() {
    for count in 24..=34 {
        let first: String = (1..=count)
            .map(|i| format!("      - quote: {{text: Quote number {i}, minutes: 1}}\n"))
            .collect();
        let yaml = format!(
            "title: Calls\nsections:\n  - title: Opening\n    blocks:\n{first}  - title: Second part\n    blocks:\n      - lesson: {{title: First block of the second part, minutes: 5}}\n      - lesson: {{title: Second block of the second part, minutes: 5}}\n"
        );
        let w = Workshop::new().outline("calls.yaml", &yaml);
        w.run(&["build", "calls.yaml", "-o", "out", "--only", "guide"])
            .assert_success();
        let pages = w.pdf_page_texts("out/calls-guide.pdf");
        assert_eq!(
            first_page_of(&pages, "2. Second part"),
            first_page_of(&pages, "First block of the second part"),
            "{count} quotes: {pages:#?}"
        );
    }
}

/// Proves: however far down a page a lesson starts, its takeaway never
/// starts a page alone in the guide: its last point goes with it (before,
/// an intro of 300 words sent it alone to the next page).
#[test]
fn a_takeaway_never_starts_a_guide_page_alone() {
    for words in (300..700).step_by(25) {
        let body = vec!["word"; words].join(" ");
        let yaml = format!(
            "title: Calls\nsections:\n  - title: Opening\n    blocks:\n      - text: {{title: Intro, body: \"{body}\"}}\n      - lesson:\n          title: Say no kindly\n          points: [Name the rule., Offer what you can., Thank them for asking.]\n          takeaway: A kind no keeps the customer.\n"
        );
        let w = Workshop::new().outline("calls.yaml", &yaml);
        w.run(&["build", "calls.yaml", "-o", "out", "--only", "guide"])
            .assert_success();
        let pages = w.pdf_page_texts("out/calls-guide.pdf");
        let takeaway = pages
            .iter()
            .rposition(|p| p.contains("A kind no keeps the customer."))
            .expect("the takeaway is printed");
        assert!(
            pages[takeaway].contains("Thank them for asking."),
            "{words} words: {pages:#?}"
        );
    }
}
