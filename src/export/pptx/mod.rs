//! The slides as a native, editable PowerPoint deck (`<name>-slides.pptx`), written from the planned slides and the facilitator's data.
//!
//! Every title is in its layout's title placeholder, every text a text box
//! with its bold and italic runs, lists are lists, the stills pictures with
//! their descriptions; the notes pages hold what the pdfpc notes hold. The
//! package (ECMA-376, Office Open XML) is a small fixed skeleton embedded
//! here (`skeleton/`: one master, four layouts, the notes master, the
//! theme's format scheme) around parts written through an escaping XML
//! writer, zipped in a fixed order with fixed dates: the same outline gives
//! the same bytes.

mod canvas;
mod movie;
mod notes;
mod reveal;
mod room;
mod slides;
mod xml;
mod zip;

use super::{Export, ExportError, File, Made, Needs};
use crate::plan::{BrandData, Document, DocumentKind};
use crate::render::Look;
use canvas::{NS_A, NS_P, NS_R};
use slides::Deck;
use xml::Xml;
use zip::{Method, Zip};

pub struct Pptx;

const FILE: &str = "slides.pptx";

impl Export for Pptx {
    fn format(&self) -> &'static str {
        "pptx"
    }

    fn needs(&self) -> Needs {
        Needs::default()
    }

    fn files(&self, made: &Made<'_>) -> Result<Vec<File>, ExportError> {
        if made.rendered.target != DocumentKind::Slides {
            return Ok(Vec::new());
        }
        let fail = |message: String| ExportError {
            format: self.format(),
            document: made.rendered.target.name(),
            message,
        };
        let look = crate::render::look(made.theme, &made.rendered.data)
            .map_err(|e| fail(e.to_string()))?;
        let bytes = package(made, &look).map_err(|e| fail(e.to_string()))?;
        Ok(vec![(made.names.file(FILE), bytes)])
    }

    fn file_names(&self, kind: DocumentKind) -> Vec<String> {
        match kind {
            DocumentKind::Slides => vec![FILE.to_string()],
            _ => Vec::new(),
        }
    }
}

