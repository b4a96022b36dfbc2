//! Glyphs → lines → reading order.
//!
//! Glyphs are grouped by baseline direction, then assembled into lines in drawing order
//! (a glyph joins a line on the same baseline; smaller raised/lowered glyphs join as
//! super/subscripts), sorted along the baseline, split where a gap of several ems shows
//! two separate text boxes, and finally ordered by recursive XY-cuts so side-by-side
//! boxes and columns are read one after the other, tables and grids of cells row by row.

use deck_layout::{Line, Rect};
use unicode_normalization::UnicodeNormalization;

use crate::content::{ASCENT_EM, DESCENT_EM, FontTable, Glyph};
use crate::words::{self, Placed};

/// A gap this many ems wide always separates two text boxes on one baseline.
const SPLIT_EM: f32 = 2.5;
/// A narrower gap (down to this many ems) separates columns when it lines up with
/// gaps on other lines: a gutter, as in two-column LaTeX where it is only 1 em.
const GUTTER_EM: f32 = 0.8;
/// Bound on gutter candidates compared pairwise per page.
const MAX_GUTTER_CANDIDATES: usize = 3000;
/// How many other lines must share a gutter.
const GUTTER_LINES: usize = 2;
/// A line piece this short (a bullet, "1.", "a)") is a label, kept with what follows.
const LABEL_GLYPHS: usize = 3;
/// A vertical channel this many ems (of the median line size) wide separates columns:
/// a two-column LaTeX gutter is about one em.
const COLUMN_GAP_EM: f32 = 0.8;
/// A horizontal channel this many ems high is more than the space between paragraphs
/// (half an em to an em of leading in typical layouts), so rows with such gaps are
/// separate rows rather than lines of columns.
const ROW_GAP_EM: f32 = 1.5;
/// Lines whose baselines lie within this many ems (of the region's median size) of each
/// other sit on one row of a table: a row's cells are set on one baseline, off by
/// rounding only. Lines of prose beside other text meet within it only by chance (about
/// one in six at a leading of 1.2 em), not two thirds of them.
const TABLE_ROW_EM: f32 = 0.1;
/// Share of a region's lines that must sit on a row with a line of another column for
/// the region to read as a table: header cells spanning columns may stand alone.
const TABLE_ALIGNED_SHARE: f32 = 2.0 / 3.0;
/// Share of a column's lines that must be figures for it to be a column of figures.
const FIGURE_COLUMN_SHARE: f32 = 0.5;
/// Row bands whose boxes overlap by more than this many ems are one band: the lines of a
/// column (boxes an em high, at a leading of at least 1.0 em) touch at most, while a
/// one-line cell set at the middle of a two-line cell beside it (half a leading off
/// each line) overlaps both lines by about 0.4 em.
const BAND_OVERLAP_EM: f32 = 0.2;
/// Rows of cells on two or more columns needed before a region reads as a grid: two
/// could be two text boxes side by side by chance.
const GRID_ROWS: usize = 3;
/// Rows a grid without a column of figures needs: labels of three lines in two boxes
/// side by side (a diagram) pair up line by line as well.
const GRID_TEXT_ROWS: usize = 4;
/// A grid row (band) at most this many ems high: a cell of up to three lines at a
/// leading of 1.2 em (3.4 em); a taller band is prose set beside other text.
const GRID_BAND_EM: f32 = 3.5;
/// The most words the median cell of a grid's column holds: labels, names and figures;
/// a line of prose in a column holds several more.
const CELL_WORDS: usize = 3;
/// Bound on XY-cut recursion; deeper regions are read top to bottom.
const MAX_CUT_DEPTH: u32 = 48;
/// A run of the line's own size moved off its baseline by positioning (a new `Td` or
/// text object rather than `Ts`) by at most this many ems still overlaps the line's
/// glyph boxes (ascent + descent ≈ 1.1 em) by more than half, so a reader sees one line;
/// the next line of a paragraph sits at least about an em lower (leading ≥ 1 em).
const SHIFTED_RUN_EM: f32 = 0.5;
/// How far (in ems of the glyph) from the line's end such a run or a super/subscript may
/// start: a wide word space (0.6 em in a justified line), far less than the gap between
/// two text boxes.
const RUN_NEAR_EM: f32 = 1.0;
/// How far a shifted run may start before the line's end: rounding and kerning only. A
/// run that starts well inside the line is another row (of a matrix or table), not a
/// continuation.
const RUN_OVERLAP_EM: f32 = 0.1;

/// Whether a glyph sits on a line's baseline: within a quarter of the larger
/// size when the glyph continues the line (starts within `SPLIT_EM` of its extent),
/// where a smaller run set against larger text may sit a little off its baseline; a
/// quarter of the smaller size for a glyph beyond that gap, a text box of its own whose
/// baseline only happens to fall near the line's: a note set in small type beside a
/// heading, whose lines are about an em of their own size apart, must not all be
/// gathered into the heading's line.
fn on_baseline(l: &Building, lg: &Lg) -> bool {
    let dv = (lg.vb - l.v).abs();
    // Most lines asked are far off: decided without the extent test.
    if dv > 0.25 * l.size.max(lg.g.size) {
        return false;
    }
    if dv <= 0.25 * l.size.min(lg.g.size) {
        return true;
    }
    let reach = SPLIT_EM * lg.g.em.max(l.size).max(1e-3);
    lg.u > l.u_start - reach && lg.u < l.u_end + reach
}

/// Whether two font sizes are one size for line building (within 10 %: a super- or
/// subscript is set at about 60-70 % of its line's size).
fn same_size(a: f32, b: f32) -> bool {
    a >= 0.9 * b && b >= 0.9 * a
}

