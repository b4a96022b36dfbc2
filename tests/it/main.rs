//! End-to-end tests, one binary (it links once).

// Every fixture deck through the pipeline, as insta snapshots; schema validation.
mod fixtures;
// The CLI in process: exit statuses, determinism, error records, subcommands.
mod cli;
// The committed fixtures are exactly what the generator writes.
mod fresh;
// The shared data beside the checkout, when present: corpus and spacing decks.
mod shared;
