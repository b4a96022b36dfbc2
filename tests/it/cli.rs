use std::fs;

use deck_tests::{cli, pdfs_in, root};

fn decks() -> String {
    root().join("fixtures/decks").to_string_lossy().into_owned()
}

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("each line is one JSON record")).collect()
}

#[test]
fn records_for_fixture_folder_are_ordered_and_identical_across_jobs() {
    let one = cli(&["records", "--jobs", "1", &decks()], "");
    let two = cli(&["records", "--jobs", "2", &decks()], "");
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout, "output must not depend on --jobs");
    let recs = lines(&one.stdout);
    assert!(recs.len() >= 5);
    let paths: Vec<&str> = recs.iter().map(|r| r["source"]["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "records come out in sorted input order");
    assert!(recs.iter().all(|r| r["schema"] == "deck-ingest.section/2"));
    assert!(one.stderr.contains("0 failed"), "summary line: {}", one.stderr);
}

#[test]
fn a_corrupt_file_yields_an_error_record_and_status_1_while_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = pdfs_in(&root().join("fixtures/decks"));
    for p in &good {
        fs::copy(p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    fs::write(dir.path().join("00-corrupt.pdf"), b"%PDF-1.7\n1 0 obj << /Type /Catalog").unwrap();
    let out = cli(&["records", dir.path().to_str().unwrap()], "");
    assert_eq!(out.code, 1);
    let recs = lines(&out.stdout);
    assert_eq!(recs[0]["schema"], "deck-ingest.error/1");
    assert!(recs[0]["path"].as_str().unwrap().ends_with("00-corrupt.pdf"));
    let files: std::collections::BTreeSet<&str> = recs[1..]
        .iter()
        .map(|r| {
            assert_eq!(r["schema"], "deck-ingest.section/2");
            r["source"]["path"].as_str().unwrap()
        })
        .collect();
    assert_eq!(files.len(), good.len(), "every good file still produced records");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    let out = cli(&["records", "--output", target.to_str().unwrap(), &decks()], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let written = fs::read_to_string(&target).unwrap();
    assert_eq!(written, cli(&["records", &decks()], "").stdout);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary left behind");
}

#[test]
fn files_from_stdin_and_granularity() {
    let list = format!("{}\n", root().join("fixtures/decks").to_string_lossy());
    let by_section = lines(&cli(&["records", "--files-from", "-"], &list).stdout);
    let by_doc = lines(&cli(&["records", "--granularity", "document", &decks()], "").stdout);
    let by_page = lines(&cli(&["records", "--granularity", "page", &decks()], "").stdout);
    let files: std::collections::BTreeSet<_> =
        by_section.iter().map(|r| r["source"]["path"].as_str().unwrap().to_owned()).collect();
    assert_eq!(by_doc.len(), files.len(), "one record per document");
    let pages: u64 = by_doc.iter().map(|r| r["source"]["page_count"].as_u64().unwrap()).sum();
    assert_eq!(by_page.len() as u64, pages, "one record per page");
    assert!(by_section.len() <= by_page.len());
    assert!(
        by_doc.iter().all(
            |r| r["granularity"] == "document" && r["id"].as_str().unwrap().ends_with("-d0001")
        )
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(cli(&["records"], "").code, 2, "no inputs");
    assert_eq!(cli(&["records", "--granularity", "slide", &decks()], "").code, 2);
    assert_eq!(cli(&["frobnicate"], "").code, 2);
    let out = cli(&["records", "/nonexistent/folder"], "");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("/nonexistent/folder"), "{}", out.stderr);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("t.toml");
    fs::write(&bad, "[[topic]]\nid = \n").unwrap();
    let out = cli(&["records", "--taxonomy", bad.to_str().unwrap(), &decks()], "");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("t.toml"), "{}", out.stderr);
    let out = cli(&["repair", "--dict", "/nonexistent/nn_NO.dic"], "tekst");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("/nonexistent/nn_NO.aff"), "{}", out.stderr);
}

#[test]
fn resource_limits_can_be_set_on_the_command_line() {
    let deck = root().join("fixtures/decks/continued.pdf");
    let deck = deck.to_str().unwrap();
    let all = lines(&cli(&["records", "--granularity", "page", deck], "").stdout);
    assert!(all.len() > 1);
    let out = cli(&["records", "--granularity", "page", "--limit", "pages=1", deck], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let one = lines(&out.stdout);
    assert_eq!(one.len(), 1);
    assert!(one[0]["warnings"].to_string().contains("only the first 1 extracted"), "{}", one[0]);
    let pages = |args: &[&str]| cli(args, "").stdout.matches('\u{c}').count();
    assert_eq!(pages(&["text", "--limit", "pages=1", deck]), 1);
    assert!(pages(&["text", deck]) > 1);
    let bad = cli(&["records", "--limit", "speed=3", deck], "");
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown limit"), "{}", bad.stderr);
}

#[test]
fn repair_and_records_take_a_runtime_dictionary() {
    let dict = root().join("crates/repair/testdata/test_nn.dic");
    let dict = dict.to_str().unwrap();
    let text = "Kommunene s amarbeider om s kole og s amferdsel.\n\
                Det s kal være enkelt å s øke om s tøtte.\n\
                Vi treng fleire gløs emarane no.\n";
    // A made-up word of the test dictionary, unknown to the embedded data.
    assert!(cli(&["repair"], text).stdout.contains("gløs emarane"));
    let out = cli(&["repair", "--dict", dict], text);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("fleire gløsemarane no"), "{}", out.stdout);
    let out = cli(&["records", "--dict", dict, &decks()], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(lines(&out.stdout).len(), lines(&cli(&["records", &decks()], "").stdout).len());
}

#[test]
fn text_separates_pages_with_form_feeds() {
    let deck = pdfs_in(&root().join("fixtures/decks")).into_iter().next().unwrap();
    let out = cli(&["text", "--raw", deck.to_str().unwrap()], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pages = page_count_from_records(&deck);
    assert_eq!(out.stdout.matches('\u{c}').count(), pages);
    assert!(out.stdout.trim().len() > 20);
}

fn page_count_from_records(path: &std::path::Path) -> usize {
    let recs =
        lines(&cli(&["records", "--granularity", "document", path.to_str().unwrap()], "").stdout);
    recs[0]["source"]["page_count"].as_u64().unwrap() as usize
}

#[test]
fn text_of_a_missing_file_names_it_and_fails() {
    let out = cli(&["text", "/nonexistent/x.pdf"], "");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("/nonexistent/x.pdf"), "{}", out.stderr);
}

#[test]
fn repair_reads_stdin_and_explains_edits() {
    let clean = "Dette er en helt vanlig setning om skoler og sykehus.\n";
    let out = cli(&["repair", "--explain"], clean);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, clean, "clean text passes unchanged");
    assert!(out.stderr.is_empty(), "no edits to explain: {}", out.stderr);

    // Runs of spaces are the author's too: only the defect is repaired.
    let out = cli(&["repair", "--explain"], "Vi  bygger  nye  veier.\n");
    assert_eq!(out.stdout, "Vi  bygger  nye  veier.\n");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let out = cli(
        &["repair", "--explain"],
        "Kommunene s amarbeider om s kole og s amferdsel, og det s kal være enkelt å s øke.\n",
    );
    assert_eq!(
        out.stdout,
        "Kommunene samarbeider om skole og samferdsel, og det skal være enkelt å søke.\n"
    );
    let edits = lines(&out.stderr);
    assert!(!edits.is_empty());
    for e in &edits {
        for key in ["line", "before", "after", "reason", "confidence"] {
            assert!(e.get(key).is_some(), "edit lacks {key}: {e}");
        }
        assert_eq!(e["line"], 1);
    }
}

#[test]
fn classify_prints_language_and_topics_as_json() {
    let out = cli(
        &["classify"],
        "Togene og bussene i regionen skal gå oftere, og billettprisene skal ned.\n",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["language"], "nb");
    let top = v["topics"][0]["label"].as_str().unwrap();
    assert!(top.contains("transport"), "trains and buses are transport: {v}");
    assert!(v["topics"][0]["evidence"].as_array().is_some_and(|e| !e.is_empty()));
}

#[test]
fn output_dir_writes_one_file_per_input_and_skip_existing_skips_unchanged_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let outs = out.to_str().unwrap();
    let first = cli(&["records", "--output-dir", outs, &decks()], "");
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.is_empty());
    let mut files = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else { files.push(p) }
        }
    }
    let pdfs = fs::read_dir(root().join("fixtures/decks"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(files.len(), pdfs, "one JSON Lines file per input");
    assert!(files.iter().all(|f| f.to_string_lossy().ends_with(".pdf.jsonl")));

    let again = cli(&["records", "--output-dir", outs, "--skip-existing", &decks()], "");
    assert!(again.stderr.contains(&format!("{pdfs} skipped")), "{}", again.stderr);
    // A changed output (here: emptied) no longer matches its input and is redone.
    fs::write(&files[0], "").unwrap();
    let redo = cli(&["records", "--output-dir", outs, "--skip-existing", &decks()], "");
    assert!(redo.stderr.contains(&format!("{} skipped", pdfs - 1)), "{}", redo.stderr);
    assert!(fs::read_to_string(&files[0]).unwrap().contains("deck-ingest.section/2"));
}

#[test]
fn shards_split_the_inputs_without_overlap() {
    let all = lines(&cli(&["records", "--granularity", "document", &decks()], "").stdout);
    let mut seen = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let part = lines(
            &cli(&["records", "--granularity", "document", "--shard", &shard, &decks()], "").stdout,
        );
        seen.extend(part.iter().map(|r| r["source"]["path"].as_str().unwrap().to_owned()));
    }
    seen.sort();
    let mut expected: Vec<String> =
        all.iter().map(|r| r["source"]["path"].as_str().unwrap().to_owned()).collect();
    expected.sort();
    assert_eq!(seen, expected, "every input in exactly one shard");
    assert_eq!(cli(&["records", "--shard", "4/3", &decks()], "").code, 2);
}

