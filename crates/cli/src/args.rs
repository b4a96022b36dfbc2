//! Command-line arguments (clap derive). Names here are a public contract.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turns folders of slide-deck PDFs into clean, structured JSON.
#[derive(Debug, Parser)]
#[command(name = "deck-ingest", version, long_version = long_version(), about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--version`: the version and the attribution the default topic model's training
/// data requires (NLOD 2.0).
fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{}\ndefault topic model: {}",
            env!("CARGO_PKG_VERSION"),
            deck_classify::MODEL_ATTRIBUTION
        )
    })
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write one JSON record per section (JSON Lines) for PDFs and folders of PDFs.
    Records(RecordsArgs),
    /// Print the text of each page (lines by \n, pages by \f), repaired unless --raw.
    Text(TextArgs),
    /// Repair letter spacing in plain text from FILE or stdin.
    Repair(RepairArgs),
    /// Print the topics and language of a plain text as JSON.
    Classify(ClassifyArgs),
    /// Write a self-contained HTML report of what was extracted, repaired and classified.
    Inspect(InspectArgs),
    /// Replace personal data in plain text from FILE or stdin by its kind ([fnr], [phone], …).
    Redact(RedactCmdArgs),
    /// Train a topic model from labelled JSON Lines; --cv K measures it first.
    Train(TrainArgs),
}

/// `--redact` and `--redact-pattern`, shared by records, text and inspect.
#[derive(Debug, Args, Clone, Default)]
pub struct RedactArgs {
    /// Replace personal data by its kind ([fnr], [email], …) before anything is written:
    /// a comma list of fnr, dnr, email, phone, iban, card, or "all".
    #[arg(long = "redact", value_name = "KINDS")]
    pub kinds: Option<String>,
    /// Also redact every match of REGEX as [NAME] (repeatable; turns redaction on).
    #[arg(long = "redact-pattern", value_name = "NAME=REGEX")]
    pub patterns: Vec<String>,
}

impl RecordsArgs {
    /// Whether the run redacts.
    pub fn redact_active(&self) -> bool {
        self.redact.kinds.is_some() || !self.redact.patterns.is_empty()
    }
}

/// `redact` options.
#[derive(Debug, Args)]
pub struct RedactCmdArgs {
    /// The text file (default: stdin).
    pub file: Option<PathBuf>,
    /// The kinds to replace: a comma list of fnr, dnr, email, phone, iban, card, or "all".
    #[arg(long = "redact", value_name = "KINDS", default_value = "all")]
    pub kinds: String,
    /// Also redact every match of REGEX as [NAME] (repeatable).
    #[arg(long = "redact-pattern", value_name = "NAME=REGEX")]
    pub patterns: Vec<String>,
}

/// `train` options.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Labelled examples: JSON Lines, one object per line with a text and a label.
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// Write the trained model here (atomically).
    #[arg(long, value_name = "MODEL")]
    pub out: Option<PathBuf>,
    /// The field holding the text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// The field holding the label (a string, or an array whose first element is it).
    #[arg(long, value_name = "NAME", default_value = "label")]
    pub label_field: String,
    /// Cross-validate with K folds and print accuracy, macro-F1, per-label scores, the
    /// main confusions and the calibration table.
    #[arg(long, value_name = "K")]
    pub cv: Option<usize>,
    /// Keep examples with the same value of this field in one fold (e.g. the document).
    #[arg(long, value_name = "FIELD")]
    pub group_by: Option<String>,
    /// Print the cross-validation report as JSON.
    #[arg(long, requires = "cv")]
    pub json: bool,
    /// The taxonomy whose topic ids the labels map to (default: the embedded one).
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// A note saved in the model: where the data came from, its licence.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// `inspect` options.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A PDF, or a folder of PDFs (then --output-dir is required).
    pub path: PathBuf,
    /// The report file for one PDF (default: <name>.html in the current folder).
    #[arg(long, short, value_name = "FILE", conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// For a folder: one report per deck and an index.html, written here.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Don't render page images with pdftoppm even when it is installed (implied by
    /// --redact: a page image would show what the text no longer does).
    #[arg(long)]
    pub no_images: bool,
    /// A topic model made by `deck-ingest train`, instead of the embedded one.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub pdf_args: PdfArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

