//! Reads PDFs into pages of positioned text lines (`deck_layout::Document`).
//!
//! `objects` reads the cross-reference data and parses objects only when asked for
//! (pages, content streams, fonts; never an image's data), with lopdf's object types;
//! lopdf loads the files it cannot open that way (encrypted, damaged) and decodes
//! stream filters. Everything about text is ours: a content-stream interpreter (`content`) that tracks the full
//! text state and places every glyph in page space, font handling (`fonts`, `cmap`,
//! `encoding`, `glyphlist`) that maps codes to Unicode and to widths, both as declared
//! and as the embedded font program draws them (`type1` for Type 1 programs, ttf-parser
//! for TrueType/OpenType/CFF), width corrections learned from the document where no
//! program can be read (`compensation`), line building and reading order (`lines`) and
//! word breaks decided from geometry (`words`). `lexer` tokenizes content streams and
//! CMaps, `pdf` wraps lopdf lookups, `metadata` reads the Info dictionary.
//!
//! The one defect this crate exists to fix: extractors that measure gaps from `/Widths`
//! (or turn every large TJ kerning into a space) split words where a writer declared a
//! glyph narrower than it is and compensated with a displacement. We measure gaps from
//! the real advance where the font program is embedded and judge them against each
//! line's own gap statistics and the font's space width.
//!
//! Hostile input never panics: parsed data is accessed with checked operations, calls
//! into lopdf are wrapped in `catch_unwind`, and [`Limits`] bound the work.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod cjk;
mod cmap;
mod compensation;
mod content;
mod encoding;
mod error;
mod fonts;
mod generated;
mod glyphlist;
mod lexer;
mod limits;
mod lines;
mod metadata;
mod objects;
mod pdf;
mod type1;
mod words;

use std::panic::{AssertUnwindSafe, catch_unwind};

use deck_layout::{Document, Link, Page, Rect, Warning};
use lopdf::{Dictionary, Object, ObjectId};

pub use error::ExtractError;
pub use limits::Limits;

use content::{FontTable, Interpreter, Matrix, PageWarning};
use objects::Pdf;

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Password for encrypted documents. The empty user password is always tried first.
    pub password: Option<String>,
    /// Resource bounds.
    pub limits: Limits,
    /// Workers interpreting one document's pages at once; `None` takes the size of the
    /// current rayon pool (so inside a pool of `--jobs N` there are at most N), `Some(1)`
    /// reads pages one after another. The result is the same either way.
    pub page_workers: Option<usize>,
}

/// Extracts the text lines of every page of a PDF.
///
/// Fails only when the document cannot be opened at all (not a PDF, encrypted without
/// the right password, over the limits while loading). Damage inside pages becomes
/// `Document::warnings` and partial text.
pub fn extract(bytes: &[u8], options: &Options) -> Result<Document, ExtractError> {
    extract_from(load(bytes, options, true)?, options)
}

