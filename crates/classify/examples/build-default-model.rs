//! Rebuilds the embedded default topic model, `data/topics.model`, from the
//! development data set (see `data/SOURCE.md`):
//!
//! ```sh
//! cargo run --release -p deck-classify --example build-default-model -- \
//!     ../shared/topics/dev.jsonl crates/classify/data/topics.model
//! ```
//!
//! Training is deterministic: the same data gives the same bytes, which a test checks.

use std::io::BufReader;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(data), Some(out)) = (args.first(), args.get(1)) else {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"usage: build-default-model DEV.jsonl OUT.model\n",
        );
        return ExitCode::from(2);
    };
    let result = std::fs::File::open(data)
        .map_err(|e| e.to_string())
        .and_then(|f| {
            deck_classify::build_default_model(BufReader::new(f)).map_err(|e| e.to_string())
        })
        .and_then(|m| std::fs::write(out, m.to_bytes()).map_err(|e| e.to_string()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{e}\n").as_bytes());
            ExitCode::from(1)
        }
    }
}
