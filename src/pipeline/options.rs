//! What a build is asked for, what it keeps between builds, and what it reports.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::assets::StillsMemory;
use crate::diag::Diagnostic;
use crate::outline::{Date, Paper, Sources};
use crate::plan::DocumentKind;
use crate::render::{self, DocumentCache, LayoutBudget};

/// What `build` should make.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub out_dir: PathBuf,
    pub targets: Vec<DocumentKind>,
    /// Overrides the outline's `handout.paper`.
    pub paper: Option<Paper>,
    /// Also write a standalone Typst project of the documents to this folder.
    pub emit_typst: Option<PathBuf>,
    /// Folders of fonts used in addition to the bundled ones and the outline's `fonts/`.
    pub font_paths: Vec<PathBuf>,
    /// The output formats, by their `--format` names (`pdf`, `png`,
    /// `contact-sheet`: see [`crate::export`]).
    pub formats: Vec<&'static str>,
    /// Pixels per inch of PNG pages.
    pub ppi: u32,
    /// Build only this variant of outlines that have variants.
    pub variant: Option<String>,
    /// Printed beside the outline's `version`.
    pub revision: Option<String>,
    /// Overrides the outline's `participants`.
    pub participants: Option<u32>,
    /// The PDFs' date when an outline has none.
    pub fallback_date: Date,
    /// How long the documents may take to render, all together.
    pub time_limit: Duration,
    /// Where prepared pictures are kept between runs; `None`: not kept (`--no-cache`).
    pub cache_folder: Option<PathBuf>,
    /// The folder the slides' links to films are relative to, instead of
    /// `out_dir` (for slides and films copied elsewhere together).
    pub clips_relative_to: Option<PathBuf>,
    /// PDF/UA-1 (and PDF/A-2a), or no standard.
    pub pdf_standard: render::PdfStandard,
    /// What the play areas play: the films at the clips' times, or the cut clips.
    pub clips: ClipFiles,
    /// The PowerPoint deck's notes pages hold the facilitator's notes, the
    /// questions' hints and the clips' cues (`--no-notes`: none, for a client's copy).
    pub speaker_notes: bool,
    /// Whether the PowerPoint deck embeds each scene's cut clip as a movie
    /// (`--pptx-clips embed`, which cuts them) or shows the still.
    pub embed_clips: bool,
}

/// The files the slides' play areas open (`--clips`).
#[derive(Clone, Debug, Default)]
pub enum ClipFiles {
    /// The whole film, from the clip's start to its end.
    #[default]
    Films,
    /// Each clip cut to its own file in `out/clips/` (the missing ones cut
    /// with this ffmpeg; none for `--check`, which cuts nothing).
    Cut {
        ffmpeg: Option<crate::output::Ffmpeg>,
    },
}

/// The kind of files `deckhand diff` writes for its review.
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

/// What is kept from one build to the next: `watch` keeps it between rounds.
#[derive(Debug, Default)]
pub struct Session {
    pub(super) documents: DocumentCache,
    /// How many documents, of all the outlines built, are laid out at once.
    pub(super) layouts: LayoutBudget,
    /// The files read in this round, their texts and parsed trees: a
    /// shared library file is read and parsed once.
    pub(super) sources: Sources,
    /// The pictures prepared in this round and the last.
    pub(super) stills: StillsMemory,
}

impl Session {
    /// Starts a new round of builds (`watch`, after a save): the files
    /// read before are read again, so that an edit is seen, and the last
    /// round's texts, trees and unused pictures are let go.
    pub fn new_round(&self) {
        self.sources.forget();
        self.stills.new_round();
    }
}

/// The outcome for one outline: its problems, and what was written or read.
#[derive(Debug, Default)]
pub struct OutlineReport {
    pub path: PathBuf,
    /// Every problem, the environment's (with no line) included.
    pub diagnostics: Vec<Diagnostic>,
    pub written: Vec<PathBuf>,
    /// Cut clips already there and current, left as they were.
    pub current: Vec<PathBuf>,
    /// In [`Mode::Compare`], the output files that are missing or differ.
    pub stale: Vec<PathBuf>,
    /// Page images of an earlier, longer build: removed in [`Mode::Write`],
    /// reported in [`Mode::Compare`].
    pub leftover: Vec<PathBuf>,
    /// Every file the build read, for `watch`.
    pub inputs: Vec<PathBuf>,
    /// How long each document took to render, by the name of its files.
    pub timings: Vec<(String, Duration)>,
    /// The PDFs written without their standards' claim, for characters no font draws.
    pub unclaimed: Vec<crate::assets::Unclaimed>,
    /// The project file used, if any.
    pub project_file: Option<PathBuf>,
    /// Project files further up than the one used.
    pub ignored_project_files: Vec<PathBuf>,
}

impl OutlineReport {
    pub(super) fn new(path: &Path) -> Self {
        OutlineReport {
            path: path.to_path_buf(),
            ..OutlineReport::default()
        }
    }

    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// A failure of the environment (a disk, a folder), about the outline as a whole.
    pub(super) fn fail(&mut self, message: impl std::fmt::Display) {
        self.diagnostics
            .push(Diagnostic::error(message.to_string()).in_path(self.path.display().to_string()));
    }
}