fn extract_from(doc: Pdf<'_>, options: &Options) -> Result<Document, ExtractError> {
    let mut out = Document::default();
    if doc.recovered {
        out.warnings.push(warning(
            None,
            "broken-xref",
            "cross-reference data was damaged; objects were recovered by scanning",
        ));
    }
    out.metadata = catch_unwind(AssertUnwindSafe(|| metadata::read(&doc))).unwrap_or_default();

    let pages: Vec<ObjectId> = match catch_unwind(AssertUnwindSafe(|| doc.pages())) {
        Ok(p) => p,
        Err(_) => return Err(ExtractError::Internal("page tree".into())),
    };
    if pages.is_empty() {
        return Err(ExtractError::Malformed("no pages found".into()));
    }
    let count = pages.len().min(options.limits.max_pages);
    let workers = page_workers(options.page_workers, count);
    // Pages are interpreted in windows of consecutive ranges, one range per worker, each
    // worker with its own font table kept across windows; the fonts behind the tables
    // are loaded once per document, by whichever worker meets one first. The ranges are
    // then merged in page order into one table and one pass of the code below, so the
    // result is exactly that of a single pass (tested).
    let loaded = std::sync::Arc::new(content::LoadedFonts::default());
    let mut tables: Vec<FontTable> = (0..workers).map(|_| FontTable::sharing(&loaded)).collect();
    let mut maps: Vec<Vec<usize>> = vec![Vec::new(); workers];
    let mut fonts = FontTable::default();
    let mut unmapped = 0usize;
    let mut private_use = 0usize;
    let mut learner = compensation::Learner::default();
    // Glyphs wait for the whole document's statistics before becoming lines.
    let mut pending: Vec<(usize, Vec<content::Glyph>)> = Vec::new();
    let mut pending_glyphs = 0usize;
    let window = workers * PAGES_PER_TASK;
    for start in (0..count).step_by(window) {
        let ids = pages.get(start..count.min(start + window)).unwrap_or_default();
        let per_worker = ids.len().div_ceil(workers);
        let ranges: Vec<(usize, &[ObjectId])> =
            ids.chunks(per_worker).enumerate().map(|(k, c)| (start + k * per_worker, c)).collect();
        let interpret = |table: &mut FontTable, (first, ids): &(usize, &[ObjectId])| {
            ids.iter()
                .enumerate()
                .map(|(j, id)| {
                    let number = u32::try_from(first + j + 1).unwrap_or(u32::MAX);
                    let run = || page(&doc, *id, number, &options.limits, table);
                    (number, catch_unwind(AssertUnwindSafe(run)).ok())
                })
                .collect::<Vec<_>>()
        };
        let results: Vec<Vec<(u32, Option<PageResult>)>> = if workers == 1 {
            // Not through rayon: a one-file run then never starts the thread pool.
            tables.iter_mut().zip(&ranges).map(|(t, r)| interpret(t, r)).collect()
        } else {
            use rayon::prelude::*;
            tables.par_iter_mut().zip(ranges.par_iter()).map(|(t, r)| interpret(t, r)).collect()
        };
        for (k, range) in results.into_iter().enumerate() {
            let (Some(table), Some(map)) = (tables.get(k), maps.get_mut(k)) else { continue };
            let new = fonts.absorb(table, map);
            for (number, result) in range {
                let Some(mut p) = result else {
                    // The font table stays valid: a font is only added once fully loaded.
                    out.warnings.push(warning(
                        Some(number),
                        "bad-page",
                        "the page could not be read",
                    ));
                    out.pages.push(Page { number, ..Page::default() });
                    continue;
                };
                for g in &mut p.glyphs {
                    g.font = map.get(g.font).copied().unwrap_or(g.font);
                }
                unmapped += p.unmapped;
                // A font's load warnings belong to the page that first used it.
                let kept = p
                    .warnings
                    .into_iter()
                    .filter(|w| w.font.is_none_or(|f| new.get(f).copied().unwrap_or(true)));
                for w in kept.take(content::MAX_PAGE_WARNINGS) {
                    out.warnings.push(warning(Some(number), w.kind, &w.message));
                }
                learner.observe(&p.glyphs);
                pending_glyphs += p.glyphs.len();
                pending.push((out.pages.len(), p.glyphs));
                out.pages.push(p.page);
                // Huge documents: turn what we hold into lines now, with the statistics so
                // far, rather than keep every glyph of every page in memory.
                if pending_glyphs > MAX_PENDING_GLYPHS {
                    let corrections = learner.corrections();
                    private_use += build_lines(
                        &mut out,
                        std::mem::take(&mut pending),
                        &corrections,
                        &fonts,
                        workers,
                    );
                    pending_glyphs = 0;
                }
            }
        }
    }
    if pages.len() > count {
        out.warnings.push(warning(
            None,
            "limit",
            &format!("{} pages; only the first {} extracted", pages.len(), count),
        ));
    }
    let corrections = learner.corrections();
    private_use += build_lines(&mut out, pending, &corrections, &fonts, workers);
    if unmapped > 0 {
        out.warnings.push(warning(
            None,
            "unmapped-glyph",
            &format!("{unmapped} glyph codes had no Unicode mapping and were left out"),
        ));
    }
    if private_use > 0 {
        out.warnings.push(warning(
            None,
            "unmapped-glyph",
            &format!("{private_use} private-use characters were left out"),
        ));
    }
    Ok(out)
}

