//! Compiled term matching: which taxonomy terms occur in a run of words.
//!
//! Term syntax in a taxonomy:
//! - `buss`: the word with Norwegian/English inflection ("bussen", "bussene",
//!   "busser", "buses") and, for terms of at least 4 letters, as the first or last part
//!   of a compound ("bussrute", "nullutslippsbusser"); terms of at least 5 letters
//!   also match inside a compound ("kollektivtrafikkplan" holds "trafikk").
//! - `jernban*`: any word starting with the stem.
//! - `=eu`: the word and its inflections only, never inside a compound.
//! - `public transport`: consecutive words, each inflected; the last may be a compound
//!   head.
//! - `kroner^0.5`: any of the above with a weight (default 1.0), for words that point
//!   to a topic only weakly.
//!
//! Match quality: inflected word, explicit prefix or last part of a compound (its head:
//! a "vasskraftverk" is a "kraftverk") 1.0, first part of a compound 0.8, inside a
//! compound 0.6. Terms are indexed by their first three folded letters, so a
//! word is compared only with terms that can start at one of its positions: large
//! vocabularies (EuroVoc) stay fast.

use std::collections::HashMap;

use crate::normalize::Token;
use crate::taxonomy::TopicDef;

/// Endings that inflect any term ("skole" + "r", "sykehus" + "et", "bus" + "es").
const SUFFIXES: &[&str] = &[
    "", "e", "en", "et", "a", "er", "ar", "ene", "ane", "s", "es", "ers", "ens", "ets", "as",
    "ing", "inga", "ingen", "ingar", "inger", "ingane", "ingene",
];
/// Extra endings after a final vowel ("skole" + "n", "kommune" + "ne").
const VOWEL_SUFFIXES: &[&str] = &["n", "r", "ne", "t", "ns", "ts", "rs"];
/// Endings that replace a final -e ("skule" → "skul" + "ane").
const E_SUFFIXES: &[&str] = &["a", "ar", "ane", "en", "er", "ene", "et", "ing", "inga", "ingen"];
/// Endings allowed for `=` terms: inflection only, no derivation ("=train" must not
/// match "training").
const EXACT_SUFFIXES: &[&str] =
    &["", "s", "es", "e", "en", "et", "a", "er", "ar", "ene", "ane", "ne", "n", "r"];
/// What may not follow a term for the word to count as a compound starting with it:
/// derivational endings that make another word ("natur" + "lig" is "naturlig",
/// "natural", not a compound about nature).
const NOT_COMPOUND_REST: &[&str] = &[
    "lig", "lige", "ligere", "ligst", "ligvis", "leg", "lege", "legt", "isk", "iske", "het",
    "heten", "heter", "heit", "heita", "ende", "ande", "else", "elser", "ning", "ningen", "lighet",
    "ligheten", "ligheit", "ere", "ert", "erte", "ed", "ing", "ings", "ly", "ness", "ity",
];
/// Shortest term matched as part of a compound, and inside one.
const MIN_COMPOUND: usize = 4;
const MIN_INFIX: usize = 5;
/// Shortest rest of a compound beside a matched part (so "tog" + "a" is no compound).
const MIN_REST: usize = 3;

