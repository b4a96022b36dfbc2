//! Load time of the embedded topic model and classification throughput.
//!
//! `cargo bench -p deck-classify --bench model` (release build; one core). Prints the
//! median of 25 loads (the checks of `data/topics.model`, in place and from a copy) and of 25 passes over a
//! set of slide-like sections, with and without the model.

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use deck_classify::{Classifier, Model, Taxonomy};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let bytes = Model::embedded_bytes();
    // The embedded model is opened in place (checks only); a user's file is copied
    // into one buffer first.
    let load = |copy: bool| -> Duration {
        let loads: Vec<Duration> = (0..25)
            .map(|_| {
                let t = Instant::now();
                let m = if copy {
                    Model::from_bytes(black_box(bytes))
                } else {
                    Model::from_static(black_box(bytes))
                };
                black_box(m.map(|m| m.labels().len()).ok());
                t.elapsed()
            })
            .collect();
        median(loads)
    };
    println!(
        "model load ({} bytes): embedded, in place: median {:.2} ms; from a copy: {:.2} ms",
        bytes.len(),
        load(false).as_secs_f64() * 1e3,
        load(true).as_secs_f64() * 1e3,
    );

    // The crate's own labelled test sentences stand in for slide sections.
    let text = include_str!("../tests/data/sentences.txt");
    let sections: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            l.split_once('|').map(|(_, rest)| rest.split_once("||").unwrap_or(("", rest)))
        })
        .collect();
    let taxonomy = Taxonomy::embedded();
    let model = Model::embedded();
    for (name, c) in [
        ("taxonomy only", Classifier::new(taxonomy)),
        ("model + taxonomy", Classifier::new(taxonomy).with_model(model)),
    ] {
        let runs: Vec<Duration> = (0..25)
            .map(|_| {
                let t = Instant::now();
                for (title, body) in &sections {
                    black_box(c.classify(title, body));
                }
                t.elapsed()
            })
            .collect();
        let m = median(runs);
        println!(
            "{name}: median {:.2} ms for {} sections ({:.1} µs each)",
            m.as_secs_f64() * 1e3,
            sections.len(),
            m.as_secs_f64() * 1e6 / sections.len() as f64
        );
    }
}
