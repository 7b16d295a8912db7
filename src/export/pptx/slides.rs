//! What each planned slide shows, as native shapes: the same parts as the Typst slides (`slide-parts.typ`), placed on the same 960 × 540 pt page.

use super::canvas::EMU_PER_PT as EMU;
use super::canvas::{
    Align, Anchor, Bullet, Canvas, Colour, Crop, Font, Geometry, Para, Placeholder, Rect, plain_run,
};
use super::room::{self, BODY_FLOOR, FOOTER, LABEL};
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
/// Where a titled slide's content starts, under the label, a title of
/// one line and the rule.
const CONTENT: i64 = 150;
/// Where the footer's line is.
const FOOTER_TOP: i64 = 506;
/// The time badge's width: the PDF's 230 pt and a little more, for
/// "15 min" at 54 pt in fonts wider than Inter.
const BADGE: i64 = 250;

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

/// Draws `slide` (the full slide of its reveal steps), with the PDF's
/// footer unless the PDF's slide has none (the title, a divider, a scene
/// with a still).
pub fn draw(deck: &Deck<'_>, slide: &PlannedSlide, number: usize) -> Drawn {
    let mut drawn = draw_slide(deck, slide);
    let plain = match slide.shows {
        Shows::Title | Shows::Divider => true,
        Shows::Main => block_of(deck.document, slide).is_some_and(|b| match &b.content {
            Content::Scene(scene) => scene.still.is_some(),
            _ => false,
        }),
        _ => false,
    };
    if !plain {
        footer(deck, &mut drawn, number);
    }
    drawn
}

/// The brand's logo, when the outline has one and its prepared picture
/// is known: the picture, and its size fitted in `width` by `height`
/// points (as wide as its shape asks, never stretched).
fn logo<'d>(deck: &Deck<'d>, width: i64, height: i64) -> Option<(&'d Picture, i64, i64)> {
    let logo = deck.document.workshop.brand.as_ref()?.logo.as_ref()?;
    let (w, h) = (deck.size)(&logo.path)?;
    let fitted = Rect::pt(0, 0, width, height).fit(w, h);
    Some((logo, fitted.w / EMU, fitted.h / EMU))
}

/// The footer, as the PDF's pages have it: the workshop's title and the
/// slide's `number` (a field: it follows the slides when they are moved),
/// small but readable from the back.
fn footer(deck: &Deck<'_>, drawn: &mut Drawn, number: usize) {
    let font = Font::new(FOOTER, Colour::Muted);
    let canvas = &mut drawn.canvas;
    // The brand's logo, small, before the title (22 pt high, 120 wide at most).
    let mut x = LEFT;
    if let Some((logo, w, h)) = logo(deck, 120, 22) {
        let rel = picture_rel(&mut drawn.pictures, &logo.path);
        canvas.picture(
            &rel,
            Rect::pt(x, FOOTER_TOP + (26 - h) / 2, w, h),
            &logo.alt,
            Crop::default(),
        );
        x += w + 10;
    }
    canvas.text_box(
        "Footer",
        Rect::pt(x, FOOTER_TOP, LEFT + WIDTH - 80 - x, 26),
        Anchor::Middle,
        &[Para::plain(&deck.document.workshop.title_plain, font)],
    );
    canvas.slide_number(
        Rect::pt(LEFT + WIDTH - 80, FOOTER_TOP, 80, 26),
        font,
        number,
    );
}

fn draw_slide(deck: &Deck<'_>, slide: &PlannedSlide) -> Drawn {
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
/// "Thank you") at 56 pt, a line or two, the next steps as a list, how to
/// reach the trainer, as large as fits up to 36 pt and centred; as the
/// Typst slide has them.
fn closing_slide(deck: &Deck<'_>) -> Drawn {
    let Some(closing) = &deck.document.workshop.closing else {
        return blank(deck);
    };
    let title: Vec<Run> = closing
        .title
        .clone()
        .unwrap_or_else(|| vec![plain_run(&deck.labels().thank_you)]);
    let mut canvas = deck.start(None);
    let lines = room::lines(&plain(&title), 56, true, deck.title_caps, WIDTH);
    let tall = lines * 56 * 6 / 5 + 4;
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, TOP, WIDTH, tall),
        Anchor::Bottom,
        &[Para::new(&title, Font::new(56, Colour::Ink).bold())],
    );
    rule(&mut canvas, Rect::pt(LEFT, TOP + tall + 4, 96, 4));
    let top = TOP + tall + 4 + 4 + 16;
    let paras = roomy(36, WIDTH, BOTTOM - top, |size| {
        let mut paras: Vec<Para> = Vec::new();
        if let Some(text) = &closing.text {
            paras.push(Para::new(text, Font::new(size, Colour::Ink)));
        }
        if !closing.next_steps.is_empty() {
            paras.push(Para {
                before: if paras.is_empty() {
                    0
                } else {
                    size * 3 / 10 + 8
                },
                ..Para::plain(
                    &deck.labels().next_steps,
                    Font::new(LABEL, Colour::Muted).bold().caps(),
                )
            });
            paras.extend(closing.next_steps.iter().map(|step| Para {
                bullet: Bullet::Dot,
                before: size * 6 / 10,
                ..Para::new(step, Font::new(size, Colour::Ink))
            }));
        }
        if let Some(contact) = &closing.contact {
            paras.push(Para {
                before: size * 3 / 10 + 8,
                ..Para::new(contact, Font::new(size, Colour::Accent).bold())
            });
        }
        paras
    });
    body(&mut canvas, top, &paras);
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&title)))
}

