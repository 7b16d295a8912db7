//! One slide's shapes as PresentationML: placeholders, text boxes with styled runs, lists, filled shapes and pictures, placed in points.

use super::xml::Xml;
use crate::outline::Run;

/// The relationship ids of a slide's embedded movie, after its pictures'
/// (`rId3`, `rId4`, …): a slide has one movie at most.
pub const MOVIE_REL: &str = "rId90";
pub const MEDIA_REL: &str = "rId91";

/// EMU (English Metric Units) in a point: a 16:9 slide of 960 × 540 pt,
/// the size the Typst templates draw, is 12192000 × 6858000 EMU.
pub const EMU_PER_PT: i64 = 12_700;

pub const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";

/// A rectangle on the slide, in EMU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

impl Rect {
    /// A rectangle given in points.
    pub const fn pt(x: i64, y: i64, w: i64, h: i64) -> Rect {
        Rect {
            x: x * EMU_PER_PT,
            y: y * EMU_PER_PT,
            w: w * EMU_PER_PT,
            h: h * EMU_PER_PT,
        }
    }

    /// The largest rectangle of `width` over `height` inside this one,
    /// centred: a picture fitted, never stretched or cropped.
    pub fn fit(self, width: u32, height: u32) -> Rect {
        if width == 0 || height == 0 {
            return self;
        }
        let (width, height) = (i64::from(width), i64::from(height));
        if self.w * height > self.h * width {
            let w = self.h * width / height;
            Rect {
                x: self.x + (self.w - w) / 2,
                w,
                ..self
            }
        } else {
            let h = self.w * height / width;
            Rect {
                y: self.y + (self.h - h) / 2,
                h,
                ..self
            }
        }
    }
}

/// How much of a picture's edges is cut away, in thousandths of a per
/// cent of its width or height (`a:srcRect`: 100000 is all of it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Crop {
    pub left: i64,
    pub top: i64,
    pub right: i64,
    pub bottom: i64,
}

impl Crop {
    /// Its `a:srcRect`, when it cuts anything.
    fn write(self, x: &mut Xml) {
        if self == Crop::default() {
            return;
        }
        x.empty(
            "a:srcRect",
            &[
                ("l", &self.left.to_string()),
                ("t", &self.top.to_string()),
                ("r", &self.right.to_string()),
                ("b", &self.bottom.to_string()),
            ],
        );
    }
}

/// A theme colour of the deck, as the master's colour map names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// The palette's `ink`: body text.
    Ink,
    /// `accent`: rules, numbers, times.
    Accent,
    /// `muted`: captions, facts.
    Muted,
    /// `soft`: panels, the takeaway box.
    Soft,
    /// `frame`: behind letterboxed pictures.
    Frame,
    /// `divider-label`: the "SECTION 1" on a divider.
    DividerLabel,
    /// `on-divider`: text on a divider.
    OnDivider,
    /// The palette's `paper`: text on the accent (a lesson's takeaway).
    Paper,
    /// White, over the dark clip badge.
    White,
}

impl Colour {
    /// Its `a:schemeClr` value (see `theme1.xml`'s colour scheme).
    fn scheme(self) -> &'static str {
        match self {
            Colour::Ink => "tx1",
            Colour::Accent => "accent1",
            Colour::Muted => "accent2",
            Colour::Soft => "bg2",
            Colour::Frame => "accent3",
            Colour::DividerLabel => "accent4",
            Colour::OnDivider => "accent5",
            Colour::Paper => "bg1",
            Colour::White => "",
        }
    }
}

/// How a paragraph's runs look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Font {
    /// In points.
    pub size: u32,
    pub bold: bool,
    pub colour: Colour,
    /// Shown in capitals (the text stays as written), a little spaced.
    pub caps: bool,
}

impl Font {
    pub const fn new(size: u32, colour: Colour) -> Font {
        Font {
            size,
            bold: false,
            colour,
            caps: false,
        }
    }

    pub const fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    pub const fn caps(self) -> Font {
        Font { caps: true, ..self }
    }
}

/// What starts a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bullet {
    None,
    /// A bullet list's dot.
    Dot,
    /// A numbered list's number, counted on from this one.
    Number(usize),
}

/// A paragraph's alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// One paragraph to write.
pub struct Para {
    pub runs: Vec<Run>,
    pub font: Font,
    pub bullet: Bullet,
    pub align: Align,
    /// Space before it, in points.
    pub before: u32,
    /// The colours of its first runs, where they differ from the font's
    /// (an agenda's times in the accent).
    pub colours: Vec<Colour>,
}

