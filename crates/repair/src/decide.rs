//! The decision: for each line, the most probable way to group its tokens into words,
//! and for each space the odds that it is spurious.
//!
//! The model is a word bigram model with a noisy channel: the text we see is the true
//! words, with a spurious space inserted after letter `c` with probability `π(c)` (the
//! document's [`Profile`]) and geometry adding its own evidence. A word's score is its
//! unigram probability; consecutive words add their pair lift ([`Context`] of the
//! document's language), so a join that makes a valid word must also read well next to its neighbours.
//! Dynamic programming over the line's candidate words gives, for every space, the best
//! segmentation that removes it and the best that keeps it; their difference is the
//! log10 odds of the repair.

use crate::candidates::{Kind, LineModel, MAX_SPAN};
use crate::context::{Context, Left};
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
    // Only lines with measurements need the second pass (and a copy of the first: no).
    let without =
        model.slots.iter().any(|s| s.geo != 0.0).then(|| odds(model, profile, ctx, false));
    with.iter()
        .zip(spans)
        .enumerate()
        .map(|(g, (&odds, span))| SlotOdds {
            odds,
            odds_without_geometry: without.as_ref().map_or(odds, |w| w[g]),
            span,
        })
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

/// A line's unigram decision of one round of the profile's estimation ([`odds`] without
/// pair context), kept so that a later round can reuse it where the new profile cannot
/// change the outcome ([`reaches`]).
pub(crate) struct Round {
    /// The odds of every slot.
    pub(crate) odds: Vec<f32>,
    /// The line's candidate scores when decided ([`LineModel::score`]): later rounds score
    /// more runs, and a stretch with a new one must be decided again.
    pub(crate) score: Vec<f32>,
}

impl Round {
    /// [`odds`] of `model` under `profile`, without pair context, kept.
    pub(crate) fn decide(model: &LineModel, profile: &Profile) -> Round {
        Round { odds: odds(model, profile, None, true), score: model.score.clone() }
    }
}

/// Margin for the rounding of the sweeps' f32 sums (log10 units), fixed part: far above
/// the rounding of a short stretch, far below the odds' resolution that matters (the bars
/// are log10 odds of 0.9 and the like).
const ROUNDING_MARGIN: f32 = 0.01;
/// Its part per squared token of the stretch: a reading of `n` tokens sums about `4n`
/// terms (prefix sums, words, forward and backward) into totals of at most about `15n`
/// (a word scores above -15), each addition off by half an ulp (6e-8 relative), so one
/// odds value is off by at most about 2 × 4n × 15n × 6e-8 ≈ 7e-6 n², and two are compared.
const ROUNDING_MARGIN_PER_TOKEN2: f32 = 1.5e-5;

