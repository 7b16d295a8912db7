//! Includes: a file named by `include:` read, checked and spliced into the
//! outline's tree in the place of the item that named it.

use std::path::{Path, PathBuf};

use super::bounds::node_count;
use super::{
    Loader, MAX_EXPANDED_NODES, MAX_INCLUDE_DEPTH, MAX_OUTLINE_BYTES, Slot, is_yaml, near_file,
};
use crate::diag::{self, Diagnostic, Span, did_you_mean};
use crate::outline::model::Block;
use crate::outline::problems::list;
use crate::outline::yaml::{Entry, Node, Scalar, Style, Value};
use crate::paths::{self, Refused};

impl Loader<'_> {
    /// Expands the includes of a list of sections or blocks in place, and
    /// checks the variant names of its items.
    pub(super) fn expand(
        &mut self,
        list: &mut Node,
        slot: Slot,
        depth: usize,
        stack: &mut Vec<(PathBuf, String)>,
    ) {
        let list_span = list.span;
        let Value::List(items) = &mut list.value else {
            return;
        };
        let mut expanded = Vec::with_capacity(items.len());
        for mut item in std::mem::take(items) {
            if item.get("include").is_some() {
                let spliced = self.splice(&item, slot, depth, stack);
                if spliced.is_empty() {
                    self.pruned.insert(list_span);
                }
                expanded.extend(spliced);
                continue;
            }
            self.check_item(&mut item, slot, depth, stack);
            expanded.push(item);
        }
        *items = expanded;
    }

    /// A section's or block's own variant names, and a section's blocks.
    fn check_item(
        &mut self,
        item: &mut Node,
        slot: Slot,
        depth: usize,
        stack: &mut Vec<(PathBuf, String)>,
    ) {
        match slot {
            Slot::Section => {
                self.check_variant_names(item);
                if let Some(blocks) = entry_value_mut(item, "blocks") {
                    self.expand(blocks, Slot::Block, depth, stack);
                }
            }
            Slot::Block => {
                if let Some([entry]) = item.entries() {
                    let fields = entry.value.clone();
                    self.check_variant_names(&fields);
                }
            }
        }
    }

    /// The items an `- include:` item stands for, read from its file.
    fn splice(
        &mut self,
        item: &Node,
        slot: Slot,
        depth: usize,
        stack: &mut Vec<(PathBuf, String)>,
    ) -> Vec<Node> {
        let Some((target, written)) = self.include_target(item, slot) else {
            return Vec::new();
        };
        let Some((real, shown)) = self.find_include(target, &written, depth, stack) else {
            return Vec::new();
        };
        let Some(items) = self.read_include(target, &written, &real, &shown, slot) else {
            return Vec::new();
        };
        stack.push((real, shown));
        let mut spliced = Vec::new();
        for mut included in items {
            if included.get("include").is_some() {
                spliced.extend(self.splice(&included, slot, depth + 1, stack));
                continue;
            }
            self.check_item(&mut included, slot, depth + 1, stack);
            spliced.push(included);
        }
        stack.pop();
        for included in &mut spliced {
            narrow_variants(included, slot, item.get("only"), item.get("except"));
        }
        spliced
    }

    /// An include item's `include:` value and the path it writes, once its
    /// keys (`include`, `only`, `except`) and variant names are checked.
    fn include_target<'n>(&mut self, item: &'n Node, slot: Slot) -> Option<(&'n Node, String)> {
        for entry in item.entries()? {
            let key = entry.key.as_str().unwrap_or_default();
            if !matches!(key, "include" | "only" | "except") {
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "an include item has `include`, `only` and `except`, not `{key}`"
                    ))
                    .at(entry.key.span)
                    .with_hint(format!(
                        "to change the included {}, copy it into this file instead",
                        slot.noun()
                    )),
                );
                return None;
            }
            if key != "include" && !matches!(entry.value.value, Value::List(_)) {
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{key}` should be a list of variant names, not {}",
                        entry.value.described()
                    ))
                    .at(entry.value.span)
                    .with_hint(format!(
                        "write the names in brackets, like `{key}: [short]`"
                    )),
                );
                return None;
            }
        }
        self.check_variant_names(item);
        let target = item.get("include")?;
        match &target.value {
            Value::Scalar(Scalar { text, .. }) if !target.is_null() => {
                Some((target, text.trim().to_string()))
            }
            _ => {
                self.diagnostics.push(
                    Diagnostic::error("`include` should be the path of a file")
                        .at(target.span)
                        .with_hint(format!(
                            "for example `- include: ../_library/{}s/name.yaml`",
                            slot.noun()
                        )),
                );
                None
            }
        }
    }

    /// The real path of the file `written` names, and the name messages
    /// give it: refused when includes nest too deep, when it is no YAML
    /// file, leaves the project, or includes a file that includes it.
    fn find_include(
        &mut self,
        target: &Node,
        written: &str,
        depth: usize,
        stack: &[(PathBuf, String)],
    ) -> Option<(PathBuf, String)> {
        let cannot = |message: String| cannot_include(written, target, message);
        if self.sources.is_none() {
            self.diagnostics
                .push(cannot("includes are read only from an outline file".into()));
            return None;
        }
        if depth >= MAX_INCLUDE_DEPTH {
            self.diagnostics.push(
                cannot(format!(
                    "includes nest more than {MAX_INCLUDE_DEPTH} levels deep"
                ))
                .with_hint(
                    "an included file may include others, but not this deep; look for a long chain",
                ),
            );
            return None;
        }
        let base = self
            .folders
            .get(&target.span.file)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        // As messages name it: beside the including file as the user sees it.
        let shown = diag::source(target.span.file)
            .map(|including| {
                let folder = crate::paths::folder_of(Path::new(&including.name));
                paths::tidy(&folder.join(written)).display().to_string()
            })
            .unwrap_or_else(|| written.to_string());
        // Watched even when missing: creating it may be the fix.
        self.inputs.push(PathBuf::from(&shown));
        if !is_yaml(Path::new(written)) {
            self.diagnostics.push(
                cannot("only `.yaml` and `.yml` files can be included".into()).with_hint(
                    "an included file holds sections or blocks, written like an outline's",
                ),
            );
            return None;
        }
        let real = match self.root.resolve(&base, written) {
            Ok(real) => real,
            Err(unusable) => {
                let problem = self.unresolved(target, written, &base, &unusable);
                self.diagnostics.push(problem);
                return None;
            }
        };
        // Through a link inside the root, the file's own name is what changes.
        if paths::canonical(Path::new(&shown)).ok().as_ref() != Some(&real) {
            self.inputs.push(real.clone());
        }
        if let Some(message) = circle(stack, &real, &shown) {
            self.diagnostics.push(cannot(message).with_hint(
                "an included file may not include, directly or not, a file that includes it",
            ));
            return None;
        }
        Some((real, shown))
    }

    /// Why the include `written` in the folder `base` names no file it may read.
    fn unresolved(
        &self,
        target: &Node,
        written: &str,
        base: &Path,
        unusable: &paths::Unusable,
    ) -> Diagnostic {
        // "`x.yaml` does not exist" says the name the message already gave.
        let (message, missing) = match unusable {
            paths::Unusable::Named { problem, .. } => (
                format!("it {problem}"),
                *problem == paths::PathProblem::Missing,
            ),
            other => (other.to_string(), false),
        };
        let mut d = cannot_include(written, target, message);
        if let Some(near) = near_file(base, written).filter(|_| missing) {
            d = d.with_hint(format!("did you mean `{near}`?"));
        }
        d.with_hint(format!(
            "an included file is a `.yaml` file inside {}, named relative to the file that includes it",
            self.root.described()
        ))
    }

    /// The sections or blocks of the included file at `real`, read within
    /// the bounds of what one outline may hold with its includes.
    fn read_include(
        &mut self,
        target: &Node,
        written: &str,
        real: &Path,
        shown: &str,
        slot: Slot,
    ) -> Option<Vec<Node>> {
        let cannot = |message: String| cannot_include(written, target, message);
        let sources = self.sources?;
        let read = sources
            .read(&self.root.path, real)
            .map_err(|refused| match refused {
                Refused::NotAFile(_) => cannot("it is not a file".into()).with_hint("name a `.yaml` file"),
                Refused::TooLarge { .. } => cannot("the file is larger than 1 MiB".into()).with_hint(
                    "a workshop outline is text of a few kilobytes; split it into several files",
                ),
                other => cannot(format!("it {other}")),
            })
            .and_then(|bytes| self.text(shown, &bytes, Some((target.span, written))));
        let (file, text) = match read {
            Ok(read) => read,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        if self.expanded_bytes > MAX_OUTLINE_BYTES {
            self.diagnostics.push(
                cannot(
                    "the outline would hold more than 1 MiB of text with the files it includes"
                        .into(),
                )
                .with_hint("a workshop is a few kilobytes; include fewer or smaller files"),
            );
            self.over_limit = true;
            return None;
        }
        self.included_from.entry(file).or_insert(target.span);
        self.folders
            .insert(file, crate::paths::folder_of(real).to_path_buf());
        let tree = self.parse(file, &text)?;
        self.expanded_nodes += node_count(&tree);
        if self.expanded_nodes > MAX_EXPANDED_NODES {
            self.diagnostics.push(
                cannot(format!(
                    "the outline would hold more than {MAX_EXPANDED_NODES} YAML values with the files it includes"
                ))
                .with_hint("include fewer files, or files with fewer aliases (`*name`)"),
            );
            self.over_limit = true;
            return None;
        }
        self.shape(tree, slot, shown, target.span)
    }

    /// The sections or blocks an included file holds, or `None` with a
    /// problem when it holds the other kind of thing.
    fn shape(&mut self, tree: Node, slot: Slot, shown: &str, site: Span) -> Option<Vec<Node>> {
        let items = match tree.value {
            Value::List(items) => items,
            Value::Map(_) => vec![tree],
            Value::Scalar(_) => {
                self.diagnostics.push(
                    Diagnostic::error(format!("`{shown}` holds no {}", slot.noun()))
                        .at(site)
                        .with_hint(format!(
                            "an included file holds one {0} or a list of {0}s",
                            slot.noun()
                        )),
                );
                return None;
            }
        };
        for item in &items {
            let holds = holds(item);
            if holds.is_some_and(|h| h != slot) {
                let other = holds.map_or("something else", Slot::noun);
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{shown}` holds a {other}, but a {} is expected here",
                        slot.noun()
                    ))
                    .at(site)
                    .with_hint(match slot {
                        Slot::Section => "include a block inside a section's `blocks:` list",
                        Slot::Block => "include a section in the outline's `sections:` list",
                    }),
                );
                return None;
            }
        }
        Some(items)
    }

    /// Every `only`/`except` of an item names a declared variant.
    fn check_variant_names(&mut self, item: &Node) {
        for key in ["only", "except"] {
            let Some(names) = item.get(key) else { continue };
            let Value::List(names) = &names.value else {
                continue;
            };
            for name in names {
                let Some(text) = name.as_str() else { continue };
                let text = text.trim();
                if self.variants.iter().any(|v| v == text) {
                    continue;
                }
                let d = Diagnostic::error(format!("unknown variant `{text}`")).at(name.span);
                let known: Vec<&str> = self.variants.iter().map(String::as_str).collect();
                let d = if known.is_empty() {
                    d.with_hint("the outline declares no `variants`; declare the cuts under `variants:` at its top, like `variants: {short: {duration: 90min}}`")
                } else {
                    let d = match did_you_mean(text, &known) {
                        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                        None => d,
                    };
                    d.with_hint(format!("the outline's variants are {}", list(&known)))
                };
                self.diagnostics.push(d);
            }
        }
    }
}

