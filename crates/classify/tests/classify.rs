//! Behaviour of the classifier, language detection and taxonomy loading.

use std::path::Path;

use deck_classify::{
    Classifier, Language, SkosFormat, Taxonomy, TaxonomyError, Topic, detect_language,
};

fn classify(title: &str, body: &str) -> Vec<Topic> {
    Classifier::new(Taxonomy::embedded()).classify(title, body)
}

fn labels(topics: &[Topic]) -> Vec<&str> {
    topics.iter().map(|t| t.label.as_str()).collect()
}

fn top(title: &str, body: &str) -> String {
    classify(title, body)[0].label.clone()
}

#[test]
fn embedded_taxonomy_loads_with_required_topics() {
    let t = Taxonomy::embedded();
    for id in [
        "transport",
        "public_transport",
        "energy",
        "regional_development",
        "health",
        "education",
        "culture",
        "business",
        "climate_environment",
        "governance",
        "finance",
    ] {
        let topic =
            t.topics().iter().find(|x| x.id == id).unwrap_or_else(|| panic!("missing {id}"));
        for lang in [Language::Nb, Language::Nn, Language::En] {
            assert!(
                topic.terms.iter().any(|term| term.language == lang),
                "{id} has no {lang:?} terms"
            );
        }
    }
}

#[test]
fn buses_and_rail_are_transport() {
    let t = classify(
        "",
        "Fylket kjøper nye busser, og bussene skal gå oftere. Flere passasjerer tar toget til byen.",
    );
    assert_eq!(t[0].label, "public transport", "{t:?}");
    assert!(t[0].score >= 0.45);
    assert_eq!(
        top(
            "",
            "Den nye jernbanestrekningen og fylkesveiene trenger vedlikehold; trafikken på broene øker."
        ),
        "transport"
    );
}

#[test]
fn grid_and_power_are_energy() {
    let t = classify(
        "",
        "Strømnettet har for liten kapasitet. Statnett planlegger nye kraftlinjer og trafostasjoner.",
    );
    assert_eq!(t[0].label, "energy and grid", "{t:?}");
    assert!(t[0].evidence.iter().any(|e| e == "Strømnettet"), "{t:?}");
}

#[test]
fn hospitals_are_health() {
    assert_eq!(
        top("", "Sykehuset får nye senger, og ventetiden for pasientene skal ned."),
        "health"
    );
    assert_eq!(top("", "Sjukehuset manglar sjukepleiarar, og pasientane ventar lenge."), "health");
}

#[test]
fn budget_is_finance() {
    let t = classify(
        "",
        "Budsjettet for 2025 viser et underskudd. Skatteinntektene er lavere enn ventet.",
    );
    assert_eq!(t[0].label, "budget and finance", "{t:?}");
}

#[test]
fn other_topics() {
    assert_eq!(
        top("", "Elevene i videregående skole skal få flere lærlingplasser og bedre undervisning."),
        "education"
    );
    assert_eq!(
        top("", "Museet og biblioteket får støtte, og festivalen trekker mange til konsertene."),
        "culture"
    );
    assert_eq!(
        top("", "Utslippene av klimagasser må ned, og naturmangfoldet skal vernes."),
        "climate and environment"
    );
    assert_eq!(
        top("", "Fylkestinget og fylkesutvalget behandlet kommunesammenslåingen i høringen."),
        "governance and political organisation"
    );
    assert_eq!(
        top("", "Næringslivet trenger arbeidskraft, og havbruk og reiseliv skaper arbeidsplasser."),
        "business and industry"
    );
    assert_eq!(
        top("", "Distriktene opplever fraflytting, og bygdene trenger tilflytting og bolyst."),
        "regional development"
    );
}

#[test]
fn english_text() {
    assert_eq!(
        top("", "The hospital has long waiting lists and too few nurses for its patients."),
        "health"
    );
    assert_eq!(
        top("", "New buses and trams will improve public transport for commuters."),
        "public transport"
    );
}

