//! Turns pages of lines into a deck: slides, chapters and sections of blocks.
//!
//! Input is a [`deck_layout::Document`] (pages of positioned lines in reading order);
//! output is a [`Deck`]: one [`Slide`] per page, the [`Chapter`]s that divider slides
//! open, and [`Section`]s (one slide, or consecutive slides under one title), each
//! made of typed [`Block`]s (title, subtitle, bullet, paragraph, caption, footer).
//!
//! The pipeline, one module per concept:
//!
//! 1. `footer`: lines that repeat across slides in the top or bottom margin (same
//!    text with digits masked, same band) on at least half of the slides, and bare page
//!    numbers near an edge, become [`BlockKind::Footer`]. They are found deck-wide first
//!    so that a repeated header can never be taken for a slide title.
//! 2. `title`: a slide's title is its largest prominent text near the top (or, on a
//!    sparse cover or divider slide, anywhere), with the other lines of its text box
//!    joined; a smaller line right under it is its subtitle.
//! 3. `blocks`: the other lines are grouped into bullets, paragraphs and captions.
//! 4. `dividers`: which slides open a chapter, from the evidence a reader uses (see
//!    that module); `sections`: continued slides merge, every other slide is a section
//!    of its own.
//! 5. `links` and `chunk`: URLs of a slide; splitting sections into pieces of bounded
//!    size for embedding.
//!
//! Heuristics work in units of the slide's own font sizes and page size, so they hold
//! for PowerPoint, Google Slides, Impress and Beamer decks alike. Each module's docs
//! state its rules and thresholds.

mod blocks;
mod chunk;
mod dividers;
mod footer;
mod geom;
mod links;
mod sections;
mod text;
mod title;

use deck_layout::{Document, Rect};

pub use chunk::{Chunk, chunk};
pub use text::Markers;

/// How to structure a document.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// Lexicon check (from `repair`): is this a word? Used to undo line-end
    /// hyphenation only where the joined word is known ("sam-" + "funn" → "samfunn");
    /// without it, hyphens at line ends are kept.
    pub is_word: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
    /// The words that mark continued slides and credit lines; `None` uses
    /// [`Markers::default`] (Norwegian Bokmål and Nynorsk, English).
    pub markers: Option<&'a Markers>,
    /// Analyse pages as tasks of the current rayon pool. The result is the same either
    /// way; the caller knows whether it runs in a pool worth sharing (a batch) or not
    /// (a library call, where starting rayon's global pool would be a surprise).
    pub parallel: bool,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("is_word", &self.is_word.map(|_| "fn"))
            .field("markers", &self.markers)
            .field("parallel", &self.parallel)
            .finish()
    }
}

impl Options<'_> {
    pub(crate) fn markers(&self) -> &Markers {
        self.markers.unwrap_or_else(|| Markers::builtin())
    }
}

/// A structured slide deck.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deck {
    /// The first slide's title, else the PDF metadata title.
    pub title: Option<String>,
    /// One slide per page, in page order (pages without text included).
    pub slides: Vec<Slide>,
    /// The chapters divider slides open, in order; empty in a deck without dividers.
    pub chapters: Vec<Chapter>,
    /// Sections in page order; pages without text are listed in the section before
    /// them (or the first one) and have no blocks.
    pub sections: Vec<Section>,
}

impl Deck {
    /// The chapter with this 1-based index.
    pub fn chapter(&self, index: u32) -> Option<&Chapter> {
        self.chapters.get(usize::try_from(index).ok()?.checked_sub(1)?)
    }
}

/// A part of a deck opened by a divider slide.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// 1-based position among the deck's chapters.
    pub index: u32,
    /// The divider slide's title.
    pub title: String,
    /// The divider's 1-based page.
    pub page: u32,
}

/// What role a slide (or a section of slides) plays in the deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SlideKind {
    /// An ordinary slide.
    #[default]
    Content,
    /// A slide that opens a chapter.
    Divider,
}

impl SlideKind {
    /// The wire name: `content` or `divider`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlideKind::Content => "content",
            SlideKind::Divider => "divider",
        }
    }
}

/// What a page holds, as far as text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PageContent {
    /// Slide text (more than footers and credit lines).
    #[default]
    Text,
    /// Pictures, and no slide text but footers and credit lines: a page for OCR.
    ImageOnly,
    /// Neither text nor pictures (blank, or drawn with vector shapes only).
    NoText,
}

