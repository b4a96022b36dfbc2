//! The decision: for each line, the most probable way to group its tokens into words,
//! and for each space the odds that it is spurious.
//!
//! The model is a unigram word model with a noisy channel: the text we see is the true
//! words, with a spurious space inserted after letter `c` with probability `π(c)` (the
//! document's [`Profile`]) and geometry adding its own evidence. Dynamic programming over
//! the line gives, for every space, the best segmentation that removes it and the best
//! that keeps it; their difference is the log10 odds of the repair.

use crate::candidates::{LineModel, MAX_SPAN};
use crate::profile::Profile;

/// Per-slot log10 odds that the space is spurious: with and without the geometry term
/// (the second tells whether geometry decided the case).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotOdds {
    pub(crate) odds: f32,
    pub(crate) odds_without_geometry: f32,
    /// The best word through the slot when it is removed: first token and token count.
    pub(crate) span: (usize, usize),
}

/// Computes the odds of every slot of a line.
pub(crate) fn slot_odds(model: &LineModel, profile: &Profile) -> Vec<SlotOdds> {
    let (with, spans) = odds_and_spans(model, profile, true);
    // Only lines with measurements need the second pass.
    let without = if model.slots.iter().any(|s| s.geo != 0.0) {
        odds(model, profile, false)
    } else {
        with.clone()
    };
    with.into_iter()
        .zip(without)
        .zip(spans)
        .map(|((odds, odds_without_geometry), span)| SlotOdds { odds, odds_without_geometry, span })
        .collect()
}

/// Max-marginal log10 odds (join vs keep) of each slot, by forward–backward Viterbi.
pub(crate) fn odds(model: &LineModel, profile: &Profile, geometry: bool) -> Vec<f32> {
    odds_and_spans(model, profile, geometry).0
}

/// [`odds`], with the best joined word through each slot.
fn odds_and_spans(
    model: &LineModel,
    profile: &Profile,
    geometry: bool,
) -> (Vec<f32>, Vec<(usize, usize)>) {
    let n = model.tokens.len();
    if n < 2 {
        return (Vec::new(), Vec::new());
    }
    // Cost of removing each space: the prior plus the geometry vote.
    let join_cost: Vec<f32> = model
        .slots
        .iter()
        .map(|s| {
            if s.joinable {
                profile.slot_odds(s) + if geometry { s.geo } else { 0.0 }
            } else {
                f32::NEG_INFINITY
            }
        })
        .collect();
    // Score of tokens i..i+len as one word, joins included.
    let word = |i: usize, len: usize| -> f32 {
        let s = model.score[LineModel::idx(i, len)];
        if s == f32::NEG_INFINITY {
            return s;
        }
        s + join_cost[i..i + len - 1].iter().sum::<f32>()
    };
    let mut fwd = vec![f32::NEG_INFINITY; n + 1];
    fwd[0] = 0.0;
    for j in 1..=n {
        for len in 1..=MAX_SPAN.min(j) {
            let w = word(j - len, len);
            if w > f32::NEG_INFINITY {
                fwd[j] = fwd[j].max(fwd[j - len] + w);
            }
        }
    }
    let mut bwd = vec![f32::NEG_INFINITY; n + 1];
    bwd[n] = 0.0;
    for i in (0..n).rev() {
        for len in 1..=MAX_SPAN.min(n - i) {
            let w = word(i, len);
            if w > f32::NEG_INFINITY {
                bwd[i] = bwd[i].max(w + bwd[i + len]);
            }
        }
    }
    let mut joined = vec![f32::NEG_INFINITY; n - 1];
    let mut spans: Vec<(usize, usize)> = (0..n - 1).map(|g| (g, 2)).collect();
    for i in 0..n {
        for len in 2..=MAX_SPAN.min(n - i) {
            let w = word(i, len);
            if w == f32::NEG_INFINITY {
                continue;
            }
            let total = fwd[i] + w + bwd[i + len];
            for g in i..i + len - 1 {
                if total > joined[g] {
                    joined[g] = total;
                    spans[g] = (i, len);
                }
            }
        }
    }
    let odds = (0..n - 1)
        .map(|g| {
            let kept = fwd[g + 1] + bwd[g + 1];
            (joined[g] - kept).clamp(-20.0, 20.0)
        })
        .collect();
    (odds, spans)
}
