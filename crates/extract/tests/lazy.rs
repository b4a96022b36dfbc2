//! Objects are read lazily from every cross-reference layout writers produce (classic
//! tables, cross-reference and object streams, incremental updates), and files whose
//! cross-reference data is wrong are still read (whole, by lopdf's repair).

mod support;

use deck_extract::{Options, extract};
use lopdf::SaveOptions;
use support::{Pdf, helvetica, lines};

const CONTENT: &str = "BT /F1 12 Tf 72 300 Td (First line) Tj 0 -20 Td (Second line) Tj ET";

fn classic() -> Vec<u8> {
    support::raw_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .into(),
        support::stream(CONTENT),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ])
}

#[test]
fn classic_tables_and_object_streams_read_alike() {
    assert_eq!(lines(&classic()), ["First line", "Second line"]);
    let mut doc = Pdf::new().font("F1", helvetica()).document(CONTENT);
    let mut modern = Vec::new();
    let options = SaveOptions::builder().use_object_streams(true).use_xref_streams(true).build();
    doc.save_with_options(&mut modern, options).unwrap();
    assert!(modern.windows(7).any(|w| w == b"/ObjStm"), "no object stream written");
    assert_eq!(lines(&modern), ["First line", "Second line"]);
}

/// Appends an incremental update that replaces the page's content stream.
fn updated(original: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(original).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let contents =
        doc.get_dictionary(page).unwrap().get(b"Contents").unwrap().as_reference().unwrap();
    let startxref = {
        let tail = String::from_utf8_lossy(&original[original.len() - 40..]).into_owned();
        let n: String =
            tail.split("startxref").nth(1).unwrap().chars().filter(char::is_ascii_digit).collect();
        n
    };
    let body = "BT /F1 12 Tf 72 300 Td (Updated line) Tj ET";
    let mut out = original.to_vec();
    let offset = out.len();
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Length {} >>\nstream\n{body}\nendstream\nendobj\n",
            contents.0,
            body.len()
        )
        .as_bytes(),
    );
    let xref = out.len();
    let size = doc.max_id + 1;
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    out.extend_from_slice(
        format!(
            "xref\n{} 1\n{offset:010} 00000 n \ntrailer\n<< /Size {size} /Root {} 0 R /Prev {startxref} >>\nstartxref\n{xref}\n%%EOF\n",
            contents.0, root.0
        )
        .as_bytes(),
    );
    out
}

#[test]
fn incremental_updates_win_over_older_sections() {
    assert_eq!(lines(&updated(&classic())), ["Updated line"]);
}

#[test]
fn a_wrong_stream_length_reads_to_endstream() {
    let bytes = classic();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let declared = format!("/Length {}", CONTENT.len());
    assert!(text.contains(&declared));
    // Same byte count, so the cross-reference offsets stay right.
    let wrong = format!("/Length {}", "9".repeat(declared.len() - 8));
    let bytes = text.replacen(&declared, &wrong, 1).into_bytes();
    assert_eq!(lines(&bytes), ["First line", "Second line"]);
}

#[test]
fn wrong_offsets_fall_back_to_a_rebuilt_table() {
    let bytes = classic();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // Every offset shifted by 5 bytes: no object is where the table says.
    let at = text.find("\nxref").unwrap();
    let shifted: String = text[at..]
        .lines()
        .map(|l| match l.strip_suffix(" n ").or_else(|| l.strip_suffix(" n")) {
            Some(entry) if l.len() >= 18 => {
                let (off, rest) = entry.split_at(10);
                format!("{:010}{rest} n ", off.parse::<usize>().unwrap() + 5)
            }
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let broken = format!("{}{shifted}\n", &text[..at]).into_bytes();
    let doc = extract(&broken, &Options::default()).unwrap();
    let texts: Vec<&str> = doc.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["First line", "Second line"]);
}
