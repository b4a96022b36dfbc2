//! The numeric part of a model, read in place from the model file's bytes.
//!
//! The default model is embedded with `include_bytes!`; decoding its 2 MB of i16
//! weights into f32 at load cost 5 MB of fresh memory and about 1,500 minor page
//! faults per process, more than scoring a deck's sections. So the arrays stay as the
//! file stores them (little-endian, unaligned: the JSON header before them has any
//! length) and every read decodes the one value it needs. A weight is read as
//! `f32::from(i16) × scale`, the same operations decoding did, so scores are the same
//! to the bit. Lengths, order and numbers are checked once, when the arrays are opened.
//!
//! Section layout (see [`crate::model`]): bucket count `n` (u32), `n` buckets (u32),
//! `n` idf (f32), the weight scale (f32), `n × labels` weights (i16, row per bucket),
//! `labels` biases (f32).

use std::borrow::Cow;

use crate::model::ModelError;

/// Up to this many bits a bucket → index table is built: one bit per bucket plus a
/// running count per 64 buckets, 48 KB for the default 2^18 buckets (192 KB at 2^20),
/// so a feature is found in constant time without a binary search. (Binary searches
/// over the default model's kept buckets were about a fifth of the instructions of
/// scoring a slide's text, callgrind; the table they were replaced by, a u32 per
/// bucket, was 1 MB of fresh pages per process.)
const INDEX_BITS: u8 = 20;

/// Buckets per word of the bucket bit set.
const WORD: u32 = 64;

/// The kept buckets, idf, weights and biases of a model, over its file's bytes.
#[derive(Clone)]
pub(crate) struct Arrays {
    bytes: Cow<'static, [u8]>,
    /// The section's first and one-past-last byte in `bytes`.
    start: usize,
    end: usize,
    /// Kept buckets.
    n: usize,
    /// Labels.
    k: usize,
    /// Where the buckets, the idf and the weights start in `bytes`.
    buckets_at: usize,
    idf_at: usize,
    weights_at: usize,
    /// Weights are stored as i16 × this.
    scale: f32,
    /// One per label (decoded: a few bytes).
    bias: Vec<f32>,
    index: Index,
}

