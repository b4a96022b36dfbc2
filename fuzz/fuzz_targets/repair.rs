//! Any text: repair changes whitespace only and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let repaired = deck_repair::Repairer::new(deck_repair::Lexicon::embedded()).repair_text(text);
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&repaired.text), strip(text), "repair changed more than whitespace");
    }
});
