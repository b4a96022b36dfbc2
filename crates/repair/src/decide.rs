//! The decision: for each line, the most probable way to group its tokens into words,
//! and for each space the odds that it is spurious.
//!
//! The model is a word bigram model with a noisy channel: the text we see is the true
//! words, with a spurious space inserted after letter `c` with probability `π(c)` (the
//! document's [`Profile`]) and geometry adding its own evidence. A word's score is its
//! unigram probability; consecutive words add their pair lift ([`Context`], Norwegian
//! only), so a join that makes a valid word must also read well next to its neighbours.
//! Dynamic programming over the line's candidate words gives, for every space, the best
//! segmentation that removes it and the best that keeps it; their difference is the
//! log10 odds of the repair.

use crate::candidates::{Kind, LineModel, MAX_SPAN};
use crate::context::Context;
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
pub(crate) fn slot_odds(
    model: &LineModel,
    profile: &Profile,
    ctx: Option<&Context>,
) -> Vec<SlotOdds> {
    let (with, spans) = odds_and_spans(model, profile, ctx, true);
    // Only lines with measurements need the second pass.
    let without = if model.slots.iter().any(|s| s.geo != 0.0) {
        odds(model, profile, ctx, false)
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
pub(crate) fn odds(
    model: &LineModel,
    profile: &Profile,
    ctx: Option<&Context>,
    geometry: bool,
) -> Vec<f32> {
    odds_and_spans(model, profile, ctx, geometry).0
}

/// Per slot: log10 odds and the best joined word through it.
type Sweep = (Vec<f32>, Vec<(usize, usize)>);

/// [`odds`], with the best joined word through each slot.
fn odds_and_spans(
    model: &LineModel,
    profile: &Profile,
    ctx: Option<&Context>,
    geometry: bool,
) -> Sweep {
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
    SCRATCH.with_borrow_mut(|scratch| sweep(model, profile, ctx, geometry, scratch, spans))
}

/// Buffers of the sweeps, kept per thread: the decision runs several times per line, and
/// allocating them each time was a tenth of the repairer's run time.
#[derive(Default)]
struct Scratch {
    prefix: Vec<f32>,
    blocked: Vec<u32>,
    words: Vec<f32>,
    /// Per boundary `p` (before token `p`): whether some candidate word of two or more
    /// tokens ends, starts or lies across it, so that its pair lift can differ between
    /// readings. Elsewhere every reading has the same pair, which cancels out.
    ambiguous: Vec<bool>,
    fwd: Vec<f32>,
    bwd: Vec<f32>,
    joined: Vec<f32>,
    kept: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The pair lift between the word of tokens `a..a+la` and the one of `b..b+lb` (`b` right
/// after it), 0 where punctuation stands between them or either is no word.
fn lift(model: &LineModel, ctx: &Context, a: usize, la: usize, b: usize, lb: usize) -> f32 {
    let (ia, ib) = (LineModel::idx(a, la), LineModel::idx(b, lb));
    if !model.bare[a + la - 1].1 || !model.bare[b].0 {
        return 0.0;
    }
    if model.kind[ia] == Kind::Fixed || model.kind[ib] == Kind::Fixed {
        return 0.0;
    }
    ctx.left(model.keys[ia]).map_or(0.0, |left| ctx.lift(left, model.keys[ib]))
}

fn sweep(
    model: &LineModel,
    profile: &Profile,
    ctx: Option<&Context>,
    geometry: bool,
    scratch: &mut Scratch,
    mut spans: Vec<(usize, usize)>,
) -> Sweep {
    let n = model.tokens.len();
    let Scratch { prefix, blocked, words, ambiguous, fwd, bwd, joined, kept } = scratch;
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
    // Score of tokens i..i+len as one word, joins included: once per run, since the
    // sweeps below read each several times.
    words.clear();
    words.resize(n * MAX_SPAN, f32::NEG_INFINITY);
    ambiguous.clear();
    ambiguous.resize(n + 1, false);
    for i in 0..n {
        for len in 1..=MAX_SPAN.min(n - i) {
            let at = LineModel::idx(i, len);
            let s = model.score[at];
            let j = i + len - 1;
            if s > f32::NEG_INFINITY && blocked[j] == blocked[i] {
                words[at] = s + (prefix[j] - prefix[i]);
                if len > 1 {
                    ambiguous[i..=i + len].fill(true);
                }
            }
        }
    }
    let word = |i: usize, len: usize| words[LineModel::idx(i, len)];
    // The pair lift at boundary `b` between a word of `la` tokens ending there and one of
    // `lb` starting there.
    let pair = |b: usize, la: usize, lb: usize| match ctx {
        Some(ctx) if ambiguous[b] => lift(model, ctx, b - la, la, b, lb),
        _ => 0.0,
    };
    // Forward: fwd[word] = best score of tokens 0.. through that word, ending with it.
    fwd.clear();
    fwd.resize(n * MAX_SPAN, f32::NEG_INFINITY);
    for i in 0..n {
        for len in 1..=MAX_SPAN.min(n - i) {
            let w = word(i, len);
            if w == f32::NEG_INFINITY {
                continue;
            }
            let best_before = if i == 0 {
                0.0
            } else {
                (1..=MAX_SPAN.min(i))
                    .filter(|&la| fwd[LineModel::idx(i - la, la)] > f32::NEG_INFINITY)
                    .map(|la| fwd[LineModel::idx(i - la, la)] + pair(i, la, len))
                    .fold(f32::NEG_INFINITY, f32::max)
            };
            fwd[LineModel::idx(i, len)] = best_before + w;
        }
    }
    // Backward: bwd[word] = best score of that word and everything after it.
    bwd.clear();
    bwd.resize(n * MAX_SPAN, f32::NEG_INFINITY);
    for i in (0..n).rev() {
        for len in 1..=MAX_SPAN.min(n - i) {
            let w = word(i, len);
            if w == f32::NEG_INFINITY {
                continue;
            }
            let next = i + len;
            let best_after = if next == n {
                0.0
            } else {
                (1..=MAX_SPAN.min(n - next))
                    .filter(|&lb| bwd[LineModel::idx(next, lb)] > f32::NEG_INFINITY)
                    .map(|lb| pair(next, len, lb) + bwd[LineModel::idx(next, lb)])
                    .fold(f32::NEG_INFINITY, f32::max)
            };
            bwd[LineModel::idx(i, len)] = w + best_after;
        }
    }
    // Best reading that removes slot g (a word across it), and best that keeps it (a word
    // ending at token g, the next starting at g + 1).
    joined.clear();
    joined.resize(n - 1, f32::NEG_INFINITY);
    kept.clear();
    kept.resize(n - 1, f32::NEG_INFINITY);
    for i in 0..n {
        for len in 1..=MAX_SPAN.min(n - i) {
            let at = LineModel::idx(i, len);
            let w = words[at];
            if w == f32::NEG_INFINITY || fwd[at] == f32::NEG_INFINITY {
                continue;
            }
            if len > 1 {
                let total = fwd[at] + bwd[at] - w;
                for g in i..i + len - 1 {
                    if total > joined[g] {
                        joined[g] = total;
                        spans[g] = (i, len);
                    }
                }
            }
            let next = i + len;
            if next < n {
                let g = next - 1;
                for lb in 1..=MAX_SPAN.min(n - next) {
                    let b = bwd[LineModel::idx(next, lb)];
                    if b > f32::NEG_INFINITY {
                        kept[g] = kept[g].max(fwd[at] + pair(next, len, lb) + b);
                    }
                }
            }
        }
    }
    let odds = (0..n - 1).map(|g| (joined[g] - kept[g]).clamp(-20.0, 20.0)).collect();
    (odds, spans)
}
