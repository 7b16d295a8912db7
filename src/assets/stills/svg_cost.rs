//! What drawing an SVG logo would cost, bounded before any of it is done.
//!
//! An SVG is small, but it can ask for work out of all proportion to its
//! size: `<use>` copies a part, and copies of copies multiply; text is
//! shaped glyph by glyph; every transparent, clipped or masked group is
//! drawn on a canvas of its own, up to 25 times the picture's size; a
//! filter passes over such a canvas per step; a pattern's tile is a canvas
//! of the size it claims; a dashed line is cut into every one of its
//! dashes. A logo needs little of this, so each is bounded (or refused)
//! well within what a build may take (30 s, 1 GiB).

use std::collections::HashMap;

use resvg::usvg::{self, roxmltree};

/// The parts of the SVG, every `<use>` counted as a copy of what it shows
/// (a part is an element, or 8 bytes of a shape's outline).
pub const MAX_PARTS: u64 = 10_000;
/// The characters of its text, every copy counted.
pub const MAX_TEXT: u64 = 2_000;
/// Groups drawn apart (transparent, clipped or masked), every copy counted.
pub const MAX_LAYERS: usize = 32;
/// Groups drawn apart inside one another: each holds a canvas while its
/// inner ones are drawn.
const MAX_NESTED_LAYERS: usize = 4;
/// The dashes its dashed lines are cut into.
const MAX_DASHES: f64 = 200_000.0;
/// Elements inside one another, `<use>` followed.
const MAX_DEPTH: usize = 256;

/// Why a drawing costs too much, in a trainer's words (after "the logo … ").
pub type TooCostly = String;

/// Counts the SVG's parts and text with every `<use>` and `<tref>`
/// followed (once each: a part used ten times counts ten times, and the
/// counting itself visits each element once).
pub fn check_source(document: &roxmltree::Document) -> Result<(), TooCostly> {
    let mut by_id = HashMap::new();
    for node in document.descendants().filter(|n| n.is_element()) {
        if let Some(id) = node.attribute("id") {
            by_id.entry(id).or_insert(node);
        }
    }
    let mut counting = Counting {
        by_id,
        counted: HashMap::new(),
        open: Vec::new(),
    };
    let (parts, text) = counting.size(document.root_element(), 0)?;
    if parts > MAX_PARTS {
        return Err(format!(
            "has more than {MAX_PARTS} parts, every `<use>` counted as the parts it copies"
        ));
    }
    if text > MAX_TEXT {
        return Err(format!(
            "has more than {MAX_TEXT} characters of text, every copy counted"
        ));
    }
    Ok(())
}

struct Counting<'a, 'input> {
    by_id: HashMap<&'a str, roxmltree::Node<'a, 'input>>,
    /// The parts and characters of each element counted so far.
    counted: HashMap<roxmltree::NodeId, (u64, u64)>,
    /// The elements being counted: a `<use>` of one of them is a loop, which usvg leaves out.
    open: Vec<roxmltree::NodeId>,
}

impl<'a, 'input> Counting<'a, 'input> {
    /// The parts and the characters of text `node` draws.
    fn size(
        &mut self,
        node: roxmltree::Node<'a, 'input>,
        depth: usize,
    ) -> Result<(u64, u64), TooCostly> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "nests its parts more than {MAX_DEPTH} deep, every `<use>` followed"
            ));
        }
        if node.is_text() {
            let in_text = node
                .ancestors()
                .any(|a| matches!(a.tag_name().name(), "text" | "tspan" | "textPath"));
            let characters = node.text().map_or(0, |t| t.chars().count() as u64);
            return Ok((0, if in_text { characters } else { 0 }));
        }
        if !node.is_element() {
            return Ok((0, 0));
        }
        if let Some(&known) = self.counted.get(&node.id()) {
            return Ok(known);
        }
        if self.open.contains(&node.id()) {
            return Ok((0, 0));
        }
        self.open.push(node.id());
        let outline = ["d", "points"]
            .iter()
            .filter_map(|name| node.attribute(*name))
            .map(|value| value.len() as u64 / 8)
            .sum::<u64>();
        let (mut parts, mut text) = (1 + outline, 0u64);
        let copied = match node.tag_name().name() {
            "use" | "tref" => href(node).and_then(|id| self.by_id.get(id).copied()),
            _ => None,
        };
        for inner in node.children().chain(copied) {
            let (p, t) = self.size(inner, depth + 1)?;
            parts = parts.saturating_add(p);
            text = text.saturating_add(t);
            // Past the bounds, the rest need not be counted.
            if parts > MAX_PARTS || text > MAX_TEXT {
                break;
            }
        }
        self.open.pop();
        self.counted.insert(node.id(), (parts, text));
        Ok((parts, text))
    }
}

