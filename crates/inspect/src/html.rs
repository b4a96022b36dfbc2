//! HTML generation. Everything is escaped at the point where text meets markup.

use std::fmt::Write as _;

use deck_layout::{Line, Rect};
use deck_structure::{BlockKind, Deck};

use crate::Report;

const STYLE: &str = r#"
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#f4f4f6}
header,section.page,section.sections{background:#fff;margin:12px;padding:12px 16px;border-radius:6px;box-shadow:0 1px 2px #0002}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:0 0 8px}
.summary span{display:inline-block;margin-right:18px}
.pagewrap{display:flex;gap:16px;align-items:flex-start}
svg.slide{border:1px solid #ccc;background:#fff;max-width:62%;height:auto;flex:none}
svg .line{fill-opacity:.18;stroke-width:1;cursor:pointer}
svg .line:hover,svg .line.sel{fill-opacity:.45}
.k-title{fill:#d62728;stroke:#d62728}.k-subtitle{fill:#e377c2;stroke:#e377c2}.k-bullet{fill:#1f77b4;stroke:#1f77b4}
.k-paragraph{fill:#2ca02c;stroke:#2ca02c}.k-caption{fill:#9467bd;stroke:#9467bd}
.k-footer{fill:#7f7f7f;stroke:#7f7f7f}.k-none{fill:#ff7f0e;stroke:#ff7f0e}
svg .line.repaired{stroke-dasharray:4 2;stroke-width:2}
.detail{flex:1;min-width:0;font-size:13px}
.detail pre{white-space:pre-wrap;background:#f7f7f7;padding:6px;margin:4px 0}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px;color:#fff}
.legend .k-title{background:#d62728}.legend .k-subtitle{background:#e377c2}.legend .k-bullet{background:#1f77b4}.legend .k-paragraph{background:#2ca02c}
.legend .k-caption{background:#9467bd}.legend .k-footer{background:#7f7f7f}.legend .k-none{background:#ff7f0e}
ul.repairs{padding-left:18px}ul.repairs li.skipped{opacity:.6}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
.chip{display:inline-block;border-radius:10px;padding:1px 8px;margin:2px;background:#e8eefc;font-size:12px}
.chip.ev{background:#eee}
table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;vertical-align:top}
"#;

const SCRIPT: &str = r#"
window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message));document.body.dataset.errors=window.__errors.length;});
function show(el){
  document.querySelectorAll('svg .line.sel').forEach(function(x){x.classList.remove('sel')});
  el.classList.add('sel');
  var d=document.getElementById('detail-'+el.dataset.page);
  var t=function(s){var n=document.createElement('pre');n.textContent=s;return n};
  d.replaceChildren();
  var h=document.createElement('div');h.textContent=el.dataset.kind+' · '+el.dataset.size+' pt';d.appendChild(h);
  d.appendChild(document.createTextNode('raw:'));d.appendChild(t(el.dataset.raw));
  d.appendChild(document.createTextNode('repaired:'));d.appendChild(t(el.dataset.text));
  d.appendChild(document.createTextNode('gaps (em, * = break):'));d.appendChild(t(el.dataset.gaps||'none'));
}
document.addEventListener('DOMContentLoaded',function(){
  document.querySelectorAll('svg .line').forEach(function(el){el.addEventListener('click',function(){show(el)})});
  document.body.dataset.ready='1';
});
"#;

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The block kind a line belongs to: the block on its page whose box holds the
/// line's centre (blocks are unions of their lines' boxes).
fn kind_of(deck: &Deck, page: u32, bbox: &Rect) -> Option<BlockKind> {
    let (cx, cy) = ((bbox.x0 + bbox.x1) / 2.0, (bbox.y0 + bbox.y1) / 2.0);
    deck.slides
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| b.page == page)
        .find(|b| {
            cx >= b.bbox.x0 - 0.5
                && cx <= b.bbox.x1 + 0.5
                && cy >= b.bbox.y0 - 0.5
                && cy <= b.bbox.y1 + 0.5
        })
        .map(|b| b.kind)
}

fn gaps_text(line: &Line) -> String {
    let mut out = String::new();
    for g in &line.gaps {
        let before: String = line
            .text
            .get(..g.at)
            .unwrap_or("")
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let _ = writeln!(out, "…{}│ {:.2}{}", before, g.em, if g.is_break { " *" } else { "" });
    }
    out
}

/// Renders one deck's report.
pub fn render(r: &Report<'_>) -> String {
    let doc = r.document;
    let lines: usize = doc.pages.iter().map(|p| p.lines.len()).sum();
    let applied = r.repairs.iter().filter(|e| e.applied).count();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name} · deck-ingest</title><style>{STYLE}</style><script>{SCRIPT}</script></head><body>",
        name = esc(r.name)
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><div class=\"summary\"><span><b>{}</b> pages</span><span><b>{}</b> lines</span><span><b>{}</b> sections</span><span><b id=\"n-repairs\">{}</b> repairs applied, {} left alone</span><span><b>{}</b> warnings</span></div>",
        esc(r.name),
        doc.pages.len(),
        lines,
        r.deck.sections.len(),
        applied,
        r.repairs.len() - applied,
        doc.warnings.len()
    );
    if let Some(t) = &r.deck.title {
        let _ = write!(h, "<p>Deck title: <b>{}</b></p>", esc(t));
    }
    if !doc.warnings.is_empty() {
        h.push_str("<ul class=\"warnings\">");
        for w in &doc.warnings {
            let page = w.page.map(|p| format!("page {p}: ")).unwrap_or_default();
            let _ = write!(h, "<li>{}<b>{}</b> {}</li>", page, esc(&w.kind), esc(&w.message));
        }
        h.push_str("</ul>");
    }
    h.push_str("<p class=\"legend\"><span class=\"k-title\">title</span><span class=\"k-subtitle\">subtitle</span><span class=\"k-bullet\">bullet</span><span class=\"k-paragraph\">paragraph</span><span class=\"k-caption\">caption</span><span class=\"k-footer\">footer</span><span class=\"k-none\">unassigned</span> dashed = repaired</p></header>");

    h.push_str("<section class=\"sections\"><h2>Sections</h2><table><tr><th>#</th><th>chapter</th><th>title</th><th>pages</th><th>language</th><th>topics</th></tr>");
    for s in r.sections {
        let pages = s.pages.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        let chapter =
            s.chapter.as_ref().map(|c| format!("{}. {}", c.index, c.title)).unwrap_or_default();
        let divider = s.kind == deck_records::RecordKind::Divider;
        let _ = write!(
            h,
            "<tr class=\"section{}\"><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>",
            if divider { " divider" } else { "" },
            s.index,
            esc(&chapter),
            if divider { "<span class=\"chip\">divider</span> " } else { "" },
            esc(s.title.as_deref().unwrap_or("(untitled)")),
            pages,
            esc(&s.language)
        );
        for t in &s.topics {
            let _ = write!(h, "<span class=\"chip topic\">{} {:.2}</span>", esc(&t.label), t.score);
            for e in &t.evidence {
                let _ = write!(h, "<span class=\"chip ev\">{}</span>", esc(e));
            }
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</table></section>");

    for page in &doc.pages {
        let _ = write!(
            h,
            "<section class=\"page\" id=\"page-{n}\"><h2>Page {n}</h2><div class=\"pagewrap\">",
            n = page.number
        );
        let (w, ht) = (page.width.max(1.0), page.height.max(1.0));
        let _ = write!(
            h,
            "<svg class=\"slide\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.1} {ht:.1}\" width=\"{w:.0}\" height=\"{ht:.0}\">"
        );
        let bg = usize::try_from(page.number)
            .ok()
            .and_then(|n| r.backgrounds.get(n.wrapping_sub(1)))
            .and_then(Option::as_ref);
        if let Some(uri) = bg {
            let _ = write!(
                h,
                "<image href=\"{}\" x=\"0\" y=\"0\" width=\"{w:.1}\" height=\"{ht:.1}\" opacity=\"0.6\"/>",
                esc(uri)
            );
        }
        for line in &page.lines {
            let kind = kind_of(r.deck, page.number, &line.bbox).map_or("none", BlockKind::as_str);
            let b = &line.bbox;
            let repaired = if line.raw.is_some() { " repaired" } else { "" };
            let _ = write!(
                h,
                "<rect class=\"line k-{kind}{repaired}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" data-page=\"{}\" data-kind=\"{kind}\" data-size=\"{:.1}\" data-raw=\"{}\" data-text=\"{}\" data-gaps=\"{}\"><title>{}</title></rect>",
                b.x0,
                b.y0,
                b.width().max(0.5),
                b.height().max(0.5),
                page.number,
                line.font_size,
                esc(line.raw_text()),
                esc(&line.text),
                esc(&gaps_text(line)),
                esc(&line.text)
            );
        }
        h.push_str("</svg>");
        let _ = write!(
            h,
            "<div class=\"detail\"><div id=\"detail-{}\"><i>Click a line to see its raw and repaired text, font size and gaps.</i></div>",
            page.number
        );
        let page_repairs: Vec<_> = r.repairs.iter().filter(|e| e.page == page.number).collect();
        if !page_repairs.is_empty() {
            h.push_str("<h3>Repairs</h3><ul class=\"repairs\">");
            for e in page_repairs {
                let _ = write!(
                    h,
                    "<li class=\"repair{}\"><del>{}</del> → <ins>{}</ins> <small>{} · {:.2}{}</small></li>",
                    if e.applied { "" } else { " skipped" },
                    esc(&e.raw),
                    esc(&e.fixed),
                    esc(&e.reason),
                    e.confidence,
                    if e.applied { "" } else { " · left alone" }
                );
            }
            h.push_str("</ul>");
        }
        h.push_str("</div></div></section>");
    }
    h.push_str("</body></html>\n");
    h
}

/// One line of a folder's index.
pub struct IndexEntry {
    /// The input as named.
    pub name: String,
    /// The report's file name, relative to the index.
    pub href: String,
    /// Pages, sections, applied repairs; `None` when the input failed.
    pub counts: Option<(usize, usize, usize)>,
    /// The error, when the input failed.
    pub error: Option<String>,
}

/// Renders an index page linking to many reports.
pub fn render_index(entries: &[IndexEntry]) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>deck-ingest reports</title><style>{STYLE}</style></head><body><header><h1>deck-ingest reports</h1><table><tr><th>deck</th><th>pages</th><th>sections</th><th>repairs</th></tr>"
    );
    for e in entries {
        match (&e.counts, &e.error) {
            (Some((p, s, r)), _) => {
                let _ = write!(
                    h,
                    "<tr><td><a href=\"{}\">{}</a></td><td>{p}</td><td>{s}</td><td>{r}</td></tr>",
                    esc(&e.href),
                    esc(&e.name)
                );
            }
            (None, err) => {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td colspan=\"3\">failed: {}</td></tr>",
                    esc(&e.name),
                    esc(err.as_deref().unwrap_or(""))
                );
            }
        }
    }
    h.push_str("</table></header></body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use deck_layout::{Document, Page};
    use deck_structure::{Block, Section, Slide};

    fn sample() -> (Document, Deck) {
        let line = |t: &str, raw: Option<&str>, y: f32| Line {
            text: t.into(),
            raw: raw.map(Into::into),
            bbox: Rect::new(50.0, y, 400.0, y + 20.0),
            font_size: 18.0,
            ..Line::default()
        };
        let doc = Document {
            pages: vec![Page {
                number: 1,
                width: 960.0,
                height: 540.0,
                lines: vec![
                    line("Title <b>", None, 40.0),
                    line("Skoleveien", Some("Skole veien"), 120.0),
                ],
                ..Page::default()
            }],
            ..Document::default()
        };
        let block = |kind, y: f32| Block {
            kind,
            text: String::new(),
            raw: String::new(),
            page: 1,
            bbox: Rect::new(50.0, y, 400.0, y + 20.0),
            level: 0,
        };
        let blocks = vec![block(BlockKind::Title, 40.0), block(BlockKind::Bullet, 120.0)];
        let deck = Deck {
            title: Some("T".into()),
            slides: vec![Slide {
                page: 1,
                title: Some("T".into()),
                blocks: blocks.clone(),
                ..Slide::default()
            }],
            chapters: Vec::new(),
            sections: vec![Section {
                title: Some("T".into()),
                pages: vec![1],
                blocks,
                ..Section::default()
            }],
        };
        (doc, deck)
    }

    #[test]
    fn lines_become_boxes_coloured_by_block_and_text_is_escaped() {
        let (doc, deck) = sample();
        let repairs = [deck_records::Repair {
            page: 1,
            raw: "Skole veien".into(),
            fixed: "Skoleveien".into(),
            reason: "lexicon".into(),
            confidence: 0.9,
            applied: true,
        }];
        let html = render(&Report {
            name: "a&b.pdf",
            document: &doc,
            deck: &deck,
            sections: &[],
            repairs: &repairs,
            backgrounds: &[],
        });
        assert_eq!(html.matches("<rect class=\"line ").count(), 2);
        assert!(html.contains("class=\"line k-title\""));
        assert!(html.contains("class=\"line k-bullet repaired\""));
        assert!(html.contains("Title &lt;b&gt;"), "text is escaped");
        assert!(!html.contains("Title <b>"));
        assert!(html.contains("<del>Skole veien</del> → <ins>Skoleveien</ins>"));
        assert!(html.contains("a&amp;b.pdf"));
        assert!(
            !html.contains("http://") || html.matches("http://").count() == 1,
            "only the SVG namespace"
        );
    }

    #[test]
    fn background_is_embedded_when_given() {
        let (doc, deck) = sample();
        let bg = [Some("data:image/png;base64,AAAA".to_owned())];
        let html = render(&Report {
            name: "x",
            document: &doc,
            deck: &deck,
            sections: &[],
            repairs: &[],
            backgrounds: &bg,
        });
        assert!(html.contains("<image href=\"data:image/png;base64,AAAA\""));
    }
}
