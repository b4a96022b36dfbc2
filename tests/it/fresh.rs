//! The committed fixtures must be byte-identical to the generator's output, so a
//! change to the generator can't silently leave stale PDFs behind.
//! `UPDATE_FIXTURES=1 cargo test -p deck-tests fresh` rewrites them.

use deck_tests::root;

#[test]
fn committed_fixtures_match_the_generator() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1");
    let dir = root().join("fixtures");
    let mut stale = Vec::new();
    for (name, bytes) in deck_fixtures::generate_all() {
        let path = dir.join(&name);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&bytes[..]) {
            stale.push(name);
        }
    }
    assert!(stale.is_empty(), "stale fixtures (run with UPDATE_FIXTURES=1): {stale:?}");
}
