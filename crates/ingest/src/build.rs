//! Builds wire records from the repaired document, its structure and topics.

use std::fmt::Write as _;

use deck_classify::detect_language;
use deck_layout::Document;
use deck_records::{Block, Granularity, Record, SectionRecord, Source, Warning, round_coord};
use deck_structure::{BlockKind, Section};

use sha2::{Digest, Sha256};

use crate::{Pipeline, Repaired};

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

pub(crate) fn records(
    pipeline: &Pipeline,
    path: &str,
    bytes: &[u8],
    repaired: &Repaired,
    deck: &deck_structure::Deck,
) -> Vec<Record> {
    let doc = &repaired.document;
    let sha = sha256_hex(bytes);
    let source = source(path, &sha, doc);

    let mut units = match pipeline.config().granularity {
        Granularity::Section => deck.sections.clone(),
        Granularity::Page => by_page(&deck.sections),
        Granularity::Document => whole(&deck.sections, deck.title.clone()),
    };
    if units.is_empty() {
        // A file that was read but holds no text (scans, blank decks) still gets
        // one record, so every input shows up in the output.
        units.push(Section { title: deck.title.clone(), pages: Vec::new(), blocks: Vec::new() });
    }
    if let Some(unit) = units.iter_mut().find(|u| u.pages.is_empty()) {
        unit.pages = doc.pages.iter().map(|p| p.number).collect();
    }
    let all_repairs = repaired.wire_repairs();
    let granularity = pipeline.config().granularity;
    let count = u32::try_from(units.len()).unwrap_or(u32::MAX);
    let initial = &granularity.as_str()[..1];

    units
        .iter()
        .enumerate()
        .map(|(i, section)| {
            let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let text = section.text();
            let title = section.title.clone();
            let body = body_text(section);
            let topics = pipeline.topics(title.as_deref().unwrap_or(""), &body);
            let repairs =
                all_repairs.iter().filter(|r| section.pages.contains(&r.page)).cloned().collect();
            let warnings = doc
                .warnings
                .iter()
                .filter(|w| match w.page {
                    Some(p) => section.pages.contains(&p),
                    None => i == 0,
                })
                .map(|w| Warning { page: w.page, kind: w.kind.clone(), message: w.message.clone() })
                .collect();
            Record::Section(Box::new(SectionRecord {
                id: format!("{}-{initial}{index:04}", &sha[..16]),
                granularity,
                index,
                count,
                source: source.clone(),
                deck_title: deck.title.clone(),
                title,
                pages: section.pages.clone(),
                language: detect_language(&text).as_str().to_owned(),
                text,
                blocks: section.blocks.iter().map(wire_block).collect(),
                topics,
                repairs,
                warnings,
            }))
        })
        .collect()
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

/// The section's text without its title (the classifier weighs titles apart).
fn body_text(section: &Section) -> String {
    let mut out = String::new();
    for b in
        section.blocks.iter().filter(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Footer))
    {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&b.text);
    }
    out
}

/// Splits sections into one unit per page, each keeping its section's title.
fn by_page(sections: &[Section]) -> Vec<Section> {
    let mut out = Vec::new();
    for s in sections {
        for &page in &s.pages {
            out.push(Section {
                title: s.title.clone(),
                pages: vec![page],
                blocks: s.blocks.iter().filter(|b| b.page == page).cloned().collect(),
            });
        }
    }
    out
}

/// Joins all sections into one unit titled with the deck's title.
fn whole(sections: &[Section], title: Option<String>) -> Vec<Section> {
    let mut pages: Vec<u32> = sections.iter().flat_map(|s| s.pages.iter().copied()).collect();
    pages.sort_unstable();
    pages.dedup();
    let blocks = sections.iter().flat_map(|s| s.blocks.iter().cloned()).collect();
    vec![Section { title, pages, blocks }]
}
