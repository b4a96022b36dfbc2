//! Finding a slide's title and subtitle.
//!
//! Only some lines can be a title: lines with words (big figures such as "78 %" never
//! compete), that are not list items (a bullet glyph first; numbering such as
//! "1. Training set" is allowed), code (markup such as `<style scoped>`, a line ending
//! in `{` or `;`; a monospaced font alone says nothing: some decks set everything,
//! titles included, in Consolas), credit lines, bare URLs, or the document's author.
//!
//! The title is the largest such text (within 8 % of the largest size), topmost first,
//! when
//! - it starts in the upper 45 % of the slide and is clearly larger (≥ 12 %) than the
//!   slide's body text, or is the only text, or
//! - the slide is sparse (at most four text lines: a cover or section divider) and the
//!   text is larger than the rest or stands alone, wherever it sits, or is all one
//!   text box set clearly larger (≥ 30 %) than the deck's body text, or
//! - the slide is the deck's first (its cover, often a title over a picture) and the
//!   text is clearly larger (≥ 20 %) than the cover's usual text, wherever it sits, or
//! - all text is one size and the topmost line is bold while most lines are not
//!   (Google Slides and Impress decks that set titles by weight).
//!
//! The title is then grown to its whole text box: lines of the same size and weight
//! that sit right under the last title line and overlap it (found geometrically, not
//! by reading order, so a small label drawn between them does not cut the title),
//! lines on the same baseline right beside it, a smaller line right below it when the
//! title line ends in a connector (a comma, "og", "vs."), and a smaller line right
//! above it when the title starts in lower case ("A guided tour of" / "the human
//! genome"). A lower-case line below is not joined: it is usually a subtitle
//! ("Kvantevandringer" / "over endelige grafer"). A group that is the document's author (a closing slide that repeats the
//! speaker's name) is not the title; the next candidate is tried.
//! Titles over 30 words are quotes or prose set large, not titles.
//!
//! A **subtitle** is the text block right under the title that belongs to it: smaller
//! than the title, at most 15 words on at most two lines, not a list item, credit,
//! sentence (a final period) or lead-in ending in a colon, and either
//! - bold over regular body text, and nearer to the title than to that body, or
//! - on a sparse slide (a cover or divider), aligned with the title and hugging it
//!   (within half its own size) while the next text is at least twice as far, or
//! - the only text under the title, aligned with it, and close
//!   (within 0.6 title sizes; within two when both are centred).

use deck_layout::{Line, Page, Rect};

use crate::Options;
use crate::geom::{PageGeom, has_text};
use crate::text::{Marker, split_marker};

/// A slide title: which lines (indices into `Page::lines`) and at what size.
#[derive(Debug, Clone)]
pub(crate) struct FoundTitle {
    /// The title's lines, in reading order of the box (top to bottom, left to right).
    pub(crate) lines: Vec<usize>,
    /// The anchor line's font size.
    pub(crate) size: f32,
    /// Union of the title lines' boxes.
    pub(crate) bbox: Rect,
    /// The subtitle's lines, when there is one.
    pub(crate) subtitle: Vec<usize>,
}

/// Whether the text reads as markup or code rather than words: `<style scoped>`,
/// `</div>`, `fn main() {`, `x = 1;`.
fn looks_like_code(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('<') && t.ends_with('>')) || t.ends_with('{') || t.ends_with(';')
}

