//! The package's ZIP container, written by hand: parts in the order given, every date fixed, so the same parts give the same bytes.
//!
//! Open Packaging Conventions (ECMA-376 Part 2, annex C) asks only for the
//! basic ZIP of APPNOTE 6.2: stored or deflated entries, no encryption, no
//! ZIP64 under 4 GB. That is a hundred lines over `crc32fast` and `flate2`,
//! which deckhand already builds, where the `zip` crate would add its own
//! dependencies to every CI build and leave the order and dates to check.

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

/// 1980-01-01 00:00:00, the first date a ZIP entry can hold (MS-DOS format).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

/// How an entry's bytes are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// As they are: pictures, already compressed.
    Stored,
    /// Deflated: the XML parts.
    Deflated,
}

/// Why the container could not be written: a part too large for a plain ZIP.
#[derive(Debug, thiserror::Error)]
#[error("the part `{0}` is too large for the package (4 GB)")]
pub struct TooLarge(pub String);

/// One entry as its central directory record will describe it.
struct Entry {
    name: String,
    method: Method,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// The container being written: entries in the order they are added.
#[derive(Default)]
pub struct Zip {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

fn small(value: usize, name: &str) -> Result<u32, TooLarge> {
    u32::try_from(value).map_err(|_| TooLarge(name.to_string()))
}

impl Zip {
    /// Adds the part `name` (a path without a leading `/`) holding `data`.
    pub fn add(&mut self, name: &str, data: &[u8], method: Method) -> Result<(), TooLarge> {
        // Deflating into memory does not fail; were it to, the part is stored.
        let (method, body) = match method {
            Method::Deflated => match deflate(data) {
                Ok(body) => (Method::Deflated, body),
                Err(_) => (Method::Stored, data.to_vec()),
            },
            Method::Stored => (Method::Stored, data.to_vec()),
        };
        let entry = Entry {
            name: name.to_string(),
            method,
            crc: crc32fast::hash(data),
            compressed: small(body.len(), name)?,
            size: small(data.len(), name)?,
            offset: small(self.bytes.len(), name)?,
        };
        let header = self.header(&entry, 0x0403_4b50, false);
        self.bytes.extend(header);
        self.bytes.extend(body);
        self.entries.push(entry);
        Ok(())
    }

    /// The finished container: the entries, their central directory, its end record.
    pub fn finish(mut self) -> Result<Vec<u8>, TooLarge> {
        let start = small(self.bytes.len(), "central directory")?;
        let mut directory = Vec::new();
        for entry in &self.entries {
            directory.extend(self.header(entry, 0x0201_4b50, true));
        }
        let count =
            u16::try_from(self.entries.len()).map_err(|_| TooLarge("central directory".into()))?;
        let length = small(directory.len(), "central directory")?;
        self.bytes.extend(directory);
        let mut end = Vec::with_capacity(22);
        end.extend(0x0605_4b50u32.to_le_bytes());
        end.extend([0u8; 4]); // this disk, the directory's disk
        end.extend(count.to_le_bytes());
        end.extend(count.to_le_bytes());
        end.extend(length.to_le_bytes());
        end.extend(start.to_le_bytes());
        end.extend(0u16.to_le_bytes()); // no comment
        self.bytes.extend(end);
        Ok(self.bytes)
    }

    /// A local header (`central`: false) or a central directory record.
    fn header(&self, entry: &Entry, signature: u32, central: bool) -> Vec<u8> {
        let method: u16 = match entry.method {
            Method::Stored => 0,
            Method::Deflated => 8,
        };
        // The names are the package's own, plain ASCII: no UTF-8 flag.
        let name_length = u16::try_from(entry.name.len()).unwrap_or(u16::MAX);
        let mut header = Vec::with_capacity(46 + entry.name.len());
        header.extend(signature.to_le_bytes());
        if central {
            header.extend(20u16.to_le_bytes()); // made by: version 2.0
        }
        header.extend(20u16.to_le_bytes()); // needed: version 2.0
        header.extend(0u16.to_le_bytes()); // flags
        header.extend(method.to_le_bytes());
        header.extend(DOS_TIME.to_le_bytes());
        header.extend(DOS_DATE.to_le_bytes());
        header.extend(entry.crc.to_le_bytes());
        header.extend(entry.compressed.to_le_bytes());
        header.extend(entry.size.to_le_bytes());
        header.extend(name_length.to_le_bytes());
        header.extend(0u16.to_le_bytes()); // no extra field
        if central {
            header.extend(0u16.to_le_bytes()); // no comment
            header.extend(0u16.to_le_bytes()); // disk
            header.extend(0u16.to_le_bytes()); // internal attributes
            header.extend(0u32.to_le_bytes()); // external attributes
            header.extend(entry.offset.to_le_bytes());
        }
        header.extend(entry.name.as_bytes());
        header
    }
}

fn deflate(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Proves: each entry reads back from its central directory record, by
    /// its offset, as it was added, stored or deflated; the same entries
    /// give the same bytes.
    #[test]
    fn entries_read_back_and_the_bytes_are_reproducible() {
        let make = || {
            let mut zip = Zip::default();
            zip.add("a.xml", b"<a>hello hello hello</a>", Method::Deflated)
                .and_then(|()| zip.add("media/b.png", b"\x89PNG", Method::Stored))
                .and_then(|()| zip.finish())
                .expect("a small package")
        };
        let bytes = make();
        assert_eq!(bytes, make());
        let end = bytes.len() - 22;
        assert_eq!(&bytes[end..end + 4], b"PK\x05\x06");
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let half = |at: usize| usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
        let mut at = word(end + 16) as usize;
        let mut found = Vec::new();
        for _ in 0..half(end + 10) {
            let method = half(at + 10);
            let name =
                String::from_utf8_lossy(&bytes[at + 46..at + 46 + half(at + 28)]).into_owned();
            let local = word(at + 42) as usize;
            let data_at = local + 30 + half(local + 26);
            let stored = &bytes[data_at..data_at + word(at + 20) as usize];
            let mut data = Vec::new();
            if method == 8 {
                flate2::read::DeflateDecoder::new(stored)
                    .read_to_end(&mut data)
                    .expect("inflates");
            } else {
                data = stored.to_vec();
            }
            assert_eq!(data.len(), word(at + 24) as usize);
            assert_eq!(crc32fast::hash(&data), word(at + 16));
            found.push((name, data));
            at += 46 + half(at + 28);
        }
        assert_eq!(
            found,
            [
                ("a.xml".to_string(), b"<a>hello hello hello</a>".to_vec()),
                ("media/b.png".to_string(), b"\x89PNG".to_vec())
            ]
        );
    }
}
