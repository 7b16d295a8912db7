//! Reveal steps as PowerPoint builds: the planned pages of one slide become one slide whose later items appear on click.
//!
//! The plan gives a slide with steps as consecutive [`PlannedSlide`]s that
//! share one id, step k showing the first k items of the slide's list. A
//! deck that is edited needs the slide once, whole, with an appear effect
//! per click (`p:timing`, ECMA-376 Part 1, 19.5).

use super::xml::Xml;
use crate::plan::PlannedSlide;

/// One slide of the deck: the planned slide that shows everything, and the
/// paragraphs of its list (by their place in it, from 0) that each click shows.
#[derive(Debug, PartialEq, Eq)]
pub struct Revealed<'a> {
    pub slide: &'a PlannedSlide,
    pub clicks: Vec<Vec<usize>>,
}

/// The deck's slides, consecutive planned slides of one id made one.
pub fn group(slides: &[PlannedSlide]) -> Vec<Revealed<'_>> {
    let mut grouped: Vec<Vec<&PlannedSlide>> = Vec::new();
    for slide in slides {
        match grouped.last_mut() {
            Some(last) if last.last().is_some_and(|s| s.id == slide.id) => last.push(slide),
            _ => grouped.push(vec![slide]),
        }
    }
    grouped
        .into_iter()
        .filter_map(|steps| {
            let full = *steps.last()?;
            // Step k shows the first k of the slide's items (every step
            // plans the same items): a click shows those of the next step.
            let shown = |slide: &PlannedSlide| {
                slide
                    .step
                    .map_or(slide.items.len(), |k| k as usize)
                    .min(full.items.len())
            };
            let clicks = steps
                .windows(2)
                .map(|pair| (shown(pair[0])..shown(pair[1])).collect::<Vec<usize>>())
                .filter(|shown| !shown.is_empty())
                .collect();
            Some(Revealed {
                slide: full,
                clicks,
            })
        })
        .collect()
}

/// The slide's `p:timing`: each click shows the paragraphs `clicks` names
/// of the shape `shape` (an "appear" entrance effect, preset 1).
pub fn timing(xml: &mut Xml, shape: u32, clicks: &[Vec<usize>]) {
    let shape = shape.to_string();
    let mut ids = 2..;
    let mut next = move || ids.next().unwrap_or(0).to_string();
    xml.open("p:timing", &[]);
    xml.open("p:tnLst", &[]);
    xml.open("p:par", &[]);
    xml.open(
        "p:cTn",
        &[
            ("id", "1"),
            ("dur", "indefinite"),
            ("restart", "never"),
            ("nodeType", "tmRoot"),
        ],
    );
    xml.open("p:childTnLst", &[]);
    xml.open("p:seq", &[("concurrent", "1"), ("nextAc", "seek")]);
    xml.open(
        "p:cTn",
        &[
            ("id", &next()),
            ("dur", "indefinite"),
            ("nodeType", "mainSeq"),
        ],
    );
    xml.open("p:childTnLst", &[]);
    for paragraphs in clicks {
        click(xml, &mut next, &shape, paragraphs);
    }
    xml.close("p:childTnLst").close("p:cTn");
    for (list, event) in [("p:prevCondLst", "onPrev"), ("p:nextCondLst", "onNext")] {
        xml.within(list, &[], |xml| {
            xml.within("p:cond", &[("evt", event), ("delay", "0")], |xml| {
                xml.within("p:tgtEl", &[], |xml| {
                    xml.empty("p:sldTgt", &[]);
                });
            });
        });
    }
    xml.close("p:seq");
    xml.close("p:childTnLst").close("p:cTn").close("p:par");
    xml.close("p:tnLst");
    xml.within("p:bldLst", &[], |xml| {
        xml.empty(
            "p:bldP",
            &[("spid", &shape), ("grpId", "0"), ("build", "p")],
        );
    });
    xml.close("p:timing");
}

/// One click of the main sequence: `paragraphs` of `shape` appear.
fn click(xml: &mut Xml, next: &mut impl FnMut() -> String, shape: &str, paragraphs: &[usize]) {
    xml.open("p:par", &[]);
    xml.open("p:cTn", &[("id", &next()), ("fill", "hold")]);
    condition(xml, "indefinite");
    xml.open("p:childTnLst", &[]);
    xml.open("p:par", &[]);
    xml.open("p:cTn", &[("id", &next()), ("fill", "hold")]);
    condition(xml, "0");
    xml.open("p:childTnLst", &[]);
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let paragraph = paragraph.to_string();
        // The click shows its first paragraph, the others with it.
        let node = if i == 0 { "clickEffect" } else { "withEffect" };
        xml.within("p:par", &[], |xml| {
            xml.within(
                "p:cTn",
                &[
                    ("id", &next()),
                    ("presetID", "1"),
                    ("presetClass", "entr"),
                    ("presetSubtype", "0"),
                    ("fill", "hold"),
                    ("grpId", "0"),
                    ("nodeType", node),
                ],
                |xml| {
                    condition(xml, "0");
                    xml.within("p:childTnLst", &[], |xml| {
                        appear(xml, &next(), shape, &paragraph);
                    });
                },
            );
        });
    }
    xml.close("p:childTnLst").close("p:cTn").close("p:par");
    xml.close("p:childTnLst").close("p:cTn").close("p:par");
}

