//! Topic taxonomies: the embedded default, TOML files, SKOS vocabularies.
//!
//! TOML format (see `data/taxonomy.toml`):
//!
//! ```toml
//! [[topic]]
//! id = "public_transport"          # unique; required
//! label = "public transport"       # reported label; defaults to the id
//! broader = "transport"            # optional parent topic id
//! nb = ["kollektivtransport", "buss"]
//! nn = ["kollektivtransport", "buss"]
//! en = ["public transport", "bus"]
//! terms = ["AtB"]                  # optional, any language
//! ```
//!
//! Term syntax (`buss`, `jernban*`, `=eu`, multi-word) is described in `index`.
//! A `broader` id that the file does not define is allowed (it may name a topic of the
//! taxonomy this one extends) and ignored when no such topic exists.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::Language;
use crate::error::{TaxonomyError, line_of};
use crate::index::Index;

/// A set of topics with their terms.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    topics: Vec<TopicDef>,
    /// The compiled matcher, built on first use and shared by clones.
    index: OnceLock<Arc<Index>>,
    /// Each topic's parent index, computed on first use and shared by clones.
    parents: OnceLock<Arc<Vec<Option<usize>>>>,
}

/// One topic of a taxonomy.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDef {
    /// Unique id (TOML `id`, or the concept IRI for SKOS).
    pub id: String,
    /// The label reported in results.
    pub label: String,
    /// Id of the parent topic, if any.
    pub broader: Option<String>,
    /// Terms that indicate the topic.
    pub terms: Vec<Term>,
}

/// A term and the language it is written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The term, in the syntax described in the crate docs.
    pub text: String,
    /// Its language ([`Language::Other`] when not given).
    pub language: Language,
}

/// Format of a SKOS file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkosFormat {
    /// RDF/XML (`.rdf`, `.xml`, `.owl`).
    RdfXml,
    /// Turtle (`.ttl`).
    Turtle,
    /// N-Triples (`.nt`).
    NTriples,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    topic: Vec<TomlTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlTopic {
    id: String,
    label: Option<String>,
    broader: Option<String>,
    #[serde(default)]
    nb: Vec<String>,
    #[serde(default)]
    nn: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    terms: Vec<String>,
}

/// The line a topic's `id = "..."` is on (1 when it cannot be found).
/// `nth` counts earlier topics with the same id, so a duplicate points at itself.
fn id_line(src: &str, id: &str, nth: usize) -> usize {
    let quoted = [format!("\"{id}\""), format!("'{id}'")];
    src.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t.starts_with("id") && quoted.iter().any(|q| t.contains(q.as_str()))
        })
        .nth(nth)
        .map_or(1, |(i, _)| i + 1)
}

