//! Splitting a section into pieces of bounded size, for embedding pipelines.
//!
//! Pieces break at block boundaries: a bullet or paragraph that fits stays whole.
//! A block longer than the limit is split at sentence ends (`.`, `!`, `?` or `…`
//! followed by a space), a sentence longer than the limit at spaces, and a word longer
//! than the limit at a character boundary, so every piece fits. The first piece's text
//! starts with the section title, as the section's text does; the pieces' texts,
//! joined by `\n`, are the section's text.

use crate::{Block, BlockKind, Section};

/// One piece of a section.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// The piece: the section's kind, title and chapter; the pages, blocks and links it
    /// covers. A block split across pieces appears in each, with its part of the text
    /// (and the whole block's `raw`).
    pub section: Section,
    /// The piece's text, at most the limit's number of characters.
    pub text: String,
    /// 1-based position among the section's pieces.
    pub index: u32,
    /// How many pieces the section has.
    pub count: u32,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Sentences of a text: a break after `.`, `!`, `?` or `…` and a space, where the
/// next word starts with a capital, a digit-free quote or a bracket ("kr. 3,5" and
/// "f.eks. slik" stay whole).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        if c.is_whitespace()
            && matches!(prev, Some('.' | '!' | '?' | '…'))
            && next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '«' | '“' | '('))
        {
            let s = text[start..i].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i;
        }
        prev = Some(c);
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Packs `pieces` greedily, joined by single spaces, into texts of at most `max`
/// characters; a piece longer than `max` on its own is cut by `too_long`.
fn pack<'a>(
    pieces: impl IntoIterator<Item = &'a str>,
    max: usize,
    too_long: impl Fn(&str) -> Vec<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for piece in pieces {
        let sep = usize::from(!cur.is_empty());
        if chars(&cur) + sep + chars(piece) <= max {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(piece);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if chars(piece) <= max {
            cur.push_str(piece);
        } else {
            out.extend(too_long(piece));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Cuts a text that has no sentence end in reach into pieces of at most `max`
/// characters, at spaces where possible.
fn hard_split(text: &str, max: usize) -> Vec<String> {
    pack(text.split_whitespace(), max, |word| {
        word.chars().collect::<Vec<_>>().chunks(max).map(|c| c.iter().collect()).collect()
    })
}

/// A text as pieces of at most `max` characters, broken at sentence ends first.
fn split_text(text: &str, max: usize) -> Vec<String> {
    pack(sentences(text), max, |s| hard_split(s, max))
}

/// Splits a section into pieces whose text has at most `max_chars` characters
/// (at least 1). A section that fits is one piece.
pub fn chunk(section: &Section, max_chars: usize) -> Vec<Chunk> {
    let max = max_chars.max(1);
    let title_key = section.title.as_deref().map(crate::sections::title_key);
    // Each block with the text it adds (none for footers and repeated titles).
    let mut units: Vec<(Block, Option<String>)> = Vec::new();
    let mut title_pending = section.title.clone();
    for b in &section.blocks {
        let counts = match b.kind {
            BlockKind::Footer => false,
            BlockKind::Title => {
                title_key.as_deref() != Some(crate::sections::title_key(&b.text).as_str())
            }
            _ => true,
        };
        if !counts {
            units.push((b.clone(), None));
            continue;
        }
        for piece in split_text(&b.text, max) {
            units.push((Block { text: piece.clone(), ..b.clone() }, Some(piece)));
        }
    }

    let mut pieces: Vec<(Vec<Block>, String)> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut text = String::new();
    if let Some(t) = title_pending.take() {
        for p in split_text(&t, max) {
            if !text.is_empty() {
                pieces.push((Vec::new(), std::mem::take(&mut text)));
            }
            text = p;
        }
    }
    for (block, piece) in units {
        let Some(piece) = piece else {
            blocks.push(block);
            continue;
        };
        let sep = usize::from(!text.is_empty());
        if !text.is_empty() && chars(&text) + sep + chars(&piece) > max {
            pieces.push((std::mem::take(&mut blocks), std::mem::take(&mut text)));
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&piece);
        blocks.push(block);
    }
    if !blocks.is_empty() || !text.is_empty() || pieces.is_empty() {
        pieces.push((blocks, text));
    }
    // The first piece keeps the title block with the title text it starts with.
    if let Some(first) = pieces.first_mut()
        && section.title.is_some()
        && !first.0.iter().any(|b| b.kind == BlockKind::Title)
        && let Some(t) = section.blocks.iter().find(|b| b.kind == BlockKind::Title)
    {
        first.0.insert(0, t.clone());
    }

    let count = u32::try_from(pieces.len()).unwrap_or(u32::MAX);
    let mut chunks: Vec<Chunk> = pieces
        .into_iter()
        .enumerate()
        .map(|(i, (blocks, text))| {
            let mut pages: Vec<u32> = blocks.iter().map(|b| b.page).collect();
            pages.sort_unstable();
            pages.dedup();
            Chunk {
                section: Section { pages, blocks, links: Vec::new(), ..section.clone_head() },
                text,
                index: u32::try_from(i + 1).unwrap_or(u32::MAX),
                count,
            }
        })
        .collect();
    // Pages without blocks (picture-only pages) go with the piece holding the page
    // before them, else the first.
    for &page in &section.pages {
        if chunks.iter().any(|c| c.section.pages.contains(&page)) {
            continue;
        }
        let at =
            chunks.iter().rposition(|c| c.section.pages.iter().any(|&p| p < page)).unwrap_or(0);
        if let Some(c) = chunks.get_mut(at) {
            c.section.pages.push(page);
            c.section.pages.sort_unstable();
        }
    }
    // A link goes with the piece whose text shows it, else the first on its page.
    for link in &section.links {
        let shown = link.text.as_deref().and_then(|t| {
            chunks.iter().position(|c| c.section.pages.contains(&link.page) && c.text.contains(t))
        });
        let at = shown
            .or_else(|| chunks.iter().position(|c| c.section.pages.contains(&link.page)))
            .unwrap_or(0);
        if let Some(c) = chunks.get_mut(at) {
            c.section.links.push(link.clone());
        }
    }
    chunks
}

impl Section {
    /// The section's kind, title and chapter, without pages, blocks or links.
    fn clone_head(&self) -> Section {
        Section {
            kind: self.kind,
            title: self.title.clone(),
            chapter: self.chapter,
            ..Section::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_ends() {
        assert_eq!(sentences("Én. To! Tre? Fire"), vec!["Én.", "To!", "Tre?", "Fire"]);
        assert_eq!(
            sentences("Pris kr. 3,5 mill. f.eks. slik. Neste"),
            vec!["Pris kr. 3,5 mill. f.eks. slik.", "Neste"]
        );
    }

    #[test]
    fn every_piece_fits() {
        let long = "Ordet ".repeat(50) + &"x".repeat(30);
        for max in [5, 12, 40] {
            for p in split_text(&long, max) {
                assert!(chars(&p) <= max, "{p:?} > {max}");
            }
        }
        assert_eq!(split_text("Kort.", 100), vec!["Kort."]);
        // Nothing is lost or reordered when every word fits.
        let words: Vec<&str> = long.split_whitespace().collect();
        assert_eq!(split_text(&long, 40).join(" "), words.join(" "));
        // A word longer than the limit is cut, its letters kept in order.
        assert_eq!(hard_split("ab abcdefg", 3), vec!["ab", "abc", "def", "g"]);
    }
}
