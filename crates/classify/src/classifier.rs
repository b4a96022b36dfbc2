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
use crate::features::is_feature_word;
use crate::index::Hit;
use crate::model::Model;
use crate::normalize::{Token, tokens};

/// A topic assigned to a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// The taxonomy topic id (for a model label no topic stands for: the label;
    /// `other` when no topic is confident).
    pub id: String,
    /// The topic's label (`other` when no topic is confident).
    pub label: String,
    /// Confidence in [0, 1]: with a model, a calibrated probability.
    pub score: f32,
    /// What weighed most for the topic: with a model, the text's words that pushed
    /// the topic up most, then the taxonomy terms matched; without, the matched words
    /// as written, in order of first occurrence, title first.
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
/// Only this much of a title or body is read (bytes): a passage's topic is plain long
/// before (the training passages are under 10 kB; a deck's whole text is 3 to 60 kB),
/// and the words of a text are held at once, about 100 bytes per byte of one-letter
/// words, so a hostile input would otherwise take memory without bound.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// `text` up to [`MAX_TEXT_BYTES`], cut at a char boundary.
fn bounded(text: &str) -> &str {
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
const MAX_EVIDENCE: usize = 12;

/// With a model, further topics are named when each is at least this likely (two
/// topics can both be likely only below one half each).
const ALSO_LIKELY: f32 = 0.25;
/// On text as long as its training texts, the model names its best topic from this
/// probability on (one in three: on held-out folds such a topic is right about four
/// times in ten, more often than any other label).
const UNSURE_ON_FAMILIAR: f32 = 1.0 / 3.0;
/// Evidence words taken from the model per topic.
const MODEL_EVIDENCE: usize = 6;

/// Classifies texts against a taxonomy, optionally combined with a learned model.
#[derive(Debug, Clone, Copy)]
pub struct Classifier<'a> {
    taxonomy: &'a Taxonomy,
    model: Option<&'a Model>,
}

/// The score for an evidence weight.
fn score(w: f32) -> f32 {
    1.0 - (-K * w).exp()
}

/// A text's taxonomy evidence: per topic, the weight of its own hits, the weight with
/// what its narrower topics passed up, and the words found.
#[derive(Debug, Clone)]
pub(crate) struct TaxonomyEvidence {
    pub(crate) direct: Vec<f32>,
    pub(crate) weight: Vec<f32>,
    pub(crate) evidence: Vec<Vec<String>>,
    pub(crate) body_words: usize,
}

impl TaxonomyEvidence {
    /// The strongest evidence for topic `id` or any topic below it (a text about buses
    /// is evidence for transport as much as for public transport).
    pub(crate) fn weight_under(&self, taxonomy: &Taxonomy, id: &str) -> f32 {
        let Some(t) = taxonomy.topics().iter().position(|x| x.id == id) else { return 0.0 };
        let parents = taxonomy.parents();
        (0..self.weight.len())
            .filter(|&d| d == t || is_ancestor(parents, t, d))
            .map(|d| self.weight[d])
            .fold(0.0, f32::max)
    }
}

/// Whether topic `a` is above topic `of` (bounded: broader chains may have cycles).
fn is_ancestor(parents: &[Option<usize>], a: usize, of: usize) -> bool {
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
}

impl<'a> Classifier<'a> {
    /// A classifier over `taxonomy` (its matcher is compiled once per taxonomy).
    pub fn new(taxonomy: &'a Taxonomy) -> Self {
        Classifier { taxonomy, model: None }
    }

    /// Combines the taxonomy with a learned model (see [`Classifier::classify`]).
    pub fn with_model(self, model: &'a Model) -> Self {
        Classifier { model: Some(model), ..self }
    }

    /// The taxonomy evidence of a title and body (see the module docs).
    pub(crate) fn evidence(&self, title: &str, body: &str) -> TaxonomyEvidence {
        self.evidence_of_tokens(&tokens(title), &tokens(body))
    }

