//! The Info dictionary: title, author, dates.

use deck_layout::Metadata;
use lopdf::Object;

use crate::objects::Pdf;

use crate::content::text_string;
use crate::pdf;

pub(crate) fn read(doc: &Pdf<'_>) -> Metadata {
    let Some(info) = pdf::get_dict(doc, &doc.trailer, b"Info") else { return Metadata::default() };
    let s = |key: &[u8]| -> Option<String> {
        match pdf::get(doc, info, key)? {
            Object::String(bytes, _) => {
                let t = text_string(bytes).trim().trim_matches('\0').to_owned();
                (!t.is_empty()).then_some(t)
            }
            _ => None,
        }
    };
    Metadata {
        title: s(b"Title"),
        author: s(b"Author"),
        subject: s(b"Subject"),
        creator: s(b"Creator"),
        producer: s(b"Producer"),
        created: s(b"CreationDate").map(|d| iso_date(&d).unwrap_or(d)),
        modified: s(b"ModDate").map(|d| iso_date(&d).unwrap_or(d)),
    }
}

/// `D:YYYYMMDDHHmmSSOHH'mm'` → ISO 8601 (`2020-01-31T12:00:00+01:00`), missing parts defaulted.
pub(crate) fn iso_date(raw: &str) -> Option<String> {
    let s = raw.trim().strip_prefix("D:").unwrap_or(raw.trim());
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |from: usize, len: usize, default: u32| -> u32 {
        digits.get(from..from + len).and_then(|p| p.parse().ok()).unwrap_or(default)
    };
    let (year, month, day) = (part(0, 4, 0), part(4, 2, 1), part(6, 2, 1));
    let (hour, min, sec) = (part(8, 2, 0), part(10, 2, 0), part(12, 2, 0));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let rest = s.get(digits.len()..).unwrap_or("");
    let tz = match rest.chars().next() {
        Some('Z') => "Z".to_owned(),
        Some(sign @ ('+' | '-')) => {
            let tzd: String = rest.chars().skip(1).filter(char::is_ascii_digit).collect();
            let h: u32 = tzd.get(0..2).and_then(|p| p.parse().ok()).unwrap_or(0);
            let m: u32 = tzd.get(2..4).and_then(|p| p.parse().ok()).unwrap_or(0);
            format!("{sign}{h:02}:{m:02}")
        }
        _ => String::new(),
    };
    Some(format!("{year:04}-{month:02}-{day:02}T{hour:02}:{min:02}:{sec:02}{tz}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("D:20200131120005+01'00'").as_deref(),
            Some("2020-01-31T12:00:05+01:00")
        );
        assert_eq!(iso_date("D:2021").as_deref(), Some("2021-01-01T00:00:00"));
        assert_eq!(iso_date("D:20211301").as_deref(), None);
        assert_eq!(iso_date("D:20200101000000Z").as_deref(), Some("2020-01-01T00:00:00Z"));
        assert_eq!(iso_date("yesterday"), None);
    }
}
