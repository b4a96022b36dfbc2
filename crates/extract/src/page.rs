//! One page: its visible box and rotation, its content streams run through the
//! interpreter, the appearances of its form fields, its images and URI links.

use deck_layout::{Link, Page, Rect};
use lopdf::{Dictionary, Object, ObjectId};

use crate::Limits;
use crate::content::{self, FontTable, Interpreter, Matrix, PageWarning};
use crate::objects::Pdf;
use crate::pdf;

pub(crate) struct PageResult {
    /// The page without lines yet.
    pub(crate) page: Page,
    pub(crate) glyphs: Vec<content::Glyph>,
    pub(crate) warnings: Vec<PageWarning>,
    pub(crate) unmapped: usize,
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

/// Whether `b` follows `a` in one word (same direction and baseline, set against it, no
/// space between) and `added`, the one of them read on past the edge, is a letter or digit.
/// "Set against it": within the extractor's own smallest word break either way
/// ([`crate::words::MIN_BREAK_EM`], poppler's minWordBreakSpace), in ems of `a`.
fn same_word(a: &content::Glyph, b: &content::Glyph, added: &content::Glyph) -> bool {
    let em = a.em.abs().max(f32::EPSILON);
    let (ex, ey) = (a.x + a.dx * a.width, a.y + a.dy * a.width);
    let along = (b.x - ex) * a.dx + (b.y - ey) * a.dy;
    let across = (b.x - a.x) * -a.dy + (b.y - a.y) * a.dx;
    !a.space
        && !b.space
        && !a.text.trim().is_empty()
        && !b.text.trim().is_empty()
        && added.text.chars().all(char::is_alphanumeric)
        && (a.dx - b.dx).abs() < 1e-3
        && (a.dy - b.dy).abs() < 1e-3
        && along.abs() <= crate::words::MIN_BREAK_EM * em
        && across.abs() <= crate::words::MIN_BREAK_EM * a.size.abs()
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

pub(crate) fn page(
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
            Ok(mut bytes) => {
                // The first (often only) stream is kept as decoded, not copied.
                if content.is_empty() {
                    content = std::mem::take(&mut bytes);
                } else {
                    content.extend_from_slice(&bytes);
                }
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
    let mut keep: Vec<bool> = output.glyphs.iter().map(visible).collect();
    // A word the visible box cuts is kept whole ("Goodbye" for the "odbye" left inside):
    // its letters outside are read on from the visible ones they are set against.
    for i in 1..output.glyphs.len() {
        if let (Some(&[true, false]), Some([a, b])) =
            (keep.get(i - 1..=i), output.glyphs.get(i - 1..=i))
            && same_word(a, b, b)
            && let Some(k) = keep.get_mut(i)
        {
            *k = true;
        }
    }
    for i in (1..output.glyphs.len()).rev() {
        if let (Some(&[false, true]), Some([a, b])) =
            (keep.get(i - 1..=i), output.glyphs.get(i - 1..=i))
            && same_word(a, b, a)
            && let Some(k) = keep.get_mut(i - 1)
        {
            *k = true;
        }
    }
    let glyphs = output.glyphs.into_iter().zip(keep).filter_map(|(g, k)| k.then_some(g)).collect();
    let images = output.images.iter().filter_map(|r| clip(r, width, height)).collect();
    let links = links(doc, dict, &matrix, width, height);
    PageResult {
        page: Page { number, width, height, images, links, ..Page::default() },
        glyphs,
        warnings,
        unmapped: output.unmapped,
    }
}
