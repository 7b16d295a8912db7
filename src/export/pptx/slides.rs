//! What each planned slide shows, as native shapes: the same parts as the Typst slides (`slide-parts.typ`), placed on the same 960 × 540 pt page.

use super::canvas::{
    Align, Anchor, Bullet, Canvas, Colour, Font, Geometry, Para, Placeholder, Rect, plain_run,
};
use crate::i18n::{self, Labels};
use crate::outline::Run;
use crate::plan::{
    BlockData, Content, Document, ImageData, LessonData, Picture, PlannedSlide, QuestionData,
    QuoteData, RoleplayData, SceneData, SectionData, Shows, TextData,
};

/// The slide's margins and content area, as `slide-parts.typ` has them (pt).
const LEFT: i64 = 56;
const WIDTH: i64 = 848;
const TOP: i64 = 44;
const BOTTOM: i64 = 496;
/// Where a titled slide's content starts, under the label, title and rule.
const CONTENT: i64 = 150;

/// The layouts of the skeleton, by their part number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Title = 1,
    Section = 2,
    TitleOnly = 3,
    Blank = 4,
}

/// One slide of the deck as drawn: its layout, its XML (without `p:timing`
/// and the end), the pictures it shows and the shape whose paragraphs
/// appear on click.
pub struct Drawn {
    pub layout: Layout,
    pub canvas: Canvas,
    /// The pictures, by their prepared path: relationship ids `rId3`, `rId4`, ….
    pub pictures: Vec<String>,
    /// The list's shape id, for reveal steps.
    pub list: Option<u32>,
    /// Its title as the office suite's outline shows it; none for a slide
    /// without a title (a text without one, an image).
    pub title: Option<String>,
    /// The embedded clip it plays on click: its shape id and the path the
    /// slides link the cut clip by (`--pptx-clips embed`).
    pub movie: Option<(u32, String)>,
}

/// What the slides are drawn with: the data, the theme's title style, the
/// pictures' sizes.
pub struct Deck<'a> {
    pub document: &'a Document,
    pub title_caps: bool,
    /// A prepared picture's width and height in pixels, by its path.
    pub size: &'a dyn Fn(&str) -> Option<(u32, u32)>,
    /// Whether the cut clip the slides link by this path is embedded.
    pub embeds: &'a dyn Fn(&str) -> bool,
}

impl Deck<'_> {
    /// The labels of the deck's language.
    fn labels(&self) -> &'static Labels {
        i18n::labels_by_code(self.document.lang)
    }

    fn start(&self, background: Option<Colour>) -> Canvas {
        Canvas::slide(self.document.lang, self.title_caps, background)
    }

    fn drawn(&self, layout: Layout, canvas: Canvas, title: Option<String>) -> Drawn {
        Drawn {
            layout,
            canvas,
            pictures: Vec::new(),
            list: None,
            title,
            movie: None,
        }
    }
}

/// Styled text as plain text: an outline view's title.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// The block a slide shows, in `document`.
pub fn block_of<'d>(document: &'d Document, slide: &PlannedSlide) -> Option<&'d BlockData> {
    let id = slide.block?.to_string();
    document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find(|b| b.id == id)
}

/// Draws `slide` (the full slide of its reveal steps).
pub fn draw(deck: &Deck<'_>, slide: &PlannedSlide) -> Drawn {
    let document = deck.document;
    match slide.shows {
        Shows::Title => title_slide(deck),
        Shows::Agenda => agenda_slide(deck),
        Shows::Closing => closing_slide(deck),
        Shows::Divider => {
            let id = slide.id.to_string();
            match document.sections.iter().find(|s| s.id == id) {
                Some(section) => divider_slide(deck, section),
                None => blank(deck),
            }
        }
        _ => match block_of(document, slide) {
            Some(block) => block_slide(deck, block, slide),
            None => blank(deck),
        },
    }
}

/// The deck's last slide, from the outline's `closing`: its title (else
/// "Thank you"), a line or two, the next steps as a list, how to reach the
/// trainer; as the Typst slide has them.
fn closing_slide(deck: &Deck<'_>) -> Drawn {
    let Some(closing) = &deck.document.workshop.closing else {
        return blank(deck);
    };
    let title: Vec<Run> = closing
        .title
        .clone()
        .unwrap_or_else(|| vec![plain_run(&deck.labels().thank_you)]);
    let mut canvas = deck.start(None);
    heading(&mut canvas, None, &title);
    let mut paras: Vec<Para> = Vec::new();
    if let Some(text) = &closing.text {
        paras.push(Para::new(text, Font::new(28, Colour::Ink)));
    }
    if !closing.next_steps.is_empty() {
        paras.push(Para {
            before: if paras.is_empty() { 0 } else { 18 },
            ..Para::plain(
                &deck.labels().next_steps,
                Font::new(18, Colour::Muted).bold().caps(),
            )
        });
        paras.extend(closing.next_steps.iter().map(|step| Para {
            bullet: Bullet::Dot,
            before: 6,
            ..Para::new(step, Font::new(28, Colour::Ink))
        }));
    }
    if let Some(contact) = &closing.contact {
        paras.push(Para {
            before: 18,
            ..Para::new(contact, Font::new(24, Colour::Accent).bold())
        });
    }
    body(&mut canvas, &paras);
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&title)))
}

