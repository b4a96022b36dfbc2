//! The versioned JSON record types, their JSON Schema and JSON Lines writers.
//!
//! Overview: `ingest` turns one PDF into a list of [`Record`]s: one
//! [`SectionRecord`] per section (or per page or per document, see
//! [`Granularity`]), or a single [`ErrorRecord`] when the input could not be read.
//! The [`JsonLinesWriter`] writes them one per line; [`AtomicFile`] makes sure an
//! output file is either complete or absent.
//!
//! The wire format is the contract with the outside world: keys come out in the
//! order the fields are declared here, the `schema` tag names the record kind and
//! its version, and a breaking change bumps that version (`.../1` → `.../2`).
//! Field-by-field documentation lives in this crate's README.md; the JSON Schema
//! in `schema/record.schema.json` ([`JSON_SCHEMA`]) is checked against real output
//! by the tests.

mod atomic;
mod writer;

pub use atomic::AtomicFile;
pub use writer::JsonLinesWriter;

use serde::{Deserialize, Serialize};

/// The schema tag of a section record.
pub const SECTION_SCHEMA: &str = "deck-ingest.section/2";
/// The schema tag of an error record.
pub const ERROR_SCHEMA: &str = "deck-ingest.error/1";
/// The JSON Schema (draft 2020-12) that every record validates against.
pub const JSON_SCHEMA: &str = include_str!("../schema/record.schema.json");

/// One output record. Serialises with a leading `"schema"` key naming its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "schema")]
pub enum Record {
    /// A section, page or whole deck that was read.
    #[serde(rename = "deck-ingest.section/2")]
    Section(Box<SectionRecord>),
    /// An input that could not be read.
    #[serde(rename = "deck-ingest.error/1")]
    Error(ErrorRecord),
}

/// How much of a deck one section record covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// One record per section (a slide, or consecutive slides sharing a title).
    #[default]
    Section,
    /// One record per page, pages without text included.
    Page,
    /// One record per document.
    Document,
    /// Sections split into pieces of bounded size (`--max-chars`), for embedding.
    Chunk,
}

impl Granularity {
    /// The lowercase name used on the command line and in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Section => "section",
            Granularity::Page => "page",
            Granularity::Document => "document",
            Granularity::Chunk => "chunk",
        }
    }
}

/// The text, structure and topics of one section of a deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRecord {
    /// Stable id: the first 16 hex digits of the file's SHA-256, the granularity's
    /// initial and the 1-based index, e.g. `3f2a…9c1d-s0002`.
    pub id: String,
    /// What one record covers.
    pub granularity: Granularity,
    /// 1-based position of this record within its document.
    pub index: u32,
    /// How many records the document produced at this granularity.
    pub count: u32,
    /// `divider` for a slide that opens a chapter, `content` otherwise.
    pub kind: RecordKind,
    /// Where the text came from.
    pub source: Source,
    /// The deck's title (first slide's title, else the PDF metadata title).
    pub deck_title: Option<String>,
    /// The chapter the record belongs to (opened by the last divider slide before
    /// it); `None` before the first divider and in decks without dividers.
    pub chapter: Option<ChapterRef>,
    /// The slide's or section's own title, when it has one.
    pub title: Option<String>,
    /// For a chunk, its place among its section's pieces; `None` otherwise.
    pub part: Option<Part>,
    /// 1-based page numbers the record spans, ascending.
    pub pages: Vec<u32>,
    /// Detected language: `nb`, `nn`, `en` or `other`.
    pub language: String,
    /// Title and all non-footer blocks, joined by `\n`: the text to index.
    pub text: String,
    /// The section's blocks in reading order.
    pub blocks: Vec<Block>,
    /// Link annotations and URLs in the text, on the record's pages.
    pub links: Vec<Link>,
    /// Topics, best first, each with a score in [0, 1] and its evidence.
    pub topics: Vec<Topic>,
    /// Spacing repairs made (and confident-enough candidates left alone) in this section.
    pub repairs: Vec<Repair>,
    /// What redaction took out of the section's pages, per page and kind (`null` when the
    /// run did not redact; `[]` when it did and found nothing). Never the values.
    pub redactions: Option<Vec<Redaction>>,
    /// Recoverable extraction problems on the section's pages.
    pub warnings: Vec<Warning>,
}

