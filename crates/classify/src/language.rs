//! Language detection and function words live in `deck-lang`, shared with `repair`
//! and `structure`; classify re-exports the detector as part of its API.

pub(crate) use deck_lang::is_function_word;
pub use deck_lang::{Language, detect_language};