fn blank(deck: &Deck<'_>) -> Drawn {
    deck.drawn(Layout::Blank, deck.start(None), None)
}

/// A titled slide's small label over its title, its title and the accent rule.
fn heading(canvas: &mut Canvas, over: Option<&str>, title: &[Run]) {
    if let Some(over) = over {
        canvas.text_box(
            "Label",
            Rect::pt(LEFT, TOP, WIDTH, 22),
            Anchor::Top,
            &[Para::plain(
                over,
                Font::new(16, Colour::Muted).bold().caps(),
            )],
        );
    }
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, 66, WIDTH, 46),
        Anchor::Bottom,
        &[Para::new(title, Font::new(34, Colour::Ink).bold())],
    );
    rule(canvas, Rect::pt(LEFT, 126, 72, 3));
}

fn rule(canvas: &mut Canvas, rect: Rect) {
    canvas.shape("Rule", rect, Geometry::Rect, Colour::Accent, None, 0, &[]);
}

/// `items` joined by middle dots, the missing ones left out.
fn facts(items: &[Option<String>]) -> String {
    items
        .iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ")
}

fn minutes_text(deck: &Deck<'_>, minutes: Option<u32>) -> Option<String> {
    minutes.map(|m| format!("{m} {}", deck.labels().minutes))
}

fn title_slide(deck: &Deck<'_>) -> Drawn {
    let workshop = &deck.document.workshop;
    let mut canvas = deck.start(None);
    canvas.placeholder(
        Placeholder::CentredTitle,
        Rect::pt(LEFT, 100, WIDTH, 150),
        Anchor::Bottom,
        &[Para::new(
            &workshop.title,
            Font::new(48, Colour::Ink).bold(),
        )],
    );
    let mut y = 262;
    if let Some(subtitle) = &workshop.subtitle {
        canvas.placeholder(
            Placeholder::Subtitle,
            Rect::pt(LEFT, y, WIDTH, 72),
            Anchor::Top,
            &[Para::new(subtitle, Font::new(26, Colour::Muted))],
        );
        y += 80;
    }
    rule(&mut canvas, Rect::pt(LEFT, y, 96, 4));
    let mut lines = Vec::new();
    if let Some(audience) = &workshop.audience {
        let mut runs = vec![plain_run(&format!(
            "{}{} ",
            deck.labels().audience,
            deck.labels().colon
        ))];
        runs.extend(audience.iter().cloned());
        lines.push(Para::new(&runs, Font::new(20, Colour::Muted)));
    }
    let date = workshop.date.as_ref().map(|d| {
        let months = &deck.labels().months;
        let month = months
            .get(usize::from(d.month).saturating_sub(1))
            .map_or("", String::as_str);
        let day = if d.day == 1 {
            deck.labels().first_day.clone()
        } else {
            d.day.to_string()
        };
        format!("{day}\u{a0}{month}\u{a0}{}", d.year)
    });
    let version = match (&workshop.version, &workshop.revision) {
        (Some(v), Some(r)) => Some(format!("{} {v} ({r})", deck.labels().version)),
        (Some(v), None) => Some(format!("{} {v}", deck.labels().version)),
        (None, Some(r)) => Some(format!("{} {r}", deck.labels().revision)),
        (None, None) => None,
    };
    let line = facts(&[
        workshop.facilitator.clone(),
        date,
        version,
        workshop.duration_text.clone(),
    ]);
    if !line.is_empty() {
        lines.push(Para::plain(&line, Font::new(20, Colour::Muted)));
    }
    if !lines.is_empty() {
        canvas.text_box(
            "Facts",
            Rect::pt(LEFT, y + 20, WIDTH, 80),
            Anchor::Top,
            &lines,
        );
    }
    deck.drawn(Layout::Title, canvas, Some(workshop.title_plain.clone()))
}

