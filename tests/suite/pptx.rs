//! The PowerPoint deck (`--format pptx`): a whole package that an office suite opens, in the PDF's order, with the facilitator's notes only when asked.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;

use crate::pdf_measure::{TextRun, picture_boxes, text_runs};
use crate::workshop::{Workshop, arg, repo, straight_quotes};

/// Builds the slides of `path` (an outline or a folder) in `formats` into
/// `out/`, as most tests here do; the run is compared with its snapshot.
fn build_slides(w: &Workshop, path: &str, formats: &str) {
    w.run(&[
        "build", path, "-o", "out", "--only", "slides", "--format", formats,
    ])
    .assert_success();
}

/// A package's parts by name, read through its ZIP central directory.
struct Package {
    parts: BTreeMap<String, Vec<u8>>,
}

fn u16_at(bytes: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
}

impl Package {
    fn open(path: &Path) -> Package {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let end = bytes.len() - 22;
        assert_eq!(&bytes[end..end + 4], b"PK\x05\x06", "a ZIP's end record");
        let mut at = u32_at(&bytes, end + 16);
        let mut parts = BTreeMap::new();
        for _ in 0..u16_at(&bytes, end + 10) {
            assert_eq!(
                &bytes[at..at + 4],
                b"PK\x01\x02",
                "a central directory record"
            );
            let method = u16_at(&bytes, at + 10);
            let name_length = u16_at(&bytes, at + 28);
            let name = String::from_utf8(bytes[at + 46..at + 46 + name_length].to_vec())
                .expect("a UTF-8 part name");
            let local = u32_at(&bytes, at + 42);
            let data = local + 30 + u16_at(&bytes, local + 26) + u16_at(&bytes, local + 28);
            let stored = &bytes[data..data + u32_at(&bytes, at + 20)];
            let content = match method {
                0 => stored.to_vec(),
                8 => {
                    let mut out = Vec::new();
                    flate2::read::DeflateDecoder::new(stored)
                        .read_to_end(&mut out)
                        .expect("the part inflates");
                    out
                }
                other => panic!("{name}: compression method {other}"),
            };
            assert_eq!(content.len(), u32_at(&bytes, at + 24), "{name}: its size");
            assert_eq!(
                crc32fast::hash(&content) as usize,
                u32_at(&bytes, at + 16),
                "{name}: its CRC"
            );
            assert!(
                parts.insert(name.clone(), content).is_none(),
                "{name} twice"
            );
            at += 46 + name_length + u16_at(&bytes, at + 30) + u16_at(&bytes, at + 32);
        }
        Package { parts }
    }

    fn text(&self, name: &str) -> String {
        let bytes = self
            .parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}"));
        String::from_utf8(bytes.clone()).expect("a UTF-8 part")
    }

    /// Every part's text, for looking for what must not be anywhere.
    fn all_text(&self) -> String {
        self.parts
            .values()
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The relationships of the part `name`: (type's last word, resolved target).
    fn rels(&self, name: &str) -> Vec<(String, String)> {
        let (folder, file) = name.rsplit_once('/').unwrap_or(("", name));
        let rels_name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let Some(rels) = self.parts.get(&rels_name) else {
            return Vec::new();
        };
        elements(rels, "Relationship")
            .into_iter()
            .map(|attributes| {
                let kind = attributes["Type"]
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                (kind, resolve(folder, &attributes["Target"]))
            })
            .collect()
    }

    /// The slides' parts in the presentation's order.
    fn slides(&self) -> Vec<String> {
        let rels: BTreeMap<String, String> = elements(
            &self.parts["ppt/_rels/presentation.xml.rels"],
            "Relationship",
        )
        .into_iter()
        .map(|a| (a["Id"].clone(), resolve("ppt", &a["Target"])))
        .collect();
        elements(&self.parts["ppt/presentation.xml"], "p:sldId")
            .iter()
            .map(|a| rels[&a["r:id"]].clone())
            .collect()
    }

    /// The text of a slide's title placeholder, if it has one.
    fn title(&self, slide: &str) -> Option<String> {
        shape_texts(&self.parts[slide])
            .into_iter()
            .find(|(placeholder, _)| matches!(placeholder.as_deref(), Some("title" | "ctrTitle")))
            .map(|(_, text)| text)
    }

    /// The text of a slide's notes page, if it has one.
    fn notes(&self, slide: &str) -> Option<String> {
        let (_, notes) = self
            .rels(slide)
            .into_iter()
            .find(|(kind, _)| kind == "notesSlide")?;
        let texts = shape_texts(&self.parts[&notes]);
        Some(
            texts
                .into_iter()
                .map(|(_, t)| t)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }
}

/// `target` relative to the folder `folder` of the part that names it.
fn resolve(folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.trim_start_matches('/').split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The attributes of every element `name` of an XML part.
fn elements(xml: &[u8], name: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut found = Vec::new();
    let mut buffer = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buffer)
            .expect("well-formed XML")
        {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name => {
                found.push(
                    e.attributes()
                        .map(|a| {
                            let a = a.expect("an attribute");
                            (
                                a.key.as_ref().to_string(),
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .expect("a value")
                                    .into_owned(),
                            )
                        })
                        .collect(),
                );
            }
            _ => {}
        }
        buffer.clear();
    }
    found
}

/// Each shape's placeholder type (if any) and its text, paragraphs on lines.
fn shape_texts(xml: &[u8]) -> Vec<(Option<String>, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut shapes = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    let mut in_text = false;
    let mut buffer = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buffer)
            .expect("well-formed XML")
        {
            Event::Eof => break,
            Event::Start(e) if matches!(e.name().as_ref(), "p:sp" | "p:graphicFrame") => {
                current = Some((None, String::new()));
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "p:ph" => {
                let kind = e
                    .try_get_attribute("type")
                    .ok()
                    .flatten()
                    .map(|a| a.value.into_owned())
                    .unwrap_or_else(|| "body".into());
                if let Some(shape) = current.as_mut() {
                    shape.0 = Some(kind);
                }
            }
            Event::Start(e) if e.name().as_ref() == "a:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "a:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "a:p" => {
                if let Some(shape) = current.as_mut() {
                    shape.1.push('\n');
                }
            }
            Event::Text(t) if in_text => {
                if let Some(shape) = current.as_mut() {
                    shape.1.push_str(&t);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(shape) = current.as_mut() {
                    let name = r.to_string();
                    shape.1.push_str(match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "?",
                    });
                }
            }
            Event::End(e) if matches!(e.name().as_ref(), "p:sp" | "p:graphicFrame") => {
                if let Some((kind, text)) = current.take() {
                    shapes.push((kind, text.trim_end().to_string()));
                }
            }
            _ => {}
        }
        buffer.clear();
    }
    shapes
}

