//! Where pages break: lists shared evenly over slides, long scene setups,
//! and the handout's questions, activities and section headings at a page's foot.

use crate::workshop::{Workshop, repo, straight_quotes};

/// The fixture with a landscape and a portrait still, built without a warning.
fn long_lists_and_setups() -> Workshop {
    let image = |name: &str| std::fs::read(repo().join("decks/_library/images").join(name));
    let w = Workshop::new()
        .copy_fixture_as("long-lists-and-setups.yaml", "talk.yaml")
        .file(
            "images/wide.png",
            image("cheese-shop.png").expect("a still"),
        )
        .file(
            "images/tall.png",
            image("director-chair.png").expect("a still"),
        );
    let run = w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    w
}

/// Proves: a list longer than a slide holds is shared out evenly: four
/// questions are 2 + 2 and seven 3 + 2 + 2 (three to a slide), five steps
/// 3 + 2 (four to a slide); never a slide with a lone last item.
#[test]
fn a_list_is_shared_evenly_over_its_slides() {
    let w = long_lists_and_setups();
    let pages = w.pdf_page_texts("out/talk-slides.pdf");
    let count = |needle: &str| pages.iter().filter(|p| p.contains(needle)).count();
    let slide_of = |needle: &str| pages.iter().position(|p| p.contains(needle));
    // Four questions: the first two, then the last two.
    assert_eq!(
        slide_of("What did the caller want?"),
        slide_of("What did the agent hear?")
    );
    assert_eq!(
        slide_of("What would you have said first?"),
        slide_of("What would you say last?")
    );
    assert_ne!(
        slide_of("What did the agent hear?"),
        slide_of("What would you have said first?")
    );
    // Seven questions: 3 + 2 + 2.
    let seven: Vec<usize> = [
        "Seven one?",
        "Seven three?",
        "Seven four?",
        "Seven five?",
        "Seven six?",
        "Seven seven?",
    ]
    .iter()
    .filter_map(|q| slide_of(q))
    .collect();
    assert_eq!(count("DISCUSSION 3/3"), 1);
    assert!(
        seven[0] == seven[1] && seven[2] == seven[3] && seven[4] == seven[5],
        "{seven:?}"
    );
    assert!(seven[1] < seven[2] && seven[3] < seven[4], "{seven:?}");
    // Five steps: 3 + 2.
    assert_eq!(slide_of("Rewrite it."), slide_of("Read the transcript."));
    assert_eq!(
        slide_of("Swap with your partner."),
        slide_of("Vote for the warmest version.")
    );
    assert_eq!(
        slide_of("Rewrite it.").map(|s| s + 1),
        slide_of("Swap with your partner.")
    );
}

/// Proves: a scene's setup never runs onto a nearly empty slide: a short
/// one is set over a landscape still, beside a portrait one, or under the
/// film's title without one; a setup too long for a slide with its still
/// (over 200 characters) goes to a slide of its own after it (the
/// watch-for slide then follows).
#[test]
fn a_long_setup_shrinks_or_moves() {
    let w = long_lists_and_setups();
    let pages: Vec<String> = w
        .pdf_page_texts("out/talk-slides.pdf")
        .iter()
        .map(|page| straight_quotes(page))
        .collect();
    let slide_of = |needle: &str| {
        pages
            .iter()
            .position(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("no slide holds {needle:?}"))
    };
    // Each fitted setup ends on the slide of its film.
    for (film, end) in [
        (
            "Monty Python's Flying Circus",
            "delivered only this morning.",
        ),
        ("Directing the call", "again with your notes."),
        ("No still at all", "does not know it yet."),
    ] {
        assert_eq!(slide_of(film), slide_of(end), "{film}");
    }
    // The long one: the still with the film, then the setup on its own, then what to watch for.
    let still = slide_of("The IT Crowd");
    assert!(!pages[still].contains("In a basement"), "{}", pages[still]);
    assert_eq!(slide_of("In a basement IT department"), still + 1);
    assert_eq!(slide_of("goes back up the stairs."), still + 1);
    let watch = &pages[still + 2];
    assert!(
        watch.contains("Watch for") && watch.contains("How long the caller is left waiting"),
        "{watch}"
    );
}

