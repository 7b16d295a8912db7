//! Rules across fields of a loaded outline; every problem found is returned.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Span};
use crate::outline::{
    Activity, ImageSlide, Lesson, Minutes, Questions, Roleplay, Scene, TextSlide,
};
use crate::outline::{
    Block, Colour, Load, Loaded, Outline, Parsed, Reveal, Spanned, Text, Variants,
    control_character,
};

/// The most blocks one outline may hold (a full-day workshop has about a hundred).
pub const MAX_BLOCKS: usize = 2000;
/// The most characters one text field may hold (a slide shows a few hundred).
pub const MAX_TEXT_CHARS: usize = 5000;

/// The longest block: a block of more than a day is a typing mistake.
pub const MAX_BLOCK_MINUTES: u32 = 24 * 60;
/// The most items one outline may reveal one at a time (`reveal: steps`):
/// each is a page of the slides, laid out with its slide's other items and
/// set at the size that fits them, which Typst measures on each page (a
/// workshop reveals a few dozen). The largest outline allowed, 2000 blocks,
/// with 50 revealed items on slides of 12 needs about 960 MiB of the run's
/// 1 GiB; 60 needed more.
pub const MAX_REVEALED_ITEMS: usize = 50;
/// The most items one slide may reveal one at a time: a slide of `n` items
/// is `n` pages, each laid out whole. Lists that go over slides (questions,
/// steps) are revealed slide by slide; a lesson's points and a scene's
/// `watch_for` are one slide.
pub const MAX_STEPS: usize = 12;
/// The most variants one outline may declare: each is a whole set of
/// documents (a workshop has two or three cuts).
pub const MAX_VARIANTS: usize = 20;
/// The most characters a `version` (and `--revision`) may hold: it goes
/// into every page's footer, beside the date.
pub const MAX_VERSION_CHARS: usize = 40;

/// The least contrast WCAG 2 (AA) asks of text against its background.
pub const MIN_CONTRAST: f64 = 4.5;

/// A warning for each colour of the outline's `brand` that text would be
/// hard to read in, on the theme's slides of background `paper`: the `ink`
/// on the background, the background's colour as the text of a box in the
/// `accent` (a lesson's takeaway).
pub fn brand_contrast(loaded: &Loaded, paper: Colour) -> Vec<Diagnostic> {
    let Some(brand) = &loaded.outline.brand else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let paper_hex = paper.hex();
    for (colour, message, hint) in [
        (
            brand.ink.as_ref(),
            format!("the brand's `ink` on the slides' background ({paper_hex})"),
            "choose a darker `ink` on a light theme (a lighter one on a dark theme)",
        ),
        (
            brand.accent.as_ref(),
            format!(
                "the takeaway's text (the slides' background, {paper_hex}) on the brand's `accent`"
            ),
            "choose a darker `accent` on a light theme (a lighter one on a dark theme)",
        ),
    ] {
        let Some((value, span)) = colour.and_then(|c| c.value.ok().map(|v| (*v, c.span))) else {
            continue;
        };
        let ratio = value.contrast(paper);
        if ratio < MIN_CONTRAST {
            found.push(loaded.locate(
                Diagnostic::warning(format!(
                    "{message} has a contrast of {ratio:.2}:1, under the {MIN_CONTRAST}:1 WCAG asks of text"
                ))
                .at(span)
                .with_hint(hint),
            ));
        }
    }
    found
}

/// Every problem of a load: loading's, then (when the model was made) validation's.
pub fn problems(load: &Load) -> Vec<Diagnostic> {
    let mut found = load.diagnostics.clone();
    if let Some(loaded) = &load.loaded {
        found.extend(validate(loaded));
    }
    crate::diag::sort(&mut found);
    found
}

