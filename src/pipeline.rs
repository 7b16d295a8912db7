//! The only place that knows the order: load -> validate -> assets -> render -> output.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::assets::{FontFile, extra_font_files, inspect_stills, prepare_stills};
use crate::diag::{Diagnostic, SourceFile, did_you_mean};
use crate::outline::{self, Date, LoadError, Outline, Paper, Parsed, Spanned};
use crate::output::{self, OutputError};
use crate::render::{self, RenderError, Target};
use crate::theme;
use crate::validate::validate;

/// What `build` should make.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub out_dir: PathBuf,
    pub targets: Vec<Target>,
    /// Overrides the outline's `handout.paper`.
    pub paper: Option<Paper>,
    /// Also write a standalone Typst project of the documents to this folder.
    pub emit_typst: Option<PathBuf>,
    /// Folders of fonts used in addition to the bundled ones and the outline's `fonts/`.
    pub font_paths: Vec<PathBuf>,
    /// PDFs, or one PNG per page.
    pub format: Format,
    /// Pixels per inch of PNG pages.
    pub ppi: u32,
    /// Also write the slides as one image of thumbnails, `<stem>-contact.png`.
    pub contact_sheet: bool,
    /// Where prepared pictures are kept between runs; `None`: not kept (`--no-cache`).
    pub cache_folder: Option<PathBuf>,
}

/// The kind of files a build writes for each document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One PDF per document, and speaker notes (pdfpc) for the slides.
    #[default]
    Pdf,
    /// One PNG per page: `<stem>-slides-01.png`, …
    Png,
}

/// The default resolution of PNG pages: a 16:9 slide at 144 ppi is 1920 × 1080.
pub const DEFAULT_PPI: u32 = 144;

/// Whether a build writes its files or only compares them with what is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// Writes nothing; files that differ go to [`OutlineReport::stale`].
    Compare,
}

/// Failures of the environment, not of the outline.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Load(LoadError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("`{0}` is neither an outline (`.yaml`, `.yml`) nor a folder")]
    NotAnOutline(String),
    #[error("cannot list the folder `{path}` ({source})")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The outcome for one outline: its problems, and what was written or read.
#[derive(Debug, Default)]
pub struct OutlineReport {
    pub path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    pub written: Vec<PathBuf>,
    /// In [`Mode::Compare`], the output files that are missing or differ.
    pub stale: Vec<PathBuf>,
    /// Every file the build read, for `watch`.
    pub inputs: Vec<PathBuf>,
    /// How long each document took to render.
    pub timings: Vec<(Target, Duration)>,
    pub failure: Option<String>,
}

impl OutlineReport {
    pub fn failed(&self) -> bool {
        self.failure.is_some() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Expands folders into the outlines they hold, sorted by name.
pub fn find_outlines(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PipelineError> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|source| PipelineError::Folder {
                path: path.display().to_string(),
                source,
            })?;
            let mut outlines: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_outline(p))
                .collect();
            outlines.sort();
            found.extend(outlines);
        } else if is_outline(path) || path.is_file() {
            found.push(path.clone());
        } else {
            return Err(PipelineError::NotAnOutline(path.display().to_string()));
        }
    }
    Ok(found)
}

fn is_outline(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The fonts a trainer added, as read and as parsed.
struct Fonts<'a> {
    files: &'a [FontFile],
    parsed: &'a [typst::text::Font],
}

/// Output files and their bytes, ready to be written together.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// An outline's files, its slides' warnings, and each document's render time.
type RenderedFiles = (Files, Vec<Diagnostic>, Vec<(Target, Duration)>);

/// A loaded, validated outline and what it needs to render.
struct Checked {
    outline: Outline,
    source: Arc<SourceFile>,
    pictures: crate::assets::Pictures,
    stills: Vec<crate::assets::PreparedStill>,
    theme: Cow<'static, theme::Theme>,
}

fn load_and_check(path: &Path, report: &mut OutlineReport) -> Option<Checked> {
    report.inputs.push(path.to_path_buf());
    let (outline, source) = match outline::load_file(path) {
        Ok(loaded) => loaded,
        Err(LoadError::Invalid(diagnostics)) => {
            report.diagnostics = diagnostics;
            return None;
        }
        Err(error) => {
            report.failure = Some(error.to_string());
            return None;
        }
    };
    report.diagnostics = validate(&outline, &source);
    let folder = outline_folder(path);
    let theme = match resolve_theme(&outline, &source, folder) {
        Ok(theme) => {
            report.inputs.extend(theme.disk_paths());
            Some(theme)
        }
        Err(d) => {
            report.diagnostics.push(d);
            None
        }
    };
    let (pictures, problems) = inspect_stills(&outline, folder, &source);
    report.diagnostics.extend(problems);
    report
        .inputs
        .extend(pictures.paths().map(Path::to_path_buf));
    crate::diag::sort(&mut report.diagnostics);
    if report.failed() {
        return None;
    }
    Some(Checked {
        outline,
        source,
        pictures,
        stills: Vec::new(),
        theme: theme?,
    })
}

