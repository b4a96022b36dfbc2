//! The parallel batch: files processed on a rayon pool, results handed on in input order.

use std::collections::BTreeMap;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use deck_ingest::Pipeline;
use deck_records::{ErrorRecord, Record};

use crate::inputs::Input;

/// What a batch did.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Summary {
    pub(crate) files: usize,
    pub(crate) skipped: usize,
    pub(crate) failed: usize,
    pub(crate) records: u64,
    pub(crate) pages: u64,
    /// Pages with pictures but no slide text (each gets an `image-only` warning).
    pub(crate) image_only: u64,
}

impl Summary {
    /// Counts one file's records.
    pub(crate) fn add(&mut self, records: &[Record]) {
        self.files += 1;
        if records.iter().any(|r| matches!(r, Record::Error(_))) {
            self.failed += 1;
        }
        if let Some(Record::Section(s)) = records.first() {
            self.pages += u64::from(s.source.page_count);
        }
        self.records += records.len() as u64;
        // Each page's warning is on every record that lists the page (a page record,
        // a section, or the chunks sharing it): count pages, not warnings.
        let mut pages: Vec<u32> = records
            .iter()
            .filter_map(|r| match r {
                Record::Section(s) => Some(s),
                Record::Error(_) => None,
            })
            .flat_map(|s| {
                s.warnings.iter().filter(|w| w.kind == "image-only").filter_map(|w| w.page)
            })
            .collect();
        pages.sort_unstable();
        pages.dedup();
        self.image_only += pages.len() as u64;
    }
}

/// How one file is processed: the pipeline, or a shortcut (e.g. already done).
pub(crate) type Job = Box<dyn FnOnce() -> Option<Vec<Record>> + Send>;

/// Runs `make_job(input)` for each input on a pool of `jobs` threads and calls
/// `sink` with each input's result in input order, as soon as every earlier
/// input has been handed on. A job that returns `None` was skipped.
///
/// At most `4 × jobs` files are in flight (started but not yet handed on), so
/// memory is bounded by the work in flight, not by the batch; only this thread
/// starts jobs, so a slow file at the head cannot deadlock the pool. A file that
/// takes longer than `timeout` gets an error record and the batch goes on (its
/// thread finishes in the background, bounded by the extractor's limits).
pub(crate) fn run(
    inputs: &[Input],
    jobs: usize,
    timeout: Option<Duration>,
    mut make_job: impl FnMut(&Input) -> Job,
    mut sink: impl FnMut(&Input, Option<Vec<Record>>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let jobs = jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let window = jobs * 4;
    let (tx, rx) = mpsc::channel::<(usize, Option<Vec<Record>>)>();
    let mut pending: BTreeMap<usize, Option<Vec<Record>>> = BTreeMap::new();
    let mut started_at: BTreeMap<usize, std::time::Instant> = BTreeMap::new();
    let (start_tx, start_rx) = mpsc::channel::<(usize, std::time::Instant)>();
    let mut next_start = 0;
    let mut next_write = 0;
    while next_write < inputs.len() {
        while next_start < inputs.len() && next_start < next_write + window {
            let job = make_job(&inputs[next_start]);
            let index = next_start;
            let tx = tx.clone();
            let start_tx = start_tx.clone();
            pool.spawn(move || {
                let _ = start_tx.send((index, std::time::Instant::now()));
                // The receiver only goes away when the batch is abandoned.
                let _ = tx.send((index, job()));
            });
            next_start += 1;
        }
        let received = match timeout {
            None => Some(rx.recv()?),
            Some(limit) => {
                while let Ok((i, t)) = start_rx.try_recv() {
                    started_at.insert(i, t);
                }
                match rx.recv_timeout(Duration::from_millis(100).min(limit)) {
                    Ok(got) => Some(got),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    Err(e) => return Err(e.into()),
                }
            }
        };
        if let Some((index, records)) = received {
            started_at.remove(&index);
            // A late result for a file already reported as timed out is dropped.
            if index >= next_write {
                pending.insert(index, records);
            }
        }
        if let Some(limit) = timeout {
            let head_started = started_at.get(&next_write).copied();
            if !pending.contains_key(&next_write)
                && head_started.is_some_and(|t| t.elapsed() > limit)
            {
                let input = &inputs[next_write];
                pending.insert(
                    next_write,
                    Some(vec![Record::Error(ErrorRecord {
                        path: input.label(),
                        kind: deck_records::ErrorKind::Timeout,
                        message: format!(
                            "gave up after {:.1} s (--timeout-per-file)",
                            limit.as_secs_f64()
                        ),
                    })]),
                );
            }
        }
        while let Some(records) = pending.remove(&next_write) {
            sink(&inputs[next_write], records)?;
            next_write += 1;
        }
    }
    Ok(())
}

/// The ordinary job: the pipeline on one file.
pub(crate) fn pipeline_job(pipeline: &Arc<Pipeline>, input: &Input) -> Job {
    let pipeline = Arc::clone(pipeline);
    let input = input.clone();
    Box::new(move || Some(pipeline.process_path(&input.path, &input.label())))
}
