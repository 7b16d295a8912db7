//! Cut clips: each scene's clip cut by ffmpeg into a file of its own, checked, and kept while current.
//!
//! ffmpeg writes each clip to a temporary name created here (exclusively,
//! never through a link), and the file is renamed into place only once its
//! length, read back with deckhand's own header reader, matches the clip.
//! A record beside the clips (`.deckhand-clips.json`) says what each was
//! cut from, so that a clip whose film, times and mode have not changed is
//! not cut again. ffmpeg is run directly, never through a shell, and every
//! file it is given is a `file:` URL of an absolute path, so that no film's
//! name can be read as an option or a protocol.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use super::{OutputError, temporary_path, write_all};
use crate::assets::{Header, read_header};
use crate::outline::ClipRange;

/// The environment variable naming the ffmpeg to run, instead of the one on `PATH`.
pub const FFMPEG_VARIABLE: &str = "DECKHAND_FFMPEG";
/// The oldest ffmpeg whose stream copies start on the clip's first frame
/// (it writes the MP4 edit list that skips the frames before it).
const OLDEST_FFMPEG: (u32, u32) = (4, 0);
/// The record of what each clip of a folder was cut from.
const RECORD: &str = ".deckhand-clips.json";
/// A record larger than this is not deckhand's (a clip's entry is 150 bytes).
const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;
/// How far a cut clip may run past its end when the header gives no
/// keyframes: ffmpeg's usual distance between keyframes (250 frames at 25 a second).
const USUAL_KEYFRAME_GAP: f64 = 10.0;

/// How clips are cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CutMode {
    /// A stream copy: no re-encoding, about a second for a two-minute clip;
    /// starts on the clip's first frame in players that honour MP4 edit lists.
    #[default]
    Copy,
    /// Re-encoded: frame-exact in every player, much slower.
    Exact,
}

/// One clip to cut.
#[derive(Clone, Debug, PartialEq)]
pub struct Cut {
    /// The film, absolute.
    pub film: PathBuf,
    /// Its header, read when it was checked.
    pub header: Header,
    pub clip: ClipRange,
}

impl Cut {
    /// `love-actually-1h02m10s-1h04m30s.mp4`: the film's name, then the
    /// clip's start and end, so that a folder of clips sorts by film and
    /// time and says what each is; the film's own extension.
    pub fn file_name(&self) -> String {
        let stem = self
            .film
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extension = self
            .film
            .extension()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!(
            "{stem}-{}-{}.{extension}",
            clock(self.clip.start.0),
            clock(self.clip.end.0)
        )
    }
}

