//! Runs the whole pipeline on one PDF and returns its records.