/// Glyphs held for document statistics before lines are built (about 100 bytes each).
const MAX_PENDING_GLYPHS: usize = 4_000_000;

/// Pages one worker interprets per window: windows bound what is held beyond
/// [`MAX_PENDING_GLYPHS`] to `workers × PAGES_PER_TASK` pages.
const PAGES_PER_TASK: usize = 4;

/// How many workers interpret a document of `pages` pages: the requested number, or the
/// current rayon pool's size, but none idle for want of pages (a worker costs its own
/// font loads).
fn page_workers(requested: Option<usize>, pages: usize) -> usize {
    let most = pages / (2 * PAGES_PER_TASK);
    if most <= 1 {
        // Asked first: outside a pool, asking rayon starts its global pool, which a
        // one-process-per-file run over small decks would pay for every file.
        return 1;
    }
    requested.unwrap_or_else(rayon::current_num_threads).clamp(1, most)
}

/// Builds the lines of pages whose glyphs were held back; returns the private-use count.
/// Pages are independent here, so `workers` > 1 builds them in parallel.
fn build_lines(
    out: &mut Document,
    pending: Vec<(usize, Vec<content::Glyph>)>,
    corrections: &std::collections::HashMap<(usize, String), f32>,
    fonts: &FontTable,
    workers: usize,
) -> usize {
    let build = |(index, mut glyphs): (usize, Vec<content::Glyph>)| {
        compensation::apply(&mut glyphs, corrections);
        let mut stats = lines::CleanStats::default();
        let lines = catch_unwind(AssertUnwindSafe(|| lines::build(glyphs, fonts, &mut stats)));
        (index, lines.ok(), stats.private_use)
    };
    let built: Vec<_> = if workers > 1 {
        use rayon::prelude::*;
        pending.into_par_iter().map(build).collect()
    } else {
        pending.into_iter().map(build).collect()
    };
    let mut private_use = 0;
    for (index, lines, private) in built {
        let Some(page) = out.pages.get_mut(index) else { continue };
        private_use += private;
        match lines {
            Some(lines) => page.lines = lines,
            None => {
                let number = page.number;
                out.warnings.push(warning(
                    Some(number),
                    "bad-page",
                    "the page's lines could not be built",
                ));
            }
        }
    }
    private_use
}

fn warning(page: Option<u32>, kind: &str, message: &str) -> Warning {
    Warning { page, kind: kind.to_owned(), message: message.to_owned() }
}

