//! `cargo run -p deck-redact --example score [FILE]`: recall and false redactions of
//! every built-in kind on a test set in the format of `testdata/lines.jsonl`
//! (default: that file).
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/score/mod.rs"]
mod score;

use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/lines.jsonl").to_owned());
    let set = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("score: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let redactor = match deck_redact::Redactor::new(&deck_redact::Kind::ALL, &[]) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("score: {e}");
            return ExitCode::from(2);
        }
    };
    match score::score(&redactor, &set) {
        Ok(s) => {
            print!("{}", s.report());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("score: {path}: {e}");
            ExitCode::from(2)
        }
    }
}
