//! The language data's lookup tables: open addressing over 64-bit slots, each holding a
//! tag of the key's hash and the key's 32-bit value. No strings are stored: a lookup hashes
//! the word and compares tags, so the table is 8 bytes a slot and one cache line per
//! lookup, and it can be built at compile time (`build.rs` includes this file) and used
//! straight from the binary's bytes, with nothing to decode at start-up.
//!
//! Kept free of dependencies and of anything but `core`/`alloc`, since the build script
//! compiles it on its own.

/// Bits of a slot holding the value; the rest hold the tag.
pub(crate) const VALUE_BITS: u32 = 32;
const VALUE_MASK: u64 = (1 << VALUE_BITS) - 1;

/// A stable 64-bit hash of a byte string. Our own, not `std`'s or a crate's, because the
/// table built at compile time must match the lookups at run time forever.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    // A folded 128-bit product carries every input bit both up and down; a plain
    // multiply only carries up, and words differing in a chunk's top byte collided.
    let fold = |a: u64, b: u64| {
        let p = u128::from(a) * u128::from(b);
        (p as u64) ^ ((p >> 64) as u64)
    };
    let n = bytes.len();
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let half = |at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&bytes[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            h = fold(h ^ word(at), K);
            at += 8;
        }
        // The last 8 bytes, overlapping the previous chunk: no variable-length copy.
        h = fold(h ^ word(n - 8), K);
    } else if n >= 4 {
        h = fold(h ^ (half(0) | half(n - 4) << 32), K);
    } else if n > 0 {
        let w = u64::from(bytes[0]) << 16 | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]);
        h = fold(h ^ w, K);
    }
    // One more fold, by a multiplier that depends on the length (the tail chunks above
    // pad or overlap, so equal chunks of different lengths must part here). The slot
    // index comes from the top bits, the tag from the bottom ones: all bits reach both.
    fold(h, 0xC4CE_B9FE_1A85_EC53_u64.wrapping_add((n as u64) << 1))
}

/// Table size (log2) for `n` keys: load at most 0.6, so probes stay short (a miss reads
/// 3.6 slots on average, mostly within one cache line).
pub(crate) fn bits_for(n: usize) -> u32 {
    let mut bits = 4;
    while !fits(n, 1 << bits) {
        bits += 1;
    }
    bits
}

fn fits(keys: usize, slots: usize) -> bool {
    keys.saturating_mul(5) <= slots.saturating_mul(3)
}

/// The slot's tag for a hash: its low bits, never zero (zero marks an empty slot).
fn tag(h: u64) -> u64 {
    (h << VALUE_BITS) | (1 << VALUE_BITS)
}

fn home(h: u64, bits: u32) -> usize {
    // `bits` ≤ 63, so the shift is in range and the result fits the table.
    usize::try_from(h >> (64 - bits)).unwrap_or(0)
}

/// Adds `value` under `h`, OR-ing it into an existing slot with the same tag. Returns
/// whether the tag was there already (a duplicate word, or a hash collision).
pub(crate) fn insert(slots: &mut [u64], bits: u32, h: u64, value: u32) -> bool {
    let mask = slots.len() - 1;
    let t = tag(h);
    let mut i = home(h, bits);
    loop {
        let s = slots[i];
        if s == 0 {
            slots[i] = t | (u64::from(value) & VALUE_MASK);
            return false;
        }
        if s & !VALUE_MASK == t {
            slots[i] = s | (u64::from(value) & VALUE_MASK);
            return true;
        }
        i = (i + 1) & mask;
    }
}

/// A slot's control byte: 0 when empty, else 0x80 and seven bits of the tag.
fn control(slot: u64) -> u8 {
    if slot == 0 { 0 } else { 0x80 | ((slot >> (VALUE_BITS + 1)) & 0x7F) as u8 }
}

/// A table as [`to_bytes`] lays it out, its size checked once, when it is made, rather
/// than by every lookup (about three per byte of text).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Table {
    bytes: std::borrow::Cow<'static, [u8]>,
    bits: u32,
    /// Slot count: 2^`bits`, or 0 when `bytes` is no table of that size (nothing is found).
    len: usize,
}

impl Default for Table {
    fn default() -> Table {
        Table::EMPTY
    }
}

impl Table {
    /// The table with no slots.
    pub(crate) const EMPTY: Table = Table::from_static(&[], 0);

    /// A table in the binary's bytes (`build.rs` wrote it with [`to_bytes`]).
    pub(crate) const fn from_static(bytes: &'static [u8], bits: u32) -> Table {
        Table {
            len: checked_len(bytes.len(), bits),
            bytes: std::borrow::Cow::Borrowed(bytes),
            bits,
        }
    }

