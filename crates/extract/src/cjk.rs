//! Adobe's predefined CJK CMaps (code → CID) and the CID → Unicode tables of the four
//! public character collections (Adobe-GB1, -CNS1, -Japan1, -Korea1), for CID fonts
//! that carry no `/ToUnicode`. The data (`data/cjk.bin.z`, see `data/SOURCE.md`) is
//! inflated and parsed on first use only: documents without such fonts never pay for it.

use crate::Map;
use std::io::Read;
use std::sync::OnceLock;

use crate::cmap::CMap;

static DATA: &[u8] = include_bytes!("../data/cjk.bin.z");

/// Bound on the inflated size (the real data is about 280 kB).
const MAX_INFLATED: u64 = 8 << 20;
/// Bound on `usecmap` chains (the real ones are one deep).
const MAX_PARENTS: usize = 4;

struct Collection {
    name: String,
    /// (first CID, count, first code point), sorted by CID.
    runs: Vec<(u32, u32, u32)>,
    /// Code point → CID, built on first use (for UCS-2 encoded fonts' widths).
    reverse: OnceLock<Map<u32, u32>>,
}

struct Predefined {
    name: String,
    vertical: bool,
    collection: usize,
    parent: Option<usize>,
    codespace: Vec<(Vec<u8>, Vec<u8>)>,
    ranges: Vec<(u32, u32, u32)>,
}

struct Tables {
    collections: Vec<Collection>,
    cmaps: Vec<Predefined>,
}

static TABLES: OnceLock<Option<Tables>> = OnceLock::new();

fn tables() -> Option<&'static Tables> {
    TABLES.get_or_init(|| parse(&inflate()?)).as_ref()
}

fn inflate() -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(DATA).take(MAX_INFLATED).read_to_end(&mut out).ok()?;
    Some(out)
}

/// A cursor over the generated format (see `data/gen_cjk.py`).
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.data.get(self.pos)?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.varint()?).ok()
    }

    fn zigzag(&mut self) -> Option<i64> {
        let v = self.varint()?;
        Some(if v & 1 == 0 { (v >> 1) as i64 } else { -((v >> 1) as i64) - 1 })
    }

    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn name(&mut self) -> Option<String> {
        let n = self.varint()? as usize;
        Some(String::from_utf8_lossy(self.bytes(n)?).into_owned())
    }
}

fn offset(base: u32, delta: i64) -> Option<u32> {
    u32::try_from(i64::from(base) + delta).ok()
}

fn parse(data: &[u8]) -> Option<Tables> {
    let mut r = Reader { data, pos: 0 };
    if r.bytes(6)? != b"DKCJK2" {
        return None;
    }
    let mut collections = Vec::new();
    for _ in 0..r.varint()? {
        let name = r.name()?;
        let mut runs = Vec::new();
        let (mut cid, mut cp) = (0u32, 0u32);
        for _ in 0..r.varint()? {
            let first = cid.checked_add(r.u32()?)?;
            let count = r.u32()?;
            let code = offset(cp, r.zigzag()?)?;
            runs.push((first, count, code));
            cid = first.checked_add(count)?;
            cp = code.checked_add(count.checked_sub(1)?)?;
        }
        collections.push(Collection { name, runs, reverse: OnceLock::new() });
    }
    let mut cmaps = Vec::new();
    for _ in 0..r.varint()? {
        let name = r.name()?;
        let vertical = r.varint()? == 1;
        let collection = r.varint()? as usize;
        let parent = (r.varint()? as usize).checked_sub(1);
        let mut codespace = Vec::new();
        for _ in 0..r.varint()? {
            let n = r.varint()? as usize;
            codespace.push((r.bytes(n)?.to_vec(), r.bytes(n)?.to_vec()));
        }
        let mut ranges = Vec::new();
        let (mut hi_prev, mut cid_prev) = (0u32, 0u32);
        for _ in 0..r.varint()? {
            let lo = offset(hi_prev, r.zigzag()?)?;
            let hi = lo.checked_add(r.u32()?)?;
            let cid = offset(cid_prev, r.zigzag()?)?;
            ranges.push((lo, hi, cid));
            hi_prev = hi;
            cid_prev = cid.checked_add(hi - lo)?;
        }
        cmaps.push(Predefined { name, vertical, collection, parent, codespace, ranges });
    }
    Some(Tables { collections, cmaps })
}