/// Text as compared with a PDF's: quotes straight, lower case (a marquee
/// theme prints its titles in capitals), without white space (a PDF's text
/// may break a line anywhere, `/etc/ passwd`).
fn folded(text: &str) -> String {
    straight_quotes(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Checks what makes a package open without repair: every part has a content
/// type, every relationship names a part that is there, every XML part is well
/// formed; returns its slides in order.
fn assert_whole(package: &Package, name: &str) -> Vec<String> {
    let types = &package.parts["[Content_Types].xml"];
    let defaults: Vec<String> = elements(types, "Default")
        .iter()
        .map(|a| a["Extension"].clone())
        .collect();
    let overrides: Vec<String> = elements(types, "Override")
        .iter()
        .map(|a| a["PartName"].clone())
        .collect();
    for part in package.parts.keys().filter(|p| *p != "[Content_Types].xml") {
        let extension = part.rsplit('.').next().unwrap_or("");
        assert!(
            overrides.contains(&format!("/{part}")) || defaults.iter().any(|d| d == extension),
            "{name}: {part} has no content type"
        );
        if part.ends_with(".xml") || part.ends_with(".rels") {
            let mut reader = quick_xml::Reader::from_reader(package.parts[part].as_slice());
            let mut buffer = Vec::new();
            let mut depth = 0i32;
            loop {
                match reader.read_event_into(&mut buffer) {
                    Ok(Event::Eof) => break,
                    Ok(Event::Start(_)) => depth += 1,
                    Ok(Event::End(_)) => depth -= 1,
                    Ok(_) => {}
                    Err(e) => panic!("{name}: {part} is not well formed: {e}"),
                }
                buffer.clear();
            }
            assert_eq!(depth, 0, "{name}: {part} leaves an element open");
        }
    }
    for overridden in &overrides {
        assert!(
            package.parts.contains_key(&overridden[1..]),
            "{name}: {overridden} is typed but missing"
        );
    }
    for rels in package.parts.keys().filter(|p| p.ends_with(".rels")) {
        let source = rels
            .replace("_rels/", "")
            .trim_end_matches(".rels")
            .to_string();
        let source = source.trim_start_matches('/');
        for (kind, target) in package.rels(source) {
            assert!(
                package.parts.contains_key(&target),
                "{name}: {rels} has a {kind} to the missing {target}"
            );
        }
    }
    package.slides()
}

/// Checks the PowerPoint deck `folder/deck` beside its PDF: a whole
/// package, one slide per slide of the PDF in the same order (a slide whose
/// items appear one by one is one PowerPoint slide, and its last page in
/// the PDF, as the pdfpc file groups them), each slide's title on its page,
/// the slide count in its properties.
fn assert_like_the_pdf(w: &Workshop, folder: &str, deck: &str) {
    let package = Package::open(&w.path(&format!("{folder}/{deck}")));
    let slides = assert_whole(&package, deck);
    let pdf = deck.replace(".pptx", ".pdf");
    let all_pages = w.pdf_page_texts(&format!("{folder}/{pdf}"));
    let notes: serde_json::Value =
        serde_json::from_slice(&w.read(&format!("{folder}/{}", deck.replace(".pptx", ".pdfpc"))))
            .expect("pdfpc JSON");
    let labels: Vec<&str> = notes["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|page| page["label"].as_str().expect("label"))
        .collect();
    assert_eq!(
        labels.len(),
        all_pages.len(),
        "{pdf}: a pdfpc page per page"
    );
    let pages: Vec<&String> = all_pages
        .iter()
        .enumerate()
        // A page whose next page has another label: a slide, at its last step.
        .filter(|(i, _)| labels.get(i + 1) != labels.get(*i))
        .map(|(_, page)| page)
        .collect();
    assert_eq!(
        slides.len(),
        pages.len(),
        "{deck}: one slide per slide of {pdf}"
    );
    let mut titled = 0;
    for (number, (slide, page)) in slides.iter().zip(&pages).enumerate() {
        if let Some(title) = package.title(slide) {
            titled += 1;
            assert!(
                folded(page).contains(&folded(&title)),
                "{deck}: slide {} is titled {title:?}, not on page {}: {page}",
                number + 1,
                number + 1
            );
        }
    }
    assert!(
        titled + 2 >= slides.len(),
        "{deck}: only {titled} of {} slides have a title",
        slides.len()
    );
    let app = package.text("docProps/app.xml");
    assert!(
        app.contains(&format!("<Slides>{}</Slides>", slides.len())),
        "{app}"
    );
}

/// Proves: each example deck's PowerPoint file is a whole package (each
/// part typed, each relationship resolved, each XML part well formed), its
/// slides those of the PDF in the same order (each slide's title on the PDF's
/// page of the same number), a scene's notes hold its clip's cue, and a
/// second build is byte-identical, so `--check` passes.
#[test]
fn each_example_deck_is_a_whole_package_in_the_pdfs_order() {
    let w = Workshop::new();
    let decks = repo().join("decks");
    let build = |out: &str| {
        w.run(&[
            "build",
            arg(&decks),
            "-o",
            out,
            "--only",
            "slides",
            "--format",
            "pdf,pptx",
        ])
        .assert_success();
    };
    build("out");
    let decks: Vec<String> = w
        .files("out")
        .into_iter()
        .filter(|f| f.ends_with(".pptx"))
        .collect();
    assert_eq!(decks.len(), 4, "{decks:?}");
    for deck in &decks {
        assert_like_the_pdf(&w, "out", deck);
    }
    let package = Package::open(&w.path("out/customer-service-at-the-movies-slides.pptx"));
    let scene = package
        .slides()
        .into_iter()
        .find(|s| package.title(s).as_deref() == Some("Love Actually"))
        .expect("the scene's slide");
    let notes = package.notes(&scene).expect("the scene's notes");
    assert!(
        notes.starts_with("Clip: 1:02:10 – 1:04:30 (2:20)\n"),
        "{notes}"
    );
    let core = package.text("docProps/core.xml");
    for fact in [
        "<dc:title>Customer Service at the Movies</dc:title>",
        "<dc:language>en</dc:language>",
        "<cp:version>3.1</cp:version>",
    ] {
        assert!(core.contains(fact), "{fact} not in {core}");
    }
    build("again");
    for deck in &decks {
        assert!(
            w.read(&format!("out/{deck}")) == w.read(&format!("again/{deck}")),
            "{deck} differs between two builds"
        );
    }
    let check = w.run(&[
        "build",
        arg(&repo().join("decks")),
        "-o",
        "out",
        "--only",
        "slides",
        "--format",
        "pdf,pptx",
        "--check",
    ]);
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);
}

/// Proves: the test fixtures' decks (Typst code and markup in every field,
/// long lists over several slides, long setups, portrait and landscape
/// stills, text and image slides) are whole packages with the PDF's slides,
/// their text as written.
#[test]
fn each_fixture_deck_is_a_whole_package_in_the_pdfs_order() {
    let still = |name: &str| {
        std::fs::read(repo().join("decks/_library/images").join(name)).expect("a still")
    };
    let mut w = Workshop::new()
        .copy_fixture("images/room-plan.png")
        .file("images/wide.png", still("cheese-shop.png"))
        .file("images/tall.png", still("director-chair.png"));
    let fixtures = [
        "activity-in-every-output",
        "break-in-run-of-show",
        "long-lists-and-setups",
        "text-and-image-slides",
        "typst-code-in-every-field",
        "typst-syntax-stays-literal",
    ];
    for fixture in fixtures {
        w = w.copy_fixture(&format!("{fixture}.yaml"));
    }
    build_slides(&w, ".", "pdf,pptx");
    for fixture in fixtures {
        assert_like_the_pdf(&w, "out", &format!("{fixture}-slides.pptx"));
    }
    let hostile = Package::open(&w.path("out/typst-code-in-every-field-slides.pptx"));
    let title = hostile.title("ppt/slides/slide1.xml").expect("a title");
    assert_eq!(title, "T01 #read(\"/etc/passwd\")");
}

/// Proves: the notes pages hold the clip's cue, the hints of the questions
/// a slide shows and the block's notes, and never a role's brief; with
/// `--no-notes` no notes, hint or cue is anywhere in the package.
#[test]
fn notes_hold_the_facilitators_text_and_no_notes_leaves_it_out() {
    let w = Workshop::new()
        .copy_fixture("facilitator-text-stays-in-guide.yaml")
        .copy_fixture("roleplay-briefs-stay-off-slides.yaml");
    build_slides(&w, ".", "pptx");
    let package = Package::open(&w.path("out/facilitator-text-stays-in-guide-slides.pptx"));
    let notes: Vec<Option<String>> = package.slides().iter().map(|s| package.notes(s)).collect();
    assert_eq!(
        notes,
        [
            None,
            None,
            None,
            Some("Clip: 0:12:05 – 0:16:40 (4:35)\nSECRETNOTE alpha".to_string()),
            Some("Hint 2: SECRETHINT beta".to_string()),
        ]
    );
    let roleplay = Package::open(&w.path("out/roleplay-briefs-stay-off-slides-slides.pptx"));
    let all = roleplay.all_text();
    assert!(
        all.contains("NOTEMARK"),
        "the role-play's notes are in its notes page"
    );
    assert!(!all.contains("BRIEF"), "a role's brief is in the deck");

    w.run(&[
        "build",
        ".",
        "-o",
        "client",
        "--only",
        "slides",
        "--format",
        "pptx",
        "--no-notes",
    ])
    .assert_success();
    for deck in [
        "facilitator-text-stays-in-guide",
        "roleplay-briefs-stay-off-slides",
    ] {
        let package = Package::open(&w.path(&format!("client/{deck}-slides.pptx")));
        let all = package.all_text();
        for secret in ["SECRETNOTE", "SECRETHINT", "NOTEMARK", "BRIEF", "Clip:"] {
            assert!(!all.contains(secret), "{deck}: {secret} with --no-notes");
        }
        assert!(
            !package.parts.keys().any(|p| p.contains("notesSlide")),
            "{deck}: a notes page"
        );
        assert!(
            all.contains("Visible question two?") || all.contains("The third call"),
            "{deck}: the slides' text"
        );
    }
}

/// An outline with a block of every kind, a slide each (the activity two).
const EVERY_KIND: &str = r#"title: "Every *kind* & more"
language: en
start: "09:00"
version: "2"
sections:
  - title: All of them
    goal: See each kind once.
    blocks:
      - scene:
          film: The **Film**
          year: 1999
          director: A. Director
          clip: "0:01:00-0:03:30"
          still: images/room-plan.png
          alt: A plan of the room
          setup: Someone says "hello" & <leaves>.
          minutes: 5
      - quote:
          text: Say *less*.
          by: Someone
          source: Somewhere
      - lesson:
          title: Listen
          points:
            - One **point**
            - Two *points*
          takeaway: Take **this**.
          minutes: 5
      - questions:
          minutes: 5
          ask:
            - First?
            - text: Second?
              hint: The hint.
      - activity:
          title: Do it
          instructions:
            - Step one
            - Step two
          group: groups of 3
          debrief:
            - What happened?
          minutes: 10
      - roleplay:
          title: Play it
          scenario: A call.
          roles:
            - name: Caller
              brief: NEVERSHOWN
          minutes: 10
      - break:
          title: Tea
          minutes: 10
      - text:
          title: A text
          body: |
            First paragraph with *emphasis*.

            Second paragraph.
      - image:
          src: images/room-plan.png
          caption: The room
"#;

/// An XML part laid out one element a line, for a snapshot a reviewer reads.
fn indented(xml: &[u8]) -> String {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 1);
    let mut buffer = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buffer)
            .expect("well-formed XML")
        {
            Event::Eof => break,
            event => writer.write_event(event).expect("written"),
        }
        buffer.clear();
    }
    String::from_utf8(writer.into_inner()).expect("UTF-8")
}

