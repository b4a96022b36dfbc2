//! The built-in finders: a regex per kind (candidates), then checks a regex cannot make.

use std::sync::OnceLock;

use regex::Regex;

use crate::{Kind, Span, check, tables};

/// Spaces that may separate digit groups: space, no-break space, thin and narrow
/// no-break space (slide software and PDF extraction produce all of them).
macro_rules! sp {
    () => {
        r"[ \x{A0}\x{2009}\x{202F}]"
    };
}

/// One built-in finder. Phone numbers have two: bare Norwegian ones and ones with a
/// country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    Fnr,
    Dnr,
    Email,
    PhoneBare,
    PhoneIntl,
    Iban,
    Card,
}

const FINDERS: [Builtin; 7] = [
    Builtin::Fnr,
    Builtin::Dnr,
    Builtin::Email,
    Builtin::PhoneBare,
    Builtin::PhoneIntl,
    Builtin::Iban,
    Builtin::Card,
];

/// The finders of `kinds`, in a fixed order.
pub(crate) fn builtins(kinds: &[Kind]) -> Vec<Builtin> {
    FINDERS.into_iter().filter(|b| kinds.contains(&b.kind())).collect()
}

impl Builtin {
    fn kind(self) -> Kind {
        match self {
            Builtin::Fnr => Kind::Fnr,
            Builtin::Dnr => Kind::Dnr,
            Builtin::Email => Kind::Email,
            Builtin::PhoneBare | Builtin::PhoneIntl => Kind::Phone,
            Builtin::Iban => Kind::Iban,
            Builtin::Card => Kind::Card,
        }
    }

    /// Which kind wins when two candidates of the same length overlap (lower first).
    fn rank(self) -> u8 {
        match self {
            Builtin::Email => 0,
            Builtin::Iban => 1,
            Builtin::Card => 2,
            Builtin::Fnr | Builtin::Dnr => 3,
            Builtin::PhoneIntl | Builtin::PhoneBare => 4,
        }
    }

