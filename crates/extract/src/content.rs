//! The content-stream interpreter: graphics and text state, text-showing operators,
//! Form XObjects and marked content, producing positioned glyphs in page space.

use crate::Map;
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::objects::Pdf;

use deck_layout::Rect;

use crate::Limits;
use crate::fonts::{Font, FontIssues};
use crate::lexer::{Lexer, Operand};
use crate::pdf::{self, as_dict, get, get_dict};

/// An affine transform `[a b c d e f]`, PDF row-vector convention.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    pub(crate) a: f32,
    pub(crate) b: f32,
    pub(crate) c: f32,
    pub(crate) d: f32,
    pub(crate) e: f32,
    pub(crate) f: f32,
}

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix { a: 1.0, b: 0.0, c: 0.0, d: 1.0, e: 0.0, f: 0.0 };

    pub(crate) fn new(v: [f32; 6]) -> Matrix {
        let [a, b, c, d, e, f] = v;
        Matrix { a, b, c, d, e, f }
    }

    fn from_operands(ops: &[Operand]) -> Option<Matrix> {
        let v: Vec<f32> = ops.iter().filter_map(Operand::num).collect();
        let arr: [f32; 6] = v.get(..6)?.try_into().ok()?;
        Some(Matrix::new(arr))
    }

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix { e: x, f: y, ..Matrix::IDENTITY }
    }

    /// `self` then `other`.
    pub(crate) fn then(&self, o: &Matrix) -> Matrix {
        Matrix {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    pub(crate) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)
    }

    fn apply_vec(&self, x: f32, y: f32) -> (f32, f32) {
        (self.a * x + self.c * y, self.b * x + self.d * y)
    }

    fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f].iter().all(|v| v.is_finite())
    }
}

/// How far a glyph is taken to reach above and below its baseline, in ems of its size,
/// for line boxes and for clipping to the page: the font's own `/Ascent`/`/Descent`
/// are not read (common text faces have 0.7–0.9 and 0.2–0.25).
pub(crate) const ASCENT_EM: f32 = 0.8;
pub(crate) const DESCENT_EM: f32 = 0.2;

/// One glyph as drawn, in the page's top-left frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// Unicode text; empty when the code could not be mapped.
    pub(crate) text: crate::GlyphText,
    /// Origin on the baseline.
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// Unit vector along the baseline.
    pub(crate) dx: f32,
    pub(crate) dy: f32,
    /// How far the glyph reaches along the baseline (its real advance), page units.
    pub(crate) width: f32,
    /// One em along the baseline, page units (font size × horizontal scaling).
    pub(crate) em: f32,
    /// Font size in page units (vertical extent of an em).
    pub(crate) size: f32,
    /// The font's space width in em.
    pub(crate) space_em: f32,
    /// Index into the document's font table.
    pub(crate) font: usize,
    /// A space glyph (maps to U+0020).
    pub(crate) space: bool,
    /// Drawn with render mode 3 or 7 (invisible, e.g. an OCR layer).
    pub(crate) invisible: bool,
    /// How far text rise (`Ts`) moved the glyph off its line's baseline, page units:
    /// a superscript or subscript still belongs to the line it is drawn on.
    pub(crate) rise_x: f32,
    pub(crate) rise_y: f32,
    /// Drawn in vertical writing mode (`WMode 1`): its line runs down the page but is
    /// read with the horizontal text around it.
    pub(crate) vertical: bool,
    /// Text from an `/ActualText` span, already in logical order.
    pub(crate) actual: bool,
}

#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    font: Option<usize>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
    render: i32,
}

/// Fonts resolved so far, shared by the pages interpreted with it. Indexes are in order
/// of first use, so tables of consecutive page ranges merge into the table one pass over
/// all pages would have built (see [`FontTable::absorb`]).
#[derive(Default)]
pub(crate) struct FontTable {
    pub(crate) fonts: Vec<Arc<Font>>,
    keys: Vec<FontKey>,
    by_key: Map<FontKey, usize>,
    /// Where fonts are loaded: one document's page workers share it, so each font
    /// loads once whichever worker meets it first.
    loaded: Arc<LoadedFonts>,
}

/// Fonts loaded for one document, with their load messages.
#[derive(Default)]
pub(crate) struct LoadedFonts {
    cells: Mutex<Map<FontKey, Arc<OnceLock<Loaded>>>>,
}

