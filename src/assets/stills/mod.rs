//! Stills and image slides: checked from their headers (`check`), then prepared for Typst (`build`).

mod header;
mod prepare;
mod svg;
mod svg_cost;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use typst::foundations::Bytes;

use crate::diag::{Diagnostic, Site, Span};
use crate::outline::Loaded;
use crate::output::PictureCache;
use crate::parallel::parallel_map;
use crate::paths::{self, Kind, Refused, Root};
use header::Header;

/// The longest side a still keeps on slides: sharp on a projector, small in a PDF.
const MAX_SIDE: u32 = 2560;
/// A slide's still is at least this wide whenever its source is (a 1080p screen's width).
const MIN_SLIDE_WIDTH: u32 = 1920;
/// The longest side of a handout card's still: about 300 dpi at its printed size.
const CARD_SIDE: u32 = 1200;
/// Pictures up to this size serve as their own card (unless it must be grey).
const CARD_REUSE_SIDE: u32 = 1800;
/// Larger images are refused before they are decoded.
const MAX_DECODE_SIDE: u32 = 20_000;
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// Larger image files are refused before they are read.
const MAX_FILE_BYTES: u64 = Kind::Picture.bound();
/// A colour profile is a few kilobytes; a larger one (packed, or unpacked
/// from a PNG) is refused, so that none can take the memory of a build.
const MAX_PROFILE_BYTES: u64 = 4 * 1024 * 1024;
/// Changes whenever preparing a picture gives different bytes, so that the
/// persistent cache never serves what an older deckhand made.
const PREPARATION: &str = "3";
/// Part of each prepared picture's name, which every document's data holds
/// (and so its PDF's identifier): kept when only the preparation changes, so
/// that a picture prepared as before leaves its documents' bytes as before.
const NAMING: &str = "2";

/// A still (or an `image` block's picture) ready for Typst: its virtual path, bytes and shape.
#[derive(Clone, Debug)]
pub struct PreparedStill {
    /// What the outline wrote in `still:` or `src:`.
    pub written: String,
    /// Where Typst finds it, e.g. `/stills/0123456789abcdef.jpg`.
    pub virtual_path: String,
    /// Shared, so that every document's render uses it without a copy.
    pub bytes: typst::foundations::Bytes,
    /// The smaller copy for handout cards (grey when the outline asks), e.g. `/stills/…-card.png`.
    pub card_path: String,
    pub card_bytes: typst::foundations::Bytes,
    pub width: u32,
    pub height: u32,
    /// The file read, for `watch`.
    pub source_path: PathBuf,
}

/// A picture the outline names, found and its header checked.
#[derive(Clone, Debug)]
struct Picture {
    written: String,
    noun: &'static str,
    span: Span,
    /// Where the file that names it was included from.
    included_from: Vec<Site>,
    path: PathBuf,
    header: Header,
    /// An SVG logo, drawn into a PNG when it is prepared.
    svg: bool,
}

/// Every picture of an outline, checked from its header: what `check`
/// verifies, and what `build` then prepares.
#[derive(Clone, Debug)]
pub struct Pictures {
    /// The folder the pictures may come from.
    root: PathBuf,
    items: Vec<Picture>,
    grayscale_cards: bool,
}

impl Pictures {
    /// The files the pictures come from, for `watch`.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.items.iter().map(|p| p.path.as_path())
    }
}

/// Finds every still and image of `outline` and checks each from its header
/// (format, size, rotation, the memory it would take): no pixel is decoded.
/// Returns the pictures that passed, and a problem at the line of each other.
pub fn inspect_stills(loaded: &Loaded) -> (Pictures, Vec<Diagnostic>) {
    let outline = &loaded.outline;
    let mut items: Vec<Picture> = Vec::new();
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (written, noun) in outline.pictures() {
        if seen.contains(&written.value.as_str()) {
            continue;
        }
        seen.push(&written.value);
        let name = Named {
            written: &written.value,
            noun,
        };
        let folder = loaded.folder_of(written.span.file);
        let svg = noun == "logo" && svg::is_svg(&written.value);
        let found = find_inside(&loaded.root, folder, &name).and_then(|path| {
            inspect(&loaded.root.path, &path, svg, &name).map(|found| (path, found))
        });
        let included_from = loaded
            .locate(Diagnostic::error("").at(written.span))
            .included_from;
        match found {
            Ok((path, (header, left_out_pictures))) => {
                if left_out_pictures {
                    let mut warning = name.pictures_left_out().at(written.span);
                    warning.included_from.clone_from(&included_from);
                    problems.push(warning);
                }
                items.push(Picture {
                    written: written.value.clone(),
                    noun,
                    span: written.span,
                    included_from,
                    path,
                    header,
                    svg,
                });
            }
            Err(refusal) => problems.push(refusal.at(written.span, included_from)),
        }
    }
    let pictures = Pictures {
        root: loaded.root.path.clone(),
        items,
        grayscale_cards: outline.grayscale_handout(),
    };
    (pictures, problems)
}