/// Checks the loaded outline and returns every problem, in file order.
pub fn validate(loaded: &Loaded) -> Vec<Diagnostic> {
    let outline = &loaded.outline;
    let pruned = &loaded.pruned;
    let mut found = Vec::new();
    let mut error = |span: Span, message: String, hint: &str| {
        let mut d = Diagnostic::error(message).at(span);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        found.push(loaded.locate(d));
    };

    check_parsed(outline.language.as_ref(), &mut error, "");
    check_parsed(outline.duration.as_ref(), &mut error, "");
    check_parsed(
        outline.start.as_ref(),
        &mut error,
        "use the 24-hour clock, like `13:30`",
    );
    check_parsed(outline.date.as_ref(), &mut error, "");
    check_parsed(outline.participants.as_ref(), &mut error, "");
    check_parsed(outline.reveal.as_ref(), &mut error, REVEAL_HINT);
    if let Some(handout) = &outline.handout {
        check_parsed(handout.paper.as_ref(), &mut error, "");
        check_parsed(handout.layout.as_ref(), &mut error, "");
        check_parsed(handout.note_lines.as_ref(), &mut error, "");
    }
    if let Some(brand) = &outline.brand {
        check_parsed(brand.accent.as_ref(), &mut error, "");
        check_parsed(brand.ink.as_ref(), &mut error, "");
    }
    if let Some(closing) = &outline.closing {
        not_empty(
            closing.next_steps.as_ref(),
            &HashSet::new(),
            "next_steps",
            "the steps to take after the workshop",
            &mut error,
        );
    }
    if outline.title.trim().is_empty() {
        error(outline.title.span, "the title is empty".into(), "");
    }
    if outline.sections.is_empty() && !pruned.contains(&outline.sections.span) {
        error(
            outline.sections.span,
            "`sections` has no sections".into(),
            "add at least one section with a `title` and `blocks`",
        );
    }
    for section in outline.sections.iter() {
        if section.blocks.is_empty() && !pruned.contains(&section.blocks.span) {
            error(
                section.blocks.span,
                format!("section `{}` has no blocks", section.title.value),
                &format!("add a block: {}", kinds_in_words()),
            );
        }
        for block in section.blocks.iter() {
            check_block(block, pruned, &mut error);
        }
    }
    check_variants(outline, &mut error);
    if let Some(version) = &outline.version {
        check_version(version, &mut error);
    }
    check_limits(outline, &mut error);
    found.extend(
        outside_every_variant(outline)
            .into_iter()
            .map(|d| loaded.locate(d)),
    );
    crate::diag::sort(&mut found);
    found
}

/// `` `scene`, `quote`, … or `image` ``.
fn kinds_in_words() -> String {
    let quoted: Vec<String> = Block::KINDS.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The variants' own values, and that each keeps at least one block.
fn check_variants(outline: &Outline, error: &mut impl FnMut(Span, String, &str)) {
    let Some(variants) = &outline.variants else {
        return;
    };
    if let Some(extra) = variants.0.get(MAX_VARIANTS) {
        error(
            extra.name.span,
            format!("the outline has more than {MAX_VARIANTS} variants"),
            "each variant is a whole set of documents; split the workshop into several outlines",
        );
        return;
    }
    for (i, variant) in variants.0.iter().enumerate() {
        let name = variant.name.value.trim();
        let well_formed = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            error(
                variant.name.span,
                format!("`{name}` cannot name a variant"),
                "a variant's name goes into file names: use lower-case letters, digits and `-`, like `half-day`",
            );
        }
        if variants.0[..i].iter().any(|v| v.name.value.trim() == name) {
            error(
                variant.name.span,
                format!("two variants are called `{name}`"),
                "give each variant its own name",
            );
        }
        let settings = &variant.settings;
        check_parsed(settings.duration.as_ref(), error, "");
        check_parsed(settings.start.as_ref(), error, "");
        check_parsed(settings.date.as_ref(), error, "");
        let kept = outline.sections.iter().any(|section| {
            section.variants().includes(name)
                && section
                    .blocks
                    .iter()
                    .any(|b| b.common().variants.includes(name))
        });
        if !kept {
            error(
                variant.name.span,
                format!("the variant `{name}` has no block at all"),
                "its `only` and `except` leave every block out; check them, or remove the variant",
            );
        }
    }
}

/// A `version` is one short line: it goes into every footer.
fn check_version(version: &Text, error: &mut impl FnMut(Span, String, &str)) {
    let hint =
        "a version is a short label on one line, like `version: \"2.1\"`; say more in `subtitle`";
    if let Some(problem) = version_problem(&version.value) {
        error(version.span, format!("`version` {problem}"), hint);
    }
}

