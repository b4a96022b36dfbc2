//! Training a [`Model`] from labelled JSON Lines, and grouped cross-validation.
//!
//! Training is deterministic: examples keep their file order, labels are sorted, folds
//! come from a hash of each group's name, and the optimiser has no randomness, so the
//! same data and options give the same model bytes. The calibration folds (and the
//! folds of [`cross_validate`]) train in parallel as rayon tasks, joined in fold
//! order, so the thread count changes no byte either.
//!
//! Steps: hash every example's features; keep buckets seen in at least `min_df`
//! examples, with idf `ln((1 + N) / (1 + df)) + 1`; fit the logistic regression with each
//! label's examples weighted so labels count equally (macro-F1 is what matters, and two
//! topics have a tenth of the others' examples); then fit the calibration on held-out
//! folds of the training data itself: the model is retrained without each fold, and a
//! temperature and the weight of taxonomy evidence are chosen to minimise the
//! held-out log-loss. Those two are fitted inside every training, on its own data, so
//! a cross-validation of `train` is nested: its test folds never shape them.
//!
//! The calibration is fitted on the held-out texts and on their first 2, 4, 8 and 16
//! words, with a third parameter `n0` that scales the logits of an `n`-word text by
//! `n / (n + n0)`, so the model's probabilities stay calibrated on short text.
//!
//! Last, each held-out fold's model, so calibrated, classifies its held-out texts
//! through the whole classifier (model, taxonomy evidence and back-off), and an
//! isotonic map of the top score is fitted per score source on whether the top topic
//! was right: the temperature makes the model's own probabilities calibrated, but the
//! classifier's decisions (the taxonomy deciding where the model is unsure) select
//! which of them are reported, and those came out overconfident (grouped 5-fold CV on
//! the development set: scores 0.5–0.8 right 0.05–0.10 less often than they said; a
//! logistic map, Platt scaling, left 0.4–0.8 still 0.05–0.09 over). The maps are
//! monotone and applied after every decision, so they change no topic, only its score.
//! With the isotonic maps, grouped 5-fold CV puts every tenth of the top score within
//! 0.03 of how often it was right (0.2–1.0; macro-F1 unchanged, 0.678).
//!
//! The fixed settings (2^18 buckets, buckets in at least 3 examples, λ = 1e-4, word
//! bigrams, character 3–5-grams, at most 100 iterations) were compared with a handful
//! of others by grouped 5-fold cross-validation on the development set (λ 3e-5; 2^20
//! buckets with 2 examples; each feature kind normalised apart; taxonomy evidence as
//! learned input features): all came within 0.02 macro-F1 of each other or were worse,
//! and the smaller, faster settings were kept. A second comparison outside the
//! project (scikit-learn, grouped 5-fold by document, hyperparameters chosen by an
//! inner grouped 3-fold inside each outer training fold, TF-IDF with sub-linear tf,
//! L2-normalised word 1–2-grams and character 2–5-grams within words, balanced labels;
//! models alone, no taxonomy) gave macro-F1 0.689 for a linear SVM and 0.674 for
//! complement naive Bayes: no linear recipe came near 0.75 on documents held out, so
//! the logistic regression (calibrated probabilities without an extra fit) was kept.
//! Tried since and not kept (grouped 5-fold CV, macro-F1 against 0.678, accuracy
//! 0.717): per-label offsets of the calibrated logits fitted for macro-F1 on the
//! held-out folds inside training, 0.685 / 0.714, but the seed deck's sections 2 of 5
//! instead of 3; word prefixes and suffixes of 5–10 characters as features of their
//! own (compound parts and heads beyond the 3–5-grams), 0.683 / 0.720; both, 0.684 /
//! 0.720. The differences are about one small label's worth of examples (governance
//! 46, regional development 33), within the folds' noise, so neither earned the
//! larger model or the churn of a new default. Class-balanced weights were already
//! in place (see above). Training on finer classes and summing their probabilities
//! per topic (the development set's `source_label` ministry splits `other` into six
//! and `governance` into four) measured 0.669 / 0.720 against 0.674 / 0.722 with the
//! topics themselves, on a scikit-learn proxy with the same grouped 5 folds
//! (`bench/classify_sklearn.py`), so `train` keeps one class per label.
//! The least confidence to name a topic
//! (0.5: more likely right than not; 1/3 on text as long as the training texts) is a
//! rule, not a fitted number; below it the taxonomy decides (see
//! [`crate::Classifier::classify`]).