/// Prepares every picture for Typst: upright, at most 2560 px, with its
/// handout card; or a problem at its line when its data turns out broken.
///
/// Each prepared picture is kept in `memory` (`watch` re-prepares only
/// what changed) and, with a `cache` folder, on disk by content: the next
/// build reads it back instead of preparing it again.
pub fn prepare_stills(
    pictures: &Pictures,
    cache: Option<&Path>,
    memory: &StillsMemory,
) -> (Vec<PreparedStill>, Vec<Diagnostic>) {
    let cache = cache.map(PictureCache::new);
    let stored_any = AtomicBool::new(false);
    let results = parallel_map(
        &pictures.items,
        |picture| -> Result<PreparedStill, Refusal> {
            let name = Named {
                written: &picture.written,
                noun: picture.noun,
            };
            let bytes = read_whole(&pictures.root, &picture.path, picture.svg, &name)?;
            let key = cache_key(&bytes, pictures.grayscale_cards);
            let hex = hex(&key);
            let made_from = made_from(&key, pictures.grayscale_cards);
            let stores = Stores {
                memory,
                cache: cache.as_ref(),
                stored_any: &stored_any,
            };
            let grey = pictures.grayscale_cards;
            let shape = stores.shape(key, &made_from, || {
                if picture.svg {
                    svg::prepare(&bytes, grey, &name)
                } else {
                    prepare::prepare(&bytes, &picture.header, grey, &name)
                }
            })?;
            let stem = &hex[..16];
            Ok(PreparedStill {
                written: picture.written.clone(),
                virtual_path: format!("/stills/{stem}.{}", shape.extension),
                bytes: shape.bytes.clone(),
                card_path: format!("/stills/{stem}-card.{}", shape.card_extension),
                card_bytes: shape.card_bytes.clone(),
                width: shape.width,
                height: shape.height,
                source_path: picture.path.clone(),
            })
        },
        &|_| {},
    );
    if let Some(cache) = &cache
        && stored_any.load(Ordering::Relaxed)
    {
        cache.trim();
    }
    let mut prepared = Vec::new();
    let mut problems: Vec<Diagnostic> = take_cache_warning().into_iter().collect();
    for (picture, result) in pictures.items.iter().zip(results) {
        let result = result.unwrap_or_else(|| {
            Err(Refusal {
                message: format!("the picture `{}` could not be prepared", picture.written),
                hint: "deckhand stopped unexpectedly on it; please report this with the picture"
                    .into(),
            })
        });
        match result {
            Ok(still) => prepared.push(still),
            Err(refusal) => {
                problems.push(refusal.at(picture.span, picture.included_from.clone()));
            }
        }
    }
    (prepared, problems)
}

/// Where a prepared picture is kept: in memory for the session, and on
/// the disk (`cache`) for the next build.
struct Stores<'a> {
    memory: &'a StillsMemory,
    cache: Option<&'a PictureCache>,
    /// Whether a picture went into the disk cache, which is then trimmed.
    stored_any: &'a AtomicBool,
}

impl Stores<'_> {
    /// The picture `key`, made from `made_from`: kept in memory, else read
    /// back from the disk cache, else made by `prepare` (and stored).
    fn shape(
        &self,
        key: [u8; 32],
        made_from: &str,
        prepare: impl FnOnce() -> Result<Shape, Refusal>,
    ) -> Result<Arc<Shape>, Refusal> {
        if let Some(shape) = self.memory.get(&key) {
            return Ok(shape);
        }
        let entry = entry_name(made_from);
        let from_disk = self
            .cache
            .and_then(|c| c.load(&entry, made_from.as_bytes()))
            .and_then(|entry| Shape::from_entry(&entry));
        let shape = match from_disk {
            Some(shape) => Arc::new(shape),
            None => {
                let shape = Arc::new(prepare()?);
                if let Some(cache) = self.cache {
                    match cache.store(&entry, made_from.as_bytes(), &shape.to_entry()) {
                        Ok(()) => self.stored_any.store(true, Ordering::Relaxed),
                        Err(error) => warn_once(error),
                    }
                }
                shape
            }
        };
        self.memory.keep(key, &shape);
        Ok(shape)
    }
}

