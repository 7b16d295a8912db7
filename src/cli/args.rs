//! The command line's shape: clap types, turned into the library's plain options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::outline::Paper;
use crate::render::Target;

/// Turns a workshop outline (YAML) into slides, a handout and a facilitator guide.
#[derive(Debug, Parser)]
#[command(name = "deckhand", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build outlines into PDFs (slides, handout, guide) and speaker notes.
    ///
    /// Example: deckhand build decks/ -o out --only slides,handout
    Build(BuildArgs),
    /// Check outlines and report every problem, writing nothing.
    ///
    /// Example: deckhand check decks/film-night.yaml
    Check {
        /// Outline files (`.yaml`, `.yml`) or folders of outlines.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Write a commented starter outline that builds as it is.
    ///
    /// Example: deckhand new decks/my-workshop.yaml
    New {
        /// The file to create; an existing file is never replaced.
        file: PathBuf,
    },
    /// Print the JSON Schema of the outline format, for editor completion.
    Schema,
    /// List the built-in themes.
    Themes,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Outline files (`.yaml`, `.yml`) or folders of outlines.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The folder the files are written to.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Build only these documents.
    #[arg(long, value_delimiter = ',', default_values = ["slides", "handout", "guide"])]
    pub only: Vec<TargetArg>,
    /// Paper for the handout and guide, overriding the outline's `handout.paper`.
    #[arg(long)]
    pub paper: Option<PaperArg>,
    /// A folder of fonts (.ttf, .otf) to use besides the bundled ones; may be repeated.
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TargetArg {
    Slides,
    Handout,
    Guide,
}

impl From<TargetArg> for Target {
    fn from(arg: TargetArg) -> Target {
        match arg {
            TargetArg::Slides => Target::Slides,
            TargetArg::Handout => Target::Handout,
            TargetArg::Guide => Target::Guide,
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
