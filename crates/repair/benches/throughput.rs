//! Throughput of `repair_text` and load time of the embedded lexicon.
//!
//! `cargo bench -p deck-repair --bench throughput` (release build; one core). For numbers
//! that do not depend on machine load, count instructions on a smaller run:
//! `REPAIR_BENCH_BYTES=300000 valgrind --tool=callgrind target/release/deps/throughput-*`.
//! The input is the crate's own clean test text, repeated into deck-sized documents,
//! once as is and once with a synthetic letter-spacing defect (a space after every
//! `s` and `r` inside a word), so both the fast path and the repair path are timed.

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use deck_repair::{Lexicon, Repairer};

const CLEAN: &[&str] = &[
    include_str!("../testdata/clean_nb.txt"),
    include_str!("../testdata/clean_nn.txt"),
    include_str!("../testdata/clean_en.txt"),
];

/// Inserts a space after each of `letters` when a letter follows inside a word.
fn break_spacing(text: &str, letters: &[char]) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if letters.contains(&c) && chars.peek().is_some_and(|n| n.is_alphabetic()) {
            out.push(' ');
        }
    }
    out
}

fn run(name: &str, docs: &[String], repairer: &Repairer<'_>) {
    // `REPAIR_BENCH_ONLY=worst` (a substring of the names below) runs one case.
    if std::env::var("REPAIR_BENCH_ONLY").is_ok_and(|only| !name.contains(only.as_str())) {
        return;
    }
    let bytes: usize = docs.iter().map(String::len).sum();
    let start = Instant::now();
    let mut edits = 0;
    for doc in docs {
        edits += black_box(repairer.repair_text(doc)).edits.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: {:.1} MB in {:.3} s = {:.1} MB/s ({} documents, {edits} edits)",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        docs.len()
    );
}

fn main() {
    let start = Instant::now();
    let lexicon = Lexicon::embedded();
    println!(
        "lexicon: {} entries loaded in {:.1} ms",
        lexicon.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let repairer = Repairer::new(lexicon);

    // A small document (~2.7 kB: short documents are the costly case, since per-document
    // work and caches do not amortise), repeated to ~8 MB.
    let doc: String = CLEAN.join("\n\u{c}");
    // `REPAIR_BENCH_BYTES` shrinks the run, e.g. to count instructions under callgrind.
    let target: usize =
        std::env::var("REPAIR_BENCH_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(8_000_000);
    let copies = target / doc.len() + 1;
    let clean: Vec<String> = vec![doc.clone(); copies];
    let broken: Vec<String> = vec![break_spacing(&doc, &['s']); copies];
    let worst: Vec<String> = vec![break_spacing(&doc, &['s', 'r']); copies];

    // The real extraction in the shared seed directory, when present (not in the repo).
    let seed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/broken.txt");
    match std::fs::read_to_string(&seed) {
        Ok(text) => run("seed extraction", &vec![text; target / 6_500 + 1], &repairer),
        Err(_) => println!("seed extraction: skipped, no {}", seed.display()),
    }
    run("clean", &clean, &repairer);
    run("broken (s)", &broken, &repairer);
    run("worst: broken (s, r)", &worst, &repairer);
}