fn blank(deck: &Deck<'_>) -> Drawn {
    deck.drawn(Layout::Blank, deck.start(None), None)
}

/// A titled slide's small label over its title, its title (44 pt, 40 pt
/// when it would wrap, as the PDF sets it) and the accent rule, `width`
/// wide; where the content under them starts.
fn heading(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    over: Option<&str>,
    title: &[Run],
    width: i64,
) -> i64 {
    if let Some(over) = over {
        canvas.text_box(
            "Label",
            Rect::pt(LEFT, TOP, width, 26),
            Anchor::Top,
            &[Para::plain(
                over,
                Font::new(LABEL, Colour::Muted).bold().caps(),
            )],
        );
    }
    let text = plain(title);
    let size = room::title_size(&text, deck.title_caps, width);
    let lines = room::lines(&text, size, true, deck.title_caps, width);
    let tall = lines * i64::from(size) * 6 / 5 + 4;
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, 68, width, tall),
        Anchor::Bottom,
        &[Para::new(title, Font::new(size, Colour::Ink).bold())],
    );
    rule(canvas, Rect::pt(LEFT, 68 + tall + 6, 72, 3));
    (68 + tall + 6 + 3 + 16).max(CONTENT)
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

/// The title slide, as the PDF's: the workshop's title at 56 pt, its
/// subtitle at 32, the rule, the audience and facts at 24, together
/// centred on the slide (under the brand's logo, when there is one).
fn title_slide(deck: &Deck<'_>) -> Drawn {
    let workshop = &deck.document.workshop;
    let mut canvas = deck.start(None);
    let font = Font::new(56, Colour::Ink).bold();
    // (Capitals said here too, for the estimate: the placeholder sets them.)
    let font = if deck.title_caps { font.caps() } else { font };
    let title = Para::new(&workshop.title, font);
    let subtitle = workshop
        .subtitle
        .as_ref()
        .map(|s| Para::new(s, Font::new(32, Colour::Muted)));
    let lines = title_facts(deck);
    let tall = |para: &Para| room::height(std::slice::from_ref(para), WIDTH) + 4;
    let title_tall = tall(&title);
    let subtitle_tall = subtitle.as_ref().map_or(0, |s| 8 + tall(s));
    let facts_tall = if lines.is_empty() {
        0
    } else {
        room::height(&lines, WIDTH) + 4
    };
    // The brand's logo in the top right corner (64 pt high, 240 wide at
    // most); the title, however long, below it, 12 pt away.
    let mut pictures = Vec::new();
    let mut top = TOP;
    if let Some((logo, w, h)) = logo(deck, 240, 64) {
        let rel = picture_rel(&mut pictures, &logo.path);
        canvas.picture(
            &rel,
            Rect::pt(LEFT + WIDTH - w, TOP, w, h),
            &logo.alt,
            Crop::default(),
        );
        top += h + 12;
    }
    let whole = title_tall + subtitle_tall + 40 + facts_tall;
    let mut y = top + (BOTTOM - top - whole).max(0) / 2;
    canvas.placeholder(
        Placeholder::CentredTitle,
        Rect::pt(LEFT, y, WIDTH, title_tall),
        Anchor::Bottom,
        &[title],
    );
    y += title_tall;
    if let Some(subtitle) = subtitle {
        canvas.placeholder(
            Placeholder::Subtitle,
            Rect::pt(LEFT, y + 8, WIDTH, subtitle_tall - 8),
            Anchor::Top,
            &[subtitle],
        );
        y += subtitle_tall;
    }
    rule(&mut canvas, Rect::pt(LEFT, y + 18, 96, 4));
    if !lines.is_empty() {
        canvas.text_box(
            "Facts",
            Rect::pt(LEFT, y + 40, WIDTH, facts_tall),
            Anchor::Top,
            &lines,
        );
    }
    let mut drawn = deck.drawn(Layout::Title, canvas, Some(workshop.title_plain.clone()));
    drawn.pictures = pictures;
    drawn
}

/// The title slide's audience and facts (trainer, date, version,
/// duration), at 24 pt.
fn title_facts(deck: &Deck<'_>) -> Vec<Para> {
    let workshop = &deck.document.workshop;
    let font = Font::new(24, Colour::Muted);
    let mut lines = Vec::new();
    if let Some(audience) = &workshop.audience {
        let mut runs = vec![plain_run(&format!(
            "{}{} ",
            deck.labels().audience,
            deck.labels().colon
        ))];
        runs.extend(audience.iter().cloned());
        lines.push(Para::new(&runs, font));
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
        lines.push(Para::plain(&line, font));
    }
    lines
}

