//! The subcommands.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use deck_classify::{Model, Taxonomy, detect_language};
use deck_ingest::{Config, Pipeline};
use deck_records::{AtomicFile, Granularity, JsonLinesWriter};
use deck_repair::{Dictionary, Lexicon, Repairer};
use serde::Serialize;

use crate::args::{
    ClassifyArgs, Cli, Command, GranularityArg, PdfArgs, RecordsArgs, RedactArgs, RedactCmdArgs,
    RepairArgs, TextArgs, TrainArgs,
};
use crate::{EXIT_FAILED_INPUTS, EXIT_OK, batch, inputs, outdir, progress};

/// A problem with the options themselves: exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub(crate) String);

pub(crate) fn dispatch(
    cli: Cli,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> anyhow::Result<u8> {
    match cli.command {
        Command::Records(args) => records(args, stdin, stdout, stderr),
        Command::Text(args) => text(&args, stdout),
        Command::Repair(args) => repair(&args, stdin, stdout, stderr),
        Command::Classify(args) => classify(&args, stdin, stdout),
        Command::Inspect(args) => crate::inspect::run(&args, stderr),
        Command::Redact(args) => redact(&args, stdin, stdout, stderr),
        Command::Train(args) => train(&args, stdout, stderr),
    }
}

/// The redactor `--redact KINDS` and `--redact-pattern NAME=REGEX` ask for, compiled
/// once for the whole run; `None` when neither is given. Bad kinds or patterns are
/// usage errors (exit 2) that name them.
pub(crate) fn redactor(
    kinds: Option<&str>,
    patterns: &[String],
) -> anyhow::Result<Option<Arc<deck_redact::Redactor>>> {
    if kinds.is_none() && patterns.is_empty() {
        return Ok(None);
    }
    let patterns = patterns
        .iter()
        .map(|p| deck_redact::Pattern::parse(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| UsageError(format!("--redact-pattern: {e}")))?;
    let names: Vec<&str> = patterns.iter().map(|p| p.name.as_str()).collect();
    let kinds = match kinds {
        Some(list) => deck_redact::parse_kinds(list, &names)
            .map_err(|e| UsageError(format!("--redact: {e}")))?,
        None => Vec::new(),
    };
    let built = deck_redact::Redactor::new(&kinds, &patterns)
        .map_err(|e| UsageError(format!("--redact-pattern: {e}")))?;
    Ok(Some(Arc::new(built)))
}

pub(crate) fn redactor_of(args: &RedactArgs) -> anyhow::Result<Option<Arc<deck_redact::Redactor>>> {
    redactor(args.kinds.as_deref(), &args.patterns)
}

pub(crate) fn extract_options(pdf: &PdfArgs) -> deck_extract::Options {
    let mut options = deck_extract::Options {
        password: pdf.password.clone(),
        ..deck_extract::Options::default()
    };
    for &(name, value) in &pdf.limits {
        name.apply(&mut options.limits, value);
    }
    options
}

fn load_taxonomy(path: &Path) -> anyhow::Result<Taxonomy> {
    Taxonomy::load(path).map_err(|e| UsageError(format!("taxonomy {}: {e}", path.display())).into())
}

/// `--taxonomy FILE` (with `--extend-taxonomy`: added to the default one).
fn taxonomy_option(path: Option<&Path>, extend: bool) -> anyhow::Result<Option<Taxonomy>> {
    let Some(path) = path else { return Ok(None) };
    let loaded = load_taxonomy(path)?;
    Ok(Some(if extend {
        let mut base = Taxonomy::embedded().clone();
        base.extend(loaded);
        base
    } else {
        loaded
    }))
}

/// `--model MODEL`: a wrong or damaged file is a usage error (exit 2).
pub(crate) fn load_model(path: Option<&Path>) -> anyhow::Result<Option<Model>> {
    path.map(|p| {
        Model::load(p).map_err(|e| UsageError(format!("model {}: {e}", p.display())).into())
    })
    .transpose()
}

/// A pipeline with the `--taxonomy` and `--model` choices.
pub(crate) fn pipeline(
    config: Config,
    taxonomy: Option<Taxonomy>,
    model: Option<Model>,
) -> Pipeline {
    let pipeline = Pipeline::new(config, taxonomy);
    match model {
        Some(m) => pipeline.with_model(m),
        None => pipeline,
    }
}

fn records(
    args: RecordsArgs,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut paths = args.paths.clone();
    if let Some(list) = &args.files_from {
        let listed = if list.as_os_str() == "-" {
            inputs::read_list(stdin)
        } else {
            let file = fs::File::open(list)
                .map_err(|e| UsageError(format!("--files-from {}: {e}", list.display())))?;
            inputs::read_list(&mut BufReader::new(file))
        };
        paths.extend(listed.context("reading the input list")?);
    }
    if paths.is_empty() {
        return Err(
            UsageError("no inputs: give PDF files or folders, or --files-from".into()).into()
        );
    }
    let mut found = inputs::discover(&paths).map_err(|e| UsageError(e.to_string()))?;
    if let Some(shard) = args.shard {
        found.retain(|i| inputs::in_shard(i, shard));
    }

    let taxonomy = taxonomy_option(args.taxonomy.as_deref(), args.extend_taxonomy)?;
    let model = load_model(args.model.as_deref())?;
    let config = Config {
        repair: !args.no_repair,
        granularity: match args.granularity {
            GranularityArg::Section => Granularity::Section,
            GranularityArg::Page => Granularity::Page,
            GranularityArg::Document => Granularity::Document,
            GranularityArg::Chunk => Granularity::Chunk,
        },
        max_chars: args.max_chars,
        extract: extract_options(&args.pdf),
        redact: redactor_of(&args.redact)?,
    };
    let dictionaries = load_dictionaries(&args.dicts)?;
    let pipeline = Arc::new(pipeline(config, taxonomy, model).with_dictionaries(dictionaries));
    // Load the model, taxonomy index and markers while the first files are being
    // extracted (extraction does not need them), instead of stalling workers on them.
    let warm = Arc::clone(&pipeline);
    std::thread::spawn(move || warm.prepare());
    let jobs =
        args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let timeout = match args.timeout_per_file {
        Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s)),
        Some(s) => {
            return Err(UsageError(format!(
                "--timeout-per-file must be a positive number, got {s}"
            ))
            .into());
        }
        None => None,
    };
    let started = Instant::now();
    let bar = progress::bar(args.progress, found.len());
    let mut summary = batch::Summary::default();

    let make_job = |input: &inputs::Input| -> batch::Job {
        match (&args.output_dir, args.skip_existing) {
            (Some(dir), true) => {
                let target = outdir::target(dir, &input.path);
                let pipeline = Arc::clone(&pipeline);
                let input = input.clone();
                // The bytes read for the hash are the ones processed: each file is read once.
                Box::new(move || match fs::read(&input.path) {
                    Ok(bytes) if outdir::up_to_date(&target, &deck_ingest::sha256_hex(&bytes)) => {
                        None
                    }
                    Ok(bytes) => Some(pipeline.process_bytes(&input.label(), &bytes)),
                    Err(_) => Some(pipeline.process_path(&input.path, &input.label())),
                })
            }
            _ => batch::pipeline_job(&pipeline, input),
        }
    };
    // The batch's own error records (timeouts) name the input; redact that too.
    let redacting = args.redact_active();
    let scrub = |records: Option<Vec<deck_records::Record>>| {
        if !redacting {
            return records;
        }
        records.map(|rs| {
            rs.into_iter()
                .map(|r| match r {
                    deck_records::Record::Error(mut e) => {
                        e.path = pipeline.redact_text(&e.path);
                        e.message = pipeline.redact_text(&e.message);
                        deck_records::Record::Error(e)
                    }
                    other => other,
                })
                .collect()
        })
    };
    let mut account = |records: &Option<Vec<deck_records::Record>>| {
        match records {
            Some(r) => summary.add(r),
            None => summary.skipped += 1,
        }
        bar.inc(1);
        bar.set_message(format!("{} pages, {} failed", summary.pages, summary.failed));
    };

    match (&args.output, &args.output_dir) {
        (_, Some(dir)) => {
            batch::run(&found, jobs, timeout, make_job, |input, records| {
                let records = scrub(records);
                account(&records);
                if let Some(records) = records {
                    let target = outdir::target(dir, &input.path);
                    outdir::write(&target, &records)
                        .with_context(|| format!("writing {}", target.display()))?;
                }
                Ok(())
            })?;
        }
        (Some(path), None) => {
            let file =
                AtomicFile::create(path).with_context(|| format!("creating {}", path.display()))?;
            let mut writer = JsonLinesWriter::new(file);
            batch::run(&found, jobs, timeout, make_job, |_, records| {
                let records = scrub(records);
                account(&records);
                records.iter().flatten().try_for_each(|r| writer.write(r)).map_err(Into::into)
            })?;
            writer.into_inner()?.commit().with_context(|| format!("writing {}", path.display()))?;
        }
        (None, None) => {
            let mut writer = JsonLinesWriter::new(&mut *stdout);
            batch::run(&found, jobs, timeout, make_job, |_, records| {
                let records = scrub(records);
                account(&records);
                records.iter().flatten().try_for_each(|r| writer.write(r)).map_err(Into::into)
            })?;
            writer.into_inner()?;
        }
    }
    bar.finish_and_clear();
    writeln!(
        stderr,
        "deck-ingest: {} files, {} pages ({} image-only), {} records, {} failed, {} skipped, {:.2} s",
        summary.files,
        summary.pages,
        summary.image_only,
        summary.records,
        summary.failed,
        summary.skipped,
        started.elapsed().as_secs_f64()
    )?;
    Ok(if summary.failed > 0 { EXIT_FAILED_INPUTS } else { EXIT_OK })
}