/// What a record's slides are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// Ordinary slides (and whole documents).
    #[default]
    Content,
    /// A divider slide, which opens a chapter.
    Divider,
}

/// A chapter, as a record refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterRef {
    /// 1-based position among the deck's chapters.
    pub index: u32,
    /// The divider slide's title.
    pub title: String,
}

/// A chunk's place in its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// 1-based position among the section's chunks.
    pub index: u32,
    /// How many chunks the section was split into.
    pub count: u32,
}

/// A link on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// 1-based page number.
    pub page: u32,
    /// The target URL.
    pub url: String,
    /// The linked text (the words under a link annotation, or the URL as written);
    /// `None` when an annotation covers no text.
    pub text: Option<String>,
}

/// The input a record came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The path as given on the command line (or relative to the given folder).
    pub path: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Number of pages in the file.
    pub page_count: u32,
    /// PDF metadata title.
    pub title: Option<String>,
    /// PDF metadata author.
    pub author: Option<String>,
    /// PDF creation date (ISO 8601 where it parses).
    pub created: Option<String>,
    /// PDF modification date (ISO 8601 where it parses).
    pub modified: Option<String>,
    /// The authoring application.
    pub creator: Option<String>,
    /// The PDF writer.
    pub producer: Option<String>,
}

/// One block of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// `title`, `subtitle`, `bullet`, `paragraph`, `caption` or `footer`.
    pub kind: String,
    /// The text after repair, wrapped lines joined.
    pub text: String,
    /// The text as extracted, before repair.
    pub raw: String,
    /// 1-based page number.
    pub page: u32,
    /// `[x0, y0, x1, y1]` in points, top-left origin, rounded to 0.1 pt.
    pub bbox: [f32; 4],
    /// List level: 0 for non-list blocks, 1 for top-level bullets, 2 nested, …
    pub level: u8,
}

/// A topic assigned to a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// The topic's label (the taxonomy topic's label, or a model's own label), `other`
    /// when no topic is confident.
    pub label: String,
    /// In [0, 1]: with a topic model, a calibrated probability that the topic is right.
    pub score: f32,
    /// The words of the text that weighed most for the topic, then taxonomy terms found.
    pub evidence: Vec<String>,
}

/// One spacing repair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repair {
    /// 1-based page number.
    pub page: u32,
    /// The text before the edit.
    pub raw: String,
    /// The text after the edit.
    pub fixed: String,
    /// Why: `lexicon`, `compound`, `document-evidence`, `geometry`, `punctuation`.
    pub reason: String,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// False for a candidate that was reported but not applied (too uncertain).
    pub applied: bool,
}

/// How many values of one kind were taken out of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// The kind: `fnr`, `dnr`, `email`, `phone`, `iban`, `card` or a user pattern's name.
    pub kind: String,
    /// 1-based page; `null` for the document's metadata (title, author, …).
    pub page: Option<u32>,
    /// How many values were replaced by `[kind]`.
    pub count: u32,
}

/// A recoverable problem met while extracting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// 1-based page, when the warning belongs to one.
    pub page: Option<u32>,
    /// Machine-readable kind, e.g. `unmapped-glyph`.
    pub kind: String,
    /// Human-readable detail.
    pub message: String,
}

/// An input that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// The path as given.
    pub path: String,
    /// Why, for machines.
    pub kind: ErrorKind,
    /// Human-readable cause.
    pub message: String,
}

/// Why an input could not be read: the `kind` of an error record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The file could not be read from disk.
    Io,
    /// The file is no PDF (no `%PDF-` header in its first kilobyte, and nothing
    /// could be read from it).
    NotPdf,
    /// A password is needed (`--password`), or the encryption is not supported.
    Encrypted,
    /// The given password does not open the file.
    WrongPassword,
    /// A PDF too damaged to read.
    Malformed,
    /// A resource limit was hit (`--limit`).
    Limit,
    /// Processing took longer than `--timeout-per-file`.
    Timeout,
    /// A bug: a stage panicked on this input.
    Panic,
}

