//! Builds the embedded language data's lookup tables at compile time, so a process starts
//! with them ready (no decompressing, parsing or hashing of 250k words at run time).

use std::io::Read;
use std::path::Path;

#[path = "src/table.rs"]
#[allow(dead_code)]
mod table;

fn main() {
    println!("cargo::rerun-if-changed=data/lexicon.tsv.gz");
    println!("cargo::rerun-if-changed=data/context.tsv.gz");
    println!("cargo::rerun-if-changed=data/context_en.tsv.gz");
    println!("cargo::rerun-if-changed=src/table.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());

    let text = gunzip("data/lexicon.tsv.gz");
    let built = table::build_from_tsv(&text, table::MIN_PART_CHARS)
        .unwrap_or_else(|line| fail(&format!("lexicon: malformed record on line {line}")));
    write(&out, "lexicon.table", &table::to_bytes(&built.slots));
    write(&out, "prefixes.table", &table::to_bytes(&built.prefix_slots));

    let text = gunzip("data/context.tsv.gz");
    let ctx = table::build_context_from_tsv(&text)
        .unwrap_or_else(|line| fail(&format!("context: malformed record on line {line}")));
    write(&out, "context_words.table", &table::to_bytes(&ctx.word_slots));
    write(&out, "context_pairs.table", &table::to_bytes(&ctx.pair_slots));

    let text = gunzip("data/context_en.tsv.gz");
    let en = table::build_context_from_tsv(&text)
        .unwrap_or_else(|line| fail(&format!("English context: malformed record on line {line}")));
    write(&out, "context_en_words.table", &table::to_bytes(&en.word_slots));
    write(&out, "context_en_pairs.table", &table::to_bytes(&en.pair_slots));

    let meta = format!(
        "/// log2 of the embedded tables' slot counts.\npub(crate) const EMBEDDED_BITS: u32 = {};\n\
         pub(crate) const EMBEDDED_PREFIX_BITS: u32 = {};\n\
         pub(crate) const EMBEDDED_CONTEXT_WORD_BITS: u32 = {};\n\
         pub(crate) const EMBEDDED_CONTEXT_PAIR_BITS: u32 = {};\n\
         /// Word pairs counted in the context data's training text.\n\
         pub(crate) const EMBEDDED_CONTEXT_PAIRS: u64 = {};\n\
         pub(crate) const EMBEDDED_CONTEXT_EN_WORD_BITS: u32 = {};\n\
         pub(crate) const EMBEDDED_CONTEXT_EN_PAIR_BITS: u32 = {};\n\
         /// Word pairs counted in the English context data's training text.\n\
         pub(crate) const EMBEDDED_CONTEXT_EN_PAIRS: u64 = {};\n\
         /// Word entries in the embedded table.\npub(crate) const EMBEDDED_WORDS: usize = {};\n\
         /// Word records of the embedded data that made no new entry.\n\
         pub(crate) const EMBEDDED_DUPLICATES: usize = {};\n",
        built.bits,
        built.prefix_bits,
        ctx.word_bits,
        ctx.pair_bits,
        ctx.total_pairs,
        en.word_bits,
        en.pair_bits,
        en.total_pairs,
        built.words,
        built.duplicates
    );
    write(&out, "lexicon_meta.rs", meta.as_bytes());
}

fn gunzip(path: &str) -> String {
    let gz = std::fs::read(path).unwrap_or_else(|e| fail(&format!("read {path}: {e}")));
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_string(&mut text)
        .unwrap_or_else(|e| fail(&format!("gunzip {path}: {e}")));
    text
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| fail(&format!("write {name}: {e}")));
}

fn fail(msg: &str) -> ! {
    panic!("deck-repair build: embedded language data: {msg}")
}