/// Whether the run holding glyph `i` is all that is drawn on its baseline, in this
/// group, later glyphs included: a table cell drawn before the rest of its row shares
/// its baseline with them and is a row of its own, not a shifted continuation.
/// `memo` keeps the last run's span and answer: the glyphs of one run ask in turn, and
/// walking the run for each would be quadratic in its length.
fn alone_on_baseline(
    placed: &[Lg],
    i: usize,
    baselines: &std::cell::OnceCell<Vec<f32>>,
    memo: &std::cell::Cell<Option<(usize, usize, bool)>>,
) -> bool {
    if let Some((first, last, alone)) = memo.get()
        && (first..=last).contains(&i)
    {
        return alone;
    }
    let Some(lg) = placed.get(i) else { return true };
    let tol = 0.25 * lg.g.size.max(1e-3);
    // The run: the glyphs drawn one after another on this baseline, each starting
    // within a word space of the previous one's end, before and after this one.
    let joined = |a: &Lg, b: &Lg| {
        (a.vb - lg.vb).abs() <= tol
            && (b.vb - lg.vb).abs() <= tol
            && (b.u - (a.u + a.g.width)).abs() < RUN_NEAR_EM * a.g.em.max(1e-3)
    };
    let pair = |w: &[Lg]| matches!(w, [a, b] if joined(a, b));
    let after = placed.get(i..).unwrap_or_default().windows(2).take_while(|w| pair(w)).count();
    let before =
        placed.get(..=i).unwrap_or_default().windows(2).rev().take_while(|w| pair(w)).count();
    let run = 1 + after + before;
    let span = (i - before, i + after);
    let sorted = baselines.get_or_init(|| {
        let mut v: Vec<f32> = placed.iter().map(|p| p.vb).collect();
        v.sort_by(f32::total_cmp);
        v
    });
    let lo = sorted.partition_point(|&v| v < lg.vb - tol);
    let hi = sorted.partition_point(|&v| v <= lg.vb + tol);
    let alone = hi - lo <= run;
    memo.set(Some((span.0, span.1, alone)));
    alone
}

/// A glyph in its line frame: `u` along the baseline, `v` across (down), `vb` the `v`
/// of its baseline before text rise (what decides its line).
#[derive(Debug, Clone)]
struct Lg {
    g: Glyph,
    u: f32,
    v: f32,
    vb: f32,
}

/// A line being assembled: where its baseline is and how far it reaches (its glyphs
/// are gathered once every glyph has found its line).
struct Building {
    /// Glyphs assigned to it so far.
    count: usize,
    v: f32,
    size: f32,
    u_start: f32,
    u_end: f32,
}

/// Counts what text cleanup removed, for warnings.
#[derive(Default)]
pub(crate) struct CleanStats {
    pub(crate) private_use: usize,
}

/// Builds the page's lines in reading order.
pub(crate) fn build(glyphs: Vec<Glyph>, fonts: &FontTable, stats: &mut CleanStats) -> Vec<Line> {
    // Invisible text counts only when it is all there is (an OCR layer over a scan).
    let any_visible = glyphs.iter().any(|g| !g.invisible && !g.space && !g.text.is_empty());
    let glyphs: Vec<Glyph> = glyphs.into_iter().filter(|g| !any_visible || !g.invisible).collect();

    // Group by baseline direction (whole degrees), vertical writing apart.
    let direction = |g: &Glyph| {
        let angle = g.dy.atan2(g.dx).to_degrees().round() as i32;
        (if angle == -180 { 180 } else { angle }, g.vertical)
    };
    let mut groups: Vec<((i32, bool), Vec<Glyph>)> = Vec::new();
    let first = glyphs.first().map(direction);
    if let Some(key) = first.filter(|&k| glyphs.iter().all(|g| direction(g) == k)) {
        // Most pages have one direction: keep the vector rather than regrow a copy.
        groups.push((key, glyphs));
    } else {
        for g in glyphs {
            let key = direction(&g);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(g),
                None => groups.push((key, vec![g])),
            }
        }
    }
    // Horizontal text first, then the others by how much text they hold. Vertical
    // writing is read with the horizontal text, as one page: its columns sit among the
    // horizontal blocks (rotated text, such as axis labels, is not).
    groups.sort_by_key(|((a, vertical), v)| (*a != 0 && !vertical, std::cmp::Reverse(v.len())));
    let mut regions: Vec<Vec<Line>> = Vec::new();
    let mut main: Vec<Line> = Vec::new();
    for ((angle, vertical), group) in groups {
        let mut segs = Vec::new();
        let lines = assemble(group);
        let cuts = gutters(&lines);
        for (line, cut) in lines.into_iter().zip(cuts) {
            for seg in split(line, &cut) {
                if let Some(l) = finish(seg, fonts, stats) {
                    segs.push(l);
                }
            }
        }
        if angle == 0 || vertical {
            main.extend(segs);
        } else {
            regions.push(segs);
        }
    }
    regions.insert(0, main);
    let mut out = Vec::new();
    for segs in regions {
        let idx: Vec<usize> = (0..segs.len()).collect();
        let mut order = Vec::new();
        xy_cut(idx, &segs, &mut order, 0);
        let mut segs: Vec<Option<Line>> = segs.into_iter().map(Some).collect();
        for i in order {
            if let Some(l) = segs.get_mut(i).and_then(Option::take) {
                out.push(l);
            }
        }
    }
    out
}

