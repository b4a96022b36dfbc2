//! Grouping slides into sections.
//!
//! Rules, in order, for each slide after the first:
//! 1. A section divider opens a section that takes every following slide up to the
//!    next divider. A divider has a title and at most one short subtitle (no list, at
//!    most 12 words), its title set lower on the slide (by 12 % of its height) or
//!    larger (by 15 %) than the deck's usual titles (with fewer than two ordinary
//!    titled slides to compare: a title in the middle band, 25–70 % down). The first
//!    slide counts as a divider only when another slide is one (a deck opening with
//!    "Part 1"); otherwise it is the cover and stands alone.
//! 2. Otherwise a slide whose title, without continuation marks ("(forts.)", "(2)",
//!    "2/3", "(cont.)", "continued", "(framh.)", ...), equals the current section's
//!    title continues the section.
//! 3. A slide with another title opens a section.
//! 4. A slide without a title joins the section before it (a picture or table slide
//!    continuing its topic); in a deck without any titles each slide is a section.
//!
//! Slides without any text are left out of every section. A section's title is its
//! first slide's title without a part count ("Budsjett (1/3)" → "Budsjett").

use crate::geom::PageGeom;
use crate::title::FoundTitle;
use crate::{Block, BlockKind, Section};

/// One slide, structured.
pub(crate) struct Slide {
    number: u32,
    pub(crate) title: Option<String>,
    title_size: f32,
    title_top: f32,
    blocks: Vec<Block>,
}

impl Slide {
    pub(crate) fn new(
        number: u32,
        _g: &PageGeom,
        found: Option<FoundTitle>,
        blocks: Vec<Block>,
    ) -> Self {
        let title = blocks.iter().find(|b| b.kind == BlockKind::Title).map(|b| b.text.clone());
        let (title_size, title_top) = found.map_or((0.0, 0.0), |f| (f.size, f.rel_top));
        Slide { number, title, title_size, title_top, blocks }
    }

    /// Whether the slide has any text that is not a footer.
    pub(crate) fn has_content(&self) -> bool {
        self.blocks.iter().any(|b| b.kind != BlockKind::Footer)
    }

    /// A title, and at most one short subtitle.
    fn divider_shaped(&self) -> bool {
        let mut rest =
            self.blocks.iter().filter(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Footer));
        let subtitle = rest.next();
        self.title.is_some()
            && rest.next().is_none()
            && subtitle.is_none_or(|b| {
                b.kind != BlockKind::Bullet && b.text.split_whitespace().count() <= 12
            })
    }
}

/// Continuation marks, lower case, as they end a title.
const CONTINUED: &[&str] = &[
    "(forts.)",
    "(forts)",
    "forts.",
    "forts",
    "(fortsettelse)",
    "fortsettelse",
    "(fortsatt)",
    "fortsatt",
    "(fortsetjing)",
    "fortsetjing",
    "(framh.)",
    "(framh)",
    "framh.",
    "(framhald)",
    "framhald",
    "(cont.)",
    "(cont)",
    "(cont'd)",
    "(cont’d)",
    "cont.",
    "cont'd",
    "cont’d",
    "(continued)",
    "continued",
    "(ctd.)",
    "ctd.",
];

/// Strips one trailing continuation mark: a listed word, "(2)", "(ii)", "2/3" or "(2/3)".
fn strip_continued(t: &str) -> Option<&str> {
    for c in CONTINUED {
        if let Some(rest) = t.strip_suffix(c)
            && (rest.is_empty() || rest.ends_with(|ch: char| !ch.is_alphanumeric()))
        {
            return Some(rest);
        }
    }
    let (rest, inner) = match t.strip_suffix(')') {
        Some(r) => {
            let open = r.rfind('(')?;
            (&r[..open], &r[open + 1..])
        }
        None => {
            // A bare "2/3" (not "2030" or "Mål 2"): only a fraction counts.
            let start = t.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
            let tail = &t[start..];
            if !tail.contains('/') {
                return None;
            }
            (&t[..start], tail)
        }
    };
    let inner = inner.trim();
    let fraction = inner.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && a.trim().chars().all(|c| c.is_ascii_digit())
            && b.trim().chars().all(|c| c.is_ascii_digit())
    });
    let number = !inner.is_empty() && inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_digit());
    let roman = !inner.is_empty()
        && inner.len() <= 4
        && inner.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    (fraction || number || roman).then_some(rest)
}

