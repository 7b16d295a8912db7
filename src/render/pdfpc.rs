//! Speaker notes for pdfpc-compatible presenter consoles (the `.pdfpc` JSON, format 2).

use serde::Serialize;

use crate::outline::Outline;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PdfpcFile {
    pdfpc_format: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    pages: Vec<PdfpcPage>,
}

#[derive(Serialize)]
struct PdfpcPage {
    idx: usize,
    label: String,
    overlay: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// The `.pdfpc` file for slides whose pages show `page_slides` (block ids like `b3`).
pub fn pdfpc(outline: &Outline, page_slides: &[String]) -> String {
    let notes: Vec<Option<String>> = outline
        .blocks()
        .map(|(_, block)| block.notes().map(|n| n.value.clone()))
        .collect();
    let planned: u32 = outline
        .blocks()
        .filter_map(|(_, b)| b.minutes().map(|m| m.value))
        .sum();
    let clock = |t: crate::outline::ClockTime| format!("{:02}:{:02}", t.hour(), t.minute());
    let file = PdfpcFile {
        pdfpc_format: 2,
        duration: outline.duration().map(|d| d.0),
        start_time: outline.start().map(clock),
        end_time: outline.start().map(|s| clock(s.plus(planned))),
        pages: page_slides
            .iter()
            .enumerate()
            .map(|(idx, slide)| PdfpcPage {
                idx,
                label: (idx + 1).to_string(),
                overlay: 0,
                note: slide
                    .split('/')
                    .next()
                    .and_then(|block| block.strip_prefix('b'))
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| notes.get(n.wrapping_sub(1)).cloned().flatten()),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}
