//! CMaps: `/ToUnicode` (bfchar, bfrange) and embedded CID encodings (cidchar,
//! cidrange), with codespace ranges deciding how many bytes make one code.

use crate::Map;

use crate::lexer::{Lexer, Operand};

/// Bound on the entries one range may expand to, so a hostile `<0000> <FFFFFFFF>` range
/// cannot allocate; ranges are stored compactly and resolved on lookup anyway.
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug, Clone)]
struct Codespace {
    lo: Vec<u8>,
    hi: Vec<u8>,
}

#[derive(Debug, Clone)]
struct UniRange {
    lo: u32,
    hi: u32,
    /// UTF-16 units of the target of `lo`; the last one is incremented along the range.
    base: Vec<u16>,
}

/// A parsed CMap. For a ToUnicode map, `unicode` answers; for an encoding CMap, `cid`.
#[derive(Debug, Clone, Default)]
pub(crate) struct CMap {
    codespace: Vec<Codespace>,
    chars: Map<u32, crate::GlyphText>,
    ranges: Vec<UniRange>,
    cid_chars: Map<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    /// Writing mode 1 (vertical), from `/WMode 1`.
    pub(crate) vertical: bool,
    /// The CMap this one builds on (`/Name usecmap`).
    pub(crate) uses: Option<String>,
    /// Whether its own name (`/CMapName /Name def`) is `Identity-H` or `-V`.
    pub(crate) named_identity: bool,
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

fn units_to_string(units: &[u16]) -> crate::GlyphText {
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

impl CMap {
    /// An encoding CMap from codespace ranges (byte strings) and `(lo, hi, first CID)`
    /// ranges, later ones overriding earlier ones.
    pub(crate) fn from_cid_ranges(
        codespace: Vec<(Vec<u8>, Vec<u8>)>,
        cid_ranges: Vec<(u32, u32, u32)>,
        vertical: bool,
    ) -> CMap {
        CMap {
            codespace: codespace.into_iter().map(|(lo, hi)| Codespace { lo, hi }).collect(),
            cid_ranges,
            vertical,
            ..CMap::default()
        }
    }

    /// Parses CMap program text. Never fails: what cannot be read is skipped.
    pub(crate) fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer::new(data);
        let mut ops = Vec::new();
        let mut budget = MAX_ENTRIES;
        while let Some(op) = lexer.next_op(&mut ops) {
            match op {
                b"endcodespacerange" => {
                    for pair in ops.chunks(2) {
                        if let [Operand::Str(lo), Operand::Str(hi)] = pair
                            && !lo.is_empty()
                            && lo.len() == hi.len()
                            && lo.len() <= 4
                        {
                            cmap.codespace.push(Codespace { lo: lo.clone(), hi: hi.clone() });
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in ops.chunks(2) {
                        match pair {
                            [Operand::Str(src), Operand::Str(dst)] => {
                                cmap.chars.insert(code_of(src), units_to_string(&utf16_units(dst)));
                            }
                            [Operand::Str(src), Operand::Name(name)] => {
                                let name = String::from_utf8_lossy(name);
                                if let Some(u) = crate::glyphlist::glyph_to_unicode(&name) {
                                    cmap.chars.insert(code_of(src), u);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"endbfrange" => {
                    for triple in ops.chunks(3) {
                        let [Operand::Str(lo), Operand::Str(hi), dst] = triple else { continue };
                        let (lo, hi) = (code_of(lo), code_of(hi));
                        if hi < lo {
                            continue;
                        }
                        match dst {
                            Operand::Str(d) => {
                                let base = utf16_units(d);
                                if !base.is_empty() {
                                    cmap.ranges.push(UniRange { lo, hi, base });
                                }
                            }
                            Operand::Array(items) => {
                                for (i, item) in items.iter().enumerate() {
                                    if budget == 0 {
                                        break;
                                    }
                                    budget -= 1;
                                    let Some(code) =
                                        u32::try_from(i).ok().and_then(|i| lo.checked_add(i))
                                    else {
                                        break;
                                    };
                                    if code > hi {
                                        break;
                                    }
                                    if let Operand::Str(d) = item {
                                        cmap.chars.insert(code, units_to_string(&utf16_units(d)));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"endcidchar" => {
                    for pair in ops.chunks(2) {
                        if let [Operand::Str(src), cid] = pair
                            && let Some(c) = cid.num().filter(|c| *c >= 0.0)
                        {
                            cmap.cid_chars.insert(code_of(src), c as u32);
                        }
                    }
                }
                b"endcidrange" => {
                    for triple in ops.chunks(3) {
                        if let [Operand::Str(lo), Operand::Str(hi), cid] = triple
                            && let Some(c) = cid.num().filter(|c| *c >= 0.0)
                        {
                            cmap.cid_ranges.push((code_of(lo), code_of(hi), c as u32));
                        }
                    }
                }
                b"usecmap" => {
                    if let Some(Operand::Name(n)) = ops.last() {
                        cmap.uses = Some(String::from_utf8_lossy(n).into_owned());
                    }
                }
                b"def" => match ops.as_slice() {
                    [Operand::Name(n), v] if n == b"WMode" && v.num() == Some(1.0) => {
                        cmap.vertical = true;
                    }
                    [Operand::Name(n), Operand::Name(v)] if n == b"CMapName" => {
                        cmap.named_identity = v == b"Identity-H" || v == b"Identity-V";
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        cmap
    }

    /// Puts `parent`'s codespace and CID ranges under this map's own (which override
    /// them), as `usecmap` does; the writing mode stays this map's.
    pub(crate) fn inherit(&mut self, parent: CMap) {
        let mut codespace = parent.codespace;
        codespace.append(&mut self.codespace);
        self.codespace = codespace;
        let mut ranges = parent.cid_ranges;
        ranges.append(&mut self.cid_ranges);
        self.cid_ranges = ranges;
        // Each key is set at most once, whatever the order: the result is deterministic.
        #[allow(clippy::iter_over_hash_type)]
        for (code, cid) in parent.cid_chars {
            self.cid_chars.entry(code).or_insert(cid);
        }
    }

    /// Whether the map defines any Unicode targets.
    pub(crate) fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || !self.ranges.is_empty()
    }

    /// Whether codespace ranges were declared.
    pub(crate) fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// Unicode text for a code.
    pub(crate) fn unicode(&self, code: u32) -> Option<crate::GlyphText> {
        if let Some(s) = self.chars.get(&code) {
            return Some(s.clone());
        }
        // Later ranges win, as later definitions override earlier ones.
        for r in self.ranges.iter().rev() {
            if (r.lo..=r.hi).contains(&code) {
                let mut units = r.base.clone();
                let offset = code - r.lo;
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add((offset & 0xffff) as u16);
                }
                return Some(units_to_string(&units));
            }
        }
        None
    }

    /// The first code whose target is exactly `target` (e.g. to find the space glyph).
    pub(crate) fn code_for(&self, target: &str) -> Option<u32> {
        let mut best: Option<u32> =
            self.chars.iter().filter(|(_, v)| v.as_str() == target).map(|(k, _)| *k).min();
        for r in &self.ranges {
            let t: Vec<u16> = target.encode_utf16().collect();
            if let (Some(first), Some(last)) = (t.first(), r.base.last())
                && t.len() == 1
                && r.base.len() == 1
                && *first >= *last
            {
                let off = u32::from(*first - *last);
                if off <= r.hi - r.lo {
                    let code = r.lo + off;
                    best = Some(best.map_or(code, |b| b.min(code)));
                }
            }
        }
        best
    }

    /// CID for a code, from an embedded encoding CMap.
    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        if let Some(c) = self.cid_chars.get(&code) {
            return Some(*c);
        }
        self.cid_ranges
            .iter()
            .rev()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
            .map(|(lo, _, base)| base.saturating_add(code - lo))
    }

    /// How many bytes the code starting at `bytes` takes, by the codespace ranges.
    /// Falls back to the shortest declared length (or `default`) when nothing matches.
    pub(crate) fn code_len(&self, bytes: &[u8], default: usize) -> usize {
        for n in 1..=4 {
            let Some(prefix) = bytes.get(..n) else { break };
            let hit = self.codespace.iter().any(|cs| {
                cs.lo.len() == n
                    && prefix
                        .iter()
                        .zip(cs.lo.iter().zip(cs.hi.iter()))
                        .all(|(b, (lo, hi))| (*lo..=*hi).contains(b))
            });
            if hit {
                return n;
            }
        }
        self.codespace.iter().map(|cs| cs.lo.len()).min().unwrap_or(default).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
3 beginbfchar <0003> <0020> <0004> <00660069> <41> <D83DDE00> endbfchar
2 beginbfrange <0010> <0012> <0061> <0020> <0021> [<0041> <0042>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_and_codespace() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(c.unicode(3).as_deref(), Some(" "));
        assert_eq!(c.unicode(4).as_deref(), Some("fi"));
        assert_eq!(c.unicode(0x41).as_deref(), Some("😀"));
        assert_eq!(c.unicode(0x12).as_deref(), Some("c"));
        assert_eq!(c.unicode(0x21).as_deref(), Some("B"));
        assert_eq!(c.unicode(0x13), None);
        assert_eq!(c.code_len(&[0x41, 0x80], 2), 1);
        assert_eq!(c.code_len(&[0x80, 0x01], 2), 2);
    }

    #[test]
    fn cid_ranges() {
        let c = CMap::parse(
            b"1 begincidrange <0000> <00ff> 100 endcidrange 1 begincidchar <0101> 7 endcidchar",
        );
        assert_eq!(c.cid(5), Some(105));
        assert_eq!(c.cid(0x101), Some(7));
        assert_eq!(c.cid(0x300), None);
    }
}