fn assemble(group: Vec<Glyph>) -> Vec<Vec<Lg>> {
    let mut lines: Vec<Building> = Vec::new();
    let mut current: Option<usize> = None;
    // Each glyph's line, decided first, so that each line's vector is allocated once at
    // its size: growing them glyph by glyph copied every glyph several times.
    let mut assigned: Vec<usize> = Vec::with_capacity(group.len());
    let placed: Vec<Lg> = group
        .into_iter()
        .map(|g| {
            let (dx, dy) = (g.dx, g.dy);
            let u = g.x * dx + g.y * dy;
            let v = -g.x * dy + g.y * dx;
            let vb = v - (-g.rise_x * dy + g.rise_y * dx);
            Lg { g, u, v, vb }
        })
        .collect();
    // The baselines of all glyphs, sorted, built only when the shifted-run rule is asked.
    let baselines: std::cell::OnceCell<Vec<f32>> = std::cell::OnceCell::new();
    let memo = std::cell::Cell::new(None);
    for (i, lg) in placed.iter().enumerate() {
        let fits = |l: &Building| {
            let size = l.size.max(lg.g.size).max(1e-3);
            let dv = (lg.vb - l.v).abs();
            if on_baseline(l, lg) {
                return true;
            }
            // A smaller raised or lowered glyph right after the line's end: super/subscript.
            let smaller = !same_size(lg.g.size, l.size);
            let near = (lg.u - l.u_end).abs() < RUN_NEAR_EM * lg.g.em.max(1e-3);
            smaller && near && dv <= 0.6 * size
        };
        // A same-size run that starts after the line's end, raised or lowered by
        // positioning: "Hello" then "World" half an em higher is one line. Asked only
        // when no line has the glyph's baseline, so a row of table cells keeps its own.
        let shifted = |l: &Building| {
            let size = l.size.max(lg.g.size).max(1e-3);
            let same = same_size(lg.g.size, l.size);
            let du = lg.u - l.u_end;
            let em = lg.g.em.max(1e-3);
            same && du > -RUN_OVERLAP_EM * em
                && du < RUN_NEAR_EM * em
                && (lg.vb - l.v).abs() <= SHIFTED_RUN_EM * size
        };
        let target = current
            .filter(|&c| lines.get(c).is_some_and(fits))
            .or_else(|| {
                // Another line on this baseline (text drawn out of order, or a second box).
                lines
                    .iter()
                    .enumerate()
                    .rev()
                    .take(400)
                    .find(|(_, l)| on_baseline(l, lg))
                    .map(|(i, _)| i)
            })
            .or_else(|| {
                current
                    .filter(|&c| lines.get(c).is_some_and(shifted))
                    .filter(|_| alone_on_baseline(&placed, i, &baselines, &memo))
            });
        match target.and_then(|t| lines.get_mut(t).map(|l| (t, l))) {
            Some((t, l)) => {
                if lg.g.size > l.size && !lg.g.space {
                    // The line's baseline follows its largest text, not its superscripts.
                    l.v = lg.vb;
                    l.size = lg.g.size;
                }
                l.u_start = l.u_start.min(lg.u);
                l.u_end = l.u_end.max(lg.u + lg.g.width);
                l.count += 1;
                assigned.push(t);
                current = Some(t);
            }
            None => {
                lines.push(Building {
                    v: lg.vb,
                    size: lg.g.size,
                    u_start: lg.u,
                    u_end: lg.u + lg.g.width,
                    count: 1,
                });
                assigned.push(lines.len() - 1);
                current = Some(lines.len() - 1);
            }
        }
    }
    let mut items: Vec<Vec<Lg>> = lines.iter().map(|l| Vec::with_capacity(l.count)).collect();
    for (lg, line) in placed.into_iter().zip(assigned) {
        if let Some(v) = items.get_mut(line) {
            v.push(lg);
        }
    }
    items
        .into_iter()
        .map(|mut l| {
            l.sort_by(|a, b| a.u.total_cmp(&b.u));
            dedupe(l)
        })
        .collect()
}

/// Drops glyphs drawn twice at (almost) the same place: fake bold and shadows. A copy
/// overlaps its original by more than half its width; a genuine double letter ("ll")
/// starts a whole advance later.
fn dedupe(items: Vec<Lg>) -> Vec<Lg> {
    let mut out: Vec<Lg> = Vec::with_capacity(items.len());
    for it in items {
        let tol = (0.5 * it.g.width).max(0.05 * it.g.em);
        let dup = !it.g.space
            && out.iter().rev().take(6).any(|o| {
                o.g.text == it.g.text
                    && (o.u - it.u).abs() < tol
                    && (o.v - it.v).abs() < 0.2 * it.g.size.max(1e-3)
            });
        if !dup {
            out.push(it);
        }
    }
    out
}

/// Gaps between consecutive glyphs of a line at least `min_em` wide: (index of the
/// glyph after the gap, gap start, gap end).
fn wide_gaps(items: &[Lg], min_em: f32) -> Vec<(usize, f32, f32)> {
    let mut out = Vec::new();
    let mut end = f32::NEG_INFINITY;
    for (i, it) in items.iter().enumerate() {
        if it.g.space {
            continue;
        }
        if i > 0 && it.u - end >= min_em * it.g.em.max(1e-3) {
            out.push((i, end, it.u));
        }
        end = end.max(it.u + it.g.width);
    }
    out
}

