//! Shows what the lexicon knows about words: `cargo run -p deck-repair --example explain -- WORD…`

use std::io::Write;

fn main() -> std::io::Result<()> {
    let lex = deck_repair::Lexicon::embedded();
    let mut out = std::io::stdout().lock();
    for word in std::env::args().skip(1) {
        writeln!(out, "{word}\tzipf={:?}\tcompound={:?}", lex.zipf(&word), lex.compound(&word))?;
    }
    Ok(())
}
