//! A small multinomial naive-Bayes model learned from labelled text, to combine with
//! the taxonomy.
//!
//! Training data is JSON Lines, one example a line: `{"text": "...", "labels": ["health"]}`
//! (or `"label": "health"`; an optional `"title"` is added to the text twice, as titles
//! say more per word). Features are folded words ([`crate::normalize::fold`]) with a
//! light Norwegian/English suffix strip (`-ene`, `-ane`, `-en`, `-et`, `-er`, `-ar`,
//! `-a`, `-e`, `-s`, `-ingen`, `-inga`, keeping at least four letters), so "bussene" and
//! "busser" are one feature. Numbers and one- or two-letter words are dropped.
//!
//! The model keeps, per label, the log prior and Laplace-smoothed (α = 1) word log
//! likelihoods; [`NaiveBayes::predict`] returns posteriors that sum to 1. It is saved
//! and loaded as JSON ([`NaiveBayes::to_json`], [`NaiveBayes::from_json`]).

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use serde::{Deserialize, Serialize};

use crate::normalize::tokens;

/// Why training data or a saved model could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A training line is not a JSON object with text and labels.
    #[error("line {line}: {message}")]
    Example {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Reading failed.
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
    /// The saved model is not valid JSON for a model.
    #[error("invalid model: {0}")]
    Model(String),
    /// No usable examples.
    #[error("no training examples")]
    Empty,
}

/// A multinomial naive-Bayes text classifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NaiveBayes {
    /// Format version of the saved model.
    version: u32,
    labels: Vec<String>,
    /// Log prior per label.
    log_prior: Vec<f32>,
    /// Per label: log P(word | label) for words seen with any label.
    log_likelihood: BTreeMap<String, Vec<f32>>,
}

#[derive(Deserialize)]
struct Example {
    #[serde(default)]
    title: Option<String>,
    text: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    label: Option<String>,
}

const SUFFIXES: &[&str] = &["ingen", "inga", "ene", "ane", "en", "et", "er", "ar", "a", "e", "s"];

/// The features of a text.
pub(crate) fn features(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .filter(|t| t.key.chars().count() >= 3 && !t.key.chars().all(|c| c.is_ascii_digit()))
        .map(|t| {
            let k = t.key;
            SUFFIXES
                .iter()
                .find_map(|s| {
                    k.strip_suffix(s).filter(|stem| stem.chars().count() >= 4).map(str::to_owned)
                })
                .unwrap_or(k)
        })
        .collect()
}

impl NaiveBayes {
    /// Learns from (text, labels) pairs; an example with several labels counts for
    /// each. Examples without labels are skipped.
    pub fn train<'e>(
        examples: impl IntoIterator<Item = (&'e str, &'e [String])>,
    ) -> Result<NaiveBayes, ModelError> {
        let mut labels: Vec<String> = Vec::new();
        let mut docs: Vec<usize> = Vec::new();
        let mut counts: Vec<HashMap<String, f32>> = Vec::new();
        let mut totals: Vec<f32> = Vec::new();
        let mut n = 0usize;
        for (text, ls) in examples {
            if ls.is_empty() {
                continue;
            }
            n += 1;
            let feats = features(text);
            for l in ls {
                let i = match labels.iter().position(|x| x == l) {
                    Some(i) => i,
                    None => {
                        labels.push(l.clone());
                        docs.push(0);
                        counts.push(HashMap::new());
                        totals.push(0.0);
                        labels.len() - 1
                    }
                };
                docs[i] += 1;
                for f in &feats {
                    *counts[i].entry(f.clone()).or_default() += 1.0;
                    totals[i] += 1.0;
                }
            }
        }
        if n == 0 {
            return Err(ModelError::Empty);
        }
        let mut vocab: Vec<&String> = counts.iter().flat_map(|c| c.keys()).collect();
        vocab.sort();
        vocab.dedup();
        let v = vocab.len() as f32 + 1.0;
        let all_docs: usize = docs.iter().sum();
        let log_prior = docs.iter().map(|&d| (d as f32 / all_docs as f32).ln()).collect();
        let log_likelihood = vocab
            .iter()
            .map(|w| {
                let row = (0..labels.len())
                    .map(|i| {
                        ((counts[i].get(*w).copied().unwrap_or(0.0) + 1.0) / (totals[i] + v)).ln()
                    })
                    .collect();
                ((*w).clone(), row)
            })
            .collect();
        Ok(NaiveBayes { version: 1, labels, log_prior, log_likelihood })
    }

    /// Learns from JSON Lines (see the module docs). Blank lines are skipped; a bad
    /// line is an error naming it.
    pub fn train_jsonl(reader: impl BufRead) -> Result<NaiveBayes, ModelError> {
        let mut examples: Vec<(String, Vec<String>)> = Vec::new();
        for (i, line) in reader.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let ex: Example = serde_json::from_str(&line)
                .map_err(|e| ModelError::Example { line: i + 1, message: e.to_string() })?;
            let mut labels = ex.labels;
            labels.extend(ex.label);
            let text = match ex.title {
                Some(t) => format!("{t}\n{t}\n{}", ex.text),
                None => ex.text,
            };
            examples.push((text, labels));
        }
        NaiveBayes::train(examples.iter().map(|(t, l)| (t.as_str(), l.as_slice())))
    }

    /// How many of the text's words the model has seen in training.
    pub fn known_features(&self, text: &str) -> usize {
        features(text).iter().filter(|f| self.log_likelihood.contains_key(*f)).count()
    }

    /// The labels the model knows, in training order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Posterior probability of each label for a text, best first.
    pub fn predict(&self, text: &str) -> Vec<(String, f32)> {
        let mut logp: Vec<f32> = self.log_prior.clone();
        for f in features(text) {
            // Words never seen in training say nothing about the label.
            let Some(row) = self.log_likelihood.get(&f) else { continue };
            for (lp, l) in logp.iter_mut().zip(row) {
                *lp += l;
            }
        }
        let max = logp.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exps: Vec<f32> = logp.iter().map(|l| (l - max).exp()).collect();
        let sum: f32 = exps.iter().sum();
        let mut out: Vec<(String, f32)> = self
            .labels
            .iter()
            .cloned()
            .zip(exps.into_iter().map(|e| if sum > 0.0 { e / sum } else { 0.0 }))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// The model as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a model saved by [`NaiveBayes::to_json`].
    pub fn from_json(s: &str) -> Result<NaiveBayes, ModelError> {
        let m: NaiveBayes =
            serde_json::from_str(s).map_err(|e| ModelError::Model(e.to_string()))?;
        let n = m.labels.len();
        if m.version != 1
            || m.log_prior.len() != n
            || m.log_likelihood.values().any(|r| r.len() != n)
        {
            return Err(ModelError::Model("inconsistent label counts or unknown version".into()));
        }
        Ok(m)
    }
}
