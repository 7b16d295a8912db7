//! The room's type sizes on the PowerPoint slides: which of the PDF's sizes (`type-size`, `body-sizes` in `slide-parts.typ`) a slide's text takes, chosen from an estimate of how tall it sets.
//!
//! PowerPoint cannot be asked to measure text when the deck is written,
//! and it does not fit text again until someone edits it. So each slide's
//! text takes the largest of the PDF's sizes (up to the PDF's largest for
//! that kind of slide) at which an estimate of its height fits the room,
//! and the estimate errs wide: its glyphs are as wide as DejaVu Sans's
//! (the fallback LibreOffice sets when the theme's font is missing; Inter,
//! Calibri and Arial are narrower). Each text box also says `normAutofit`,
//! so an office suite that measures (LibreOffice) shrinks what still does
//! not fit.

use super::canvas::{Bullet, Para};
use super::slides::plain;

/// Titles: 44 pt, 40 pt when a title would wrap at 44 (`type-size.title`, `title-floor`).
pub const TITLE: u32 = 44;
pub const TITLE_FLOOR: u32 = 40;
/// Body text's floor (`type-size.body-floor`): roles, captions, a scene's setup.
pub const BODY_FLOOR: u32 = 28;
/// Small upper-case labels over a title, facts beside it (`type-size.label`).
pub const LABEL: u32 = 20;
/// The footer's text (`type-size.footer`).
pub const FOOTER: u32 = 18;

/// The sizes body text may take, largest first (`body-sizes`).
const BODY_SIZES: [u32; 7] = [48, 44, 40, 36, 32, 30, 28];

/// Lines of text, a font's size apart times this (in tenths): the line
/// height of DejaVu Sans and Inter, about 1.2 em.
const LINE: i64 = 12;

/// A glyph's average width in thousandths of the size: regular, bold, and
/// in capitals (measured on DejaVu Sans over English sentences, spaces
/// included: 0.515, 0.583, 0.604 and 0.675 em; a little more here).
fn glyph(bold: bool, caps: bool) -> i64 {
    match (bold, caps) {
        (false, false) => 525,
        (true, false) => 595,
        (false, true) => 615,
        (true, true) => 700,
    }
}

/// How many lines `text` takes at `size` points in a box `width` points
/// wide, wrapped at spaces (a word longer than a line takes lines of its own).
pub fn lines(text: &str, size: u32, bold: bool, caps: bool, width: i64) -> i64 {
    let em = i64::from(size) * glyph(bold, caps);
    let width = width.max(1) * 1000;
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut line = 0;
        lines += 1;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let long = i64::try_from(word.chars().count()).unwrap_or(i64::MAX / 4_000_000) * em;
            let with_space = if line == 0 { long } else { line + em + long };
            if with_space <= width {
                line = with_space;
            } else if line == 0 {
                // A word wider than the line: it breaks across lines.
                lines += (long - 1) / width;
                line = long % width;
            } else {
                lines += 1 + (long - 1) / width;
                line = if long > width { long % width } else { long };
            }
        }
    }
    lines
}

/// How tall `paras` set `width` points wide are likely to be, in points.
pub fn height(paras: &[Para], width: i64) -> i64 {
    paras
        .iter()
        .map(|para| {
            let size = i64::from(para.font.size);
            let indent = match para.bullet {
                Bullet::None => 0,
                Bullet::Dot => size * 9 / 10,
                Bullet::Number(_) => size * 3 / 2,
            };
            let text = plain(&para.runs);
            let lines = lines(
                &text,
                para.font.size,
                para.font.bold,
                para.font.caps,
                width - indent,
            );
            i64::from(para.before) + lines * size * LINE / 10
        })
        .sum()
}

/// A title's size: 44 pt when it sets on one line `width` points wide, else 40.
pub fn title_size(title: &str, caps: bool, width: i64) -> u32 {
    if lines(title, TITLE, true, caps, width) <= 1 {
        TITLE
    } else {
        TITLE_FLOOR
    }
}

/// The largest body size up to `most` at which what `make(size)` makes is
/// at most `room` points tall (`tall` says how tall), else the floor; with
/// what it made at that size.
pub fn fitting<T>(
    most: u32,
    room: i64,
    make: impl Fn(u32) -> T,
    tall: impl Fn(&T) -> i64,
) -> (u32, T) {
    let sizes = BODY_SIZES.iter().copied().filter(|&s| s <= most);
    for size in sizes {
        let made = make(size);
        if tall(&made) <= room {
            return (size, made);
        }
    }
    (BODY_FLOOR, make(BODY_FLOOR))
}

/// Where text `tall` points high sits in a room from `top`, `room` high,
/// as the PDF centres short content (`centred`: a little above the
/// middle, the space above and below as 1 to 1.3): the top and height of
/// a box whose middle is the text's. Text taller than the room fills it.
pub fn centred(top: i64, room: i64, tall: i64) -> (i64, i64) {
    let free = (room - tall).max(0);
    // Take off the foot what makes the space under the text 1.3 times
    // the space over it, the text in the box's middle.
    (top, room - free * 3 / 23)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pptx::canvas::{Colour, Font};

    /// Proves: lines wrap at spaces as wide glyphs would, and a word wider
    /// than the line takes lines of its own.
    #[test]
    fn lines_wrap_at_words() {
        assert_eq!(lines("Watch for", 44, true, false, 848), 1);
        // 45 characters at 44 pt bold: about 1180 pt, two lines of 848.
        let long = "Coaching the gift-wrapper through a hard call";
        assert_eq!(lines(long, 44, true, false, 848), 2);
        // Words that do not fill a line leave its end empty: three lines.
        let longer = "Coaching the gift-wrapper through the very first minute call";
        assert_eq!(lines(longer, 44, true, false, 848), 3);
        assert_eq!(lines(&"x".repeat(100), 30, false, false, 300), 6);
        assert_eq!(lines("one\ntwo", 30, false, false, 848), 2);
    }

    /// Proves: short text takes the largest size its kind allows, longer
    /// text a smaller one, and text too long for the floor the floor.
    #[test]
    fn text_takes_the_largest_size_that_fits() {
        fn para(text: &str) -> impl Fn(u32) -> Vec<Para> + '_ {
            move |size| vec![Para::plain(text, Font::new(size, Colour::Ink))]
        }
        let tall = |paras: &Vec<Para>| height(paras, 848);
        assert_eq!(fitting(40, 346, para("Two words"), tall).0, 40);
        let long = "A sentence of about sixty characters, said a few times over. ".repeat(6);
        let (size, _) = fitting(40, 346, para(&long), tall);
        assert!((28..40).contains(&size), "{size}");
        let longer = long.repeat(4);
        assert_eq!(fitting(40, 346, para(&longer), tall).0, 28);
    }

    /// Proves: a title that would wrap at 44 pt is set at 40.
    #[test]
    fn a_long_title_is_set_at_the_floor() {
        assert_eq!(title_size("Listen for the real need", false, 848), 44);
        assert_eq!(
            title_size(
                "Coaching the gift-wrapper through a first minute",
                false,
                848
            ),
            40
        );
    }
}
