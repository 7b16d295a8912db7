//! The theme's screen colours, body font and title style, read from its templates by Typst, for formats Typst does not draw (the PowerPoint deck).

use serde::Deserialize;
use typst::foundations::{Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use super::{RenderError, binaries, engine, template_error};
use crate::theme::Theme;

/// A document of nothing but the slides' palette (each colour as `#rrggbb`),
/// fonts and title style, as `common.typ` makes them from the theme's entries
/// over its defaults: read with the slides' own data, so that a theme
/// folder's `common.typ` sees what it always sees.
const READER: (&str, &str) = (
    "/deckhand-look.typ",
    "#import \"common.typ\": palette, fonts, style\n\
     #let hex(c) = if type(c) == color { c.to-hex() } else { none }\n\
     #metadata((\n\
       palette: palette.pairs().map(((k, v)) => (k, hex(v))).to-dict(),\n\
       body-font: if type(fonts.at(\"body\", default: none)) == str { fonts.body } else { none },\n\
       title-upper: style.at(\"title-upper\", default: false) == true,\n\
     )) <deckhand-look>\n",
);

/// How a theme's slides look, as other formats can say it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Look {
    /// The screen palette's colours by name (`ink`, `paper`, `accent`, …),
    /// as `#rrggbb`; an entry that is not a plain colour is absent.
    palette: std::collections::BTreeMap<String, Option<String>>,
    /// The body text's font family.
    #[serde(rename = "body-font")]
    pub body_font: Option<String>,
    /// Titles in upper case (a marquee theme).
    #[serde(rename = "title-upper")]
    pub title_upper: bool,
}

impl Look {
    /// The palette's colour `name` as six hex digits (`1d2330`), or `fallback`.
    pub fn colour(&self, name: &str, fallback: &'static str) -> String {
        self.palette
            .get(name)
            .and_then(|c| c.as_deref())
            .and_then(|c| c.strip_prefix('#'))
            .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_hexdigit()))
            .map_or_else(|| fallback.to_string(), str::to_ascii_uppercase)
    }
}

/// The look of `theme`'s slides, whose `/data.json` is `data`.
pub fn look(theme: &Theme, data: &[u8]) -> Result<Look, RenderError> {
    let mut sources = theme.files();
    sources.push(READER);
    let engine = engine(sources, binaries(theme, data, None, &[]), &[]);
    let document = engine
        .compile::<_, PagedDocument>(READER.0)
        .output
        .map_err(|error| template_error("theme", theme, &error))?;
    let wrong = |message: String| RenderError::Template {
        target: "theme",
        message,
    };
    let value = Label::new(PicoStr::intern("deckhand-look"))
        .and_then(|label| {
            let found = document.introspector().query(&Selector::Label(label));
            let first = found.first()?.to_packed::<MetadataElem>()?;
            Some(first.value.clone())
        })
        .ok_or_else(|| wrong("the theme's colours could not be read".into()))?;
    let json = serde_json::to_value(&value).map_err(|e| wrong(e.to_string()))?;
    serde_json::from_value(json).map_err(|e| wrong(format!("the theme's colours: {e}")))
}
