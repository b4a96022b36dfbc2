//! Input discovery: files and folders → a sorted, de-duplicated list of PDFs.

use std::fs;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// One input and the label written into its records.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Input {
    /// The path as given, or joined below a given folder.
    pub(crate) path: PathBuf,
}

impl Input {
    pub(crate) fn label(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// Expands `paths` (files as given; folders recursively for `*.pdf`) and sorts
/// the result so output order never depends on the file system or on `--jobs`.
pub(crate) fn discover(paths: &[PathBuf]) -> io::Result<Vec<Input>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = fs::metadata(p)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            // A file named explicitly is taken whatever its extension: the user asked for it.
            out.push(Input { path: p.clone() });
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> io::Result<()> {
    let entries = fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        // Not following symlinked folders keeps a link cycle from looping forever.
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk(&path, out)?;
        } else if is_pdf_name(&path) && (file_type.is_file() || path.is_file()) {
            out.push(Input { path });
        }
    }
    Ok(())
}

fn is_pdf_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Reads input paths, one per line; blank lines are skipped.
pub(crate) fn read_list(reader: &mut dyn BufRead) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if !line.trim().is_empty() {
            out.push(PathBuf::from(line));
        }
    }
    Ok(out)
}

/// Whether `input` falls in shard `k` of `n` (1-based). The hash is of the path
/// text, so N machines given the same listing split it without coordination.
pub(crate) fn in_shard(input: &Input, (k, n): (u32, u32)) -> bool {
    let digest = Sha256::digest(input.label().as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(head) % u64::from(n) == u64::from(k - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovers_pdfs_recursively_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).unwrap();
        for f in ["b/c/z.pdf", "a.PDF", "b/x.pdf", "b/notes.txt"] {
            fs::write(root.join(f), b"").unwrap();
        }
        let found = discover(&[root.to_path_buf()]).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|i| i.path.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.PDF", "b/c/z.pdf", "b/x.pdf"]);
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let err = discover(&[PathBuf::from("/nonexistent/deck.pdf")]).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/deck.pdf"));
    }

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<Input> =
            (0..200).map(|i| Input { path: PathBuf::from(format!("d/{i}.pdf")) }).collect();
        let n = 3;
        let mut total = 0;
        for k in 1..=n {
            let count = inputs.iter().filter(|i| in_shard(i, (k, n))).count();
            assert!(count > 30, "shard {k} got only {count}");
            total += count;
        }
        assert_eq!(total, inputs.len(), "every input in exactly one shard");
    }

    #[test]
    fn list_skips_blank_lines() {
        let mut r: &[u8] = b"a.pdf\n\n  \nb dir/c.pdf\r\n";
        assert_eq!(
            read_list(&mut r).unwrap(),
            [PathBuf::from("a.pdf"), PathBuf::from("b dir/c.pdf")]
        );
    }
}
