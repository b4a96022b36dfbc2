//! `inspect`: HTML reports, with page images from pdftoppm where it is installed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;
use base64::Engine as _;
use deck_ingest::{Config, Pipeline};
use deck_records::{AtomicFile, Record};

use crate::args::InspectArgs;
use crate::commands::UsageError;
use crate::{EXIT_FAILED_INPUTS, EXIT_OK, inputs};

pub(crate) fn run(args: &InspectArgs, stderr: &mut dyn Write) -> anyhow::Result<u8> {
    let redact = crate::commands::redactor_of(&args.redact)?;
    // A rendered page shows every value the text no longer holds: no images then.
    let images = !args.no_images && redact.is_none();
    if redact.is_some() && !args.no_images {
        writeln!(stderr, "deck-ingest: --redact: reports without page images")?;
    }
    let config = Config {
        repair: true,
        extract: crate::commands::extract_options(&args.pdf_args),
        redact,
        ..Config::default()
    };
    let model = crate::commands::load_model(args.model.as_deref())?;
    let pipeline = crate::commands::pipeline(config, None, model);
    if args.path.is_dir() {
        let dir = args
            .output_dir
            .as_ref()
            .ok_or_else(|| UsageError("inspect of a folder needs --output-dir".into()))?;
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let found = inputs::discover(std::slice::from_ref(&args.path))
            .map_err(|e| UsageError(e.to_string()))?;
        let mut entries = Vec::new();
        let mut failed = 0;
        for input in &found {
            let rel = input.path.strip_prefix(&args.path).unwrap_or(&input.path);
            let href = format!("{}.html", rel.to_string_lossy().replace(['/', '\\'], "__"));
            match report(&pipeline, &input.path, images) {
                Ok((html, counts)) => {
                    write_atomic(&dir.join(&href), &html)?;
                    entries.push(deck_inspect::IndexEntry {
                        name: pipeline.redact_text(&input.label()),
                        href,
                        counts: Some(counts),
                        error: None,
                    });
                }
                Err(e) => {
                    failed += 1;
                    let (name, error) = (
                        pipeline.redact_text(&input.label()),
                        pipeline.redact_text(&format!("{e:#}")),
                    );
                    writeln!(stderr, "deck-ingest: {error}")?;
                    entries.push(deck_inspect::IndexEntry {
                        name,
                        href,
                        counts: None,
                        error: Some(error),
                    });
                }
            }
        }
        write_atomic(&dir.join("index.html"), &deck_inspect::render_index(&entries))?;
        writeln!(stderr, "deck-ingest: {} reports in {}", entries.len() - failed, dir.display())?;
        return Ok(if failed > 0 { EXIT_FAILED_INPUTS } else { EXIT_OK });
    }
    let out = match &args.output {
        Some(p) => p.clone(),
        None => {
            let stem = args
                .path
                .file_stem()
                .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
            PathBuf::from(format!("{stem}.html"))
        }
    };
    let (html, _) = report(&pipeline, &args.path, images)?;
    write_atomic(&out, &html)?;
    writeln!(stderr, "deck-ingest: wrote {}", out.display())?;
    Ok(EXIT_OK)
}

fn write_atomic(path: &Path, html: &str) -> anyhow::Result<()> {
    let mut f = AtomicFile::create(path).with_context(|| format!("creating {}", path.display()))?;
    f.write_all(html.as_bytes())?;
    f.commit().with_context(|| format!("writing {}", path.display()))
}

/// Builds one report; returns the HTML and (pages, sections, applied repairs).
fn report(
    pipeline: &Pipeline,
    path: &Path,
    images: bool,
) -> anyhow::Result<(String, (usize, usize, usize))> {
    let label = path.to_string_lossy();
    let bytes = fs::read(path).with_context(|| label.to_string())?;
    let analysis = pipeline.analyse(&label, &bytes).with_context(|| label.to_string())?;
    let sections: Vec<_> = analysis
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Section(s) => Some(s.as_ref().clone()),
            Record::Error(_) => None,
        })
        .collect();
    let repairs = analysis.prepared.wire_repairs();
    let pages = analysis.prepared.document.pages.len();
    let backgrounds = if images { render_pages(path, pages) } else { Vec::new() };
    let name =
        path.file_name().map_or_else(|| label.to_string(), |n| n.to_string_lossy().into_owned());
    let name = pipeline.redact_text(&name);
    let html = deck_inspect::render(&deck_inspect::Report {
        name: &name,
        document: &analysis.prepared.document,
        deck: &analysis.deck,
        sections: &sections,
        repairs: &repairs,
        backgrounds: &backgrounds,
    });
    let applied = repairs.iter().filter(|r| r.applied).count();
    Ok((html, (pages, analysis.deck.sections.len(), applied)))
}

/// Page images as PNG data URIs, when pdftoppm is installed; otherwise none.
fn render_pages(path: &Path, pages: usize) -> Vec<Option<String>> {
    let Ok(tmp) = tempfile::tempdir() else { return Vec::new() };
    let prefix = tmp.path().join("p");
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-l", "200"])
        .arg(path)
        .arg(&prefix)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        return Vec::new();
    }
    let mut files: Vec<_> =
        fs::read_dir(tmp.path()).into_iter().flatten().flatten().map(|e| e.path()).collect();
    // pdftoppm pads page numbers to the width of the last one, so names sort in page order.
    files.sort();
    let engine = base64::engine::general_purpose::STANDARD;
    let mut out: Vec<Option<String>> = files
        .iter()
        .map(|f| fs::read(f).ok().map(|b| format!("data:image/png;base64,{}", engine.encode(b))))
        .collect();
    out.resize(pages, None);
    out
}
