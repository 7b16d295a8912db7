//! What one outline may hold with everything it includes: nesting, list
//! items, keys once each, every bound checked on the tree before the model is read.

use super::include::items_of;
use super::{Loader, MAX_ITEMS, MAX_LIST_ITEMS, MAX_NESTING};
use crate::diag::Diagnostic;
use crate::outline::de::Recovery;
use crate::outline::model::Block;
use crate::outline::yaml::{Node, Value};

impl Loader<'_> {
    /// The nesting limit of one file, for the outline with its includes:
    /// an included file nests as deep as the place that includes it.
    pub(super) fn depth_within_limit(&mut self, tree: &Node) -> bool {
        fn deepest(node: &Node, depth: usize) -> Option<&Node> {
            let children: Vec<&Node> = match &node.value {
                Value::Scalar(_) => return None,
                Value::List(items) => items.iter().collect(),
                Value::Map(entries) => entries.iter().map(|e| &e.value).collect(),
            };
            if depth > MAX_NESTING {
                return Some(node);
            }
            children
                .into_iter()
                .find_map(|child| deepest(child, depth + 1))
        }
        if let Some(node) = deepest(tree, 1) {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "this value nests more than {MAX_NESTING} levels deep, counting the levels of the files that include it"
                ))
                .at(node.span)
                .with_hint("an outline needs about ten levels; look for lists inside lists"),
            );
            return false;
        }
        true
    }

    /// A key twice in one map: reported, and the second one left out.
    pub(super) fn check_duplicate_keys(&mut self, tree: &Node, recovery: &mut Recovery) {
        let mut found = Vec::new();
        tree.walk(&mut |node| {
            let Some(entries) = node.entries() else {
                return;
            };
            for (i, entry) in entries.iter().enumerate() {
                let Some(key) = entry.key.as_str() else {
                    continue;
                };
                if entries[..i].iter().any(|e| e.key.as_str() == Some(key)) {
                    found.push((key.to_string(), entry.key.span, entry.key.id));
                }
            }
        });
        for (key, span, id) in found {
            let hint = if Block::KINDS.contains(&key.as_str()) {
                format!("to add another block, start it on a line of its own: `- {key}:`")
            } else {
                "keep one of them".to_string()
            };
            self.diagnostics.push(
                Diagnostic::error(format!("`{key}` appears twice in the same map"))
                    .at(span)
                    .with_hint(hint),
            );
            recovery.skip.insert(id);
        }
    }

    /// The limits on list items, per list and in all, after aliases and includes.
    pub(super) fn check_items(&mut self, tree: &Node) {
        let mut total = 0usize;
        let mut over_total = None;
        let mut long_lists = Vec::new();
        let blocks = tree
            .get("sections")
            .into_iter()
            .flat_map(items_of)
            .filter_map(|section| section.get("blocks"))
            .flat_map(items_of);
        for block in blocks {
            block.walk(&mut |node| {
                if let Value::List(items) = &node.value {
                    if items.len() > MAX_LIST_ITEMS {
                        long_lists.push((node.span, items.len()));
                    }
                    total += items.len();
                    if total > MAX_ITEMS && over_total.is_none() {
                        over_total = Some(node.span);
                    }
                }
            });
        }
        for (span, count) in long_lists {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "this list has {count} items, more than the limit of {MAX_LIST_ITEMS}"
                ))
                .at(span)
                .with_hint("a slide shows a few items; split them over several blocks"),
            );
        }
        if let Some(span) = over_total {
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "the outline holds more than {MAX_ITEMS} list items in all (aliases and includes counted)"
                ))
                .at(span)
                .with_hint("split the workshop into several outlines"),
            );
        }
    }
}

/// How many YAML values a tree holds, keys included.
pub(super) fn node_count(node: &Node) -> usize {
    let mut count = 0;
    node.walk(&mut |_| count += 1);
    count
}