/// Proves: the slide of each block kind (and the title, agenda and divider)
/// is the reviewed snapshot of its XML in `tests/snapshots/pptx/`: which
/// placeholder holds the title, which text boxes, lists, shapes and
/// pictures the slide has, and that text is escaped as data.
#[test]
fn each_kinds_slide_is_the_reviewed_xml() {
    let w = Workshop::new()
        .outline("every-kind.yaml", EVERY_KIND)
        .copy_fixture("images/room-plan.png");
    build_slides(&w, "every-kind.yaml", "pptx");
    let package = Package::open(&w.path("out/every-kind-slides.pptx"));
    assert_whole(&package, "every-kind");
    let slides = package.slides();
    let names = [
        "title",
        "agenda",
        "divider",
        "scene",
        "quote",
        "lesson",
        "questions",
        "activity",
        "debrief",
        "roleplay",
        "break",
        "text",
        "image",
    ];
    assert_eq!(slides.len(), names.len(), "{slides:?}");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/pptx");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (name, slide) in names.iter().zip(&slides) {
            insta::assert_snapshot!(*name, indented(&package.parts[slide]));
        }
    });
    assert!(!package.all_text().contains("NEVERSHOWN"));
    let notes = package.notes(&slides[6]).expect("the questions' notes");
    assert_eq!(notes, "Hint 2: The hint.");
}

