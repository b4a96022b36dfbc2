//! Glyph names to Unicode: the Adobe Glyph List plus the `uniXXXX`/`uXXXX[XX]` conventions.

use crate::generated::glyphlist::GLYPH_LIST;

/// Unicode text for a glyph name, `None` when the name carries no known meaning
/// (e.g. `g123` or `cid45` from subsetters).
pub(crate) fn glyph_to_unicode(name: &str) -> Option<crate::GlyphText> {
    if let Ok(i) = GLYPH_LIST.binary_search_by(|(n, _)| (*n).cmp(name)) {
        return GLYPH_LIST.get(i).map(|(_, u)| crate::GlyphText::from(*u));
    }
    // "f_f_i" ligature names and "a.sc" variants (AGL specification, section 2).
    if let Some((base, _)) = name.split_once('.') {
        return if base.is_empty() { None } else { glyph_to_unicode(base) };
    }
    if name.contains('_') {
        let mut out = crate::GlyphText::default();
        for part in name.split('_') {
            out.push_str(&glyph_to_unicode(part)?);
        }
        return Some(out);
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .filter_map(|i| hex.get(i * 4..i * 4 + 4))
                .filter_map(|h| u16::from_str_radix(h, 16).ok())
                .collect();
            let s: crate::GlyphText = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            return Some(s);
        }
        return None;
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(crate::char_text);
    }
    None
}

/// Whether `name` is at most two letters and then `code` in decimal (`a65`, `g7`, `65`):
/// a label made from the code it stands at, carrying no meaning of its own.
pub(crate) fn names_own_code(name: &str, code: usize) -> bool {
    let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    name.len() - digits.len() <= 2
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && digits.parse::<usize>() == Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_names() {
        assert_eq!(glyph_to_unicode("aring").as_deref(), Some("å"));
        assert_eq!(glyph_to_unicode("fi").as_deref(), Some("\u{fb01}"));
        assert_eq!(glyph_to_unicode("uni00E6").as_deref(), Some("æ"));
        assert_eq!(glyph_to_unicode("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_to_unicode("f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_to_unicode("g123"), None);
        assert_eq!(glyph_to_unicode(".notdef"), None);
    }

    #[test]
    fn labels_spelling_their_code() {
        assert!(names_own_code("a65", 65));
        assert!(names_own_code("65", 65));
        assert!(names_own_code("cb7", 7));
        assert!(!names_own_code("a65", 66));
        assert!(!names_own_code("a065", 65));
        assert!(!names_own_code("cid65", 65));
        assert!(!names_own_code("a", 0));
        assert!(!names_own_code("A.65", 65));
    }
}
