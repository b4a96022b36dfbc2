//! The typed error of a whole extraction.

/// Why a document could not be extracted at all. Problems confined to part of a
/// document are [`deck_layout::Warning`]s instead.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtractError {
    /// The document is encrypted and the empty user password does not open it; pass
    /// [`crate::Options::password`].
    #[error("the PDF is encrypted and needs a password")]
    Encrypted,
    /// A password was given but does not open the document.
    #[error("the password does not open this PDF")]
    WrongPassword,
    /// The encryption scheme is not one we can decrypt.
    #[error("unsupported encryption: {0}")]
    UnsupportedEncryption(String),
    /// Not a PDF, or too damaged to find any page.
    #[error("malformed PDF: {0}")]
    Malformed(String),
    /// A resource bound was exceeded while loading the document.
    #[error("limit exceeded: {what} (limit {limit})")]
    LimitExceeded {
        /// Which bound, e.g. `"stream bytes"`.
        what: &'static str,
        /// Its value.
        limit: usize,
    },
    /// The PDF parser panicked on this input; caught and reported (kind `malformed`).
    #[error("internal error while reading the PDF: {0}")]
    Internal(String),
}