/// A title reduced for comparison: lower case, single spaces, continuation marks and
/// trailing punctuation removed.
pub(crate) fn title_key(title: &str) -> String {
    let mut t = title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    // A leading mark ("Forts.: Budsjett") says the same as a trailing one.
    for lead in [
        "(forts.)", "forts.:", "forts.", "forts:", "(framh.)", "framh.:", "framh.", "(cont.)",
        "cont.:", "cont.",
    ] {
        if let Some(rest) = t.strip_prefix(lead) {
            t = rest.trim_start_matches([' ', ':', '-', '–']).to_owned();
            break;
        }
    }
    loop {
        let trimmed = t.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ',' | '.' | '|')
        });
        let next = match strip_continued(trimmed) {
            Some(rest) => rest.to_owned(),
            None => {
                let done = trimmed.to_owned();
                return done;
            }
        };
        t = next;
    }
}

fn is_fraction(s: &str) -> bool {
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

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

fn dividers(slides: &[&Slide]) -> Vec<bool> {
    let titled: Vec<&&Slide> =
        slides.iter().filter(|s| s.title.is_some() && !s.divider_shaped()).collect();
    let usual_top = median(titled.iter().map(|s| s.title_top).collect());
    let usual_size = median(titled.iter().map(|s| s.title_size).collect());
    let mut out: Vec<bool> = slides
        .iter()
        .map(|s| {
            if !s.divider_shaped() {
                return false;
            }
            match (usual_top, usual_size) {
                (Some(top), Some(size)) if titled.len() >= 2 => {
                    s.title_top > top + 0.12 || s.title_size > size * 1.15
                }
                _ => (0.25..=0.7).contains(&s.title_top),
            }
        })
        .collect();
    // A cover looks like a divider; it is one only in a deck of dividers.
    if !out.iter().skip(1).any(|&d| d)
        && let Some(first) = out.first_mut()
    {
        *first = false;
    }
    out
}

/// Groups slides into sections.
pub(crate) fn group(slides: Vec<Slide>) -> Vec<Section> {
    let slides: Vec<Slide> = slides.into_iter().filter(Slide::has_content).collect();
    let any_title = slides.iter().any(|s| s.title.is_some());
    let refs: Vec<&Slide> = slides.iter().collect();
    let divider = dividers(&refs);

    let mut sections: Vec<Section> = Vec::new();
    let mut in_divider = false;
    let mut current_key: Option<String> = None;
    for (slide, is_divider) in slides.into_iter().zip(divider) {
        let key = slide.title.as_deref().map(title_key);
        let continues = match (&key, sections.last()) {
            (_, None) => false,
            _ if is_divider => false,
            _ if in_divider => true,
            (None, Some(_)) => any_title,
            (Some(k), Some(_)) => current_key.as_ref() == Some(k),
        };
        if continues && let Some(s) = sections.last_mut() {
            s.pages.push(slide.number);
            s.blocks.extend(slide.blocks);
            if s.title.is_none() && slide.title.is_some() {
                s.title = slide.title.as_deref().map(without_part_count);
                current_key = key;
            }
            continue;
        }
        in_divider |= is_divider;
        current_key = key;
        sections.push(Section {
            title: slide.title.as_deref().map(without_part_count),
            pages: vec![slide.number],
            blocks: slide.blocks,
        });
    }
    sections
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
