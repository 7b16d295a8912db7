//! The labels the outputs print, one embedded JSON file per language.

use crate::outline::Language;

/// The labels of `language` as JSON, straight from `templates/lang/`.
pub fn labels(language: Language) -> serde_json::Value {
    let text = match language {
        Language::En => include_str!("../templates/lang/en.json"),
        Language::Fr => include_str!("../templates/lang/fr.json"),
    };
    // The files are part of the binary and checked by a test below.
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}

/// A clock time in the language's convention: `09:30` in English, `9 h 30` in French.
pub fn clock(language: Language, time: crate::outline::ClockTime) -> String {
    match language {
        Language::En => format!("{:02}:{:02}", time.hour(), time.minute()),
        Language::Fr => format!("{}\u{a0}h\u{a0}{:02}", time.hour(), time.minute()),
    }
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

    #[test]
    fn every_language_has_every_label() {
        let mut english = Vec::new();
        key_paths(&labels(Language::En), "", &mut english);
        assert!(english.len() > 20);
        english.sort();
        for language in Language::ALL {
            let mut these = Vec::new();
            key_paths(&labels(language), "", &mut these);
            these.sort();
            assert_eq!(these, english, "{} has other labels", language.code());
        }
    }
}