use std::collections::BTreeSet;
use std::io::BufRead;

use rayon::prelude::*;
use serde::Serialize;

use crate::classifier::{Classifier, ScoreSource, TaxonomyEvidence};
use crate::features::{FeatureSpec, Fnv};
use crate::linear::{self, Settings, Sparse};
use crate::model::{
    Header, Isotonic, IsotonicMaps, Model, ModelError, ModelLabel, ScoreCalibration,
};
use crate::{OTHER, Taxonomy};

/// The attribution the default model's training data requires (NLOD 2.0), saved in
/// the model as its note and shown by `deck-ingest --version`.
pub const MODEL_ATTRIBUTION: &str = "trained on Norwegian laws and regulations (Lovdata, \
     NLOD 2.0). Inneholder data under Norsk lisens for offentlige data (NLOD) \
     tilgjengeliggjort av Lovdata.";

/// Builds the default model from the development data set (`topics/dev.jsonl`:
/// fields `text`, `gold`, `doc`), exactly as `data/topics.model` was made:
/// `cargo run --release -p deck-classify --example build-default-model`.
pub fn build_default_model(dev_jsonl: impl BufRead) -> Result<Model, ModelError> {
    let fields = Fields { text: "text".into(), label: "gold".into(), group: Some("doc".into()) };
    let examples = read_examples(dev_jsonl, &fields)?;
    let options = TrainOptions { note: MODEL_ATTRIBUTION.to_owned(), ..TrainOptions::default() };
    train(&examples, &options, Taxonomy::embedded())
}

/// One labelled text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text.
    pub text: String,
    /// Its label.
    pub label: String,
    /// What it belongs to (a document): examples of one group stay in one fold.
    pub group: Option<String>,
}

/// Which JSON fields hold what.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The text field (default `text`).
    pub text: String,
    /// The label field (default `label`): a string, or an array whose first element
    /// is the label.
    pub label: String,
    /// The group field for cross-validation (e.g. `doc`), if any.
    pub group: Option<String>,
}

impl Default for Fields {
    fn default() -> Self {
        Fields { text: "text".into(), label: "label".into(), group: None }
    }
}

/// Reads labelled examples from JSON Lines. Blank lines are skipped; a line that is not
/// a JSON object with the text and label fields is an error naming the line.
pub fn read_examples(reader: impl BufRead, fields: &Fields) -> Result<Vec<Example>, ModelError> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let err = |message: String| ModelError::Example { line: i + 1, message };
        let line = line.map_err(|e| err(e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| err(e.to_string()))?;
        let text = match v.get(&fields.text) {
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => return Err(err(format!("no string field {:?}", fields.text))),
        };
        let label = match v.get(&fields.label) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Array(a)) => match a.first() {
                Some(serde_json::Value::String(s)) => s.clone(),
                _ => return Err(err(format!("field {:?} has no string label", fields.label))),
            },
            _ => return Err(err(format!("no string field {:?}", fields.label))),
        };
        if label.trim().is_empty() {
            return Err(err("empty label".into()));
        }
        let group = match &fields.group {
            None => None,
            Some(g) => match v.get(g) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => return Err(err(format!("no group field {g:?}"))),
            },
        };
        out.push(Example { text, label, group });
    }
    Ok(out)
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// `2^bits` hash buckets.
    pub bits: u8,
    /// Character n-gram lengths.
    pub char_min: u8,
    /// Character n-gram lengths.
    pub char_max: u8,
    /// Word bigrams as features.
    pub bigrams: bool,
    /// Least examples a bucket must occur in to be kept.
    pub min_df: usize,
    /// L2 strength.
    pub l2: f64,
    /// Most optimiser iterations.
    pub max_iter: usize,
    /// Least calibrated probability for the classifier to name a topic, else it says
    /// `other`.
    pub min_confidence: f32,
    /// Held-out folds used to fit the calibration (at least 2).
    pub calibration_folds: usize,
    /// Saved in the model: where the data came from and its licence.
    pub note: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        let spec = FeatureSpec::default();
        TrainOptions {
            bits: spec.bits,
            char_min: spec.char_min,
            char_max: spec.char_max,
            bigrams: spec.bigrams,
            min_df: 3,
            l2: 1e-4,
            max_iter: 100,
            min_confidence: 0.5,
            calibration_folds: 5,
            note: String::new(),
        }
    }
}

impl TrainOptions {
    fn spec(&self) -> FeatureSpec {
        FeatureSpec {
            bits: self.bits,
            char_min: self.char_min,
            char_max: self.char_max,
            bigrams: self.bigrams,
        }
    }

