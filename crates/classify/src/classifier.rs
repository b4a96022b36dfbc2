//! Scoring topics for a title and a body.
//!
//! For each topic, the evidence weight `W` adds up its term hits:
//! - a hit weighs `quality × place × term weight`: quality 1.0 for the word or an
//!   inflection or as the last part (head) of a compound, 0.8 as its first part, 0.6
//!   inside it; place 3.0 in the title,
//!   1.0 in the body; term weight 1.5 for multi-word terms, else 1.0;
//! - body hits are damped by `1 / sqrt(max(1, body words / 150))`, so a long section
//!   needs proportionally more evidence than a short one;
//! - repeats of one term count in full once, then half each, and one term contributes
//!   at most 3.0 (a word said ten times is not ten pieces of evidence);
//! - a topic passes half its weight to its broader topic (a quarter to the next, ...).
//!
//! Score: `s = 1 − exp(−0.35 · W)`, in [0, 1): one body word 0.30, two 0.50, a title
//! word 0.65, five body words 0.83.
//!
//! Result: topics with `W ≥ 1` (`s ≥ 0.30`) when the body has at most 40 words (one
//! full hit, as in a sentence or a bullet; a title hit always suffices), `W ≥ 1.5`
//! (`s ≥ 0.41`) for longer bodies, where a single incidental word is weak evidence
//! (weak `^0.5` terms or compound first parts alone never suffice),
//! whose weight is at least half the best topic's, best first (ties: the topic with
//! more direct evidence, i.e. the narrower one), at most three; a broader topic that
//! only inherited its weight is left out when one of its narrower topics is listed.
//! When no topic is confident, the result is one topic `other` scored `1 − s_best`
//! (1.0 for text with no evidence at all).

use std::collections::HashMap;

use crate::Taxonomy;
use crate::bayes::NaiveBayes;
use crate::index::Hit;
use crate::normalize::tokens;
use crate::taxonomy::TopicDef;

/// A topic assigned to a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// The topic's label (`other` when no topic is confident).
    pub label: String,
    /// Confidence in [0, 1].
    pub score: f32,
    /// The matched words as they are written in the text, in order of first
    /// occurrence, title first.
    pub evidence: Vec<String>,
}

/// The label returned when no topic is confident.
pub const OTHER: &str = "other";

const TITLE_WEIGHT: f32 = 3.0;
const BODY_WEIGHT: f32 = 1.0;
const K: f32 = 0.35;
/// Least evidence weight to name a topic: one full hit in a short body (up to
/// `SHORT_BODY` words, e.g. a sentence or a slide's bullet) ...
const MIN_WEIGHT_SHORT: f32 = 1.0;
/// ... and one and a half in longer text, where one incidental word is weak evidence.
const MIN_WEIGHT: f32 = 1.5;
const SHORT_BODY: usize = 40;
const RELATIVE: f32 = 0.5;
const MAX_TOPICS: usize = 3;
const TERM_CAP: f32 = 3.0;
const MAX_EVIDENCE: usize = 12;

/// Classifies texts against a taxonomy, optionally combined with a learned model.
#[derive(Debug, Clone, Copy)]
pub struct Classifier<'a> {
    taxonomy: &'a Taxonomy,
    model: Option<&'a NaiveBayes>,
}

/// Least combined score to name a topic when a model is used.
const MODEL_CONFIDENT: f32 = 0.5;
/// Least known words for the model to have a say.
const MODEL_MIN_FEATURES: usize = 2;

/// The score for an evidence weight.
fn score(w: f32) -> f32 {
    1.0 - (-K * w).exp()
}

impl<'a> Classifier<'a> {
    /// A classifier over `taxonomy` (its matcher is compiled once per taxonomy).
    pub fn new(taxonomy: &'a Taxonomy) -> Self {
        Classifier { taxonomy, model: None }
    }

    /// Combines the taxonomy with a naive-Bayes model: each label's score becomes
    /// `1 − (1 − s_taxonomy)·(1 − p_model)` (either source alone can make a topic,
    /// agreement makes it stronger); labels with a combined score of at least 0.5 and
    /// at least 60 % of the best are listed, at most three, else `other`. The model is
    /// ignored for texts with fewer than two words it has seen.
    pub fn with_model(self, model: &'a NaiveBayes) -> Self {
        Classifier { model: Some(model), ..self }
    }

