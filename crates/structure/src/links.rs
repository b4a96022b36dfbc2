//! A slide's links: URI link annotations, and URLs written in its text.
//!
//! An annotation's text is the text of the lines under its rectangle (at least half
//! of a line's height inside it), without a leading bullet glyph. A URL in the text starts with `http://`, `https://`
//! or `www.` and runs to the next space; trailing punctuation and an unmatched closing
//! bracket are not part of it. A URL that an annotation on the same page already
//! gives is not listed twice.

use std::sync::OnceLock;

use deck_layout::{Page, Rect};

use crate::{Block, Link};

fn url_pattern() -> &'static regex::Regex {
    static URL: OnceLock<regex::Regex> = OnceLock::new();
    URL.get_or_init(|| {
        // A fixed, tested pattern: compiling it cannot fail.
        regex::Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'`{}|\\^\[\]]+"#)
            .unwrap_or_else(|_| unreachable!())
    })
}

/// Compiles the URL pattern (see [`crate::prepare`]).
pub(crate) fn prepare() {
    url_pattern();
}

/// The URLs written in a text, as (url to follow, text as written).
pub(crate) fn urls_in(text: &str) -> Vec<(String, String)> {
    url_pattern()
        .find_iter(text)
        .filter_map(|m| {
            let mut s = m.as_str();
            loop {
                let trimmed =
                    s.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '»', '”']);
                let trimmed = if trimmed.ends_with(')')
                    && trimmed.matches('(').count() < trimmed.matches(')').count()
                {
                    &trimmed[..trimmed.len() - 1]
                } else {
                    trimmed
                };
                if trimmed.len() == s.len() {
                    break;
                }
                s = trimmed;
            }
            let bare = s.strip_prefix("www.").or_else(|| s.strip_prefix("WWW.")).is_some();
            let host = if bare { s } else { s.split_once("://").map_or("", |(_, h)| h) };
            // "www." alone, or a scheme with nothing after it, is no address.
            if host.trim_start_matches("www.").trim_start_matches("WWW.").is_empty() {
                return None;
            }
            let url = if bare { format!("http://{s}") } else { s.to_owned() };
            Some((url, s.to_owned()))
        })
        .collect()
}

fn same_url(a: &str, b: &str) -> bool {
    let norm = |u: &str| {
        let u = u.trim_end_matches('/').to_lowercase();
        u.strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))
            .map(str::to_owned)
            .unwrap_or(u)
    };
    norm(a) == norm(b)
}

fn covered(line: &Rect, rect: &Rect) -> bool {
    let v = line.y1.min(rect.y1) - line.y0.max(rect.y0);
    let h = line.x1.min(rect.x1) - line.x0.max(rect.x0);
    v >= line.height().max(0.1) * 0.5 && h > 0.0
}

/// The links of one page: annotations in `/Annots` order, then URLs in the text in
/// reading order.
pub(crate) fn page_links(page: &Page, blocks: &[Block]) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    for link in page.links.iter().take(1000) {
        let text: Vec<&str> = page
            .lines
            .iter()
            .filter(|l| covered(&l.bbox, &link.bbox) && !l.text.trim().is_empty())
            .map(|l| match crate::text::split_marker(&l.text) {
                // A bullet glyph drawn in the same line is no part of the linked words.
                Some((crate::text::Marker::Glyph(_), rest)) => rest.trim(),
                _ => l.text.trim(),
            })
            .collect();
        let text = (!text.is_empty()).then(|| text.join(" "));
        if out.iter().any(|o| o.url == link.url && o.text == text) {
            continue;
        }
        out.push(Link { page: page.number, url: link.url.clone(), text });
    }
    for b in blocks {
        for (url, written) in urls_in(&b.text) {
            if out.iter().any(|o| same_url(&o.url, &url)) {
                continue;
            }
            out.push(Link { page: page.number, url, text: Some(written) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_text() {
        let got = urls_in(
            "Se https://www.regjeringen.no/no/dep/kdd/. Eller www.ssb.no, og (https://a.no/x)",
        );
        assert_eq!(
            got,
            vec![
                (
                    "https://www.regjeringen.no/no/dep/kdd/".to_owned(),
                    "https://www.regjeringen.no/no/dep/kdd/".to_owned()
                ),
                ("http://www.ssb.no".to_owned(), "www.ssb.no".to_owned()),
                ("https://a.no/x".to_owned(), "https://a.no/x".to_owned()),
            ]
        );
        assert!(urls_in("www. og https:// er ingen adresser").is_empty());
        assert_eq!(
            urls_in("https://en.wikipedia.org/wiki/Rust_(language)")[0].0,
            "https://en.wikipedia.org/wiki/Rust_(language)"
        );
    }

    #[test]
    fn same_url_ignores_scheme_and_slash() {
        assert!(same_url("http://ssb.no/", "https://SSB.no"));
        assert!(!same_url("https://ssb.no/a", "https://ssb.no/b"));
    }
}