/// A function call such as `aggregate(cf)`: code under a title, not a subtitle.
fn is_call(text: &str) -> bool {
    text.ends_with(')')
        && text.find('(').is_some_and(|i| {
            i > 0 && text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
}

fn is_url(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    !t.contains(' ')
        && (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
}

/// The words of a name, lower case, sorted: "Toth, Boriska" and "Boriska Toth" agree.
fn name_key(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words
}

/// Whether a text is the author's name: all of the name's words, and at most two
/// more (a middle name: "Henrik Eide" in the metadata, "Henrik Olsen Eide" on the
/// slide).
fn is_name(author: &[String], text: &str) -> bool {
    let words = name_key(text);
    words.len() <= author.len() + 2 && author.iter().all(|a| words.contains(a))
}

/// Words with at least two letters: a figure or a symbol is no title.
fn worded(l: &Line) -> bool {
    l.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

struct Ctx<'p> {
    page: &'p Page,
    g: &'p PageGeom,
    /// Non-footer lines with text.
    content: Vec<usize>,
    /// Lines that may be (part of) a title.
    eligible: Vec<bool>,
    author: Option<Vec<String>>,
    /// The font size most of the deck's text is set in.
    deck_body: f32,
}

impl Ctx<'_> {
    fn line(&self, i: usize) -> &Line {
        &self.page.lines[i]
    }
}

pub(crate) fn find_title(
    page: &Page,
    g: &PageGeom,
    footer: &[bool],
    author: Option<&str>,
    cover: bool,
    deck_body: f32,
    options: &Options<'_>,
) -> Option<FoundTitle> {
    let content: Vec<usize> = (0..page.lines.len())
        .filter(|&i| !footer.get(i).copied().unwrap_or(false) && has_text(&page.lines[i]))
        .collect();
    if content.is_empty() {
        return None;
    }
    let markers = options.markers();
    let author = author.map(name_key).filter(|k| k.len() >= 2);
    let eligible = page
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            content.contains(&i)
                && worded(l)
                && !matches!(split_marker(&l.text), Some((Marker::Glyph(_), _)))
                && crate::text::lone_glyph(&l.text).is_none()
                && !looks_like_code(&l.text)
                && !markers.is_caption(&l.text)
                && !is_url(&l.text)
        })
        .collect();
    let mut ctx = Ctx { page, g, content, eligible, author, deck_body };
    // A candidate that turns out to be the author's name is struck out and the next
    // one tried; a slide has only a few large groups, so three tries suffice.
    for _ in 0..3 {
        let found = choose(&ctx, cover)?;
        let text: Vec<&str> = found.lines.iter().map(|&i| ctx.line(i).text.as_str()).collect();
        if ctx.author.as_ref().is_some_and(|a| is_name(a, &text.join(" "))) {
            for &i in &found.lines {
                ctx.eligible[i] = false;
            }
            continue;
        }
        return Some(found);
    }
    None
}

fn choose(ctx: &Ctx<'_>, cover: bool) -> Option<FoundTitle> {
    let (page, g) = (ctx.page, ctx.g);
    let eligible: Vec<usize> = ctx.content.iter().copied().filter(|&i| ctx.eligible[i]).collect();
    let max_size = eligible.iter().map(|&i| ctx.line(i).font_size).fold(0.0, f32::max);
    let min_size = ctx.content.iter().map(|&i| ctx.line(i).font_size).fold(f32::MAX, f32::min);
    let body = crate::geom::body_size(ctx.content.iter().map(|&i| ctx.line(i)));
    let topmost = |set: &[usize], pred: &dyn Fn(&Line) -> bool| {
        set.iter()
            .copied()
            .filter(|&i| pred(ctx.line(i)))
            .min_by(|&a, &b| ctx.line(a).bbox.y0.total_cmp(&ctx.line(b).bbox.y0))
    };

    let anchor = topmost(&eligible, &|l: &Line| l.font_size >= max_size * 0.92)?;
    let a = ctx.line(anchor);
    // A list item of the title's size above it: the slide opens with its list (a
    // bullet working as a running header), and the text below is body, not a title.
    let opens_with_list = ctx.content.iter().any(|&i| {
        let l = ctx.line(i);
        l.font_size >= max_size * 0.92
            && l.bbox.y0 < a.bbox.y0
            && matches!(split_marker(&l.text), Some((Marker::Glyph(_), _)))
    });
    if opens_with_list {
        return None;
    }
    let larger = max_size >= body * 1.12;
    let upper = g.rel_top(a) <= 0.45;
    let n = ctx.content.len();
    let sparse = n <= 4;
    let cover_title = cover && max_size >= body * 1.2;

    // A slide whose only text is one box of large type (a divider title over three
    // lines): no smaller text to compare with, but large against the deck's body.
    let one_box = sparse
        && ctx.deck_body > 0.0
        && min_size >= ctx.deck_body * 1.3
        && ctx.content.iter().all(|&i| grow(ctx, anchor).contains(&i));
    let chosen = if (upper && (larger || n == 1))
        || (sparse && (max_size >= min_size * 1.12 || n <= 2))
        || cover_title
        || one_box
    {
        Some(anchor)
    } else if max_size < body * 1.12 {
        // One size throughout: a bold topmost line over mostly regular text.
        let top = topmost(&ctx.content, &|_| true)?;
        let bold = ctx.content.iter().filter(|&&i| ctx.line(i).bold).count();
        (ctx.eligible[top]
            && page.lines[top].bold
            && bold * 2 < n
            && g.rel_top(&page.lines[top]) <= 0.45)
            .then_some(top)
    } else {
        None
    }?;

    let lines = grow(ctx, chosen);
    let words: usize = lines.iter().map(|&i| ctx.line(i).text.split_whitespace().count()).sum();
    if words > 30 {
        return None;
    }
    let first = ctx.line(chosen);
    let bbox =
        lines.iter().skip(1).fold(ctx.line(lines[0]).bbox, |r, &i| r.union(&ctx.line(i).bbox));
    let subtitle = subtitle(ctx, &lines, first.font_size, bbox);
    Some(FoundTitle { size: first.font_size, bbox, lines, subtitle })
}

