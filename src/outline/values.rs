//! Small value types parsed from outline text: durations, clock times, dates, timecodes.

use std::fmt;
use std::str::FromStr;

/// A length of time in whole minutes (`90min`, `1h30`, `1h 30min`, `45 min`, `90`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minutes(pub u32);

/// The longest length deckhand reads: a week. Longer is a typing mistake,
/// and sums of lengths then stay far from overflowing.
pub const MAX_MINUTES: u32 = 7 * 24 * 60;

impl FromStr for Minutes {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let problem =
            || format!("`{text}` is not a duration (write it like `90min`, `1h30` or `1h 30min`)");
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if compact.is_empty() {
            return Err(problem());
        }
        let total = match compact.parse::<u64>() {
            Ok(minutes) => minutes,
            // Digits too many for any number: far longer than a week.
            Err(_) if compact.bytes().all(|b| b.is_ascii_digit()) => u64::MAX,
            Err(_) => parse_hours_and_minutes(&compact).ok_or_else(problem)?,
        };
        if total > u64::from(MAX_MINUTES) {
            return Err(format!(
                "`{text}` is longer than a week ({MAX_MINUTES} min), longer than any workshop"
            ));
        }
        Ok(Minutes(u32::try_from(total).unwrap_or(MAX_MINUTES)))
    }
}

/// A number written in digits, as large as it is (`u64::MAX` beyond).
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}

/// `1h30`, `90min`, `1h 30m` (spaces removed, lower case) in minutes.
fn parse_hours_and_minutes(compact: &str) -> Option<u64> {
    let (hours, rest) = match compact.split_once('h') {
        Some((h, rest)) => (digits(h)?, rest),
        None => (0, compact),
    };
    let rest = rest
        .strip_suffix("minutes")
        .or_else(|| rest.strip_suffix("min"))
        .or_else(|| rest.strip_suffix('m'))
        .unwrap_or(rest);
    let minutes = if rest.is_empty() {
        0
    } else {
        rest.parse::<u64>().ok()?
    };
    if !compact.contains('h') && compact.len() == rest.len() {
        // No unit at all and not a plain number: `ninety`.
        return None;
    }
    Some(hours.saturating_mul(60).saturating_add(minutes))
}

impl fmt::Display for Minutes {
    /// `45 min`, `2 h`, `1 h 30 min`: the same in English and French.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (h, m) = (self.0 / 60, self.0 % 60);
        match (h, m) {
            (0, m) => write!(f, "{m} min"),
            (h, 0) => write!(f, "{h} h"),
            (h, m) => write!(f, "{h} h {m:02} min"),
        }
    }
}

/// A time of day, as minutes after midnight (`09:00`, `9:30`, `14h15`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(pub u32);

impl FromStr for ClockTime {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let problem =
            || format!("`{text}` is not a time of day (write it like `09:00` or `13:30`)");
        let (h, m) = text
            .trim()
            .split_once([':', 'h', 'H'])
            .ok_or_else(problem)?;
        let h: u32 = h.trim().parse().map_err(|_| problem())?;
        let m: u32 = if m.trim().is_empty() {
            0
        } else {
            m.trim().parse().map_err(|_| problem())?
        };
        if h > 23 || m > 59 {
            return Err(problem());
        }
        Ok(ClockTime(h * 60 + m))
    }
}

impl ClockTime {
    /// The time `minutes` later, wrapping past midnight.
    pub fn plus(self, minutes: u32) -> ClockTime {
        ClockTime((self.0 + minutes) % (24 * 60))
    }
    pub fn hour(self) -> u32 {
        self.0 / 60
    }
    pub fn minute(self) -> u32 {
        self.0 % 60
    }
}

impl fmt::Display for ClockTime {
    /// `09:05`: the 24-hour clock of files and tools (pdfpc); readers get
    /// their language's convention from `i18n::clock`.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The calendar date `days` after 1970-01-01 (Howard Hinnant's
    /// algorithm), if its year has four digits.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe.checked_add(era.checked_mul(400)?)? + i64::from(month <= 2);
        if !(1000..=9999).contains(&year) {
            return None;
        }
        Some(Date {
            year: i32::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let problem = || format!("`{text}` is not a date (write it like `2026-11-22`)");
        let mut parts = text.trim().splitn(3, '-');
        let mut next = || parts.next().ok_or_else(problem);
        let year: i32 = next()?.parse().map_err(|_| problem())?;
        let month: u8 = next()?.parse().map_err(|_| problem())?;
        let day: u8 = next()?.parse().map_err(|_| problem())?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(problem()),
        };
        if !(1000..=9999).contains(&year) || day == 0 || day > days_in_month {
            return Err(problem());
        }
        Ok(Date { year, month, day })
    }
}

