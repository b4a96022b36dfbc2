//! Tests over `../shared` (the development corpus beside the checkout). They skip
//! with a message where it is absent, as on a machine that only has the repo.

use std::time::{Duration, Instant};

use deck_tests::{cli, pdfminer_text, pdfs_in, pdftotext, shared, spacing_score};

#[test]
fn spacing_decks_read_right_from_geometry_alone() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let dir = shared.join("spacing-decks");
    let decks = pdfs_in(&dir);
    assert!(!decks.is_empty());
    for deck in decks {
        let truth = std::fs::read_to_string(deck.with_extension("truth.txt")).unwrap();
        let out = cli(&["text", "--raw", deck.to_str().unwrap()], "");
        assert_eq!(out.code, 0, "{}: {}", deck.display(), out.stderr);
        let (acc, split, glued) = spacing_score(&truth, &out.stdout)
            .unwrap_or_else(|| panic!("{}: characters differ from the truth", deck.display()));
        assert!(
            acc >= 0.99 && glued == 0,
            "{}: accuracy {acc:.4}, {split} split, {glued} glued",
            deck.display()
        );
    }
}

#[test]
fn seed_text_is_repaired() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let broken = std::fs::read_to_string(shared.join("seed/broken.txt")).unwrap();
    let truth = std::fs::read_to_string(shared.join("seed/truth.txt")).unwrap();
    let out = cli(&["repair"], &broken);
    let (raw_acc, ..) = spacing_score(&truth, &broken).unwrap();
    let (acc, split, glued) =
        spacing_score(&truth, &out.stdout).expect("repair changes only whitespace");
    assert!(
        acc >= 0.995 && glued == 0,
        "seed: accuracy {acc:.4} (raw {raw_acc:.4}), {split} split, {glued} glued"
    );
}

/// The development defect text without geometry: every (broken, truth) pair that
/// `../shared` has (Nynorsk pdftotext and pdfminer.six output) plus pdftotext and
/// pdfminer.six output of the Bokmål spacing decks where those are installed; and
/// whether both were (the whole text the issue measures).
fn defect_text_pairs(shared: &std::path::Path) -> (Vec<(String, String, String)>, bool) {
    let mut pairs = Vec::new();
    let nn = shared.join("spacing-decks-nn/text");
    for dir in [nn.clone(), nn.join("pdfminer")] {
        let mut broken: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".broken.txt"))
            .collect();
        broken.sort();
        for b in broken {
            let t = b.to_string_lossy().replace(".broken.txt", ".truth.txt");
            pairs.push((
                b.display().to_string(),
                std::fs::read_to_string(&b).unwrap(),
                std::fs::read_to_string(t).unwrap(),
            ));
        }
    }
    let decks = pdfs_in(&shared.join("spacing-decks"));
    let mut complete = true;
    type Extract = fn(&std::path::Path) -> Option<String>;
    let extractors: [(&str, Extract); 2] =
        [("pdftotext", pdftotext), ("pdfminer.six", pdfminer_text)];
    for (tool, extract) in extractors {
        for deck in &decks {
            let Some(text) = extract(deck) else {
                eprintln!("{tool} is not installed: the Bokmål decks' {tool} text is left out");
                complete = false;
                break;
            };
            pairs.push((
                format!("{tool} {}", deck.display()),
                text,
                std::fs::read_to_string(deck.with_extension("truth.txt")).unwrap(),
            ));
        }
    }
    (pairs, complete)
}

#[test]
fn defect_text_is_repaired_without_gluing_and_confidence_means_something() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let repairer = deck_repair::Repairer::default();
    // Applied edits at 0.995 or more: (all, wrong).
    let (mut sure, mut sure_wrong) = (0usize, 0usize);
    // Words right and words, over every pair: the target is on the whole text.
    let (mut right_words, mut words) = (0usize, 0usize);
    let (pairs, complete) = defect_text_pairs(&shared);
    for (name, broken, truth) in pairs {
        let out = repairer.repair_text(&broken);
        let (acc, split, glued) = spacing_score(&truth, &out.text).expect("only whitespace");
        eprintln!("{name}: accuracy {acc:.4}, {split} split, {glued} glued");
        assert!(acc >= 0.975 && glued == 0, "{name}: {acc:.4}, {split} split, {glued} glued");
        let score = deck_repair::score::spacing_score(&truth, &out.text).expect("only whitespace");
        right_words += score.words_right;
        words += score.words;
        let right = deck_repair::score::edits_right(&broken, &truth, &out.edits).unwrap();
        for (e, r) in out.edits.iter().zip(right) {
            if e.applied && e.confidence >= 0.995 {
                sure += 1;
                sure_wrong += usize::from(!r);
            }
        }
    }
    let overall = right_words as f64 / words.max(1) as f64;
    eprintln!("all pairs: {right_words} of {words} words right, {overall:.4}");
    if complete {
        assert!(overall >= 0.997, "{right_words} of {words} words right: {overall:.4}");
    } else {
        eprintln!("skipped: the 0.997 target is on the whole development text");
    }
    assert!(sure >= 200, "only {sure} edits at 0.995 or more");
    assert!(sure_wrong * 200 < sure, "{sure_wrong} of {sure} edits at 0.995+ wrong");
}

#[test]
fn seed_text_is_repaired_no_worse_with_the_system_nynorsk_dictionary() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let nn = ["/usr/share/hunspell/nn_NO.dic", "/usr/share/myspell/nn_NO.dic"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file());
    let Some(nn) = nn else {
        eprintln!("skipped: no nn_NO Hunspell dictionary installed (Debian: hunspell-no)");
        return;
    };
    let broken = std::fs::read_to_string(shared.join("seed/broken.txt")).unwrap();
    let truth = std::fs::read_to_string(shared.join("seed/truth.txt")).unwrap();
    let (plain, ..) = spacing_score(&truth, &cli(&["repair"], &broken).stdout).unwrap();
    let out = cli(&["repair", "--dict", nn], &broken);
    let (acc, split, glued) = spacing_score(&truth, &out.stdout).expect("only whitespace");
    // The dictionary may only help: never fewer right words, never a glued one.
    assert!(
        acc >= plain && acc >= 0.98 && glued == 0,
        "seed with {nn}: accuracy {acc:.4} (without {plain:.4}), {split} split, {glued} glued"
    );
}

#[test]
fn corpus_never_panics_or_hangs() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let dir = shared.join("corpus/pdfs");
    let started = Instant::now();
    let out = cli(&["records", "--jobs", "2", dir.to_str().unwrap()], "");
    assert!(started.elapsed() < Duration::from_secs(120), "corpus took {:?}", started.elapsed());
    let mut errors = Vec::new();
    let mut files = std::collections::BTreeSet::new();
    for line in out.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["schema"] == "deck-ingest.error/1" {
            // Typed, expected failures only: a password is needed, or the file is
            // beyond repair (poppler reads no page of it either).
            assert!(v["kind"] == "encrypted" || v["kind"] == "malformed", "{v}");
            errors.push(v["path"].as_str().unwrap().to_owned());
        } else {
            files.insert(v["source"]["path"].as_str().unwrap().to_owned());
        }
    }
    assert!(errors.len() <= 2, "unexpected failures: {errors:?}");
    assert!(files.len() >= 29, "only {} corpus files read", files.len());
    let encrypted = dir.join("pypdf-sample-libreoffice-writer-password.pdf");
    let out =
        cli(&["text", "--raw", "--password", "openpassword", encrypted.to_str().unwrap()], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.split_whitespace().count() > 3,
        "the encrypted file reads with its password"
    );
}
