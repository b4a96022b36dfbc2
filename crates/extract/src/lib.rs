//! Reads PDFs into pages of positioned text lines (`deck_layout::Document`).
//!
//! [`extract`] takes the file's bytes and [`Options`] (a password, the resource bounds
//! of [`Limits`], how many page workers) and returns the document, or an
//! [`ExtractError`] when it cannot be opened at all; damage inside pages becomes
//! `Document::warnings`.
//!
//! How it is done, module by module:
//! - `document`: one document — open it, interpret its pages (in parallel for large
//!   ones), gather them in page order (`Builder`) and build lines with the document's
//!   statistics; `page`: one page — box, rotation, content, form-field appearances,
//!   images, links.
//! - `objects`: the file's objects, read lazily (cross-reference data at open, objects
//!   when asked for; never an image's data) as lopdf objects; lopdf loads whole the
//!   files this cannot open (encrypted, damaged; where its rebuild loses objects, our
//!   own scan for object headers is read instead) and decodes stream filters. `pdf`
//!   wraps lookups, `metadata` reads the Info dictionary.
//! - `content`: the content-stream interpreter, full text state, every glyph placed in
//!   page space; `lexer` tokenizes content streams and CMaps.
//! - `fonts`, `cmap`, `cjk`, `encoding`, `glyphlist`: codes to Unicode and widths, as
//!   declared and as the embedded program draws them (`type1`, ttf-parser for
//!   TrueType/OpenType/CFF); Adobe's CJK CMaps and collections where no `/ToUnicode`
//!   says; `compensation` learns width corrections where no program can be read.
//! - `lines`: lines, bidi order and reading order; `words`: word breaks from geometry.
//!
//! The one defect this crate exists to fix: extractors that measure gaps from `/Widths`
//! (or turn every large TJ kerning into a space) split words where a writer declared a
//! glyph narrower than it is and compensated with a displacement. We measure gaps from
//! the real advance where the font program is embedded and judge them against each
//! line's own gap statistics and the font's space width.
//!
//! Hostile input never panics: parsed data is accessed with checked operations, calls
//! into lopdf are wrapped in `catch_unwind`, and [`Limits`] bound the work.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod cjk;
mod cmap;
mod compensation;
mod content;
mod document;
mod encoding;
mod error;
mod fonts;
mod generated;
mod glyphlist;
mod lexer;
mod limits;
mod lines;
mod metadata;
mod objects;
mod page;
mod pdf;
mod type1;
mod words;

/// The hash map of this crate: per-glyph lookups are hot, and std's SipHash costs more
/// than a deck's whole font handling. Seeded per process like std's, so nothing may
/// depend on its order either.
type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A glyph's text: up to 24 bytes inline (a letter, a ligature), longer ones on the heap.
type GlyphText = compact_str::CompactString;

/// One character as glyph text (inline, no allocation).
fn char_text(c: char) -> GlyphText {
    GlyphText::from(&*c.encode_utf8(&mut [0; 4]))
}

use deck_layout::Document;

pub use error::ExtractError;
pub use limits::Limits;

/// Whether `bytes` start like a PDF: the `%PDF-` header within the first kilobyte, where
/// the standard allows it (ISO 32000-2, 7.5.2, and annex H.3 of 32000-1, note 13).
pub fn has_pdf_header(bytes: &[u8]) -> bool {
    const HEADER_WINDOW: usize = 1024;
    bytes
        .get(..bytes.len().min(HEADER_WINDOW))
        .unwrap_or_default()
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Password for encrypted documents. The empty user password is always tried first.
    pub password: Option<String>,
    /// Resource bounds.
    pub limits: Limits,
    /// Workers interpreting one document's pages at once; `None` takes the size of the
    /// current rayon pool (so inside a pool of `--jobs N` there are at most N), `Some(1)`
    /// reads pages one after another. Pages run as tasks of the current pool, so more
    /// than its size never run at once; `Some(n)` sets how many pages may be interpreted
    /// ahead of the one merged next (16 per worker). The result is the same either way.
    pub page_workers: Option<usize>,
}

/// Extracts the text lines of every page of a PDF.
///
/// Fails only when the document cannot be opened at all (not a PDF, encrypted without
/// the right password, over the limits while loading). Damage inside pages becomes
/// `Document::warnings` and partial text.
pub fn extract(bytes: &[u8], options: &Options) -> Result<Document, ExtractError> {
    document::extract(bytes, options)
}