/// The year a film came out (`2003`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Year(pub u16);

impl FromStr for Year {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let digits = text.trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`{text}` is not a year (write it in digits, like `2003`)"
            ));
        }
        let year: u64 = digits.parse().unwrap_or(u64::MAX);
        match u16::try_from(year) {
            Ok(year) if (1870..=2100).contains(&year) => Ok(Year(year)),
            _ => Err(format!(
                "`{text}` is not a film's year (films are from 1870 to 2100)"
            )),
        }
    }
}

/// How many ruled lines the handout leaves after each set of questions: 0 to 30.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteLines(pub u8);

/// More lines than this fill more than a page.
pub const MAX_NOTE_LINES: u8 = 30;

impl FromStr for NoteLines {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().parse::<u8>() {
            Ok(lines) if lines <= MAX_NOTE_LINES => Ok(NoteLines(lines)),
            _ => Err(format!(
                "`{text}` is not a number of lines from 0 to {MAX_NOTE_LINES}"
            )),
        }
    }
}

/// How many take part in a session: 1 to 500. The role cards hold a set
/// for each group a role-play needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Participants(pub u32);

/// More than a large conference room holds.
pub const MAX_PARTICIPANTS: u32 = 500;

impl FromStr for Participants {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().parse::<u32>() {
            Ok(count) if (1..=MAX_PARTICIPANTS).contains(&count) => Ok(Participants(count)),
            _ => Err(format!(
                "`{text}` is not a number of participants from 1 to {MAX_PARTICIPANTS}"
            )),
        }
    }
}

/// A position in a film, in seconds (`1:02:10` or `04:30`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timecode(pub u32);

impl FromStr for Timecode {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let fields: Vec<&str> = text.trim().split(':').collect();
        let numbers: Option<Vec<u32>> = fields
            .iter()
            .map(|f| {
                if f.is_empty() || f.len() > 3 || !f.chars().all(|c| c.is_ascii_digit()) {
                    None
                } else {
                    f.parse().ok()
                }
            })
            .collect();
        let seconds = match numbers.as_deref() {
            Some([m, s]) if *s < 60 => m * 60 + s,
            Some([h, m, s]) if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
            _ => {
                return Err(format!(
                    "`{}` is not a timecode (write `h:mm:ss` or `mm:ss`, like `1:02:10`)",
                    text.trim()
                ));
            }
        };
        Ok(Timecode(seconds))
    }
}

impl fmt::Display for Timecode {
    /// Always `h:mm:ss`, so that a cue sheet's columns line up.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        write!(f, "{h}:{m:02}:{s:02}")
    }
}

/// The part of a film to play: `start-end`, the end after the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClipRange {
    pub start: Timecode,
    pub end: Timecode,
}

impl ClipRange {
    pub fn length(&self) -> Timecode {
        Timecode(self.end.0 - self.start.0)
    }
}

impl FromStr for ClipRange {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let (start, end) = text.split_once(['-', '–']).ok_or_else(|| {
            format!("`{text}` is not a clip (write `start-end`, like `1:02:10-1:04:30`)")
        })?;
        let start: Timecode = start.parse()?;
        let end: Timecode = end.parse()?;
        if end <= start {
            return Err(format!(
                "the clip ends at {end}, which is not after its start at {start}"
            ));
        }
        Ok(ClipRange { start, end })
    }
}

/// Declares [`Language`]: one line per language, its variant and its code,
/// which names its labels in `templates/lang/<code>.json`.
macro_rules! languages {
    ($default:ident => $default_code:literal $(, $variant:ident => $code:literal)* $(,)?) => {
        /// The languages deckhand has labels for.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub enum Language {
            #[default]
            $default,
            $($variant,)*
        }

        impl Language {
            pub const ALL: &[Language] = &[Language::$default $(, Language::$variant)*];
            pub fn code(self) -> &'static str {
                match self {
                    Language::$default => $default_code,
                    $(Language::$variant => $code,)*
                }
            }
        }
    };
}

