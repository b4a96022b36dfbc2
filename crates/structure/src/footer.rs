//! Running headers, footers and page numbers.
//!
//! A line is a footer when
//! - it lies in the top band (bottom edge above 15 % of the page height) or the bottom
//!   band (top edge below 82 %), and
//! - its text with digit runs masked (so "3 / 20" and "4 / 20" agree) occurs in the
//!   same band on at least half of the slides (and at least two), or
//! - it is a bare page number ("7", "7 / 20", "Side 7", "Page 7 of 20") in either band
//!   or hugging the right edge low on the page.
//!
//! A line that is its slide's largest text, clearly larger than the body, is never a
//! repeated footer (a two-slide deck whose slides share one title keeps the titles),
//! nor is a line of more than 20 words or one that continues a text flow from outside
//! the band (similar size, overlapping, less than 0.6 font sizes apart).

use std::collections::HashMap;

use deck_layout::{Document, Line, Page};

use crate::geom::{PageGeom, has_text};

const TOP_BAND: f32 = 0.15;
const BOTTOM_BAND: f32 = 0.82;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Band {
    Top,
    Bottom,
}

fn band(line: &Line, g: &PageGeom) -> Option<Band> {
    if g.rel_bottom(line) <= TOP_BAND {
        Some(Band::Top)
    } else if g.rel_top(line) >= BOTTOM_BAND {
        Some(Band::Bottom)
    } else {
        None
    }
}

/// The text with whitespace collapsed, lower-cased, digit runs as `#`.
fn masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_digit = false;
    let mut prev_space = true;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !prev_digit {
                out.push('#');
            }
            prev_digit = true;
            prev_space = false;
            continue;
        }
        prev_digit = false;
        if c.is_whitespace() {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
        } else {
            out.extend(c.to_lowercase());
            prev_space = false;
        }
    }
    out.trim_end().to_owned()
}

/// Whether the text is only a page number, possibly with "of N" or a word for page.
pub(crate) fn is_page_number(text: &str) -> bool {
    let m = masked(text);
    let m = m.trim_matches(|c: char| c == '-' || c == '–' || c == ' ' || c == '|');
    let m = ["side ", "page ", "slide ", "lysbilde ", "s. ", "p. "]
        .iter()
        .find_map(|p| m.strip_prefix(p))
        .unwrap_or(m)
        .trim();
    matches!(m, "#" | "#/#" | "# / #" | "# av #" | "# of #" | "# (#)")
}

/// Lines that cannot be repeated footers: the slide's title-sized text, long lines,
/// and lines that are part of a text flow reaching outside the band (body text that
/// happens to repeat, as in documents that reuse paragraphs).
fn protected(line: &Line, page: &Page, g: &PageGeom, max_size: f32) -> bool {
    if line.font_size >= max_size * 0.98 && line.font_size >= g.body_size * 1.15 {
        return true;
    }
    if line.text.split_whitespace().count() > 20 {
        return true;
    }
    let own = band(line, g);
    let fs = line.font_size.max(1.0);
    page.lines.iter().any(|o| {
        !std::ptr::eq(o, line)
            && has_text(o)
            && band(o, g) != own
            && (o.font_size - line.font_size).abs() <= fs * 0.15
            && o.bbox.x0 < line.bbox.x1
            && o.bbox.x1 > line.bbox.x0
            && (o.bbox.y0 - line.bbox.y1).max(line.bbox.y0 - o.bbox.y1) < fs * 0.6
    })
}

/// For each page, for each line: is it a footer?
pub(crate) fn footer_mask(
    doc: &Document,
    geoms: &[PageGeom],
    options: &crate::Options<'_>,
) -> Vec<Vec<bool>> {
    let pages_with_text = doc.pages.iter().filter(|p| p.lines.iter().any(has_text)).count();
    let needed = pages_with_text.div_ceil(2).max(2);
    let pages: Vec<(&Page, &PageGeom)> = doc.pages.iter().zip(geoms).collect();

    // Per line, what it counts as when it may be a repeated footer: its masked text
    // and band. Once per page, as pool tasks when asked (`protected` compares a line
    // with every other line of its page).
    let keys: Vec<Vec<Option<(String, Band)>>> = crate::map_pages(options, &pages, |&(page, g)| {
        let max_size = page.lines.iter().map(|l| l.font_size).fold(0.0, f32::max);
        let key = |line: &Line| {
            let b = band(line, g).filter(|_| has_text(line))?;
            (!protected(line, page, g, max_size)).then(|| (masked(&line.text), b))
        };
        page.lines.iter().map(key).collect()
    });

    // Which pages does each key occur on? (last page counted, pages)
    let mut seen: HashMap<&(String, Band), (u32, usize)> = HashMap::new();
    for ((page, _), keys) in pages.iter().zip(&keys) {
        for key in keys.iter().flatten() {
            let (last, count) = seen.entry(key).or_insert((page.number, 0));
            if *count == 0 || *last != page.number {
                *last = page.number;
                *count += 1;
            }
        }
    }

    let each: Vec<_> = pages.iter().zip(&keys).collect();
    crate::map_pages(options, &each, |&(&(page, g), keys)| {
        let line_mask = |(line, key): (&Line, &Option<(String, Band)>)| {
            if !has_text(line) {
                return false;
            }
            if is_page_number(&line.text) {
                let low_right = g.rel_top(line) >= 0.7 && line.bbox.x0 >= g.width * 0.8;
                return band(line, g).is_some() || low_right;
            }
            key.as_ref().and_then(|k| seen.get(k)).is_some_and(|&(_, count)| count >= needed)
        };
        page.lines.iter().zip(keys).map(line_mask).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["7", "7 / 20", "Side 7", "Page 7 of 20", "– 7 –", "7/20", "12 av 30"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2024 budsjett", "Mål 2030", "7 punkter", ""] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
