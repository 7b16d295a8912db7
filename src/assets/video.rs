//! Film files for clips: found inside the project, their length read from the container's header alone.
//!
//! A film is gigabytes; deckhand reads only what says how long it lasts: an
//! MP4 or QuickTime file's `moov` box (found by stepping over the others),
//! a Matroska or WebM file's segment information. [`mp4parse`] (Mozilla's
//! parser, fuzzed in Firefox) reads the first, [`matroska_demuxer`] the second.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, FileId, Span};
use crate::outline::{Block, ClipRange, Loaded, Scene, Text, Timecode};
use crate::paths::{self, Kind, Opened, Refused};
use crate::plan::VideoFile;

/// The file names pdfpc plays: it decides by the extension whether a link is a film.
const EXTENSIONS: [&str; 5] = ["mp4", "m4v", "mov", "mkv", "webm"];
/// A `moov` box larger than this is refused before it is read: a three-hour
/// film's is a few megabytes.
const MAX_MOVIE_BOX: u64 = 64 * 1024 * 1024;
/// A clip may end this far past the last frame: timecodes are whole
/// seconds, and a film of 1:59.6 is "2:00" to the trainer.
const SLACK_SECONDS: f64 = 1.0;
/// The longest film deckhand links: a header claiming more is damaged or
/// made up (the longest films run a few hours).
const MAX_FILM_SECONDS: f64 = 24.0 * 3600.0;

/// The environment variable that names a machine's own films folders
/// (separated as in `PATH`), looked in before the project file's `films:`.
pub const FILMS_VARIABLE: &str = "DECKHAND_FILMS";

/// A scene's film file, checked: where the slides link to it, and its
/// header when it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedVideo {
    /// What the outline wrote in `video:`.
    pub written: String,
    /// The file that wrote it (a path is relative to that file's folder).
    pub named_in: FileId,
    /// Where the first scene naming it wrote it, for problems found later.
    pub span: Span,
    /// The file the slides link to, absolute: where the outline names it
    /// (the folder of the file that names it joined with what it wrote,
    /// worked out by name and never through a link, so that the link says
    /// what the outline says), or the file of that name in a films folder.
    pub path: PathBuf,
    /// What its header says; none when the film was not found.
    pub header: Option<Header>,
}

impl CheckedVideo {
    /// The film's length in whole seconds, rounded to the nearest.
    pub fn length(&self) -> Option<Timecode> {
        self.header
            .as_ref()
            .map(|h| Timecode(h.seconds.round().clamp(0.0, f64::from(u32::MAX)) as u32))
    }

    /// Whether this is the film a scene's `video:` names.
    pub fn is(&self, video: &Text) -> bool {
        self.written == video.value && self.named_in == video.span.file
    }
}

/// Every scene's film file, found by what the outline wrote and where.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Videos {
    list: Vec<CheckedVideo>,
}

impl Videos {
    /// The checked file a scene's `video:` names.
    pub fn find(&self, video: &Text) -> Option<&CheckedVideo> {
        self.list.iter().find(|v| v.is(video))
    }

