//! Repairs a text file (or stdin) and prints the result; edits go to stderr with `-v`.
//!
//! `cargo run -p deck-repair --example repair -- FILE > repaired.txt`

use std::io::{Read, Write};

fn main() -> std::io::Result<()> {
    let mut verbose = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        if arg == "-v" { verbose = true } else { path = Some(arg) }
    }
    let text = match path {
        Some(p) => std::fs::read_to_string(p)?,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
    };
    let repaired = deck_repair::repair_text(&text);
    std::io::stdout().write_all(repaired.text.as_bytes())?;
    if verbose {
        let mut err = std::io::stderr().lock();
        let lines: Vec<_> = text.split('\n').map(deck_repair::LineInput::plain).collect();
        let profile =
            deck_repair::Repairer::new(deck_repair::Lexicon::embedded()).defect_profile(&lines);
        writeln!(err, "profile: {profile:?}")?;
        for e in &repaired.edits {
            writeln!(
                err,
                "{}\t{}\t{:.2}\t{}\t{:?} -> {:?}",
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
