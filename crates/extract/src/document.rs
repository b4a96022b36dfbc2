//! One document: opening it (lazily, or whole through lopdf), interpreting its pages
//! (in parallel for large documents) and turning their glyphs into lines with the
//! document's own statistics.

use std::panic::{AssertUnwindSafe, catch_unwind};

use deck_layout::{Document, Page, Warning};
use lopdf::ObjectId;

use crate::content::{self, FontTable};
use crate::objects::Pdf;
use crate::page::{PageResult, page};
use crate::{ExtractError, Options, compensation, lines, metadata};

pub(crate) fn extract(bytes: &[u8], options: &Options) -> Result<Document, ExtractError> {
    extract_from(load(bytes, options, true)?, options)
}

fn extract_from(doc: Pdf<'_>, options: &Options) -> Result<Document, ExtractError> {
    let pages: Vec<ObjectId> = match catch_unwind(AssertUnwindSafe(|| doc.pages())) {
        Ok(p) => p,
        Err(_) => return Err(ExtractError::Internal("page tree".into())),
    };
    if pages.is_empty() {
        return Err(ExtractError::Malformed("no pages found".into()));
    }
    let count = pages.len().min(options.limits.max_pages);
    let workers = page_workers(options.page_workers, count);
    let mut builder = Builder::new(workers);
    if doc.recovered {
        builder.warn(
            None,
            "broken-xref",
            "cross-reference data was damaged; objects were recovered by scanning",
        );
    }
    builder.out.metadata =
        catch_unwind(AssertUnwindSafe(|| metadata::read(&doc))).unwrap_or_default();
    // Pages are interpreted in parallel when there are several workers, each page with
    // a font table of its own over fonts loaded once for the document (by whichever
    // page meets one first), and merged in page order into one table and one pass of the
    // builder, so the result is exactly that of a single pass (tested). A page per task
    // lets the pool balance uneven pages.
    let loaded = std::sync::Arc::new(content::LoadedFonts::default());
    let number_of = |index: usize| u32::try_from(index + 1).unwrap_or(u32::MAX);
    let interpret = |index: usize| {
        let number = number_of(index);
        let mut table = FontTable::sharing(&loaded);
        let result = pages.get(index).and_then(|id| {
            let run = || page(&doc, *id, number, &options.limits, &mut table);
            catch_unwind(AssertUnwindSafe(run)).ok()
        });
        (table, result)
    };
    let mut merge = |index: usize, interpreted: Option<(FontTable, Option<PageResult>)>| {
        let number = number_of(index);
        let (table, result) = interpreted.unwrap_or_default();
        let mut map = Vec::new();
        let new = builder.fonts.absorb(&table, &mut map);
        builder.add(number, result, &map, &new);
    };
    if workers == 1 {
        // Not through rayon: a one-file run then never starts the thread pool.
        (0..count).for_each(|i| merge(i, Some(interpret(i))));
    } else {
        in_order(count, workers * PAGES_AHEAD, &interpret, &mut merge);
    }
    if pages.len() > count {
        let msg = format!("{} pages; only the first {} extracted", pages.len(), count);
        builder.warn(None, "limit", &msg);
    }
    Ok(builder.finish())
}

/// Gathers interpreted pages in page order into the document: merges their warnings,
/// learns width corrections from all their glyphs, and builds lines once the
/// document's statistics are in (or when too many glyphs wait).
struct Builder {
    out: Document,
    /// The merged font table the pages' glyphs point into.
    fonts: FontTable,
    learner: compensation::Learner,
    /// Pages' glyphs waiting for the document's statistics: (index in `out.pages`, glyphs).
    pending: Vec<(usize, Vec<content::Glyph>)>,
    pending_glyphs: usize,
    unmapped: usize,
    private_use: usize,
    workers: usize,
}

impl Builder {
    fn new(workers: usize) -> Builder {
        Builder {
            out: Document::default(),
            fonts: FontTable::default(),
            learner: compensation::Learner::default(),
            pending: Vec::new(),
            pending_glyphs: 0,
            unmapped: 0,
            private_use: 0,
            workers,
        }
    }

    fn warn(&mut self, page: Option<u32>, kind: &str, message: &str) {
        self.out.warnings.push(warning(page, kind, message));
    }