fn agenda_slide(deck: &Deck<'_>) -> Drawn {
    let mut canvas = deck.start(None);
    let title = deck.labels().agenda.clone();
    heading(&mut canvas, None, &[plain_run(&title)]);
    // A table of three columns: when, the section, its minutes.
    let cell = |runs: &[Run], colour: Colour, bold: bool, align: Align| Para {
        align,
        ..Para::new(
            runs,
            Font {
                bold,
                ..Font::new(24, colour)
            },
        )
    };
    let mut rows: Vec<Vec<Para>> = deck
        .document
        .sections
        .iter()
        .map(|section| {
            let when = section
                .start
                .clone()
                .unwrap_or_else(|| section.elapsed.clone());
            let minutes = minutes_text(deck, Some(section.minutes)).unwrap_or_default();
            vec![
                cell(&[plain_run(&when)], Colour::Accent, true, Align::Left),
                cell(&section.title, Colour::Ink, false, Align::Left),
                cell(&[plain_run(&minutes)], Colour::Muted, false, Align::Right),
            ]
        })
        .collect();
    if let Some(end) = &deck.document.workshop.end {
        rows.push(vec![
            cell(&[plain_run(end)], Colour::Muted, false, Align::Left),
            cell(
                &[plain_run(&deck.labels().ends)],
                Colour::Muted,
                false,
                Align::Left,
            ),
            cell(&[], Colour::Muted, false, Align::Left),
        ]);
    }
    // The times' column as wide as the longest time in bold (`13 h 30`).
    let times = deck
        .document
        .sections
        .iter()
        .map(|s| s.start.as_ref().unwrap_or(&s.elapsed).chars().count())
        .max()
        .unwrap_or(5);
    let first = (i64::try_from(times).unwrap_or(5) * 15 + 24).clamp(100, 240);
    let row_height = 32;
    let rows_height = row_height * i64::try_from(rows.len()).unwrap_or(1);
    canvas.table(
        "Agenda",
        Rect::pt(LEFT, CONTENT, WIDTH, rows_height.min(BOTTOM - CONTENT)),
        &[first, WIDTH - first - 140, 140],
        row_height,
        &rows,
    );
    deck.drawn(Layout::TitleOnly, canvas, Some(title))
}

fn divider_slide(deck: &Deck<'_>, section: &SectionData) -> Drawn {
    let mut canvas = deck.start(None);
    canvas.text_box(
        "Label",
        Rect::pt(LEFT, 150, WIDTH, 28),
        Anchor::Bottom,
        &[Para::plain(
            &format!("{} {}", deck.labels().section, section.number),
            Font::new(20, Colour::DividerLabel).bold().caps(),
        )],
    );
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, 184, WIDTH, 112),
        Anchor::Top,
        &[Para::new(
            &section.title,
            Font::new(46, Colour::OnDivider).bold(),
        )],
    );
    let mut lines = Vec::new();
    if let Some(goal) = &section.goal {
        lines.push(Para::new(goal, Font::new(24, Colour::OnDivider)));
    }
    let when = section
        .start
        .clone()
        .unwrap_or_else(|| section.elapsed.clone());
    lines.push(Para {
        before: 14,
        ..Para::plain(
            &facts(&[Some(when), minutes_text(deck, Some(section.minutes))]),
            Font::new(18, Colour::OnDivider),
        )
    });
    canvas.text_box("Goal", Rect::pt(LEFT, 300, WIDTH, 150), Anchor::Top, &lines);
    deck.drawn(Layout::Section, canvas, Some(plain(&section.title)))
}

