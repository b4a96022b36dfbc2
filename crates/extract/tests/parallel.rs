//! Pages read in parallel give exactly the document a single pass gives: same lines,
//! same fonts behind them, same warnings in the same places.

mod support;

use std::path::Path;

use deck_extract::{Options, extract};

/// A PDF of `pages` pages cycling through three standard fonts; some pages select a
/// font that does not exist (a warning the first time only), and pages draw words with
/// TJ displacements (the width-correction learner sees every page).
fn many_pages(pages: usize) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    // 1: catalog, 2: pages, 3..=5: fonts, then per page: page object, content stream.
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")));
    for base in ["Helvetica", "Times-Roman", "Courier"] {
        objects.push(format!("<< /Type /Font /Subtype /Type1 /BaseFont /{base} >>"));
    }
    for i in 0..pages {
        let font = if i % 7 == 5 { "Missing".to_owned() } else { format!("F{}", i % 3) };
        let content = format!(
            "BT /{font} 14 Tf 72 700 Td (Side {i}: Fylkes) Tj [(ting) -250 (et vedtok)] TJ \
             0 -20 Td /F{} 11 Tf [(sam) -180 (arbeids) 120 (avtaler)] TJ ET",
            (i + 1) % 3
        );
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R \
             /Resources << /Font << /F0 3 0 R /F1 4 0 R /F2 5 0 R >> >> >>",
            7 + 2 * i
        ));
        objects.push(support::stream(&content));
    }
    support::raw_pdf(&objects)
}

fn with_workers(n: usize) -> Options {
    Options { page_workers: Some(n), ..Options::default() }
}

#[test]
fn pages_read_in_parallel_give_the_single_pass_document() {
    let pdf = many_pages(61);
    let serial = extract(&pdf, &with_workers(1)).unwrap();
    assert_eq!(serial.pages.len(), 61);
    let missing = serial.warnings.iter().filter(|w| w.kind == "missing-font").count();
    assert_eq!(missing, 1, "a missing font is reported once, where first used");
    assert!(serial.pages[60].lines.iter().any(|l| l.text.contains("Side 60")));
    for workers in [2, 3, 5, 8] {
        let parallel = extract(&pdf, &with_workers(workers)).unwrap();
        assert_eq!(parallel, serial, "{workers} workers");
    }
}

#[test]
fn the_page_limit_holds_with_parallel_workers() {
    let pdf = many_pages(40);
    let mut options = with_workers(4);
    options.limits.max_pages = 17;
    let doc = extract(&pdf, &options).unwrap();
    assert_eq!(doc.pages.len(), 17);
    assert!(doc.warnings.iter().any(|w| w.kind == "limit" && w.message.contains("first 17")));
    let mut serial = with_workers(1);
    serial.limits.max_pages = 17;
    assert_eq!(extract(&pdf, &serial).unwrap(), doc);
}

#[test]
fn corpus_documents_read_in_parallel_equal_the_single_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/pdfs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no shared corpus at {}", dir.display());
        return;
    };
    let mut compared = 0;
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        let Ok(serial) = extract(&bytes, &with_workers(1)) else { continue };
        let parallel = extract(&bytes, &with_workers(3)).unwrap();
        assert!(parallel == serial, "{}", entry.path().display());
        compared += usize::from(serial.pages.len() >= 24);
    }
    assert!(compared >= 1, "no corpus document long enough to be split");
}
