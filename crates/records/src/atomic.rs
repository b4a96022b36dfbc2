//! Files that appear whole or not at all.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file written to a temporary sibling and renamed into place on [`commit`].
///
/// Dropping it without committing removes the temporary, so a crash or an error
/// never leaves a half-written output under the final name. A target that exists
/// and is not a regular file (`/dev/null`, a FIFO, `/dev/stdout`) is written
/// directly: renaming over it would replace the device or pipe with a file.
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    target: PathBuf,
    out: Out,
}

enum Out {
    Temp(BufWriter<tempfile::NamedTempFile>),
    Direct(BufWriter<fs::File>),
}

impl AtomicFile {
    /// Starts writing `target`; the temporary lives in the same folder so the
    /// final rename stays on one file system and is atomic.
    pub fn create(target: &Path) -> io::Result<Self> {
        if fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = fs::OpenOptions::new().write(true).open(target)?;
            return Ok(AtomicFile {
                target: target.to_path_buf(),
                out: Out::Direct(BufWriter::new(file)),
            });
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp =
            tempfile::Builder::new().prefix(".deck-ingest-").suffix(".tmp").tempfile_in(dir)?;
        Ok(AtomicFile { target: target.to_path_buf(), out: Out::Temp(BufWriter::new(tmp)) })
    }

    /// Flushes, syncs and renames the temporary onto the target.
    pub fn commit(self) -> io::Result<()> {
        let tmp = match self.out {
            Out::Temp(tmp) => tmp.into_inner().map_err(|e| e.into_error())?,
            Out::Direct(mut file) => return file.flush(),
        };
        tmp.as_file().sync_all()?;
        tmp.persist(&self.target).map_err(|e| e.error)?;
        // Make the rename itself durable where the platform allows it.
        if let Some(dir) = self.target.parent().filter(|p| !p.as_os_str().is_empty())
            && let Ok(d) = fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Out::Temp(w) => w.write(buf),
            Out::Direct(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Out::Temp(w) => w.flush(),
            Out::Direct(w) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit_and_drop_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"partial").unwrap();
            assert!(!target.exists());
        }
        assert!(!target.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "temporary removed on drop");
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"whole\n").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "whole\n");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_directly_not_replaced() {
        let null = Path::new("/dev/null");
        let mut f = AtomicFile::create(null).unwrap();
        f.write_all(b"discarded").unwrap();
        f.commit().unwrap();
        let meta = fs::metadata(null).unwrap();
        assert!(!meta.is_file(), "/dev/null must still be a device");
    }
}
