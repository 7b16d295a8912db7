//! Accessible PDFs: PDF/UA-1 (and PDF/A-2a on paper) by default, read back with lopdf as a checker would.

use std::collections::HashSet;
use std::path::Path;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::workshop::{Workshop, arg, repo};

/// What a PDF tells a screen reader and an archive, read from its catalog,
/// its XMP metadata and its structure tree.
#[derive(Debug)]
pub(super) struct Accessibility {
    lang: String,
    pub(super) marked: bool,
    pub(super) has_structure: bool,
    shows_title: bool,
    pub(super) xmp: String,
    /// Each `/Figure` element's `/Alt`, in reading order.
    figure_alts: Vec<String>,
    /// Each heading's level and title (`/H1` … `/H6`), in reading order.
    headings: Vec<(u8, String)>,
    /// Every structure type found (`/P`, `/Table`, `/TH`, …).
    kinds: HashSet<String>,
    /// The headings and figures as a screen reader meets them: `H3 Love
    /// Actually`, `Figure A still from Love Actually`.
    order: Vec<String>,
}

impl Accessibility {
    pub(super) fn of(path: &Path) -> Accessibility {
        let document = Document::load(path).expect("the PDF parses");
        let catalog = document.catalog().expect("a catalog");
        let entry = |key: &[u8]| catalog.get_deref(key, &document).ok();
        let lang = entry(b"Lang")
            .map(|o| lopdf::decode_text_string(o).expect("a text string"))
            .unwrap_or_default();
        let marked = entry(b"MarkInfo")
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"Marked").ok())
            .and_then(|o| o.as_bool().ok())
            .unwrap_or(false);
        let shows_title = entry(b"ViewerPreferences")
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"DisplayDocTitle").ok())
            .and_then(|o| o.as_bool().ok())
            .unwrap_or(false);
        let xmp = entry(b"Metadata")
            .and_then(|o| o.as_stream().ok())
            .map(|s| {
                let bytes = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .unwrap_or_default();
        let mut found = Accessibility {
            lang,
            marked,
            has_structure: false,
            shows_title,
            xmp,
            figure_alts: Vec::new(),
            headings: Vec::new(),
            kinds: HashSet::new(),
            order: Vec::new(),
        };
        if let Some(root) = entry(b"StructTreeRoot").and_then(|o| o.as_dict().ok()) {
            found.has_structure = true;
            let mut seen = HashSet::new();
            if let Ok(kids) = root.get(b"K") {
                walk(&document, kids, &mut found, &mut seen);
            }
        }
        found
    }

    /// Whether the XMP metadata says `property` is `value` (either way XMP writes it).
    pub(super) fn xmp_says(&self, property: &str, value: &str) -> bool {
        self.xmp
            .contains(&format!("<{property}>{value}</{property}>"))
            || self.xmp.contains(&format!("{property}=\"{value}\""))
    }
}

/// Visits the structure elements under `kids` in reading order.
fn walk(
    document: &Document,
    kids: &Object,
    found: &mut Accessibility,
    seen: &mut HashSet<ObjectId>,
) {
    match kids {
        Object::Array(items) => {
            for item in items {
                walk(document, item, found, seen);
            }
        }
        Object::Reference(id) => {
            if seen.insert(*id)
                && let Ok(object) = document.get_object(*id)
            {
                walk(document, object, found, seen);
            }
        }
        Object::Dictionary(element) => element_found(document, element, found, seen),
        // A marked-content id: text or a picture on a page.
        _ => {}
    }
}

fn element_found(
    document: &Document,
    element: &Dictionary,
    found: &mut Accessibility,
    seen: &mut HashSet<ObjectId>,
) {
    let Ok(kind) = element.get(b"S").and_then(Object::as_name) else {
        // A reference to marked content or to an annotation.
        return;
    };
    let kind = String::from_utf8_lossy(kind).into_owned();
    let text = |key: &[u8]| {
        element
            .get_deref(key, document)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
    };
    if kind == "Figure" {
        let alt = text(b"Alt").unwrap_or_default();
        found.order.push(format!("Figure {alt}"));
        found.figure_alts.push(alt);
    }
    if let Some(level) = kind.strip_prefix('H').and_then(|l| l.parse::<u8>().ok()) {
        let title = text(b"T").unwrap_or_default();
        found.order.push(format!("H{level} {title}"));
        found.headings.push((level, title));
    }
    found.kinds.insert(kind);
    if let Ok(kids) = element.get(b"K") {
        walk(document, kids, found, seen);
    }
}

/// Panics unless the headings start with one level-1 heading, the only one,
/// and never skip a level on the way down.
#[track_caller]
fn assert_headings_in_order(name: &str, headings: &[(u8, String)]) {
    assert_eq!(
        headings.first().map(|h| h.0),
        Some(1),
        "{name}: {headings:?}"
    );
    assert_eq!(
        headings.iter().filter(|h| h.0 == 1).count(),
        1,
        "{name}: {headings:?}"
    );
    for pair in headings.windows(2) {
        assert!(pair[1].0 <= pair[0].0 + 1, "{name}: {pair:?} skips a level");
    }
}

const STEM: &str = "customer-service-at-the-movies";

