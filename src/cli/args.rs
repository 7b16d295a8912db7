//! The command line's shape: clap types, turned into the library's plain options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::limits::DEFAULT_TIME_LIMIT;
use crate::outline::{Date, Paper};
use crate::pipeline::{BuildOptions, ClipFiles, DEFAULT_PPI};
use crate::plan::DocumentKind;
use crate::render::PdfStandard;

/// Turns a workshop outline (YAML) into slides, a handout and a facilitator guide.
#[derive(Debug, Parser)]
#[command(name = "deckhand", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Print only problems: no file list, no summary line.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each document's time and the files each outline reads.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  deckhand new decks/my-workshop.yaml     start a workshop from a template
  deckhand check decks/                   report every problem, write nothing
  deckhand build decks/ -o out            slides, handout and guide for each outline
  deckhand watch decks/my-workshop.yaml   rebuild on every save
  deckhand clips decks/ -o out            cut each scene's clip from its film
  deckhand diff main:decks/my-workshop.yaml decks/my-workshop.yaml
                                          what changed, as a trainer sees it";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build outlines into PDFs (slides, handout, guide, role cards) and speaker notes.
    #[command(after_help = "\
Examples:
  deckhand build decks/film-night.yaml              writes out/film-night-slides.pdf, …
  deckhand build decks/ -o out                      every outline in the folder, in parallel
  deckhand build decks/ --only slides               only the slide decks
  deckhand build decks/ --only roles                only the role cards (outlines with a role-play)
  deckhand build decks/ --paper us-letter           handout, guide and role cards on US Letter
  deckhand build decks/ -o out --check              exit 1 if out/ is not up to date (for CI)
  deckhand build decks/film-night.yaml --emit-typst typst   also a Typst project in typst/
  deckhand build decks/film-night.yaml --format png --only slides   one PNG per slide
  deckhand build decks/film-night.yaml --contact-sheet      also out/film-night-contact.png
  deckhand build decks/film-night.yaml --format pdf,pptx    also an editable out/film-night-slides.pptx
  deckhand build decks/film-night.yaml --format pptx --no-notes   a PowerPoint deck for a client")]
    Build(BuildArgs),
    /// Check outlines and report every problem, writing nothing.
    #[command(after_help = "\