    pub fn iter(&self) -> impl Iterator<Item = &CheckedVideo> {
        self.list.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The films as slides written into `folder` link to them: by a path
    /// relative to that folder. A link pdfpc would misread is an error at
    /// the `video:` line.
    pub fn linked_from(&self, folder: &Path) -> (Vec<VideoLink>, Vec<Diagnostic>) {
        let folder = real_folder(folder);
        let mut problems = Vec::new();
        let links = self
            .list
            .iter()
            .map(|video| {
                let path = relative_link(&folder, &video.path);
                if let Some(why) = unplayable(&path) {
                    problems.push(unplayable_problem(&path, why, video.span));
                }
                VideoLink {
                    written: video.written.clone(),
                    named_in: video.named_in,
                    clip: None,
                    file: VideoFile {
                        path,
                        length: video.length(),
                        aspect: video.header.as_ref().and_then(Header::aspect),
                        found: video.header.is_some(),
                        cut: false,
                    },
                }
            })
            .collect();
        (links, problems)
    }
}

/// A checked film and the path a slides PDF links to it by.
#[derive(Clone, Debug, PartialEq)]
pub struct VideoLink {
    pub written: String,
    pub named_in: FileId,
    /// The clip a cut file holds; none for the whole film.
    pub clip: Option<ClipRange>,
    pub file: VideoFile,
}

impl VideoLink {
    /// Whether this is the file that plays a scene's `video:` and `clip`.
    pub fn is(&self, video: &Text, clip: Option<ClipRange>) -> bool {
        self.written == video.value
            && self.named_in == video.span.file
            && (self.clip.is_none() || self.clip == clip)
    }
}

/// The path to `file` from the folder `folder` (absolute, links resolved),
/// as a slides PDF in `folder` links to it.
pub fn link_from(folder: &Path, file: &Path) -> String {
    let file = match (file.parent(), file.file_name()) {
        (Some(parent), Some(name)) => real_folder(parent).join(name),
        _ => file.to_path_buf(),
    };
    relative_link(&real_folder(folder), &file)
}

/// Why pdfpc (through GStreamer, which reads the link as a URL) would not
/// play the file a link names: what the link holds that a URL reads otherwise.
pub fn unplayable(link: &str) -> Option<&'static str> {
    if link.contains('?') {
        return Some("pdfpc reads what follows a `?` as its playing options, not as the name");
    }
    if link.contains('#') {
        return Some("a player reads what follows a `#` as a place in the file, not as the name");
    }
    let bytes = link.as_bytes();
    let escaped = bytes
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    if escaped {
        return Some(
            "a player reads `%` and two hex digits as one escaped character, not as written",
        );
    }
    None
}

fn unplayable_problem(link: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::error(format!("pdfpc cannot play `{link}`: {why}"))
        .at(span)
        .with_hint(
            "rename the file (or its folder) without `?`, `#` or `%`, and change `video:` to match",
        )
}

/// `folder` as an absolute path with its links resolved, though it (or
/// folders above it) may not exist yet: the output folder of a first build.
fn real_folder(folder: &Path) -> PathBuf {
    lexically_normal(&paths::real_even_if_missing(folder))
}