impl Taxonomy {
    /// The default taxonomy for public-sector documents (`data/taxonomy.toml`).
    pub fn embedded() -> &'static Taxonomy {
        static EMBEDDED: OnceLock<Taxonomy> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Taxonomy::from_toml_str(include_str!("../data/taxonomy.toml"))
                .unwrap_or_else(|e| panic!("embedded taxonomy is invalid: {e}"))
        })
    }

    /// Builds a taxonomy from topics.
    pub fn from_topics(topics: Vec<TopicDef>) -> Taxonomy {
        Taxonomy { topics, index: OnceLock::new(), parents: OnceLock::new() }
    }

    /// The topics, in file order.
    pub fn topics(&self) -> &[TopicDef] {
        &self.topics
    }

    /// Parses the TOML format described in the module docs. Errors name the line.
    pub fn from_toml_str(s: &str) -> Result<Taxonomy, TaxonomyError> {
        let file: TomlFile = toml::from_str(s).map_err(|e| TaxonomyError::Syntax {
            line: e.span().map_or(1, |r| line_of(s, r.start)),
            message: e.message().trim().to_owned(),
        })?;
        let mut topics: Vec<TopicDef> = Vec::with_capacity(file.topic.len());
        for t in file.topic {
            let line = id_line(s, &t.id, topics.iter().filter(|o| o.id == t.id).count());
            let invalid = |message: String| TaxonomyError::Invalid { line, message };
            if t.id.trim().is_empty() {
                return Err(invalid("topic with an empty id".into()));
            }
            if topics.iter().any(|o| o.id == t.id) {
                return Err(invalid(format!("duplicate topic id {:?}", t.id)));
            }
            let mut terms = Vec::new();
            for (lang, list) in [
                (Language::Nb, t.nb),
                (Language::Nn, t.nn),
                (Language::En, t.en),
                (Language::Other, t.terms),
            ] {
                for text in list {
                    if text.trim().trim_matches(['*', '=']).trim().is_empty() {
                        return Err(invalid(format!("topic {:?} has an empty term", t.id)));
                    }
                    terms.push(Term { text, language: lang });
                }
            }
            if terms.is_empty() {
                return Err(invalid(format!("topic {:?} has no terms", t.id)));
            }
            if t.broader.as_deref() == Some(t.id.as_str()) {
                return Err(invalid(format!("topic {:?} is its own broader topic", t.id)));
            }
            topics.push(TopicDef {
                label: t.label.unwrap_or_else(|| t.id.clone()),
                id: t.id,
                broader: t.broader,
                terms,
            });
        }
        Ok(Taxonomy::from_topics(topics))
    }

    /// Reads a SKOS vocabulary. Every concept becomes a topic (id = IRI, label = its
    /// preferred label in nb, else no, nn, en, untagged; terms = its preferred,
    /// alternative and hidden labels in nb/no/nn/en/untagged; other languages are
    /// dropped); `skos:broader` (or the inverse of `skos:narrower`) gives the broader
    /// topic, to which the classifier passes evidence. Errors name the line.
    #[cfg(feature = "skos")]
    pub fn from_skos_str(s: &str, format: SkosFormat) -> Result<Taxonomy, TaxonomyError> {
        crate::skos::parse(s, format)
    }

    /// Reads a taxonomy file, the format by extension: `.toml`; `.rdf`, `.xml`, `.owl`
    /// (SKOS in RDF/XML); `.ttl` (Turtle); `.nt` (N-Triples).
    pub fn load(path: &Path) -> Result<Taxonomy, TaxonomyError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let format = match ext.as_str() {
            "toml" => None,
            "rdf" | "xml" | "owl" => Some(SkosFormat::RdfXml),
            "ttl" | "turtle" => Some(SkosFormat::Turtle),
            "nt" => Some(SkosFormat::NTriples),
            _ => return Err(TaxonomyError::UnknownFormat(path.to_owned())),
        };
        let text = std::fs::read_to_string(path)
            .map_err(|source| TaxonomyError::Io { path: path.to_owned(), source })?;
        match format {
            None => Taxonomy::from_toml_str(&text),
            #[cfg(feature = "skos")]
            Some(f) => Taxonomy::from_skos_str(&text, f),
            #[cfg(not(feature = "skos"))]
            Some(_) => Err(TaxonomyError::SkosDisabled(path.to_owned())),
        }
    }

    /// Adds another taxonomy's topics. A topic whose id exists already gains the new
    /// terms (and takes the new label and broader topic); others are appended.
    pub fn extend(&mut self, other: Taxonomy) {
        for t in other.topics {
            match self.topics.iter_mut().find(|o| o.id == t.id) {
                Some(existing) => {
                    existing.label = t.label;
                    if t.broader.is_some() {
                        existing.broader = t.broader;
                    }
                    for term in t.terms {
                        if !existing.terms.contains(&term) {
                            existing.terms.push(term);
                        }
                    }
                }
                None => self.topics.push(t),
            }
        }
        self.index = OnceLock::new();
        self.parents = OnceLock::new();
    }

    /// Builds the term index and the topic tree now rather than on the first text
    /// classified (e.g. on a thread of its own while a batch's first files are read).
    pub fn prepare(&self) {
        self.index();
        self.parents();
    }

    pub(crate) fn index(&self) -> &Index {
        self.index.get_or_init(|| Arc::new(Index::build(&self.topics)))
    }

    /// Index of each topic's parent topic (computed once: classifying asks per text).
    pub(crate) fn parents(&self) -> &[Option<usize>] {
        self.parents.get_or_init(|| {
            let by_id: std::collections::HashMap<&str, usize> =
                self.topics.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).rev().collect();
            Arc::new(
                self.topics
                    .iter()
                    .map(|t| t.broader.as_deref().and_then(|b| by_id.get(b).copied()))
                    .collect(),
            )
        })
    }
}
