//! Hostile-input mutation test: PDFs truncated at several points and with random
//! byte flips (fixed seed) must each give text or a typed error, quickly, never a panic.

use std::time::{Duration, Instant};

use deck_fixtures::raw::stream as raw_stream;
use deck_ingest::{Config, Pipeline};
use deck_records::Record;
use deck_tests::{one_page_pdf, pdfs_in, root, shared};

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
        .flat_map(|d| pdfs_in(d))
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
                    assert_ne!(
                        e.kind,
                        deck_records::ErrorKind::Panic,
                        "{} variant {i}: {}",
                        file.display(),
                        e.message
                    );
                }
            }
            variants += 1;
        }
    }
    assert!(variants >= 100, "only {variants} variants");
}

/// A one-page PDF whose page content is `content`, with an optional filter.
#[test]
fn deflate_bombs_and_deep_nesting_stay_bounded() {
    use std::io::Write as _;

    let pipeline = Pipeline::new(Config { repair: true, ..Config::default() }, None);
    let dir = tempfile::tempdir().unwrap();
    // 100 MiB of page content (over the 64 MiB default limit) that compresses to ~100 KiB.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(b"BT /F1 12 Tf 10 50 Td (bomb) Tj ET\n").unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..100 {
        z.write_all(&chunk).unwrap();
    }
    let bomb = one_page_pdf(&z.finish().unwrap(), "/Filter /FlateDecode", None);
    let depth = 100_000;
    let nested = one_page_pdf(
        format!("{}{} pop BT /F1 12 Tf (deep) Tj ET", "[".repeat(depth), "]".repeat(depth))
            .as_bytes(),
        "",
        None,
    );
    // A Form XObject that draws itself: the cycle check must stop it.
    let forms_cycle = one_page_pdf(
        b"/X Do",
        "",
        Some(raw_stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
            b"/X Do",
        )),
    );
    for (name, bytes) in [("bomb.pdf", bomb), ("nested.pdf", nested), ("cycle.pdf", forms_cycle)] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let started = Instant::now();
        let records = pipeline.process_path(&path, name);
        assert!(started.elapsed() < Duration::from_secs(20), "{name}: {:?}", started.elapsed());
        match &records[0] {
            Record::Error(e) => {
                assert_ne!(e.kind, deck_records::ErrorKind::Panic, "{name}: {}", e.message)
            }
            Record::Section(s) => {
                if name == "bomb.pdf" {
                    assert!(
                        s.warnings.iter().any(|w| w.kind == "limit"),
                        "{name}: the stream limit must show"
                    );
                }
            }
        }
    }
}