    fn check(&self) -> Result<(), ModelError> {
        let bad = |m: &str| Err(ModelError::Options(m.to_owned()));
        if !(8..=24).contains(&self.bits) {
            return bad("bits must be in 8..=24");
        }
        if self.char_min == 0 || self.char_min > self.char_max || self.char_max > 8 {
            return bad("character n-grams must satisfy 1 <= min <= max <= 8");
        }
        if self.calibration_folds < 2 {
            return bad("calibration needs at least 2 folds");
        }
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return bad("min_confidence must be in [0, 1]");
        }
        if !(self.l2.is_finite() && self.l2 > 0.0) {
            return bad("l2 must be positive");
        }
        Ok(())
    }
}

/// The taxonomy topic id a label stands for: the topic whose id or label equals it
/// once case, `-`, `_` and spaces are ignored; `None` for `other` and unmatched labels.
pub fn taxonomy_id_for(label: &str, taxonomy: &Taxonomy) -> Option<String> {
    let norm = |s: &str| -> String {
        s.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).flat_map(char::to_lowercase).collect()
    };
    if norm(label) == OTHER {
        return None;
    }
    let l = norm(label);
    taxonomy.topics().iter().find(|t| norm(&t.id) == l || norm(&t.label) == l).map(|t| t.id.clone())
}

/// The core fit: buckets, idf and weights from examples.
struct Fitted {
    buckets: Vec<u32>,
    idf: Vec<f32>,
    weights: linear::Weights,
}

fn fit(counts: &[Vec<(u32, f32)>], ys: &[usize], labels: usize, options: &TrainOptions) -> Fitted {
    // Document frequency per bucket (sorted merge: deterministic, no hashing).
    let mut all: Vec<u32> = counts.iter().flat_map(|c| c.iter().map(|x| x.0)).collect();
    all.sort_unstable();
    let mut buckets = Vec::new();
    let mut idf = Vec::new();
    let n = counts.len() as f64;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j] == all[i] {
            j += 1;
        }
        let df = j - i;
        if df >= options.min_df {
            buckets.push(all[i]);
            idf.push((((1.0 + n) / (1.0 + df as f64)).ln() + 1.0) as f32);
        }
        i = j;
    }
    let xs: Vec<Sparse> = counts
        .iter()
        .map(|c| {
            let v: Vec<(u32, f32)> = c
                .iter()
                .filter_map(|&(b, n)| buckets.binary_search(&b).ok().map(|i| (i as u32, n)))
                .collect();
            crate::features::weigh(&v, |i| idf.get(i as usize).copied())
        })
        .collect();
    // Balanced: every label's examples weigh as much in total.
    let mut per_label = vec![0usize; labels];
    for &y in ys {
        per_label[y] += 1;
    }
    let ws: Vec<f64> =
        ys.iter().map(|&y| ys.len() as f64 / (labels as f64 * per_label[y] as f64)).collect();
    let weights = linear::train(
        &xs,
        ys,
        &ws,
        buckets.len(),
        labels,
        Settings { l2: options.l2, max_iter: options.max_iter },
    );
    Fitted { buckets, idf, weights }
}

/// Fold of each example: groups (or single examples) go to folds by a hash of their
/// name, so a group is never split and the assignment does not depend on file order.
fn folds(examples: &[Example], k: usize) -> Vec<usize> {
    let names: BTreeSet<String> =
        examples.iter().enumerate().map(|(i, e)| group_name(e, i)).collect();
    let mut ordered: Vec<(u64, String)> = names
        .into_iter()
        .map(|n| {
            let mut h = Fnv::new();
            h.write(n.as_bytes());
            (h.0, n)
        })
        .collect();
    ordered.sort();
    let fold_of: std::collections::BTreeMap<String, usize> =
        ordered.into_iter().enumerate().map(|(i, (_, n))| (n, i % k)).collect();
    examples.iter().enumerate().map(|(i, e)| fold_of[&group_name(e, i)]).collect()
}

fn group_name(e: &Example, i: usize) -> String {
    e.group.clone().unwrap_or_else(|| format!("#{i}"))
}

struct Prepared {
    labels: Vec<ModelLabel>,
    ys: Vec<usize>,
    counts: Vec<Vec<(u32, f32)>>,
    /// Per example, each label's taxonomy evidence weight.
    evidence: Vec<Vec<f32>>,
}

