//! The parallel batch: files processed on a rayon pool, results handed on in input order.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

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
/// Each worker of the pool runs one loop that takes the next file from a queue this
/// thread fills. A worker waiting inside one file's parallel step (a join) then finds
/// only tasks of files already running to help with, never a whole queued file: one
/// that ran nested on its stack would hold the first file's result (and its `timeout`
/// clock) until the stolen one was done. A worker between files helps with the running
/// files' tasks before it starts the next file. At most `4 × jobs` files are in flight
/// (queued or started but not yet handed on), so memory is bounded by the work in
/// flight, not by the batch; only this thread queues files, so a slow file at the head
/// cannot deadlock the pool. A file that takes longer than `timeout` gets an error record and
/// the batch goes on (its thread finishes in the background, bounded by the
/// extractor's limits).
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
    let (start_tx, start_rx) = mpsc::channel::<(usize, Instant)>();
    let queue: Arc<Queue> = Arc::default();
    {
        let queue = Arc::clone(&queue);
        pool.spawn_broadcast(move |_| worker(&queue, &tx, &start_tx));
    }
    // Whatever way this function returns, the workers' loops end.
    let _stop = Stop(Arc::clone(&queue));
    let mut pending: BTreeMap<usize, Option<Vec<Record>>> = BTreeMap::new();
    let mut started_at: BTreeMap<usize, Instant> = BTreeMap::new();
    let mut next_start = 0;
    let mut next_write = 0;
    while next_write < inputs.len() {
        while next_start < inputs.len() && next_start < next_write + window {
            queue.push(next_start, make_job(&inputs[next_start]));
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

/// Files queued for the workers, in input order, and whether the batch is over.
#[derive(Default)]
struct Queue {
    files: Mutex<VecDeque<(usize, Job)>>,
    done: AtomicBool,
}

impl Queue {
    fn push(&self, index: usize, job: Job) {
        if let Ok(mut files) = self.files.lock() {
            files.push_back((index, job));
        }
    }

    fn pop(&self) -> Option<(usize, Job)> {
        self.files.lock().ok()?.pop_front()
    }
}

/// Ends the workers' loops when dropped.
struct Stop(Arc<Queue>);

impl Drop for Stop {
    fn drop(&mut self) {
        self.0.done.store(true, Ordering::Release);
    }
}

/// How long an idle worker sleeps when neither a file nor a running file's task is
/// there to take: short against a file's time (milliseconds at least), long enough
/// that the idle loop costs next to nothing.
const IDLE_WAIT: Duration = Duration::from_micros(200);

/// One worker's loop: a queued task of a running file, else the next queued file.
///
/// Running files come first: their tasks are their parallel steps, and a new file
/// started meanwhile would take the core those steps could use. So a worker between
/// files helps a long file through its parallel steps and takes new files while that
/// file is in its serial ones. Measured on the development corpus, whose one 117-page
/// file is most of the work (25 alternating pairs): `--jobs 2` 1.60x faster than
/// `--jobs 1` with new files first, 1.67x with running files first.
fn worker(
    queue: &Queue,
    tx: &mpsc::Sender<(usize, Option<Vec<Record>>)>,
    start_tx: &mpsc::Sender<(usize, Instant)>,
) {
    while !queue.done.load(Ordering::Acquire) {
        if rayon::yield_now() == Some(rayon::Yield::Executed) {
            continue;
        }
        match queue.pop() {
            Some((index, job)) => {
                let _ = start_tx.send((index, Instant::now()));
                // The receiver only goes away when the batch is abandoned.
                if tx.send((index, job())).is_err() {
                    return;
                }
            }
            None => std::thread::sleep(IDLE_WAIT),
        }
    }
}

/// The ordinary job: the pipeline on one file.
pub(crate) fn pipeline_job(pipeline: &Arc<Pipeline>, input: &Input) -> Job {
    let pipeline = Arc::clone(pipeline);
    let input = input.clone();
    Box::new(move || Some(pipeline.process_path(&input.path, &input.label())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No file runs nested inside another on one worker, even when every file waits in
    /// a parallel step (where a rayon worker steals whatever work is queued).
    #[test]
    fn files_never_nest_on_a_worker() {
        let inputs: Vec<Input> =
            (0..12).map(|i| Input { path: format!("f{i}.pdf").into() }).collect();
        // (file, worker, start, end) of each file.
        type Spans = Arc<Mutex<Vec<(usize, usize, Instant, Instant)>>>;
        let spans: Spans = Arc::default();
        let make_job = |input: &Input| -> Job {
            let spans = Arc::clone(&spans);
            let index: usize = input.label()[1..].trim_end_matches(".pdf").parse().unwrap_or(0);
            Box::new(move || {
                let start = Instant::now();
                let worker = rayon::current_thread_index().unwrap_or(usize::MAX);
                // A short and a long half: the worker that finishes its half waits
                // in the join, where it would steal a queued file.
                rayon::join(
                    || std::thread::sleep(Duration::from_millis(1)),
                    || std::thread::sleep(Duration::from_millis(15)),
                );
                if let Ok(mut s) = spans.lock() {
                    s.push((index, worker, start, Instant::now()));
                }
                Some(Vec::new())
            })
        };
        let mut order = Vec::new();
        run(&inputs, 2, None, make_job, |input, _| {
            order.push(input.label());
            Ok(())
        })
        .unwrap();
        assert_eq!(order, inputs.iter().map(Input::label).collect::<Vec<_>>());
        let spans = spans.lock().unwrap();
        assert_eq!(spans.len(), inputs.len());
        for a in spans.iter() {
            for b in spans.iter() {
                let nested = a.0 != b.0 && a.1 == b.1 && a.2 < b.2 && b.3 < a.3;
                assert!(!nested, "file {} ran inside file {} on worker {}", b.0, a.0, a.1);
            }
        }
    }
}