/// What is wrong with a version (the outline's `version`, `--revision`):
/// "is empty", "holds a line break", …; `None` when it is fine. Control
/// characters are [`control_character`]'s.
pub fn version_problem(version: &str) -> Option<String> {
    let chars = version.chars().count();
    if version.trim().is_empty() {
        Some("is empty".into())
    } else if version.contains('\n') {
        Some("holds a line break".into())
    } else if chars > MAX_VERSION_CHARS {
        Some(format!(
            "is {chars} characters long, more than the limit of {MAX_VERSION_CHARS}"
        ))
    } else {
        None
    }
}

/// A warning at each section and block that no variant keeps (`only: []`,
/// or an `except` naming every variant): no document would show it.
fn outside_every_variant(outline: &Outline) -> Vec<Diagnostic> {
    let names: Vec<String> = crate::plan::variant_names(outline)
        .into_iter()
        .flatten()
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let listed = listed.join(", ");
    let warning = |what: &str, variants: Variants<'_>| {
        // A name no variant has is an error of its own already.
        let unknown = [variants.only, variants.except]
            .into_iter()
            .flatten()
            .flat_map(|list| list.iter())
            .any(|n| !names.iter().any(|name| *name == n.value.trim()));
        if unknown {
            return None;
        }
        let (span, hint) = match (variants.only, variants.except) {
            (Some(only), _) if only.is_empty() => (
                only.span,
                "`only: []` names no variant; name the cuts that show it, like `only: [short]`, or remove it".to_string(),
            ),
            (Some(only), _) => (
                only.span,
                format!("check its `only` and `except` against the variants {listed}, or remove it"),
            ),
            (None, Some(except)) => (
                except.span,
                format!("its `except` names every variant ({listed}); remove one from it, or remove the {what}"),
            ),
            (None, None) => return None,
        };
        Some(
            Diagnostic::warning(format!(
                "this {what} is in no variant, so no document shows it"
            ))
            .at(span)
            .with_hint(hint),
        )
    };
    let mut found = Vec::new();
    for section in outline.sections.iter() {
        let cuts: Vec<&String> = names
            .iter()
            .filter(|n| section.variants().includes(n))
            .collect();
        if cuts.is_empty() {
            found.extend(warning("section", section.variants()));
            continue;
        }
        for block in section.blocks.iter() {
            let variants = block.common().variants;
            if !cuts.iter().any(|n| variants.includes(n)) {
                found.extend(warning("block", variants));
            }
        }
    }
    found
}

/// The rules of one block, by kind.
fn check_block(
    block: &Spanned<Block>,
    pruned: &HashSet<Span>,
    error: &mut impl FnMut(Span, String, &str),
) {
    let common = block.common();
    check_parsed(common.minutes, error, "");
    check_block_length(common.minutes, error);
    check_parsed(common.reveal, error, REVEAL_HINT);
    if let Some(reveal) = common.reveal {
        check_reveal(&block.value, reveal.span, error);
    }
    match &block.value {
        Block::Scene(scene) => check_scene(scene, pruned, error),
        Block::Lesson(lesson) => check_lesson(lesson, pruned, error),
        Block::Questions(questions) => check_questions(questions, pruned, error),
        Block::Quote(_) => {}
        Block::Activity(activity) => check_activity(activity, pruned, error),
        Block::Roleplay(roleplay) => check_roleplay(roleplay, pruned, error),
        Block::Break(_) => check_break(block.span, common.minutes, error),
        Block::Text(text) => check_text(block.span, text, error),
        Block::Image(image) => check_image(image, error),
    }
}

/// A block lasts at most a day: more is a typing mistake.
fn check_block_length(
    minutes: Option<&Spanned<Parsed<Minutes>>>,
    error: &mut impl FnMut(Span, String, &str),
) {
    if let Some(minutes) = minutes
        && let Some(length) = minutes.ok()
        && length.0 > MAX_BLOCK_MINUTES
    {
        error(
            minutes.span,
            format!("a block of {} min is longer than a day", length.0),
            &format!(
                "a block lasts at most {MAX_BLOCK_MINUTES} min; split a longer one into several blocks, or check for a typing mistake"
            ),
        );
    }
}

fn check_scene(scene: &Scene, pruned: &HashSet<Span>, error: &mut impl FnMut(Span, String, &str)) {
    check_parsed(scene.year.as_ref(), error, "");
    check_parsed(scene.clip.as_ref(), error, "");
    check_parsed(scene.fit.as_ref(), error, "");
    check_parsed(scene.focus.as_ref(), error, "");
    not_empty(
        scene.watch_for.as_ref(),
        pruned,
        "watch_for",
        "the points to watch for",
        error,
    );
}