fn condition(xml: &mut Xml, delay: &str) {
    xml.within("p:stCondLst", &[], |xml| {
        xml.empty("p:cond", &[("delay", delay)]);
    });
}

/// Makes paragraph `paragraph` of shape `shape` visible.
fn appear(xml: &mut Xml, id: &str, shape: &str, paragraph: &str) {
    xml.within("p:set", &[], |xml| {
        xml.within("p:cBhvr", &[], |xml| {
            xml.within(
                "p:cTn",
                &[("id", id), ("dur", "1"), ("fill", "hold")],
                |xml| {
                    condition(xml, "0");
                },
            );
            xml.within("p:tgtEl", &[], |xml| {
                xml.within("p:spTgt", &[("spid", shape)], |xml| {
                    xml.within("p:txEl", &[], |xml| {
                        xml.empty("p:pRg", &[("st", paragraph), ("end", paragraph)]);
                    });
                });
            });
            xml.within("p:attrNameLst", &[], |xml| {
                xml.element("p:attrName", "style.visibility");
            });
        });
        xml.within("p:to", &[], |xml| {
            xml.empty("p:strVal", &[("val", "visible")]);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{BlockId, Shows, SlideId, SlidePart};

    fn planned(block: u32, page: u32, items: &[usize], step: Option<u32>) -> PlannedSlide {
        PlannedSlide {
            id: SlideId::Block(BlockId(block), SlidePart::Page(page)),
            block: Some(BlockId(block)),
            shows: Shows::Questions,
            items: items.to_vec(),
            page,
            pages: 2,
            step,
        }
    }

    /// Proves: a slide's reveal steps (consecutive planned slides of one id)
    /// become one slide, the full one, whose items after the first step's
    /// appear one click each; slides without steps stay as they are.
    #[test]
    fn reveal_steps_become_one_slide_with_clicks() {
        let slides = [
            planned(1, 1, &[0, 1], None),
            planned(2, 1, &[0, 1, 2], Some(1)),
            planned(2, 1, &[0, 1, 2], Some(2)),
            planned(2, 1, &[0, 1, 2], Some(3)),
            planned(2, 2, &[3, 4], Some(1)),
            planned(2, 2, &[3, 4], Some(2)),
        ];
        let grouped = group(&slides);
        let summary: Vec<(String, Vec<usize>, Vec<Vec<usize>>)> = grouped
            .iter()
            .map(|r| {
                (
                    r.slide.id.to_string(),
                    r.slide.items.clone(),
                    r.clicks.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("b1".to_string(), vec![0, 1], vec![]),
                ("b2".to_string(), vec![0, 1, 2], vec![vec![1], vec![2]]),
                ("b2/2".to_string(), vec![3, 4], vec![vec![1]]),
            ]
        );
    }

    /// Proves: each click is an appear effect on its paragraphs of the list's
    /// shape, in order (a click's later paragraphs with its first), and the
    /// shape builds by paragraph.
    #[test]
    fn clicks_are_appear_effects_on_paragraphs() {
        let mut xml = Xml::new();
        timing(&mut xml, 5, &[vec![1], vec![2, 3]]);
        let text = String::from_utf8(xml.finish().expect("written")).expect("UTF-8");
        let targets: Vec<&str> = text
            .match_indices("<p:pRg ")
            .map(|(i, _)| &text[i..i + 23])
            .collect();
        assert_eq!(
            targets,
            [
                "<p:pRg st=\"1\" end=\"1\"/>",
                "<p:pRg st=\"2\" end=\"2\"/>",
                "<p:pRg st=\"3\" end=\"3\"/>"
            ]
        );
        assert_eq!(text.matches("nodeType=\"clickEffect\"").count(), 2);
        assert_eq!(text.matches("nodeType=\"withEffect\"").count(), 1);
        assert_eq!(text.matches("<p:spTgt spid=\"5\">").count(), 3);
        assert!(
            text.contains("<p:bldP spid=\"5\" grpId=\"0\" build=\"p\"/>"),
            "{text}"
        );
    }
}
