//! What deckhand reads of a theme before the documents, by Typst from its `theme.typ`: its `pagination`, for the plan to make the slides with, and its slides' background, for the brand's contrast.

use typst::foundations::{Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use super::{RenderError, engine, template_error};
use crate::outline::Colour;
use crate::plan::Pagination;
use crate::theme::Theme;

/// A document of nothing but the theme's `pagination` (a dictionary, maybe empty).
const READER: (&str, &str) = (
    "/deckhand-pagination.typ",
    "#import \"theme.typ\" as theme\n#metadata(dictionary(theme).at(\"pagination\", default: (:))) <deckhand-pagination>\n",
);

/// The theme's `pagination`, its entries over the defaults.
pub fn pagination(theme: &Theme) -> Result<Pagination, RenderError> {
    let mut sources = theme.files();
    sources.push(READER);
    let binaries = theme
        .binaries()
        .into_iter()
        .map(|(path, bytes)| (path, typst::foundations::Bytes::new(bytes.to_vec())))
        .collect();
    let engine = engine(sources, binaries, &[]);
    let document = engine
        .compile::<_, PagedDocument>(READER.0)
        .output
        .map_err(|error| template_error("theme", theme, &error))?;
    let wrong = |message: String| RenderError::Template {
        target: "theme",
        message,
    };
    let value = Label::new(PicoStr::intern("deckhand-pagination"))
        .and_then(|label| {
            let found = document.introspector().query(&Selector::Label(label));
            let first = found.first()?.to_packed::<MetadataElem>()?;
            Some(first.value.clone())
        })
        .ok_or_else(|| wrong("the theme's `pagination` could not be read".into()))?;
    let json = serde_json::to_value(&value).map_err(|e| wrong(e.to_string()))?;
    over_defaults(&json).map_err(wrong)
}

/// A document of nothing but the background of the theme's slides (white unless its `palette` says).
const PAPER_READER: (&str, &str) = (
    "/deckhand-paper.typ",
    "#import \"theme.typ\" as theme\n#metadata(dictionary(theme).at(\"palette\", default: (:)).at(\"paper\", default: rgb(\"#ffffff\")).to-hex()) <deckhand-paper>\n",
);

/// The background of the theme's slides; `None` when its `paper` is not a
/// plain colour (a gradient), which no contrast can be measured against.
pub fn screen_paper(theme: &Theme) -> Option<Colour> {
    let mut sources = theme.files();
    sources.push(PAPER_READER);
    let binaries = theme
        .binaries()
        .into_iter()
        .map(|(path, bytes)| (path, typst::foundations::Bytes::new(bytes.to_vec())))
        .collect();
    let engine = engine(sources, binaries, &[]);
    let document = engine
        .compile::<_, PagedDocument>(PAPER_READER.0)
        .output
        .ok()?;
    let label = Label::new(PicoStr::intern("deckhand-paper"))?;
    let found = document.introspector().query(&Selector::Label(label));
    let value = found.first()?.to_packed::<MetadataElem>()?.value.clone();
    let hex: String = value.cast().ok()?;
    // `to-hex` writes `#rrggbbaa` for a colour that is not opaque.
    hex.get(..7)?.parse().ok()
}

/// The entries of a theme's `pagination` (read as JSON) over the defaults;
/// entries deckhand does not know are left alone, as Typst would.
fn over_defaults(entries: &serde_json::Value) -> Result<Pagination, String> {
    let mut pagination = Pagination::default();
    let Some(entries) = entries.as_object() else {
        return Err("the theme's `pagination` is not a dictionary: write `#let pagination = (questions: 2)`".into());
    };
    for (key, value) in entries {
        let field = match key.as_str() {
            "questions" => &mut pagination.questions,
            "question-chars" => &mut pagination.question_chars,
            "steps" => &mut pagination.steps,
            "step-chars" => &mut pagination.step_chars,
            "setup-chars" => &mut pagination.setup_chars,
            _ => continue,
        };
        *field = value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                format!(
                    "the theme's `pagination` gives `{key}` as `{value}`: it takes a whole number"
                )
            })?;
    }
    Ok(pagination)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: a built-in theme paginates with the defaults, and a theme
    /// folder's `pagination` changes only the entries it names.
    #[test]
    fn a_themes_pagination_is_read_over_the_defaults() {
        let classic = crate::theme::built_in("classic").expect("classic");
        assert_eq!(pagination(classic).ok(), Some(Pagination::default()));
        let folder = Theme::from_folder(
            "mine".into(),
            "mine".into(),
            vec![crate::theme::ThemeFile {
                virtual_path: "/theme.typ".into(),
                disk_path: "mine/theme.typ".into(),
                content: crate::theme::ThemeContent::Source(
                    "#let pagination = (questions: 2, setup-chars: 100)\n".into(),
                ),
            }],
        )
        .expect("a theme");
        assert_eq!(
            pagination(&folder).ok(),
            Some(Pagination {
                questions: 2,
                setup_chars: 100,
                ..Pagination::default()
            })
        );
    }

    /// Proves: an entry that is not a whole number is refused with
    /// the entry's name and value; an entry deckhand does not know is left alone.
    #[test]
    fn a_pagination_entry_must_be_a_whole_number() {
        let read = |text: &str| over_defaults(&serde_json::from_str(text).expect("JSON"));
        assert_eq!(
            read(r#"{"questions": "two"}"#),
            Err(
                "the theme's `pagination` gives `questions` as `\"two\"`: it takes a whole number"
                    .into()
            )
        );
        assert!(read(r#"{"steps": 2.5}"#).is_err());
        assert_eq!(read(r#"{"colour": "red"}"#), Ok(Pagination::default()));
    }
}
