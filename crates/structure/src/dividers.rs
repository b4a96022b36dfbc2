//! Which slides open a chapter.
//!
//! A divider is decided from the evidence a reader uses, never from one cue alone:
//!
//! - **Shape** (required): a title and at most one short line besides (no list, at
//!   most 12 words: a subtitle), the title not ending in a colon (an exercise prompt
//!   such as "Exercise 5:" introduces what follows on the same slide).
//! - **Place** (required): not the deck's first slide with text (that is its cover),
//!   and some slide comes after it that is not also a prominent title alone (a
//!   "Questions?" / "Thank you" pair at the end closes a deck, it opens nothing).
//!
//! and at least two of
//!
//! - **Prominence**: the title is set larger (by 15 %) or lower on the slide (its
//!   middle by 12 % of the page height) than the deck's usual titles; with fewer than
//!   two ordinary titled slides to compare, a title in the middle band (25–75 %).
//! - **Family**: another slide of that shape sets its title in the same frame (size
//!   within 20 %, middle within 8 % of the page height, and the same centre or left
//!   edge), and that frame is not the one of the deck's usual titles: decks give
//!   their dividers a layout of their own. Or a slide of that shape further away
//!   repeats the title (the agenda-position pattern: the same opener shown again with
//!   the next part highlighted).
//! - **Announced**: the title is announced elsewhere in the deck: a line of an agenda
//!   or cover list, a subtitle or a running header (Beamer's section navigation) says
//!   the same words (another slide's title does not count: a continued slide repeats
//!   its title), or begins with them, or the title begins with the
//!   line's words (two words at least; numbers and times such as "1." or
//!   "13.45 – 14.00" are ignored).
//!
//! So a big lone "BREAK" (prominent, but announced by nothing) and a run of
//! title-only "Exercise 4 review" placeholders in the normal title frame (a family,
//! but not prominent) stay content slides.

use crate::sections::{Found, TitleGeom};
use crate::{BlockKind, PageContent, SlideKind};

/// How much larger than usual a prominent title is.
const LARGER: f32 = 1.15;
/// How much lower than usual (fraction of the page height) a prominent title sits.
const LOWER: f32 = 0.12;

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// Words of a line for matching: lower case, numbers and times left out.
fn tokens(text: &str) -> Vec<String> {
    first_tokens(text, usize::MAX)
}

/// The first `n` of [`tokens`].
fn first_tokens(text: &str, n: usize) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .take(n)
        .map(str::to_lowercase)
        .collect()
}

/// The same words, or one begins with the other and they share two words or more.
fn announces(line: &[String], title: &[String]) -> bool {
    if line.is_empty() || title.is_empty() {
        return false;
    }
    if line == title {
        return true;
    }
    let (short, long) = if line.len() < title.len() { (line, title) } else { (title, line) };
    short.len() >= 2 && long.starts_with(short)
}

fn same_frame(a: &TitleGeom, b: &TitleGeom) -> bool {
    let ratio = a.size.min(b.size) / a.size.max(b.size).max(f32::MIN_POSITIVE);
    ratio >= 0.8
        && (a.middle - b.middle).abs() <= 0.08
        && ((a.centre_x - b.centre_x).abs() <= 0.06 || (a.left - b.left).abs() <= 0.03)
}