/// The folder that holds the outline, which its paths are relative to.
fn outline_folder(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// A warning for each text field with characters no font can draw.
fn missing_glyph_warnings(
    outline: &Outline,
    source: &Arc<SourceFile>,
    extra_fonts: &[typst::text::Font],
) -> Vec<Diagnostic> {
    const SHOWN: usize = 8;
    let mut warnings = Vec::new();
    for field in outline.text_fields() {
        // Alt text is read aloud by screen readers, never drawn with a font.
        if field.key == "alt" {
            continue;
        }
        let missing = render::missing_characters(field.text, extra_fonts);
        if missing.is_empty() {
            continue;
        }
        let shown: String = missing.iter().take(SHOWN).collect();
        let mut codes: Vec<String> = missing
            .iter()
            .take(SHOWN)
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        if missing.len() > SHOWN {
            codes.push(format!("and {} more", missing.len() - SHOWN));
        }
        warnings.push(
            Diagnostic::warning(format!(
                "`{}` has characters the fonts cannot draw: `{shown}` ({})",
                field.key,
                codes.join(", ")
            ))
            .at(source, field.span)
            .with_hint("they print as boxes (tofu); add a font that has them to a `fonts/` folder beside the outline, or pass `--font-path DIR`"),
        );
    }
    warnings
}

/// The outline's theme: a built-in one by name, or a folder beside the outline.
fn resolve_theme(
    outline: &Outline,
    source: &Arc<SourceFile>,
    folder: &Path,
) -> Result<Cow<'static, theme::Theme>, Diagnostic> {
    let Some(name) = &outline.theme else {
        return theme::built_in(theme::DEFAULT)
            .map(Cow::Borrowed)
            .ok_or_else(|| Diagnostic::error("no default theme"));
    };
    let written = name.trim();
    if let Some(theme) = theme::built_in(written) {
        return Ok(Cow::Borrowed(theme));
    }
    let looks_like_path = written.contains(['/', '\\']) || written.starts_with('.');
    if looks_like_path || folder.join(written).is_dir() {
        let cannot = |message: String| {
            Diagnostic::error(format!("cannot use the theme folder: {message}"))
                .at(source, name.span)
                .with_hint("a theme folder holds a `theme.typ` and sits inside the outline's folder; `deckhand themes export classic my-theme` makes one")
        };
        let real = crate::assets::resolve_inside(folder, written).map_err(cannot)?;
        let shown = tidy(&folder.join(written));
        return crate::assets::load_theme_folder(written, &real, &shown)
            .map(Cow::Owned)
            .map_err(cannot);
    }
    let names: Vec<&str> = theme::BUILT_IN.iter().map(|t| t.name.as_ref()).collect();
    let d = Diagnostic::error(format!("unknown theme `{}`", name.value)).at(source, name.span);
    let d = match did_you_mean(written, &names) {
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => d,
    };
    Err(d.with_hint(format!(
        "the built-in themes are {}; `deckhand themes` describes them, and `theme: ./my-theme` uses a theme folder beside the outline",
        names.join(", ")
    )))
}