/// One page of the deck, structured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Slide {
    /// 1-based page number.
    pub page: u32,
    /// Divider or content.
    pub kind: SlideKind,
    /// The slide's own title, when it has one.
    pub title: Option<String>,
    /// The 1-based index of the chapter the slide belongs to (a divider belongs to
    /// the chapter it opens); `None` before the first divider.
    pub chapter: Option<u32>,
    /// Text, image-only or nothing.
    pub content: PageContent,
    /// Blocks in reading order, the title block first.
    pub blocks: Vec<Block>,
    /// URI link annotations and URLs written in the text.
    pub links: Vec<Link>,
}

/// A run of slides under one heading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Divider (a divider slide is a section of its own) or content.
    pub kind: SlideKind,
    /// The heading: the first slide's title (without a part count such as "(1/3)"),
    /// or `None` for an untitled slide.
    pub title: Option<String>,
    /// The 1-based chapter index, as for [`Slide::chapter`].
    pub chapter: Option<u32>,
    /// 1-based page numbers, ascending.
    pub pages: Vec<u32>,
    /// Blocks in page order, each page's title block first.
    pub blocks: Vec<Block>,
    /// The links on the section's pages.
    pub links: Vec<Link>,
}

impl Section {
    /// The section's text: its title, then the text of each block except footers (and
    /// except title blocks that only repeat the section title), joined by `\n`.
    pub fn text(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(t) = &self.title {
            parts.push(t);
        }
        parts.extend(self.body_parts());
        parts.join("\n")
    }

    /// The text of the blocks alone, in order, without footers and without title
    /// blocks that repeat the section title.
    pub(crate) fn body_parts(&self) -> impl Iterator<Item = &str> {
        let title_key = self.title.as_deref().map(sections::title_key);
        self.blocks
            .iter()
            .filter(move |b| match b.kind {
                BlockKind::Footer => false,
                BlockKind::Title => {
                    title_key.as_deref() != Some(sections::title_key(&b.text).as_str())
                }
                _ => true,
            })
            .map(|b| b.text.as_str())
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
    /// A smaller heading line right under the title that belongs to it.
    Subtitle,
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
    /// The wire name: `title`, `subtitle`, `bullet`, `paragraph`, `caption` or `footer`.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Subtitle => "subtitle",
            BlockKind::Bullet => "bullet",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Caption => "caption",
            BlockKind::Footer => "footer",
        }
    }
}

/// A link on a slide.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// 1-based page number.
    pub page: u32,
    /// The target: a link annotation's URI, or a URL written in the text (a bare
    /// `www.` address gets `http://`, as viewers do).
    pub url: String,
    /// The text it is attached to: the words under a link annotation, or the URL as
    /// written; `None` when an annotation covers no text.
    pub text: Option<String>,
}

/// Compiles the built-in markers and patterns now rather than on the first page that
/// needs them (e.g. on a thread of its own while a batch's first files are read).
pub fn prepare() {
    Markers::builtin();
    links::prepare();
}

/// Structures a document into a deck of slides, chapters and sections.
pub fn structure(doc: &Document, options: &Options<'_>) -> Deck {
    let geoms: Vec<geom::PageGeom> = map_pages(options, &doc.pages, geom::PageGeom::of);
    let footers = footer::footer_mask(doc, &geoms, options);
    let author = doc.metadata.author.as_deref();
    // The first page with text besides footers is the deck's cover.
    let cover = doc.pages.iter().zip(&footers).position(|(page, mask)| {
        page.lines
            .iter()
            .enumerate()
            .any(|(i, l)| geom::has_text(l) && !mask.get(i).copied().unwrap_or(false))
    });
    let deck_body = geom::body_size(doc.pages.iter().flat_map(|p| p.lines.iter()));
    let pages: Vec<_> = doc.pages.iter().zip(&geoms).zip(&footers).enumerate().collect();
    let mut found: Vec<sections::Found> = map_pages(options, &pages, |&(n, ((page, g), mask))| {
        let title = title::find_title(page, g, mask, author, cover == Some(n), deck_body, options);
        let blocks = blocks::page_blocks(page, g, mask, title.as_ref(), options);
        let links = links::page_links(page, &blocks);
        sections::Found::new(page, g, title, blocks, links, options)
    });
    let kinds = dividers::detect(&found);
    for (f, kind) in found.iter_mut().zip(kinds) {
        f.slide.kind = kind;
    }
    let (slides, chapters) = sections::chapters(found);
    let title = slides
        .iter()
        .find(|s| s.content == PageContent::Text)
        .and_then(|s| s.title.clone())
        .or_else(|| doc.metadata.title.as_deref().and_then(text::clean_metadata_title));
    let sections = sections::group(&slides, options.markers());
    Deck { title, slides, chapters, sections }
}

/// `f` over `items` in order, as pool tasks when `options.parallel` asks for it.
fn map_pages<T: Sync, R: Send>(
    options: &Options<'_>,
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if options.parallel {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}
