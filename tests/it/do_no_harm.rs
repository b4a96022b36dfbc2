//! Repair must not harm clean text: real decks without the letter-spacing defect
//! (`../shared/decks`, `../shared/corpus/pdfs`) through `records` get no applied repair
//! that a person has not reviewed (`tests/data/reviewed-repairs.tsv`), and their
//! pdftotext output through text-only `repair` keeps every word break. Skips with a
//! message where `../shared` (or pdftotext) is absent.

use std::collections::BTreeSet;
use std::path::Path;

use deck_tests::{cli, pdfs_in, pdftotext, root, shared, spacing_score};

/// (file name, page, before, after) of every reviewed repair.
fn reviewed() -> BTreeSet<(String, u64, String, String)> {
    let list = std::fs::read_to_string(root().join("tests/data/reviewed-repairs.tsv")).unwrap();
    list.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("file\t") && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 5, "file, page, before, after, why: {l:?}");
            assert!(!cols[4].trim().is_empty(), "a reviewed repair says why it is right: {l:?}");
            (cols[0].to_owned(), cols[1].parse().unwrap(), cols[2].to_owned(), cols[3].to_owned())
        })
        .collect()
}

#[test]
fn clean_real_decks_get_no_unreviewed_repair() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let reviewed = reviewed();
    let mut unreviewed = Vec::new();
    let mut files = BTreeSet::new();
    for dir in ["decks", "corpus/pdfs"] {
        let out = cli(&["records", "--jobs", "2", shared.join(dir).to_str().unwrap()], "");
        for line in out.stdout.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["schema"] == "deck-ingest.error/1" {
                continue;
            }
            let path = v["source"]["path"].as_str().unwrap();
            let file = Path::new(path).file_name().unwrap().to_string_lossy().into_owned();
            files.insert(file.clone());
            for r in v["repairs"].as_array().unwrap() {
                if r["applied"] != true {
                    continue;
                }
                let key = (
                    file.clone(),
                    r["page"].as_u64().unwrap(),
                    r["raw"].as_str().unwrap().to_owned(),
                    r["fixed"].as_str().unwrap().to_owned(),
                );
                if !reviewed.contains(&key) {
                    unreviewed.push(key);
                }
            }
        }
    }
    assert!(files.len() >= 40, "only {} files read", files.len());
    assert!(
        unreviewed.is_empty(),
        "applied repairs on clean decks that nobody reviewed (check each on the page; add \
         the right ones to tests/data/reviewed-repairs.tsv with why):\n{unreviewed:#?}"
    );
}

#[test]
fn text_only_repair_keeps_every_word_break_of_clean_decks() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let decks = pdfs_in(&shared.join("decks"));
    let mut changed = Vec::new();
    for deck in &decks {
        let Some(text) = pdftotext(deck) else {
            eprintln!("skipped: pdftotext is not installed (Debian: poppler-utils)");
            return;
        };
        let repaired = cli(&["repair"], &text).stdout;
        let (_, split, glued) = spacing_score(&text, &repaired).expect("only whitespace changes");
        if split + glued > 0 {
            changed.push((deck.file_name().unwrap().to_string_lossy().into_owned(), split + glued));
        }
    }
    assert!(changed.is_empty(), "word breaks changed in clean text: {changed:?}");
}