fn text(args: &TextArgs, stdout: &mut dyn Write) -> anyhow::Result<u8> {
    let bytes = fs::read(&args.pdf).with_context(|| format!("{}", args.pdf.display()))?;
    let config = Config {
        repair: !args.raw,
        extract: extract_options(&args.pdf_args),
        redact: redactor_of(&args.redact)?,
        ..Config::default()
    };
    let pipeline = Pipeline::new(config, None);
    let repaired = pipeline.document(&bytes).with_context(|| format!("{}", args.pdf.display()))?;
    stdout.write_all(repaired.document.text().as_bytes())?;
    Ok(EXIT_OK)
}

/// Loads the `--dict` dictionaries; "auto" stands for the installed Nynorsk one. Not
/// Bokmål: the built-in lists cover it, and a full-form dictionary adds mostly genitive
/// forms ("transmisjons"), which vouch for split-off compound parts (on the seed, nb_NO
/// left "transmisjons nettet" split).
fn load_dictionaries(args: &[PathBuf]) -> anyhow::Result<Vec<Dictionary>> {
    let mut paths = Vec::new();
    for arg in args {
        if arg.as_os_str() == "auto" {
            let found = Dictionary::find_system(&["nn_NO"]);
            if found.is_empty() {
                return Err(UsageError(
                    "--dict auto: no nn_NO Hunspell dictionary installed (Debian: hunspell-no); \
                     give the .dic path instead"
                        .into(),
                )
                .into());
            }
            paths.extend(found);
        } else {
            paths.push(arg.clone());
        }
    }
    let load = |p: &PathBuf| Dictionary::load(p).map_err(|e| UsageError(format!("--dict: {e}")));
    Ok(paths.iter().map(load).collect::<Result<_, _>>()?)
}

