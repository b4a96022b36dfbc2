//! Shared helpers for the end-to-end tests: paths, the CLI in process, scoring.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `../shared` beside the checkout, when present.
pub fn shared() -> Option<PathBuf> {
    let dir = root().parent()?.join("shared");
    dir.is_dir().then_some(dir)
}

/// What one CLI run produced.
#[derive(Debug)]
pub struct Output {
    /// Exit status.
    pub code: u8,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `deck-ingest ARGS` in process with `stdin` as standard input.
pub fn cli(args: &[&str], stdin: &str) -> Output {
    let argv: Vec<OsString> = std::iter::once(OsString::from("deck-ingest"))
        .chain(args.iter().map(OsString::from))
        .collect();
    let mut input = stdin.as_bytes();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = deck_cli::run(argv, &mut input, &mut out, &mut err);
    Output {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// Word-break agreement of `hyp` with `truth` (texts equal but for whitespace),
/// the measure of `shared/tools/spacing_score.py`: (word accuracy, words left
/// split, words glued). `None` when the non-space characters differ.
pub fn spacing_score(truth: &str, hyp: &str) -> Option<(f64, usize, usize)> {
    fn breaks(text: &str) -> (Vec<char>, std::collections::BTreeSet<usize>) {
        let mut chars = Vec::new();
        let mut set = std::collections::BTreeSet::new();
        let mut pending = false;
        for ch in text.chars() {
            if ch.is_whitespace() {
                pending = true;
                continue;
            }
            if pending && !chars.is_empty() {
                set.insert(chars.len());
            }
            pending = false;
            chars.push(ch);
        }
        (chars, set)
    }
    let (tc, tb) = breaks(truth);
    let (hc, hb) = breaks(hyp);
    if tc != hc {
        return None;
    }
    let missed = hb.difference(&tb).count();
    let glued = tb.difference(&hb).count();
    let mut bounds = vec![0];
    bounds.extend(tb.iter().copied());
    bounds.push(tc.len());
    let words = bounds.len() - 1;
    let good = bounds
        .windows(2)
        .filter(|w| {
            let (s, e) = (w[0], w[1]);
            (s == 0 || hb.contains(&s))
                && (e == tc.len() || hb.contains(&e))
                && !hb.range(s + 1..e).any(|_| true)
        })
        .count();
    Some((if words == 0 { 1.0 } else { good as f64 / words as f64 }, missed, glued))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_score_counts_splits_and_glues() {
        assert_eq!(spacing_score("ab cd", "ab cd"), Some((1.0, 0, 0)));
        let (acc, missed, glued) = spacing_score("abcd ef", "ab cd ef").unwrap();
        assert_eq!((missed, glued), (1, 0));
        assert!((acc - 0.5).abs() < 1e-9);
        assert_eq!(spacing_score("ab cd", "abcd").map(|s| s.2), Some(1));
        assert_eq!(spacing_score("ab", "ax"), None);
    }
}
