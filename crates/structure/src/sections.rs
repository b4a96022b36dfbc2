//! One slide per page, chapters, and sections of slides.
//!
//! Each page becomes a [`Slide`]: its title, blocks, links and whether it holds text,
//! only pictures (an `image-only` page for OCR) or nothing. Divider slides (see
//! `dividers`) open chapters; every slide belongs to the chapter of the last divider
//! before it, a divider to its own, and slides before the first divider to none.
//!
//! Sections, in page order:
//! 1. A divider slide is a section of its own.
//! 2. A slide whose title, without continuation marks ("(forts.)", "(2)", "2/3",
//!    "(cont.)", "continued", "(framh.)", ...; see [`crate::Markers`]), and whose
//!    subtitle equal those of the previous section, in the same chapter, continues
//!    that section, up to about 4,000 characters; the slide after that opens a new
//!    section under the same title.
//! 3. Every other slide with text opens a section, titled or not: a section never
//!    runs on under a different title.
//! 4. A page without slide text (only pictures, or nothing) is listed in the pages
//!    of the section before it (the first section when it comes first) and adds no
//!    blocks.
//!
//! A section's title is its first slide's title without a part count ("Budsjett
//! (1/3)" → "Budsjett").

use deck_layout::Page;

use crate::geom::PageGeom;
use crate::title::FoundTitle;
use crate::{Block, BlockKind, Chapter, Link, Options, PageContent, Section, Slide, SlideKind};

/// A slide as found, with what divider detection needs to know about it.
pub(crate) struct Found {
    pub(crate) slide: Slide,
    /// The title's size and place on the page.
    pub(crate) title_geom: Option<TitleGeom>,
    /// A title and at most one short line besides (no list): the shape of a divider.
    pub(crate) divider_shaped: bool,
}

/// Where a slide's title sits and how large it is, relative to its page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TitleGeom {
    pub(crate) size: f32,
    pub(crate) middle: f32,
    pub(crate) centre_x: f32,
    pub(crate) left: f32,
}

impl Found {
    pub(crate) fn new(
        page: &Page,
        g: &PageGeom,
        title: Option<FoundTitle>,
        blocks: Vec<Block>,
        links: Vec<Link>,
        options: &Options<'_>,
    ) -> Self {
        let markers = options.markers();
        let slide_title =
            blocks.iter().find(|b| b.kind == BlockKind::Title).map(|b| b.text.clone());
        let credit = |b: &Block| b.kind == BlockKind::Caption && markers.is_caption(&b.text);
        let slide_text = blocks.iter().any(|b| b.kind != BlockKind::Footer && !credit(b));
        let any_text = blocks.iter().any(|b| b.kind != BlockKind::Footer);
        let content = if slide_text {
            PageContent::Text
        } else if !page.images.is_empty() {
            PageContent::ImageOnly
        } else if any_text {
            PageContent::Text
        } else {
            PageContent::NoText
        };
        let mut rest = blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Footer) && !credit(b));
        let extra = rest.next();
        let divider_shaped = slide_title.is_some()
            && rest.next().is_none()
            && extra.is_none_or(|b| {
                b.kind != BlockKind::Bullet && b.text.split_whitespace().count() <= 12
            });
        let title_geom = title.map(|t| TitleGeom {
            size: t.size,
            middle: (t.bbox.y0 + t.bbox.y1) / 2.0 / g.height,
            centre_x: (t.bbox.x0 + t.bbox.x1) / 2.0 / g.width,
            left: t.bbox.x0 / g.width,
        });
        Found {
            slide: Slide {
                page: page.number,
                kind: SlideKind::Content,
                title: slide_title,
                chapter: None,
                content,
                blocks,
                links,
            },
            title_geom,
            divider_shaped,
        }
    }
}

/// The slides with their chapters, and the chapters.
pub(crate) fn chapters(found: Vec<Found>) -> (Vec<Slide>, Vec<Chapter>) {
    let mut chapters: Vec<Chapter> = Vec::new();
    let slides = found
        .into_iter()
        .map(|f| {
            let mut slide = f.slide;
            if slide.kind == SlideKind::Divider
                && let Some(title) = &slide.title
            {
                let index = u32::try_from(chapters.len() + 1).unwrap_or(u32::MAX);
                chapters.push(Chapter { index, title: title.clone(), page: slide.page });
            }
            slide.chapter = chapters.last().map(|c| c.index);
            slide
        })
        .collect();
    (slides, chapters)
}

/// A title reduced for comparison: lower case, single spaces, continuation marks and
/// trailing punctuation removed.
pub(crate) fn title_key(title: &str) -> String {
    title_key_with(title, crate::Markers::builtin())
}

pub(crate) fn title_key_with(title: &str, markers: &crate::Markers) -> String {
    let mut t = title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    // A leading mark ("Forts.: Budsjett") says the same as a trailing one.
    if let Some(rest) = markers.strip_leading(&t) {
        t = rest.trim_start_matches([' ', ':', '-', '–']).to_owned();
    }
    loop {
        let trimmed = t.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ',' | '.' | '|')
        });
        match markers.strip_continued(trimmed) {
            Some(rest) if rest.len() < trimmed.len() => t = rest.to_owned(),
            _ => return trimmed.to_owned(),
        }
    }
}