fn overlaps_x(a: &Rect, b: &Rect) -> bool {
    a.x0 < b.x1 && a.x1 > b.x0
}

/// Whether a title line runs on into the next one: a connector at its end.
fn runs_on(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with([',', '-', '–', '&', ':', '/', '+'])
        || t.rsplit(' ').next().is_some_and(|w| {
            matches!(w, "og" | "and" | "vs" | "vs." | "i" | "of" | "for" | "med" | "with" | "the")
        })
}

fn starts_lower(text: &str) -> bool {
    text.trim_start().chars().next().is_some_and(|c| c.is_lowercase() || matches!(c, ',' | '&'))
}

/// The title's whole text box, starting from its anchor line.
fn grow(ctx: &Ctx<'_>, anchor: usize) -> Vec<usize> {
    let first = ctx.line(anchor);
    let size = first.font_size.max(1.0);
    let mut lines = vec![anchor];
    let free = |i: usize, lines: &[usize]| ctx.eligible[i] && !lines.contains(&i);

    // Same baseline, right beside the title (a run in another font).
    let mut changed = true;
    while changed {
        changed = false;
        for &i in &ctx.content {
            if !free(i, &lines) {
                continue;
            }
            let l = ctx.line(i);
            let beside = lines.iter().any(|&j| {
                let t = ctx.line(j);
                let v = (l.bbox.y1.min(t.bbox.y1) - l.bbox.y0.max(t.bbox.y0))
                    / (l.bbox.height().min(t.bbox.height()).max(0.1));
                let h = (l.bbox.x0 - t.bbox.x1).max(t.bbox.x0 - l.bbox.x1);
                v >= 0.6 && h < size * 1.5 && l.font_size >= t.font_size * 0.6
            });
            if beside {
                lines.push(i);
                changed = true;
            }
        }
    }

    // Lines below: same size and weight, or a smaller run-on; found geometrically.
    loop {
        let bottom =
            lines.iter().map(|&j| ctx.line(j)).max_by(|a, b| a.bbox.y1.total_cmp(&b.bbox.y1));
        let Some(prev) = bottom else { break };
        let next = ctx
            .content
            .iter()
            .copied()
            .filter(|&i| free(i, &lines) && split_marker(&ctx.line(i).text).is_none())
            .filter(|&i| {
                let l = ctx.line(i);
                let gap = l.bbox.y0 - prev.bbox.y1;
                let close = gap < size * 0.8 && gap > -size * 0.5;
                let same = (l.font_size - first.font_size).abs() <= first.font_size * 0.08
                    && l.bold == first.bold;
                let run_on = l.font_size >= first.font_size * 0.6 && runs_on(&prev.text);
                close
                    && overlaps_x(&l.bbox, &prev.bbox)
                    && l.bbox.y0 > prev.bbox.y0
                    && (same || run_on)
            })
            .min_by(|&a, &b| ctx.line(a).bbox.y0.total_cmp(&ctx.line(b).bbox.y0));
        match next {
            Some(i) => lines.push(i),
            None => break,
        }
    }

    // A smaller lead-in right above, when the title starts in the middle of a phrase.
    if starts_lower(&first.text) {
        let above = ctx.content.iter().copied().filter(|&i| free(i, &lines)).find(|&i| {
            let l = ctx.line(i);
            let gap = first.bbox.y0 - l.bbox.y1;
            gap < size * 0.8
                && gap > -size * 0.5
                && overlaps_x(&l.bbox, &first.bbox)
                && l.font_size >= first.font_size * 0.5
        });
        lines.extend(above);
    }

    // Reading order of the box: rows top to bottom, a row left to right.
    lines.sort_by(|&a, &b| {
        let (la, lb) = (ctx.line(a), ctx.line(b));
        let same_row = (la.bbox.y0 - lb.bbox.y0).abs() < la.font_size.min(lb.font_size) * 0.5;
        if same_row { la.bbox.x0.total_cmp(&lb.bbox.x0) } else { la.bbox.y0.total_cmp(&lb.bbox.y0) }
    });
    lines
}