struct Loaded {
    font: Arc<Font>,
    messages: Vec<(&'static str, String)>,
}

impl LoadedFonts {
    /// The font for `key` and its load messages, loaded by `load` if no worker has
    /// loaded it yet. Workers asking for the same font wait for the one loading it;
    /// others go on.
    fn get(
        &self,
        key: &FontKey,
        load: impl FnOnce() -> Loaded,
    ) -> (Arc<Font>, Vec<(&'static str, String)>) {
        let cell = {
            // A worker that panicked while holding the lock left the map whole.
            let mut cells = self.cells.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(cells.entry(key.clone()).or_default())
        };
        let loaded = cell.get_or_init(load);
        (Arc::clone(&loaded.font), loaded.messages.clone())
    }
}

/// How a font resource is identified for the cache, so a font is loaded once however
/// often `Tf` selects it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FontKey {
    /// An indirect font dictionary.
    Ref(ObjectId),
    /// A direct dictionary, by address (the lopdf document outlives the table's use).
    Direct(usize),
    /// A name that resolves to nothing, or text shown before any `Tf`.
    Missing(Vec<u8>),
}

impl FontTable {
    /// A table loading its fonts through `loaded` (shared with the other workers of
    /// the same document).
    pub(crate) fn sharing(loaded: &Arc<LoadedFonts>) -> FontTable {
        FontTable { loaded: Arc::clone(loaded), ..FontTable::default() }
    }

    fn insert(&mut self, key: FontKey, font: Arc<Font>) -> usize {
        let idx = self.fonts.len();
        self.fonts.push(font);
        self.keys.push(key.clone());
        self.by_key.insert(key, idx);
        idx
    }

    /// Maps `other`'s fonts from `map.len()` on into this table (copying the ones it
    /// lacks) and extends `map` (other's index → ours); returns which of them are new
    /// here. Called in page order, this reproduces a single pass's indexes.
    pub(crate) fn absorb(&mut self, other: &FontTable, map: &mut Vec<usize>) -> Vec<bool> {
        let mut new = vec![false; map.len()];
        for (key, font) in other.keys.iter().zip(&other.fonts).skip(map.len()) {
            match self.by_key.get(key) {
                Some(&idx) => {
                    map.push(idx);
                    new.push(false);
                }
                None => {
                    map.push(self.insert(key.clone(), Arc::clone(font)));
                    new.push(true);
                }
            }
        }
        new
    }
}

/// What one page's interpretation produced.
#[derive(Default)]
pub(crate) struct PageOutput {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) warnings: Vec<PageWarning>,
    pub(crate) unmapped: usize,
    /// Where images were drawn: the unit square through the CTM, page frame, unclipped.
    pub(crate) images: Vec<Rect>,
}

/// Images recorded per page; a content stream drawing more is pathological, and the
/// first ones already tell a picture page from an empty one.
const MAX_IMAGES: usize = 10_000;

/// Interprets one page (and the forms it draws).
pub(crate) struct Interpreter<'a> {
    doc: &'a Pdf<'a>,
    limits: &'a Limits,
    fonts: &'a mut FontTable,
    out: PageOutput,
    ops: usize,
    forms: Vec<ObjectId>,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    marked: Vec<Option<(usize, String)>>,
    stopped: bool,
    /// Warnings other than font loads so far (the per-page bound counts these).
    plain_warnings: usize,
    /// The last glyph drawn in vertical writing mode, to tell a vertical font set in
    /// horizontal lines by explicit positioning (see [`VerticalRun`]).
    vertical_run: Option<VerticalRun>,
}

/// A glyph of a vertical font (`WMode 1`) as it would be drawn horizontally. Producers
/// set horizontal text in an `Identity-V` font by placing each glyph with `TD`, left to
/// right (PDFBox's PDFBOX-3127 VFont file): the glyphs' origins then step along the
/// baseline, not down the page, and the line reads across like any other. Mode 1 only
/// says how the text position advances; where the glyphs actually land decides the
/// reading direction (as MuPDF does).
#[derive(Debug, Clone, Copy)]
struct VerticalRun {
    /// Index of the glyph in the page's glyphs, and its font.
    glyph: usize,
    font: usize,
    /// Its origin, page units.
    x: f32,
    y: f32,
    /// Unit vectors of the text space's x axis (along a horizontal line) and of the
    /// vertical advance (down the page), and the em along each.
    along: (f32, f32),
    down: (f32, f32),
    em: f32,
    /// Its horizontal advance width (page units), em and size.
    width: f32,
    h_em: f32,
    h_size: f32,
    /// Whether it stepped along the baseline from the glyph before (both turned).
    horizontal: bool,
}