/// How a bucket's kept index is found.
#[derive(Clone)]
enum Index {
    /// A bit per bucket (set: kept) and, per word of bits, how many are set before it.
    Rank { set: Vec<u64>, before: Vec<u32> },
    /// Binary search over the stored buckets (models with more than `2^INDEX_BITS`).
    Search,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn corrupt(m: &str) -> ModelError {
    ModelError::Corrupt(m.to_owned())
}

impl Arrays {
    /// The section's bytes for these arrays (`weights` row per bucket, quantised with
    /// [`quantise`]).
    pub(crate) fn encode(buckets: &[u32], idf: &[f32], weights: &[f32], bias: &[f32]) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(8 + buckets.len() * 8 + weights.len() * 2 + bias.len() * 4);
        out.extend_from_slice(&(buckets.len() as u32).to_le_bytes());
        for b in buckets {
            out.extend_from_slice(&b.to_le_bytes());
        }
        for v in idf {
            out.extend_from_slice(&v.to_le_bytes());
        }
        let (scale, q) = quantise(weights);
        out.extend_from_slice(&scale.to_le_bytes());
        for v in q {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in bias {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Opens the section `bytes[start..end]` of a model with `k` labels and `2^bits`
    /// buckets, checking everything a read will rely on: sizes, bucket order and range,
    /// finite numbers.
    pub(crate) fn open(
        bytes: Cow<'static, [u8]>,
        start: usize,
        end: usize,
        k: usize,
        bits: u8,
    ) -> Result<Arrays, ModelError> {
        if start > end || end > bytes.len() || end - start < 4 {
            return Err(corrupt("truncated"));
        }
        let b = &bytes[..end];
        let n = u32_at(b, start) as usize;
        // Every count is checked against the bytes there are before anything is read.
        let needed = n
            .checked_mul(8 + 2 * k)
            .and_then(|x| x.checked_add(8 + 4 * k))
            .ok_or_else(|| corrupt("sizes overflow"))?;
        if needed != end - start {
            return Err(corrupt("array sizes do not match the file length"));
        }
        let buckets_at = start + 4;
        let idf_at = buckets_at + 4 * n;
        let scale_at = idf_at + 4 * n;
        let weights_at = scale_at + 4;
        let bias_at = weights_at + 2 * n * k;
        let scale = f32::from_bits(u32_at(b, scale_at));
        let bias: Vec<f32> = (0..k).map(|j| f32::from_bits(u32_at(b, bias_at + 4 * j))).collect();
        // Every weight is an i16 times the scale: all are finite when the extremes are.
        let numbers_ok = b[idf_at..scale_at]
            .chunks_exact(4)
            .all(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]).is_finite())
            && bias.iter().all(|v| v.is_finite())
            && (scale * f32::from(i16::MAX)).is_finite()
            && (scale * f32::from(i16::MIN)).is_finite();
        if !numbers_ok {
            return Err(corrupt("non-finite numbers"));
        }
        let limit = 1u64 << bits;
        let mut set = Vec::new();
        if bits <= INDEX_BITS {
            set = vec![0u64; (limit as usize).div_ceil(WORD as usize)];
        }
        let mut next = 0u64; // the least value the next bucket may have
        for c in b[buckets_at..idf_at].chunks_exact(4) {
            let bucket = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            if u64::from(bucket) < next || u64::from(bucket) >= limit {
                return Err(corrupt("buckets not increasing or out of range"));
            }
            next = u64::from(bucket) + 1;
            if let Some(w) = set.get_mut((bucket / WORD) as usize) {
                *w |= 1u64 << (bucket % WORD);
            }
        }
        let index = if bits <= INDEX_BITS {
            let mut before = Vec::with_capacity(set.len());
            let mut count = 0u32;
            for w in &set {
                before.push(count);
                count += w.count_ones();
            }
            Index::Rank { set, before }
        } else {
            Index::Search
        };
        Ok(Arrays { bytes, start, end, n, k, buckets_at, idf_at, weights_at, scale, bias, index })
    }

    /// The section's bytes, as a model file stores them.
    pub(crate) fn section(&self) -> &[u8] {
        &self.bytes[self.start..self.end]
    }

    /// The kept index of a hash bucket.
    pub(crate) fn index_of(&self, bucket: u32) -> Option<u32> {
        match &self.index {
            Index::Rank { set, before } => {
                let w = (bucket / WORD) as usize;
                let word = *set.get(w)?;
                let bit = 1u64 << (bucket % WORD);
                (word & bit != 0).then(|| before[w] + (word & (bit - 1)).count_ones())
            }
            Index::Search => {
                let (mut lo, mut hi) = (0usize, self.n);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let b = u32_at(&self.bytes, self.buckets_at + 4 * mid);
                    match b.cmp(&bucket) {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => return Some(mid as u32),
                    }
                }
                None
            }
        }
    }

    /// The idf of kept index `i`.
    pub(crate) fn idf(&self, i: u32) -> Option<f32> {
        let i = i as usize;
        (i < self.n).then(|| f32::from_bits(u32_at(&self.bytes, self.idf_at + 4 * i)))
    }

    /// The weights of kept index `i`, one per label (empty past the end).
    pub(crate) fn row(&self, i: usize) -> impl Iterator<Item = f32> + '_ {
        let k = self.k;
        let at = self.weights_at + 2 * k * i;
        let row = if i < self.n { &self.bytes[at..at + 2 * k] } else { &[][..] };
        let scale = self.scale;
        row.chunks_exact(2).map(move |c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
    }

