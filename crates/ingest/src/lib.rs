//! Runs the whole pipeline on one PDF and returns its records.
//!
//! Overview: a [`Pipeline`] holds what is loaded once per process (the repair
//! lexicon, the taxonomy) and the run's [`Config`]. For each input it runs
//! `extract` → `repair` → `structure` → `classify` and builds `records`:
//!
//! - [`Pipeline::records`] turns PDF bytes into section records or a typed error;
//! - [`Pipeline::process_path`] reads a file and never fails: any error, even a
//!   panic inside a stage, becomes one `deck-ingest.error/1` record, so a batch
//!   always goes on;
//! - [`Pipeline::document`] gives the repaired page model, for `text` and reports.
//!
//! This crate holds no global state and starts no threads; the CLI parallelises
//! across files.

mod build;

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use deck_classify::Taxonomy;
use deck_records::{ErrorRecord, Granularity, Record};
use deck_repair::{Lexicon, Repairer};

pub use build::sha256_hex;

/// What a run does.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Repair letter spacing (on by default in the CLI; `--no-repair` turns it off).
    pub repair: bool,
    /// One record per section, page or document.
    pub granularity: Granularity,
    /// Extraction options: password and resource limits.
    pub extract: deck_extract::Options,
}

/// Everything that failed for one input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The PDF could not be interpreted.
    #[error(transparent)]
    Extract(#[from] deck_extract::ExtractError),
    /// A stage panicked; the message is the panic payload.
    #[error("internal error (panic): {0}")]
    Panic(String),
}

impl IngestError {
    /// The machine-readable kind used in error records.
    pub fn kind(&self) -> &'static str {
        match self {
            IngestError::Io(_) => "io",
            IngestError::Extract(e) => e.kind(),
            IngestError::Panic(_) => "panic",
        }
    }
}

/// A document after extraction and (optional) repair, with the edits made.
#[derive(Debug, Clone)]
pub struct Repaired {
    /// Pages of lines; `Line::raw` holds the pre-repair text where it changed.
    pub document: deck_layout::Document,
    /// Every repair edit with the 1-based page it belongs to.
    pub edits: Vec<(u32, deck_repair::Edit)>,
}

/// The intermediate results of one file, see [`Pipeline::analyse`].
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The page model after repair, and the edits.
    pub repaired: Repaired,
    /// The deck's sections and blocks.
    pub deck: deck_structure::Deck,
    /// The records, as `records` writes them.
    pub records: Vec<Record>,
}

impl Repaired {
    /// The edits as record entries (`repairs[]`), in document order.
    pub fn wire_repairs(&self) -> Vec<deck_records::Repair> {
        self.edits
            .iter()
            .map(|(page, e)| deck_records::Repair {
                page: *page,
                raw: e.before.clone(),
                fixed: e.after.clone(),
                reason: e.reason.as_str().to_owned(),
                confidence: deck_records::round_score(e.confidence),
                applied: e.applied,
            })
            .collect()
    }
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
}

impl Pipeline {
    /// A pipeline with the given taxonomy, or the embedded default one.
    pub fn new(config: Config, taxonomy: Option<Taxonomy>) -> Self {
        Pipeline { config, dictionaries: Vec::new(), taxonomy }
    }

    /// Repairs also trust the words these dictionaries accept.
    pub fn with_dictionaries(mut self, dictionaries: Vec<deck_repair::Dictionary>) -> Self {
        self.dictionaries = dictionaries;
        self
    }

    /// The run's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Extracts and, when configured, repairs a PDF.
    pub fn document(&self, bytes: &[u8]) -> Result<Repaired, IngestError> {
        let mut document = deck_extract::extract(bytes, &self.config.extract)?;
        let mut edits = Vec::new();
        if self.config.repair {
            edits = repair_document(&mut document, Lexicon::embedded(), &self.dictionaries);
        }
        Ok(Repaired { document, edits })
    }

    /// The records of one PDF; `path` is the label written into them.
    pub fn records(&self, path: &str, bytes: &[u8]) -> Result<Vec<Record>, IngestError> {
        self.analyse(path, bytes).map(|a| a.records)
    }

    /// Every intermediate result for one PDF: the repaired page model, the deck's
    /// structure and the records (for reports that show how the records came about).
    pub fn analyse(&self, path: &str, bytes: &[u8]) -> Result<Analysis, IngestError> {
        let repaired = self.document(bytes)?;
        let lexicon = Lexicon::embedded();
        let is_word = |w: &str| lexicon.contains(w);
        let options = deck_structure::Options { is_word: Some(&is_word) };
        let deck = deck_structure::structure(&repaired.document, &options);
        let records = build::records(self, path, bytes, &repaired, &deck);
        Ok(Analysis { repaired, deck, records })
    }

    /// Reads `file` and returns its records; never fails: an error or a panic
    /// becomes a single error record labelled `label`.
    pub fn process_path(&self, file: &Path, label: &str) -> Vec<Record> {
        match std::fs::read(file) {
            Ok(bytes) => self.process_bytes(label, &bytes),
            Err(err) => vec![error_record(label, &IngestError::from(err))],
        }
    }

    /// The records of bytes already read; never fails, like [`Pipeline::process_path`].
    pub fn process_bytes(&self, label: &str, bytes: &[u8]) -> Vec<Record> {
        panic::catch_unwind(AssertUnwindSafe(|| self.records(label, bytes)))
            .unwrap_or_else(|payload| Err(IngestError::Panic(panic_message(&payload))))
            .unwrap_or_else(|err| vec![error_record(label, &err)])
    }

    pub(crate) fn taxonomy(&self) -> &Taxonomy {
        self.taxonomy.as_ref().unwrap_or_else(|| Taxonomy::embedded())
    }
}

/// The error record for a failed input.
pub fn error_record(path: &str, err: &IngestError) -> Record {
    Record::Error(ErrorRecord {
        path: path.to_owned(),
        kind: err.kind().to_owned(),
        message: err.to_string(),
    })
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
    let repairer = Repairer::new(lexicon).with_dictionaries(dictionaries);
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
