//! Turns the play areas' `deckhand-clip:` links into Launch actions that pdfpc plays, in the PDF's bytes.
//!
//! Typst writes only URI links, and pdfpc plays a film only from a Launch
//! action (`/S /Launch /F (film.mp4?start=N&stop=N)`). The templates mark
//! each play area with a link to `deckhand-clip:<block id>`; this pass
//! rewrites exactly those annotations and nothing else: in each, the action
//! dictionary becomes a Launch action and `/Contents` (the link's alt text,
//! which PDF/UA requires, beside the `/StructParent` that stays as it is)
//! becomes the scene's description. Every other byte is kept; the
//! cross-reference table's offsets are moved by the change in length. The
//! same PDF and clips give the same bytes.

use crate::plan::CLIP_LINK_SCHEME;

/// One play area's link, as the templates' data gave it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClipLaunch {
    /// The link's target in the template: `deckhand-clip:b3`.
    pub marker: String,
    /// The Launch action's file: `../clips/film.mp4?start=3730&stop=3870`.
    pub launch: String,
    /// The annotation's description.
    pub alt: String,
}

/// Why the pass could not rewrite a PDF (not one Typst wrote as expected).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the PDF's cross-reference table is not where it should be ({0})")]
pub struct LaunchError(&'static str);

/// `pdf` with the annotations linking to a `clips` marker turned into Launch actions.
pub fn launch_clips(pdf: Vec<u8>, clips: &[ClipLaunch]) -> Result<Vec<u8>, LaunchError> {
    let edits = find_edits(&pdf, clips);
    if edits.is_empty() {
        return Ok(pdf);
    }
    let (xref_at, startxref_number) = find_xref(&pdf)?;
    if edits.iter().any(|e| e.end > xref_at) {
        return Err(LaunchError("a link after the table"));
    }
    let shift = |offset: usize| -> usize {
        edits
            .iter()
            .filter(|e| e.end <= offset)
            .fold(offset, |at, e| at + e.bytes.len() - (e.end - e.start))
    };
    let mut out = Vec::with_capacity(pdf.len() + 256);
    let mut copied = 0;
    for edit in &edits {
        out.extend_from_slice(&pdf[copied..edit.start]);
        out.extend_from_slice(&edit.bytes);
        copied = edit.end;
    }
    out.extend_from_slice(&pdf[copied..xref_at]);
    let table_end = startxref_number.start;
    let table = rewrite_table(&pdf[xref_at..table_end], &shift)?;
    out.extend_from_slice(&table);
    out.extend_from_slice(shift(xref_at).to_string().as_bytes());
    out.extend_from_slice(&pdf[startxref_number.end..]);
    Ok(out)
}

/// A run of bytes to replace.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    bytes: Vec<u8>,
}

/// The action dictionaries and descriptions of every marked link, in file order.
fn find_edits(pdf: &[u8], clips: &[ClipLaunch]) -> Vec<Edit> {
    let opening = format!("({CLIP_LINK_SCHEME}");
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(found) = find(&pdf[from..], opening.as_bytes()) {
        let start = from + found;
        from = start + 1;
        let Some(length) = pdf[start..].iter().position(|&b| b == b')') else {
            break;
        };
        let token = &pdf[start..=start + length];
        let marker = &token[1..token.len() - 1];
        let Some(clip) = clips.iter().find(|c| c.marker.as_bytes() == marker) else {
            continue;
        };
        let before = trim_end(&pdf[..start]);
        if before.ends_with(b"/URI") {
            // The whole action dictionary: `<</Type/Action/S/URI/URI(…)>>`.
            let Some(open) = rfind(&pdf[..start], b"<<") else {
                continue;
            };
            let Some(close) = find(&pdf[start..], b">>") else {
                continue;
            };
            let mut bytes = b"<</Type/Action/S/Launch/F".to_vec();
            bytes.extend(literal_string(clip.launch.as_bytes()));
            bytes.extend_from_slice(b">>");
            edits.push(Edit {
                start: open,
                end: start + close + 2,
                bytes,
            });
        } else if before.ends_with(b"/Contents") {
            edits.push(Edit {
                start,
                end: start + token.len(),
                bytes: text_string(&clip.alt),
            });
        }
        from = start + token.len();
    }
    edits
}