/// Proves: the example workshop's four PDFs are PDF/UA-1, the handout, guide
/// and role cards also PDF/A-2a: language, tags, title shown, every figure
/// described, headings in order from the workshop's title, tables with
/// header cells.
#[test]
fn the_example_workshop_is_accessible() {
    let w = Workshop::new();
    w.run(&[
        "build",
        arg(&repo().join(format!("decks/{STEM}.yaml"))),
        "-o",
        "out",
    ])
    .assert_success();
    for document in ["slides", "handout", "guide", "roles"] {
        let found = Accessibility::of(&w.path(&format!("out/{STEM}-{document}.pdf")));
        assert_eq!(found.lang, "en", "{document}");
        assert!(found.marked, "{document}: not /Marked");
        assert!(found.has_structure, "{document}: no /StructTreeRoot");
        assert!(found.shows_title, "{document}: no /DisplayDocTitle");
        assert!(
            found.xmp_says("pdfuaid:part", "1"),
            "{document}: {}",
            found.xmp
        );
        let archival =
            found.xmp_says("pdfaid:part", "2") && found.xmp_says("pdfaid:conformance", "A");
        assert_eq!(archival, document != "slides", "{document}: {}", found.xmp);
        assert!(
            found.figure_alts.iter().all(|alt| !alt.trim().is_empty()),
            "{document}: {:?}",
            found.figure_alts
        );
        assert_headings_in_order(document, &found.headings);
        assert_eq!(
            found.headings[0].1, "Customer Service at the Movies",
            "{document}"
        );
    }

    let slides = Accessibility::of(&w.path(&format!("out/{STEM}-slides.pdf")));
    // Every still of the deck (six), each described, and the brand's logo
    // on the title slide (in the footers it is an artifact, as they are).
    assert_eq!(slides.figure_alts.len(), 7, "{:?}", slides.figure_alts);
    assert!(
        slides
            .figure_alts
            .contains(&"Customer Service at the Movies logo".to_string()),
        "{:?}",
        slides.figure_alts
    );
    assert!(
        slides
            .figure_alts
            .contains(&"A still from Love Actually".to_string()),
        "{:?}",
        slides.figure_alts
    );
    let titles: Vec<&str> = slides.headings.iter().map(|h| h.1.as_str()).collect();
    for expected in ["Agenda", "Listen before you wrap", "Watch for"] {
        assert!(titles.iter().any(|t| t.contains(expected)), "{titles:?}");
    }

    let handout = Accessibility::of(&w.path(&format!("out/{STEM}-handout.pdf")));
    // A scene card is read title first, its still last, before the next block.
    let at = |entry: &str| handout.order.iter().position(|e| e == entry);
    let (title, still, next) = (
        at("H3 Love Actually"),
        at("Figure A still from Love Actually"),
        at("H3 Listen for the real need"),
    );
    assert!(
        title.is_some() && title < still && still < next,
        "{:?}",
        handout.order
    );
    // A role card (in the role cards' own PDF): its role's name under the
    // role cards' heading.
    let roles = Accessibility::of(&w.path(&format!("out/{STEM}-roles.pdf")));
    let in_roles = |entry: &str| roles.order.iter().position(|e| e == entry);
    let (cards, role) = (
        in_roles("H2 Role cards: Coaching the gift-wrapper"),
        in_roles("H3 Team lead"),
    );
    assert!(cards.is_some() && cards < role, "{:?}", roles.order);
    assert!(
        handout.headings.contains(&(2, "Agenda".into())),
        "{:?}",
        handout.headings
    );
    assert!(
        handout
            .headings
            .iter()
            .any(|h| h.0 == 3 && h.1 == "Love Actually"),
        "{:?}",
        handout.headings
    );

    let guide = Accessibility::of(&w.path(&format!("out/{STEM}-guide.pdf")));
    for expected in ["Preparation", "Run of show", "Clip cue sheet"] {
        assert!(
            guide.headings.contains(&(2, expected.into())),
            "{:?}",
            guide.headings
        );
    }
    for kind in ["Table", "TH", "TD"] {
        assert!(
            guide.kinds.contains(kind),
            "the guide has no /{kind}: {:?}",
            guide.kinds
        );
    }
}

/// Proves: the PDFs speak the outline's language.
#[test]
fn the_pdfs_are_in_the_outlines_language() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Écouter\nlanguage: fr\nsections:\n  - title: Écoute\n    blocks:\n      - lesson: {title: Reformuler, points: [Répéter les mots du client]}\n",
    );
    w.run(&["build", "talk.yaml", "-o", "out"]).assert_success();
    for document in ["slides", "handout", "guide"] {
        let found = Accessibility::of(&w.path(&format!("out/talk-{document}.pdf")));
        assert_eq!(found.lang, "fr", "{document}");
        assert_headings_in_order(document, &found.headings);
    }
}

/// Proves: `--pdf-standard none` writes tagged PDFs that claim no standard,
/// and the default ones are byte-identical from one build to the next.
#[test]
fn pdf_standard_none_claims_no_standard() {
    let w = Workshop::new().copy_fixture_as("activity-in-every-output.yaml", "talk.yaml");
    w.run(&[
        "build",
        "talk.yaml",
        "-o",
        "plain",
        "--pdf-standard",
        "none",
    ])
    .assert_success();
    w.run(&["build", "talk.yaml", "-o", "a"]).assert_success();
    w.run(&["build", "talk.yaml", "-o", "b"]).assert_success();
    for document in ["slides", "handout", "guide"] {
        let name = format!("talk-{document}.pdf");
        let plain = Accessibility::of(&w.path(&format!("plain/{name}")));
        assert!(plain.has_structure, "{document}");
        assert!(!plain.xmp.contains("pdfuaid"), "{document}: {}", plain.xmp);
        assert!(!plain.xmp.contains("pdfaid"), "{document}: {}", plain.xmp);
        assert!(
            w.read(&format!("a/{name}")) == w.read(&format!("b/{name}")),
            "{name} differs between builds"
        );
    }
}
