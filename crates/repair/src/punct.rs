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

use std::collections::BTreeMap;

use crate::candidates::{Slot, Token};
use crate::profile::{LetterCounts, Profile};

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
    right.starts_with(is_closing_char) && !right.starts_with("..") && !right.starts_with('…')
}

fn is_closing_char(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '»' | '”')
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

/// How the document spaces closing punctuation after each letter, to tell the defect's
/// spacing from the author's. A font's wrong advance after a letter spaces whatever
/// follows it, so where punctuation after a letter is the defect's doing, it is spaced
/// there about as often as that letter's boundaries inside words are split, on top of
/// the author's own habit for that mark (read off the letters the document does not
/// split after). Where the document splits words after a letter but leaves punctuation
/// after it unspaced, the odd "Home :" is the author's.
#[derive(Debug, Default)]
pub(crate) struct ClosingStats {
    /// Per letter: boundaries inside words after it that show no space ("ka" in "kaos").
    unsplit: LetterCounts,
    /// Per letter and mark: how often the mark follows the letter spaced and unspaced.
    marks: BTreeMap<(char, char), [u32; 2]>,
}

impl ClosingStats {
    /// Counts the unspaced boundaries of the document's lines; spaced marks come from
    /// [`ClosingStats::add_spaced`].
    pub(crate) fn count<'t>(texts: impl Iterator<Item = &'t str>) -> Self {
        let mut stats = ClosingStats::default();
        for text in texts {
            let mut chars = text.chars().peekable();
            while let Some(a) = chars.next() {
                let Some(&b) = chars.peek() else { break };
                if !crate::candidates::is_letter(a) {
                    continue;
                }
                if crate::candidates::is_letter(b) {
                    stats.unsplit.add(a, 1);
                } else if is_closing_char(b) {
                    // "f.eks" and "..." hold no closing punctuation.
                    let mut rest = chars.clone();
                    rest.next();
                    let after = rest.next();
                    if !after.is_some_and(|c| c.is_alphanumeric() || (b == '.' && c == '.')) {
                        stats.marks.entry((a, b)).or_default()[1] += 1;
                    }
                }
            }
        }
        stats
    }

    /// One closing `mark` spaced from `letter` ("kaos .").
    pub(crate) fn add_spaced(&mut self, letter: char, mark: char) {
        self.marks.entry((letter, mark)).or_default()[0] += 1;
    }

    /// Judges the spaced closing punctuation after `letter`, given `repairs` confident
    /// repairs after it inside words and which letters the document splits after
    /// (`defective`).
    ///
    /// Two readings of the marks after the letter: the author's habit alone, or that habit
    /// plus the defect at the letter's rate inside words. The author's habit for a mark is
    /// read off the letters the defect leaves alone (for the likelihoods, shrunk toward
    /// the habit for all marks there by one pseudo-observation, so a mark seen rarely
    /// there says little). The
    /// probability that the defect reaches punctuation after the letter takes the rule's
    /// measured odds ([`CLOSING_CONFIDENCE`]) as the prior, times the likelihood ratio of
    /// the readings over every closing mark after the letter, spaced or not. A spaced mark
    /// is then the defect's, not the author's, in proportion to how often each spaces it:
    /// where the author spaces "»" anyway, a spaced "»" proves nothing.
    pub(crate) fn judge(
        &self,
        letter: char,
        repairs: u32,
        defective: impl Fn(char) -> bool,
    ) -> ClosingJudgement {
        let unsplit = self.unsplit.get(letter).unwrap_or(0);
        if repairs == 0 {
            return ClosingJudgement { defect: 0.0, marks: Vec::new() };
        }
        let split_rate = f64::from(repairs) / f64::from(repairs + unsplit);
        // The author's habit, per mark and over all marks: spaced and all, after letters
        // the defect leaves alone; one pass over the counts.
        let mut habit: BTreeMap<char, (u32, u32)> = BTreeMap::new();
        let (mut all_spaced, mut all) = (0u32, 0u32);
        for (&(other, m), &[sp, un]) in &self.marks {
            if !defective(other) {
                let h = habit.entry(m).or_default();
                h.0 += sp;
                h.1 += sp + un;
                all_spaced += sp;
                all += sp + un;
            }
        }
        let pooled = (f64::from(all_spaced) + 0.5) / (f64::from(all) + 1.0);
        let mut log_ratio = 0.0f64;
        let mut marks = Vec::new();
        for (&(c, mark), &[spaced, unspaced]) in self.marks.range((letter, '\0')..) {
            if c != letter {
                break;
            }
            let (s, n) = habit.get(&mark).copied().unwrap_or((0, 0));
            let author = (f64::from(s) + pooled) / (f64::from(n) + 1.0);
            let defect = author + (1.0 - author) * split_rate;
            // Each term only where it has cases: a letter never left unsplit inside
            // words has a rate of 1, and 0 × ln 0 would make the whole sum NaN.
            if spaced > 0 {
                log_ratio += f64::from(spaced) * (defect / author).ln();
            }
            if unspaced > 0 {
                log_ratio += f64::from(unspaced) * ((1.0 - defect) / (1.0 - author)).ln();
            }
            if spaced > 0 {
                // The share of spaced marks that are the defect's, at the rate the
                // author is seen to space this mark (none seen: every one is the defect's;
                // the smoothed rate above only keeps the likelihoods finite).
                let seen = if n == 0 { 0.0 } else { f64::from(s) / f64::from(n) };
                let own = (1.0 - seen) * split_rate / (seen + (1.0 - seen) * split_rate);
                marks.push((mark, own));
            }
        }
        let prior = f64::from(CLOSING_CONFIDENCE / (1.0 - CLOSING_CONFIDENCE)).ln();
        // Bounded so the exponential cannot overflow; 1e-30 odds either way is certain.
        let odds = (prior + log_ratio).clamp(-69.0, 69.0).exp();
        let defect = odds / (1.0 + odds);
        let marks = marks
            .into_iter()
            .map(|(m, own)| (m, ((defect * own) as f32).min(CLOSING_CONFIDENCE)))
            .collect();
        ClosingJudgement { defect: defect as f32, marks }
    }
}

