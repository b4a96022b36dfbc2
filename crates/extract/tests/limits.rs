//! Document-level limits fail the file with a typed `limit` error.

mod support;

use deck_extract::{ExtractError, Limits, Options, extract};

fn pdf_with_objects(extra: usize) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [] /Count 0 >>".into(),
    ];
    objects.extend((0..extra).map(|i| format!("({i})")));
    support::raw_pdf(&objects)
}

#[test]
fn too_many_objects_is_a_limit_error() {
    let bytes = pdf_with_objects(50);
    let tight =
        Options { limits: Limits { max_objects: 20, ..Limits::default() }, ..Options::default() };
    match extract(&bytes, &tight) {
        Err(ExtractError::LimitExceeded { what: "objects", limit: 20 }) => {}
        other => panic!("expected an object limit error, got {other:?}"),
    }
    let default = extract(&bytes, &Options::default());
    assert!(
        !matches!(default, Err(ExtractError::LimitExceeded { .. })),
        "the default limit lets it through: {default:?}"
    );
}