/// The agenda: a row for each section (when, its title, its minutes) as
/// large as fits up to 32 pt, centred under the title, as the PDF's.
fn agenda_slide(deck: &Deck<'_>) -> Drawn {
    let mut canvas = deck.start(None);
    let title = deck.labels().agenda.clone();
    let top = heading(deck, &mut canvas, None, &[plain_run(&title)], WIDTH);
    // The times' column as wide as the longest time in bold (`13 h 30`).
    let times = deck
        .document
        .sections
        .iter()
        .map(|s| s.start.as_ref().unwrap_or(&s.elapsed).chars().count())
        .max()
        .unwrap_or(5);
    let times = i64::try_from(times).unwrap_or(5);
    let count = deck.document.sections.len() + usize::from(deck.document.workshop.end.is_some());
    let count = i64::try_from(count).unwrap_or(1);
    // Rows a line high and 14 pt apart (the PDF's `row-gutter`); a
    // section's title of more than a line makes its row taller.
    let row = |size: u32| i64::from(size) * 6 / 5 + 14;
    let first = |size: u32| times * i64::from(size) * 61 / 100 + 24;
    let (size, _) = room::fitting(
        32,
        BOTTOM - top,
        |size| size,
        |&size| {
            let title_width = WIDTH - first(size) - 140;
            let extra: i64 = deck
                .document
                .sections
                .iter()
                .map(|s| room::lines(&plain(&s.title), size, false, false, title_width) - 1)
                .sum();
            (count + extra) * row(size)
        },
    );
    let cell = |runs: &[Run], colour: Colour, bold: bool, align: Align| Para {
        align,
        ..Para::new(
            runs,
            Font {
                bold,
                ..Font::new(size, colour)
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
    let first = first(size).clamp(100, 280);
    let rows_height = (row(size) * count).min(BOTTOM - top);
    let (y, _) = room::centred(top, BOTTOM - top, rows_height);
    let free = (BOTTOM - top - rows_height).max(0);
    canvas.table(
        "Agenda",
        Rect::pt(LEFT, y + free * 10 / 23, WIDTH, rows_height),
        &[first, WIDTH - first - 140, 140],
        row(size),
        &rows,
    );
    deck.drawn(Layout::TitleOnly, canvas, Some(title))
}

/// A section's divider, as the PDF's: "SECTION 1" at 24 pt, the title at
/// 56, its goal at 32 and its time at 24, together centred on the slide.
fn divider_slide(deck: &Deck<'_>, section: &SectionData) -> Drawn {
    let mut canvas = deck.start(None);
    let label = Para::plain(
        &format!("{} {}", deck.labels().section, section.number),
        Font::new(24, Colour::DividerLabel).bold().caps(),
    );
    let font = Font::new(56, Colour::OnDivider).bold();
    let font = if deck.title_caps { font.caps() } else { font };
    let title = Para::new(&section.title, font);
    let mut lines = Vec::new();
    if let Some(goal) = &section.goal {
        lines.push(Para::new(goal, Font::new(32, Colour::OnDivider)));
    }
    let when = section
        .start
        .clone()
        .unwrap_or_else(|| section.elapsed.clone());
    lines.push(Para {
        before: 14,
        ..Para::plain(
            &facts(&[Some(when), minutes_text(deck, Some(section.minutes))]),
            Font::new(24, Colour::OnDivider),
        )
    });
    let title_tall = room::height(std::slice::from_ref(&title), WIDTH) + 4;
    let lines_tall = room::height(&lines, WIDTH) + 4;
    let whole = 30 + 6 + title_tall + 10 + lines_tall;
    let mut y = TOP + (BOTTOM - TOP - whole).max(0) / 2;
    canvas.text_box(
        "Label",
        Rect::pt(LEFT, y, WIDTH, 30),
        Anchor::Bottom,
        &[label],
    );
    y += 36;
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, y, WIDTH, title_tall),
        Anchor::Top,
        &[title],
    );
    y += title_tall + 10;
    canvas.text_box(
        "Goal",
        Rect::pt(LEFT, y, WIDTH, lines_tall),
        Anchor::Top,
        &lines,
    );
    deck.drawn(Layout::Section, canvas, Some(plain(&section.title)))
}

fn block_slide(deck: &Deck<'_>, block: &BlockData, slide: &PlannedSlide) -> Drawn {
    match (&block.content, slide.shows) {
        (Content::Scene(_), Shows::Main) => scene_slide(deck, block),
        (Content::Scene(scene), Shows::Setup) => {
            let mut canvas = deck.start(None);
            let over = Some(deck.labels().kinds.scene.as_str());
            let top = heading(deck, &mut canvas, over, &scene.film, WIDTH);
            if let Some(setup) = &scene.setup {
                let paras = roomy(36, WIDTH, BOTTOM - top, |size| {
                    vec![Para::new(setup, Font::new(size, Colour::Ink))]
                });
                body(&mut canvas, top, &paras);
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
                40,
                &|_| 0,
            )
            .0
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
                36,
                &|_| 0,
            )
            .0
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

/// Text under a slide's title (from `top`), centred in the room left as
/// the PDF centres short content.
fn body(canvas: &mut Canvas, top: i64, paras: &[Para]) -> u32 {
    centred_box(
        canvas,
        "Text",
        Rect::pt(LEFT, top, WIDTH, BOTTOM - top),
        paras,
    )
}

/// A text box holding `paras` in `room`, at the height their estimate
/// takes, placed as the PDF centres content (`room::centred`). Text whose
/// estimate fits keeps its size; text that does not may be shrunk by the
/// office suite (below the room's floor: the PDF runs over, and warns).
fn centred_box(canvas: &mut Canvas, name: &str, room: Rect, paras: &[Para]) -> u32 {
    let (top, height) = (room.y / EMU, room.h / EMU);
    let width = room.w / EMU;
    let tall = room::height(paras, width);
    let (y, h) = room::centred(top, height, tall);
    canvas.text_box_sized(
        name,
        Rect::pt(room.x / EMU, y, width, h),
        Anchor::Middle,
        paras,
        tall > height,
    )
}

/// The paragraphs `make` makes at the largest body size up to `most` that
/// fit `width` by `height` points.
fn roomy(most: u32, width: i64, height: i64, make: impl Fn(u32) -> Vec<Para>) -> Vec<Para> {
    room::fitting(most, height, make, |paras| room::height(paras, width)).1
}

/// A titled list: its items as a bulleted or numbered list, as large as
/// fits up to `most` points, centred under the title, beside a time badge
/// (minutes, group) when given; `foot(size)` points kept free at the
/// slide's foot (a lesson's takeaway). Returns the size chosen too.
#[allow(clippy::too_many_arguments)]
fn list_slide(
    deck: &Deck<'_>,
    over: Option<&str>,
    title: &[Run],
    items: &[&[Run]],
    bullet: Bullet,
    badge: Option<(Option<String>, Option<String>)>,
    most: u32,
    foot: &dyn Fn(u32) -> i64,
) -> (Drawn, u32) {
    let mut canvas = deck.start(None);
    let top = heading(deck, &mut canvas, over, title, WIDTH);
    // The list's spacing as the PDF's (`list`: 0.6 em, `enum`: 0.7 em).
    let apart = if matches!(bullet, Bullet::Dot) { 6 } else { 7 };
    let paras = |size: u32| -> Vec<Para> {
        items
            .iter()
            .enumerate()
            .map(|(i, runs)| Para {
                bullet,
                before: if i == 0 { 0 } else { size * apart / 10 },
                ..Para::new(runs, Font::new(size, Colour::Ink))
            })
            .collect()
    };
    let width = if badge.is_some() {
        WIDTH - BADGE - 32
    } else {
        WIDTH
    };
    let (size, list) = room::fitting(most, BOTTOM - top, paras, |list| {
        let tall = room::height(list, width);
        tall + foot(list.first().map_or(most, |p| p.font.size))
    });
    let room = BOTTOM - top - foot(size);
    let list = centred_box(&mut canvas, "List", Rect::pt(LEFT, top, width, room), &list);
    if let Some((minutes, group)) = badge {
        time_badge(deck, &mut canvas, minutes, group, top, room);
    }
    let mut drawn = deck.drawn(Layout::TitleOnly, canvas, Some(plain(title)));
    drawn.list = Some(list);
    (drawn, size)
}

/// The time an activity takes, large, with its group form, in a box at
/// the right of the room from `top`, `room` high, centred in it.
fn time_badge(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    minutes: Option<String>,
    group: Option<String>,
    top: i64,
    room: i64,
) {
    let mut lines = Vec::new();
    let mut height = 32;
    if let Some(minutes) = minutes {
        lines.push(Para {
            align: Align::Centre,
            ..Para::plain(
                &deck.labels().time_budget,
                Font::new(LABEL, Colour::Muted).bold().caps(),
            )
        });
        lines.push(Para {
            align: Align::Centre,
            // On one line: "15 min" never breaks between its words.
            ..Para::plain(
                &minutes.replace(' ', "\u{a0}"),
                Font::new(54, Colour::Accent).bold(),
            )
        });
        height += 24 + 66;
    }
    if let Some(group) = group {
        let paragraph = Para {
            align: Align::Centre,
            ..Para::plain(&group, Font::new(BODY_FLOOR, Colour::Ink).bold())
        };
        height += room::height(std::slice::from_ref(&paragraph), 198);
        lines.push(paragraph);
    }
    let (y, h) = room::centred(top, room, height);
    canvas.shape(
        "Time",
        Rect::pt(LEFT + WIDTH - BADGE, y + (h - height) / 2, BADGE, height),
        Geometry::Rounded,
        Colour::Soft,
        None,
        8,
        &lines,
    );
}

/// Numbered questions (a discussion, a debrief): those this slide shows,
/// up to 36 pt. A block's only question is a big question, as the PDF
/// sets it: up to 48 pt, bold, centred, without its number.
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
    if let ([only], [_]) = (questions, slide.items.as_slice()) {
        let mut canvas = deck.start(None);
        let top = heading(deck, &mut canvas, Some(over), title, WIDTH);
        let paras = roomy(48, WIDTH, BOTTOM - top, |size| {
            vec![Para {
                align: Align::Centre,
                ..Para::new(&only.text, Font::new(size, Colour::Ink).bold())
            }]
        });
        let list = body(&mut canvas, top, &paras);
        let mut drawn = deck.drawn(Layout::TitleOnly, canvas, Some(plain(title)));
        drawn.list = Some(list);
        return drawn;
    }
    let items: Vec<&[Run]> = shown.iter().map(|q| q.text.as_slice()).collect();
    let first = shown.first().map_or(1, |q| q.number);
    list_slide(
        deck,
        Some(over),
        title,
        &items,
        Bullet::Number(first),
        None,
        36,
        &|_| 0,
    )
    .0
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
    // A still this much wider than high or more fills the slide (as the PDF's).
    let wide = scene
        .still
        .as_ref()
        .and_then(|s| (deck.size)(&s.path))
        .is_some_and(|(w, h)| f64::from(w) >= 1.2 * f64::from(h));
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
    if let (Some(still), true) = (&scene.still, wide) {
        bleed_scene(deck, &mut canvas, &mut picture, still, &words);
    } else if scene.still.is_some() {
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

/// A portrait (or nearly square) still the slide's full height at its
/// right edge, as wide as its shape asks (up to half the slide), the
/// words beside it: as the Typst slide has it.
fn portrait_scene(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    picture: &mut Picturing<'_>,
    scene: &SceneData,
    words: &SceneWords<'_>,
) {
    let aspect = scene
        .still
        .as_ref()
        .and_then(|s| (deck.size)(&s.path))
        .map_or(0.75, |(w, h)| f64::from(w) / f64::from(h.max(1)));
    // (A whole number of points, at most 480.)
    #[allow(clippy::cast_possible_truncation)]
    let column_width = (540.0 * aspect).round().min(480.0) as i64;
    let column = Rect::pt(960 - column_width, 0, column_width, 540);
    if let Some(still) = &scene.still {
        scene_picture(deck, canvas, picture, still, column);
    }
    if let Some(plays) = words.plays {
        clip_badge(canvas, column, plays, false);
    }
    let width = 960 - column_width - 36 - LEFT;
    let over = Some(deck.labels().kinds.scene.as_str());
    let top = heading(deck, canvas, over, words.film, width);
    let text = roomy(32, width, BOTTOM - top, |size| {
        let mut text = vec![Para::plain(words.meta, Font::new(LABEL, Colour::Muted))];
        if let Some(setup) = words.setup {
            text.push(Para {
                before: 12,
                ..Para::new(setup, Font::new(size, Colour::Ink))
            });
        }
        text
    });
    canvas.text_box(
        "Text",
        Rect::pt(LEFT, top, width, BOTTOM - top),
        Anchor::Top,
        &text,
    );
}

/// A landscape still filling the slide, the film, its facts and its setup
/// over its foot on a dark band (white whatever the theme: the still's
/// colours are not the theme's): as the Typst slide has it.
fn bleed_scene(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    picture: &mut Picturing<'_>,
    still: &Picture,
    words: &SceneWords<'_>,
) {
    let slide = Rect::pt(0, 0, 960, 540);
    scene_picture(deck, canvas, picture, still, slide);
    if let Some(plays) = words.plays {
        clip_badge(canvas, slide, plays, true);
    }
    let title = Para::new(
        words.film,
        Font::new(room::TITLE_FLOOR, Colour::White).bold(),
    );
    let title = if deck.title_caps {
        Para {
            font: title.font.caps(),
            ..title
        }
    } else {
        title
    };
    let mut text = vec![Para::plain(words.meta, Font::new(LABEL, Colour::White))];
    if let Some(setup) = words.setup {
        text.push(Para {
            before: 6,
            ..Para::new(setup, Font::new(BODY_FLOOR, Colour::White))
        });
    }
    let title_tall = room::height(std::slice::from_ref(&title), WIDTH) + 4;
    let text_tall = room::height(&text, WIDTH) + 4;
    let band = 18 + title_tall + text_tall + 24;
    canvas.shape(
        "Band",
        Rect::pt(0, 540 - band, 960, band),
        Geometry::Rect,
        Colour::White,
        Some(78),
        0,
        &[],
    );
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, 540 - band + 18, WIDTH, title_tall),
        Anchor::Bottom,
        &[title],
    );
    canvas.text_box(
        "Text",
        Rect::pt(LEFT, 540 - band + 18 + title_tall, WIDTH, text_tall),
        Anchor::Top,
        &text,
    );
}

/// A scene without a still: a frame that says the clip plays across the
/// top (when it has a film), the film, its facts and its setup under it.
fn landscape_scene(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    picture: &mut Picturing<'_>,
    scene: &SceneData,
    words: &SceneWords<'_>,
) {
    let has_picture = scene.still.is_some() || words.plays.is_some();
    let frame_height = if words.setup.is_some() { 200 } else { 300 };
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
                ..Para::plain(&label, Font::new(30, Colour::Accent).bold())
            }],
        );
    }
    if let (Some(plays), Some(_)) = (words.plays, &scene.still) {
        clip_badge(canvas, frame, plays, false);
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
        Rect::pt(LEFT, top, WIDTH, 50),
        Anchor::Bottom,
        &[Para::new(
            words.film,
            Font::new(room::TITLE_FLOOR, Colour::Ink).bold(),
        )],
    );
    let mut text = vec![Para::plain(words.meta, Font::new(LABEL, Colour::Muted))];
    if let Some(setup) = words.setup {
        text.push(Para {
            before: 4,
            ..Para::new(setup, Font::new(BODY_FLOOR, Colour::Ink))
        });
    }
    canvas.text_box(
        "Text",
        Rect::pt(LEFT, top + 54, WIDTH, BOTTOM - top - 54),
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

/// A picture in `frame`, never stretched: filling it, its edges cut
/// around its `focus`, or whole on the theme's frame colour, as the PDF's
/// `picture` has it (see [`framing`]). `cover`: whether a picture without
/// a `fit` fills its frame when that cuts little of it (a scene's still)
/// or never (an image slide's picture, often a diagram).
fn still_picture(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    pictures: &mut Vec<String>,
    still: &Picture,
    frame: Rect,
    cover: bool,
) {
    let Some((rect, crop)) = framing(deck, canvas, still, frame, cover) else {
        return;
    };
    let rel = picture_rel(pictures, &still.path);
    canvas.picture(&rel, rect, &still.alt, crop);
}

/// Where `still` is drawn in `frame` and what of it is cut: the whole
/// frame and the edges cut (with `fit: cover`; without a `fit` when
/// `cover` and filling cuts at most about a quarter of it, the PDF's
/// `covers`), else the picture fitted whole over the frame's colour
/// (drawn here). None when its size is unknown.
fn framing(
    deck: &Deck<'_>,
    canvas: &mut Canvas,
    still: &Picture,
    frame: Rect,
    cover: bool,
) -> Option<(Rect, Crop)> {
    let (width, height) = (deck.size)(&still.path)?;
    let aspect = f64::from(width) / f64::from(height.max(1));
    // (Frames are never empty: their shape a plain ratio.)
    #[allow(clippy::cast_precision_loss)]
    let frame_aspect = frame.w as f64 / frame.h.max(1) as f64;
    let covers = match still.fit {
        Some("cover") => true,
        Some(_) => false,
        None => cover && aspect.min(frame_aspect) / aspect.max(frame_aspect) >= 0.74,
    };
    if !covers {
        canvas.shape("Frame", frame, Geometry::Rect, Colour::Frame, None, 0, &[]);
        return Some((frame.fit(width, height), Crop::default()));
    }
    let (fx, fy) = still.focus.map_or((0.5, 0.5), |f| {
        (f64::from(f.x) / 100.0, f64::from(f.y) / 100.0)
    });
    // The share of the picture cut away, in thousandths of a per cent,
    // shared between its two edges as the focus says.
    let cut = |share: f64, at: f64| {
        #[allow(clippy::cast_possible_truncation)]
        let part = |f: f64| (share * f * 100_000.0).round() as i64;
        (part(at), part(1.0 - at))
    };
    let mut crop = Crop::default();
    if aspect > frame_aspect {
        (crop.left, crop.right) = cut(1.0 - frame_aspect / aspect, fx);
    } else {
        (crop.top, crop.bottom) = cut(1.0 - aspect / frame_aspect, fy);
    }
    Some((frame, crop))
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
        Rect::pt(LEFT, TOP, width, 26),
        Anchor::Top,
        &[Para::plain(
            &deck.labels().kinds.scene,
            Font::new(LABEL, Colour::Muted).bold().caps(),
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
        return still_picture(deck, canvas, picture.pictures, still, frame, true);
    };
    let Some((rect, crop)) = framing(deck, canvas, still, frame, true) else {
        return;
    };
    let poster = picture_rel(picture.pictures, &still.path);
    let id = canvas.movie(&poster, rect, &still.alt, crop);
    *picture.movie = Some((id, clip.to_string()));
}

/// How long the clip plays, on a dark badge in the frame's corner: its
/// top right one when `top`, else its bottom right one.
fn clip_badge(canvas: &mut Canvas, frame: Rect, plays: &str, top: bool) {
    let (w, h) = (Rect::pt(0, 0, 112, 36).w, Rect::pt(0, 0, 112, 36).h);
    let gap = 10 * EMU;
    let rect = Rect {
        x: frame.x + frame.w - w - gap,
        y: if top {
            frame.y + gap
        } else {
            frame.y + frame.h - h - gap
        },
        w,
        h,
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
            ..Para::plain(
                &format!("▶ {plays}"),
                Font::new(LABEL, Colour::White).bold(),
            )
        }],
    );
}