/// Where the cross-reference table starts, and the place of the number after `startxref`.
fn find_xref(pdf: &[u8]) -> Result<(usize, std::ops::Range<usize>), LaunchError> {
    let keyword = rfind(pdf, b"startxref").ok_or(LaunchError("no `startxref`"))?;
    let mut start = keyword + b"startxref".len();
    while pdf.get(start).is_some_and(u8::is_ascii_whitespace) {
        start += 1;
    }
    let digits = pdf[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let number = std::str::from_utf8(&pdf[start..start + digits])
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or(LaunchError("no offset after `startxref`"))?;
    if !pdf.get(number..).is_some_and(|t| t.starts_with(b"xref")) {
        return Err(LaunchError("`startxref` does not point at a table"));
    }
    Ok((number, start..start + digits))
}

/// The table (from `xref` to `startxref`) with every offset in use moved by `shift`.
fn rewrite_table(table: &[u8], shift: &dyn Fn(usize) -> usize) -> Result<Vec<u8>, LaunchError> {
    let trailer = find(table, b"trailer").ok_or(LaunchError("no trailer"))?;
    if find(&table[trailer..], b"/Prev").is_some() {
        return Err(LaunchError("an updated PDF"));
    }
    let mut out = table.to_vec();
    let mut at = b"xref".len();
    let skip_space = |at: &mut usize| {
        while table.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
    };
    loop {
        skip_space(&mut at);
        if at >= trailer {
            break;
        }
        // A subsection: `first count`, then `count` entries of 20 bytes.
        let line_end = at
            + table[at..]
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .ok_or(LaunchError("a cut subsection"))?;
        let count = std::str::from_utf8(&table[at..line_end])
            .ok()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|c| c.parse::<usize>().ok())
            .ok_or(LaunchError("a subsection without its count"))?;
        at = line_end;
        skip_space(&mut at);
        for _ in 0..count {
            let entry = table.get(at..at + 20).ok_or(LaunchError("a cut entry"))?;
            if entry[17] == b'n' {
                let offset = std::str::from_utf8(&entry[..10])
                    .ok()
                    .and_then(|o| o.parse::<usize>().ok())
                    .ok_or(LaunchError("an entry without its offset"))?;
                let moved = format!("{:010}", shift(offset));
                if moved.len() != 10 {
                    return Err(LaunchError("an offset too large"));
                }
                out[at..at + 10].copy_from_slice(moved.as_bytes());
            }
            at += 20;
        }
    }
    Ok(out)
}

/// A PDF literal string of `bytes`: parentheses and backslashes escaped,
/// everything outside printable ASCII as an octal escape (the bytes are kept:
/// pdfpc reads a file name's UTF-8 as it is).
fn literal_string(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b'('];
    for &byte in bytes {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b' '..=b'~' => out.push(byte),
            _ => out.extend_from_slice(format!("\\{byte:03o}").as_bytes()),
        }
    }
    out.push(b')');
    out
}

/// A PDF text string: ASCII as it is, anything else as UTF-16 with its byte order mark.
fn text_string(text: &str) -> Vec<u8> {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return literal_string(text.as_bytes());
    }
    let mut out = b"<FEFF".to_vec();
    for unit in text.encode_utf16() {
        out.extend_from_slice(format!("{unit:04X}").as_bytes());
    }
    out.push(b'>');
    out
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let kept = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..kept]
}

/// The first place of `needle` in `haystack`: a PDF is mostly compressed
/// streams, where the needle's first byte is rare, so each candidate is
/// found by one byte and only then compared whole.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut from = 0;
    while let Some(found) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + found;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip() -> ClipLaunch {
        ClipLaunch {
            marker: "deckhand-clip:b1".into(),
            launch: "../clips/a (1).mp4?start=3&stop=9".into(),
            alt: "Play the scene from Amélie (0:06)".into(),
        }
    }

    /// A PDF in the shape Typst writes: one link annotation, a classic table.
    fn pdf() -> Vec<u8> {
        let objects = [
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</Type/Action/S/URI/URI(deckhand-clip:b1)>>/F 4/StructParent 3/Contents(deckhand-clip:b1)>>",
            "<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</Type/Action/S/URI/URI(https://example.com)>>>>",
        ];
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n\r\n").bytes());
        }
        out.extend(format!("trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF").bytes());
        out
    }

    /// Proves: only the marked link changes, into a Launch action with its
    /// description, and every offset in the table still points at its object.
    #[test]
    fn the_marked_link_becomes_a_launch_action() {
        let out = launch_clips(pdf(), &[clip()]).expect("rewritten");
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("/A<</Type/Action/S/Launch/F(../clips/a \\(1\\).mp4?start=3&stop=9)>>/F 4/StructParent 3/Contents<FEFF0050"), "{text}");
        assert!(text.contains("/URI(https://example.com)"));
        assert!(!text.contains("deckhand-clip"));
        let (xref, number) = find_xref(&out).expect("a table");
        assert!(out[xref..].starts_with(b"xref"));
        let table = String::from_utf8_lossy(&out[xref..number.start]);
        for (i, line) in table.lines().skip(3).take(3).enumerate() {
            let offset: usize = line[..10].parse().expect("an offset");
            assert!(out[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
    }

    /// Proves: a PDF without marked links comes back as it was, byte for byte.
    #[test]
    fn other_pdfs_are_untouched() {
        let mut other = clip();
        other.marker = "deckhand-clip:b9".into();
        assert_eq!(launch_clips(pdf(), &[other]).expect("untouched"), pdf());
    }
}
