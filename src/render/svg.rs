//! The slides' pages as SVG, drawn by Typst from the same layout as the PDF, and where on them the play areas are.

use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Ratio, Size, Transform};
use typst::model::Destination;
use typst::visualize::Paint;
use typst_layout::PagedDocument;

use crate::plan::CLIP_LINK_SCHEME;

/// A scene's play area on a page: the rectangle its `deckhand-clip:` link
/// covers, in points from the page's top left corner.
#[derive(Clone, Debug, PartialEq)]
pub struct PlayArea {
    /// The page, from 0.
    pub page: usize,
    /// The link's target: `deckhand-clip:b3`.
    pub marker: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Each page of `document` as an SVG file's text.
pub fn page_svgs(document: &PagedDocument) -> Vec<String> {
    let options = typst_svg::SvgOptions::default();
    document
        .pages()
        .iter()
        .map(|page| {
            let mut page = page.clone();
            one_size(&mut page.frame);
            typst_svg::svg(&page, &options)
        })
        .collect()
}

/// The size every run of plain-coloured text is drawn at, scaled to its own:
/// typst-svg writes a glyph's outline once for each size it is drawn at,
/// and this way once, at 100 pt, whatever sizes a deck uses.
const OUTLINE_SIZE: f64 = 100.0;

/// `frame` with each run of text in one colour, without an outline stroke,
/// drawn at [`OUTLINE_SIZE`] in a group scaled to its size: the same glyphs
/// in the same places. Strokes and gradients, which a scale would change,
/// are left as they are.
fn one_size(frame: &mut Frame) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => one_size(&mut group.frame),
            FrameItem::Text(text)
                if text.stroke.is_none()
                    && matches!(text.fill, Paint::Solid(_))
                    && text.size.to_pt() > 0.0 =>
            {
                let scale = Ratio::new(text.size.to_pt() / OUTLINE_SIZE);
                let mut drawn = text.clone();
                drawn.size = Abs::pt(OUTLINE_SIZE);
                let mut inner = Frame::soft(Size::zero());
                inner.push(Point::zero(), FrameItem::Text(drawn));
                let mut group = GroupItem::new(inner);
                group.transform = Transform::scale(scale, scale);
                *item = FrameItem::Group(group);
            }
            _ => {}
        }
        true
    });
}

/// The pages' size in points (the first page's: a deck's pages are alike).
pub fn page_size(document: &PagedDocument) -> (f64, f64) {
    document
        .pages()
        .first()
        .map(|page| (page.frame.width().to_pt(), page.frame.height().to_pt()))
        .unwrap_or((0.0, 0.0))
}

/// Every play area of `document`, in page order. A link Typst split into
/// several rectangles counts as one area, their bounding box.
pub fn play_areas(document: &PagedDocument) -> Vec<PlayArea> {
    let mut areas: Vec<PlayArea> = Vec::new();
    for (page, paged) in document.pages().iter().enumerate() {
        let mut found: Vec<PlayArea> = Vec::new();
        links(
            &paged.frame,
            Transform::identity(),
            &mut |marker, corners| {
                let xs = corners.iter().map(|p| p.x.to_pt());
                let ys = corners.iter().map(|p| p.y.to_pt());
                let (left, right) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
                let (top, bottom) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
                match found.iter_mut().find(|a| a.marker == marker) {
                    Some(area) => {
                        let (l, t) = (area.x.min(left), area.y.min(top));
                        let r = (area.x + area.width).max(right);
                        let b = (area.y + area.height).max(bottom);
                        *area = PlayArea {
                            x: l,
                            y: t,
                            width: r - l,
                            height: b - t,
                            ..area.clone()
                        };
                    }
                    None => found.push(PlayArea {
                        page,
                        marker: marker.to_string(),
                        x: left,
                        y: top,
                        width: right - left,
                        height: bottom - top,
                    }),
                }
            },
        );
        areas.extend(found);
    }
    areas
}

/// Calls `found` with each clip link's target and its corners on the page,
/// the transforms of the groups around it applied as typst-svg applies them.
fn links(frame: &Frame, transform: Transform, found: &mut dyn FnMut(&str, [Point; 4])) {
    for (position, item) in frame.items() {
        let here = transform.pre_concat(Transform::translate(position.x, position.y));
        match item {
            FrameItem::Group(group) => links(&group.frame, here.pre_concat(group.transform), found),
            FrameItem::Link(Destination::Url(url), size)
                if url.as_str().starts_with(CLIP_LINK_SCHEME) =>
            {
                let corners = [
                    Point::zero(),
                    Point::with_x(size.x),
                    Point::with_y(size.y),
                    Point::new(size.x, size.y),
                ]
                .map(|corner| corner.transform(here));
                found(url.as_str(), corners);
            }
            _ => {}
        }
    }
}
