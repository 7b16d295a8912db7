//! The labels the outputs print, one embedded JSON file per language, each read once into [`Labels`].

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::outline::{ClockTime, Language};

// `LABEL_FILES`: every templates/lang/<code>.json, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// Every label of one language: one field per key of its file, so that a
/// label the code reads and no file has does not compile, and a file that
/// lacks a label (or has one no other has) fails the tests below.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub colon: String,
    pub agenda: String,
    pub section: String,
    pub watch_for: String,
    pub discussion: String,
    pub takeaway: String,
    pub thank_you: String,
    pub next_steps: String,
    pub contact: String,
    pub notes: String,
    pub speaker_notes: String,
    pub hint: String,
    pub clip: String,
    pub minutes: String,
    pub duration: String,
    pub audience: String,
    pub facilitator: String,
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub slide: String,
    pub slides: String,
    pub page: String,
    pub goal: String,
    pub run_of_show: String,
    pub clip_cue_sheet: String,
    pub time: String,
    pub kind: String,
    pub what: String,
    pub film: String,
    pub year: String,
    pub start: String,
    pub end: String,
    pub length: String,
    pub total: String,
    pub declared: String,
    pub difference: String,
    pub screen_time: String,
    pub on_screen: String,
    pub questions_for_group: String,
    pub facilitator_guide: String,
    pub handout: String,
    pub version: String,
    pub revision: String,
    /// Each block kind's name, as `Block::KINDS` spells them.
    pub kinds: Kinds,
    pub continued: String,
    pub no_clips: String,
    pub timing_ok: String,
    pub timing_over: String,
    pub timing_under: String,
    pub preparation: String,
    pub prep_clips: String,
    pub prep_handout: String,
    pub pages: String,
    pub one_page: String,
    pub papers: Papers,
    pub prep_projector: String,
    pub prep_pens: String,
    pub prep_timer: String,
    pub steps: String,
    pub materials: String,
    pub debrief: String,
    pub group: String,
    /// `groups` holds `{n}`, the size of a group.
    pub groups: Groups,
    pub time_budget: String,
    pub scenario: String,
    pub roles: String,
    pub role: String,
    pub your_brief: String,
    pub role_cards: String,
    pub cut_along: String,
    pub observer_sheet: String,
    pub observe: String,
    pub what_you_noticed: String,
    pub back_at: String,
    pub back_in: String,
    pub resumes: String,
    pub prep_materials: String,
    pub prep_role_cards: String,
    pub private_brief: String,
    pub image: String,
    pub not_in_handout: String,
    pub cards_from_trainer: String,
    pub roles_for_trainer: String,
    pub prep_role_cards_sets: String,
    pub card_sets: String,
    pub card_set: String,
    pub roles_for_trainer_sets: String,
    /// `{hh}:{mm}` (or `{h}`, without a leading zero), for [`clock`].
    pub clock: String,
    pub months: [String; 12],
    pub first_day: String,
    /// `{film}` and `{length}`: a scene's play link, for screen readers.
    pub play_scene: String,
    pub play_scene_untimed: String,
    pub film_not_found: String,
    pub play_clip: String,
    pub video_file: String,
    pub prep_video_files: String,
    /// `{film}`: a still's default description.
    pub still_of: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kinds {
    pub scene: String,
    pub quote: String,
    pub lesson: String,
    pub questions: String,
    pub activity: String,
    pub roleplay: String,
    pub r#break: String,
    pub text: String,
    pub image: String,
}