fn prepare(
    examples: &[Example],
    options: &TrainOptions,
    taxonomy: &Taxonomy,
) -> Result<Prepared, ModelError> {
    options.check()?;
    if examples.is_empty() {
        return Err(ModelError::Empty);
    }
    let names: BTreeSet<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    if names.len() < 2 {
        return Err(ModelError::TooFewLabels(names.len()));
    }
    let labels: Vec<ModelLabel> = names
        .iter()
        .map(|n| ModelLabel { name: (*n).to_owned(), taxonomy_id: taxonomy_id_for(n, taxonomy) })
        .collect();
    let ys = examples
        .iter()
        .map(|e| labels.iter().position(|l| l.name == e.label).unwrap_or(0))
        .collect();
    let spec = options.spec();
    let counts = examples.iter().map(|e| spec.counts(&e.text)).collect();
    let classifier = Classifier::new(taxonomy);
    let evidence = examples
        .iter()
        .map(|e| label_evidence(&labels, &classifier.evidence("", &e.text), taxonomy))
        .collect();
    Ok(Prepared { labels, ys, counts, evidence })
}

fn model_from(
    fitted: Fitted,
    labels: Vec<ModelLabel>,
    options: &TrainOptions,
    n: usize,
) -> Result<Model, ModelError> {
    Model::new(
        Header {
            labels,
            bits: options.bits,
            char_min: options.char_min,
            char_max: options.char_max,
            bigrams: options.bigrams,
            temperature: 1.0,
            taxonomy_weight: 0.0,
            short_text: 0.0,
            typical_words: 0,
            score_calibration: Default::default(),
            min_confidence: options.min_confidence,
            l2: options.l2,
            examples: n,
            note: options.note.clone(),
        },
        &fitted.buckets,
        &fitted.idf,
        &fitted.weights,
    )
}

/// Trains a model (see the module docs). `taxonomy` gives the label → topic id map
/// and the evidence whose weight the calibration fits.
pub fn train(
    examples: &[Example],
    options: &TrainOptions,
    taxonomy: &Taxonomy,
) -> Result<Model, ModelError> {
    let p = prepare(examples, options, taxonomy)?;
    let k = p.labels.len();
    // Held-out scores for the calibration: of each example, and of its first few
    // words (a heading, a slide title), so the calibration also learns how far to trust
    // the model on short text.
    let fold = folds(examples, options.calibration_folds);
    let classifier = Classifier::new(taxonomy);
    // Each calibration fold trains on its own (in parallel, with the final fit
    // beside them); results are joined in fold order, so the model does not depend
    // on the thread count.
    type FoldOut = Option<(Vec<HeldOut>, (usize, Model))>;
    let (per_fold, fitted) = rayon::join(
        || {
            (0..options.calibration_folds)
                .into_par_iter()
                .map(|f| -> Result<FoldOut, ModelError> {
                    let train_idx: Vec<usize> =
                        (0..examples.len()).filter(|&i| fold[i] != f).collect();
                    if train_idx.len() == examples.len() || train_idx.is_empty() {
                        return Ok(None);
                    }
                    let mut rows: Vec<HeldOut> = Vec::new();
                    let counts: Vec<_> = train_idx.iter().map(|&i| p.counts[i].clone()).collect();
                    let ys: Vec<usize> = train_idx.iter().map(|&i| p.ys[i]).collect();
                    let fitted = fit(&counts, &ys, k, options);
                    let m = model_from(fitted, p.labels.clone(), options, ys.len())?;
                    for i in (0..examples.len()).filter(|&i| fold[i] == f) {
                        let text = &examples[i].text;
                        let ws = crate::features::words(text);
                        rows.push(HeldOut {
                            logits: m.score(text).logits,
                            words: ws.len(),
                            evidence: p.evidence[i].clone(),
                            y: p.ys[i],
                        });
                        for n in SHORT_PREFIXES.iter().copied().filter(|&n| n < ws.len()) {
                            let prefix: Vec<&str> = ws[..n].iter().map(|t| t.surface).collect();
                            let prefix = prefix.join(" ");
                            rows.push(HeldOut {
                                logits: m.score(&prefix).logits,
                                words: n,
                                evidence: label_evidence(
                                    &p.labels,
                                    &classifier.evidence("", &prefix),
                                    taxonomy,
                                ),
                                y: p.ys[i],
                            });
                        }
                    }
                    Ok(Some((rows, (f, m))))
                })
                .collect::<Result<Vec<FoldOut>, ModelError>>()
        },
        || fit(&p.counts, &p.ys, k, options),
    );
    let mut held_out: Vec<HeldOut> = Vec::new();
    let mut fold_models: Vec<(usize, Model)> = Vec::new();
    for (rows, fm) in per_fold?.into_iter().flatten() {
        held_out.extend(rows);
        fold_models.push(fm);
    }
    let mut model = model_from(fitted, p.labels, options, examples.len())?;
    let (t, b, n0) = fit_calibration(&held_out);
    model.header.temperature = t;
    model.header.taxonomy_weight = b;
    model.header.short_text = n0;
    let typical = |idx: &mut dyn Iterator<Item = usize>| -> u32 {
        let mut lengths: Vec<usize> =
            idx.map(|i| crate::features::words(&examples[i].text).len()).collect();
        lengths.sort_unstable();
        lengths.get(lengths.len() / 20).map_or(0, |&n| u32::try_from(n).unwrap_or(u32::MAX))
    };
    model.header.typical_words = typical(&mut (0..examples.len()));
    // The score maps: each fold's model, calibrated as the final one, classifies its
    // held-out texts as new text is classified; the top scores and whether they were
    // right fit one logistic map per score source.
    let mut points: Vec<(f32, bool, ScoreSource)> = Vec::new();
    for (f, mut m) in fold_models {
        m.header.temperature = t;
        m.header.taxonomy_weight = b;
        m.header.short_text = n0;
        m.header.typical_words = typical(&mut (0..examples.len()).filter(|&i| fold[i] != f));
        let c = Classifier::new(taxonomy).with_model(&m);
        for i in (0..examples.len()).filter(|&i| fold[i] == f) {
            let (topics, source) = c.classify_raw("", &examples[i].text);
            if let Some(top) = topics.into_iter().next() {
                let label = c.model_label_of(&top.id).unwrap_or(top.id);
                points.push((top.score, label == examples[i].label, source));
            }
        }
    }
    let fit_source = |s: ScoreSource| {
        let pts: Vec<(f32, bool)> =
            points.iter().filter(|p| p.2 == s).map(|p| (p.0, p.1)).collect();
        fit_isotonic(&pts)
    };
    model.header.score_calibration = ScoreCalibration {
        isotonic: Some(IsotonicMaps {
            model: fit_source(ScoreSource::Model),
            back_off: fit_source(ScoreSource::BackOff),
        }),
        ..ScoreCalibration::default()
    };
    Ok(model)
}

