//! The learned topic model: hashed n-gram features, a linear layer, calibration.
//!
//! A [`Model`] maps a text to a probability for each of its labels: the text's hashed
//! features ([`crate::features`]), weighted by sub-linear term frequency × idf and
//! L2-normalised, go through a multinomial logistic regression; the logits are divided
//! by a temperature fitted on held-out folds at training time, so probabilities are
//! calibrated; the classifier's reported scores go through a further monotone map per
//! score source (model or taxonomy back-off), fitted on the same folds (isotonic; older
//! files: logistic). Each label may name the taxonomy topic id it stands for, which is how
//! [`crate::Classifier`] joins the model with a taxonomy.
//!
//! ## File format (version 1)
//! All integers little-endian.
//! ```text
//! magic    8 bytes  "DECKTOPM"
//! version  u32      1
//! header   u32 length + UTF-8 JSON: labels, taxonomy ids, feature spec, calibration
//!                   (the score maps are optional: without them scores stay raw),
//!                   training summary
//! buckets  u32 count n, then n × u32, strictly increasing (the kept hash buckets)
//! idf      n × f32
//! scale    f32      weights are stored as i16 × scale
//! weights  n × labels × i16 (row per bucket)
//! bias     labels × f32
//! checksum u64      a 64-bit multiply-xor hash of every byte before it
//! ```
//! A file that is truncated, altered, of another version or inconsistent is a
//! [`ModelError`], never a panic: it is checked once when opened, and its arrays are
//! then read in place, never decoded ([`crate::arrays`]).

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::arrays::Arrays;
use crate::classifier::ScoreSource;
use crate::features::{FeatureSpec, Kind, Occurrence, tally, weigh, words};
use crate::linear::Weights;
use crate::normalize::Token;

/// The magic bytes a model file starts with.
pub const MAGIC: &[u8; 8] = b"DECKTOPM";
/// The model format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Why a model (or its training data) could not be read or made.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file is not a model file.
    #[error("not a deck-ingest topic model (bad magic bytes)")]
    NotAModel,
    /// The file is a model of another format version.
    #[error("model format version {found}, this build reads version {FORMAT_VERSION}")]
    Version {
        /// The version in the file.
        found: u32,
    },
    /// The file is damaged: truncated, altered or inconsistent.
    #[error("corrupt model: {0}")]
    Corrupt(String),
    /// A training line is unusable.
    #[error("line {line}: {message}")]
    Example {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Training needs at least two labels with examples.
    #[error("training needs at least two labels, found {0}")]
    TooFewLabels(usize),
    /// No usable examples.
    #[error("no training examples")]
    Empty,
    /// A bad training option.
    #[error("{0}")]
    Options(String),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// One label of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelLabel {
    /// The label as in the training data.
    pub name: String,
    /// The taxonomy topic id it stands for, if any (`None` for `other` and for labels
    /// no taxonomy topic matches: those are reported by their own name).
    pub taxonomy_id: Option<String>,
}

/// What a model file's header holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) labels: Vec<ModelLabel>,
    pub(crate) bits: u8,
    pub(crate) char_min: u8,
    pub(crate) char_max: u8,
    pub(crate) bigrams: bool,
    /// Logits are divided by this (fitted on held-out folds).
    pub(crate) temperature: f32,
    /// Weight of taxonomy evidence added to the logits (fitted on held-out folds).
    pub(crate) taxonomy_weight: f32,
    /// Logits of a text of `n` words are scaled by `n / (n + short_text)` (fitted on
    /// held-out text and its first few words): short text moves the model less.
    #[serde(default)]
    pub(crate) short_text: f32,
    /// Texts at least this long (in words) are like the training texts: nineteen in
    /// twenty training texts are.
    #[serde(default)]
    pub(crate) typical_words: u32,
    /// Maps from the classifier's raw scores to calibrated ones (fitted on held-out
    /// folds); absent in older files: scores as they are.
    #[serde(default)]
    pub(crate) score_calibration: ScoreCalibration,
    /// Least probability to name a topic (else `other`).
    pub(crate) min_confidence: f32,
    /// L2 strength the model was trained with.
    pub(crate) l2: f64,
    /// Examples it was trained on.
    pub(crate) examples: usize,
    /// Free text: where the training data came from and its licence.
    #[serde(default)]
    pub(crate) note: String,
}

/// A logistic map of a score `p`: `σ(slope · logit(p) + offset)` (Platt scaling).
/// Monotone, so it changes no ranking; slope 1 and offset 0 leave scores as they are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Platt {
    pub(crate) slope: f32,
    pub(crate) offset: f32,
}

impl Default for Platt {
    fn default() -> Self {
        Platt { slope: 1.0, offset: 0.0 }
    }
}