/// `path` with `.` and `..` worked out by name.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// The path from `folder` to `file`, both absolute, `/`-separated as pdfpc
/// reads it. A first part with a `:` gets `./` before it, or pdfpc would
/// read it as a URL's scheme.
fn relative_link(folder: &Path, file: &Path) -> String {
    let from: Vec<Component> = folder.components().collect();
    let to: Vec<Component> = file.components().collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if shared == 0 {
        return file.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - shared];
    parts.extend(
        to[shared..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    let link = parts.join("/");
    if parts.first().is_some_and(|p| p.contains(':')) {
        format!("./{link}")
    } else {
        link
    }
}

/// Where films the project does not hold are looked for: the folders of
/// `DECKHAND_FILMS`, then the project file's `films:`.
pub fn film_folders(loaded: &Loaded) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::env::var_os(FILMS_VARIABLE)
        .map(|list| {
            std::env::split_paths(&list)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    folders.extend(loaded.films.iter().cloned());
    folders
}

/// Finds and reads the header of every scene's `video`, and checks each
/// scene's clip against the film's length: the files, and every problem
/// (errors at the `video:` or `clip:` line; warnings for a film without a
/// clip, one not found, one whose shape is unknown). With `films_required`
/// (`check --films`, on the presenting machine) a film not found is an error.
pub fn check_videos(loaded: &Loaded, films_required: bool) -> (Videos, Vec<Diagnostic>) {
    let scenes: Vec<&Scene> = loaded
        .outline
        .blocks()
        .filter_map(|(_, block)| match &block.value {
            Block::Scene(scene) => Some(&**scene),
            _ => None,
        })
        .collect();
    let folders = film_folders(loaded);
    // Each file once, however many scenes name it.
    let mut read: BTreeMap<(FileId, &str), Result<CheckedVideo, Diagnostic>> = BTreeMap::new();
    for video in scenes.iter().filter_map(|s| s.video.as_ref()) {
        read.entry((video.span.file, video.value.as_str()))
            .or_insert_with(|| check_file(loaded, video, &folders));
    }
    let mut videos = Videos::default();
    let mut problems = Vec::new();
    for result in read.values() {
        match result {
            Ok(video) => {
                if video.header.is_none() {
                    problems.push(loaded.locate(not_found(video, &folders, films_required)));
                } else if video.header.as_ref().and_then(Header::aspect).is_none() {
                    problems.push(loaded.locate(
                        Diagnostic::warning(format!(
                            "cannot read the picture's shape from the header of `{}`: its play area is the still's whole box, where a player may stretch it",
                            video.written
                        ))
                        .at(video.span)
                        .with_hint("saving the film again (remuxing) often writes its size"),
                    ));
                }
                videos.list.push(video.clone());
            }
            Err(problem) => problems.push(loaded.locate(problem.clone())),
        }
    }
    for scene in scenes {
        let Some(video) = scene.video.as_ref().and_then(|v| videos.find(v)) else {
            continue;
        };
        let (Some(header), Some(length)) = (&video.header, video.length()) else {
            continue;
        };
        match scene.clip.as_ref() {
            None => {
                let warning = Diagnostic::warning(format!(
                    "`{}` has no `clip`: the slide plays the whole film ({length})",
                    video.written
                ))
                .at(scene.video.as_ref().map(|v| v.span).unwrap_or_default())
                .with_hint(format!(
                    "give the scene's times, e.g. `clip: \"0:00-{length}\"` for a file that holds only the scene"
                ));
                problems.push(loaded.locate(warning));
            }
            Some(clip) => {
                if let Some(range) = clip.ok()
                    && f64::from(range.end.0) > header.seconds + SLACK_SECONDS
                {
                    let error = Diagnostic::error(format!(
                        "the clip ends at {}, after the end of `{}`, which lasts {length}",
                        range.end, video.written
                    ))
                    .at(clip.span)
                    .with_hint(
                        "check the timecodes against the film, or name the file that holds the whole film",
                    );
                    problems.push(loaded.locate(error));
                }
            }
        }
    }
    (videos, problems)
}

/// The problem of a film that is not here: a warning while preparing (the
/// films stay out of git), an error on the presenting machine.
fn not_found(video: &CheckedVideo, folders: &[PathBuf], films_required: bool) -> Diagnostic {
    let message = format!("the film `{}` is not here", video.written);
    let diagnostic = if films_required {
        Diagnostic::error(message)
    } else {
        Diagnostic::warning(format!(
            "{message}: the slides link to it where the outline names it"
        ))
    };
    let looked = if folders.is_empty() {
        format!(
            "looked where the outline names it; films kept outside git can be found by name in a films folder: `films:` in `deckhand.yaml`, or `{FILMS_VARIABLE}`"
        )
    } else {
        let list: Vec<String> = folders
            .iter()
            .map(|f| format!("`{}`", f.display()))
            .collect();
        format!(
            "looked where the outline names it, and by name in the films folders {}",
            list.join(", ")
        )
    };
    let diagnostic = diagnostic.at(video.span).with_hint(looked);
    if films_required {
        diagnostic
    } else {
        diagnostic
            .with_hint("`deckhand check --films` makes this an error, for the presenting machine")
    }
}

/// Finds one `video:` file: inside the root where the outline names it,
/// else by its name in a films folder; and reads its header.
fn check_file(
    loaded: &Loaded,
    video: &Text,
    folders: &[PathBuf],
) -> Result<CheckedVideo, Diagnostic> {
    let written = video.value.as_str();
    let problem = |message: String, hint: &str| {
        Diagnostic::error(message)
            .at(video.span)
            .with_hint(hint.to_string())
    };
    let known_extension = Path::new(written)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
    if !known_extension {
        return Err(problem(
            format!(
                "`{written}` is not a video file deckhand can link (its name must end in .mp4, .m4v, .mov, .mkv or .webm)"
            ),
            FORMATS,
        ));
    }
    if let Some(why) = unplayable(written) {
        return Err(unplayable_problem(written, why, video.span));
    }
    let Film {
        path,
        read_from,
        within,
    } = match find_film(loaded, video, folders, &problem)? {
        Found::Film(film) => film,
        // Kept outside git and not on this machine: linked all the same.
        Found::Elsewhere(named) => {
            return Ok(CheckedVideo {
                written: written.to_string(),
                named_in: video.span.file,
                span: video.span,
                path: named,
                header: None,
            });
        }
    };
    if !paths::is_file(&read_from) {
        return Err(problem(format!("`{written}` is not a file"), FORMATS));
    }
    let header = read_header(&within, &read_from).map_err(|why| {
        let (message, hint) = header_problem(written, why);
        problem(message, hint)
    })?;
    if header.seconds > MAX_FILM_SECONDS {
        return Err(problem(
            format!(
                "`{written}` says it lasts {:.0} hours, longer than a day",
                header.seconds / 3600.0
            ),
            "its header is damaged or made up; save the film again (remux it), or cut the scene into a file of its own",
        ));
    }
    Ok(CheckedVideo {
        written: written.to_string(),
        named_in: video.span.file,
        span: video.span,
        path,
        header: Some(header),
    })
}

/// The formats a film may have, as a hint.
const FORMATS: &str = "videos can be MP4, M4V, MOV, MKV or WebM files";

/// What is wrong with the header of the film `written`, and what to do.
fn header_problem(written: &str, why: HeaderProblem) -> (String, &'static str) {
    match why {
        HeaderProblem::NotAVideo => (
            format!(
                "`{written}` is not a video (its start is neither an MP4 nor a Matroska header)"
            ),
            FORMATS,
        ),
        HeaderProblem::Truncated => (
            format!("the header of `{written}` is cut short"),
            "the file is incomplete: copy it again, or let the download or export finish",
        ),
        HeaderProblem::Unreadable(detail) => (
            format!("cannot read the header of `{written}` ({detail})"),
            "open the file in a video player to check it; saving it again (remuxing) often helps",
        ),
        HeaderProblem::NoLength => (
            format!("`{written}` does not say how long it lasts"),
            "save it again as a finished file (a live recording may lack its length)",
        ),
    }
}

/// A film found on this machine.
struct Film {
    /// As the slides link it: its path as named, or in a films folder.
    path: PathBuf,
    /// Its real path, where its header is read.
    read_from: PathBuf,
    /// The folder it may be read within.
    within: PathBuf,
}

enum Found {
    Film(Film),
    /// Not in the project nor in a films folder: a film kept outside git,
    /// on another machine; linked by the path the outline names.
    Elsewhere(PathBuf),
}

/// The film `video` names: in the project, else by its file name in one
/// of the films `folders`.
fn find_film(
    loaded: &Loaded,
    video: &Text,
    folders: &[PathBuf],
    problem: &dyn Fn(String, &str) -> Diagnostic,
) -> Result<Found, Diagnostic> {
    let written = video.value.as_str();
    let folder = loaded.folder_of(video.span.file);
    let outside = |message: String| {
        problem(
            format!("cannot use the video: {message}"),
            &format!(
                "put the film inside {} and give its path relative to the file that names it, or keep it in a films folder (`films:` in `deckhand.yaml`) and name it by its file name",
                loaded.root.described()
            ),
        )
    };
    let named = named_path(folder, written);
    let resolved = match loaded.root.resolve(folder, written) {
        Ok(real) => Some(real),
        Err(message) => match &named {
            // Nothing of that name in the project: maybe in a films folder.
            Some(n)
                if n.starts_with(&loaded.root.path) && std::fs::symlink_metadata(n).is_err() =>
            {
                None
            }
            _ => return Err(outside(message.to_string())),
        },
    };
    let Some(named) = named else {
        return Err(outside(format!("`{written}` is not a relative path")));
    };
    if let Some(real) = resolved {
        return Ok(Found::Film(Film {
            path: named,
            read_from: real,
            within: loaded.root.path.clone(),
        }));
    }
    let name = Path::new(written).file_name().unwrap_or_default();
    let found = folders
        .iter()
        .map(|folder| real_folder(folder).join(name))
        .find(|candidate| paths::is_file(candidate));
    if let Some(candidate) = found {
        let within = candidate
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        return Ok(Found::Film(Film {
            path: candidate.clone(),
            read_from: candidate,
            within,
        }));
    }
    // A file of nearly that name is there: a misspelling, not a film kept outside git.
    if let Some(near) = super::near_name(&loaded.root, folder, written) {
        return Err(problem(
            format!("cannot use the video: `{written}` does not exist"),
            &near.hint(written),
        ));
    }
    Ok(Found::Elsewhere(named))
}

/// Where the outline names a film: the real folder of the file that names
/// it, joined with what it wrote, worked out by name (a link in what it
/// wrote is kept as a name). None for a path that is not relative.
fn named_path(folder: &Path, written: &str) -> Option<PathBuf> {
    let path = Path::new(written);
    if path.is_absolute()
        || written.starts_with(['/', '\\'])
        || path
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return None;
    }
    let folder = folder.canonicalize().ok()?;
    Some(lexically_normal(&folder.join(path)))
}

/// Why a film's header could not be read.
#[derive(Debug, PartialEq)]
pub enum HeaderProblem {
    NotAVideo,
    Truncated,
    Unreadable(String),
    NoLength,
}

impl std::fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderProblem::NotAVideo => {
                f.write_str("its start is neither an MP4 nor a Matroska header")
            }
            HeaderProblem::Truncated => f.write_str("its header is cut short"),
            HeaderProblem::Unreadable(detail) => f.write_str(detail),
            HeaderProblem::NoLength => f.write_str("it does not say how long it lasts"),
        }
    }
}