fn load<'d>(bytes: &'d [u8], options: &Options, lazy: bool) -> Result<Pdf<'d>, ExtractError> {
    let limit = options.limits.max_stream_bytes;
    // Lazily when the file allows it (see `objects`); whole through lopdf otherwise.
    if let (true, Ok(Some(pdf))) = (lazy, catch_unwind(|| Pdf::open_lazy(bytes, limit))) {
        if pdf.object_count() > options.limits.max_objects {
            return Err(ExtractError::LimitExceeded {
                what: "objects",
                limit: options.limits.max_objects,
            });
        }
        return Ok(pdf);
    }
    // lopdf tries the empty user password itself, then ours; without a working one it
    // returns the document still carrying /Encrypt and no objects.
    let opts = lopdf::LoadOptions {
        max_decompressed_size: Some(limit),
        password: options.password.clone(),
        ..lopdf::LoadOptions::default()
    };
    let loaded =
        catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem_with_options(bytes, opts)))
            .map_err(|_| ExtractError::Internal("the PDF parser panicked".into()))?;
    let doc = match loaded {
        Ok(d) => d,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(ExtractError::LimitExceeded { what: "stream bytes", limit });
        }
        Err(lopdf::Error::InvalidPassword) => {
            return Err(if options.password.is_some() {
                ExtractError::WrongPassword
            } else {
                ExtractError::Encrypted
            });
        }
        Err(lopdf::Error::Decryption(e)) => {
            return Err(ExtractError::UnsupportedEncryption(e.to_string()));
        }
        Err(e) => {
            // Damaged cross-reference data: rebuild it by scanning the file for objects.
            let rebuild = lopdf::LoadOptions {
                max_decompressed_size: Some(limit),
                password: options.password.clone(),
                force_reconstruct: true,
                ..lopdf::LoadOptions::default()
            };
            match catch_unwind(AssertUnwindSafe(|| {
                lopdf::Document::load_mem_with_options(bytes, rebuild)
            })) {
                Ok(Ok(mut d)) => {
                    d.xref_recovery = Some(lopdf::xref::XrefRecovery::Reconstructed);
                    d
                }
                _ => return Err(ExtractError::Malformed(e.to_string())),
            }
        }
    };
    if doc.objects.len() > options.limits.max_objects {
        return Err(ExtractError::LimitExceeded {
            what: "objects",
            limit: options.limits.max_objects,
        });
    }
    if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        return Err(if options.password.is_some() {
            ExtractError::WrongPassword
        } else {
            ExtractError::Encrypted
        });
    }
    Ok(Pdf::loaded(doc))
}

struct PageResult {
    /// The page without lines yet.
    page: Page,
    glyphs: Vec<content::Glyph>,
    warnings: Vec<PageWarning>,
    unmapped: usize,
}

/// Draws the appearances of form fields and free-text annotations: their text is page
/// content (field values), as viewers and pdftotext show it. Comments, links and
/// pop-ups are not.
fn draw_annotations<'a>(doc: &'a Pdf<'a>, page: &'a Dictionary, interp: &mut Interpreter<'a>) {
    let Some(Object::Array(annots)) = pdf::get(doc, page, b"Annots") else { return };
    for annot in annots.iter().take(10_000) {
        let Some(a) = pdf::deref(doc, annot).and_then(pdf::as_dict) else { continue };
        if !matches!(pdf::get_name(doc, a, b"Subtype"), Some(b"Widget" | b"FreeText")) {
            continue;
        }
        let flags = pdf::get_num(doc, a, b"F").unwrap_or(0.0) as u32;
        // Hidden (2) or NoView (32).
        if flags & (2 | 32) != 0 {
            continue;
        }
        let Some(ap) = pdf::get_dict(doc, a, b"AP") else { continue };
        let (id, normal) = match pdf::get(doc, ap, b"N") {
            Some(Object::Stream(s)) => (pdf::ref_id(ap, b"N"), s),
            Some(Object::Dictionary(states)) => {
                let Some(state) = pdf::get_name(doc, a, b"AS") else { continue };
                match pdf::get(doc, states, state) {
                    Some(Object::Stream(s)) => (pdf::ref_id(states, state), s),
                    _ => continue,
                }
            }
            _ => continue,
        };
        let Some(Object::Array(r)) = pdf::get(doc, a, b"Rect") else { continue };
        let v = pdf::num_array(doc, r);
        let Ok([x0, y0, x1, y1]) = <[f32; 4]>::try_from(v.get(..4).unwrap_or(&[])) else {
            continue;
        };
        interp.draw_appearance(normal, id, [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]);
    }
}

/// `r` clipped to the visible page `[0, width] × [0, height]`; `None` when nothing of it
/// is visible.
fn clip(r: &Rect, width: f32, height: f32) -> Option<Rect> {
    let c =
        Rect { x0: r.x0.max(0.0), y0: r.y0.max(0.0), x1: r.x1.min(width), y1: r.y1.min(height) };
    (c.x1 > c.x0 && c.y1 > c.y0).then_some(c)
}

