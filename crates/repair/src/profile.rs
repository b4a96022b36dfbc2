//! The document's defect profile: after which letters its spurious breaks occur.
//!
//! The defect comes from fonts whose advance widths are wrong for a few letters, so it
//! is a property of the document (of its fonts), not of the language: in one deck almost
//! every split follows an `s`, in another an `r` or an `å`. The profile is learned from
//! the document's own high-confidence repairs and then sharpens the uncertain ones
//! (two rounds of expectation–maximisation). A document without the defect yields no
//! confident repairs, a flat and very low prior, and so comes out unchanged.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use crate::candidates::Slot;

/// Prior probability of a spurious break used to find the first, lexically obvious repairs.
const INITIAL_RATE: f32 = 0.05;
/// Prior for any letter in a document that shows no defect at all.
const CLEAN_RATE: f32 = 1e-4;
/// Prior for letters without evidence in a document that does show the defect (fonts
/// differ per style, so other letters may be affected in places).
const DEFECTIVE_DOC_RATE: f32 = 0.01;
/// A letter is "defective" once confident repairs after it join this many different word
/// pairs (two made clean documents "defective" on chance pairs of quoted English or
/// names). Different pairs, not occurrences: a font's wrong advance splits whatever
/// words hold the letter, while one spelling an author repeats ("per cent" eighteen
/// times in a clean English report) is one piece of evidence, however often it recurs…
const MIN_REPAIRS: usize = 3;
/// …and they are at least this share of the breaks after it.
const MIN_SHARE: f32 = 0.04;

/// Highest rate a letter can get, as log10 odds: no letter is split after every time.
const MAX_RATE: f32 = 0.95;
/// [`MAX_RATE`] as log10 odds (bounds what a join can gain from the prior).
pub(crate) const MAX_ODDS: f32 = 1.2788;

/// Per-letter log10 odds that a break after the letter is spurious.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    odds: LetterMap,
    default: f32,
    /// Set on text with geometry, where geometry has already said which spaces may be
    /// spurious: every such space gets the default, guarded ones too.
    geometric: bool,
    /// Per defective letter and closing mark spaced after it: the confidence that the
    /// space is the defect's doing, not the author's (`punct::ClosingStats`).
    closing: Vec<(char, char, f32)>,
}

/// Letters to log10 odds: asked for every space of every pass, so Latin-1 letters (all
/// of Norwegian and English) are a direct index; others are searched in a short list.
#[derive(Debug, Clone)]
struct LetterMap {
    /// NaN where a letter has no entry.
    latin1: [f32; 256],
    other: Vec<(char, f32)>,
    len: usize,
}

impl LetterMap {
    fn new() -> Self {
        LetterMap { latin1: [f32::NAN; 256], other: Vec::new(), len: 0 }
    }

    fn insert(&mut self, c: char, v: f32) {
        match usize::try_from(u32::from(c)).ok().and_then(|i| self.latin1.get_mut(i)) {
            Some(slot) => {
                self.len += usize::from(slot.is_nan());
                *slot = v;
            }
            None => match self.other.iter_mut().find(|(k, _)| *k == c) {
                Some(e) => e.1 = v,
                None => {
                    self.other.push((c, v));
                    self.len += 1;
                }
            },
        }
    }

    fn get(&self, c: &char) -> Option<f32> {
        match usize::try_from(u32::from(*c)).ok().and_then(|i| self.latin1.get(i)) {
            Some(v) => (!v.is_nan()).then_some(*v),
            None => self.other.iter().find(|(k, _)| k == c).map(|e| e.1),
        }
    }

    fn contains_key(&self, c: &char) -> bool {
        self.get(c).is_some()
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn iter(&self) -> impl Iterator<Item = (char, f32)> + '_ {
        let latin = self.latin1.iter().enumerate().filter(|(_, v)| !v.is_nan());
        latin
            .filter_map(|(i, v)| Some((char::from(u8::try_from(i).ok()?), *v)))
            .chain(self.other.iter().copied())
    }
}

/// A count per letter, as a `BTreeMap<char, u32>` whose entries are never 0 would keep it:
/// counted for every space (the profile's breaks) or every character (`punct`), where the
/// map's entry lookup cost 3 % of the worst-case bench's instructions, so Latin-1 letters
/// (all of Norwegian and English) are a direct index and others go to a map.
#[derive(Debug, Clone)]
pub(crate) struct LetterCounts {
    latin1: [u32; 256],
    other: BTreeMap<char, u32>,
}

impl Default for LetterCounts {
    fn default() -> Self {
        LetterCounts { latin1: [0; 256], other: BTreeMap::new() }
    }
}

impl LetterCounts {
    /// Adds `n` to the count of `c`.
    pub(crate) fn add(&mut self, c: char, n: u32) {
        match usize::try_from(u32::from(c)).ok().and_then(|i| self.latin1.get_mut(i)) {
            Some(slot) => *slot += n,
            None => *self.other.entry(c).or_default() += n,
        }
    }

