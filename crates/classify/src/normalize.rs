//! Text normalisation for matching: folding and tokenising.
//!
//! Matching works on a *folded* form of each word: lower case, NFC, and the Norwegian
//! letters spelt out as their traditional ASCII digraphs (æ → ae, ø → oe, å → aa), other
//! diacritics dropped (é → e, ü → u; ä and ö, the Swedish/German spellings of æ and ø,
//! as ae and oe). Folding both the taxonomy terms and the text the same way keeps æøå
//! words distinct from their look-alikes ("får" ≠ "far") while letting "Troendelag" and
//! "Trøndelag" meet.

/// Lower-cases and folds one word (see `deck_lang::fold`).
pub(crate) use deck_lang::fold;

/// A word of the text: where it is and its folded form.
#[derive(Debug, Clone)]
pub(crate) struct Token<'t> {
    /// The word as written.
    pub(crate) surface: &'t str,
    /// [`fold`]ed.
    pub(crate) key: String,
}

/// Splits text into words: runs of letters and digits. Hyphens and slashes split too
/// ("e-post" → "e", "post"), so each part of a hyphenated compound matches on its own.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| Token { surface: w, key: fold(w) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenising() {
        let t: Vec<String> = tokens("E-post, buss/tog: 2025!").into_iter().map(|t| t.key).collect();
        assert_eq!(t, vec!["e", "post", "buss", "tog", "2025"]);
    }
}
