//! For a still or film that does not exist, the file in its folder the trainer most likely meant.

use std::path::Path;

use crate::paths::Root;

/// A file beside a missing one whose name is close to the written name.
#[derive(Debug, PartialEq, Eq)]
pub struct NearName {
    /// The path as the trainer should write it: the written folder, the file's real name.
    pub written: String,
    /// Only the case of the letters differs: a Mac or Windows finds the file
    /// and Linux (CI) does not, so the message says so.
    pub case_only: bool,
}

impl NearName {
    /// The help line that replaces "put it inside the folder" for a missing file.
    pub fn hint(&self, written: &str) -> String {
        if self.case_only {
            format!(
                "the file is `{}`: only the case of its letters differs from `{written}`, which a Mac or Windows ignores and Linux (as in CI) does not; write `{}`",
                self.written, self.written
            )
        } else {
            format!("did you mean `{}`?", self.written)
        }
    }
}

/// The file in the folder of `written` (relative to `base`, inside `root`)
/// whose name is nearest to the one written, when one is near enough to be a
/// slip: the same name in another case, or a name one or two letters, a
/// hyphen or an underscore away (`giftwrap.jpg` for `gift-wrap.jpg`). Only
/// the folder's listing is read, and only a folder inside the root.
pub fn near_name(root: &Root, base: &Path, written: &str) -> Option<NearName> {
    let (folder_written, name) = match written.rsplit_once(['/', '\\']) {
        Some((folder, name)) => (Some(folder), name),
        None => (None, written),
    };
    // A file that is there but refused (a link out, a folder) has no near name.
    if name.is_empty() || base.join(written).symlink_metadata().is_ok() {
        return None;
    }
    let folder = match folder_written {
        Some(folder) if !folder.is_empty() => root.resolve(base, folder).ok()?,
        Some(_) => return None,
        None => root.resolve(base, ".").ok()?,
    };
    if !folder.is_dir() {
        return None;
    }
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .ok()?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    // The listing's order is the file system's: sorted, the same name wins on every machine.
    names.sort();
    let (found, case_only) = nearest(name, &names)?;
    let written = match folder_written {
        Some(folder) => format!("{folder}/{found}"),
        None => found.to_string(),
    };
    Some(NearName { written, case_only })
}

/// The name among `names` nearest to `name`, and whether only its case differs.
fn nearest<'a>(name: &str, names: &'a [String]) -> Option<(&'a str, bool)> {
    if let Some(same) = names
        .iter()
        .find(|n| n.as_str() != name && n.to_lowercase() == name.to_lowercase())
    {
        return Some((same, true));
    }
    let wanted = folded(name);
    names
        .iter()
        .map(|n| (strsim::levenshtein(&wanted, &folded(n)), n))
        .filter(|(distance, n)| {
            let allowed = if wanted.chars().count() < 6 { 1 } else { 2 };
            *distance <= allowed && n.as_str() != name
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, n)| (n.as_str(), false))
}

/// A name as compared: lower case, without the hyphens, underscores and
/// spaces that trainers put in or leave out.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_name_without_its_hyphen_finds_the_file() {
        let found = names(&["gift-wrap.jpg", "boutique.png"]);
        assert_eq!(
            nearest("giftwrap.jpg", &found),
            Some(("gift-wrap.jpg", false))
        );
    }

    #[test]
    fn a_name_in_another_case_says_so() {
        let found = names(&["training-room.jpg", "training-rooms.jpg"]);
        assert_eq!(
            nearest("Training-Room.JPG", &found),
            Some(("training-room.jpg", true))
        );
    }

    #[test]
    fn an_unrelated_name_finds_nothing() {
        let found = names(&["boutique.png", "room-plan.png"]);
        assert_eq!(nearest("giftwrap.jpg", &found), None);
    }
}