/// The id a `<use>` or `<tref>` names (`href="#id"`, with or without `xlink:`).
fn href<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == "href")
        .and_then(|a| a.value().strip_prefix('#'))
}

/// Counts the drawing's layers (at most a few, none inside more than a few
/// others) and its dashes; refuses filters and patterns.
pub fn check_drawing(tree: &usvg::Tree) -> Result<(), TooCostly> {
    let mut cost = Cost {
        layers: 0,
        dashes: 0.0,
    };
    cost.group(tree.root(), 0)
}

struct Cost {
    layers: usize,
    dashes: f64,
}

impl Cost {
    fn group(&mut self, group: &usvg::Group, nested: usize) -> Result<(), TooCostly> {
        if !group.filters().is_empty() {
            return Err(
                "has a filter (a blur, a shadow, a lighting effect), which deckhand does not draw"
                    .into(),
            );
        }
        let nested = if group.should_isolate() {
            self.layers += 1;
            nested + 1
        } else {
            nested
        };
        if self.layers > MAX_LAYERS {
            return Err(format!(
                "has more than {MAX_LAYERS} transparent, clipped or masked parts"
            ));
        }
        if nested > MAX_NESTED_LAYERS {
            return Err(format!(
                "has transparent, clipped or masked parts inside one another more than {MAX_NESTED_LAYERS} deep"
            ));
        }
        for node in group.children() {
            match node {
                usvg::Node::Group(inner) => self.group(inner, nested)?,
                usvg::Node::Text(text) => self.group(text.flattened(), nested)?,
                usvg::Node::Path(path) => self.path(path)?,
                usvg::Node::Image(_) => {}
            }
            // A clip, a mask: each drawn on a canvas of its own.
            let mut inner = Ok(());
            node.subroots(|subroot| {
                if inner.is_ok() {
                    inner = self.group(subroot, nested + 1);
                }
            });
            inner?;
        }
        Ok(())
    }

    fn path(&mut self, path: &usvg::Path) -> Result<(), TooCostly> {
        let paints = [
            path.fill().map(usvg::Fill::paint),
            path.stroke().map(usvg::Stroke::paint),
        ];
        if paints
            .iter()
            .flatten()
            .any(|paint| matches!(paint, usvg::Paint::Pattern(_)))
        {
            return Err("fills a shape with a pattern, which deckhand does not draw".into());
        }
        let Some(dashes) = path.stroke().and_then(usvg::Stroke::dasharray) else {
            return Ok(());
        };
        // The outline's length, its curves' control points included: at
        // least as long as the line, so the dashes are never undercounted.
        // Lines are dashed in the drawing's own units, before any transform.
        let points = path.data().points();
        let length: f64 = points
            .windows(2)
            .map(|p| f64::from(p[0].distance(p[1])))
            .sum();
        let period = f64::from(dashes.iter().sum::<f32>());
        self.dashes += if period > 0.0 {
            length / period * dashes.len() as f64
        } else {
            f64::INFINITY
        };
        if self.dashes.is_finite() && self.dashes <= MAX_DASHES {
            Ok(())
        } else {
            Err("has dashed lines of too many dashes".into())
        }
    }
}