// Adding a language: its labels file in templates/lang/ and one line here.
languages! {
    En => "en",
    Fr => "fr",
}

impl FromStr for Language {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        Language::ALL
            .iter()
            .copied()
            .find(|l| l.code().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
                format!(
                    "`{text}` is not a language deckhand knows (known: {})",
                    known.join(", ")
                )
            })
    }
}

/// How people work during an activity: `solo`, `pairs`, `plenary` or `groups of N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupForm {
    Solo,
    Pairs,
    Plenary,
    /// Groups of this many people, 2 to 20.
    Groups(u8),
}

impl GroupForm {
    /// The largest group size `groups of N` accepts.
    pub const MAX_GROUP: u8 = 20;

    /// The form's name in the templates' labels: `solo`, `pairs`, `plenary`, `groups`.
    pub fn name(self) -> &'static str {
        match self {
            GroupForm::Solo => "solo",
            GroupForm::Pairs => "pairs",
            GroupForm::Plenary => "plenary",
            GroupForm::Groups(_) => "groups",
        }
    }

    /// The size of each group, for `groups of N`.
    pub fn size(self) -> Option<u8> {
        match self {
            GroupForm::Groups(n) => Some(n),
            _ => None,
        }
    }
}

impl FromStr for GroupForm {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let problem = || {
            format!(
                "`{}` is not a group form: expected solo, pairs, plenary or `groups of N`",
                text.trim()
            )
        };
        match words.as_slice() {
            ["solo"] => Ok(GroupForm::Solo),
            ["pairs"] => Ok(GroupForm::Pairs),
            ["plenary"] => Ok(GroupForm::Plenary),
            ["groups", "of", n] if !n.bytes().all(|b| b.is_ascii_digit()) => Err(format!(
                "`{}` is not a group form: write the size in digits, like `groups of 4`",
                text.trim()
            )),
            ["groups", "of", n] => match n.parse::<u8>() {
                Ok(n) if (2..=Self::MAX_GROUP).contains(&n) => Ok(GroupForm::Groups(n)),
                _ => Err(format!(
                    "`{}` is not a group form: groups have 2 to {} people",
                    text.trim(),
                    Self::MAX_GROUP
                )),
            },
            _ => Err(problem()),
        }
    }
}

/// Handout paper sizes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    UsLetter,
}

impl Paper {
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::UsLetter => "us-letter",
        }
    }
}

impl FromStr for Paper {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "us-letter" | "letter" | "us_letter" | "us letter" => Ok(Paper::UsLetter),
            _ => Err(format!(
                "`{text}` is not a paper size (known: a4, us-letter)"
            )),
        }
    }
}

/// How the participants' handout lays out its pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HandoutLayout {
    /// Cards, quotes, lessons and questions with room for notes (the default).
    #[default]
    Workbook,
    /// Three slide thumbnails a page, each beside ruled lines for notes.
    SlidesWithLines,
}

impl HandoutLayout {
    pub fn name(self) -> &'static str {
        match self {
            HandoutLayout::Workbook => "workbook",
            HandoutLayout::SlidesWithLines => "slides-with-lines",
        }
    }
}

impl FromStr for HandoutLayout {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "workbook" => Ok(HandoutLayout::Workbook),
            "slides-with-lines" | "slides_with_lines" => Ok(HandoutLayout::SlidesWithLines),
            _ => Err(format!(
                "`{text}` is not a handout layout (expected workbook or slides-with-lines)"
            )),
        }
    }
}

/// How a block's list comes onto its slide: all at once, or one item at a
/// time (`reveal: steps`), each click showing the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reveal {
    /// Every item at once (the default).
    #[default]
    All,
    /// One more item at each step: a slide becomes one page per item.
    Steps,
}

impl Reveal {
    pub fn name(self) -> &'static str {
        match self {
            Reveal::All => "all",
            Reveal::Steps => "steps",
        }
    }
}

impl FromStr for Reveal {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "all" => Ok(Reveal::All),
            "steps" => Ok(Reveal::Steps),
            _ => Err(format!(
                "`{text}` is not a way to reveal a list (expected steps or all)"
            )),
        }
    }
}

/// A colour written as `#rrggbb` or `#rgb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    /// `#rrggbb`, in lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// The relative luminance WCAG 2 defines, from 0 (black) to 1 (white).
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// The contrast ratio of two colours as WCAG 2 defines it, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

