//! Finding a slide's title.
//!
//! The title is the slide's largest text (within 8 % of the largest size), topmost
//! first, when
//! - it starts in the upper 45 % of the slide and is clearly larger (≥ 12 %) than the
//!   slide's body text, or is the only text, or
//! - the slide is sparse (at most four text lines: a cover or section divider) and the
//!   text is larger than the rest or stands alone, wherever it sits, or
//! - all text is one size and the topmost line is bold while most lines are not
//!   (Google Slides and Impress decks that set titles by weight).
//!
//! Following lines in reading order of the same size, vertically close and
//! overlapping horizontally are the title's continuation (multi-line titles).
//! Titles over 30 words are quotes or prose set large, not titles; lines with fewer
//! than two letters (big figures such as "78 %") never compete.

use deck_layout::{Line, Page};

use crate::geom::{PageGeom, has_text};

/// A slide title: which lines (indices into `Page::lines`) and at what size.
#[derive(Debug, Clone)]
pub(crate) struct FoundTitle {
    pub(crate) lines: Vec<usize>,
    pub(crate) size: f32,
    /// Top of the title as a fraction of the page height.
    pub(crate) rel_top: f32,
}

pub(crate) fn find_title(page: &Page, g: &PageGeom, footer: &[bool]) -> Option<FoundTitle> {
    let content: Vec<(usize, &Line)> = page
        .lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !footer.get(*i).copied().unwrap_or(false) && has_text(l))
        .collect();
    if content.is_empty() {
        return None;
    }
    // Big numbers ("78 %") and symbols are figures, not titles: only lines with words
    // compete for the title's size.
    let worded = |l: &Line| l.text.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let max_size =
        content.iter().filter(|(_, l)| worded(l)).map(|(_, l)| l.font_size).fold(0.0, f32::max);
    let min_size = content.iter().map(|(_, l)| l.font_size).fold(f32::MAX, f32::min);
    let body = crate::geom::body_size(content.iter().map(|(_, l)| *l));
    let top_of = |pred: &dyn Fn(&Line) -> bool| {
        content
            .iter()
            .filter(|(_, l)| pred(l))
            .min_by(|a, b| a.1.bbox.y0.total_cmp(&b.1.bbox.y0))
            .map(|(i, _)| *i)
    };

    let anchor = top_of(&|l: &Line| l.font_size >= max_size * 0.92 && worded(l))?;
    let a = &page.lines[anchor];
    let larger = max_size >= body * 1.12;
    let upper = g.rel_top(a) <= 0.45;
    let sparse = content.len() <= 4;

    let chosen = if (upper && (larger || content.len() == 1))
        || (sparse && (max_size >= min_size * 1.12 || content.len() <= 2))
    {
        Some(anchor)
    } else if max_size < body * 1.12 {
        // One size throughout: a bold topmost line over mostly regular text.
        let top = top_of(&|_| true)?;
        let bold = content.iter().filter(|(_, l)| l.bold).count();
        (page.lines[top].bold && bold * 2 < content.len() && g.rel_top(&page.lines[top]) <= 0.45)
            .then_some(top)
    } else {
        None
    }?;

    let first = &page.lines[chosen];
    let mut lines = vec![chosen];
    let mut prev = first;
    for (i, l) in page.lines.iter().enumerate().skip(chosen + 1) {
        if footer.get(i).copied().unwrap_or(false) || !has_text(l) {
            continue;
        }
        let same_size = (l.font_size - first.font_size).abs() <= first.font_size * 0.08;
        let gap = l.bbox.y0 - prev.bbox.y1;
        let close = gap < first.font_size * 0.8 && gap > -first.font_size * 0.5;
        let overlaps = l.bbox.x0 < prev.bbox.x1 && l.bbox.x1 > prev.bbox.x0;
        if same_size
            && close
            && overlaps
            && l.bold == first.bold
            && crate::text::split_marker(&l.text).is_none()
        {
            lines.push(i);
            prev = l;
        } else {
            break;
        }
    }
    let words: usize = lines.iter().map(|&i| page.lines[i].text.split_whitespace().count()).sum();
    let has_letter = lines.iter().any(|&i| page.lines[i].text.chars().any(char::is_alphabetic));
    if words > 30 || !has_letter {
        return None;
    }
    Some(FoundTitle { lines, size: first.font_size, rel_top: g.rel_top(first) })
}
