//! Runs the whole pipeline on one PDF and returns its records.
//!
//! Overview: a [`Pipeline`] holds what is loaded once per process (the repair
//! lexicon, the taxonomy, the topic model) and the run's [`Config`]. For each input it runs
//! `extract` → `repair` → `structure` → `classify` and builds `records`:
//!
//! - [`Pipeline::records`] turns PDF bytes into section records or a typed error;
//! - [`Pipeline::process_path`] reads a file and never fails: any error, even a
//!   panic inside a stage, becomes one `deck-ingest.error/1` record, so a batch
//!   always goes on;
//! - [`Pipeline::document`] gives the repaired page model, for `text` and reports;
//! - [`Pipeline::topics`] classifies plain text as the records do (for `classify`).
//!
//! This crate holds no global state and starts no threads; the CLI parallelises
//! across files.

mod redact;
mod wire;

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use deck_classify::{Classifier, Model, Taxonomy};
use deck_records::{ErrorKind, ErrorRecord, Granularity, Record};
use deck_repair::{Lexicon, Repairer};

pub use wire::sha256_hex;

/// What a run does.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Repair letter spacing (on by default in the CLI; `--no-repair` turns it off).
    pub repair: bool,
    /// One record per section, page, document or chunk.
    pub granularity: Granularity,
    /// The most characters of text in a chunk record (`Granularity::Chunk`); 0 means
    /// the default, [`DEFAULT_MAX_CHARS`].
    pub max_chars: usize,
    /// Extraction options: password and resource limits.
    pub extract: deck_extract::Options,
    /// Take personal data out after repair (`--redact`); compiled once, shared by all
    /// files. `None`: no redaction, and records say `"redactions": null`.
    pub redact: Option<Arc<deck_redact::Redactor>>,
}

/// The default size limit of a chunk record's text, in characters: about 500 tokens,
/// a common input size for embedding models.
pub const DEFAULT_MAX_CHARS: usize = 2000;

/// Everything that failed for one input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The PDF could not be interpreted.
    #[error(transparent)]
    Extract(#[from] deck_extract::ExtractError),
    /// The bytes are no PDF: no `%PDF-` header in the first kilobyte, and the
    /// extractor could read nothing either (its error is kept as the detail).
    #[error("not a PDF (no %PDF- header): {0}")]
    NotPdf(deck_extract::ExtractError),
    /// A stage panicked; the message is the panic payload.
    #[error("internal error (panic): {0}")]
    Panic(String),
}

impl IngestError {
    /// The machine-readable kind used in error records. An unsupported encryption
    /// scheme reads as `encrypted` (the text cannot be had), a parser panic on the
    /// input as `malformed`.
    pub fn kind(&self) -> ErrorKind {
        use deck_extract::ExtractError as E;
        match self {
            IngestError::Io(_) => ErrorKind::Io,
            IngestError::NotPdf(_) => ErrorKind::NotPdf,
            IngestError::Extract(e) => match e {
                E::Encrypted | E::UnsupportedEncryption(_) => ErrorKind::Encrypted,
                E::WrongPassword => ErrorKind::WrongPassword,
                E::LimitExceeded { .. } => ErrorKind::Limit,
                _ => ErrorKind::Malformed,
            },
            IngestError::Panic(_) => ErrorKind::Panic,
        }
    }
}

/// A document prepared for structure: extracted, repaired and (when configured)
/// redacted, with the edits and redaction counts made on the way.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Pages of lines; `Line::raw` holds the pre-repair text where it changed.
    pub document: deck_layout::Document,
    /// Every repair edit with the 1-based page it belongs to.
    pub edits: Vec<(u32, deck_repair::Edit)>,
    /// With redaction: how many values of each kind left each page (`page: None`: the
    /// metadata). `None` when the run does not redact.
    pub redactions: Option<Vec<deck_records::Redaction>>,
}

/// The intermediate results of one file, see [`Pipeline::analyse`].
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The page model after repair (and redaction), and the edits.
    pub prepared: Prepared,
    /// The deck's sections and blocks.
    pub deck: deck_structure::Deck,
    /// The records, as `records` writes them.
    pub records: Vec<Record>,
}

/// The pipeline, configured once and used for many files (from many threads).
pub struct Pipeline {
    config: Config,
    /// Run-time dictionaries for repair (see [`deck_repair::Dictionary`]).
    dictionaries: Vec<deck_repair::Dictionary>,
    /// A custom taxonomy; `None` uses the embedded one. The embedded lexicon and
    /// taxonomy are loaded on first use (once per process), so `text --raw` never
    /// pays for them.
    taxonomy: Option<Taxonomy>,
    /// A custom topic model; `None` uses the embedded one (decoded on first use).
    model: Option<Model>,
}