/// For each line, the glyph indices where a column gutter passes: a wide gap whose
/// span overlaps wide gaps on at least `GUTTER_LINES` other lines.
fn gutters(lines: &[Vec<Lg>]) -> Vec<Vec<usize>> {
    let cands: Vec<Vec<(usize, f32, f32, f32)>> = lines
        .iter()
        .map(|l| {
            wide_gaps(l, GUTTER_EM)
                .into_iter()
                .map(|(i, a, b)| (i, a, b, l.get(i).map_or(1.0, |g| g.g.em)))
                .collect()
        })
        .collect();
    let all: Vec<(usize, f32, f32)> = cands
        .iter()
        .enumerate()
        .flat_map(|(li, c)| c.iter().map(move |&(_, a, b, _)| (li, a, b)))
        .take(MAX_GUTTER_CANDIDATES)
        .collect();
    cands
        .iter()
        .enumerate()
        .map(|(li, c)| {
            c.iter()
                .filter(|&&(_, a, b, em)| {
                    // The text after a gutter starts at the same x on every line (flush
                    // left); rivers of word spaces in justified text do not line up so.
                    let mut others: Vec<usize> = all
                        .iter()
                        .filter(|&&(lj, a2, b2)| {
                            lj != li && a.max(a2) < b.min(b2) && (b2 - b).abs() <= 0.1 * em
                        })
                        .map(|&(lj, _, _)| lj)
                        .collect();
                    others.dedup();
                    others.len() >= GUTTER_LINES
                })
                .map(|&(i, _, _, _)| i)
                .collect()
        })
        .collect()
}

fn split(mut items: Vec<Lg>, gutter: &[usize]) -> Vec<Vec<Lg>> {
    // Where segments start, found first: most lines have none, and keep their vector.
    let mut starts = Vec::new();
    let (mut end, mut ink) = (f32::NEG_INFINITY, 0);
    for (i, it) in items.iter().enumerate() {
        let gap = it.u - end;
        if ink > LABEL_GLYPHS && (gap > SPLIT_EM * it.g.em.max(1e-3) || gutter.contains(&i)) {
            starts.push(i);
            ink = 0;
        }
        end = end.max(it.u + it.g.width);
        ink += usize::from(!it.g.space);
    }
    let mut out: Vec<Vec<Lg>> = Vec::with_capacity(starts.len() + 1);
    for &at in starts.iter().rev() {
        out.push(items.split_off(at));
    }
    if !items.is_empty() {
        out.push(items);
    }
    out.reverse();
    out
}

/// Spacing diacritics that TeX and others draw as separate glyphs over a letter.
fn combining_for(c: char) -> Option<char> {
    Some(match c {
        '\u{60}' | '\u{2cb}' => '\u{300}',
        '\u{b4}' | '\u{2ca}' => '\u{301}',
        '\u{5e}' | '\u{2c6}' => '\u{302}',
        '\u{7e}' | '\u{2dc}' => '\u{303}',
        '\u{af}' | '\u{2c9}' => '\u{304}',
        '\u{2d8}' => '\u{306}',
        '\u{2d9}' => '\u{307}',
        '\u{a8}' => '\u{308}',
        '\u{2da}' => '\u{30a}',
        '\u{2dd}' => '\u{30b}',
        '\u{2c7}' => '\u{30c}',
        '\u{b8}' => '\u{327}',
        '\u{2db}' => '\u{328}',
        _ => return None,
    })
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// Folds separately drawn accents into the letter they sit on ("G˚ard" → "Gård").
fn compose_accents(items: &mut Vec<Lg>) {
    let mut i = 0;
    while i < items.len() {
        let Some(mark) = items.get(i).and_then(|a| single_char(&a.g.text)).and_then(combining_for)
        else {
            i += 1;
            continue;
        };
        let Some(acc) = items.get(i) else { break };
        let center = acc.u + acc.g.width / 2.0;
        let overlaps = |j: usize| {
            items.get(j).is_some_and(|b| {
                let letter = b.g.text.chars().next().is_some_and(char::is_alphabetic);
                let slack = 0.05 * b.g.em;
                letter && center >= b.u - slack && center <= b.u + b.g.width + slack
            })
        };
        let target = if i + 1 < items.len() && overlaps(i + 1) {
            Some(i + 1)
        } else if i > 0 && overlaps(i - 1) {
            Some(i - 1)
        } else {
            None
        };
        match target {
            Some(t) => {
                if let Some(b) = items.get_mut(t) {
                    b.g.text.push(mark);
                    b.g.text = b.g.text.nfc().collect();
                }
                items.remove(i);
                if t < i {
                    // The base was before; continue after it.
                } else {
                    // The accent came first; the base moved into slot i.
                    i += 1;
                }
            }
            None => i += 1,
        }
    }
}

/// Per-glyph text cleanup: ligatures, soft hyphens, private-use code points.
fn clean(text: &str, last: bool, stats: &mut CleanStats) -> crate::GlyphText {
    // Printable ASCII (most glyphs) has nothing to clean and is already NFC.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return text.into();
    }
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            // A soft hyphen is drawn only where a word was broken at the line end.
            '\u{ad}' => {
                if last {
                    out.push('-');
                }
            }
            '\u{e000}'..='\u{f8ff}' => stats.private_use += 1,
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.nfc().collect()
}