    /// The table of these slots (`1 << bits` of them, as [`insert`] filled them).
    pub(crate) fn from_slots(slots: &[u64], bits: u32) -> Table {
        let bytes = to_bytes(slots);
        Table { len: checked_len(bytes.len(), bits), bytes: std::borrow::Cow::Owned(bytes), bits }
    }

    /// Size in bytes.
    pub(crate) fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    /// The value under `h`, if any.
    ///
    /// Most lookups are of strings that are no words, so a probe first reads one control
    /// byte per slot, from an array an eighth of the table's size that stays in cache, and
    /// reads the 8-byte slot only when that byte matches (as in SwissTable / hashbrown).
    pub(crate) fn get(&self, h: u64) -> Option<u32> {
        let len = self.len;
        if len == 0 {
            return None;
        }
        let (ctrl, slots) = self.bytes.split_at(len);
        let mask = len - 1;
        let t = tag(h);
        let want = control(t);
        let mut i = home(h, self.bits) & mask;
        // The load is bounded, so an empty slot ends the probe; the bound on the loop is for
        // tables that did not come from `build`.
        for _ in 0..len {
            let c = *ctrl.get(i)?;
            if c == 0 {
                return None;
            }
            if c == want {
                let mut w = [0u8; 8];
                w.copy_from_slice(slots.get(i * 8..i * 8 + 8)?);
                let s = u64::from_le_bytes(w);
                if s & !VALUE_MASK == t {
                    return u32::try_from(s & VALUE_MASK).ok();
                }
            }
            i = (i + 1) & mask;
        }
        None
    }
}

/// The slot count of a table of `bytes` bytes and `bits` bits: 0 unless the bytes hold
/// 2^`bits` slots (a control byte and 8 bytes each).
const fn checked_len(bytes: usize, bits: u32) -> usize {
    let len = bytes / 9;
    match 1usize.checked_shl(bits) {
        Some(n) if n == len => len,
        _ => 0,
    }
}

/// The table as [`Table::get`] reads it: the control bytes, then the slots, little-endian.
pub(crate) fn to_bytes(slots: &[u64]) -> Vec<u8> {
    let mut out: Vec<u8> = slots.iter().map(|&s| control(s)).collect();
    out.extend(slots.iter().flat_map(|s| s.to_le_bytes()));
    out
}

/// Shortest compound part, in characters: compound analysis (`compound::MIN_PART_CHARS`)
/// and the prefix table built by `build.rs` must agree on it, so it lives here, where
/// both see it.
pub(crate) const MIN_PART_CHARS: usize = 3;

/// Tables built from lexicon records.
pub(crate) struct Built {
    /// log2 of the word table's slot count.
    pub(crate) bits: u32,
    /// The words: value `nb | en << 8 | modifier << 16 | nn << 24 | closed << 31` (Zipf
    /// values × 10 are below 128, which leaves the top bit for the closed-class flag).
    pub(crate) slots: Vec<u64>,
    /// log2 of the prefix table's slot count.
    pub(crate) prefix_bits: u32,
    /// Every prefix of every compound modifier (value 1). Apart from the words: it is
    /// asked about almost every substring compound analysis tries, and at a tenth of the
    /// size it stays in cache.
    pub(crate) prefix_slots: Vec<u64>,
    /// Word records that made a new entry.
    pub(crate) words: usize,
    /// Word records that landed on an existing entry (repeats or hash collisions).
    pub(crate) duplicates: usize,
}

/// Parses `word \t nb \t en \t modifier \t nn \t closed` lines (Zipf × 10, below 128;
/// `closed` 0 or 1; missing trailing columns are 0) into tables (see [`Built`]); prefixes
/// have `min_prefix_chars`+ characters. Errors give the 1-based line of a malformed record.
pub(crate) fn build_from_tsv(text: &str, min_prefix_chars: usize) -> Result<Built, usize> {
    let mut records = Vec::with_capacity(text.len() / 14);
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let word = cols.next().unwrap_or_default();
        let mut value = 0u32;
        for shift in [0, 8, 16, 24] {
            if let Some(c) = cols.next() {
                let v: u8 = c.parse().map_err(|_| i + 1)?;
                if v >= 0x80 {
                    return Err(i + 1);
                }
                value |= u32::from(v) << shift;
            }
        }
        if let Some(c) = cols.next() {
            match c {
                "0" => {}
                "1" => value |= 1 << 31,
                _ => return Err(i + 1),
            }
        }
        if word.is_empty() || cols.next().is_some() {
            return Err(i + 1);
        }
        // Generated data is lowercase already; spare the work then.
        let word = if word.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(word.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(word)
        };
        records.push((word, value));
    }
    let bits = bits_for(records.len());
    let mut slots = vec![0u64; 1 << bits];
    let mut duplicates = 0;
    for (word, value) in &records {
        duplicates += usize::from(insert(&mut slots, bits, hash(word.as_bytes()), *value));
    }
    let mut prefixes: Vec<&[u8]> = Vec::new();
    for (word, value) in &records {
        if value >> 16 & 0xFF != 0 {
            let ends = word.char_indices().skip(min_prefix_chars).map(|(end, _)| end);
            prefixes.extend(ends.chain([word.len()]).map(|end| &word.as_bytes()[..end]));
        }
    }
    prefixes.sort_unstable();
    prefixes.dedup();
    let prefix_bits = bits_for(prefixes.len());
    let mut prefix_slots = vec![0u64; 1 << prefix_bits];
    for p in prefixes {
        insert(&mut prefix_slots, prefix_bits, hash(p), 1);
    }
    Ok(Built {
        bits,
        slots,
        prefix_bits,
        prefix_slots,
        words: records.len() - duplicates,
        duplicates,
    })
}

