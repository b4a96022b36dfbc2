//! Hostile-input mutation test: PDFs truncated at several points and with random
//! byte flips (fixed seed) must each give text or a typed error, quickly, never a panic.

use std::time::{Duration, Instant};

use deck_ingest::{Config, Pipeline};
use deck_records::Record;
use deck_tests::{root, shared};

/// A small deterministic generator (xorshift64*), so the variants are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn sources() -> Vec<std::path::PathBuf> {
    let mut dirs = vec![root().join("fixtures/decks")];
    if let Some(s) = shared() {
        dirs.push(s.join("corpus/pdfs"));
    } else {
        eprintln!("note: ../shared is absent; mutating the fixtures only");
    }
    let mut files: Vec<_> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        // Big files make each variant slow without finding different bugs.
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 400_000))
        .collect();
    files.sort();
    files
}

#[test]
fn truncated_and_flipped_pdfs_never_panic_or_hang() {
    let pipeline = Pipeline::new(Config { repair: true, ..Config::default() }, None);
    let mut rng = Rng(0x5eed_dec4_1e57_0001);
    let dir = tempfile::tempdir().unwrap();
    let mut variants = 0;
    for file in sources() {
        let bytes = std::fs::read(&file).unwrap();
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for frac in [0.1, 0.5, 0.9, 0.99] {
            cases.push(bytes[..(bytes.len() as f64 * frac) as usize].to_vec());
        }
        for _ in 0..8 {
            let mut b = bytes.clone();
            for _ in 0..(1 + rng.below(16)) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            cases.push(b);
        }
        for (i, case) in cases.into_iter().enumerate() {
            let path = dir.path().join(format!("v{i}.pdf"));
            std::fs::write(&path, &case).unwrap();
            let started = Instant::now();
            let records = pipeline.process_path(&path, "variant.pdf");
            let took = started.elapsed();
            assert!(took < Duration::from_secs(20), "{} variant {i}: {took:?}", file.display());
            for r in &records {
                if let Record::Error(e) = r {
                    assert_ne!(e.kind, "panic", "{} variant {i}: {}", file.display(), e.message);
                }
            }
            variants += 1;
        }
    }
    assert!(variants >= 100, "only {variants} variants");
}
