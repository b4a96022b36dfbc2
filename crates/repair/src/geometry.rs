//! Geometry first: on text with measured gaps (the PDF path), whether a space may go at
//! all is decided here, from the document's own glyph advances, before any word is
//! looked up.
//!
//! The defect is a font whose advance for a letter is too narrow, with a displacement
//! after each occurrence putting the next glyph back: the gap after that letter is the
//! same small amount every time, inside words too, whatever letter follows. So for every
//! font and letter we collect the gaps after it (an unreported gap is contact, 0 em), and
//! a letter is *defective* when most of them sit in one tight cluster clearly above
//! contact and clearly below the document's word spaces. Only a break whose gap falls in
//! its letter's defect cluster can be spurious (or one whose glyphs touch); every other
//! measured break, space glyph or word-sized gap, is the author's and stays, whatever the
//! lexicon thinks of the joined string. A document whose extractor already corrected the
//! advances (as `deck-extract` does) shows no defect, and gets no joins.

use deck_layout::Gap;
use rustc_hash::FxHashMap;

use crate::candidates::Slot;

/// Occurrences of a letter (in one font) needed before its gaps can show a defect.
const MIN_OCCURRENCES: usize = 6;
/// Half-width of a defect cluster, in em: the defect decks' displacement jitter is a few
/// thousandths of an em, real fonts' rounding about 0.01.
const CLUSTER_HALF_EM: f32 = 0.03;
/// Share of a letter's gaps that must sit in the cluster. A clean letter's gaps sit at
/// contact (inside words) and at word spaces (after words): never one positive cluster
/// holding most of them, unless the letter ends most of its words, and then the cluster is
/// at the word space, which the next bound rules out.
const MIN_CLUSTER_SHARE: f32 = 0.6;
/// A cluster must be at least this far from contact (em): below it is kerning.
const MIN_DEFECT_EM: f32 = 0.04;
/// …and below this share of the document's median word space: a gap the size of a word
/// space after a letter is a word space, whatever the letter.
const MAX_DEFECT_SHARE_OF_WORD_SPACE: f32 = 0.7;
/// Breaks with a gap up to this (em) and under [`TOUCH_SPACES`] of the font's space, in a
/// document that shows the defect: the glyphs touch, so the break is not a word space
/// whatever made the extractor put it.
const TOUCH_EM: f32 = 0.06;
const TOUCH_SPACES: f32 = 0.25;
/// Geometry's log10 odds for a spurious break in a defect cluster, and for touching
/// glyphs: strong, since such a gap is what the defect looks like and no word space does.
/// The language model still decides where the word ends.
const DEFECT_ODDS: f32 = 2.0;
const TOUCH_ODDS: f32 = 2.0;

/// One line's geometry: its gaps and the font of its text, when known.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineGeometry<'a> {
    pub(crate) text: &'a str,
    pub(crate) gaps: &'a [Gap],
    pub(crate) font: Option<&'a str>,
}

/// The document's glyph-advance defects: font and letter → the gap (em) that follows the
/// letter in that font.
#[derive(Debug, Default)]
pub(crate) struct GeoProfile {
    defects: FxHashMap<(u32, char), f32>,
    fonts: FxHashMap<String, u32>,
}

