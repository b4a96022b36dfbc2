//! Classifies text into topics, with scores and evidence; detects its language.
//!
//! - [`Taxonomy`]: topics with terms in Bokmål, Nynorsk and English and an optional
//!   broader topic. [`Taxonomy::embedded`] is a general public-sector taxonomy shipped in
//!   `data/taxonomy.toml` (original work, see `data/SOURCE.md`); others load from TOML
//!   or SKOS (RDF/XML, Turtle, N-Triples), and [`Taxonomy::extend`] merges them.
//! - [`Classifier`]: matches terms in a title and a body and scores each topic; the
//!   formula is documented in the `classifier` module and on [`Classifier::classify`].
//! - [`detect_language`]: Bokmål, Nynorsk, English or other, from function words.
//! - [`NaiveBayes`]: an optional multinomial naive-Bayes model learned from labelled
//!   JSON Lines, saved as JSON, combined with the taxonomy by
//!   [`Classifier::with_model`].
//!
//! Matching is built for Norwegian: words are folded (case, diacritics, æ/ae, ø/oe,
//! å/aa), terms match with inflectional endings ("buss" → "bussene", "skule" →
//! "skulane") and as parts of compounds of at least four letters ("bygdevekst" in
//! "bygdevekstavtale", "buss" in "nullutslippsbusser"). Plain text only: this crate
//! knows nothing about PDFs or layout.

mod bayes;
mod classifier;
mod error;
mod index;
mod language;
mod normalize;
mod skos;
mod taxonomy;

pub use bayes::{ModelError, NaiveBayes};
pub use classifier::{Classifier, OTHER, Topic};
pub use error::TaxonomyError;
pub use language::{Language, detect_language};
pub use taxonomy::{SkosFormat, Taxonomy, Term, TopicDef};