/// `1h02m10s`: sorts as text for films under ten hours, and has no `:`
/// (which Windows refuses in a name).
fn clock(seconds: u32) -> String {
    format!(
        "{}h{:02}m{:02}s",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The ffmpeg deckhand runs.
#[derive(Clone, Debug)]
pub struct Ffmpeg {
    pub program: PathBuf,
    /// As `ffmpeg -version` says it: `5.1.9-0+deb12u1`.
    pub version: String,
}

/// Why ffmpeg cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FfmpegError {
    #[error("cutting clips needs ffmpeg, which is not installed (or not on `PATH`)")]
    Missing,
    #[error("cannot run `{program}` ({reason})")]
    NotRunnable { program: String, reason: String },
    #[error("`{program}` is not ffmpeg (`-version` does not say `ffmpeg version`)")]
    NotFfmpeg { program: String },
    #[error("ffmpeg {version} is too old to cut clips; deckhand needs ffmpeg 4.0 or newer")]
    TooOld { version: String },
}

impl FfmpegError {
    /// How to get a usable ffmpeg, on each system.
    pub fn hints(&self) -> Vec<String> {
        let mut hints = vec![
            "install it: on Debian or Ubuntu `sudo apt install ffmpeg`; on macOS `brew install ffmpeg`; on Windows `winget install Gyan.FFmpeg` (then open a new terminal)".to_string(),
        ];
        if !matches!(self, FfmpegError::Missing) {
            hints.push(format!(
                "or set `{FFMPEG_VARIABLE}` to the path of an ffmpeg program"
            ));
        } else {
            hints.push(format!(
                "an ffmpeg that is not on `PATH` can be named by `{FFMPEG_VARIABLE}`"
            ));
        }
        hints
    }
}

/// Finds ffmpeg (`DECKHAND_FFMPEG`, else on `PATH`) and checks its version.
pub fn find_ffmpeg() -> Result<Ffmpeg, FfmpegError> {
    let program = match std::env::var_os(FFMPEG_VARIABLE).filter(|p| !p.is_empty()) {
        Some(named) => PathBuf::from(named),
        None => on_path("ffmpeg").ok_or(FfmpegError::Missing)?,
    };
    let shown = program.display().to_string();
    let output = Command::new(&program)
        .args(["-hide_banner", "-version"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| FfmpegError::NotRunnable {
            program: shown.clone(),
            reason: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("ffmpeg version "))
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or(FfmpegError::NotFfmpeg { program: shown })?
        .to_string();
    if release(&version).is_some_and(|found| found < OLDEST_FFMPEG) {
        return Err(FfmpegError::TooOld { version });
    }
    Ok(Ffmpeg { program, version })
}

/// The release a version names (`5.1.9-0+deb12u1`, `n6.1`): none for a
/// build from git (`N-113000-g…`, `2024-06-13-git-…`), which is newer than any.
fn release(version: &str) -> Option<(u32, u32)> {
    let version = version.strip_prefix('n').unwrap_or(version);
    let mut parts = version.split(|c: char| !c.is_ascii_digit());
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    // A date (`2024-06-13-git`) is not a release.
    (major < 1000).then_some((major, minor))
}

/// The program `name` in a folder of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let folders = std::env::var_os("PATH")?;
    let names: Vec<String> = if cfg!(windows) {
        vec![format!("{name}.exe"), name.to_string()]
    } else {
        vec![name.to_string()]
    };
    std::env::split_paths(&folders)
        .filter(|f| f.is_absolute())
        .flat_map(|folder| names.iter().map(move |n| folder.join(n)))
        .find(|candidate| candidate.is_file())
}

/// What one clip's cutting came to.
#[derive(Debug)]
pub enum Outcome {
    /// Cut now, its length checked.
    Cut(PathBuf),
    /// Already there and current.
    Current(PathBuf),
    /// ffmpeg failed, or the file it wrote is not the clip.
    Failed { message: String, hint: String },
}

/// How far the cutting has gone: the clip being cut (from 0), how many
/// there are, and how much of this one is done (0 to 1).
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub clip: usize,
    pub of: usize,
    pub done: f64,
}

/// What each clip of a folder was cut from, by its file name.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
struct Record {
    clips: BTreeMap<String, Source>,
}

/// What one clip was cut from: the film's size and modification time, the
/// clip's times, the mode, and the cut file's size.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct Source {
    film_bytes: u64,
    film_modified: (u64, u32),
    start: u32,
    end: u32,
    mode: CutMode,
    bytes: u64,
}

impl Source {
    /// Whether this cut is what `wanted` asks for: the same film and
    /// times, and the same mode or better (an exact cut serves for a copy).
    fn same_cut(&self, wanted: &Source) -> bool {
        self.film_bytes == wanted.film_bytes
            && self.film_modified == wanted.film_modified
            && self.start == wanted.start
            && self.end == wanted.end
            && (self.mode == wanted.mode || self.mode == CutMode::Exact)
    }
}