#[test]
fn mixed_text_is_multi_label() {
    let t = classify(
        "",
        "Budsjettet gir et underskudd, og skatteinntektene faller. Samtidig må sykehusene ansette flere sykepleiere for pasientene.",
    );
    let l = labels(&t);
    assert!(l.contains(&"budget and finance") && l.contains(&"health"), "{t:?}");
    assert!(t.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn gibberish_is_other() {
    let t = classify("", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.");
    assert_eq!(labels(&t), vec!["other"]);
    assert!((t[0].score - 1.0).abs() < 1e-6);
    assert!(t[0].evidence.is_empty());
    assert_eq!(labels(&classify("", "")), vec!["other"]);
}

#[test]
fn weak_evidence_is_other_with_lower_score() {
    // A weak word alone is not enough to be confident.
    let t = classify("", "Vi møttes i går, og det kostet 200 kroner.");
    assert_eq!(t[0].label, "other", "{t:?}");
    assert!(t[0].score < 1.0 && t[0].score > 0.5);
}

#[test]
fn title_weighs_more_than_body() {
    // One word in the title is enough; the same word in the body is not.
    assert_eq!(top("Sykehus", "Vi presenterer planen for neste år."), "health");
    let long_body =
        format!("{} Vi snakket om sykehus.", "Vi presenterer planen for neste år. ".repeat(60));
    assert_eq!(top("Planen for neste år", &long_body), "other");
    let in_title = classify("Budsjett", "Budsjettet")[0].score;
    let in_body = classify("", "Budsjett og budsjettet")[0].score;
    assert!(in_title > in_body, "{in_title} vs {in_body}");
}

#[test]
fn compounds_match() {
    let t = classify("Nullutslippsbusser", "");
    let pt = t.iter().find(|t| t.label == "public transport").expect("public transport");
    assert_eq!(pt.evidence, vec!["Nullutslippsbusser"]);
    assert!(labels(&t).contains(&"climate and environment"), "{t:?}");
    assert_eq!(top("Bygdevekstavtalene", ""), "regional development");
    assert_eq!(top("Skolebyggene", ""), "education");
    // A derived word is no compound: "naturlig" is not about nature.
    assert_eq!(top("", "Det er naturlig at vi naturligvis starter."), "other");
}

#[test]
fn longest_match_wins_within_a_word() {
    // "kollektivtransport" is public transport; "transport" inside it is not counted
    // again for the broader topic, which is then left out.
    let t = classify("Kollektivtransport", "");
    assert_eq!(labels(&t), vec!["public transport"], "{t:?}");
}

#[test]
fn ascii_spellings_match() {
    assert_eq!(top("Stroemnettet", "Kraftlinjer og trafostasjoner"), "energy and grid");
}

#[test]
fn scores_are_in_range() {
    let long = "Sykehus pasient behandling lege sykepleier omsorg helse ".repeat(50);
    for t in classify("Sykehus og helse", &long) {
        assert!((0.0..=1.0).contains(&t.score), "{t:?}");
    }
}

#[test]
fn language_detection() {
    assert_eq!(
        detect_language("Vi har ikke bestemt hva som skal skje, men det blir bra."),
        Language::Nb
    );
    assert_eq!(
        detect_language("Eg veit ikkje kva som skjer, men det vert bra for kommunane."),
        Language::Nn
    );
    assert_eq!(
        detect_language("Korleis skal vi få til dette? Vi må berre arbeide saman frå no."),
        Language::Nn
    );
    assert_eq!(
        detect_language("Hvordan skal vi få til dette? Vi må bare arbeide sammen fra nå."),
        Language::Nb
    );
    assert_eq!(
        detect_language("The county council will decide on the budget for next year."),
        Language::En
    );
    assert_eq!(detect_language("Das ist nicht gut und wir wollen es ändern."), Language::Other);
    assert_eq!(
        detect_language("Det här är inte bra och jag vet inte vad vi gör."),
        Language::Other
    );
    assert_eq!(detect_language("xyz qwv 123"), Language::Other);
    assert_eq!(detect_language(""), Language::Other);
    assert_eq!(Language::Nn.as_str(), "nn");
}

#[test]
fn malformed_toml_names_the_line() {
    let src = "[[topic]]\nid = \"a\"\nnb = [\"buss\"]\n\n[[topic]]\nid = \"b\"\nnb = [\"tog\"\n";
    let err = Taxonomy::from_toml_str(src).unwrap_err();
    assert!(matches!(err, TaxonomyError::Syntax { .. }), "{err}");
    assert!(matches!(err.line(), Some(7 | 8)), "{err}");
    assert!(err.to_string().starts_with("line "), "{err}");

    let unknown = "[[topic]]\nid = \"a\"\nnb = [\"buss\"]\ncolour = \"red\"\n";
    let err = Taxonomy::from_toml_str(unknown).unwrap_err();
    assert_eq!(err.line(), Some(4), "{err}");
}

#[test]
fn invalid_topics_name_the_line() {
    let dup = "[[topic]]\nid = \"a\"\nnb = [\"buss\"]\n\n[[topic]]\nid = \"a\"\nnb = [\"tog\"]\n";
    let err = Taxonomy::from_toml_str(dup).unwrap_err();
    assert!(matches!(err, TaxonomyError::Invalid { line: 6, .. }), "{err}");
    let empty = "[[topic]]\nid = \"a\"\n\n[[topic]]\nid = \"b\"\nen = [\"bus\"]\n";
    let err = Taxonomy::from_toml_str(empty).unwrap_err();
    assert!(matches!(err, TaxonomyError::Invalid { line: 2, .. }), "{err}");
}

#[test]
fn custom_toml_and_extend() {
    let custom = Taxonomy::from_toml_str(
        "[[topic]]\nid = \"fisheries\"\nlabel = \"fisheries\"\nnb = [\"fiskebåt\", \"kvote\"]\nen = [\"fishing vessel\"]\n",
    )
    .unwrap();
    assert_eq!(Classifier::new(&custom).classify("Fiskebåter", "")[0].label, "fisheries");
    let mut base = Taxonomy::embedded().clone();
    let before = base.topics().len();
    base.extend(custom);
    assert_eq!(base.topics().len(), before + 1);
    assert_eq!(Classifier::new(&base).classify("Kvotene og fiskebåtene", "")[0].label, "fisheries");
    // Extending an existing id adds terms to it, also to an index built before.
    base.prepare();
    base.extend(
        Taxonomy::from_toml_str(
            "[[topic]]\nid = \"health\"\nlabel = \"health\"\nnb = [\"blodbank\"]\n",
        )
        .unwrap(),
    );
    assert_eq!(Classifier::new(&base).classify("Blodbanken", "")[0].label, "health");
}

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

#[test]
fn skos_rdf_xml_loads() {
    let t = Taxonomy::load(&data("mini.skos.rdf")).unwrap();
    let ids: Vec<&str> = t.topics().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "http://example.org/vocab/samferdsel",
            "http://example.org/vocab/kollektivtransport",
            "http://example.org/vocab/helse"
        ]
    );
    let kt = &t.topics()[1];
    assert_eq!(kt.label, "Kollektivtransport");
    assert_eq!(kt.broader.as_deref(), Some("http://example.org/vocab/samferdsel"));
    // German labels are dropped; nb/nn/no/en kept.
    assert_eq!(kt.terms.len(), 4, "{kt:?}");
    assert_eq!(t.topics()[2].label, "Helse og omsorg");
    let c = Classifier::new(&t);
    assert_eq!(c.classify("Bussene", "")[0].label, "Kollektivtransport");
    assert_eq!(c.classify("", "Sjukehuset og sykehusene")[0].label, "Helse og omsorg");
}

#[test]
fn skos_turtle_loads() {
    let t = Taxonomy::load(&data("mini.skos.ttl")).unwrap();
    assert_eq!(t.topics().len(), 2);
    let c = Classifier::new(&t);
    let r = c.classify("Havvind", "");
    assert_eq!(r[0].label, "Vindkraft", "{r:?}");
    let r = c.classify("", "Straumnettet og strømnettet");
    assert_eq!(r[0].label, "Energi", "{r:?}");
    let same = Taxonomy::from_skos_str(
        &std::fs::read_to_string(data("mini.skos.ttl")).unwrap(),
        SkosFormat::Turtle,
    )
    .unwrap();
    assert_eq!(same.topics(), t.topics());
}

#[test]
fn broken_skos_names_the_line() {
    let err = Taxonomy::load(&data("broken.skos.ttl")).unwrap_err();
    assert_eq!(err.line(), Some(6), "{err}");
    let err = Taxonomy::load(&data("broken.skos.rdf")).unwrap_err();
    assert!(matches!(err.line(), Some(5..=7)), "{err}");
}

#[test]
fn load_errors() {
    assert!(matches!(Taxonomy::load(Path::new("x.csv")), Err(TaxonomyError::UnknownFormat(_))));
    assert!(matches!(
        Taxonomy::load(Path::new("/nonexistent/x.toml")),
        Err(TaxonomyError::Io { .. })
    ));
}

/// Every sentence of `tests/data/sentences.txt` gets its expected top label.
#[test]
fn labelled_sentences() {
    let text = std::fs::read_to_string(data("sentences.txt")).unwrap();
    let mut wrong = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let (want, rest) = line.split_once('|').unwrap();
        let (title, body) = rest.split_once("||").unwrap_or(("", rest));
        let got = classify(title.trim(), body.trim());
        n += 1;
        if got[0].label != want.trim() {
            wrong.push(format!("{line} => {got:?}"));
        }
    }
    assert!(n >= 70, "{n}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn compound_heads_count_fully() {
    // "vasskraftverk" is a "kraftverk": the head of a compound is as good as the word.
    assert_eq!(top("", "Vasskraftverka i fylket produserer mykje."), "energy and grid");
    // One topic per word: "industri" + "bedrift" in one word is one piece of evidence.
    let t = classify("", "Det er ikke nok kapasitet i strømnettet til nye industribedrifter.");
    assert_eq!(t[0].label, "energy and grid", "{t:?}");
}

#[test]
fn one_incidental_word_in_long_text_is_not_enough() {
    let filler =
        "Vi har hatt et godt år med mange møter og gode samtaler om veien videre. ".repeat(4);
    assert_eq!(top("", &format!("{filler} Vi besøkte også et museum.")), "other");
    assert_eq!(top("", "Vi besøkte også et museum."), "culture");
}

#[test]
fn short_titles_get_a_language() {
    assert_eq!(detect_language("Hospital waiting times in rural regions"), Language::En);
    assert_eq!(detect_language("Helsetenester i distrikta"), Language::Nb);
    assert_eq!(detect_language("Kva skjer no?"), Language::Nn);
}

#[test]
fn english_terms_do_not_match_inside_longer_english_words() {
    // "exam" is an education term; "example" is not about exams. English writes its
    // compounds apart, so English terms match whole (inflected) words only.
    let topics = deck_classify::Classifier::new(deck_classify::Taxonomy::embedded())
        .classify("Example document", "An example of a simple example, for example.");
    assert!(topics.iter().all(|t| t.label != "education"), "{topics:?}");
    let topics = deck_classify::Classifier::new(deck_classify::Taxonomy::embedded())
        .classify("Exams", "The exams and the examination results of the pupils.");
    assert_eq!(topics[0].label, "education", "{topics:?}");
}

#[test]
fn only_the_first_max_text_bytes_of_a_text_are_read() {
    // Memory stays bounded on huge input: past MAX_TEXT_BYTES nothing counts, so a body
    // of buses followed by as much of hospitals reads as the buses alone.
    let buses = "Bussene og ferjene i fylket får nye ruter og billetter. ";
    let first = buses.repeat(deck_classify::MAX_TEXT_BYTES / buses.len() + 1);
    let cut = &first[..deck_classify::MAX_TEXT_BYTES];
    let hospitals = "Sykehuset og legene gir pasientene behandling og helsehjelp. ";
    let huge =
        format!("{first}{}", hospitals.repeat(2 * deck_classify::MAX_TEXT_BYTES / hospitals.len()));
    let model = deck_classify::Model::embedded();
    let classifier = Classifier::new(Taxonomy::embedded()).with_model(model);
    let (a, b) = (classifier.classify("", &huge), classifier.classify("", cut));
    assert_eq!(labels(&a), labels(&b));
    assert_eq!(
        a.iter().map(|t| t.score).collect::<Vec<_>>(),
        b.iter().map(|t| t.score).collect::<Vec<_>>()
    );
    assert!(labels(&a).iter().all(|l| *l != "health"), "{a:?}");
}