pub(crate) fn is_fraction(s: &str) -> bool {
    s.split_once('/').is_some_and(|(a, b)| {
        let (a, b) = (a.trim(), b.trim());
        !a.is_empty()
            && !b.is_empty()
            && a.chars().all(|c| c.is_ascii_digit())
            && b.chars().all(|c| c.is_ascii_digit())
    })
}

/// A section title without a part count: "Budsjett (1/3)" and "Budsjett – 1/3" head
/// the section "Budsjett".
fn without_part_count(title: &str) -> String {
    let t = title.trim_end();
    let stripped = if let Some(r) = t.strip_suffix(')')
        && let Some(open) = r.rfind('(')
        && is_fraction(&r[open + 1..])
    {
        &r[..open]
    } else {
        let start = t.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        if start > 0 && is_fraction(&t[start..]) { &t[..start] } else { t }
    };
    let cleaned = stripped
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ','));
    if cleaned.is_empty() { title.to_owned() } else { cleaned.to_owned() }
}

/// A run of continued slides stops growing at about this many characters (some 1,000
/// tokens): a record that large is already hard to embed or show as a search hit, so
/// the next continued slide opens a new section under the same title.
const MAX_MERGED_CHARS: usize = 4000;

/// Groups slides into sections.
pub(crate) fn group(slides: &[Slide], markers: &crate::Markers) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current_key: Option<String> = None;
    // Pages without slide text that come before the first section.
    let mut waiting: Vec<&Slide> = Vec::new();
    for slide in slides {
        if slide.content != PageContent::Text {
            match sections.last_mut() {
                Some(s) => add_pages(s, slide),
                None => waiting.push(slide),
            }
            continue;
        }
        // Slides under one running title but with their own subtitles are separate
        // sections ("Software" / "Mersenne Twister", "Software" / "Xorshift").
        let subtitle = slide.blocks.iter().find(|b| b.kind == BlockKind::Subtitle);
        let key = slide.title.as_deref().map(|t| {
            let mut k = title_key_with(t, markers);
            if let Some(s) = subtitle {
                k.push('\n');
                k.push_str(&title_key_with(&s.text, markers));
            }
            k
        });
        let size: usize = slide.blocks.iter().map(|b| b.text.chars().count() + 1).sum();
        let continues = slide.kind == SlideKind::Content
            && key.is_some()
            && sections.last().is_some_and(|s| {
                s.kind == SlideKind::Content
                    && s.chapter == slide.chapter
                    && current_key == key
                    && s.blocks.iter().map(|b| b.text.chars().count() + 1).sum::<usize>() + size
                        <= MAX_MERGED_CHARS
            });
        if continues && let Some(s) = sections.last_mut() {
            s.pages.push(slide.page);
            s.blocks.extend(slide.blocks.iter().cloned());
            s.links.extend(slide.links.iter().cloned());
            continue;
        }
        current_key = key;
        let mut section = Section {
            kind: slide.kind,
            title: slide.title.as_deref().map(without_part_count),
            chapter: slide.chapter,
            pages: vec![slide.page],
            blocks: slide.blocks.clone(),
            links: slide.links.clone(),
        };
        if sections.is_empty() {
            for w in waiting.drain(..) {
                add_pages(&mut section, w);
            }
        }
        sections.push(section);
    }
    sections
}

/// Lists a page without slide text (and its credit lines and links) in a section.
fn add_pages(section: &mut Section, slide: &Slide) {
    section.pages.push(slide.page);
    section.pages.sort_unstable();
    section.blocks.extend(slide.blocks.iter().cloned());
    section.links.extend(slide.links.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::title_key;

    #[test]
    fn part_counts_leave_section_titles() {
        use super::without_part_count;
        assert_eq!(without_part_count("Budsjett (1/3)"), "Budsjett");
        assert_eq!(without_part_count("Budsjett – 1/3"), "Budsjett");
        assert_eq!(without_part_count("Mål 2030"), "Mål 2030");
        assert_eq!(without_part_count("1/3"), "1/3");
    }

    #[test]
    fn continued_titles() {
        for t in [
            "Budsjett (forts.)",
            "Budsjett (2)",
            "Budsjett 2/3",
            "Budsjett (2/3)",
            "Budsjett – forts.",
            "Budsjett (cont.)",
            "Budsjett, continued",
            "Budsjett (framh.)",
            "BUDSJETT (II)",
            "Budsjett forts",
        ] {
            assert_eq!(title_key(t), "budsjett", "{t}");
        }
        assert_eq!(title_key("Forts.: Budsjett"), "budsjett");
        assert_eq!(title_key("Mål 2030"), "mål 2030");
        assert_eq!(title_key("Fase 2"), "fase 2");
        assert_eq!(title_key("Fortsatt vekst"), "fortsatt vekst");
    }
}