    /// The count of `c`; `None` when nothing was counted for it (as a map would say).
    pub(crate) fn get(&self, c: char) -> Option<u32> {
        let n = match usize::try_from(u32::from(c)).ok().and_then(|i| self.latin1.get(i)) {
            Some(&n) => n,
            None => self.other.get(&c).copied().unwrap_or(0),
        };
        (n > 0).then_some(n)
    }
}

/// Counts gathered from one pass over the document.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    /// Joinable breaks after each letter.
    pub(crate) breaks: LetterCounts,
    /// Confident repairs after each letter.
    pub(crate) repairs: BTreeMap<char, u32>,
    /// The different word pairs those repairs join, per letter (keys of the two words).
    pub(crate) pairs: BTreeMap<char, FxHashSet<(u64, u64)>>,
}

/// log10 odds of a probability.
pub(crate) fn log_odds(p: f32) -> f32 {
    (p / (1.0 - p)).log10()
}

impl Profile {
    /// The flat prior of the first pass.
    pub(crate) fn initial() -> Self {
        Profile {
            odds: LetterMap::new(),
            default: log_odds(INITIAL_RATE),
            geometric: false,
            closing: Vec::new(),
        }
    }

    /// The profile of text with geometry: even odds for every space geometry left open
    /// (its own vote comes on top), none for the others.
    pub(crate) fn geometric() -> Self {
        Profile { odds: LetterMap::new(), default: 0.0, geometric: true, closing: Vec::new() }
    }

    /// Re-estimates the profile from a pass's counts; `closing` as in the field.
    pub(crate) fn learn(counts: &Counts, closing: Vec<(char, char, f32)>) -> Self {
        let mut odds = LetterMap::new();
        for (&letter, &repairs) in &counts.repairs {
            let breaks = counts.breaks.get(letter).unwrap_or(repairs).max(repairs);
            let share = repairs as f32 / breaks as f32;
            let pairs = counts.pairs.get(&letter).map_or(0, FxHashSet::len);
            if pairs >= MIN_REPAIRS && share >= MIN_SHARE {
                // Smoothed toward one half so a handful of cases cannot give certainty.
                let rate = (repairs as f32 + 0.5) / (breaks as f32 + 1.0);
                odds.insert(letter, log_odds(rate.clamp(0.02, MAX_RATE)));
            }
        }
        let default = if odds.is_empty() { CLEAN_RATE } else { DEFECTIVE_DOC_RATE };
        Profile { odds, default: log_odds(default), geometric: false, closing }
    }

    /// log10 odds that a break after `letter` is spurious.
    pub(crate) fn odds(&self, letter: char) -> f32 {
        self.odds.get(&letter).unwrap_or(self.default)
    }

    /// log10 odds that the space of `slot` is spurious.
    pub(crate) fn slot_odds(&self, slot: &Slot) -> f32 {
        if slot.guarded && !self.geometric {
            // This very letter, in this case. Without an entry the default still lets the
            // decision weigh the reading (else "og h ar" would make "ogh" for want of
            // "har"), but [`Profile::may_apply`] keeps it from being applied.
            return self.odds.get(&slot.letter).unwrap_or(self.default);
        }
        self.odds(slot.letter)
    }

    /// Whether a repair may remove the space of `slot`: one beside a lone letter only
    /// where the document is known to split after this very letter.
    pub(crate) fn may_apply(&self, slot: &Slot) -> bool {
        !slot.guarded || self.geometric || self.odds.get(&slot.letter).is_some()
    }

    /// Whether the document shows the defect at all (for text with geometry, geometry
    /// has already closed every space that shows none).
    pub(crate) fn any_defect(&self) -> bool {
        self.geometric || !self.odds.is_empty()
    }

    /// Whether the document shows the defect after `letter`.
    pub(crate) fn is_defective(&self, letter: char) -> bool {
        self.geometric || self.odds.contains_key(&letter)
    }

    /// Confidence that closing `mark` spaced from `letter` is the defect's doing: certain
    /// with geometry (which has already judged the space), none after a letter the
    /// document shows no split after.
    pub(crate) fn closing_confidence(&self, letter: char, mark: char) -> Option<f32> {
        if self.geometric {
            return Some(1.0);
        }
        self.closing.iter().find(|(c, m, _)| *c == letter && *m == mark).map(|e| e.2)
    }

    /// The defective letters and their spurious-break rates, most affected first.
    pub(crate) fn letters(&self) -> Vec<(char, f32)> {
        let mut v: Vec<(char, f32)> = self
            .odds
            .iter()
            .map(|(c, o)| {
                let odds = 10f32.powf(o);
                (c, odds / (1.0 + odds))
            })
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}