Examples:
  deckhand check decks/film-night.yaml
  deckhand check decks/                   every outline in the folder")]
    Check {
        /// Outline files (`.yaml`, `.yml`) or folders of outlines.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// On the presenting machine: a film that is not here is an error,
        /// not a warning (films are kept out of git).
        #[arg(long)]
        films: bool,
        /// A folder of fonts (.ttf, .otf) a build is given besides the
        /// bundled ones, where the brand's font may be; may be repeated.
        #[arg(long, value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
    /// Cut each scene's clip from its film into a file of its own (with ffmpeg).
    #[command(after_help = "\
Writes DIR/clips/<film>-<start>-<end>.<ext>, in the film's own format, for
every scene with a `video` and a `clip`. A clip already cut from the same
film, with the same times, is not cut again. Build the slides with
`--clips cut` to play the cut clips.

Examples:
  deckhand clips decks/film-night.yaml -o out       a stream copy: about a second a clip
  deckhand clips decks/ -o out --exact              re-encoded: frame-exact everywhere, slower
  deckhand build decks/ -o out --clips cut          slides that play out/clips/…")]
    Clips {
        /// Outline files (`.yaml`, `.yml`) or folders of outlines.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The clips go to DIR/clips/.
        #[arg(short, long, value_name = "DIR", default_value = "out")]
        out: PathBuf,
        /// Re-encode, for cuts exact to the frame in every player (much
        /// slower); by default the film's streams are copied.
        #[arg(long)]
        exact: bool,
    },
    /// Build, then rebuild whenever an outline, one of its images or its theme changes.
    #[command(after_help = "\
A broken edit prints its problems and keeps the last good PDFs; the next good
edit rebuilds. Press Ctrl-C to stop.

Examples:
  deckhand watch decks/film-night.yaml
  deckhand watch decks/ -o out --only slides")]
    Watch(DocumentArgs),
    /// Build an outline's slides for the browser and open them there.
    #[command(after_help = "\
Builds the slides as with `build --format html` into a temporary folder (or
DIR), then opens NAME-present/index.html in the default browser (or the
program the `BROWSER` variable names). Press P there for the presenter window.

Examples:
  deckhand present decks/film-night.yaml
  deckhand present decks/film-night.yaml -o out --variant short
  deckhand present decks/film-night.yaml --watch    a live preview beside the editor")]
    Present(PresentArgs),
    /// Show what changed between two versions of an outline, as a trainer sees it.
    #[command(after_help = "\
OLD and NEW are outline files, folders of outlines (compared by file name),
or either at a git revision: REV:PATH, the path from the repository's top
(`./` for one from here), read with everything it uses at that revision.

Examples:
  deckhand diff main:decks/film-night.yaml decks/film-night.yaml
  deckhand diff HEAD~1:decks/film-night.yaml decks/film-night.yaml -o review
  deckhand diff origin/main:decks decks -o review --format png
  deckhand diff old.yaml new.yaml --format json
  deckhand diff main:decks/film-night.yaml decks/film-night.yaml --exit-code")]
    Diff(DiffArgs),
    /// Write a commented starter outline that builds as it is.
    #[command(after_help = "\
Example:
  deckhand new decks/my-workshop.yaml && deckhand build decks/my-workshop.yaml")]
    New {
        /// The file to create; an existing file is never replaced.
        file: PathBuf,
    },
    /// Start a repository of workshops: a project file, a starter outline in
    /// decks/, a shared scene in _library/, a .gitignore and a CI workflow.
    #[command(after_help = "\
Example:
  deckhand init workshops && deckhand build workshops/decks")]
    Init {
        /// The folder to fill (made if missing); no existing file is ever replaced.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print the JSON Schema of the outline format, for editor completion.
    #[command(after_help = "\
Examples:
  deckhand schema > outline.schema.json
then put this first line in an outline, for VS Code's YAML extension:
  # yaml-language-server: $schema=outline.schema.json
  deckhand schema --part > part.schema.json        for files in _library/
  deckhand schema --project > project.schema.json  for deckhand.yaml")]
    Schema {
        /// Print instead the reference of the data templates read (`/data.json`), in Markdown.
        #[arg(long, conflicts_with_all = ["project", "part"])]
        template_data: bool,
        /// Print instead the schema of the project file, `deckhand.yaml`.
        #[arg(long, conflicts_with = "part")]
        project: bool,
        /// Print instead the schema of an included file: a section, a block, or a list of them.
        #[arg(long)]
        part: bool,
    },
    /// List the built-in themes, or export one as a theme folder to edit.
    #[command(after_help = "\
Examples:
  deckhand themes                              list the built-in themes
  deckhand themes export classic decks/my-theme
then put `theme: ./my-theme` in an outline in decks/")]
    Themes {
        #[command(subcommand)]
        action: Option<ThemesAction>,
    },
    /// Print a shell completion script.
    #[command(after_help = "\
Examples:
  deckhand completions bash > ~/.local/share/bash-completion/completions/deckhand
  deckhand completions zsh > \"${fpath[1]}/_deckhand\"
  deckhand completions fish > ~/.config/fish/completions/deckhand.fish
  deckhand completions powershell >> $PROFILE")]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// What `diff` compares and what it makes.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: an outline, a folder of outlines, or either at a git revision (`main:decks/x.yaml`).
    pub old: String,
    /// The new version, named the same ways.
    pub new: String,
    /// Also write a review of the changed slides, old beside new, into DIR
    /// (`<name>-review.pdf`).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The summary as `markdown` (the default), `text` or `json`; the review
    /// as a `pdf` (the default) or `png` pages; both with a comma: `text,png`.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<DiffFormatArg>,
    /// Pixels per inch of PNG pages.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PPI,
          value_parser = clap::value_parser!(u32).range(18..=600))]
    pub ppi: u32,
    /// Exit with status 1 when the versions differ, 0 when they do not (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Stop if rendering (the review, and the handouts laid out to count
    /// their pages) takes longer than this many seconds in all.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIME_LIMIT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub time_limit: u64,
}

/// How `diff` prints its summary, or makes its review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatArg {
    Markdown,
    Text,
    Json,
    Pdf,
    Png,
}

#[derive(Debug, Subcommand)]
pub enum ThemesAction {
    /// Write a built-in theme's files (theme.typ and the templates) into a folder, to edit.
    Export {
        /// The built-in theme to start from (`deckhand themes` lists them).
        name: String,
        /// The folder to write; existing files are never replaced.
        dir: PathBuf,
    },
}

