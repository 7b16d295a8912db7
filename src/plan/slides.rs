//! The deck's slides, planned before any layout: which slide shows which block and which items of its lists.
//!
//! The templates draw the slides they are given (each block's `slides` in
//! the data), and the pdfpc notes, the overflow warnings and every other
//! exporter read the same list: a theme's `pagination` decides here, and
//! only here, how much one slide holds.

use schemars::JsonSchema;
use serde::Serialize;

use super::{BlockId, Plan, PlannedBlock, SlideId, SlidePart};
use crate::outline::{Block, Question, Reveal, Spanned, Text, parse_inline};

/// How much one slide holds before its block goes on to another slide: a
/// theme may change any of these in its `theme.typ`
/// (`#let pagination = (questions: 2)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pagination {
    /// Questions (or debrief questions) on one slide.
    pub questions: usize,
    /// ... and about this many characters (UTF-8 bytes) of them.
    pub question_chars: usize,
    /// An activity's steps on one slide, beside its time badge.
    pub steps: usize,
    /// ... and about this many characters of them.
    pub step_chars: usize,
    /// A scene's setup longer than this goes to a slide of its own, after the still.
    pub setup_chars: usize,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            questions: 3,
            question_chars: 260,
            steps: 4,
            step_chars: 240,
            setup_chars: 200,
        }
    }
}

/// What a slide shows of its block (or of the workshop): `title`,
/// `agenda`, `divider`, `closing`, `main` (a block's first or only slide: a scene's
/// still and film, a lesson's points, a quote, …), `setup` (a scene's long
/// setup, on a slide of its own after the still), `watch-for` (a scene's
/// `watch_for`), `questions` (some of a `questions` block's questions),
/// `steps` (some of an activity's steps) or `debrief` (some of its debrief
/// questions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Shows {
    Title,
    Agenda,
    Divider,
    Closing,
    Main,
    Setup,
    WatchFor,
    Questions,
    Steps,
    Debrief,
}

/// One slide of the deck.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedSlide {
    pub id: SlideId,
    /// The block it shows, for a block's slide.
    pub block: Option<BlockId>,
    pub shows: Shows,
    /// The indexes (from 0) of the items of its list that it shows: the
    /// questions, the steps, the debrief questions, a lesson's points, a
    /// scene's `watch_for`; empty for other slides.
    pub items: Vec<usize>,
    /// Its place among the slides of the same list of its block, from 1, and
    /// how many there are: "Discussion 2/3".
    pub page: u32,
    pub pages: u32,
    /// The reveal step it shows, for a slide whose items appear one by one
    /// (`reveal: steps`): such a slide is planned as consecutive
    /// `PlannedSlide`s with the same `id`, steps 1, 2, … `items.len()`; step
    /// `k` shows the first `k` of `items` (the others keep their place,
    /// unseen), the last shows them all. `None`: everything at once (also a
    /// slide of one item or none, which has nothing to reveal, and one of
    /// more than `validate::MAX_STEPS`).
    pub step: Option<u32>,
}

impl PlannedSlide {
    /// Whether this page shows the whole slide: its last step, or a slide without steps.
    pub fn is_whole(&self) -> bool {
        self.step.is_none_or(|k| k as usize >= self.items.len())
    }
}

/// A planned slide as the templates read it, in its block's `slides`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SlideData {
    /// Its id, marked on its page: `b3`, `b3/2` (its second slide), `b3/d1`
    /// (its first debrief slide).
    pub id: String,
    /// What it shows: `main`, `setup`, `watch-for`, `questions`, `steps` or `debrief`.
    pub shows: Shows,
    /// The indexes (from 0) of the items of its list it shows.
    pub items: Vec<usize>,
    /// Its place among its block's slides of the same list, from 1.
    pub page: u32,
    /// How many slides that list takes.
    pub pages: u32,
    /// The reveal step it shows (`reveal: steps`): the slide is drawn once per
    /// step, each time with the same `id`, and step `k` shows the first `k`
    /// of `items`, the others hidden in their place; `none`: all at once.
    pub step: Option<u32>,
}