impl Pipeline {
    /// A pipeline with the given taxonomy, or the embedded default one, and the
    /// embedded topic model.
    pub fn new(config: Config, taxonomy: Option<Taxonomy>) -> Self {
        Pipeline { config, dictionaries: Vec::new(), taxonomy, model: None }
    }

    /// Scores topics with this model instead of the embedded one.
    pub fn with_model(mut self, model: Model) -> Self {
        self.model = Some(model);
        self
    }

    /// Repairs also trust the words these dictionaries accept.
    pub fn with_dictionaries(mut self, dictionaries: Vec<deck_repair::Dictionary>) -> Self {
        self.dictionaries = dictionaries;
        self
    }

    /// Loads what this pipeline builds on first use: the topic model, the taxonomy's
    /// index, the structure markers. A batch calls it on a thread of its own while the
    /// first files are extracted (extraction needs none of it), so no worker stalls on
    /// a lazy load that another worker is running.
    pub fn prepare(&self) {
        self.classifier();
        self.taxonomy().prepare();
        deck_structure::prepare();
    }

    /// The run's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Extracts and, when configured, repairs and redacts a PDF. Redaction comes after
    /// repair (a number split by the spacing defect reads as one only then) and covers
    /// the edits too, whose text was taken before it.
    pub fn document(&self, bytes: &[u8]) -> Result<Prepared, IngestError> {
        let mut document = deck_extract::extract(bytes, &self.config.extract).map_err(|e| {
            // A file without a PDF header that also fails to read is something else,
            // not a damaged PDF.
            if deck_extract::has_pdf_header(bytes)
                || !matches!(e, deck_extract::ExtractError::Malformed(_))
            {
                IngestError::Extract(e)
            } else {
                IngestError::NotPdf(e)
            }
        })?;
        let mut edits = Vec::new();
        if self.config.repair {
            edits = repair_document(&mut document, Lexicon::embedded(), &self.dictionaries);
        }
        let redactions = self
            .config
            .redact
            .as_deref()
            .map(|r| redact::redact_document(&mut document, &mut edits, r));
        Ok(Prepared { document, edits, redactions })
    }

    /// `text` without the values, when the run redacts (labels, error messages).
    pub fn redact_text(&self, text: &str) -> String {
        match self.config.redact.as_deref() {
            Some(r) => r.redact(text).text,
            None => text.to_owned(),
        }
    }

    /// The records of one PDF; `path` is the label written into them.
    pub fn records(&self, path: &str, bytes: &[u8]) -> Result<Vec<Record>, IngestError> {
        self.analyse(path, bytes).map(|a| a.records)
    }

    /// Every intermediate result for one PDF: the repaired page model, the deck's
    /// structure and the records (for reports that show how the records came about).
    pub fn analyse(&self, path: &str, bytes: &[u8]) -> Result<Analysis, IngestError> {
        // The file's hash only labels the records. In a pool of several workers it is a
        // task beside the extraction: on a long document it was the largest part left to
        // one core (6 % of a 117-page file's instructions) while the others waited.
        let (prepared, sha) = if in_shared_pool() {
            let (prepared, sha) = rayon::join(|| self.document(bytes), || wire::sha256_hex(bytes));
            (prepared?, sha)
        } else {
            (self.document(bytes)?, wire::sha256_hex(bytes))
        };
        let lexicon = Lexicon::embedded();
        let is_word = |w: &str| lexicon.contains(w);
        let options = deck_structure::Options {
            is_word: Some(&is_word),
            markers: None,
            parallel: in_shared_pool(),
        };
        let deck = deck_structure::structure(&prepared.document, &options);
        let records = wire::records(self, path, &sha, &prepared, &deck);
        Ok(Analysis { prepared, deck, records })
    }

    /// Reads `file` and returns its records; never fails: an error or a panic
    /// becomes a single error record labelled `label`.
    pub fn process_path(&self, file: &Path, label: &str) -> Vec<Record> {
        match std::fs::read(file) {
            Ok(bytes) => self.process_bytes(label, &bytes),
            Err(err) => vec![self.error_record(label, &IngestError::from(err))],
        }
    }

