//! Grouped cross-validation of the default training options, as
//! `deck-ingest train --data FILE --label-field gold --cv K --group-by doc` runs it,
//! without building the whole CLI (for quick comparisons while developing):
//!
//! ```sh
//! cargo run --release -p deck-classify --example cv -- ../shared/topics/dev.jsonl 5
//! ```

use std::io::{BufReader, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(data) = args.first() else {
        let _ = std::io::stderr().write_all(b"usage: cv DEV.jsonl [K]\n");
        return ExitCode::from(2);
    };
    let k = args.get(1).and_then(|k| k.parse().ok()).unwrap_or(5);
    let fields = deck_classify::Fields {
        text: "text".into(),
        label: "gold".into(),
        group: Some("doc".into()),
    };
    let result = std::fs::File::open(data)
        .map_err(|e| e.to_string())
        .and_then(|f| {
            deck_classify::read_examples(BufReader::new(f), &fields).map_err(|e| e.to_string())
        })
        .and_then(|examples| {
            let options = deck_classify::TrainOptions::default();
            deck_classify::cross_validate(
                &examples,
                k,
                &options,
                deck_classify::Taxonomy::embedded(),
            )
            .map_err(|e| e.to_string())
        });
    match result {
        Ok(report) => {
            let _ = std::io::stdout().write_all(report.to_string().as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = std::io::stderr().write_all(format!("{e}\n").as_bytes());
            ExitCode::from(1)
        }
    }
}