/// Cuts each of `cuts` into `folder` (`…/clips`), skipping those already
/// there and current; `progress` hears how far it has gone. One outcome per
/// cut, in order; an error only when the folder or the record cannot be written.
pub fn cut_clips(
    ffmpeg: &Ffmpeg,
    cuts: &[Cut],
    folder: &Path,
    mode: CutMode,
    progress: &dyn Fn(Progress),
) -> Result<Vec<Outcome>, OutputError> {
    if folder.exists() && !folder.is_dir() {
        return Err(OutputError::NotAFolder {
            path: folder.display().to_string(),
        });
    }
    fs::create_dir_all(folder).map_err(|source| OutputError::Folder {
        path: folder.display().to_string(),
        source,
    })?;
    let record_path = folder.join(RECORD);
    // deckhand's own record, if it is one: a regular file of a plausible size.
    let record: Option<Record> = fs::symlink_metadata(&record_path)
        .ok()
        .filter(|m| m.is_file() && m.len() < MAX_RECORD_BYTES)
        .and_then(|_| crate::paths::read(folder, &record_path, crate::paths::Kind::CacheEntry).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let mut record = record.unwrap_or_default();
    let mut outcomes = Vec::new();
    for (index, cut) in cuts.iter().enumerate() {
        let name = cut.file_name();
        let target = folder.join(&name);
        let source = film_source(cut, mode);
        let current = match (source.as_ref(), record.clips.get(&name)) {
            (Some(wanted), Some(cut)) => {
                cut.same_cut(wanted)
                    && fs::symlink_metadata(&target)
                        .is_ok_and(|m| m.is_file() && m.len() == cut.bytes)
            }
            _ => false,
        };
        if current {
            outcomes.push(Outcome::Current(target));
            continue;
        }
        let report = |done: f64| {
            progress(Progress {
                clip: index,
                of: cuts.len(),
                done,
            })
        };
        report(0.0);
        match cut_one(ffmpeg, cut, &target, mode, &report) {
            Ok(bytes) => {
                if let Some(mut source) = source {
                    source.bytes = bytes;
                    record.clips.insert(name, source);
                }
                outcomes.push(Outcome::Cut(target));
            }
            Err((message, hint)) => {
                record.clips.remove(&name);
                outcomes.push(Outcome::Failed { message, hint });
            }
        }
        report(1.0);
    }
    // An empty record would forget every clip: a failure is said, never written.
    let mut bytes = serde_json::to_vec_pretty(&record).map_err(|source| OutputError::Write {
        path: record_path.display().to_string(),
        source: std::io::Error::other(source),
    })?;
    bytes.push(b'\n');
    write_all(&[(record_path, bytes)])?;
    Ok(outcomes)
}

/// The film's size and modification time with the clip and mode: what makes a cut file current.
fn film_source(cut: &Cut, mode: CutMode) -> Option<Source> {
    let metadata = fs::metadata(&cut.film).ok()?;
    let modified = metadata
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(Source {
        film_bytes: metadata.len(),
        film_modified: (modified.as_secs(), modified.subsec_nanos()),
        start: cut.clip.start.0,
        end: cut.clip.end.0,
        mode,
        bytes: 0,
    })
}

/// The muxer for a film's extension: given by name, so that the temporary
/// file's name need not end in it.
fn muxer(film: &Path) -> &'static str {
    let extension = film
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "mov" => "mov",
        "m4v" => "ipod",
        "mkv" => "matroska",
        "webm" => "webm",
        _ => "mp4",
    }
}

/// `file:/abs/path`: ffmpeg reads it as that file whatever its name holds
/// (a leading `-`, a `:` that would name a protocol).
fn file_url(path: &Path) -> std::ffi::OsString {
    let mut url = std::ffi::OsString::from("file:");
    url.push(path.as_os_str());
    url
}

