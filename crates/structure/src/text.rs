//! Text-level helpers: joining wrapped lines, list markers, caption prefixes.

use crate::Options;

/// Joins wrapped lines with spaces. A line ending in a hyphen after a letter, followed
/// by a line starting with a lower-case letter, is joined without the hyphen only when
/// the lexicon knows the joined word; otherwise the hyphen stays, followed by a space
/// when the next word is a conjunction ("helse- og omsorg") and glued otherwise
/// ("e-" + "post" → "e-post").
pub(crate) fn join_lines<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    options: &Options<'_>,
) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if let Some(glue) = hyphen_glue(&out, line, options) {
            match glue {
                Glue::Drop => {
                    out.pop();
                }
                Glue::Keep => {}
                Glue::KeepSpaced => out.push(' '),
            }
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(line);
        }
    }
    out
}

enum Glue {
    /// Remove the hyphen, join directly.
    Drop,
    /// Keep the hyphen, join directly.
    Keep,
    /// Keep the hyphen and a space (a suspended compound: "helse- og").
    KeepSpaced,
}

fn hyphen_glue(prev: &str, next: &str, options: &Options<'_>) -> Option<Glue> {
    let stem = prev.strip_suffix('-').or_else(|| prev.strip_suffix('\u{ad}'))?;
    if !stem.chars().last().is_some_and(char::is_alphabetic) {
        return None;
    }
    let first_next = next.split_whitespace().next().unwrap_or("");
    if !first_next.chars().next().is_some_and(char::is_lowercase) {
        // "Trøndelag -" + "Nord" and list-like dashes: ordinary join, but a soft hyphen
        // never survives.
        return prev.ends_with('\u{ad}').then_some(Glue::Drop);
    }
    let next_word: String = first_next.chars().take_while(|c| c.is_alphanumeric()).collect();
    if deck_lang::is_ellipsis_conjunction(&next_word) {
        return Some(Glue::KeepSpaced);
    }
    let last_word: String = {
        let rev: Vec<char> = stem.chars().rev().take_while(|c| c.is_alphanumeric()).collect();
        rev.into_iter().rev().collect()
    };
    let joined = format!("{last_word}{next_word}");
    let known = options.is_word.is_some_and(|f| f(&joined) || f(&joined.to_lowercase()));
    if known || prev.ends_with('\u{ad}') { Some(Glue::Drop) } else { Some(Glue::Keep) }
}

/// A list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// A bullet glyph; the `char` tells which, so mixed glyphs can hint at nesting.
    Glyph(char),
    /// "1." or "1)".
    Number,
    /// "a)" or "a." (single letter).
    Letter,
    /// No marker in the text; the list is inferred from indentation (markers drawn as
    /// shapes).
    Shape,
}

/// Bullet glyphs seen in slide PDFs, including the private-use code points that
/// Symbol/Wingdings bullets map to when a font lacks a proper ToUnicode entry.
const GLYPHS: &[char] = &[
    '•', '◦', '▪', '▫', '‣', '⁃', '∙', '·', '●', '○', '■', '□', '◆', '◇', '♦', '►', '▶', '▸', '➢',
    '➤', '✓', '✔', '→', '–', '—', '-', '*', '\u{f0b7}', '\u{f0a7}', '\u{f0d8}', '\u{f076}',
    '\u{f0fc}', '\u{f0a8}', '\u{f06e}', '\u{f071}',
];

/// The bullet glyph when a line is nothing but one.
pub(crate) fn lone_glyph(line: &str) -> Option<char> {
    let mut cs = line.trim().chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) if GLYPHS.contains(&c) => Some(c),
        _ => None,
    }
}

/// Splits a list marker off a line: (marker, text after it). Dashes and `*` only count
/// when followed by a space, numbering only up to two digits (so "2024. " is no item)
/// and when followed by a space.
pub(crate) fn split_marker(line: &str) -> Option<(Marker, &str)> {
    let t = line.trim_start();
    let first = t.chars().next()?;
    if GLYPHS.contains(&first) {
        let rest = &t[first.len_utf8()..];
        let spaced = rest.starts_with(char::is_whitespace);
        let strict = matches!(first, '-' | '–' | '—' | '*' | '·' | '→');
        if (spaced || !strict) && !rest.trim().is_empty() {
            return Some((Marker::Glyph(first), rest.trim_start()));
        }
        return None;
    }
    let head: String = t.chars().take(4).collect();
    let digits = head.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let after = &t[digits..];
        if (after.starts_with(". ") || after.starts_with(") "))
            && after[2..].trim_start().starts_with(|c: char| !c.is_ascii_digit())
        {
            return Some((Marker::Number, t));
        }
        return None;
    }
    let mut cs = t.chars();
    if let (Some(c), Some(p), Some(s)) = (cs.next(), cs.next(), cs.next())
        && c.is_ascii_lowercase()
        && (p == ')' || p == '.')
        && s == ' '
    {
        return Some((Marker::Letter, t));
    }
    None
}