/// A quote, as large as fits up to 48 pt, bold, with who said it at 28 pt,
/// centred on the slide beside the accent bar.
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
    if !by.is_empty() {
        by.insert(0, plain_run("— "));
    }
    let source = (!by.is_empty()).then(|| Para {
        before: 16,
        ..Para::new(&by, Font::new(BODY_FLOOR, Colour::Muted))
    });
    let width = WIDTH - 34;
    let source_tall = source
        .as_ref()
        .map_or(0, |s| room::height(std::slice::from_ref(s), width));
    let words = roomy(48, width, BOTTOM - TOP - source_tall, |size| {
        vec![Para::new(&runs, Font::new(size, Colour::Ink).bold())]
    });
    let words_tall = room::height(&words, width).min(BOTTOM - TOP - source_tall);
    let tall = words_tall + source_tall;
    let top = TOP + (BOTTOM - TOP - tall).max(0) * 10 / 23;
    canvas.shape(
        "Bar",
        Rect::pt(LEFT, top, 6, tall),
        Geometry::Rect,
        Colour::Accent,
        None,
        0,
        &[],
    );
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT + 34, top, width, words_tall),
        Anchor::Middle,
        &words,
    );
    if let Some(source) = source {
        canvas.text_box(
            "Source",
            Rect::pt(LEFT + 34, top + words_tall, width, source_tall),
            Anchor::Top,
            &[source],
        );
    }
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&runs)))
}

