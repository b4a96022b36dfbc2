//! The deck-ingest command line.
