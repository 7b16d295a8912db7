//! What a PDF's pages show, measured: the size and place of each run of text, and the box each picture is drawn in.

use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

/// A run of text set in one size on one line.
#[derive(Clone, Debug)]
pub struct TextRun {
    pub text: String,
    /// Its size in points, as drawn on the page (rounded to a whole point).
    pub size: f64,
    /// Its box, from the page's top left, in points.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    /// Its colour, `#rrggbb`, and its font's family (`Inter`, `NotoSansMono`).
    pub colour: String,
    pub family: String,
}

/// Every page's runs of text, read by poppler's `pdftohtml -xml` (which
/// names each run's font size); invisible ones, under 1 pt, left out.
pub fn text_runs(path: &Path) -> Vec<Vec<TextRun>> {
    let output = std::process::Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-zoom", "1", "-q"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("`pdftohtml` could not run ({e}): install it with `sudo apt-get install poppler-utils`")
        });
    assert!(
        output.status.success(),
        "pdftohtml failed on {}",
        path.display()
    );
    let xml = String::from_utf8_lossy(&output.stdout);
    let font = regex::Regex::new(
        r#"<fontspec id="(\d+)" size="(-?\d+)" family="(?:[A-Z]{6}\+)?([^"]*)" color="(#[0-9a-f]{6})""#,
    )
    .expect("a pattern");
    let fonts: std::collections::HashMap<String, (f64, String, String)> = font
        .captures_iter(&xml)
        .map(|c| {
            let size = c[2].parse().unwrap_or(0.0);
            (c[1].to_string(), (size, c[3].to_string(), c[4].to_string()))
        })
        .collect();
    let text = regex::Regex::new(
        r#"<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="\d+" font="(\d+)">(.*?)</text>"#,
    )
    .expect("a pattern");
    let tag = regex::Regex::new("<[^>]+>").expect("a pattern");
    xml.split("<page number=")
        .skip(1)
        .map(|page| {
            text.captures_iter(page)
                .map(|c| {
                    let (size, family, colour) = fonts.get(&c[4]).cloned().unwrap_or_default();
                    TextRun {
                        text: unescape(&tag.replace_all(&c[5], "")),
                        size,
                        x: c[2].parse().unwrap_or(0.0),
                        y: c[1].parse().unwrap_or(0.0),
                        width: c[3].parse().unwrap_or(0.0),
                        colour,
                        family,
                    }
                })
                .filter(|r| r.size >= 1.0)
                .collect()
        })
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A picture's box on its page, from the page's top left, in points: it
/// may reach past the page, or past the frame that clips it (a cropped still).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PictureBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Every page's pictures, in the order they are drawn.
pub fn picture_boxes(path: &Path) -> Vec<Vec<PictureBox>> {
    let document = Document::load(path).expect("the PDF parses");
    document
        .get_pages()
        .values()
        .map(|&page| {
            let height = page_height(&document, page);
            let content = document.get_page_content(page).expect("a page's content");
            let resources = resources_of(&document, document.get_object(page).ok());
            let mut boxes = Vec::new();
            draw(
                &document,
                &content,
                resources,
                [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                &mut boxes,
            );
            boxes
                .into_iter()
                .map(|m| {
                    let (x0, x1) = (m[4].min(m[4] + m[0]), m[4].max(m[4] + m[0]));
                    let (y0, y1) = (m[5].min(m[5] + m[3]), m[5].max(m[5] + m[3]));
                    PictureBox {
                        x: x0,
                        y: height - y1,
                        width: x1 - x0,
                        height: y1 - y0,
                    }
                })
                .collect()
        })
        .collect()
}

type Matrix = [f64; 6];

fn multiply(a: Matrix, b: Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn number(object: &Object) -> f64 {
    match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

fn page_height(document: &Document, page: ObjectId) -> f64 {
    let dictionary = document.get_dictionary(page).expect("a page");
    let media = dictionary
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .expect("a media box");
    number(&media[3]) - number(&media[1])
}

fn resources_of<'a>(
    document: &'a Document,
    owner: Option<&'a Object>,
) -> Option<&'a lopdf::Dictionary> {
    let dictionary = match owner? {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return None,
    };
    let resources = dictionary.get(b"Resources").ok()?;
    match resources {
        Object::Reference(id) => document.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// Follows the drawing operators of `content`, recording the matrix of each image drawn.
fn draw(
    document: &Document,
    content: &[u8],
    resources: Option<&lopdf::Dictionary>,
    start: Matrix,
    boxes: &mut Vec<Matrix>,
) {
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let mut stack = Vec::new();
    let mut ctm = start;
    for operation in &content.operations {
        match operation.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(start),
            "cm" if operation.operands.len() == 6 => {
                let o: Vec<f64> = operation.operands.iter().map(number).collect();
                ctm = multiply([o[0], o[1], o[2], o[3], o[4], o[5]], ctm);
            }
            "Do" => {
                let Some(name) = operation.operands.first().and_then(|o| o.as_name().ok()) else {
                    continue;
                };
                let Some(object) = resources
                    .and_then(|r| r.get(b"XObject").ok())
                    .and_then(|x| match x {
                        Object::Reference(id) => document.get_dictionary(*id).ok(),
                        Object::Dictionary(d) => Some(d),
                        _ => None,
                    })
                    .and_then(|x| x.get(name).ok())
                    .and_then(|o| o.as_reference().ok())
                    .and_then(|id| document.get_object(id).ok())
                else {
                    continue;
                };
                let Ok(stream) = object.as_stream() else {
                    continue;
                };
                let subtype = stream
                    .dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .unwrap_or(b"");
                if subtype == b"Image" {
                    boxes.push(ctm);
                } else if subtype == b"Form" {
                    let matrix = stream
                        .dict
                        .get(b"Matrix")
                        .and_then(Object::as_array)
                        .map(|m| m.iter().map(number).collect::<Vec<_>>())
                        .ok()
                        .filter(|m| m.len() == 6)
                        .map_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], |m| {
                            [m[0], m[1], m[2], m[3], m[4], m[5]]
                        });
                    let inner = resources_of(document, Some(object)).or(resources);
                    let bytes = stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone());
                    draw(document, &bytes, inner, multiply(matrix, ctm), boxes);
                }
            }
            _ => {}
        }
    }
}