    /// [`Classifier::evidence`] of an already tokenised title and body.
    fn evidence_of_tokens(
        &self,
        title_toks: &[Token<'_>],
        body_toks: &[Token<'_>],
    ) -> TaxonomyEvidence {
        let index = self.taxonomy.index();
        let topics = self.taxonomy.topics();
        let damp = 1.0 / (body_toks.len() as f32 / 150.0).max(1.0).sqrt();

        // (topic, term) → hit weights; topic → evidence words.
        let mut per_term: HashMap<(usize, usize), Vec<f32>> = HashMap::new();
        let mut evidence: Vec<Vec<String>> = vec![Vec::new(); topics.len()];
        let mut record = |hits: Vec<Hit>, toks: &[Token<'_>], place: f32| {
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
        record(index.hits(title_toks), title_toks, TITLE_WEIGHT);
        record(index.hits(body_toks), body_toks, BODY_WEIGHT * damp);

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

        TaxonomyEvidence {
            direct,
            weight,
            evidence: inherited_evidence,
            body_words: body_toks.len(),
        }
    }

    /// The model label a reported topic id stands for: the label mapped to the topic
    /// or to a topic above it; `None` without a model or when none is.
    pub fn model_label_of(&self, id: &str) -> Option<String> {
        let model = self.model?;
        let topics = self.taxonomy.topics();
        let parents = self.taxonomy.parents();
        let t = topics.iter().position(|x| x.id == id);
        model
            .labels()
            .iter()
            .find(|l| match (&l.taxonomy_id, t) {
                (Some(lid), Some(t)) => {
                    topics[t].id == *lid
                        || topics
                            .iter()
                            .position(|x| &x.id == lid)
                            .is_some_and(|a| is_ancestor(parents, a, t))
                }
                (None, _) => l.name == id,
                _ => false,
            })
            .map(|l| l.name.clone())
    }

    /// Ranked topics for a text.
    ///
    /// Without a model, the taxonomy scores alone (see the module docs). With one, the
    /// model scores and the taxonomy is evidence and prior: each model label's logit
    /// (already divided by the model's calibration temperature) gains
    /// `taxonomy_weight × W`, `W` the taxonomy evidence for its topic or a narrower one;
    /// taxonomy topics the model has no label for (a user's own) start from the
    /// model's `other` logit and gain the same. A softmax gives calibrated
    /// probabilities. The best topic is named when at least the model's
    /// [`Model::min_confidence`] likely (one half for the default model), or one in
    /// three on text as long as the model's training texts
    /// ([`Model::typical_words`]); the model's `other` is taken as it is on such text.
    /// Otherwise the taxonomy decides alone (and says `other` when it finds nothing).
    /// Further topics are named when at least 0.25 likely, at most three; a named topic is refined to the narrower topic whose own terms the text
    /// matches most (buses: public transport under transport). Texts of which the
    /// model knows no word are scored by the taxonomy alone.
    ///
    /// With a model, the scores reported are mapped through the model's score
    /// calibration ([`Model::calibrate`]), fitted on held-out folds at training time, one
    /// map for scores from the model and one for those of the taxonomy back-off.
    pub fn classify(&self, title: &str, body: &str) -> Vec<Topic> {
        let (mut topics, source) = self.classify_raw(title, body);
        if let Some(model) = self.model {
            for t in &mut topics {
                t.score = model.calibrate(t.score, source);
            }
        }
        topics
    }

    /// [`Classifier::classify`] before the score calibration, with where the scores
    /// came from.
    pub(crate) fn classify_raw(&self, title: &str, body: &str) -> (Vec<Topic>, ScoreSource) {
        let (title, body) = (bounded(title), bounded(body));
        let title_toks = tokens(title);
        let body_toks = tokens(body);
        let ev = self.evidence_of_tokens(&title_toks, &body_toks);
        if let Some(model) = self.model {
            // The model reads title and body as one text: the words of "title\nbody",
            // which are the title's then the body's (a line break splits words).
            let ws = title_toks.into_iter().chain(body_toks).filter(is_feature_word).collect();
            let scored = model.score_words(ws);
            if scored.known_words > 0
                && let Some(topics) = self.combine(model, &scored, &ev)
            {
                return topics;
            }
        }
        (self.taxonomy_only(&ev), ScoreSource::BackOff)
    }

    fn taxonomy_only(&self, ev: &TaxonomyEvidence) -> Vec<Topic> {
        let topics = self.taxonomy.topics();
        let (direct, weight, inherited_evidence) = (&ev.direct, &ev.weight, &ev.evidence);
        let parents = self.taxonomy.parents();
        let mut ranked: Vec<usize> = (0..topics.len()).filter(|&t| weight[t] > 0.0).collect();
        ranked.sort_by(|&a, &b| {
            weight[b].total_cmp(&weight[a]).then(direct[b].total_cmp(&direct[a])).then(a.cmp(&b))
        });
        let best = ranked.first().map_or(0.0, |&t| weight[t]);
        let min_weight = if ev.body_words <= SHORT_BODY { MIN_WEIGHT_SHORT } else { MIN_WEIGHT };
        if best < min_weight {
            return vec![Topic {
                id: OTHER.to_owned(),
                label: OTHER.to_owned(),
                score: 1.0 - score(best),
                evidence: Vec::new(),
            }];
        }
        let is_ancestor = |a: usize, of: usize| is_ancestor(parents, a, of);
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
                id: topics[t].id.clone(),
                label: topics[t].label.clone(),
                score: score(weight[t]),
                evidence: inherited_evidence[t].iter().take(MAX_EVIDENCE).cloned().collect(),
            })
            .collect()
    }
}

/// Where a result's scores come from, for their calibration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScoreSource {
    /// The model + taxonomy posterior.
    Model,
    /// The taxonomy alone, where the model named no topic (or without a model).
    BackOff,
}

