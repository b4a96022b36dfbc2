//! Grouping a slide's lines into blocks: bullets, paragraphs, captions, footers.
//!
//! A new block starts at a list marker, a caption prefix, a font-size change of more
//! than 15 %, a vertical gap of more than 0.7 of the font size or a line pitch (top to
//! top) over 1.45 font sizes (wrapped lines sit about 1.2 apart; paragraphs and list
//! items get extra space), a jump back up the page (a new column or text box), or a
//! change of left edge (more than 1.5 font sizes, unless the lines share a centre). A
//! bullet's wrapped lines hang to the right of its glyph.
//!
//! Bullet levels come from the glyphs' left edges clustered per list (the leftmost
//! cluster is level 1); a list restarts where the bullets jump up the slide or sideways
//! by a quarter of its width (a second column). When all bullets of a list share one
//! edge, a different glyph kind (• then –, 1. then a)) marks nesting in order of first
//! appearance. A slide without any list marker whose body is two or more short
//! paragraphs at two or more indentations is a list whose markers were drawn as shapes
//! (Google Slides): those paragraphs become bullets, levelled by indentation.

use deck_layout::{Line, Page, Rect};

use crate::geom::{PageGeom, has_text};
use crate::text::{Marker, join_lines, lone_glyph, split_marker};
use crate::title::FoundTitle;
use crate::{Block, BlockKind, Options};

struct Pending<'p> {
    marker: Option<Marker>,
    /// Left edge of the first line (the glyph for bullets).
    x0: f32,
    caption: bool,
    lines: Vec<&'p Line>,
    /// Text of each line, the first without its glyph.
    texts: Vec<&'p str>,
    first_index: usize,
}

impl<'p> Pending<'p> {
    fn accepts(&self, l: &Line) -> bool {
        let Some(prev) = self.lines.last() else { return false };
        let fs = prev.font_size.max(l.font_size).max(1.0);
        if (l.font_size - prev.font_size).abs() > fs * 0.15 {
            return false;
        }
        let gap = l.bbox.y0 - prev.bbox.y1;
        if gap > fs * 0.7 || gap < -fs * 0.3 || l.bbox.y0 - prev.bbox.y0 > fs * 1.45 {
            return false;
        }
        if self.marker.is_some() {
            return l.bbox.x0 > self.x0 + fs * 0.3 && l.bbox.x0 < self.x0 + fs * 4.0;
        }
        let first = self.lines[0];
        let left = (l.bbox.x0 - first.bbox.x0).abs() <= fs * 1.5;
        let centre =
            ((l.bbox.x0 + l.bbox.x1) - (first.bbox.x0 + first.bbox.x1)).abs() / 2.0 <= fs * 1.5;
        left || centre
    }
}

fn union(lines: &[&Line]) -> Rect {
    lines
        .iter()
        .skip(1)
        .fold(lines.first().map(|l| l.bbox).unwrap_or_default(), |r, l| r.union(&l.bbox))
}

fn raw_of(lines: &[&Line]) -> String {
    lines.iter().map(|l| l.raw_text()).collect::<Vec<_>>().join("\n")
}