impl GeoProfile {
    /// Learns the defects from every line with measured gaps.
    pub(crate) fn learn(lines: &[LineGeometry<'_>]) -> GeoProfile {
        let mut fonts: FxHashMap<String, u32> = FxHashMap::default();
        // Each key is decided on its own samples, so their order does not matter.
        let mut samples: FxHashMap<(u32, char), Vec<f32>> = FxHashMap::default();
        let mut word_spaces: Vec<f32> = Vec::new();
        for line in lines.iter().filter(|l| !l.gaps.is_empty()) {
            let font = font_id(&mut fonts, line.font);
            // The offsets asked for only grow along the line: a cursor, not a search.
            let mut gaps = Cursor { gaps: line.gaps, next: 0 };
            let mut chars = line.text.char_indices().peekable();
            while let Some((at, c)) = chars.next() {
                let Some(&(next_at, next)) = chars.peek() else { break };
                if !c.is_alphabetic() {
                    continue;
                }
                let sample = if next == ' ' {
                    // A break: its gap is recorded at the character after the space.
                    let Some(gap) = gaps.at(next_at + 1) else { continue };
                    word_spaces.push(gap.em);
                    if gap.space_glyph {
                        continue; // a typed space says nothing about the letter's advance
                    }
                    gap.em
                } else if next.is_alphabetic() {
                    gaps.at(at + c.len_utf8()).map_or(0.0, |g| g.em)
                } else {
                    continue;
                };
                samples.entry((font, c)).or_default().push(sample);
            }
        }
        let word_space = median(&mut word_spaces).unwrap_or(0.25);
        let mut defects = FxHashMap::default();
        #[expect(clippy::iter_over_hash_type, reason = "each key is decided alone, into a map")]
        for (key, mut gaps) in samples {
            if let Some(d) = defect_cluster(&mut gaps, word_space) {
                defects.insert(key, d);
            }
        }
        GeoProfile { defects, fonts }
    }

    /// Sets each slot's geometry: a break in its letter's defect cluster, or between
    /// touching glyphs, votes for removal; any other measured break is closed.
    pub(crate) fn apply(&self, line: &LineGeometry<'_>, slots: &mut [Slot]) {
        let font = line.font.and_then(|f| self.fonts.get(f)).copied().unwrap_or(0);
        // Slots are in line order, so their offsets only grow.
        let mut gaps = Cursor { gaps: line.gaps, next: 0 };
        for slot in slots {
            let Some(gap) = gaps.at(slot.ws_end) else {
                // No measurement for a space of a measured line: nothing to go on.
                slot.open = false;
                slot.joinable = false;
                continue;
            };
            // Touching glyphs count only in a document that shows the defect: elsewhere
            // even an odd gap is the author's (a document without a defect gets no join).
            let touching = !self.defects.is_empty()
                && gap.em <= TOUCH_EM
                && gap.spaces.is_none_or(|s| s <= TOUCH_SPACES);
            let defect = !gap.space_glyph
                && self
                    .defects
                    .get(&(font, slot.letter))
                    .is_some_and(|d| (gap.em - d).abs() <= CLUSTER_HALF_EM);
            if touching {
                slot.geo = TOUCH_ODDS;
            } else if defect {
                slot.geo = DEFECT_ODDS;
            } else {
                slot.open = false;
                slot.joinable = false;
            }
        }
    }
}

fn font_id(fonts: &mut FxHashMap<String, u32>, font: Option<&str>) -> u32 {
    // 0 is "unknown font"; known fonts count from 1.
    let Some(name) = font else { return 0 };
    let next = u32::try_from(fonts.len() + 1).unwrap_or(u32::MAX);
    *fonts.entry(name.to_owned()).or_insert(next)
}

/// Gaps of a line (in text order) looked up at growing offsets: a cursor, not a search.
struct Cursor<'a> {
    gaps: &'a [Gap],
    next: usize,
}

impl<'a> Cursor<'a> {
    /// The gap recorded at byte `at`; `at` must not be below an offset asked before.
    fn at(&mut self, at: usize) -> Option<&'a Gap> {
        while self.gaps.get(self.next).is_some_and(|g| g.at < at) {
            self.next += 1;
        }
        self.gaps.get(self.next).filter(|g| g.at == at)
    }
}

fn median(v: &mut [f32]) -> Option<f32> {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

/// The centre of the tight cluster holding most of a letter's gaps, when it is a defect.
fn defect_cluster(gaps: &mut [f32], word_space: f32) -> Option<f32> {
    if gaps.len() < MIN_OCCURRENCES {
        return None;
    }
    gaps.sort_by(f32::total_cmp);
    // The densest window of width 2 × CLUSTER_HALF_EM (two pointers over sorted gaps).
    let (mut best, mut best_at) = (0usize, 0usize);
    let mut lo = 0;
    for hi in 0..gaps.len() {
        while gaps[hi] - gaps[lo] > 2.0 * CLUSTER_HALF_EM {
            lo += 1;
        }
        if hi + 1 - lo > best {
            (best, best_at) = (hi + 1 - lo, lo);
        }
    }
    let share = best as f32 / gaps.len() as f32;
    let centre = gaps[best_at + best / 2];
    (share >= MIN_CLUSTER_SHARE
        && centre >= MIN_DEFECT_EM
        && centre <= MAX_DEFECT_SHARE_OF_WORD_SPACE * word_space)
        .then_some(centre)
}
