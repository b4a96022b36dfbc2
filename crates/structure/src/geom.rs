//! Page measures that the heuristics are expressed in.

use deck_layout::{Line, Page};

/// Size of a page and of its usual text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageGeom {
    /// Page width in points (from the lines when the page has no size).
    pub(crate) width: f32,
    /// Page height in points (from the lines when the page has no size).
    pub(crate) height: f32,
    /// The font size most characters on the page are set in.
    pub(crate) body_size: f32,
}

impl PageGeom {
    pub(crate) fn of(page: &Page) -> Self {
        let lines = || page.lines.iter().filter(|l| has_text(l));
        let max_x = lines().map(|l| l.bbox.x1).fold(0.0, f32::max);
        let max_y = lines().map(|l| l.bbox.y1).fold(0.0, f32::max);
        // A page without a size (or a bogus one) is measured by its text, with a little
        // margin so the lowest line is not taken for the page edge.
        let width = if page.width > 1.0 { page.width } else { max_x * 1.05 + 1.0 };
        let height = if page.height > 1.0 { page.height } else { max_y * 1.05 + 1.0 };
        PageGeom { width, height, body_size: body_size(lines()) }
    }

    /// Top of a box as a fraction of the page height.
    pub(crate) fn rel_top(&self, line: &Line) -> f32 {
        line.bbox.y0 / self.height
    }

    /// Bottom of a box as a fraction of the page height.
    pub(crate) fn rel_bottom(&self, line: &Line) -> f32 {
        line.bbox.y1 / self.height
    }
}

/// Whether a line holds anything but whitespace.
pub(crate) fn has_text(line: &Line) -> bool {
    !line.text.trim().is_empty()
}

/// The font size that most characters are set in (ties to the smaller size), 0 when
/// there is no text. Sizes are bucketed to half points so 11.98 and 12.02 agree.
pub(crate) fn body_size<'a>(lines: impl Iterator<Item = &'a Line>) -> f32 {
    let mut buckets: Vec<(i32, usize)> = Vec::new();
    for l in lines {
        if l.font_size <= 0.0 {
            continue;
        }
        let key = (l.font_size * 2.0).round() as i32;
        let n = l.text.chars().filter(|c| !c.is_whitespace()).count();
        match buckets.iter_mut().find(|(k, _)| *k == key) {
            Some((_, count)) => *count += n,
            None => buckets.push((key, n)),
        }
    }
    buckets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    buckets.first().map_or(0.0, |(k, _)| *k as f32 / 2.0)
}
