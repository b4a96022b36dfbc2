//! The document model shared by every stage: pages of positioned text lines.
//!
//! `extract` produces a [`Document`]; `repair`, `structure` and `ingest` read it.
//! This crate has no dependencies on purpose: it is the API boundary that keeps
//! PDF types (lopdf) out of every crate above extraction.
//!
//! Coordinates are PDF points (1/72 inch) in a **top-left** frame: `x` grows to the
//! right, `y` grows downwards, the origin is the top-left corner of the page's
//! visible box (CropBox, after `/Rotate` is applied).

/// An axis-aligned rectangle in page points, top-left origin.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rect {
    /// Builds a rectangle from two corners in any order.
    pub fn new(xa: f32, ya: f32, xb: f32, yb: f32) -> Self {
        Rect { x0: xa.min(xb), y0: ya.min(yb), x1: xa.max(xb), y1: ya.max(yb) }
    }

    /// Width in points.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height in points.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// Where the extractor saw horizontal space between two glyphs of a line.
///
/// Only gaps that are not plain glyph-to-glyph contact are kept (a few hundredths
/// of an em and up), so a line has a handful, not one per character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// Byte offset into [`Line::text`] of the first character after the gap. When the
    /// extractor decided on a word break, `text[at - 1]` is the inserted or original space.
    pub at: usize,
    /// Width of the gap in ems of the font size in force (0.25 ≈ a typical space).
    pub em: f32,
    /// The gap relative to the space width of the font (1.0 = one space glyph), when known.
    pub spaces: Option<f32>,
    /// Whether the extractor made this gap a word break (a space is in `text`).
    pub is_break: bool,
    /// Whether the break came from a real space glyph in the PDF, not from geometry.
    pub space_glyph: bool,
}

/// One line of text as laid out on the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// The text, word breaks as single spaces, NFC-normalised, no trailing whitespace.
    pub text: String,
    /// Bounding box of the line's glyphs.
    pub bbox: Rect,
    /// Dominant font size in points (after text matrix and CTM scaling).
    pub font_size: f32,
    /// Dominant font is bold (from the font name, flags or weight), when known.
    pub bold: bool,
    /// Dominant font is italic, when known.
    pub italic: bool,
    /// Name of the dominant font (BaseFont without subset prefix), when known.
    pub font: Option<String>,
    /// Measured gaps, in text order. Empty on a line the extractor reordered from
    /// right-to-left visual order into logical order, where offsets measured along
    /// the page would not fit the text.
    pub gaps: Vec<Gap>,
    /// The text before repair, set only when `repair` changed the line.
    pub raw: Option<String>,
}

impl Line {
    /// The text as extracted, before any repair.
    pub fn raw_text(&self) -> &str {
        self.raw.as_deref().unwrap_or(&self.text)
    }
}

/// A link annotation with a URI action (`/Subtype /Link`, `/A << /S /URI >>`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Link {
    /// The annotation's rectangle on the page.
    pub bbox: Rect,
    /// The target URI, as written in the PDF.
    pub url: String,
}

/// One page, its lines in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Visible width in points (after rotation).
    pub width: f32,
    /// Visible height in points (after rotation).
    pub height: f32,
    /// Lines in reading order. Lines of one text block are consecutive.
    pub lines: Vec<Line>,
    /// Where raster images are drawn (image XObjects and inline images), clipped to the
    /// page, in drawing order. Lets later stages tell a picture-only page from an empty one.
    pub images: Vec<Rect>,
    /// URI link annotations, in `/Annots` order.
    pub links: Vec<Link>,
}

/// Document-level metadata from the PDF Info dictionary (or XMP).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// `/Title`.
    pub title: Option<String>,
    /// `/Author`.
    pub author: Option<String>,
    /// `/Subject`.
    pub subject: Option<String>,
    /// `/Creator`: the authoring application.
    pub creator: Option<String>,
    /// `/Producer`: the PDF writer.
    pub producer: Option<String>,
    /// `/CreationDate`, as ISO 8601 where it parses, else as found.
    pub created: Option<String>,
    /// `/ModDate`, as ISO 8601 where it parses, else as found.
    pub modified: Option<String>,
}

/// Something the extractor could not do perfectly but worked around.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// 1-based page, when the warning belongs to one.
    pub page: Option<u32>,
    /// Short machine-readable kind, e.g. `unmapped-glyph`, `missing-font`, `broken-xref`.
    pub kind: String,
    /// Human-readable detail.
    pub message: String,
}

/// An extracted document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Pages in document order.
    pub pages: Vec<Page>,
    /// Info-dictionary metadata.
    pub metadata: Metadata,
    /// Recoverable problems met while extracting.
    pub warnings: Vec<Warning>,
}

impl Page {
    /// The page's text: lines joined by `\n`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&line.text);
        }
        out
    }
}

impl Document {
    /// The document's text as pdftotext lays it out: lines end in `\n`, pages in `\f`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for page in &self.pages {
            for line in &page.lines {
                out.push_str(&line.text);
                out.push('\n');
            }
            out.push('\u{c}');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line { text: text.to_owned(), ..Line::default() }
    }

    #[test]
    fn document_text_uses_newlines_and_form_feeds() {
        let doc = Document {
            pages: vec![
                Page { number: 1, lines: vec![line("a b"), line("c")], ..Page::default() },
                Page { number: 2, lines: vec![line("d")], ..Page::default() },
            ],
            ..Document::default()
        };
        assert_eq!(doc.text(), "a b\nc\n\u{c}d\n\u{c}");
        assert_eq!(doc.pages[0].text(), "a b\nc");
    }

    #[test]
    fn rect_union_and_new_normalise_corners() {
        let a = Rect::new(10.0, 20.0, 0.0, 5.0);
        assert_eq!(a, Rect { x0: 0.0, y0: 5.0, x1: 10.0, y1: 20.0 });
        let b = a.union(&Rect::new(-1.0, 6.0, 3.0, 30.0));
        assert_eq!(b, Rect { x0: -1.0, y0: 5.0, x1: 10.0, y1: 30.0 });
        assert_eq!(b.width(), 11.0);
        assert_eq!(b.height(), 25.0);
    }
}
