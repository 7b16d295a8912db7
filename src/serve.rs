//! `deckhand present --watch`'s web server: the presenter folder and the films its clips play, on 127.0.0.1 only, with range requests so that a browser can seek in a film.
//!
//! It serves exactly: the folder's own files (`index.html`, the scripts,
//! `stills/<name>`), `/version` (a number that grows with each rebuild,
//! which the pages ask for to reload themselves) and `/films/<n>`, the film
//! of the deck's clip `n` as the last build linked it. Nothing else: no
//! listing, no path with a `..` or a folder of its own. Files are read
//! through the door of `paths`.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::paths::{self, Kind};

/// What the server serves: the presenter folder, and the folder its films'
/// links start from (the output folder).
#[derive(Clone)]
pub struct Served {
    pub folder: PathBuf,
    pub films_from: PathBuf,
    /// Grows by one with each build that wrote the folder.
    pub version: Arc<AtomicU64>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot serve on 127.0.0.1 ({0})")]
pub struct ServeError(std::io::Error);

/// Starts serving `served` on a free port of 127.0.0.1, on a thread of its
/// own (and one per connection); returns the port.
pub fn start(served: Served) -> Result<u16, ServeError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(ServeError)?;
    let port = listener.local_addr().map_err(ServeError)?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let served = served.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &served);
            });
        }
    });
    Ok(port)
}

/// A request's method, path and byte range.
struct Request {
    head_only: bool,
    path: String,
    range: Option<String>,
}

/// Reads one request and answers it; the connection then closes.
fn answer(stream: TcpStream, served: &Served) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?).take(16 * 1024);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let mut range = None;
    let mut host = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("range") {
                range = Some(value.trim().to_string());
            } else if name.trim().eq_ignore_ascii_case("host") {
                host = value.trim().to_ascii_lowercase();
            }
        }
    }
    let mut stream = stream;
    // A page of another site that a name it controls leads to 127.0.0.1
    // (DNS rebinding) asks with its own name: refused.
    let local = ["127.0.0.1:", "localhost:", "[::1]:"]
        .iter()
        .any(|name| host.starts_with(name));
    if !local {
        return status(&mut stream, "403 Forbidden");
    }
    if method != "GET" && method != "HEAD" {
        return status(&mut stream, "405 Method Not Allowed");
    }
    let path = target.split(['?', '#']).next().unwrap_or("").to_string();
    let request = Request {
        head_only: method == "HEAD",
        path,
        range,
    };
    respond(&mut stream, served, &request)
}

fn respond(stream: &mut TcpStream, served: &Served, request: &Request) -> std::io::Result<()> {
    let path = request.path.as_str();
    if path == "/version" {
        let body = served.version.load(Ordering::Relaxed).to_string();
        return send(stream, "200 OK", "text/plain", body.as_bytes(), request);
    }
    if let Some(number) = path.strip_prefix("/films/") {
        let film = number.parse::<usize>().ok().and_then(|n| film(served, n));
        return match film {
            Some(film) => {
                let within = film.parent().unwrap_or(Path::new("/")).to_path_buf();
                send_file(stream, (&within, &film, Kind::Film), request)
            }
            None => status(stream, "404 Not Found"),
        };
    }
    let name = if path == "/" {
        "index.html"
    } else {
        &path[1.min(path.len())..]
    };
    match folder_file(&served.folder, name) {
        Some(file) => send_file(stream, (&served.folder, &file, Kind::Presented), request),
        None => status(stream, "404 Not Found"),
    }
}

/// The folder's file `name`: a plain name (`deck.js`) or `stills/<name>`,
/// of letters, digits, `-`, `_` and one `.`; anything else is no file.
fn folder_file(folder: &Path, name: &str) -> Option<PathBuf> {
    let plain = |part: &str| {
        !part.is_empty()
            && !part.starts_with('.')
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && !part.contains("..")
    };
    match name.split_once('/') {
        None if plain(name) => Some(folder.join(name)),
        Some(("stills", still)) if plain(still) => Some(folder.join("stills").join(still)),
        _ => None,
    }
}