/// A predefined CMap by name (e.g. `90ms-RKSJ-H`), with the ordering of its character
/// collection (e.g. `Japan1`). `None` for names Adobe does not predefine (or that we
/// leave out: the `Uni*-UCS2`/`UTF16` maps, whose codes are Unicode).
pub(crate) fn cmap(name: &str) -> Option<(CMap, &'static str)> {
    let t = tables()?;
    let mut chain = Vec::new();
    let mut at = t.cmaps.iter().position(|c| c.name == name);
    while let Some(i) = at {
        let c = t.cmaps.get(i)?;
        chain.push(c);
        if chain.len() > MAX_PARENTS {
            break;
        }
        at = c.parent;
    }
    let first = chain.first()?;
    let collection = t.collections.get(first.collection)?.name.as_str();
    let mut codespace = Vec::new();
    let mut ranges = Vec::new();
    // Parents first: later definitions override earlier ones.
    for c in chain.iter().rev() {
        codespace.extend(c.codespace.iter().cloned());
        ranges.extend(c.ranges.iter().copied());
    }
    Some((CMap::from_cid_ranges(codespace, ranges, first.vertical), collection))
}

fn collection(ordering: &str) -> Option<&'static Collection> {
    tables()?.collections.iter().find(|c| c.name == ordering)
}

/// Whether `ordering` (of `/CIDSystemInfo`, registry Adobe) is a collection we can map.
pub(crate) fn known(ordering: &str) -> bool {
    matches!(ordering, "GB1" | "CNS1" | "Japan1" | "Korea1")
}

/// The Unicode character of a CID in the Adobe collection `ordering`.
pub(crate) fn unicode(ordering: &str, cid: u32) -> Option<char> {
    let c = collection(ordering)?;
    let i = c.runs.partition_point(|r| r.0 <= cid).checked_sub(1)?;
    let &(first, count, code) = c.runs.get(i)?;
    (cid - first < count).then(|| char::from_u32(code + (cid - first))).flatten()
}

/// The CID that draws `code_point` in the collection (the lowest, where several do).
pub(crate) fn cid_of(ordering: &str, code_point: u32) -> Option<u32> {
    let c = collection(ordering)?;
    let reverse = c.reverse.get_or_init(|| {
        let mut m = Map::default();
        for &(first, count, code) in c.runs.iter().rev() {
            for k in (0..count).rev() {
                m.insert(code + k, first + k);
            }
        }
        m
    });
    reverse.get(&code_point).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rksj_codes_map_to_japan1_cids_and_to_unicode() {
        let (cmap, ordering) = cmap("90ms-RKSJ-H").unwrap();
        assert_eq!(ordering, "Japan1");
        assert!(!cmap.vertical);
        // Shift-JIS 0x82A0 is HIRAGANA LETTER A; one-byte codes are ASCII-like.
        assert_eq!(cmap.code_len(&[0x82, 0xa0], 1), 2);
        assert_eq!(cmap.code_len(&[0x41, 0x82], 1), 1);
        let a = cmap.cid(0x82a0).unwrap();
        assert_eq!(unicode("Japan1", a), Some('あ'));
        assert_eq!(cmap.cid(0x41).and_then(|c| unicode("Japan1", c)), Some('A'));
        assert_eq!(cid_of("Japan1", 'あ' as u32), Some(a));
    }

    #[test]
    fn vertical_maps_inherit_their_horizontal_parent() {
        let (v, _) = cmap("90ms-RKSJ-V").unwrap();
        let (h, _) = cmap("90ms-RKSJ-H").unwrap();
        assert!(v.vertical);
        assert_eq!(v.cid(0x82a0), h.cid(0x82a0));
        // The ideographic comma has a vertical glyph of its own, which Unicode encodes
        // as a presentation form.
        assert_ne!(v.cid(0x8141), h.cid(0x8141));
        assert_eq!(h.cid(0x8141).and_then(|c| unicode("Japan1", c)), Some('、'));
        assert_eq!(v.cid(0x8141).and_then(|c| unicode("Japan1", c)), Some('\u{fe11}'));
    }

    #[test]
    fn every_collection_and_unknown_names() {
        for (name, code, want) in [
            ("GBK-EUC-H", 0xc4e3, '你'),
            ("ETen-B5-H", 0xa4a4, '中'),
            ("KSCms-UHC-H", 0xc7d1, '한'),
            ("EUC-H", 0xa4a2, 'あ'),
        ] {
            let (cmap, ordering) = cmap(name).unwrap();
            let cid = cmap.cid(code).unwrap();
            assert_eq!(unicode(ordering, cid), Some(want), "{name}");
        }
        assert!(cmap("No-Such-CMap").is_none());
        assert!(unicode("Japan1", 0).is_none());
        assert!(known("Korea1") && !known("Identity"));
    }
}
