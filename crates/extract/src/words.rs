//! Word breaks from geometry: where a line's glyphs leave a gap that is a word break.
//!
//! Gaps are measured from each glyph's *real* end (its advance in the font program
//! when we trust that more than `/Widths`, see `fonts.rs`) to the next glyph's origin,
//! in ems. Then each line is judged against its own statistics:
//! - a space glyph is always a break;
//! - on a line that has space glyphs, other gaps break only when they reach about a
//!   space width beyond the line's typical letter gap (a writer that types spaces does
//!   not make words with bare displacements, but it does make kerning/compensation);
//! - on a line without space glyphs, the gaps split into a low "letter" cluster and a
//!   high "word" cluster at the largest jump near half a space width above the typical
//!   letter gap.

use deck_layout::Gap;

/// A glyph laid out along its line: `u` is the position along the baseline.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub(crate) text: String,
    pub(crate) u: f32,
    pub(crate) width: f32,
    pub(crate) em: f32,
    pub(crate) space_em: f32,
    pub(crate) space: bool,
}

/// Gaps below this (in em) are glyph contact, not worth reporting.
const MIN_REPORTED_EM: f32 = 0.03;

fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

/// The break threshold (em) for a line's letter gaps.
pub(crate) fn threshold(gaps: &[f32], space_em: f32, has_space_glyphs: bool) -> f32 {
    let sw = space_em.clamp(0.15, 0.5);
    let mut sorted: Vec<f32> = gaps.iter().copied().filter(|g| g.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    // The typical letter gap: tracking (Tc) shifts every gap. The lower quartile, not the
    // median: in formula-heavy lines most pairs are spaced, yet letters still touch.
    let base = if sorted.len() >= 3 {
        sorted.get(sorted.len() / 4).copied().unwrap_or(0.0).clamp(-0.05, 0.3)
    } else {
        0.0
    };
    if has_space_glyphs {
        return base + 0.8 * sw;
    }
    let default = base + 0.45 * sw;
    // The largest jump between consecutive sorted gaps inside a plausible window.
    let (lo, hi) = (base + 0.2 * sw, base + 0.9 * sw);
    let mut best: Option<(f32, f32)> = None;
    let n = sorted.len();
    for (k, pair) in sorted.windows(2).enumerate() {
        let [a, b] = pair else { continue };
        let mid = (a + b) / 2.0;
        let jump = b - a;
        // A lone outlier above (an indent, a label gap) is not a word-gap cluster.
        let above = n - k - 1;
        let cluster = above >= 2 || above * 4 >= n;
        if cluster
            && mid >= lo
            && mid <= hi
            && jump >= 0.2 * sw
            && best.is_none_or(|(j, _)| jump > j)
        {
            best = Some((jump, mid));
        }
    }
    best.map_or(default, |(_, mid)| mid)
}

/// Joins a line's glyphs (sorted by `u`) into text with word breaks, and the measured gaps.
pub(crate) fn join(glyphs: &[Placed]) -> (String, Vec<Gap>) {
    // Pairs of consecutive non-space glyphs, with whether a space glyph lay between.
    struct Pair {
        prev: usize,
        next: usize,
        em: f32,
        space: bool,
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut last: Option<usize> = None;
    let mut saw_space = false;
    for (i, g) in glyphs.iter().enumerate() {
        if g.space {
            saw_space = last.is_some();
            continue;
        }
        if let Some(p) = last
            && let Some(pg) = glyphs.get(p)
        {
            let em = ((pg.em + g.em) / 2.0).max(1e-3);
            let gap = (g.u - (pg.u + pg.width)) / em;
            pairs.push(Pair {
                prev: p,
                next: i,
                em: if gap.is_finite() { gap } else { 0.0 },
                space: saw_space,
            });
        }
        saw_space = false;
        last = Some(i);
    }
    let has_space = pairs.iter().any(|p| p.space);
    let letter_gaps: Vec<f32> = pairs.iter().filter(|p| !p.space).map(|p| p.em).collect();
    let mut sws: Vec<f32> = glyphs.iter().filter(|g| !g.space).map(|g| g.space_em).collect();
    let sw = median(&mut sws).unwrap_or(0.28);
    let t = threshold(&letter_gaps, sw, has_space);

    let mut text = String::new();
    let mut gaps = Vec::new();
    let mut pair_iter = pairs.iter().peekable();
    for (i, g) in glyphs.iter().enumerate() {
        if g.space {
            continue;
        }
        if let Some(p) = pair_iter.peek()
            && p.next == i
        {
            let is_break = p.space || p.em >= t;
            if is_break && !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
            if is_break || p.em >= MIN_REPORTED_EM {
                gaps.push(Gap {
                    at: text.len(),
                    em: p.em,
                    spaces: Some(p.em / sw.max(0.05)),
                    is_break,
                    space_glyph: p.space,
                });
            }
            let _ = p.prev;
            pair_iter.next();
        }
        text.push_str(&g.text);
    }
    (text, gaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(spec: &[(&str, f32)]) -> Vec<Placed> {
        // (text, gap before in em); every glyph is 0.5 em wide, em = 10.
        let mut u = 0.0;
        spec.iter()
            .map(|(t, gap)| {
                u += gap * 10.0;
                let p = Placed {
                    text: (*t).into(),
                    u,
                    width: 5.0,
                    em: 10.0,
                    space_em: 0.25,
                    space: *t == " ",
                };
                u += 5.0;
                p
            })
            .collect()
    }

    #[test]
    fn space_glyphs_break_and_small_gaps_do_not() {
        let (t, gaps) = join(&line(&[("a", 0.0), ("b", 0.1), (" ", 0.0), ("c", 0.0), ("d", 0.12)]));
        assert_eq!(t, "ab cd");
        assert_eq!(gaps.iter().filter(|g| g.is_break).count(), 1);
        assert!(gaps.iter().any(|g| g.space_glyph && g.at == 3));
        assert!(gaps.iter().any(|g| !g.is_break && (g.em - 0.1).abs() < 1e-4 && g.at == 1));
    }

    #[test]
    fn geometry_breaks_without_space_glyphs() {
        let (t, _) = join(&line(&[
            ("w", 0.0),
            ("o", 0.01),
            ("r", 0.0),
            ("d", 0.02),
            ("s", 0.25),
            ("t", 0.0),
            ("o", 0.01),
            ("o", 0.27),
            ("k", 0.0),
        ]));
        assert_eq!(t, "word sto ok");
    }

    #[test]
    fn tracking_raises_the_letter_baseline() {
        // Letter-spaced title: every gap 0.1 em, word gap 0.1 + 0.28.
        let (t, _) =
            join(&line(&[("A", 0.0), ("B", 0.1), ("C", 0.1), ("D", 0.38), ("E", 0.1), ("F", 0.1)]));
        assert_eq!(t, "ABC DEF");
    }
}
