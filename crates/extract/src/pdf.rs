//! Small, total accessors over lopdf objects: every lookup may fail quietly.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::objects::Pdf;

/// Bound on reference chains (`1 0 R` pointing at `2 0 R` …).
const MAX_DEREF: usize = 16;

/// Follows references to a direct object.
pub(crate) fn deref<'a>(doc: &'a Pdf<'a>, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_DEREF {
        match obj {
            Object::Reference(id) => obj = doc.get_object(*id)?,
            other => return Some(other),
        }
    }
    None
}

/// `dict[key]`, dereferenced.
pub(crate) fn get<'a>(doc: &'a Pdf<'a>, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    deref(doc, dict.get(key).ok()?)
}

/// The dictionary of a dictionary or stream object.
pub(crate) fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(crate) fn get_dict<'a>(
    doc: &'a Pdf<'a>,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

pub(crate) fn get_stream<'a>(
    doc: &'a Pdf<'a>,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Stream> {
    match get(doc, dict, key)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

/// A finite number.
pub(crate) fn num(obj: &Object) -> Option<f32> {
    let v = match obj {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => return None,
    };
    v.is_finite().then_some(v)
}

pub(crate) fn get_num(doc: &Pdf<'_>, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    num(get(doc, dict, key)?)
}

pub(crate) fn get_name<'a>(doc: &'a Pdf<'a>, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub(crate) fn get_array<'a>(
    doc: &'a Pdf<'a>,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// An array of numbers (non-numbers read as 0), e.g. a `/Matrix` or a box.
pub(crate) fn num_array(doc: &Pdf<'_>, arr: &[Object]) -> Vec<f32> {
    arr.iter().map(|o| deref(doc, o).and_then(num).unwrap_or(0.0)).collect()
}

/// The reference id behind `dict[key]`, when it is a reference (for caches and cycle checks).
pub(crate) fn ref_id(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    match dict.get(key).ok()? {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

/// Why a stream could not be decoded.
pub(crate) enum DecodeError {
    TooLarge,
    Failed(String),
}

/// Decoded stream bytes, bounded by `max` (decompression bombs stop at the limit).
pub(crate) fn decode_stream(stream: &Stream, max: usize) -> Result<Vec<u8>, DecodeError> {
    if is_plain_flate(stream)
        && let Some(v) = inflate(&stream.content, max)
    {
        return Ok(v);
    }
    decode_with_lopdf(stream, max)
}

/// [`decode_stream`] through lopdf alone: every filter, predictors, damaged data.
fn decode_with_lopdf(stream: &Stream, max: usize) -> Result<Vec<u8>, DecodeError> {
    match stream.decompressed_content_with_limit(max) {
        Ok(v) => Ok(v),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(DecodeError::TooLarge)
        }
        Err(e) => {
            // Unfiltered streams and filters lopdf cannot decode (e.g. DCT for images).
            if stream.dict.get(b"Filter").is_err() {
                if stream.content.len() > max {
                    return Err(DecodeError::TooLarge);
                }
                return Ok(stream.content.clone());
            }
            Err(DecodeError::Failed(e.to_string()))
        }
    }
}

/// `/FlateDecode` alone, with no predictor parameters: nearly every content stream,
/// font program and object stream. Anything else (more filters, a predictor, or
/// parameters lopdf would check) goes through lopdf.
fn is_plain_flate(stream: &Stream) -> bool {
    let flate = match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => n.as_slice() == b"FlateDecode",
        Ok(Object::Array(a)) => {
            matches!(a.as_slice(), [Object::Name(n)] if n.as_slice() == b"FlateDecode")
        }
        _ => false,
    };
    // lopdf validates the row geometry even for predictor 1, so any of these keys
    // leaves the stream to it.
    let plain_params = |d: &Dictionary| {
        [&b"Predictor"[..], b"Columns", b"Colors", b"BitsPerComponent"].iter().all(|k| !d.has(k))
    };
    let params = match stream.dict.get(b"DecodeParms") {
        Ok(Object::Dictionary(d)) => plain_params(d),
        Ok(Object::Array(a)) => match a.as_slice() {
            [Object::Dictionary(d)] => plain_params(d),
            [Object::Null] | [] => true,
            _ => false,
        },
        Ok(Object::Null) | Err(_) => true,
        Ok(_) => false,
    };
    flate && params
}

/// Inflated bytes of a zlib stream that decodes cleanly (header, deflate data and
/// Adler-32 checksum intact) to at most `max` bytes, decoded straight into one buffer:
/// what lopdf returns for it, without flate2's reader state, copy buffer and regrowth
/// from twice the input (about a tenth of a deck's CPU time went there). `None` for
/// anything else (damaged or truncated data, a missing header, more than `max` bytes):
/// lopdf then decides, so its partial output, raw-deflate fallback and limit error
/// stay exactly as they were. Both sit on the same miniz_oxide decoder.
pub(crate) fn inflate(data: &[u8], max: usize) -> Option<Vec<u8>> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    // Starting near the usual size saves regrowth copies; the limit caps what a bomb
    // makes us reserve.
    let first = data.len().saturating_mul(INFLATE_FIRST_GUESS).max(MIN_INFLATE_BUFFER);
    let mut out = vec![0u8; first.min(max)];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut in_pos, mut out_pos) = (0, 0);
    loop {
        let rest = data.get(in_pos..)?;
        let (status, read, written) = decompress(&mut state, rest, &mut out, out_pos, flags);
        in_pos += read;
        out_pos += written;
        match status {
            TINFLStatus::Done => break,
            // Full at the limit: lopdf reports the limit (or what it makes of it).
            TINFLStatus::HasMoreOutput if out.len() < max => {
                let grown = out.len().saturating_mul(2).min(max);
                out.resize(grown, 0);
            }
            _ => return None,
        }
    }
    out.truncate(out_pos);
    Some(out)
}

