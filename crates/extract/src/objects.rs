//! The PDF's objects, read lazily: the cross-reference data is read at open, an object
//! only when something asks for it. Text extraction needs the page tree, content
//! streams, fonts and what they reference; slide decks carry megabytes of images and
//! thousands of objects it never needs, which a full load parses, copies and frees.
//!
//! Files this reader cannot open cleanly (encrypted, damaged or missing cross-reference
//! data, an unreadable page tree) are loaded whole by lopdf instead, which decrypts and
//! rebuilds, unless its rebuild reads fewer objects than our own scan for `N G obj`
//! headers ([`Pdf::open_scanned`]); either way the rest of the crate sees one [`Pdf`]
//! holding lopdf objects.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use crate::lexer::{self, is_delim, is_white};

/// Bound on `/Prev` chains of cross-reference sections.
const MAX_XREF_SECTIONS: usize = 64;
/// Bound on nesting of arrays and dictionaries in one object.
const MAX_NESTING: u32 = 64;
/// Bound on page-tree depth.
const MAX_TREE_DEPTH: usize = 256;
/// How far from the end `startxref` is looked for.
const TAIL: usize = 2048;

/// A document's objects.
pub(crate) struct Pdf<'d> {
    inner: Inner<'d>,
    pub(crate) trailer: Dictionary,
    /// The cross-reference data was damaged and rebuilt by scanning the file.
    pub(crate) recovered: bool,
}

enum Inner<'d> {
    Loaded(Box<lopdf::Document>),
    Lazy(Lazy<'d>),
}

/// Where an object lives, by the cross-reference data.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// At a byte offset (from the `%PDF-` header), with its generation.
    At(usize, u16),
    /// The `index`-th object of object stream `container`.
    InStream(u32, usize),
    /// Free (deleted) in a newer section: older entries for the number do not count.
    Free,
}

struct Lazy<'d> {
    bytes: &'d [u8],
    /// Entries by object number, and a parse-once cell for each.
    numbers: Vec<u32>,
    entries: Vec<Entry>,
    cells: Vec<OnceLock<Option<Object>>>,
    /// Decoded object streams, by container number (one cell per container in use).
    containers: BTreeMap<u32, OnceLock<Option<ObjectStream>>>,
    max_stream: usize,
}

struct ObjectStream {
    data: Vec<u8>,
    /// (object number, offset into `data`) in the stream's order.
    members: Vec<(u32, usize)>,
}

