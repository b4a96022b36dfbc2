//! Hashed word and character n-gram features of a text.
//!
//! Words are the crate's folded tokens ([`crate::normalize::tokens`]: lower case, æ → ae,
//! ø → oe, å → aa, other diacritics dropped), so Bokmål, Nynorsk and ASCII spellings of
//! one word meet. Numbers are dropped (years and section numbers say nothing about a
//! topic). From the remaining words come
//! - word unigrams and bigrams of consecutive words;
//! - character 3- to 5-grams of each word with its boundaries (" buss", "ss "): these
//!   carry the parts of Norwegian closed compounds ("nullutslippsbusser" shares "buss"
//!   with "bussrute") and inflections ("skolen", "skulane") without a word list.
//!
//! Each feature is hashed (64-bit FNV-1a of a kind tag and the text) into one of
//! `2^bits` buckets; a text becomes a sparse vector of bucket counts. Hashing keeps the
//! model's size independent of the vocabulary and needs no vocabulary at run time.

use crate::normalize::{Token, tokens};

/// Which features to extract and how many buckets they hash into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FeatureSpec {
    /// `2^bits` buckets.
    pub(crate) bits: u8,
    /// Shortest and longest character n-gram.
    pub(crate) char_min: u8,
    pub(crate) char_max: u8,
    /// Whether word bigrams are features.
    pub(crate) bigrams: bool,
}

impl Default for FeatureSpec {
    fn default() -> Self {
        FeatureSpec { bits: 18, char_min: 3, char_max: 5, bigrams: true }
    }
}

/// A feature's kind, hashed with its text so "buss" the word and "buss" the n-gram differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word = 1,
    Bigram = 2,
    Char = 3,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// 64-bit FNV-1a, fed piece by piece.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(pub(crate) u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Fnv(FNV_OFFSET)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }
}

/// The words that make features: folded tokens that are not numbers.
pub(crate) fn words<'t>(text: &'t str) -> Vec<Token<'t>> {
    tokens(text).into_iter().filter(is_feature_word).collect()
}

/// Whether a token makes features: it is not a number.
pub(crate) fn is_feature_word(t: &Token<'_>) -> bool {
    !t.key.chars().all(|c| c.is_ascii_digit())
}

/// One feature occurrence: its bucket, its kind and the token it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub(crate) bucket: u32,
    pub(crate) kind: Kind,
    /// Index of the (first) word in [`words`].
    pub(crate) word: usize,
}

impl FeatureSpec {
    fn bucket(&self, h: Fnv) -> u32 {
        // Fold the high bits in: FNV's low bits mix less well.
        let x = h.0 ^ (h.0 >> 29) ^ (h.0 >> 47);
        (x & ((1u64 << self.bits) - 1)) as u32
    }

    /// Every feature occurrence of a run of words, in text order.
    pub(crate) fn occurrences(&self, words: &[Token<'_>]) -> Vec<Occurrence> {
        let mut out = Vec::with_capacity(words.len() * 12);
        let mut padded: Vec<u8> = Vec::with_capacity(32);
        let mut starts: Vec<usize> = Vec::with_capacity(32);
        // The hash state after each kind's tag, the same for every feature of a kind.
        let tagged = |kind: Kind| {
            let mut h = Fnv::new();
            h.write(&[kind as u8]);
            h
        };
        let (word_h, bigram_h, char_h) =
            (tagged(Kind::Word), tagged(Kind::Bigram), tagged(Kind::Char));
        for (i, w) in words.iter().enumerate() {
            let mut h = word_h;
            h.write(w.key.as_bytes());
            out.push(Occurrence { bucket: self.bucket(h), kind: Kind::Word, word: i });
            if self.bigrams
                && let Some(next) = words.get(i + 1)
            {
                let mut h = bigram_h;
                h.write(w.key.as_bytes());
                h.write(b" ");
                h.write(next.key.as_bytes());
                out.push(Occurrence { bucket: self.bucket(h), kind: Kind::Bigram, word: i });
            }
            // Character n-grams over the word with a boundary mark on each side. The
            // folded key is ASCII for Norwegian and English text (each byte a
            // character); other scripts are cut at character boundaries.
            padded.clear();
            padded.push(b' ');
            padded.extend_from_slice(w.key.as_bytes());
            padded.push(b' ');
            starts.clear();
            if padded.is_ascii() {
                starts.extend(0..=padded.len());
            } else {
                let Ok(s) = std::str::from_utf8(&padded) else { continue };
                starts.extend(s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())));
            }
            let n_chars = starts.len() - 1;
            for n in usize::from(self.char_min)..=usize::from(self.char_max) {
                if n > n_chars {
                    break;
                }
                for a in 0..=n_chars - n {
                    let mut h = char_h;
                    h.write(&padded[starts[a]..starts[a + n]]);
                    out.push(Occurrence { bucket: self.bucket(h), kind: Kind::Char, word: i });
                }
            }
        }
        out
    }

    /// The text as sorted (bucket, count) pairs.
    pub(crate) fn counts(&self, text: &str) -> Vec<(u32, f32)> {
        let ws = words(text);
        tally(self.occurrences(&ws).into_iter().map(|o| o.bucket).collect())
    }
}

/// Sorted (value, count) pairs of `values`.
pub(crate) fn tally(mut values: Vec<u32>) -> Vec<(u32, f32)> {
    values.sort_unstable();
    let mut out: Vec<(u32, f32)> = Vec::with_capacity(values.len());
    for v in values {
        match out.last_mut() {
            Some((last, c)) if *last == v => *c += 1.0,
            _ => out.push((v, 1.0)),
        }
    }
    out
}

/// Sub-linear term frequency times a bucket's weight (its idf), L2-normalised: long
/// texts do not score higher for being long, and a word said ten times is not ten
/// times the evidence.
pub(crate) fn weigh(counts: &[(u32, f32)], idf: impl Fn(u32) -> Option<f32>) -> Vec<(u32, f32)> {
    let mut out: Vec<(u32, f32)> =
        counts.iter().filter_map(|&(b, c)| idf(b).map(|w| (b, (1.0 + c.ln()) * w))).collect();
    let norm = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, v) in &mut out {
            *v /= norm;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_stable_and_fold_spellings() {
        let spec = FeatureSpec::default();
        assert_eq!(spec.counts("Trøndelag"), spec.counts("TROENDELAG"));
        assert_ne!(spec.counts("buss"), spec.counts("bus"));
        // Numbers say nothing: dropped.
        assert_eq!(spec.counts("buss 2025"), spec.counts("buss"));
        // " buss", "buss", "buss ", ... : a compound shares n-grams with its part.
        let a: Vec<u32> = spec.counts("nullutslippsbusser").into_iter().map(|x| x.0).collect();
        let b: Vec<u32> = spec.counts("buss").into_iter().map(|x| x.0).collect();
        assert!(b.iter().filter(|x| a.contains(x)).count() >= 3, "{a:?} {b:?}");
        assert!(spec.counts("").is_empty());
    }

    #[test]
    fn weighing_normalises() {
        let v = weigh(&[(1, 1.0), (2, 3.0)], |_| Some(1.0));
        let norm: f32 = v.iter().map(|x| x.1 * x.1).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert!(v[1].1 > v[0].1);
        assert!(weigh(&[(1, 1.0)], |_| None).is_empty());
    }
}