impl From<&PlannedSlide> for SlideData {
    fn from(slide: &PlannedSlide) -> Self {
        SlideData {
            id: slide.id.to_string(),
            shows: slide.shows,
            items: slide.items.clone(),
            page: slide.page,
            pages: slide.pages,
            step: slide.step,
        }
    }
}

/// Every slide of the deck of `plan`, in order: the title, the agenda, then
/// each section's divider and its blocks' slides, then the closing slide.
pub fn slides(plan: &Plan<'_>, pagination: &Pagination) -> Vec<PlannedSlide> {
    let lone = |id, shows| PlannedSlide {
        id,
        block: None,
        shows,
        items: Vec::new(),
        page: 1,
        pages: 1,
        step: None,
    };
    let mut deck = vec![
        lone(SlideId::Title, Shows::Title),
        lone(SlideId::Agenda, Shows::Agenda),
    ];
    for section in &plan.sections {
        deck.push(lone(SlideId::Divider(section.id), Shows::Divider));
        for block in plan.blocks_of(section) {
            deck.extend(block_slides(block, pagination, plan.outline.reveal()));
        }
    }
    if plan.outline.closing.is_some() {
        deck.push(lone(SlideId::Closing, Shows::Closing));
    }
    deck
}

/// The slides of one block, in order: a slide whose items are revealed one
/// at a time (the block's `reveal`, else `reveal`, the outline's) once per step.
pub fn block_slides(
    planned: &PlannedBlock<'_>,
    pagination: &Pagination,
    reveal: Reveal,
) -> Vec<PlannedSlide> {
    let id = planned.id;
    let mut slides = Slides {
        block: id,
        steps: planned.block.value.reveal(reveal) == Reveal::Steps,
        slides: Vec::new(),
    };
    match &planned.block.value {
        Block::Scene(scene) => {
            slides.one(SlidePart::Page(1), Shows::Main);
            let long_setup = scene
                .setup
                .as_ref()
                .is_some_and(|s| length(s) > pagination.setup_chars);
            if scene.still.is_some() && long_setup {
                slides.one(SlidePart::Page(2), Shows::Setup);
            }
            if let Some(watch_for) = scene.watch_for.as_ref().filter(|w| !w.is_empty()) {
                // Its own slide, after the still that plays the clip: with
                // steps, its cues come one by one once the scene has played.
                let next = count(slides.slides.len() + 1);
                let items = (0..watch_for.len()).collect();
                slides.chunks(vec![items], |_| SlidePart::Page(next), Shows::WatchFor);
            }
        }
        Block::Questions(questions) => {
            let lengths = question_lengths(Some(&questions.ask));
            let chunks = chunk_slides(&lengths, pagination.questions, pagination.question_chars);
            slides.chunks(chunks, SlidePart::Page, Shows::Questions);
        }
        Block::Activity(activity) => {
            let steps: Vec<usize> = activity
                .instructions
                .iter()
                .flat_map(|l| l.iter())
                .map(length)
                .collect();
            let mut chunks = chunk_slides(&steps, pagination.steps, pagination.step_chars);
            if chunks.is_empty() {
                chunks.push(Vec::new());
            }
            slides.chunks(chunks, SlidePart::Page, Shows::Steps);
            let debrief = question_lengths(activity.debrief.as_ref());
            let chunks = chunk_slides(&debrief, pagination.questions, pagination.question_chars);
            slides.chunks(chunks, SlidePart::Debrief, Shows::Debrief);
        }
        Block::Lesson(lesson) => {
            let points = lesson.points.as_ref().map_or(0, |p| p.len());
            slides.chunks(vec![(0..points).collect()], SlidePart::Page, Shows::Main);
        }
        _ => slides.one(SlidePart::Page(1), Shows::Main),
    }
    slides.slides
}

