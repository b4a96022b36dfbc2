//! The progress bar: files, pages, rate and ETA on stderr, only where a person sees it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::ProgressArg;

/// Makes a bar over `files` inputs, hidden unless asked for or stderr is a terminal.
pub(crate) fn bar(mode: ProgressArg, files: usize) -> ProgressBar {
    let show = match mode {
        ProgressArg::Always => true,
        ProgressArg::Never => false,
        ProgressArg::Auto => std::io::stderr().is_terminal(),
    };
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
    if show {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files, {msg} [{elapsed_precise}, ETA {eta}] {per_sec}",
        ) {
            bar.set_style(style);
        }
    }
    bar
}
