//! Errors from reading a taxonomy.

use std::path::PathBuf;

/// Why a taxonomy could not be read. Syntax and content errors name the 1-based line.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// The file is not valid TOML / RDF/XML / Turtle.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line of the error (for RDF/XML: the line the parser had reached).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file parses but a topic is unusable (no id, no terms, unknown broader, ...).
    #[error("line {line}: {message}")]
    Invalid {
        /// 1-based line of the offending topic.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A SKOS file, in a build without the `skos` feature.
    #[error("{0}: SKOS taxonomies need deck-classify's `skos` feature")]
    SkosDisabled(PathBuf),
    /// The file name does not tell the format.
    #[error("unknown taxonomy format for {0} (expected .toml, .rdf, .xml, .owl or .ttl)")]
    UnknownFormat(PathBuf),
}

impl TaxonomyError {
    /// The 1-based line the error is on, when it has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            TaxonomyError::Syntax { line, .. } | TaxonomyError::Invalid { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}
