//! Each scene's clip cut into a file of its own (`deckhand clips`, `build --clips cut`), and the links to those files.

use std::path::{Path, PathBuf};

use super::{Checked, OutlineReport, Session, load_and_check};
use crate::assets::{VideoLink, link_from};
use crate::diag::{Diagnostic, Span};
use crate::export::EmbeddedClip;
use crate::outline::{Block, ClipRange, Scene};
use crate::output::{Cut, CutMode, Ffmpeg, Outcome, Progress, cut_clips};
use crate::paths::{Kind, MAX_EMBEDDED_CLIPS_BYTES};
use crate::plan::VideoFile;

/// What `deckhand clips` is asked for.
#[derive(Clone, Debug)]
pub struct ClipsOptions {
    /// The clips go to `out_dir/clips/`.
    pub out_dir: PathBuf,
    pub mode: CutMode,
    pub ffmpeg: Ffmpeg,
}

/// The folder cut clips go to: `clips/` in the output folder.
pub fn clips_folder(out_dir: &Path) -> PathBuf {
    out_dir.join("clips")
}

/// A scene's clip to cut, with where the outline says it.
pub(super) struct SceneCut {
    pub cut: Cut,
    pub scene: Span,
    /// The `clip:` line, where a failed cut is reported.
    pub clip_span: Span,
}

/// The clips of every scene with a film and a clip, each file once; a film
/// that is not here (it cannot be cut) is an error at its `video:` line.
pub(super) fn scene_cuts(checked: &Checked, report: &mut OutlineReport) -> Vec<SceneCut> {
    let loaded = &checked.loaded;
    let mut cuts: Vec<SceneCut> = Vec::new();
    let scenes = loaded
        .outline
        .blocks()
        .filter_map(|(_, block)| match &block.value {
            Block::Scene(scene) => Some((&**scene, block.span)),
            _ => None,
        });
    for (scene, span) in scenes {
        let (Some(written), Some(clip)) = (&scene.video, &scene.clip) else {
            continue;
        };
        let Some(range) = clip.ok().copied() else {
            continue;
        };
        let Some(video) = checked.videos.find(written) else {
            continue;
        };
        let Some(header) = &video.header else {
            report.diagnostics.push(
                loaded.locate(
                    Diagnostic::error(format!(
                        "cannot cut the clip: the film `{}` is not here",
                        video.written
                    ))
                    .at(written.span)
                    .with_hint("cut clips on the machine that holds the films"),
                ),
            );
            continue;
        };
        let cut = Cut {
            film: video.path.clone(),
            header: header.clone(),
            clip: range,
        };
        let name = cut.file_name();
        match cuts.iter().find(|c| c.cut.file_name() == name) {
            // The same clip of the same film, in another scene: cut once, linked from both.
            Some(same) if same.cut.film == cut.film => {}
            Some(_) => {
                report.diagnostics.push(
                    loaded.locate(
                        Diagnostic::error(format!(
                            "two films named alike would be cut to the same file, `clips/{name}`"
                        ))
                        .at(written.span)
                        .with_hint("rename one of the films"),
                    ),
                );
                continue;
            }
            None => {}
        }
        cuts.push(SceneCut {
            cut,
            scene: span,
            clip_span: clip.span,
        });
    }
    cuts
}

/// Cuts `cuts` into `out_dir/clips/`: failures are errors at their `clip:` lines.
pub(super) fn cut_into(
    checked: &Checked,
    cuts: &[SceneCut],
    out_dir: &Path,
    mode: CutMode,
    ffmpeg: &Ffmpeg,
    report: &mut OutlineReport,
    progress: &dyn Fn(Progress),
) {
    // Each file once, reported at the first scene that plays it.
    let mut firsts: Vec<&SceneCut> = Vec::new();
    for cut in cuts {
        if !firsts
            .iter()
            .any(|f| f.cut.file_name() == cut.cut.file_name())
        {
            firsts.push(cut);
        }
    }
    let jobs: Vec<Cut> = firsts.iter().map(|c| c.cut.clone()).collect();
    let outcomes = match cut_clips(ffmpeg, &jobs, &clips_folder(out_dir), mode, progress) {
        Ok(outcomes) => outcomes,
        Err(error) => {
            report.fail(error);
            return;
        }
    };
    for (cut, outcome) in firsts.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Cut(path) => report.written.push(path),
            Outcome::Current(path) => report.current.push(path),
            Outcome::Failed { message, hint } => {
                report.diagnostics.push(
                    checked
                        .loaded
                        .locate(Diagnostic::error(message).at(cut.clip_span).with_hint(hint)),
                );
            }
        }
    }
}

