//! The outline: serde types that mirror the YAML file one to one, loaded with positions.

mod inline;
mod load;
mod model;
mod spanned;
mod values;

pub use inline::{Run, parse_inline};
pub use load::{LoadError, MAX_OUTLINE_BYTES, load_bytes, load_file, load_str};
pub use model::*;
pub use spanned::{Parsed, Spanned};
pub use values::{
    ClipRange, ClockTime, Date, GroupForm, HandoutLayout, Language, Minutes, Paper, Timecode,
};
