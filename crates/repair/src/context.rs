//! Word-pair context: how much more (or less) likely a word is right after another one
//! than anywhere, from Norwegian or English training text (see `data/SOURCE.md`; one
//! table per language, the same format). It is what tells
//! "ressurs er det" (a noun, then the verb) from "ressurser det": both readings are
//! words, and a unigram model always prefers the one with fewer words.
//!
//! The estimate is Witten–Bell smoothing: P(w | v) = (c(v,w) + B(v)·P(w)) / D(v), with
//! D(v) = c(v) + T(v) (pairs plus distinct followers) and B(v) the back-off mass
//! (distinct followers, plus the pairs seen once, which the data leaves out). The
//! *lift* log10 P(w | v) / P(w) is what the decision adds per word pair; P(w) is the
//! corpus's own right-word frequency, so the lift is an association, not a second
//! unigram score. A left word the table lacks (rare in the training text, or never seen:
//! most unlisted compounds) takes the statistics of the class `<rare>`, the left words
//! that keep no pair, counted together: rare words are followed by "og", "er" and "i"
//! more often than the average word is, which is what "verdighet er krenket" against
//! "verdigheter krenket" turns on. Data without the class gives such a word lift 0.

use crate::table::{self, Table};

/// Largest lift magnitude (log10): counts from under a million words say "these two go
/// together" or "never seen together", not more.
const MAX_LIFT: f32 = 1.5;

/// The rare class's word (`RARE_LEFT` in `data/build_lexicon.py`): no token's word has
/// brackets, so no word shares its key.
const RARE_LEFT: &str = "<rare>";

/// Counts by quantized byte, computed once per process.
fn count(q: u32) -> f32 {
    static COUNTS: std::sync::LazyLock<[f32; 256]> =
        std::sync::LazyLock::new(table::dequantize_table);
    COUNTS[(q & 0xFF) as usize]
}

/// The pair tables (empty when built without context data).
#[derive(Clone, Default)]
pub(crate) struct Context {
    pub(crate) words: Table,
    pub(crate) pairs: Table,
    /// Word pairs counted in the training text.
    pub(crate) total_pairs: f32,
    /// The rare class's statistics, looked up once: on the worst-case bench three in
    /// five left words take them (62,832 of 100,016 lookups, callgrind).
    pub(crate) rare: std::sync::OnceLock<Option<Left>>,
}

/// What the context data knows about a word as the left one of a pair.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Left {
    key: u64,
    /// D(v): pairs plus distinct followers.
    d: f32,
    /// B(v): back-off mass.
    b: f32,
    /// The lift of any word never seen after this one (most pairs looked up), computed
    /// once per left word rather than once per pair.
    unseen: f32,
}

impl Context {
    /// Built from the TSV records `data/build_lexicon.py` writes.
    pub(crate) fn from_tsv(text: &str) -> Result<Context, usize> {
        let built = table::build_context_from_tsv(text)?;
        Ok(Context {
            words: Table::from_slots(&built.word_slots, built.word_bits),
            pairs: Table::from_slots(&built.pair_slots, built.pair_bits),
            total_pairs: built.total_pairs as f32,
            rare: std::sync::OnceLock::new(),
        })
    }

    /// The left-word statistics of the word under `key` ([`crate::lexicon::key`]): its
    /// own where the data has pairs starting with it, else those of the rare class.
    pub(crate) fn left(&self, key: u64) -> Option<Left> {
        self.known_left(key)
            .or_else(|| *self.rare.get_or_init(|| self.known_left(crate::lexicon::key(RARE_LEFT))))
    }

    fn known_left(&self, key: u64) -> Option<Left> {
        let v = self.words.get(key)?;
        let d = count(v);
        (d > 0.0).then(|| {
            let b = count(v >> 8);
            Left { key, d, b, unseen: Self::clamped_lift(0.0, b, d) }
        })
    }

    /// Whether the training text has the pair `left right` (by their words' keys) at
    /// least twice (pairs seen once are left out of the data).
    pub(crate) fn has_pair(&self, left: u64, right: u64) -> bool {
        self.pairs.get(table::pair_hash(left, right)).is_some()
    }

    /// log10 P(right | left) / P(right), within ±[`MAX_LIFT`].
    pub(crate) fn lift(&self, left: Left, right: u64) -> f32 {
        let pair = self.pairs.get(table::pair_hash(left.key, right));
        let seen = match pair {
            Some(c) => {
                let r = self.words.get(right).map_or(0.0, |v| count(v >> 16));
                if r > 0.0 { c as f32 * self.total_pairs / r } else { 0.0 }
            }
            None => 0.0,
        };
        if seen == 0.0 {
            return left.unseen;
        }
        Self::clamped_lift(seen, left.b, left.d)
    }

    /// log10 of the Witten–Bell ratio, within ±[`MAX_LIFT`].
    fn clamped_lift(seen: f32, b: f32, d: f32) -> f32 {
        ((seen + b) / d).log10().clamp(-MAX_LIFT, MAX_LIFT)
    }
}
