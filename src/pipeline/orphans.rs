//! Files in the output folder that no outline of a folder build makes: left there by an outline since removed or renamed.

use std::path::{Path, PathBuf};

use crate::output::Names;

/// The documents whose pages a `--format png` build writes as `NAME-DOC-NN.png`.
const PAGED_DOCUMENTS: [&str; 4] = ["slides", "handout", "guide", "roles"];

/// The files in `out_dir` named like a build's output (`old-talk-slides.pdf`,
/// `old-talk-guide-03.png`) whose name does not start with the name of one
/// of `outlines` (`talk-…`, `talk-short-…` for a cut): an outline that is no
/// longer among them made it. Sorted, for the same order on every machine.
pub fn orphans(out_dir: &Path, outlines: &[PathBuf]) -> Vec<PathBuf> {
    let stems: Vec<String> = outlines
        .iter()
        .map(|outline| Names::new(out_dir, outline, None).prefix().to_string())
        .collect();
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let prefix = output_prefix(&name)?;
            let owned = stems.iter().any(|stem| {
                prefix == stem
                    || prefix
                        .strip_prefix(stem.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
            });
            (!owned).then(|| entry.path())
        })
        .collect();
    found.sort();
    found
}

/// The outline's part of a build's output name: `old-talk` for
/// `old-talk-slides.pdf` or `old-talk-guide-03.png`; none for any other file.
fn output_prefix(name: &str) -> Option<&str> {
    // A review is written by `diff`, never by a build.
    let files = crate::export::file_names();
    let whole = files
        .iter()
        .map(String::as_str)
        .chain(["contact.png"])
        .filter(|suffix| !suffix.starts_with("review"))
        .find_map(|suffix| name.strip_suffix(suffix)?.strip_suffix('-'));
    if whole.is_some() {
        return whole;
    }
    let (rest, number) = name.strip_suffix(".png")?.rsplit_once('-')?;
    if number.len() < 2 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    PAGED_DOCUMENTS
        .iter()
        .find_map(|document| rest.strip_suffix(document)?.strip_suffix('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_give_their_outline() {
        assert_eq!(output_prefix("old-talk-slides.pdf"), Some("old-talk"));
        assert_eq!(output_prefix("old-talk-slides.pdfpc"), Some("old-talk"));
        assert_eq!(output_prefix("old-talk-guide-03.png"), Some("old-talk"));
        assert_eq!(output_prefix("old-talk-contact.png"), Some("old-talk"));
        assert_eq!(output_prefix("old-talk-review.pdf"), None);
        assert_eq!(output_prefix("notes.txt"), None);
    }
}