/// The links of the slides (written into `slides_folder`) to the cut clips
/// in `out_dir/clips/`, then to the films of the scenes without a clip.
pub(super) fn cut_links(
    checked: &Checked,
    cuts: &[SceneCut],
    slides_folder: &Path,
    out_dir: &Path,
    films: Vec<VideoLink>,
) -> Vec<VideoLink> {
    let folder = clips_folder(out_dir);
    let loaded = &checked.loaded;
    let scene_of = |span: Span| -> Option<&Scene> {
        loaded.outline.blocks().find_map(|(_, b)| match &b.value {
            Block::Scene(scene) if b.span == span => Some(&**scene),
            _ => None,
        })
    };
    let mut links: Vec<VideoLink> = cuts
        .iter()
        .filter_map(|cut| {
            let scene = scene_of(cut.scene)?;
            let video = scene.video.as_ref()?;
            let clip: ClipRange = cut.cut.clip;
            Some(VideoLink {
                written: video.value.clone(),
                named_in: video.span.file,
                clip: Some(clip),
                file: VideoFile {
                    path: link_from(slides_folder, &folder.join(cut.cut.file_name())),
                    length: Some(clip.length()),
                    aspect: cut.cut.header.aspect(),
                    found: true,
                    cut: true,
                },
            })
        })
        .collect();
    // A film's own link, for its scenes without a clip; found after the cut ones.
    links.extend(films);
    links
}

/// The cut clips of `cuts`, read whole to be embedded in the PowerPoint
/// deck, each by the path the slides link it by. One missing (`--check`
/// cuts nothing) or over the bounds is an error at its scene.
pub(super) fn read_for_embedding(
    checked: &Checked,
    cuts: &[SceneCut],
    slides_folder: &Path,
    out_dir: &Path,
    report: &mut OutlineReport,
) -> Vec<EmbeddedClip> {
    let folder = clips_folder(out_dir);
    let mut clips: Vec<EmbeddedClip> = Vec::new();
    let mut total: u64 = 0;
    for cut in cuts {
        let file = folder.join(cut.cut.file_name());
        let path = link_from(slides_folder, &file);
        if clips.iter().any(|c| c.path == path) {
            continue;
        }
        let problem = |message: String, hint: &str| {
            checked.loaded.locate(
                Diagnostic::error(message)
                    .at(cut.scene)
                    .with_hint(hint.to_string()),
            )
        };
        match crate::paths::read(&folder, &file, Kind::CutClip) {
            Ok(bytes) => {
                total += bytes.len() as u64;
                if total > MAX_EMBEDDED_CLIPS_BYTES {
                    report.diagnostics.push(problem(
                        format!(
                            "the clips would make the PowerPoint deck larger than {} MiB",
                            MAX_EMBEDDED_CLIPS_BYTES / (1024 * 1024)
                        ),
                        "embed fewer clips, or show the stills (leave out `--pptx-clips embed`) and present the clips from the browser presenter",
                    ));
                    return Vec::new();
                }
                clips.push(EmbeddedClip { path, bytes });
            }
            Err(refused) => {
                report.diagnostics.push(problem(
                    format!("cannot embed the clip `{}`: it {refused}", crate::paths::shown(&file)),
                    "`deckhand build --format pptx --pptx-clips embed` cuts the clips first; `--check` cuts none",
                ));
            }
        }
    }
    clips
}

/// Cuts one outline's clips (`deckhand clips`): those whose film is here,
/// each missing film an error.
pub fn clips(
    path: &Path,
    options: &ClipsOptions,
    session: &Session,
    progress: &dyn Fn(Progress),
) -> OutlineReport {
    let mut report = OutlineReport::new(path);
    let Some(checked) = load_and_check(path, &mut report, session, false, None) else {
        return report;
    };
    // A film that is not here is an error, and the others are cut.
    let cuts = scene_cuts(&checked, &mut report);
    cut_into(
        &checked,
        &cuts,
        &options.out_dir,
        options.mode,
        &options.ffmpeg,
        &mut report,
        progress,
    );
    report
}