fn block_slide(deck: &Deck<'_>, block: &BlockData, slide: &PlannedSlide) -> Drawn {
    match (&block.content, slide.shows) {
        (Content::Scene(_), Shows::Main) => scene_slide(deck, block),
        (Content::Scene(scene), Shows::Setup) => {
            let mut canvas = deck.start(None);
            heading(&mut canvas, Some(&deck.labels().kinds.scene), &scene.film);
            if let Some(setup) = &scene.setup {
                body(&mut canvas, &[Para::new(setup, Font::new(24, Colour::Ink))]);
            }
            deck.drawn(Layout::TitleOnly, canvas, Some(scene.film_plain.clone()))
        }
        (Content::Scene(scene), Shows::WatchFor) => {
            let title = deck.labels().watch_for.clone();
            let items: Vec<&[Run]> = scene.watch_for.iter().map(Vec::as_slice).collect();
            list_slide(
                deck,
                Some(&scene.film_plain),
                &[plain_run(&title)],
                &items,
                Bullet::Dot,
                None,
                BOTTOM,
            )
        }
        (Content::Quote(quote), _) => quote_slide(deck, quote),
        (Content::Lesson(lesson), _) => lesson_slide(deck, lesson),
        (Content::Questions(questions), _) => {
            let over = paged(deck.labels().discussion.clone(), slide);
            let title = [plain_run(&deck.labels().questions_for_group)];
            numbered(deck, &over, &title, &questions.questions, slide)
        }
        (Content::Activity(activity), Shows::Debrief) => {
            let over = paged(deck.labels().debrief.clone(), slide);
            numbered(deck, &over, &activity.title, &activity.debrief, slide)
        }
        (Content::Activity(activity), _) => {
            let over = paged(deck.labels().kinds.activity.clone(), slide);
            let steps: Vec<&[Run]> = slide
                .items
                .iter()
                .filter_map(|&i| activity.instructions.get(i))
                .map(Vec::as_slice)
                .collect();
            let group = activity
                .group
                .as_ref()
                .map(|g| group_text(deck, g.form, g.size));
            let badge = (block.minutes.is_some() || group.is_some())
                .then(|| (minutes_text(deck, block.minutes), group));
            let first = slide.items.first().map_or(1, |i| i + 1);
            list_slide(
                deck,
                Some(&over),
                &activity.title,
                &steps,
                Bullet::Number(first),
                badge,
                BOTTOM,
            )
        }
        (Content::Roleplay(roleplay), _) => roleplay_slide(deck, block, roleplay),
        (Content::Break(pause), _) => break_slide(deck, block, pause.title.as_deref()),
        (Content::Text(text), _) => text_slide(deck, text),
        (Content::Image(image), _) => image_slide(deck, image),
        (Content::Scene(_), _) => blank(deck),
    }
}

/// "Discussion 1/2" for one of several slides, else the label alone.
fn paged(label: String, slide: &PlannedSlide) -> String {
    if slide.pages > 1 {
        format!("{label} {}/{}", slide.page, slide.pages)
    } else {
        label
    }
}

fn group_text(deck: &Deck<'_>, form: &str, size: Option<u8>) -> String {
    let words = deck.labels().groups.of(form).unwrap_or(form).to_string();
    match size {
        Some(n) => words.replace("{n}", &n.to_string()),
        None => words,
    }
}

/// Text under a slide's title, over the rest of the slide.
fn body(canvas: &mut Canvas, paras: &[Para]) -> u32 {
    canvas.text_box(
        "Text",
        Rect::pt(LEFT, CONTENT, WIDTH, BOTTOM - CONTENT),
        Anchor::Top,
        paras,
    )
}

/// A titled list: its items as a bulleted or numbered list, beside a time
/// badge (minutes, group) when given.
fn list_slide(
    deck: &Deck<'_>,
    over: Option<&str>,
    title: &[Run],
    items: &[&[Run]],
    bullet: Bullet,
    badge: Option<(Option<String>, Option<String>)>,
    bottom: i64,
) -> Drawn {
    let mut canvas = deck.start(None);
    heading(&mut canvas, over, title);
    let paras: Vec<Para> = items
        .iter()
        .enumerate()
        .map(|(i, runs)| Para {
            bullet,
            before: if i == 0 { 0 } else { 10 },
            ..Para::new(runs, Font::new(24, Colour::Ink))
        })
        .collect();
    let width = if badge.is_some() { WIDTH - 262 } else { WIDTH };
    let list = canvas.text_box(
        "List",
        Rect::pt(LEFT, CONTENT, width, bottom - CONTENT),
        Anchor::Top,
        &paras,
    );
    if let Some((minutes, group)) = badge {
        time_badge(deck, &mut canvas, minutes, group);
    }
    let mut drawn = deck.drawn(Layout::TitleOnly, canvas, Some(plain(title)));
    drawn.list = Some(list);
    drawn
}

/// The time an activity takes, large, with its group form, in a box.
fn time_badge(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    minutes: Option<String>,
    group: Option<String>,
) {
    let mut lines = Vec::new();
    if let Some(minutes) = minutes {
        lines.push(Para {
            align: Align::Centre,
            ..Para::plain(
                &deck.labels().time_budget,
                Font::new(16, Colour::Muted).bold().caps(),
            )
        });
        lines.push(Para {
            align: Align::Centre,
            ..Para::plain(&minutes, Font::new(50, Colour::Accent).bold())
        });
    }
    if let Some(group) = group {
        lines.push(Para {
            align: Align::Centre,
            ..Para::plain(&group, Font::new(22, Colour::Ink).bold())
        });
    }
    let height = if lines.len() > 2 { 160 } else { 120 };
    canvas.shape(
        "Time",
        Rect::pt(LEFT + WIDTH - 230, CONTENT, 230, height),
        Geometry::Rounded,
        Colour::Soft,
        None,
        12,
        &lines,
    );
}

