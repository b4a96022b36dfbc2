//! End-to-end tests, one binary (it links once).
#![allow(clippy::print_stderr)] // Skip messages are meant for the person running the tests.

// Every fixture deck through the pipeline, as insta snapshots; schema validation.
mod fixtures;
// The CLI in process: exit statuses, determinism, error records, subcommands.
mod cli;
// The shared data beside the checkout, when present: corpus and spacing decks.
mod shared;
// Repair on clean real decks: nothing unreviewed, no word break changed.
mod do_no_harm;
// Truncated and bit-flipped PDFs: typed errors or text, never a panic.
mod mutation;
// The HTML report, checked in headless Chromium.
mod inspect;
// Granularities: pages, chunks, chapters, links and pages without text end to end.
mod granularity;
// --redact: the personal-data deck, every output scanned for planted values.
mod redact;
