//! The parallel batch: files processed on a rayon pool, records written in input order.

use std::collections::BTreeMap;
use std::sync::{Arc, mpsc};

use deck_ingest::Pipeline;
use deck_records::{JsonLinesWriter, Record};

use crate::inputs::Input;

/// What a batch did.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Summary {
    pub(crate) files: usize,
    pub(crate) failed: usize,
    pub(crate) records: u64,
    pub(crate) pages: u64,
}

/// Runs `pipeline` over `inputs` with `jobs` threads and writes every record to
/// `out` in input order as soon as the records before it are written.
///
/// At most `window` files are in flight (started but not yet written), so memory
/// is bounded by the work in flight, not by the size of the batch; the main thread
/// alone starts jobs, so a slow head file cannot deadlock the pool.
pub(crate) fn run<W: std::io::Write>(
    pipeline: Arc<Pipeline>,
    inputs: &[Input],
    jobs: usize,
    out: &mut JsonLinesWriter<W>,
) -> anyhow::Result<Summary> {
    let jobs = jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let window = jobs * 4;
    let (tx, rx) = mpsc::channel::<(usize, Vec<Record>)>();
    let mut summary = Summary::default();
    let mut pending: BTreeMap<usize, Vec<Record>> = BTreeMap::new();
    let mut next_start = 0;
    let mut next_write = 0;
    while next_write < inputs.len() {
        while next_start < inputs.len() && next_start < next_write + window {
            let input = inputs[next_start].clone();
            let index = next_start;
            let tx = tx.clone();
            let pipeline = Arc::clone(&pipeline);
            pool.spawn(move || {
                let records = pipeline.process_path(&input.path, &input.label());
                // The receiver only goes away when the batch is abandoned.
                let _ = tx.send((index, records));
            });
            next_start += 1;
        }
        let (index, records) = rx.recv()?;
        pending.insert(index, records);
        while let Some(records) = pending.remove(&next_write) {
            summary.files += 1;
            if records.iter().any(|r| matches!(r, Record::Error(_))) {
                summary.failed += 1;
            }
            if let Some(Record::Section(s)) = records.first() {
                summary.pages += u64::from(s.source.page_count);
            }
            for r in &records {
                out.write(r)?;
            }
            summary.records += records.len() as u64;
            next_write += 1;
        }
    }
    Ok(summary)
}