/// `records` options.
#[derive(Debug, Args)]
pub struct RecordsArgs {
    /// PDF files and folders (searched recursively for *.pdf, sorted).
    pub paths: Vec<PathBuf>,
    /// Read more input paths from FILE, one per line ("-" = stdin).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Write to FILE (atomically: a temporary file renamed when complete) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// One record per section, page (every page, also those without text), document,
    /// or chunk (sections split into pieces of at most --max-chars characters).
    #[arg(long, value_enum, default_value_t = GranularityArg::Section)]
    pub granularity: GranularityArg,
    /// With --granularity chunk: the most characters of text in one record.
    #[arg(long, value_name = "N", default_value_t = deck_ingest::DEFAULT_MAX_CHARS, value_parser = parse_max_chars)]
    pub max_chars: usize,
    /// Worker threads (default: number of cores).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// Keep the extracted text as it is: no letter-spacing repair.
    #[arg(long)]
    pub no_repair: bool,
    /// A Hunspell dictionary (the .dic file; its .aff beside it) whose words count as
    /// words in repair, e.g. /usr/share/hunspell/nn_NO.dic for Nynorsk, which the built-in
    /// lists lack. "auto" takes the installed nn_NO. Repeatable. Read at run time.
    #[arg(long = "dict", value_name = "FILE|auto")]
    pub dicts: Vec<PathBuf>,
    /// A taxonomy (TOML, or SKOS as RDF/XML or Turtle) that replaces the default.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Add the --taxonomy topics to the default taxonomy instead of replacing it.
    #[arg(long, requires = "taxonomy")]
    pub extend_taxonomy: bool,
    /// A topic model made by `deck-ingest train`, instead of the embedded one.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Write one JSON Lines file per input below DIR (mirroring the input paths) instead of stdout.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,
    /// With --output-dir: skip inputs whose output exists and was made from the same bytes.
    #[arg(long, requires = "output_dir")]
    pub skip_existing: bool,
    /// Give up on a file after SECONDS and write an error record for it.
    #[arg(long, value_name = "SECONDS")]
    pub timeout_per_file: Option<f64>,
    /// Show a progress bar on stderr: auto (only on a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ProgressArg::Auto)]
    pub progress: ProgressArg,
    /// Process only shard K of N (K in 1..=N), chosen by a hash of each input path.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(u32, u32)>,
    #[command(flatten)]
    pub pdf: PdfArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

/// Options shared by commands that read PDFs.
#[derive(Debug, Args, Clone, Default)]
pub struct PdfArgs {
    /// Password for encrypted PDFs (an empty user password is tried anyway).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Change a resource bound, NAME=N (repeatable). Names and defaults: pages=5000,
    /// stream-bytes=67108864, objects=2000000, ops-per-page=2000000,
    /// glyphs-per-page=500000, form-depth=12.
    #[arg(long = "limit", value_name = "NAME=N", value_parser = parse_limit)]
    pub limits: Vec<(LimitName, usize)>,
}

/// A resource bound of `deck_extract::Limits`, by its command-line name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitName {
    /// `max_pages`
    Pages,
    /// `max_stream_bytes`
    StreamBytes,
    /// `max_objects`
    Objects,
    /// `max_ops_per_page`
    OpsPerPage,
    /// `max_glyphs_per_page`
    GlyphsPerPage,
    /// `max_form_depth`
    FormDepth,
}

impl LimitName {
    /// Sets this bound in `limits`.
    pub fn apply(self, limits: &mut deck_extract::Limits, value: usize) {
        match self {
            LimitName::Pages => limits.max_pages = value,
            LimitName::StreamBytes => limits.max_stream_bytes = value,
            LimitName::Objects => limits.max_objects = value,
            LimitName::OpsPerPage => limits.max_ops_per_page = value,
            LimitName::GlyphsPerPage => limits.max_glyphs_per_page = value,
            LimitName::FormDepth => {
                limits.max_form_depth = u32::try_from(value).unwrap_or(u32::MAX)
            }
        }
    }
}