/// The words that mark a continued slide ("Budsjett (forts.)") and a credit or caption
/// line ("Foto: …"), compiled once into regular expressions.
///
/// The built-in set ([`Markers::builtin`]) covers Norwegian Bokmål and Nynorsk and
/// English; [`Markers::new`] takes a deck family's own words.
#[derive(Debug, Clone)]
pub struct Markers {
    /// A continuation mark or part count at the end of a lower-cased title.
    trailing: regex::Regex,
    /// A continuation mark at the start of a lower-cased title ("forts.: budsjett").
    leading: regex::Regex,
    /// A caption or credit prefix at the start of a lower-cased line.
    caption: regex::Regex,
}

/// Words that say "continued", lower case, as they end (or open) a title.
const CONTINUED: &[&str] = &[
    "forts.",
    "forts",
    "fortsettelse",
    "fortsatt",
    "fortsetjing",
    "framh.",
    "framh",
    "framhald",
    "cont.",
    "cont",
    "cont'd",
    "cont’d",
    "continued",
    "ctd.",
    "ctd",
];

/// Prefixes that make a block a caption or an image/source credit. A prefix ending in
/// a space must be followed by a letter or digit ("Figur 2", not "Figuren").
const CAPTION_PREFIXES: &[&str] = &[
    "foto:",
    "foto ",
    "fotograf:",
    "photo:",
    "photo by",
    "kilde:",
    "kjelde:",
    "kilder:",
    "kjelder:",
    "source:",
    "sources:",
    "illustrasjon:",
    "illustration:",
    "ill.:",
    "ill:",
    "ill.",
    "figur ",
    "figur:",
    "figure ",
    "figure:",
    "fig.",
    "fig ",
    "bilde:",
    "bilete:",
    "image:",
    "credit:",
    "credits:",
    "kart:",
    "grafikk:",
    "tabell ",
    "table ",
    "©",
    "(c) ",
    "copyright",
];

impl Default for Markers {
    fn default() -> Self {
        Markers::builtin().clone()
    }
}

impl Markers {
    /// The built-in Norwegian and English markers, compiled once per process.
    pub fn builtin() -> &'static Markers {
        static BUILTIN: std::sync::OnceLock<Markers> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The built-in words are escaped literals: compiling them cannot fail.
            Markers::new(CONTINUED, CAPTION_PREFIXES).unwrap_or_else(|_| unreachable!())
        })
    }

    /// Markers from a list of continuation words (matched case-insensitively at the
    /// end of a title, alone or in parentheses: "forts." matches "Budsjett (forts.)")
    /// and of caption prefixes (matched at the start of a line; one that ends in a
    /// space needs a letter or digit after it). Part counts ("(2)", "2/3", "(ii)", in ASCII
    /// digits) always mark a continued slide.
    pub fn new<S: AsRef<str>>(continued: &[S], captions: &[S]) -> Result<Markers, regex::Error> {
        let words = alternation(continued);
        let none = "[^\\s\\S]"; // matches nothing: no words given
        let words = if words.is_empty() { none.to_owned() } else { words };
        // Part counts in ASCII digits: `\d` is all of Unicode's digits, and its dozen
        // copies here made this one pattern cost more to compile than a deck to read.
        let trailing = format!(
            r"(?:^|[^\p{{Alphabetic}}\p{{N}}])(?:\(\s*(?:{words})\s*\)|(?:{words})|\(\s*[0-9]{{1,2}}\s*(?:/\s*[0-9]{{1,3}}\s*)?\)|[0-9]{{1,3}}\s*/\s*[0-9]{{1,3}}|\(\s*[0-9]{{1,3}}\s*/\s*[0-9]{{1,3}}\s*\)|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))$"
        );
        // At the start a mark must be set apart, in parentheses, before a colon, or as an
        // abbreviation with its period: "Fortsatt vekst" is a title, not a continuation.
        let dotted: Vec<&S> =
            continued.iter().filter(|w| w.as_ref().trim().ends_with('.')).collect();
        let dotted = alternation(&dotted);
        let dotted = if dotted.is_empty() { none.to_owned() } else { dotted };
        let leading =
            format!(r"^(?:\(\s*(?:{words})\s*\)\s*[:\-–]?\s*|(?:{words})\s*:\s*|(?:{dotted})\s+)");
        // Prefixes that end in a space share one letter-or-digit class (each copy of it
        // is a large automaton to compile); the language matched is the same.
        let (mut spaced, mut plain): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for p in captions {
            let p = p.as_ref().to_lowercase();
            if p.trim().is_empty() {
                continue;
            }
            let lit = regex::escape(p.trim_end());
            if p.ends_with(' ') { spaced.push(lit) } else { plain.push(lit) }
        }
        if !spaced.is_empty() {
            plain.push(format!(r"(?:{})\s+[\p{{Alphabetic}}\p{{N}}]", spaced.join("|")));
        }
        let caption =
            if plain.is_empty() { none.to_owned() } else { format!("^(?:{})", plain.join("|")) };
        Ok(Markers {
            trailing: regex::Regex::new(&trailing)?,
            leading: regex::Regex::new(&leading)?,
            caption: regex::Regex::new(&caption)?,
        })
    }

    /// Whether the text opens like a caption or credit.
    pub fn is_caption(&self, text: &str) -> bool {
        self.caption.is_match(&text.trim_start().to_lowercase())
    }

    /// Strips one trailing continuation mark or part count from a lower-cased title.
    pub(crate) fn strip_continued<'t>(&self, t: &'t str) -> Option<&'t str> {
        let m = self.trailing.find(t)?;
        // The match may start with the separator before the mark; keep it.
        let start = t[m.start()..]
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric() || *c == '(')
            .map_or(m.start(), |(i, _)| m.start() + i);
        Some(&t[..start])
    }

    /// Strips a leading continuation mark from a lower-cased title.
    pub(crate) fn strip_leading<'t>(&self, t: &'t str) -> Option<&'t str> {
        self.leading.find(t).map(|m| &t[m.end()..])
    }
}