/// The arguments that cut `cut` into `output`.
fn arguments(cut: &Cut, output: &Path, mode: CutMode) -> Vec<std::ffi::OsString> {
    let start = cut.clip.start.0.to_string();
    let length = cut.clip.length().0.to_string();
    let mut args: Vec<std::ffi::OsString> = [
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-nostats",
        "-progress",
        "pipe:1",
        "-y",
        "-ss",
        &start,
        "-i",
    ]
    .iter()
    .map(Into::into)
    .collect();
    args.push(file_url(&cut.film));
    let format = muxer(&cut.film);
    let mut rest: Vec<&str> = vec!["-t", &length, "-map", "0", "-dn", "-map_chapters", "-1"];
    match mode {
        CutMode::Copy => rest.extend(["-c", "copy"]),
        CutMode::Exact if format == "webm" => rest.extend([
            "-c:v",
            "libvpx-vp9",
            "-crf",
            "30",
            "-b:v",
            "0",
            "-row-mt",
            "1",
            "-c:a",
            "libopus",
            "-c:s",
            "copy",
        ]),
        CutMode::Exact => rest.extend([
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a",
            "aac", "-b:a", "192k", "-c:s", "copy",
        ]),
    }
    // No encoder's name or date in the file: the same cut gives the same bytes.
    rest.extend(["-fflags", "+bitexact", "-flags", "+bitexact", "-f", format]);
    args.extend(rest.iter().map(Into::into));
    args.push(file_url(output));
    args
}

/// Cuts one clip into `target`, through a temporary file renamed into place
/// once its length checks out: the cut file's size, or the message and hint
/// of what went wrong.
fn cut_one(
    ffmpeg: &Ffmpeg,
    cut: &Cut,
    target: &Path,
    mode: CutMode,
    report: &dyn Fn(f64),
) -> Result<u64, (String, String)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = temporary_path(target);
    let created = fs::remove_file(&temporary)
        .or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(e),
        })
        .and_then(|()| super::create_exclusive(&temporary));
    if let Err(error) = created {
        return Err((
            format!("cannot write `{}` ({error})", temporary.display()),
            "check that the output folder can be written".into(),
        ));
    }
    let result = run_ffmpeg(ffmpeg, cut, &temporary, mode, report)
        .and_then(|()| check_cut(cut, &temporary, &name, mode))
        .and_then(|()| {
            fs::rename(&temporary, target).map_err(|e| {
                (
                    format!("cannot write `{}` ({e})", target.display()),
                    "check that the output folder can be written".into(),
                )
            })
        })
        .and_then(|()| {
            fs::metadata(target).map(|m| m.len()).map_err(|e| {
                (
                    format!("cannot read `{}` ({e})", target.display()),
                    "check that the output folder can be read".into(),
                )
            })
        });
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Runs ffmpeg, reporting its progress from `-progress pipe:1`.
fn run_ffmpeg(
    ffmpeg: &Ffmpeg,
    cut: &Cut,
    output: &Path,
    mode: CutMode,
    report: &dyn Fn(f64),
) -> Result<(), (String, String)> {
    let film = cut.film.display().to_string();
    let mut child = Command::new(&ffmpeg.program)
        .args(arguments(cut, output, mode))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            (
                format!("cannot run ffmpeg ({e})"),
                format!("check `{}`", ffmpeg.program.display()),
            )
        })?;
    // Its messages are read beside its progress, so that neither pipe fills.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    });
    let length = f64::from(cut.clip.length().0).max(1.0);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(micros) = line
                .strip_prefix("out_time_us=")
                .and_then(|n| n.trim().parse::<f64>().ok())
            {
                report((micros / 1e6 / length).clamp(0.0, 1.0));
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| (format!("ffmpeg stopped unexpectedly ({e})"), String::new()))?;
    let messages = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let last = messages
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message")
        .trim()
        .to_string();
    let hint = match mode {
        CutMode::Copy => "open the film in a video player to check it; `--exact` re-encodes instead of copying".to_string(),
        CutMode::Exact => "open the film in a video player to check it; the cut without `--exact` copies the film's streams instead".to_string(),
    };
    Err((
        format!("ffmpeg could not cut the clip from `{film}`: {last}"),
        hint,
    ))
}

