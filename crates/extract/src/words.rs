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
    pub(crate) text: crate::GlyphText,
    pub(crate) u: f32,
    pub(crate) width: f32,
    pub(crate) em: f32,
    pub(crate) space_em: f32,
    pub(crate) space: bool,
}

/// Inside a number (between digits, or around a decimal or thousands separator between
/// digits) a gap breaks only when it is about a whole space wide: tables kern and
/// position digits ("8 51.5" for "851.5") but separate numbers by at least a space.
const NUMBER_BREAK_SPACES: f32 = 0.9;

/// Gaps below this (in em) are glyph contact, not worth reporting.
const MIN_REPORTED_EM: f32 = 0.03;

fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

/// The space widths (em) a font's own is clamped to: narrower or wider space glyphs
/// are set by writers for other purposes (a zero-width space, a tab-like advance).
const SPACE_EM_RANGE: (f32, f32) = (0.15, 0.5);
/// How far the typical letter gap (the lower quartile) may sit from touching: tracking
/// loosens a line by at most this much, and overlapping glyphs by this little.
const LETTER_GAP_RANGE: (f32, f32) = (-0.05, 0.3);
/// On a line that types its spaces, a bare displacement breaks a word only at this
/// fraction of a space beyond the letter gap: such writers kern, they do not space.
const SPACED_LINE_BREAK: f32 = 0.8;
/// Without space glyphs and without a clear jump between letter and word gaps, the
/// break sits this far (in spaces) above the letter gap: about half a space.
const DEFAULT_BREAK: f32 = 0.45;
/// Where the jump between the letter-gap and word-gap clusters is looked for, in spaces
/// above the letter gap: a word gap is at least a fifth of a space, at most a space.
const JUMP_WINDOW: (f32, f32) = (0.2, 0.9);
/// The smallest jump (in spaces) that separates two clusters rather than spread in one.
const MIN_JUMP: f32 = 0.2;
/// A bare gap narrower than this (in em) is never a word break, whatever the line's
/// statistics say. Peers break at about a tenth of the font size: poppler's
/// `minWordBreakSpace` is 0.1, pdf.js's `TRACKING_SPACE_FACTOR` 0.102. The line's own
/// base cannot go below it: on a short line (three gaps: "ALTA" kerned -33, 45, 68 per
/// mille) the lower quartile is the tightest kerning pair, and half a space above it
/// fell at 0.06 em, under the 0.033–0.06 em a kerned pair leaves open.
pub(crate) const MIN_BREAK_EM: f32 = 0.1;

/// The break threshold (em) for a line's letter gaps.
pub(crate) fn threshold(gaps: &[f32], space_em: f32, has_space_glyphs: bool) -> f32 {
    let sw = space_em.clamp(SPACE_EM_RANGE.0, SPACE_EM_RANGE.1);
    let mut sorted: Vec<f32> = gaps.iter().copied().filter(|g| g.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    // The typical letter gap: tracking (Tc) shifts every gap. The lower quartile, not the
    // median: in formula-heavy lines most pairs are spaced, yet letters still touch.
    let base = if sorted.len() >= 3 {
        sorted
            .get(sorted.len() / 4)
            .copied()
            .unwrap_or(0.0)
            .clamp(LETTER_GAP_RANGE.0, LETTER_GAP_RANGE.1)
    } else {
        0.0
    };
    if has_space_glyphs {
        return (base + SPACED_LINE_BREAK * sw).max(MIN_BREAK_EM);
    }
    let default = base + DEFAULT_BREAK * sw;
    // The largest jump between consecutive sorted gaps inside a plausible window.
    let (lo, hi) = (base + JUMP_WINDOW.0 * sw, base + JUMP_WINDOW.1 * sw);
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
            && jump >= MIN_JUMP * sw
            && best.is_none_or(|(j, _)| jump > j)
        {
            best = Some((jump, mid));
        }
    }
    best.map_or(default, |(_, mid)| mid).max(MIN_BREAK_EM)
}

/// A line's text as joined from its glyphs.
pub(crate) struct Joined {
    pub(crate) text: String,
    /// The measured gaps.
    pub(crate) gaps: Vec<Gap>,
    /// Byte ranges of `text`, in order: one per glyph and one per inserted word break,
    /// the units that reading-order changes (bidi) move as wholes.
    pub(crate) units: Vec<std::ops::Range<usize>>,
}

