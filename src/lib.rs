//! deckhand turns a workshop outline written in YAML into a slide deck, a
//! printed handout, a facilitator guide and speaker notes, typeset by Typst.
//!
//! The modules follow the pipeline, each stage reading only earlier ones:
//!
//! ```text
//! outline (load YAML, the project file and includes, keep positions)
//!   -> validate -> plan (ids, schedule, variant, slides, what each
//!   audience sees) -> assets (stills, films, fonts, theme) -> render
//!   (Typst lays out the slides, handout, guide) -> export (PDF, PNG,
//!   contact sheet, pdfpc) -> output (whole or not at all)
//! ```
//!
//! [`pipeline`] is the only place that knows that order; [`cli`] is the only
//! place that prints. `deckhand diff` plans two versions of an outline (one
//! maybe read at a git revision by [`git`]) and compares them in
//! [`review`]. [`paths`] says which files an outline may reach, [`limits`]
//! what one run may cost. Without the default `render` feature only loading,
//! validation and planning are built (for the fuzz targets in `fuzz/`).

#[cfg(feature = "render")]
pub mod assets;
#[cfg(feature = "render")]
pub mod cli;
pub mod diag;
#[cfg(feature = "render")]
pub mod export;
pub mod git;
pub mod i18n;
pub mod limits;
pub mod outline;
pub mod output;
pub mod parallel;
pub mod paths;
#[cfg(feature = "render")]
pub mod pipeline;
pub mod plan;
#[cfg(feature = "render")]
pub mod render;
pub mod review;
#[cfg(feature = "render")]
pub mod serve;
pub mod theme;
pub mod validate;
#[cfg(feature = "render")]
pub mod watch;