impl FromStr for Colour {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let problem = || format!("`{text}` is not a colour (write it like `#b4441b` or `#b41`)");
        let digits = text.trim().strip_prefix('#').ok_or_else(problem)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(problem());
        }
        let value = |hex: &str| u8::from_str_radix(hex, 16).map_err(|_| problem());
        match digits.len() {
            6 => Ok(Colour {
                r: value(&digits[0..2])?,
                g: value(&digits[2..4])?,
                b: value(&digits[4..6])?,
            }),
            3 => {
                let twice = |i: usize| value(&digits[i..=i].repeat(2));
                Ok(Colour {
                    r: twice(0)?,
                    g: twice(1)?,
                    b: twice(2)?,
                })
            }
            _ => Err(problem()),
        }
    }
}

/// How a still or an image fills its frame on a slide: `cover` fills it,
/// cropped; `contain` shows all of it, with bars beside or above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    Cover,
    Contain,
}

impl Fit {
    pub fn name(self) -> &'static str {
        match self {
            Fit::Cover => "cover",
            Fit::Contain => "contain",
        }
    }
}

impl FromStr for Fit {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "cover" => Ok(Fit::Cover),
            "contain" => Ok(Fit::Contain),
            _ => Err(format!(
                "`{text}` is not a way to fit a picture (expected cover or contain)"
            )),
        }
    }
}

/// The point of a picture kept in view when it is cropped, in percent of
/// its width and height from its top left: `top`, `bottom left`, `30% 40%`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Focus {
    pub x: u8,
    pub y: u8,
}