/// The key of a word pair, from the two words' keys ([`hash`] of each): no string is
/// built per pair looked up.
pub(crate) fn pair_hash(left: u64, right: u64) -> u64 {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&left.to_le_bytes());
    bytes[8..].copy_from_slice(&right.to_le_bytes());
    hash(&bytes)
}

/// Steps per doubling of the log scale that context counts are stored in (one byte
/// each): a step is 6 %, far finer than what counts from a million words can tell.
pub(crate) const COUNT_STEPS_PER_OCTAVE: f64 = 12.0;

/// A count on the byte log scale: `round(log2(1 + n) * COUNT_STEPS_PER_OCTAVE)`.
pub(crate) fn quantize_count(n: u64) -> u32 {
    let q = ((1.0 + n as f64).log2() * COUNT_STEPS_PER_OCTAVE).round();
    // q is finite and non-negative; 255 stands for "at least this many".
    if q >= 255.0 { 255 } else { q as u32 }
}

/// The count a [`quantize_count`] byte stands for.
pub(crate) fn dequantize_count(q: u32) -> f32 {
    ((f64::from(q) / COUNT_STEPS_PER_OCTAVE).exp2() - 1.0) as f32
}

/// [`dequantize_count`] of every byte, for lookups on the hot path.
pub(crate) fn dequantize_table() -> [f32; 256] {
    let mut t = [0.0; 256];
    for (q, v) in (0u32..).zip(t.iter_mut()) {
        *v = dequantize_count(q);
    }
    t
}

/// The word-pair tables built from `context.tsv.gz` records (see `data/build_lexicon.py`).
pub(crate) struct BuiltContext {
    /// log2 of the word table's slot count.
    pub(crate) word_bits: u32,
    /// Per word: `D | B << 8 | R << 16`, each a [`quantize_count`] byte.
    pub(crate) word_slots: Vec<u64>,
    /// log2 of the pair table's slot count.
    pub(crate) pair_bits: u32,
    /// Per kept pair ([`pair_hash`]): its count.
    pub(crate) pair_slots: Vec<u64>,
    /// Word pairs counted in the training text.
    pub(crate) total_pairs: u64,
}

/// Parses the context records: `# pairs N`, then `word \t D \t B \t R` and
/// `left right \t count` lines. Errors give the 1-based line of a malformed record.
pub(crate) fn build_context_from_tsv(text: &str) -> Result<BuiltContext, usize> {
    let mut words: Vec<(u64, u32)> = Vec::new();
    let mut pairs: Vec<(u64, u32)> = Vec::new();
    let mut total_pairs = 0u64;
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        if let Some(n) = line.strip_prefix("# pairs ") {
            total_pairs = n.trim().parse().map_err(|_| i + 1)?;
            continue;
        }
        let mut cols = line.split('\t');
        let key = cols.next().unwrap_or_default();
        let nums: Vec<u64> = cols.map(str::parse).collect::<Result<_, _>>().map_err(|_| i + 1)?;
        match (key.split_once(' '), nums.as_slice()) {
            (Some((l, r)), [count]) if !l.is_empty() && !r.is_empty() => {
                let value = u32::try_from(*count).unwrap_or(u32::MAX);
                pairs.push((pair_hash(hash(l.as_bytes()), hash(r.as_bytes())), value));
            }
            (None, [d, b, r]) if !key.is_empty() => {
                let value = quantize_count(*d) | quantize_count(*b) << 8 | quantize_count(*r) << 16;
                words.push((hash(key.as_bytes()), value));
            }
            _ => return Err(i + 1),
        }
    }
    let fill = |records: &[(u64, u32)]| {
        let bits = bits_for(records.len());
        let mut slots = vec![0u64; 1 << bits];
        for &(h, v) in records {
            insert(&mut slots, bits, h, v);
        }
        (bits, slots)
    };
    let (word_bits, word_slots) = fill(&words);
    let (pair_bits, pair_slots) = fill(&pairs);
    Ok(BuiltContext { word_bits, word_slots, pair_bits, pair_slots, total_pairs })
}
