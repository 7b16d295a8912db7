//! Speaker notes for pdfpc-compatible presenter consoles (the `.pdfpc` JSON, format 2).

use serde::Serialize;

use crate::plan::{Plan, SlideId};

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

/// The `.pdfpc` file for the slides of `plan` whose pages show `page_slides`.
pub fn pdfpc(plan: &Plan<'_>, page_slides: &[Option<SlideId>]) -> String {
    let file = PdfpcFile {
        pdfpc_format: 2,
        duration: plan.declared_minutes(),
        start_time: plan.clock(0).map(|t| t.to_string()),
        end_time: plan.clock(plan.minutes).map(|t| t.to_string()),
        pages: page_slides
            .iter()
            .enumerate()
            .map(|(idx, slide)| PdfpcPage {
                idx,
                label: (idx + 1).to_string(),
                overlay: 0,
                note: slide
                    .and_then(SlideId::block)
                    .and_then(|id| plan.block(id))
                    .and_then(|b| b.block.notes())
                    .map(|n| n.value.clone()),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}
