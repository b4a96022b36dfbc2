//! Scores a redactor on a test set in the format of `testdata/lines.jsonl` (see
//! `testdata/gen_testset.py`): recall on planted values, false redactions.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use deck_redact::Redactor;

/// What one run found.
#[derive(Debug, Default)]
pub(crate) struct Score {
    /// Planted values per kind: (found, planted).
    pub(crate) per_kind: BTreeMap<String, (usize, usize)>,
    /// Spans that cover no planted value.
    pub(crate) false_redactions: usize,
    /// Look-alikes that a span touched, per category: (touched, total).
    pub(crate) lookalikes: BTreeMap<String, (usize, usize)>,
    /// Lines read.
    pub(crate) lines: usize,
    /// What went wrong, one line each, for people.
    pub(crate) problems: Vec<String>,
}

impl Score {
    /// Planted values found (right kind, whole value covered) and planted in all.
    pub(crate) fn recall(&self) -> (usize, usize) {
        self.per_kind.values().fold((0, 0), |(f, p), (a, b)| (f + a, p + b))
    }

    /// A short report.
    pub(crate) fn report(&self) -> String {
        let (found, planted) = self.recall();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} lines; recall {found}/{planted} = {:.1} %; false redactions {}",
            self.lines,
            100.0 * found as f64 / planted.max(1) as f64,
            self.false_redactions
        );
        for (kind, (f, p)) in &self.per_kind {
            let _ = writeln!(out, "  planted {kind:<8} {f}/{p}");
        }
        for (what, (t, n)) in &self.lookalikes {
            let _ = writeln!(out, "  look-alike {what:<20} touched {t}/{n}");
        }
        for p in &self.problems {
            let _ = writeln!(out, "  {p}");
        }
        out
    }
}

/// Scores `redactor` on JSON Lines `set`.
pub(crate) fn score(redactor: &Redactor, set: &str) -> Result<Score, String> {
    let mut s = Score::default();
    for (n, line) in set.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let entry: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let text = entry["text"].as_str().ok_or(format!("line {}: no text", n + 1))?;
        s.lines += 1;
        let spans = redactor.find(text);
        let locate = |v: &str| text.find(v).map(|p| (p, p + v.len()));
        let mut planted_ranges = Vec::new();
        for p in entry["planted"].as_array().into_iter().flatten() {
            let (kind, value) =
                (p["kind"].as_str().unwrap_or(""), p["value"].as_str().unwrap_or(""));
            let Some((a, b)) = locate(value) else {
                return Err(format!("line {}: planted {value:?} not in the text", n + 1));
            };
            planted_ranges.push((a, b));
            let hit = spans.iter().any(|sp| sp.kind == kind && sp.start <= a && sp.end >= b);
            let e = s.per_kind.entry(kind.to_owned()).or_default();
            e.1 += 1;
            if hit {
                e.0 += 1;
            } else {
                s.problems.push(format!("missed {kind} {value:?} in {text:?}"));
            }
        }
        for sp in &spans {
            if !planted_ranges.iter().any(|&(a, b)| sp.start < b && sp.end > a) {
                s.false_redactions += 1;
                let value = &text[sp.start..sp.end];
                s.problems.push(format!("false {} {value:?} in {text:?}", sp.kind));
            }
        }
        for l in entry["lookalikes"].as_array().into_iter().flatten() {
            let (what, value) =
                (l["what"].as_str().unwrap_or(""), l["value"].as_str().unwrap_or(""));
            let e = s.lookalikes.entry(what.to_owned()).or_default();
            e.1 += 1;
            if let Some((a, b)) = locate(value)
                && spans.iter().any(|sp| sp.start < b && sp.end > a)
            {
                e.0 += 1;
            }
        }
    }
    Ok(s)
}
