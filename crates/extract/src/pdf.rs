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