/// Numbered questions (a discussion, a debrief): those this slide shows.
fn numbered(
    deck: &Deck<'_>,
    over: &str,
    title: &[Run],
    questions: &[QuestionData],
    slide: &PlannedSlide,
) -> Drawn {
    let shown: Vec<&QuestionData> = slide
        .items
        .iter()
        .filter_map(|&i| questions.get(i))
        .collect();
    let items: Vec<&[Run]> = shown.iter().map(|q| q.text.as_slice()).collect();
    let first = shown.first().map_or(1, |q| q.number);
    list_slide(
        deck,
        Some(over),
        title,
        &items,
        Bullet::Number(first),
        None,
        BOTTOM,
    )
}

/// The scene's first slide: the still (or a frame that says the clip plays)
/// with the clip's badge, the film as the title, its facts and its setup.
fn scene_slide(deck: &Deck<'_>, block: &BlockData) -> Drawn {
    let Content::Scene(scene) = &block.content else {
        return blank(deck);
    };
    let mut canvas = deck.start(None);
    let mut pictures = Vec::new();
    let clip_times = scene
        .clip
        .as_ref()
        .map(|c| format!("{} – {}", c.start, c.end));
    let meta = facts(&[
        scene.year.map(|y| y.to_string()),
        scene.director.clone(),
        clip_times,
    ]);
    let plays = scene
        .video
        .as_ref()
        .map(|v| v.plays.clone())
        .or_else(|| scene.clip.as_ref().map(|c| short_length(c.seconds)))
        .filter(|p| !p.is_empty());
    let portrait = scene.still.as_ref().is_some_and(|s| s.portrait);
    let setup_apart = block.slides.iter().any(|s| s.shows == Shows::Setup);
    let setup = scene.setup.as_ref().filter(|_| !setup_apart);
    let words = SceneWords {
        film: &scene.film,
        meta: &meta,
        setup: setup.map(Vec::as_slice),
        plays: plays.as_deref(),
    };
    // The cut clip, embedded: it plays where the still shows.
    let embedded = scene
        .video
        .as_ref()
        .filter(|v| scene.still.is_some() && (deck.embeds)(&v.path))
        .map(|v| v.path.clone());
    let mut movie = None;
    let mut picture = Picturing {
        pictures: &mut pictures,
        embedded: embedded.as_deref(),
        movie: &mut movie,
    };
    if portrait {
        portrait_scene(deck, &mut canvas, &mut picture, scene, &words);
    } else {
        landscape_scene(deck, &mut canvas, &mut picture, scene, &words);
    }
    let mut drawn = deck.drawn(Layout::TitleOnly, canvas, Some(scene.film_plain.clone()));
    drawn.pictures = pictures;
    drawn.movie = movie;
    drawn
}

/// Where a scene's picture goes: the slide's pictures, and the movie it
/// becomes when its cut clip is embedded.
struct Picturing<'p> {
    pictures: &'p mut Vec<String>,
    /// The path of the cut clip to embed in the still's place.
    embedded: Option<&'p str>,
    movie: &'p mut Option<(u32, String)>,
}

/// What a scene's first slide says beside its picture.
struct SceneWords<'a> {
    film: &'a [Run],
    /// Year, director, clip times.
    meta: &'a str,
    /// The setup, unless it has a slide of its own.
    setup: Option<&'a [Run]>,
    /// How long the clip plays: `2:20`.
    plays: Option<&'a str>,
}

/// A portrait still in a column of its own beside the words, as the Typst slide has it.
fn portrait_scene(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    picture: &mut Picturing<'_>,
    scene: &SceneData,
    words: &SceneWords<'_>,
) {
    // A column of its own beside the words, as the Typst slide has it.
    let column = Rect::pt(LEFT + WIDTH - 300, TOP, 300, 400);
    if let Some(still) = &scene.still {
        scene_picture(deck, canvas, picture, still, column);
    }
    if let Some(plays) = words.plays {
        clip_badge(canvas, column, plays);
    }
    let width = WIDTH - 332;
    scene_label(deck, canvas, width);
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, 66, width, 46),
        Anchor::Bottom,
        &[Para::new(words.film, Font::new(34, Colour::Ink).bold())],
    );
    rule(canvas, Rect::pt(LEFT, 126, 72, 3));
    let mut text = vec![Para::plain(words.meta, Font::new(20, Colour::Muted))];
    if let Some(setup) = words.setup {
        text.push(Para {
            before: 10,
            ..Para::new(setup, Font::new(22, Colour::Ink))
        });
    }
    canvas.text_box(
        "Text",
        Rect::pt(LEFT, CONTENT, width, BOTTOM - CONTENT),
        Anchor::Top,
        &text,
    );
}