/// `decks/my-theme` for `decks/./my-theme/`, for messages.
fn tidy(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// Loads and validates one outline without writing anything.
pub fn check(path: &Path) -> OutlineReport {
    let mut report = OutlineReport {
        path: path.to_path_buf(),
        ..OutlineReport::default()
    };
    load_and_check(path, &mut report);
    report
}

/// Builds one outline into its files; nothing is written unless every file rendered.
pub fn build(path: &Path, options: &BuildOptions, mode: Mode) -> OutlineReport {
    let mut report = OutlineReport {
        path: path.to_path_buf(),
        ..OutlineReport::default()
    };
    let Some(mut checked) = load_and_check(path, &mut report) else {
        return report;
    };
    let (stills, problems) = prepare_stills(&checked.pictures, options.cache_folder.as_deref());
    report.diagnostics.extend(problems);
    if report.failed() {
        return report;
    }
    checked.stills = stills;
    if let Some(paper) = options.paper {
        override_paper(&mut checked.outline, paper);
    }
    let font_files = match extra_font_files(outline_folder(path), &options.font_paths) {
        Ok(files) => files,
        Err(error) => {
            report.failure = Some(error);
            return report;
        }
    };
    report
        .inputs
        .extend(font_files.iter().map(|f| f.path.clone()));
    let extra_fonts = render::parse_fonts(&font_files);
    report.diagnostics.extend(missing_glyph_warnings(
        &checked.outline,
        &checked.source,
        &extra_fonts,
    ));
    let fonts = Fonts {
        files: &font_files,
        parsed: &extra_fonts,
    };
    let (files, warnings, timings) = match render_files(path, &checked, options, &fonts) {
        Ok(rendered) => rendered,
        Err(PipelineError::Render(RenderError::ThemeFile { diagnostics, .. })) => {
            report.diagnostics.extend(diagnostics);
            return report;
        }
        Err(error) => {
            report.failure = Some(error.to_string());
            return report;
        }
    };
    report.diagnostics.extend(warnings);
    report.timings = timings;
    let outcome = match mode {
        Mode::Write => {
            output::remove_stale_temporaries(&possible_outputs(path, options));
            let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
            output::remove_stale_temporaries(&paths);
            output::write_all(&files).map(|()| {
                report.written = files.into_iter().map(|(p, _)| p).collect();
            })
        }
        Mode::Compare => output::differing(&files).map(|stale| report.stale = stale),
    };
    if let Err(error) = outcome {
        report.failure = Some(error.to_string());
    }
    report
}

/// Builds many outlines at once, one per core; `done` hears of each as it finishes.
/// The reports come back in the order of `paths`, whatever order they finished in.
pub fn build_all(
    paths: &[PathBuf],
    options: &BuildOptions,
    mode: Mode,
    done: &(dyn Fn(&OutlineReport) + Sync),
) -> Vec<OutlineReport> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, paths.len().max(1));
    let next = AtomicUsize::new(0);
    let mut reports: Vec<(usize, OutlineReport)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(index) else { break };
                        let report = build(path, options, mode);
                        render::forget_unused_work();
                        done(&report);
                        mine.push((index, report));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    reports.sort_by_key(|(index, _)| *index);
    reports.into_iter().map(|(_, report)| report).collect()
}

/// A warning for a slide whose content did not fit, at the YAML that made it.
fn overflow_warning(checked: &Checked, slide: &str) -> Diagnostic {
    let base = slide.split('/').next().unwrap_or(slide);
    let outline = &checked.outline;
    let (span, what, hint) = if let Some(n) =
        base.strip_prefix('b').and_then(|n| n.parse::<usize>().ok())
    {
        match outline.blocks().nth(n.saturating_sub(1)) {
            Some((_, block)) => (
                block.span,
                format!("this {}", block.kind()),
                "shorten its text (the `setup`, the points, the questions) or split it into two blocks",
            ),
            None => (
                outline.title.span,
                "a slide".to_string(),
                "shorten its text",
            ),
        }
    } else if let Some(n) = base.strip_prefix('s').and_then(|n| n.parse::<usize>().ok()) {
        match outline.sections.get(n.saturating_sub(1)) {
            Some(section) => (
                section.title.span,
                "this section's divider".to_string(),
                "shorten the section's `title` or `goal`",
            ),
            None => (
                outline.title.span,
                "a slide".to_string(),
                "shorten its text",
            ),
        }
    } else {
        (
            outline.title.span,
            format!("the {base} slide"),
            "shorten the title, subtitle or section titles",
        )
    };
    Diagnostic::warning(format!(
        "the slide for {what} does not fit on one slide and runs onto the next page"
    ))
    .at(&checked.source, span)
    .with_hint(hint)
}

/// Every file a build of `path` can write, whatever `--only` asks for.
fn possible_outputs(path: &Path, options: &BuildOptions) -> Vec<PathBuf> {
    let stem = output_stem(path);
    ["slides.pdf", "slides.pdfpc", "handout.pdf", "guide.pdf"]
        .iter()
        .map(|suffix| output::output_path(&options.out_dir, &stem, suffix))
        .collect()
}

fn output_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workshop".into())
}

