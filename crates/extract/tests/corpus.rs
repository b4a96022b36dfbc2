//! The shared corpus and spacing decks beside the checkout, when present.

use std::path::{Path, PathBuf};

use deck_extract::{ExtractError, Options, extract};

fn shared(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(sub);
    dir.is_dir().then_some(dir)
}

/// Files in which pdftotext finds text; we must find some too.
const WITH_TEXT: &[&str] = &[
    "002-trivial-libre-office-writer",
    "GeoTopo-komprimiert",
    "annotated_pdf",
    "base64image",
    "crazyones-pdfa",
    "google-doc-document",
    "habibi-oneline-cmap",
    "habibi-rotated",
    "habibi",
    "inline-image",
    "libre-office-link",
    "libreoffice-form",
    "libreoffice-writer-password",
    "minimal-document",
    "mistitled_outlines_example",
    "multicolumn",
    "output_with_metadata_pymupdf",
    "pdfkit",
    "pdflatex-4-pages",
    "pdflatex-forms",
    "pdflatex-image",
    "pdflatex-outline",
    "reportlab-overlay",
    "with-attachment",
];

#[test]
fn corpus_extracts_without_panics() {
    let Some(dir) = shared("corpus/pdfs") else {
        println!("skipping: ../shared/corpus/pdfs not found");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "corpus looks incomplete: {}", files.len());
    for path in files {
        let name = path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .trim_start_matches("pypdf-sample-")
            .to_owned();
        let bytes = std::fs::read(&path).unwrap();
        let password = name.contains("password").then(|| "openpassword".to_owned());
        let doc = extract(&bytes, &Options { password, ..Options::default() });
        match doc {
            Ok(doc) => {
                let words = doc.text().split_whitespace().count();
                if WITH_TEXT.contains(&name.as_str()) {
                    assert!(words > 0, "{name}: no text");
                }
                for page in &doc.pages {
                    for line in &page.lines {
                        assert!(
                            !line.text.is_empty() && line.text == line.text.trim_end(),
                            "{name}: {:?}",
                            line.text
                        );
                        assert!(
                            line.gaps.iter().all(|g| g.at <= line.text.len()),
                            "{name}: gap past end"
                        );
                    }
                }
            }
            Err(e) => assert!(!WITH_TEXT.contains(&name.as_str()), "{name}: {e}"),
        }
    }
}

#[test]
fn encrypted_corpus_file_needs_its_password() {
    let Some(dir) = shared("corpus/pdfs") else {
        println!("skipping: ../shared/corpus/pdfs not found");
        return;
    };
    let Ok(bytes) = std::fs::read(dir.join("pypdf-sample-libreoffice-writer-password.pdf")) else {
        println!("skipping: encrypted sample not found");
        return;
    };
    assert_eq!(extract(&bytes, &Options::default()).unwrap_err(), ExtractError::Encrypted);
    let wrong = Options { password: Some("nope".into()), ..Options::default() };
    assert_eq!(extract(&bytes, &wrong).unwrap_err(), ExtractError::WrongPassword);
    let right = Options { password: Some("openpassword".into()), ..Options::default() };
    assert!(extract(&bytes, &right).unwrap().text().contains("Lorem ipsum"));
}

/// Geometry alone must reproduce the truth's word breaks on the spacing decks.
#[test]
fn spacing_decks_words_match_truth() {
    let Some(dir) = shared("spacing-decks") else {
        println!("skipping: ../shared/spacing-decks not found");
        return;
    };
    let mut checked = 0;
    for n in 1..=99 {
        let pdf = dir.join(format!("deck_{n:02}.pdf"));
        let Ok(bytes) = std::fs::read(&pdf) else { continue };
        let truth = std::fs::read_to_string(dir.join(format!("deck_{n:02}.truth.txt"))).unwrap();
        let doc = extract(&bytes, &Options::default()).unwrap();
        let ours: Vec<String> = doc.text().split_whitespace().map(str::to_owned).collect();
        let want: Vec<String> = truth.split_whitespace().map(str::to_owned).collect();
        let wrong = ours.iter().zip(&want).position(|(a, b)| a != b);
        assert_eq!(ours.len(), want.len(), "deck_{n:02}: first difference at word {wrong:?}");
        assert!(wrong.is_none(), "deck_{n:02}: {:?}", wrong.map(|i| (&ours[i], &want[i])));
        checked += 1;
    }
    println!("{checked} spacing decks checked");
}