impl From<std::io::Error> for HeaderProblem {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::UnexpectedEof {
            HeaderProblem::Truncated
        } else {
            HeaderProblem::Unreadable(error.to_string())
        }
    }
}

/// What a film's header says: how long it lasts, its picture's shape, and
/// how its frames are laid out (for checking a cut clip).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// Seconds, as presented.
    pub seconds: f64,
    /// The picture as shown (rotation and pixel shape applied): width and
    /// height; none when the header does not say.
    pub shape: Option<(u32, u32)>,
    /// Seconds of media the presentation skips at its start: an MP4 edit
    /// list's, which a stream copy writes so that players start at the
    /// clip's first frame, not at the keyframe before it.
    pub skipped: f64,
    /// One frame's duration, in seconds, when the header says.
    pub frame: Option<f64>,
    /// The longest run from one keyframe to the next (or to the end), in
    /// seconds, when the header says.
    pub keyframe_gap: Option<f64>,
}

impl Header {
    /// The picture's width over its height.
    pub fn aspect(&self) -> Option<f64> {
        self.shape
            .filter(|(w, h)| *w > 0 && *h > 0)
            .map(|(w, h)| f64::from(w) / f64::from(h))
    }
}

/// The header of the film at `path`, a file inside the folder `within`:
/// its length and shape, read from its header only.
pub fn read_header(within: &Path, path: &Path) -> Result<Header, HeaderProblem> {
    let mut file = paths::open(within, path, Kind::Film).map_err(|refused| match refused {
        Refused::Unreadable(error) => HeaderProblem::from(error),
        other => HeaderProblem::Unreadable(format!("it {other}")),
    })?;
    let size = file.size();
    let mut start = [0u8; 8];
    file.read_exact(&mut start).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            HeaderProblem::NotAVideo
        } else {
            e.into()
        }
    })?;
    file.seek(SeekFrom::Start(0))?;
    let header = if start[..4] == [0x1A, 0x45, 0xDF, 0xA3] {
        if matroska_segment_end(&mut file)?.is_some_and(|end| end > size) {
            return Err(HeaderProblem::Truncated);
        }
        file.seek(SeekFrom::Start(0))?;
        matroska_header(file)?
    } else if is_box_type(&start[4..8]) {
        iso_header(&mut file, size)?
    } else {
        return Err(HeaderProblem::NotAVideo);
    };
    if header.seconds.is_finite() && header.seconds > 0.0 {
        Ok(header)
    } else {
        Err(HeaderProblem::NoLength)
    }
}