/// Why the package could not be written.
#[derive(Debug, thiserror::Error)]
enum PackageError {
    #[error("{0}")]
    Xml(#[from] std::io::Error),
    #[error(transparent)]
    Zip(#[from] zip::TooLarge),
}

const REL_OFFICE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.presentationml";

/// A relationship: its id, type (after the office namespace, or a full
/// URI) and target.
type Rel = (String, String, String);

fn rel(id: usize, kind: &str, target: impl Into<String>) -> Rel {
    let kind = if kind.starts_with("http") {
        kind.to_string()
    } else {
        format!("{REL_OFFICE}/{kind}")
    };
    (format!("rId{id}"), kind, target.into())
}

fn rels_part(rels: &[Rel]) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.within(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
        |x| {
            for (id, kind, target) in rels {
                x.empty(
                    "Relationship",
                    &[("Id", id), ("Type", kind), ("Target", target)],
                );
            }
        },
    );
    xml.finish()
}

/// A picture or an embedded clip of the deck, as a media part.
struct Media {
    /// The prepared picture's path (`/stills/….jpg`).
    path: String,
    /// Its part: `ppt/media/image1.jpg`.
    part: String,
    bytes: Vec<u8>,
}

/// The deck's slides drawn: each slide's part and relationships, its notes
/// page (none without notes), the pictures they show, their titles.
#[derive(Default)]
struct Drawing {
    slides: Vec<(Vec<u8>, Vec<Rel>)>,
    notes: Vec<Option<Vec<u8>>>,
    media: Vec<Media>,
    titles: Vec<Option<String>>,
}

/// The package of `made`'s slides.
fn package(made: &Made<'_>, look: &Look) -> Result<Vec<u8>, PackageError> {
    let drawing = draw(made, look)?;
    let mut zip = Zip::default();
    fixed_parts(&mut zip, made.facilitator, look, &drawing)?;
    slide_parts(&mut zip, &drawing)?;
    for picture in &drawing.media {
        // Stills are JPEG or PNG, compressed already.
        zip.add(&picture.part, &picture.bytes, Method::Stored)?;
    }
    Ok(zip.finish()?)
}

/// Draws each slide of the deck (a slide's reveal steps made one), its
/// notes page and its pictures.
fn draw(made: &Made<'_>, look: &Look) -> Result<Drawing, PackageError> {
    let document = made.facilitator;
    let size = |path: &str| {
        made.stills
            .iter()
            .find(|s| s.virtual_path == path)
            .map(|s| (s.width, s.height))
    };
    let embeds = |path: &str| made.clips.iter().any(|c| c.path == path);
    let deck = Deck {
        document,
        title_caps: look.title_upper,
        size: &size,
        embeds: &embeds,
    };
    let mut drawing = Drawing::default();
    for (number, one) in reveal::group(made.slides).iter().enumerate() {
        let number = number + 1;
        let drawn = slides::draw(&deck, one.slide, number);
        let mut xml = drawn.canvas.end_tree();
        if let (Some(list), false) = (drawn.list, one.clicks.is_empty()) {
            reveal::timing(&mut xml, list, &one.clicks);
        } else if let Some((shape, _)) = &drawn.movie {
            movie::timing(&mut xml, *shape);
        }
        xml.close("p:sld");
        let layout = format!("../slideLayouts/slideLayout{}.xml", drawn.layout as u8);
        let mut rels = vec![rel(1, "slideLayout", layout)];
        let paragraphs = if made.speaker_notes {
            notes::notes(document, one.slide)
        } else {
            Vec::new()
        };
        if paragraphs.is_empty() {
            drawing.notes.push(None);
        } else {
            let notes = format!("../notesSlides/notesSlide{number}.xml");
            rels.push(rel(2, "notesSlide", notes));
            drawing
                .notes
                .push(Some(notes::notes_page(document.lang, &paragraphs)?));
        }
        rels.extend(picture_rels(made, &mut drawing.media, &drawn.pictures));
        if let Some((_, clip)) = &drawn.movie {
            rels.extend(movie::rels(made, &mut drawing.media, clip));
        }
        drawing.slides.push((xml.finish()?, rels));
        drawing.titles.push(drawn.title);
    }
    Ok(drawing)
}

/// The relationships of a slide to its `pictures` (`rId3`, `rId4`, … as
/// [`slides`] numbers them), each picture a media part once in the deck.
fn picture_rels(made: &Made<'_>, media: &mut Vec<Media>, pictures: &[String]) -> Vec<Rel> {
    let mut rels = Vec::new();
    for (i, path) in pictures.iter().enumerate() {
        let index = match media.iter().position(|m| m.path == *path) {
            Some(index) => index,
            None => {
                let Some(still) = made.stills.iter().find(|s| s.virtual_path == *path) else {
                    continue;
                };
                let extension = if path.ends_with(".png") {
                    "png"
                } else {
                    "jpeg"
                };
                media.push(Media {
                    path: path.clone(),
                    part: format!("ppt/media/image{}.{extension}", media.len() + 1),
                    bytes: still.bytes.as_slice().to_vec(),
                });
                media.len() - 1
            }
        };
        let target = media[index].part.replacen("ppt/", "../", 1);
        rels.push(rel(i + 3, "image", target));
    }
    rels
}

fn deflated(zip: &mut Zip, name: &str, bytes: &[u8]) -> Result<(), zip::TooLarge> {
    zip.add(name, bytes, Method::Deflated)
}

/// The parts every deck has, before its slides: the content types, the
/// properties, the presentation, the theme, the master, the layouts and
/// the notes master.
fn fixed_parts(
    zip: &mut Zip,
    document: &Document,
    look: &Look,
    drawing: &Drawing,
) -> Result<(), PackageError> {
    let count = drawing.slides.len();
    let notes = drawing.notes.iter().flatten().count();
    let types = content_types(count, &drawing.notes, &drawing.media)?;
    deflated(zip, "[Content_Types].xml", &types)?;
    let core_rel =
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
    let package_rels = [
        rel(1, "officeDocument", "ppt/presentation.xml"),
        rel(2, core_rel, "docProps/core.xml"),
        rel(3, "extended-properties", "docProps/app.xml"),
    ];
    deflated(zip, "_rels/.rels", &rels_part(&package_rels)?)?;
    deflated(zip, "docProps/core.xml", &core(document)?)?;
    deflated(
        zip,
        "docProps/app.xml",
        &app(count, notes, &drawing.titles)?,
    )?;
    deflated(zip, "ppt/presentation.xml", &presentation(count)?)?;
    let mut presentation_rels = vec![
        rel(1, "slideMaster", "slideMasters/slideMaster1.xml"),
        rel(2, "notesMaster", "notesMasters/notesMaster1.xml"),
        rel(3, "presProps", "presProps.xml"),
        rel(4, "theme", "theme/theme1.xml"),
        rel(5, "tableStyles", "tableStyles.xml"),
    ];
    presentation_rels
        .extend((1..=count).map(|n| rel(n + 5, "slide", format!("slides/slide{n}.xml"))));
    deflated(
        zip,
        "ppt/_rels/presentation.xml.rels",
        &rels_part(&presentation_rels)?,
    )?;
    deflated(
        zip,
        "ppt/presProps.xml",
        include_bytes!("skeleton/presProps.xml"),
    )?;
    deflated(
        zip,
        "ppt/tableStyles.xml",
        include_bytes!("skeleton/tableStyles.xml"),
    )?;
    let theme = theme(look, document.workshop.brand.as_ref())?;
    deflated(zip, "ppt/theme/theme1.xml", &theme)?;
    deflated(zip, "ppt/theme/theme2.xml", &theme)?;
    master_parts(zip)
}

/// The slide master, its layouts and the notes master, with their relationships.
fn master_parts(zip: &mut Zip) -> Result<(), PackageError> {
    let master = include_bytes!("skeleton/slideMaster1.xml");
    deflated(zip, "ppt/slideMasters/slideMaster1.xml", master)?;
    let mut master_rels: Vec<Rel> = (1..=LAYOUTS.len())
        .map(|n| {
            rel(
                n,
                "slideLayout",
                format!("../slideLayouts/slideLayout{n}.xml"),
            )
        })
        .collect();
    master_rels.push(rel(LAYOUTS.len() + 1, "theme", "../theme/theme1.xml"));
    let master_rels = rels_part(&master_rels)?;
    deflated(
        zip,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        &master_rels,
    )?;
    let to_master = rels_part(&[rel(1, "slideMaster", "../slideMasters/slideMaster1.xml")])?;
    for (n, layout) in LAYOUTS.iter().enumerate() {
        let n = n + 1;
        deflated(
            zip,
            &format!("ppt/slideLayouts/slideLayout{n}.xml"),
            layout.as_bytes(),
        )?;
        deflated(
            zip,
            &format!("ppt/slideLayouts/_rels/slideLayout{n}.xml.rels"),
            &to_master,
        )?;
    }
    let notes_master = include_bytes!("skeleton/notesMaster1.xml");
    deflated(zip, "ppt/notesMasters/notesMaster1.xml", notes_master)?;
    let notes_master_rels = rels_part(&[rel(1, "theme", "../theme/theme2.xml")])?;
    deflated(
        zip,
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        &notes_master_rels,
    )?;
    Ok(())
}

/// Each slide and its relationships, then each notes page and its.
fn slide_parts(zip: &mut Zip, drawing: &Drawing) -> Result<(), PackageError> {
    for (n, (slide, rels)) in drawing.slides.iter().enumerate() {
        let n = n + 1;
        deflated(zip, &format!("ppt/slides/slide{n}.xml"), slide)?;
        deflated(
            zip,
            &format!("ppt/slides/_rels/slide{n}.xml.rels"),
            &rels_part(rels)?,
        )?;
    }
    for (n, notes) in drawing.notes.iter().enumerate() {
        let n = n + 1;
        if let Some(notes) = notes {
            deflated(zip, &format!("ppt/notesSlides/notesSlide{n}.xml"), notes)?;
            let rels = rels_part(&[
                rel(1, "notesMaster", "../notesMasters/notesMaster1.xml"),
                rel(2, "slide", format!("../slides/slide{n}.xml")),
            ])?;
            deflated(
                zip,
                &format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
                &rels,
            )?;
        }
    }
    Ok(())
}

/// The layouts, in the master's order: [`slides::Layout`] numbers them.
const LAYOUTS: [&str; 4] = [
    include_str!("skeleton/slideLayout1.xml"),
    include_str!("skeleton/slideLayout2.xml"),
    include_str!("skeleton/slideLayout3.xml"),
    include_str!("skeleton/slideLayout4.xml"),
];

/// Every part's content type: by extension for the relationships, the XML
/// and the pictures, by name for the parts of the presentation.
fn content_types(
    slides: usize,
    notes: &[Option<Vec<u8>>],
    media: &[Media],
) -> std::io::Result<Vec<u8>> {
    let relationships = "application/vnd.openxmlformats-package.relationships+xml";
    let mut defaults = vec![("rels", relationships), ("xml", "application/xml")];
    for (extension, kind) in [
        ("jpeg", "image/jpeg"),
        ("png", "image/png"),
        ("mp4", "video/mp4"),
    ] {
        if media.iter().any(|m| m.part.ends_with(extension)) {
            defaults.push((extension, kind));
        }
    }
    let theme = "application/vnd.openxmlformats-officedocument.theme+xml".to_string();
    let mut parts: Vec<(String, String)> = vec![
        (
            "/docProps/core.xml".into(),
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/docProps/app.xml".into(),
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
        ),
        (
            "/ppt/presentation.xml".into(),
            format!("{CT}.presentation.main+xml"),
        ),
        ("/ppt/presProps.xml".into(), format!("{CT}.presProps+xml")),
        (
            "/ppt/tableStyles.xml".into(),
            format!("{CT}.tableStyles+xml"),
        ),
        ("/ppt/theme/theme1.xml".into(), theme.clone()),
        ("/ppt/theme/theme2.xml".into(), theme),
        (
            "/ppt/slideMasters/slideMaster1.xml".into(),
            format!("{CT}.slideMaster+xml"),
        ),
        (
            "/ppt/notesMasters/notesMaster1.xml".into(),
            format!("{CT}.notesMaster+xml"),
        ),
    ];
    let numbered = |name: &str, kind: &str, n: usize| {
        (
            format!("/ppt/{name}s/{name}{n}.xml"),
            format!("{CT}.{kind}+xml"),
        )
    };
    parts.extend((1..=LAYOUTS.len()).map(|n| numbered("slideLayout", "slideLayout", n)));
    parts.extend((1..=slides).map(|n| numbered("slide", "slide", n)));
    let with_notes = notes.iter().enumerate().filter(|(_, n)| n.is_some());
    parts.extend(with_notes.map(|(n, _)| numbered("notesSlide", "notesSlide", n + 1)));
    let mut xml = Xml::new();
    let namespace = "http://schemas.openxmlformats.org/package/2006/content-types";
    xml.within("Types", &[("xmlns", namespace)], |x| {
        for (extension, kind) in &defaults {
            x.empty(
                "Default",
                &[("Extension", extension), ("ContentType", kind)],
            );
        }
        for (part, kind) in &parts {
            x.empty("Override", &[("PartName", part), ("ContentType", kind)]);
        }
    });
    xml.finish()
}

/// The core properties: the workshop's title, language and version, its
/// trainer, its date (no date when the outline has none: never the clock).
fn core(document: &Document) -> std::io::Result<Vec<u8>> {
    let workshop = &document.workshop;
    let mut xml = Xml::new();
    xml.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    xml.element("dc:title", &workshop.title_plain);
    if let Some(subtitle) = &workshop.subtitle {
        xml.element("dc:subject", &slides::plain(subtitle));
    }
    if let Some(facilitator) = &workshop.facilitator {
        xml.element("dc:creator", facilitator);
    }
    let keywords: Vec<String> = [
        workshop.version.as_ref().map(|v| format!("version {v}")),
        workshop.revision.as_ref().map(|r| format!("revision {r}")),
        workshop.variant.as_ref().map(|v| format!("variant {v}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !keywords.is_empty() {
        xml.element("cp:keywords", &keywords.join(", "));
    }
    xml.element("dc:language", document.lang);
    if let Some(version) = &workshop.version {
        xml.element("cp:version", version);
    }
    if let Some(date) = &workshop.date {
        let when = format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            date.year, date.month, date.day
        );
        for name in ["dcterms:created", "dcterms:modified"] {
            xml.within(name, &[("xsi:type", "dcterms:W3CDTF")], |x| {
                x.text(&when);
            });
        }
    }
    xml.close("cp:coreProperties");
    xml.finish()
}

/// The extended properties: what made the deck, its slides and notes, and
/// the slides' titles (what a file manager's properties show).
fn app(slides: usize, notes: usize, titles: &[Option<String>]) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    xml.element("Application", "deckhand");
    xml.element("PresentationFormat", "Widescreen");
    xml.element("Slides", &slides.to_string());
    xml.element("Notes", &notes.to_string());
    let count = titles.len().to_string();
    xml.within("HeadingPairs", &[], |x| {
        x.within(
            "vt:vector",
            &[("size", "2"), ("baseType", "variant")],
            |x| {
                x.within("vt:variant", &[], |x| {
                    x.element("vt:lpstr", "Slide Titles");
                });
                x.within("vt:variant", &[], |x| {
                    x.element("vt:i4", &count);
                });
            },
        );
    });
    xml.within("TitlesOfParts", &[], |x| {
        x.within(
            "vt:vector",
            &[("size", &count), ("baseType", "lpstr")],
            |x| {
                for title in titles {
                    x.element("vt:lpstr", title.as_deref().unwrap_or(""));
                }
            },
        );
    });
    xml.close("Properties");
    xml.finish()
}

fn presentation(slides: usize) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open(
        "p:presentation",
        &[
            ("xmlns:a", NS_A),
            ("xmlns:r", NS_R),
            ("xmlns:p", NS_P),
            ("saveSubsetFonts", "1"),
        ],
    );
    xml.within("p:sldMasterIdLst", &[], |x| {
        x.empty("p:sldMasterId", &[("id", "2147483648"), ("r:id", "rId1")]);
    });
    xml.within("p:notesMasterIdLst", &[], |x| {
        x.empty("p:notesMasterId", &[("r:id", "rId2")]);
    });
    if slides > 0 {
        xml.within("p:sldIdLst", &[], |x| {
            for n in 1..=slides {
                x.empty(
                    "p:sldId",
                    &[
                        ("id", &(255 + n).to_string()),
                        ("r:id", &format!("rId{}", n + 5)),
                    ],
                );
            }
        });
    }
    xml.empty("p:sldSz", &[("cx", "12192000"), ("cy", "6858000")]);
    xml.empty("p:notesSz", &[("cx", "6858000"), ("cy", "9144000")]);
    xml.within("p:defaultTextStyle", &[], |x| {
        x.within(
            "a:lvl1pPr",
            &[("marL", "0"), ("algn", "l"), ("defTabSz", "914400")],
            |x| {
                x.within("a:defRPr", &[("sz", "1800"), ("kern", "1200")], |x| {
                    x.within("a:solidFill", &[], |x| {
                        x.empty("a:schemeClr", &[("val", "tx1")]);
                    });
                    x.empty("a:latin", &[("typeface", "+mn-lt")]);
                });
            },
        );
    });
    xml.close("p:presentation");
    xml.finish()
}