fn render_files(
    path: &Path,
    checked: &Checked,
    options: &BuildOptions,
    fonts: &Fonts,
) -> Result<RenderedFiles, PipelineError> {
    let stem = output_stem(path);
    let fallback = fallback_date();
    let wants = |target| options.targets.contains(&target);
    let lay_out = |target, handout_pages| {
        render::lay_out(
            &checked.outline,
            &checked.stills,
            &checked.theme,
            target,
            &render::Context {
                fallback_date: fallback,
                handout_pages,
                extra_fonts: fonts.parsed,
                images: render::Images {
                    no_pdf: options.format == Format::Png,
                    pages_ppi: (options.format == Format::Png).then_some(options.ppi),
                    contact_sheet: options.contact_sheet && target == Target::Slides,
                },
            },
        )
    };
    type Timed = Result<(render::Rendered, Duration), RenderError>;
    let render = |target, handout_pages| -> Timed {
        let started = Instant::now();
        let rendered = lay_out(target, handout_pages)?.finish()?;
        Ok((rendered, started.elapsed()))
    };
    let stopped = |target: Target| RenderError::Template {
        target: target.name(),
        message: "the renderer stopped unexpectedly".into(),
    };
    // Slides on one thread; the handout's layout then the guide on another,
    // since the guide's preparation list gives the handout's page count. The
    // handout's PDF is made meanwhile, off that critical path.
    let rendered: Vec<Timed> = std::thread::scope(|scope| {
        let slides =
            wants(Target::Slides).then(|| scope.spawn(move || render(Target::Slides, None)));
        let mut documents = Vec::new();
        let mut handout_pages = None;
        let mut handout = None;
        if wants(Target::Handout) || wants(Target::Guide) {
            let started = Instant::now();
            match lay_out(Target::Handout, None) {
                Ok(laid_out) => {
                    handout_pages = Some(laid_out.page_count());
                    if wants(Target::Handout) {
                        handout = Some(scope.spawn(move || -> Timed {
                            let rendered = laid_out.finish()?;
                            Ok((rendered, started.elapsed()))
                        }));
                    }
                }
                // A guide asked for alone goes on without the page count.
                Err(error) if wants(Target::Handout) => documents.push(Err(error)),
                Err(_) => {}
            }
        }
        if wants(Target::Guide) {
            documents.push(render(Target::Guide, handout_pages));
        }
        for (target, thread) in [(Target::Handout, handout), (Target::Slides, slides)] {
            if let Some(thread) = thread {
                documents.push(thread.join().unwrap_or_else(|_| Err(stopped(target))));
            }
        }
        documents
    });
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut timings = Vec::new();
    let mut sources: Vec<(Target, Vec<u8>)> = Vec::new();
    for result in rendered {
        let (document, took) = result?;
        if options.emit_typst.is_some() {
            sources.push((document.target, document.data.clone()));
        }
        timings.push((document.target, took));
        warnings.extend(
            document
                .overflowing
                .iter()
                .map(|slide| overflow_warning(checked, slide)),
        );
        if let Some(sheet) = document.contact_sheet {
            files.push((
                output::output_path(&options.out_dir, &stem, "contact.png"),
                sheet,
            ));
        }
        let name = document.target.name();
        if options.format == Format::Png {
            let digits = document.pngs.len().to_string().len().max(2);
            for (index, png) in document.pngs.into_iter().enumerate() {
                let suffix = format!("{name}-{:0digits$}.png", index + 1);
                files.push((output::output_path(&options.out_dir, &stem, &suffix), png));
            }
            continue;
        }
        files.push((
            output::output_path(&options.out_dir, &stem, &format!("{name}.pdf")),
            document.pdf,
        ));
        if document.target == Target::Slides {
            let notes = render::pdfpc(&checked.outline, &document.page_slides);
            files.push((
                output::output_path(&options.out_dir, &stem, "slides.pdfpc"),
                notes.into_bytes(),
            ));
        }
    }
    if let Some(dir) = &options.emit_typst {
        sources.sort_by_key(|(target, _)| *target);
        let documents: Vec<(Target, &[u8])> =
            sources.iter().map(|(t, d)| (*t, d.as_slice())).collect();
        files.extend(
            render::typst_project(
                &stem,
                &documents,
                &checked.theme,
                &checked.stills,
                fonts.files,
            )
            .into_iter()
            .map(|(path, bytes)| (dir.join(path), bytes)),
        );
    }
    timings.sort_by_key(|(target, _)| *target);
    Ok((files, warnings, timings))
}

fn override_paper(outline: &mut Outline, paper: Paper) {
    let handout = outline.handout.get_or_insert_with(|| {
        Spanned::new(crate::outline::Handout::default(), Default::default())
    });
    handout.value.paper = Some(Spanned::new(
        Parsed {
            raw: paper.name().into(),
            value: Ok(paper),
        },
        Default::default(),
    ));
}

/// The PDF date when the outline has none: `SOURCE_DATE_EPOCH`, else 2000-01-01.
fn fallback_date() -> Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(|seconds| civil_date(seconds.div_euclid(86_400)))
        .unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        })
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(2000),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_to_dates() {
        assert_eq!(
            civil_date(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            civil_date(20_414),
            Date {
                year: 2025,
                month: 11,
                day: 22
            }
        );
    }
}
