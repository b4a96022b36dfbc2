//! Turns pages of lines into titled sections of blocks.
//!
//! Input is a [`deck_layout::Document`] (pages of positioned lines in reading order);
//! output is a [`Deck`]: a title and [`Section`]s, each a run of slides with one topic
//! heading, made of typed [`Block`]s (title, bullet, paragraph, caption, footer).
//!
//! The pipeline, one module per concept:
//!
//! 1. `footer`: lines that repeat across slides in the top or bottom margin (same
//!    text with digits masked, same band) on at least half of the slides, and bare page
//!    numbers near an edge, become [`BlockKind::Footer`]. They are found deck-wide first
//!    so that a repeated header can never be taken for a slide title.
//! 2. `title`: a slide's title is its largest worded text in the upper part of the
//!    slide (or, on a sparse cover or divider slide, anywhere), with following lines of
//!    the same size joined; on slides whose text is all one size a bold first line
//!    counts.
//! 3. `blocks`: the other lines are grouped into bullets (glyph, also when drawn as a
//!    separate text object, or numbering; level from indentation per list; lists whose
//!    markers are shapes are found by indentation), paragraphs (wrapped lines joined,
//!    line-end hyphens undone only where the lexicon knows the joined word) and
//!    captions (credit prefixes such as "Foto:", "Kilde:", "Source:", or small print).
//! 4. `sections`: continued slides ("(forts.)", "(2)", "2/3", "(cont.)", ...) merge,
//!    section divider slides open a section that runs to the next divider, untitled
//!    slides join the section before them; a deck without titles has a section per
//!    slide.
//!
//! Heuristics work in units of the slide's own font sizes and page size, so they hold
//! for PowerPoint, Google Slides, Impress and Beamer decks alike. Each module's docs
//! state its rules and thresholds.

mod blocks;
mod footer;
mod geom;
mod sections;
mod text;
mod title;

use deck_layout::{Document, Rect};

/// How to structure a document.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// Lexicon check (from `repair`): is this a word? Used to undo line-end
    /// hyphenation only where the joined word is known ("sam-" + "funn" → "samfunn");
    /// without it, hyphens at line ends are kept.
    pub is_word: Option<&'a dyn Fn(&str) -> bool>,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options").field("is_word", &self.is_word.map(|_| "fn")).finish()
    }
}

/// A structured slide deck.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deck {
    /// The first slide's title, else the PDF metadata title.
    pub title: Option<String>,
    /// Sections in page order.
    pub sections: Vec<Section>,
}

/// A run of slides under one heading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// The heading: the first slide's title (without continuation marks it never had),
    /// or `None` for an untitled slide in a deck without titles.
    pub title: Option<String>,
    /// 1-based page numbers, ascending.
    pub pages: Vec<u32>,
    /// Blocks in page order, each page's title block first.
    pub blocks: Vec<Block>,
}

impl Section {
    /// The section's text: its title, then the text of each block except footers (and
    /// except title blocks that only repeat the section title), joined by `\n`.
    pub fn text(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        let title_key = self.title.as_deref().map(sections::title_key);
        if let Some(t) = &self.title {
            parts.push(t);
        }
        for b in &self.blocks {
            match b.kind {
                BlockKind::Footer => continue,
                BlockKind::Title if title_key.as_deref() == Some(&sections::title_key(&b.text)) => {
                    continue;
                }
                _ => parts.push(&b.text),
            }
        }
        parts.join("\n")
    }
}

/// A typed piece of a slide.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The text, lines joined: for bullets without the bullet glyph (numbering such as
    /// "1." or "a)" is kept, it is content), wrapped lines joined by a space and
    /// line-end hyphenation undone where the lexicon allows.
    pub text: String,
    /// The unrepaired text of the block's lines as extracted, glyph included, lines
    /// joined by `\n`.
    pub raw: String,
    /// 1-based page number.
    pub page: u32,
    /// Union of the lines' boxes (top-left frame, points).
    pub bbox: Rect,
    /// List level: 0 = not a list item, 1 = top level, 2 = nested once, ...
    pub level: u8,
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A slide title.
    Title,
    /// A list item.
    Bullet,
    /// Running text.
    Paragraph,
    /// A figure caption or image/source credit.
    Caption,
    /// A running header, footer or page number.
    Footer,
}

impl BlockKind {
    /// The wire name: `title`, `bullet`, `paragraph`, `caption` or `footer`.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Bullet => "bullet",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Caption => "caption",
            BlockKind::Footer => "footer",
        }
    }
}

/// Structures a document into a deck of sections.
pub fn structure(doc: &Document, options: &Options<'_>) -> Deck {
    let geoms: Vec<geom::PageGeom> = doc.pages.iter().map(geom::PageGeom::of).collect();
    let footers = footer::footer_mask(doc, &geoms);
    let slides: Vec<sections::Slide> = doc
        .pages
        .iter()
        .zip(&geoms)
        .zip(&footers)
        .map(|((page, g), mask)| {
            let found = title::find_title(page, g, mask);
            let blocks = blocks::page_blocks(page, g, mask, found.as_ref(), options);
            sections::Slide::new(page.number, g, found, blocks)
        })
        .collect();
    let title = slides
        .iter()
        .find(|s| s.has_content())
        .and_then(|s| s.title.clone())
        .or_else(|| doc.metadata.title.as_deref().and_then(text::clean_metadata_title));
    Deck { title, sections: sections::group(slides) }
}