    /// The candidate regex. Loose on purpose: the checks in [`Builtin::accept`] decide.
    pub(crate) fn source(self) -> &'static str {
        match self {
            // DDMMYY, an optional space or hyphen after the date part, 5 digits.
            Builtin::Fnr => concat!(r"[0-3][0-9][01][0-9]{3}(?:", sp!(), r"|-)?[0-9]{5}"),
            Builtin::Dnr => concat!(r"[4-7][0-9][01][0-9]{3}(?:", sp!(), r"|-)?[0-9]{5}"),
            // Letters are those of the Latin scripts (ASCII, Latin-1, Extended-A/B): all
            // of Europe's, and a class small enough to compile in microseconds.
            Builtin::Email => concat!(
                r"[0-9A-Za-z\x{C0}-\x{24F}_%+\-]+(?:\.[0-9A-Za-z\x{C0}-\x{24F}_%+\-]+)*@",
                r"[0-9A-Za-z\x{C0}-\x{24F}](?:[0-9A-Za-z\x{C0}-\x{24F}\-]*[0-9A-Za-z\x{C0}-\x{24F}])?",
                r"(?:\.[0-9A-Za-z\x{C0}-\x{24F}](?:[0-9A-Za-z\x{C0}-\x{24F}\-]*[0-9A-Za-z\x{C0}-\x{24F}])?)*",
                r"\.[A-Za-z\x{C0}-\x{24F}]{2,}"
            ),
            // 8 digits starting 2–9: together, in pairs (22 12 34 56) or 3-2-3 (412 34 567).
            Builtin::PhoneBare => concat!(
                r"[2-9][0-9]{7}|[2-9][0-9](?:",
                sp!(),
                r"[0-9]{2}){3}|[2-9][0-9]{2}",
                sp!(),
                r"[0-9]{2}",
                sp!(),
                r"[0-9]{3}"
            ),
            // +CC, (+CC) or 00CC, then digits with single separators, "(0)" or "(area)".
            Builtin::PhoneIntl => concat!(
                r"(?:\+|\(\+|00)[1-9][0-9]{0,3}\)?(?:(?:",
                sp!(),
                r"|[.\-])?(?:\(0\)|\([0-9]{1,4}\)|[0-9]))+"
            ),
            // Country, check digits, then alphanumerics; the length comes from the registry.
            // No `\b`: a Unicode word boundary stops the fast engines on non-ASCII text;
            // `accept` checks what comes before instead.
            Builtin::Iban => concat!(r"[A-Z]{2}[0-9]{2}(?:", sp!(), r"?[0-9A-Z]){11}"),
            // Groups of 4 and then 3–6 with one separator, or 13–19 digits together.
            Builtin::Card => {
                concat!(r"[0-9]{4}(?:(?:", sp!(), r"|-)[0-9]{3,6}){2,4}|[0-9]{13,19}")
            }
        }
    }

    fn regex(self) -> &'static Regex {
        static COMPILED: [OnceLock<Regex>; 7] = [const { OnceLock::new() }; 7];
        let slot = FINDERS.iter().position(|b| *b == self).unwrap_or(0);
        COMPILED[slot].get_or_init(|| {
            // A constant pattern; `builtin_patterns_compile` tests every one.
            Regex::new(self.source()).expect("built-in pattern compiles")
        })
    }

    /// Whether the candidate at `start..end` is a value; `Some(end)` gives where it
    /// really ends (an IBAN's length comes from its country).
    fn accept(self, text: &str, start: usize, end: usize) -> Option<usize> {
        let found = &text[start..end];
        match self {
            Builtin::Email => Some(end),
            Builtin::Fnr | Builtin::Dnr => {
                let digits = compact(found);
                let valid = if self == Builtin::Fnr {
                    check::is_fnr(&digits)
                } else {
                    check::is_dnr(&digits)
                };
                (valid && standalone(text, start, end, digits.len() < found.len())).then_some(end)
            }
            Builtin::PhoneBare => {
                let digits = compact(found);
                let grouped = digits.len() < found.len();
                // Eight digits together read as a date (20250314, 24122025) or a round
                // amount (45000000) more often than as a phone, unless labelled one.
                let doubtful = !grouped && (looks_like_date(&digits) || digits.ends_with("00000"));
                let ok = standalone(text, start, end, grouped)
                    && !amount(text, start, end)
                    && (!doubtful || phone_label_before(text, start))
                    && (!glued_to_word(text, start) || phone_label_before(text, start));
                ok.then_some(end)
            }
            Builtin::PhoneIntl => {
                let digits = intl_digits(found);
                let (cc, national, length_ok) = tables::e164_split(&digits)?;
                let valid = if cc == 47 {
                    national.len() == 8 && national.as_bytes()[0] >= b'2'
                } else {
                    length_ok && (8..=15).contains(&digits.len())
                };
                // "0086 5586 …" after "FI34" is the rest of an IBAN, not a call to China.
                let zeros = found.starts_with("00");
                (valid && standalone(text, start, end, zeros) && !amount(text, start, end))
                    .then_some(end)
            }
            Builtin::Iban => {
                if text[..start].chars().next_back().is_some_and(char::is_alphanumeric) {
                    return None;
                }
                let real_end = iban_end(text, start)?;
                let compact: String =
                    text[start..real_end].chars().filter(char::is_ascii_alphanumeric).collect();
                (check::is_iban(&compact) && !in_url(text, start)).then_some(real_end)
            }
            Builtin::Card => {
                let digits = compact(found);
                let separators: Vec<char> = found.chars().filter(|c| !c.is_ascii_digit()).collect();
                let consistent = separators.windows(2).all(|w| w[0] == w[1]);
                (consistent
                    && check::is_card(&digits)
                    && standalone(text, start, end, !separators.is_empty()))
                .then_some(end)
            }
        }
    }
}

/// Whether `text` can hold a built-in value at all: an `@`, eight digits, or the head
/// of an IBAN (two capitals, two digits). One pass over the bytes, so the many lines
/// without any skip the regexes.
pub(crate) fn may_hold_value(text: &str) -> bool {
    let b = text.as_bytes();
    let mut digits = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'@' {
            return true;
        }
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 8 {
                return true;
            }
            if i >= 3
                && b[i - 1].is_ascii_digit()
                && b[i - 2].is_ascii_uppercase()
                && b[i - 3].is_ascii_uppercase()
            {
                return true;
            }
        }
    }
    false
}

/// A value found, before overlaps are resolved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate<'r> {
    start: usize,
    end: usize,
    kind: &'r str,
    rank: u8,
}

impl<'r> Candidate<'r> {
    /// A match of a user's pattern: ranks after every built-in kind.
    pub(crate) fn custom(start: usize, end: usize, kind: &'r str) -> Self {
        Candidate { start, end, kind, rank: u8::MAX }
    }
}