/// A brand's colour (`#rrggbb`) as the theme writes it (`1D2330`).
fn brand_colour(colour: Option<&String>) -> Option<String> {
    let hex = colour?.strip_prefix('#')?;
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| hex.to_ascii_uppercase())
}

/// The theme: the slides' palette as the deck's colour scheme (see
/// [`canvas::Colour`]), the body font as its heading and body fonts; the
/// outline's `brand` over them (its accent, ink and font), as the PDF's
/// slides have them.
fn theme(look: &Look, brand: Option<&BrandData>) -> std::io::Result<Vec<u8>> {
    let accent = brand
        .and_then(|b| brand_colour(b.accent.as_ref()))
        .unwrap_or_else(|| look.colour("accent", "B4441B"));
    let ink = brand
        .and_then(|b| brand_colour(b.ink.as_ref()))
        .unwrap_or_else(|| look.colour("ink", "1D2330"));
    let colours = [
        ("a:dk1", ink),
        ("a:lt1", look.colour("paper", "FFFFFF")),
        ("a:dk2", look.colour("divider", "1D2330")),
        ("a:lt2", look.colour("soft", "F4EFE7")),
        ("a:accent1", accent.clone()),
        ("a:accent2", look.colour("muted", "5B6472")),
        ("a:accent3", look.colour("frame", "E7E2DA")),
        ("a:accent4", look.colour("divider-label", "FFFFFF")),
        ("a:accent5", look.colour("on-divider", "FFFFFF")),
        ("a:accent6", accent.clone()),
        ("a:hlink", accent),
        ("a:folHlink", look.colour("muted", "5B6472")),
    ];
    let font = brand
        .and_then(|b| b.font.clone())
        .or_else(|| look.body_font.clone())
        .unwrap_or_else(|| "Inter".into());
    let mut xml = Xml::new();
    xml.skeleton(include_str!("skeleton/theme.xml"), |slot, x| match slot {
        "colours" => {
            x.within("a:clrScheme", &[("name", "deckhand")], |x| {
                for (name, colour) in &colours {
                    x.within(name, &[], |x| {
                        x.empty("a:srgbClr", &[("val", colour)]);
                    });
                }
            });
        }
        "fonts" => {
            x.within("a:fontScheme", &[("name", "deckhand")], |x| {
                for scheme in ["a:majorFont", "a:minorFont"] {
                    x.within(scheme, &[], |x| {
                        x.empty("a:latin", &[("typeface", &font)]);
                        x.empty("a:ea", &[("typeface", "")]);
                        x.empty("a:cs", &[("typeface", "")]);
                    });
                }
            });
        }
        _ => {}
    });
    xml.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: the outline's brand (its typed data) sets the theme's
    /// accent, ink and font over the theme's own.
    #[test]
    fn the_brand_is_the_themes_accent_ink_and_font() {
        let look: Look = serde_json::from_str(
            r##"{"palette": {"accent": "#b4441b", "ink": "#1d2330"}, "body-font": "Inter", "title-upper": false}"##,
        )
        .expect("a look");
        let brand = BrandData {
            accent: Some("#0b5d3b".into()),
            ink: Some("#102030".into()),
            font: Some("DejaVu Sans".into()),
            logo: None,
        };
        let themed =
            String::from_utf8(theme(&look, Some(&brand)).expect("a theme")).expect("UTF-8");
        for expected in [
            r#"<a:dk1><a:srgbClr val="102030"/></a:dk1>"#,
            r#"<a:accent1><a:srgbClr val="0B5D3B"/></a:accent1>"#,
            r#"<a:latin typeface="DejaVu Sans"/>"#,
        ] {
            assert!(themed.contains(expected), "{expected} in {themed}");
        }
        let plain = String::from_utf8(theme(&look, None).expect("a theme")).expect("UTF-8");
        assert!(plain.contains(r#"<a:accent1><a:srgbClr val="B4441B"/></a:accent1>"#));
        assert!(plain.contains(r#"<a:latin typeface="Inter"/>"#));
    }
}
