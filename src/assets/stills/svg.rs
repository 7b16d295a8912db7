//! A logo drawn as SVG: parsed without reaching any file or system font, and drawn into a PNG of deckhand's size.
//!
//! The PNG then goes the way of every other picture (`prepare`), so each
//! document and format shows it as it shows a still. An SVG can come from
//! a stranger's pull request, so it is read through the door within
//! [`Kind::Drawing`]'s bound, its pictures (`<image href=…>`, a file or
//! embedded) are left out, its text is set in the bundled fonts, and the
//! size of its drawing is deckhand's, never its own `width` and `height`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use image::metadata::Orientation;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, ImageHrefResolver, fontdb, roxmltree};

use super::header::{Format, Header};
use super::{Named, Refusal, Shape, prepare, svg_cost};
use crate::assets::bundled_fonts;

/// The drawing's pixels: about a million, whatever its shape.
const AREA: f64 = 1024.0 * 1024.0;
/// Its longest side, for a very long or very tall drawing.
const LONGEST_SIDE: f64 = 1600.0;
/// An SVG of more XML nodes is refused before it is turned into a drawing.
const MAX_NODES: u32 = 100_000;

/// Whether the outline names an SVG (by its file name's extension).
pub fn is_svg(written: &str) -> bool {
    std::path::Path::new(written)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// A drawing checked: the size it is drawn at, and whether it holds
/// pictures that are left out.
pub struct Checked {
    pub header: Header,
    pub left_out_pictures: bool,
}

/// Parses the SVG, as `check` and `build` both do: a broken one is refused.
pub fn check(bytes: &[u8], name: &Named) -> Result<Checked, Refusal> {
    let (tree, left_out_pictures) = parse(bytes, name)?;
    Ok(Checked {
        header: header(&tree),
        left_out_pictures,
    })
}

/// Draws the SVG into a PNG of deckhand's size, then prepares that as any picture.
pub fn prepare(bytes: &[u8], grayscale_card: bool, name: &Named) -> Result<Shape, Refusal> {
    let (tree, _) = parse(bytes, name)?;
    let header = header(&tree);
    let mut pixmap = Pixmap::new(header.width, header.height)
        .ok_or_else(|| name.damaged("it has no size deckhand can draw"))?;
    let size = tree.size();
    let scale = Transform::from_scale(
        header.width as f32 / size.width(),
        header.height as f32 / size.height(),
    );
    resvg::render(&tree, scale, &mut pixmap.as_mut());
    let png = pixmap
        .encode_png()
        .map_err(|e| name.damaged(&e.to_string()))?;
    prepare::prepare(&png, &header, grayscale_card, name)
}

/// The parsed drawing, and whether any of its pictures were left out.
fn parse(bytes: &[u8], name: &Named) -> Result<(usvg::Tree, bool), Refusal> {
    let broken = |detail: String| name.not_an_svg(&detail);
    // Not `usvg::Tree::from_data`: it would unpack a gzipped SVG without bound.
    let text = std::str::from_utf8(bytes)
        .map_err(|_| broken("it is not text in UTF-8; a compressed `.svgz` is not read".into()))?;
    let xml = roxmltree::ParsingOptions {
        // A DOCTYPE is common in exported SVGs; roxmltree bounds its entities.
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        // No resolver: an external entity is never fetched.
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, xml).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => broken(format!("more than {MAX_NODES} parts")),
        other => broken(xml_problem(&other)),
    })?;
    svg_cost::check_source(&document).map_err(|why| name.too_costly(&why))?;
    let pictures = AtomicBool::new(false);
    let options = usvg::Options {
        // No folder to resolve a relative `href` against, and no resolver that reads one.
        resources_dir: None,
        image_href_resolver: ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| {
                pictures.store(true, Ordering::Relaxed);
                None
            }),
            resolve_string: Box::new(|_, _| {
                pictures.store(true, Ordering::Relaxed);
                None
            }),
        },
        font_family: "Inter".into(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_xmltree(&document, &options).map_err(|e| match e {
        usvg::Error::ParsingFailed(e) => broken(xml_problem(&e)),
        usvg::Error::InvalidSize => {
            broken("it gives no size: neither `width` and `height` nor a `viewBox`".into())
        }
        usvg::Error::ElementsLimitReached => broken("it draws too many shapes".into()),
        other => broken(other.to_string()),
    })?;
    drop(options);
    svg_cost::check_drawing(&tree).map_err(|why| name.too_costly(&why))?;
    Ok((tree, pictures.into_inner()))
}

/// Where in the SVG the XML breaks, and how: `line 5, column 1: expected …`.
fn xml_problem(error: &roxmltree::Error) -> String {
    let at = error.pos();
    let said = error.to_string();
    let how = said.strip_suffix(&format!(" at {at}")).unwrap_or(&said);
    format!("line {}, column {}: {how}", at.row, at.col)
}

/// The bundled fonts, for the drawing's text: never the system's.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = fontdb::Database::new();
            for bytes in bundled_fonts() {
                database.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
            }
            database.set_sans_serif_family("Inter");
            database.set_serif_family("Inter");
            database.set_monospace_family("Noto Sans Mono");
            Arc::new(database)
        })
        .clone()
}

/// The PNG the drawing becomes: its own shape, about [`AREA`] pixels, at
/// most [`LONGEST_SIDE`] long; its own `width` and `height` give only the shape.
fn header(tree: &usvg::Tree) -> Header {
    let size = tree.size();
    let aspect = f64::from(size.width()) / f64::from(size.height());
    let (mut width, mut height) = ((AREA * aspect).sqrt(), (AREA / aspect).sqrt());
    let long = width.max(height);
    if long > LONGEST_SIDE {
        width *= LONGEST_SIDE / long;
        height *= LONGEST_SIDE / long;
    }
    // Both within 1..=1600 (a NaN becomes 0, then 1).
    let side = |v: f64| (v.round() as u32).clamp(1, LONGEST_SIDE as u32);
    let (width, height) = (side(width), side(height));
    Header {
        format: Format::Png,
        width,
        height,
        orientation: Orientation::NoTransforms,
        decoded_bytes: u64::from(width) * u64::from(height) * 4,
        transparent: true,
    }
}