#[cfg(test)]
fn read_length(path: &Path) -> Result<f64, HeaderProblem> {
    read_header(Path::new("/"), path).map(|h| h.seconds)
}

/// The box types an MP4 or QuickTime file starts with.
fn is_box_type(kind: &[u8]) -> bool {
    [
        b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot", b"uuid",
    ]
    .iter()
    .any(|k| kind == *k)
}

/// An ISO base media file (MP4, M4V, MOV): steps over the top-level boxes
/// (the media data is most of the file, often before the `moov`) to the
/// `moov`, and reads only that.
fn iso_header(file: &mut Opened, size: u64) -> Result<Header, HeaderProblem> {
    let mut at = 0u64;
    while at < size {
        file.seek(SeekFrom::Start(at))?;
        let mut head = [0u8; 8];
        file.read_exact(&mut head)?;
        let declared = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
        let (box_size, head_size) = match declared {
            // The box runs to the end of the file.
            0 => (size - at, 8),
            1 => {
                let mut large = [0u8; 8];
                file.read_exact(&mut large)?;
                (u64::from_be_bytes(large), 16)
            }
            n => (n, 8),
        };
        if box_size < head_size {
            return Err(HeaderProblem::Unreadable(format!(
                "a box at byte {at} is shorter than its own header"
            )));
        }
        if at.saturating_add(box_size) > size {
            return Err(HeaderProblem::Truncated);
        }
        if &head[4..8] == b"moov" {
            if box_size > MAX_MOVIE_BOX {
                return Err(HeaderProblem::Unreadable(format!(
                    "its movie header is larger than {} MiB",
                    MAX_MOVIE_BOX / 1024 / 1024
                )));
            }
            file.seek(SeekFrom::Start(at))?;
            let mut moov = Vec::new();
            file.take(box_size).read_to_end(&mut moov)?;
            return movie_header(&moov);
        }
        at += box_size;
    }
    // No `moov`: an export or a download that has not finished.
    Err(HeaderProblem::Truncated)
}