/// A lesson: its points as large as fits up to 36 pt, centred under the
/// title, and the takeaway at the foot on the accent (its words up to
/// 32 pt, in the paper's colour): what to remember stands out, as in the PDF.
fn lesson_slide(deck: &Deck<'_>, lesson: &LessonData) -> Drawn {
    let items: Vec<&[Run]> = lesson.points.iter().map(Vec::as_slice).collect();
    let takeaway = |size: u32| {
        lesson.takeaway.as_ref().map(|t| {
            vec![
                Para::plain(
                    &deck.labels().takeaway,
                    Font::new(LABEL, Colour::Paper).bold().caps(),
                ),
                Para::new(t, Font::new(size.min(32), Colour::Paper).bold()),
            ]
        })
    };
    // The takeaway's box: its words and 16 pt around them (the PDF's 24
    // by 18 pt, a little less: fonts wider than Inter need the room).
    let boxed = |size: u32| takeaway(size).map_or(0, |paras| room::height(&paras, WIDTH - 32) + 32);
    let (mut drawn, size) = list_slide(
        deck,
        Some(&deck.labels().kinds.lesson),
        &lesson.title,
        &items,
        Bullet::Dot,
        None,
        36,
        // Above the takeaway's box, 16 pt apart, when there is one.
        &|size| {
            if lesson.takeaway.is_some() {
                boxed(size) + 16
            } else {
                0
            }
        },
    );
    if let Some(paras) = takeaway(size) {
        let tall = boxed(size);
        drawn.canvas.shape(
            "Takeaway",
            Rect::pt(LEFT, BOTTOM - tall, WIDTH, tall),
            Geometry::Rounded,
            Colour::Accent,
            None,
            16,
            &paras,
        );
    }
    drawn
}