/// Whether `word` is `term` with an inflectional ending.
fn inflected(word: &str, term: &str) -> bool {
    if let Some(rest) = word.strip_prefix(term) {
        if SUFFIXES.contains(&rest) {
            return true;
        }
        if term.ends_with(['a', 'e', 'i', 'o', 'u', 'y']) && VOWEL_SUFFIXES.contains(&rest) {
            return true;
        }
    }
    if let Some(base) = term.strip_suffix('e')
        && base.len() >= 2
        && let Some(rest) = word.strip_prefix(base)
    {
        return E_SUFFIXES.contains(&rest);
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mode {
    Word,
    Prefix,
    Exact,
}

#[derive(Debug, Clone)]
struct CompiledTerm {
    topic: usize,
    words: Vec<String>,
    mode: Mode,
    weight: f32,
    /// Whether the term may match as part of a closed compound. Norwegian writes
    /// compounds as one word ("bussrute"); English does not, so an English term such
    /// as "exam" must not match inside "example".
    compounds: bool,
}

/// One occurrence of a term in the text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// Index of the topic in the taxonomy.
    pub(crate) topic: usize,
    /// Index of the term in the compiled index (identifies the term across hits).
    pub(crate) term: usize,
    /// Match quality times term weight.
    pub(crate) weight: f32,
    /// First and last token of the match.
    pub(crate) tokens: (usize, usize),
}

/// Terms of a taxonomy, compiled for matching.
#[derive(Debug, Default)]
pub(crate) struct Index {
    terms: Vec<CompiledTerm>,
    /// Single-word terms by their first three characters (whole term when shorter).
    by_key: HashMap<String, Vec<usize>>,
    /// Multi-word terms by their first word's first three characters.
    multi: HashMap<String, Vec<usize>>,
}

fn key3(s: &str) -> &str {
    match s.char_indices().nth(3) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

impl Index {
    pub(crate) fn build(topics: &[TopicDef]) -> Index {
        let mut index = Index::default();
        let mut seen: HashMap<(usize, Vec<String>, Mode), usize> = HashMap::new();
        for (t, topic) in topics.iter().enumerate() {
            for term in &topic.terms {
                let (raw, weight) = match term.text.trim().rsplit_once('^') {
                    Some((t, w)) => {
                        (t.trim(), w.trim().parse::<f32>().ok().filter(|w| *w > 0.0).unwrap_or(1.0))
                    }
                    None => (term.text.trim(), 1.0),
                };
                let (mode, body) = if let Some(b) = raw.strip_prefix('=') {
                    (Mode::Exact, b)
                } else if let Some(b) = raw.strip_suffix('*') {
                    (Mode::Prefix, b)
                } else {
                    (Mode::Word, raw)
                };
                let words: Vec<String> =
                    crate::normalize::tokens(body).into_iter().map(|w| w.key).collect();
                if words.is_empty() {
                    continue;
                }
                let compounds = term.language != crate::Language::En;
                // The same word listed for nb and nn is one term: hits must not count twice.
                if let Some(&id) = seen.get(&(t, words.clone(), mode)) {
                    if let Some(existing) = index.terms.get_mut(id) {
                        existing.compounds |= compounds;
                    }
                    continue;
                }
                let id = index.terms.len();
                seen.insert((t, words.clone(), mode), id);
                let map = if words.len() > 1 { &mut index.multi } else { &mut index.by_key };
                map.entry(key3(&words[0]).to_owned()).or_default().push(id);
                index.terms.push(CompiledTerm { topic: t, words, mode, weight, compounds });
            }
        }
        index
    }

    /// Quality of a single-word term's match in a word, with the matched byte span.
    fn match_word(term: &CompiledTerm, word: &str, at: usize) -> Option<(f32, usize, usize)> {
        let t = &term.words[0];
        if at == 0 {
            match term.mode {
                Mode::Prefix => return word.starts_with(t.as_str()).then_some((1.0, 0, t.len())),
                Mode::Exact => {
                    let ok = word
                        .strip_prefix(t.as_str())
                        .is_some_and(|rest| EXACT_SUFFIXES.contains(&rest));
                    return ok.then_some((1.0, 0, word.len()));
                }
                Mode::Word => {}
            }
            if inflected(word, t) {
                return Some((1.0, 0, word.len()));
            }
            let n = t.chars().count();
            let rest = word.strip_prefix(t.as_str());
            if term.compounds
                && n >= MIN_COMPOUND
                && rest.is_some_and(|r| {
                    r.chars().count() >= MIN_REST && !NOT_COMPOUND_REST.contains(&r)
                })
            {
                return Some((0.8, 0, t.len()));
            }
            return None;
        }
        if term.mode != Mode::Word || !term.compounds || word[..at].chars().count() < MIN_REST {
            return None;
        }
        let n = t.chars().count();
        let tail = &word[at..];
        if n >= MIN_COMPOUND && inflected(tail, t) {
            // The last part of a Norwegian compound is its head: a "vasskraftverk" is a
            // "kraftverk", so this counts like the word itself.
            return Some((1.0, at, word.len()));
        }
        if n >= MIN_INFIX
            && tail.starts_with(t.as_str())
            && tail[t.len()..].chars().count() >= MIN_REST
        {
            return Some((0.6, at, at + t.len()));
        }
        None
    }

    /// All term hits in a run of words. Within a word, longer matches win and shorter
    /// ones overlapping them are dropped ("kollektivtransport" is public transport, not
    /// also "transport"), but disjoint parts both count ("nullutslipp" + "busser").
    pub(crate) fn hits(&self, toks: &[Token<'_>]) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut covered = vec![false; toks.len()];
        // Multi-word terms first: they are the most specific.
        for (i, tok) in toks.iter().enumerate() {
            let Some(cands) = self.multi.get(key3(&tok.key)) else { continue };
            let mut best: Option<(usize, usize)> = None;
            for &c in cands {
                let term = &self.terms[c];
                let n = term.words.len();
                if i + n > toks.len() {
                    continue;
                }
                let ok = term.words.iter().enumerate().all(|(j, w)| {
                    let k = &toks[i + j].key;
                    let last = j + 1 == n;
                    inflected(k, w)
                        || (last && term.mode == Mode::Prefix && k.starts_with(w.as_str()))
                        || (last && w.chars().count() >= MIN_COMPOUND && k.starts_with(w.as_str()))
                });
                if ok && best.is_none_or(|(_, m)| n > m) {
                    best = Some((c, n));
                }
                if ok && !out.iter().any(|h: &Hit| h.tokens.0 == i && h.topic == term.topic) {
                    out.push(Hit {
                        topic: term.topic,
                        term: c,
                        weight: 1.5 * term.weight,
                        tokens: (i, i + n - 1),
                    });
                }
            }
            if let Some((_, n)) = best {
                covered[i..i + n].iter_mut().for_each(|c| *c = true);
            }
        }
        for (i, tok) in toks.iter().enumerate() {
            if covered[i] {
                continue;
            }
            let word = tok.key.as_str();
            let mut found: Vec<(usize, f32, usize, usize)> = Vec::new();
            for (at, _) in word.char_indices() {
                let Some(cands) = self.by_key.get(key3(&word[at..])) else { continue };
                for &c in cands {
                    if let Some((q, s, e)) = Self::match_word(&self.terms[c], word, at) {
                        found.push((c, q, s, e));
                    }
                }
            }
            // Longest span first; equal spans (the same word in two topics) all stay.
            found.sort_by(|a, b| (b.3 - b.2).cmp(&(a.3 - a.2)).then(b.1.total_cmp(&a.1)));
            let mut taken: Vec<(usize, usize)> = Vec::new();
            for (c, q, s, e) in found {
                let overlaps =
                    taken.iter().any(|&(ts, te)| s < te && ts < e && !(ts == s && te == e));
                if overlaps {
                    continue;
                }
                if out.iter().any(|h: &Hit| h.tokens == (i, i) && h.topic == self.terms[c].topic) {
                    // One hit per topic per word: "buss" (nb) and "bus" (en) in "busser",
                    // or "industri" and "bedrift" in "industribedrifter", are one piece
                    // of evidence.
                    continue;
                }
                taken.push((s, e));
                out.push(Hit {
                    topic: self.terms[c].topic,
                    term: c,
                    weight: q * self.terms[c].weight,
                    tokens: (i, i),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        assert!(inflected("bussene", "buss"));
        assert!(inflected("skolen", "skole"));
        assert!(inflected("skulane", "skule"));
        assert!(inflected("kommunane", "kommune"));
        assert!(inflected("buses", "bus"));
        assert!(inflected("sykehuset", "sykehus"));
        assert!(!inflected("rent", "rente"));
        assert!(!inflected("bussrute", "buss"));
    }
}