#[test]
fn a_file_over_the_time_limit_gets_a_timeout_record() {
    // A limit no real file can meet: every input times out, and the batch still ends.
    let out = cli(&["records", "--timeout-per-file", "0.000001", "--jobs", "1", &decks()], "");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let recs = lines(&out.stdout);
    assert!(
        recs.iter().any(|r| r["schema"] == "deck-ingest.error/1" && r["kind"] == "timeout"),
        "{}",
        out.stdout
    );
    assert_eq!(cli(&["records", "--timeout-per-file", "-1", &decks()], "").code, 2);
}

/// Labelled examples for `train`, written for this test (three topics, grouped).
fn training_file(dir: &std::path::Path) -> std::path::PathBuf {
    let mut lines = String::new();
    let sets = [
        (
            "ferries",
            [
                "Ferja går oftere fra ferjekaien",
                "Ny ferje på sambandet og ny ferjekai",
                "Ferjekaien bygges om for ferja",
                "Ferjene på sambandet går hver time",
                "Ferja til øya og ferjekaien der",
                "Sambandet får ei ny ferje",
            ],
        ),
        (
            "health",
            [
                "Sykehuset får nye senger til pasientene",
                "Pasientene venter på sykehuset",
                "Legene behandler pasienter på sykehuset",
                "Sykehuset har mange pasienter",
                "Pasientene får behandling av legene",
                "Legene på sykehuset",
            ],
        ),
        (
            "school",
            [
                "Elevene på skolen lærer mye",
                "Skolen får nye lærere til elevene",
                "Læreren og elevene på skolen",
                "Elevene møter læreren",
                "Skolen har mange elever",
                "Lærere og elever",
            ],
        ),
    ];
    for (label, texts) in sets {
        for (i, t) in texts.iter().enumerate() {
            lines.push_str(&format!(
                "{{\"body\": \"{t}\", \"gold\": \"{label}\", \"doc\": \"{label}{}\"}}\n",
                i % 2
            ));
        }
    }
    let path = dir.join("train.jsonl");
    fs::write(&path, lines).unwrap();
    path
}

