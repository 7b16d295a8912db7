//! Film files for clips: found inside the project, their length read from the container's header alone.
//!
//! A film is gigabytes; deckhand reads only what says how long it lasts: an
//! MP4 or QuickTime file's `moov` box (found by stepping over the others),
//! a Matroska or WebM file's segment information. [`mp4parse`] (Mozilla's
//! parser, fuzzed in Firefox) reads the first, [`matroska_demuxer`] the second.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, FileId};
use crate::outline::{Block, Loaded, Scene, Text, Timecode};
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

/// A scene's film file, checked: where it is and how long it lasts.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedVideo {
    /// What the outline wrote in `video:`.
    pub written: String,
    /// The file that wrote it (a path is relative to that file's folder).
    pub named_in: FileId,
    /// Canonical, inside the project's root.
    pub path: PathBuf,
    /// The film's length in seconds, from its header.
    pub seconds: f64,
}

impl CheckedVideo {
    /// The film's length in whole seconds, rounded to the nearest.
    pub fn length(&self) -> Timecode {
        Timecode(self.seconds.round().clamp(0.0, f64::from(u32::MAX)) as u32)
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
        self.list
            .iter()
            .find(|v| v.written == video.value && v.named_in == video.span.file)
    }

    pub fn iter(&self) -> impl Iterator<Item = &CheckedVideo> {
        self.list.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The films as slides written into `folder` link to them: by a path
    /// relative to that folder.
    pub fn linked_from(&self, folder: &Path) -> Vec<VideoLink> {
        let folder = real_folder(folder);
        self.list
            .iter()
            .map(|video| VideoLink {
                written: video.written.clone(),
                named_in: video.named_in,
                file: VideoFile {
                    path: relative_link(&folder, &video.path),
                    length: video.length(),
                },
            })
            .collect()
    }
}

/// A checked film and the path a slides PDF links to it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VideoLink {
    pub written: String,
    pub named_in: FileId,
    pub file: VideoFile,
}

impl VideoLink {
    /// Whether this is the film a scene's `video:` names.
    pub fn is(&self, video: &Text) -> bool {
        self.written == video.value && self.named_in == video.span.file
    }
}

