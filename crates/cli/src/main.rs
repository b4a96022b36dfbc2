//! The `deck-ingest` binary: parses nothing itself, hands over to [`deck_cli::run`].

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = stderr.lock();
    let code = deck_cli::run(std::env::args_os(), &mut stdin.lock(), &mut out, &mut err);
    // A closed pipe (`| head`) is a normal way to stop reading: not an error.
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "deck-ingest: cannot write output: {e}");
            ExitCode::from(1)
        }
        Ok(()) => ExitCode::from(code),
    }
}
