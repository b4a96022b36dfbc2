//! Fonts: how string bytes split into codes, what each code means (Unicode) and how
//! wide it is, both as the PDF declares (`/Widths`, `/W`) and as the embedded font
//! program draws it (`hmtx`), which is what lets us see through narrowed `/Widths`.

use crate::Map;

use lopdf::{Dictionary, Object};

use crate::objects::Pdf;

use crate::cjk;
use crate::cmap::CMap;
use crate::encoding::BaseEncoding;
use crate::generated::core14::CORE14;
use crate::glyphlist::glyph_to_unicode;
use crate::pdf::{self, as_dict, get, get_array, get_dict, get_name, get_num, get_stream};

/// Space width (em) assumed when a font has no space glyph.
const FALLBACK_SPACE_EM: f32 = 0.28;
/// `/Flags` bits of a font descriptor (ISO 32000-1 Table 123, bit n is `1 << (n - 1)`).
const FLAG_SYMBOLIC: u32 = 1 << 2;
const FLAG_ITALIC: u32 = 1 << 6;
const FLAG_FORCE_BOLD: u32 = 1 << 18;
/// `/FontWeight` from which a face is bold (600 is semibold on the CSS/OpenType scale).
const BOLD_WEIGHT: f32 = 600.0;
/// `/ItalicAngle` (degrees) beyond which a face is slanted; upright faces write 0.
const ITALIC_ANGLE: f32 = 0.5;
/// Bound on `/W` entries and similar per-font tables.
const MAX_WIDTH_ENTRIES: usize = 70_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Simple,
    Type3,
    Composite,
}

/// How a composite font turns codes into CIDs.
#[derive(Debug, Clone)]
enum CidEncoding {
    Identity,
    /// A predefined UCS-2/UTF-16 CMap: the code is the Unicode value.
    Ucs2,
    Embedded(CMap),
}

/// A font resource, resolved once per document.
#[derive(Debug, Clone)]
pub(crate) struct Font {
    /// BaseFont without subset prefix.
    pub(crate) name: Option<String>,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    kind: Kind,
    /// Simple fonts: glyph name and Unicode per code.
    simple_names: Vec<Option<String>>,
    simple_unicode: Vec<Option<crate::GlyphText>>,
    /// Declared widths per code (simple) or CID (composite), in 1/1000 em.
    widths: Map<u32, f32>,
    default_width: f32,
    cid_encoding: CidEncoding,
    to_unicode: Option<CMap>,
    /// Advances from the embedded font program where they disagree with the declared
    /// widths and the program is otherwise consistent with them (keyed like `widths`).
    real: Map<u32, f32>,
    /// Unicode recovered from the font program's own cmap (by code/CID), a fallback.
    program_unicode: Map<u32, crate::GlyphText>,
    /// Text-space units per width unit: 0.001, or the Type 3 FontMatrix scale.
    pub(crate) scale: f32,
    /// Width of the space glyph in em.
    pub(crate) space_em: f32,
    pub(crate) vertical: bool,
    /// The Adobe character collection of a CID font (`Japan1`, `GB1`, `CNS1`, `Korea1`),
    /// whose CID → Unicode table maps codes that no `/ToUnicode` names.
    collection: Option<&'static str>,
    /// A `CIDFontType2` (TrueType) descendant: its own cmap is trusted before the
    /// collection's table, since such fonts often number CIDs as glyph ids whatever
    /// their `/CIDSystemInfo` says.
    truetype_cids: bool,
    /// A composite font whose `/ToUnicode` is an `Identity-H`/`-V` CMap (by name, or a
    /// stream of that name mapping nothing to Unicode): the two-byte code is the Unicode
    /// value. Not valid PDF (Identity maps codes to CIDs), but writers that number CIDs by
    /// Unicode emit it, and PDFBox and poppler read it so.
    identity_unicode: bool,
}

fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

fn name_is_bold(lower: &str) -> bool {
    ["bold", "black", "heavy", "semibold", "demi", "extrabold", "ultrabold"]
        .iter()
        .any(|w| lower.contains(w))
}

fn name_is_italic(lower: &str) -> bool {
    lower.contains("italic")
        || lower.contains("oblique")
        || lower.ends_with("-it")
        || lower.contains(",it")
}

