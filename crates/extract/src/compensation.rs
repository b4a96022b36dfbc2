//! Width corrections learned from the document itself, for fonts whose program we
//! cannot read (not embedded, Type 1, CID-keyed CFF).
//!
//! When a writer declares a glyph narrower than it is and compensates with a
//! displacement after every occurrence, the gap after that glyph is (nearly) the same
//! amount every time, whatever letter follows. Real word gaps after a letter happen only
//! at word ends, kerning depends on the next letter, so neither forms such a cluster.
//! A glyph whose following gaps mostly sit in one tight positive cluster, well below a
//! space width, gets that amount added to its width.

use std::collections::BTreeMap;

use crate::Map;

use crate::content::Glyph;

/// Samples kept per glyph.
const MAX_SAMPLES: usize = 4000;
/// Occurrences needed before a glyph can be corrected.
const MIN_OCCURRENCES: usize = 4;
/// Share of occurrences that must fall in the cluster.
const MIN_SHARE: f32 = 0.6;
/// Width of the cluster window, in em (per-occurrence jitter of the displacement).
const WINDOW_EM: f32 = 0.04;
/// Smallest correction worth making, in em.
const MIN_EM: f32 = 0.03;
/// Largest correction, as a share of the font's space width, for a font that does not
/// draw space glyphs: beyond it a cluster is more likely word gaps (after commas, say).
const MAX_SPACE_SHARE: f32 = 0.5;
/// The same for a font that draws its word breaks as space glyphs: a gap that is not a
/// space glyph is then never a word gap, so even large recurring ones are compensation.
const MAX_SPACE_SHARE_SPACED: f32 = 1.5;
/// Share of a font's glyphs that are spaces for it to count as drawing its spaces.
const SPACED_FONT_SHARE: f32 = 0.05;

type Key = (usize, String);

/// Collects the gaps that follow each glyph, in drawing order.
#[derive(Default)]
pub(crate) struct Learner {
    /// Per font, per glyph text: the gaps and the font's space width. Nested so that a
    /// glyph is looked up by its `&str`, with no key built per glyph.
    samples: BTreeMap<usize, BTreeMap<String, (Vec<f32>, f32)>>,
    /// Per font: (glyphs, space glyphs).
    counts: BTreeMap<usize, (usize, usize)>,
}

impl Learner {
    /// Records the gaps between consecutively drawn glyphs of one page.
    pub(crate) fn observe(&mut self, glyphs: &[Glyph]) {
        for g in glyphs {
            let c = self.counts.entry(g.font).or_default();
            c.0 += 1;
            c.1 += usize::from(g.space);
        }
        for pair in glyphs.windows(2) {
            let [a, b] = pair else { continue };
            // Letters and digits only: a bullet or dash is often followed by the same
            // indent every time, and that gap is real.
            let letter = !a.text.is_empty() && a.text.chars().all(char::is_alphanumeric);
            if a.space || b.space || a.invisible || a.font != b.font || !letter || a.em <= 0.0 {
                continue;
            }
            if (a.dx - b.dx).abs() > 1e-3 || (a.dy - b.dy).abs() > 1e-3 {
                continue;
            }
            let along = (b.x - a.x) * a.dx + (b.y - a.y) * a.dy;
            let across = -(b.x - a.x) * a.dy + (b.y - a.y) * a.dx;
            if across.abs() > 0.05 * a.size.max(1e-3) {
                continue;
            }
            let gap = (along - a.width) / a.em;
            if !(-0.5..=1.0).contains(&gap) {
                continue;
            }
            let by_text = self.samples.entry(a.font).or_default();
            let entry = match by_text.get_mut(a.text.as_str()) {
                Some(e) => e,
                None => {
                    by_text.entry(a.text.to_string()).or_insert_with(|| (Vec::new(), a.space_em))
                }
            };
            if entry.0.len() < MAX_SAMPLES {
                entry.0.push(gap);
            }
        }
    }

    /// The learned corrections, in em, per (font, glyph text).
    pub(crate) fn corrections(&self) -> Map<Key, f32> {
        let mut out = Map::default();
        let samples = self.samples.iter().flat_map(|(&f, t)| t.iter().map(move |(k, v)| (f, k, v)));
        for (font, text, (gaps, space_em)) in samples {
            if gaps.len() < MIN_OCCURRENCES {
                continue;
            }
            let mut v = gaps.clone();
            v.sort_by(f32::total_cmp);
            // Densest window of width WINDOW_EM.
            let (mut best, mut best_at) = (0usize, 0usize);
            let mut j = 0;
            for i in 0..v.len() {
                while v.get(j).is_some_and(|&x| v.get(i).is_some_and(|&y| x - y <= WINDOW_EM)) {
                    j += 1;
                }
                if j - i > best {
                    best = j - i;
                    best_at = i;
                }
            }
            let Some(center) = v.get(best_at + best / 2).copied() else { continue };
            let share = best as f32 / v.len() as f32;
            let spaced = self
                .counts
                .get(&font)
                .is_some_and(|&(n, s)| s as f32 >= SPACED_FONT_SHARE * n as f32);
            let max = if spaced { MAX_SPACE_SHARE_SPACED } else { MAX_SPACE_SHARE };
            if share >= MIN_SHARE && center >= MIN_EM && center <= max * space_em {
                out.insert((font, text.clone()), center);
            }
        }
        out
    }
}

/// Widens the glyphs that have a learned correction.
pub(crate) fn apply(glyphs: &mut [Glyph], corrections: &Map<Key, f32>) {
    if corrections.is_empty() {
        return;
    }
    let mut key: Key = (0, String::new());
    for g in glyphs.iter_mut().filter(|g| !g.space) {
        key.0 = g.font;
        key.1.clear();
        key.1.push_str(&g.text);
        if let Some(c) = corrections.get(&key) {
            g.width += c * g.em;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f32, width: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y: 100.0,
            dx: 1.0,
            dy: 0.0,
            width,
            em: 10.0,
            size: 10.0,
            space_em: 0.25,
            font: 0,
            space: false,
            invisible: false,
            rise_x: 0.0,
            rise_y: 0.0,
            vertical: false,
            actual: false,
        }
    }

    /// Letters 5 wide; 'r' declared 4 wide and always followed by a 1.0 (0.1 em) gap;
    /// words separated by 2.5 (0.25 em).
    fn run(words: &[&str]) -> Vec<Glyph> {
        let mut x = 0.0;
        let mut out = Vec::new();
        for w in words {
            for c in w.chars() {
                let width = if c == 'r' { 4.0 } else { 5.0 };
                out.push(glyph(&c.to_string(), x, width));
                x += 5.0;
            }
            x += 2.5;
        }
        out
    }

    #[test]
    fn learns_a_recurring_compensation_but_not_word_gaps() {
        let mut glyphs = run(&[
            "arbeid", "er", "rart", "for", "norsk", "kultur", "ferie", "a,", "b,", "c,", "d,",
        ]);
        let mut l = Learner::default();
        l.observe(&glyphs);
        let c = l.corrections();
        assert!((c.get(&(0, "r".into())).copied().unwrap_or(0.0) - 0.1).abs() < 0.01, "{c:?}");
        // Commas are always followed by a word gap: not a compensation.
        assert!(!c.contains_key(&(0, ",".into())));
        apply(&mut glyphs, &c);
        assert!(glyphs.iter().filter(|g| g.text == "r").all(|g| (g.width - 5.0).abs() < 0.1));
    }
}