/// The cache's first failure to write, kept until a build reports it; one
/// warning per process, however many pictures and outlines it prepares.
static CACHE_WARNING: Mutex<Option<Diagnostic>> = Mutex::new(None);
static CACHE_WARNED: AtomicBool = AtomicBool::new(false);

fn warn_once(error: crate::output::OutputError) {
    if CACHE_WARNED.swap(true, Ordering::Relaxed) {
        return;
    }
    let warning = Diagnostic::warning(format!(
        "{error}; pictures are prepared afresh on every build"
    ))
    .with_hint("set `DECKHAND_CACHE_DIR` to a folder you can write, or pass `--no-cache`");
    if let Ok(mut slot) = CACHE_WARNING.lock() {
        *slot = Some(warning);
    }
}

fn take_cache_warning() -> Option<Diagnostic> {
    CACHE_WARNING.lock().ok()?.take()
}

/// Names the picture in messages: what the outline wrote, and whether it is a still or an image.
struct Named<'a> {
    written: &'a str,
    noun: &'static str,
}

/// Why a picture cannot be used, in a trainer's words.
#[derive(Debug)]
struct Refusal {
    message: String,
    hint: String,
}

impl Refusal {
    fn at(self, span: Span, included_from: Vec<Site>) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(self.message)
            .at(span)
            .with_hint(self.hint);
        diagnostic.included_from = included_from;
        diagnostic
    }
}

impl Named<'_> {
    fn refuse(&self, message: String, hint: &str) -> Refusal {
        Refusal {
            message,
            hint: hint.to_string(),
        }
    }

    /// The formats deckhand reads, as a hint.
    fn formats(&self) -> String {
        if self.noun == "logo" {
            return "a logo can be an SVG, PNG, JPEG, WebP, GIF, BMP or TIFF file".into();
        }
        format!(
            "{}s can be PNG, JPEG, WebP, GIF, BMP or TIFF files",
            self.noun
        )
    }

    fn not_an_svg(&self, detail: &str) -> Refusal {
        let message = format!(
            "`{}` is not an SVG deckhand can read ({detail})",
            self.written
        );
        self.refuse(
            message,
            "open it in a drawing program and save it again as plain SVG, or save the logo as a PNG",
        )
    }

    /// An SVG that would cost too much to draw: `why` says what it "has".
    fn too_costly(&self, why: &str) -> Refusal {
        let message = format!("the {} `{}` {why}", self.noun, self.written);
        self.refuse(
            message,
            "simplify it in a drawing program, or save the logo as a PNG",
        )
    }

    fn drawing_too_large(&self) -> Refusal {
        let message = format!(
            "the {} `{}` is larger than {} MiB",
            self.noun,
            self.written,
            Kind::Drawing.bound() / 1024 / 1024
        );
        self.refuse(
            message,
            "a drawn logo takes a few kilobytes: save it again without pictures or fonts inside, or as a PNG",
        )
    }

    /// A warning: the SVG's own pictures (`<image>`) are not drawn.
    fn pictures_left_out(&self) -> Diagnostic {
        Diagnostic::warning(format!(
            "the {} `{}` shows pictures of its own (`<image>`), which deckhand leaves out",
            self.noun, self.written
        ))
        .with_hint("draw it with shapes and text only, or save the logo as a PNG")
    }

    fn not_an_image(&self, detail: &str) -> Refusal {
        let message = format!(
            "`{}` is not an image deckhand can read ({detail})",
            self.written
        );
        self.refuse(message, &self.formats())
    }

    /// Why the read door refused the picture.
    fn refused(&self, refused: Refused) -> Refusal {
        match refused {
            Refused::TooLarge { .. } => self.file_too_large(),
            Refused::Unreadable(error) => self.cannot_read(&error),
            Refused::NotAFile(_) => self.refuse(
                format!(
                    "cannot use the {}: `{}` is not a file",
                    self.noun, self.written
                ),
                &self.formats(),
            ),
            other => self.refuse(
                format!("cannot use the {}: `{}` {other}", self.noun, self.written),
                "put the image inside the project's folder, not behind a link that leads out of it",
            ),
        }
    }

    fn cannot_read(&self, error: &std::io::Error) -> Refusal {
        let message = format!("cannot read the {} `{}` ({error})", self.noun, self.written);
        self.refuse(message, &self.formats())
    }

    fn damaged(&self, detail: &str) -> Refusal {
        let message = format!("the {} `{}` is damaged ({detail})", self.noun, self.written);
        self.refuse(
            message,
            "open it in an image editor and save it again, or copy it afresh from where it came from",
        )
    }

    fn file_too_large(&self) -> Refusal {
        let message = format!(
            "the {} `{}` is larger than {} MiB",
            self.noun,
            self.written,
            MAX_FILE_BYTES / 1024 / 1024
        );
        self.refuse(message, "save it as a JPEG of at most a few megabytes")
    }

    fn too_large(&self) -> Refusal {
        let message = format!(
            "the {} `{}` is too large to open (more than {MAX_DECODE_SIDE} pixels on a side)",
            self.noun, self.written
        );
        self.refuse(message, "resize it to at most 2560 pixels on its long side")
    }

    fn too_much_memory(&self, header: &Header) -> Refusal {
        let message = format!(
            "the {} `{}` is too large to open ({} x {} pixels take {} MiB once decoded; at most {} MiB)",
            self.noun,
            self.written,
            header.width,
            header.height,
            header.decoded_bytes.div_ceil(1024 * 1024),
            MAX_DECODE_BYTES / 1024 / 1024
        );
        self.refuse(message, "resize it to at most 2560 pixels on its long side")
    }

    fn profile_too_large(&self) -> Refusal {
        let message = format!(
            "the {} `{}` carries a colour profile larger than {} MiB",
            self.noun,
            self.written,
            MAX_PROFILE_BYTES / 1024 / 1024
        );
        self.refuse(
            message,
            "export it again as sRGB (\"save for web\" in most editors): its profile is then a few kilobytes, or none",
        )
    }
}