/// Widths of a standard-14 font (or a common alias), keyed by Unicode character.
fn core14_for(name: &str) -> Option<&'static [(char, u16)]> {
    let lower = name.to_ascii_lowercase();
    let bold = name_is_bold(&lower);
    let italic = name_is_italic(&lower);
    let family = if lower.starts_with("helvetica") || lower.starts_with("arial") {
        "Helvetica"
    } else if lower.starts_with("times") {
        "Times"
    } else if lower.starts_with("courier") {
        "Courier"
    } else if lower.starts_with("symbol") {
        "Symbol"
    } else if lower.starts_with("zapfdingbats") {
        "ZapfDingbats"
    } else {
        return None;
    };
    let key = match (family, bold, italic) {
        ("Times", false, false) => "Times-Roman".to_owned(),
        ("Times", true, false) => "Times-Bold".to_owned(),
        ("Times", false, true) => "Times-Italic".to_owned(),
        ("Times", true, true) => "Times-BoldItalic".to_owned(),
        ("Symbol" | "ZapfDingbats", _, _) => family.to_owned(),
        (f, true, true) => format!("{f}-BoldOblique"),
        (f, true, false) => format!("{f}-Bold"),
        (f, false, true) => format!("{f}-Oblique"),
        (f, false, false) => f.to_owned(),
    };
    CORE14.iter().find(|(n, _)| *n == key).map(|(_, w)| *w)
}

fn core14_width(table: &[(char, u16)], text: &str) -> Option<f32> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    table
        .binary_search_by(|(k, _)| k.cmp(&c))
        .ok()
        .and_then(|i| table.get(i))
        .map(|(_, w)| f32::from(*w))
}

