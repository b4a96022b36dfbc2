use deck_tests as test_support;

use deck_ingest::{Config, Pipeline};
use deck_records::{ErrorKind, Granularity, Record};

fn pipeline() -> Pipeline {
    Pipeline::new(
        Config { repair: true, granularity: Granularity::Section, ..Config::default() },
        None,
    )
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(deck_records::JSON_SCHEMA).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn every_fixture_deck_snapshot() {
    let pipeline = pipeline();
    let validator = validator();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::glob!("../../fixtures", "decks/*.pdf", |path| {
            let bytes = std::fs::read(path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let records = pipeline.records(&format!("fixtures/decks/{name}"), &bytes).unwrap();
            assert!(!records.is_empty());
            for r in &records {
                let value = serde_json::to_value(r).unwrap();
                let errors: Vec<String> =
                    validator.iter_errors(&value).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "{name}: record does not validate: {errors:?}");
                assert!(matches!(r, Record::Section(_)), "{name}: fixture decks must read cleanly");
            }
            insta::assert_json_snapshot!("records", records);
        });
    });
}

#[test]
fn invalid_fixtures_give_typed_errors_not_panics() {
    let pipeline = pipeline();
    let dir = test_support::root().join("fixtures/invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            seen += 1;
            let records = pipeline.process_path(&path, "x.pdf");
            assert_eq!(records.len(), 1, "{}", path.display());
            let Record::Error(err) = &records[0] else {
                panic!("{}: expected an error record", path.display());
            };
            // A text file and an empty file are no PDFs; a cut-off PDF is a damaged one.
            let want = match path.file_stem().and_then(|s| s.to_str()) {
                Some("garbage" | "empty") => ErrorKind::NotPdf,
                Some("truncated") => ErrorKind::Malformed,
                _ => err.kind,
            };
            assert_eq!(err.kind, want, "{}: {}", path.display(), err.message);
            assert_ne!(err.kind, ErrorKind::Panic, "{}: {}", path.display(), err.message);
            assert!(!err.message.is_empty());
        }
    }
    assert!(seen >= 3, "expected the invalid fixtures in {}", dir.display());
}
