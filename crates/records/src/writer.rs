//! JSON Lines output.

use std::io::{self, Write};

use crate::Record;

/// Writes records as JSON Lines: one compact JSON object per line, `\n` ended.
pub struct JsonLinesWriter<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> JsonLinesWriter<W> {
    /// Wraps a writer; buffer it yourself if it is unbuffered.
    pub fn new(inner: W) -> Self {
        JsonLinesWriter { inner, written: 0 }
    }

    /// Writes one record and its newline.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        serde_json::to_writer(&mut self.inner, record).map_err(io::Error::other)?;
        self.inner.write_all(b"\n")?;
        self.written += 1;
        Ok(())
    }

    /// How many records were written.
    pub fn count(&self) -> u64 {
        self.written
    }

    /// Flushes and returns the inner writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorRecord;

    #[test]
    fn writes_one_line_per_record() {
        let mut w = JsonLinesWriter::new(Vec::new());
        for i in 0..3 {
            let rec = Record::Error(ErrorRecord {
                path: format!("{i}.pdf"),
                kind: crate::ErrorKind::Io,
                message: "line\nbreak".into(),
            });
            w.write(&rec).unwrap();
        }
        assert_eq!(w.count(), 3);
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out.lines().count(), 3, "embedded newlines must be escaped");
        assert!(out.ends_with('\n'));
    }
}