impl ErrorKind {
    /// The wire name, as in records: `io`, `not-pdf`, `encrypted`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::NotPdf => "not-pdf",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::WrongPassword => "wrong-password",
            ErrorKind::Malformed => "malformed",
            ErrorKind::Limit => "limit",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Panic => "panic",
        }
    }
}

/// Rounds a coordinate to 0.1 pt so records are stable across float noise.
pub fn round_coord(v: f32) -> f32 {
    if v.is_finite() { (v * 10.0).round() / 10.0 } else { 0.0 }
}

/// Rounds a score to three decimals for stable output.
pub fn round_score(v: f32) -> f32 {
    if v.is_finite() { (v * 1000.0).round() / 1000.0 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error() -> Record {
        Record::Error(ErrorRecord {
            path: "a.pdf".into(),
            kind: ErrorKind::Malformed,
            message: "no header".into(),
        })
    }

    #[test]
    fn error_record_has_schema_first_and_fixed_key_order() {
        let json = serde_json::to_string(&error()).unwrap();
        assert_eq!(
            json,
            r#"{"schema":"deck-ingest.error/1","path":"a.pdf","kind":"malformed","message":"no header"}"#
        );
    }

    #[test]
    fn records_round_trip() {
        let rec = error();
        let back: Record = serde_json::from_str(&serde_json::to_string(&rec).unwrap()).unwrap();
        assert_eq!(back, rec);
    }

    #[test]
    fn error_record_validates_against_schema() {
        let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let value = serde_json::to_value(error()).unwrap();
        assert!(validator.is_valid(&value));
        let mut bad = value.clone();
        bad["kind"] = serde_json::Value::from(3);
        assert!(!validator.is_valid(&bad), "a wrong type must fail validation");
    }

    fn section(redactions: Option<Vec<Redaction>>) -> Record {
        Record::Section(Box::new(SectionRecord {
            id: "0123456789abcdef-s0001".into(),
            granularity: Granularity::Section,
            index: 1,
            count: 1,
            kind: RecordKind::Content,
            source: Source {
                path: "a.pdf".into(),
                sha256: "0".repeat(64),
                page_count: 1,
                title: None,
                author: None,
                created: None,
                modified: None,
                creator: None,
                producer: None,
            },
            deck_title: None,
            chapter: None,
            title: None,
            part: None,
            pages: vec![1],
            language: "nb".into(),
            text: "Kontakt: [email]".into(),
            blocks: Vec::new(),
            links: Vec::new(),
            topics: Vec::new(),
            repairs: Vec::new(),
            redactions,
            warnings: Vec::new(),
        }))
    }

    #[test]
    fn redactions_are_null_or_counts_and_validate() {
        let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let off = serde_json::to_value(section(None)).unwrap();
        assert_eq!(off["schema"], SECTION_SCHEMA);
        assert!(off["redactions"].is_null());
        assert!(validator.is_valid(&off));
        let counts = vec![
            Redaction { kind: "email".into(), page: Some(1), count: 2 },
            Redaction { kind: "phone".into(), page: None, count: 1 },
        ];
        let on = serde_json::to_value(section(Some(counts))).unwrap();
        let keys: Vec<&str> = on.as_object().unwrap().keys().map(String::as_str).collect();
        let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
        assert!(at("repairs") < at("redactions") && at("redactions") < at("warnings"));
        assert_eq!(
            on["redactions"][0],
            serde_json::json!({"kind": "email", "page": 1, "count": 2})
        );
        assert!(validator.is_valid(&on));
        let mut bad = on.clone();
        bad["redactions"][0]["value"] = "kari@viken.no".into();
        assert!(!validator.is_valid(&bad), "a redaction never carries its value");
        let mut zero = on;
        zero["redactions"][0]["count"] = 0.into();
        assert!(!validator.is_valid(&zero));
    }

    #[test]
    fn rounding_is_stable_and_total() {
        assert_eq!(round_coord(12.345_67), 12.3);
        assert_eq!(round_coord(f32::NAN), 0.0);
        assert_eq!(round_score(0.123_456), 0.123);
    }
}
