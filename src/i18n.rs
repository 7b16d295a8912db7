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

    #[test]
    fn every_language_has_every_label() {
        let english = labels(Language::En);
        let keys: Vec<&String> = english
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert!(keys.len() > 20);
        for language in Language::ALL {
            let these = labels(language);
            for key in &keys {
                assert!(
                    these.get(key.as_str()).is_some(),
                    "{} lacks {key}",
                    language.code()
                );
            }
        }
    }
}