/// The subtitle lines under a title, when there is a subtitle.
fn subtitle(ctx: &Ctx<'_>, title: &[usize], title_size: f32, bbox: Rect) -> Vec<usize> {
    let below: Vec<usize> = {
        let mut v: Vec<usize> = ctx
            .content
            .iter()
            .copied()
            .filter(|&i| !title.contains(&i) && ctx.line(i).bbox.y0 >= bbox.y1 - title_size * 0.2)
            .collect();
        v.sort_by(|&a, &b| ctx.line(a).bbox.y0.total_cmp(&ctx.line(b).bbox.y0));
        v
    };
    let Some(&first) = below.first() else { return Vec::new() };
    let s = ctx.line(first);
    // The subtitle block: the first line and a wrapped second line of its size.
    let mut lines = vec![first];
    if let Some(&second) = below.get(1) {
        let l = ctx.line(second);
        let gap = l.bbox.y0 - s.bbox.y1;
        // Wrapped: close, or a little further when it goes on in lower case.
        let wrapped = gap < s.font_size * 0.8 || (gap < s.font_size * 1.2 && starts_lower(&l.text));
        if (l.font_size - s.font_size).abs() <= s.font_size * 0.08
            && l.bold == s.bold
            && wrapped
            && overlaps_x(&l.bbox, &s.bbox)
        {
            lines.push(second);
        }
    }
    let last = ctx.line(*lines.last().unwrap_or(&first));
    let words: usize = lines.iter().map(|&i| ctx.line(i).text.split_whitespace().count()).sum();
    let text = lines.iter().map(|&i| ctx.line(i).text.trim()).collect::<Vec<_>>().join(" ");
    if words > 15
        || s.font_size > title_size * 0.92
        || !lines.iter().all(|&i| ctx.eligible[i])
        || text.ends_with([':', '.'])
        || is_call(&text)
        || ctx.author.as_ref().is_some_and(|a| is_name(a, &text))
    {
        return Vec::new();
    }
    let gap = s.bbox.y0 - bbox.y1;
    if gap > title_size * 2.0 {
        return Vec::new();
    }
    let centre = |r: &Rect| (r.x0 + r.x1) / 2.0;
    let aligned = overlaps_x(&s.bbox, &bbox)
        && ((s.bbox.x0 - bbox.x0).abs() <= title_size
            || (centre(&s.bbox) - centre(&bbox)).abs() <= ctx.g.width * 0.05);
    let sparse = ctx.content.len() <= 6;
    let ok = match below.get(lines.len()) {
        // Nothing below: the lone line right under the title, not a sentence.
        // Nothing below: the lone line under the title, not a sentence; further down
        // only when both are centred (a divider's or cover's layout).
        None => {
            let centred = (centre(&s.bbox) - centre(&bbox)).abs() <= ctx.g.width * 0.05;
            aligned && (gap <= title_size * 0.6 || (centred && gap <= title_size * 2.0))
        }
        Some(&next) => {
            let n = ctx.line(next);
            let gap_next = n.bbox.y0 - last.bbox.y1;
            // A bold heading line over regular body text, nearer the title.
            let emphasised = s.bold && !n.bold && gap < gap_next;
            // On a cover or divider, a line hugging the title far from the rest.
            let hugging = sparse
                && aligned
                && gap <= s.font_size * 0.5
                && gap_next >= (gap * 2.0).max(s.font_size);
            emphasised || hugging
        }
    };
    if ok { lines } else { Vec::new() }
}
