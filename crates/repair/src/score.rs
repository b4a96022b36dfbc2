//! Scoring a repair against the true text: the measure of `shared/tools/spacing_score.py`
//! (word accuracy, words left split, words glued), and whether each [`Edit`] was right.
//! One home for the tests, the benchmarks and anyone measuring the repairer on their
//! own text.

use std::collections::BTreeSet;

use crate::Edit;

/// How a text's word breaks compare with the truth's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpacingScore {
    /// Words of the truth.
    pub words: usize,
    /// Truth words with both boundaries right and no break inside.
    pub words_right: usize,
    /// Breaks the truth does not have: words left split ("fylkes tinget").
    pub split: usize,
    /// Truth breaks that are missing: words glued ("somen").
    pub glued: usize,
}

impl SpacingScore {
    /// Share of truth words that came out right.
    pub fn accuracy(&self) -> f64 {
        self.words_right as f64 / self.words.max(1) as f64
    }
}

/// The text without whitespace, and where its word breaks fall: a break at `i` lies
/// before the `i`-th non-whitespace character.
fn breaks(text: &str) -> (Vec<char>, BTreeSet<usize>) {
    let mut chars = Vec::new();
    let mut set = BTreeSet::new();
    let mut pending = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending = true;
            continue;
        }
        if pending && !chars.is_empty() {
            set.insert(chars.len());
        }
        pending = false;
        chars.push(c);
    }
    (chars, set)
}

/// Scores `hyp` against `truth`; `None` when they differ in more than whitespace.
pub fn spacing_score(truth: &str, hyp: &str) -> Option<SpacingScore> {
    let ((tc, tb), (hc, hb)) = (breaks(truth), breaks(hyp));
    if tc != hc {
        return None;
    }
    let len = tc.len();
    let bounds: Vec<usize> = std::iter::once(0).chain(tb.iter().copied()).chain([len]).collect();
    let words_right = bounds
        .windows(2)
        .filter(|w| {
            let (s, e) = (w[0], w[1]);
            (s == 0 || hb.contains(&s))
                && (e == len || hb.contains(&e))
                && hb.range(s + 1..e).next().is_none()
        })
        .count();
    Some(SpacingScore {
        words: bounds.len() - 1,
        words_right,
        split: hb.difference(&tb).count(),
        glued: tb.difference(&hb).count(),
    })
}

/// Judges edits made on `input` (as [`crate::Repairer::repair_text`] splits it into lines)
/// against `truth`: for each edit, whether every space it removes (or would remove) is
/// absent from the truth. `None` when the texts differ in more than whitespace.
pub fn edits_right(input: &str, truth: &str, edits: &[Edit]) -> Option<Vec<bool>> {
    let ((ic, _), (tc, tb)) = (breaks(input), breaks(truth));
    if ic != tc {
        return None;
    }
    // Non-whitespace characters before each line.
    let mut before_line = Vec::new();
    let mut count = 0;
    for line in input.split('\n') {
        before_line.push(count);
        count += line.chars().filter(|c| !c.is_whitespace()).count();
    }
    let lines: Vec<&str> = input.split('\n').collect();
    let judged = edits.iter().map(|e| {
        let Some(line) = lines.get(e.line) else { return false };
        let Some(text) = line.get(e.start..e.start + e.before.len()) else { return false };
        // Each space of the edit sits before the next non-space character: that index is
        // a truth break exactly when removing the space was wrong.
        let mut at =
            before_line[e.line] + line[..e.start].chars().filter(|c| !c.is_whitespace()).count();
        let mut right = true;
        let mut after_space = false;
        for c in text.chars() {
            // Repairs remove ASCII spaces only; a form feed in a token is no break.
            if c == ' ' {
                after_space = true;
                continue;
            }
            if c.is_whitespace() {
                continue;
            }
            if after_space && tb.contains(&at) {
                right = false;
            }
            after_space = false;
            at += 1;
        }
        right
    });
    Some(judged.collect())
}