/// What a `moov` box gives. The length: the longest track as presented
/// (edits included), else as stored, else the fragments' total. The rest
/// from the first video track.
fn movie_header(moov: &[u8]) -> Result<Header, HeaderProblem> {
    let context = mp4parse::read_mp4(&mut Cursor::new(moov)).map_err(|error| match error {
        mp4parse::Error::UnexpectedEOF => HeaderProblem::Truncated,
        mp4parse::Error::Io(e) => e.into(),
        other => HeaderProblem::Unreadable(format!("{other:?}").to_lowercase()),
    })?;
    let scale = |units: u64, per_second: u64| {
        (per_second > 0 && units != u64::MAX && units != u64::from(u32::MAX))
            .then(|| units as f64 / per_second as f64)
    };
    let movie_scale = context.timescale.map_or(0, |t| t.0);
    let presented = context
        .tracks
        .iter()
        .filter_map(|t| t.tkhd.as_ref().and_then(|h| scale(h.duration, movie_scale)))
        .fold(0.0_f64, f64::max);
    let stored = context
        .tracks
        .iter()
        .filter_map(|t| match (t.duration, t.timescale) {
            (Some(d), Some(s)) => scale(d.0, s.0),
            _ => None,
        })
        .fold(0.0_f64, f64::max);
    let fragments = context
        .mvex
        .as_ref()
        .and_then(|m| m.fragment_duration)
        .and_then(|d| scale(d.0, movie_scale))
        .unwrap_or(0.0);
    let seconds = [presented, stored, fragments]
        .into_iter()
        .find(|s| *s > 0.0)
        .unwrap_or(0.0);
    let mut header = Header {
        seconds,
        ..Header::default()
    };
    if let Some(video) = context
        .tracks
        .iter()
        .find(|t| t.track_type == mp4parse::TrackType::Video)
    {
        header.shape = track_shape(video);
        let per_second = video.timescale.map_or(0, |t| t.0);
        if per_second > 0 {
            let per_second = per_second as f64;
            let deltas = sample_deltas(video);
            header.frame = deltas.first().map(|d| f64::from(*d) / per_second);
            header.keyframe_gap =
                keyframe_gap(video, &deltas).map(|units| units as f64 / per_second);
            let first_offset =
                video
                    .ctts
                    .as_ref()
                    .and_then(|c| c.samples.first())
                    .map_or(0.0, |o| match o.time_offset {
                        mp4parse::TimeOffsetVersion::Version0(n) => f64::from(n),
                        mp4parse::TimeOffsetVersion::Version1(n) => f64::from(n),
                    });
            header.skipped = video
                .media_time
                .map_or(0.0, |t| (t.0 as f64 - first_offset).max(0.0) / per_second);
        }
    }
    Ok(header)
}

/// The most samples whose times are worked out: a three-hour film at 60
/// frames a second has 650 000.
const MAX_SAMPLES: u64 = 4_000_000;

/// The duration of each sample of `track`, in its timescale, from its
/// time-to-sample table (run-length coded, so short even for a long film).
fn sample_deltas(track: &mp4parse::Track) -> Vec<u32> {
    let Some(stts) = &track.stts else {
        return Vec::new();
    };
    let total: u64 = stts.samples.iter().map(|s| u64::from(s.sample_count)).sum();
    if total > MAX_SAMPLES {
        return Vec::new();
    }
    stts.samples
        .iter()
        .flat_map(|s| std::iter::repeat_n(s.sample_delta, s.sample_count as usize))
        .collect()
}

