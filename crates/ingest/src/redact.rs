//! The redaction step: after repair, before structure, so everything built from the
//! page model (blocks, their raw text, titles, topics) only ever sees `[kind]`.

use std::collections::BTreeMap;

use deck_layout::Document;
use deck_records::Redaction;
use deck_redact::{Redactor, Span, project};
use deck_repair::Edit;

/// Takes every value out of `doc` (lines and their pre-repair text, metadata, warning
/// messages, link targets) and out of the repair `edits` made on it, and returns how
/// many values of each kind went from each page (`page: None`: metadata).
pub(crate) fn redact_document(
    doc: &mut Document,
    edits: &mut [(u32, Edit)],
    redactor: &Redactor,
) -> Vec<Redaction> {
    let mut counts: BTreeMap<(Option<u32>, String), u32> = BTreeMap::new();
    // Edits name their line by its index over the whole document (see repair_document).
    let mut edits_of_line: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, (_, e)) in edits.iter().enumerate() {
        edits_of_line.entry(e.line).or_default().push(i);
    }
    let mut index = 0;
    for page in &mut doc.pages {
        for line in &mut page.lines {
            let this = index;
            index += 1;
            let (fixed, raw) = match line.raw.as_deref() {
                Some(raw) => {
                    let (fixed, raw) = redactor.redact_twins(&line.text, raw);
                    (fixed, Some(raw))
                }
                None => (redactor.redact(&line.text), None),
            };
            if fixed.spans.is_empty() && raw.as_ref().is_none_or(|r| r.spans.is_empty()) {
                continue;
            }
            let mut cursor = 0;
            for &i in edits_of_line.get(&this).into_iter().flatten() {
                redact_edit(redactor, &line.text, &fixed.spans, &mut cursor, &mut edits[i].1);
            }
            for s in &fixed.spans {
                *counts.entry((Some(page.number), s.kind.to_owned())).or_default() += 1;
            }
            // A gap inside a value goes with it; the others move with the text.
            line.gaps.retain_mut(|g| match fixed.map_offset(g.at) {
                Some(at) => {
                    g.at = at;
                    true
                }
                None => false,
            });
            line.text = fixed.text;
            if let Some(raw) = raw {
                line.raw = Some(raw.text);
            }
        }
    }
    let m = &mut doc.metadata;
    for field in [
        &mut m.title,
        &mut m.author,
        &mut m.subject,
        &mut m.creator,
        &mut m.producer,
        &mut m.created,
        &mut m.modified,
    ] {
        if let Some(value) = field.as_mut() {
            let red = redactor.redact(value);
            for s in &red.spans {
                *counts.entry((None, s.kind.to_owned())).or_default() += 1;
            }
            *value = red.text;
        }
    }
    // Not counted: a warning or a link repeats what the page's text already shows.
    for w in &mut doc.warnings {
        w.message = redactor.redact(&w.message).text;
    }
    for link in doc.pages.iter_mut().flat_map(|p| p.links.iter_mut()) {
        link.url = redactor.redact(&link.url).text;
    }
    counts.into_iter().map(|((page, kind), count)| Redaction { kind, page, count }).collect()
}

