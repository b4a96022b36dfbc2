//! The deck-ingest command line: argument parsing, input discovery, the parallel
//! batch and exit statuses. No pipeline logic lives here; it calls `deck-ingest`.
//!
//! [`run`] takes the argument list and the three standard streams, so tests run
//! the whole CLI in process with captured output.

mod args;
mod batch;
mod commands;
mod inputs;
mod inspect;
mod outdir;
mod progress;

use std::ffi::OsString;
use std::io::{self, BufRead, Write};

use clap::Parser;

pub use args::Cli;

/// Exit status: every input done.
pub const EXIT_OK: u8 = 0;
/// Exit status: some inputs failed (each got an error record).
pub const EXIT_FAILED_INPUTS: u8 = 1;
/// Exit status: bad usage or unreadable options.
pub const EXIT_USAGE: u8 = 2;

/// Runs the CLI with `args` (including the program name) and returns the exit status.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = stderr.write_all(text.as_bytes());
            } else {
                let _ = stdout.write_all(text.as_bytes());
            }
            return u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE);
        }
    };
    match commands::dispatch(cli, stdin, stdout, stderr) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return EXIT_OK;
            }
            let _ = writeln!(stderr, "deck-ingest: {err:#}");
            match err.downcast_ref::<commands::UsageError>() {
                Some(_) => EXIT_USAGE,
                None => EXIT_FAILED_INPUTS,
            }
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
