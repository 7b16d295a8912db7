//! The outline: serde types that mirror the YAML file one to one, loaded with
//! positions, with the project's defaults and included files spliced in.

mod de;
mod inline;
mod load;
mod model;
mod problems;
mod schema;
mod spanned;
mod values;
mod yaml;

pub use inline::{Run, parse_inline};
pub use load::{
    Load, Loaded, MAX_EXPANDED_NODES, MAX_INCLUDE_DEPTH, MAX_ITEMS, MAX_LIST_ITEMS, MAX_NESTING,
    MAX_OUTLINE_BYTES, PROJECT_FILE, Sources, load_bytes, load_file, load_file_with, load_str,
};
pub use model::*;
pub use schema::{outline_schema, part_schema, project_schema};
pub use spanned::{Parsed, Spanned};
pub use values::{
    ClipRange, ClockTime, Colour, Date, Fit, Focus, GroupForm, HandoutLayout, Language,
    MAX_MINUTES, MAX_NOTE_LINES, MAX_PARTICIPANTS, Minutes, NoteLines, Paper, Participants, Reveal,
    Timecode, Year,
};