/// Redacts one repair edit of a line. `before` and `after` differ only in whitespace,
/// and the one in force (`after` when applied) is a piece of the line's text, so the
/// line's spans that overlap that piece are cut to it and carried to the other form;
/// a piece of a value goes as well as a whole one ("57 36" of "40 21 57 36").
fn redact_edit(
    redactor: &Redactor,
    line: &str,
    spans: &[Span<'_>],
    cursor: &mut usize,
    edit: &mut Edit,
) {
    let (shown, other) =
        if edit.applied { (&edit.after, &edit.before) } else { (&edit.before, &edit.after) };
    let at = line.get(*cursor..).and_then(|rest| rest.find(shown.as_str())).map(|p| p + *cursor);
    let Some(start) = at.or_else(|| line.find(shown.as_str())) else {
        // Not found (should not happen): keep nothing of it rather than risk a value.
        let kind = spans.first().map_or("redacted", |s| s.kind);
        edit.before = format!("[{kind}]");
        edit.after = edit.before.clone();
        return;
    };
    let end = start + shown.len();
    *cursor = start;
    let local: Vec<Span<'_>> = spans
        .iter()
        .filter(|s| s.start < end && s.end > start)
        .map(|s| Span {
            start: s.start.max(start) - start,
            end: s.end.min(end) - start,
            kind: s.kind,
        })
        .collect();
    let shown_red = redactor.redact_with(shown, &local);
    let other_red = redactor.redact_with(other, &project(shown, &shown_red.spans, other));
    let (shown_text, other_text) = (shown_red.text, other_red.text);
    if edit.applied {
        edit.after = shown_text;
        edit.before = other_text;
    } else {
        edit.before = shown_text;
        edit.after = other_text;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use deck_layout::{Gap, Line, Metadata, Page, Warning};
    use deck_redact::Kind;
    use deck_repair::Reason;

    fn line(text: &str, raw: Option<&str>) -> Line {
        Line { text: text.into(), raw: raw.map(Into::into), ..Line::default() }
    }

    #[test]
    fn lines_raw_edits_metadata_and_warnings_lose_values() {
        let redactor = Redactor::new(&Kind::ALL, &[]).unwrap();
        let mut doc = Document {
            pages: vec![Page {
                number: 2,
                lines: vec![
                    line("Saksbehandler Kari", None),
                    line("Telefon 40215736", Some("Tele fon 4021 5736")),
                ],
                ..Page::default()
            }],
            metadata: Metadata { author: Some("kari@viken.no".into()), ..Metadata::default() },
            warnings: vec![Warning {
                page: Some(2),
                kind: "x".into(),
                message: "at 40215736".into(),
            }],
        };
        doc.pages[0].lines[1].gaps = vec![
            Gap { at: 4, em: 0.3, spaces: None, is_break: true, space_glyph: false },
            Gap { at: 12, em: 0.3, spaces: None, is_break: true, space_glyph: false },
        ];
        let mut edits = vec![
            (
                2,
                Edit {
                    line: 1,
                    start: 0,
                    before: "Tele fon".into(),
                    after: "Telefon".into(),
                    reason: Reason::Lexicon,
                    confidence: 0.9,
                    applied: true,
                },
            ),
            (
                2,
                Edit {
                    line: 1,
                    start: 9,
                    before: "4021 5736".into(),
                    after: "40215736".into(),
                    reason: Reason::Lexicon,
                    confidence: 0.9,
                    applied: true,
                },
            ),
        ];
        let counts = redact_document(&mut doc, &mut edits, &redactor);
        let l = &doc.pages[0].lines[1];
        assert_eq!(l.text, "Telefon [phone]");
        assert_eq!(l.raw.as_deref(), Some("Tele fon [phone]"));
        assert_eq!(l.gaps.len(), 1, "the gap inside the number went with it");
        assert_eq!(l.gaps[0].at, 4);
        assert_eq!(edits[0].1.after, "Telefon");
        assert_eq!((edits[1].1.before.as_str(), edits[1].1.after.as_str()), ("[phone]", "[phone]"));
        assert_eq!(doc.metadata.author.as_deref(), Some("[email]"));
        assert_eq!(doc.warnings[0].message, "at [phone]");
        assert_eq!(
            counts,
            vec![
                Redaction { kind: "email".into(), page: None, count: 1 },
                Redaction { kind: "phone".into(), page: Some(2), count: 1 },
            ]
        );
    }

    #[test]
    fn an_edit_holding_part_of_a_value_loses_that_part() {
        let redactor = Redactor::new(&Kind::ALL, &[]).unwrap();
        let mut doc = Document {
            pages: vec![Page {
                number: 1,
                lines: vec![line("Tlf 40 21 57 36", Some("Tlf 40 21 5 7 36"))],
                ..Page::default()
            }],
            ..Document::default()
        };
        let mut edits = vec![(
            1,
            Edit {
                line: 0,
                start: 10,
                before: "5 7 36".into(),
                after: "57 36".into(),
                reason: Reason::Geometry,
                confidence: 0.8,
                applied: true,
            },
        )];
        redact_document(&mut doc, &mut edits, &redactor);
        assert_eq!(edits[0].1.after, "[phone]");
        assert_eq!(edits[0].1.before, "[phone]");
        assert!(!format!("{edits:?}").contains("36"));
    }
}
