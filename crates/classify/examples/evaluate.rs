//! Reports how the classifier does on short service names and on the seed deck's
//! sections (the issue's targets), with the embedded model or (`--taxonomy-only`)
//! without it:
//!
//! ```sh
//! cargo run --release -p deck-classify --example evaluate [-- --taxonomy-only]
//! ```
//!
//! Service names: `tests/data/service-names.tsv` (written for the tests). Seed:
//! `../shared/seed/truth.txt`, split at its five headings, when present.

#![allow(clippy::print_stdout)]

use deck_classify::{Classifier, Model, Taxonomy};

const SEED_HEADINGS: [(&str, &str); 5] = [
    ("Fylkeskommunalt medlemskap", "governance and political organisation"),
    ("Bygdevekstavtale", "regional development"),
    ("Regional plan for nettinfrastrukturen", "energy and grid"),
    ("Kollektivtjenester 2026", "public transport"),
    ("Godsstrategi", "transport"),
];

fn main() {
    let taxonomy_only = std::env::args().any(|a| a == "--taxonomy-only");
    let base = Classifier::new(Taxonomy::embedded());
    let c = if taxonomy_only { base } else { base.with_model(Model::embedded()) };
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
    let (t, b) = Model::embedded().calibration();
    println!(
        "model: temperature {t:.3}, taxonomy weight {b:.2}, short-text constant {:.0}, \
         typical length from {} words",
        Model::embedded().short_text(),
        Model::embedded().typical_words()
    );

    let names =
        std::fs::read_to_string(format!("{root}tests/data/service-names.tsv")).unwrap_or_default();
    let (mut right, mut n) = (0, 0);
    for line in names.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let Some((want, name)) = line.split_once('\t') else { continue };
        let top = &c.classify("", name)[0];
        n += 1;
        if top.label == want {
            right += 1;
        } else {
            println!("  miss: {name:<40} → {} {:.2} (want {want})", top.label, top.score);
        }
    }
    println!("service names: top topic right for {right}/{n}");

    let Ok(seed) = std::fs::read_to_string(format!("{root}../../../shared/seed/truth.txt")) else {
        println!("seed: ../shared absent, skipped");
        return;
    };
    let mut sections: Vec<(String, String, &str)> = Vec::new();
    for line in seed.lines() {
        match SEED_HEADINGS.iter().find(|(h, _)| line.trim().starts_with(h)) {
            Some(_) if sections.last().is_some_and(|s| s.0 == line.trim()) => {}
            Some((_, want)) => sections.push((line.trim().to_owned(), String::new(), want)),
            None => {
                if let Some(s) = sections.last_mut() {
                    s.1.push_str(line);
                    s.1.push('\n');
                }
            }
        }
    }
    let mut right = 0;
    for (title, body, want) in &sections {
        let t = c.classify(title, body);
        right += usize::from(t[0].label == *want);
        let got: Vec<String> = t.iter().map(|x| format!("{} {:.2}", x.label, x.score)).collect();
        println!("  {title:<40} → {} (want {want}); evidence {:?}", got.join(", "), t[0].evidence);
        if std::env::var_os("MODEL_ALONE").is_some() {
            let m = Model::embedded();
            let p = m.predict(&format!("{title}\n{body}"));
            let mut v: Vec<(f32, &str)> =
                p.iter().copied().zip(m.labels().iter().map(|l| l.name.as_str())).collect();
            v.sort_by(|a, b| b.0.total_cmp(&a.0));
            println!("      model alone: {:?}", &v[..4]);
        }
    }
    println!("seed sections: top topic right for {right}/{}", sections.len());
}
