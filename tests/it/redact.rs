//! `--redact`: the personal-data fixture deck end to end, every output scanned for the
//! planted values, the redacted records as a snapshot, usage errors.

use std::fs;

use deck_tests::{cli, root};

fn deck() -> String {
    root().join("fixtures/decks/personal-data.pdf").to_string_lossy().into_owned()
}

/// The values planted in `personal-data.pdf`, as written there.
const PLANTED: &[&str] = &[
    "kari.nordmann@nordvik.kommune.no",
    "post@nordvik.kommune.no",
    "+47 40 21 57 36",
    "22 05 45 00",
    "150765 00565",
    "55076500559",
    "NO93 8601 1117 947",
    "5555 5555 5555 4444",
];

/// Look-alikes on the same slides, which must come through untouched.
const LOOK_ALIKES: &[&str] = &[
    "22/09537",
    "974 760 673",
    "1503 12 34562",
    "3015 Nordvik",
    "14.03.2026",
    "48 mill. kr",
    "2026-29",
    "https://nordvik.kommune.no/tilskudd/2026",
];

/// Every string in a JSON value: keys and values, however deep.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out);
        }),
        _ => {}
    }
}

/// Asserts that no planted value occurs in `text`, as written or with its spaces, dots
/// and hyphens removed (a repair could have closed them up), nor its last eight digits.
fn assert_clean(what: &str, text: &str) {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for v in PLANTED {
        let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(!text.contains(v), "{what} carries {v:?}");
        assert!(!squeezed.contains(&compact), "{what} carries {v:?} without its spaces");
        let digits: String = v.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 8 {
            let tail = &digits[digits.len() - 8..];
            let only_digits: String = text.chars().filter(char::is_ascii_digit).collect();
            assert!(!only_digits.contains(tail), "{what} carries the digits of {v:?}");
        }
    }
}

fn records(args: &[&str]) -> Vec<serde_json::Value> {
    let out = cli(args, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_clean("stderr", &out.stderr);
    out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn without_redact_the_values_are_there() {
    // The scan below would pass trivially if the deck carried no values.
    let recs = records(&["records", &deck()]);
    let all: String = recs.iter().map(|r| r.to_string()).collect();
    for v in PLANTED {
        assert!(all.contains(v), "the fixture should carry {v:?}");
    }
    assert!(recs.iter().all(|r| r["redactions"].is_null()));
}

#[test]
fn no_field_of_any_granularity_carries_a_planted_value() {
    for granularity in ["section", "page", "document"] {
        let recs = records(&["records", "--redact", "all", "--granularity", granularity, &deck()]);
        assert!(!recs.is_empty());
        let mut all = Vec::new();
        for r in &recs {
            strings(r, &mut all);
        }
        for s in &all {
            assert_clean(&format!("{granularity}: field {s:?}"), s);
        }
        let joined = all.join("\n");
        for kind in ["[email]", "[phone]", "[fnr]", "[dnr]", "[iban]", "[card]"] {
            assert!(joined.contains(kind), "{granularity}: {kind} marker missing");
        }
        for look in LOOK_ALIKES {
            assert!(joined.contains(look), "{granularity}: look-alike {look:?} was taken out");
        }
    }
}

#[test]
fn redactions_count_per_page_and_kind() {
    let recs = records(&["records", "--redact", "all", "--granularity", "page", &deck()]);
    let got: Vec<(u64, String, u64)> = recs
        .iter()
        .flat_map(|r| r["redactions"].as_array().unwrap().clone())
        .map(|x| {
            (
                x["page"].as_u64().unwrap(),
                x["kind"].as_str().unwrap().to_owned(),
                x["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        (1, "email", 2), // the contact line and the footer
        (1, "phone", 2),
        (2, "dnr", 1),
        (2, "email", 1),
        (2, "fnr", 1),
        (3, "card", 1),
        (3, "email", 1),
        (3, "iban", 1),
    ];
    let want: Vec<(u64, String, u64)> =
        want.iter().map(|(p, k, n)| (*p, (*k).to_owned(), *n)).collect();
    assert_eq!(got, want);
    for r in &recs {
        for x in r["redactions"].as_array().unwrap() {
            let keys: Vec<&String> = x.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["kind", "page", "count"], "never the value, never a hash");
        }
    }
}

#[test]
fn only_the_chosen_kinds_and_user_patterns() {
    let recs = records(&[
        "records",
        "--redact",
        "email",
        "--redact-pattern",
        "saksnr=[0-9]{2}/[0-9]{5}",
        &deck(),
    ]);
    let all: String = recs.iter().map(|r| r["text"].as_str().unwrap().to_owned()).collect();
    assert!(all.contains("[email]") && all.contains("[saksnr]"));
    assert!(!all.contains("22/09537"));
    assert!(all.contains("150765 00565"), "fnr was not asked for");
    let kinds: std::collections::BTreeSet<String> = recs
        .iter()
        .flat_map(|r| r["redactions"].as_array().unwrap().clone())
        .map(|x| x["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["email", "saksnr"]);
}

#[test]
fn text_inspect_and_redact_outputs_are_clean() {
    let text = cli(&["text", "--redact", "all", &deck()], "");
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert_clean("text", &text.stdout);
    assert!(text.stdout.contains("[fnr]") && text.stdout.contains("22/09537"));
    let raw = cli(&["text", "--raw", "--redact", "all", &deck()], "");
    assert_clean("text --raw", &raw.stdout);

    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = cli(&["inspect", &deck(), "--output", html.to_str().unwrap(), "--redact", "all"], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = fs::read_to_string(&html).unwrap();
    assert_clean("inspect report", &report);
    assert!(!report.contains("data:image/png"), "no page images when redacting");
    assert!(report.contains("[phone]"));

    let truth = fs::read_to_string(root().join("fixtures/decks/personal-data.truth.txt")).unwrap();
    let plain = cli(&["redact"], &truth);
    assert_eq!(plain.code, 0);
    assert_clean("redact", &plain.stdout);
    for look in LOOK_ALIKES {
        assert!(plain.stdout.contains(look), "redact took out {look:?}");
    }
    assert!(plain.stderr.contains("values redacted"), "{}", plain.stderr);
}

#[test]
fn redacted_records_snapshot() {
    let recs = records(&["records", "--redact", "all", &deck()]);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    // The path depends on the checkout; everything else is the deck's.
    settings.add_redaction("[].source.path", "fixtures/decks/personal-data.pdf");
    settings.bind(|| insta::assert_json_snapshot!("redacted-records@personal-data.pdf", recs));
}

#[test]
fn bad_kinds_and_patterns_are_usage_errors_naming_them() {
    let out =
        cli(&["records", "--redact", "all", "--redact-pattern", "ansatt=A-([0-9]", &deck()], "");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("ansatt"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let out = cli(&["text", "--redact", "fnr,passport", &deck()], "");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("\"passport\""), "{}", out.stderr);
    let out = cli(&["redact", "--redact-pattern", "e=x*"], "abc");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("pattern e: matches the empty string"), "{}", out.stderr);
    let out = cli(&["redact", "--redact-pattern", "fnr=[0-9]+"], "abc");
    assert_eq!(out.code, 2, "a pattern may not take a built-in kind's name");
}