/// Output bytes reserved per input byte before inflating: weighted by size, the
/// unpredicted flate streams of the shared decks and corpus inflate 3.1× (1,704
/// streams; a tenth of them over 4.9×), so most bytes need no regrowth.
const INFLATE_FIRST_GUESS: usize = 4;
/// Smallest output buffer worth allocating for a stream.
const MIN_INFLATE_BUFFER: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap_or_default();
        e.finish().unwrap_or_default()
    }

    fn flate(content: Vec<u8>, parms: Option<Object>) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        if let Some(p) = parms {
            dict.set("DecodeParms", p);
        }
        Stream::new(dict, content)
    }

    fn outcome(r: Result<Vec<u8>, DecodeError>) -> Result<Vec<u8>, String> {
        r.map_err(|e| match e {
            DecodeError::TooLarge => "too large".to_owned(),
            DecodeError::Failed(m) => m,
        })
    }

    /// The direct inflate gives exactly what lopdf gives, on clean, damaged, truncated
    /// and headerless data, at, under and over the limit, and for tiny limits.
    #[test]
    fn fast_inflate_equals_lopdf() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("BT /F1 12 Tf {i} 0 Td (word {}) Tj ET\n", i % 97).into_bytes())
            .collect();
        let good = zlib(&text);
        let mut bad_sum = good.clone();
        if let Some(b) = bad_sum.last_mut() {
            *b ^= 0xff;
        }
        let mut damaged = good.clone();
        if let Some(b) = damaged.get_mut(good.len() / 2) {
            *b ^= 0x5a;
        }
        let truncated = good.get(..good.len() / 3).unwrap_or_default().to_vec();
        let headerless = good.get(2..).unwrap_or_default().to_vec();
        let cases = [good, bad_sum, damaged, truncated, headerless, Vec::new(), vec![0x78]];
        let limits = [0, 1, 100, 255, 256, 4096, text.len() - 1, text.len(), text.len() + 1];
        for (i, content) in cases.iter().enumerate() {
            for &max in &limits {
                let s = flate(content.clone(), None);
                let fast = outcome(decode_stream(&s, max));
                let slow = outcome(decode_with_lopdf(&s, max));
                assert!(fast == slow, "case {i}, limit {max}");
            }
        }
        let s = flate(zlib(&text), None);
        assert!(is_plain_flate(&s));
        assert!(inflate(&s.content, text.len()).is_some_and(|v| v == text));
    }

    /// Streams with predictor parameters or several filters are left to lopdf.
    #[test]
    fn only_plain_flate_takes_the_fast_path() {
        let mut parms = Dictionary::new();
        parms.set("Predictor", 12);
        parms.set("Columns", 4);
        assert!(!is_plain_flate(&flate(Vec::new(), Some(Object::Dictionary(parms)))));
        assert!(is_plain_flate(&flate(Vec::new(), Some(Object::Null))));
        assert!(is_plain_flate(&flate(Vec::new(), Some(Object::Array(vec![Object::Null])))));
        let mut two = flate(Vec::new(), None);
        two.dict.set(
            "Filter",
            Object::Array(vec![
                Object::Name(b"ASCIIHexDecode".to_vec()),
                Object::Name(b"FlateDecode".to_vec()),
            ]),
        );
        assert!(!is_plain_flate(&two));
    }
}