impl Para {
    pub fn new(runs: &[Run], font: Font) -> Para {
        Para {
            runs: runs.to_vec(),
            font,
            bullet: Bullet::None,
            align: Align::Left,
            before: 0,
            colours: Vec::new(),
        }
    }

    /// Plain text in one run.
    pub fn plain(text: &str, font: Font) -> Para {
        Para::new(&[plain_run(text)], font)
    }
}

/// `text` as one unstyled run.
pub fn plain_run(text: &str) -> Run {
    Run {
        text: text.to_string(),
        strong: false,
        emph: false,
        changed: false,
    }
}

/// How a text box's text sits in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Top,
    Middle,
    Bottom,
}

impl Anchor {
    fn value(self) -> &'static str {
        match self {
            Anchor::Top => "t",
            Anchor::Middle => "ctr",
            Anchor::Bottom => "b",
        }
    }
}

/// A filled shape's outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Geometry {
    Rect,
    Rounded,
}

/// A placeholder of the layout that a slide fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// The title of a content slide or a section header.
    Title,
    /// The title of the title slide.
    CentredTitle,
    /// The subtitle of the title slide.
    Subtitle,
}

/// A slide's shape tree being written; shape ids count from 2 (1 is the tree).
pub struct Canvas {
    xml: Xml,
    next_id: u32,
    lang: String,
    /// Titles in capitals (the theme's `title-upper`).
    title_caps: bool,
}

impl Canvas {
    /// Starts a slide (`p:sld`) of the language `lang`, its background one
    /// of the theme's colours or the master's.
    pub fn slide(lang: &str, title_caps: bool, background: Option<Colour>) -> Canvas {
        let mut xml = Xml::new();
        xml.open(
            "p:sld",
            &[("xmlns:a", NS_A), ("xmlns:r", NS_R), ("xmlns:p", NS_P)],
        );
        xml.open("p:cSld", &[]);
        if let Some(colour) = background {
            xml.within("p:bg", &[], |x| {
                x.within("p:bgPr", &[], |x| {
                    fill(x, colour);
                    x.empty("a:effectLst", &[]);
                });
            });
        }
        let mut canvas = Canvas {
            xml,
            next_id: 2,
            lang: lang.to_string(),
            title_caps,
        };
        canvas.open_tree();
        canvas
    }

    /// Starts a notes page (`p:notes`) of the language `lang`.
    pub fn notes(lang: &str) -> Canvas {
        let mut xml = Xml::new();
        xml.open(
            "p:notes",
            &[("xmlns:a", NS_A), ("xmlns:r", NS_R), ("xmlns:p", NS_P)],
        );
        xml.open("p:cSld", &[]);
        let mut canvas = Canvas {
            xml,
            next_id: 2,
            lang: lang.to_string(),
            title_caps: false,
        };
        canvas.open_tree();
        canvas
    }