    /// Raw scores (logits) of a weighted feature vector over kept indices: bias plus
    /// `Σ value × weight`, summed in the vector's order.
    pub(crate) fn logits(&self, x: &[(u32, f32)]) -> Vec<f32> {
        let mut z = self.bias.clone();
        for &(f, v) in x {
            for (zj, w) in z.iter_mut().zip(self.row(f as usize)) {
                *zj += v * w;
            }
        }
        z
    }
}

impl PartialEq for Arrays {
    fn eq(&self, other: &Self) -> bool {
        self.k == other.k && self.section() == other.section()
    }
}

impl std::fmt::Debug for Arrays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arrays")
            .field("buckets", &self.n)
            .field("labels", &self.k)
            .field("scale", &self.scale)
            .field("bias", &self.bias)
            .field("embedded", &matches!(self.bytes, Cow::Borrowed(_)))
            .finish_non_exhaustive()
    }
}

/// Weights as i16 with one scale (the largest magnitude maps to ±32767): halves the
/// file against f32, and changes no prediction measurably (relative error < 2e-5 of
/// the largest weight).
pub(crate) fn quantise(weights: &[f32]) -> (f32, Vec<i16>) {
    let max = weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
    let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
    (scale, weights.iter().map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrays(buckets: &[u32], bits: u8) -> Arrays {
        let k = 2;
        let idf: Vec<f32> = buckets.iter().map(|&b| 1.0 + b as f32).collect();
        let weights: Vec<f32> = (0..buckets.len() * k).map(|i| i as f32 - 1.5).collect();
        let bytes = Arrays::encode(buckets, &idf, &weights, &[0.25, -0.5]);
        let end = bytes.len();
        Arrays::open(Cow::Owned(bytes), 0, end, k, bits).unwrap()
    }

    #[test]
    fn both_indexes_find_exactly_the_kept_buckets() {
        let kept = [0u32, 1, 63, 64, 65, 200, 4095];
        for bits in [12u8, 24] {
            let a = arrays(&kept, bits);
            for b in 0..4200u32 {
                let want = kept.iter().position(|&k| k == b).map(|i| i as u32);
                assert_eq!(a.index_of(b), want, "bucket {b}, {bits} bits");
            }
            assert_eq!(a.idf(2), Some(64.0));
            assert_eq!(a.idf(7), None);
            assert_eq!(a.row(9).count(), 0);
        }
    }

    #[test]
    fn logits_read_the_quantised_weights() {
        let a = arrays(&[3, 9], 8);
        let (scale, q) = quantise(&[-1.5, -0.5, 0.5, 1.5]);
        let w = |i: usize| f32::from(q[i]) * scale;
        let z = a.logits(&[(1, 0.5), (0, 2.0)]);
        assert_eq!(z, vec![0.25 + 0.5 * w(2) + 2.0 * w(0), -0.5 + 0.5 * w(3) + 2.0 * w(1)]);
    }

    #[test]
    fn bad_sections_are_errors() {
        let good = Arrays::encode(&[1, 2], &[1.0, 1.0], &[0.0; 4], &[0.0, 0.0]);
        let open = |b: Vec<u8>, bits| {
            let end = b.len();
            Arrays::open(Cow::Owned(b), 0, end, 2, bits)
        };
        assert!(open(good.clone(), 8).is_ok());
        assert!(open(good[..good.len() - 1].to_vec(), 8).is_err());
        // Bucket 2 is out of range for one bit.
        assert!(open(good.clone(), 1).is_err());
        let unordered = Arrays::encode(&[2, 1], &[1.0, 1.0], &[0.0; 4], &[0.0, 0.0]);
        assert!(open(unordered, 8).is_err());
        let nan = Arrays::encode(&[1, 2], &[f32::NAN, 1.0], &[0.0; 4], &[0.0, 0.0]);
        assert!(open(nan, 8).is_err());
        assert!(Arrays::open(Cow::Owned(good), 3, 2, 2, 8).is_err());
    }
}
