//! `--output-dir`: one JSON Lines file per input, and `--skip-existing`.

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Component, Path, PathBuf};

use deck_records::{AtomicFile, JsonLinesWriter, Record};

/// Where an input's records go: its path below `dir`, made relative (root and
/// `..` components dropped so nothing escapes `dir`), with `.jsonl` appended.
pub(crate) fn target(dir: &Path, input: &Path) -> PathBuf {
    let mut rel = PathBuf::new();
    for c in input.components() {
        if let Component::Normal(part) = c {
            rel.push(part);
        }
    }
    let mut name = rel.into_os_string();
    name.push(".jsonl");
    dir.join(name)
}

/// Whether `out` already holds records made from a file whose SHA-256 is `sha`.
/// Error records don't count: a failed input is tried again.
pub(crate) fn up_to_date(out: &Path, sha: &str) -> bool {
    let Ok(file) = fs::File::open(out) else { return false };
    let mut first = String::new();
    if BufReader::new(file).read_line(&mut first).is_err() {
        return false;
    }
    match serde_json::from_str::<Record>(&first) {
        Ok(Record::Section(s)) => s.source.sha256 == sha,
        _ => false,
    }
}

/// Writes one input's records to `out` atomically.
pub(crate) fn write(out: &Path, records: &[Record]) -> io::Result<()> {
    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut writer = JsonLinesWriter::new(AtomicFile::create(out)?);
    for r in records {
        writer.write(r)?;
    }
    let mut file = writer.into_inner()?;
    file.flush()?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_stay_inside_the_output_dir() {
        let d = Path::new("/out");
        assert_eq!(target(d, Path::new("a/b.pdf")), Path::new("/out/a/b.pdf.jsonl"));
        assert_eq!(target(d, Path::new("/abs/../x.pdf")), Path::new("/out/abs/x.pdf.jsonl"));
        assert_eq!(target(d, Path::new("../../etc/p.pdf")), Path::new("/out/etc/p.pdf.jsonl"));
    }
}
