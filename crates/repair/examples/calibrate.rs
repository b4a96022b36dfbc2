//! Whether the repairer's confidence means what it says: repairs the broken texts of
//! (broken, truth) pairs, judges every edit against the truth (`deck_repair::score`) and
//! prints, per confidence bucket, how many applied and unapplied edits were right.
//!
//! `cargo run --release -p deck-repair --example calibrate -- [--data DIR] [--list] BROKEN TRUTH [BROKEN TRUTH…]`
//!
//! `--list` prints every edit with its verdict and reason (`right:`/`wrong:` lines, and
//! `reported right:`/`reported wrong:` for those not applied), not only the wrong applied
//! ones: for studying which kinds of edit go wrong, and which unapplied ones would be right.
//!
//! `--data DIR` reads `lexicon.tsv.gz`, `context.tsv.gz` (and `context_en.tsv.gz` if there) from DIR instead of the
//! embedded tables (as `examples/repair` does): for calibrating on held-out text, with
//! tables that never saw it (`bench/repair_heldout.sh`).

#![allow(clippy::print_stdout)]

use deck_repair::score::{edits_right, spacing_score};
use deck_repair::{Lexicon, Repairer};

/// Lower bounds of the buckets; the last one ends at 1.
const BUCKETS: &[f32] = &[0.3, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995];

mod data_dir;

fn main() -> std::io::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let loaded = match args.iter().position(|a| a == "--data") {
        Some(i) if i + 1 < args.len() => {
            let dir = std::path::PathBuf::from(args.remove(i + 1));
            args.remove(i);
            Some(data_dir::load(&dir)?)
        }
        _ => None,
    };
    let list = match args.iter().position(|a| a == "--list") {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    if args.is_empty() || !args.len().is_multiple_of(2) {
        return Err(std::io::Error::other(
            "usage: calibrate [--data DIR] [--list] BROKEN TRUTH [BROKEN TRUTH…]",
        ));
    }
    let repairer = Repairer::new(loaded.as_ref().unwrap_or_else(|| Lexicon::embedded()));
    // [applied?][bucket] = (right, wrong)
    let mut counts = [[(0u32, 0u32); 7]; 2];
    for pair in args.chunks(2) {
        let broken = std::fs::read_to_string(&pair[0])?;
        let truth = std::fs::read_to_string(&pair[1])?;
        let out = repairer.repair_text(&broken);
        let bad = || std::io::Error::other(format!("{}: texts differ beyond whitespace", pair[0]));
        let score = spacing_score(&truth, &out.text).ok_or_else(bad)?;
        println!(
            "{}: word accuracy {:.4}, {} split, {} glued",
            pair[0],
            score.accuracy(),
            score.split,
            score.glued
        );
        let right = edits_right(&broken, &truth, &out.edits).ok_or_else(bad)?;
        for (e, r) in out.edits.iter().zip(right) {
            let Some(b) = BUCKETS.iter().rposition(|&lo| e.confidence >= lo) else { continue };
            let cell = &mut counts[usize::from(e.applied)][b];
            if r {
                cell.0 += 1;
            } else {
                cell.1 += 1;
            }
            if list || (e.applied && !r) {
                println!(
                    "  {}{}: line {} {:?} -> {:?} ({:.3}{})",
                    if e.applied { "" } else { "reported " },
                    if r { "right" } else { "wrong" },
                    e.line + 1,
                    e.before,
                    e.after,
                    e.confidence,
                    if list { format!(", {}", e.reason.as_str()) } else { String::new() }
                );
            }
        }
    }
    println!("applied   confidence      right  wrong");
    for applied in [1, 0] {
        for (b, &(right, wrong)) in counts[applied].iter().enumerate() {
            if right + wrong > 0 {
                let hi = BUCKETS.get(b + 1).copied().unwrap_or(1.0);
                let label = if applied == 1 { "applied" } else { "reported" };
                println!(
                    "{label:<9} [{:.3}, {hi:.3}{}  {right:>5}  {wrong:>5}",
                    BUCKETS[b],
                    if hi < 1.0 { ")" } else { "]" }
                );
            }
        }
    }
    Ok(())
}
