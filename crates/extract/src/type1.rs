//! Advance widths from embedded Type 1 programs (`/FontFile`): the `hsbw`/`sbw` command
//! that starts every charstring, after eexec and charstring decryption (Adobe Type 1
//! Font Format, chapters 6–7). pdfTeX decks embed their fonts this way.

use crate::Map;

/// Bound on glyphs read from one program.
const MAX_GLYPHS: usize = 70_000;

fn decrypt(data: &[u8], mut r: u16, skip: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for &c in data {
        let p = c ^ (r >> 8) as u8;
        r = (u16::from(c).wrapping_add(r)).wrapping_mul(52845).wrapping_add(22719);
        out.push(p);
    }
    out.into_iter().skip(skip).collect()
}

fn is_hex_text(data: &[u8]) -> bool {
    data.iter().take(4).all(u8::is_ascii_hexdigit)
}

fn unhex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .filter_map(|b| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        })
        .collect();
    digits
        .chunks(2)
        .map(|p| p.iter().fold(0u8, |acc, d| acc.wrapping_mul(16).wrapping_add(*d)))
        .collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads an ASCII integer at `pos` (after whitespace); returns it and the position after.
fn int_at(data: &[u8], mut pos: usize) -> Option<(i64, usize)> {
    while data.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    let start = pos;
    if data.get(pos) == Some(&b'-') {
        pos += 1;
    }
    while data.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    let n = std::str::from_utf8(data.get(start..pos)?).ok()?.parse().ok()?;
    Some((n, pos))
}

/// The advance width of a decrypted charstring, in glyph units: the `wx` of its leading
/// `hsbw` (13) or `sbw` (12 7).
fn charstring_width(cs: &[u8]) -> Option<f32> {
    let mut stack: Vec<f32> = Vec::new();
    let mut i = 0;
    while let Some(&v) = cs.get(i) {
        i += 1;
        match v {
            32..=246 => stack.push(f32::from(v) - 139.0),
            247..=250 => {
                let w = *cs.get(i)?;
                i += 1;
                stack.push((f32::from(v) - 247.0) * 256.0 + f32::from(w) + 108.0);
            }
            251..=254 => {
                let w = *cs.get(i)?;
                i += 1;
                stack.push(-(f32::from(v) - 251.0) * 256.0 - f32::from(w) - 108.0);
            }
            255 => {
                let b: [u8; 4] = cs.get(i..i + 4)?.try_into().ok()?;
                i += 4;
                stack.push(i32::from_be_bytes(b) as f32);
            }
            13 => return stack.get(1).copied(),
            12 => {
                return if cs.get(i) == Some(&7) { stack.get(2).copied() } else { None };
            }
            _ => return None,
        }
        if stack.len() > 24 {
            return None;
        }
    }
    None
}

/// Glyph name → advance width in 1/1000 em, from a Type 1 program.
pub(crate) fn widths(data: &[u8], length1: Option<usize>) -> Option<Map<String, f32>> {
    let eexec = find(data, b"eexec")?;
    let clear = data.get(..eexec)?;
    let mut start = length1.filter(|&l| l > eexec && l < data.len()).unwrap_or(eexec + 5);
    while data.get(start).is_some_and(|b| b.is_ascii_whitespace()) {
        start += 1;
    }
    let body = data.get(start..)?;
    let body = if is_hex_text(body) { unhex(body) } else { body.to_vec() };
    let plain = decrypt(&body, 55665, 4);

    // FontMatrix scale (glyph units → em), normally 0.001.
    let scale = find(clear, b"/FontMatrix")
        .and_then(|p| {
            let rest = clear.get(p..)?;
            let open = find(rest, b"[")?;
            let text = std::str::from_utf8(rest.get(open + 1..open + 40)?).ok()?;
            text.split_whitespace().next()?.parse::<f32>().ok()
        })
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(0.001);
    let len_iv = find(&plain, b"/lenIV")
        .and_then(|p| int_at(&plain, p + 6))
        .map_or(4, |(n, _)| n.clamp(-1, 16));

    let mut out = Map::default();
    let mut pos = find(&plain, b"/CharStrings")? + 12;
    while out.len() < MAX_GLYPHS {
        // "/name len RD <len bytes> ND"
        let slash = pos + find(plain.get(pos..)?, b"/")?;
        let name_end =
            slash + 1 + plain.get(slash + 1..)?.iter().position(|b| b.is_ascii_whitespace())?;
        let name = String::from_utf8_lossy(plain.get(slash + 1..name_end)?).into_owned();
        let Some((len, after)) = int_at(&plain, name_end) else { break };
        let len = usize::try_from(len).ok()?;
        // The RD token ("RD" or "-|") and one space.
        let mut p = after;
        while plain.get(p).is_some_and(u8::is_ascii_whitespace) {
            p += 1;
        }
        while plain.get(p).is_some_and(|b| !b.is_ascii_whitespace()) {
            p += 1;
        }
        p += 1;
        let cs = plain.get(p..p.checked_add(len)?)?;
        let cs = if len_iv >= 0 { decrypt(cs, 4330, len_iv as usize) } else { cs.to_vec() };
        if let Some(w) = charstring_width(&cs) {
            out.insert(name, w * scale * 1000.0);
        }
        pos = p + len;
        // Stop at the end of the CharStrings dictionary: an `end` before the next name.
        // Only the stretch up to that name is searched, so the loop stays linear.
        let rest = plain.get(pos..)?;
        let window = match rest.iter().position(|&b| b == b'/') {
            Some(s) => rest.get(..s)?,
            None => rest,
        };
        if find(window, b"end").is_some() {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encrypt(plain: &[u8], mut r: u16) -> Vec<u8> {
        plain
            .iter()
            .map(|&p| {
                let c = p ^ (r >> 8) as u8;
                r = (u16::from(c).wrapping_add(r)).wrapping_mul(52845).wrapping_add(22719);
                c
            })
            .collect()
    }

    #[test]
    fn reads_hsbw_widths_through_both_decryptions() {
        // Charstring: 0 500 hsbw (500 = 247-range encoding), endchar.
        let cs_plain = [0u8, 0, 0, 0, 139, 248, 136, 13, 14];
        let cs = encrypt(&cs_plain, 4330);
        let mut private = b"\0\0\0\0/lenIV 4 def /CharStrings 1 dict dup begin\n/a ".to_vec();
        private.extend_from_slice(format!("{} RD ", cs.len()).as_bytes());
        private.extend_from_slice(&cs);
        private.extend_from_slice(b" ND\nend\n");
        let mut font = b"%!PS-AdobeFont-1.0\n/FontMatrix [0.001 0 0 0.001 0 0] readonly def\ncurrentfile eexec\n".to_vec();
        let clear_len = font.len();
        font.extend_from_slice(&encrypt(&private, 55665));
        let w = widths(&font, Some(clear_len)).unwrap();
        assert_eq!(w.get("a").copied(), Some(500.0));
    }
}
