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
    // No run of two or more tokens can be one word (most lines of clean text): every
    // space stays, and the sweeps below would only confirm it.
    let any_run = (0..n).any(|i| {
        (2..=MAX_SPAN.min(n - i)).any(|len| model.score[LineModel::idx(i, len)] > f32::NEG_INFINITY)
    });
    let spans: Vec<(usize, usize)> = (0..n - 1).map(|g| (g, 2)).collect();
    if !any_run {
        return (vec![-20.0; n - 1], spans);
    }
    SCRATCH.with_borrow_mut(|scratch| sweep(model, profile, geometry, scratch, spans))
}

/// Buffers of the sweeps, kept per thread: the decision runs several times per line, and
/// allocating them each time was a tenth of the repairer's run time.
#[derive(Default)]
struct Scratch {
    prefix: Vec<f32>,
    blocked: Vec<u32>,
    words: Vec<f32>,
    reach: Vec<usize>,
    fwd: Vec<f32>,
    bwd: Vec<f32>,
    joined: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

fn sweep(
    model: &LineModel,
    profile: &Profile,
    geometry: bool,
    scratch: &mut Scratch,
    mut spans: Vec<(usize, usize)>,
) -> (Vec<f32>, Vec<(usize, usize)>) {
    let n = model.tokens.len();
    let Scratch { prefix, blocked, words, reach, fwd, bwd, joined } = scratch;
    // Cost of removing each space: the prior plus the geometry vote, summed by prefix sums
    // so a run's joins cost one subtraction; slots that can never be removed are counted
    // apart, so the sums stay finite.
    prefix.clear();
    blocked.clear();
    prefix.push(0.0);
    blocked.push(0);
    let (mut acc, mut nblocked) = (0.0f32, 0u32);
    for s in &model.slots {
        let cost = if s.joinable {
            profile.slot_odds(s) + if geometry { s.geo } else { 0.0 }
        } else {
            f32::NEG_INFINITY
        };
        if cost == f32::NEG_INFINITY {
            nblocked += 1;
        } else {
            acc += cost;
        }
        prefix.push(acc);
        blocked.push(nblocked);
    }
    // Score of tokens i..i+len as one word, joins included: once per run, since the three
    // sweeps below read each several times. `reach[i]` is the longest run from token i
    // that can be one word (1 for most tokens), which bounds every loop below.
    words.clear();
    words.resize(n * MAX_SPAN, f32::NEG_INFINITY);
    reach.clear();
    reach.resize(n, 1);
    for i in 0..n {
        for len in 1..=MAX_SPAN.min(n - i) {
            let at = LineModel::idx(i, len);
            let s = model.score[at];
            let j = i + len - 1;
            if s > f32::NEG_INFINITY && blocked[j] == blocked[i] {
                words[at] = s + (prefix[j] - prefix[i]);
                reach[i] = len;
            }
        }
    }
    let word = |i: usize, len: usize| words[LineModel::idx(i, len)];
    // Forward: best score of tokens 0..j, relaxed from each start in order.
    fwd.clear();
    fwd.resize(n + 1, f32::NEG_INFINITY);
    fwd[0] = 0.0;
    for i in 0..n {
        if fwd[i] == f32::NEG_INFINITY {
            continue;
        }
        for len in 1..=reach[i] {
            let w = word(i, len);
            if w > f32::NEG_INFINITY {
                fwd[i + len] = fwd[i + len].max(fwd[i] + w);
            }
        }
    }
    bwd.clear();
    bwd.resize(n + 1, f32::NEG_INFINITY);
    bwd[n] = 0.0;
    for i in (0..n).rev() {
        for len in 1..=reach[i] {
            let w = word(i, len);
            if w > f32::NEG_INFINITY {
                bwd[i] = bwd[i].max(w + bwd[i + len]);
            }
        }
    }
    joined.clear();
    joined.resize(n - 1, f32::NEG_INFINITY);
    for i in 0..n {
        for len in 2..=reach[i] {
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