    /// Adds the next page. `map` takes its worker's font indexes to the merged table's;
    /// `new` says which of that worker's fonts this merge added (their load warnings
    /// belong to this page, not to later ones).
    fn add(&mut self, number: u32, result: Option<PageResult>, map: &[usize], new: &[bool]) {
        let Some(mut p) = result else {
            // The font table stays valid: a font is only added once fully loaded.
            self.warn(Some(number), "bad-page", "the page could not be read");
            self.out.pages.push(Page { number, ..Page::default() });
            return;
        };
        for g in &mut p.glyphs {
            g.font = map.get(g.font).copied().unwrap_or(g.font);
        }
        self.unmapped += p.unmapped;
        let kept = p
            .warnings
            .into_iter()
            .filter(|w| w.font.is_none_or(|f| new.get(f).copied().unwrap_or(true)));
        for w in kept.take(content::MAX_PAGE_WARNINGS) {
            self.warn(Some(number), w.kind, &w.message);
        }
        self.learner.observe(&p.glyphs);
        self.pending_glyphs += p.glyphs.len();
        self.pending.push((self.out.pages.len(), p.glyphs));
        self.out.pages.push(p.page);
        // Huge documents: turn what we hold into lines now, with the statistics so far,
        // rather than keep every glyph of every page in memory.
        if self.pending_glyphs > MAX_PENDING_GLYPHS {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let corrections = self.learner.corrections();
        let pending = std::mem::take(&mut self.pending);
        self.private_use +=
            build_lines(&mut self.out, pending, &corrections, &self.fonts, self.workers);
        self.pending_glyphs = 0;
    }

    fn finish(mut self) -> Document {
        self.flush();
        if self.unmapped > 0 {
            let msg =
                format!("{} glyph codes had no Unicode mapping and were left out", self.unmapped);
            self.warn(None, "unmapped-glyph", &msg);
        }
        if self.private_use > 0 {
            let msg = format!("{} private-use characters were left out", self.private_use);
            self.warn(None, "unmapped-glyph", &msg);
        }
        self.out
    }
}

/// Glyphs held for document statistics before lines are built (about 100 bytes each).
const MAX_PENDING_GLYPHS: usize = 4_000_000;

/// Pages interpreted ahead of the merge, per worker: this bounds what is held beyond
/// [`MAX_PENDING_GLYPHS`] to `workers × PAGES_AHEAD` pages, while leaving the pool
/// enough tasks to balance uneven pages.
const PAGES_AHEAD: usize = 16;

/// Runs `interpret` on `0..count` as tasks of the current pool, at most `ahead` of them
/// beyond the next one to merge, and hands the results to `merge` in order on this
/// thread (`None` for a task that panicked). Nothing waits for a whole batch of pages:
/// while the next result is not there, this thread runs queued tasks itself, and it
/// merges each result as soon as it is there while the other workers go on.
fn in_order<T: Send>(
    count: usize,
    ahead: usize,
    interpret: &(dyn Fn(usize) -> T + Sync),
    merge: &mut dyn FnMut(usize, Option<T>),
) {
    let (done, arrived) = std::sync::mpsc::channel::<(usize, Option<T>)>();
    rayon::in_place_scope(|scope| {
        let spawn = |index: usize| {
            let done = done.clone();
            scope.spawn(move |_| {
                // Every task answers, even one that panics, or the merge would wait forever.
                let result = catch_unwind(AssertUnwindSafe(|| interpret(index))).ok();
                // Sending fails only when the merge side is gone (it panicked).
                let _ = done.send((index, result));
            });
        };
        // Results that arrived before their turn, by index.
        let mut early = std::collections::BTreeMap::new();
        let (mut spawned, mut next) = (0, 0);
        while next < count {
            // Tasks up to `ahead` beyond the next one to merge (that one at least).
            while spawned < count && spawned < next + ahead.max(1) {
                spawn(spawned);
                spawned += 1;
            }
            if let Some(result) = early.remove(&next) {
                merge(next, result);
                next += 1;
            } else if let Ok((index, result)) = arrived.try_recv() {
                early.insert(index, result);
            } else if rayon::yield_now() != Some(rayon::Yield::Executed) {
                // Nothing queued to help with: every outstanding task is running on
                // another thread, and each one sends before it ends.
                match arrived.recv() {
                    Ok((index, result)) => {
                        early.insert(index, result);
                    }
                    Err(_) => break,
                }
            }
        }
    });
}

/// Pages a document needs per worker before a further worker is worth its thread.
const PAGES_PER_WORKER: usize = 8;

/// How many workers interpret a document of `pages` pages: the requested number, or the
/// current rayon pool's size, but none idle for want of pages (a worker costs a thread
/// and [`PAGES_AHEAD`] pages held at once).
fn page_workers(requested: Option<usize>, pages: usize) -> usize {
    let most = pages / PAGES_PER_WORKER;
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
    corrections: &crate::Map<(usize, String), f32>,
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

/// A file lopdf could not decrypt with the passwords it has. Encryption that leaves the
/// page plain needs none (lopdf still asks for one): such a file is read lazily from a
/// scan, which also serves when its cross-reference data failed. Anything else is an
/// error for want of the right password.
fn locked<'d>(bytes: &'d [u8], options: &Options, lazy: bool) -> Result<Pdf<'d>, ExtractError> {
    let scanned = lazy
        .then(|| catch_unwind(|| Pdf::open_scanned(bytes, options.limits.max_stream_bytes)))
        .and_then(Result::ok)
        .flatten();
    match scanned {
        Some(pdf) if pdf.object_count() > options.limits.max_objects => {
            Err(ExtractError::LimitExceeded { what: "objects", limit: options.limits.max_objects })
        }
        Some(pdf) => Ok(pdf),
        None if options.password.is_some() => Err(ExtractError::WrongPassword),
        None => Err(ExtractError::Encrypted),
    }
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
        Err(lopdf::Error::InvalidPassword) => return locked(bytes, options, lazy),
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
                _ => match headerless(bytes, limit, options) {
                    Some(d) => d,
                    None => return Err(ExtractError::Malformed(e.to_string())),
                },
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
        return locked(bytes, options, lazy);
    }
    // lopdf's rebuild drops an object it cannot parse where its offset was wrong (a
    // stream whose `stream` keyword is indented, for one); our own scan over the same
    // file is kept instead when it reads more of the objects.
    if lazy
        && doc.xref_recovery.is_some()
        && doc.encryption_state.is_none()
        && let Ok(Some(scanned)) = catch_unwind(|| Pdf::open_scanned(bytes, limit))
        && scanned.object_count() <= options.limits.max_objects
        && scanned.readable_objects() > doc.objects.len()
    {
        return Ok(scanned);
    }
    Ok(Pdf::loaded(doc))
}

