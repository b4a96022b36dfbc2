//! Document-level limits fail the file with a typed `limit` error.

use deck_extract::{ExtractError, Limits, Options, extract};

fn pdf_with_objects(extra: usize) -> Vec<u8> {
    let mut pdf = String::from(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n",
    );
    for i in 0..extra {
        pdf.push_str(&format!("{} 0 obj ({i}) endobj\n", i + 3));
    }
    pdf.push_str("trailer << /Root 1 0 R >>\n%%EOF\n");
    pdf.into_bytes()
}

#[test]
fn too_many_objects_is_a_limit_error() {
    let bytes = pdf_with_objects(50);
    let tight =
        Options { limits: Limits { max_objects: 20, ..Limits::default() }, ..Options::default() };
    match extract(&bytes, &tight) {
        Err(e @ ExtractError::LimitExceeded { what: "objects", limit: 20 }) => {
            assert_eq!(e.kind(), "limit")
        }
        other => panic!("expected an object limit error, got {other:?}"),
    }
    let default = extract(&bytes, &Options::default());
    assert!(
        !matches!(default, Err(ExtractError::LimitExceeded { .. })),
        "the default limit lets it through: {default:?}"
    );
}
