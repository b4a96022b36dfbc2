//! Builds the wire records (`deck-records` types) from the prepared document, its
//! structure and topics: the only place domain types become record types.

use std::fmt::Write as _;

use deck_classify::detect_language;
use deck_layout::Document;
use deck_records::{
    Block, ChapterRef, Granularity, Link, Part, Record, RecordKind, SectionRecord, Source, Warning,
    round_coord,
};
use deck_structure::{BlockKind, Deck, PageContent, Section, SlideKind};

use sha2::{Digest, Sha256};

use crate::{Pipeline, Prepared};

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// What one record covers, before it becomes a wire record.
struct Unit {
    kind: SlideKind,
    title: Option<String>,
    chapter: Option<u32>,
    part: Option<Part>,
    pages: Vec<u32>,
    blocks: Vec<deck_structure::Block>,
    links: Vec<deck_structure::Link>,
    text: String,
}

impl Unit {
    fn of_section(s: &Section) -> Unit {
        Unit {
            kind: s.kind,
            title: s.title.clone(),
            chapter: s.chapter,
            part: None,
            pages: s.pages.clone(),
            blocks: s.blocks.clone(),
            links: s.links.clone(),
            text: s.text(),
        }
    }
}

fn units(deck: &Deck, doc: &Document, granularity: Granularity, max_chars: usize) -> Vec<Unit> {
    let mut units: Vec<Unit> = match granularity {
        Granularity::Section => deck.sections.iter().map(Unit::of_section).collect(),
        Granularity::Page => deck
            .slides
            .iter()
            .map(|slide| {
                Unit::of_section(&Section {
                    kind: slide.kind,
                    title: slide.title.clone(),
                    chapter: slide.chapter,
                    pages: vec![slide.page],
                    blocks: slide.blocks.clone(),
                    links: slide.links.clone(),
                })
            })
            .collect(),
        Granularity::Document => {
            let whole = Section {
                kind: SlideKind::Content,
                title: deck.title.clone(),
                chapter: None,
                pages: doc.pages.iter().map(|p| p.number).collect(),
                blocks: deck.slides.iter().flat_map(|s| s.blocks.iter().cloned()).collect(),
                links: deck.slides.iter().flat_map(|s| s.links.iter().cloned()).collect(),
            };
            vec![Unit::of_section(&whole)]
        }
        Granularity::Chunk => deck
            .sections
            .iter()
            .flat_map(|s| deck_structure::chunk(s, max_chars))
            .map(|c| Unit {
                part: Some(Part { index: c.index, count: c.count }),
                text: c.text,
                ..Unit::of_section(&c.section)
            })
            .collect(),
    };
    if units.is_empty() {
        // A file that was read but holds no text (scans, blank decks) still gets
        // one record, so every input shows up in the output.
        units.push(Unit::of_section(&Section {
            title: deck.title.clone(),
            pages: doc.pages.iter().map(|p| p.number).collect(),
            ..Section::default()
        }));
    }
    units
}

/// The warning for a page that has no slide text.
fn page_warning(slide: &deck_structure::Slide) -> Option<Warning> {
    let (kind, message) = match slide.content {
        PageContent::Text => return None,
        PageContent::ImageOnly => (
            "image-only",
            "no slide text, only pictures (and footers or credit lines): a page for OCR",
        ),
        PageContent::NoText => {
            ("no-text", "no text and no pictures (blank, or vector drawings only)")
        }
    };
    Some(Warning { page: Some(slide.page), kind: kind.to_owned(), message: message.to_owned() })
}

