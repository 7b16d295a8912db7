//! The room's type sizes on the PowerPoint slides: which of the PDF's sizes (`type-size`, `body-sizes` in `slide-parts.typ`) a slide's text takes, chosen from an estimate of how tall it sets.
//!
//! PowerPoint cannot be asked to measure text when the deck is written,
//! and it does not fit text again until someone edits it. So each slide's
//! text takes the largest of the PDF's sizes (up to the PDF's largest for
//! that kind of slide) at which an estimate of its height fits the room,
//! and the estimate errs wide: its characters are as wide as DejaVu
//! Sans sets them (the fallback LibreOffice sets when the theme's font is
//! missing; Inter, Calibri and Arial are narrower). Text the estimate
//! finds too long even at the floor says `normAutofit`, so an office
//! suite that measures (LibreOffice) shrinks it to fit; text it fits says
//! `noAutofit` (LibreOffice shrinks text that fits by a few per cent).

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

/// A character's width in thousandths of an em, as DejaVu Sans (regular)
/// sets it: the widest of the fonts a deck meets (LibreOffice's fallback;
/// Inter, Calibri and Arial set narrower), so that an estimate errs wide.
fn advance(c: char) -> i64 {
    match c {
        ' ' | '.' | ',' | '\u{a0}' => 318,
        'i' | 'l' | 'j' | '\'' | '’' | 'I' | 'J' => 278,
        ':' | ';' | '!' | '|' => 337,
        'f' | 't' | 'r' | '(' | ')' | '-' => 400,
        'm' => 974,
        'w' => 818,
        'M' | 'W' | '—' | '…' => 900,
        'a'..='z' | 'à'..='ÿ' => 615,
        'A'..='Z' | 'À'..='Þ' | '«' | '»' | '–' => 720,
        '0'..='9' => 636,
        _ => 700,
    }
}

/// How wide `text` sets at `size` points, in thousandths of a point
/// (within 2% of DejaVu Sans on English and French sentences): bold
/// 13% wider (DejaVu Sans Bold's average over the regular's), capitals
/// (`caps`) spaced 1 pt apart (`spc="100"`).
fn advance_of(text: &str, size: u32, bold: bool, caps: bool) -> i64 {
    let ems: i64 = text
        .chars()
        .map(|c| {
            if caps {
                c.to_uppercase().map(advance).sum::<i64>() + 1000 / i64::from(size.max(1))
            } else {
                advance(c)
            }
        })
        .sum();
    let ems = if bold { ems * 113 / 100 } else { ems };
    // And 3% more: the table rounds, kerning and hinting vary.
    ems * 103 / 100 * i64::from(size)
}

/// How many lines `text` takes at `size` points in a box `width` points
/// wide, wrapped at spaces (a word longer than a line takes lines of its own).
pub fn lines(text: &str, size: u32, bold: bool, caps: bool, width: i64) -> i64 {
    let space = advance_of(" ", size, bold, caps);
    let width = width.max(1) * 1000;
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut line = 0;
        lines += 1;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let long = advance_of(word, size, bold, caps);
            let with_space = if line == 0 { long } else { line + space + long };
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
        // Words that do not fill a line leave its end empty: two words
        // of 51 pt in a line of 80 take two lines.
        assert_eq!(lines("abcdefgh abcdefgh", 10, false, false, 80), 2);
        // Capitals are wider, and spaced.
        assert_eq!(lines("abcdefgh", 10, false, true, 60), 2);
        // A word of about 1900 pt in lines of 300: seven lines.
        assert_eq!(lines(&"x".repeat(100), 30, false, false, 300), 7);
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