/// Fewest held-out scores in one step of an isotonic map: a step's accuracy then has
/// a standard error of at most `0.5 / √50 ≈ 0.07`. A source with fewer than two
/// steps' worth keeps its scores as they are.
const MIN_STEP_POINTS: usize = 50;

/// The isotonic map of held-out (score, right) pairs: the non-decreasing step function
/// of the score closest to whether it was right (pool-adjacent-violators), with steps
/// of fewer than [`MIN_STEP_POINTS`] merged into a neighbour, as knots (a step's mean
/// score, its accuracy) joined by straight lines. Unlike a logistic map it follows
/// any monotone shape: on the development set's held-out folds the logistic map left
/// scores 0.4–0.8 overconfident by 0.05–0.09 while calibrating 0.8–1.0. Deterministic:
/// points are sorted by score (equal scores are one step) and every sum runs in
/// that order.
fn fit_isotonic(points: &[(f32, bool)]) -> Isotonic {
    if points.len() < 2 * MIN_STEP_POINTS {
        return Isotonic::default();
    }
    let mut sorted: Vec<(f32, bool)> = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    // Equal scores first become one step: (count, sum of scores, right answers).
    let mut ties: Vec<(usize, f64, f64)> = Vec::new();
    let mut last: Option<f32> = None;
    for &(p, right) in &sorted {
        let r = if right { 1.0 } else { 0.0 };
        match ties.last_mut() {
            Some(s) if last == Some(p) => *s = (s.0 + 1, s.1 + f64::from(p), s.2 + r),
            _ => ties.push((1, f64::from(p), r)),
        }
        last = Some(p);
    }
    let mut steps: Vec<(usize, f64, f64)> = Vec::new();
    for t in ties {
        steps.push(t);
        // Pool while the last step is no more often right than the one before it.
        while steps.len() >= 2 {
            let (b, a) = (steps[steps.len() - 1], steps[steps.len() - 2]);
            if a.2 / a.0 as f64 >= b.2 / b.0 as f64 {
                steps.pop();
                let n = steps.len();
                steps[n - 1] = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
            } else {
                break;
            }
        }
    }
    // Small steps join the next one (the last joins the one before): a merge of two
    // neighbours of a non-decreasing sequence stays non-decreasing.
    let mut merged: Vec<(usize, f64, f64)> = Vec::new();
    for s in steps {
        match merged.last_mut() {
            Some(m) if m.0 < MIN_STEP_POINTS => *m = (m.0 + s.0, m.1 + s.1, m.2 + s.2),
            _ => merged.push(s),
        }
    }
    if merged.len() >= 2 && merged.last().is_some_and(|m| m.0 < MIN_STEP_POINTS) {
        let (Some(b), Some(a)) = (merged.pop(), merged.pop()) else {
            return Isotonic::default();
        };
        merged.push((a.0 + b.0, a.1 + b.1, a.2 + b.2));
    }
    let mut knots: Vec<(f32, f32)> = Vec::with_capacity(merged.len());
    for (n, sum, right) in merged {
        let (x, y) = ((sum / n as f64) as f32, (right / n as f64) as f32);
        // Means of disjoint, sorted score ranges increase; rounding to f32 could tie.
        if knots.last().is_none_or(|k| k.0 < x) {
            let y = y.max(knots.last().map_or(0.0, |k| k.1));
            knots.push((x, y));
        }
    }
    Isotonic { knots }
}