/// Every accepted candidate of `finder` in `text`.
pub(crate) fn collect(finder: Builtin, text: &str, out: &mut Vec<Candidate<'_>>) {
    let re = finder.regex();
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = re.find_at(text, pos) else { break };
        if let Some(end) = finder.accept(text, m.start(), m.end()) {
            out.push(Candidate {
                start: m.start(),
                end,
                kind: finder.kind().name(),
                rank: finder.rank(),
            });
            pos = end.max(m.end());
        } else {
            // Try again just after where this one started; a rejected number's other
            // digits cannot start a value either (they are preceded by a digit), so
            // skip them at once: linear time even on a line of a million digits.
            let rest = &text[m.start()..];
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let digits = rest[first..].bytes().take_while(u8::is_ascii_digit).count();
            pos = m.start() + first + digits;
        }
    }
}

/// The candidates as ascending, disjoint spans: where two overlap, the longer wins,
/// then the better-ranked kind.
pub(crate) fn resolve(mut found: Vec<Candidate<'_>>) -> Vec<Span<'_>> {
    found.sort_by_key(|c| (std::cmp::Reverse(c.end - c.start), c.rank, c.start));
    let mut chosen: Vec<Candidate<'_>> = Vec::with_capacity(found.len());
    for c in found {
        if chosen.iter().all(|k| c.end <= k.start || c.start >= k.end) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen.into_iter().map(|c| Span { start: c.start, end: c.end, kind: c.kind }).collect()
}

fn compact(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The digits of an international number after its `+`/`00`, without a "(0)" trunk
/// prefix ("+44 (0)20 …" is dialled +44 20 …).
fn intl_digits(found: &str) -> String {
    let body = found.strip_prefix("(+").or_else(|| found.strip_prefix('+'));
    let body = body.or_else(|| found.strip_prefix("00")).unwrap_or(found);
    compact(&body.replace("(0)", ""))
}

/// Where an IBAN starting at `start` ends: the registry length of its country in
/// letters and digits, single spaces allowed between them, and no letter or digit
/// right after. `None` when the text runs out first.
fn iban_end(text: &str, start: usize) -> Option<usize> {
    let entry = tables::iban(text.get(start..start + 2)?)?;
    let mut count = 0;
    let mut last_was_space = false;
    for (i, c) in text[start..].char_indices() {
        if count == entry.length {
            let after_space = last_was_space;
            let boundary = !c.is_alphanumeric();
            // A trailing space was not part of it.
            return boundary.then_some(start + i - usize::from(after_space));
        }
        if c.is_ascii_digit() || c.is_ascii_uppercase() {
            count += 1;
            last_was_space = false;
        } else if is_space(c) && !last_was_space && count >= 4 {
            last_was_space = true;
        } else {
            return None;
        }
    }
    (count == entry.length).then_some(text.len())
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// Characters that join a number to more digits into one larger token: "22/09537",
/// "40215736,50", "2025-28", "1.234.567", "54767·21337279".
fn is_joiner(c: char) -> bool {
    matches!(c, '/' | '.' | ',' | '-' | '–' | '\u{2011}' | '·' | '×' | '*' | '^')
}

/// The number hangs on a word by a colon with no space ("LN:59373566", "ID:…"): a code,
/// unless the word is a phone label ("Tlf:40215736").
fn glued_to_word(text: &str, start: usize) -> bool {
    let mut back = text[..start].chars().rev();
    back.next() == Some(':') && back.next().is_some_and(char::is_alphabetic)
}

/// How many digits the number right at the start of `s` has (digits, single spaces
/// between them allowed).
fn number_len(s: &mut dyn Iterator<Item = char>) -> usize {
    let mut digits = 0;
    let mut gap = false;
    for c in s {
        if c.is_ascii_digit() {
            digits += 1;
            gap = false;
        } else if is_space(c) && !gap && digits > 0 {
            gap = true;
        } else {
            break;
        }
    }
    digits
}

/// The value at `start..end` stands alone: not glued to letters or digits, not part of
/// a larger number joined by `/ . , -` (a case number, a decimal, a range) unless the
/// other side is a whole number of its own (8+ digits: "22054500/40215736"), not in a
/// URL, and, when it is written in groups, not one more group of a longer row of
/// numbers ("12 45 52 61 70").
fn standalone(text: &str, start: usize, end: usize, grouped: bool) -> bool {
    let (before, after) = (&text[..start], &text[end..]);
    let mut back = before.chars().rev();
    match back.next() {
        // "+…" is an international number of its own; "key=…" a parameter's value.
        Some(c) if c.is_alphanumeric() || c == '+' || c == '=' => return false,
        Some(c) if is_joiner(c) && (1..8).contains(&number_len(&mut back)) => return false,
        _ => {}
    }
    let mut ahead = after.chars();
    match ahead.next() {
        Some(c) if c.is_alphanumeric() => return false,
        Some(c) if is_joiner(c) && (1..8).contains(&number_len(&mut ahead)) => return false,
        _ => {}
    }
    if grouped && (digits_token(before.chars().rev()) || digits_token(after.chars())) {
        return false;
    }
    !in_url(text, start) && !in_iban_shape(before)
}

/// Whether the text before a value ends in the start of something written like an
/// IBAN: "GB96 COFE " before "0056 3088 …". Such a number (its checksum failed, or it
/// would have been taken whole) is the rest of the account number, not a phone or card.
fn in_iban_shape(before: &str) -> bool {
    let Some(head) = before.strip_suffix(is_space) else { return false };
    for group in head.rsplit(is_space).take(8) {
        let b = group.as_bytes();
        let alnum = b.iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
        if b.len() == 4
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2..].iter().all(u8::is_ascii_digit)
        {
            return true;
        }
        if !alnum || b.is_empty() || b.len() > 4 {
            return false;
        }
    }
    false
}

/// Whether the whitespace-separated token next to the value (walking outwards) is a
/// number: its nearest character is a digit ("… 21 80," after "… 33 21"; "DE39" before
/// "4945 …").
fn digits_token(mut chars: impl Iterator<Item = char>) -> bool {
    let mut seen_space = false;
    for c in chars.by_ref() {
        if matches!(c, '\n' | '\r' | '\u{c}') {
            // A number on the next line is no part of this one.
            return false;
        } else if c.is_whitespace() {
            seen_space = true;
        } else {
            return seen_space && c.is_ascii_digit();
        }
    }
    false
}

/// Whether `at` lies in a URL: a token with a scheme (`https://`), starting `www.`,
/// or a domain followed by a path (`nav.no/…`).
fn in_url(text: &str, at: usize) -> bool {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[at..].find(char::is_whitespace).map_or(text.len(), |i| at + i);
    let token = &text[start..end];
    if token.contains("://") || token.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        return true;
    }
    let Some((host, _)) = token.split_once('/') else { return false };
    let host = host.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some((name, tld)) = host.rsplit_once('.') else { return false };
    !name.is_empty()
        && tld.len() >= 2
        && tld.chars().all(char::is_alphabetic)
        && name.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// Words that say the number next to them is money or a measure, not a phone number.
const AMOUNT_BEFORE: &[&str] = &["kr", "nok", "sek", "dkk", "eur", "usd", "gbp", "€", "$", "£"];
const AMOUNT_AFTER: &[&str] = &[
    "kr",
    "kroner",
    "nok",
    "mnok",
    "tnok",
    "sek",
    "dkk",
    "eur",
    "euro",
    "usd",
    "gbp",
    "mill",
    "million",
    "millioner",
    "mrd",
    "milliard",
    "milliarder",
    "tusen",
    "%",
    "prosent",
    "percent",
    "m2",
    "m²",
    "m3",
    "m³",
    "kvm",
    "km",
    "kg",
    "tonn",
    "kwh",
    "mwh",
    "gwh",
    "twh",
];

/// The number is an amount or a measure: a currency before it ("kr 45000000") or a
/// unit after it ("45000000 kr", "… mill.", "…,-", "… %"). A currency word that ends a
/// clause ("kr;") or follows a number or a magnitude ("636000000 kr.", "595 mill. kr")
/// belongs to the amount before it, not to this number.
fn amount(text: &str, start: usize, end: usize) -> bool {
    fn word(w: &str) -> String {
        w.trim_matches(|c: char| matches!(c, '.' | ':' | ',' | ';' | ')' | '(')).to_lowercase()
    }
    let after = &text[end..];
    if after.starts_with(",-") || after.starts_with(",–") || after.trim_start().starts_with('%') {
        return true;
    }
    let mut before = text[..start].split_whitespace().rev();
    let prefix = match (before.next(), before.next()) {
        (Some(cur), earlier) => {
            let ends_clause = cur.ends_with([';', ',', ')']);
            let owned = earlier.is_some_and(|e| {
                e.ends_with(|c: char| c.is_ascii_digit())
                    || AMOUNT_AFTER.contains(&word(e).as_str())
            });
            AMOUNT_BEFORE.contains(&word(cur).as_str()) && !ends_clause && !owned
        }
        (None, _) => false,
    };
    let next = after.split_whitespace().next().map(word);
    prefix || next.is_some_and(|w| AMOUNT_AFTER.contains(&w.as_str()))
}

/// Labels that say the number after them is a phone number.
const PHONE_LABELS: &[&str] = &[
    "tlf",
    "telefon",
    "telefonnummer",
    "tel",
    "mob",
    "mobil",
    "mobilnummer",
    "mobiltelefon",
    "phone",
    "mobile",
    "sms",
    "faks",
    "fax",
    "sentralbord",
    "direkte",
    "ring",
    "kontakt",
];

/// The word right before the number is a phone label ("Tlf. 24122025"; "Mobil nr.
/// 24122025" looks one word further).
fn phone_label_before(text: &str, start: usize) -> bool {
    let words = text[..start]
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .filter(|w| !w.is_empty());
    for (i, w) in words.take(2).enumerate() {
        if PHONE_LABELS.contains(&w.as_str()) {
            return true;
        }
        if i > 0 || !matches!(w.as_str(), "nr" | "nummer" | "no") {
            return false;
        }
    }
    false
}

/// Eight digits that read as a date, YYYYMMDD or DDMMYYYY, in 1900–2099.
fn looks_like_date(d: &str) -> bool {
    let num = |r: std::ops::Range<usize>| d.get(r).and_then(|s| s.parse::<u32>().ok());
    let date = |y: Option<u32>, m: Option<u32>, day: Option<u32>| match (y, m, day) {
        (Some(y), Some(m), Some(day)) => {
            (1900..=2099).contains(&y) && check::valid_day_month(day, m)
        }
        _ => false,
    };
    d.len() == 8 && (date(num(0..4), num(4..6), num(6..8)) || date(num(4..8), num(2..4), num(0..2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_patterns_compile() {
        for b in FINDERS {
            assert!(Regex::new(b.source()).is_ok(), "{b:?}");
            let _ = b.regex();
        }
    }

    #[test]
    fn iban_end_follows_the_registry_length() {
        let t = "IBAN NO93 8601 1117 947 BIC DNBANOKK";
        assert_eq!(iban_end(t, 5), Some(5 + "NO93 8601 1117 947".len()));
        assert_eq!(iban_end("NO93 8601 1117 9470", 0), None, "a digit too many");
        assert_eq!(iban_end("NO93 8601", 0), None, "too short");
    }

    #[test]
    fn iban_shapes() {
        assert!(in_iban_shape("IBAN: GB96 COFE "));
        assert!(in_iban_shape("DE39 "));
        assert!(!in_iban_shape("Tlf "));
        assert!(!in_iban_shape("Kontakt Kari "));
    }

    #[test]
    fn url_tokens() {
        let t = "se https://www.nav.no/sak/40215736 og nav.no/40215736 og tlf 40215736";
        assert!(in_url(t, t.find("40215736").unwrap()));
        assert!(in_url(t, t.find("nav.no/4").unwrap() + 7));
        assert!(!in_url(t, t.rfind("40215736").unwrap()));
    }

    #[test]
    fn dates_and_amount_words() {
        assert!(looks_like_date("20250314"));
        assert!(looks_like_date("24122025"));
        assert!(!looks_like_date("40215736"));
        let t = "Ramme 45000000 kr";
        assert!(amount(t, 6, 14));
        let t = "kr 45000000";
        assert!(amount(t, 3, 11));
        let t = "Budsjett 636000000 kr. +4740215736";
        assert!(!amount(t, t.find('+').unwrap(), t.len()));
        let t = "595 mill. kr; 40215736";
        assert!(!amount(t, t.len() - 8, t.len()));
        assert!(!amount("Tlf 40215736 (sentralbord)", 4, 12));
        assert!(phone_label_before("Tlf.: 2", 6));
        assert!(phone_label_before("Mobil nr. 2", 10));
        assert!(!phone_label_before("Tlf 40215736, Frist: 2", 21));
    }
}