/// A role-play: its scenario as large as fits up to 36 pt, the roles'
/// names at 28 pt under it, centred under the title beside the time badge.
fn roleplay_slide(deck: &Deck<'_>, block: &BlockData, roleplay: &RoleplayData) -> Drawn {
    let mut canvas = deck.start(None);
    let over = Some(deck.labels().kinds.roleplay.as_str());
    let top = heading(deck, &mut canvas, over, &roleplay.title, WIDTH);
    let width = if block.minutes.is_some() {
        WIDTH - BADGE - 32
    } else {
        WIDTH
    };
    // The roles' label and their names' boxes, a row of them.
    let roles_tall = if roleplay.roles.is_empty() {
        0
    } else {
        14 + 26 + 4 + 50
    };
    let scenario = |size: u32| -> Vec<Para> {
        roleplay
            .scenario
            .iter()
            .map(|s| Para::new(s, Font::new(size, Colour::Ink)))
            .collect()
    };
    let paras = roomy(36, width, BOTTOM - top - roles_tall, scenario);
    let scenario_tall = room::height(&paras, width).min(BOTTOM - top - roles_tall);
    let (y, h) = room::centred(top, BOTTOM - top, scenario_tall + roles_tall);
    let mut y = y + (h - scenario_tall - roles_tall) / 2;
    if !paras.is_empty() {
        canvas.text_box(
            "Scenario",
            Rect::pt(LEFT, y, width, scenario_tall),
            Anchor::Top,
            &paras,
        );
        y += scenario_tall;
    }
    if !roleplay.roles.is_empty() {
        canvas.text_box(
            "Label",
            Rect::pt(LEFT, y + 14, width, 26),
            Anchor::Top,
            &[Para::plain(
                &deck.labels().roles,
                Font::new(LABEL, Colour::Muted).bold().caps(),
            )],
        );
        // The roles' names only: a brief is never drawn, it is not read here.
        let mut x = LEFT;
        for role in &roleplay.roles {
            let characters = i64::try_from(plain(&role.name).chars().count()).unwrap_or(40);
            let w = (characters * 18 + 28).min(width);
            if x + w > LEFT + width {
                break;
            }
            canvas.shape(
                "Role",
                Rect::pt(x, y + 44, w, 50),
                Geometry::Rounded,
                Colour::Soft,
                None,
                4,
                &[Para {
                    align: Align::Centre,
                    ..Para::new(&role.name, Font::new(BODY_FLOOR, Colour::Ink).bold())
                }],
            );
            x += w + 10;
        }
    }
    if block.minutes.is_some() {
        let minutes = minutes_text(deck, block.minutes);
        time_badge(deck, &mut canvas, minutes, None, top, BOTTOM - top);
    }
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&roleplay.title)))
}