/// One candidate of the model + taxonomy combination.
struct Candidate {
    id: String,
    label: String,
    /// Index of its taxonomy topic, if any.
    topic: Option<usize>,
    /// Index of its model label, if any.
    label_index: Option<usize>,
    z: f64,
}

impl Classifier<'_> {
    /// The model + taxonomy result (see [`Classifier::classify`]); `None` when no
    /// model label applies to this taxonomy.
    fn combine(
        &self,
        model: &Model,
        scored: &crate::model::Scored<'_>,
        ev: &TaxonomyEvidence,
    ) -> Option<(Vec<Topic>, ScoreSource)> {
        let topics = self.taxonomy.topics();
        let parents = self.taxonomy.parents();
        let (_, beta) = model.calibration();
        let beta = f64::from(beta);
        let mut cands: Vec<Candidate> = Vec::new();
        let mut other_z: Option<f64> = None;
        let mut covered = vec![false; topics.len()];
        for (i, l) in model.labels().iter().enumerate() {
            let z = f64::from(scored.logits[i]);
            match &l.taxonomy_id {
                Some(id) => {
                    // A label whose topic this taxonomy lacks says nothing here.
                    let Some(t) = topics.iter().position(|x| &x.id == id) else { continue };
                    for (d, c) in covered.iter_mut().enumerate() {
                        *c |= d == t || is_ancestor(parents, t, d);
                    }
                    let w = f64::from(ev.weight_under(self.taxonomy, id));
                    cands.push(Candidate {
                        id: id.clone(),
                        label: topics[t].label.clone(),
                        topic: Some(t),
                        label_index: Some(i),
                        z: z + beta * w,
                    });
                }
                None if l.name == OTHER => {
                    other_z = Some(z);
                    cands.push(Candidate {
                        id: OTHER.into(),
                        label: OTHER.into(),
                        topic: None,
                        label_index: Some(i),
                        z,
                    });
                }
                None => cands.push(Candidate {
                    id: l.name.clone(),
                    label: l.name.clone(),
                    topic: None,
                    label_index: Some(i),
                    z,
                }),
            }
        }
        if cands.iter().all(|c| c.id == OTHER) {
            return None;
        }
        // Topics the model has no label for start where the model puts "none of mine".
        let base = other_z
            .unwrap_or_else(|| cands.iter().map(|c| c.z).sum::<f64>() / cands.len().max(1) as f64);
        for (t, topic) in topics.iter().enumerate() {
            if covered[t] || ev.direct[t] <= 0.0 {
                continue;
            }
            cands.push(Candidate {
                id: topic.id.clone(),
                label: topic.label.clone(),
                topic: Some(t),
                label_index: None,
                z: base + beta * f64::from(ev.weight[t]),
            });
        }
        let mut p: Vec<f64> = cands.iter().map(|c| c.z).collect();
        crate::linear::softmax(&mut p);
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then_with(|| cands[a].id.cmp(&cands[b].id)));
        let best = order[0];
        let p_best = p[best] as f32;
        // On text as long as what it was trained on, the model's best guess is right more
        // often than the taxonomy's even when unsure (grouped CV on the development set:
        // macro-F1 0.69 against 0.63 when the taxonomy decided below 0.5); on shorter text
        // (titles, bullets, names) the taxonomy decides unless the model is confident.
        let familiar = scored.words >= model.typical_words();
        let says_other = cands[best].id == OTHER;
        let confident =
            p_best >= model.min_confidence() || (familiar && p_best >= UNSURE_ON_FAMILIAR);
        if !confident || (says_other && !familiar) {
            return Some((self.back_off(ev, says_other, p_best), ScoreSource::BackOff));
        }
        if says_other {
            return Some((vec![other(p_best)], ScoreSource::Model));
        }
        let mut named: Vec<usize> = Vec::new();
        for &c in order.iter().take(MAX_TOPICS) {
            if cands[c].id == OTHER || (c != best && (p[c] as f32) < ALSO_LIKELY) {
                break;
            }
            named.push(c);
        }
        // Model evidence only for the labels named (it costs a scoring per label).
        let labels: Vec<usize> = named.iter().filter_map(|&c| cands[c].label_index).collect();
        let mut model_evidence = model.evidence(scored, &labels).into_iter();
        let mut out = Vec::new();
        for c in named {
            let pc = p[c] as f32;
            let cand = &cands[c];
            let mut evidence: Vec<String> = Vec::new();
            if cand.label_index.is_some() {
                let words = model_evidence.next().unwrap_or_default();
                evidence.extend(words.into_iter().take(MODEL_EVIDENCE).map(|(w, _)| w));
            }
            // Refine to the narrower topic the text's own terms point to most.
            let mut topic = cand.topic;
            if let Some(t) = topic {
                let narrower = (0..topics.len())
                    .filter(|&d| is_ancestor(parents, t, d) && ev.direct[d] > ev.direct[t])
                    .max_by(|&a, &b| ev.direct[a].total_cmp(&ev.direct[b]).then(b.cmp(&a)));
                if narrower.is_some() {
                    topic = narrower;
                }
            }
            let (id, label) = match topic {
                Some(t) => {
                    for e in &ev.evidence[t] {
                        if !evidence
                            .iter()
                            .any(|x| crate::normalize::fold(x) == crate::normalize::fold(e))
                        {
                            evidence.push(e.clone());
                        }
                    }
                    (topics[t].id.clone(), topics[t].label.clone())
                }
                None => (cand.id.clone(), cand.label.clone()),
            };
            evidence.truncate(MAX_EVIDENCE);
            out.push(Topic { id, label, score: pc, evidence });
        }
        Some((out, ScoreSource::Model))
    }
}