/// A landscape still (or a frame that says the clip plays) across the top,
/// the film, its facts and its setup under it.
fn landscape_scene(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    picture: &mut Picturing<'_>,
    scene: &SceneData,
    words: &SceneWords<'_>,
) {
    let has_picture = scene.still.is_some() || words.plays.is_some();
    let frame_height = if words.setup.is_some() { 260 } else { 300 };
    let frame = Rect::pt(LEFT, TOP, WIDTH, frame_height);
    if let Some(still) = &scene.still {
        scene_picture(deck, canvas, picture, still, frame);
    } else if scene.video.is_some() {
        let label = format!(
            "▶  {}{}",
            deck.labels().play_clip,
            words.plays.map(|p| format!(" · {p}")).unwrap_or_default()
        );
        canvas.shape(
            "Play",
            frame,
            Geometry::Rounded,
            Colour::Soft,
            None,
            12,
            &[Para {
                align: Align::Centre,
                ..Para::plain(&label, Font::new(22, Colour::Accent).bold())
            }],
        );
    }
    if let (Some(plays), Some(_)) = (words.plays, &scene.still) {
        clip_badge(canvas, frame, plays);
    }
    let top = if has_picture {
        TOP + frame_height + 10
    } else {
        66
    };
    if !has_picture {
        scene_label(deck, canvas, WIDTH);
    }
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, top, WIDTH, 40),
        Anchor::Bottom,
        &[Para::new(words.film, Font::new(30, Colour::Ink).bold())],
    );
    let mut text = vec![Para::plain(words.meta, Font::new(20, Colour::Muted))];
    if let Some(setup) = words.setup {
        text.push(Para {
            before: 4,
            ..Para::new(setup, Font::new(20, Colour::Ink))
        });
    }
    canvas.text_box(
        "Text",
        Rect::pt(LEFT, top + 44, WIDTH, BOTTOM - top - 44),
        Anchor::Top,
        &text,
    );
}

/// `2:20` for a length under an hour, else `1:02:20`.
pub fn short_length(seconds: u32) -> String {
    if seconds < 3600 {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    } else {
        format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// A picture fitted in `frame` over the theme's frame colour.
fn still_picture(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    pictures: &mut Vec<String>,
    still: &Picture,
    frame: Rect,
) {
    let Some((width, height)) = (deck.size)(&still.path) else {
        return;
    };
    canvas.shape("Frame", frame, Geometry::Rect, Colour::Frame, None, 0, &[]);
    let rel = picture_rel(pictures, &still.path);
    canvas.picture(&rel, frame.fit(width, height), &still.alt);
}

/// The relationship id of the picture at `path` on this slide (`rId3`,
/// `rId4`, … in the order the slide first shows them).
fn picture_rel(pictures: &mut Vec<String>, path: &str) -> String {
    let index = match pictures.iter().position(|p| p == path) {
        Some(index) => index,
        None => {
            pictures.push(path.to_string());
            pictures.len() - 1
        }
    };
    format!("rId{}", index + 3)
}

/// "SCENE" over a scene slide's title, `width` wide.
fn scene_label(deck: &Deck<'_>, canvas: &mut Canvas, width: i64) {
    canvas.text_box(
        "Label",
        Rect::pt(LEFT, TOP, width, 22),
        Anchor::Top,
        &[Para::plain(
            &deck.labels().kinds.scene,
            Font::new(16, Colour::Muted).bold().caps(),
        )],
    );
}

/// A scene's still in `frame`, or, when its cut clip is embedded, the
/// movie that plays on click with the still as its poster.
fn scene_picture(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    picture: &mut Picturing<'_>,
    still: &Picture,
    frame: Rect,
) {
    let Some(clip) = picture.embedded else {
        return still_picture(deck, canvas, picture.pictures, still, frame);
    };
    let Some((width, height)) = (deck.size)(&still.path) else {
        return;
    };
    canvas.shape("Frame", frame, Geometry::Rect, Colour::Frame, None, 0, &[]);
    let poster = picture_rel(picture.pictures, &still.path);
    let id = canvas.movie(&poster, frame.fit(width, height), &still.alt);
    *picture.movie = Some((id, clip.to_string()));
}

/// How long the clip plays, on a dark badge in the frame's corner.
fn clip_badge(canvas: &mut Canvas, frame: Rect, plays: &str) {
    let (w, h) = (96, 32);
    let at = Rect::pt(0, 0, w, h);
    let rect = Rect {
        x: frame.x + frame.w - at.w - Rect::pt(10, 0, 0, 0).x,
        y: frame.y + frame.h - at.h - Rect::pt(0, 10, 0, 0).y,
        ..at
    };
    canvas.shape(
        "Clip",
        rect,
        Geometry::Rounded,
        Colour::White,
        Some(75),
        4,
        &[Para {
            align: Align::Centre,
            ..Para::plain(&format!("▶ {plays}"), Font::new(16, Colour::White).bold())
        }],
    );
}

fn quote_slide(deck: &Deck<'_>, quote: &QuoteData) -> Drawn {
    let mut canvas = deck.start(None);
    let (open, close) = if deck.document.lang == "fr" {
        ("« ", " »")
    } else {
        ("“", "”")
    };
    let mut runs = vec![plain_run(open)];
    runs.extend(quote.text.iter().cloned());
    runs.push(plain_run(close));
    let mut by: Vec<Run> = Vec::new();
    for part in [&quote.by, &quote.source].into_iter().flatten() {
        if !by.is_empty() {
            by.push(plain_run(" · "));
        }
        by.extend(part.iter().cloned());
    }
    // The quote and its source, centred on the slide beside the accent bar,
    // as tall as their lines are likely to be.
    let width = WIDTH - 34;
    let words = height(&runs, 36, width, true).min(300);
    let source = if by.is_empty() {
        0
    } else {
        16 + height(&by, 22, width, false).min(80)
    };
    let top = (540 - words - source) / 2;
    canvas.shape(
        "Bar",
        Rect::pt(LEFT, top, 6, words + source),
        Geometry::Rect,
        Colour::Accent,
        None,
        0,
        &[],
    );
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT + 34, top, width, words),
        Anchor::Middle,
        &[Para::new(&runs, Font::new(36, Colour::Ink).bold())],
    );
    if !by.is_empty() {
        by.insert(0, plain_run("— "));
        canvas.text_box(
            "Source",
            Rect::pt(LEFT + 34, top + words + 16, width, source - 16),
            Anchor::Top,
            &[Para::new(&by, Font::new(22, Colour::Muted))],
        );
    }
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&runs)))
}