    /// The records of bytes already read; never fails, like [`Pipeline::process_path`].
    pub fn process_bytes(&self, label: &str, bytes: &[u8]) -> Vec<Record> {
        panic::catch_unwind(AssertUnwindSafe(|| self.records(label, bytes)))
            .unwrap_or_else(|payload| Err(IngestError::Panic(panic_message(&payload))))
            .unwrap_or_else(|err| vec![self.error_record(label, &err)])
    }

    /// [`error_record`], with the path and message redacted when the run redacts.
    pub fn error_record(&self, path: &str, err: &IngestError) -> Record {
        let mut record = error_record(path, err);
        if let Record::Error(e) = &mut record {
            e.path = self.redact_text(&e.path);
            e.message = self.redact_text(&e.message);
        }
        record
    }

    pub(crate) fn taxonomy(&self) -> &Taxonomy {
        self.taxonomy.as_ref().unwrap_or_else(|| Taxonomy::embedded())
    }

    /// The classifier of this pipeline: its taxonomy and model.
    pub(crate) fn classifier(&self) -> Classifier<'_> {
        let model = self.model.as_ref().unwrap_or_else(|| Model::embedded());
        Classifier::new(self.taxonomy()).with_model(model)
    }

    /// The topics of a text with an optional title, as record entries (what
    /// `records` writes in `topics[]`).
    pub fn topics(&self, title: &str, body: &str) -> Vec<deck_records::Topic> {
        wire::topics(self.classifier().classify(title, body))
    }
}

/// The error record for a failed input.
/// Whether this thread is a worker of a rayon pool of several threads (the CLI's batch):
/// then one long document's pages and units become the pool's tasks, so a small batch
/// is not left to one core. Asked outside a pool, rayon would start its global pool,
/// which a library caller or a one-file run should not pay for.
pub(crate) fn in_shared_pool() -> bool {
    rayon::current_thread_index().is_some() && rayon::current_num_threads() > 1
}

pub fn error_record(path: &str, err: &IngestError) -> Record {
    Record::Error(ErrorRecord { path: path.to_owned(), kind: err.kind(), message: err.to_string() })
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

/// Repairs every line of the document in one pass, so document-level evidence
/// (words seen whole elsewhere, the defect profile) is shared across pages.
fn repair_document(
    document: &mut deck_layout::Document,
    lexicon: &Lexicon,
    dictionaries: &[deck_repair::Dictionary],
) -> Vec<(u32, deck_repair::Edit)> {
    let repairer =
        Repairer::new(lexicon).with_dictionaries(dictionaries).with_parallel(in_shared_pool());
    let mut pages_of_lines = Vec::new();
    let inputs: Vec<deck_repair::LineInput<'_>> = document
        .pages
        .iter()
        .flat_map(|page| page.lines.iter().map(move |line| (page.number, line)))
        .map(|(number, line)| {
            pages_of_lines.push(number);
            deck_repair::LineInput {
                text: &line.text,
                gaps: &line.gaps,
                font: line.font.as_deref(),
            }
        })
        .collect();
    let repairs = repairer.repair_lines(&inputs);
    let mut edits = Vec::new();
    let lines = document.pages.iter_mut().flat_map(|p| p.lines.iter_mut());
    for ((line, repair), page) in lines.zip(repairs).zip(pages_of_lines) {
        if repair.text != line.text {
            let raw = std::mem::replace(&mut line.text, repair.text);
            line.raw = Some(raw);
        }
        edits.extend(repair.edits.into_iter().map(|e| (page, e)));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use deck_extract::ExtractError as E;

    // The record format documents these kinds; a new extract error must land in one.
    #[test]
    fn extract_errors_map_to_documented_kinds() {
        let kind = |e: E| IngestError::Extract(e).kind();
        assert_eq!(kind(E::Encrypted), ErrorKind::Encrypted);
        assert_eq!(kind(E::UnsupportedEncryption(String::new())), ErrorKind::Encrypted);
        assert_eq!(kind(E::WrongPassword), ErrorKind::WrongPassword);
        assert_eq!(kind(E::Malformed(String::new())), ErrorKind::Malformed);
        assert_eq!(kind(E::Internal(String::new())), ErrorKind::Malformed);
        assert_eq!(kind(E::LimitExceeded { what: "stream bytes", limit: 1 }), ErrorKind::Limit);
        assert_eq!(IngestError::NotPdf(E::Malformed(String::new())).kind(), ErrorKind::NotPdf);
        assert_eq!(IngestError::Panic(String::new()).kind(), ErrorKind::Panic);
    }
}
