//! Repairs a text file (or stdin) and prints the result; edits go to stderr with `-v`.
//!
//! `cargo run -p deck-repair --example repair -- [-v] [--data DIR] FILE > repaired.txt`
//!
//! `--data DIR` reads `lexicon.tsv.gz`, `context.tsv.gz` (and `context_en.tsv.gz` if there) from DIR at run time instead
//! of the embedded tables: for trying data built by `data/build_lexicon.py` (e.g. with a
//! held-out part of the training text) without rebuilding the crate.

use std::io::{Read, Write};

mod data_dir;

fn main() -> std::io::Result<()> {
    let mut verbose = false;
    let mut path = None;
    let mut data = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-v" => verbose = true,
            "--data" => data = args.next(),
            _ => path = Some(arg),
        }
    }
    let text = match path {
        Some(p) => std::fs::read_to_string(p)?,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
    };
    let loaded = match data {
        Some(dir) => Some(data_dir::load(std::path::Path::new(&dir))?),
        None => None,
    };
    let lexicon = loaded.as_ref().unwrap_or_else(|| deck_repair::Lexicon::embedded());
    let repairer = deck_repair::Repairer::new(lexicon);
    let repaired = repairer.repair_text(&text);
    std::io::stdout().write_all(repaired.text.as_bytes())?;
    if verbose {
        let mut err = std::io::stderr().lock();
        let lines: Vec<_> = text.split('\n').map(deck_repair::LineInput::plain).collect();
        writeln!(err, "profile: {:?}", repairer.defect_profile(&lines))?;
        for e in &repaired.edits {
            writeln!(
                err,
                "{}\t{}\t{:.3}\t{}\t{:?} -> {:?}",
                e.line + 1,
                if e.applied { "applied" } else { "candidate" },
                e.confidence,
                e.reason,
                e.before,
                e.after
            )?;
        }
    }
    Ok(())
}