/// About how tall `runs` set at `size` points are in a box `width` points
/// wide: lines of average glyphs (half the size wide, bold ones 0.6), 1.2
/// lines apart. An office suite without the theme's font sets wider ones.
fn height(runs: &[Run], size: u32, width: i64, bold: bool) -> i64 {
    let size = i64::from(size);
    let characters = i64::try_from(plain(runs).chars().count()).unwrap_or(i64::MAX / 2);
    let glyph = if bold { size * 3 / 5 } else { size / 2 };
    let per_line = (width / glyph.max(1)).max(1);
    let lines = ((characters + per_line - 1) / per_line).max(1);
    lines * size * 6 / 5 + size / 5
}

fn lesson_slide(deck: &Deck<'_>, lesson: &LessonData) -> Drawn {
    let items: Vec<&[Run]> = lesson.points.iter().map(Vec::as_slice).collect();
    // The takeaway's box at the foot, as tall as its words need.
    let boxed = lesson
        .takeaway
        .as_ref()
        .map(|t| (52 + height(t, 26, WIDTH - 32, true)).clamp(96, 200));
    let mut drawn = list_slide(
        deck,
        Some(&deck.labels().kinds.lesson),
        &lesson.title,
        &items,
        Bullet::Dot,
        None,
        // Above the takeaway's box, when there is one.
        boxed.map_or(BOTTOM, |tall| BOTTOM - tall - 10),
    );
    if let (Some(takeaway), Some(tall)) = (&lesson.takeaway, boxed) {
        drawn.canvas.shape(
            "Takeaway",
            Rect::pt(LEFT, BOTTOM - tall, WIDTH, tall),
            Geometry::Rounded,
            Colour::Soft,
            None,
            16,
            &[
                Para::plain(
                    &deck.labels().takeaway,
                    Font::new(16, Colour::Accent).bold().caps(),
                ),
                Para::new(takeaway, Font::new(26, Colour::Ink).bold()),
            ],
        );
    }
    drawn
}

