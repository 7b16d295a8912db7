//! An embedded clip (`--pptx-clips embed`): the cut clip as a media part of the deck, and the timing that plays it when clicked.

use super::xml::Xml;
use super::{Made, Media, Rel, rel};

/// PowerPoint 2010's relationship to a slide's embedded media.
const MEDIA_2007: &str = "http://schemas.microsoft.com/office/2007/relationships/media";

/// The slide's relationships to the clip its movie plays (the ids
/// [`super::canvas::MOVIE_REL`] and [`super::canvas::MEDIA_REL`]), the clip
/// a media part once in the deck.
pub(super) fn rels(made: &Made<'_>, media: &mut Vec<Media>, clip: &str) -> Vec<Rel> {
    let index = match media.iter().position(|m| m.path == clip) {
        Some(index) => index,
        None => {
            let Some(embedded) = made.clips.iter().find(|c| c.path == clip) else {
                return Vec::new();
            };
            let movies = media.iter().filter(|m| m.part.ends_with(".mp4")).count();
            media.push(Media {
                path: clip.to_string(),
                part: format!("ppt/media/media{}.mp4", movies + 1),
                bytes: embedded.bytes.clone(),
            });
            media.len() - 1
        }
    };
    let target = media[index].part.replacen("ppt/", "../", 1);
    vec![
        rel(90, "video", target.clone()),
        rel(91, MEDIA_2007, target),
    ]
}

/// The slide's `p:timing`: a click on the movie `shape` plays or pauses it
/// (an interactive sequence triggered by the shape, as PowerPoint writes
/// "start on click"), and the movie's media node.
pub(super) fn timing(xml: &mut Xml, shape: u32) {
    let shape = shape.to_string();
    let target = target(&shape);
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
    click_sequence(xml, &shape);
    xml.within("p:video", &[], |x| {
        x.within("p:cMediaNode", &[("vol", "80000")], |x| {
            x.within(
                "p:cTn",
                &[("id", "7"), ("fill", "hold"), ("display", "0")],
                |x| {
                    x.within("p:stCondLst", &[], |x| {
                        x.empty("p:cond", &[("delay", "indefinite")]);
                    });
                },
            );
            target(x);
        });
    });
    xml.close("p:childTnLst");
    xml.close("p:cTn");
    xml.close("p:par");
    xml.close("p:tnLst");
    xml.close("p:timing");
}

/// The spid target of the movie `shape`, for the animations that play it.
fn target(shape: &str) -> impl Fn(&mut Xml) + Copy + '_ {
    move |x: &mut Xml| {
        x.within("p:tgtEl", &[], |x| {
            x.empty("p:spTgt", &[("spid", shape)]);
        });
    }
}

/// A start condition at once.
fn delay_zero(x: &mut Xml) {
    x.within("p:stCondLst", &[], |x| {
        x.empty("p:cond", &[("delay", "0")]);
    });
}

/// The interactive sequence: a click on the movie `shape` toggles its pause.
fn click_sequence(xml: &mut Xml, shape: &str) {
    let target = target(shape);
    xml.open("p:seq", &[("concurrent", "1"), ("nextAc", "seek")]);
    xml.open(
        "p:cTn",
        &[
            ("id", "2"),
            ("restart", "whenNotActive"),
            ("fill", "hold"),
            ("evtFilter", "cancelBubble"),
            ("nodeType", "interactiveSeq"),
        ],
    );
    xml.within("p:stCondLst", &[], |x| {
        x.within("p:cond", &[("evt", "onClick"), ("delay", "0")], target);
    });
    xml.within("p:endSync", &[("evt", "end"), ("delay", "0")], |x| {
        x.empty("p:rtn", &[("val", "all")]);
    });
    xml.open("p:childTnLst", &[]);
    xml.open("p:par", &[]);
    xml.open("p:cTn", &[("id", "3"), ("fill", "hold")]);
    delay_zero(xml);
    xml.open("p:childTnLst", &[]);
    xml.open("p:par", &[]);
    xml.open("p:cTn", &[("id", "4"), ("fill", "hold")]);
    delay_zero(xml);
    xml.open("p:childTnLst", &[]);
    xml.open("p:par", &[]);
    xml.open(
        "p:cTn",
        &[
            ("id", "5"),
            ("presetID", "2"),
            ("presetClass", "mediacall"),
            ("presetSubtype", "0"),
            ("fill", "hold"),
            ("nodeType", "clickEffect"),
        ],
    );
    delay_zero(xml);
    xml.within("p:childTnLst", &[], |x| {
        x.within("p:cmd", &[("type", "call"), ("cmd", "togglePause")], |x| {
            x.within("p:cBhvr", &[], |x| {
                x.empty("p:cTn", &[("id", "6"), ("dur", "1"), ("fill", "hold")]);
                target(x);
            });
        });
    });
    for element in [
        "p:cTn",
        "p:par",
        "p:childTnLst",
        "p:cTn",
        "p:par",
        "p:childTnLst",
    ] {
        xml.close(element);
    }
    xml.close("p:cTn");
    xml.close("p:par");
    xml.close("p:childTnLst");
    xml.close("p:cTn");
    xml.within("p:nextCondLst", &[], |x| {
        x.within("p:cond", &[("evt", "onNext"), ("delay", "0")], target);
    });
    xml.close("p:seq");
}
