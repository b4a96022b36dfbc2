//! `--data DIR` for the examples: the tables `data/build_lexicon.py --out DIR` writes
//! (for held-out text, tables that never saw it) instead of the embedded ones.

use std::io::Read;
use std::path::Path;

use deck_repair::{Lexicon, LexiconError};

fn gunzip(path: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut text)?;
    Ok(text)
}

/// Reads `lexicon.tsv.gz`, `context.tsv.gz` and, where the data was built with it
/// (`--ud-english`), `context_en.tsv.gz` from `dir`.
pub(crate) fn load(dir: &Path) -> std::io::Result<Lexicon> {
    let bad = |e: LexiconError| std::io::Error::other(e.to_string());
    let lex = Lexicon::from_tsv(&gunzip(&dir.join("lexicon.tsv.gz"))?)
        .map_err(bad)?
        .with_context_tsv(&gunzip(&dir.join("context.tsv.gz"))?)
        .map_err(bad)?;
    let en = dir.join("context_en.tsv.gz");
    if en.exists() { lex.with_english_context_tsv(&gunzip(&en)?).map_err(bad) } else { Ok(lex) }
}