/// The words as one regex alternation of escaped literals, longest first so that
/// "forts." wins over "forts".
fn alternation<S: AsRef<str>>(words: &[S]) -> String {
    let mut ws: Vec<String> =
        words.iter().map(|w| w.as_ref().trim().to_lowercase()).filter(|w| !w.is_empty()).collect();
    ws.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    ws.dedup();
    ws.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|")
}

/// Metadata titles are often file names ("Microsoft PowerPoint - plan.pptx"); keep
/// the name part, drop empty or placeholder titles.
pub(crate) fn clean_metadata_title(title: &str) -> Option<String> {
    let mut t = title.trim();
    for p in [
        "Microsoft PowerPoint - ",
        "Microsoft Word - ",
        "PowerPoint-presentasjon",
        "PowerPoint Presentation",
    ] {
        if let Some(rest) = t.strip_prefix(p) {
            t = rest.trim();
        }
    }
    for ext in [".pptx", ".ppt", ".odp", ".pdf", ".key", ".docx"] {
        if t.to_lowercase().ends_with(ext) {
            t = &t[..t.len() - ext.len()];
        }
    }
    let t = t.trim();
    let placeholder =
        ["untitled", "uten tittel", "presentasjon", "presentation", "slide 1", "lysbilde 1"];
    if t.is_empty() || placeholder.contains(&t.to_lowercase().as_str()) {
        None
    } else {
        Some(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(split_marker("• Buss"), Some((Marker::Glyph('•'), "Buss")));
        assert_eq!(split_marker("- Tog"), Some((Marker::Glyph('-'), "Tog")));
        assert_eq!(split_marker("-Tog"), None);
        assert_eq!(split_marker("1. Innledning"), Some((Marker::Number, "1. Innledning")));
        assert_eq!(split_marker("a) Først"), Some((Marker::Letter, "a) Først")));
        assert_eq!(split_marker("2024. Året"), None);
        assert_eq!(split_marker("Vanlig tekst"), None);
        assert_eq!(split_marker("•"), None);
    }

    #[test]
    fn hyphenation() {
        let words = |w: &str| w == "samferdsel";
        let o = Options { is_word: Some(&words), ..Options::default() };
        assert_eq!(
            join_lines(["Ansvar for sam-", "ferdsel i fylket"], &o),
            "Ansvar for samferdsel i fylket"
        );
        assert_eq!(join_lines(["ny e-", "post"], &o), "ny e-post");
        assert_eq!(join_lines(["helse-", "og omsorg"], &o), "helse- og omsorg");
        assert_eq!(join_lines(["sam-", "ferdsel"], &Options::default()), "sam-ferdsel");
        assert_eq!(join_lines(["Trøndelag -", "Nord"], &o), "Trøndelag - Nord");
    }

    #[test]
    fn captions_and_metadata() {
        let m = Markers::builtin();
        assert!(m.is_caption("Foto: Ola Nordmann"));
        assert!(m.is_caption("Kilde: SSB"));
        assert!(m.is_caption("Figur 2 Utvikling"));
        assert!(!m.is_caption("Figuren viser"));
        let own = Markers::new(&["suite"], &["bildet:"]).unwrap();
        assert!(own.is_caption("Bildet: kart"));
        assert!(!own.is_caption("Foto: Ola"));
        assert_eq!(own.strip_continued("budsjett (suite)"), Some("budsjett "));
        assert_eq!(
            clean_metadata_title("Microsoft PowerPoint - Budsjett.pptx").as_deref(),
            Some("Budsjett")
        );
        assert_eq!(clean_metadata_title("  "), None);
    }
}