fn break_slide(deck: &Deck<'_>, block: &BlockData, title: Option<&[Run]>) -> Drawn {
    let mut canvas = deck.start(Some(Colour::Soft));
    let kind = deck.labels().kinds.r#break.clone();
    if title.is_some() {
        canvas.text_box(
            "Label",
            Rect::pt(LEFT, 150, WIDTH, 30),
            Anchor::Bottom,
            &[Para {
                align: Align::Centre,
                ..Para::plain(&kind, Font::new(24, Colour::Muted).bold().caps())
            }],
        );
    }
    let runs = title.map_or_else(|| vec![plain_run(&kind)], <[Run]>::to_vec);
    canvas.placeholder(
        Placeholder::Title,
        Rect::pt(LEFT, 184, WIDTH, 80),
        Anchor::Middle,
        &[Para {
            align: Align::Centre,
            ..Para::new(&runs, Font::new(60, Colour::Ink).bold())
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
        Rect::pt(LEFT, 284, WIDTH, 60),
        Anchor::Top,
        &[Para {
            align: Align::Centre,
            ..Para::plain(&resume, Font::new(44, Colour::Accent).bold())
        }],
    );
    deck.drawn(Layout::TitleOnly, canvas, Some(plain(&runs)))
}

/// A text slide: its paragraphs as large as fits (up to 36 pt under a
/// title, 44 without one), centred in the room, as the PDF's.
fn text_slide(deck: &Deck<'_>, text: &TextData) -> Drawn {
    let mut canvas = deck.start(None);
    let paras = |size: u32| -> Vec<Para> {
        text.paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| Para {
                before: if i == 0 { 0 } else { size * 9 / 10 },
                ..Para::new(p, Font::new(size, Colour::Ink))
            })
            .collect()
    };
    match &text.title {
        Some(title) => {
            let top = heading(deck, &mut canvas, None, title, WIDTH);
            let paras = roomy(36, WIDTH, BOTTOM - top, paras);
            body(&mut canvas, top, &paras);
            deck.drawn(Layout::TitleOnly, canvas, Some(plain(title)))
        }
        None => {
            let paras = roomy(44, WIDTH, BOTTOM - TOP, paras);
            body(&mut canvas, TOP, &paras);
            deck.drawn(Layout::Blank, canvas, None)
        }
    }
}

/// An image as large as the slide allows, its caption at 28 pt under it,
/// as the PDF's: shown whole unless the outline says `fit: cover` (an
/// image is often a diagram, where a cut edge is lost information).
fn image_slide(deck: &Deck<'_>, image: &ImageData) -> Drawn {
    let mut canvas = deck.start(None);
    let mut pictures = Vec::new();
    let caption = image.caption.as_ref().map(|caption| Para {
        align: Align::Centre,
        ..Para::new(caption, Font::new(BODY_FLOOR, Colour::Muted))
    });
    let below = caption
        .as_ref()
        .map_or(0, |c| room::height(std::slice::from_ref(c), WIDTH) + 8);
    let height = BOTTOM - TOP - below;
    if let Some(picture) = &image.image {
        still_picture(
            deck,
            &mut canvas,
            &mut pictures,
            picture,
            Rect::pt(LEFT, TOP, WIDTH, height),
            false,
        );
    }
    if let Some(caption) = caption {
        canvas.text_box(
            "Caption",
            Rect::pt(LEFT, TOP + height + 8, WIDTH, below - 8),
            Anchor::Top,
            &[caption],
        );
    }
    let mut drawn = deck.drawn(Layout::Blank, canvas, None);
    drawn.pictures = pictures;
    drawn
}
