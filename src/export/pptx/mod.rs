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
mod notes;
mod reveal;
mod slides;
mod xml;
mod zip;

use super::{Export, ExportError, File, Made, Needs};
use crate::plan::{Document, DocumentKind};
use crate::render::Look;
use canvas::{NS_A, NS_P, NS_R};
use slides::{Deck, Drawn};
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

/// A picture of the deck, as a media part.
struct Media {
    /// The prepared picture's path (`/stills/….jpg`).
    path: String,
    /// Its part: `ppt/media/image1.jpg`.
    part: String,
    bytes: Vec<u8>,
}

/// The package of `made`'s slides.
fn package(made: &Made<'_>, look: &Look) -> Result<Vec<u8>, PackageError> {
    let document = made.facilitator;
    let size = |path: &str| {
        made.stills
            .iter()
            .find(|s| s.virtual_path == path)
            .map(|s| (s.width, s.height))
    };
    let deck = Deck {
        document,
        title_caps: look.title_upper,
        size: &size,
    };
    let revealed = reveal::group(made.slides);
    let mut media: Vec<Media> = Vec::new();
    let mut slide_parts: Vec<(Vec<u8>, Vec<Rel>)> = Vec::new();
    let mut notes_parts: Vec<Option<Vec<u8>>> = Vec::new();
    let mut titles = Vec::new();
    for (number, one) in revealed.iter().enumerate() {
        let number = number + 1;
        let Drawn {
            layout,
            canvas,
            pictures,
            list,
            title,
        } = slides::draw(&deck, one.slide);
        titles.push(title);
        let mut xml = canvas.end_tree();
        if let (Some(list), false) = (list, one.clicks.is_empty()) {
            reveal::timing(&mut xml, list, &one.clicks);
        }
        xml.close("p:sld");
        let mut rels = vec![rel(
            1,
            "slideLayout",
            format!("../slideLayouts/slideLayout{}.xml", layout as u8),
        )];
        let paragraphs = if made.speaker_notes {
            notes::notes(document, one.slide)
        } else {
            Vec::new()
        };
        if paragraphs.is_empty() {
            notes_parts.push(None);
        } else {
            rels.push(rel(
                2,
                "notesSlide",
                format!("../notesSlides/notesSlide{number}.xml"),
            ));
            notes_parts.push(Some(notes::notes_page(document.lang, &paragraphs)?));
        }
        for (i, path) in pictures.iter().enumerate() {
            let known = media.iter().position(|m| m.path == *path);
            let index = match known {
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
        slide_parts.push((xml.finish()?, rels));
    }
    let count = slide_parts.len();
    let notes_count = notes_parts.iter().flatten().count();
    let mut zip = Zip::default();
    let add = |zip: &mut Zip, name: &str, bytes: &[u8]| zip.add(name, bytes, Method::Deflated);
    add(
        &mut zip,
        "[Content_Types].xml",
        &content_types(count, &notes_parts, &media)?,
    )?;
    add(
        &mut zip,
        "_rels/.rels",
        &rels_part(&[
            rel(1, "officeDocument", "ppt/presentation.xml"),
            rel(
                2,
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            rel(3, "extended-properties", "docProps/app.xml"),
        ])?,
    )?;
    add(&mut zip, "docProps/core.xml", &core(document)?)?;
    add(
        &mut zip,
        "docProps/app.xml",
        &app(count, notes_count, &titles)?,
    )?;
    add(&mut zip, "ppt/presentation.xml", &presentation(count)?)?;
    let mut presentation_rels = vec![
        rel(1, "slideMaster", "slideMasters/slideMaster1.xml"),
        rel(2, "notesMaster", "notesMasters/notesMaster1.xml"),
        rel(3, "presProps", "presProps.xml"),
        rel(4, "theme", "theme/theme1.xml"),
        rel(5, "tableStyles", "tableStyles.xml"),
    ];
    presentation_rels
        .extend((1..=count).map(|n| rel(n + 5, "slide", format!("slides/slide{n}.xml"))));
    add(
        &mut zip,
        "ppt/_rels/presentation.xml.rels",
        &rels_part(&presentation_rels)?,
    )?;
    add(
        &mut zip,
        "ppt/presProps.xml",
        include_bytes!("skeleton/presProps.xml"),
    )?;
    add(
        &mut zip,
        "ppt/tableStyles.xml",
        include_bytes!("skeleton/tableStyles.xml"),
    )?;
    let theme = theme(look)?;
    add(&mut zip, "ppt/theme/theme1.xml", &theme)?;
    add(&mut zip, "ppt/theme/theme2.xml", &theme)?;
    add(
        &mut zip,
        "ppt/slideMasters/slideMaster1.xml",
        include_bytes!("skeleton/slideMaster1.xml"),
    )?;
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
    add(
        &mut zip,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        &rels_part(&master_rels)?,
    )?;
    let to_master = rels_part(&[rel(1, "slideMaster", "../slideMasters/slideMaster1.xml")])?;
    for (n, layout) in LAYOUTS.iter().enumerate() {
        let n = n + 1;
        add(
            &mut zip,
            &format!("ppt/slideLayouts/slideLayout{n}.xml"),
            layout.as_bytes(),
        )?;
        add(
            &mut zip,
            &format!("ppt/slideLayouts/_rels/slideLayout{n}.xml.rels"),
            &to_master,
        )?;
    }
    add(
        &mut zip,
        "ppt/notesMasters/notesMaster1.xml",
        include_bytes!("skeleton/notesMaster1.xml"),
    )?;
    add(
        &mut zip,
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        &rels_part(&[rel(1, "theme", "../theme/theme2.xml")])?,
    )?;
    for (n, (slide, rels)) in slide_parts.iter().enumerate() {
        let n = n + 1;
        add(&mut zip, &format!("ppt/slides/slide{n}.xml"), slide)?;
        add(
            &mut zip,
            &format!("ppt/slides/_rels/slide{n}.xml.rels"),
            &rels_part(rels)?,
        )?;
    }
    for (n, notes) in notes_parts.iter().enumerate() {
        let n = n + 1;
        if let Some(notes) = notes {
            add(
                &mut zip,
                &format!("ppt/notesSlides/notesSlide{n}.xml"),
                notes,
            )?;
            add(
                &mut zip,
                &format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
                &rels_part(&[
                    rel(1, "notesMaster", "../notesMasters/notesMaster1.xml"),
                    rel(2, "slide", format!("../slides/slide{n}.xml")),
                ])?,
            )?;
        }
    }
    for picture in &media {
        // Stills are JPEG or PNG, compressed already.
        zip.add(&picture.part, &picture.bytes, Method::Stored)?;
    }
    Ok(zip.finish()?)
}

/// The layouts, in the master's order: [`slides::Layout`] numbers them.
const LAYOUTS: [&str; 4] = [
    include_str!("skeleton/slideLayout1.xml"),
    include_str!("skeleton/slideLayout2.xml"),
    include_str!("skeleton/slideLayout3.xml"),
    include_str!("skeleton/slideLayout4.xml"),
];

fn content_types(
    slides: usize,
    notes: &[Option<Vec<u8>>],
    media: &[Media],
) -> std::io::Result<Vec<u8>> {
    let mut xml = Xml::new();
    xml.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    xml.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    xml.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    for (extension, kind) in [("jpeg", "image/jpeg"), ("png", "image/png")] {
        if media.iter().any(|m| m.part.ends_with(extension)) {
            xml.empty(
                "Default",
                &[("Extension", extension), ("ContentType", kind)],
            );
        }
    }
    let mut overrides: Vec<(String, String)> = vec![
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
        (
            "/ppt/theme/theme1.xml".into(),
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/ppt/theme/theme2.xml".into(),
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/ppt/slideMasters/slideMaster1.xml".into(),
            format!("{CT}.slideMaster+xml"),
        ),
        (
            "/ppt/notesMasters/notesMaster1.xml".into(),
            format!("{CT}.notesMaster+xml"),
        ),
    ];
    overrides.extend((1..=LAYOUTS.len()).map(|n| {
        (
            format!("/ppt/slideLayouts/slideLayout{n}.xml"),
            format!("{CT}.slideLayout+xml"),
        )
    }));
    overrides.extend((1..=slides).map(|n| {
        (
            format!("/ppt/slides/slide{n}.xml"),
            format!("{CT}.slide+xml"),
        )
    }));
    overrides.extend(
        notes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_some())
            .map(|(n, _)| {
                (
                    format!("/ppt/notesSlides/notesSlide{}.xml", n + 1),
                    format!("{CT}.notesSlide+xml"),
                )
            }),
    );
    for (part, kind) in &overrides {
        xml.empty("Override", &[("PartName", part), ("ContentType", kind)]);
    }
    xml.close("Types");
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

/// The theme: the slides' palette as the deck's colour scheme (see
/// [`canvas::Colour`]), the body font as its heading and body fonts.
fn theme(look: &Look) -> std::io::Result<Vec<u8>> {
    let colours = [
        ("a:dk1", look.colour("ink", "1D2330")),
        ("a:lt1", look.colour("paper", "FFFFFF")),
        ("a:dk2", look.colour("divider", "1D2330")),
        ("a:lt2", look.colour("soft", "F4EFE7")),
        ("a:accent1", look.colour("accent", "B4441B")),
        ("a:accent2", look.colour("muted", "5B6472")),
        ("a:accent3", look.colour("frame", "E7E2DA")),
        ("a:accent4", look.colour("divider-label", "FFFFFF")),
        ("a:accent5", look.colour("on-divider", "FFFFFF")),
        ("a:accent6", look.colour("accent", "B4441B")),
        ("a:hlink", look.colour("accent", "B4441B")),
        ("a:folHlink", look.colour("muted", "5B6472")),
    ];
    let font = look.body_font.clone().unwrap_or_else(|| "Inter".into());
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