/// Finds `written` (relative to `folder`) inside `root`: a regular file, not a link out of it.
fn find_inside(root: &Root, folder: &Path, name: &Named) -> Result<PathBuf, Refusal> {
    let path = root.resolve(folder, name.written).map_err(|message| {
        let hint = match super::near_name(root, folder, name.written) {
            Some(near) => near.hint(name.written),
            None => format!(
                "put the image inside {} and give its path relative to the file that names it",
                root.described()
            ),
        };
        name.refuse(format!("cannot use the {}: {message}", name.noun), &hint)
    })?;
    // Only a regular file: a folder, a device or a named pipe (which would
    // block the read for ever) is refused before it is opened.
    if !paths::is_file(&path) {
        return Err(name.refuse(
            format!(
                "cannot use the {}: `{}` is not a file",
                name.noun, name.written
            ),
            &name.formats(),
        ));
    }
    Ok(path)
}

/// What a picture's file says: its header, or an SVG logo's drawing
/// checked (its header that of the PNG it becomes), with whether the
/// drawing's own pictures are left out.
fn inspect(within: &Path, path: &Path, svg: bool, name: &Named) -> Result<(Header, bool), Refusal> {
    if svg {
        let checked = svg::check(&read_whole(within, path, true, name)?, name)?;
        return Ok((checked.header, checked.left_out_pictures));
    }
    header::read_header(within, path, name).map(|header| (header, false))
}

/// Reads a picture whole, within the file size limit (it may have grown
/// since its header was read); an SVG within the tighter bound of a drawing.
fn read_whole(within: &Path, path: &Path, svg: bool, name: &Named) -> Result<Vec<u8>, Refusal> {
    let kind = if svg { Kind::Drawing } else { Kind::Picture };
    paths::read(within, path, kind).map_err(|refused| match refused {
        Refused::TooLarge { .. } if svg => name.drawing_too_large(),
        refused => name.refused(refused),
    })
}

/// What preparing a picture makes, whatever its name: shared by every use of it.
#[derive(Debug)]
struct Shape {
    bytes: Bytes,
    extension: &'static str,
    card_bytes: Bytes,
    card_extension: &'static str,
    width: u32,
    height: u32,
}

/// The first line of a cache entry; the rest is the shape, then both pictures.
const ENTRY_MAGIC: &[u8] = b"deckhand prepared picture\n";

impl Shape {
    /// The shape as a cache entry (the cache adds its own check of the whole).
    fn to_entry(&self) -> Vec<u8> {
        let same_card = self.card_bytes.as_slice() == self.bytes.as_slice();
        let mut entry = ENTRY_MAGIC.to_vec();
        entry.extend_from_slice(&self.width.to_le_bytes());
        entry.extend_from_slice(&self.height.to_le_bytes());
        entry.push(u8::from(self.extension == "jpg"));
        entry.push(u8::from(self.card_extension == "jpg"));
        entry.push(u8::from(same_card));
        entry.extend_from_slice(&(self.bytes.len() as u64).to_le_bytes());
        entry.extend_from_slice(&self.bytes);
        if !same_card {
            entry.extend_from_slice(&self.card_bytes);
        }
        entry
    }