/// The kind of every slide.
pub(crate) fn detect(found: &[Found]) -> Vec<SlideKind> {
    let text = |f: &Found| f.slide.content == PageContent::Text;
    let first_text = found.iter().position(text);
    let shaped: Vec<bool> = found
        .iter()
        .map(|f| {
            text(f)
                && f.divider_shaped
                && f.title_geom.is_some()
                && f.slide.title.as_deref().is_some_and(|t| !t.trim_end().ends_with(':'))
        })
        .collect();

    let usual: Vec<&TitleGeom> = found
        .iter()
        .zip(&shaped)
        .filter(|(f, s)| text(f) && !**s && !f.divider_shaped)
        .filter_map(|(f, _)| f.title_geom.as_ref())
        .collect();
    let usual_size = median(usual.iter().map(|g| g.size).collect());
    let usual_middle = median(usual.iter().map(|g| g.middle).collect());
    let prominent = |g: &TitleGeom| match (usual_size, usual_middle) {
        (Some(size), Some(middle)) if usual.len() >= 2 => {
            g.size >= size * LARGER || g.middle >= middle + LOWER
        }
        _ => (0.25..=0.75).contains(&g.middle),
    };

    // The usual title frame: a shared frame is evidence only when it is not this one.
    let usual_frame = match (usual_size, usual_middle) {
        (Some(size), Some(middle)) if usual.len() >= 2 => Some(TitleGeom {
            size,
            middle,
            centre_x: median(usual.iter().map(|g| g.centre_x).collect()).unwrap_or(0.5),
            left: median(usual.iter().map(|g| g.left).collect()).unwrap_or(0.0),
        }),
        _ => None,
    };

    // Each title once: a divider candidate compares its title with every other
    // candidate's (only theirs are ever read).
    let titles: Vec<Vec<String>> = found
        .iter()
        .zip(&shaped)
        .map(|(f, &s)| if s { tokens(f.slide.title.as_deref().unwrap_or("")) } else { Vec::new() })
        .collect();

    // Lines that can announce a title: every block but titles (a continued slide
    // repeats its title; that announces nothing). Tokenised only when some slide's
    // kind depends on them, and only as far as `announces` can look: one word beyond
    // the longest title tells a longer line from an equal one.
    let reach = titles.iter().map(Vec::len).max().unwrap_or(0).saturating_add(1);
    let lines = std::cell::OnceCell::new();
    let lines = || {
        lines.get_or_init(|| {
            found
                .iter()
                .enumerate()
                .flat_map(|(i, f)| {
                    f.slide
                        .blocks
                        .iter()
                        .filter(|b| b.kind != BlockKind::Title)
                        .map(move |b| (i, first_tokens(&b.text, reach)))
                })
                .collect::<Vec<(usize, Vec<String>)>>()
        })
    };

    (0..found.len())
        .map(|i| {
            let f = &found[i];
            let Some(g) = f.title_geom.as_ref() else { return SlideKind::Content };
            if !shaped[i] || Some(i) == first_text {
                return SlideKind::Content;
            }
            let standout =
                |j: usize| shaped[j] && found[j].title_geom.as_ref().is_some_and(&prominent);
            if !(i + 1..found.len()).any(|j| text(&found[j]) && !standout(j)) {
                return SlideKind::Content;
            }
            let own_frame = usual_frame.as_ref().is_none_or(|u| !same_frame(g, u));
            let family = own_frame
                && (0..found.len()).any(|j| {
                    j != i
                        && shaped[j]
                        && found[j].title_geom.as_ref().is_some_and(|h| same_frame(g, h))
                });
            let title = &titles[i];
            let repeated = !title.is_empty()
                && (0..found.len()).any(|j| j.abs_diff(i) > 1 && shaped[j] && titles[j] == *title);
            // Two kinds of evidence are needed; the third decides only when one is there.
            let evidence = usize::from(prominent(g)) + usize::from(family || repeated);
            let announced = || lines().iter().any(|(j, l)| *j != i && announces(l, title));
            if evidence >= 2 || (evidence == 1 && announced()) {
                SlideKind::Divider
            } else {
                SlideKind::Content
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        tokens(s)
    }

    #[test]
    fn announcements() {
        assert!(announces(&t("13.45 – 14.00 Oppsummering"), &t("Oppsummering")));
        assert!(announces(
            &t("13.15 – 13.30 Logging og kvalitetsindikatorer for imputering"),
            &t("Logging og kvalitetsindikatorer")
        ));
        assert!(announces(&t("1. A guided tour of the genome"), &t("A guided tour of the genome")));
        assert!(!announces(&t("---short break---"), &t("BREAK")));
        assert!(!announces(&t("Oppsummering av dagen"), &t("Oppsummering")));
        assert!(!announces(&t(""), &t("Oppsummering")));
    }

    /// A line cut one word beyond the title announces it exactly when the whole line does.
    #[test]
    fn a_line_cut_past_the_title_announces_as_the_whole() {
        let lines = [
            "A guided tour of the genome and more besides",
            "A guided tour",
            "A guided tour of the genome",
            "Guided tour of the genome",
            "1. A guided",
            "",
        ];
        for title in ["A guided tour of the genome", "A guided tour", "Tour"] {
            let title = t(title);
            for line in lines {
                let cut = first_tokens(line, title.len() + 1);
                assert_eq!(announces(&cut, &title), announces(&t(line), &title), "{line}");
            }
        }
    }
}
