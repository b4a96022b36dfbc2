//! Finds personal data in plain text and replaces it by its kind: `[fnr]`, `[phone]`, …
//!
//! Overview: a [`Redactor`] is built once per process from the [`Kind`]s to look for
//! and the user's own [`Pattern`]s. [`Redactor::find`] returns the [`Span`]s of
//! personal data in one text (byte offsets and kind, never the value elsewhere);
//! [`Redactor::redact`] returns the text with each span replaced by `[kind]`.
//! [`Redactor::redact_twins`] handles two versions of one text that differ only in
//! whitespace (a repaired line and its raw form), so a value found in either is
//! taken out of both.
//!
//! Every candidate passes two gates: a regex finds where a kind may occur (one
//! [`regex::RegexSet`] per redactor tells which kinds occur at all, so a line
//! without any costs one scan), then code checks what a regex cannot: check digits
//! ([`check`]), that a number stands alone (not part of a longer number, a case
//! number "22/09537", a URL or an amount "25000000 kr"), and per-country lengths
//! (tables in `data/`, see `data/SOURCE.md`).
//!
//! No PDF, no I/O, no global state beyond the compiled patterns.

pub mod check;
mod scan;
mod tables;

use std::fmt;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// A built-in kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Norwegian national identity number (fødselsnummer), 11 digits, both check digits.
    Fnr,
    /// D-number: as `Fnr` with 4 added to the first digit of the day.
    Dnr,
    /// E-mail address (also inside a URL, e.g. `mailto:`).
    Email,
    /// Norwegian phone number (8 digits starting 2–9, with or without +47/0047/(+47))
    /// or an international number with a country code (`+46 70 123 45 67`, `0044 …`).
    Phone,
    /// IBAN (ISO 13616): registry country, its length and layout, mod-97 valid.
    Iban,
    /// Payment card number: 13–19 digits, Luhn valid, a card scheme's issuer prefix.
    Card,
}

impl Kind {
    /// Every built-in kind, the meaning of `all`.
    pub const ALL: [Kind; 6] =
        [Kind::Fnr, Kind::Dnr, Kind::Email, Kind::Phone, Kind::Iban, Kind::Card];

    /// The name used on the command line, in `[kind]` markers and in records.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Fnr => "fnr",
            Kind::Dnr => "dnr",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Iban => "iban",
            Kind::Card => "card",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What went wrong building a redactor. Messages name the kind or pattern, never a
/// value from a text.
#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    /// A name in the kinds list is neither built in nor defined by a pattern.
    #[error("unknown kind {0:?} (kinds: fnr, dnr, email, phone, iban, card, or all)")]
    UnknownKind(String),
    /// The kinds list was empty.
    #[error("no kinds given (kinds: fnr, dnr, email, phone, iban, card, or all)")]
    NoKinds,
    /// A pattern argument is not `NAME=REGEX`.
    #[error("expected NAME=REGEX, got {0:?}")]
    PatternSyntax(String),
    /// A pattern's name is not a plain identifier or is taken.
    #[error(
        "pattern name {0:?}: use letters, digits, '-' or '_', and not a built-in kind or another pattern's name"
    )]
    PatternName(String),
    /// A pattern's regex does not compile (or is too large).
    #[error("pattern {name}: {source}")]
    Regex {
        /// The pattern's name.
        name: String,
        /// What the regex crate said.
        #[source]
        source: Box<regex::Error>,
    },
    /// A pattern matches the empty string, so it would match everywhere.
    #[error("pattern {0}: matches the empty string")]
    EmptyMatch(String),
}

/// A user-defined kind: every match of `regex` is replaced by `[name]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The kind's name, as in `[name]`.
    pub name: String,
    /// The regex (the `regex` crate's syntax).
    pub regex: String,
}

impl Pattern {
    /// Parses `NAME=REGEX` (the first `=` separates them).
    pub fn parse(arg: &str) -> Result<Pattern, RedactError> {
        let (name, regex) =
            arg.split_once('=').ok_or_else(|| RedactError::PatternSyntax(arg.to_owned()))?;
        let name = name.trim();
        let plain = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !plain || Kind::from_name(name).is_some() || name == "all" {
            return Err(RedactError::PatternName(name.to_owned()));
        }
        if regex.is_empty() {
            return Err(RedactError::EmptyMatch(name.to_owned()));
        }
        Ok(Pattern { name: name.to_owned(), regex: regex.to_owned() })
    }
}