/// A file whose `%PDF-` header is missing but whose objects are there (readers
/// such as poppler, MuPDF and pdf.js open it): lopdf needs the header, so the objects
/// are rebuilt by scanning behind a header of our own. `None` when the file has a header
/// or still does not load.
fn headerless(bytes: &[u8], limit: usize, options: &Options) -> Option<lopdf::Document> {
    if crate::has_pdf_header(bytes) || !bytes.windows(4).any(|w| w == b" obj") {
        return None;
    }
    let mut patched = b"%PDF-1.7\n".to_vec();
    patched.extend_from_slice(bytes);
    let rebuild = lopdf::LoadOptions {
        max_decompressed_size: Some(limit),
        password: options.password.clone(),
        force_reconstruct: true,
        ..lopdf::LoadOptions::default()
    };
    let mut d = catch_unwind(AssertUnwindSafe(|| {
        lopdf::Document::load_mem_with_options(&patched, rebuild)
    }))
    .ok()?
    .ok()?;
    d.xref_recovery = Some(lopdf::xref::XrefRecovery::Reconstructed);
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Results reach the merge in index order, one for every task (a panicking one as
    /// `None`), with never more than `ahead` tasks begun beyond the next merged one.
    #[test]
    fn in_order_merges_in_order_within_its_bound() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let (count, ahead) = (60, 5);
        let started = AtomicUsize::new(0);
        let interpret = |i: usize| {
            started.fetch_add(1, Ordering::SeqCst);
            // Uneven tasks, so later ones often finish first.
            std::thread::sleep(std::time::Duration::from_micros(((i * 7) % 5) as u64 * 300));
            assert!(i != 13, "task 13 fails");
            i * 10
        };
        let mut merged = Vec::new();
        let mut merge = |i: usize, r: Option<usize>| {
            assert!(started.load(Ordering::SeqCst) <= i + ahead, "more than {ahead} ahead");
            merged.push((i, r));
        };
        pool.install(|| in_order(count, ahead, &interpret, &mut merge));
        let want: Vec<_> = (0..count).map(|i| (i, (i != 13).then_some(i * 10))).collect();
        assert_eq!(merged, want);
    }

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
