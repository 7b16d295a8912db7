//! Page images: each page as a PNG, and the slides as one contact sheet of thumbnails.

use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::{self, FilterType};
use image::{ImageEncoder, Rgb, RgbImage};
use typst_layout::{Page, PagedDocument};
use typst_render::RenderOptions;

/// How wide each thumbnail of a contact sheet is, in pixels.
pub const THUMBNAIL_WIDTH: u32 = 320;
/// Thumbnails per row of a contact sheet.
pub const COLUMNS: u32 = 4;
/// The gap between thumbnails and around them, in pixels.
pub const GAP: u32 = 12;
/// A neutral grey behind the thumbnails, so white slides stand out.
const BACKGROUND: Rgb<u8> = Rgb([0xd9, 0xd9, 0xd9]);

/// The pages of `document` that `shown` marks (a page beyond it is shown).
fn shown_pages<'d>(
    document: &'d PagedDocument,
    shown: &'d [bool],
) -> impl Iterator<Item = &'d Page> {
    document
        .pages()
        .iter()
        .enumerate()
        .filter(|(index, _)| shown.get(*index).copied().unwrap_or(true))
        .map(|(_, page)| page)
}

/// Each page of `document` as a PNG at `ppi` pixels per inch.
pub fn page_pngs(document: &PagedDocument, ppi: u32) -> Result<Vec<Vec<u8>>, String> {
    let pixel_per_pt = f64::from(ppi) / 72.0;
    document
        .pages()
        .iter()
        .map(|page| encode(&raster(page, pixel_per_pt)))
        .collect()
}

/// The pages that `shown` marks as thumbnails [`THUMBNAIL_WIDTH`] wide,
/// [`COLUMNS`] to a row, on a grey ground.
pub fn contact_sheet(document: &PagedDocument, shown: &[bool]) -> Result<Vec<u8>, String> {
    let thumbnails: Vec<RgbImage> = shown_pages(document, shown)
        .map(|page| {
            // Rendered at twice the size, then scaled down: smoother text.
            let width_pt = page.frame.width().to_pt().max(1.0);
            let image = raster(page, 2.0 * f64::from(THUMBNAIL_WIDTH) / width_pt);
            let height = (f64::from(THUMBNAIL_WIDTH) * f64::from(image.height())
                / f64::from(image.width().max(1)))
            .round()
            .max(1.0) as u32;
            imageops::resize(&image, THUMBNAIL_WIDTH, height, FilterType::Triangle)
        })
        .collect();
    let count = u32::try_from(thumbnails.len()).map_err(|e| e.to_string())?;
    let (width, height) = sheet_size(count, thumbnails.iter().map(RgbImage::height).max());
    let cell_height = thumbnails.iter().map(RgbImage::height).max().unwrap_or(0);
    let mut sheet = RgbImage::from_pixel(width, height, BACKGROUND);
    for (index, thumbnail) in (0u32..).zip(&thumbnails) {
        let x = GAP + (index % COLUMNS) * (THUMBNAIL_WIDTH + GAP);
        let y = GAP + (index / COLUMNS) * (cell_height + GAP);
        imageops::replace(&mut sheet, thumbnail, i64::from(x), i64::from(y));
    }
    encode(&sheet)
}

/// A contact sheet's width and height for `count` thumbnails `cell_height` high.
pub fn sheet_size(count: u32, cell_height: Option<u32>) -> (u32, u32) {
    let columns = count.clamp(1, COLUMNS);
    let rows = count.div_ceil(COLUMNS).max(1);
    let cell_height = cell_height.unwrap_or(0);
    (
        GAP + columns * (THUMBNAIL_WIDTH + GAP),
        GAP + rows * (cell_height + GAP),
    )
}

/// A page's pixels, opaque (a page always has a background).
fn raster(page: &Page, pixel_per_pt: f64) -> RgbImage {
    let options = RenderOptions {
        pixel_per_pt: pixel_per_pt.into(),
        ..RenderOptions::default()
    };
    let pixmap = typst_render::render(page, &options);
    let mut image = RgbImage::new(pixmap.width(), pixmap.height());
    for (pixel, color) in image.pixels_mut().zip(pixmap.pixels()) {
        let color = color.demultiply();
        *pixel = Rgb([color.red(), color.green(), color.blue()]);
    }
    image
}

/// PNG bytes of `image`: the same pixels always give the same bytes (no
/// timestamp or other metadata is written).
fn encode(image: &RgbImage) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, PngFilter::Adaptive)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_sizes() {
        assert_eq!(sheet_size(1, Some(180)), (344, 204));
        assert_eq!(sheet_size(4, Some(180)), (1340, 204));
        assert_eq!(sheet_size(9, Some(180)), (1340, 12 + 3 * 192));
    }
}
