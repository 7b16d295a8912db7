//! The ids of sections, blocks and slides: one type each, one way to write and read them.

use std::fmt;
use std::str::FromStr;

/// A block's place in the plan: the `n`-th block of the built variant, from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockId(pub u32);

/// A section's place in the plan, from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(pub u32);

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "b{}", self.0)
    }
}

impl fmt::Display for SectionId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "s{}", self.0)
    }
}

/// Which slide a page of the deck shows. The templates mark each slide with
/// its id: `title`, `agenda`, a section's divider `s2`, a block's first
/// slide `b3`, its `n`-th slide `b3/n`, its `n`-th debrief slide `b3/dn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlideId {
    Title,
    Agenda,
    Divider(SectionId),
    Block(BlockId, SlidePart),
    /// The last slide, from the outline's `closing`.
    Closing,
}

/// Which of a block's slides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlidePart {
    /// Its `n`-th slide (the first is 1).
    Page(u32),
    /// Its `n`-th debrief slide.
    Debrief(u32),
}

impl SlideId {
    /// The block the slide belongs to, if any.
    pub fn block(self) -> Option<BlockId> {
        match self {
            SlideId::Block(block, _) => Some(block),
            _ => None,
        }
    }
}

impl fmt::Display for SlideId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            SlideId::Title => f.write_str("title"),
            SlideId::Agenda => f.write_str("agenda"),
            SlideId::Closing => f.write_str("closing"),
            SlideId::Divider(section) => write!(f, "{section}"),
            SlideId::Block(block, SlidePart::Page(1)) => write!(f, "{block}"),
            SlideId::Block(block, SlidePart::Page(n)) => write!(f, "{block}/{n}"),
            SlideId::Block(block, SlidePart::Debrief(n)) => write!(f, "{block}/d{n}"),
        }
    }
}

impl FromStr for SlideId {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        let number = |digits: &str| digits.parse::<u32>().map_err(|_| ());
        match text {
            "title" => return Ok(SlideId::Title),
            "agenda" => return Ok(SlideId::Agenda),
            "closing" => return Ok(SlideId::Closing),
            _ => {}
        }
        if let Some(section) = text.strip_prefix('s') {
            return Ok(SlideId::Divider(SectionId(number(section)?)));
        }
        let block = text.strip_prefix('b').ok_or(())?;
        let (block, part) = match block.split_once('/') {
            None => (block, SlidePart::Page(1)),
            Some((block, part)) => match part.strip_prefix('d') {
                Some(n) => (block, SlidePart::Debrief(number(n)?)),
                None => (block, SlidePart::Page(number(part)?)),
            },
        };
        Ok(SlideId::Block(BlockId(number(block)?), part))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: every kind of slide id is read back as it was written.
    #[test]
    fn slide_ids_round_trip() {
        for text in ["title", "agenda", "s2", "b3", "b3/2", "b12/d1"] {
            let id: SlideId = text.parse().unwrap_or(SlideId::Title);
            assert_eq!(id.to_string(), text);
        }
        assert_eq!(
            "b3/2".parse::<SlideId>().map(SlideId::block),
            Ok(Some(BlockId(3)))
        );
        for bad in ["", "b", "bx", "s", "b3/", "b3/dx", "x3"] {
            assert!(bad.parse::<SlideId>().is_err(), "{bad}");
        }
    }
}