impl Classifier<'_> {
    /// Where the model names no topic (it is unsure, or its best label is `other`,
    /// which for text unlike its training data mostly means "none of my labels"), the
    /// taxonomy decides alone: the prior where the model is unsure. (Raising the
    /// taxonomy's scores by the model's probabilities, `1 − (1 − s)(1 − p)`, was
    /// tried: on slide text the model's leanings, learned from laws, reordered right
    /// taxonomy topics into wrong ones. Taking, wherever the model is below one half,
    /// the taxonomy's own topics as the candidates and ranking them by the posterior
    /// was tried too: the seed's freight section came right (4 of 5), but grouped
    /// 5-fold CV on the development set fell from macro-F1 0.678 to 0.655, the
    /// taxonomy naming topics for law passages the model had right as `other`.)
    /// No taxonomy topic either: `other`, scored the
    /// model's probability of `other` when that is its best label, else 1 − its best
    /// probability.
    fn back_off(&self, ev: &TaxonomyEvidence, model_says_other: bool, p_best: f32) -> Vec<Topic> {
        let topics = self.taxonomy_only(ev);
        if topics.first().is_none_or(|t| t.id == OTHER) {
            return vec![other(if model_says_other { p_best } else { 1.0 - p_best })];
        }
        topics
    }
}

fn other(score: f32) -> Topic {
    Topic { id: OTHER.into(), label: OTHER.into(), score, evidence: Vec::new() }
}