/// Parses a kinds list: `all` or names separated by commas (`fnr,phone`). Names in
/// `defined` (the patterns' names) are accepted and left to the patterns.
pub fn parse_kinds(list: &str, defined: &[&str]) -> Result<Vec<Kind>, RedactError> {
    let mut kinds = Vec::new();
    let mut any = false;
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        any = true;
        if name == "all" {
            kinds.extend(Kind::ALL);
        } else if let Some(kind) = Kind::from_name(name) {
            kinds.push(kind);
        } else if !defined.contains(&name) {
            return Err(RedactError::UnknownKind(name.to_owned()));
        }
    }
    if !any {
        return Err(RedactError::NoKinds);
    }
    kinds.sort_unstable();
    kinds.dedup();
    Ok(kinds)
}

/// Where one value is: byte offsets into the text it was found in, and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'r> {
    /// First byte of the value.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its kind's name (`fnr`, … or a pattern's name).
    pub kind: &'r str,
}

/// A redacted text and where the values were in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted<'r> {
    /// The text with every span replaced by `[kind]`.
    pub text: String,
    /// The spans, in input byte offsets, ascending and disjoint.
    pub spans: Vec<Span<'r>>,
}

impl Redacted<'_> {
    /// Where byte `at` of the input is in the redacted text; `None` inside a span.
    pub fn map_offset(&self, at: usize) -> Option<usize> {
        let mut shift: isize = 0;
        for s in &self.spans {
            if at < s.start {
                break;
            }
            if at < s.end {
                return None;
            }
            shift += marker_len(s.kind) as isize - (s.end - s.start) as isize;
        }
        usize::try_from(at as isize + shift).ok()
    }
}

fn marker_len(kind: &str) -> usize {
    kind.len() + 2
}

/// What finds the candidates of one regex of the set.
#[derive(Debug, Clone, Copy)]
enum Finder {
    Builtin(scan::Builtin),
    Custom(usize),
}

/// Finds and replaces personal data. Build once (patterns compile here), share freely.
pub struct Redactor {
    kinds: Vec<Kind>,
    patterns: Vec<Pattern>,
    custom: Vec<Regex>,
    /// One regex per finder, in `finders` order: which of them occur in a text.
    set: Option<RegexSet>,
    finders: Vec<Finder>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("kinds", &self.kinds)
            .field("patterns", &self.patterns.iter().map(|p| &p.name).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Bounds on a user's regex, so a pathological pattern fails to build instead of
/// taking the memory (the regex crate guarantees linear-time matching itself).
const PATTERN_SIZE_LIMIT: usize = 8 << 20;

impl Redactor {
    /// A redactor for `kinds` and the user's `patterns`.
    pub fn new(kinds: &[Kind], patterns: &[Pattern]) -> Result<Redactor, RedactError> {
        let mut kinds = kinds.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        let mut seen: Vec<&str> = Vec::new();
        let mut custom = Vec::new();
        for p in patterns {
            if seen.contains(&p.name.as_str()) {
                return Err(RedactError::PatternName(p.name.clone()));
            }
            seen.push(&p.name);
            let re = RegexBuilder::new(&p.regex)
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
                .map_err(|e| RedactError::Regex { name: p.name.clone(), source: Box::new(e) })?;
            if re.is_match("") {
                return Err(RedactError::EmptyMatch(p.name.clone()));
            }
            custom.push(re);
        }
        let mut finders: Vec<Finder> =
            scan::builtins(&kinds).into_iter().map(Finder::Builtin).collect();
        finders.extend((0..custom.len()).map(Finder::Custom));
        let sources: Vec<&str> = finders
            .iter()
            .map(|f| match f {
                Finder::Builtin(b) => b.source(),
                Finder::Custom(i) => patterns[*i].regex.as_str(),
            })
            .collect();
        let set = if sources.is_empty() {
            None
        } else {
            let built = RegexSetBuilder::new(&sources).size_limit(PATTERN_SIZE_LIMIT * 4).build();
            Some(built.map_err(|e| {
                // The custom regexes compiled alone; together they can only exceed the size.
                let name = patterns.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(",");
                RedactError::Regex { name, source: Box::new(e) }
            })?)
        };
        Ok(Redactor { kinds, patterns: patterns.to_vec(), custom, set, finders })
    }

    /// The built-in kinds it looks for.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The user's patterns.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Every value in `text`: ascending, disjoint spans.
    pub fn find(&self, text: &str) -> Vec<Span<'_>> {
        let Some(set) = &self.set else { return Vec::new() };
        let builtin = !self.kinds.is_empty() && scan::may_hold_value(text);
        if !builtin && self.custom.is_empty() {
            return Vec::new();
        }
        let occurs = set.matches(text);
        if !occurs.matched_any() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for i in occurs.iter() {
            match self.finders[i] {
                Finder::Builtin(b) if builtin => scan::collect(b, text, &mut found),
                Finder::Builtin(_) => {}
                Finder::Custom(c) => {
                    let name = self.patterns[c].name.as_str();
                    found.extend(
                        self.custom[c]
                            .find_iter(text)
                            .filter(|m| !m.is_empty())
                            .map(|m| scan::Candidate::custom(m.start(), m.end(), name)),
                    );
                }
            }
        }
        scan::resolve(found)
    }

    /// `text` with every value replaced by `[kind]`.
    pub fn redact(&self, text: &str) -> Redacted<'_> {
        let spans = self.find(text);
        Redacted { text: apply(text, &spans), spans }
    }