/// `deck` as LibreOffice, a real office suite, renders it: the PDF it
/// writes in the workshop's `office/` folder. It needs LibreOffice Impress
/// (`.ci/run` installs `libreoffice-impress`).
fn office_pdf(w: &Workshop, deck: &Path) -> std::path::PathBuf {
    // A profile of its own, so that no other LibreOffice running blocks it.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        w.path("profile").display()
    );
    let output = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(w.path("office"))
        .arg(deck)
        .output()
        .expect(
            "LibreOffice runs (`sudo apt-get install libreoffice-impress`; `.ci/run` installs it)",
        );
    assert!(
        output.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let name = deck.file_stem().expect("a file name").to_string_lossy();
    w.path(&format!("office/{name}.pdf"))
}

/// The example deck `name` (in `decks/`) built as PowerPoint and rendered
/// by LibreOffice: the package and each page's runs of text (of its first
/// variant's deck).
fn example_in_the_office(name: &str) -> (Workshop, Package, Vec<Vec<TextRun>>) {
    let w = Workshop::new();
    let outline = repo().join(format!("decks/{name}.yaml"));
    build_slides(&w, arg(&outline), "pptx");
    // (An outline with variants makes a deck of each: the first, by name.)
    let mut decks: Vec<std::path::PathBuf> = std::fs::read_dir(w.path("out"))
        .expect("the output folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pptx"))
        .collect();
    decks.sort();
    let deck = decks.first().expect("a deck").clone();
    let pdf = office_pdf(&w, &deck);
    let runs = text_runs(&pdf);
    (w, Package::open(&deck), runs)
}