/// Joins a line's glyphs (sorted by `u`) into text with word breaks, and the measured gaps.
pub(crate) fn join(glyphs: &[Placed]) -> Joined {
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
    let mut units = Vec::new();
    let mut pair_iter = pairs.iter().peekable();
    for (i, g) in glyphs.iter().enumerate() {
        if g.space {
            continue;
        }
        if let Some(p) = pair_iter.peek()
            && p.next == i
        {
            let within_number = glyphs
                .get(p.prev)
                .zip(glyphs.get(p.next))
                .is_some_and(|(a, b)| inside_number(&a.text, &b.text));
            let t = if within_number { t.max(NUMBER_BREAK_SPACES * sw) } else { t };
            let is_break = p.space || p.em >= t;
            if is_break && !text.is_empty() && !text.ends_with(' ') {
                units.push(text.len()..text.len() + 1);
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
            pair_iter.next();
        }
        units.push(text.len()..text.len() + g.text.len());
        text.push_str(&g.text);
    }
    Joined { text, gaps, units }
}

/// Whether a gap between glyphs `a` and `b` falls inside a number: digit–digit,
/// digit–separator or separator–digit (`.`, `,`, and the thin and no-break spaces some
/// locales group thousands with are not separators here: they are spaces).
fn inside_number(a: &str, b: &str) -> bool {
    let (Some(last), Some(first)) = (a.chars().last(), b.chars().next()) else { return false };
    let sep = |c: char| matches!(c, '.' | ',');
    (last.is_ascii_digit() && (first.is_ascii_digit() || sep(first)))
        || (sep(last) && first.is_ascii_digit())
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
        let Joined { text: t, gaps, .. } =
            join(&line(&[("a", 0.0), ("b", 0.1), (" ", 0.0), ("c", 0.0), ("d", 0.12)]));
        assert_eq!(t, "ab cd");
        assert_eq!(gaps.iter().filter(|g| g.is_break).count(), 1);
        assert!(gaps.iter().any(|g| g.space_glyph && g.at == 3));
        assert!(gaps.iter().any(|g| !g.is_break && (g.em - 0.1).abs() < 1e-4 && g.at == 1));
    }

    #[test]
    fn geometry_breaks_without_space_glyphs() {
        let t = join(&line(&[
            ("w", 0.0),
            ("o", 0.01),
            ("r", 0.0),
            ("d", 0.02),
            ("s", 0.25),
            ("t", 0.0),
            ("o", 0.01),
            ("o", 0.27),
            ("k", 0.0),
        ]))
        .text;
        assert_eq!(t, "word sto ok");
    }

    #[test]
    fn gaps_inside_numbers_break_only_at_a_space_width() {
        // Table digits kerned apart by 0.15 em (over half the 0.25 em space): no break
        // inside "851.5" or "1,485.1", while words on the line still break at 0.15 em.
        let t = join(&line(&[
            ("8", 0.0),
            ("5", 0.15),
            ("1", 0.0),
            (".", 0.0),
            ("5", 0.0),
            ("k", 0.3),
            ("g", 0.0),
            ("1", 0.3),
            (",", 0.15),
            ("4", 0.0),
            ("8", 0.0),
            ("5", 0.0),
            (".", 0.15),
            ("1", 0.0),
            ("a", 0.15),
            ("b", 0.0),
        ]))
        .text;
        assert_eq!(t, "851.5 kg 1,485.1 ab");
        // A space-wide gap still separates two numbers.
        let t = join(&line(&[("1", 0.0), ("2", 0.0), ("3", 0.25), ("4", 0.0)])).text;
        assert_eq!(t, "12 34");
    }

    #[test]
    fn short_kerned_lines_do_not_break_at_kerning() {
        // Three gaps, all kerning: 0.08 em open, then 0.045 and 0.068 em tight. The
        // lower quartile is the tightest pair; half a space above it is 0.06 em.
        let t = join(&line(&[("A", 0.0), ("L", 0.08), ("T", -0.045), ("A", -0.068)])).text;
        assert_eq!(t, "ALTA");
        // A tenth of an em and more still breaks such a line.
        let t = join(&line(&[("A", 0.0), ("L", 0.12), ("T", -0.045), ("A", -0.068)])).text;
        assert_eq!(t, "A LTA");
    }

    #[test]
    fn tracking_raises_the_letter_baseline() {
        // Letter-spaced title: every gap 0.1 em, word gap 0.1 + 0.28.
        let t =
            join(&line(&[("A", 0.0), ("B", 0.1), ("C", 0.1), ("D", 0.38), ("E", 0.1), ("F", 0.1)]))
                .text;
        assert_eq!(t, "ABC DEF");
    }
}