/// Checks the cut file's length against its clip, with deckhand's own
/// header reader: within a frame when re-encoded; when copied, within the
/// distance between two of the film's keyframes (a copy starts at the
/// keyframe before the clip; an MP4's edit list hides the frames before it).
fn check_cut(cut: &Cut, file: &Path, name: &str, mode: CutMode) -> Result<(), (String, String)> {
    let wanted = f64::from(cut.clip.length().0);
    let folder = file.parent().unwrap_or(Path::new("."));
    let header = read_header(folder, file).map_err(|why| {
        (
            format!("the cut clip `{name}` cannot be read back ({why})"),
            "open the film in a video player to check it".to_string(),
        )
    })?;
    let frame = header.frame.or(cut.header.frame).unwrap_or(1.0 / 24.0);
    let slack = match mode {
        CutMode::Exact => frame * 1.5,
        CutMode::Copy => {
            let gap = cut
                .header
                .keyframe_gap
                .or_else(|| crate::assets::matroska_keyframe_gap(file))
                .unwrap_or(USUAL_KEYFRAME_GAP);
            gap + frame
        }
    };
    // The clip may end up to a second past the film's end (whole-second timecodes).
    let available = (cut.header.seconds - f64::from(cut.clip.start.0)).max(0.0);
    let expected = wanted.min(available);
    if (header.seconds - expected).abs() <= slack {
        return Ok(());
    }
    let hint = match mode {
        CutMode::Copy => {
            "the film's keyframes may be far apart, or it is damaged near the clip: cut with `--exact` to re-encode"
        }
        CutMode::Exact => {
            "the film may be damaged near the clip: open it in a video player at the clip's times"
        }
    };
    Err((
        format!(
            "the cut clip `{name}` lasts {:.2} s, not the clip's {expected:.0} s",
            header.seconds
        ),
        hint.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::Timecode;

    /// Proves: a cut clip's name gives the film and the times, sorts by them, and has no `:`.
    #[test]
    fn clip_names_sort_and_say_what_they_are() {
        let cut = |start, end| Cut {
            film: PathBuf::from("/films/love-actually.mp4"),
            header: Header::default(),
            clip: ClipRange {
                start: Timecode(start),
                end: Timecode(end),
            },
        };
        assert_eq!(
            cut(3730, 3870).file_name(),
            "love-actually-1h02m10s-1h04m30s.mp4"
        );
        assert!(cut(70, 80).file_name() < cut(600, 620).file_name());
        assert!(cut(600, 620).file_name() < cut(3730, 3870).file_name());
    }

    /// Proves: ffmpeg's version strings are read, and builds from git count as new.
    #[test]
    fn ffmpeg_versions_are_read() {
        assert_eq!(release("5.1.9-0+deb12u1"), Some((5, 1)));
        assert_eq!(release("n6.1"), Some((6, 1)));
        assert_eq!(release("3.4.11"), Some((3, 4)));
        assert_eq!(release("N-113000-g1234"), None);
        assert_eq!(
            release("2024-06-13-git-0060a368b1-full_build-www.gyan.dev"),
            None
        );
    }

    /// Proves: a film's name reaches ffmpeg as a `file:` URL, never as an option.
    #[test]
    fn a_film_name_is_never_an_option() {
        let cut = Cut {
            film: PathBuf::from("/films/-i evil.mp4"),
            header: Header::default(),
            clip: ClipRange {
                start: Timecode(1),
                end: Timecode(2),
            },
        };
        let args = arguments(&cut, Path::new("/out/clips/x.mp4"), CutMode::Copy);
        assert!(args.contains(&"file:/films/-i evil.mp4".into()));
        assert_eq!(args.last(), Some(&"file:/out/clips/x.mp4".into()));
        assert!(!args.iter().any(|a| a.to_string_lossy().starts_with("-i ")));
    }
}