/// Scores this close to 0 or 1 are taken as that far from it before the logit.
pub(crate) const SCORE_EPSILON: f64 = 1e-6;

impl Platt {
    pub(crate) fn apply(&self, p: f32) -> f32 {
        if self.slope == 1.0 && self.offset == 0.0 {
            return p;
        }
        let z = f64::from(self.slope) * logit(f64::from(p)) + f64::from(self.offset);
        sigmoid(z) as f32
    }
}

/// `1 / (1 + e^−z)`, the inverse of [`logit`].
pub(crate) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `ln(p / (1 − p))`, with `p` kept [`SCORE_EPSILON`] inside (0, 1).
pub(crate) fn logit(p: f64) -> f64 {
    let p = p.clamp(SCORE_EPSILON, 1.0 - SCORE_EPSILON);
    (p / (1.0 - p)).ln()
}

/// The score maps of a model: for the model + taxonomy posterior and for the
/// taxonomy back-off (see [`crate::Classifier::classify`]). Files from before the
/// isotonic maps carry the logistic ones only.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct ScoreCalibration {
    pub(crate) model: Platt,
    pub(crate) back_off: Platt,
    /// Where present, these maps replace the logistic ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) isotonic: Option<IsotonicMaps>,
}

/// One isotonic map per score source (see [`Isotonic`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct IsotonicMaps {
    pub(crate) model: Isotonic,
    pub(crate) back_off: Isotonic,
}

/// A monotone map of a score, piecewise linear through knots (raw score, how often
/// right), flat beyond the first and last; no knots leave scores as they are.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Isotonic {
    pub(crate) knots: Vec<(f32, f32)>,
}

impl Isotonic {
    pub(crate) fn apply(&self, p: f32) -> f32 {
        let k = &self.knots;
        let (Some(first), Some(last)) = (k.first(), k.last()) else { return p };
        if p <= first.0 {
            return first.1;
        }
        if p >= last.0 {
            return last.1;
        }
        // The first knot right of p (exists: p < last.0), and the one before it.
        let i = k.partition_point(|x| x.0 <= p).clamp(1, k.len() - 1);
        let ((x0, y0), (x1, y1)) = (k[i - 1], k[i]);
        y0 + (y1 - y0) * (p - x0) / (x1 - x0)
    }

    /// Knots in [0, 1], scores strictly and values weakly increasing.
    fn is_valid(&self) -> bool {
        let unit = |v: f32| (0.0..=1.0).contains(&v);
        self.knots.iter().all(|&(x, y)| unit(x) && unit(y))
            && self.knots.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1)
    }
}

/// A trained topic model (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) header: Header,
    /// Buckets, idf, weights and biases, read in place from the file's bytes.
    arrays: Arrays,
}

/// The default model's bytes (see `data/SOURCE.md` for how they are made).
const EMBEDDED: &[u8] = include_bytes!("../data/topics.model");

/// Evidence words kept per label (the classifier shows fewer).
const MAX_EVIDENCE_WORDS: usize = 12;

/// A text's logits, with what made them (for [`Model::evidence`]).
#[derive(Debug, Clone)]
pub(crate) struct Scored<'t> {
    /// Calibrated logits (before the taxonomy is added), per label.
    pub(crate) logits: Vec<f32>,
    /// How many of the text's words the model has seen in training.
    pub(crate) known_words: usize,
    /// How many words the text has.
    pub(crate) words: usize,
    /// The text's words.
    ws: Vec<Token<'t>>,
    /// The feature occurrences whose bucket the model keeps, with its kept index.
    kept: Vec<(Occurrence, u32)>,
    /// The weighted feature vector, over kept indices.
    x: Vec<(u32, f32)>,
}

impl Model {
    /// A model of its parts; `buckets` strictly increasing and below `2^header.bits`,
    /// `weights` row per bucket. The weights are kept as the file stores them (i16 ×
    /// scale), so a model in memory predicts exactly as the same model saved and loaded.
    pub(crate) fn new(
        header: Header,
        buckets: &[u32],
        idf: &[f32],
        weights: &Weights,
    ) -> Result<Model, ModelError> {
        let bytes = Arrays::encode(buckets, idf, &weights.weights, &weights.bias);
        let end = bytes.len();
        let arrays = Arrays::open(Cow::Owned(bytes), 0, end, header.labels.len(), header.bits)?;
        Ok(Model { header, arrays })
    }