/// A block's slides as they are added.
struct Slides {
    block: BlockId,
    /// Whether its lists are revealed one item at a time.
    steps: bool,
    slides: Vec<PlannedSlide>,
}

impl Slides {
    fn one(&mut self, part: SlidePart, shows: Shows) {
        self.chunks(vec![Vec::new()], |_| part, shows);
    }

    /// One slide for each chunk of a list's items; `part` names the `n`-th.
    /// With steps, a slide of two items or more is planned once per item.
    fn chunks(&mut self, chunks: Vec<Vec<usize>>, part: impl Fn(u32) -> SlidePart, shows: Shows) {
        let pages = count(chunks.len());
        for (i, items) in chunks.into_iter().enumerate() {
            let page = count(i + 1);
            // A slide of one item has nothing to reveal; one of more than
            // `MAX_STEPS` (only a theme's `pagination` makes one) shows
            // them at once rather than cost a page for each.
            let revealed = (2..=crate::validate::MAX_STEPS).contains(&items.len());
            let steps: Vec<Option<u32>> = if self.steps && revealed {
                (1..=items.len()).map(|k| Some(count(k))).collect()
            } else {
                vec![None]
            };
            for step in steps {
                self.slides.push(PlannedSlide {
                    id: SlideId::Block(self.block, part(page)),
                    block: Some(self.block),
                    shows,
                    items: items.clone(),
                    page,
                    pages,
                    step,
                });
            }
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The length of a text as pagination counts it: the UTF-8 bytes of its
/// words, without the marks of `**strong**` and `*emphasis*`.
fn length(text: &Text) -> usize {
    text_length(&text.value)
}

fn text_length(text: &str) -> usize {
    parse_inline(text).iter().map(|run| run.text.len()).sum()
}

fn question_lengths(questions: Option<&Spanned<Vec<Spanned<Question>>>>) -> Vec<usize> {
    questions
        .iter()
        .flat_map(|q| q.iter())
        .map(|q| text_length(q.text()))
        .collect()
}

/// Items (given by their lengths) over slides: at most `per_slide` items and
/// about `chars` characters on each, filling each slide in turn; the items'
/// indexes on each slide.
fn fill_slides(lengths: &[usize], per_slide: usize, chars: usize) -> Vec<Vec<usize>> {
    let mut slides: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (index, &length) in lengths.iter().enumerate() {
        match slides.last_mut() {
            Some(last) if last.len() < per_slide && used + length <= chars => {
                last.push(index);
                used += length;
            }
            _ => {
                slides.push(vec![index]);
                used = length;
            }
        }
    }
    slides
}

/// Items over as few slides as [`fill_slides`] needs, shared out evenly
/// (four questions three to a slide are 2 + 2, not 3 + 1), so that no slide
/// holds a lone last item.
fn chunk_slides(lengths: &[usize], per_slide: usize, chars: usize) -> Vec<Vec<usize>> {
    let filled = fill_slides(lengths, per_slide, chars);
    let count = filled.len();
    if count < 2 {
        return filled;
    }
    // Seven items on three slides: 3 + 2 + 2.
    let mut even = Vec::with_capacity(count);
    let mut next = 0;
    for i in 0..count {
        let size = lengths.len() / count + usize::from(i < lengths.len() % count);
        even.push((next..next + size).collect::<Vec<usize>>());
        next += size;
    }
    let fits = |indexes: &Vec<usize>| {
        indexes.len() == 1 || indexes.iter().map(|&i| lengths[i]).sum::<usize>() <= chars
    };
    if even.iter().all(fits) { even } else { filled }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves: items fill slides in turn, then are shared out evenly when
    /// that fits, as the templates did before the plan made the slides.
    #[test]
    fn items_are_shared_out_evenly_when_they_fit() {
        assert_eq!(chunk_slides(&[], 3, 260), Vec::<Vec<usize>>::new());
        assert_eq!(chunk_slides(&[10, 10], 3, 260), vec![vec![0, 1]]);
        assert_eq!(
            chunk_slides(&[10, 10, 10, 10], 3, 260),
            vec![vec![0, 1], vec![2, 3]]
        );
        assert_eq!(
            chunk_slides(&[10; 7], 3, 260),
            vec![vec![0, 1, 2], vec![3, 4], vec![5, 6]]
        );
        // By characters: 200 + 50 fill one slide; evenly, 200 + 50 + 100 would not fit.
        assert_eq!(
            chunk_slides(&[200, 50, 100], 3, 260),
            vec![vec![0, 1], vec![2]]
        );
        assert_eq!(chunk_slides(&[300, 300], 3, 260), vec![vec![0], vec![1]]);
    }

    /// Proves: a scene's long setup gets a slide of its own only beside a
    /// still, and the ids follow the slides: `b1`, `b1/2`, `b1/3`.
    #[test]
    fn a_scenes_slides_and_their_ids() {
        let long = "x".repeat(600);
        let yaml = format!(
            "title: T\nsections:\n  - title: A\n    blocks:\n      - scene: {{film: F, still: a.png, setup: {long}, watch_for: [w]}}\n      - scene: {{film: G, setup: {long}, watch_for: [w]}}\n      - activity: {{title: A, debrief: [a, b, c, d]}}\n"
        );
        let outline = match crate::outline::load_str("t.yaml", &yaml).loaded {
            Some(loaded) => loaded.outline,
            None => panic!("the outline loads"),
        };
        let plan = Plan::new(&outline, &super::super::PlanOptions::default());
        let ids: Vec<String> = slides(&plan, &Pagination::default())
            .iter()
            .map(|s| format!("{}:{:?}:{:?}", s.id, s.shows, s.items))
            .collect();
        assert_eq!(
            ids,
            [
                "title:Title:[]",
                "agenda:Agenda:[]",
                "s1:Divider:[]",
                "b1:Main:[]",
                "b1/2:Setup:[]",
                "b1/3:WatchFor:[0]",
                "b2:Main:[]",
                "b2/2:WatchFor:[0]",
                "b3:Steps:[]",
                "b3/d1:Debrief:[0, 1]",
                "b3/d2:Debrief:[2, 3]",
            ]
        );
    }

    /// Proves: with `reveal: steps`, a slide of several items is planned as
    /// consecutive slides with its id, steps 1 to its item count (each
    /// slide of a paginated list its own steps); a slide of one item, and
    /// a block that says `reveal: all`, are planned once.
    #[test]
    fn a_revealed_slide_is_planned_once_per_step() {
        let yaml = "title: T\nreveal: steps\nsections:\n  - title: A\n    blocks:\n      - questions: {ask: [a, b, c, d]}\n      - lesson: {title: L, points: [p, q]}\n      - lesson: {title: M, points: [p]}\n      - questions: {ask: [a, b], reveal: all}\n";
        let outline = match crate::outline::load_str("t.yaml", yaml).loaded {
            Some(loaded) => loaded.outline,
            None => panic!("the outline loads"),
        };
        let plan = Plan::new(&outline, &super::super::PlanOptions::default());
        let planned: Vec<String> = slides(&plan, &Pagination::default())
            .iter()
            .skip(3)
            .map(|s| format!("{}:{:?}:{:?}:{}", s.id, s.items, s.step, s.is_whole()))
            .collect();
        assert_eq!(
            planned,
            [
                "b1:[0, 1]:Some(1):false",
                "b1:[0, 1]:Some(2):true",
                "b1/2:[2, 3]:Some(1):false",
                "b1/2:[2, 3]:Some(2):true",
                "b2:[0, 1]:Some(1):false",
                "b2:[0, 1]:Some(2):true",
                "b3:[0]:None:true",
                "b4:[0, 1]:None:true",
            ]
        );
    }
}