/// The blocks of one slide: its title first, then the rest in reading order.
pub(crate) fn page_blocks(
    page: &Page,
    g: &PageGeom,
    footer: &[bool],
    title: Option<&FoundTitle>,
    options: &Options<'_>,
) -> Vec<Block> {
    let mut out: Vec<(usize, Block)> = Vec::new();
    if let Some(t) = title {
        let lines: Vec<&Line> = t.lines.iter().map(|&i| &page.lines[i]).collect();
        out.push((
            0,
            Block {
                kind: BlockKind::Title,
                text: join_lines(lines.iter().map(|l| l.text.as_str()), options),
                raw: raw_of(&lines),
                page: page.number,
                bbox: union(&lines),
                level: 0,
            },
        ));
    }
    if let Some(t) = title
        && !t.subtitle.is_empty()
    {
        let lines: Vec<&Line> = t.subtitle.iter().map(|&i| &page.lines[i]).collect();
        out.push((
            t.subtitle[0],
            Block {
                kind: BlockKind::Subtitle,
                text: join_lines(lines.iter().map(|l| l.text.as_str()), options),
                raw: raw_of(&lines),
                page: page.number,
                bbox: union(&lines),
                level: 0,
            },
        ));
    }
    let is_title =
        |i: usize| title.is_some_and(|t| t.lines.contains(&i) || t.subtitle.contains(&i));
    let markers = options.markers();

    let mut pending: Vec<Pending<'_>> = Vec::new();
    let mut open: Option<Pending<'_>> = None;
    let mut glyph: Option<(char, &Line)> = None;
    for (i, line) in page.lines.iter().enumerate() {
        if !has_text(line) || is_title(i) {
            continue;
        }
        if footer.get(i).copied().unwrap_or(false) {
            out.push((
                i,
                Block {
                    kind: BlockKind::Footer,
                    text: line.text.trim().to_owned(),
                    raw: line.raw_text().to_owned(),
                    page: page.number,
                    bbox: line.bbox,
                    level: 0,
                },
            ));
            continue;
        }
        // A bullet glyph set as its own text object (PowerPoint draws bullets apart from
        // the text) belongs to the next line when that line sits beside it.
        if let Some(c) = lone_glyph(&line.text) {
            glyph = Some((c, line));
            continue;
        }
        let mut marker = split_marker(&line.text);
        let mut glyph_line = None;
        if let Some((c, g)) = glyph.take()
            && marker.is_none()
            && ((g.bbox.y0 + g.bbox.y1) - (line.bbox.y0 + line.bbox.y1)).abs() / 2.0
                <= line.font_size.max(g.font_size)
            && g.bbox.x0 < line.bbox.x0
        {
            marker = Some((Marker::Glyph(c), line.text.as_str()));
            glyph_line = Some(g);
        }
        let caption = markers.is_caption(&line.text);
        if let Some(p) = open.as_mut()
            && marker.is_none()
            && !caption
            && p.accepts(line)
        {
            p.lines.push(line);
            p.texts.push(&line.text);
            continue;
        }
        if let Some(p) = open.take() {
            pending.push(p);
        }
        let (marker, text) = match marker {
            Some((m, rest)) => (Some(m), rest),
            None => (None, line.text.as_str()),
        };
        open = Some(Pending {
            marker,
            x0: glyph_line.map_or(line.bbox.x0, |g| g.bbox.x0),
            caption,
            lines: glyph_line.into_iter().chain([line]).collect(),
            texts: vec![text],
            first_index: i,
        });
    }
    pending.extend(open);

    infer_shape_markers(&mut pending, g);
    let levels = bullet_levels(&pending, g);
    for (p, level) in pending.iter().zip(levels) {
        let text = join_lines(p.texts.iter().copied(), options);
        let size = p.lines[0].font_size;
        let words = text.split_whitespace().count();
        let small = size > 0.0 && is_small(p, g) && words <= 30;
        let kind = if p.marker.is_some() {
            BlockKind::Bullet
        } else if p.caption || small {
            BlockKind::Caption
        } else {
            BlockKind::Paragraph
        };
        out.push((
            p.first_index,
            Block {
                kind,
                text,
                raw: raw_of(&p.lines),
                page: page.number,
                bbox: union(&p.lines),
                level: if kind == BlockKind::Bullet { level } else { 0 },
            },
        ));
    }
    // Title first (index 0 with a stable sort keeps it ahead of line 0's block), then
    // reading order.
    out.sort_by_key(|(i, b)| (b.kind != BlockKind::Title, b.kind != BlockKind::Subtitle, *i));
    out.into_iter().map(|(_, b)| b).collect()
}

fn marker_class(m: Marker) -> u8 {
    match m {
        Marker::Glyph(c) => match c {
            '•' | '●' | '■' | '\u{f0b7}' | '\u{f0a7}' | '▪' | '◆' | '♦' | '►' | '▶' | '➢' | '➤'
            | '✓' | '✔' => 0,
            '–' | '—' | '-' | '⁃' => 1,
            '◦' | '○' | '□' | '◇' | '▫' => 2,
            _ => 3,
        },
        Marker::Number => 4,
        Marker::Letter => 5,
        Marker::Shape => 6,
    }
}

