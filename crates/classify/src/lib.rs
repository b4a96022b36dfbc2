//! Classifies text into topics, with scores and evidence; detects its language.
//!
//! - [`Taxonomy`]: topics with terms in Bokmål, Nynorsk and English and an optional
//!   broader topic. [`Taxonomy::embedded`] is a general public-sector taxonomy shipped in
//!   `data/taxonomy.toml` (original work, see `data/SOURCE.md`); others load from TOML
//!   or (with the `skos` feature, on by default) SKOS (RDF/XML, Turtle, N-Triples), and
//!   [`Taxonomy::extend`] merges them.
//! - [`Model`]: a learned linear model over hashed word and character n-grams with
//!   calibrated probabilities; [`Model::embedded`] is the default one, trained on
//!   labelled Norwegian public-sector passages (`data/topics.model`, see
//!   `data/SOURCE.md`); [`train`](train()) and [`cross_validate`] make and measure
//!   others from JSON Lines.
//! - [`Classifier`]: the model scores, the taxonomy's terms are evidence and a prior
//!   where the model is unsure (or the taxonomy alone, without a model); see
//!   [`Classifier::classify`].
//! - [`detect_language`]: Bokmål, Nynorsk, English or other, from function words.
//!
//! Matching is built for Norwegian: words are folded (case, diacritics, æ/ae, ø/oe,
//! å/aa), terms match with inflectional endings ("buss" → "bussene", "skule" →
//! "skulane") and as parts of compounds of at least four letters ("bygdevekst" in
//! "bygdevekstavtale", "buss" in "nullutslippsbusser"). Plain text only: this crate
//! knows nothing about PDFs or layout.

mod arrays;
mod classifier;
mod error;
mod features;
mod index;
mod language;
mod linear;
mod model;
mod normalize;
#[cfg(feature = "skos")]
mod skos;
mod taxonomy;
mod train;

pub use classifier::{Classifier, MAX_TEXT_BYTES, OTHER, Topic};
pub use error::TaxonomyError;
pub use language::{Language, detect_language};
pub use model::{FORMAT_VERSION, MAGIC, Model, ModelError, ModelLabel};
pub use taxonomy::{SkosFormat, Taxonomy, Term, TopicDef};
pub use train::{
    CalibrationBin, Confusion, CvReport, Example, Fields, LabelScores, MODEL_ATTRIBUTION,
    TrainOptions, build_default_model, cross_validate, read_examples, taxonomy_id_for, train,
};