    /// `text` with its own values and the `extra` spans (in `text`'s offsets, e.g.
    /// found in a longer text this one is part of) replaced.
    pub fn redact_with<'r>(&'r self, text: &str, extra: &[Span<'r>]) -> Redacted<'r> {
        let spans = union(&self.find(text), extra);
        Redacted { text: apply(text, &spans), spans }
    }

    /// Two versions of one text that differ only in whitespace (a repaired line and
    /// the line as extracted): a value found in either is replaced in both, so a
    /// number that only reads as one with its spaces ("4 0 2 1 5 7 3 6" before repair)
    /// or without them still goes.
    pub fn redact_twins<'r>(&'r self, a: &str, b: &str) -> (Redacted<'r>, Redacted<'r>) {
        let own_a = self.find(a);
        let own_b = self.find(b);
        let spans_a = union(&own_a, &project(b, &own_b, a));
        let spans_b = union(&own_b, &project(a, &spans_a, b));
        (
            Redacted { text: apply(a, &spans_a), spans: spans_a },
            Redacted { text: apply(b, &spans_b), spans: spans_b },
        )
    }
}

/// `text` with each span (ascending, disjoint, on char boundaries) replaced by `[kind]`.
pub fn apply(text: &str, spans: &[Span<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        let (Some(keep), true) = (text.get(at..s.start), s.end <= text.len()) else { continue };
        out.push_str(keep);
        out.push('[');
        out.push_str(s.kind);
        out.push(']');
        at = s.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// The spans of `from` carried over to `to`, a text with the same characters but
/// different whitespace: each span covers the same non-whitespace characters there
/// (from the first to the last, whatever whitespace lies between). Spans that would
/// fall beyond `to`'s characters are cut at its end.
pub fn project<'r>(from: &str, spans: &[Span<'r>], to: &str) -> Vec<Span<'r>> {
    if spans.is_empty() {
        return Vec::new();
    }
    // Byte offset of every non-whitespace character of `to`, and where each ends.
    let marks: Vec<(usize, usize)> = to
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (i, i + c.len_utf8()))
        .collect();
    let mut out = Vec::new();
    let mut ordinal = 0;
    let mut chars = from.char_indices().peekable();
    for s in spans {
        // Non-whitespace characters of `from` before the span, and inside it.
        while let Some(&(i, c)) = chars.peek() {
            if i >= s.start {
                break;
            }
            if !c.is_whitespace() {
                ordinal += 1;
            }
            chars.next();
        }
        let first = ordinal;
        while let Some(&(i, c)) = chars.peek() {
            if i >= s.end {
                break;
            }
            if !c.is_whitespace() {
                ordinal += 1;
            }
            chars.next();
        }
        if ordinal == first || first >= marks.len() {
            continue;
        }
        let last = (ordinal - 1).min(marks.len() - 1);
        out.push(Span { start: marks[first].0, end: marks[last].1, kind: s.kind });
    }
    out
}

/// Both span lists as one ascending, disjoint list; overlapping spans merge into one
/// (with the kind of the one that starts first).
pub fn union<'r>(a: &[Span<'r>], b: &[Span<'r>]) -> Vec<Span<'r>> {
    let mut all: Vec<Span<'r>> = a.iter().chain(b).copied().collect();
    all.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out: Vec<Span<'r>> = Vec::with_capacity(all.len());
    for s in all {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests;
