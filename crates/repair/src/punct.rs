//! Spacing around hyphens, which the word model does not see (a hyphen is not a letter):
//!
//! - "planleggings - og utbygging" → "planleggings- og utbygging": a hyphen standing
//!   alone before a conjunction is the compound ellipsis ("X- og Y"), written against the
//!   left word.
//! - "Valdres -Land" → "Valdres-Land": a hyphen glued to the right word but spaced from
//!   the left one is a split hyphenated compound when the break follows a letter the
//!   document is known to split after, or when both parts are capitalised names.
//!
//! A hyphen opening a list item has no left word on its line and is never touched; a
//! spaced dash between words (" – ", or a lone "-" not followed by a conjunction) stays.

use crate::candidates::{Slot, Token};
use crate::profile::Profile;

/// Conjunctions after which a lone hyphen is the compound ellipsis ("X- og Y").
const ELLIPSIS_CONJUNCTIONS: &[&str] = &["og", "eller", "samt", "and", "or", "nor", "&"];

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A punctuation repair of one slot: the space is removed, with this confidence (0..1).
/// Confidence under the apply threshold makes it a reported, unapplied candidate.
pub(crate) fn slot_repairs(
    text: &str,
    tokens: &[Token],
    slots: &[Slot],
    profile: &Profile,
) -> Vec<Option<f32>> {
    let tok = |i: usize| &text[tokens[i].start..tokens[i].end];
    (0..slots.len())
        .map(|g| {
            let left = tok(g);
            let right = tok(g + 1);
            let last = left.chars().next_back()?;
            if !last.is_alphabetic() {
                return None;
            }
            let mut rc = right.chars();
            let first = rc.next()?;
            if matches!(first, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '»' | '”') {
                // Not "..." (an ellipsis may stand apart) and only where the document
                // is known to split after this letter: elsewhere it is the author's.
                if right.starts_with("..") || right.starts_with('…') {
                    return None;
                }
                // Elsewhere below the report threshold: clean text has plenty of these.
                return Some(if profile.is_defective(last) { 0.9 } else { 0.2 });
            }
            if !is_hyphen(first) {
                return None;
            }
            match rc.next() {
                // A lone hyphen: the compound ellipsis only before a conjunction.
                None => {
                    let next = tokens.get(g + 2).map(|_| tok(g + 2).to_lowercase())?;
                    ELLIPSIS_CONJUNCTIONS.contains(&next.as_str()).then_some(0.9)
                }
                Some(c) if c.is_alphabetic() => {
                    let names =
                        c.is_uppercase() && left.chars().next().is_some_and(char::is_uppercase);
                    Some(if names {
                        0.85
                    } else if profile.is_defective(last) {
                        0.8
                    } else {
                        // Below the report threshold: an author's " -x" is no finding.
                        0.2
                    })
                }
                Some(_) => None,
            }
        })
        .collect()
}