fn finish(mut items: Vec<Lg>, fonts: &FontTable, stats: &mut CleanStats) -> Option<Line> {
    compose_accents(&mut items);
    let last_ink = items.iter().rposition(|i| !i.g.space);
    let mut placed = Vec::with_capacity(items.len());
    for (k, it) in items.iter().enumerate() {
        let text =
            if it.g.space { " ".into() } else { clean(&it.g.text, Some(k) == last_ink, stats) };
        // Combining marks drawn as their own glyph attach to the previous one.
        if !it.g.space
            && text.chars().next().is_some_and(is_combining)
            && let Some(prev) = placed.last_mut().filter(|p: &&mut Placed| !p.space)
        {
            prev.text.push_str(&text);
            prev.text = prev.text.nfc().collect();
            continue;
        }
        let space = it.g.space || (text.chars().all(char::is_whitespace) && !text.is_empty());
        placed.push(Placed {
            text: if space { " ".into() } else { text },
            u: it.u,
            width: it.g.width,
            em: it.g.em,
            space_em: it.g.space_em,
            space,
        });
    }
    let words::Joined { text, gaps, units } = words::join(&placed);
    let text = text.trim_end().to_owned();
    if text.trim().is_empty() {
        return None;
    }
    let mut gaps: Vec<_> = gaps.into_iter().filter(|g| g.at <= text.len()).collect();
    // Glyphs were joined in the order they sit on the line (visual order); right-to-left
    // scripts are read in the other direction. `/ActualText` spans are logical already.
    let text = match items.iter().any(|i| i.g.actual) {
        false => match logical_order(&text, &units) {
            Some(logical) => {
                // Offsets into the visual text mean nothing in the reordered one.
                gaps.clear();
                logical
            }
            None => text,
        },
        true => text,
    };

    // Geometry and dominant font.
    let mut bbox: Option<Rect> = None;
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    let mut font_counts: Vec<(usize, usize)> = Vec::new();
    for it in items.iter().filter(|i| !i.g.space) {
        let g = &it.g;
        let (u0, u1) = (it.u, it.u + g.width.max(0.0));
        let (v0, v1) = (it.v - ASCENT_EM * g.size, it.v + DESCENT_EM * g.size);
        let corners = [(u0, v0), (u1, v0), (u0, v1), (u1, v1)];
        for (u, v) in corners {
            let (x, y) = (u * g.dx - v * g.dy, u * g.dy + v * g.dx);
            let r = Rect::new(x, y, x, y);
            bbox = Some(bbox.map_or(r, |b| b.union(&r)));
        }
        let n = g.text.chars().count().max(1);
        let key = (g.size * 10.0).round() / 10.0;
        match sizes.iter_mut().find(|(s, _)| (*s - key).abs() < 0.05) {
            Some((_, c)) => *c += n,
            None => sizes.push((key, n)),
        }
        match font_counts.iter_mut().find(|(f, _)| *f == g.font) {
            Some((_, c)) => *c += n,
            None => font_counts.push((g.font, n)),
        }
    }
    let font_size = sizes.iter().max_by_key(|(_, c)| *c).map_or(0.0, |(s, _)| *s);
    let font = font_counts.iter().max_by_key(|(_, c)| *c).and_then(|(f, _)| fonts.fonts.get(*f));
    Some(Line {
        text,
        bbox: bbox.unwrap_or_default(),
        font_size,
        bold: font.is_some_and(|f| f.bold),
        italic: font.is_some_and(|f| f.italic),
        font: font.and_then(|f| f.name.clone()),
        gaps,
        raw: None,
    })
}

/// A line drawn in visual order (left to right on the page) put in logical order, when
/// it holds right-to-left text: the runs the bidirectional algorithm (UAX #9) would
/// reverse for display are reversed back, which undoes the display order for the text
/// that writers lay out, and brackets in them get their mirror back. The paragraph
/// direction is that of most strong characters.
/// `units` (byte ranges of `visual`) move as wholes: a glyph whose `/ToUnicode` names a
/// whole cluster already holds it in logical order.
fn logical_order(visual: &str, units: &[std::ops::Range<usize>]) -> Option<String> {
    use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};
    // Right-to-left scripts start at U+0590 (Hebrew): most lines need no closer look.
    if visual.chars().all(|c| c < '\u{590}') {
        return None;
    }
    let strong = |s: &str, class: &[BidiClass]| s.chars().any(|c| class.contains(&bidi_class(c)));
    let rtl_classes = [BidiClass::R, BidiClass::AL];
    // The text was trimmed at its end; so are the units.
    let pieces: Vec<&str> = units
        .iter()
        .filter_map(|r| visual.get(r.start.min(visual.len())..r.end.min(visual.len())))
        .filter(|p| !p.is_empty())
        .collect();
    let rtl = pieces.iter().filter(|p| strong(p, &rtl_classes)).count();
    // A glyph standing for letters of both directions cannot be one drawn shape: the
    // writer mapped glyphs to logical text (clusters), so the line is no visual order.
    let mixed = pieces.iter().any(|p| strong(p, &rtl_classes) && strong(p, &[BidiClass::L]));
    if rtl == 0 || mixed {
        return None;
    }
    let ltr = pieces.iter().filter(|p| strong(p, &[BidiClass::L])).count();
    // One character per unit, of the unit's bidi class: a unit with right-to-left
    // letters is one (Hebrew alef), with other letters one 'a', else its first character.
    let stand_in: String = pieces
        .iter()
        .map(|p| {
            if strong(p, &rtl_classes) {
                '\u{5d0}'
            } else if strong(p, &[BidiClass::L]) {
                'a'
            } else {
                p.chars().next().unwrap_or(' ')
            }
        })
        .collect();
    let level = if rtl >= ltr { Level::rtl() } else { Level::ltr() };
    let info = BidiInfo::new(&stand_in, Some(level));
    let para = info.paragraphs.first()?;
    let levels = info.reordered_levels_per_char(para, para.range.clone());
    let order = BidiInfo::reorder_visual(&levels);
    let mut out = String::with_capacity(visual.len());
    for i in order {
        let piece = pieces.get(i)?;
        // A mirrored character in a right-to-left run is displayed as its mirror image
        // (UAX #9, L4): the "(" a reader sees at the run's left end is its ")".
        let mut chars = piece.chars();
        let mirrored = match (chars.next(), chars.next()) {
            (Some(c), None) if levels.get(i).is_some_and(|l| l.is_rtl()) => {
                unicode_bidi_mirroring::get_mirrored(c)
            }
            _ => None,
        };
        match mirrored {
            Some(m) => out.push(m),
            None => out.push_str(piece),
        }
    }
    // The visual text ended where its last glyph did; so does the logical one.
    Some(out.trim().to_owned())
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Widest gap between the merged intervals of a projection: (gap, cut position).
fn widest_gap(mut spans: Vec<(f32, f32)>) -> Option<(f32, f32)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best: Option<(f32, f32)> = None;
    let mut end = spans.first()?.1;
    for (s, e) in spans.into_iter().skip(1) {
        if s > end {
            let gap = s - end;
            if best.is_none_or(|(g, _)| gap > g) {
                best = Some((gap, (s + end) / 2.0));
            }
        }
        end = end.max(e);
    }
    best
}