/// `folder` as an absolute path with its links resolved, though it (or
/// folders above it) may not exist yet: the output folder of a first build.
fn real_folder(folder: &Path) -> PathBuf {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut real = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in missing.into_iter().rev() {
        real.push(name);
    }
    lexically_normal(&real)
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

/// Finds and reads the header of every scene's `video`, and checks each
/// scene's clip against the film's length: the files, and every problem
/// (errors at the `video:` or `clip:` line; a warning for a film without a clip).
pub fn check_videos(loaded: &Loaded) -> (Videos, Vec<Diagnostic>) {
    let scenes: Vec<&Scene> = loaded
        .outline
        .blocks()
        .filter_map(|(_, block)| match &block.value {
            Block::Scene(scene) => Some(&**scene),
            _ => None,
        })
        .collect();
    // Each file once, however many scenes name it.
    let mut read: BTreeMap<(FileId, &str), Result<CheckedVideo, Diagnostic>> = BTreeMap::new();
    for video in scenes.iter().filter_map(|s| s.video.as_ref()) {
        read.entry((video.span.file, video.value.as_str()))
            .or_insert_with(|| check_file(loaded, video));
    }
    let mut videos = Videos::default();
    let mut problems = Vec::new();
    for result in read.values() {
        match result {
            Ok(video) => videos.list.push(video.clone()),
            Err(problem) => problems.push(loaded.locate(problem.clone())),
        }
    }
    for scene in scenes {
        let Some(video) = scene.video.as_ref().and_then(|v| videos.find(v)) else {
            continue;
        };
        let length = video.length();
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
                    && f64::from(range.end.0) > video.seconds + SLACK_SECONDS
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

/// Finds one `video:` file inside the root and reads its length.
fn check_file(loaded: &Loaded, video: &Text) -> Result<CheckedVideo, Diagnostic> {
    let written = video.value.as_str();
    let problem = |message: String, hint: &str| {
        Diagnostic::error(message)
            .at(video.span)
            .with_hint(hint.to_string())
    };
    let folder = loaded.folder_of(video.span.file);
    let path = loaded.root.resolve(folder, written).map_err(|message| {
        let hint = match super::near_name(&loaded.root, folder, written) {
            Some(near) => near.hint(written),
            None => format!(
                "put the film inside {} and give its path relative to the file that names it",
                loaded.root.described()
            ),
        };
        problem(format!("cannot use the video: {message}"), &hint)
    })?;
    let formats = "videos can be MP4, M4V, MOV, MKV or WebM files";
    let known_extension = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
    if !known_extension {
        return Err(problem(
            format!(
                "`{written}` is not a video file deckhand can link (its name must end in .mp4, .m4v, .mov, .mkv or .webm)"
            ),
            formats,
        ));
    }
    if !paths::is_file(&path) {
        return Err(problem(format!("`{written}` is not a file"), formats));
    }
    if written.contains('?') {
        // pdfpc reads what follows a `?` as its playing options.
        return Err(problem(
            format!("pdfpc cannot play `{written}`: its name has a `?`"),
            "rename the file without `?`",
        ));
    }
    let seconds = read_length(&loaded.root.path, &path).map_err(|why| match why {
        HeaderProblem::NotAVideo => problem(
            format!(
                "`{written}` is not a video (its start is neither an MP4 nor a Matroska header)"
            ),
            formats,
        ),
        HeaderProblem::Truncated => problem(
            format!("the header of `{written}` is cut short"),
            "the file is incomplete: copy it again, or let the download or export finish",
        ),
        HeaderProblem::Unreadable(detail) => problem(
            format!("cannot read the header of `{written}` ({detail})"),
            "open the file in a video player to check it; saving it again (remuxing) often helps",
        ),
        HeaderProblem::NoLength => problem(
            format!("`{written}` does not say how long it lasts"),
            "save it again as a finished file (a live recording may lack its length)",
        ),
    })?;
    if seconds > MAX_FILM_SECONDS {
        return Err(problem(
            format!(
                "`{written}` says it lasts {:.0} hours, longer than a day",
                seconds / 3600.0
            ),
            "its header is damaged or made up; save the film again (remux it), or cut the scene into a file of its own",
        ));
    }
    Ok(CheckedVideo {
        written: written.to_string(),
        named_in: video.span.file,
        path,
        seconds,
    })
}

/// Why a film's length could not be read.
#[derive(Debug, PartialEq)]
enum HeaderProblem {
    NotAVideo,
    Truncated,
    Unreadable(String),
    NoLength,
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

/// The length of the film at `path` in seconds, from its header only.
fn read_length(within: &Path, path: &Path) -> Result<f64, HeaderProblem> {
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
    let seconds = if start[..4] == [0x1A, 0x45, 0xDF, 0xA3] {
        if matroska_segment_end(&mut file)?.is_some_and(|end| end > size) {
            return Err(HeaderProblem::Truncated);
        }
        file.seek(SeekFrom::Start(0))?;
        matroska_length(file)?
    } else if is_box_type(&start[4..8]) {
        iso_length(&mut file, size)?
    } else {
        return Err(HeaderProblem::NotAVideo);
    };
    if seconds.is_finite() && seconds > 0.0 {
        Ok(seconds)
    } else {
        Err(HeaderProblem::NoLength)
    }
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
fn iso_length(file: &mut Opened, size: u64) -> Result<f64, HeaderProblem> {
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
            return movie_length(&moov);
        }
        at += box_size;
    }
    // No `moov`: an export or a download that has not finished.
    Err(HeaderProblem::Truncated)
}

/// The length a `moov` box gives: the longest track as presented (edits
/// included), else as stored, else the fragments' total.
fn movie_length(moov: &[u8]) -> Result<f64, HeaderProblem> {
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
    Ok([presented, stored, fragments]
        .into_iter()
        .find(|s| *s > 0.0)
        .unwrap_or(0.0))
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

/// A Matroska or WebM file: the segment's `Duration`, in its timestamp scale.
fn matroska_length(file: Opened) -> Result<f64, HeaderProblem> {
    use matroska_demuxer::DemuxError;
    let film = matroska_demuxer::MatroskaFile::open(file).map_err(|error| match error {
        DemuxError::IoError(e) => e.into(),
        DemuxError::ElementSizeExceedsStream { .. } => HeaderProblem::Truncated,
        other => HeaderProblem::Unreadable(other.to_string().to_lowercase()),
    })?;
    let info = film.info();
    let nanoseconds_per_unit = info.timestamp_scale().get() as f64;
    Ok(info
        .duration()
        .map_or(0.0, |units| units * nanoseconds_per_unit / 1e9))
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
            let read = read_length(Path::new("/"), &folder.join(name)).expect(name);
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
        assert_eq!(
            read_length(Path::new("/"), &path),
            Err(HeaderProblem::NotAVideo)
        );
        std::fs::write(&path, "tiny").expect("written");
        assert_eq!(
            read_length(Path::new("/"), &path),
            Err(HeaderProblem::NotAVideo)
        );
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
        assert_eq!(
            read_length(Path::new("/"), &path),
            Err(HeaderProblem::Truncated)
        );
    }
}
