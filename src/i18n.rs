//! The labels the outputs print, one embedded JSON file per language.

use crate::outline::{ClockTime, Language};

// `LABEL_FILES`: every templates/lang/<code>.json, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// The labels of `language` as JSON, looked up by its code in the embedded table.
pub fn labels(language: Language) -> serde_json::Value {
    LABEL_FILES
        .iter()
        .find(|(code, _)| *code == language.code())
        // The files are part of the binary and checked by the tests below.
        .and_then(|(_, text)| serde_json::from_str(text).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// A clock time in the language's convention, from its `clock` label:
/// `09:30` in English (`{hh}:{mm}`), `9 h 30` in French (`{h} h {mm}`).
pub fn clock(language: Language, time: ClockTime) -> String {
    let labels = labels(language);
    let pattern = labels
        .get("clock")
        .and_then(|c| c.as_str())
        .unwrap_or("{hh}:{mm}");
    pattern
        .replace("{hh}", &format!("{:02}", time.hour()))
        .replace("{h}", &time.hour().to_string())
        .replace("{mm}", &format!("{:02}", time.minute()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key path of a JSON object: `kinds.scene`, `groups.pairs`, ….
    fn key_paths(value: &serde_json::Value, prefix: &str, into: &mut Vec<String>) {
        if let Some(object) = value.as_object() {
            for (key, inner) in object {
                let path = format!("{prefix}{key}");
                key_paths(inner, &format!("{path}."), into);
                into.push(path);
            }
        }
    }

    /// Proves: every block kind has its name in every language's labels.
    #[test]
    fn every_kind_is_named_in_every_language() {
        for &language in Language::ALL {
            let labels = labels(language);
            for kind in crate::outline::Block::KINDS {
                assert!(
                    labels["kinds"][kind].is_string(),
                    "{} has no label for `{kind}`",
                    language.code()
                );
            }
        }
    }

    #[test]
    fn every_language_has_every_label() {
        let mut english = Vec::new();
        key_paths(&labels(Language::En), "", &mut english);
        assert!(english.len() > 20);
        english.sort();
        for &language in Language::ALL {
            let mut these = Vec::new();
            key_paths(&labels(language), "", &mut these);
            these.sort();
            assert_eq!(these, english, "{} has other labels", language.code());
        }
    }

    #[test]
    fn every_language_has_a_file_and_every_file_a_language() {
        let mut files: Vec<&str> = LABEL_FILES.iter().map(|(code, _)| *code).collect();
        let mut codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        files.sort();
        codes.sort();
        assert_eq!(files, codes);
        for &language in Language::ALL {
            assert!(
                labels(language).is_object(),
                "{} does not parse",
                language.code()
            );
        }
    }

    #[test]
    fn clock_times_in_each_language() {
        let time: ClockTime = "9:05".parse().expect("a time");
        assert_eq!(clock(Language::En, time), "09:05");
        assert_eq!(clock(Language::Fr, time), "9\u{a0}h\u{a0}05");
    }
}