/// Least step along the baseline, in ems, between two glyphs of a vertical font for
/// their run to read horizontally: a clear move to the right, not jitter.
const VERTICAL_RUN_ALONG_EM: f32 = 0.2;
/// Most step down the page, in ems, for the same: glyphs on one baseline. A vertical
/// line steps down by about an em per glyph.
const VERTICAL_RUN_DOWN_EM: f32 = 0.25;

/// Records `run`, the vertical-font glyph about to be pushed, and finds whether it steps
/// along the baseline from the one before (same font, pushed just before): then both
/// read horizontally.
fn vertical_step(last: &mut Option<VerticalRun>, glyphs: &mut [Glyph], mut run: VerticalRun) {
    if let Some(prev) = *last
        && prev.font == run.font
        && prev.glyph + 1 == run.glyph
    {
        let (dx, dy) = (run.x - prev.x, run.y - prev.y);
        let along = dx * prev.along.0 + dy * prev.along.1;
        let down = dx * prev.down.0 + dy * prev.down.1;
        let em = prev.em.max(1e-6);
        // Each step on its own: a jump to the next line (or a column after a line)
        // starts afresh, and its next step says which way it runs.
        run.horizontal =
            along >= VERTICAL_RUN_ALONG_EM * em && down.abs() <= VERTICAL_RUN_DOWN_EM * em;
        if run.horizontal && !prev.horizontal {
            turn_horizontal(glyphs, &prev);
        }
    }
    *last = Some(run);
}

/// Turns the glyph `run` describes into one of a horizontal line.
fn turn_horizontal(glyphs: &mut [Glyph], run: &VerticalRun) {
    if let Some(g) = glyphs.get_mut(run.glyph) {
        g.dx = run.along.0;
        g.dy = run.along.1;
        g.width = run.width;
        g.em = run.h_em;
        g.size = run.h_size;
        g.vertical = false;
    }
}

/// A warning met on one page, before it becomes a [`deck_layout::Warning`].
#[derive(Debug)]
pub(crate) struct PageWarning {
    pub(crate) kind: &'static str,
    pub(crate) message: String,
    /// Set on the warnings of loading this font (its index in the worker's table): a
    /// range of pages interpreted on its own loads fonts another range loaded before,
    /// and only the first load's warnings are kept.
    pub(crate) font: Option<usize>,
}

impl PageWarning {
    pub(crate) fn new(kind: &'static str, message: String) -> Self {
        PageWarning { kind, message, font: None }
    }
}

/// Warnings kept per page: the document gets at most this many from one page. The
/// interpreter stops collecting plain ones there too, so a hostile page cannot pile
/// them up; a font's load adds a handful at most.
pub(crate) const MAX_PAGE_WARNINGS: usize = 64;

/// Bound on q/Q and marked-content nesting kept on the stacks.
const MAX_STACK: usize = 1024;

impl<'a> Interpreter<'a> {
    pub(crate) fn new(
        doc: &'a Pdf<'a>,
        limits: &'a Limits,
        fonts: &'a mut FontTable,
        page_matrix: Matrix,
    ) -> Self {
        Interpreter {
            doc,
            limits,
            fonts,
            out: PageOutput::default(),
            ops: 0,
            forms: Vec::new(),
            gs: GState {
                ctm: page_matrix,
                font: None,
                size: 0.0,
                tc: 0.0,
                tw: 0.0,
                th: 1.0,
                tl: 0.0,
                rise: 0.0,
                render: 0,
            },
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            marked: Vec::new(),
            stopped: false,
            plain_warnings: 0,
            vertical_run: None,
        }
    }

    pub(crate) fn finish(self) -> PageOutput {
        self.out
    }