/// The page's URI links (`/Subtype /Link` annotations whose `/A` action is `/S /URI`), in
/// `/Annots` order, their rectangles in the page frame and clipped to it.
fn links(doc: &Pdf<'_>, page: &Dictionary, matrix: &Matrix, width: f32, height: f32) -> Vec<Link> {
    let Some(Object::Array(annots)) = pdf::get(doc, page, b"Annots") else { return Vec::new() };
    let mut out = Vec::new();
    for annot in annots.iter().take(10_000) {
        let Some(a) = pdf::deref(doc, annot).and_then(pdf::as_dict) else { continue };
        if pdf::get_name(doc, a, b"Subtype") != Some(b"Link") {
            continue;
        }
        let Some(action) = pdf::get_dict(doc, a, b"A") else { continue };
        if pdf::get_name(doc, action, b"S") != Some(b"URI") {
            continue;
        }
        let Some(Object::String(uri, _)) = pdf::get(doc, action, b"URI") else { continue };
        let url = content::text_string(uri);
        let Some(rect) = pdf::get_array(doc, a, b"Rect").map(|r| pdf::num_array(doc, r)) else {
            continue;
        };
        let Ok([x0, y0, x1, y1]) = <[f32; 4]>::try_from(rect.get(..4).unwrap_or(&[])) else {
            continue;
        };
        let ((ax, ay), (bx, by)) = (matrix.apply(x0, y0), matrix.apply(x1, y1));
        if let Some(bbox) = clip(&Rect::new(ax, ay, bx, by), width, height)
            && !url.trim().is_empty()
        {
            out.push(Link { bbox, url });
        }
    }
    out
}

/// An inheritable page attribute (`/Resources`, `/MediaBox`, `/CropBox`, `/Rotate`).
fn inherited<'a>(doc: &'a Pdf<'a>, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = page;
    for _ in 0..32 {
        if let Some(v) = pdf::get(doc, dict, key) {
            return Some(v);
        }
        dict = pdf::get_dict(doc, dict, b"Parent")?;
    }
    None
}

