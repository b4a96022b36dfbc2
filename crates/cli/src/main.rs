//! The `deck-ingest` binary: parses nothing itself, hands over to [`deck_cli::run`].

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    // Not locked for the run: a worker thread that writes to stderr (the panic hook,
    // before `catch_unwind` turns a panic into an error record) would wait forever on a
    // lock this thread holds while it waits for that worker's result.
    let mut err = io::stderr();
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
