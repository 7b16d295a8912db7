//! The slides as a folder that presents in a browser from the disk: `<name>-present/` with the audience page, the presenter page, the deck's data and its stills.
//!
//! The pages are Typst's own SVG of the slides' layout, so they look as the
//! PDF does. Everything a browser needs is in the folder (the pages, scripts
//! and style embedded in deckhand, from `presenter/`), and the data is loaded
//! as scripts (`window.DECK = …`), because a page opened from `file://` may
//! not `fetch` a file. Text reaches the pages only as JSON that the scripts
//! put into the page as text: nothing from an outline is spliced into HTML.
//! The audience's files (`deck.js`) hold nothing of the facilitator's; the
//! notes, hints and run of show are in `notes.js`, which only
//! `presenter.html` loads.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Export, ExportError, File, Made, Needs, pdfpc};
use crate::outline::{Run, Timecode};
use crate::plan::{BlockData, CLIP_LINK_SCHEME, Content, DocumentKind, SlideId, VideoData};
use crate::render::PlayArea;

pub struct Html;

/// The folder's name after the outline's: `talk-present/`.
const FOLDER: &str = "present";

/// The files every folder holds as they are, embedded in deckhand.
const STATIC: &[(&str, &str)] = &[
    ("index.html", include_str!("presenter/index.html")),
    ("presenter.html", include_str!("presenter/presenter.html")),
    ("present.css", include_str!("presenter/present.css")),
    ("audience.js", include_str!("presenter/audience.js")),
    ("presenter.js", include_str!("presenter/presenter.js")),
];

/// The data files: the audience's, and the facilitator's.
const DECK: &str = "deck.js";
const NOTES: &str = "notes.js";

