//! Spacing around hyphens, which the word model does not see (a hyphen is not a letter):
//!
//! - "planleggings - og utbygging" → "planleggings- og utbygging": a hyphen standing
//!   alone before a conjunction is the compound ellipsis ("X- og Y"), written against the
//!   left word.
//! - "Valdres -Land" → "Valdres-Land": a hyphen glued to the right word but spaced from
//!   the left one is a split hyphenated compound.
//!
//! A hyphen opening a list item has no left word on its line and is never touched; a
//! spaced dash between words (" – ", or a lone "-" not followed by a conjunction) stays.
//! Every rule needs the space to follow a letter the document is known to split after:
//! elsewhere the spacing is the author's, and clean text has plenty of it ("Det var kaos
//! .", "Nord -Fron").
//!
//! The confidences are measured, not chosen: on the development defect text (the Bokmål
//! and Nynorsk spacing decks through pdftotext and pdfminer.six, and the seed; see
//! `bench/quality.sh`) each rule's applied edits were checked against the truth, and the
//! confidence is the rule-of-succession estimate (right + 1) / (all + 2). They are
//! compared with the repairer's apply threshold (0.9) like any other edit's.

use crate::candidates::{Slot, Token};
use crate::profile::Profile;

/// Conjunctions after which a lone hyphen is the compound ellipsis ("X- og Y"), and that
/// join lone letters into a list ("b og c"): one list for every stage, in `deck-lang`.
pub(crate) use deck_lang::is_ellipsis_conjunction as is_conjunction;

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Closing punctuation after a defective letter ("kaos ."): 54 of 54 right.
const CLOSING_CONFIDENCE: f32 = 55.0 / 56.0;
/// Hyphen spacing after a defective letter, compound ellipsis ("planleggings - og") and
/// split hyphenated compounds ("Valdres -Land") together: 9 of 9 right.
const HYPHEN_CONFIDENCE: f32 = 10.0 / 11.0;

/// Whether `right` opens with closing punctuation that belongs against the word before it
/// (not "...": an ellipsis may stand apart).
fn is_closing(right: &str) -> bool {
    right.starts_with(['.', ',', ';', ':', '!', '?', ')', '»', '”'])
        && !right.starts_with("..")
        && !right.starts_with('…')
}

/// The letter before slot `g` when closing punctuation follows it across the space
/// ("kaos ."): the space is spurious or the author's, whatever the document's profile.
/// For the profile's learning: in a document that shows the defect, it is the defect's
/// one sign that no word list has to recognise ("på ," after a letter split rarely
/// inside words).
pub(crate) fn closing_after(
    text: &str,
    tokens: &[Token],
    slots: &[Slot],
    g: usize,
) -> Option<char> {
    // Most slots have a letter or digit after them: one byte says no (the closing marks
    // are ASCII, or start with 0xC2 / 0xE2 in UTF-8: "»", "”").
    let first = text.as_bytes()[tokens[g + 1].start];
    if !slots[g].open || first.is_ascii_alphanumeric() {
        return None;
    }
    let last = text[tokens[g].start..tokens[g].end].chars().next_back()?;
    (last.is_alphabetic() && is_closing(&text[tokens[g + 1].start..tokens[g + 1].end]))
        .then_some(last)
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
            if !slots[g].open {
                return None;
            }
            let left = tok(g);
            let right = tok(g + 1);
            let last = left.chars().next_back()?;
            if !last.is_alphabetic() {
                return None;
            }
            // Only where the document is known to split after this letter.
            if !profile.is_defective(last) {
                return None;
            }
            if is_closing(right) {
                return Some(CLOSING_CONFIDENCE);
            }
            let mut rc = right.chars();
            let first = rc.next()?;
            if !is_hyphen(first) {
                return None;
            }
            match rc.next() {
                // A lone hyphen: the compound ellipsis only before a conjunction.
                None => {
                    let next = tokens.get(g + 2).map(|_| tok(g + 2))?;
                    // The conjunctions are ASCII.
                    let conj = is_conjunction(next);
                    conj.then_some(HYPHEN_CONFIDENCE)
                }
                Some(c) if c.is_alphabetic() => Some(HYPHEN_CONFIDENCE),
                Some(_) => None,
            }
        })
        .collect()
}
