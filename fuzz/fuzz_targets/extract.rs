//! Any bytes: extraction returns a document or a typed error, never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = deck_extract::Options::default();
    let _ = deck_extract::extract(data, &options);
});
