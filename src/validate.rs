//! Rules across fields of a loaded outline; every problem found is returned.

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::outline::{Block, Outline, Parsed, Spanned};

/// The most blocks one outline may hold (a full-day workshop has about a hundred).
pub const MAX_BLOCKS: usize = 2000;
/// The most characters one text field may hold (a slide shows a few hundred).
pub const MAX_TEXT_CHARS: usize = 5000;

/// Checks `outline` and returns every problem, errors and warnings, in file order.
pub fn validate(outline: &Outline, source: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut error = |span: Span, message: String, hint: &str| {
        let mut d = Diagnostic::error(message).at(source, span);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        found.push(d);
    };

    check_parsed(outline.language.as_ref(), &mut error, "");
    check_parsed(
        outline.duration.as_ref(),
        &mut error,
        "minutes and hours both work: `45min`, `1h30`, `2h`",
    );
    check_parsed(
        outline.start.as_ref(),
        &mut error,
        "use the 24-hour clock, like `13:30`",
    );
    check_parsed(outline.date.as_ref(), &mut error, "");
    if let Some(handout) = &outline.handout {
        check_parsed(handout.paper.as_ref(), &mut error, "");
        check_parsed(handout.layout.as_ref(), &mut error, "");
    }
    if outline.title.trim().is_empty() {
        error(outline.title.span, "the title is empty".into(), "");
    }
    if outline.sections.is_empty() {
        error(
            outline.sections.span,
            "`sections` has no sections".into(),
            "add at least one section with a `title` and `blocks`",
        );
    }
    for section in outline.sections.iter() {
        if section.blocks.is_empty() {
            error(
                section.blocks.span,
                format!("section `{}` has no blocks", section.title.value),
                "add a block: `scene`, `quote`, `lesson`, `questions`, `activity`, `roleplay`, `break`, `text` or `image`",
            );
        }
        for block in section.blocks.iter() {
            check_block(block, &mut error);
        }
    }
    check_limits(outline, &mut error);
    found.extend(timing_warning(outline, source));
    crate::diag::sort(&mut found);
    found
}

/// The rules of one block, by kind.
fn check_block(block: &Spanned<Block>, error: &mut impl FnMut(Span, String, &str)) {
    match &block.value {
        Block::Scene(scene) => {
            check_parsed(scene.clip.as_ref(), error, "");
            not_empty(
                scene.watch_for.as_ref(),
                "watch_for",
                "the points to watch for",
                error,
            );
        }
        Block::Lesson(lesson) => {
            not_empty(
                lesson.points.as_ref(),
                "points",
                "the lesson's points",
                error,
            );
        }
        Block::Questions(questions) => {
            if questions.ask.is_empty() {
                error(
                    questions.ask.span,
                    "`ask` has no questions".into(),
                    "add at least one question, each on a line starting with `- `",
                );
            }
        }
        Block::Quote(_) => {}
        Block::Activity(activity) => {
            check_parsed(
                activity.group.as_ref(),
                error,
                "for example `group: pairs` or `group: groups of 4`",
            );
            not_empty(
                activity.instructions.as_ref(),
                "instructions",
                "the steps",
                error,
            );
            not_empty(
                activity.materials.as_ref(),
                "materials",
                "what to bring",
                error,
            );
            not_empty(
                activity.debrief.as_ref(),
                "debrief",
                "the debrief questions",
                error,
            );
        }
        Block::Roleplay(roleplay) => {
            not_empty(
                roleplay.roles.as_ref(),
                "roles",
                "the roles, each with a `name` and a `brief`",
                error,
            );
            not_empty(
                roleplay.observe.as_ref(),
                "observe",
                "what the observers note",
                error,
            );
            if let Some(roles) = &roleplay.roles {
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
        }
        Block::Break(pause) => {
            if pause.minutes.value == 0 {
                error(
                    pause.minutes.span,
                    "a break of 0 minutes".into(),
                    "give the break its length, like `minutes: 15`, or remove it",
                );
            }
        }
        Block::Text(text) => {
            let blank = |t: Option<&crate::outline::Text>| t.is_none_or(|t| t.trim().is_empty());
            if blank(text.title.as_ref()) && blank(text.body.as_ref()) {
                error(
                    block.span,
                    "this `text` block has neither a `title` nor a `body`".into(),
                    "add `title:`, `body:` or both",
                );
            }
        }
        Block::Image(_) => {}
    }
}

/// An error for a list given but empty: `key: []`.
fn not_empty<T>(
    list: Option<&Spanned<Vec<T>>>,
    key: &str,
    what: &str,
    error: &mut impl FnMut(Span, String, &str),
) {
    if let Some(list) = list
        && list.is_empty()
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
    for field in outline.text_fields() {
        let chars = field.text.chars().count();
        if chars > MAX_TEXT_CHARS {
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

/// The blocks' minutes against the declared `duration`.
fn timing_warning(outline: &Outline, source: &Arc<SourceFile>) -> Option<Diagnostic> {
    let declared = outline.duration.as_ref()?;
    let duration = declared.ok()?.0;
    let planned: u32 = outline
        .blocks()
        .filter_map(|(_, block)| block.minutes().map(|m| m.value))
        .sum();
    if planned == duration {
        return None;
    }
    let (how, by) = if planned > duration {
        ("more", planned - duration)
    } else {
        ("less", duration - planned)
    };
    Some(
        Diagnostic::warning(format!(
            "the blocks add up to {planned} min, {by} min {how} than the declared `duration` of {duration} min"
        ))
        .at(source, declared.span)
        .with_hint("adjust the blocks' `minutes` or the `duration`"),
    )
}
