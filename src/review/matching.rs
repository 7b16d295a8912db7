//! Which block and section of one version is which of the other, found by
//! kind and content rather than by place: a moved block is found where it
//! went, an edited one by what it still shares, a renamed section by its blocks.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::outline::Block;
use crate::plan::Plan;

/// Blocks whose words are at least this alike are one block edited.
const SAME_BLOCK: f64 = 0.5;
/// Sections whose blocks are at least this alike are one section, renamed.
const SAME_SECTION: f64 = 0.5;
/// Past this many pairs of unmatched blocks to weigh, only nearby ones are
/// weighed: two unrelated outlines of a thousand blocks each stay quick.
const MAX_PAIRS: usize = 250_000;

/// The blocks and sections of two plans paired up: each index is into
/// [`Plan::blocks`] or [`Plan::sections`] of its version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matching {
    /// For each old block, the new block it became.
    pub old_blocks: Vec<Option<usize>>,
    /// For each new block, the old block it was.
    pub new_blocks: Vec<Option<usize>>,
    /// For each old section, the new section it became.
    pub old_sections: Vec<Option<usize>>,
    /// For each new section, the old section it was.
    pub new_sections: Vec<Option<usize>>,
}

impl Matching {
    /// How many blocks the two versions share, edited or not.
    pub fn shared_blocks(&self) -> usize {
        self.old_blocks.iter().flatten().count()
    }
}

/// What a block is, for matching: its kind, its fields as written (the
/// place and time it takes left out), and the words of its texts.
struct Content {
    kind: &'static str,
    exact: String,
    words: Vec<(String, u32)>,
    total: u32,
}

fn content(block: &Block) -> Content {
    let mut value = serde_json::to_value(block).unwrap_or(Value::Null);
    let fields = value
        .as_object_mut()
        .and_then(|kinds| kinds.values_mut().next())
        .and_then(Value::as_object_mut);
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    if let Some(fields) = fields {
        // Timing and variants are not what a block is: a block given
        // more minutes, or moved to another cut, is the same block.
        for key in ["minutes", "only", "except", "handout"] {
            fields.remove(key);
        }
        for text in fields.values().flat_map(strings) {
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                *counts.entry(word.to_lowercase()).or_default() += 1;
            }
        }
    }
    let total = counts.values().sum();
    Content {
        kind: block.kind(),
        exact: serde_json::to_string(block).unwrap_or_default(),
        words: counts.into_iter().collect(),
        total,
    }
}

