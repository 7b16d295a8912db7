//! XML parts written through quick-xml's escaping writer: every text and attribute value is escaped as data, never spliced into markup.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// One XML part being written. Writing into memory cannot fail; should it,
/// the first error is kept and [`Xml::finish`] returns it.
pub struct Xml {
    writer: Writer<Vec<u8>>,
    failed: Option<std::io::Error>,
}

/// The name of the empty element that marks, in a fixed skeleton part, where
/// deckhand writes its own elements: `<dh:slot name="colours"/>`.
const SLOT: &str = "dh:slot";

impl Xml {
    /// A part, opened with its XML declaration.
    pub fn new() -> Self {
        let mut xml = Xml {
            writer: Writer::new(Vec::new()),
            failed: None,
        };
        xml.event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        xml.raw_newline();
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        if let Err(error) = self.writer.write_event(event) {
            self.failed.get_or_insert(error);
        }
    }

    /// The line break after the declaration, as Office writes it.
    fn raw_newline(&mut self) {
        self.event(Event::Text(BytesText::from_escaped("\r\n")));
    }

    /// `<name attributes…>`; close it with [`Xml::close`].
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        let start = BytesStart::new(name).with_attributes(attributes.iter().copied());
        self.event(Event::Start(start));
        self
    }

    pub fn close(&mut self, name: &str) -> &mut Self {
        self.event(Event::End(BytesEnd::new(name)));
        self
    }

    /// `<name attributes…/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        let start = BytesStart::new(name).with_attributes(attributes.iter().copied());
        self.event(Event::Empty(start));
        self
    }

    /// `<name attributes…>`, what `inside` writes, `</name>`.
    pub fn within(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        inside: impl FnOnce(&mut Xml),
    ) -> &mut Self {
        self.open(name, attributes);
        inside(self);
        self.close(name)
    }

    /// Text, escaped; characters XML 1.0 cannot hold (control characters
    /// other than tab and line breaks) are left out.
    pub fn text(&mut self, text: &str) -> &mut Self {
        let clean: String = text.chars().filter(|&c| allowed(c)).collect();
        self.event(Event::Text(BytesText::new(&clean)));
        self
    }

    /// `<name>text</name>`.
    pub fn element(&mut self, name: &str, text: &str) -> &mut Self {
        self.open(name, &[]);
        self.text(text);
        self.close(name)
    }

    /// Copies a fixed part (`skeleton`, deckhand's own file) after this
    /// declaration, calling `slot` with the name of each `<dh:slot name="…"/>`
    /// for deckhand to write its elements there.
    pub fn skeleton(&mut self, skeleton: &str, mut slot: impl FnMut(&str, &mut Xml)) -> &mut Self {
        let mut reader = quick_xml::Reader::from_str(skeleton);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Decl(_)) => {}
                Ok(Event::Empty(element)) if element.name().as_ref() == SLOT => {
                    let name = element
                        .try_get_attribute("name")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    slot(&name, self);
                }
                Ok(event) => self.event(event),
                Err(error) => {
                    self.failed
                        .get_or_insert(std::io::Error::other(error.to_string()));
                    break;
                }
            }
        }
        self
    }

    /// The part's bytes.
    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        match self.failed {
            Some(error) => Err(error),
            None => Ok(self.writer.into_inner()),
        }
    }
}

/// Whether XML 1.0 can hold `c`.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: text and attribute values are escaped, whatever they hold,
    /// and characters XML cannot hold are dropped.
    #[test]
    fn text_is_escaped_as_data() {
        let mut xml = Xml::new();
        xml.within("a:t", &[("descr", "\"<b>\" & 'c'")], |x| {
            x.text("</a:t><evil/> & \u{1}ok");
        });
        let bytes = xml.finish().expect("written");
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<a:t descr=\"&quot;&lt;b&gt;&quot; &amp; &apos;c&apos;\">&lt;/a:t&gt;&lt;evil/&gt; &amp; ok</a:t>"
        );
    }

    /// Proves: a skeleton is copied as it is, with deckhand's elements in its slots.
    #[test]
    fn a_skeleton_is_copied_with_its_slots_filled() {
        let mut xml = Xml::new();
        xml.skeleton(
            "<?xml version=\"1.0\"?>\n<a:x b=\"1\"><dh:slot name=\"here\"/><a:y/></a:x>",
            |name, x| {
                x.element("a:z", name);
            },
        );
        let text = String::from_utf8(xml.finish().expect("written")).expect("UTF-8");
        assert!(
            text.ends_with("?>\r\n\n<a:x b=\"1\"><a:z>here</a:z><a:y/></a:x>"),
            "{text}"
        );
    }
}
