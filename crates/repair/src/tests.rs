//! Behaviour tests. One `check` helper drives the public API; inputs are generic
//! sentences written for these tests, not taken from any evaluation document.

use deck_layout::Gap;

use crate::{Edit, Lexicon, LineInput, Reason, Repairer, repair_text};

/// Repairs `input` as a plain-text document and compares with `expected`; also checks
/// that no non-whitespace character changed.
#[track_caller]
fn check(input: &str, expected: &str) -> Vec<Edit> {
    let out = repair_text(input);
    assert_eq!(out.text, expected, "\nedits: {:#?}", out.edits);
    assert_eq!(non_space(input), non_space(&out.text));
    out.edits
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A few lines with the defect after `s`, so the document's profile can be learned.
const DEFECTIVE_CONTEXT: &str = "Kommunene s amarbeider om s kole og s amferdsel.\n\
                                 Det s kal væ re enkelt å s øke om s tøtte.\n";

#[test]
fn splits_are_repaired() {
    check(
        "Kommunene s amarbeider om s kole og s amferdsel.\nDet s kal være enkelt å s øke om s tøtte.",
        "Kommunene samarbeider om skole og samferdsel.\nDet skal være enkelt å søke om støtte.",
    );
}

#[test]
fn words_split_twice_are_repaired() {
    check(
        &format!("{DEFECTIVE_CONTEXT}Hels etjenes ten og pros jektledels en."),
        &format!("{}Helsetjenesten og prosjektledelsen.", repaired_context()),
    );
}

fn repaired_context() -> String {
    "Kommunene samarbeider om skole og samferdsel.\nDet skal være enkelt å søke om støtte.\n".into()
}

#[test]
fn compounds_with_linking_s_are_joined() {
    let edits = check(
        &format!("{DEFECTIVE_CONTEXT}Nye nullutslipps busser og distrikts kommuner."),
        &format!("{}Nye nullutslippsbusser og distriktskommuner.", repaired_context()),
    );
    assert!(edits.iter().any(|e| e.after == "nullutslippsbusser" && e.reason == Reason::Compound));
}

#[test]
fn real_word_pairs_are_not_glued() {
    let text = format!(
        "{DEFECTIVE_CONTEXT}For de fleste er det s lik i dag.\nHans bil står ved s tasjonen.\n"
    );
    check(
        &text,
        &format!(
            "{}For de fleste er det slik i dag.\nHans bil står ved stasjonen.\n",
            repaired_context()
        ),
    );
    check(
        "This is a test of the s ystem at the s tation.\nThe s econd s tep is a s mall one.",
        "This is a test of the system at the station.\nThe second step is a small one.",
    );
}

#[test]
fn punctuation_spacing() {
    check("Valdres -Land og Nord -Fron", "Valdres-Land og Nord-Fron");
    check("planleggings - og byggesaker", "planleggings- og byggesaker");
    check("møte i mars  2025", "møte i mars 2025");
    // A dash opening a list item, and a spaced dash between words, stay.
    check(
        "- en liste\n– Tiltak\nOslo – Bergen\nOslo - Bergen",
        "- en liste\n– Tiltak\nOslo – Bergen\nOslo - Bergen",
    );
}

#[test]
fn space_before_closing_punctuation_follows_the_profile() {
    check(
        &format!("{DEFECTIVE_CONTEXT}Det var kaos ."),
        &format!("{}Det var kaos.", repaired_context()),
    );
    // Without the defect, the author's spacing stays.
    check("Det var kaos .", "Det var kaos .");
}

#[test]
fn clean_text_is_unchanged() {
    for text in [
        include_str!("../testdata/clean_nb.txt"),
        include_str!("../testdata/clean_nn.txt"),
        include_str!("../testdata/clean_en.txt"),
    ] {
        let edits = check(text, text);
        assert!(edits.iter().all(|e| !e.applied), "{edits:#?}");
    }
    // One document in three parts: English inside a Norwegian document stays English.
    let mixed = [
        include_str!("../testdata/clean_nb.txt"),
        include_str!("../testdata/clean_nn.txt"),
        include_str!("../testdata/clean_en.txt"),
    ]
    .join("\n\u{c}");
    check(&mixed, &mixed);
}

#[test]
fn a_document_without_the_defect_is_left_alone() {
    // One odd spacing is no defect profile: reported, not applied.
    let edits = check("Vi har en god s amarbeidsavtale.", "Vi har en god s amarbeidsavtale.");
    assert!(edits.iter().any(|e| !e.applied && e.after == "samarbeidsavtale."));
}

#[test]
fn foreign_text_is_unchanged() {
    let german = "Der Raum X und die Menge T heißen offen, wenn es für alle x ein r gibt. \
                  Sei f eine Abbildung und S ist kompakt. Vielen Dank für die Hilfe.";
    check(german, german);
}

#[test]
fn line_structure_is_kept() {
    check(" s om\n\u{c}s kal  \n\n\u{c}", " som\n\u{c}skal  \n\n\u{c}");
}

fn gap(at: usize, em: f32, space_glyph: bool) -> Gap {
    Gap { at, em, spaces: Some(em / 0.25), is_break: true, space_glyph }
}

#[test]
fn geometry_decides_an_ambiguous_case() {
    let lexicon = Lexicon::embedded();
    let context: Vec<&str> = DEFECTIVE_CONTEXT.lines().collect();
    let line = "Vi besøkte innlands piloten.";
    let at = line.find("piloten").unwrap();
    let run = |gaps: &[Gap]| {
        let mut input: Vec<LineInput<'_>> = context.iter().map(|t| LineInput::plain(t)).collect();
        input.push(LineInput { text: line, gaps });
        Repairer::new(lexicon).repair_lines(&input).pop().unwrap()
    };
    // Plain text: both readings are words; the join is only a candidate.
    let plain = run(&[]);
    assert_eq!(plain.text, line);
    assert!(plain.edits.iter().any(|e| !e.applied && e.after == "innlandspiloten."));
    // A gap far under a space: a split.
    let narrow = run(&[gap(at, 0.03, false)]);
    assert_eq!(narrow.text, "Vi besøkte innlandspiloten.");
    assert!(narrow.edits[0].applied);
    // A real space glyph: a word break.
    let spaced = run(&[gap(at, 0.25, true)]);
    assert_eq!(spaced.text, line);
}

#[test]
fn edits_are_recorded() {
    let out = repair_text(&format!("{DEFECTIVE_CONTEXT}Vi besøkte innlands piloten."));
    let first = &out.edits[0];
    assert_eq!(
        (first.line, first.before.as_str(), first.after.as_str(), first.reason, first.applied),
        (0, "s amarbeider", "samarbeider", Reason::Lexicon, true)
    );
    assert!(first.confidence > 0.9 && first.confidence <= 1.0);
    let candidate = out.edits.iter().find(|e| !e.applied).expect("an unapplied candidate");
    assert_eq!((candidate.line, candidate.before.as_str()), (2, "innlands piloten."));
    assert!(candidate.confidence < 0.75);
    assert_eq!(Reason::DocumentEvidence.as_str(), "document-evidence");
}

#[test]
fn document_evidence_joins_a_name() {
    // "Tindefjell" is no listed word, but the document has it whole twice.
    let edits = check(
        &format!(
            "{DEFECTIVE_CONTEXT}Tindefjell skole\nTindefjell kirke\nVi bor på Tindefjell.\nBes øk Tindes fjell"
        ),
        &format!(
            "{}Tindefjell skole\nTindefjell kirke\nVi bor på Tindefjell.\nBesøk Tindes fjell",
            repaired_context()
        ),
    );
    assert!(edits.iter().all(|e| e.after != "Tindesfjell"));
}

#[test]
fn lexicon_lookups() {
    let lex = Lexicon::embedded();
    assert!(lex.len() > 200_000);
    assert_eq!(lex.duplicates(), 0, "hash collision or duplicate word in the lexicon");
    assert!(lex.contains("Samarbeid"));
    assert!(lex.contains("nullutslippsbusser"), "compound of listed parts");
    assert!(!lex.contains("tavtale"));
    assert!(lex.zipf("og").is_some_and(|z| z > 6.0));
    assert!(lex.zipf("the").is_some_and(|z| z > 6.0));
    assert_eq!(lex.zipf("xqzt"), None);
}

/// Word accuracy and glued words, as `shared/tools/spacing_score.py` computes them.
fn score(truth: &str, hyp: &str) -> (f64, usize, usize) {
    fn breaks(text: &str) -> (String, std::collections::BTreeSet<usize>) {
        let (mut chars, mut set, mut pending) =
            (String::new(), std::collections::BTreeSet::new(), false);
        let mut n = 0;
        for c in text.chars() {
            if c.is_whitespace() {
                pending = true;
                continue;
            }
            if pending && n > 0 {
                set.insert(n);
            }
            pending = false;
            chars.push(c);
            n += 1;
        }
        (chars, set)
    }
    let ((tc, tb), (hc, hb)) = (breaks(truth), breaks(hyp));
    assert_eq!(tc, hc, "non-space characters differ");
    let len = tc.chars().count();
    let missed = hb.difference(&tb).count();
    let glued = tb.difference(&hb).count();
    let bounds: Vec<usize> = std::iter::once(0).chain(tb.iter().copied()).chain([len]).collect();
    let right = bounds
        .windows(2)
        .filter(|w| {
            let (s, e) = (w[0], w[1]);
            (s == 0 || hb.contains(&s))
                && (e == len || hb.contains(&e))
                && hb.range(s + 1..e).next().is_none()
        })
        .count();
    (right as f64 / (bounds.len() - 1) as f64, missed, glued)
}

#[test]
fn seed_document_reaches_target() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed");
    let (Ok(broken), Ok(truth)) = (
        std::fs::read_to_string(dir.join("broken.txt")),
        std::fs::read_to_string(dir.join("truth.txt")),
    ) else {
        println!("skipped: no seed document at {}", dir.display());
        return;
    };
    let (raw_accuracy, _, _) = score(&truth, &broken);
    let (accuracy, missed, glued) = score(&truth, &repair_text(&broken).text);
    println!(
        "seed: word accuracy {raw_accuracy:.4} -> {accuracy:.4}, left split {missed}, glued {glued}"
    );
    assert!(accuracy >= 0.98, "accuracy {accuracy}");
    assert_eq!(glued, 0);
}