/// `count` handout outlines: a text of `words(i)` words, then `blocks`
/// (YAML items of the first section's blocks, indented for it).
fn sweep(
    count: usize,
    words: impl Fn(usize) -> usize,
    blocks: &str,
    more: &str,
) -> Vec<Vec<String>> {
    (0..count)
        .map(|i| {
            let body = vec!["word"; words(i)].join(" ");
            let yaml = format!(
                "title: Page breaks\nsections:\n  - title: One\n    blocks:\n      - text: {{title: Intro, body: \"{body}\"}}\n{blocks}{more}"
            );
            let w = Workshop::new().outline("talk.yaml", &yaml);
            w.run(&["build", "talk.yaml", "-o", "out", "--only", "handout"])
                .assert_success();
            w.pdf_page_texts("out/talk-handout.pdf")
        })
        .collect()
}

fn page_of(pages: &[String], needle: &str) -> usize {
    pages
        .iter()
        .rposition(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("no page holds {needle:?}"))
}

/// Proves: however far down the page a set of questions starts, its last
/// question never goes alone to the next page: the questions give up a line
/// or two each and stay together (here, an intro that pushed the fourth of
/// four questions alone onto a third page now leaves a handout of two).
#[test]
fn the_last_question_never_goes_alone_to_a_page() {
    let questions = "      - questions:\n          ask: [First question here?, Second question here?, Third question here?, Fourth and last question here?]\n";
    for pages in sweep(6, |i| 300 + 40 * i, questions, "") {
        let last = page_of(&pages, "Fourth and last question here?");
        assert_eq!(last, page_of(&pages, "Third question here?"), "{pages:#?}");
        assert_eq!(pages.len(), 2, "{pages:#?}");
    }
}

/// Proves: an activity's ruled lines for notes never go to a page without
/// the activity, however far down the page it starts.
#[test]
fn an_activitys_notes_stay_with_it() {
    let activity = "      - activity:\n          title: The activity\n          instructions: [Read the transcript., Underline the first sentence., Rewrite it.]\n";
    for pages in sweep(6, |i| 240 + 40 * i, activity, "") {
        assert_eq!(
            page_of(&pages, "The activity"),
            page_of(&pages, "Notes"),
            "{pages:#?}"
        );
    }
}

/// Proves: a section's heading (and goal) never ends a page without the
/// section's first block, in the handout.
#[test]
fn a_section_heading_never_ends_a_page_alone() {
    let second = "  - title: Second section\n    goal: A goal for the second section\n    blocks:\n      - questions: {ask: [First question of the second section?]}\n";
    for pages in sweep(6, |i| 340 + 30 * i, "", second) {
        assert_eq!(
            page_of(&pages, "2. Second section"),
            page_of(&pages, "First question of the second section?"),
            "{pages:#?}"
        );
    }
}

/// Proves: a theme folder's `pagination` decides how much one slide holds
/// (deckhand reads it from the theme's `theme.typ` and plans the slides
/// with it): two questions to a slide put seven questions on four slides
/// (2 + 2 + 2 + 1, the last one alone as nothing evens it out), and a
/// wrong entry is an error that names it.
#[test]
fn a_themes_pagination_decides_what_a_slide_holds() {
    let outline = "title: T\ntheme: ./mine\nsections:\n  - title: A\n    blocks:\n      - questions:\n          ask: [Seven one?, Seven two?, Seven three?, Seven four?, Seven five?, Seven six?, Seven seven?]\n";
    let w = Workshop::new()
        .outline("talk.yaml", outline)
        .file("mine/theme.typ", "#let pagination = (questions: 2)\n");
    w.run(&["build", "talk.yaml", "-o", "out", "--only", "slides"])
        .assert_success();
    let pages = w.pdf_page_texts("out/talk-slides.pdf");
    let page_of = |needle: &str| pages.iter().position(|p| p.contains(needle));
    let firsts: Vec<Option<usize>> = ["Seven one?", "Seven three?", "Seven five?", "Seven seven?"]
        .into_iter()
        .map(page_of)
        .collect();
    assert_eq!(firsts, [Some(3), Some(4), Some(5), Some(6)], "{pages:?}");
    assert_eq!(page_of("Seven two?"), Some(3));
    assert_eq!(pages.len(), 7);
    assert!(pages[6].contains("DISCUSSION 4/4"), "{}", pages[6]);

    w.write("mine/theme.typ", "#let pagination = (questions: \"two\")\n");
    let run = w.run(&["build", "talk.yaml", "-o", "again"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(
            "the theme's `pagination` gives `questions` as `\"two\"`: it takes a whole number"
        ),
        "{}",
        run.stderr
    );
    assert!(w.files("again").is_empty());
}