/// What `deckhand present` builds and opens.
#[derive(Debug, clap::Args)]
pub struct PresentArgs {
    /// The outline file to present.
    pub path: PathBuf,
    /// The folder the presenter folder is written to (default: a folder
    /// `deckhand-present` in the system's temporary folder).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The variant to present, for an outline that declares `variants`.
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Link the films as if the slides were in DIR (as `build` does).
    #[arg(long, value_name = "DIR", value_parser = folder_or_none_yet, conflicts_with = "watch")]
    pub clips_relative_to: Option<PathBuf>,
    /// Build and say where the page is, without opening a browser.
    #[arg(long)]
    pub no_open: bool,
    /// Serve the folder (and the films its clips play) on 127.0.0.1, rebuild
    /// on every save as `watch` does, and reload the pages on the same slide.
    #[arg(long)]
    pub watch: bool,
}

impl PresentArgs {
    /// The `build` that makes the presenter folder into `out`.
    pub fn build_args(&self, out: PathBuf) -> BuildArgs {
        BuildArgs {
            documents: DocumentArgs {
                paths: vec![self.path.clone()],
                out,
                only: vec![TargetArg::Slides],
                paper: None,
                font_path: Vec::new(),
                format: vec!["html".to_string()],
                ppi: DEFAULT_PPI,
                variant: self.variant.clone(),
                revision: None,
                participants: None,
                time_limit: DEFAULT_TIME_LIMIT.as_secs(),
                no_cache: false,
                clips_relative_to: self.clips_relative_to.clone(),
                no_notes: false,
                pptx_clips: PptxClipsArg::Still,
                pdf_standard: PdfStandardArg::Ua1,
                clips: ClipsArg::Films,
            },
            check: false,
            emit_typst: None,
            contact_sheet: false,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub documents: DocumentArgs,
    /// Write nothing; exit 1 and name the files in the output folder that differ
    /// from what the outlines produce now.
    #[arg(long)]
    pub check: bool,
    /// Also write a standalone Typst project to DIR: `typst compile` on its
    /// `<name>-slides.typ` makes the same deck.
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
    /// Also write `<name>-contact.png`: every slide as a thumbnail, 4 to a row
    /// (for pull requests and READMEs).
    #[arg(long)]
    pub contact_sheet: bool,
}

/// What to build and where: shared by `build` and `watch`.
#[derive(Debug, clap::Args)]
pub struct DocumentArgs {
    /// Outline files (`.yaml`, `.yml`) or folders of outlines.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The folder the files are written to.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Build only these documents (`roles`: the role cards, for an outline with a role-play).
    #[arg(long, value_delimiter = ',', default_values = ["slides", "handout", "guide", "roles"])]
    pub only: Vec<TargetArg>,
    /// Paper for the handout, guide and role cards, overriding the outline's `handout.paper`.
    #[arg(long)]
    pub paper: Option<PaperArg>,
    /// A folder of fonts (.ttf, .otf) to use besides the bundled ones; may be repeated.
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// The files to make, one or more: `pdf` (PDFs and pdfpc notes), `png`
    /// (one PNG per page: `<name>-slides-01.png`, …), `contact-sheet`, `html`
    /// (`<name>-present/`: the slides presented in a browser from the disk),
    /// `pptx` (the slides as an editable PowerPoint deck, with the
    /// facilitator's notes: `<name>-slides.pptx`).
    #[arg(long, value_delimiter = ',', default_value = "pdf",
          value_parser = clap::builder::PossibleValuesParser::new(crate::export::formats()))]
    pub format: Vec<String>,
    /// Pixels per inch of PNG pages and nothing else (144: slides at 1920 × 1080).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PPI,
          value_parser = clap::value_parser!(u32).range(18..=600))]
    pub ppi: u32,
    /// Build only this variant of outlines that declare `variants` (default: every one).
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Printed beside the outline's `version` on the title slide and in the
    /// footers, e.g. `--revision "$(git describe --always)"`.
    #[arg(long, value_name = "TEXT")]
    pub revision: Option<String>,
    /// How many take part, overriding the outline's `participants`: the role
    /// cards hold one set for each group a role-play needs.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=500))]
    pub participants: Option<u32>,
    /// Stop if the documents take longer than this many seconds to render,
    /// all of them together (a theme folder's code may loop for ever);
    /// `watch` allows each rebuild this long.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIME_LIMIT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub time_limit: u64,
    /// Prepare every picture afresh, neither reading nor writing the cache of
    /// prepared pictures (kept in `DECKHAND_CACHE_DIR`, else the user's cache folder).
    #[arg(long)]
    pub no_cache: bool,
    /// Write the slides' links to films relative to DIR instead of the output
    /// folder: for slides copied into DIR's copy (a USB stick holding DIR's films).
    #[arg(long, value_name = "DIR", value_parser = folder_or_none_yet)]
    pub clips_relative_to: Option<PathBuf>,
    /// `ua-1`: accessible PDFs (PDF/UA-1; the handout and guide also PDF/A-2a),
    /// refused when a rule is broken; `none`: tagged PDFs, no standard checked.
    #[arg(long, value_enum, value_name = "STANDARD", default_value = "ua-1")]
    pub pdf_standard: PdfStandardArg,
    /// What a scene's play area opens: `films`, the whole film at the clip's
    /// times; `cut`, the clip cut to its own file in the output folder's
    /// `clips/` (cut with ffmpeg when missing), which pdfpc plays exactly.
    #[arg(long, value_enum, value_name = "FILES", default_value = "films")]
    pub clips: ClipsArg,
    /// Leave the facilitator's notes, the questions' hints and the clips'
    /// cues out of the PowerPoint deck (`--format pptx`): a copy for a client,
    /// where hints would give the answers away.
    #[arg(long)]
    pub no_notes: bool,
    /// What a scene's slide in the PowerPoint deck (`--format pptx`) holds:
    /// `still`, the still with the clip's badge and cue; `embed`, the clip
    /// cut to its own file (as `--clips cut` does) and embedded as a movie
    /// that plays on click, the still as its poster.
    #[arg(long, value_enum, value_name = "CLIPS", default_value = "still")]
    pub pptx_clips: PptxClipsArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PptxClipsArg {
    Still,
    Embed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ClipsArg {
    Films,
    Cut,
}

/// A folder, or a path where nothing is yet (a USB stick's folder not made
/// yet); a file there is a mistake.
fn folder_or_none_yet(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    match std::fs::metadata(&path) {
        Ok(found) if !found.is_dir() => Err(format!(
            "`{text}` is a file, not a folder; name the folder the slides will be copied into"
        )),
        _ => Ok(path),
    }
}

impl DocumentArgs {
    /// The library's options for these arguments, dating PDFs without a
    /// `date` by `fallback_date`.
    pub fn options(&self, fallback_date: Date) -> BuildOptions {
        let mut targets: Vec<DocumentKind> = self.only.iter().map(|&t| t.into()).collect();
        targets.sort();
        targets.dedup();
        BuildOptions {
            out_dir: self.out.clone(),
            targets,
            paper: self.paper.map(Into::into),
            emit_typst: None,
            font_paths: self.font_path.clone(),
            formats: crate::export::formats()
                .into_iter()
                .filter(|name| self.format.iter().any(|asked| asked == name))
                .collect(),
            ppi: self.ppi,
            variant: self.variant.clone(),
            revision: self.revision.clone(),
            participants: self.participants,
            fallback_date,
            time_limit: std::time::Duration::from_secs(self.time_limit),
            cache_folder: if self.no_cache {
                None
            } else {
                crate::output::cache_folder()
            },
            clips_relative_to: self.clips_relative_to.clone(),
            pdf_standard: self.pdf_standard.into(),
            // Embedding a clip needs it cut to a file of its own.
            clips: match (self.clips, self.pptx_clips) {
                (ClipsArg::Films, PptxClipsArg::Still) => ClipFiles::Films,
                _ => ClipFiles::Cut { ffmpeg: None },
            },
            speaker_notes: !self.no_notes,
            embed_clips: self.pptx_clips == PptxClipsArg::Embed,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PdfStandardArg {
    #[value(name = "ua-1")]
    Ua1,
    None,
}

impl From<PdfStandardArg> for PdfStandard {
    fn from(arg: PdfStandardArg) -> PdfStandard {
        match arg {
            PdfStandardArg::Ua1 => PdfStandard::Ua1,
            PdfStandardArg::None => PdfStandard::TaggedOnly,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TargetArg {
    Slides,
    Handout,
    Guide,
    Roles,
}

impl From<TargetArg> for DocumentKind {
    fn from(arg: TargetArg) -> DocumentKind {
        match arg {
            TargetArg::Slides => DocumentKind::Slides,
            TargetArg::Handout => DocumentKind::Handout,
            TargetArg::Guide => DocumentKind::Guide,
            TargetArg::Roles => DocumentKind::Roles,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PaperArg {
    A4,
    UsLetter,
}

impl From<PaperArg> for Paper {
    fn from(arg: PaperArg) -> Paper {
        match arg {
            PaperArg::A4 => Paper::A4,
            PaperArg::UsLetter => Paper::UsLetter,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