/// A cell of figures: digits, with only separators, signs, units of percent and
/// currency, or dashes alone (empty cells).
fn is_figure(text: &str) -> bool {
    let t = text.trim();
    let digits = t.chars().any(|c| c.is_ascii_digit());
    let only = t.chars().all(|c| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(
                c,
                '.' | ','
                    | '-'
                    | '\u{2013}'
                    | '\u{2212}'
                    | '+'
                    | '%'
                    | '('
                    | ')'
                    | '$'
                    | '\u{20ac}'
                    | '\u{a3}'
            )
    });
    // Dashes alone mark empty cells ("- -" when two are read as one line).
    only && (digits || t.chars().any(|c| matches!(c, '-' | '\u{2013}')))
}

/// Each box's column in a region: boxes in x0 order, a new column past each vertical
/// channel of at least `COLUMN_GAP_EM`; with the index of the last column.
fn columns_of(boxes: &[(usize, Rect, f32)], size: f32) -> (Vec<usize>, usize) {
    let mut by_x: Vec<usize> = (0..boxes.len()).collect();
    by_x.sort_by(|&a, &b| {
        let x = |k: usize| boxes.get(k).map_or(0.0, |b| b.1.x0);
        x(a).total_cmp(&x(b))
    });
    let mut column = vec![0usize; boxes.len()];
    let (mut col, mut end) = (0usize, f32::NEG_INFINITY);
    for &k in &by_x {
        let Some(b) = boxes.get(k) else { continue };
        if end.is_finite() && b.1.x0 - end >= COLUMN_GAP_EM * size {
            col += 1;
        }
        end = end.max(b.1.x1);
        if let Some(c) = column.get_mut(k) {
            *c = col;
        }
    }
    (column, col)
}

/// Whether a region's lines form a table: split at every vertical channel into columns,
/// most lines share their baseline with a line of another column, and one column of at
/// least two lines is mostly figures.
fn is_table(
    boxes: &[(usize, Rect, f32)],
    (column, col): (&[usize], usize),
    lines: &[Line],
    size: f32,
) -> bool {
    if col == 0 {
        return false;
    }
    // A list item is running text, not a cell (as in `grid_bands`): a list set beside a
    // table of figures, its items on the table's baselines, keeps its own order.
    if boxes.iter().any(|b| lines.get(b.0).is_some_and(|l| starts_with_list_mark(&l.text))) {
        return false;
    }
    // Rows: boxes in baseline order; a box is aligned when a box of another column sits
    // within the row tolerance of its baseline.
    let mut by_y: Vec<(f32, usize)> =
        boxes.iter().zip(column).map(|(b, &c)| (baseline(b), c)).collect();
    by_y.sort_by(|a, b| a.0.total_cmp(&b.0));
    let tol = TABLE_ROW_EM * size;
    // The boxes within the tolerance of box k's baseline are its neighbours in
    // `by_y` on either side; it is aligned when one of them is in another column.
    let aligned = (0..by_y.len())
        .filter(|&k| {
            let Some(&(y, c)) = by_y.get(k) else { return false };
            let within = |j: &usize| by_y.get(*j).is_some_and(|o| (o.0 - y).abs() <= tol);
            let before = (0..k).rev().take_while(within);
            let after = (k + 1..by_y.len()).take_while(within);
            before.chain(after).any(|j| by_y.get(j).is_some_and(|o| o.1 != c))
        })
        .count();
    if (aligned as f32) < TABLE_ALIGNED_SHARE * boxes.len() as f32 {
        return false;
    }
    has_figure_column(boxes, column, col, lines)
}

/// Whether one column (of `column`, the boxes' columns up to `col`) holds at least two
/// lines, mostly figures.
fn has_figure_column(
    boxes: &[(usize, Rect, f32)],
    column: &[usize],
    col: usize,
    lines: &[Line],
) -> bool {
    let mut cells = vec![(0usize, 0usize); col + 1];
    for (b, &c) in boxes.iter().zip(column) {
        if let Some(cell) = cells.get_mut(c) {
            cell.0 += 1;
            cell.1 += usize::from(lines.get(b.0).is_some_and(|l| is_figure(&l.text)));
        }
    }
    cells.iter().any(|&(n, figures)| n >= 2 && figures as f32 >= FIGURE_COLUMN_SHARE * n as f32)
}

/// Row bands of a region, top to bottom: positions in `boxes`, a box joining the band
/// above when it reaches into the band by more than `BAND_OVERLAP_EM`. A cell of two
/// lines beside one-line cells set at its middle shares a band with both its lines;
/// the lines of one column, an em or more apart, do not touch.
fn bands(boxes: &[(usize, Rect, f32)], size: f32) -> Vec<Vec<usize>> {
    let mut by_top: Vec<usize> = (0..boxes.len()).collect();
    let top = |k: usize| boxes.get(k).map_or(0.0, |b| b.1.y0);
    by_top.sort_by(|&a, &b| top(a).total_cmp(&top(b)));
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    for k in by_top {
        let Some(b) = boxes.get(k) else { continue };
        match out.last_mut() {
            Some(band) if b.1.y0 < bottom - BAND_OVERLAP_EM * size => band.push(k),
            _ => {
                out.push(vec![k]);
                bottom = f32::NEG_INFINITY;
            }
        }
        bottom = bottom.max(b.1.y1);
    }
    out
}

