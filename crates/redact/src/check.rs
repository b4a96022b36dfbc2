//! Check-digit validators, as plain functions over digit strings.
//!
//! Each takes the compact value (no spaces) and says whether it is well formed and its
//! check digits hold. None of them allocates more than the value's length.

/// The digits of `s` as numbers, or `None` when any character is not an ASCII digit.
fn digits(s: &str) -> Option<Vec<u32>> {
    s.chars().map(|c| c.to_digit(10).filter(|_| c.is_ascii_digit())).collect()
}

/// The mod-11 check digit over `d` with `weights`: `None` when the remainder makes it
/// 10 (such numbers are never issued).
fn mod11(d: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = d.iter().zip(weights).map(|(a, b)| a * b).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

/// The two check digits of a Norwegian national identity number (fødselsnummer or
/// D-number), both mod 11 with Skatteetaten's weights.
fn national_checks(d: &[u32]) -> bool {
    const K1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const K2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    d.len() == 11 && mod11(&d[..9], &K1) == Some(d[9]) && mod11(&d[..10], &K2) == Some(d[10])
}

/// Day and month make a calendar date (29 February allowed: the century is not needed).
pub(crate) fn valid_day_month(day: u32, month: u32) -> bool {
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// A Norwegian fødselsnummer: 11 digits `DDMMYY` + individual number + two mod-11
/// check digits, with a real day and month.
pub fn is_fnr(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    d.len() == 11 && valid_day_month(d[0] * 10 + d[1], d[2] * 10 + d[3]) && national_checks(&d)
}

/// A D-number (for people without a fødselsnummer): as [`is_fnr`] with 4 added to
/// the first digit of the day (41–71).
pub fn is_dnr(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    d.len() == 11
        && d[0] >= 4
        && valid_day_month((d[0] - 4) * 10 + d[1], d[2] * 10 + d[3])
        && national_checks(&d)
}

/// The Luhn check (ISO/IEC 7812) over a digit string of any length.
pub fn luhn(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.is_empty() {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| if i % 2 == 1 { if x * 2 > 9 { x * 2 - 9 } else { x * 2 } } else { x })
        .sum();
    sum.is_multiple_of(10)
}

/// A payment card number: 13–19 digits, Luhn valid, and an issuer prefix in the ranges
/// card schemes use (ISO/IEC 7812 major industry 3–6, or Mastercard's 2221–2720). The
/// prefix keeps Luhn-valid rows of years ("2025 2026 2027 2028") and other long numbers
/// out; a book number (ISBN-13: 978/979 with a valid EAN check) is not a card.
pub fn is_card(s: &str) -> bool {
    if !(13..=19).contains(&s.len()) || !luhn(s) {
        return false;
    }
    let issuer = match s.get(..4).and_then(|p| p.parse::<u32>().ok()) {
        Some(p) => p,
        None => return false,
    };
    let scheme = matches!(issuer / 1000, 3..=6) || (2221..=2720).contains(&issuer);
    scheme && !is_isbn13(s)
}

/// An ISBN-13: a 978/979 prefix and a valid EAN-13 check digit.
pub fn is_isbn13(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 13 || !(s.starts_with("978") || s.starts_with("979")) {
        return false;
    }
    let sum: u32 = d.iter().enumerate().map(|(i, &x)| if i % 2 == 0 { x } else { 3 * x }).sum();
    sum.is_multiple_of(10)
}

/// The ISO 7064 mod-97-10 check of an IBAN (country code and check digits moved to
/// the end, letters as 10–35, remainder 1). Only the checksum: see [`is_iban`].
pub fn iban_mod97(s: &str) -> bool {
    if s.len() < 5 || !s.is_ascii() {
        return false;
    }
    let (head, tail) = s.split_at(4);
    let mut rem: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        // Two-digit values shift by 100, one-digit ones by 10; `rem` stays below 97.
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

/// An IBAN (ISO 13616) in compact form: a country in the IBAN registry, that country's
/// length and BBAN layout (digits, letters, alphanumerics per position), mod-97 valid.
pub fn is_iban(s: &str) -> bool {
    let Some(country) = s.get(..2) else { return false };
    let Some(entry) = crate::tables::iban(country) else { return false };
    s.len() == entry.length
        && s.as_bytes()[2..4].iter().all(u8::is_ascii_digit)
        && bban_matches(&s[4..], entry.bban)
        && iban_mod97(s)
}

/// Whether `bban` fits a registry layout such as `4!n6!n1!n` (`n` digits, `a` capital
/// letters, `c` digits or capital letters; `!` fixed length).
fn bban_matches(bban: &str, spec: &str) -> bool {
    let mut chars = bban.bytes();
    let mut rest = spec;
    while !rest.is_empty() {
        let count_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(count) = rest[..count_len].parse::<usize>() else { return false };
        rest = rest[count_len..].strip_prefix('!').unwrap_or(&rest[count_len..]);
        let Some(class) = rest.bytes().next() else { return false };
        rest = &rest[1..];
        for _ in 0..count {
            let ok = match (class, chars.next()) {
                (b'n', Some(c)) => c.is_ascii_digit(),
                (b'a', Some(c)) => c.is_ascii_uppercase(),
                (b'c', Some(c)) => c.is_ascii_digit() || c.is_ascii_uppercase(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
    }
    chars.next().is_none()
}

/// A Norwegian organisation number: 9 digits, mod-11 check digit (weights 3 2 7 6 5 4 3 2).
/// Public data, never redacted; the test set uses it to make look-alikes.
pub fn is_orgnr(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    d.len() == 9 && mod11(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[8])
}

/// A Norwegian bank account number (BBAN): 11 digits, mod-11 check digit (weights
/// 5 4 3 2 7 6 5 4 3 2). Not a kind that is redacted (see the README); the test set
/// uses it to make look-alikes.
pub fn is_account(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    d.len() == 11 && mod11(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnr_needs_both_check_digits_and_a_date() {
        // Check digits computed with an independent implementation (testdata/gen_testset.py).
        for valid in ["15076500565", "29029900157", "01129955151", "31128545614"] {
            assert!(is_fnr(valid), "{valid}");
        }
        assert!(!is_fnr("15076500566"), "second check digit wrong");
        assert!(!is_fnr("15076500575"), "first check digit wrong");
        assert!(!is_fnr("1507650056"), "ten digits");
        assert!(!is_fnr("1507650056a"));
        assert!(!is_fnr("55076500565"), "a D-number is no fnr");
    }

    #[test]
    fn dnr_adds_four_to_the_day() {
        assert!(is_dnr("55076500559"));
        assert!(is_dnr("41019012393"));
        // 15076500565 with the day's first digit + 4, check digits recomputed here.
        let base = [5u32, 5, 0, 7, 6, 5, 0, 0, 5];
        let k1 = mod11(&base, &[3, 7, 6, 1, 8, 9, 4, 5, 2]).unwrap();
        let mut ten = base.to_vec();
        ten.push(k1);
        let k2 = mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]).unwrap();
        let d = format!("550765005{k1}{k2}");
        assert!(is_dnr(&d), "{d}");
        assert!(!is_fnr(&d));
        assert!(!is_dnr("15076500565"), "an fnr is no D-number");
        assert!(!is_dnr("82076500565"), "day 42 is fine, 82 is not a D-number day");
    }

    #[test]
    fn luhn_and_cards() {
        assert!(luhn("79927398713"));
        assert!(!luhn("79927398710"));
        assert!(!luhn(""));
        for card in ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117"]
        {
            assert!(is_card(card), "{card}");
        }
        assert!(is_card("2223000048400011"), "Mastercard 2-series");
        assert!(!is_card("4111111111111112"), "Luhn fails");
        assert!(!is_card("411111111111"), "12 digits");
        assert!(luhn("9788201000081") && !is_card("9788201000081"), "an ISBN-13 is a book");
        assert!(!is_card("1000000000000008"), "major industry 1 is no card scheme");
    }

    #[test]
    fn iban_checks_country_length_layout_and_mod97() {
        for iban in ["NO9386011117947", "DE89370400440532013000", "GB29NWBK60161331926819"] {
            assert!(is_iban(iban), "{iban}");
        }
        assert!(!is_iban("NO9386011117948"), "mod-97 fails");
        assert!(!is_iban("NO938601111794"), "too short for NO");
        assert!(!is_iban("XX9386011117947"), "no such country");
        assert!(!is_iban("GB29NWB160161331926819"), "GB bank code must be letters");
        assert!(iban_mod97("NO9386011117947"));
    }

    #[test]
    fn organisation_and_account_numbers() {
        assert!(is_orgnr("974760673"));
        assert!(!is_orgnr("974760674"));
        assert!(is_account("86011117947"));
        assert!(luhn("2023202420252026") && !is_card("2023202420252026"), "a row of years");
        assert!(!is_account("86011117948"));
    }
}