/// Parses a `/W` array: `c [w1 w2 …]` and `cfirst clast w`.
fn parse_cid_widths(doc: &Pdf<'_>, arr: &[Object], out: &mut Map<u32, f32>) {
    let items: Vec<&Object> = arr.iter().filter_map(|o| pdf::deref(doc, o)).collect();
    let mut i = 0;
    while i < items.len() && out.len() < MAX_WIDTH_ENTRIES {
        let Some(first) = items.get(i).and_then(|o| pdf::num(o)) else { break };
        let first = first.max(0.0) as u32;
        match items.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, w) in ws.iter().enumerate() {
                    if let (Some(w), Ok(k)) =
                        (pdf::deref(doc, w).and_then(pdf::num), u32::try_from(k))
                    {
                        out.insert(first.saturating_add(k), w);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let last = pdf::num(last).unwrap_or(0.0).max(0.0) as u32;
                let w = items.get(i + 2).and_then(|o| pdf::num(o)).unwrap_or(0.0);
                let mut c = first;
                while c <= last && out.len() < MAX_WIDTH_ENTRIES {
                    out.insert(c, w);
                    c = c.saturating_add(1);
                    if c == u32::MAX {
                        break;
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// An embedded font program, decoded once per font and read by kind.
enum Program {
    /// `/FontFile`: clear-text part of `length1` bytes, then the eexec-encrypted part.
    Type1 { data: Vec<u8>, length1: Option<usize> },
    /// `/FontFile3 /Subtype /Type1C`: a bare CFF program.
    Cff(Vec<u8>),
    /// `/FontFile2`, or `/FontFile3 /Subtype /OpenType`.
    TrueType(Vec<u8>),
    /// A `/FontFile` that does not decode: no other program is looked for.
    Unreadable,
}

/// The descriptor's embedded program, in the order simple fonts prefer them (composite
/// fonts only read TrueType/OpenType programs).
fn embedded_program(doc: &Pdf<'_>, desc: &Dictionary, kind: Kind, max: usize) -> Option<Program> {
    if kind != Kind::Composite {
        if let Some(s) = get_stream(doc, desc, b"FontFile") {
            let length1 = get_num(doc, &s.dict, b"Length1").map(|l| l.max(0.0) as usize);
            return Some(match pdf::decode_stream(s, max) {
                Ok(data) => Program::Type1 { data, length1 },
                Err(_) => Program::Unreadable,
            });
        }
        if let Some(s) = get_stream(doc, desc, b"FontFile3")
            && pdf::get_name(doc, &s.dict, b"Subtype") == Some(b"Type1C")
            && let Ok(data) = pdf::decode_stream(s, max)
        {
            return Some(Program::Cff(data));
        }
    }
    let stream = get_stream(doc, desc, b"FontFile2").or_else(|| {
        let s = get_stream(doc, desc, b"FontFile3")?;
        (pdf::get_name(doc, &s.dict, b"Subtype") == Some(b"OpenType")).then_some(s)
    })?;
    Some(pdf::decode_stream(stream, max).map_or(Program::Unreadable, Program::TrueType))
}

/// The built-in encoding of an embedded Type 1 program (`dup 65 /A put` in its clear-text
/// part), or `None` when it has none or uses StandardEncoding.
fn type1_builtin_encoding(data: &[u8], length1: Option<usize>) -> Option<Vec<(u8, String)>> {
    let clear = data.get(..length1.map_or(data.len(), |l| l.min(data.len())))?;
    let clear = match clear.windows(5).position(|w| w == b"eexec") {
        Some(p) => clear.get(..p)?,
        None => clear,
    };
    let mut lexer = crate::lexer::Lexer::new(clear);
    let mut ops = Vec::new();
    let mut out = Vec::new();
    while let Some(op) = lexer.next_op(&mut ops) {
        if op == b"put"
            && let [crate::lexer::Operand::Num(code), crate::lexer::Operand::Name(name)] =
                ops.as_slice()
            && (0.0..=255.0).contains(code)
            && out.len() < 256
        {
            out.push((*code as u8, String::from_utf8_lossy(name).into_owned()));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The built-in encoding of an embedded CFF program (its Encoding and charset).
fn cff_builtin_encoding(data: &[u8]) -> Option<Vec<(u8, String)>> {
    let table = ttf_parser::cff::Table::parse(data)?;
    let out: Vec<(u8, String)> = (0..=255u8)
        .filter_map(|code| {
            let gid = table.glyph_index(code).filter(|g| g.0 != 0)?;
            Some((code, table.glyph_name(gid)?.to_owned()))
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

/// The ordering of a CID font's `/CIDSystemInfo` when it is one of Adobe's public
/// collections (registry `Adobe`).
fn adobe_collection(doc: &Pdf<'_>, cid_font: &Dictionary) -> Option<&'static str> {
    let info = get_dict(doc, cid_font, b"CIDSystemInfo")?;
    let text = |key: &[u8]| match get(doc, info, key) {
        Some(Object::String(s, _)) => Some(String::from_utf8_lossy(s).into_owned()),
        _ => None,
    };
    if text(b"Registry")? != "Adobe" {
        return None;
    }
    let ordering = text(b"Ordering")?;
    ["GB1", "CNS1", "Japan1", "Korea1"].into_iter().find(|o| *o == ordering && cjk::known(o))
}

/// What went wrong loading a font, for the page's warnings.
pub(crate) struct FontIssues {
    pub(crate) messages: Vec<(&'static str, String)>,
}

impl Font {
    /// A placeholder used when a font resource is missing, so text still gets positions.
    pub(crate) fn missing() -> Font {
        Font {
            simple_unicode: (0..256u32)
                .map(|c| BaseEncoding::WinAnsi.glyph(c as u8).and_then(glyph_to_unicode))
                .collect(),
            ..Font::empty()
        }
    }

    /// A font that maps nothing yet, for [`Font::load`] to fill in.
    fn empty() -> Font {
        Font {
            name: None,
            bold: false,
            italic: false,
            kind: Kind::Simple,
            simple_names: vec![None; 256],
            simple_unicode: vec![None; 256],
            widths: Map::default(),
            default_width: 500.0,
            cid_encoding: CidEncoding::Identity,
            to_unicode: None,
            identity_unicode: false,
            real: Map::default(),
            program_unicode: Map::default(),
            scale: 0.001,
            space_em: FALLBACK_SPACE_EM,
            vertical: false,
            collection: None,
            truetype_cids: false,
        }
    }

    /// Resolves a font dictionary. Never fails; problems are reported in `issues`.
    pub(crate) fn load(
        doc: &Pdf<'_>,
        dict: &Dictionary,
        max_stream: usize,
        issues: &mut FontIssues,
    ) -> Font {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let base = get_name(doc, dict, b"BaseFont")
            .map(|n| strip_subset(&String::from_utf8_lossy(n)).to_owned());
        let mut font = Font::empty();
        font.name = base.clone();
        font.kind = match subtype {
            b"Type0" => Kind::Composite,
            b"Type3" => Kind::Type3,
            _ => Kind::Simple,
        };

        // Descendant font for Type0: widths, descriptor and CIDToGIDMap live there.
        let descendant: Option<&Dictionary> = if font.kind == Kind::Composite {
            get_array(doc, dict, b"DescendantFonts")
                .and_then(|a| a.first())
                .and_then(|o| pdf::deref(doc, o))
                .and_then(as_dict)
        } else {
            None
        };
        let wdict = descendant.unwrap_or(dict);
        let descriptor = get_dict(doc, wdict, b"FontDescriptor");

        // Style.
        let lower = base.as_deref().unwrap_or("").to_ascii_lowercase();
        let flags = descriptor.and_then(|d| get_num(doc, d, b"Flags")).unwrap_or(0.0) as u32;
        let weight = descriptor.and_then(|d| get_num(doc, d, b"FontWeight")).unwrap_or(0.0);
        let angle = descriptor.and_then(|d| get_num(doc, d, b"ItalicAngle")).unwrap_or(0.0);
        font.bold = name_is_bold(&lower) || flags & FLAG_FORCE_BOLD != 0 || weight >= BOLD_WEIGHT;
        font.italic =
            name_is_italic(&lower) || flags & FLAG_ITALIC != 0 || angle.abs() > ITALIC_ANGLE;
        let symbolic = flags & FLAG_SYMBOLIC != 0;
        let program = descriptor.and_then(|d| embedded_program(doc, d, font.kind, max_stream));

        font.load_to_unicode(doc, dict, max_stream, &lower, issues);
        if font.kind == Kind::Composite {
            font.load_composite(doc, dict, descendant, wdict, max_stream, issues);
        } else {
            font.load_simple(doc, dict, descriptor, symbolic, program.as_ref(), issues);
        }

        match program {
            Some(Program::Type1 { data, length1 }) if font.kind == Kind::Simple => {
                font.read_type1(&data, length1);
            }
            Some(Program::Cff(data)) if font.kind == Kind::Simple => font.read_cff(&data),
            Some(Program::TrueType(data)) if font.kind != Kind::Type3 => {
                font.read_truetype(doc, &data, wdict, symbolic, max_stream);
            }
            _ => {}
        }
        font.space_em = font.find_space_em();
        font
    }

    /// `/ToUnicode`, kept only when it maps to Unicode at all.
    fn load_to_unicode(
        &mut self,
        doc: &Pdf<'_>,
        dict: &Dictionary,
        max_stream: usize,
        lower: &str,
        issues: &mut FontIssues,
    ) {
        if let Some(Object::Name(n)) = pdf::get(doc, dict, b"ToUnicode") {
            self.identity_unicode =
                matches!(self.kind, Kind::Composite) && (n == b"Identity-H" || n == b"Identity-V");
        }
        if let Some(s) = get_stream(doc, dict, b"ToUnicode") {
            match pdf::decode_stream(s, max_stream) {
                Ok(bytes) => {
                    let cmap = CMap::parse(&bytes);
                    if cmap.has_unicode() {
                        self.to_unicode = Some(cmap);
                    } else {
                        self.identity_unicode =
                            matches!(self.kind, Kind::Composite) && cmap.named_identity;
                    }
                }
                Err(_) => {
                    issues.messages.push(("bad-font", format!("unreadable ToUnicode in {}", lower)))
                }
            }
        }
    }

    /// A Type0 font: the CID collection, the encoding CMap and the CID widths, which
    /// live in the descendant font.
    fn load_composite(
        &mut self,
        doc: &Pdf<'_>,
        dict: &Dictionary,
        descendant: Option<&Dictionary>,
        wdict: &Dictionary,
        max_stream: usize,
        issues: &mut FontIssues,
    ) {
        self.collection = descendant.and_then(|d| adobe_collection(doc, d));
        self.truetype_cids =
            descendant.and_then(|d| get_name(doc, d, b"Subtype")) == Some(b"CIDFontType2");
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                let n = String::from_utf8_lossy(n);
                self.set_predefined_encoding(&n, issues);
            }
            Some(Object::Stream(s)) => {
                if let Ok(bytes) = pdf::decode_stream(s, max_stream) {
                    let mut cmap = CMap::parse(&bytes);
                    // An embedded CMap may build on a predefined one (`usecmap`).
                    let parent = get_name(doc, &s.dict, b"UseCMap")
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .or_else(|| cmap.uses.clone());
                    if let Some((base, collection)) = parent.and_then(|p| cjk::cmap(&p)) {
                        cmap.inherit(base);
                        self.collection.get_or_insert(collection);
                    }
                    self.vertical = cmap.vertical;
                    self.cid_encoding = CidEncoding::Embedded(cmap);
                }
            }
            _ => {}
        }
        self.default_width = get_num(doc, wdict, b"DW").unwrap_or(1000.0);
        if let Some(w) = get_array(doc, wdict, b"W") {
            parse_cid_widths(doc, w, &mut self.widths);
        }
    }

    /// A simple or Type 3 font: the encoding (over the program's built-in one), the
    /// widths (the standard 14's metrics where a file leaves them out) and a Type 3
    /// font's matrix.
    fn load_simple(
        &mut self,
        doc: &Pdf<'_>,
        dict: &Dictionary,
        descriptor: Option<&Dictionary>,
        symbolic: bool,
        program: Option<&Program>,
        issues: &mut FontIssues,
    ) {
        let builtin = match program {
            Some(Program::Type1 { data, length1 }) => type1_builtin_encoding(data, *length1),
            Some(Program::Cff(data)) => cff_builtin_encoding(data),
            _ => None,
        };
        self.load_simple_encoding(doc, dict, symbolic, builtin);
        let first = get_num(doc, dict, b"FirstChar").unwrap_or(0.0).clamp(0.0, 255.0) as u32;
        if let Some(ws) = get_array(doc, dict, b"Widths") {
            for (i, w) in ws.iter().enumerate().take(256) {
                if let (Some(w), Ok(i)) = (pdf::deref(doc, w).and_then(pdf::num), u32::try_from(i))
                {
                    self.widths.insert(first + i, w);
                }
            }
        }
        self.default_width =
            descriptor.and_then(|d| get_num(doc, d, b"MissingWidth")).unwrap_or(0.0);
        if self.widths.is_empty() && self.kind == Kind::Simple {
            match self.name.as_deref().and_then(core14_for) {
                Some(table) => {
                    for code in 0..256u32 {
                        if let Some(w) = self
                            .simple_unicode
                            .get(code as usize)
                            .cloned()
                            .flatten()
                            .and_then(|u| core14_width(table, &u))
                        {
                            self.widths.insert(code, w);
                        }
                    }
                    self.default_width = core14_width(table, " ").unwrap_or(500.0);
                }
                None => {
                    issues.messages.push((
                        "missing-widths",
                        format!("no /Widths for {}", self.name.as_deref().unwrap_or("?")),
                    ));
                    self.default_width = 500.0;
                }
            }
        }
        if self.kind == Kind::Type3 {
            let m = get_array(doc, dict, b"FontMatrix")
                .map(|a| pdf::num_array(doc, a))
                .unwrap_or_default();
            let a = m.first().copied().unwrap_or(0.001);
            self.scale = if a.is_finite() && a.abs() > 1e-7 { a.abs() } else { 0.001 };
        }
    }

    /// A composite font's `/Encoding` given by name: Identity, a Unicode (UCS-2/UTF-16)
    /// CMap, or one of Adobe's predefined CJK CMaps.
    fn set_predefined_encoding(&mut self, name: &str, issues: &mut FontIssues) {
        self.vertical = name.ends_with("-V");
        if name.starts_with("Identity") {
            self.cid_encoding = CidEncoding::Identity;
        } else if name.contains("UCS2") || name.contains("UTF16") {
            self.cid_encoding = CidEncoding::Ucs2;
            let ordering =
                [("UniJIS", "Japan1"), ("UniGB", "GB1"), ("UniCNS", "CNS1"), ("UniKS", "Korea1")]
                    .iter()
                    .find(|(prefix, _)| name.starts_with(prefix))
                    .map(|(_, o)| *o);
            if let Some(o) = ordering {
                self.collection.get_or_insert(o);
            }
        } else if let Some((cmap, collection)) = cjk::cmap(name) {
            self.vertical = cmap.vertical;
            self.collection.get_or_insert(collection);
            self.cid_encoding = CidEncoding::Embedded(cmap);
        } else {
            issues.messages.push((
                "unsupported-cmap",
                format!("predefined CMap {name}, codes read as 2 bytes"),
            ));
            self.cid_encoding = CidEncoding::Identity;
        }
    }

    fn load_simple_encoding(
        &mut self,
        doc: &Pdf<'_>,
        dict: &Dictionary,
        symbolic: bool,
        builtin: Option<Vec<(u8, String)>>,
    ) {
        // Without an explicit encoding a non-symbolic font uses Standard; symbolic fonts
        // and Type 3 use their own built-in encoding, which only /Differences can name.
        let mut base = if self.kind == Kind::Type3 || symbolic || builtin.is_some() {
            None
        } else {
            Some(BaseEncoding::Standard)
        };
        let mut explicit_base = false;
        let mut differences: Vec<(u32, String)> = Vec::new();
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some(b) = BaseEncoding::from_name(n) {
                    base = Some(b);
                    explicit_base = true;
                }
            }
            Some(Object::Dictionary(d)) => {
                if let Some(b) = get_name(doc, d, b"BaseEncoding").and_then(BaseEncoding::from_name)
                {
                    base = Some(b);
                    explicit_base = true;
                }
                if let Some(arr) = get_array(doc, d, b"Differences") {
                    let mut code = 0u32;
                    for o in arr.iter().take(4096) {
                        match pdf::deref(doc, o) {
                            Some(Object::Integer(i)) => code = (*i).clamp(0, 255) as u32,
                            Some(Object::Name(n)) => {
                                if code < 256 {
                                    differences
                                        .push((code, String::from_utf8_lossy(n).into_owned()));
                                }
                                code = code.saturating_add(1);
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        for code in 0..256u32 {
            let name = base.and_then(|b| b.glyph(code as u8)).map(str::to_owned);
            if let Some(slot) = self.simple_names.get_mut(code as usize) {
                *slot = name;
            }
        }
        // An embedded Type 1 program's own encoding is the base unless one is named.
        let builtin_used = !explicit_base && builtin.is_some();
        if let (false, Some(entries)) = (explicit_base, builtin) {
            for (code, name) in entries {
                if let Some(slot) = self.simple_names.get_mut(usize::from(code)) {
                    *slot = Some(name);
                }
            }
        }
        // Symbolic fonts without an encoding: codes are their own meaning in practice.
        if base.is_none() && !builtin_used {
            for code in 32..127u32 {
                if let Some(slot) = self.simple_names.get_mut(code as usize) {
                    *slot = BaseEncoding::Standard.glyph(code as u8).map(str::to_owned);
                }
            }
        }
        for (code, name) in differences {
            if let Some(slot) = self.simple_names.get_mut(code as usize) {
                *slot = Some(name);
            }
        }
        for code in 0..256usize {
            let name = self.simple_names.get(code).cloned().flatten();
            let mut u = name.as_deref().and_then(glyph_to_unicode);
            // A Type 3 glyph is only a label for its procedure; a label that spells its
            // own code (`/a65` at 65, as TeX's bitmap-font writers emit) says the code is
            // the character, its Latin-1 value, which is how poppler and PDFium read such
            // fonts. Control codes stay unmapped.
            if u.is_none() && self.kind == Kind::Type3 {
                u = name
                    .filter(|n| crate::glyphlist::names_own_code(n, code))
                    .and_then(|_| u32::try_from(code).ok())
                    .filter(|c| (0x20..0x7f).contains(c) || (0xa0..=0xff).contains(c))
                    .and_then(char::from_u32)
                    .map(crate::char_text);
            }
            if let Some(slot) = self.simple_unicode.get_mut(code) {
                *slot = u;
            }
        }
    }

    /// Real advances from an embedded Type 1 program, by glyph name.
    fn read_type1(&mut self, data: &[u8], length1: Option<usize>) {
        let Some(by_name) = crate::type1::widths(data, length1) else { return };
        let advances: Vec<(u32, f32)> = (0..256u32)
            .filter_map(|code| {
                let name = self.simple_names.get(code as usize).cloned().flatten()?;
                by_name.get(&name).map(|w| (code, *w))
            })
            .collect();
        self.adopt_real_advances(advances);
    }

    /// Real advances from a bare CFF program, by glyph name or its own encoding.
    fn read_cff(&mut self, data: &[u8]) {
        let Some(table) = ttf_parser::cff::Table::parse(data) else { return };
        let scale = table.matrix().sx * 1000.0;
        let gids: Vec<(u32, ttf_parser::GlyphId)> = (0..256u32)
            .filter_map(|code| {
                let by_name = self
                    .simple_names
                    .get(code as usize)
                    .cloned()
                    .flatten()
                    .and_then(|n| table.glyph_index_by_name(&n));
                let gid = by_name.or_else(|| table.glyph_index(code as u8)).filter(|g| g.0 != 0)?;
                Some((code, gid))
            })
            .collect();
        let advances: Vec<(u32, f32)> = gids
            .iter()
            .filter_map(|(code, gid)| {
                table.glyph_width(*gid).map(|w| (*code, f32::from(w) * scale))
            })
            .filter(|(_, w)| w.is_finite())
            .collect();
        self.adopt_real_advances(advances);
    }

    /// Real advances and a Unicode fallback from an embedded TrueType/OpenType program.
    fn read_truetype(
        &mut self,
        doc: &Pdf<'_>,
        data: &[u8],
        wdict: &Dictionary,
        symbolic: bool,
        max_stream: usize,
    ) {
        let Ok(face) = ttf_parser::Face::parse(data, 0) else { return };
        let upem = f32::from(face.units_per_em());
        if upem <= 0.0 {
            return;
        }
        let adv = |gid: ttf_parser::GlyphId| {
            face.glyph_hor_advance(gid).map(|a| f32::from(a) * 1000.0 / upem)
        };

        // code/CID → glyph id.
        let mut gids: Vec<(u32, ttf_parser::GlyphId)> = Vec::new();
        match self.kind {
            Kind::Composite => {
                let map: Option<Vec<u8>> = get_stream(doc, wdict, b"CIDToGIDMap")
                    .and_then(|s| pdf::decode_stream(s, max_stream).ok());
                let mut cids: Vec<u32> = self.widths.keys().copied().collect();
                cids.sort_unstable();
                // Also the CIDs of the whole glyph range, for the Unicode fallback.
                let n = u32::from(face.number_of_glyphs());
                let all: Vec<u32> = if self.to_unicode.is_none() {
                    (0..n.min(MAX_WIDTH_ENTRIES as u32)).collect()
                } else {
                    Vec::new()
                };
                for cid in cids.into_iter().chain(all) {
                    let gid = match &map {
                        Some(m) => {
                            let i = cid as usize * 2;
                            match (m.get(i), m.get(i + 1)) {
                                (Some(a), Some(b)) => u16::from_be_bytes([*a, *b]),
                                _ => continue,
                            }
                        }
                        None => u16::try_from(cid).unwrap_or(0),
                    };
                    gids.push((cid, ttf_parser::GlyphId(gid)));
                }
            }
            Kind::Simple => {
                let subtables: Vec<ttf_parser::cmap::Subtable> = face
                    .tables()
                    .cmap
                    .map(|c| c.subtables.into_iter().collect())
                    .unwrap_or_default();
                for code in 0..256u32 {
                    let name = self.simple_names.get(code as usize).cloned().flatten();
                    let uni = self.simple_unicode.get(code as usize).cloned().flatten();
                    let by_unicode = || {
                        let c = uni.as_deref().and_then(|u| {
                            let mut it = u.chars();
                            let c = it.next()?;
                            it.next().is_none().then_some(c)
                        })?;
                        face.glyph_index(c)
                    };
                    let by_code = || {
                        subtables.iter().filter(|s| !s.is_unicode() || symbolic).find_map(|s| {
                            s.glyph_index(code)
                                .or_else(|| s.glyph_index(0xF000 | code))
                                .filter(|g| g.0 != 0)
                        })
                    };
                    let by_name = || name.as_deref().and_then(|n| face.glyph_index_by_name(n));
                    let gid = if symbolic {
                        by_code().or_else(by_name).or_else(by_unicode)
                    } else {
                        by_unicode().or_else(by_name).or_else(by_code)
                    };
                    if let Some(g) = gid.filter(|g| g.0 != 0) {
                        gids.push((code, g));
                    }
                }
            }
            Kind::Type3 => return,
        }

        // Unicode fallback from the program's own cmap (reverse map), when nothing else names the glyph.
        let mut reverse: Map<u16, char> = Map::default();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    if reverse.len() < MAX_WIDTH_ENTRIES
                        && let (Some(ch), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp))
                    {
                        reverse.entry(g.0).or_insert(ch);
                    }
                });
            }
        }

        let mut advances = Vec::new();
        for (key, gid) in &gids {
            if let Some(ch) = reverse.get(&gid.0) {
                self.program_unicode.entry(*key).or_insert_with(|| crate::char_text(*ch));
            }
            if let Some(a) = adv(*gid) {
                advances.push((*key, a));
            }
        }
        self.adopt_real_advances(advances);
    }

    /// Keeps the program's advances where they disagree with the declared widths, if the
    /// program agrees with the declared widths for at least half of the glyphs: then the
    /// disagreeing ones are glyphs the writer narrowed (or widened), not a units, scaling
    /// or glyph-mapping mix-up (those make nearly every glyph disagree).
    fn adopt_real_advances(&mut self, advances: Vec<(u32, f32)>) {
        let mut agree = 0usize;
        let mut disagree: Vec<(u32, f32)> = Vec::new();
        for (key, real) in advances {
            let Some(declared) = self.widths.get(&key).copied() else { continue };
            if (declared - real).abs() <= (declared.abs() * 0.01).max(1.5) {
                agree += 1;
            } else {
                disagree.push((key, real));
            }
        }
        if agree >= 3 && agree >= disagree.len() {
            self.real = disagree.into_iter().collect();
        }
    }

    fn find_space_em(&self) -> f32 {
        let mut w = None;
        match self.kind {
            Kind::Composite => {
                if let Some(code) = self.to_unicode.as_ref().and_then(|tu| tu.code_for(" ")) {
                    w = Some(self.declared_width(code));
                } else if self.identity_unicode {
                    w = Some(self.declared_width(u32::from(b' ')));
                }
            }
            _ => {
                let code = (0..256u32).find(|c| {
                    self.simple_unicode.get(*c as usize).cloned().flatten().as_deref() == Some(" ")
                });
                if let Some(c) = code {
                    w = self.widths.get(&c).copied();
                }
            }
        }
        match w {
            Some(w) if w > 0.0 => (w * self.scale).clamp(0.1, 0.7),
            _ => FALLBACK_SPACE_EM,
        }
    }

    /// Splits string bytes into (code, byte length).
    pub(crate) fn codes(&self, bytes: &[u8]) -> Vec<(u32, usize)> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while let Some(rest) = bytes.get(i..) {
            if rest.is_empty() {
                break;
            }
            let n = match (&self.kind, &self.cid_encoding, &self.to_unicode) {
                (Kind::Composite, CidEncoding::Embedded(c), _) if c.has_codespace() => {
                    c.code_len(rest, 2)
                }
                (Kind::Composite, _, Some(tu))
                    if tu.has_codespace()
                        && !matches!(self.cid_encoding, CidEncoding::Identity) =>
                {
                    tu.code_len(rest, 2)
                }
                (Kind::Composite, _, _) => 2,
                _ => 1,
            };
            let n = n.min(rest.len()).max(1);
            let code = rest.iter().take(n).fold(0u32, |a, &b| (a << 8) | u32::from(b));
            out.push((code, n));
            i += n;
        }
        out
    }

    fn cid(&self, code: u32) -> u32 {
        match &self.cid_encoding {
            CidEncoding::Embedded(c) => c.cid(code).unwrap_or(code),
            // The code is Unicode; the collection says which CID draws it.
            CidEncoding::Ucs2 => self.collection.and_then(|o| cjk::cid_of(o, code)).unwrap_or(code),
            CidEncoding::Identity => code,
        }
    }

    fn key(&self, code: u32) -> u32 {
        if self.kind == Kind::Composite { self.cid(code) } else { code }
    }

    /// Declared width in 1/1000 em (or glyph units for Type 3).
    pub(crate) fn declared_width(&self, code: u32) -> f32 {
        self.widths.get(&self.key(code)).copied().unwrap_or(self.default_width)
    }

    /// The width the glyph really has when drawn: the font program's advance where we
    /// trust it over the declared one.
    pub(crate) fn visual_width(&self, code: u32) -> f32 {
        self.real.get(&self.key(code)).copied().unwrap_or_else(|| self.declared_width(code))
    }

    /// Unicode text for a code, `None` when unmapped.
    pub(crate) fn unicode(&self, code: u32) -> Option<crate::GlyphText> {
        if let Some(u) = self.to_unicode.as_ref().and_then(|t| t.unicode(code)) {
            return Some(u);
        }
        match self.kind {
            Kind::Composite => {
                if matches!(self.cid_encoding, CidEncoding::Ucs2) || self.identity_unicode {
                    return char::from_u32(code).map(crate::char_text);
                }
                let cid = self.cid(code);
                let program = || self.program_unicode.get(&cid).cloned();
                let collection =
                    || self.collection.and_then(|o| cjk::unicode(o, cid)).map(crate::char_text);
                if self.truetype_cids {
                    program().or_else(collection)
                } else {
                    collection().or_else(program)
                }
            }
            _ => self
                .simple_unicode
                .get(code as usize)
                .cloned()
                .flatten()
                .or_else(|| self.program_unicode.get(&code).cloned()),
        }
    }

    /// Whether this code is the single-byte code 32 (where `Tw` applies).
    pub(crate) fn is_word_space_code(&self, code: u32, len: usize) -> bool {
        code == 32 && len == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_prefix_and_styles() {
        assert_eq!(strip_subset("ABCDEF+Carlito-Bold"), "Carlito-Bold");
        assert_eq!(strip_subset("Abc+X"), "Abc+X");
        assert!(name_is_bold("opensans-semibold"));
        assert!(name_is_italic("helvetica-oblique"));
        assert!(core14_for("Helvetica").is_some());
        assert!(core14_for("Arial,BoldItalic").is_some());
        assert!(core14_for("Carlito").is_none());
        let helv = core14_for("Helvetica").unwrap();
        assert_eq!(core14_width(helv, " "), Some(278.0));
        assert_eq!(core14_width(helv, "W"), Some(944.0));
    }
}
