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
                "add a `scene`, `quote`, `lesson` or `questions` block",
            );
        }
        for block in section.blocks.iter() {
            match &block.value {
                Block::Scene(scene) => {
                    check_parsed(scene.clip.as_ref(), &mut error, "");
                    if let Some(list) = &scene.watch_for
                        && list.is_empty()
                    {
                        error(
                            list.span,
                            "`watch_for` is an empty list".into(),
                            "add the points to watch for, or remove the key",
                        );
                    }
                }
                Block::Lesson(lesson) => {
                    if let Some(list) = &lesson.points
                        && list.is_empty()
                    {
                        error(
                            list.span,
                            "`points` is an empty list".into(),
                            "add the lesson's points, or remove the key",
                        );
                    }
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
            }
        }
    }
    check_limits(outline, &mut error);
    found.extend(timing_warning(outline, source));
    crate::diag::sort(&mut found);
    found
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