fn read_input(file: Option<&Path>, stdin: &mut dyn BufRead) -> anyhow::Result<String> {
    let mut text = String::new();
    match file {
        Some(path) => {
            text = fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
        }
        None => {
            stdin.read_to_string(&mut text).context("reading stdin")?;
        }
    }
    Ok(text)
}

/// One `--explain` line.
#[derive(Serialize)]
struct ExplainedEdit<'a> {
    line: usize,
    before: &'a str,
    after: &'a str,
    reason: &'a str,
    confidence: f32,
    applied: bool,
}

fn repair(
    args: &RepairArgs,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> anyhow::Result<u8> {
    let text = read_input(args.file.as_deref(), stdin)?;
    let dictionaries = load_dictionaries(&args.dicts)?;
    let repairer = Repairer::new(Lexicon::embedded()).with_dictionaries(&dictionaries);
    // Part by part, each written out before the next is decided: what `repair_text`
    // gives, in memory bounded by a part (the edits alone of a hostile input of
    // one-letter words would take fifty times its size).
    // Buffered: stderr is not, and an edit per word made a write per JSON token.
    let mut explained = std::io::BufWriter::new(&mut *stderr);
    for repaired in repairer.repair_parts(&text) {
        stdout.write_all(repaired.text.as_bytes())?;
        if args.explain {
            for e in &repaired.edits {
                let line = ExplainedEdit {
                    line: e.line + 1,
                    before: &e.before,
                    after: &e.after,
                    reason: e.reason.as_str(),
                    confidence: deck_records::round_score(e.confidence),
                    applied: e.applied,
                };
                serde_json::to_writer(&mut explained, &line)?;
                explained.write_all(b"\n")?;
            }
        }
    }
    explained.flush()?;
    Ok(EXIT_OK)
}

/// `redact`: line by line, as the pipeline redacts a page's lines, so a number at the
/// end of one line and one at the start of the next never read as one.
fn redact(
    args: &RedactCmdArgs,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> anyhow::Result<u8> {
    let redactor = redactor(Some(&args.kinds), &args.patterns)?
        .ok_or_else(|| UsageError("--redact: no kinds given".into()))?;
    let text = read_input(args.file.as_deref(), stdin)?;
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let red = redactor.redact(line);
        for s in &red.spans {
            *counts.entry(s.kind.to_owned()).or_default() += 1;
        }
        out.push_str(&red.text);
    }
    stdout.write_all(out.as_bytes())?;
    let total: usize = counts.values().sum();
    let detail: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(stderr, "deck-ingest: {total} values redacted ({})", detail.join(", "))?;
    Ok(EXIT_OK)
}

/// `classify` output.
#[derive(Serialize)]
struct Classified {
    language: &'static str,
    topics: Vec<deck_records::Topic>,
}

fn classify(
    args: &ClassifyArgs,
    stdin: &mut dyn BufRead,
    stdout: &mut dyn Write,
) -> anyhow::Result<u8> {
    let text = read_input(args.file.as_deref(), stdin)?;
    let taxonomy = taxonomy_option(args.taxonomy.as_deref(), args.extend_taxonomy)?;
    let model = load_model(args.model.as_deref())?;
    let pipeline = pipeline(Config::default(), taxonomy, model);
    let title = args.title.as_deref().unwrap_or("");
    let topics = pipeline.topics(title, &text);
    let language = detect_language(&format!("{title}\n{text}")).as_str();
    let out = Classified { language, topics };
    serde_json::to_writer_pretty(&mut *stdout, &out)?;
    stdout.write_all(b"\n")?;
    Ok(EXIT_OK)
}

/// `train`: cross-validation report and/or a model file.
fn train(args: &TrainArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> anyhow::Result<u8> {
    if args.out.is_none() && args.cv.is_none() {
        return Err(UsageError("train needs --out MODEL, --cv K, or both".into()).into());
    }
    let file = fs::File::open(&args.data)
        .map_err(|e| UsageError(format!("--data {}: {e}", args.data.display())))?;
    let fields = deck_classify::Fields {
        text: args.text_field.clone(),
        label: args.label_field.clone(),
        group: args.group_by.clone(),
    };
    let data = args.data.display();
    let examples = deck_classify::read_examples(BufReader::new(file), &fields)
        .map_err(|e| UsageError(format!("--data {data}: {e}")))?;
    let loaded = args.taxonomy.as_deref().map(load_taxonomy).transpose()?;
    let taxonomy = loaded.as_ref().unwrap_or_else(|| Taxonomy::embedded());
    let options = deck_classify::TrainOptions {
        note: args.note.clone().unwrap_or_default(),
        ..deck_classify::TrainOptions::default()
    };
    let usage = |e: deck_classify::ModelError| UsageError(format!("--data {data}: {e}"));
    if let Some(k) = args.cv {
        let report =
            deck_classify::cross_validate(&examples, k, &options, taxonomy).map_err(usage)?;
        if args.json {
            serde_json::to_writer_pretty(&mut *stdout, &report)?;
            stdout.write_all(b"\n")?;
        } else {
            write!(stdout, "{report}")?;
        }
    }
    if let Some(out) = &args.out {
        let model = deck_classify::train(&examples, &options, taxonomy).map_err(usage)?;
        let mut file =
            AtomicFile::create(out).with_context(|| format!("creating {}", out.display()))?;
        file.write_all(&model.to_bytes())?;
        file.commit().with_context(|| format!("writing {}", out.display()))?;
        let (temperature, weight) = model.calibration();
        writeln!(
            stderr,
            "deck-ingest: wrote {} ({} examples; temperature {temperature:.3}, taxonomy weight \
             {weight:.2}, short-text constant {:.0})",
            out.display(),
            examples.len(),
            model.short_text()
        )?;
        for l in model.labels() {
            let id = l.taxonomy_id.as_deref().unwrap_or("-");
            writeln!(stderr, "  label {:<28} → taxonomy topic {id}", l.name)?;
        }
    }
    Ok(EXIT_OK)
}