/// Per slot, whether its unigram odds under `profile` (as [`odds`] gives them without
/// pair context, geometry included) reach `bar`, reusing `prev`, decided under
/// `prev_profile`, wherever the change of profile cannot move a slot across the bar.
///
/// A reading's score is its words' scores plus the prior of each space it removes, so
/// where the candidates are those of `prev`, changing the prior by `d(s)` per space
/// changes every reading by the sum of `d` over its removed spaces. The best reading that
/// removes slot `g` then moves by `d(g)` plus at most the sum of `|d|` over the stretch's
/// other spaces, and the best that keeps it by at most that sum: the odds move by `d(g)`
/// within that radius. A stretch with one slot (most) moves by exactly `d(g)`. Only the
/// stretches where that leaves a slot's side of the bar open are decided again: in the
/// second round of the profile's estimation on the worst-case bench, most are not.
pub(crate) fn reaches(
    model: &LineModel,
    profile: &Profile,
    prev: &Round,
    prev_profile: &Profile,
    bar: f32,
) -> Vec<bool> {
    let n = model.tokens.len();
    if n < 2 {
        return Vec::new();
    }
    // Slots outside every stretch have no candidate across them: odds -20 in any round.
    let mut out = vec![false; n - 1];
    let mut odds = vec![-20.0; n - 1];
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut d: Vec<f32> = Vec::new();
    for (lo, hi) in windows(model, 0) {
        let runs = lo * MAX_SPAN..hi * MAX_SPAN;
        let same = model.score[runs.clone()]
            .iter()
            .zip(&prev.score[runs])
            .all(|(a, b)| a.to_bits() == b.to_bits());
        if same {
            d.clear();
            d.extend(model.slots[lo..hi - 1].iter().map(|s| {
                if s.joinable { profile.slot_odds(s) - prev_profile.slot_odds(s) } else { 0.0 }
            }));
            let total: f32 = d.iter().map(|x| x.abs()).sum();
            let tokens = (hi - lo) as f32;
            let margin = ROUNDING_MARGIN + ROUNDING_MARGIN_PER_TOKEN2 * tokens * tokens;
            let mut settled = true;
            for (k, &dg) in d.iter().enumerate() {
                let g = lo + k;
                let o = prev.odds[g];
                let radius = total - dg.abs() + margin;
                // The odds are clamped to ±20: at a clamp, only the bound away from it holds.
                let lower = if o <= -20.0 { f32::NEG_INFINITY } else { o + dg - radius };
                let upper = if o >= 20.0 { f32::INFINITY } else { o + dg + radius };
                if lower >= bar {
                    out[g] = true;
                } else if upper >= bar {
                    settled = false;
                    break;
                }
            }
            if settled {
                continue;
            }
        }
        if spans.is_empty() {
            spans = (0..n - 1).map(|g| (g, 2)).collect();
        }
        SCRATCH.with_borrow_mut(|scratch| {
            sweep(model, profile, None, true, scratch, (lo, hi), &mut odds, &mut spans);
        });
        for g in lo..hi - 1 {
            out[g] = odds[g] >= bar;
        }
    }
    out
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
    let mut odds = vec![-20.0; n - 1];
    let mut spans: Vec<(usize, usize)> = (0..n - 1).map(|g| (g, 2)).collect();
    // With pair context, one token of context on each side for the pair lifts; without,
    // none is needed (see `windows`).
    SCRATCH.with_borrow_mut(|scratch| {
        for w in windows(model, usize::from(ctx.is_some())) {
            sweep(model, profile, ctx, geometry, scratch, w, &mut odds, &mut spans);
        }
    });
    (odds, spans)
}

/// The stretches of a line's tokens that are decided on their own, as token ranges
/// `lo..hi`, with `context` tokens on each side of the candidates.
///
/// Only the stretches around candidate words of two or more tokens can differ between
/// readings (a space no candidate lies across stays in every reading, with the same words
/// beside it), so each is decided on its own. With pair context a token on each side is
/// needed for the lifts; without it, a reading's score is a sum over its words, and the
/// words outside a stretch add the same to every reading of it, so the stretch alone
/// decides (a fifth fewer tokens to sweep on the worst-case bench). Stretches that share
/// a token are one: that token's word may belong to either. Most lines of clean text
/// have none.
/// (An iterator, not a `Vec`: collected, growing it was 0.7 % of the worst-case bench.)
fn windows(model: &LineModel, context: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let n = model.tokens.len();
    let mut starts = model
        .longest
        .iter()
        .enumerate()
        .filter(|&(_, &len)| len >= 2)
        .map(move |(i, &len)| (i.saturating_sub(context), (i + len + context).min(n)));
    let mut pending = starts.next();
    std::iter::from_fn(move || {
        let mut w = pending?;
        pending = None;
        for (lo, hi) in starts.by_ref() {
            if lo < w.1 {
                w.1 = w.1.max(hi);
            } else {
                pending = Some((lo, hi));
                break;
            }
        }
        Some(w)
    })
}