fn roleplay_slide(deck: &Deck<'_>, block: &BlockData, roleplay: &RoleplayData) -> Drawn {
    let mut canvas = deck.start(None);
    heading(
        &mut canvas,
        Some(&deck.labels().kinds.roleplay),
        &roleplay.title,
    );
    let width = if block.minutes.is_some() {
        WIDTH - 262
    } else {
        WIDTH
    };
    let mut y = CONTENT;
    if let Some(scenario) = &roleplay.scenario {
        let tall = height(scenario, 24, width, false).min(240);
        canvas.text_box(
            "Scenario",
            Rect::pt(LEFT, y, width, tall),
            Anchor::Top,
            &[Para::new(scenario, Font::new(24, Colour::Ink))],
        );
        y += tall + 14;
    }
    if !roleplay.roles.is_empty() {
        canvas.text_box(
            "Label",
            Rect::pt(LEFT, y, width, 22),
            Anchor::Top,
            &[Para::plain(
                &deck.labels().roles,
                Font::new(16, Colour::Muted).bold().caps(),
            )],
        );
        // The roles' names only: a brief is never drawn, it is not read here.
        let mut x = LEFT;
        for role in &roleplay.roles {
            let characters = i64::try_from(plain(&role.name).chars().count()).unwrap_or(40);
            let w = (characters * 13 + 28).min(width);
            if x + w > LEFT + width {
                break;
            }
            canvas.shape(
                "Role",
                Rect::pt(x, y + 28, w, 40),
                Geometry::Rounded,
                Colour::Soft,
                None,
                4,
                &[Para {
                    align: Align::Centre,
                    ..Para::new(&role.name, Font::new(22, Colour::Ink).bold())
                }],
            );
            x += w + 10;
        }
    }
    if block.minutes.is_some() {
        time_badge(deck, &mut canvas, minutes_text(deck, block.minutes), None);
    }
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&roleplay.title)))
}

fn break_slide(deck: &Deck<'_>, block: &BlockData, title: Option<&[Run]>) -> Drawn {
    let mut canvas = deck.start(Some(Colour::Soft));
    let kind = deck.labels().kinds.r#break.clone();
    if title.is_some() {
        canvas.text_box(
            "Label",
            Rect::pt(LEFT, 170, WIDTH, 26),
            Anchor::Bottom,
            &[Para {
                align: Align::Centre,
                ..Para::plain(&kind, Font::new(20, Colour::Muted).bold().caps())
            }],
        );
    }
    let runs = title.map_or_else(|| vec![plain_run(&kind)], <[Run]>::to_vec);
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, 200, WIDTH, 76),
        Anchor::Middle,
        &[Para {
            align: Align::Centre,
            ..Para::new(&runs, Font::new(54, Colour::Ink).bold())
        }],
    );
    let resume = match &block.end {
        Some(end) => format!("{} {end}", deck.labels().back_at),
        None => format!(
            "{} {}",
            deck.labels().back_in,
            minutes_text(deck, block.minutes).unwrap_or_default()
        ),
    };
    canvas.text_box(
        "Resume",
        Rect::pt(LEFT, 290, WIDTH, 56),
        Anchor::Top,
        &[Para {
            align: Align::Centre,
            ..Para::plain(&resume, Font::new(40, Colour::Accent).bold())
        }],
    );
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&runs)))
}

fn text_slide(deck: &Deck<'_>, text: &TextData) -> Drawn {
    let mut canvas = deck.start(None);
    let size = if text.title.is_some() { 24 } else { 30 };
    let paras: Vec<Para> = text
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| Para {
            before: if i == 0 { 0 } else { size * 9 / 10 },
            ..Para::new(p, Font::new(size, Colour::Ink))
        })
        .collect();
    match &text.title {
        Some(title) => {
            heading(&mut canvas, None, title);
            body(&mut canvas, &paras);
            deck.drawn(Layout::TitleOnly, canvas, Some(plain(title)))
        }
        None => {
            canvas.text_box(
                "Text",
                Rect::pt(LEFT, TOP, WIDTH, BOTTOM - TOP),
                Anchor::Middle,
                &paras,
            );
            deck.drawn(Layout::Blank, canvas, None)
        }
    }
}

fn image_slide(deck: &Deck<'_>, image: &ImageData) -> Drawn {
    let mut canvas = deck.start(None);
    let mut pictures = Vec::new();
    let height = if image.caption.is_some() { 370 } else { 420 };
    if let Some(picture) = &image.image {
        still_picture(
            deck,
            &mut canvas,
            &mut pictures,
            picture,
            Rect::pt(LEFT, TOP, WIDTH, height),
        );
    }
    if let Some(caption) = &image.caption {
        canvas.text_box(
            "Caption",
            Rect::pt(LEFT, TOP + height + 8, WIDTH, BOTTOM - TOP - height - 8),
            Anchor::Top,
            &[Para {
                align: Align::Centre,
                ..Para::new(caption, Font::new(22, Colour::Muted))
            }],
        );
    }
    let mut drawn = deck.drawn(Layout::Blank, canvas, None);
    drawn.pictures = pictures;
    drawn
}