/// The longest run from one keyframe to the next (or to the end), in the
/// track's timescale: every frame is a keyframe without a sync-sample table.
fn keyframe_gap(track: &mp4parse::Track, deltas: &[u32]) -> Option<u64> {
    if deltas.is_empty() {
        return None;
    }
    let Some(stss) = &track.stss else {
        return deltas.iter().map(|d| u64::from(*d)).max();
    };
    let mut starts = Vec::with_capacity(deltas.len() + 1);
    let mut at = 0u64;
    for delta in deltas {
        starts.push(at);
        at += u64::from(*delta);
    }
    let end = at;
    let mut keyframes: Vec<u64> = stss
        .samples
        .iter()
        .filter_map(|n| starts.get((*n as usize).checked_sub(1)?).copied())
        .collect();
    keyframes.push(end);
    keyframes
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]))
        .max()
}

/// A video track's picture as shown: the track header's size (in which the
/// pixel shape is applied), turned a quarter by the matrix when it says so.
fn track_shape(track: &mp4parse::Track) -> Option<(u32, u32)> {
    let header = track.tkhd.as_ref()?;
    let (mut width, mut height) = (header.width >> 16, header.height >> 16);
    if width == 0 || height == 0 {
        let entry = track
            .stsd
            .as_ref()?
            .descriptions
            .iter()
            .find_map(|d| match d {
                mp4parse::SampleEntry::Video(v) => Some(v),
                _ => None,
            })?;
        (width, height) = (u32::from(entry.width), u32::from(entry.height));
    }
    let matrix = &header.matrix;
    if matrix.a == 0 && matrix.d == 0 && matrix.b != 0 && matrix.c != 0 {
        std::mem::swap(&mut width, &mut height);
    }
    (width > 0 && height > 0).then_some((width, height))
}

/// Where a Matroska file's segment says it ends (none when it does not
/// say, as a live recording): past the end of the file, the file was cut.
fn matroska_segment_end(file: &mut Opened) -> Result<Option<u64>, HeaderProblem> {
    let mut head = Vec::new();
    file.take(256).read_to_end(&mut head)?;
    // The EBML header (its id is 4 bytes), then the segment.
    let Some((header_size, header_length)) = ebml_size(&head[4..]) else {
        return Ok(None);
    };
    let segment = 4 + header_length + usize::try_from(header_size).unwrap_or(usize::MAX);
    let id = segment..segment.saturating_add(4);
    if head.get(id) != Some(&[0x18, 0x53, 0x80, 0x67][..]) {
        return Ok(None);
    }
    Ok(ebml_size(&head[segment + 4..]).map(|(size, length)| (segment + 4 + length) as u64 + size))
}

/// An EBML element's size (a variable-length integer) and how many bytes
/// it takes; none for "unknown size" or a malformed one.
fn ebml_size(bytes: &[u8]) -> Option<(u64, usize)> {
    let first = *bytes.first()?;
    let length = first.leading_zeros() as usize + 1;
    if length > 8 {
        return None;
    }
    let mut value = u64::from(first) & (0xFF >> length);
    for byte in bytes.get(1..length)? {
        value = (value << 8) | u64::from(*byte);
    }
    let unknown = (1u64 << (7 * length)) - 1;
    (value != unknown).then_some((value, length))
}

/// A Matroska or WebM file: the segment's `Duration`, in its timestamp
/// scale; the first video track's display size and frame duration. Its
/// keyframes are not in the header (only in the cues, at the end).
fn matroska_header(file: Opened) -> Result<Header, HeaderProblem> {
    use matroska_demuxer::{DemuxError, TrackType};
    let film = matroska_demuxer::MatroskaFile::open(file).map_err(|error| match error {
        DemuxError::IoError(e) => e.into(),
        DemuxError::ElementSizeExceedsStream { .. } => HeaderProblem::Truncated,
        other => HeaderProblem::Unreadable(other.to_string().to_lowercase()),
    })?;
    let info = film.info();
    let nanoseconds_per_unit = info.timestamp_scale().get() as f64;
    let mut header = Header {
        seconds: info
            .duration()
            .map_or(0.0, |units| units * nanoseconds_per_unit / 1e9),
        ..Header::default()
    };
    if let Some(track) = film
        .tracks()
        .iter()
        .find(|t| t.track_type() == TrackType::Video)
    {
        header.frame = track.default_duration().map(|d| d.get() as f64 / 1e9);
        if let Some(video) = track.video() {
            let pixels = (video.pixel_width().get(), video.pixel_height().get());
            let shown = match (video.display_width(), video.display_height()) {
                (Some(w), Some(h)) => (w.get(), h.get()),
                _ => pixels,
            };
            // Whatever the unit (pixels, centimetres, a ratio), the shape is the same.
            let (width, height) = shown;
            header.shape = u32::try_from(width)
                .ok()
                .zip(u32::try_from(height).ok())
                .filter(|(w, h)| *w > 0 && *h > 0);
        }
    }
    Ok(header)
}