/// Sets `v` to `len` copies of `value`, filling the kept buffer as a slice (vectorised)
/// rather than by `resize` after `clear` (an element at a time).
fn reset<T: Copy>(v: &mut Vec<T>, len: usize, value: T) {
    v.truncate(len);
    v.fill(value);
    v.resize(len, value);
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
    reach: Vec<usize>,
    back: Vec<usize>,
    fwd: Vec<f32>,
    bwd: Vec<f32>,
    joined: Vec<f32>,
    kept: Vec<f32>,
    lifts: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// What the context knows of the word of tokens `a..a+la` as the left word of a pair:
/// `None` where punctuation ends it or it is no word (then every lift after it is 0); a
/// word the data has no pairs for takes the rare class's ([`Context::left`]).
fn left_of(model: &LineModel, ctx: &Context, a: usize, la: usize) -> Option<Left> {
    let ia = LineModel::idx(a, la);
    if !model.bare[a + la - 1].1 || model.kind[ia] == Kind::Fixed {
        return None;
    }
    ctx.left(model.keys[ia])
}

/// The pair lift between a word whose [`left_of`] is `left` and the word of tokens
/// `b..b+lb` right after it, 0 where punctuation stands between them or it is no word.
fn lift(model: &LineModel, ctx: &Context, left: Left, b: usize, lb: usize) -> f32 {
    let ib = LineModel::idx(b, lb);
    if model.bare[b].0 && model.kind[ib] != Kind::Fixed {
        ctx.lift(left, model.keys[ib])
    } else {
        0.0
    }
}

/// Decides the slots of tokens `lo..hi` (a window of [`odds_and_spans`]): their odds and
/// best joined words go to `odds` and `spans`, indexed by slot.
#[allow(clippy::too_many_arguments)]
// the pieces of one decision, kept apart for reuse
// Not inlined: inlined into its caller (as unrelated edits elsewhere made LLVM do) it
// ran 40 M instructions more on the worst-case bench (callgrind, 300 kB).
#[inline(never)]
fn sweep(
    model: &LineModel,
    profile: &Profile,
    ctx: Option<&Context>,
    geometry: bool,
    scratch: &mut Scratch,
    (lo, hi): (usize, usize),
    odds: &mut [f32],
    spans: &mut [(usize, usize)],
) {
    // Local indices: token lo + t is t here; words (t, len) at t * MAX_SPAN + len - 1.
    let n = hi - lo;
    let at = |t: usize, len: usize| LineModel::idx(t, len);
    let Scratch { prefix, blocked, words, ambiguous, reach, back, fwd, bwd, joined, kept, lifts } =
        scratch;
    // Cost of removing each space: the prior plus the geometry vote, summed by prefix sums
    // so a run's joins cost one subtraction; slots that can never be removed are counted
    // apart, so the sums stay finite.
    prefix.clear();
    blocked.clear();
    prefix.push(0.0);
    blocked.push(0);
    let (mut acc, mut nblocked) = (0.0f32, 0u32);
    for s in &model.slots[lo..hi - 1] {
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
    // Score of tokens t..t+len as one word, joins included; reach[t] is the longest word
    // starting at t (1 for most tokens: it bounds every loop below).
    reset(words, n * MAX_SPAN, f32::NEG_INFINITY);
    reset(reach, n, 1);
    let (scores, longest) = (&model.score[lo * MAX_SPAN..hi * MAX_SPAN], &model.longest[lo..hi]);
    window_words(scores, longest, prefix, blocked, words, reach);
    reset(joined, n - 1, f32::NEG_INFINITY);
    let w = Words { lo, n };
    match ctx {
        None => {
            reset(fwd, n + 1, f32::NEG_INFINITY);
            reset(bwd, n + 1, f32::NEG_INFINITY);
            sweep_unigram(w, words, reach, fwd, bwd, joined, odds, spans);
        }
        Some(ctx) => {
            // Per boundary, whether a word of two or more tokens ends, starts or lies
            // across it (see `Scratch::ambiguous`), and back[t], the longest word ending
            // just before token t (1 for most tokens): only the pair-context sweep needs
            // them.
            reset(ambiguous, n + 1, false);
            reset(back, n + 1, 1);
            for t in 0..n {
                // Here and in the sweeps below, exclusive ranges (`..x + 1`, not `..=x`):
                // an inclusive range tests a flag every step (2.7 M instructions on the
                // worst-case bench).
                for len in 2..reach[t] + 1 {
                    if words[at(t, len)] > f32::NEG_INFINITY {
                        ambiguous[t..=t + len].fill(true);
                        back[t + len] = back[t + len].max(len);
                    }
                }
            }
            reset(kept, n - 1, f32::NEG_INFINITY);
            let (words, reach) = (&words[..], &reach[..]);
            let (ambiguous, back) = (&ambiguous[..], &back[..]);
            // Every entry the sweep reads is written first (see there): no fill, but in
            // debug builds, which fill NaN and check that none is read.
            let size = (n + 1) * MAX_SPAN * MAX_SPAN;
            if cfg!(debug_assertions) {
                reset(lifts, size, f32::NAN);
            } else if lifts.len() < size {
                lifts.resize(size, 0.0);
            }
            reset(fwd, n * MAX_SPAN, f32::NEG_INFINITY);
            reset(bwd, n * MAX_SPAN, f32::NEG_INFINITY);
            sweep_context(
                model, ctx, w, words, reach, ambiguous, back, lifts, kept, fwd, bwd, joined, odds,
                spans,
            );
        }
    }
}

/// The scores of a window's words (see [`sweep`]) from the line's candidate `scores`
/// and `longest` of the window's tokens, and the join costs' `prefix` sums and `blocked`
/// counts. A function of its own so that its slices are known to be unaliased: inside
/// `sweep`, every store to `words` made it reload the other buffers' pointers.
fn window_words(
    scores: &[f32],
    longest: &[usize],
    prefix: &[f32],
    blocked: &[u32],
    words: &mut [f32],
    reach: &mut [usize],
) {
    let n = longest.len();
    for t in 0..n {
        // No candidate is longer than `longest` (and none leaves the window).
        let first = LineModel::idx(t, 1);
        let longest = longest[t].min(n - t);
        for (k, &s) in scores[first..first + longest].iter().enumerate() {
            let j = t + k;
            if s > f32::NEG_INFINITY && blocked[j] == blocked[t] {
                words[first + k] = s + (prefix[j] - prefix[t]);
                if k > 0 {
                    reach[t] = k + 1;
                }
            }
        }
    }
}

/// A window: its first token in the line, and its token count. The sweeps also take
/// its words' scores (local tokens `t..t+len` as one word, joins included, at
/// `t * MAX_SPAN + len - 1`) and the longest word starting at each token (`reach`).
// Buffers are passed as arguments, not in a struct: references inside a struct are not
// known to be unaliased, and the pair-context sweep ran 6 M instructions more so.
#[derive(Clone, Copy)]
struct Words {
    lo: usize,
    n: usize,
}

/// [`sweep`] without pair context.
///
/// Without pair context a reading's score is a sum over its words, so the best
/// reading through each position is enough (no state per word): much cheaper.
// The two sweeps are functions of their own, not branches of one: as one function, with
// the pair context's state live across both, it ran 10 M instructions more on the
// worst-case bench (callgrind, 300 kB).
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn sweep_unigram(
    Words { lo, n }: Words,
    words: &[f32],
    reach: &[usize],
    fwd: &mut [f32],
    bwd: &mut [f32],
    joined: &mut [f32],
    odds: &mut [f32],
    spans: &mut [(usize, usize)],
) {
    let word = |t: usize, len: usize| words[LineModel::idx(t, len)];
    fwd[0] = 0.0;
    for t in 0..n {
        if fwd[t] == f32::NEG_INFINITY {
            continue;
        }
        for len in 1..reach[t] + 1 {
            let w = word(t, len);
            if w > f32::NEG_INFINITY {
                fwd[t + len] = fwd[t + len].max(fwd[t] + w);
            }
        }
    }
    bwd[n] = 0.0;
    for t in (0..n).rev() {
        for len in 1..reach[t] + 1 {
            let w = word(t, len);
            if w > f32::NEG_INFINITY {
                bwd[t] = bwd[t].max(w + bwd[t + len]);
            }
        }
    }
    for t in 0..n {
        for len in 2..reach[t] + 1 {
            let w = word(t, len);
            if w == f32::NEG_INFINITY {
                continue;
            }
            let total = fwd[t] + w + bwd[t + len];
            for g in t..t + len - 1 {
                if total > joined[g] {
                    joined[g] = total;
                    spans[lo + g] = (lo + t, len);
                }
            }
        }
    }
    for g in 0..n - 1 {
        let kept = fwd[g + 1] + bwd[g + 1];
        odds[lo + g] = (joined[g] - kept).clamp(-20.0, 20.0);
    }
}

/// [`sweep`] with pair context.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn sweep_context(
    model: &LineModel,
    ctx: &Context,
    Words { lo, n }: Words,
    words: &[f32],
    reach: &[usize],
    ambiguous: &[bool],
    back: &[usize],
    lifts: &mut [f32],
    kept: &mut [f32],
    fwd: &mut [f32],
    bwd: &mut [f32],
    joined: &mut [f32],
    odds: &mut [f32],
    spans: &mut [(usize, usize)],
) {
    let at = |t: usize, len: usize| LineModel::idx(t, len);
    let word = |t: usize, len: usize| words[at(t, len)];
    // The pair lift at local boundary `b` between a word of `la` tokens ending there and
    // one of `lb` starting there. The sweeps below read each three times, and only for
    // pairs of words that score, so those are computed once, all before the sweeps (0
    // where no lift applies: no ambiguity, or no left word); other entries keep what an
    // earlier window left there, never read (debug builds fill NaN and assert so).
    // Computed lazily inside the sweeps, the lookups' call set-up and spills cost as much
    // as the lifts themselves.
    for b in 1..n {
        for la in 1..back[b].min(b) + 1 {
            if word(b - la, la) == f32::NEG_INFINITY {
                continue;
            }
            let left = if ambiguous[b] { left_of(model, ctx, lo + b - la, la) } else { None };
            for lb in 1..reach[b] + 1 {
                if word(b, lb) > f32::NEG_INFINITY {
                    lifts[(b * MAX_SPAN + la - 1) * MAX_SPAN + lb - 1] =
                        left.map_or(0.0, |left| lift(model, ctx, left, lo + b, lb));
                }
            }
        }
    }
    let pair = |b: usize, la: usize, lb: usize| {
        let lift = lifts[(b * MAX_SPAN + la - 1) * MAX_SPAN + lb - 1];
        debug_assert!(!lift.is_nan(), "pair lift read before it was written");
        lift
    };
    // Forward: fwd[word] = best score of the window up to and with that word.
    for t in 0..n {
        for len in 1..reach[t] + 1 {
            let w = word(t, len);
            if w == f32::NEG_INFINITY {
                continue;
            }
            let mut best_before = if t == 0 { 0.0 } else { f32::NEG_INFINITY };
            for la in 1..back[t].min(t) + 1 {
                let f = fwd[at(t - la, la)];
                if f > f32::NEG_INFINITY {
                    best_before = best_before.max(f + pair(t, la, len));
                }
            }
            fwd[at(t, len)] = best_before + w;
        }
    }
    // Backward: bwd[word] = best score of that word and the rest of the window.
    for t in (0..n).rev() {
        for len in 1..reach[t] + 1 {
            let w = word(t, len);
            if w == f32::NEG_INFINITY {
                continue;
            }
            let next = t + len;
            let mut best_after = if next == n { 0.0 } else { f32::NEG_INFINITY };
            if next < n {
                for lb in 1..reach[next] + 1 {
                    let b = bwd[at(next, lb)];
                    if b > f32::NEG_INFINITY {
                        best_after = best_after.max(pair(next, len, lb) + b);
                    }
                }
            }
            bwd[at(t, len)] = w + best_after;
        }
    }
    // Best reading that removes slot g (a word across it), and best that keeps it (a word
    // ending at token g, the next starting at g + 1).
    for t in 0..n {
        for len in 1..reach[t] + 1 {
            let k = at(t, len);
            let w = words[k];
            if w == f32::NEG_INFINITY || fwd[k] == f32::NEG_INFINITY {
                continue;
            }
            if len > 1 {
                let total = fwd[k] + bwd[k] - w;
                for g in t..t + len - 1 {
                    if total > joined[g] {
                        joined[g] = total;
                        spans[lo + g] = (lo + t, len);
                    }
                }
            }
            let next = t + len;
            if next < n {
                for lb in 1..reach[next] + 1 {
                    let b = bwd[at(next, lb)];
                    if b > f32::NEG_INFINITY {
                        kept[next - 1] = kept[next - 1].max(fwd[k] + pair(next, len, lb) + b);
                    }
                }
            }
        }
    }
    for g in 0..n - 1 {
        odds[lo + g] = (joined[g] - kept[g]).clamp(-20.0, 20.0);
    }
}