/// A region laid out as a grid of cells, a row's cells not necessarily on one baseline
/// (a cell of two lines beside one-line cells set at its middle): its row bands, when
/// the region reads as one. Below any heading bands
/// (column headings over one column, a caption), at least `GRID_ROWS` bands hold lines
/// of two or more columns, those bands hold `TABLE_ALIGNED_SHARE` of the lines, no
/// band is taller than `GRID_BAND_EM` (a cell of a few lines, not a column of prose
/// beside another), and either one column is mostly figures or the grid is complete and
/// reads as cells rather than running text (`reads_as_cells`).
fn grid_bands(
    boxes: &[(usize, Rect, f32)],
    (column, col): (&[usize], usize),
    lines: &[Line],
    size: f32,
) -> Option<Vec<Vec<usize>>> {
    if col == 0 {
        return None;
    }
    let all = bands(boxes, size);
    let columns_in = |band: &[usize]| {
        let mut cs: Vec<usize> = band.iter().filter_map(|&k| column.get(k).copied()).collect();
        cs.sort_unstable();
        cs.dedup();
        cs.len()
    };
    let first = all.iter().position(|b| columns_in(b) >= 2)?;
    let body = all.get(first..)?;
    let multi: Vec<&Vec<usize>> = body.iter().filter(|b| columns_in(b) >= 2).collect();
    let total: usize = body.iter().map(Vec::len).sum();
    let in_multi: usize = multi.iter().map(|b| b.len()).sum();
    if multi.len() < GRID_ROWS || (in_multi as f32) < TABLE_ALIGNED_SHARE * total as f32 {
        return None;
    }
    let height = |band: &[usize]| {
        let (mut y0, mut y1) = (f32::INFINITY, f32::NEG_INFINITY);
        for b in band.iter().filter_map(|&k| boxes.get(k)) {
            y0 = y0.min(b.1.y0);
            y1 = y1.max(b.1.y1);
        }
        y1 - y0
    };
    if body.iter().any(|b| height(b) > GRID_BAND_EM * size) {
        return None;
    }
    // Every gutter is crossed by rows: beside each column, the next one has a line on
    // the same baseline in most bands holding both (a list set beside a table, at a
    // pitch of its own, meets the table's rows only by overlap).
    let tol = TABLE_ROW_EM * size;
    let rows_cross = |c: usize| {
        let (mut both, mut shared) = (0usize, 0usize);
        for band in body {
            let side = |c: usize| -> Vec<f32> {
                band.iter()
                    .filter(|&&k| column.get(k) == Some(&c))
                    .filter_map(|&k| boxes.get(k).map(baseline))
                    .collect()
            };
            let (left, right) = (side(c), side(c + 1));
            if left.is_empty() || right.is_empty() {
                continue;
            }
            both += 1;
            shared += usize::from(left.iter().any(|a| right.iter().any(|b| (a - b).abs() <= tol)));
        }
        both > 0 && 2 * shared >= both
    };
    if !(0..col).all(rows_cross) {
        return None;
    }
    // A list item is a block of running text, not a cell.
    if body.iter().flatten().any(|&k| {
        boxes.get(k).and_then(|b| lines.get(b.0)).is_some_and(|l| starts_with_list_mark(&l.text))
    }) {
        return None;
    }
    if !reads_as_cells(body, boxes, column, col, lines) {
        return None;
    }
    let body_boxes: Vec<(usize, Rect, f32)> =
        body.iter().flatten().filter_map(|&k| boxes.get(k).copied()).collect();
    let body_column: Vec<usize> =
        body.iter().flatten().filter_map(|&k| column.get(k).copied()).collect();
    if has_figure_column(&body_boxes, &body_column, col, lines) {
        return Some(all);
    }
    let complete = first == 0
        && all.len() >= GRID_TEXT_ROWS
        && all.iter().all(|b| b.len() == col + 1 && columns_in(b) == col + 1)
        && all.iter().all(|b| {
            let mut ys: Vec<f32> = b.iter().filter_map(|&k| boxes.get(k)).map(baseline).collect();
            ys.sort_by(f32::total_cmp);
            matches!((ys.first(), ys.last()), (Some(a), Some(z)) if z - a <= TABLE_ROW_EM * size)
        });
    complete.then_some(all)
}

/// Whether a line starts with a list mark: a bullet of General Punctuation (U+2022,
/// U+2023, U+2043), the bullet operator, or a sign of the Geometric Shapes, Miscellaneous
/// Symbols or Dingbats blocks (▪ ◦ ● ■ ❖ ➢ ✓), as slide software sets before items.
/// Dashes are left out: a lone dash is an empty table cell.
fn starts_with_list_mark(text: &str) -> bool {
    text.trim_start().chars().next().is_some_and(|c| {
        matches!(c, '\u{2022}' | '\u{2023}' | '\u{2043}' | '\u{2219}' | '\u{25a0}'..='\u{25ff}' | '\u{2600}'..='\u{27bf}')
    })
}

