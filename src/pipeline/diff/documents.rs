//! What `diff` lays out with Typst: the handouts of both versions, to count
//! their pages, and the review, exported as a build's documents are.

use super::{DiffOptions, Format, Read, whole_plan};
use crate::assets::{self, PreparedStill};
use crate::diag::Diagnostic;
use crate::export::{self, ExportError, File, Made};
use crate::output::Names;
use crate::plan::{DocumentKind, Plan};
use crate::render::{self, DocumentCache, Images, LayoutBudget, PdfStandard};
use crate::review::{self, BeforeAfter, Review};

/// What every document `diff` lays out shares: its date, its fonts, no
/// films (the review shows the badge, not a play area), how long it may take.
fn context<'a>(
    options: &DiffOptions,
    fonts: &'a [typst::text::Font],
    images: Images,
    cache: &'a DocumentCache,
    budget: &'a LayoutBudget,
    review: Option<&'a [u8]>,
) -> render::Context<'a> {
    render::Context {
        fallback_date: options.fallback_date,
        handout_pages: None,
        roles_pages: None,
        extra_fonts: fonts,
        images,
        videos: &[],
        cache,
        time_limit: options.time_limit,
        // The review declares no standard; the handouts are only counted.
        standard: PdfStandard::TaggedOnly,
        budget,
        name: "",
        review,
    }
}

/// The handout's pages before and after, for the outline or each of its
/// variants (as the review's timing lists them), with stand-ins for the
/// pictures (their shape is all a layout needs). No PDF is made.
pub(super) fn handout_pages(
    timing: &[BeforeAfter],
    old: &Read,
    new: &Read,
    options: &DiffOptions,
) -> Vec<BeforeAfter> {
    let shapes = [
        assets::still_shapes(&old.loaded),
        assets::still_shapes(&new.loaded),
    ];
    let (cache, budget) = (DocumentCache::default(), LayoutBudget::default());
    let images = Images {
        no_pdf: true,
        ..Images::default()
    };
    let context = context(options, &[], images, &cache, &budget, None);
    let count = |read: &Read, stills: &[PreparedStill], variant: &Option<String>| {
        // A variant the version does not declare: its whole outline.
        let declared = crate::plan::variant_names(&read.loaded.outline);
        let variant = declared
            .contains(variant)
            .then(|| variant.clone())
            .flatten();
        let plan = whole_plan(read, variant);
        render::lay_out(&plan, stills, &read.theme, DocumentKind::Handout, &context)
            .ok()
            .and_then(|laid_out| u32::try_from(laid_out.page_count()).ok())
    };
    timing
        .iter()
        .map(|t| {
            let versions = [(old, &shapes[0]), (new, &shapes[1])];
            let pages = crate::parallel::parallel_map(
                &versions,
                |(read, stills)| count(read, stills, &t.variant),
                &|_| {},
            );
            BeforeAfter {
                variant: t.variant.clone(),
                old: pages.first().cloned().flatten().flatten(),
                new: pages.get(1).cloned().flatten().flatten(),
            }
        })
        .collect()
}

/// The review's files (its PDF, or its pages as PNGs), laid out by the one
/// `lay_out` from the new version's slides and the review's data, with the
/// pictures of both versions, and exported as a build's documents are.
pub(super) fn review_files(
    review: &Review,
    (old, old_plan): (&Read, &Plan<'_>),
    (new, new_plan): (&Read, &Plan<'_>),
    names: &Names,
    options: &DiffOptions,
) -> Result<Vec<File>, Vec<Diagnostic>> {
    let (old_stills, new_stills) = both_stills(old, new, options)?;
    let review_data = review::review_data(
        review,
        old_plan,
        new_plan,
        &|written| render::picture_file(&old_stills, written),
        &|written| render::picture_file(&new_stills, written),
    );
    // Through a JSON value, whose keys are sorted: the same review gives the same bytes.
    let review_json = serde_json::to_value(&review_data)
        .and_then(|value| serde_json::to_vec(&value))
        .map_err(|e| {
            vec![Diagnostic::error(format!(
                "cannot make the review's data ({e})"
            ))]
        })?;
    // The new version's pictures first: a picture named alike is drawn new.
    let mut stills: Vec<PreparedStill> = new_stills.clone();
    stills.extend(
        old_stills
            .into_iter()
            .filter(|s| !new_stills.iter().any(|n| n.virtual_path == s.virtual_path)),
    );
    let outline_folder = new.loaded.folder_of(new.loaded.file);
    let font_files = assets::extra_font_files(outline_folder, new.loaded.project_folder(), &[])
        .map_err(|message| vec![Diagnostic::error(message)])?;
    let fonts = assets::parse_fonts(&font_files);
    let format = match options.format {
        Format::Pdf => "pdf",
        Format::Png => "png",
    };
    let exports = export::chosen(&[format]);
    let (cache, budget) = (DocumentCache::default(), LayoutBudget::default());
    let images = export::images(&exports, options.ppi);
    let context = context(options, &fonts, images, &cache, &budget, Some(&review_json));
    let rendered = render::lay_out(
        new_plan,
        &stills,
        &new.theme,
        DocumentKind::Review,
        &context,
    )
    .and_then(render::LaidOut::finish)
    .map_err(|error| vec![render_problem(error)])?;
    let slides = new_plan.slides();
    let facilitator = render::document(new_plan, &stills, DocumentKind::Guide, &context);
    let made = Made {
        plan: new_plan,
        slides: &slides,
        facilitator: &facilitator,
        rendered: &rendered,
        names,
        theme: &new.theme,
        stills: &stills,
        speaker_notes: false,
        clips: &[],
    };
    let mut files = Vec::new();
    for export in exports {
        files.extend(
            export
                .files(&made)
                .map_err(|e: ExportError| vec![Diagnostic::error(e.to_string())])?,
        );
    }
    Ok(files)
}

/// The prepared pictures of both versions, old then new: the review draws
/// them too; they come from the cache of prepared pictures when the builds
/// made them before.
fn both_stills(
    old: &Read,
    new: &Read,
    options: &DiffOptions,
) -> Result<(Vec<PreparedStill>, Vec<PreparedStill>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let memory = assets::StillsMemory::default();
    let mut prepare = |loaded: &crate::outline::Loaded| {
        let (pictures, found) = assets::inspect_stills(loaded);
        problems.extend(found);
        let (stills, found) =
            assets::prepare_stills(&pictures, options.cache_folder.as_deref(), &memory);
        problems.extend(found);
        stills
    };
    let (old_stills, new_stills) = (prepare(&old.loaded), prepare(&new.loaded));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok((old_stills, new_stills))
}

/// Why the review could not be laid out: a theme folder's first problem at
/// its line, or the failure.
fn render_problem(error: render::RenderError) -> Diagnostic {
    match error {
        render::RenderError::ThemeFile { diagnostics, .. } => diagnostics
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("the review template failed")),
        other => Diagnostic::error(other.to_string()),
    }
}
