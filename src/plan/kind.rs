//! The documents deckhand makes from one plan, and whom each is for.

use super::{Audience, Plan};
use crate::outline::Block;

/// A document deckhand makes from one plan: which one, and so for whom. The
/// formats it is exported to (`src/export/`) are another matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    Slides,
    Handout,
    Guide,
    /// The role cards and observer sheets, printed once by the facilitator:
    /// made only for an outline (or variant) with a role-play.
    Roles,
    /// `deckhand diff`'s review of a change: the slides, old beside new.
    Review,
}

impl DocumentKind {
    /// The documents `build` makes (the review is `diff`'s).
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Slides,
        DocumentKind::Handout,
        DocumentKind::Guide,
        DocumentKind::Roles,
    ];

    /// Its name in file names and messages: `slides`, `handout`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Slides => "slides",
            DocumentKind::Handout => "handout",
            DocumentKind::Guide => "guide",
            DocumentKind::Roles => "roles",
            DocumentKind::Review => "review",
        }
    }

    /// Who reads it: what its data may hold.
    pub fn audience(self) -> Audience {
        match self {
            DocumentKind::Slides | DocumentKind::Review => Audience::Room,
            DocumentKind::Handout => Audience::Participants,
            DocumentKind::Guide => Audience::Facilitator,
            DocumentKind::Roles => Audience::Players,
        }
    }

    /// Whether `plan` has anything for this document: the role cards need a
    /// role-play; a build makes no review.
    pub fn has_content(self, plan: &Plan<'_>) -> bool {
        match self {
            DocumentKind::Roles => plan
                .blocks
                .iter()
                .any(|b| matches!(b.block.value, Block::Roleplay(_))),
            DocumentKind::Review => false,
            _ => true,
        }
    }
}