#[test]
fn the_table_built_at_compile_time_is_the_one_the_data_gives_at_run_time() {
    // Guards build.rs and this crate agreeing on the format, the hash and the prefix
    // length: a mismatch would silently turn every lookup into a miss.
    use std::io::Read;
    let gz = include_bytes!("../data/lexicon.tsv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).unwrap();
    let runtime = Lexicon::from_tsv(&text).unwrap();
    let embedded = Lexicon::embedded();
    assert_eq!(runtime.len(), embedded.len());
    assert!(runtime.same_tables(embedded));
}

#[test]
fn from_tsv_reads_the_documented_format_and_rejects_malformed_records() {
    let lex = Lexicon::from_tsv("Fylke\t45\nthe\t0\t70\nfylkes\t0\t0\t40\n").unwrap();
    assert_eq!(lex.len(), 3);
    assert_eq!(lex.zipf("fylke"), Some(4.5), "keys are lowercased");
    assert_eq!(lex.zipf("the"), Some(7.0));
    assert_eq!(lex.zipf("fylkes"), None, "a modifier alone is no word");
    assert_eq!(Lexicon::from_tsv("ok\t10\nbad\tx\n").unwrap_err().line, 2);
    assert_eq!(Lexicon::from_tsv("\t10\n").unwrap_err().line, 1);
    assert!(Lexicon::from_tsv("").unwrap().is_empty());
}

#[test]
fn table_hash_parts_strings_of_every_length() {
    // Short strings are hashed from padded or overlapping reads; equal reads of strings
    // of different lengths must still differ ("a" vs "aaa" once collided).
    let mut seen = std::collections::HashMap::new();
    let alphabet = ['a', 'b', 'å', 's'];
    let mut words = vec![String::new()];
    for _ in 0..6 {
        let next: Vec<String> =
            words.iter().flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}"))).collect();
        words.extend(next.iter().cloned());
        words.dedup();
        if words.len() > 6000 {
            break;
        }
    }
    words.sort();
    words.dedup();
    for w in &words {
        if let Some(prev) = seen.insert(crate::lexicon::key(w), w.clone()) {
            panic!("{prev:?} and {w:?} share a key");
        }
    }
    assert!(seen.len() > 5000);
}

