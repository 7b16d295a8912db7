//! Slides whose content ran over one page, as warnings at the outline's line that made them.

use super::Rendered;
use crate::diag::Diagnostic;
use crate::plan::{Plan, SlideId};

/// A warning for each slide of `rendered` that did not fit on one page.
pub fn overflow_warnings(plan: &Plan<'_>, rendered: &Rendered) -> Vec<Diagnostic> {
    let too_long = rendered
        .overflowing
        .iter()
        .map(|&slide| overflow_warning(plan, slide));
    let too_wide = rendered.too_wide.iter().map(|&slide| {
        let origin = plan.slide_origin(slide);
        Diagnostic::warning(format!(
            "the slide for {} has a word wider than the slide, cut off at its edge",
            origin.what
        ))
        .at(origin.span)
        .with_hint("shorten the word, or let it break with a space or a hyphen (an e-mail address or a long compound)")
    });
    too_long.chain(too_wide).collect()
}

fn overflow_warning(plan: &Plan<'_>, slide: SlideId) -> Diagnostic {
    let origin = plan.slide_origin(slide);
    let hint = match slide {
        SlideId::Title | SlideId::Agenda => "shorten the title, subtitle or section titles",
        SlideId::Divider(_) => "shorten the section's `title` or `goal`",
        SlideId::Closing => "shorten the closing's `text` or `next_steps`",
        SlideId::Block(..) => {
            "shorten its text (the `setup`, the points, the questions) or split it into two blocks"
        }
    };
    Diagnostic::warning(format!(
        "the slide for {} does not fit on one slide and runs onto the next page",
        origin.what
    ))
    .at(origin.span)
    .with_hint(hint)
}