impl<'d> Pdf<'d> {
    /// A document lopdf loaded whole.
    pub(crate) fn loaded(doc: lopdf::Document) -> Pdf<'d> {
        let trailer = doc.trailer.clone();
        let recovered = doc.xref_recovery.is_some();
        Pdf { inner: Inner::Loaded(Box::new(doc)), trailer, recovered }
    }

    /// Opens `bytes` lazily, or `None` when the cross-reference data cannot be read as
    /// written, the document is encrypted (beyond [`Pdf::content_is_plain`]), or the page
    /// tree's root does not resolve:
    /// then lopdf loads it whole.
    pub(crate) fn open_lazy(bytes: &'d [u8], max_stream: usize) -> Option<Pdf<'d>> {
        let start = bytes.windows(5).position(|w| w == b"%PDF-")?;
        let body = bytes.get(start..)?;
        let (map, trailer) = read_xref(body, max_stream)?;
        if !trailer.has(b"Root") {
            return None;
        }
        let mut containers = BTreeMap::new();
        for entry in map.values() {
            if let Entry::InStream(c, _) = entry {
                containers.entry(*c).or_insert_with(OnceLock::new);
            }
        }
        let numbers: Vec<u32> = map.keys().copied().collect();
        let entries: Vec<Entry> = map.values().copied().collect();
        let cells = (0..numbers.len()).map(|_| OnceLock::new()).collect();
        let lazy = Lazy { bytes: body, numbers, entries, cells, containers, max_stream };
        let pdf = Pdf { inner: Inner::Lazy(lazy), trailer, recovered: false };
        if pdf.trailer.has(b"Encrypt") && !pdf.content_is_plain() {
            return None;
        }
        // What every page needs must resolve, or the file is one to rebuild.
        let root = pdf.catalog()?;
        let pages = crate::pdf::get(&pdf, root, b"Pages").and_then(crate::pdf::as_dict)?;
        crate::pdf::get(&pdf, pages, b"Kids")?;
        Some(pdf)
    }

    /// Opens `bytes` lazily with a cross-reference table rebuilt by scanning the file
    /// for `N G obj` at line starts (the last definition of a number wins, as in an
    /// incremental update), for a file whose offsets do not lead to its objects. `None`
    /// when there is no `trailer` with a `/Root`, the file is encrypted (beyond
    /// [`Pdf::content_is_plain`]), or it has object streams (whose members only the lost
    /// cross-reference data lists).
    pub(crate) fn open_scanned(bytes: &'d [u8], max_stream: usize) -> Option<Pdf<'d>> {
        let start = bytes.windows(5).position(|w| w == b"%PDF-")?;
        let body = bytes.get(start..)?;
        if body.windows(7).any(|w| w == b"/ObjStm") {
            return None;
        }
        let mut map: BTreeMap<u32, Entry> = BTreeMap::new();
        let mut trailer: Option<Dictionary> = None;
        let mut pos = 0;
        while pos < body.len() {
            let mut p = Parser { data: body, pos };
            if let Some((n, g)) = p.object_header() {
                map.insert(n, Entry::At(pos, g));
                // Past the object (stream data is not searched for headers).
                let rest = body.get(p.pos..).unwrap_or_default();
                pos = rest
                    .windows(6)
                    .position(|w| w == b"endobj")
                    .map_or(body.len(), |i| p.pos + i + 6);
                continue;
            }
            let mut q = Parser { data: body, pos };
            if q.keyword(b"trailer")
                && let Some(Object::Dictionary(d)) = q.object(0)
                && d.has(b"Root")
            {
                trailer = Some(d);
            }
            // The next line.
            let rest = body.get(pos..).unwrap_or_default();
            pos = rest
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .map_or(body.len(), |i| pos + i + 1);
        }
        let mut trailer = trailer?;
        for key in [b"Prev".as_slice(), b"XRefStm", b"Size"] {
            trailer.remove(key);
        }
        let numbers: Vec<u32> = map.keys().copied().collect();
        let entries: Vec<Entry> = map.values().copied().collect();
        let cells = (0..numbers.len()).map(|_| OnceLock::new()).collect();
        let lazy =
            Lazy { bytes: body, numbers, entries, cells, containers: BTreeMap::new(), max_stream };
        let pdf = Pdf { inner: Inner::Lazy(lazy), trailer, recovered: true };
        if pdf.trailer.has(b"Encrypt") && !pdf.content_is_plain() {
            return None;
        }
        let root = pdf.catalog()?;
        let pages = crate::pdf::get(&pdf, root, b"Pages").and_then(crate::pdf::as_dict)?;
        crate::pdf::get(&pdf, pages, b"Kids")?;
        Some(pdf)
    }

    /// Whether an encrypted document's strings and streams are stored as they are: a
    /// standard security handler of version 4 or 5 whose stream and string filters are
    /// both Identity (the default when unnamed; PDF 32000-1, 7.6.5), as when only the
    /// embedded files are encrypted (`/EFF`). Nothing the text needs is encrypted then,
    /// so no password is needed for it (pdftotext and pdf.js read such files too).
    fn content_is_plain(&self) -> bool {
        let Some(enc) =
            crate::pdf::get(self, &self.trailer, b"Encrypt").and_then(crate::pdf::as_dict)
        else {
            return false;
        };
        let name = |key: &[u8]| enc.get(key).ok().and_then(|o| o.as_name().ok());
        let version = enc.get(b"V").ok().and_then(|o| o.as_i64().ok()).unwrap_or(0);
        let identity = |key: &[u8]| enc.get(key).is_err() || name(key) == Some(b"Identity");
        name(b"Filter") == Some(b"Standard".as_slice())
            && (4..=5).contains(&version)
            && identity(b"StmF")
            && identity(b"StrF")
    }

    /// How many of the objects the document declares can be read (all of them parsed).
    pub(crate) fn readable_objects(&self) -> usize {
        match &self.inner {
            Inner::Loaded(d) => d.objects.len(),
            Inner::Lazy(l) => l
                .numbers
                .iter()
                .zip(&l.entries)
                .filter(|(n, e)| {
                    let g = match e {
                        Entry::At(_, g) => *g,
                        Entry::InStream(..) => 0,
                        Entry::Free => return false,
                    };
                    l.get((**n, g)).is_some()
                })
                .count(),
        }
    }

    /// How many objects the document declares.
    pub(crate) fn object_count(&self) -> usize {
        match &self.inner {
            Inner::Loaded(d) => d.objects.len(),
            Inner::Lazy(l) => l.entries.iter().filter(|e| !matches!(e, Entry::Free)).count(),
        }
    }

    /// The object `id`, parsed on first use; `None` when it is missing or unreadable.
    pub(crate) fn get_object(&self, id: ObjectId) -> Option<&Object> {
        match &self.inner {
            Inner::Loaded(d) => d.get_object(id).ok(),
            Inner::Lazy(l) => l.get(id),
        }
    }

    /// The `/Subtype` name of object `id`'s dictionary, read without taking in a
    /// stream's data when the object is not parsed yet: deciding that an XObject is an
    /// image must not copy megabytes of picture.
    pub(crate) fn subtype(&self, id: ObjectId) -> Option<Vec<u8>> {
        let from_object = |o: &Object| match crate::pdf::as_dict(o)?.get(b"Subtype").ok()? {
            Object::Name(n) => Some(n.clone()),
            _ => None,
        };
        let Inner::Lazy(l) = &self.inner else { return from_object(self.get_object(id)?) };
        let i = l.slot(id.0)?;
        if let Some(done) = l.cells.get(i).and_then(OnceLock::get) {
            return from_object(done.as_ref()?);
        }
        let Some(Entry::At(offset, generation)) = l.entries.get(i).copied() else {
            return from_object(self.get_object(id)?);
        };
        if generation != id.1 {
            return None;
        }
        let mut p = Parser { data: l.bytes, pos: offset };
        match p.object_header() {
            Some((n, _)) if n == id.0 => {}
            _ => return None,
        }
        match p.object(0)? {
            Object::Dictionary(d) => match d.get(b"Subtype").ok()? {
                Object::Name(n) => Some(n.clone()),
                // An indirect /Subtype: read the whole object after all.
                _ => from_object(self.get_object(id)?),
            },
            _ => None,
        }
    }

    pub(crate) fn get_dictionary(&self, id: ObjectId) -> Option<&Dictionary> {
        match self.get_object(id)? {
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    fn catalog(&self) -> Option<&Dictionary> {
        crate::pdf::get(self, &self.trailer, b"Root").and_then(crate::pdf::as_dict)
    }

    /// The page objects in document order (as lopdf's page iterator: a kid that does
    /// not load keeps its place as a blank page).
    pub(crate) fn pages(&self) -> Vec<ObjectId> {
        if let Inner::Loaded(d) = &self.inner {
            return d.page_iter().collect();
        }
        let mut out = Vec::new();
        let Some(root) = self.catalog() else { return out };
        let Some(Object::Reference(tree)) = root.get(b"Pages").ok() else { return out };
        let mut seen = HashSet::new();
        let mut budget = self.object_count();
        self.walk(*tree, 0, &mut seen, &mut budget, &mut out);
        out
    }

    fn walk(
        &self,
        node: ObjectId,
        depth: usize,
        seen: &mut HashSet<ObjectId>,
        budget: &mut usize,
        out: &mut Vec<ObjectId>,
    ) {
        if depth > MAX_TREE_DEPTH || !seen.insert(node) {
            return;
        }
        let Some(dict) = self.get_dictionary(node) else { return };
        let Some(Object::Array(kids)) = crate::pdf::get(self, dict, b"Kids") else { return };
        for kid in kids {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            let Object::Reference(id) = kid else { continue };
            match self.get_dictionary(*id).map(|d| d.get(b"Type")) {
                Some(Ok(Object::Name(t))) if t == b"Page" => out.push(*id),
                Some(Ok(Object::Name(t))) if t == b"Pages" => {
                    self.walk(*id, depth + 1, seen, budget, out)
                }
                Some(_) => {}
                None => out.push(*id),
            }
        }
    }
}

impl Lazy<'_> {
    fn slot(&self, number: u32) -> Option<usize> {
        self.numbers.binary_search(&number).ok()
    }

    fn get(&self, id: ObjectId) -> Option<&Object> {
        let i = self.slot(id.0)?;
        let entry = *self.entries.get(i)?;
        let generation = match entry {
            Entry::At(_, g) => g,
            Entry::InStream(..) => 0,
            Entry::Free => return None,
        };
        if generation != id.1 {
            return None;
        }
        let cell = self.cells.get(i)?;
        // A stream's /Length may be an indirect object: it is read without the cache
        // (`parse_uncached`), so filling one cell never waits on another being filled.
        cell.get_or_init(|| match entry {
            Entry::At(offset, _) => self.parse_at(offset, id.0),
            Entry::InStream(container, index) => self.member(container, index, id.0),
            Entry::Free => None,
        })
        .as_ref()
    }

    fn parse_at(&self, offset: usize, number: u32) -> Option<Object> {
        let mut p = Parser { data: self.bytes, pos: offset };
        let (n, _) = p.object_header()?;
        // An offset that does not lead to the object is damage lopdf would repair.
        if n != number {
            return None;
        }
        let obj = p.object(0)?;
        match obj {
            Object::Dictionary(dict) if p.keyword(b"stream") => {
                let content = self.stream_content(&dict, &mut p)?;
                Some(Object::Stream(Stream::new(dict, content)))
            }
            other => Some(other),
        }
    }

    /// The bytes of a stream whose dictionary was just read; `p` is past `stream`.
    fn stream_content(&self, dict: &Dictionary, p: &mut Parser<'_>) -> Option<Vec<u8>> {
        // The data starts after the end of line that follows `stream`.
        match p.data.get(p.pos) {
            Some(b'\r') if p.data.get(p.pos + 1) == Some(&b'\n') => p.pos += 2,
            Some(b'\r' | b'\n') => p.pos += 1,
            _ => {}
        }
        let start = p.pos;
        let length = match dict.get(b"Length").ok() {
            Some(Object::Integer(n)) => usize::try_from(*n).ok(),
            Some(Object::Reference(id)) => match self.parse_uncached(*id) {
                Some(Object::Integer(n)) => usize::try_from(n).ok(),
                _ => None,
            },
            _ => None,
        };
        let declared = length.and_then(|n| {
            let end = start.checked_add(n)?;
            let mut after = Parser { data: self.bytes, pos: end };
            after.skip_white();
            after.keyword(b"endstream").then_some(end)
        });
        // A wrong or missing /Length: the data runs to `endstream`.
        let end = match declared {
            Some(e) => e,
            None => {
                let rest = self.bytes.get(start..)?;
                let at = rest.windows(9).position(|w| w == b"endstream")?;
                let mut end = start + at;
                while end > start && matches!(self.bytes.get(end - 1), Some(b'\r' | b'\n')) {
                    end -= 1;
                }
                end
            }
        };
        Some(self.bytes.get(start..end)?.to_vec())
    }

    /// An object read for a stream's `/Length`, not cached (see [`Lazy::get`]).
    fn parse_uncached(&self, id: ObjectId) -> Option<Object> {
        let i = self.slot(id.0)?;
        if let Some(done) = self.cells.get(i).and_then(OnceLock::get) {
            return done.clone();
        }
        match self.entries.get(i)? {
            Entry::At(offset, _) => {
                let mut p = Parser { data: self.bytes, pos: *offset };
                p.object_header()?;
                p.object(0).filter(|o| !matches!(o, Object::Dictionary(_)))
            }
            Entry::InStream(container, index) => {
                // Only from a container already decoded: decoding one here could need
                // the very object being read.
                let stream = self.containers.get(container)?.get()?.as_ref()?;
                stream.parse(*index, id.0)
            }
            Entry::Free => None,
        }
    }

    fn member(&self, container: u32, index: usize, number: u32) -> Option<Object> {
        let cell = self.containers.get(&container)?;
        let stream = cell
            .get_or_init(|| {
                let i = self.slot(container)?;
                // An object stream lives at an offset, never inside another one.
                let Entry::At(offset, _) = *self.entries.get(i)? else { return None };
                let Object::Stream(s) = self.parse_at(offset, container)? else {
                    return None;
                };
                ObjectStream::decode(&s, self.max_stream)
            })
            .as_ref()?;
        stream.parse(index, number)
    }
}

impl ObjectStream {
    fn decode(s: &Stream, max: usize) -> Option<ObjectStream> {
        let data = crate::pdf::decode_stream(s, max).ok()?;
        let n = s.dict.get(b"N").ok()?.as_i64().ok()?;
        let first = usize::try_from(s.dict.get(b"First").ok()?.as_i64().ok()?).ok()?;
        let mut p = Parser { data: &data, pos: 0 };
        let mut members = Vec::new();
        for _ in 0..n.clamp(0, 1_000_000) {
            let (Some(num), Some(off)) = (p.integer(), p.integer()) else { break };
            let (Ok(num), Ok(off)) = (u32::try_from(num), usize::try_from(off)) else { break };
            members.push((num, first.checked_add(off)?));
        }
        Some(ObjectStream { data, members })
    }

    fn parse(&self, index: usize, number: u32) -> Option<Object> {
        let &(n, offset) = self.members.get(index)?;
        if n != number {
            return None;
        }
        Parser { data: &self.data, pos: offset }.object(0)
    }
}

/// Reads every cross-reference section from `startxref` back along `/Prev`: entries by
/// object number (the newest section's win) and the newest trailer (older keys fill in).
fn read_xref(data: &[u8], max_stream: usize) -> Option<(BTreeMap<u32, Entry>, Dictionary)> {
    let tail_start = data.len().saturating_sub(TAIL);
    let tail = data.get(tail_start..)?;
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let mut p = Parser { data, pos: tail_start + at + 9 };
    let mut offset = usize::try_from(p.integer()?).ok()?;
    let mut entries: BTreeMap<u32, Entry> = BTreeMap::new();
    let mut trailer: Option<Dictionary> = None;
    let mut seen = HashSet::new();
    for _ in 0..MAX_XREF_SECTIONS {
        if !seen.insert(offset) {
            break;
        }
        let mut p = Parser { data, pos: offset };
        p.skip_white();
        let section = if p.keyword(b"xref") {
            let dict = read_table(&mut p, &mut entries)?;
            // A hybrid file lists its compressed objects in a stream as well.
            if let Ok(Object::Integer(stm)) = dict.get(b"XRefStm") {
                let mut q = Parser { data, pos: usize::try_from(*stm).ok()? };
                read_stream_section(&mut q, &mut entries, max_stream)?;
            }
            dict
        } else {
            read_stream_section(&mut p, &mut entries, max_stream)?
        };
        let prev = match section.get(b"Prev").ok() {
            Some(Object::Integer(n)) => usize::try_from(*n).ok(),
            _ => None,
        };
        match &mut trailer {
            None => trailer = Some(section),
            Some(t) => {
                for (k, v) in section.iter() {
                    if !t.has(k) {
                        t.set(k.clone(), v.clone());
                    }
                }
            }
        }
        match prev {
            Some(p) => offset = p,
            None => break,
        }
    }
    let mut trailer = trailer?;
    for key in [
        b"Prev".as_slice(),
        b"XRefStm",
        b"Type",
        b"W",
        b"Index",
        b"Filter",
        b"DecodeParms",
        b"Length",
    ] {
        trailer.remove(key);
    }
    Some((entries, trailer))
}

/// A classic `xref` table (the keyword already read) and its trailer dictionary.
fn read_table(p: &mut Parser<'_>, entries: &mut BTreeMap<u32, Entry>) -> Option<Dictionary> {
    loop {
        p.skip_white();
        if p.keyword(b"trailer") {
            return match p.object(0)? {
                Object::Dictionary(d) => Some(d),
                _ => None,
            };
        }
        let first = u32::try_from(p.integer()?).ok()?;
        let count = u32::try_from(p.integer()?).ok()?;
        for k in 0..count {
            let offset = p.integer()?;
            let generation = p.integer()?;
            p.skip_white();
            let kind = *p.data.get(p.pos)?;
            p.pos += 1;
            let number = first.checked_add(k)?;
            if kind == b'n' && offset > 0 {
                let entry =
                    Entry::At(usize::try_from(offset).ok()?, u16::try_from(generation).ok()?);
                entries.entry(number).or_insert(entry);
            } else if kind == b'f' {
                // A free entry in a newer section hides older ones.
                entries.entry(number).or_insert(Entry::Free);
            } else if kind != b'n' {
                return None;
            }
        }
    }
}

/// A cross-reference stream at `p` (`n g obj << /Type /XRef … >> stream`); returns its
/// dictionary, which is also the trailer of its section.
fn read_stream_section(
    p: &mut Parser<'_>,
    entries: &mut BTreeMap<u32, Entry>,
    max_stream: usize,
) -> Option<Dictionary> {
    p.object_header()?;
    let Object::Dictionary(dict) = p.object(0)? else { return None };
    if !p.keyword(b"stream") {
        return None;
    }
    match p.data.get(p.pos) {
        Some(b'\r') if p.data.get(p.pos + 1) == Some(&b'\n') => p.pos += 2,
        Some(b'\r' | b'\n') => p.pos += 1,
        _ => {}
    }
    // Cross-reference streams must give /Length directly.
    let Some(Object::Integer(len)) = dict.get(b"Length").ok() else { return None };
    let end = p.pos.checked_add(usize::try_from(*len).ok()?)?;
    let raw = p.data.get(p.pos..end)?.to_vec();
    let stream = Stream::new(dict.clone(), raw);
    let data = stream.decompressed_content_with_limit(max_stream).ok()?;
    let widths: Vec<usize> = match dict.get(b"W").ok()? {
        Object::Array(a) => a
            .iter()
            .map(|o| o.as_i64().ok().and_then(|v| usize::try_from(v).ok()))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let [w0, w1, w2] = <[usize; 3]>::try_from(widths).ok()?;
    let row = w0 + w1 + w2;
    if row == 0 || w0 > 4 || w1 > 8 || w2 > 4 {
        return None;
    }
    let size = dict.get(b"Size").ok()?.as_i64().ok()?;
    let index: Vec<i64> = match dict.get(b"Index").ok() {
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_i64().ok()).collect(),
        _ => vec![0, size],
    };
    let field = |bytes: &[u8]| bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let mut rows = data.chunks_exact(row);
    for pair in index.chunks(2) {
        let [first, count] = pair else { break };
        for k in 0..(*count).clamp(0, 10_000_000) {
            let Some(r) = rows.next() else { break };
            let (a, rest) = r.split_at(w0);
            let (b, c) = rest.split_at(w1);
            let kind = if w0 == 0 { 1 } else { field(a) };
            let number = u32::try_from(first + k).ok()?;
            let entry = match kind {
                0 => Entry::Free,
                1 => {
                    Entry::At(usize::try_from(field(b)).ok()?, u16::try_from(field(c)).unwrap_or(0))
                }
                2 => {
                    Entry::InStream(u32::try_from(field(b)).ok()?, usize::try_from(field(c)).ok()?)
                }
                _ => continue,
            };
            entries.entry(number).or_insert(entry);
        }
    }
    Some(dict)
}

/// A cursor over PDF object syntax.
struct Parser<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Consumes `word` when it comes next (after whitespace) as a whole token.
    fn keyword(&mut self, word: &[u8]) -> bool {
        self.skip_white();
        let end = self.pos + word.len();
        let whole = self.data.get(self.pos..end) == Some(word)
            && self.data.get(end).is_none_or(|b| is_white(*b) || is_delim(*b));
        if whole {
            self.pos = end;
        }
        whole
    }

    fn integer(&mut self) -> Option<i64> {
        self.skip_white();
        let start = self.pos;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        std::str::from_utf8(self.data.get(start..self.pos)?).ok()?.parse().ok()
    }

    /// `n g obj`.
    fn object_header(&mut self) -> Option<(u32, u16)> {
        let n = u32::try_from(self.integer()?).ok()?;
        let g = u16::try_from(self.integer()?).ok()?;
        self.keyword(b"obj").then_some((n, g))
    }

    fn object(&mut self, depth: u32) -> Option<Object> {
        if depth > MAX_NESTING {
            return None;
        }
        self.skip_white();
        match self.peek()? {
            b'/' => {
                self.pos += 1;
                Some(Object::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Some(Object::String(
                    lexer::literal_string(self.data, &mut self.pos),
                    StringFormat::Literal,
                ))
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut dict = Dictionary::new();
                loop {
                    self.skip_white();
                    match self.peek()? {
                        b'>' => {
                            self.pos += 2;
                            return Some(Object::Dictionary(dict));
                        }
                        b'/' => {
                            self.pos += 1;
                            let key = self.name();
                            let value = self.object(depth + 1)?;
                            dict.set(key, value);
                        }
                        _ => return None,
                    }
                }
            }
            b'<' => {
                self.pos += 1;
                Some(Object::String(
                    lexer::hex_string(self.data, &mut self.pos),
                    StringFormat::Hexadecimal,
                ))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(Object::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number_or_reference(),
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|b| !is_white(b) && !is_delim(b)) {
                    self.pos += 1;
                }
                match self.data.get(start..self.pos)? {
                    b"true" => Some(Object::Boolean(true)),
                    b"false" => Some(Object::Boolean(false)),
                    b"null" => Some(Object::Null),
                    _ => None,
                }
            }
        }
    }

    fn number_or_reference(&mut self) -> Option<Object> {
        let start = self.pos;
        let token = |p: &mut Self| {
            let s = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')) {
                p.pos += 1;
            }
            p.data.get(s..p.pos).map(|t| t.to_vec())
        };
        let first = token(self)?;
        let text = std::str::from_utf8(&first).ok()?;
        if first.contains(&b'.') {
            // Reals such as `-.5`, `4.` and the malformed `--1.0` some writers emit.
            let v: f32 = text.trim_start_matches("--").parse().ok()?;
            return Some(Object::Real(v));
        }
        let n: i64 = text.parse().ok()?;
        // `n g R`: look ahead for a generation and `R`.
        let save = self.pos;
        self.skip_white();
        if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            let generation = token(self)?;
            self.skip_white();
            if self.peek() == Some(b'R')
                && self.data.get(self.pos + 1).is_none_or(|b| is_white(*b) || is_delim(*b))
                && let (Ok(num), Some(g)) = (
                    u32::try_from(n),
                    std::str::from_utf8(&generation).ok().and_then(|g| g.parse::<u16>().ok()),
                )
            {
                self.pos += 1;
                return Some(Object::Reference((num, g)));
            }
        }
        self.pos = save;
        let _ = start;
        Some(Object::Integer(n))
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
            if b == b'#'
                && let Some(v) = self
                    .data
                    .get(self.pos..self.pos + 2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                self.pos += 2;
                continue;
            }
            out.push(b);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_objects_of_every_kind() {
        let src =
            b"<< /A 1 /B -2.5 /C (a\\(b\\)\\101) /D <48 65> /E [1 0 R /N#20x true null] /F .5 >>";
        let mut p = Parser { data: src, pos: 0 };
        let Some(Object::Dictionary(d)) = p.object(0) else { panic!("no dict") };
        assert_eq!(d.get(b"A").unwrap(), &Object::Integer(1));
        assert_eq!(d.get(b"B").unwrap(), &Object::Real(-2.5));
        assert_eq!(d.get(b"C").unwrap().as_str().unwrap(), b"a(b)A");
        assert_eq!(d.get(b"D").unwrap().as_str().unwrap(), b"He");
        let Object::Array(e) = d.get(b"E").unwrap() else { panic!("no array") };
        assert_eq!(e[0], Object::Reference((1, 0)));
        assert_eq!(e[1], Object::Name(b"N x".to_vec()));
        assert_eq!(e[2], Object::Boolean(true));
        assert_eq!(e[3], Object::Null);
        assert_eq!(d.get(b"F").unwrap(), &Object::Real(0.5));
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let src = "[".repeat(10_000);
        assert!(Parser { data: src.as_bytes(), pos: 0 }.object(0).is_none());
    }
}
