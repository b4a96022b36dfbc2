use std::collections::BTreeMap;

use deck_tests::{cli, root};

fn decks() -> String {
    root().join("fixtures/decks").to_string_lossy().into_owned()
}

fn records(args: &[&str]) -> Vec<serde_json::Value> {
    let out = cli(args, "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn path(r: &serde_json::Value) -> String {
    r["source"]["path"].as_str().unwrap().to_owned()
}

#[test]
fn page_records_cover_every_page_with_the_slides_own_title() {
    let pages = records(&["records", "--granularity", "page", &decks()]);
    let mut by_file: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for r in &pages {
        assert_eq!(r["pages"].as_array().unwrap().len(), 1);
        by_file.entry(path(r)).or_default().push(r["pages"][0].as_u64().unwrap());
        // The title is the page's own title block, when it has one.
        let own: Vec<&str> = r["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["kind"] == "title")
            .map(|b| b["text"].as_str().unwrap())
            .collect();
        if let Some(t) = own.first() {
            assert_eq!(r["title"].as_str(), Some(*t), "{}", r["id"]);
        }
    }
    for r in pages.iter().filter(|r| r["index"] == 1) {
        let count = r["source"]["page_count"].as_u64().unwrap();
        assert_eq!(by_file[&path(r)], (1..=count).collect::<Vec<_>>(), "{}", path(r));
    }
}

#[test]
fn chunks_fit_the_limit_and_join_back_into_their_sections() {
    let max = 120;
    let chunks = records(&["records", "--granularity", "chunk", "--max-chars", "120", &decks()]);
    let sections = records(&["records", &decks()]);
    let mut joined: BTreeMap<(String, String, Vec<u64>), Vec<String>> = BTreeMap::new();
    let mut split = 0;
    for c in &chunks {
        assert_eq!(c["granularity"], "chunk");
        assert!(c["id"].as_str().unwrap().contains("-c"));
        let text = c["text"].as_str().unwrap();
        assert!(text.chars().count() <= max, "{} chars: {text:?}", text.chars().count());
        let part = &c["part"];
        assert!(part["index"].as_u64().unwrap() <= part["count"].as_u64().unwrap());
        split += usize::from(part["count"].as_u64().unwrap() > 1);
        joined
            .entry((path(c), c["title"].to_string(), Vec::new()))
            .or_default()
            .push(text.to_owned());
    }
    assert!(split > 0, "some section must have been split at 120 characters");
    // Every section's text is its chunks' texts joined, in order.
    let mut rebuilt: BTreeMap<(String, String), String> = BTreeMap::new();
    for ((file, title, _), texts) in &joined {
        rebuilt.insert((file.clone(), title.clone()), texts.join("\n"));
    }
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for s in &sections {
        let key = (path(s), s["title"].to_string());
        let e = seen.entry(key).or_default();
        if !e.is_empty() {
            e.push('\n');
        }
        e.push_str(s["text"].as_str().unwrap());
    }
    assert_eq!(rebuilt, seen);
}

#[test]
fn max_chars_must_be_positive() {
    let out = cli(&["records", "--granularity", "chunk", "--max-chars", "0", &decks()], "");
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn a_deck_in_chapters_reads_as_a_reader_sees_it() {
    let deck = root().join("fixtures/decks/chapters.pdf").to_string_lossy().into_owned();
    let pages = records(&["records", "--granularity", "page", &deck]);
    let kinds: Vec<(u64, &str)> = pages
        .iter()
        .filter(|r| r["kind"] == "divider")
        .map(|r| (r["pages"][0].as_u64().unwrap(), r["title"].as_str().unwrap()))
        .collect();
    // The closing slide shares the dividers' layout but opens nothing.
    assert_eq!(
        kinds,
        vec![(3, "Bakgrunn og mål"), (6, "Tiltak for bibliotekene"), (11, "Oppfølging og økonomi")]
    );
    let chapter = |p: usize| pages[p - 1]["chapter"]["index"].as_u64();
    assert_eq!(
        (chapter(2), chapter(4), chapter(9), chapter(13)),
        (None, Some(1), Some(2), Some(3))
    );
    // The cover's title is set over a picture.
    assert_eq!(pages[0]["title"], "Kulturplan for Nordvik");
    let subtitles: Vec<&str> = pages[3]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "subtitle")
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(subtitles, vec!["Erfaringer fra forrige planperiode"]);
    // The picture-only page: empty text, a warning, in the summary line.
    assert_eq!(pages[7]["text"], "");
    assert!(pages[7]["warnings"].as_array().unwrap().iter().any(|w| w["kind"] == "image-only"));
    let out = cli(&["records", &deck], "");
    assert!(out.stderr.contains("(1 image-only)"), "{}", out.stderr);
    let links: Vec<(&str, &str)> = pages[8]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["url"].as_str().unwrap(), l["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        links,
        vec![
            ("https://nordvik.kommune.no/kultur/plan", "Kulturplanen på nettsidene våre"),
            ("https://bibliotek.nordvik.kommune.no/arrangementer", "Bibliotekets arrangementer")
        ]
    );
    assert_eq!(pages[9]["links"][0]["url"], "http://www.nordvik.kommune.no/horing");
    // In section records the picture-only page is listed with the section before it.
    let sections = records(&["records", &deck]);
    let with8 =
        sections.iter().find(|r| r["pages"].as_array().unwrap().contains(&8.into())).unwrap();
    assert_eq!(with8["title"], "Meråpne bibliotek");
    assert!(with8["warnings"].as_array().unwrap().iter().any(|w| w["kind"] == "image-only"));
}