pub(crate) fn records(
    pipeline: &Pipeline,
    path: &str,
    sha: &str,
    prepared: &Prepared,
    deck: &Deck,
) -> Vec<Record> {
    let doc = &prepared.document;
    let source = source(&pipeline.redact_text(path), sha, doc);
    let config = pipeline.config();
    let granularity = config.granularity;
    let max_chars = if config.max_chars == 0 { crate::DEFAULT_MAX_CHARS } else { config.max_chars };
    let units = units(deck, doc, granularity, max_chars);

    let all_repairs = prepared.wire_repairs();
    let page_warnings: Vec<Warning> = deck.slides.iter().filter_map(page_warning).collect();
    let count = u32::try_from(units.len()).unwrap_or(u32::MAX);
    let initial = &granularity.as_str()[..1];

    let record = |(i, unit): (usize, &Unit)| {
        let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let body = body_text(&unit.blocks);
        let topics = pipeline.topics(unit.title.as_deref().unwrap_or(""), &body);
        let on_pages = |p: u32| unit.pages.contains(&p);
        // A chunk reports the repairs of its own text; a repair on a page shared by
        // several chunks goes with the chunk that shows the fixed text.
        let repairs = all_repairs
            .iter()
            .filter(|r| on_pages(r.page))
            .filter(|r| unit.part.is_none() || unit.text.contains(&r.fixed))
            .cloned()
            .collect();
        let redactions = prepared.redactions.as_ref().map(|all| {
            all.iter()
                .filter(|r| match r.page {
                    Some(p) => on_pages(p),
                    None => i == 0,
                })
                .cloned()
                .collect()
        });
        let mut warnings: Vec<Warning> = doc
            .warnings
            .iter()
            .filter(|w| match w.page {
                Some(p) => on_pages(p),
                None => i == 0,
            })
            .map(|w| Warning { page: w.page, kind: w.kind.clone(), message: w.message.clone() })
            .collect();
        warnings.extend(page_warnings.iter().filter(|w| w.page.is_some_and(on_pages)).cloned());
        warnings.sort_by_key(|w| w.page);
        Record::Section(Box::new(SectionRecord {
            id: format!("{}-{initial}{index:04}", &sha[..16]),
            granularity,
            index,
            count,
            kind: match unit.kind {
                SlideKind::Divider => RecordKind::Divider,
                SlideKind::Content => RecordKind::Content,
            },
            source: source.clone(),
            deck_title: deck.title.clone(),
            chapter: unit
                .chapter
                .and_then(|c| deck.chapter(c))
                .map(|c| ChapterRef { index: c.index, title: c.title.clone() }),
            title: unit.title.clone(),
            part: unit.part,
            pages: unit.pages.clone(),
            language: detect_language(&unit.text).as_str().to_owned(),
            text: unit.text.clone(),
            blocks: unit.blocks.iter().map(wire_block).collect(),
            links: unit
                .links
                .iter()
                .map(|l| Link { page: l.page, url: l.url.clone(), text: l.text.clone() })
                .collect(),
            topics,
            repairs,
            redactions,
            warnings,
        }))
    };
    // Classifying the units is a quarter of a long deck's time; inside a pool of
    // several threads (the CLI's batch) they are classified as its tasks, so one long
    // file in a small batch is not left to one core. The order is kept either way.
    if parallel_units(units.len()) {
        use rayon::prelude::*;
        units.par_iter().enumerate().map(record).collect()
    } else {
        units.iter().enumerate().map(record).collect()
    }
}

/// Units a record batch needs before it is split across the pool: below this the
/// tasks' hand-over costs more than a few classifications.
const MIN_PARALLEL_UNITS: usize = 4;

/// Whether to classify `units` units in parallel (see [`crate::in_shared_pool`]).
fn parallel_units(units: usize) -> bool {
    units >= MIN_PARALLEL_UNITS && crate::in_shared_pool()
}

fn source(path: &str, sha: &str, doc: &Document) -> Source {
    let m = &doc.metadata;
    Source {
        path: path.to_owned(),
        sha256: sha.to_owned(),
        page_count: u32::try_from(doc.pages.len()).unwrap_or(u32::MAX),
        title: m.title.clone(),
        author: m.author.clone(),
        created: m.created.clone(),
        modified: m.modified.clone(),
        creator: m.creator.clone(),
        producer: m.producer.clone(),
    }
}

fn wire_block(b: &deck_structure::Block) -> Block {
    Block {
        kind: b.kind.as_str().to_owned(),
        text: b.text.clone(),
        raw: b.raw.clone(),
        page: b.page,
        bbox: [
            round_coord(b.bbox.x0),
            round_coord(b.bbox.y0),
            round_coord(b.bbox.x1),
            round_coord(b.bbox.y1),
        ],
        level: b.level,
    }
}

/// The blocks' text without titles and footers (the classifier weighs titles apart).
fn body_text(blocks: &[deck_structure::Block]) -> String {
    let mut out = String::new();
    for b in blocks.iter().filter(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Footer)) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&b.text);
    }
    out
}

impl Prepared {
    /// The edits as record entries (`repairs[]`), in document order.
    pub fn wire_repairs(&self) -> Vec<deck_records::Repair> {
        self.edits
            .iter()
            .map(|(page, e)| deck_records::Repair {
                page: *page,
                raw: e.before.clone(),
                fixed: e.after.clone(),
                reason: e.reason.as_str().to_owned(),
                confidence: deck_records::round_score(e.confidence),
                applied: e.applied,
            })
            .collect()
    }
}

/// Classifier results as record entries: the one place they are converted.
pub(crate) fn topics(topics: Vec<deck_classify::Topic>) -> Vec<deck_records::Topic> {
    topics
        .into_iter()
        .map(|t| deck_records::Topic {
            label: t.label,
            score: deck_records::round_score(t.score),
            evidence: t.evidence,
        })
        .collect()
}