/// Every text inside a value.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(text) => vec![text.as_str()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(fields) => fields.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// How alike two blocks' words are, from 0 to 1 (twice the words they
/// share over the words they have).
fn likeness(a: &Content, b: &Content) -> f64 {
    if a.total + b.total == 0 {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0u32);
    while i < a.words.len() && j < b.words.len() {
        match a.words[i].0.cmp(&b.words[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += a.words[i].1.min(b.words[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    f64::from(2 * shared) / f64::from(a.total + b.total)
}

/// Pairs the blocks, then the sections, of two plans.
pub fn match_plans(old: &Plan<'_>, new: &Plan<'_>) -> Matching {
    let old_content: Vec<Content> = old.blocks.iter().map(|b| content(&b.block.value)).collect();
    let new_content: Vec<Content> = new.blocks.iter().map(|b| content(&b.block.value)).collect();
    let mut matching = Matching {
        old_blocks: vec![None; old.blocks.len()],
        new_blocks: vec![None; new.blocks.len()],
        old_sections: vec![None; old.sections.len()],
        new_sections: vec![None; new.sections.len()],
    };
    pair_copies(&old_content, &new_content, &mut matching);
    pair_edited(&old_content, &new_content, &mut matching);
    pair_sections(old, new, &mut matching);
    matching
}

/// A possible pair: how alike, how far apart, the old place, the new place.
type Candidate = (f64, usize, usize, usize);

/// The same block, word for word: copies are paired in order.
fn pair_copies(old_content: &[Content], new_content: &[Content], matching: &mut Matching) {
    let mut unpaired: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (j, c) in new_content.iter().enumerate() {
        unpaired.entry(c.exact.as_str()).or_default().push(j);
    }
    for (i, c) in old_content.iter().enumerate() {
        if let Some(copies) = unpaired.get_mut(c.exact.as_str())
            && !copies.is_empty()
        {
            let j = copies.remove(0);
            matching.old_blocks[i] = Some(j);
            matching.new_blocks[j] = Some(i);
        }
    }
}

/// Edited blocks: the most alike pairs of one kind first, nearer ones on a
/// tie; past [`MAX_PAIRS`], only blocks near each other's place are compared.
fn pair_edited(old_content: &[Content], new_content: &[Content], matching: &mut Matching) {
    let old_left: Vec<usize> = (0..old_content.len())
        .filter(|&i| matching.old_blocks[i].is_none())
        .collect();
    let new_left: Vec<usize> = (0..new_content.len())
        .filter(|&j| matching.new_blocks[j].is_none())
        .collect();
    let window = if old_left.len() * new_left.len() > MAX_PAIRS {
        MAX_PAIRS / old_left.len().max(1) / 2
    } else {
        usize::MAX
    };
    let mut candidates: Vec<Candidate> = Vec::new();
    for (oi, &i) in old_left.iter().enumerate() {
        for (nj, &j) in new_left.iter().enumerate() {
            if oi.abs_diff(nj) > window || old_content[i].kind != new_content[j].kind {
                continue;
            }
            let score = likeness(&old_content[i], &new_content[j]);
            if score >= SAME_BLOCK {
                candidates.push((score, i.abs_diff(j), i, j));
            }
        }
    }
    pair_best_first(
        candidates,
        &mut matching.old_blocks,
        &mut matching.new_blocks,
    );
}

/// Sections: by their title and by the blocks they share.
fn pair_sections(old: &Plan<'_>, new: &Plan<'_>, matching: &mut Matching) {
    let mut shared = vec![vec![0u32; new.sections.len()]; old.sections.len()];
    for (i, partner) in matching.old_blocks.iter().enumerate() {
        if let Some(j) = partner {
            shared[old.blocks[i].section][new.blocks[*j].section] += 1;
        }
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (s, old_section) in old.sections.iter().enumerate() {
        for (t, new_section) in new.sections.iter().enumerate() {
            let sizes = old_section.blocks.len() + new_section.blocks.len();
            let overlap = if sizes == 0 {
                0.0
            } else {
                f64::from(2 * shared[s][t]) / sizes as f64
            };
            let same_title =
                old_section.section.title.value.trim() == new_section.section.title.value.trim();
            let score = overlap + if same_title { 1.0 } else { 0.0 };
            if score >= SAME_SECTION {
                candidates.push((score, s.abs_diff(t), s, t));
            }
        }
    }
    pair_best_first(
        candidates,
        &mut matching.old_sections,
        &mut matching.new_sections,
    );
}

/// Pairs the candidates, the most alike first (then the nearest, then by
/// place, so that the order is always the same), each place once.
fn pair_best_first(
    mut candidates: Vec<Candidate>,
    old: &mut [Option<usize>],
    new: &mut [Option<usize>],
) {
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    for (_, _, i, j) in candidates {
        if old[i].is_none() && new[j].is_none() {
            old[i] = Some(j);
            new[j] = Some(i);
        }
    }
}

/// Of pairs `(old place, new place)` sorted by old place, which keep their
/// order (the longest run of rising new places); the others moved.
pub fn in_order(new_places: &[usize]) -> Vec<bool> {
    // Patience sorting: for each length, the index ending the best run of it.
    let mut ends: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; new_places.len()];
    for (index, &place) in new_places.iter().enumerate() {
        let length = ends.partition_point(|&e| new_places[e] < place);
        before[index] = length.checked_sub(1).map(|l| ends[l]);
        if length == ends.len() {
            ends.push(index);
        } else {
            ends[length] = index;
        }
    }
    let mut kept = vec![false; new_places.len()];
    let mut at = ends.last().copied();
    while let Some(index) = at {
        kept[index] = true;
        at = before[index];
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::PlanOptions;

    fn outline(text: &str) -> crate::outline::Outline {
        match crate::outline::load_str("t.yaml", text).loaded {
            Some(loaded) => loaded.outline,
            None => panic!("the outline loads"),
        }
    }

    /// Proves: a moved block, an edited one and a renamed section are found; a new block is new.
    #[test]
    fn blocks_and_sections_are_matched_by_content() {
        let old = outline(
            "title: T\nsections:\n  - title: One\n    blocks:\n      - quote: {text: Big mistake. Big. Huge.}\n      - lesson: {title: Listen, points: [Let them finish., Repeat their words.]}\n  - title: Two\n    blocks:\n      - quote: {text: Show me the money}\n",
        );
        let new = outline(
            "title: T\nsections:\n  - title: First\n    blocks:\n      - lesson: {title: Listen, points: [Let them finish., Repeat their key words.]}\n      - quote: {text: Big mistake. Big. Huge.}\n  - title: Two\n    blocks:\n      - scene: {film: The Terminal}\n      - quote: {text: Show me the money}\n",
        );
        let old_plan = Plan::new(&old, &PlanOptions::default());
        let new_plan = Plan::new(&new, &PlanOptions::default());
        let matching = match_plans(&old_plan, &new_plan);
        assert_eq!(matching.old_blocks, vec![Some(1), Some(0), Some(3)]);
        assert_eq!(matching.new_blocks[2], None);
        assert_eq!(matching.old_sections, vec![Some(0), Some(1)]);
    }

    /// Proves: the items that keep their order are the longest rising run.
    #[test]
    fn the_longest_rising_run_keeps_its_place() {
        assert_eq!(in_order(&[2, 0, 1]), vec![false, true, true]);
        assert_eq!(in_order(&[0, 1, 2]), vec![true, true, true]);
        assert_eq!(in_order(&[]), Vec::<bool>::new());
    }
}