/// The film of the deck's clip `index`, from the folder's `deck.js`.
fn film(served: &Served, index: usize) -> Option<PathBuf> {
    let deck = paths::read(
        &served.folder,
        &served.folder.join("deck.js"),
        Kind::Presented,
    )
    .ok()?;
    let text = std::str::from_utf8(&deck).ok()?;
    let json = text.split_once(" = ")?.1.trim_end().strip_suffix(';')?;
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let file = value["clips"][index]["file"].as_str()?;
    Some(served.films_from.join(file))
}

/// Sends a file (opened through the door, from within a folder, as a kind
/// of file), or the byte range asked for.
fn send_file(
    stream: &mut TcpStream,
    (within, path, kind): (&Path, &Path, Kind),
    request: &Request,
) -> std::io::Result<()> {
    let Ok(mut opened) = paths::open(within, path, kind) else {
        return status(stream, "404 Not Found");
    };
    let size = opened.size();
    let (start, end) = match request.range.as_deref().map(|r| byte_range(r, size)) {
        None => (0, size),
        Some(Some(range)) => range,
        Some(None) => {
            let head = format!(
                "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{size}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            return stream.write_all(head.as_bytes());
        }
    };
    let partial = request.range.is_some();
    let mut head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nAccept-Ranges: bytes\r\nCache-Control: no-store\r\nConnection: close\r\n",
        if partial {
            "206 Partial Content"
        } else {
            "200 OK"
        },
        type_of(path),
        end - start
    );
    if partial {
        head.push_str(&format!(
            "Content-Range: bytes {start}-{}/{size}\r\n",
            end.saturating_sub(1)
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if request.head_only {
        return Ok(());
    }
    opened.seek(SeekFrom::Start(start))?;
    std::io::copy(&mut (&mut opened).take(end - start), stream)?;
    Ok(())
}

/// `bytes=START-END` (END included, or left out: to the end; or `-N`: the
/// last N bytes) as a start and an end past it; none when it is outside the file.
fn byte_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.strip_prefix("bytes=")?.split(',').next()?.trim();
    let (first, last) = spec.split_once('-')?;
    let (start, end) = if first.is_empty() {
        let suffix: u64 = last.parse().ok()?;
        (size.saturating_sub(suffix), size)
    } else {
        let start: u64 = first.parse().ok()?;
        let end = if last.is_empty() {
            size
        } else {
            last.parse::<u64>().ok()?.saturating_add(1).min(size)
        };
        (start, end)
    };
    (start < end).then_some((start, end))
}

/// The media type of a file, by its extension.
fn type_of(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "mkv" => "video/x-matroska",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

fn send(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    request: &Request,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !request.head_only {
        stream.write_all(body)?;
    }
    Ok(())
}

fn status(stream: &mut TcpStream, status: &str) -> std::io::Result<()> {
    let head = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: byte ranges are read as browsers send them, and one outside
    /// the file is refused.
    #[test]
    fn byte_ranges_are_read_as_browsers_send_them() {
        assert_eq!(byte_range("bytes=0-", 100), Some((0, 100)));
        assert_eq!(byte_range("bytes=10-19", 100), Some((10, 20)));
        assert_eq!(byte_range("bytes=90-200", 100), Some((90, 100)));
        assert_eq!(byte_range("bytes=-10", 100), Some((90, 100)));
        assert_eq!(byte_range("bytes=100-", 100), None);
        assert_eq!(byte_range("items=0-1", 100), None);
    }

    /// Proves: only the folder's own names are files: no `..`, no folder
    /// but `stills`, no hidden file.
    #[test]
    fn only_the_folders_own_names_are_files() {
        let folder = Path::new("/out/talk-present");
        assert_eq!(folder_file(folder, "deck.js"), Some(folder.join("deck.js")));
        assert_eq!(
            folder_file(folder, "stills/ab12.png"),
            Some(folder.join("stills/ab12.png"))
        );
        for name in [
            "..",
            "../x",
            "a/b",
            "stills/../x",
            ".hidden",
            "",
            "stills/",
            "%2e%2e",
        ] {
            assert_eq!(folder_file(folder, name), None, "{name}");
        }
    }
}