fn check_lesson(
    lesson: &Lesson,
    pruned: &HashSet<Span>,
    error: &mut impl FnMut(Span, String, &str),
) {
    not_empty(
        lesson.points.as_ref(),
        pruned,
        "points",
        "the lesson's points",
        error,
    );
}

fn check_questions(
    questions: &Questions,
    pruned: &HashSet<Span>,
    error: &mut impl FnMut(Span, String, &str),
) {
    if questions.ask.is_empty() && !pruned.contains(&questions.ask.span) {
        error(
            questions.ask.span,
            "`ask` has no questions".into(),
            "add at least one question, each on a line starting with `- `",
        );
    }
}

fn check_activity(
    activity: &Activity,
    pruned: &HashSet<Span>,
    error: &mut impl FnMut(Span, String, &str),
) {
    check_parsed(
        activity.group.as_ref(),
        error,
        "for example `group: pairs` or `group: groups of 4`",
    );
    not_empty(
        activity.instructions.as_ref(),
        pruned,
        "instructions",
        "the steps",
        error,
    );
    not_empty(
        activity.materials.as_ref(),
        pruned,
        "materials",
        "what to bring",
        error,
    );
    not_empty(
        activity.debrief.as_ref(),
        pruned,
        "debrief",
        "the debrief questions",
        error,
    );
}

fn check_roleplay(
    roleplay: &Roleplay,
    pruned: &HashSet<Span>,
    error: &mut impl FnMut(Span, String, &str),
) {
    not_empty(
        roleplay.roles.as_ref(),
        pruned,
        "roles",
        "the roles, each with a `name` and a `brief`",
        error,
    );
    not_empty(
        roleplay.observe.as_ref(),
        pruned,
        "observe",
        "what the observers note",
        error,
    );
    let Some(roles) = &roleplay.roles else {
        return;
    };
    // Each role gets its own card, named by the role.
    for (i, role) in roles.iter().enumerate() {
        let name = role.name.trim();
        if name.is_empty() {
            error(role.name.span, "the role's `name` is empty".into(), "");
        } else if roles[..i]
            .iter()
            .any(|r| r.name.trim().eq_ignore_ascii_case(name))
        {
            error(
                role.name.span,
                format!("two roles are called `{name}`"),
                "give each role its own name; each gets its own card",
            );
        }
    }
}

/// A break's length moves every later clock time, so it must have one.
fn check_break(
    block: Span,
    minutes: Option<&Spanned<Parsed<Minutes>>>,
    error: &mut impl FnMut(Span, String, &str),
) {
    match minutes {
        None => error(
            block,
            "this `break` has no `minutes`".into(),
            "give the break its length, like `minutes: 15`: it moves every later clock time",
        ),
        Some(minutes) if minutes.ok().is_some_and(|m| m.0 == 0) => error(
            minutes.span,
            "a break of 0 minutes".into(),
            "give the break its length, like `minutes: 15`, or remove it",
        ),
        Some(_) => {}
    }
}

fn check_image(image: &ImageSlide, error: &mut impl FnMut(Span, String, &str)) {
    check_parsed(image.fit.as_ref(), error, "");
    check_parsed(image.focus.as_ref(), error, "");
}

fn check_text(block: Span, text: &TextSlide, error: &mut impl FnMut(Span, String, &str)) {
    let blank = |t: Option<&Text>| t.is_none_or(|t| t.trim().is_empty());
    if blank(text.title.as_ref()) && blank(text.body.as_ref()) {
        error(
            block,
            "this `text` block has neither a `title` nor a `body`".into(),
            "add `title:`, `body:` or both",
        );
    }
}

const REVEAL_HINT: &str =
    "`reveal: steps` shows a list one item at a time, `reveal: all` shows it at once";

/// A block's `reveal` needs a list to reveal.
fn check_reveal(block: &Block, span: Span, error: &mut impl FnMut(Span, String, &str)) {
    match block.revealable_list() {
        Some((_, true)) => {}
        Some((key, false)) => error(
            span,
            format!("this `{}` has no `{key}` to reveal", block.kind()),
            &format!("add `{key}`, or remove `reveal`"),
        ),
        None => error(
            span,
            format!("a `{}` has no list to reveal", block.kind()),
            "`reveal` is for blocks with a list: `questions`, a lesson's `points`, a scene's `watch_for`, an activity's `instructions`; remove it here",
        ),
    }
}