    /// The default model, trained on Norwegian law and regulation passages (see
    /// `data/SOURCE.md`); opened on first use, once per process, and read in place
    /// from the binary's own bytes.
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            // A build whose embedded model does not load is broken; the tests check it.
            Model::from_static(EMBEDDED).unwrap_or_else(|e| panic!("embedded model: {e}"))
        })
    }

    /// The embedded model's file bytes.
    pub fn embedded_bytes() -> &'static [u8] {
        EMBEDDED
    }

    /// The model's labels, in its internal order.
    pub fn labels(&self) -> &[ModelLabel] {
        &self.header.labels
    }

    /// The note saved with the model (source and licence of its training data).
    pub fn note(&self) -> &str {
        &self.header.note
    }

    /// The short-text constant `n0` of the calibration: a text of `n` words moves the
    /// model by `n / (n + n0)` of a long text's logits.
    pub fn short_text(&self) -> f32 {
        self.header.short_text
    }

    /// Length in words from which a text is like the model's training texts (19 in 20
    /// of them are at least this long).
    pub fn typical_words(&self) -> usize {
        self.header.typical_words as usize
    }

    /// A classifier score from `source` as a calibrated probability (see
    /// [`crate::Classifier::classify`]).
    pub(crate) fn calibrate(&self, score: f32, source: ScoreSource) -> f32 {
        let c = &self.header.score_calibration;
        match (source, &c.isotonic) {
            (ScoreSource::Model, Some(iso)) => iso.model.apply(score),
            (ScoreSource::BackOff, Some(iso)) => iso.back_off.apply(score),
            (ScoreSource::Model, None) => c.model.apply(score),
            (ScoreSource::BackOff, None) => c.back_off.apply(score),
        }
    }

    /// Least probability for the classifier to name a topic.
    pub fn min_confidence(&self) -> f32 {
        self.header.min_confidence
    }

    /// The calibration temperature and the weight given to taxonomy evidence (the
    /// logits of a text of `n` words are `z / temperature × n / (n + short_text)`, see
    /// [`Model::short_text`], plus `weight × W` for taxonomy evidence `W`).
    pub fn calibration(&self) -> (f32, f32) {
        (self.header.temperature, self.header.taxonomy_weight)
    }

    pub(crate) fn spec(&self) -> FeatureSpec {
        FeatureSpec {
            bits: self.header.bits,
            char_min: self.header.char_min,
            char_max: self.header.char_max,
            bigrams: self.header.bigrams,
        }
    }

    /// Calibrated probabilities of the model's labels for a text (summing to 1), from
    /// the text alone (no taxonomy evidence; [`crate::Classifier`] adds it).
    pub fn predict(&self, text: &str) -> Vec<f32> {
        let mut z: Vec<f64> = self.score(text).logits.iter().map(|&v| f64::from(v)).collect();
        crate::linear::softmax(&mut z);
        z.into_iter().map(|v| v as f32).collect()
    }

    /// Logits of a text, and what [`Model::evidence`] needs.
    pub(crate) fn score<'t>(&self, text: &'t str) -> Scored<'t> {
        self.score_words(words(text))
    }

    /// Logits of a text's [`words`], and what [`Model::evidence`] needs.
    pub(crate) fn score_words<'t>(&self, ws: Vec<Token<'t>>) -> Scored<'t> {
        let occ: Vec<Occurrence> = self.spec().occurrences(&ws);
        let mut known = vec![false; ws.len()];
        let mut kept: Vec<(Occurrence, u32)> = Vec::with_capacity(occ.len());
        for o in occ {
            if let Some(i) = self.arrays.index_of(o.bucket) {
                if o.kind == Kind::Word {
                    known[o.word] = true;
                }
                kept.push((o, i));
            }
        }
        let counts = tally(kept.iter().map(|(_, i)| *i).collect());
        let x = weigh(&counts, |i| self.arrays.idf(i));
        let t = self.header.temperature.max(1e-3);
        let g = crate::train::length_factor(ws.len(), self.header.short_text);
        let logits: Vec<f32> = self.arrays.logits(&x).into_iter().map(|z| z / t * g).collect();
        Scored {
            logits,
            known_words: known.iter().filter(|k| **k).count(),
            words: ws.len(),
            ws,
            kept,
            x,
        }
    }

    /// Per label asked for, the words of a scored text that pushed it up most, with
    /// their weight (at most [`MAX_EVIDENCE_WORDS`]). Computed only for the labels a
    /// caller reports: it costs as much as scoring, per label.
    pub(crate) fn evidence(&self, s: &Scored<'_>, labels: &[usize]) -> Vec<Vec<(String, f32)>> {
        let ws = &s.ws;
        let k = self.header.labels.len();
        // One entry per distinct word (its first occurrence), content words only.
        let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut slot = vec![None; ws.len()];
        for (wi, w) in ws.iter().enumerate() {
            if w.key.chars().count() >= 3 && !crate::language::is_function_word(&w.key) {
                slot[wi] = Some(*first.entry(w.key.as_str()).or_insert(wi));
            }
        }
        let mut per_word = vec![0.0f32; ws.len()];
        let mut sums = vec![0.0f32; ws.len()];
        let mut row: Vec<f32> = Vec::with_capacity(k);
        let mut out = Vec::with_capacity(labels.len());
        for &label in labels {
            if label >= k {
                out.push(Vec::new());
                continue;
            }
            // Each word's contribution to the label: the sum over its features of
            // value × (weight − mean weight over labels), so evidence is what sets a
            // label apart, not what every label shares.
            per_word.iter_mut().for_each(|v| *v = 0.0);
            for (o, i) in &s.kept {
                let Ok(at) = s.x.binary_search_by_key(i, |e| e.0) else { continue };
                let (v, i) = (s.x[at].1, *i as usize);
                row.clear();
                row.extend(self.arrays.row(i));
                let mean = row.iter().sum::<f32>() / k as f32;
                let c = row.get(label).map_or(0.0, |w| w - mean);
                // A bigram's weight is shared by its two words.
                let (share, next) = match o.kind {
                    Kind::Bigram if o.word + 1 < ws.len() => (0.5, Some(o.word + 1)),
                    _ => (1.0, None),
                };
                for w in std::iter::once(o.word).chain(next) {
                    per_word[w] += share * v * c;
                }
            }
            sums.iter_mut().for_each(|v| *v = 0.0);
            for (wi, contrib) in per_word.iter().enumerate() {
                if let Some(f) = slot[wi] {
                    sums[f] += contrib;
                }
            }
            let mut cands: Vec<(String, f32)> = sums
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0.0)
                .map(|(wi, &c)| (ws[wi].surface.to_owned(), c))
                .collect();
            cands.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            cands.truncate(MAX_EVIDENCE_WORDS);
            out.push(cands);
        }
        out
    }

    /// The model file's bytes (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).unwrap_or_default();
        let section = self.arrays.section();
        let mut out = Vec::with_capacity(28 + header.len() + section.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(section);
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model file's bytes (see the module docs), keeping a copy of them.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        Model::open(Cow::Owned(bytes.to_vec()))
    }

    /// A model over bytes that live as long as the program (an `include_bytes!`),
    /// read in place: nothing is copied or decoded.
    pub fn from_static(bytes: &'static [u8]) -> Result<Model, ModelError> {
        Model::open(Cow::Borrowed(bytes))
    }

    /// Checks a model file's bytes once and keeps them as the model's arrays.
    fn open(bytes: Cow<'static, [u8]>) -> Result<Model, ModelError> {
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if version != FORMAT_VERSION {
            return Err(ModelError::Version { found: version });
        }
        let corrupt = |m: &str| ModelError::Corrupt(m.to_owned());
        let (body, sum) =
            bytes.split_at(bytes.len().checked_sub(8).ok_or_else(|| corrupt("truncated"))?);
        if sum != checksum(body).to_le_bytes() {
            return Err(corrupt("checksum mismatch (truncated or altered)"));
        }
        let mut r = Reader { bytes: body, at: 12 };
        let hlen = r.u32()? as usize;
        let header: Header = serde_json::from_slice(r.take(hlen)?)
            .map_err(|e| ModelError::Corrupt(format!("header: {e}")))?;
        let k = header.labels.len();
        if k < 2 {
            return Err(corrupt("fewer than two labels"));
        }
        if !(1..=28).contains(&header.bits)
            || header.char_min == 0
            || header.char_min > header.char_max
            || header.char_max > 12
        {
            return Err(corrupt("feature settings out of range"));
        }
        let numbers_ok = header.temperature.is_finite()
            && header.temperature > 0.0
            && header.taxonomy_weight.is_finite()
            && header.short_text.is_finite()
            && header.short_text >= 0.0
            && [header.score_calibration.model, header.score_calibration.back_off]
                .iter()
                .all(|p| p.slope.is_finite() && p.slope > 0.0 && p.offset.is_finite())
            && header
                .score_calibration
                .isotonic
                .as_ref()
                .is_none_or(|m| m.model.is_valid() && m.back_off.is_valid());
        if !numbers_ok || !(0.0..=1.0).contains(&header.min_confidence) {
            return Err(corrupt("non-finite or out-of-range numbers"));
        }
        let (start, end) = (r.at, body.len());
        let arrays = Arrays::open(bytes, start, end, k, header.bits)?;
        Ok(Model { header, arrays })
    }

    /// Reads a model file into one buffer, checked once and then read in place.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let bytes = std::fs::read(path)
            .map_err(|source| ModelError::Io { path: path.to_owned(), source })?;
        Model::open(Cow::Owned(bytes))
    }
}

/// A fast 64-bit hash of the file (8 bytes at a time) to catch truncation and damage;
/// not a cryptographic signature.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ v).wrapping_mul(0x0000_0100_0000_01b3);
        h ^= h >> 31;
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ bytes.len() as u64
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if n > self.left() {
            return Err(ModelError::Corrupt("truncated".into()));
        }
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}
