//! Resource bounds for hostile input.

/// Bounds on the work one document may cause. Exceeding a per-page bound truncates that
/// page with a `limit` warning; a document that cannot even be loaded within them fails
/// with [`crate::ExtractError::LimitExceeded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed size of any one stream, in bytes (default 64 MiB).
    /// Guards against deflate bombs.
    pub max_stream_bytes: usize,
    /// Most content-stream operators interpreted per page, forms included (default 2 000 000).
    pub max_ops_per_page: usize,
    /// Deepest nesting of Form XObjects (default 12).
    pub max_form_depth: u32,
    /// Most pages extracted; later pages are skipped with a warning (default 5000).
    pub max_pages: usize,
    /// Most glyphs kept per page (default 500 000).
    pub max_glyphs_per_page: usize,
    /// Most indirect objects a document may hold (default 2 000 000); more fails the
    /// file with a `limit` error rather than walking an object table of any size.
    pub max_objects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: 64 * 1024 * 1024,
            max_ops_per_page: 2_000_000,
            max_form_depth: 12,
            max_pages: 5000,
            max_glyphs_per_page: 500_000,
            max_objects: 2_000_000,
        }
    }
}