/// The size of the first run on `page` whose text starts with `text`.
fn size_of(page: &[TextRun], text: &str) -> f64 {
    page.iter()
        .find(|r| r.text.trim_start().starts_with(text))
        .unwrap_or_else(|| panic!("{text:?} on {page:?}"))
        .size
}

/// Proves: the PowerPoint deck, as LibreOffice renders it, is set at the
/// PDF's room sizes (issue 31): titles 44 pt (40 when they wrap), body
/// text at least 28 pt and short lists larger, labels 20 pt, the footer
/// (the workshop's title and the slide's number) 18 pt; nothing smaller,
/// nothing shrunk off the room's sizes, in both English examples; the
/// title slide's and the closing slide's titles at 56 pt, as the PDF's.
#[test]
fn the_office_suite_sets_the_slides_at_the_rooms_sizes() {
    let sizes = [
        18.0, 20.0, 24.0, 28.0, 30.0, 32.0, 36.0, 40.0, 44.0, 48.0, 54.0, 56.0, 60.0,
    ];
    let mut rendered = Vec::new();
    for deck in ["coaching-at-the-movies", "customer-service-at-the-movies"] {
        let (_w, package, pages) = example_in_the_office(deck);
        assert_eq!(pages.len(), package.slides().len());
        for (number, page) in pages.iter().enumerate() {
            for run in page {
                assert!(
                    sizes.contains(&run.size),
                    "{deck}: page {}: {:?} at {} pt",
                    number + 1,
                    run.text,
                    run.size
                );
            }
        }
        rendered.push(pages);
    }
    // The rest on the customer-service example.
    let pages = rendered.pop().expect("the last deck's pages");
    let thanks = pages.last().expect("pages");
    assert_eq!(size_of(thanks, "Thank you"), 56.0);
    let page = |text: &str| {
        pages
            .iter()
            .find(|p| p.iter().any(|r| r.text.trim_start().starts_with(text)))
            .unwrap_or_else(|| panic!("a page with {text:?}"))
    };
    for title in [
        "Agenda",
        "Watch for",
        "Questions for the group",
        "Listen for the real need",
    ] {
        assert_eq!(size_of(page(title), title), 44.0, "{title}");
    }
    // Two short points are set large: 40 pt, the most a "Watch for" takes.
    let short = page("Who is really leading");
    assert_eq!(size_of(short, "Who is really leading"), 40.0);
    // … and centred in the room under the title, not left at its top.
    let point = short
        .iter()
        .find(|r| r.text.starts_with("Who"))
        .expect("the point");
    assert!(point.y > 190.0, "{point:?}");
    // The footer on a slide with one: the workshop's title, the number.
    let agenda = page("Agenda");
    let footer = agenda
        .iter()
        .find(|r| r.text.starts_with("Customer Service at the Movies"))
        .expect("the footer");
    assert_eq!(footer.size, 18.0);
    assert!(footer.y > 500.0, "{footer:?}");
    assert!(
        agenda
            .iter()
            .any(|r| r.text.trim() == "2" && r.size == 18.0)
    );
    // The title slide's title at 56 pt, as the PDF's.
    assert_eq!(size_of(&pages[0], "Customer Service"), 56.0);
}

/// Proves: LibreOffice, a real office suite, opens the example deck and
/// renders one page per slide, each slide's title on its page. It needs
/// LibreOffice Impress (`.ci/run` installs `libreoffice-impress`).
#[test]
fn libreoffice_renders_each_slide_with_its_title() {
    let w = Workshop::new();
    let outline = repo().join("decks/customer-service-at-the-movies.yaml");
    build_slides(&w, arg(&outline), "pptx");
    let deck = w.path("out/customer-service-at-the-movies-slides.pptx");
    office_pdf(&w, &deck);
    let package = Package::open(&deck);
    let slides = package.slides();
    let pdf = "office/customer-service-at-the-movies-slides.pdf";
    assert_eq!(w.pdf_pages(pdf), slides.len(), "one page per slide");
    let pages = w.pdf_page_texts(pdf);
    for (number, (slide, page)) in slides.iter().zip(&pages).enumerate() {
        if let Some(title) = package.title(slide) {
            assert!(
                folded(page).contains(&folded(&title)),
                "slide {}: {title:?} is not on LibreOffice's page: {page}",
                number + 1
            );
        }
    }
}