/// `train` on the file `training_file` writes (its fields are `body` and `gold`).
fn train_args<'a>(data: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["train", "--data", data, "--text-field", "body", "--label-field", "gold"];
    args.extend_from_slice(rest);
    args
}

#[test]
fn train_writes_a_model_that_classify_and_records_use() {
    let dir = tempfile::tempdir().unwrap();
    let data = training_file(dir.path());
    let model = dir.path().join("m.model");
    let (d, m) = (data.to_str().unwrap(), model.to_str().unwrap());
    let out = cli(&train_args(d, &["--out", m]), "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("label health") && out.stderr.contains("topic health"),
        "{}",
        out.stderr
    );
    let first = fs::read(&model).unwrap();
    // Same data, same bytes.
    let again = dir.path().join("m2.model");
    let out = cli(&train_args(d, &["--out", again.to_str().unwrap()]), "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(first, fs::read(&again).unwrap());

    let out = cli(&["classify", "--model", m], "Ferja og ferjekaien på sambandet\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["topics"][0]["label"], "ferries", "{v}");
    let recs = cli(&["records", "--model", m, &decks()], "");
    assert_eq!(recs.code, 0, "{}", recs.stderr);
}

#[test]
fn train_cv_prints_a_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = training_file(dir.path());
    let d = data.to_str().unwrap();
    let base = train_args(d, &["--cv", "2", "--group-by", "doc"]);
    let table = cli(&base, "");
    assert_eq!(table.code, 0, "{}", table.stderr);
    for part in ["macro-F1", "precision", "recall", "main confusions", "calibration"] {
        assert!(table.stdout.contains(part), "{part} missing:\n{}", table.stdout);
    }
    let mut with_json = base.clone();
    with_json.push("--json");
    let json = cli(&with_json, "");
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["folds"], 2);
    assert_eq!(v["examples"], 18);
    assert_eq!(v["labels"].as_array().unwrap().len(), 3);
    assert_eq!(v["calibration"].as_array().unwrap().len(), 10);
    // Neither --out nor --cv: nothing to do.
    assert_eq!(cli(&["train", "--data", d], "").code, 2);
}

#[test]
fn a_wrong_or_damaged_model_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let not_model = dir.path().join("x.model");
    fs::write(&not_model, b"{\"labels\": [\"a\"]}").unwrap();
    let folder = decks();
    for cmd in ["classify", "records"] {
        let mut args = vec![cmd, "--model", not_model.to_str().unwrap()];
        if cmd == "records" {
            args.push(&folder);
        }
        let out = cli(&args, "text");
        assert_eq!(out.code, 2, "{cmd}: {}", out.stderr);
        assert!(out.stderr.contains("not a deck-ingest topic model"), "{}", out.stderr);
    }
    let mut damaged = deck_classify::Model::embedded_bytes().to_vec();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 1;
    let path = dir.path().join("d.model");
    fs::write(&path, damaged).unwrap();
    let out = cli(&["classify", "--model", path.to_str().unwrap()], "text");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("corrupt"), "{}", out.stderr);
    let missing = cli(&["classify", "--model", "no/such.model"], "text");
    assert_eq!(missing.code, 2, "{}", missing.stderr);
}

#[test]
fn version_names_the_model_data_attribution() {
    let out = cli(&["--version"], "");
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Norsk lisens for offentlige data (NLOD)"), "{}", out.stdout);
}
