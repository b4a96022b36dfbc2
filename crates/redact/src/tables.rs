//! The two data tables (see `data/SOURCE.md`): IBAN layouts per country and the
//! national-number lengths per E.164 country code. Parsed once per process.

use std::collections::HashMap;
use std::sync::OnceLock;

const IBAN_TSV: &str = include_str!("../data/iban.tsv");
const E164_TSV: &str = include_str!("../data/e164.tsv");

/// One IBAN registry entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IbanEntry {
    /// Total IBAN length in characters.
    pub(crate) length: usize,
    /// BBAN layout, e.g. `4!n6!n1!n`.
    pub(crate) bban: &'static str,
}

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect())
}

fn iban_table() -> &'static HashMap<&'static str, IbanEntry> {
    static TABLE: OnceLock<HashMap<&'static str, IbanEntry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(IBAN_TSV)
            .filter_map(|r| match r.as_slice() {
                [cc, len, bban] => {
                    Some((*cc, IbanEntry { length: len.parse().ok()?, bban: bban.trim() }))
                }
                _ => None,
            })
            .collect()
    })
}

/// The registry entry of a two-letter country code.
pub(crate) fn iban(country: &str) -> Option<IbanEntry> {
    iban_table().get(country).copied()
}

fn e164_table() -> &'static HashMap<u32, Vec<usize>> {
    static TABLE: OnceLock<HashMap<u32, Vec<usize>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(E164_TSV)
            .filter_map(|r| match r.as_slice() {
                [cc, lengths] => Some((
                    cc.parse().ok()?,
                    lengths.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
                )),
                _ => None,
            })
            .collect()
    })
}

/// Splits international digits (after `+` or `00`) into a country code and the national
/// number, when some prefix is an assigned code (codes are prefix-free, so at most one
/// is), and says whether the national number has a length that code's numbers have.
pub(crate) fn e164_split(digits: &str) -> Option<(u32, &str, bool)> {
    let table = e164_table();
    (1..=3).filter(|&n| n < digits.len()).find_map(|n| {
        let cc: u32 = digits[..n].parse().ok()?;
        let lengths = table.get(&cc)?;
        let national = &digits[n..];
        Some((cc, national, lengths.contains(&national.len())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse() {
        assert!(iban_table().len() > 80);
        assert_eq!(iban("NO").map(|e| e.length), Some(15));
        assert_eq!(iban("DE").map(|e| e.length), Some(22));
        assert!(e164_table().len() > 200);
        assert_eq!(e164_split("4740215736"), Some((47, "40215736", true)));
        assert_eq!(e164_split("12025550143"), Some((1, "2025550143", true)));
        assert_eq!(e164_split("4512345"), Some((45, "12345", false)));
    }
}
