//! Reads PDFs with lopdf into pages of positioned text lines.