    /// Ranked topics for a text (see the module docs for the scoring).
    pub fn classify(&self, title: &str, body: &str) -> Vec<Topic> {
        let index = self.taxonomy.index();
        let topics = self.taxonomy.topics();
        let title_toks = tokens(title);
        let body_toks = tokens(body);
        let damp = 1.0 / (body_toks.len() as f32 / 150.0).max(1.0).sqrt();

        // (topic, term) → hit weights; topic → evidence words.
        let mut per_term: HashMap<(usize, usize), Vec<f32>> = HashMap::new();
        let mut evidence: Vec<Vec<String>> = vec![Vec::new(); topics.len()];
        let mut record = |hits: Vec<Hit>, toks: &[crate::normalize::Token<'_>], place: f32| {
            for h in hits {
                per_term.entry((h.topic, h.term)).or_default().push(h.weight * place);
                let words: Vec<&str> =
                    toks[h.tokens.0..=h.tokens.1].iter().map(|t| t.surface).collect();
                let found = words.join(" ");
                if !evidence[h.topic].contains(&found) {
                    evidence[h.topic].push(found);
                }
            }
        };
        record(index.hits(&title_toks), &title_toks, TITLE_WEIGHT);
        record(index.hits(&body_toks), &body_toks, BODY_WEIGHT * damp);

        let mut direct = vec![0.0f32; topics.len()];
        // Sorted for determinism: float sums depend on order.
        let mut terms: Vec<_> = per_term.into_iter().collect();
        terms.sort_by_key(|(k, _)| *k);
        for ((topic, _), mut ws) in terms {
            ws.sort_by(|a, b| b.total_cmp(a));
            let total: f32 =
                ws.iter().enumerate().map(|(i, w)| if i == 0 { *w } else { w * 0.5 }).sum();
            direct[topic] += total.min(TERM_CAP);
        }

        let parents = self.taxonomy.parents();
        let mut weight = direct.clone();
        let mut inherited_evidence: Vec<Vec<String>> = evidence.clone();
        for (t, &w) in direct.iter().enumerate() {
            if w <= 0.0 {
                continue;
            }
            let mut share = 0.5;
            let mut at = parents[t];
            let mut depth = 0;
            while let Some(p) = at {
                if p == t || depth >= 8 {
                    break;
                }
                weight[p] += w * share;
                for e in &evidence[t] {
                    if !inherited_evidence[p].contains(e) {
                        inherited_evidence[p].push(e.clone());
                    }
                }
                share *= 0.5;
                depth += 1;
                at = parents[p];
            }
        }

        if let Some(model) = self.model {
            let text = format!("{title}\n{title}\n{body}");
            if model.known_features(&text) >= MODEL_MIN_FEATURES {
                return combine(model, &text, topics, &weight, &inherited_evidence);
            }
        }

        let mut ranked: Vec<usize> = (0..topics.len()).filter(|&t| weight[t] > 0.0).collect();
        ranked.sort_by(|&a, &b| {
            weight[b].total_cmp(&weight[a]).then(direct[b].total_cmp(&direct[a])).then(a.cmp(&b))
        });
        let best = ranked.first().map_or(0.0, |&t| weight[t]);
        let min_weight = if body_toks.len() <= SHORT_BODY { MIN_WEIGHT_SHORT } else { MIN_WEIGHT };
        if best < min_weight {
            return vec![Topic {
                label: OTHER.to_owned(),
                score: 1.0 - score(best),
                evidence: Vec::new(),
            }];
        }
        let is_ancestor = |a: usize, of: usize| {
            let mut at = parents[of];
            let mut depth = 0;
            while let Some(p) = at {
                if p == a {
                    return true;
                }
                depth += 1;
                if depth > 8 {
                    break;
                }
                at = parents[p];
            }
            false
        };
        let mut chosen: Vec<usize> = Vec::new();
        for &t in &ranked {
            if chosen.len() == MAX_TOPICS || weight[t] < min_weight || weight[t] < best * RELATIVE {
                break;
            }
            chosen.push(t);
        }
        // Drop broader topics that only inherited weight from a listed narrower one.
        let snapshot = chosen.clone();
        chosen
            .retain(|&t| direct[t] > 0.0 || !snapshot.iter().any(|&c| c != t && is_ancestor(t, c)));
        chosen
            .into_iter()
            .map(|t| Topic {
                label: topics[t].label.clone(),
                score: score(weight[t]),
                evidence: inherited_evidence[t].iter().take(MAX_EVIDENCE).cloned().collect(),
            })
            .collect()
    }
}

/// Taxonomy scores and model posteriors, merged by label (see [`Classifier::with_model`]).
fn combine(
    model: &NaiveBayes,
    text: &str,
    topics: &[TopicDef],
    weight: &[f32],
    evidence: &[Vec<String>],
) -> Vec<Topic> {
    let mut cands: Vec<Topic> = Vec::new();
    for (t, &w) in weight.iter().enumerate() {
        if w <= 0.0 {
            continue;
        }
        let ev: Vec<String> = evidence[t].iter().take(MAX_EVIDENCE).cloned().collect();
        match cands.iter_mut().find(|c| c.label == topics[t].label) {
            Some(c) if c.score < score(w) => {
                *c = Topic { label: c.label.clone(), score: score(w), evidence: ev }
            }
            Some(_) => {}
            None => {
                cands.push(Topic { label: topics[t].label.clone(), score: score(w), evidence: ev })
            }
        }
    }
    for (label, p) in model.predict(text) {
        match cands.iter_mut().find(|c| c.label == label) {
            Some(c) => c.score = 1.0 - (1.0 - c.score) * (1.0 - p),
            None => cands.push(Topic { label, score: p, evidence: Vec::new() }),
        }
    }
    cands.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.label.cmp(&b.label)));
    let best = cands.first().map_or(0.0, |c| c.score);
    let chosen: Vec<Topic> = cands
        .into_iter()
        .take_while(|c| c.score >= MODEL_CONFIDENT && c.score >= best * 0.6)
        .take(MAX_TOPICS)
        .collect();
    match chosen.first() {
        Some(first) if first.label != OTHER => {
            chosen.into_iter().filter(|c| c.label != OTHER).collect()
        }
        // The model itself may have learned `other`.
        Some(first) => {
            vec![Topic { label: OTHER.to_owned(), score: first.score, evidence: Vec::new() }]
        }
        None => vec![Topic { label: OTHER.to_owned(), score: 1.0 - best, evidence: Vec::new() }],
    }
}
