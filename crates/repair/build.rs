//! Builds the embedded lexicon's lookup table at compile time, so a process starts with
//! it ready (no decompressing, parsing or hashing of 240k words at run time).

use std::io::Read;

#[path = "src/table.rs"]
#[allow(dead_code)]
mod table;

fn main() {
    println!("cargo::rerun-if-changed=data/lexicon.tsv.gz");
    println!("cargo::rerun-if-changed=src/table.rs");
    let gz = std::fs::read("data/lexicon.tsv.gz").unwrap_or_else(|e| fail(&format!("read: {e}")));
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_string(&mut text)
        .unwrap_or_else(|e| fail(&format!("gunzip: {e}")));
    let built = table::build_from_tsv(&text, table::MIN_PART_CHARS)
        .unwrap_or_else(|line| fail(&format!("malformed record on line {line}")));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    for (name, slots) in [("lexicon.table", &built.slots), ("prefixes.table", &built.prefix_slots)]
    {
        std::fs::write(out.join(name), table::to_bytes(slots))
            .unwrap_or_else(|e| fail(&format!("write: {e}")));
    }
    let meta = format!(
        "/// log2 of the embedded tables' slot counts.\npub(crate) const EMBEDDED_BITS: u32 = {};\n\
         pub(crate) const EMBEDDED_PREFIX_BITS: u32 = {};\n\
         /// Word entries in the embedded table.\npub(crate) const EMBEDDED_WORDS: usize = {};\n\
         /// Word records of the embedded data that made no new entry.\n\
         pub(crate) const EMBEDDED_DUPLICATES: usize = {};\n",
        built.bits, built.prefix_bits, built.words, built.duplicates
    );
    std::fs::write(out.join("lexicon_meta.rs"), meta)
        .unwrap_or_else(|e| fail(&format!("write: {e}")));
}

fn fail(msg: &str) -> ! {
    panic!("deck-repair build: embedded lexicon: {msg}")
}