/// What an included file's item is: a section (`title` and `blocks`), a
/// block (one key, a kind or `include`), or neither (left to the model to say).
fn holds(item: &Node) -> Option<Slot> {
    let entries = item.entries()?;
    let keys: Vec<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
    if keys.contains(&"blocks") {
        return Some(Slot::Section);
    }
    if keys.iter().any(|k| Block::KINDS.contains(k)) {
        return Some(Slot::Block);
    }
    None
}

/// Narrows an included item's variants by its include item's `only` and
/// `except`: an item is in a variant when both let it be.
fn narrow_variants(item: &mut Node, slot: Slot, only: Option<&Node>, except: Option<&Node>) {
    if only.is_none() && except.is_none() {
        return;
    }
    let fields = match slot {
        Slot::Section => Some(item),
        Slot::Block => match &mut item.value {
            Value::Map(entries) if entries.len() == 1 => entries.first_mut().map(|e| &mut e.value),
            _ => None,
        },
    };
    let Some(fields) = fields else { return };
    if fields.is_null() {
        fields.value = Value::Map(Vec::new());
    }
    let Some(entries) = fields.entries_mut() else {
        return;
    };
    let names = |node: &Node| -> Vec<String> {
        match &node.value {
            Value::List(items) => items
                .iter()
                .filter_map(|n| n.as_str().map(|t| t.trim().to_string()))
                .collect(),
            _ => Vec::new(),
        }
    };
    if let Some(only) = only {
        let allowed = names(only);
        match entries.iter_mut().find(|e| e.key.as_str() == Some("only")) {
            Some(own) => {
                if let Value::List(items) = &mut own.value.value {
                    items.retain(|n| {
                        n.as_str()
                            .is_some_and(|t| allowed.iter().any(|a| a == t.trim()))
                    });
                }
            }
            None => entries.push(synthetic_entry("only", only)),
        }
    }
    if let Some(except) = except {
        match entries
            .iter_mut()
            .find(|e| e.key.as_str() == Some("except"))
        {
            Some(own) => {
                if let (Value::List(items), Value::List(more)) =
                    (&mut own.value.value, &except.value)
                {
                    items.extend(more.iter().cloned());
                }
            }
            None => entries.push(synthetic_entry("except", except)),
        }
    }
}