    /// Reads an entry back; `None` for anything that is not one whole entry.
    fn from_entry(entry: &[u8]) -> Option<Shape> {
        let rest = entry.strip_prefix(ENTRY_MAGIC)?;
        let (fixed, rest) = rest.split_at_checked(4 + 4 + 3 + 8)?;
        let width = u32::from_le_bytes(fixed[0..4].try_into().ok()?);
        let height = u32::from_le_bytes(fixed[4..8].try_into().ok()?);
        let extension = |jpeg: u8| if jpeg == 1 { "jpg" } else { "png" };
        let slide_length =
            usize::try_from(u64::from_le_bytes(fixed[11..19].try_into().ok()?)).ok()?;
        let (slide, card) = rest.split_at_checked(slide_length)?;
        let bytes = Bytes::new(slide.to_vec());
        let card_bytes = if fixed[10] == 1 {
            if !card.is_empty() {
                return None;
            }
            bytes.clone()
        } else {
            Bytes::new(card.to_vec())
        };
        if bytes.is_empty() || card_bytes.is_empty() || width == 0 || height == 0 {
            return None;
        }
        Some(Shape {
            bytes,
            extension: extension(fixed[8]),
            card_bytes,
            card_extension: extension(fixed[9]),
            width,
            height,
        })
    }
}

/// What names a prepared picture, in memory and on disk: its bytes, its
/// [`NAMING`], and which deckhand prepares it. The same picture is the same
/// file in every document and every exported project.
fn cache_key(bytes: &[u8], grayscale_card: bool) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"deckhand ");
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update(b" preparation ");
    hash.update(NAMING.as_bytes());
    hash.update([u8::from(grayscale_card)]);
    hash.update(bytes);
    hash.finalize().into()
}

/// What a cache entry of a picture is made from, recorded in the entry and
/// checked when it is read: the source picture's digest (its [`cache_key`],
/// so that a picture's bytes are hashed once a build), and everything
/// that changes how it is prepared, the vector instructions this machine's
/// decoders and resizers use included (they can change a resized
/// picture's bytes: a cache folder shared between machines, restored in CI
/// on another runner, then never hands one machine's pictures to another).
fn made_from(key: &[u8; 32], grayscale_card: bool) -> String {
    let mut machine = std::env::consts::ARCH.to_string();
    #[cfg(target_arch = "x86_64")]
    for (feature, present) in [
        ("sse4.1", std::arch::is_x86_feature_detected!("sse4.1")),
        ("avx", std::arch::is_x86_feature_detected!("avx")),
        ("avx2", std::arch::is_x86_feature_detected!("avx2")),
        ("fma", std::arch::is_x86_feature_detected!("fma")),
    ] {
        machine.push_str(&format!(" {feature}={present}"));
    }
    format!(
        "source {}; deckhand {}; preparation {PREPARATION}; grey card {grayscale_card}; machine {machine}",
        hex(key),
        env!("CARGO_PKG_VERSION"),
    )
}

/// The cache entry's name: the digest of what it is made from.
fn entry_name(made_from: &str) -> String {
    hex(&Sha256::digest(made_from.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The pictures prepared lately, by their content's digest, kept by
/// whoever runs the builds: those used in this round of builds and in the
/// last. [`StillsMemory::new_round`] lets the older go, so a long `watch`
/// of edited pictures holds only what its last builds showed.
#[derive(Debug, Default)]
pub struct StillsMemory {
    rounds: Mutex<Rounds>,
}

#[derive(Debug, Default)]
struct Rounds {
    this: HashMap<[u8; 32], Arc<Shape>>,
    last: HashMap<[u8; 32], Arc<Shape>>,
}

impl StillsMemory {
    fn get(&self, key: &[u8; 32]) -> Option<Arc<Shape>> {
        let mut rounds = self.rounds.lock().ok()?;
        if let Some(shape) = rounds.this.get(key) {
            return Some(Arc::clone(shape));
        }
        let shape = rounds.last.remove(key)?;
        rounds.this.insert(*key, Arc::clone(&shape));
        Some(shape)
    }

    /// Keeps a prepared picture; a full round (a folder of many pictures)
    /// starts again rather than grow without end.
    fn keep(&self, key: [u8; 32], shape: &Arc<Shape>) {
        if let Ok(mut rounds) = self.rounds.lock() {
            if rounds.this.len() >= 256 {
                rounds.this.clear();
            }
            rounds.this.insert(key, Arc::clone(shape));
        }
    }

    /// Starts a new round: the pictures the last round did not use are let go.
    pub fn new_round(&self) {
        if let Ok(mut rounds) = self.rounds.lock() {
            rounds.last = std::mem::take(&mut rounds.this);
        }
    }
}