/// An error for a list given but empty: `key: []`.
fn not_empty<T>(
    list: Option<&Spanned<Vec<T>>>,
    pruned: &HashSet<Span>,
    key: &str,
    what: &str,
    error: &mut impl FnMut(Span, String, &str),
) {
    if let Some(list) = list
        && list.is_empty()
        && !pruned.contains(&list.span)
    {
        error(
            list.span,
            format!("`{key}` is an empty list"),
            &format!("add {what}, or remove the key"),
        );
    }
}

/// Limits that keep a hostile or runaway outline from costing pathological time.
fn check_limits(outline: &Outline, error: &mut impl FnMut(Span, String, &str)) {
    if let Some((_, block)) = outline.blocks().nth(MAX_BLOCKS) {
        error(
            block.span,
            format!("the outline has more than {MAX_BLOCKS} blocks"),
            "split the workshop into several outlines",
        );
    }
    check_revealed(outline, error);
    check_text_fields(outline, error);
}

/// Each revealed item is a page of the slides: one slide reveals at most
/// [`MAX_STEPS`] items, the outline at most [`MAX_REVEALED_ITEMS`].
fn check_revealed(outline: &Outline, error: &mut impl FnMut(Span, String, &str)) {
    let mut revealed = 0;
    for (_, block) in outline.blocks() {
        if block.value.reveal(outline.reveal()) != Reveal::Steps {
            continue;
        }
        let one_slide = match &block.value {
            Block::Lesson(lesson) => lesson.points.as_ref().map(|p| ("points", p)),
            Block::Scene(scene) => scene.watch_for.as_ref().map(|w| ("watch_for", w)),
            _ => None,
        };
        if let Some((key, list)) = one_slide
            && list.len() > MAX_STEPS
        {
            error(
                list.span,
                format!(
                    "`{key}` has {} items, more than the {MAX_STEPS} one slide may reveal one at a time",
                    list.len()
                ),
                &format!(
                    "split the {} into two blocks, or show this list at once with `reveal: all`",
                    block.value.kind()
                ),
            );
        }
        revealed += block.value.revealable_items();
        if revealed > MAX_REVEALED_ITEMS {
            let at = block.common().reveal.map_or(block.span, |r| r.span);
            error(
                at,
                format!("the outline reveals more than {MAX_REVEALED_ITEMS} items one at a time"),
                "each revealed item is a page of the slides; reveal only the lists a trainer talks through, with `reveal: all` on the others",
            );
            break;
        }
    }
}

/// Every text: no empty list item, no control character, no text past
/// [`MAX_TEXT_CHARS`].
fn check_text_fields(outline: &Outline, error: &mut impl FnMut(Span, String, &str)) {
    for field in outline.text_fields() {
        const ITEMS: [&str; 8] = [
            "watch_for",
            "points",
            "ask",
            "instructions",
            "materials",
            "observe",
            "debrief",
            "text",
        ];
        if ITEMS.contains(&field.key) && field.text.trim().is_empty() {
            error(
                field.span,
                format!("an item of `{}` is empty", field.key),
                "write its text after the `- `, or remove the line",
            );
        }
        if let Some(c) = control_character(field.text) {
            error(
                field.span,
                format!(
                    "`{}` holds the control character U+{:04X}, which no document can show",
                    field.key, c as u32
                ),
                "remove it: it is invisible, and usually comes from a copy and paste or an escape like `\\u0000`",
            );
        }
        let chars = field.text.chars().count();
        // A version has its own, shorter bound (`check_version`).
        if chars > MAX_TEXT_CHARS && field.key != "version" {
            error(
                field.span,
                format!(
                    "`{}` is {chars} characters long, more than the limit of {MAX_TEXT_CHARS}",
                    field.key
                ),
                "shorten it, or spread it over several points or blocks",
            );
        }
    }
}

fn check_parsed<T>(
    value: Option<&Spanned<Parsed<T>>>,
    error: &mut impl FnMut(Span, String, &str),
    hint: &str,
) {
    if let Some(value) = value
        && let Err(problem) = &value.value.value
    {
        error(value.span, problem.clone(), hint);
    }
}