/// What [`ClosingStats::judge`] says of the closing punctuation after one letter.
#[derive(Debug, Clone)]
pub(crate) struct ClosingJudgement {
    /// Probability that the defect reaches punctuation after the letter.
    pub(crate) defect: f32,
    /// Per mark seen spaced after the letter: the confidence that such a space is
    /// spurious.
    pub(crate) marks: Vec<(char, f32)>,
}

/// Whether `right` (the token after a slot) is a lone hyphen: a repair of that slot
/// makes the compound ellipsis ("planleggings- og"), which is right only where the word
/// before it is a compound's first part. A dash between words reads the same ("vi skal
/// ha - til fordel", "Europa - og med"); the caller weighs the word.
pub(crate) fn lone_hyphen(right: &str) -> bool {
    let mut chars = right.chars();
    chars.next().is_some_and(is_hyphen) && chars.next().is_none()
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
            // Only closing marks and hyphens after the space make a repair here, and
            // none is an ASCII letter or digit: one byte says no for most slots.
            if !slots[g].open || text.as_bytes()[tokens[g + 1].start].is_ascii_alphanumeric() {
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
                let mark = right.chars().next()?;
                return profile.closing_confidence(last, mark).map(|c| c.min(CLOSING_CONFIDENCE));
            }
            let mut rc = right.chars();
            let first = rc.next()?;
            if !is_hyphen(first) {
                return None;
            }
            match rc.next() {
                // A lone hyphen: the compound ellipsis only before a conjunction (and
                // after a word that starts compounds, which the line's joins decide:
                // `build_line` checks it on the joined word, see `lone_hyphen`).
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