fn page_box(doc: &Pdf<'_>, page: &Dictionary) -> [f32; 4] {
    let read = |key: &[u8]| -> Option<[f32; 4]> {
        let Object::Array(a) = inherited(doc, page, key)? else { return None };
        let v = pdf::num_array(doc, a);
        let [x0, y0, x1, y1] = <[f32; 4]>::try_from(v.get(..4)?).ok()?;
        let r = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
        (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
    };
    let media = read(b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    match read(b"CropBox") {
        // The visible box is the crop box clipped to the media box.
        Some(c) => {
            let r =
                [c[0].max(media[0]), c[1].max(media[1]), c[2].min(media[2]), c[3].min(media[3])];
            if r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0 { r } else { media }
        }
        None => media,
    }
}

/// Maps user space to the top-left frame of the visible, rotated page.
fn page_matrix(bx: [f32; 4], rotate: i64) -> (Matrix, f32, f32) {
    let [x0, y0, x1, y1] = bx;
    let (w, h) = (x1 - x0, y1 - y0);
    match rotate.rem_euclid(360) {
        90 => (Matrix::new([0.0, 1.0, 1.0, 0.0, -y0, -x0]), h, w),
        180 => (Matrix::new([-1.0, 0.0, 0.0, 1.0, x1, -y0]), w, h),
        270 => (Matrix::new([0.0, -1.0, -1.0, 0.0, y1, x1]), h, w),
        _ => (Matrix::new([1.0, 0.0, 0.0, -1.0, -x0, y1]), w, h),
    }
}

fn page(
    doc: &Pdf<'_>,
    id: ObjectId,
    number: u32,
    limits: &Limits,
    fonts: &mut FontTable,
) -> PageResult {
    let mut warnings: Vec<PageWarning> = Vec::new();
    let Some(dict) = doc.get_dictionary(id) else {
        warnings.push(PageWarning::new("bad-page", "page object missing".to_owned()));
        return PageResult {
            page: Page { number, ..Page::default() },
            glyphs: Vec::new(),
            warnings,
            unmapped: 0,
        };
    };
    let bx = page_box(doc, dict);
    let rotate =
        inherited(doc, dict, b"Rotate").and_then(pdf::num).map_or(0, |r| (r as i64 / 90) * 90);
    let (matrix, width, height) = page_matrix(bx, rotate);
    let resources = inherited(doc, dict, b"Resources").and_then(pdf::as_dict);

    // Content: one stream or an array of streams, concatenated.
    let mut content = Vec::new();
    let streams: Vec<&Object> = match pdf::get(doc, dict, b"Contents") {
        Some(Object::Array(a)) => a.iter().filter_map(|o| pdf::deref(doc, o)).collect(),
        Some(o) => vec![o],
        None => Vec::new(),
    };
    for s in streams {
        let Object::Stream(s) = s else { continue };
        match pdf::decode_stream(s, limits.max_stream_bytes.saturating_sub(content.len())) {
            Ok(bytes) => {
                content.extend_from_slice(&bytes);
                content.push(b'\n');
            }
            Err(pdf::DecodeError::TooLarge) => {
                warnings.push(PageWarning::new(
                    "limit",
                    format!(
                        "page content larger than {} bytes; rest skipped",
                        limits.max_stream_bytes
                    ),
                ));
                break;
            }
            Err(pdf::DecodeError::Failed(e)) => {
                warnings.push(PageWarning::new("bad-stream", format!("content stream: {e}")))
            }
        }
    }

    let mut interp = Interpreter::new(doc, limits, fonts, matrix);
    interp.run(&content, resources);
    draw_annotations(doc, dict, &mut interp);
    let output = interp.finish();
    warnings.extend(output.warnings);
    // Text drawn wholly outside the visible box is not on the page (viewers clip it).
    let visible = |g: &content::Glyph| {
        let up = content::ASCENT_EM * g.size;
        let (ux, uy) = (g.dy * up, -g.dx * up);
        let (ex, ey) = (g.x + g.dx * g.width, g.y + g.dy * g.width);
        let xs = [g.x, ex, g.x + ux, ex + ux];
        let ys = [g.y, ey, g.y + uy, ey + uy];
        let (x0, x1) = (
            xs.iter().copied().fold(f32::INFINITY, f32::min),
            xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        );
        let (y0, y1) = (
            ys.iter().copied().fold(f32::INFINITY, f32::min),
            ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        );
        x1 >= -0.5 && x0 <= width + 0.5 && y1 >= -0.5 && y0 <= height + 0.5
    };
    let glyphs = output.glyphs.into_iter().filter(visible).collect();
    let images = output.images.iter().filter_map(|r| clip(r, width, height)).collect();
    let links = links(doc, dict, &matrix, width, height);
    PageResult {
        page: Page { number, width, height, images, links, ..Page::default() },
        glyphs,
        warnings,
        unmapped: output.unmapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading objects lazily gives the document a whole lopdf load gives, on every
    /// shared file (skipped where `../shared` is absent).
    #[test]
    fn lazy_objects_give_the_fully_loaded_document() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        let mut files = Vec::new();
        for dir in ["corpus/pdfs", "decks", "spacing-decks", "spacing-decks-nn"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "pdf")),
            );
        }
        if files.is_empty() {
            println!("skipped: no ../shared PDFs");
            return;
        }
        files.sort();
        let mut lazy_opened = 0;
        for path in &files {
            let bytes = std::fs::read(path).unwrap_or_default();
            let options = Options { page_workers: Some(1), ..Options::default() };
            let full = load(&bytes, &options, false).and_then(|d| extract_from(d, &options));
            if Pdf::open_lazy(&bytes, options.limits.max_stream_bytes).is_some() {
                lazy_opened += 1;
            }
            let lazy = extract(&bytes, &options);
            assert!(lazy == full, "{}", path.display());
        }
        println!("{lazy_opened} of {} files opened lazily", files.len());
        assert!(lazy_opened * 2 > files.len(), "{lazy_opened} of {}", files.len());
    }
}