fn parse_limit(s: &str) -> Result<(LimitName, usize), String> {
    let (name, value) = s.split_once('=').ok_or_else(|| format!("expected NAME=N, got {s:?}"))?;
    let name = match name.trim() {
        "pages" => LimitName::Pages,
        "stream-bytes" => LimitName::StreamBytes,
        "objects" => LimitName::Objects,
        "ops-per-page" => LimitName::OpsPerPage,
        "glyphs-per-page" => LimitName::GlyphsPerPage,
        "form-depth" => LimitName::FormDepth,
        other => {
            return Err(format!(
                "unknown limit {other:?} (pages, stream-bytes, objects, ops-per-page, \
                 glyphs-per-page, form-depth)"
            ));
        }
    };
    let value: usize = value.trim().parse().map_err(|_| format!("bad number {value:?}"))?;
    if value == 0 {
        return Err(format!("{s}: a limit must be at least 1"));
    }
    Ok((name, value))
}

/// `text` options.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// The PDF.
    pub pdf: PathBuf,
    /// Print the text as extracted, without repair.
    #[arg(long)]
    pub raw: bool,
    #[command(flatten)]
    pub pdf_args: PdfArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

/// `repair` options.
#[derive(Debug, Args)]
pub struct RepairArgs {
    /// The text file (default: stdin).
    pub file: Option<PathBuf>,
    /// Write each edit as JSON Lines to stderr (line, before, after, reason, confidence).
    #[arg(long)]
    pub explain: bool,
    /// A Hunspell dictionary (the .dic file; its .aff beside it) whose words count as
    /// words in repair, e.g. /usr/share/hunspell/nn_NO.dic for Nynorsk, which the built-in
    /// lists lack. "auto" takes the installed nn_NO. Repeatable. Read at run time.
    #[arg(long = "dict", value_name = "FILE|auto")]
    pub dicts: Vec<PathBuf>,
}

/// `classify` options.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// The text file (default: stdin).
    pub file: Option<PathBuf>,
    /// A taxonomy that replaces the default.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Add the --taxonomy topics to the default taxonomy instead of replacing it.
    #[arg(long, requires = "taxonomy")]
    pub extend_taxonomy: bool,
    /// A topic model made by `deck-ingest train`, instead of the embedded one.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// The text's title (weighs more than the body).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

/// `--progress` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressArg {
    /// Only when stderr is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--granularity` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GranularityArg {
    /// One record per section.
    Section,
    /// One record per page.
    Page,
    /// One record per document.
    Document,
    /// Sections split into pieces of at most --max-chars characters.
    Chunk,
}

fn parse_max_chars(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("expected a positive number of characters, got {s:?}")),
    }
}

fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let (k, n) = s.split_once('/').ok_or_else(|| format!("expected K/N, got {s:?}"))?;
    let k: u32 = k.trim().parse().map_err(|_| format!("bad shard index {k:?}"))?;
    let n: u32 = n.trim().parse().map_err(|_| format!("bad shard count {n:?}"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard must satisfy 1 <= K <= N, got {k}/{n}"));
    }
    Ok((k, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_parses_and_rejects() {
        assert_eq!(parse_limit("pages=3"), Ok((LimitName::Pages, 3)));
        assert_eq!(parse_limit("form-depth=2"), Ok((LimitName::FormDepth, 2)));
        assert!(parse_limit("pages=0").is_err());
        assert!(parse_limit("pages").is_err());
        assert!(parse_limit("speed=3").unwrap_err().contains("unknown limit"));
        let mut limits = deck_extract::Limits::default();
        LimitName::StreamBytes.apply(&mut limits, 1024);
        assert_eq!(limits.max_stream_bytes, 1024);
    }

    #[test]
    fn shard_parses_and_rejects() {
        assert_eq!(parse_shard("2/5"), Ok((2, 5)));
        assert!(parse_shard("0/5").is_err());
        assert!(parse_shard("6/5").is_err());
        assert!(parse_shard("x").is_err());
    }
}