/// Lengths of the text prefixes the calibration is also fitted on.
const SHORT_PREFIXES: [usize; 4] = [2, 4, 8, 16];

/// One held-out text for the calibration: its raw logits, length, taxonomy evidence
/// per label and gold label.
struct HeldOut {
    logits: Vec<f32>,
    words: usize,
    evidence: Vec<f32>,
    y: usize,
}

/// Taxonomy evidence weight for each model label (0 for labels without a topic).
pub(crate) fn label_evidence(
    labels: &[ModelLabel],
    ev: &TaxonomyEvidence,
    taxonomy: &Taxonomy,
) -> Vec<f32> {
    labels
        .iter()
        .map(|l| match &l.taxonomy_id {
            Some(id) => ev.weight_under(taxonomy, id),
            None => 0.0,
        })
        .collect()
}

/// Temperature, taxonomy weight and short-text constant minimising held-out log-loss,
/// by grid search (see [`Model::calibration`]).
fn fit_calibration(held_out: &[HeldOut]) -> (f32, f32, f32) {
    if held_out.is_empty() {
        return (1.0, 0.0, 0.0);
    }
    let mut best = (f64::INFINITY, 1.0f32, 0.0f32, 0.0f32);
    let mut z: Vec<f64> = Vec::new();
    // A text without taxonomy evidence scores the same under every taxonomy weight
    // (`b × 0` adds nothing): its log-loss is computed once per temperature and
    // length constant, not once per weight (most short prefixes have no evidence).
    let plain: Vec<bool> = held_out.iter().map(|h| h.evidence.iter().all(|e| *e == 0.0)).collect();
    let mut cached = vec![0.0f64; held_out.len()];
    let mut term = |h: &HeldOut, t: f32, b: f32, g: f32| -> f64 {
        z.clear();
        z.extend(h.logits.iter().zip(&h.evidence).map(|(z, e)| f64::from(z / t * g + b * e)));
        linear::softmax_at(&z, h.y).max(1e-12).ln()
    };
    for n0 in [0.0f32, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0] {
        let gs: Vec<f32> = held_out.iter().map(|h| length_factor(h.words, n0)).collect();
        for ti in 0..30 {
            let t = 0.2 * 1.1f32.powi(ti);
            for (i, h) in held_out.iter().enumerate().filter(|(i, _)| plain[*i]) {
                cached[i] = term(h, t, 0.0, gs[i]);
            }
            for bi in 0..=20 {
                let b = 0.05 * bi as f32;
                let mut loss = 0.0;
                for (i, h) in held_out.iter().enumerate() {
                    loss -= if plain[i] { cached[i] } else { term(h, t, b, gs[i]) };
                }
                if loss < best.0 {
                    best = (loss, t, b, n0);
                }
            }
        }
    }
    (best.1, best.2, best.3)
}

/// How far the model's logits count for a text of `words` words: `n / (n + n0)`.
pub(crate) fn length_factor(words: usize, n0: f32) -> f32 {
    let n = words as f32;
    if n0 <= 0.0 { 1.0 } else { n / (n + n0) }
}