fn test_dictionary() -> crate::Dictionary {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/test_nn.dic");
    crate::Dictionary::load(&path).unwrap()
}

#[test]
fn a_runtime_dictionary_vouches_for_words_the_lists_lack() {
    let dict = [test_dictionary()];
    assert!(dict[0].check("samordninga"), "stem plus suffix, read as ISO 8859-1");
    assert!(dict[0].check("høyringar"));
    let input = format!("{DEFECTIVE_CONTEXT}Vi treng fleire lærars tudentane no.");
    let without = repair_text(&input);
    assert!(without.text.contains("lærars tudentane"), "unknown to the embedded lists");
    let with = Repairer::new(Lexicon::embedded()).with_dictionaries(&dict).repair_text(&input);
    assert!(with.text.contains("fleire lærarstudentane no"), "{}", with.text);
    assert_eq!(non_space(&input), non_space(&with.text));
}

#[test]
fn a_runtime_dictionary_never_vouches_for_its_own_compounds() {
    // Norwegian dictionaries compound freely ("møtes" + "mandag"); a join must not lean
    // on that: only full forms count.
    let dict = [test_dictionary()];
    assert!(!dict[0].check("møtesmandag"));
    let input = format!("{DEFECTIVE_CONTEXT}Vi møtes mandag og s amordninga går vidare.");
    let out = Repairer::new(Lexicon::embedded()).with_dictionaries(&dict).repair_text(&input);
    assert!(out.text.contains("Vi møtes mandag"), "{}", out.text);
}

#[test]
fn dictionary_errors_name_the_file() {
    let missing = crate::Dictionary::load(std::path::Path::new("/nonexistent/xx_XX.dic"));
    let err = missing.unwrap_err().to_string();
    assert!(err.contains("/nonexistent/xx_XX.aff"), "{err}");
    let dir = std::env::temp_dir().join(format!("deck-repair-dict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("koi.aff"), "SET KOI8-R\n").unwrap();
    std::fs::write(dir.join("koi.dic"), "1\nslovo\n").unwrap();
    let err = crate::Dictionary::load(&dir.join("koi.dic")).unwrap_err().to_string();
    assert!(err.contains("KOI8-R") && err.contains("koi.aff"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_lone_defective_letter_goes_with_its_own_word_even_when_that_word_is_unlisted() {
    // Nynorsk words the Bokmål lists lack ("skuleborna", "følgjast"): the stray letter
    // must not attach to the other neighbour ("meds", "topp") for want of a better word.
    check(
        &format!("{DEFECTIVE_CONTEXT}Bussen går med s kuleborna, og dei skal følgjas t opp."),
        &format!("{}Bussen går med skuleborna, og dei skal følgjast opp.", repaired_context()),
    );
}