/// Whether a grid's columns hold cells rather than running text: no column continues a
/// sentence from one band to the next (a line not ending a sentence, the next starting
/// in lower case, as wrapped prose does; a cell's own lines within a band may), and a
/// column's median line has at most `CELL_WORDS` words (a line of prose in a column
/// holds more).
fn reads_as_cells(
    bands: &[Vec<usize>],
    boxes: &[(usize, Rect, f32)],
    column: &[usize],
    col: usize,
    lines: &[Line],
) -> bool {
    let text = |k: usize| boxes.get(k).and_then(|b| lines.get(b.0)).map_or("", |l| l.text.trim());
    let top = |k: usize| boxes.get(k).map_or(0.0, |b| b.1.y0);
    (0..=col).all(|c| {
        // The column's lines in each band, top to bottom.
        let cells: Vec<Vec<usize>> = bands
            .iter()
            .map(|b| {
                let mut v: Vec<usize> =
                    b.iter().copied().filter(|&k| column.get(k) == Some(&c)).collect();
                v.sort_by(|&x, &y| top(x).total_cmp(&top(y)));
                v
            })
            .collect();
        let continues = cells.windows(2).any(|w| match w {
            [a, b] => match (a.last(), b.first()) {
                (Some(&x), Some(&y)) => {
                    let ends = text(x)
                        .chars()
                        .last()
                        .is_some_and(|ch| matches!(ch, '.' | '!' | '?' | ':' | ';'));
                    !ends && text(y).chars().next().is_some_and(char::is_lowercase)
                }
                _ => false,
            },
            _ => false,
        });
        let mut words: Vec<usize> =
            cells.iter().flatten().map(|&k| text(k).split_whitespace().count()).collect();
        words.sort_unstable();
        let median = words.get(words.len() / 2).copied().unwrap_or(0);
        !continues && median <= CELL_WORDS
    })
}

/// A grid's lines band by band, top to bottom; each band read as a region of its own
/// (its columns left to right, a cell's lines top to bottom).
fn read_bands(
    boxes: &[(usize, Rect, f32)],
    bands: Vec<Vec<usize>>,
    lines: &[Line],
    out: &mut Vec<usize>,
    depth: u32,
) {
    for band in bands {
        let items: Vec<usize> = band.iter().filter_map(|&k| boxes.get(k).map(|b| b.0)).collect();
        xy_cut(items, lines, out, depth + 1);
    }
}

/// A line box's baseline: its bottom less the descent of its size.
fn baseline(b: &(usize, Rect, f32)) -> f32 {
    b.1.y1 - DESCENT_EM * b.2
}

/// A table's lines row by row: rows of baselines within the row tolerance, top to
/// bottom, each left to right.
fn read_rows(mut boxes: Vec<(usize, Rect, f32)>, size: f32, out: &mut Vec<usize>) {
    boxes.sort_by(|a, b| baseline(a).total_cmp(&baseline(b)));
    let tol = TABLE_ROW_EM * size;
    let mut row: Vec<(usize, Rect, f32)> = Vec::new();
    let flush = |row: &mut Vec<(usize, Rect, f32)>, out: &mut Vec<usize>| {
        row.sort_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
        out.extend(row.drain(..).map(|b| b.0));
    };
    for b in boxes {
        if row.first().is_some_and(|f| baseline(&b) - baseline(f) > tol) {
            flush(&mut row, out);
        }
        row.push(b);
    }
    flush(&mut row, out);
}

fn xy_cut(items: Vec<usize>, lines: &[Line], out: &mut Vec<usize>, depth: u32) {
    let boxes: Vec<(usize, Rect, f32)> = items
        .iter()
        .filter_map(|&i| lines.get(i).map(|l| (i, l.bbox, l.font_size.max(1.0))))
        .collect();
    if boxes.len() <= 1 || depth >= MAX_CUT_DEPTH {
        let mut sorted = boxes;
        sorted.sort_by(|a, b| (a.1.y1).total_cmp(&b.1.y1).then(a.1.x0.total_cmp(&b.1.x0)));
        out.extend(sorted.into_iter().map(|b| b.0));
        return;
    }
    let mut sizes: Vec<f32> = boxes.iter().map(|b| b.2).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);

    let columns = widest_gap(boxes.iter().map(|b| (b.1.x0, b.1.x1)).collect())
        .filter(|(gap, _)| *gap >= COLUMN_GAP_EM * size);
    let rows = widest_gap(boxes.iter().map(|b| (b.1.y0, b.1.y1)).collect());
    // Columns first: a clear vertical channel means separate boxes side by side, unless
    // a horizontal channel crosses them that is wider than any gap inside a paragraph:
    // then the "columns" are words set apart on rows of their own (a grid of labels, a
    // form), read row by row as a reader would.
    let rows_first = columns.is_some() && rows.is_some_and(|(r, _)| r >= ROW_GAP_EM * size);
    // A table is read row by row too, as readers take it. A grid is read band by band,
    // so that a cell of two lines beside one-line cells set at its middle stays in its
    // row; a table the grid test does not take, row by row on its baselines.
    if columns.is_some() && rows.is_some() && !rows_first {
        // Both tests split the region at the same channels.
        let (column, col) = columns_of(&boxes, size);
        if let Some(bands) = grid_bands(&boxes, (&column, col), lines, size).filter(|b| b.len() > 1)
        {
            read_bands(&boxes, bands, lines, out, depth);
            return;
        }
        if is_table(&boxes, (&column, col), lines, size) {
            read_rows(boxes, size, out);
            return;
        }
    }
    if let (Some((_, at)), false) = (columns, rows_first) {
        let (left, right): (Vec<&(usize, Rect, f32)>, Vec<_>) =
            boxes.iter().partition(|b| (b.1.x0 + b.1.x1) / 2.0 < at);
        xy_cut(left.into_iter().map(|b| b.0).collect(), lines, out, depth + 1);
        xy_cut(right.into_iter().map(|b| b.0).collect(), lines, out, depth + 1);
        return;
    }
    // Then rows, at the widest horizontal channel.
    if let Some((_, at)) = rows {
        let (top, bottom): (Vec<&(usize, Rect, f32)>, Vec<_>) =
            boxes.iter().partition(|b| (b.1.y0 + b.1.y1) / 2.0 < at);
        xy_cut(top.into_iter().map(|b| b.0).collect(), lines, out, depth + 1);
        xy_cut(bottom.into_iter().map(|b| b.0).collect(), lines, out, depth + 1);
        return;
    }
    xy_cut(items, lines, out, MAX_CUT_DEPTH);
}