impl FromStr for Focus {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let problem = || {
            format!(
                "`{text}` is not a point of the picture (write `top`, `bottom left`, `center` or two percentages across then down, like `30% 40%`)"
            )
        };
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() || words.len() > 2 {
            return Err(problem());
        }
        let (mut x, mut y) = (None, None);
        let mut centred = 0;
        for (i, word) in words.iter().enumerate() {
            match word.as_str() {
                "left" | "right" if x.is_none() => x = Some(if word == "left" { 0 } else { 100 }),
                "top" | "bottom" if y.is_none() => y = Some(if word == "top" { 0 } else { 100 }),
                "center" | "centre" | "middle" => centred += 1,
                _ => {
                    let percent = word
                        .strip_suffix('%')
                        .and_then(|n| n.parse::<u8>().ok())
                        .filter(|&n| n <= 100)
                        .ok_or_else(problem)?;
                    // Percentages go across, then down: the first is
                    // across unless a word before it said where across.
                    if x.is_none() && (i == 0 || y.is_some()) {
                        x = Some(percent);
                    } else if y.is_none() {
                        y = Some(percent);
                    } else {
                        return Err(problem());
                    }
                }
            }
        }
        if words.len() == 2 && centred == 0 && (x.is_none() || y.is_none()) {
            // Two words for one direction: `top bottom`.
            return Err(problem());
        }
        Ok(Focus {
            x: x.unwrap_or(50),
            y: y.unwrap_or(50),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_documented_form() {
        for (text, minutes) in [
            ("90min", 90),
            ("1h30", 90),
            ("1h 30min", 90),
            ("45 min", 45),
            ("2h", 120),
            ("90", 90),
            ("1h30m", 90),
        ] {
            assert_eq!(text.parse::<Minutes>(), Ok(Minutes(minutes)), "{text}");
        }
        for bad in ["", "ninety", "1h3x", "h", "-5min"] {
            assert!(bad.parse::<Minutes>().is_err(), "{bad}");
        }
    }

    #[test]
    fn group_forms() {
        assert_eq!("pairs".parse::<GroupForm>(), Ok(GroupForm::Pairs));
        assert_eq!("Groups of 4".parse::<GroupForm>(), Ok(GroupForm::Groups(4)));
        assert_eq!(" plenary ".parse::<GroupForm>(), Ok(GroupForm::Plenary));
        assert!(
            "groups of 1"
                .parse::<GroupForm>()
                .is_err_and(|e| e.contains("2 to 20"))
        );
        assert!("groups of 21".parse::<GroupForm>().is_err());
        assert!(
            "groups of four"
                .parse::<GroupForm>()
                .is_err_and(|e| e.contains("in digits, like `groups of 4`"))
        );
        assert!(
            "threes"
                .parse::<GroupForm>()
                .is_err_and(|e| e.contains("expected solo, pairs, plenary or `groups of N`"))
        );
    }

    /// Proves: paper names are read as people write them.
    #[test]
    fn paper_names() {
        for name in ["a4", "A4", "us-letter", "US Letter", "Letter"] {
            assert!(name.parse::<Paper>().is_ok(), "{name}");
        }
        assert!("a5".parse::<Paper>().is_err());
    }

    #[test]
    fn clock_times() {
        assert_eq!("09:00".parse::<ClockTime>(), Ok(ClockTime(540)));
        assert_eq!("14h15".parse::<ClockTime>(), Ok(ClockTime(855)));
        assert!("25:00".parse::<ClockTime>().is_err());
        assert!("noon".parse::<ClockTime>().is_err());
        assert_eq!(ClockTime(23 * 60 + 30).plus(45), ClockTime(15));
    }

    #[test]
    fn epoch_days_to_dates() {
        let date = |days| Date::from_unix_days(days).map(|d| (d.year, d.month, d.day));
        assert_eq!(date(0), Some((1970, 1, 1)));
        assert_eq!(date(20_414), Some((2025, 11, 22)));
        assert_eq!(date(i64::MAX), None);
        assert_eq!(date(3_000_000), None);
    }

    #[test]
    fn dates_are_real_days() {
        assert_eq!(
            "2026-11-22".parse::<Date>(),
            Ok(Date {
                year: 2026,
                month: 11,
                day: 22
            })
        );
        assert!("2026-02-30".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("22/11/2026".parse::<Date>().is_err());
    }

    #[test]
    fn clips_and_their_length() {
        let clip: ClipRange = "0:12:05-0:16:40".parse().unwrap_or(ClipRange {
            start: Timecode(0),
            end: Timecode(1),
        });
        assert_eq!(clip.length().to_string(), "0:04:35");
        assert_eq!(
            "12:05 - 16:40".parse::<ClipRange>().map(|c| c.start),
            Ok(Timecode(725))
        );
        let backwards = "1:04:30-1:02:10".parse::<ClipRange>();
        assert!(
            backwards
                .as_ref()
                .is_err_and(|e| e.contains("not after its start")),
            "{backwards:?}"
        );
        assert!("1:2:3:4-5".parse::<ClipRange>().is_err());
        assert!("1:75-2:00".parse::<ClipRange>().is_err());
    }

    #[test]
    fn fits_and_focus_points_in_every_documented_form() {
        assert_eq!("Cover".parse::<Fit>(), Ok(Fit::Cover));
        assert_eq!(" contain ".parse::<Fit>(), Ok(Fit::Contain));
        assert!("fill".parse::<Fit>().is_err());
        for (text, x, y) in [
            ("top", 50, 0),
            ("bottom left", 0, 100),
            ("left bottom", 0, 100),
            ("center", 50, 50),
            ("right center", 100, 50),
            ("30% 40%", 30, 40),
            ("30%", 30, 50),
            ("top 25%", 25, 0),
        ] {
            assert_eq!(text.parse::<Focus>(), Ok(Focus { x, y }), "{text}");
        }
        for bad in [
            "",
            "up",
            "top bottom",
            "left right",
            "130% 20%",
            "30 40",
            "1% 2% 3%",
        ] {
            assert!(bad.parse::<Focus>().is_err(), "{bad}");
        }
    }

    #[test]
    fn colours_and_their_contrast() {
        assert_eq!(
            "#B4441b".parse::<Colour>().map(Colour::hex),
            Ok("#b4441b".into())
        );
        assert_eq!(
            "#fff".parse::<Colour>().map(Colour::hex),
            Ok("#ffffff".into())
        );
        for bad in ["b4441b", "#b4441", "#ggg", "red", "", "#é1"] {
            assert!(bad.parse::<Colour>().is_err(), "{bad}");
        }
        let white = Colour {
            r: 255,
            g: 255,
            b: 255,
        };
        let black = Colour { r: 0, g: 0, b: 0 };
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        // WCAG's own example: #777777 on white is 4.48:1, just under 4.5.
        let grey: Colour = "#777777".parse().expect("a colour");
        assert!((grey.contrast(white) - 4.48).abs() < 0.01);
    }
}