/// The longest run from one keyframe to the next (or to the end) in the
/// Matroska file at `path`, read frame by frame: only for a cut clip, whose
/// keyframes its header does not give.
pub fn matroska_keyframe_gap(path: &Path) -> Option<f64> {
    let file = paths::open(path.parent()?, path, Kind::Film).ok()?;
    let mut film = matroska_demuxer::MatroskaFile::open(file).ok()?;
    let scale = film.info().timestamp_scale().get() as f64 / 1e9;
    let video = film
        .tracks()
        .iter()
        .find(|t| t.track_type() == matroska_demuxer::TrackType::Video)?
        .track_number()
        .get();
    let mut frame = matroska_demuxer::Frame::default();
    let mut keyframes = Vec::new();
    let mut last = 0u64;
    while film.next_frame(&mut frame).ok()? {
        if frame.track != video {
            continue;
        }
        last = last.max(frame.timestamp);
        if frame.is_keyframe != Some(false) {
            keyframes.push(frame.timestamp);
        }
    }
    keyframes.push(last);
    keyframes
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]))
        .max()
        .map(|units| units as f64 * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: the length of each kind of film is read from its header, to the frame.
    #[test]
    fn each_container_gives_its_length() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/videos");
        for (name, seconds) in [
            ("twelve-seconds.mp4", 12.0),
            ("nine-seconds.mkv", 9.0),
            ("seven-seconds.webm", 7.0),
            ("five-seconds.mov", 5.0),
        ] {
            let read = read_length(&folder.join(name)).expect(name);
            assert!((read - seconds).abs() < 0.6, "{name}: {read}");
        }
    }

    /// Proves: links go up and down from the slides' folder, `/`-separated.
    #[test]
    fn links_are_relative_to_the_slides_folder() {
        let link = |from: &str, to: &str| relative_link(Path::new(from), Path::new(to));
        assert_eq!(link("/p/out", "/p/clips/a.mp4"), "../clips/a.mp4");
        assert_eq!(link("/p", "/p/clips/a.mp4"), "clips/a.mp4");
        assert_eq!(link("/p/clips", "/p/clips/a.mp4"), "a.mp4");
        assert_eq!(link("/p/out/deep", "/p/a:b.mp4"), "../../a:b.mp4");
        assert_eq!(link("/p", "/p/a:b.mp4"), "./a:b.mp4");
        assert_eq!(
            lexically_normal(Path::new("/p/out/../x/./y")),
            PathBuf::from("/p/x/y")
        );
    }

    /// Proves: a file that is neither container is "not a video", whatever its name.
    #[test]
    fn text_is_not_a_video() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("notes.mp4");
        std::fs::write(&path, "these are my notes, not a film").expect("written");
        assert_eq!(read_length(&path), Err(HeaderProblem::NotAVideo));
        std::fs::write(&path, "tiny").expect("written");
        assert_eq!(read_length(&path), Err(HeaderProblem::NotAVideo));
    }

    /// Proves: an MP4 whose media data runs past the end of the file is truncated.
    #[test]
    fn a_box_past_the_end_is_truncated() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("cut.mp4");
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&[0, 0, 0, 16]);
        bytes.extend_from_slice(b"ftypisom");
        bytes.extend_from_slice(&[0, 0, 0, 0]);
        bytes.extend_from_slice(&[0, 0, 0x10, 0]);
        bytes.extend_from_slice(b"mdat");
        bytes.extend_from_slice(&[0; 100]);
        std::fs::write(&path, bytes).expect("written");
        assert_eq!(read_length(&path), Err(HeaderProblem::Truncated));
    }
}