    fn open_tree(&mut self) {
        let x = &mut self.xml;
        x.open("p:spTree", &[]);
        x.within("p:nvGrpSpPr", &[], |x| {
            x.empty("p:cNvPr", &[("id", "1"), ("name", "")]);
            x.empty("p:cNvGrpSpPr", &[]);
            x.empty("p:nvPr", &[]);
        });
        x.within("p:grpSpPr", &[], |x| {
            x.within("a:xfrm", &[], |x| {
                x.empty("a:off", &[("x", "0"), ("y", "0")]);
                x.empty("a:ext", &[("cx", "0"), ("cy", "0")]);
                x.empty("a:chOff", &[("x", "0"), ("y", "0")]);
                x.empty("a:chExt", &[("cx", "0"), ("cy", "0")]);
            });
        });
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The layout's placeholder `kind`, moved to `rect`, holding `paras`.
    pub fn placeholder(
        &mut self,
        kind: Placeholder,
        rect: Rect,
        anchor: Anchor,
        paras: &[Para],
    ) -> u32 {
        let id = self.id();
        let (name, ph): (&str, &[(&str, &str)]) = match kind {
            Placeholder::Title => ("Title", &[("type", "title")]),
            Placeholder::CentredTitle => ("Title", &[("type", "ctrTitle")]),
            Placeholder::Subtitle => ("Subtitle", &[("type", "subTitle"), ("idx", "1")]),
        };
        let title = matches!(kind, Placeholder::Title | Placeholder::CentredTitle);
        let caps = title && self.title_caps;
        let name = format!("{name} {}", id - 1);
        self.xml.open("p:sp", &[]);
        self.xml.within("p:nvSpPr", &[], |x| {
            x.empty("p:cNvPr", &[("id", &id.to_string()), ("name", &name)]);
            x.within("p:cNvSpPr", &[], |x| {
                x.empty("a:spLocks", &[("noGrp", "1")]);
            });
            x.within("p:nvPr", &[], |x| {
                x.empty("p:ph", ph);
            });
        });
        self.xml.within("p:spPr", &[], |x| xfrm(x, rect));
        self.text_body(anchor, paras, caps, true);
        self.xml.close("p:sp");
        id
    }

    /// A text box at `rect` holding `paras`, shrunk by the office suite
    /// when it does not fit; its id, for animations.
    pub fn text_box(&mut self, name: &str, rect: Rect, anchor: Anchor, paras: &[Para]) -> u32 {
        self.text_box_sized(name, rect, anchor, paras, true)
    }

    /// A text box at `rect` holding `paras`, shrunk by the office suite
    /// when it does not fit only if `shrink` (LibreOffice shrinks text that
    /// fits by a few per cent: text known to fit is said not to shrink).
    pub fn text_box_sized(
        &mut self,
        name: &str,
        rect: Rect,
        anchor: Anchor,
        paras: &[Para],
        shrink: bool,
    ) -> u32 {
        let id = self.id();
        let name = format!("{name} {}", id - 1);
        self.open_text_shape(id, &name, rect);
        self.text_body(anchor, paras, false, shrink);
        self.xml.close("p:sp");
        id
    }

    /// A filled shape at `rect` (`alpha`: its opacity in per cent), with
    /// `paras` in it (inset by `inset` points), for badges, boxes and rules.
    #[allow(clippy::too_many_arguments)]
    pub fn shape(
        &mut self,
        name: &str,
        rect: Rect,
        geometry_kind: Geometry,
        colour: Colour,
        alpha: Option<u32>,
        inset: i64,
        paras: &[Para],
    ) -> u32 {
        let id = self.id();
        let name = format!("{name} {}", id - 1);
        self.xml.open("p:sp", &[]);
        self.xml.within("p:nvSpPr", &[], |x| {
            x.empty("p:cNvPr", &[("id", &id.to_string()), ("name", &name)]);
            x.empty("p:cNvSpPr", &[]);
            x.empty("p:nvPr", &[]);
        });
        self.xml.within("p:spPr", &[], |x| {
            xfrm(x, rect);
            match geometry_kind {
                Geometry::Rect => geometry(x, "rect"),
                Geometry::Rounded => {
                    x.within("a:prstGeom", &[("prst", "roundRect")], |x| {
                        x.within("a:avLst", &[], |x| {
                            x.empty("a:gd", &[("name", "adj"), ("fmla", "val 8000")]);
                        });
                    });
                }
            }
            match alpha {
                None => fill(x, colour),
                Some(alpha) => {
                    x.within("a:solidFill", &[], |x| {
                        x.within("a:srgbClr", &[("val", "000000")], |x| {
                            x.empty("a:alpha", &[("val", &(alpha * 1000).to_string())]);
                        });
                    });
                }
            }
            x.within("a:ln", &[], |x| {
                x.empty("a:noFill", &[]);
            });
        });
        if !paras.is_empty() {
            let inset = (inset * EMU_PER_PT).to_string();
            self.xml.open("p:txBody", &[]);
            self.xml.within(
                "a:bodyPr",
                &[
                    ("wrap", "square"),
                    ("lIns", &inset),
                    ("tIns", &inset),
                    ("rIns", &inset),
                    ("bIns", &inset),
                    ("anchor", "ctr"),
                    ("rtlCol", "0"),
                ],
                // Badges and boxes keep their type's size: LibreOffice
                // shrinks text that would fit when asked to fit it.
                |x| {
                    x.empty("a:noAutofit", &[]);
                },
            );
            self.xml.empty("a:lstStyle", &[]);
            for para in paras {
                self.paragraph(para, false);
            }
            self.xml.close("p:txBody");
        }
        self.xml.close("p:sp");
        id
    }

    /// Opens a text box's shape (`p:sp`), its id, name and place, unfilled:
    /// its text body follows.
    fn open_text_shape(&mut self, id: u32, name: &str, rect: Rect) {
        self.xml.open("p:sp", &[]);
        self.xml.within("p:nvSpPr", &[], |x| {
            x.empty("p:cNvPr", &[("id", &id.to_string()), ("name", name)]);
            x.empty("p:cNvSpPr", &[("txBox", "1")]);
            x.empty("p:nvPr", &[]);
        });
        self.xml.within("p:spPr", &[], |x| {
            xfrm(x, rect);
            geometry(x, "rect");
            x.empty("a:noFill", &[]);
        });
    }

    /// The slide's `number` at `rect`, right-aligned: a field, so that it
    /// follows the slide when the deck's order changes.
    pub fn slide_number(&mut self, rect: Rect, font: Font, number: usize) -> u32 {
        let id = self.id();
        let name = format!("Slide Number {}", id - 1);
        let lang = self.lang.clone();
        let size = (font.size * 100).to_string();
        self.open_text_shape(id, &name, rect);
        self.xml.open("p:txBody", &[]);
        self.xml.empty(
            "a:bodyPr",
            &[
                ("wrap", "none"),
                ("lIns", "0"),
                ("tIns", "0"),
                ("rIns", "0"),
                ("bIns", "0"),
                ("anchor", "ctr"),
                ("rtlCol", "0"),
            ],
        );
        self.xml.empty("a:lstStyle", &[]);
        let x = &mut self.xml;
        x.within("a:p", &[], |x| {
            x.empty("a:pPr", &[("algn", "r")]);
            x.within(
                "a:fld",
                &[
                    ("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"),
                    ("type", "slidenum"),
                ],
                |x| {
                    x.within("a:rPr", &[("lang", &lang), ("sz", &size)], |x| {
                        fill(x, font.colour);
                    });
                    x.element("a:t", &number.to_string());
                },
            );
        });
        self.xml.close("p:txBody");
        self.xml.close("p:sp");
        id
    }

    /// A table at `rect` without borders or fills: columns `widths` (points)
    /// wide, a row for each of `rows` (one paragraph a cell), `row_height` apart.
    pub fn table(
        &mut self,
        name: &str,
        rect: Rect,
        widths: &[i64],
        row_height: i64,
        rows: &[Vec<Para>],
    ) -> u32 {
        let id = self.id();
        let name = format!("{name} {}", id - 1);
        self.xml.open("p:graphicFrame", &[]);
        self.xml.within("p:nvGraphicFramePr", &[], |x| {
            x.empty("p:cNvPr", &[("id", &id.to_string()), ("name", &name)]);
            x.within("p:cNvGraphicFramePr", &[], |x| {
                x.empty("a:graphicFrameLocks", &[("noGrp", "1")]);
            });
            x.empty("p:nvPr", &[]);
        });
        self.xml.within("p:xfrm", &[], |x| {
            x.empty(
                "a:off",
                &[("x", &rect.x.to_string()), ("y", &rect.y.to_string())],
            );
            x.empty(
                "a:ext",
                &[("cx", &rect.w.to_string()), ("cy", &rect.h.to_string())],
            );
        });
        self.xml.open("a:graphic", &[]);
        self.xml.open(
            "a:graphicData",
            &[(
                "uri",
                "http://schemas.openxmlformats.org/drawingml/2006/table",
            )],
        );
        self.xml.open("a:tbl", &[]);
        self.xml.empty("a:tblPr", &[]);
        self.xml.within("a:tblGrid", &[], |x| {
            for width in widths {
                x.empty("a:gridCol", &[("w", &(width * EMU_PER_PT).to_string())]);
            }
        });
        let height = (row_height * EMU_PER_PT).to_string();
        for row in rows {
            self.xml.open("a:tr", &[("h", &height)]);
            for cell in row {
                self.xml.open("a:tc", &[]);
                self.xml.open("a:txBody", &[]);
                self.xml.empty("a:bodyPr", &[]);
                self.xml.empty("a:lstStyle", &[]);
                self.paragraph(cell, false);
                self.xml.close("a:txBody");
                self.xml.within(
                    "a:tcPr",
                    &[("marL", "0"), ("marR", "0"), ("marT", "0"), ("marB", "0")],
                    |x| {
                        for line in ["a:lnL", "a:lnR", "a:lnT", "a:lnB"] {
                            x.within(line, &[("w", "0")], |x| {
                                x.empty("a:noFill", &[]);
                            });
                        }
                        x.empty("a:noFill", &[]);
                    },
                );
                self.xml.close("a:tc");
            }
            self.xml.close("a:tr");
        }
        self.xml.close("a:tbl");
        self.xml.close("a:graphicData");
        self.xml.close("a:graphic");
        self.xml.close("p:graphicFrame");
        id
    }

    /// A picture (relationship `rel`) at `rect`, described by `alt`, its
    /// edges cut by `crop` (a picture that fills its frame).
    pub fn picture(&mut self, rel: &str, rect: Rect, alt: &str, crop: Crop) -> u32 {
        let id = self.id();
        let name = format!("Picture {}", id - 1);
        let x = &mut self.xml;
        x.open("p:pic", &[]);
        x.within("p:nvPicPr", &[], |x| {
            x.empty(
                "p:cNvPr",
                &[("id", &id.to_string()), ("name", &name), ("descr", alt)],
            );
            x.within("p:cNvPicPr", &[], |x| {
                x.empty("a:picLocks", &[("noChangeAspect", "1")]);
            });
            x.empty("p:nvPr", &[]);
        });
        x.within("p:blipFill", &[], |x| {
            x.empty("a:blip", &[("r:embed", rel)]);
            crop.write(x);
            x.within("a:stretch", &[], |x| {
                x.empty("a:fillRect", &[]);
            });
        });
        x.within("p:spPr", &[], |x| {
            xfrm(x, rect);
            geometry(x, "rect");
        });
        x.close("p:pic");
        id
    }

    /// A movie that plays on click (`--pptx-clips embed`): a picture (the
    /// still, relationship `poster`) whose video is relationship
    /// `rId90` (the `a:videoFile` link) and `rId91` (PowerPoint 2010's
    /// `p14:media`), both the same embedded part. Returns its shape id.
    pub fn movie(&mut self, poster: &str, rect: Rect, alt: &str, crop: Crop) -> u32 {
        let id = self.id();
        let name = format!("Clip {}", id - 1);
        let x = &mut self.xml;
        x.open("p:pic", &[]);
        x.within("p:nvPicPr", &[], |x| {
            x.within(
                "p:cNvPr",
                &[("id", &id.to_string()), ("name", &name), ("descr", alt)],
                |x| {
                    x.empty(
                        "a:hlinkClick",
                        &[("r:id", ""), ("action", "ppaction://media")],
                    );
                },
            );
            x.within("p:cNvPicPr", &[], |x| {
                x.empty("a:picLocks", &[("noChangeAspect", "1")]);
            });
            x.within("p:nvPr", &[], |x| {
                x.empty("a:videoFile", &[("r:link", MOVIE_REL)]);
                x.within("p:extLst", &[], |x| {
                    x.within(
                        "p:ext",
                        &[("uri", "{DAA4B4D4-6D71-4841-9C94-3DE7FCFB9230}")],
                        |x| {
                            x.empty(
                                "p14:media",
                                &[
                                    (
                                        "xmlns:p14",
                                        "http://schemas.microsoft.com/office/powerpoint/2010/main",
                                    ),
                                    ("r:embed", MEDIA_REL),
                                ],
                            );
                        },
                    );
                });
            });
        });
        x.within("p:blipFill", &[], |x| {
            x.empty("a:blip", &[("r:embed", poster)]);
            crop.write(x);
            x.within("a:stretch", &[], |x| {
                x.empty("a:fillRect", &[]);
            });
        });
        x.within("p:spPr", &[], |x| {
            xfrm(x, rect);
            geometry(x, "rect");
        });
        x.close("p:pic");
        id
    }

    /// A notes page's two placeholders: the slide's picture and the notes.
    pub fn notes_placeholders(&mut self, paras: &[Para]) {
        let x = &mut self.xml;
        x.within("p:sp", &[], |x| {
            x.within("p:nvSpPr", &[], |x| {
                x.empty(
                    "p:cNvPr",
                    &[("id", "2"), ("name", "Slide Image Placeholder 1")],
                );
                x.within("p:cNvSpPr", &[], |x| {
                    x.empty(
                        "a:spLocks",
                        &[("noGrp", "1"), ("noRot", "1"), ("noChangeAspect", "1")],
                    );
                });
                x.within("p:nvPr", &[], |x| {
                    x.empty("p:ph", &[("type", "sldImg"), ("idx", "2")]);
                });
            });
            x.empty("p:spPr", &[]);
        });
        self.next_id = 3;
        self.xml.open("p:sp", &[]);
        self.xml.within("p:nvSpPr", &[], |x| {
            x.empty("p:cNvPr", &[("id", "3"), ("name", "Notes Placeholder 2")]);
            x.within("p:cNvSpPr", &[], |x| {
                x.empty("a:spLocks", &[("noGrp", "1")]);
            });
            x.within("p:nvPr", &[], |x| {
                x.empty("p:ph", &[("type", "body"), ("idx", "3")]);
            });
        });
        self.xml.empty("p:spPr", &[]);
        self.xml.open("p:txBody", &[]);
        self.xml.empty("a:bodyPr", &[]);
        self.xml.empty("a:lstStyle", &[]);
        for para in paras {
            self.notes_paragraph(para);
        }
        self.xml.close("p:txBody");
        self.xml.close("p:sp");
    }

    /// A shape's text; `shrink`: the office suite may shrink it to fit
    /// its box (`normAutofit`), else it keeps its size (`noAutofit`).
    fn text_body(&mut self, anchor: Anchor, paras: &[Para], caps: bool, shrink: bool) {
        self.xml.open("p:txBody", &[]);
        self.xml.within(
            "a:bodyPr",
            &[
                ("wrap", "square"),
                ("lIns", "0"),
                ("tIns", "0"),
                ("rIns", "0"),
                ("bIns", "0"),
                ("anchor", anchor.value()),
                ("rtlCol", "0"),
            ],
            |x| {
                x.empty(
                    if shrink {
                        "a:normAutofit"
                    } else {
                        "a:noAutofit"
                    },
                    &[],
                );
            },
        );
        self.xml.empty("a:lstStyle", &[]);
        if paras.is_empty() {
            self.xml.within("a:p", &[], |x| {
                x.empty("a:endParaRPr", &[]);
            });
        }
        for para in paras {
            self.paragraph(para, caps);
        }
        self.xml.close("p:txBody");
    }

    fn paragraph(&mut self, para: &Para, caps: bool) {
        let font = Font {
            caps: para.font.caps || caps,
            ..para.font
        };
        let size = font.size;
        // A list's text hangs after its marker: about a marker and a space.
        let (margin, indent) = match para.bullet {
            Bullet::None => (0, 0),
            Bullet::Dot => (i64::from(size) * 9 / 10, -i64::from(size) * 9 / 10),
            Bullet::Number(_) => (i64::from(size) * 3 / 2, -i64::from(size) * 3 / 2),
        };
        let margin = (margin * EMU_PER_PT).to_string();
        let indent = (indent * EMU_PER_PT).to_string();
        let align = match para.align {
            Align::Left => "l",
            Align::Centre => "ctr",
            Align::Right => "r",
        };
        let lang = self.lang.clone();
        let x = &mut self.xml;
        x.open("a:p", &[]);
        x.within(
            "a:pPr",
            &[("marL", &margin), ("indent", &indent), ("algn", align)],
            |x| {
                if para.before > 0 {
                    x.within("a:spcBef", &[], |x| {
                        x.empty("a:spcPts", &[("val", &(para.before * 100).to_string())]);
                    });
                }
                match para.bullet {
                    Bullet::None => {
                        x.empty("a:buNone", &[]);
                    }
                    Bullet::Dot => {
                        x.within("a:buClr", &[], |x| scheme(x, Colour::Accent));
                        x.empty("a:buSzPct", &[("val", "100000")]);
                        x.empty("a:buFont", &[("typeface", "Arial")]);
                        x.empty("a:buChar", &[("char", "•")]);
                    }
                    Bullet::Number(start) => {
                        x.within("a:buClr", &[], |x| scheme(x, Colour::Accent));
                        x.empty("a:buSzPct", &[("val", "100000")]);
                        x.empty("a:buFont", &[("typeface", "+mj-lt")]);
                        x.empty(
                            "a:buAutoNum",
                            &[("type", "arabicPeriod"), ("startAt", &start.to_string())],
                        );
                    }
                }
            },
        );
        for (i, run) in para.runs.iter().enumerate() {
            let colour = para.colours.get(i).copied().unwrap_or(font.colour);
            run_xml(x, &lang, run, Font { colour, ..font });
        }
        x.empty(
            "a:endParaRPr",
            &[
                ("lang", &lang),
                ("sz", &(size * 100).to_string()),
                ("dirty", "0"),
            ],
        );
        x.close("a:p");
    }

    /// A paragraph of the notes: the runs' bold and italics, the notes
    /// master's colour, its size said again (LibreOffice sets notes larger
    /// and indented without).
    fn notes_paragraph(&mut self, para: &Para) {
        let lang = self.lang.clone();
        let size = (para.font.size * 100).to_string();
        let x = &mut self.xml;
        x.within("a:p", &[], |x| {
            x.empty("a:pPr", &[("marL", "0"), ("indent", "0")]);
            for run in &para.runs {
                for (i, line) in run.text.split('\n').enumerate() {
                    if i > 0 {
                        x.within("a:br", &[], |x| {
                            x.empty("a:rPr", &[("lang", &lang), ("sz", &size)]);
                        });
                    }
                    x.within("a:r", &[], |x| {
                        let mut attributes = vec![("lang", lang.as_str()), ("sz", size.as_str())];
                        if run.strong {
                            attributes.push(("b", "1"));
                        }
                        if run.emph {
                            attributes.push(("i", "1"));
                        }
                        attributes.push(("dirty", "0"));
                        x.empty("a:rPr", &attributes);
                        x.element("a:t", line);
                    });
                }
            }
        });
    }

    /// The XML written so far, for the caller to end (`p:timing`, …) and finish.
    pub fn end_tree(mut self) -> Xml {
        self.xml.close("p:spTree");
        self.xml.close("p:cSld");
        self.xml.within("p:clrMapOvr", &[], |x| {
            x.empty("a:masterClrMapping", &[]);
        });
        self.xml
    }
}

/// One run: its text in the paragraph's font, bold and italic as written.
fn run_xml(x: &mut Xml, lang: &str, run: &Run, font: Font) {
    let size = (font.size * 100).to_string();
    let mut attributes = vec![("lang", lang), ("sz", size.as_str())];
    if font.bold || run.strong {
        attributes.push(("b", "1"));
    }
    if run.emph {
        attributes.push(("i", "1"));
    }
    if font.caps {
        attributes.push(("cap", "all"));
        attributes.push(("spc", "100"));
    }
    attributes.push(("dirty", "0"));
    for (i, line) in run.text.split('\n').enumerate() {
        if i > 0 {
            x.within("a:br", &[], |x| {
                x.within("a:rPr", &attributes, |x| fill(x, font.colour));
            });
        }
        x.within("a:r", &[], |x| {
            x.within("a:rPr", &attributes, |x| {
                fill(x, font.colour);
                x.empty("a:latin", &[("typeface", "+mn-lt")]);
            });
            x.element("a:t", line);
        });
    }
}

fn scheme(x: &mut Xml, colour: Colour) {
    match colour {
        Colour::White => x.empty("a:srgbClr", &[("val", "FFFFFF")]),
        _ => x.empty("a:schemeClr", &[("val", colour.scheme())]),
    };
}

fn fill(x: &mut Xml, colour: Colour) {
    x.within("a:solidFill", &[], |x| scheme(x, colour));
}

fn geometry(x: &mut Xml, preset: &str) {
    x.within("a:prstGeom", &[("prst", preset)], |x| {
        x.empty("a:avLst", &[]);
    });
}

fn xfrm(x: &mut Xml, rect: Rect) {
    x.within("a:xfrm", &[], |x| {
        x.empty(
            "a:off",
            &[("x", &rect.x.to_string()), ("y", &rect.y.to_string())],
        );
        x.empty(
            "a:ext",
            &[("cx", &rect.w.to_string()), ("cy", &rect.h.to_string())],
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: a picture is fitted inside its box, centred, keeping its shape.
    #[test]
    fn pictures_are_fitted_not_stretched() {
        let frame = Rect::pt(0, 0, 800, 300);
        assert_eq!(
            frame.fit(1600, 900),
            Rect {
                x: 1_693_333,
                y: 0,
                w: 6_773_333,
                h: 3_810_000
            }
        );
        let tall = Rect::pt(0, 0, 300, 400).fit(100, 100);
        assert_eq!((tall.w, tall.h), (300 * EMU_PER_PT, 300 * EMU_PER_PT));
        assert_eq!(tall.y, 50 * EMU_PER_PT);
    }
}