fn synthetic_entry(key: &str, value: &Node) -> Entry {
    Entry {
        key: Node {
            id: 0,
            span: value.span,
            value: Value::Scalar(Scalar {
                text: key.to_string(),
                style: Style::Plain,
            }),
        },
        value: value.clone(),
    }
}

/// Gives every node of the expanded tree its own id (a file included twice
/// is two copies).
pub(super) fn renumber(node: &mut Node, next: &mut u32) {
    node.id = *next;
    *next += 1;
    match &mut node.value {
        Value::Scalar(_) => {}
        Value::List(items) => items.iter_mut().for_each(|n| renumber(n, next)),
        Value::Map(entries) => entries.iter_mut().for_each(|e| {
            renumber(&mut e.key, next);
            renumber(&mut e.value, next);
        }),
    }
}

pub(super) fn items_of(node: &Node) -> &[Node] {
    match &node.value {
        Value::List(items) => items,
        _ => &[],
    }
}

pub(super) fn entry_value_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    node.entries_mut()?
        .iter_mut()
        .find(|e| e.key.as_str() == Some(key))
        .map(|e| &mut e.value)
}

/// The names under the outline's `variants:`.
pub(super) fn declared_variants(tree: &Node) -> Vec<String> {
    tree.get("variants")
        .and_then(Node::entries)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| e.key.as_str().map(|k| k.trim().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The circle that including `real` (shown as `shown`) from the files
/// being included, `stack`, would close: how to say it, if it does.
fn circle(stack: &[(PathBuf, String)], real: &Path, shown: &str) -> Option<String> {
    let start = stack.iter().position(|(p, _)| p == real)?;
    let mut chain: Vec<&str> = stack[start..].iter().map(|(_, n)| n.as_str()).collect();
    chain.push(shown);
    Some(if chain.len() == 2 {
        "it includes itself".to_string()
    } else {
        format!("the includes go round in a circle: {}", chain.join(" → "))
    })
}

/// "cannot include `x.yaml`: …" at the `include:` value.
fn cannot_include(written: &str, target: &Node, message: String) -> Diagnostic {
    Diagnostic::error(format!("cannot include `{written}`: {message}")).at(target.span)
}
