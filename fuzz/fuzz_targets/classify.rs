//! Any text: classification and language detection are total; scores stay in [0, 1].
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let taxonomy = deck_classify::Taxonomy::embedded();
        let (title, body) = text.split_at(text.char_indices().nth(8).map_or(0, |(i, _)| i));
        for topic in deck_classify::Classifier::new(taxonomy).classify(title, body) {
            assert!((0.0..=1.0).contains(&topic.score), "score out of range");
        }
        let _ = deck_classify::detect_language(text);
        let _ = deck_classify::Taxonomy::from_toml_str(text);
    }
});