/// Grouped cross-validation of training with `options`, scored on the whole
/// classifier (model + `taxonomy`), as it runs on new text.
pub fn cross_validate(
    examples: &[Example],
    k: usize,
    options: &TrainOptions,
    taxonomy: &Taxonomy,
) -> Result<CvReport, ModelError> {
    if k < 2 {
        return Err(ModelError::Options("--cv needs at least 2 folds".into()));
    }
    let p = prepare(examples, options, taxonomy)?;
    let fold = folds(examples, k);
    // Folds train in parallel; each returns its predictions and they are put back in
    // example order, so the report does not depend on the thread count.
    let per_fold: Vec<Vec<(usize, String, f32)>> = (0..k)
        .into_par_iter()
        .map(|f| -> Result<Vec<(usize, String, f32)>, ModelError> {
            let train_ex: Vec<Example> = examples
                .iter()
                .zip(&fold)
                .filter(|(_, g)| **g != f)
                .map(|(e, _)| e.clone())
                .collect();
            if train_ex.len() == examples.len() {
                return Ok(Vec::new());
            }
            let model = train(&train_ex, options, taxonomy)?;
            let c = Classifier::new(taxonomy).with_model(&model);
            let mut out = Vec::new();
            for (i, e) in examples.iter().enumerate().filter(|(i, _)| fold[*i] == f) {
                let top = c.classify("", &e.text).into_iter().next();
                let (label, score) = match top {
                    Some(t) => (c.model_label_of(&t.id).unwrap_or(t.id), t.score),
                    None => (OTHER.to_owned(), 0.0),
                };
                out.push((i, label, score));
            }
            Ok(out)
        })
        .collect::<Result<_, _>>()?;
    let mut predictions: Vec<(usize, String, f32)> = per_fold.into_iter().flatten().collect();
    predictions.sort_by_key(|p| p.0);
    let gold: Vec<String> = p.ys.iter().map(|&y| p.labels[y].name.clone()).collect();
    Ok(CvReport::new(k, &gold, &predictions))
}

/// Per-label precision, recall, F1 and support.
#[derive(Debug, Clone, Serialize)]
pub struct LabelScores {
    /// The label.
    pub label: String,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Gold examples.
    pub support: usize,
}

/// One row of the calibration table.
#[derive(Debug, Clone, Serialize)]
pub struct CalibrationBin {
    /// Lower bound of the top score.
    pub from: f64,
    /// Upper bound (exclusive, except the last).
    pub to: f64,
    /// Predictions in the bin.
    pub count: usize,
    /// Their mean score.
    pub mean_score: f64,
    /// How many of them were right.
    pub accuracy: f64,
}

/// A frequent confusion.
#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    /// The true label.
    pub gold: String,
    /// The predicted one.
    pub predicted: String,
    /// How often.
    pub count: usize,
}

/// What `train --cv` reports.
#[derive(Debug, Clone, Serialize)]
pub struct CvReport {
    /// Folds.
    pub folds: usize,
    /// Examples scored.
    pub examples: usize,
    /// Share of top topics that were right.
    pub accuracy: f64,
    /// Mean F1 over the gold labels.
    pub macro_f1: f64,
    /// Per label.
    pub labels: Vec<LabelScores>,
    /// The most frequent confusions, most frequent first.
    pub confusions: Vec<Confusion>,
    /// Top score against accuracy, in tenths.
    pub calibration: Vec<CalibrationBin>,
    /// Every prediction: gold label, predicted label, score.
    #[serde(skip)]
    pub predictions: Vec<(String, String, f32)>,
}

