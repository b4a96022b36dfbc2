//! Prints a PDF's text as `Document::text()` (lines `\n`, pages `\f`).
//!
//! usage: cargo run -p deck-extract --example dump -- FILE [PASSWORD] [--warnings] [--gaps|--boxes]

// A command-line tool: printing and exit codes are its job.
#![allow(clippy::print_stderr, clippy::print_stdout, clippy::exit)]

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: dump FILE [PASSWORD] [--warnings] [--gaps|--boxes]");
        std::process::exit(2);
    };
    let password = args.get(1).filter(|a| !a.starts_with("--")).cloned();
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let options = deck_extract::Options { password, ..Default::default() };
    match deck_extract::extract(&bytes, &options) {
        Ok(doc) => {
            let mut out = std::io::stdout().lock();
            if args.iter().any(|a| a == "--boxes") {
                for (n, page) in doc.pages.iter().enumerate() {
                    for line in &page.lines {
                        let b = line.bbox;
                        let _ = writeln!(
                            out,
                            "{} {:6.1} {:6.1} {:6.1} {:6.1} {:4.1} {:?}",
                            n + 1,
                            b.x0,
                            b.y0,
                            b.x1,
                            b.y1,
                            line.font_size,
                            line.text
                        );
                    }
                }
            } else if args.iter().any(|a| a == "--gaps") {
                for page in &doc.pages {
                    for line in &page.lines {
                        let gaps: Vec<String> = line
                            .gaps
                            .iter()
                            .map(|g| {
                                format!(
                                    "{}:{:.3}{}{}",
                                    g.at,
                                    g.em,
                                    g.spaces.map(|s| format!("/{s:.2}")).unwrap_or_default(),
                                    if g.space_glyph {
                                        "S"
                                    } else if g.is_break {
                                        "B"
                                    } else {
                                        ""
                                    }
                                )
                            })
                            .collect();
                        let _ = writeln!(
                            out,
                            "{:5.1} {:?} [{}] {}",
                            line.font_size,
                            line.text,
                            line.font.as_deref().unwrap_or("?"),
                            gaps.join(" ")
                        );
                    }
                }
            } else {
                let _ = write!(out, "{}", doc.text());
            }
            if args.iter().any(|a| a == "--warnings") {
                for w in &doc.warnings {
                    eprintln!("warning {:?} {}: {}", w.page, w.kind, w.message);
                }
            }
        }
        Err(e) => {
            eprintln!("{path}: {e} ({e:?})");
            std::process::exit(1);
        }
    }
}