/// Proves: a slide whose items the PDF reveals one page at a time
/// (`reveal: steps`) is one PowerPoint slide whose later items appear on
/// click, one click per page after the first; no other slide has clicks.
#[test]
fn revealed_slides_show_their_items_on_click() {
    let w = Workshop::new();
    let deck = repo().join("decks/customer-service-at-the-movies.yaml");
    build_slides(&w, arg(&deck), "pdf,pptx");
    let notes: serde_json::Value =
        serde_json::from_slice(&w.read("out/customer-service-at-the-movies-slides.pdfpc"))
            .expect("pdfpc JSON");
    // Pages per slide, in order, as the pdfpc file groups them by label.
    let mut pages_per_slide: Vec<(String, usize)> = Vec::new();
    for page in notes["pages"].as_array().expect("pages") {
        let label = page["label"].as_str().expect("label").to_string();
        match pages_per_slide.last_mut() {
            Some((last, count)) if *last == label => *count += 1,
            _ => pages_per_slide.push((label, 1)),
        }
    }
    let package = Package::open(&w.path("out/customer-service-at-the-movies-slides.pptx"));
    let slides = package.slides();
    assert_eq!(slides.len(), pages_per_slide.len());
    let clicks: Vec<usize> = slides
        .iter()
        .map(|slide| {
            String::from_utf8_lossy(&package.parts[slide])
                .matches("nodeType=\"clickEffect\"")
                .count()
        })
        .collect();
    let expected: Vec<usize> = pages_per_slide.iter().map(|(_, pages)| pages - 1).collect();
    assert_eq!(clicks, expected);
    assert!(
        expected.iter().any(|&c| c > 0),
        "the example deck reveals a slide"
    );
}

/// Proves: with `--pptx-clips embed` a scene's clip is cut (as `--clips
/// cut` does) and embedded whole in the deck as a movie in the still's
/// place, the still its poster, a click playing it (PowerPoint's
/// interactive sequence on the shape); LibreOffice reads it as a movie and
/// keeps the clip's bytes. Without it the deck holds no film.
#[test]
fn an_embedded_clip_is_a_movie_of_the_cut_file() {
    let w = Workshop::new()
        .file("deckhand.yaml", "defaults: {}\n")
        .copy_fixture_as("videos/twelve-seconds.mp4", "clips/twelve-seconds.mp4")
        .copy_fixture_as("images/room-plan.png", "stills/still.png")
        .outline(
            "decks/talk.yaml",
            "title: Clips\nsections:\n  - title: One\n    blocks:\n      - scene:\n          film: Twelve Seconds\n          clip: \"0:05-0:09\"\n          still: ../stills/still.png\n          video: ../clips/twelve-seconds.mp4\n",
        );
    let build = |embed: bool| {
        let mut args = vec![
            "build",
            "decks/talk.yaml",
            "-o",
            "out",
            "--format",
            "pdf,pptx",
        ];
        if embed {
            args.extend(["--pptx-clips", "embed"]);
        }
        w.run(&args).assert_success();
    };
    build(false);
    let still_only = Package::open(&w.path("out/talk-slides.pptx"));
    assert!(!still_only.parts.keys().any(|p| p.ends_with(".mp4")));
    build(true);
    let cut = w.read("out/clips/twelve-seconds-0h00m05s-0h00m09s.mp4");
    let package = Package::open(&w.path("out/talk-slides.pptx"));
    assert_whole(&package, "talk-slides.pptx");
    assert_eq!(
        package.parts["ppt/media/media1.mp4"], cut,
        "the cut clip, whole"
    );
    let types = String::from_utf8_lossy(&package.parts["[Content_Types].xml"]).into_owned();
    assert!(
        types.contains(r#"Extension="mp4" ContentType="video/mp4""#),
        "{types}"
    );
    let scene = package
        .slides()
        .into_iter()
        .find(|slide| String::from_utf8_lossy(&package.parts[slide]).contains("a:videoFile"))
        .expect("a slide with the movie");
    let xml = String::from_utf8_lossy(&package.parts[&scene]).into_owned();
    for expected in [
        r#"<a:videoFile r:link="rId90"/>"#,
        r#"r:embed="rId91""#,
        r#"<a:blip r:embed="rId3"/>"#,
        r#"descr="A still from Twelve Seconds""#,
        r#"nodeType="interactiveSeq""#,
        r#"cmd="togglePause""#,
    ] {
        assert!(xml.contains(expected), "{expected} in {xml}");
    }
    // The same files again: `--check` finds the deck current.
    w.run(&[
        "build",
        "decks/talk.yaml",
        "-o",
        "out",
        "--format",
        "pdf,pptx",
        "--pptx-clips",
        "embed",
        "--check",
    ])
    .assert_success();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        w.path("profile").display()
    );
    let output = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "odp", "--outdir"])
        .arg(w.path("office"))
        .arg(w.path("out/talk-slides.pptx"))
        .output()
        .expect("LibreOffice runs (`.ci/run` installs it)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let odp = Package::open(&w.path("office/talk-slides.odp"));
    let content = String::from_utf8_lossy(&odp.parts["content.xml"]).into_owned();
    assert!(
        content.contains("<draw:plugin xlink:href=\"ppt/media/media1.mp4\""),
        "{content}"
    );
    assert_eq!(
        odp.parts["ppt/media/media1.mp4"], cut,
        "LibreOffice kept the clip"
    );
}

