//! The generated test set (`testdata/lines.jsonl`, made by `testdata/gen_testset.py`):
//! every planted value found, no look-alike touched.

mod score;

use deck_redact::{Kind, Redactor};

#[test]
fn generated_set_full_recall_no_false_redactions() {
    let set = include_str!("../testdata/lines.jsonl");
    let redactor = Redactor::new(&Kind::ALL, &[]).unwrap();
    let s = score::score(&redactor, set).unwrap();
    eprintln!("{}", s.report());
    let (found, planted) = s.recall();
    assert!(planted >= 300 && s.lines >= 300, "the set is a few hundred lines");
    assert_eq!(found, planted, "recall must be 100 %:\n{}", s.report());
    assert_eq!(s.false_redactions, 0, "{}", s.report());
    assert!(s.lookalikes.values().all(|&(t, _)| t == 0), "{}", s.report());
}

#[test]
fn the_scorer_counts_misses_and_false_redactions() {
    // A redactor for e-mail only misses the phone and flags nothing else.
    let set = r#"{"text":"Kari: kari@viken.no, tlf 40 21 57 36","planted":[{"kind":"email","value":"kari@viken.no"},{"kind":"phone","value":"40 21 57 36"}],"lookalikes":[]}
{"text":"Saksnr. 22/09537, ola@viken.no","planted":[],"lookalikes":[{"what":"case-number","value":"22/09537"}]}"#;
    let email = Redactor::new(&[Kind::Email], &[]).unwrap();
    let s = score::score(&email, set).unwrap();
    assert_eq!(s.recall(), (1, 2));
    assert_eq!(s.false_redactions, 1, "ola@viken.no was not planted");
    assert_eq!(s.lookalikes["case-number"], (0, 1));
}