/// Left-edge clusters: a new cluster starts more than `tol` right of the previous one.
fn clusters(mut edges: Vec<f32>, tol: f32) -> Vec<f32> {
    edges.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in edges {
        if out.last().is_none_or(|&c| x - c > tol) {
            out.push(x);
        }
    }
    out
}

fn is_small(p: &Pending<'_>, g: &PageGeom) -> bool {
    g.body_size > 0.0 && p.lines[0].font_size <= g.body_size * 0.75
}

/// Marks a slide's short body paragraphs as list items when the slide has no list
/// markers but its paragraphs sit at two or more indentations.
fn infer_shape_markers(pending: &mut [Pending<'_>], g: &PageGeom) {
    if pending.iter().any(|p| p.marker.is_some()) {
        return;
    }
    let body: Vec<usize> =
        (0..pending.len()).filter(|&i| !pending[i].caption && !is_small(&pending[i], g)).collect();
    if body.len() < 2 || body.iter().any(|&i| pending[i].lines.len() > 3) {
        return;
    }
    // One size family (no big figures beside body text) ...
    let sizes = body.iter().map(|&i| pending[i].lines[0].font_size);
    let (lo, hi) = sizes.fold((f32::MAX, 0.0f32), |(lo, hi), s| (lo.min(s), hi.max(s)));
    if hi > lo * 1.34 {
        return;
    }
    // ... real indentation (0.8 font sizes), not centred lines of different lengths ...
    let tol =
        body.iter().map(|&i| (pending[i].lines[0].font_size * 0.8).max(6.0)).fold(6.0, f32::max);
    let edges = clusters(body.iter().map(|&i| pending[i].x0).collect(), tol);
    if edges.len() < 2 {
        return;
    }
    // ... nested, not side by side (a table of contents' page numbers), with words ...
    let span = edges.last().copied().unwrap_or(0.0) - edges[0];
    if span > lo * 6.0
        || body.iter().any(|&i| {
            pending[i].texts.iter().flat_map(|t| t.chars()).filter(|c| c.is_alphabetic()).count()
                < 2
        })
    {
        return;
    }
    // ... and at least two items at the outer level.
    if body.iter().filter(|&&i| pending[i].x0 < edges[0] + tol).count() < 2 {
        return;
    }
    for i in body {
        pending[i].marker = Some(Marker::Shape);
    }
}

/// The list level of each pending block (0 for non-bullets).
fn bullet_levels(pending: &[Pending<'_>], g: &PageGeom) -> Vec<u8> {
    // Split the bullets into lists: a list restarts where the next bullet is higher up
    // the slide or far to the side (another column or text box).
    let mut lists: Vec<Vec<usize>> = Vec::new();
    let mut prev: Option<&Pending<'_>> = None;
    for (i, p) in pending.iter().enumerate() {
        if p.marker.is_none() {
            continue;
        }
        let fresh = prev.is_none_or(|q| {
            p.lines[0].bbox.y0 < q.lines[0].bbox.y0 - 1.0 || (p.x0 - q.x0).abs() > g.width * 0.25
        });
        if fresh {
            lists.push(Vec::new());
        }
        if let Some(list) = lists.last_mut() {
            list.push(i);
        }
        prev = Some(p);
    }
    let mut levels = vec![0u8; pending.len()];
    for list in lists {
        let tol = list
            .iter()
            .map(|&i| (pending[i].lines[0].font_size * 0.4).max(4.0))
            .fold(4.0, f32::max);
        let edges = clusters(list.iter().map(|&i| pending[i].x0).collect(), tol);
        let mut kinds: Vec<u8> = Vec::new();
        for &i in &list {
            if let Some(m) = pending[i].marker
                && !kinds.contains(&marker_class(m))
            {
                kinds.push(marker_class(m));
            }
        }
        for &i in &list {
            let Some(m) = pending[i].marker else { continue };
            let level = if edges.len() > 1 {
                edges.iter().rposition(|&c| pending[i].x0 >= c - tol).unwrap_or(0)
            } else {
                kinds.iter().position(|&k| k == marker_class(m)).unwrap_or(0)
            };
            levels[i] = u8::try_from(level + 1).unwrap_or(u8::MAX);
        }
    }
    levels
}