impl Export for Html {
    fn format(&self) -> &'static str {
        "html"
    }

    fn needs(&self) -> Needs {
        Needs {
            svg: true,
            ..Needs::default()
        }
    }

    fn files(&self, made: &Made<'_>) -> Result<Vec<File>, ExportError> {
        if made.rendered.target != DocumentKind::Slides {
            return Ok(Vec::new());
        }
        let error = |message: String| ExportError {
            format: self.format(),
            document: made.rendered.target.name(),
            message,
        };
        let (deck, stills) = deck(made);
        let notes = notes(made);
        let mut files: Vec<File> = STATIC
            .iter()
            .map(|(name, text)| (path(made, name), text.as_bytes().to_vec()))
            .collect();
        files.push((
            path(made, DECK),
            script("DECK", &deck).map_err(|e| error(e.to_string()))?,
        ));
        files.push((
            path(made, NOTES),
            script("NOTES", &notes).map_err(|e| error(e.to_string()))?,
        ));
        files.extend(
            stills
                .into_iter()
                .map(|(name, bytes)| (path(made, &format!("stills/{name}")), bytes)),
        );
        Ok(files)
    }

    fn file_names(&self, kind: DocumentKind) -> Vec<String> {
        match kind {
            DocumentKind::Slides => STATIC
                .iter()
                .map(|(name, _)| *name)
                .chain([DECK, NOTES])
                .map(|name| format!("{FOLDER}/{name}"))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn leftover(
        &self,
        names: &crate::output::Names,
        kind: DocumentKind,
        made: &[PathBuf],
    ) -> Vec<PathBuf> {
        if kind != DocumentKind::Slides {
            return Vec::new();
        }
        crate::output::leftover_in(&names.file(&format!("{FOLDER}/stills")), made)
    }
}

/// `out/<name>-present/<name>`.
fn path(made: &Made<'_>, name: &str) -> PathBuf {
    made.names.file(&format!("{FOLDER}/{name}"))
}

/// `value` as a script that sets `window.<name>`: JSON is JavaScript.
fn script(name: &str, value: &impl Serialize) -> serde_json::Result<Vec<u8>> {
    let mut bytes = format!("window.{name} = ").into_bytes();
    serde_json::to_writer(&mut bytes, value)?;
    bytes.extend_from_slice(b";\n");
    Ok(bytes)
}

/// What the audience page shows: the pages, the clips. Nothing of the
/// facilitator's data goes here.
#[derive(Debug, Serialize)]
pub struct Deck {
    lang: &'static str,
    title: String,
    /// The pages' size in points.
    width: f64,
    height: f64,
    pages: Vec<Page>,
    /// The glyphs every page draws its text with (`<symbol>` elements), once
    /// for the whole deck: the pages refer to them by id.
    glyphs: String,
    /// How many slides the pages show (a slide's reveal steps are pages of one slide).
    slides: usize,
    clips: Vec<Clip>,
}

#[derive(Debug, Serialize)]
struct Page {
    /// The page's SVG, its pictures in `stills/`.
    svg: String,
    /// The slide it shows, from 0.
    slide: usize,
    /// Its reveal step among its slide's, from 1, and how many there are
    /// (1 and 1 for a slide without steps).
    step: usize,
    steps: usize,
}

/// A scene's play area and what it plays.
#[derive(Debug, Serialize)]
struct Clip {
    page: usize,
    /// The area, as fractions of the page's width and height.
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    /// The film, relative to the folder (a URL).
    src: String,
    /// The film as the slides' notes name it.
    file: String,
    /// Where the clip starts and ends in the file, in seconds; no end: the file's.
    start: u32,
    end: Option<u32>,
    /// The play area's name for screen readers, as the PDF's link has it.
    label: String,
}

/// The audience's data, and the stills its pages show (file name, bytes).
fn deck(made: &Made<'_>) -> (Deck, BTreeMap<String, Vec<u8>>) {
    let rendered = made.rendered;
    let mut stills = BTreeMap::new();
    let groups = slide_groups(
        &rendered.page_slides,
        &rendered.page_steps,
        rendered.svgs.len(),
    );
    let mut glyphs = Glyphs::default();
    let pages = rendered
        .svgs
        .iter()
        .zip(&groups)
        .map(|(svg, &(slide, step, steps))| Page {
            svg: single_quoted(&stills_apart(&glyphs.take_from(svg), &mut stills)),
            slide,
            step,
            steps,
        })
        .collect();
    let glyphs = single_quoted(&stills_apart(&glyphs.text, &mut stills));
    let (width, height) = rendered.page_size;
    let scenes = scenes(made.facilitator);
    let clips = rendered
        .play_areas
        .iter()
        .filter_map(|area| {
            let (video, seconds) = scenes.iter().find(|(v, _)| v.link == area.marker)?;
            Some(clip(area, video, *seconds, (width, height)))
        })
        .collect();
    let deck = Deck {
        lang: made.facilitator.lang,
        title: made.facilitator.workshop.title_plain.clone(),
        width,
        height,
        pages,
        glyphs,
        slides: groups.last().map_or(0, |g| g.0 + 1),
        clips,
    };
    (deck, stills)
}

/// Each page's slide (from 0), its reveal step (from 1) and how many steps
/// its slide has (1 and 1 for a slide without steps). Pages in a row that
/// show one slide (its reveal steps, or a slide that ran over) count as one
/// slide; the step is the one the page's marker names, so that the pages of
/// a step that ran over are that one step.
fn slide_groups(
    page_slides: &[Option<SlideId>],
    page_steps: &[Option<u32>],
    pages: usize,
) -> Vec<(usize, usize, usize)> {
    let step = |page: usize| {
        page_steps
            .get(page)
            .copied()
            .flatten()
            .map_or(1, |s| s as usize)
    };
    let mut groups = Vec::with_capacity(pages);
    let mut first = 0;
    let mut slide = 0;
    while first < pages {
        let id = page_slides.get(first).copied().flatten();
        let run = (first + 1..pages)
            .take_while(|&p| id.is_some() && page_slides.get(p).copied().flatten() == id)
            .count()
            + 1;
        let steps = (first..first + run).map(step).max().unwrap_or(1);
        groups.extend((first..first + run).map(|p| (slide, step(p), steps)));
        first += run;
        slide += 1;
    }
    groups
}

/// Every scene's film and its clip's length in seconds, by the play area's link.
fn scenes(facilitator: &crate::plan::Document) -> Vec<(&VideoData, Option<(u32, u32)>)> {
    facilitator
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match &b.content {
            Content::Scene(scene) => {
                let video = scene.video.as_deref()?;
                let clip = scene.clip.as_ref().and_then(|c| {
                    let start = Timecode::from_str(&c.start).ok()?.0;
                    Some((start, c.seconds))
                });
                Some((video, clip))
            }
            _ => None,
        })
        .collect()
}

/// A play area's clip: a film plays from the clip's start to its end, a cut
/// clip (whose Launch link is its path alone) or a film without a clip from 0.
fn clip(area: &PlayArea, video: &VideoData, clip: Option<(u32, u32)>, page: (f64, f64)) -> Clip {
    let whole = video.launch == video.path;
    let (start, end) = match clip {
        Some((start, seconds)) if !whole => (start, Some(start + seconds)),
        Some((_, seconds)) => (0, Some(seconds)),
        None => (0, None),
    };
    Clip {
        page: area.page,
        x: area.x / page.0,
        y: area.y / page.1,
        width: area.width / page.0,
        height: area.height / page.1,
        src: film_url(&video.path),
        file: video.path.clone(),
        start,
        end,
        label: video.alt.clone(),
    }
}

