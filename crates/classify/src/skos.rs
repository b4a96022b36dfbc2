//! SKOS vocabularies (Norway's Los, EuroVoc, ...) as taxonomies.
//!
//! Every `skos:Concept` (or subject with a `skos:prefLabel`, except concept schemes)
//! becomes a topic: id = the concept IRI, label = its preferred label in Bokmål, else
//! Norwegian (`no`), Nynorsk, English, untagged, terms = its preferred, alternative and
//! hidden labels in `nb`, `no` (taken as Bokmål), `nn`, `en` and untagged literals
//! (other languages are dropped; EuroVoc carries 24). `skos:broader` and the inverse of
//! `skos:narrower` give the topic's broader topic, so the classifier's evidence
//! propagation lets a match on a narrow concept support its top concept too.
//!
//! Each concept being a topic (rather than folding narrow labels into top concepts)
//! keeps the specific label when the text is specific, and still surfaces the broad
//! label when several narrow concepts of one branch match.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::Read;
use std::rc::Rc;

use oxrdf::{Subject, Term as RdfTerm};
use oxrdfio::{RdfFormat, RdfParseError, RdfParser};

use crate::Language;
use crate::error::TaxonomyError;
use crate::taxonomy::{SkosFormat, Taxonomy, Term, TopicDef};

const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Hands the parser one line per read, counting lines, so an RDF/XML error (which
/// carries no position) can be placed on the line the parser had reached.
struct LineReader<'a> {
    rest: &'a [u8],
    lines: Rc<Cell<usize>>,
}

impl Read for LineReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = self.rest.iter().position(|&b| b == b'\n').map_or(self.rest.len(), |i| i + 1);
        let n = end.min(buf.len());
        buf[..n].copy_from_slice(&self.rest[..n]);
        if n > 0 && self.rest[n - 1] == b'\n' {
            self.lines.set(self.lines.get() + 1);
        }
        self.rest = &self.rest[n..];
        Ok(n)
    }
}

#[derive(Default)]
struct Concept {
    order: usize,
    concept: bool,
    scheme: bool,
    labels: Vec<(Label, Option<String>, String)>,
    broader: Vec<String>,
}

#[derive(PartialEq, Clone, Copy)]
enum Label {
    Pref,
    Alt,
}

fn node_id(s: &Subject) -> Option<String> {
    match s {
        Subject::NamedNode(n) => Some(n.as_str().to_owned()),
        Subject::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

fn term_id(t: &RdfTerm) -> Option<String> {
    match t {
        RdfTerm::NamedNode(n) => Some(n.as_str().to_owned()),
        RdfTerm::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    }
}

fn entry<'m>(
    concepts: &'m mut HashMap<String, Concept>,
    next: &mut usize,
    id: String,
) -> &'m mut Concept {
    concepts.entry(id).or_insert_with(|| {
        *next += 1;
        Concept { order: *next, ..Concept::default() }
    })
}

pub(crate) fn parse(s: &str, format: SkosFormat) -> Result<Taxonomy, TaxonomyError> {
    let rdf_format = match format {
        SkosFormat::RdfXml => RdfFormat::RdfXml,
        SkosFormat::Turtle => RdfFormat::Turtle,
        SkosFormat::NTriples => RdfFormat::NTriples,
    };
    let lines = Rc::new(Cell::new(0));
    let reader = LineReader { rest: s.as_bytes(), lines: Rc::clone(&lines) };
    let mut concepts: HashMap<String, Concept> = HashMap::new();
    let mut narrower: Vec<(String, String)> = Vec::new();
    let mut next = 0usize;
    for quad in RdfParser::from_format(rdf_format).for_reader(reader) {
        let quad = quad.map_err(|e| {
            let (line, message) = match &e {
                RdfParseError::Syntax(se) => (
                    se.location().map_or(lines.get().max(1), |r| {
                        usize::try_from(r.start.line).unwrap_or(0) + 1
                    }),
                    se.to_string(),
                ),
                RdfParseError::Io(io) => (lines.get().max(1), io.to_string()),
            };
            TaxonomyError::Syntax { line, message }
        })?;
        let Some(subject) = node_id(&quad.subject) else { continue };
        let p = quad.predicate.as_str();
        if p == RDF_TYPE {
            let ty = term_id(&quad.object).unwrap_or_default();
            if ty == format!("{SKOS}Concept") {
                entry(&mut concepts, &mut next, subject).concept = true;
            } else if ty == format!("{SKOS}ConceptScheme") {
                entry(&mut concepts, &mut next, subject).scheme = true;
            }
            continue;
        }
        let Some(local) = p.strip_prefix(SKOS) else { continue };
        match (local, &quad.object) {
            ("prefLabel" | "altLabel" | "hiddenLabel", RdfTerm::Literal(l)) => {
                let kind = if local == "prefLabel" { Label::Pref } else { Label::Alt };
                entry(&mut concepts, &mut next, subject).labels.push((
                    kind,
                    l.language().map(str::to_owned),
                    l.value().to_owned(),
                ));
            }
            ("broader", o) => {
                if let Some(b) = term_id(o) {
                    entry(&mut concepts, &mut next, subject).broader.push(b);
                }
            }
            ("narrower", o) => {
                if let Some(n) = term_id(o) {
                    narrower.push((subject, n));
                }
            }
            _ => {}
        }
    }
    for (parent, child) in narrower {
        let c = concepts.entry(child).or_default();
        if !c.broader.contains(&parent) {
            c.broader.push(parent);
        }
    }

    let is_topic =
        |c: &Concept| !c.scheme && (c.concept || c.labels.iter().any(|l| l.0 == Label::Pref));
    let mut ids: Vec<(&String, &Concept)> = concepts.iter().filter(|(_, c)| is_topic(c)).collect();
    ids.sort_by_key(|(_, c)| c.order);
    let mut topics = Vec::new();
    for (id, c) in &ids {
        let mut terms: Vec<Term> = Vec::new();
        for (_, lang, value) in &c.labels {
            let language = match lang {
                None => Language::Other,
                Some(code) => match Language::from_code(code) {
                    Language::Other => continue,
                    l => l,
                },
            };
            let term = Term { text: value.trim().to_owned(), language };
            if !term.text.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
        }
        if terms.is_empty() {
            continue;
        }
        let label = ["nb", "no", "nn", "en"]
            .iter()
            .find_map(|want| {
                c.labels.iter().find(|(k, lang, _)| {
                    *k == Label::Pref
                        && lang.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(want))
                })
            })
            .or_else(|| c.labels.iter().find(|(k, lang, _)| *k == Label::Pref && lang.is_none()))
            .map_or_else(|| terms[0].text.clone(), |(_, _, v)| v.trim().to_owned());
        let broader = c.broader.iter().find(|b| concepts.get(*b).is_some_and(is_topic)).cloned();
        topics.push(TopicDef { id: (*id).clone(), label, broader, terms });
    }
    Ok(Taxonomy::from_topics(topics))
}
