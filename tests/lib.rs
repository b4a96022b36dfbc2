//! Shared helpers for the end-to-end tests: paths, the CLI in process, scoring.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The PDF files directly in `dir`, sorted by path; none when `dir` cannot be read.
pub fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// poppler's `pdftotext` text of `pdf` (UTF-8), or `None` when it is not installed.
pub fn pdftotext(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text pdfminer.six extracts from `pdf` (its `extract_text`), when python3 has it.
pub fn pdfminer_text(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys; from pdfminer.high_level import extract_text; \
             sys.stdout.write(extract_text(sys.argv[1]))",
        ])
        .arg(pdf)
        .output()
        .ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `../shared` beside the checkout, when present.
pub fn shared() -> Option<PathBuf> {
    let dir = root().parent()?.join("shared");
    dir.is_dir().then_some(dir)
}

/// What one CLI run produced.
#[derive(Debug)]
pub struct Output {
    /// Exit status.
    pub code: u8,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `deck-ingest ARGS` in process with `stdin` as standard input.
pub fn cli(args: &[&str], stdin: &str) -> Output {
    let argv: Vec<OsString> = std::iter::once(OsString::from("deck-ingest"))
        .chain(args.iter().map(OsString::from))
        .collect();
    let mut input = stdin.as_bytes();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = deck_cli::run(argv, &mut input, &mut out, &mut err);
    Output {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// Word-break agreement of `hyp` with `truth` (texts equal but for whitespace), the
/// measure of `shared/tools/spacing_score.py`: (word accuracy, words left split, words
/// glued). `None` when the non-space characters differ. The scorer itself lives in
/// `deck_repair::score`, its one home.
pub fn spacing_score(truth: &str, hyp: &str) -> Option<(f64, usize, usize)> {
    deck_repair::score::spacing_score(truth, hyp).map(|s| (s.accuracy(), s.split, s.glued))
}

/// A one-page PDF (100×100, Helvetica as `/F1`, `/X` an XObject resource at object 5
/// when `xobject` is given) whose page content is `content` under `filter`.
pub fn one_page_pdf(content: &[u8], filter: &str, xobject: Option<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R \
/Resources << /Font << /F1 6 0 R >> /XObject << /X 5 0 R >> >> >>"
            .to_vec(),
        deck_fixtures::raw::stream(filter, content),
    ];
    objects.push(xobject.unwrap_or_else(|| b"null".to_vec()));
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    deck_fixtures::raw::pdf(&objects)
}