impl Kinds {
    /// The name of the block kind `kind` (as `Block::KINDS` spells it).
    pub fn of(&self, kind: &str) -> Option<&str> {
        Some(match kind {
            "scene" => &self.scene,
            "quote" => &self.quote,
            "lesson" => &self.lesson,
            "questions" => &self.questions,
            "activity" => &self.activity,
            "roleplay" => &self.roleplay,
            "break" => &self.r#break,
            "text" => &self.text,
            "image" => &self.image,
            _ => return None,
        })
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    pub solo: String,
    pub pairs: String,
    pub plenary: String,
    pub groups: String,
}

impl Groups {
    /// The words of the group form `form` (`solo`, `pairs`, `plenary`, `groups`).
    pub fn of(&self, form: &str) -> Option<&str> {
        Some(match form {
            "solo" => &self.solo,
            "pairs" => &self.pairs,
            "plenary" => &self.plenary,
            "groups" => &self.groups,
            _ => return None,
        })
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Papers {
    pub a4: String,
    #[serde(rename = "us-letter")]
    pub us_letter: String,
}

/// One language's labels, read once: typed for the code, and as the JSON
/// object the templates read as `labels`.
struct Read {
    code: &'static str,
    labels: Labels,
    object: serde_json::Map<String, serde_json::Value>,
}

static READ: LazyLock<Vec<Read>> = LazyLock::new(|| {
    LABEL_FILES
        .iter()
        .map(|(code, text)| {
            // The files are part of the binary and each is read by the tests
            // below: empty labels stand for a file that could not be.
            let labels: Labels = serde_json::from_str(text).unwrap_or_default();
            let object = match serde_json::to_value(&labels) {
                Ok(serde_json::Value::Object(object)) => object,
                _ => serde_json::Map::new(),
            };
            Read {
                code,
                labels,
                object,
            }
        })
        .collect()
});

fn read(language: Language) -> Option<&'static Read> {
    READ.iter().find(|read| read.code == language.code())
}

/// The labels of `language`.
pub fn labels(language: Language) -> &'static Labels {
    static NONE: LazyLock<Labels> = LazyLock::new(Labels::default);
    read(language).map_or(&NONE, |read| &read.labels)
}

/// The labels of the language whose code is `code` (a document's `lang`).
pub fn labels_by_code(code: &str) -> &'static Labels {
    static NONE: LazyLock<Labels> = LazyLock::new(Labels::default);
    READ.iter()
        .find(|read| read.code == code)
        .map_or(&NONE, |read| &read.labels)
}

/// The labels of `language` as the JSON object the templates read (its
/// keys in sorted order, as JSON objects are).
pub fn label_object(language: Language) -> &'static serde_json::Map<String, serde_json::Value> {
    static NONE: LazyLock<serde_json::Map<String, serde_json::Value>> =
        LazyLock::new(serde_json::Map::new);
    read(language).map_or(&NONE, |read| &read.object)
}

/// A clock time in the language's convention, from its `clock` label:
/// `09:30` in English (`{hh}:{mm}`), `9 h 30` in French (`{h} h {mm}`).
pub fn clock(language: Language, time: ClockTime) -> String {
    labels(language)
        .clock
        .replace("{hh}", &format!("{:02}", time.hour()))
        .replace("{h}", &time.hour().to_string())
        .replace("{mm}", &format!("{:02}", time.minute()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: every block kind has its name in every language's labels.
    #[test]
    fn every_kind_is_named_in_every_language() {
        for &language in Language::ALL {
            let kinds = &label_object(language)["kinds"];
            for kind in crate::outline::Block::KINDS {
                assert!(
                    kinds[kind].as_str().is_some_and(|name| !name.is_empty()),
                    "{} has no label for `{kind}`",
                    language.code()
                );
            }
        }
    }

    /// Proves: every file has every label and no other: it reads into
    /// `Labels`, and the templates see exactly what the file says.
    #[test]
    fn every_language_has_every_label() {
        for (code, text) in LABEL_FILES {
            if let Err(error) = serde_json::from_str::<Labels>(text) {
                panic!("templates/lang/{code}.json: {error}");
            }
            let file: serde_json::Value = serde_json::from_str(text).expect("JSON");
            let language = Language::ALL.iter().find(|l| l.code() == *code);
            let object = language.map(|&l| label_object(l).clone());
            assert_eq!(object.map(serde_json::Value::Object), Some(file), "{code}");
        }
    }

    /// Proves: each language has its labels file, and each file its language.
    #[test]
    fn every_language_has_a_file_and_every_file_a_language() {
        let mut files: Vec<&str> = LABEL_FILES.iter().map(|(code, _)| *code).collect();
        let mut codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        files.sort();
        codes.sort();
        assert_eq!(files, codes);
    }

    /// Proves: clock times follow each language's `clock` label.
    #[test]
    fn clock_times_in_each_language() {
        let time: ClockTime = "9:05".parse().expect("a time");
        assert_eq!(clock(Language::En, time), "09:05");
        assert_eq!(clock(Language::Fr, time), "9\u{a0}h\u{a0}05");
    }
}