    fn warn(&mut self, kind: &'static str, msg: String) {
        // Warnings of font loads do not count: they may yet be dropped (see PageOutput).
        if self.plain_warnings < MAX_PAGE_WARNINGS {
            self.plain_warnings += 1;
            self.out.warnings.push(PageWarning::new(kind, msg));
        }
    }

    /// Runs a content stream with the given resources.
    pub(crate) fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) {
        let mut lexer = Lexer::new(content);
        let mut operands = Vec::new();
        while let Some(op) = lexer.next_op(&mut operands) {
            if self.stopped {
                return;
            }
            self.ops += 1;
            if self.ops > self.limits.max_ops_per_page {
                self.warn(
                    "limit",
                    format!(
                        "more than {} operators on the page; rest skipped",
                        self.limits.max_ops_per_page
                    ),
                );
                self.stopped = true;
                return;
            }
            self.op(op, &operands, resources);
        }
    }

    fn op(&mut self, op: &[u8], args: &[Operand], res: Option<&'a Dictionary>) {
        let n = |i: usize| args.get(i).and_then(Operand::num);
        match op {
            b"q" if self.stack.len() < MAX_STACK => {
                self.stack.push(self.gs.clone());
            }
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = Matrix::from_operands(args) {
                    let ctm = m.then(&self.gs.ctm);
                    if ctm.is_finite() {
                        self.gs.ctm = ctm;
                    }
                }
            }
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"ET" => {}
            b"Tf" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.gs.font = self.font(res, name);
                }
                if let Some(s) = n(1) {
                    self.gs.size = s;
                }
            }
            b"Tc" => self.gs.tc = n(0).unwrap_or(self.gs.tc),
            b"Tw" => self.gs.tw = n(0).unwrap_or(self.gs.tw),
            b"Tz" => self.gs.th = n(0).map_or(self.gs.th, |v| v / 100.0),
            b"TL" => self.gs.tl = n(0).unwrap_or(self.gs.tl),
            b"Ts" => self.gs.rise = n(0).unwrap_or(self.gs.rise),
            b"Tr" => self.gs.render = n(0).map_or(self.gs.render, |v| v as i32),
            b"Td" | b"TD" => {
                if let (Some(x), Some(y)) = (n(0), n(1)) {
                    if op == b"TD" {
                        self.gs.tl = -y;
                    }
                    self.tlm = Matrix::translate(x, y).then(&self.tlm);
                    self.tm = self.tlm;
                }
            }
            b"Tm" => {
                if let Some(m) = Matrix::from_operands(args) {
                    self.tlm = m;
                    self.tm = m;
                }
            }
            b"T*" => self.next_line(),
            b"Tj" => {
                if let Some(Operand::Str(s)) = args.first() {
                    self.show(s);
                }
            }
            b"'" => {
                self.next_line();
                if let Some(Operand::Str(s)) = args.first() {
                    self.show(s);
                }
            }
            b"\"" => {
                if let (Some(aw), Some(ac)) = (n(0), n(1)) {
                    self.gs.tw = aw;
                    self.gs.tc = ac;
                }
                self.next_line();
                if let Some(Operand::Str(s)) = args.get(2) {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = args.first() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s),
                            other => {
                                if let Some(adj) = other.num() {
                                    let vertical = self
                                        .gs
                                        .font
                                        .and_then(|f| self.fonts.fonts.get(f))
                                        .is_some_and(|f| f.vertical);
                                    let d = -adj / 1000.0 * self.gs.size;
                                    let step = if vertical {
                                        Matrix::translate(0.0, d)
                                    } else {
                                        Matrix::translate(d * self.gs.th, 0.0)
                                    };
                                    if step.is_finite() {
                                        self.tm = step.then(&self.tm);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.do_xobject(res, name);
                }
            }
            // The lexer has already skipped the inline image's data.
            b"BI" => self.image(),
            b"BMC" if self.marked.len() < MAX_STACK => {
                self.marked.push(None);
            }
            b"BDC" => {
                let actual = self.actual_text(res, args.get(1));
                if self.marked.len() < MAX_STACK {
                    self.marked.push(actual.map(|t| (self.out.glyphs.len(), t)));
                }
            }
            b"EMC" => {
                if let Some(Some((start, text))) = self.marked.pop() {
                    self.apply_actual_text(start, text);
                }
            }
            _ => {}
        }
    }

    fn next_line(&mut self) {
        self.tlm = Matrix::translate(0.0, -self.gs.tl).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Option<usize> {
        let doc = self.doc;
        let fonts = res.and_then(|r| get_dict(doc, r, b"Font"));
        let entry = fonts.and_then(|f| f.get(name).ok());
        let dict = entry.and_then(|e| pdf::deref(doc, e)).and_then(as_dict);
        let key = match (entry, dict) {
            (Some(Object::Reference(id)), Some(_)) => FontKey::Ref(*id),
            (_, Some(d)) => FontKey::Direct(std::ptr::from_ref(d) as usize),
            (_, None) => FontKey::Missing(name.to_vec()),
        };
        if let Some(idx) = self.fonts.by_key.get(&key) {
            return Some(*idx);
        }
        let max_stream = self.limits.max_stream_bytes;
        let load = || {
            let mut issues = FontIssues { messages: Vec::new() };
            let font = match dict {
                Some(d) => Font::load(doc, d, max_stream, &mut issues),
                None => {
                    let msg = format!("font /{} not found", String::from_utf8_lossy(name));
                    issues.messages.push(("missing-font", msg));
                    Font::missing()
                }
            };
            Loaded { font: Arc::new(font), messages: issues.messages }
        };
        let (font, messages) = self.fonts.loaded.get(&key, load);
        let idx = self.fonts.insert(key, font);
        for (kind, message) in messages {
            self.out.warnings.push(PageWarning { kind, message, font: Some(idx) });
        }
        Some(idx)
    }

    fn show(&mut self, bytes: &[u8]) {
        let fi = match self.gs.font {
            Some(f) => f,
            None => {
                // Text without Tf: still position it, with a stand-in font.
                let key = FontKey::Missing(Vec::new());
                let idx = match self.fonts.by_key.get(&key) {
                    Some(i) => *i,
                    None => self.fonts.insert(key, Arc::new(Font::missing())),
                };
                self.gs.font = Some(idx);
                idx
            }
        };
        let Some(font) = self.fonts.fonts.get(fi) else { return };
        let gs = &self.gs;
        let (fs, th) = (gs.size, gs.th);
        let invisible = gs.render == 3 || gs.render == 7;
        for (code, len) in font.codes(bytes) {
            if self.out.glyphs.len() >= self.limits.max_glyphs_per_page {
                self.stopped = true;
                break;
            }
            let declared = font.declared_width(code) * font.scale;
            let m = self.tm.then(&gs.ctm);
            let (ox, oy) = m.apply(0.0, gs.rise);
            let (rise_x, rise_y) = m.apply_vec(0.0, gs.rise);
            // Vertical writing (Identity-V): glyphs advance down by one em (the default
            // vertical metrics; /W2 is not read); otherwise along the baseline.
            let (visual, (ux, uy), (vx, vy)) = if font.vertical {
                (1.0, m.apply_vec(0.0, -fs), m.apply_vec(fs * th, 0.0))
            } else {
                (
                    font.visual_width(code) * font.scale,
                    m.apply_vec(fs * th, 0.0),
                    m.apply_vec(0.0, fs),
                )
            };
            let em = ux.hypot(uy);
            let size = vx.hypot(vy);
            let text = font.unicode(code);
            let unmapped = text.is_none();
            let text = text.unwrap_or_default();
            // Tabs and no-break spaces separate words just like U+0020.
            let space = (!text.is_empty() && text.chars().all(char::is_whitespace))
                || (unmapped && font.is_word_space_code(code, len));
            if em > 1e-4 && ox.is_finite() && oy.is_finite() && em.is_finite() && size.is_finite() {
                if unmapped {
                    self.out.unmapped += 1;
                }
                if font.vertical {
                    let (hx, hy) = m.apply_vec(fs * th, 0.0);
                    let h_em = hx.hypot(hy);
                    let (sx, sy) = m.apply_vec(0.0, fs);
                    let run = VerticalRun {
                        glyph: self.out.glyphs.len(),
                        font: fi,
                        x: ox,
                        y: oy,
                        along: (hx / h_em.max(1e-6), hy / h_em.max(1e-6)),
                        down: (ux / em, uy / em),
                        em,
                        width: font.visual_width(code) * font.scale * h_em,
                        h_em,
                        h_size: sx.hypot(sy),
                        horizontal: false,
                    };
                    vertical_step(&mut self.vertical_run, &mut self.out.glyphs, run);
                } else {
                    self.vertical_run = None;
                }
                self.out.glyphs.push(Glyph {
                    text: if space { crate::GlyphText::const_new(" ") } else { text },
                    x: ox,
                    y: oy,
                    dx: ux / em,
                    dy: uy / em,
                    width: visual * em,
                    em,
                    size,
                    space_em: font.space_em,
                    font: fi,
                    space,
                    invisible,
                    rise_x,
                    rise_y,
                    vertical: font.vertical,
                    actual: false,
                });
                if let Some(run) = self.vertical_run.filter(|r| r.horizontal) {
                    turn_horizontal(&mut self.out.glyphs, &run);
                }
            }
            let tw = if font.is_word_space_code(code, len) { gs.tw } else { 0.0 };
            let step = if font.vertical {
                Matrix::translate(0.0, -(fs + gs.tc + tw))
            } else {
                Matrix::translate((declared * fs + gs.tc + tw) * th, 0.0)
            };
            if step.is_finite() {
                self.tm = step.then(&self.tm);
            }
        }
        if self.out.glyphs.len() >= self.limits.max_glyphs_per_page && self.stopped {
            let limit = self.limits.max_glyphs_per_page;
            self.warn("limit", format!("more than {limit} glyphs on the page; rest skipped"));
        }
    }

    fn do_xobject(&mut self, res: Option<&'a Dictionary>, name: &[u8]) {
        let doc = self.doc;
        let Some(xobjects) = res.and_then(|r| get_dict(doc, r, b"XObject")) else {
            return;
        };
        let id = pdf::ref_id(xobjects, name);
        // Only the dictionary is looked at: image data is never copied or decoded.
        if id.and_then(|i| doc.subtype(i)).as_deref() == Some(b"Image") {
            self.image();
            return;
        }
        let Some(Object::Stream(stream)) = get(doc, xobjects, name) else {
            return;
        };
        match pdf::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Form") => self.draw_form(stream, id, res, None),
            Some(b"Image") => self.image(),
            _ => {}
        }
    }

    /// Records an image drawn now: images fill the unit square of user space.
    fn image(&mut self) {
        if self.out.images.len() >= MAX_IMAGES {
            return;
        }
        let m = &self.gs.ctm;
        let (x0, y0) = m.apply(0.0, 0.0);
        let r = [m.apply(1.0, 0.0), m.apply(0.0, 1.0), m.apply(1.0, 1.0)]
            .iter()
            .fold(Rect::new(x0, y0, x0, y0), |r, &(x, y)| r.union(&Rect::new(x, y, x, y)));
        if [r.x0, r.y0, r.x1, r.y1].iter().all(|v| v.is_finite()) {
            self.out.images.push(r);
        }
    }

    /// Draws an annotation's normal appearance, fitted into its `/Rect` as viewers do.
    pub(crate) fn draw_appearance(
        &mut self,
        stream: &'a Stream,
        id: Option<ObjectId>,
        rect: [f32; 4],
    ) {
        let doc = self.doc;
        let matrix = self.form_matrix(stream);
        let bbox = pdf::get_array(doc, &stream.dict, b"BBox")
            .map(|a| pdf::num_array(doc, a))
            .unwrap_or_default();
        let [bx0, by0, bx1, by1] =
            <[f32; 4]>::try_from(bbox.get(..4).unwrap_or(&[0.0, 0.0, 1.0, 1.0]))
                .unwrap_or([0.0, 0.0, 1.0, 1.0]);
        // The transformed bounding box, then the map from it onto the rectangle.
        let pts = [
            matrix.apply(bx0, by0),
            matrix.apply(bx1, by0),
            matrix.apply(bx0, by1),
            matrix.apply(bx1, by1),
        ];
        let x0 = pts.iter().map(|p| p.0).fold(f32::INFINITY, f32::min);
        let x1 = pts.iter().map(|p| p.0).fold(f32::NEG_INFINITY, f32::max);
        let y0 = pts.iter().map(|p| p.1).fold(f32::INFINITY, f32::min);
        let y1 = pts.iter().map(|p| p.1).fold(f32::NEG_INFINITY, f32::max);
        let [rx0, ry0, rx1, ry1] = rect;
        let (w, h) = (x1 - x0, y1 - y0);
        if !(w.abs() > 1e-3 && h.abs() > 1e-3) {
            return;
        }
        let (sx, sy) = ((rx1 - rx0) / w, (ry1 - ry0) / h);
        let fit = Matrix::new([sx, 0.0, 0.0, sy, rx0 - x0 * sx, ry0 - y0 * sy]);
        if fit.is_finite() {
            self.draw_form(stream, id, None, Some(fit));
        }
    }

    fn form_matrix(&self, stream: &Stream) -> Matrix {
        let doc = self.doc;
        pdf::get_array(doc, &stream.dict, b"Matrix")
            .map(|a| pdf::num_array(doc, a))
            .and_then(|v| v.get(..6).and_then(|s| <[f32; 6]>::try_from(s).ok()))
            .map(Matrix::new)
            .filter(Matrix::is_finite)
            .unwrap_or(Matrix::IDENTITY)
    }

    fn draw_form(
        &mut self,
        stream: &'a Stream,
        id: Option<ObjectId>,
        res: Option<&'a Dictionary>,
        fit: Option<Matrix>,
    ) {
        let doc = self.doc;
        if let Some(id) = id
            && self.forms.contains(&id)
        {
            self.warn("form-cycle", format!("form {} {} draws itself", id.0, id.1));
            return;
        }
        if self.forms.len() >= self.limits.max_form_depth as usize {
            let depth = self.limits.max_form_depth;
            self.warn("limit", format!("forms nested deeper than {depth}; inner ones skipped"));
            return;
        }
        let content = match pdf::decode_stream(stream, self.limits.max_stream_bytes) {
            Ok(c) => c,
            Err(pdf::DecodeError::TooLarge) => {
                let limit = self.limits.max_stream_bytes;
                self.warn("limit", format!("form stream larger than {limit} bytes skipped"));
                return;
            }
            Err(pdf::DecodeError::Failed(e)) => {
                self.warn("bad-stream", format!("form stream: {e}"));
                return;
            }
        };
        let mut matrix = self.form_matrix(stream);
        if let Some(fit) = fit {
            matrix = matrix.then(&fit);
        }
        let form_res = get_dict(doc, &stream.dict, b"Resources").or(res);
        let saved = (self.gs.clone(), self.tm, self.tlm, self.stack.len());
        self.gs.ctm = matrix.then(&self.gs.ctm);
        self.forms.push(id.unwrap_or((u32::MAX, u16::MAX)));
        self.run(&content, form_res);
        self.forms.pop();
        self.stack.truncate(saved.3);
        self.gs = saved.0;
        self.tm = saved.1;
        self.tlm = saved.2;
    }

    fn actual_text(&self, res: Option<&'a Dictionary>, props: Option<&Operand>) -> Option<String> {
        match props? {
            Operand::Dict(_) => match props?.dict_get(b"ActualText")? {
                Operand::Str(s) => Some(text_string(s)),
                _ => None,
            },
            Operand::Name(n) => {
                let doc = self.doc;
                let p = res
                    .and_then(|r| get_dict(doc, r, b"Properties"))
                    .and_then(|p| get_dict(doc, p, n))?;
                match get(doc, p, b"ActualText")? {
                    Object::String(s, _) => Some(text_string(s)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Replaces the glyphs drawn inside an `/ActualText` span by one glyph carrying the text.
    fn apply_actual_text(&mut self, start: usize, text: String) {
        let glyphs = &mut self.out.glyphs;
        if start >= glyphs.len() {
            return;
        }
        let tail: Vec<Glyph> = glyphs.drain(start..).collect();
        let (Some(first), Some(last)) = (tail.first(), tail.last()) else { return };
        let mut merged = first.clone();
        let end = (last.x - first.x) * first.dx + (last.y - first.y) * first.dy + last.width;
        merged.width = end.max(0.0);
        merged.actual = true;
        merged.space = text.trim().is_empty() && !text.is_empty();
        merged.text = if merged.space { crate::GlyphText::const_new(" ") } else { text.into() };
        glyphs.push(merged);
    }
}

/// Decodes a PDF text string: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding.
pub(crate) fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            })
            .collect();
        return char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    crate::encoding::pdfdoc_to_string(bytes)
}
