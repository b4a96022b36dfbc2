//! Builds small PDFs with lopdf for the operator and font tests.

#![allow(dead_code, unreachable_pub)]

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// A one-page PDF under construction.
pub struct Pdf {
    pub doc: Document,
    pub fonts: Dictionary,
    pub xobjects: Dictionary,
    pub page: Dictionary,
}

impl Pdf {
    pub fn new() -> Self {
        Pdf {
            doc: Document::with_version("1.7"),
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
            page: Dictionary::new(),
        }
    }

    /// Adds a font resource.
    pub fn font(mut self, name: &str, dict: Dictionary) -> Self {
        let id = self.doc.add_object(dict);
        self.fonts.set(name, id);
        self
    }

    /// Sets an extra page-dictionary entry (e.g. /Rotate).
    pub fn page_entry(mut self, key: &str, value: Object) -> Self {
        self.page.set(key, value);
        self
    }

    /// Writes the file with a 600×400 MediaBox and the given content.
    pub fn build(self, content: &str) -> Vec<u8> {
        let mut doc = self.document(content);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    /// The finished document, to be saved as the test needs (object streams, …).
    pub fn document(mut self, content: &str) -> Document {
        let pages_id = self.doc.new_object_id();
        let resources =
            dictionary! { "Font" => self.fonts.clone(), "XObject" => self.xobjects.clone() };
        let content_id =
            self.doc.add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 600.into(), 400.into()],
            "Contents" => content_id,
            "Resources" => resources,
        };
        page.extend(&self.page);
        let page_id = self.doc.add_object(page);
        self.doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog = self.doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        self.doc.trailer.set("Root", catalog);
        self.doc
    }
}

/// Standard-14 Helvetica, WinAnsi, no /Widths.
pub fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

/// Extracts and returns the page's line texts.
pub fn lines(bytes: &[u8]) -> Vec<String> {
    let doc = deck_extract::extract(bytes, &deck_extract::Options::default()).expect("extract");
    doc.pages.iter().flat_map(|p| p.lines.iter().map(|l| l.text.clone())).collect()
}

/// A minimal TrueType program: glyph 0 .notdef, 1..=26 'a'..='z', 27 space, with the
/// given advances (units per em 1000), a (3,10) format-12 cmap, no outlines.
pub fn tiny_ttf(advance: impl Fn(char) -> u16) -> Vec<u8> {
    let chars: Vec<char> = ('a'..='z').chain([' ']).collect();
    let num_glyphs = (chars.len() + 1) as u16;
    let be16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let be32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_be_bytes());

    let mut head = Vec::new();
    be32(&mut head, 0x0001_0000);
    be32(&mut head, 0x0001_0000);
    be32(&mut head, 0);
    be32(&mut head, 0x5F0F_3CF5);
    be16(&mut head, 0);
    be16(&mut head, 1000);
    head.extend_from_slice(&[0; 16]);
    for v in [0i16, -200, 1000, 800] {
        be16(&mut head, v as u16);
    }
    be16(&mut head, 0);
    be16(&mut head, 8);
    be16(&mut head, 2);
    be16(&mut head, 0);
    be16(&mut head, 0);

    let mut hhea = Vec::new();
    be32(&mut hhea, 0x0001_0000);
    for v in [800i16, -200, 0] {
        be16(&mut hhea, v as u16);
    }
    be16(&mut hhea, 1000);
    for _ in 0..3 {
        be16(&mut hhea, 0);
    }
    be16(&mut hhea, 1);
    be16(&mut hhea, 0);
    be16(&mut hhea, 0);
    for _ in 0..4 {
        be16(&mut hhea, 0);
    }
    be16(&mut hhea, 0);
    be16(&mut hhea, num_glyphs);

    let mut maxp = Vec::new();
    be32(&mut maxp, 0x0000_5000);
    be16(&mut maxp, num_glyphs);

    let mut hmtx = Vec::new();
    be16(&mut hmtx, 500);
    be16(&mut hmtx, 0);
    for c in &chars {
        be16(&mut hmtx, advance(*c));
        be16(&mut hmtx, 0);
    }

    let mut cmap = Vec::new();
    be16(&mut cmap, 0);
    be16(&mut cmap, 1);
    be16(&mut cmap, 3);
    be16(&mut cmap, 10);
    be32(&mut cmap, 12);
    let groups: Vec<(u32, u32, u32)> =
        chars.iter().enumerate().map(|(i, c)| (*c as u32, *c as u32, i as u32 + 1)).collect();
    be16(&mut cmap, 12);
    be16(&mut cmap, 0);
    be32(&mut cmap, 16 + 12 * groups.len() as u32);
    be32(&mut cmap, 0);
    be32(&mut cmap, groups.len() as u32);
    for (s, e, g) in groups {
        be32(&mut cmap, s);
        be32(&mut cmap, e);
        be32(&mut cmap, g);
    }

    let tables: Vec<(&[u8; 4], Vec<u8>)> =
        vec![(b"cmap", cmap), (b"head", head), (b"hhea", hhea), (b"hmtx", hmtx), (b"maxp", maxp)];
    let mut out = Vec::new();
    be32(&mut out, 0x0001_0000);
    be16(&mut out, tables.len() as u16);
    be16(&mut out, 64);
    be16(&mut out, 2);
    be16(&mut out, 16);
    let mut offset = 12 + 16 * tables.len() as u32;
    let mut body = Vec::new();
    for (tag, data) in &tables {
        out.extend_from_slice(*tag);
        be32(&mut out, 0);
        be32(&mut out, offset);
        be32(&mut out, data.len() as u32);
        let mut padded = data.clone();
        while padded.len() % 4 != 0 {
            padded.push(0);
        }
        offset += padded.len() as u32;
        body.extend_from_slice(&padded);
    }
    out.extend_from_slice(&body);
    out
}

/// A simple TrueType font dictionary (WinAnsi, codes 32..=122) with the given declared
/// widths; embeds `program` when given.
pub fn truetype(
    pdf: &mut Pdf,
    declared: impl Fn(u8) -> i64,
    program: Option<Vec<u8>>,
) -> Dictionary {
    let widths: Vec<Object> = (32u8..=122).map(|c| Object::Integer(declared(c))).collect();
    let mut descriptor = dictionary! {
        "Type" => "FontDescriptor", "FontName" => "ABCDEF+Tiny", "Flags" => 32,
        "FontBBox" => vec![0.into(), (-200).into(), 1000.into(), 800.into()],
        "ItalicAngle" => 0, "Ascent" => 800, "Descent" => -200, "CapHeight" => 700, "StemV" => 80,
    };
    if let Some(p) = program {
        let id = pdf.doc.add_object(Stream::new(Dictionary::new(), p));
        descriptor.set("FontFile2", id);
    }
    let descriptor_id = pdf.doc.add_object(descriptor);
    dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Tiny",
        "FirstChar" => 32, "LastChar" => 122, "Widths" => widths,
        "Encoding" => "WinAnsiEncoding", "FontDescriptor" => descriptor_id,
    }
}

/// A PDF with a classic cross-reference table; object 1 the catalog
/// (`deck_fixtures::raw`).
pub fn raw_pdf(objects: &[String]) -> Vec<u8> {
    deck_fixtures::raw::pdf(objects)
}

/// A content stream object's text.
pub fn stream(content: &str) -> String {
    format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len())
}