impl CvReport {
    fn new(folds: usize, gold: &[String], predictions: &[(usize, String, f32)]) -> CvReport {
        let labels: BTreeSet<&String> = gold.iter().collect();
        let pairs: Vec<(&String, &String, f32)> =
            predictions.iter().map(|(i, p, s)| (&gold[*i], p, *s)).collect();
        let mut per = Vec::new();
        for l in &labels {
            let tp = pairs.iter().filter(|p| p.0 == *l && p.1 == *l).count() as f64;
            let fp = pairs.iter().filter(|p| p.0 != *l && p.1 == *l).count() as f64;
            let support = pairs.iter().filter(|p| p.0 == *l).count();
            let fneg = support as f64 - tp;
            let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
            let recall = if support > 0 { tp / support as f64 } else { 0.0 };
            let f1 = if tp > 0.0 { 2.0 * tp / (2.0 * tp + fp + fneg) } else { 0.0 };
            per.push(LabelScores { label: (*l).clone(), precision, recall, f1, support });
        }
        let n = pairs.len().max(1) as f64;
        let accuracy = pairs.iter().filter(|p| p.0 == p.1).count() as f64 / n;
        let macro_f1 = per.iter().map(|l| l.f1).sum::<f64>() / per.len().max(1) as f64;
        let mut conf: std::collections::BTreeMap<(String, String), usize> = Default::default();
        for p in pairs.iter().filter(|p| p.0 != p.1) {
            *conf.entry((p.0.clone(), p.1.clone())).or_default() += 1;
        }
        let mut confusions: Vec<Confusion> = conf
            .into_iter()
            .map(|((gold, predicted), count)| Confusion { gold, predicted, count })
            .collect();
        confusions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.gold.cmp(&b.gold)));
        confusions.truncate(10);
        let calibration = (0..10)
            .map(|b| {
                let from = b as f64 / 10.0;
                let to = from + 0.1;
                let inside: Vec<_> = pairs
                    .iter()
                    .filter(|p| {
                        let s = f64::from(p.2);
                        s >= from && (s < to || b == 9)
                    })
                    .collect();
                let count = inside.len();
                let c = count.max(1) as f64;
                CalibrationBin {
                    from,
                    to,
                    count,
                    mean_score: inside.iter().map(|p| f64::from(p.2)).sum::<f64>() / c,
                    accuracy: inside.iter().filter(|p| p.0 == p.1).count() as f64 / c,
                }
            })
            .collect();
        CvReport {
            folds,
            examples: pairs.len(),
            accuracy,
            macro_f1,
            labels: per,
            confusions,
            calibration,
            predictions: pairs.iter().map(|p| (p.0.clone(), p.1.clone(), p.2)).collect(),
        }
    }
}

impl std::fmt::Display for CvReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "grouped {}-fold cross-validation, {} examples", self.folds, self.examples)?;
        writeln!(f, "accuracy {:.3}   macro-F1 {:.3}", self.accuracy, self.macro_f1)?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<28} {:>9} {:>7} {:>7} {:>8}",
            "label", "precision", "recall", "F1", "support"
        )?;
        for l in &self.labels {
            writeln!(
                f,
                "{:<28} {:>9.3} {:>7.3} {:>7.3} {:>8}",
                l.label, l.precision, l.recall, l.f1, l.support
            )?;
        }
        writeln!(f)?;
        writeln!(f, "main confusions (gold → predicted):")?;
        for c in &self.confusions {
            writeln!(f, "  {:>4}  {} → {}", c.count, c.gold, c.predicted)?;
        }
        writeln!(f)?;
        writeln!(f, "calibration (top score → how often right):")?;
        writeln!(f, "  {:<11} {:>6} {:>10} {:>9}", "score", "count", "mean score", "accuracy")?;
        for b in self.calibration.iter().filter(|b| b.count > 0) {
            writeln!(
                f,
                "  {:.1}–{:.1}     {:>6} {:>10.3} {:>9.3}",
                b.from, b.to, b.count, b.mean_score, b.accuracy
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_map_follows_held_out_accuracy_and_keeps_order() {
        // Scores of 0.9 right 60 % of the time, of 0.6 right 40 %: overconfident.
        let mut pts = Vec::new();
        for i in 0..100 {
            pts.push((0.9, i % 10 < 6));
            pts.push((0.6, i % 10 < 4));
        }
        let m = fit_isotonic(&pts);
        let (hi, lo) = (m.apply(0.9), m.apply(0.6));
        assert!((hi - 0.6).abs() < 1e-6, "{m:?} {hi}");
        assert!((lo - 0.4).abs() < 1e-6, "{m:?} {lo}");
        assert!((m.apply(0.75) - 0.5).abs() < 1e-6, "between knots: a straight line");
        assert_eq!(m, fit_isotonic(&pts));
        // Right less often at the higher score: pooled into one step.
        let flipped: Vec<(f32, bool)> = pts.iter().map(|&(p, r)| (1.5 - p, r)).collect();
        let f = fit_isotonic(&flipped);
        assert_eq!(f.knots.len(), 1, "{f:?}");
        assert!((f.apply(0.9) - 0.5).abs() < 1e-6);
        // Too few points: scores stay as they are.
        assert_eq!(fit_isotonic(&pts[..60]), Isotonic::default());
        assert_eq!(Isotonic::default().apply(0.37), 0.37);
        assert!(m.apply(0.2) <= m.apply(0.61) && m.apply(0.61) <= m.apply(0.95));
    }
}
