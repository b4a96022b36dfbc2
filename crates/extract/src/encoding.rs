//! Simple-font encodings: the four base encodings and `/Differences`.

use crate::generated::encodings::{MAC_ROMAN, PDF_DOC, STANDARD, WIN_ANSI};

/// A base encoding named by `/Encoding` or `/BaseEncoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    PdfDoc,
}

impl BaseEncoding {
    pub(crate) fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"MacRomanEncoding" => Some(Self::MacRoman),
            b"StandardEncoding" => Some(Self::Standard),
            b"PDFDocEncoding" => Some(Self::PdfDoc),
            // Expert encodings are rare in decks; their names still resolve via Differences.
            _ => None,
        }
    }

    /// Glyph name for a code.
    pub(crate) fn glyph(self, code: u8) -> Option<&'static str> {
        let table = match self {
            Self::Standard => &STANDARD,
            Self::WinAnsi => &WIN_ANSI,
            Self::MacRoman => &MAC_ROMAN,
            Self::PdfDoc => &PDF_DOC,
        };
        let name = table.get(usize::from(code)).copied().flatten();
        // WinAnsi shows unassigned codes 127–159 and 173 as bullet/hyphen in practice;
        // the table covers the assigned ones. Code 32 is always the space.
        name.or(match (self, code) {
            (Self::WinAnsi, 173) => Some("hyphen"),
            (Self::WinAnsi, 160) => Some("space"),
            _ => None,
        })
    }
}

/// Decodes PDFDocEncoding bytes (used by Info strings without a BOM).
pub(crate) fn pdfdoc_to_string(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match BaseEncoding::PdfDoc.glyph(b).and_then(crate::glyphlist::glyph_to_unicode) {
            Some(s) => out.push_str(&s),
            None => out.push(char::from(b)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_encodings_differ_where_they_should() {
        assert_eq!(BaseEncoding::WinAnsi.glyph(0xE5), Some("aring"));
        assert_eq!(BaseEncoding::MacRoman.glyph(0x8C), Some("aring"));
        assert_eq!(BaseEncoding::Standard.glyph(0x27), Some("quoteright"));
        assert_eq!(BaseEncoding::WinAnsi.glyph(0x80), Some("Euro"));
        assert_eq!(pdfdoc_to_string(b"Gr\xf8nn"), "Grønn");
    }
}