/// The film's URL from the folder, one level below the slides PDF that its
/// path is relative to (or below the `--clips-relative-to` folder's copy of
/// the slides): `../` before a relative path, `file:///` before an absolute
/// one; characters a URL reserves are escaped.
fn film_url(path: &str) -> String {
    let bytes = path.as_bytes();
    let absolute = path.starts_with('/')
        || (bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':');
    let mut url = String::from(if absolute { "file://" } else { "../" });
    if absolute && !path.starts_with('/') {
        url.push('/');
    }
    let path = path.strip_prefix("./").unwrap_or(path);
    for (index, byte) in path.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (absolute && index == 1 && byte == b':');
        if keep {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The glyphs of the pages, each once, with short names.
#[derive(Default)]
struct Glyphs {
    /// typst-svg's name of each glyph (a hash of what it draws, so one name
    /// is one drawing on every page), and the deck's shorter one.
    names: std::collections::HashMap<String, String>,
    /// The glyphs whose `<symbol>` is in `text`.
    added: std::collections::HashSet<String>,
    /// Their `<symbol>` elements, in the order first met.
    text: String,
}

impl Glyphs {
    /// `svg` without its glyphs' `<symbol>` elements, which join the deck's,
    /// its glyphs named shortly and its numbers written shortly
    /// ([`compact`]): the glyphs are most of a page's bytes.
    fn take_from(&mut self, svg: &str) -> String {
        const OPENING: &str = "<symbol id=\"";
        const CLOSING: &str = "</symbol>";
        let svg = compact(svg);
        let mut out = String::with_capacity(svg.len());
        let mut rest = svg.as_str();
        while let Some(at) = rest.find(OPENING) {
            let Some(length) = rest[at..].find(CLOSING) else {
                break;
            };
            let symbol = &rest[at..at + length + CLOSING.len()];
            let id_end = symbol[OPENING.len()..].find('"').unwrap_or(0);
            let id = &symbol[OPENING.len()..OPENING.len() + id_end];
            if self.added.insert(id.to_string()) {
                let short = self.rename(symbol);
                self.text.push_str(&short);
            }
            out.push_str(&rest[..at]);
            rest = &rest[at + symbol.len()..];
        }
        out.push_str(rest);
        self.rename(&out)
    }

    /// `text` with each glyph name (`#g…` and `id="g…"`, 16 or more
    /// hexadecimal digits) replaced by the deck's short one.
    fn rename(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('g') {
            let before = &rest[..at];
            let marked = before.ends_with('#') || before.ends_with("id=\"");
            let digits = rest[at + 1..]
                .bytes()
                .take_while(u8::is_ascii_hexdigit)
                .count();
            out.push_str(before);
            if marked && digits >= 16 {
                let long = &rest[at..at + 1 + digits];
                let next = self.names.len();
                let short = self
                    .names
                    .entry(long.to_string())
                    .or_insert_with(|| format!("g{next:x}"));
                out.push_str(short);
                rest = &rest[at + 1 + digits..];
            } else {
                out.push('g');
                rest = &rest[at + 1..];
            }
        }
        out.push_str(rest);
        out
    }
}

/// `svg` written shorter, drawing the same: numbers to a hundredth of a
/// point (Typst writes nine decimals; a hundredth of a point is a twentieth
/// of a pixel on a 4K screen), and attributes that say their default left out.
fn compact(svg: &str) -> String {
    let svg = without_clip_links(svg)
        .replace(" fill-rule=\"nonzero\"", "")
        .replace(" x=\"0\"", "")
        .replace(" y=\"0\"", "");
    let bytes = svg.as_bytes();
    let mut out = String::with_capacity(svg.len());
    let mut copied = 0;
    let mut at = 0;
    // The place of the next number in a `matrix(…)`: its first four scale
    // the text drawn at one size to its own, and keep six decimals.
    let mut in_matrix: Option<usize> = None;
    while at < bytes.len() {
        let starts =
            bytes[at].is_ascii_digit() && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric());
        if !starts {
            if bytes[at..].starts_with(b"matrix(") {
                in_matrix = Some(0);
            } else if bytes[at] == b')' {
                in_matrix = None;
            }
            at += 1;
            continue;
        }
        let places = match in_matrix {
            Some(place) => {
                in_matrix = Some(place + 1);
                if place < 4 { 6 } else { 2 }
            }
            None => 2,
        };
        let whole = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let dot = at + whole;
        let decimals = if bytes.get(dot) == Some(&b'.') {
            bytes[dot + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        } else {
            0
        };
        let end = dot + 1 + decimals;
        // An exponent (`1.5e-7`) is left as it is.
        let exponent = matches!(bytes.get(end), Some(b'e' | b'E'))
            && bytes
                .get(end + 1)
                .is_some_and(|b| b.is_ascii_digit() || *b == b'-' || *b == b'+');
        if decimals > places
            && !exponent
            && let Ok(value) = svg[at..end].parse::<f64>()
        {
            out.push_str(&svg[copied..at]);
            let rounded = format!("{value:.places$}");
            let rounded = rounded.trim_end_matches('0').trim_end_matches('.');
            out.push_str(rounded);
            copied = end;
        }
        at = end.max(at + 1);
    }
    out.push_str(&svg[copied..]);
    fills_on_runs(&tight_paths(&out))
}

/// `svg` with the colour of each run of text (a group of glyphs, `<use>`
/// elements each with the same `fill`) said once on its group, which they
/// inherit it from, and the glyphs and pictures referred to by `href`
/// (SVG 2, in every current browser) rather than `xlink:href`.
fn fills_on_runs(svg: &str) -> String {
    let svg = svg
        .replace("<use xlink:href=", "<use href=")
        .replace("<image xlink:href=", "<image href=");
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(at) = rest.find("<g ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(tag_end) = rest.find('>') else {
            break;
        };
        let tag = &rest[..tag_end];
        let mut uses = Vec::new();
        let mut after = &rest[tag_end + 1..];
        while after.starts_with("<use ") {
            let Some(length) = after.find("/>") else {
                break;
            };
            uses.push(&after[..length]);
            after = &after[length + 2..];
        }
        let fill = |element: &str| {
            let start = element.find(" fill=\"")?;
            let end = element[start + 7..].find('"')? + start + 8;
            Some(element[start..end].to_string())
        };
        let first = uses.first().and_then(|u| fill(u));
        let shared = after.starts_with("</g>")
            && !tag.ends_with('/')
            && !tag.contains(" fill=")
            && first.is_some()
            && uses.iter().all(|u| fill(u) == first);
        match first.filter(|_| shared) {
            Some(fill) => {
                out.push_str(tag);
                out.push_str(&fill);
                out.push('>');
                for element in &uses {
                    out.push_str(&element.replacen(&fill, "", 1));
                    out.push_str("/>");
                }
                rest = after;
            }
            None => {
                out.push_str(&rest[..tag_end + 1]);
                rest = &rest[tag_end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `svg` with its attributes in single quotes (a `'` in a value written
/// `&apos;`): in the JSON of `deck.js` a double quote costs a backslash.
fn single_quoted(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find("=\"") {
        let start = at + 2;
        let Some(length) = rest[start..].find('"') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str("='");
        out.push_str(&rest[start..start + length].replace('\'', "&apos;"));
        out.push('\'');
        rest = &rest[start + length + 1..];
    }
    out.push_str(rest);
    out
}

/// `svg` without the play areas' links (`deckhand-clip:b3`, which the
/// PDF's Launch actions replace): the page's button plays the clip, and a
/// link would take the keyboard's focus to nowhere.
fn without_clip_links(svg: &str) -> String {
    let mut out = svg.to_string();
    for attribute in [" xlink:href=\"", " href=\""] {
        let opening = format!("{attribute}{CLIP_LINK_SCHEME}");
        while let Some(at) = out.find(&opening) {
            let end = out[at + attribute.len()..]
                .find('"')
                .map_or(out.len(), |length| at + attribute.len() + length + 1);
            out.replace_range(at..end, "");
        }
    }
    out
}

/// The path data (`d="…"`) without the spaces its grammar does not need:
/// after a command letter, before a minus sign or a letter, at the end.
fn tight_paths(svg: &str) -> String {
    const OPENING: &str = " d=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(OPENING) {
        let start = at + OPENING.len();
        let Some(length) = rest[start..].find('"') else {
            break;
        };
        out.push_str(&rest[..start]);
        let data = &rest.as_bytes()[start..start + length];
        for (index, &byte) in data.iter().enumerate() {
            let needless = byte == b' '
                && (index == 0
                    || data[index - 1].is_ascii_alphabetic()
                    || data
                        .get(index + 1)
                        .is_none_or(|next| *next == b'-' || next.is_ascii_alphabetic()));
            if !needless {
                out.push(char::from(byte));
            }
        }
        rest = &rest[start + length..];
    }
    out.push_str(rest);
    out
}

/// `svg` with each picture Typst wrote into it (`data:image/…;base64,…`)
/// taken out into `stills`, named by a hash of its bytes so that a still
/// shown on many pages is one file, and referred to by that file.
fn stills_apart(svg: &str, stills: &mut BTreeMap<String, Vec<u8>>) -> String {
    const OPENING: &str = "href=\"data:image/";
    let mut out = String::with_capacity(svg.len().min(1 << 20));
    let mut rest = svg;
    while let Some(at) = rest.find(OPENING) {
        let value_start = at + "href=\"".len();
        let Some(length) = rest[value_start..].find('"') else {
            break;
        };
        let url = &rest[value_start..value_start + length];
        out.push_str(&rest[..value_start]);
        match still_file(url) {
            Some((name, bytes)) => {
                out.push_str("stills/");
                out.push_str(&name);
                stills.entry(name).or_insert(bytes);
            }
            None => out.push_str(url),
        }
        rest = &rest[value_start + length..];
    }
    out.push_str(rest);
    out
}

/// A data URL's file: its name (hash and extension) and bytes.
fn still_file(url: &str) -> Option<(String, Vec<u8>)> {
    let (head, data) = url.strip_prefix("data:image/")?.split_once(";base64,")?;
    let extension = match head {
        "jpeg" => "jpg",
        "png" => "png",
        "gif" => "gif",
        "webp" => "webp",
        "svg+xml" => "svg",
        _ => return None,
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .ok()?;
    let hash = Sha256::digest(&bytes);
    let name: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    Some((format!("{name}.{extension}"), bytes))
}

/// What only the presenter page shows: each page's notes and the run of show.
#[derive(Debug, Serialize)]
pub struct Notes {
    /// The workshop's planned start, minutes after midnight; none when the outline has no start.
    start: Option<u32>,
    /// Its planned length in minutes.
    minutes: u32,
    /// The blocks, in order.
    blocks: Vec<Block>,
    /// For each page: its notes (a scene's clip, the hints of the questions it
    /// shows, the speaker notes), and its block's place in `blocks`.
    pages: Vec<PageNotes>,
    /// The films the build did not find, as the notes name them.
    missing: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Block {
    title: String,
    kind: &'static str,
    /// Minutes from the workshop's start.
    from: u32,
    to: u32,
    /// Its planned clock time: `14:20`.
    clock: Option<String>,
    /// An activity, role-play or break: the presenter counts its minutes down.
    timed: bool,
}

#[derive(Debug, Serialize)]
struct PageNotes {
    notes: Option<String>,
    block: Option<usize>,
}

/// The facilitator's data for the presenter page.
fn notes(made: &Made<'_>) -> Notes {
    let facilitator = made.facilitator;
    let data: Vec<&BlockData> = facilitator
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .collect();
    let blocks: Vec<Block> = made
        .plan
        .blocks
        .iter()
        .zip(&data)
        .map(|(planned, data)| Block {
            title: data
                .headline
                .as_deref()
                .map(plain)
                .unwrap_or_else(|| data.kind.to_string()),
            kind: data.kind,
            from: planned.start,
            to: planned.end,
            clock: made.plan.clock(planned.start).map(|t| t.to_string()),
            timed: matches!(data.kind, "activity" | "roleplay" | "break"),
        })
        .collect();
    let pages = made
        .rendered
        .page_slides
        .iter()
        .map(|slide| {
            let planned = slide.and_then(|id| made.slides.iter().find(|s| s.id == id));
            let block = planned
                .and_then(|p| p.block)
                .and_then(|id| made.plan.blocks.iter().position(|b| b.id == id));
            let notes = planned
                .zip(block)
                .and_then(|(planned, block)| pdfpc::note(facilitator, data.get(block)?, planned));
            PageNotes { notes, block }
        })
        .collect();
    let missing = scenes(facilitator)
        .iter()
        .filter(|(video, _)| !video.found)
        .map(|(video, _)| video.path.clone())
        .collect();
    Notes {
        start: made.plan.start.map(|t| t.0),
        minutes: made.plan.minutes,
        blocks,
        pages,
        missing,
    }
}

/// Styled text as plain text.
fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: a film's path becomes a URL from the folder below the slides':
    /// relative paths one level up, absolute ones as `file:` URLs, and the
    /// characters a URL reserves escaped.
    #[test]
    fn films_are_linked_from_the_folder() {
        assert_eq!(film_url("../clips/a b#1.mp4"), "../../clips/a%20b%231.mp4");
        assert_eq!(film_url("clips/cut.mp4"), "../clips/cut.mp4");
        assert_eq!(film_url("/films/x.mp4"), "file:///films/x.mp4");
        assert_eq!(film_url("C:/films/x.mp4"), "file:///C:/films/x.mp4");
        assert_eq!(film_url("./c:d.mp4"), "../c%3Ad.mp4");
    }

    /// Proves: a picture drawn on two pages is one file, and each page
    /// refers to it by that file.
    #[test]
    fn a_still_on_two_pages_is_one_file() {
        let data = base64::engine::general_purpose::STANDARD.encode(b"picture");
        let svg = format!("<image xlink:href=\"data:image/jpeg;base64,{data}\" width=\"1\"/>");
        let mut stills = BTreeMap::new();
        let first = stills_apart(&svg, &mut stills);
        let second = stills_apart(&svg, &mut stills);
        assert_eq!(first, second);
        assert_eq!(stills.len(), 1);
        let name = stills.keys().next().expect("one still");
        assert_eq!(
            first,
            format!("<image xlink:href=\"stills/{name}\" width=\"1\"/>")
        );
        assert_eq!(stills[name], b"picture");
    }

    /// Proves: attributes are written in single quotes, a `'` in one escaped.
    #[test]
    fn attributes_are_single_quoted() {
        assert_eq!(
            single_quoted("<a href=\"it's\" x=\"1\"/>"),
            "<a href='it&apos;s' x='1'/>"
        );
    }

    /// Proves: a run of glyphs in one colour says it once, on its group, and
    /// refers to its glyphs by `href`; a run with glyphs of two colours keeps
    /// each glyph's.
    #[test]
    fn a_runs_colour_is_said_once() {
        let one = "<g transform=\"matrix(0.24 0 0 -0.24 0 17.45)\"><use xlink:href=\"#g1\" fill=\"#111\"/><use xlink:href=\"#g2\" x=\"9\" fill=\"#111\"/></g>";
        assert_eq!(
            fills_on_runs(one),
            "<g transform=\"matrix(0.24 0 0 -0.24 0 17.45)\" fill=\"#111\"><use href=\"#g1\"/><use href=\"#g2\" x=\"9\"/></g>"
        );
        let two =
            "<g><use xlink:href=\"#g1\" fill=\"#111\"/><use xlink:href=\"#g2\" fill=\"#222\"/></g>";
        assert_eq!(
            fills_on_runs(two),
            "<g><use href=\"#g1\" fill=\"#111\"/><use href=\"#g2\" fill=\"#222\"/></g>"
        );
    }

    /// Proves: numbers keep two decimals, but a matrix's scale (text drawn
    /// at 100 pt and scaled to its size) keeps six, so a long line of small
    /// text ends where the PDF's does.
    #[test]
    fn a_matrix_keeps_its_scale_exact() {
        assert_eq!(
            compact(
                "<g transform=\"matrix(0.1745 0 0 -0.1745 12.3456 7.891)\"><path d=\"M 1.23456 2\"/></g>"
            ),
            "<g transform=\"matrix(0.1745 0 0 -0.1745 12.35 7.89)\"><path d=\"M1.23 2\"/></g>"
        );
    }

    /// Proves: pages in a row of one slide count as one slide; its steps
    /// are the steps its pages' markers name (a step that ran over onto a
    /// second page is still that step), and a slide without steps is step 1 of 1.
    #[test]
    fn a_slides_steps_are_one_slide() {
        let a = SlideId::Title;
        let b = SlideId::Agenda;
        let groups = slide_groups(
            &[
                Some(a),
                Some(b),
                Some(b),
                Some(b),
                Some(a),
                Some(a),
                None,
                None,
            ],
            &[
                None,
                Some(1),
                Some(2),
                Some(3),
                Some(1),
                Some(1),
                None,
                None,
            ],
            8,
        );
        assert_eq!(
            groups,
            [
                (0, 1, 1),
                (1, 1, 3),
                (1, 2, 3),
                (1, 3, 3),
                (2, 1, 1),
                (2, 1, 1),
                (3, 1, 1),
                (4, 1, 1)
            ]
        );
    }
}