/// Proves: the deck's closing slide (the outline's `closing`) is the
/// PowerPoint deck's last slide with its words: the title ("Thank you" by
/// default), the text, the next steps and the contact.
#[test]
fn the_closing_slide_holds_the_outlines_closing_words() {
    let w = Workshop::new().outline(
        "talk.yaml",
        "title: Ends well\nclosing:\n  text: Questions welcome.\n  next_steps: [Try it on ten calls, Tell your lead]\n  contact: sam@example.com\nsections:\n  - title: One\n    blocks:\n      - text: {title: Hello, body: Hi.}\n",
    );
    build_slides(&w, "talk.yaml", "pptx");
    let package = Package::open(&w.path("out/talk-slides.pptx"));
    let last = package.slides().pop().expect("slides");
    assert_eq!(package.title(&last).as_deref(), Some("Thank you"));
    let words: Vec<String> = shape_texts(&package.parts[&last])
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let words = words.join(" | ");
    for expected in [
        "Questions welcome.",
        "Try it on ten calls",
        "Tell your lead",
        "sam@example.com",
    ] {
        assert!(words.contains(expected), "{expected} in {words}");
    }
}

/// Proves: the brand (issue 31) is in the PowerPoint deck as in the PDF:
/// the theme's accent is the brand's, the logo (the SVG drawn to the
/// prepared PNG) is on the title slide in the top right corner, under
/// 64 pt high, and small in the footer of the slides with a footer, at
/// the left of the workshop's title; LibreOffice draws both there.
#[test]
fn the_brands_logo_and_colours_are_in_the_deck() {
    let (w, package, pages) = example_in_the_office("customer-service-at-the-movies");
    let theme = package.text("ppt/theme/theme1.xml");
    assert!(
        theme.contains(r#"<a:accent1><a:srgbClr val="1F5F8B"/></a:accent1>"#),
        "{theme}"
    );
    let slides = package.slides();
    let logo_of = |slide: &str| {
        let xml = package.text(slide);
        let logo = elements(xml.as_bytes(), "p:cNvPr")
            .into_iter()
            .find(|e| e.get("descr").is_some_and(|d| d.ends_with(" logo")));
        logo.map(|e| e["descr"].clone())
    };
    assert_eq!(
        logo_of(&slides[0]).as_deref(),
        Some("Customer Service at the Movies logo")
    );
    assert!(logo_of(&slides[1]).is_some(), "the agenda's footer");
    let media: Vec<&String> = package
        .parts
        .keys()
        .filter(|p| p.starts_with("ppt/media/") && p.ends_with(".png"))
        .collect();
    assert!(!media.is_empty(), "the logo as a PNG part");
    let boxes = picture_boxes(&w.path("office/customer-service-at-the-movies-slides.pdf"));
    // The title slide: the logo in the top right corner, the title under it.
    let title_logo = boxes[0].first().expect("a picture on the title slide");
    assert!(
        (title_logo.x + title_logo.width - 904.0).abs() < 2.0,
        "{title_logo:?}"
    );
    assert!(
        (title_logo.y - 44.0).abs() < 2.0 && title_logo.height <= 64.5,
        "{title_logo:?}"
    );
    let title = pages[0]
        .iter()
        .find(|r| r.text.starts_with("Customer"))
        .expect("the title");
    assert!(title.y > title_logo.y + title_logo.height, "{title:?}");
    // The agenda's footer: the logo at the left, 22 pt high at most, the
    // workshop's title after it.
    let footer_logo = boxes[1].first().expect("a picture in the agenda's footer");
    assert!(
        (footer_logo.x - 56.0).abs() < 2.0 && footer_logo.y > 500.0,
        "{footer_logo:?}"
    );
    assert!(footer_logo.height <= 22.5, "{footer_logo:?}");
    let footer = pages[1]
        .iter()
        .find(|r| r.text.starts_with("Customer"))
        .expect("the footer");
    assert!(footer.x > footer_logo.x + footer_logo.width, "{footer:?}");
}

/// The part of `b` on a 960 × 540 pt page, rounded to whole points.
fn on_page(b: crate::pdf_measure::PictureBox) -> [i64; 4] {
    let (x0, y0) = (b.x.max(0.0), b.y.max(0.0));
    let (x1, y1) = ((b.x + b.width).min(960.0), (b.y + b.height).min(540.0));
    // (Whole points: the boxes are compared to a point.)
    #[allow(clippy::cast_possible_truncation)]
    let round = |v: f64| v.round() as i64;
    [round(x0), round(y0), round(x1 - x0), round(y1 - y0)]
}

/// Proves: a scene's still is placed in the PowerPoint deck as the PDF's
/// slide places it (issue 31), not in a band: a landscape still fills the
/// slide (its words on a dark band over its foot), a portrait one the
/// slide's height at its right edge (`fit: cover`, `focus: top` on the
/// example's director's chair), cropped with `a:srcRect` rather than
/// re-encoded. The boxes LibreOffice draws are the PDF's, to a point; the
/// film's title and setup are at the room's sizes.
#[test]
fn a_scenes_still_is_placed_as_the_pdf_places_it() {
    let w = Workshop::new();
    let outline = repo().join("decks/customer-service-at-the-movies.yaml");
    build_slides(&w, arg(&outline), "pdf,pptx");
    let deck = w.path("out/customer-service-at-the-movies-slides.pptx");
    let office = office_pdf(&w, &deck);
    let pdf = w.path("out/customer-service-at-the-movies-slides.pdf");
    let (office_runs, office_boxes) = (text_runs(&office), picture_boxes(&office));
    let (pdf_runs, pdf_boxes) = (text_runs(&pdf), picture_boxes(&pdf));
    // The first page with `film` as a run and a picture, and its picture's box.
    let still = |runs: &[Vec<TextRun>],
                 boxes: &[Vec<crate::pdf_measure::PictureBox>],
                 film: &str,
                 nth: usize| {
        let page = runs
            .iter()
            .enumerate()
            .filter(|(i, page)| !boxes[*i].is_empty() && page.iter().any(|r| r.text.trim() == film))
            .nth(nth)
            .unwrap_or_else(|| panic!("a page with {film:?} and a picture"))
            .0;
        (page, on_page(boxes[page][0]))
    };
    for (film, nth, expected) in [
        ("Love Actually", 0, Some([0, 0, 960, 540])),
        ("Pretty Woman", 0, Some([0, 0, 960, 540])),
        ("Love Actually", 1, None),
    ] {
        let (office_page, office_box) = still(&office_runs, &office_boxes, film, nth);
        let (_, pdf_box) = still(&pdf_runs, &pdf_boxes, film, nth);
        for (a, b) in office_box.iter().zip(&pdf_box) {
            assert!(
                (a - b).abs() <= 1,
                "{film}: {office_box:?} in the office, {pdf_box:?} in the PDF"
            );
        }
        if let Some(expected) = expected {
            assert_eq!(office_box, expected, "{film}");
        }
        let title = office_runs[office_page]
            .iter()
            .find(|r| r.text.trim() == film)
            .expect("the title");
        assert!(title.size >= 40.0, "{title:?}");
    }
    // The portrait still (the director's chair) at the right edge, whole height.
    let (_, chair) = still(&office_runs, &office_boxes, "Love Actually", 1);
    assert_eq!(
        (chair[0] + chair[2], chair[1], chair[3]),
        (960, 0, 540),
        "{chair:?}"
    );
    let package = Package::open(&deck);
    assert!(
        !package.all_text().contains("Frame "),
        "no band, no letterbox"
    );
}

/// A PNG of `width` × `height` pixels, a gradient (a still's shape is what counts).
fn gradient(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            u8::try_from(x * 255 / width).unwrap_or(255),
            u8::try_from(y * 255 / height).unwrap_or(255),
            128,
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode PNG");
    out
}

/// Proves: `fit` and `focus` frame a still in the PowerPoint deck as in
/// the PDF (issue 31): a 4:3 phone photo fills the 16:9 slide, cut evenly
/// (`a:srcRect` 12.5% off its top and bottom), from its top with `focus:
/// top`, a quarter of the cut from its top with `focus: 50% 25%`; a
/// panorama is shown whole on the frame's colour unless `fit: cover`
/// (then cut from its right with `focus: 0% 50%`), as is the photo with
/// `fit: contain`; a portrait photo fills the slide's height at its right
/// edge. The part of each picture LibreOffice shows is the PDF's, to a point.
#[test]
fn fit_and_focus_frame_a_still_as_in_the_pdf() {
    let mut yaml = String::from("title: Stills\nsections:\n  - title: One\n    blocks:\n");
    let stills = [
        ("wide.png", "", None),
        ("phone.png", "", Some("t=\"12500\" r=\"0\" b=\"12500\"")),
        (
            "phone.png",
            "          focus: top\n",
            Some("t=\"0\" r=\"0\" b=\"25000\""),
        ),
        ("tall.png", "", None),
        ("panorama.png", "", None),
        ("phone.png", "          fit: contain\n", None),
        (
            "panorama.png",
            "          fit: cover\n          focus: 0% 50%\n",
            Some("l=\"0\" t=\"0\" r=\"40741\" b=\"0\""),
        ),
        (
            "phone.png",
            "          focus: 50% 25%\n",
            Some("t=\"6250\" r=\"0\" b=\"18750\""),
        ),
    ];
    for (n, (file, framing, _)) in stills.iter().enumerate() {
        yaml.push_str(&format!(
            "      - scene:\n          film: Film {n}\n          still: images/{file}\n{framing}"
        ));
    }
    let w = Workshop::new()
        .outline("talk.yaml", &yaml)
        .file("images/wide.png", gradient(1600, 900))
        .file("images/phone.png", gradient(1200, 900))
        .file("images/tall.png", gradient(900, 1200))
        .file("images/panorama.png", gradient(1500, 500));
    build_slides(&w, "talk.yaml", "pdf,pptx");
    let package = Package::open(&w.path("out/talk-slides.pptx"));
    let slides = package.slides();
    let office = picture_boxes(&office_pdf(&w, &w.path("out/talk-slides.pptx")));
    let pdf = picture_boxes(&w.path("out/talk-slides.pdf"));
    // The title, the agenda, the divider, then a slide for each scene.
    for (n, (file, framing, crop)) in stills.iter().enumerate() {
        let slide = n + 3;
        let xml = package.text(&slides[slide]);
        match crop {
            Some(crop) => assert!(xml.contains(crop), "{file} {framing}: {crop} in {xml}"),
            None => assert!(!xml.contains("a:srcRect"), "{file} {framing}: {xml}"),
        }
        let (seen, drawn) = (on_page(office[slide][0]), on_page(pdf[slide][0]));
        for (a, b) in seen.iter().zip(&drawn) {
            assert!(
                (a - b).abs() <= 1,
                "{file} {framing}: {seen:?} in the office, {drawn:?} in the PDF"
            );
        }
    }
}
