//! Behaviour of `structure` on synthetic decks built line by line.

use deck_layout::{Document, Line, Metadata, Page, Rect};
use deck_structure::{Block, BlockKind, Deck, Options, PageContent, SlideKind, structure};

/// Builds one slide: lines placed top to bottom with a cursor, or absolutely.
struct SlideBuilder {
    width: f32,
    height: f32,
    y: f32,
    lines: Vec<Line>,
}

fn line(text: &str, x: f32, y: f32, size: f32, bold: bool) -> Line {
    // A rough advance of half an em per character is enough for layout heuristics.
    let w = text.chars().count() as f32 * size * 0.5;
    Line {
        text: text.to_owned(),
        bbox: Rect::new(x, y, x + w, y + size),
        font_size: size,
        bold,
        ..Line::default()
    }
}

impl SlideBuilder {
    fn new() -> Self {
        Self::sized(960.0, 540.0)
    }
    fn sized(width: f32, height: f32) -> Self {
        SlideBuilder { width, height, y: 40.0, lines: Vec::new() }
    }
    /// A PowerPoint-style title: 36 pt at the top left.
    fn title(self, text: &str) -> Self {
        self.styled(text, 50.0, 36.0, false)
    }
    /// Body text at the cursor, advancing it by 1.2 line heights.
    fn text(self, text: &str, x: f32, size: f32) -> Self {
        self.styled(text, x, size, false)
    }
    fn styled(mut self, text: &str, x: f32, size: f32, bold: bool) -> Self {
        self.lines.push(line(text, x, self.y, size, bold));
        self.y += size * 1.2;
        self
    }
    fn gap(mut self, pts: f32) -> Self {
        self.y += pts;
        self
    }
    fn at(mut self, text: &str, x: f32, y: f32, size: f32) -> Self {
        self.lines.push(line(text, x, y, size, false));
        self
    }
    fn raw(mut self, raw: &str) -> Self {
        if let Some(l) = self.lines.last_mut() {
            l.raw = Some(raw.to_owned());
        }
        self
    }
}

fn doc(slides: Vec<SlideBuilder>) -> Document {
    Document {
        pages: slides
            .into_iter()
            .enumerate()
            .map(|(i, s)| Page {
                number: u32::try_from(i + 1).unwrap(),
                width: s.width,
                height: s.height,
                lines: s.lines,
                ..Page::default()
            })
            .collect(),
        ..Document::default()
    }
}

fn run(d: &Document) -> Deck {
    structure(d, &Options::default())
}

fn kinds(blocks: &[Block]) -> Vec<(&'static str, &str, u8)> {
    blocks.iter().map(|b| (b.kind.as_str(), b.text.as_str(), b.level)).collect()
}

#[test]
fn title_bullets_and_levels() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Kollektivtransport i regionen")
            .gap(20.0)
            .text("• Flere bussavganger i distriktene", 60.0, 24.0)
            .text("– Nye ruter fra august", 100.0, 20.0)
            .text("– Elektriske busser på alle", 100.0, 20.0)
            .text("bybussruter", 120.0, 20.0)
            .text("• Bedre togtilbud", 60.0, 24.0),
    ]);
    let deck = run(&d);
    assert_eq!(deck.title.as_deref(), Some("Kollektivtransport i regionen"));
    assert_eq!(deck.sections.len(), 1);
    assert_eq!(
        kinds(&deck.sections[0].blocks),
        vec![
            ("title", "Kollektivtransport i regionen", 0),
            ("bullet", "Flere bussavganger i distriktene", 1),
            ("bullet", "Nye ruter fra august", 2),
            ("bullet", "Elektriske busser på alle bybussruter", 2),
            ("bullet", "Bedre togtilbud", 1),
        ]
    );
    // The glyph is stripped from the text but kept in raw.
    assert_eq!(deck.sections[0].blocks[1].raw, "• Flere bussavganger i distriktene");
    assert_eq!(deck.sections[0].blocks[3].raw, "– Elektriske busser på alle\nbybussruter");
}

#[test]
fn nesting_by_glyph_when_indentation_is_lost() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Mål")
            .text("• Klima", 60.0, 24.0)
            .text("◦ Utslipp", 60.0, 24.0)
            .text("• Helse", 60.0, 24.0),
    ]);
    let levels: Vec<u8> = run(&d).sections[0].blocks.iter().map(|b| b.level).collect();
    assert_eq!(levels, vec![0, 1, 2, 1]);
}

#[test]
fn bullet_glyph_as_its_own_line_joins_the_text() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Mål")
            .at("•", 60.0, 120.0, 24.0)
            .at("Flere reiser med buss", 90.0, 120.0, 24.0)
            .at("\u{f0b7}", 100.0, 150.0, 20.0)
            .at("Nye ruter", 125.0, 150.0, 20.0),
    ]);
    let blocks = run(&d).sections[0].blocks.clone();
    assert_eq!(
        kinds(&blocks)[1..],
        [("bullet", "Flere reiser med buss", 1), ("bullet", "Nye ruter", 2)]
    );
    assert_eq!(blocks[1].raw, "•\nFlere reiser med buss");
}

#[test]
fn lists_without_glyphs_are_found_by_indentation() {
    // Google Slides draws list markers as shapes: no glyph in the text. Items are
    // spaced wider than wrapped lines.
    let d = doc(vec![
        SlideBuilder::new()
            .title("Ny skolestruktur")
            .at("To skoler slås sammen fra august", 80.0, 144.0, 18.0)
            .at("Elevene får skyss med buss", 80.0, 173.0, 18.0)
            .at("Skysslisten kommer før sommeren", 116.0, 202.0, 16.0)
            .at("Skolebygget blir nærmiljøsenter", 80.0, 230.0, 18.0),
    ]);
    assert_eq!(
        kinds(&run(&d).sections[0].blocks)[1..],
        [
            ("bullet", "To skoler slås sammen fra august", 1),
            ("bullet", "Elevene får skyss med buss", 1),
            ("bullet", "Skysslisten kommer før sommeren", 2),
            ("bullet", "Skolebygget blir nærmiljøsenter", 1)
        ]
    );
}

#[test]
fn two_columns_have_their_own_list_levels() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Folkehelse")
            .at("• Fysisk aktivitet", 55.0, 160.0, 20.0)
            .at("– På mellomtrinnet", 75.0, 190.0, 18.0)
            .at("• Færre er aktive", 507.0, 160.0, 20.0)
            .at("– Særlig jenter", 527.0, 190.0, 18.0),
    ]);
    let levels: Vec<u8> = run(&d).sections[0].blocks.iter().map(|b| b.level).collect();
    assert_eq!(levels, vec![0, 1, 2, 1, 2]);
}

#[test]
fn numbered_lists_keep_their_numbers() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Agenda")
            .text("1. Innledning", 60.0, 24.0)
            .text("a) Bakgrunn", 100.0, 24.0)
            .text("2. Budsjett", 60.0, 24.0),
    ]);
    assert_eq!(
        kinds(&run(&d).sections[0].blocks)[1..],
        [
            ("bullet", "1. Innledning", 1),
            ("bullet", "a) Bakgrunn", 2),
            ("bullet", "2. Budsjett", 1)
        ]
    );
}

#[test]
fn paragraphs_join_wrapped_lines_and_split_on_gaps() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Bakgrunn")
            .text("Fylket har ansvar for", 50.0, 20.0)
            .text("videregående opplæring.", 50.0, 20.0)
            .gap(30.0)
            .text("Et nytt avsnitt.", 50.0, 20.0),
    ]);
    assert_eq!(
        kinds(&run(&d).sections[0].blocks)[1..],
        [
            ("paragraph", "Fylket har ansvar for videregående opplæring.", 0),
            ("paragraph", "Et nytt avsnitt.", 0)
        ]
    );
}

#[test]
fn hyphenation_undone_only_for_known_words() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Samferdsel")
            .text("Fylket har ansvar for sam-", 50.0, 20.0)
            .text("ferdsel og for helse-", 50.0, 20.0)
            .text("og omsorgstjenester, og for e-", 50.0, 20.0)
            .text("post.", 50.0, 20.0),
    ]);
    let is_word = |w: &str| w == "samferdsel";
    let deck = structure(&d, &Options { is_word: Some(&is_word), ..Options::default() });
    assert_eq!(
        deck.sections[0].blocks[1].text,
        "Fylket har ansvar for samferdsel og for helse- og omsorgstjenester, og for e-post."
    );
    // Without a lexicon every hyphen stays.
    assert!(run(&d).sections[0].blocks[1].text.starts_with("Fylket har ansvar for sam-ferdsel"));
}

#[test]
fn multi_line_titles_are_joined() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Regional plan for areal og")
            .title("transport i Trøndelag")
            .gap(20.0)
            .text("Høringsutkast", 50.0, 20.0),
    ]);
    let deck = run(&d);
    assert_eq!(
        deck.sections[0].title.as_deref(),
        Some("Regional plan for areal og transport i Trøndelag")
    );
    assert_eq!(deck.sections[0].blocks[0].raw, "Regional plan for areal og\ntransport i Trøndelag");
}

#[test]
fn largest_text_near_the_top_is_the_title_not_the_first_line() {
    let d = doc(vec![
        SlideBuilder::new().text("Strategi 2025", 50.0, 14.0).title("Energi og nett").text(
            "Kapasiteten i strømnettet er for liten.",
            50.0,
            20.0,
        ),
    ]);
    let deck = run(&d);
    assert_eq!(deck.title.as_deref(), Some("Energi og nett"));
    assert_eq!(deck.sections[0].blocks[0].kind, BlockKind::Title);
}

#[test]
fn big_figures_are_not_titles() {
    let d = doc(vec![
        SlideBuilder::new().title("Andel som fullfører").at("78 %", 400.0, 200.0, 72.0).at(
            "av elevene fullfører på fem år",
            300.0,
            300.0,
            24.0,
        ),
    ]);
    let deck = run(&d);
    assert_eq!(deck.title.as_deref(), Some("Andel som fullfører"));
    assert_eq!(kinds(&deck.sections[0].blocks)[1], ("paragraph", "78 %", 0));
}

#[test]
fn bold_first_line_is_title_when_all_text_is_one_size() {
    let d = doc(vec![
        SlideBuilder::new()
            .styled("Helse og omsorg", 50.0, 18.0, true)
            .text("Sykehusene trenger flere ansatte.", 50.0, 18.0)
            .text("Ventetiden øker.", 50.0, 18.0),
    ]);
    assert_eq!(run(&d).title.as_deref(), Some("Helse og omsorg"));
}

#[test]
fn captions_and_credits() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Ny bybane")
            .text("Banen åpner i 2027.", 50.0, 20.0)
            .at("Foto: Ola Nordmann", 600.0, 400.0, 10.0)
            .at("Illustrasjon: Bybanen AS", 50.0, 300.0, 20.0)
            .at("Planlagt trasé langs fjorden", 600.0, 380.0, 11.0),
    ]);
    let blocks = run(&d).sections[0].blocks.clone();
    let caps: Vec<&str> =
        blocks.iter().filter(|b| b.kind == BlockKind::Caption).map(|b| b.text.as_str()).collect();
    assert_eq!(
        caps,
        vec!["Foto: Ola Nordmann", "Illustrasjon: Bybanen AS", "Planlagt trasé langs fjorden"]
    );
}

fn with_footer(s: SlideBuilder, n: u32) -> SlideBuilder {
    s.at("Trøndelag fylkeskommune", 40.0, 510.0, 10.0).at(&n.to_string(), 900.0, 510.0, 10.0)
}

#[test]
fn repeated_footers_and_page_numbers() {
    let d = doc(vec![
        with_footer(
            SlideBuilder::new().title("Budsjett 2025").text("Driftsbudsjettet øker.", 50.0, 20.0),
            1,
        ),
        with_footer(SlideBuilder::new().title("Investeringer").text("Nye skoler.", 50.0, 20.0), 2),
        with_footer(SlideBuilder::new().title("Klima").text("Utslippene går ned.", 50.0, 20.0), 3),
        SlideBuilder::new()
            .title("Oppsummering")
            .text("Takk.", 50.0, 20.0)
            .at("4", 900.0, 510.0, 10.0),
    ]);
    let deck = run(&d);
    let footers: Vec<(u32, &str)> = deck
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| b.kind == BlockKind::Footer)
        .map(|b| (b.page, b.text.as_str()))
        .collect();
    assert_eq!(
        footers,
        vec![
            (1, "Trøndelag fylkeskommune"),
            (1, "1"),
            (2, "Trøndelag fylkeskommune"),
            (2, "2"),
            (3, "Trøndelag fylkeskommune"),
            (3, "3"),
            (4, "4")
        ]
    );
    assert_eq!(deck.sections[0].text(), "Budsjett 2025\nDriftsbudsjettet øker.");
}

#[test]
fn footer_text_once_is_not_a_footer() {
    let d = doc(vec![
        SlideBuilder::new().title("A").text("x", 50.0, 20.0).at("Kilde: SSB", 40.0, 510.0, 10.0),
        SlideBuilder::new().title("B").text("y", 50.0, 20.0),
        SlideBuilder::new().title("C").text("z", 50.0, 20.0),
    ]);
    let deck = run(&d);
    assert_eq!(deck.sections[0].blocks.last().unwrap().kind, BlockKind::Caption);
}

#[test]
fn continued_slides_merge() {
    let d = doc(vec![
        SlideBuilder::new().title("Budsjett 2025").text("Drift.", 50.0, 20.0),
        SlideBuilder::new().title("Budsjett 2025 (forts.)").text("Investering.", 50.0, 20.0),
        SlideBuilder::new().title("Budsjett 2025 – 3/3").text("Gjeld.", 50.0, 20.0),
        SlideBuilder::new()
            .text("Et bilde med tekst", 50.0, 20.0)
            .text("og mer tekst", 50.0, 20.0)
            .gap(20.0)
            .text("Fordelt på sektorer", 50.0, 20.0)
            .text("og år", 50.0, 20.0)
            .gap(20.0)
            .text("Alt i millioner kroner", 50.0, 20.0),
        SlideBuilder::new().title("Budsjett 2026").text("Neste år.", 50.0, 20.0),
    ]);
    let deck = run(&d);
    let got: Vec<(Option<&str>, Vec<u32>)> =
        deck.sections.iter().map(|s| (s.title.as_deref(), s.pages.clone())).collect();
    // The untitled slide is a section of its own: a section never runs on under
    // another (or no) title.
    assert_eq!(
        got,
        vec![
            (Some("Budsjett 2025"), vec![1, 2, 3]),
            (None, vec![4]),
            (Some("Budsjett 2026"), vec![5])
        ]
    );
    assert_eq!(deck.sections[0].text(), "Budsjett 2025\nDrift.\nInvestering.\nGjeld.");
    assert_eq!(
        deck.sections[1].text(),
        "Et bilde med tekst og mer tekst\nFordelt på sektorer og år\nAlt i millioner kroner"
    );
}

/// (title, pages, kind, chapter) of a section.
type Outline<'a> = (Option<&'a str>, Vec<u32>, SlideKind, Option<u32>);

fn outline(deck: &Deck) -> Vec<Outline<'_>> {
    deck.sections.iter().map(|s| (s.title.as_deref(), s.pages.clone(), s.kind, s.chapter)).collect()
}

#[test]
fn dividers_open_chapters_and_are_sections_of_their_own() {
    let d = doc(vec![
        SlideBuilder::new().at("Årsmelding 2024", 200.0, 200.0, 44.0).at(
            "Fylkesrådet",
            200.0,
            260.0,
            24.0,
        ),
        SlideBuilder::new().at("Del 1: Transport", 200.0, 240.0, 40.0),
        SlideBuilder::new().title("Buss").text("Flere avganger.", 50.0, 20.0),
        SlideBuilder::new().title("Tog").text("Nytt dobbeltspor.", 50.0, 20.0),
        SlideBuilder::new().at("Del 2: Helse", 200.0, 240.0, 40.0),
        SlideBuilder::new().title("Sykehus").text("Nytt bygg.", 50.0, 20.0),
    ]);
    let deck = run(&d);
    use SlideKind::{Content, Divider};
    assert_eq!(
        outline(&deck),
        vec![
            (Some("Årsmelding 2024"), vec![1], Content, None),
            (Some("Del 1: Transport"), vec![2], Divider, Some(1)),
            (Some("Buss"), vec![3], Content, Some(1)),
            (Some("Tog"), vec![4], Content, Some(1)),
            (Some("Del 2: Helse"), vec![5], Divider, Some(2)),
            (Some("Sykehus"), vec![6], Content, Some(2)),
        ]
    );
    let chapters: Vec<(u32, &str, u32)> =
        deck.chapters.iter().map(|c| (c.index, c.title.as_str(), c.page)).collect();
    assert_eq!(chapters, vec![(1, "Del 1: Transport", 2), (2, "Del 2: Helse", 5)]);
    assert_eq!(deck.title.as_deref(), Some("Årsmelding 2024"));
    // Page-level: every slide carries its own title and its chapter.
    let slides: Vec<(Option<&str>, Option<u32>)> =
        deck.slides.iter().map(|s| (s.title.as_deref(), s.chapter)).collect();
    assert_eq!(slides[3], (Some("Tog"), Some(1)));
}

#[test]
fn the_first_slide_is_the_cover_even_when_shaped_like_a_divider() {
    let d = doc(vec![
        SlideBuilder::new().at("Del 1: Klima og miljø", 48.0, 214.0, 40.0).at(
            "Status og mål",
            48.0,
            274.0,
            20.0,
        ),
        SlideBuilder::new().title("Utslipp fra transport").text(
            "• Veitrafikken dominerer",
            70.0,
            22.0,
        ),
        SlideBuilder::new().title("Klimatilpasning").text("• Mer flom", 70.0, 22.0),
        SlideBuilder::new().at("Del 2: Oppfølging", 48.0, 214.0, 40.0),
        SlideBuilder::new().title("Rapportering").text("• Hvert år", 70.0, 22.0),
    ]);
    let deck = run(&d);
    let kinds: Vec<SlideKind> = deck.slides.iter().map(|s| s.kind).collect();
    use SlideKind::{Content, Divider};
    assert_eq!(kinds, vec![Content, Content, Content, Divider, Content]);
    assert_eq!(deck.slides[4].chapter, Some(1));
    assert_eq!(deck.slides[1].chapter, None);
}

#[test]
fn one_cue_alone_makes_no_divider() {
    // A big lone word (prominent, announced by nothing) and title-only placeholders
    // in the normal title frame (a family, but not prominent) stay content.
    let d = doc(vec![
        SlideBuilder::new()
            .at("Kurs i statistikk", 200.0, 200.0, 44.0)
            .at("Dag 1", 200.0, 260.0, 24.0),
        SlideBuilder::new().title("Utvalg").text("• Enkel tilfeldig trekning", 70.0, 22.0),
        SlideBuilder::new().title("Oppgave 1 gjennomgang"),
        SlideBuilder::new().title("Estimering").text("• Horvitz-Thompson", 70.0, 22.0),
        SlideBuilder::new().at("PAUSE", 380.0, 230.0, 72.0),
        SlideBuilder::new().title("Varians").text("• Designeffekt", 70.0, 22.0),
        SlideBuilder::new().title("Oppgave 2 gjennomgang"),
        SlideBuilder::new().title("Vekting").text("• Kalibrering", 70.0, 22.0),
    ]);
    let deck = run(&d);
    assert!(deck.slides.iter().all(|s| s.kind == SlideKind::Content), "{:?}", outline(&deck));
    assert!(deck.chapters.is_empty());
}

#[test]
fn an_agenda_announces_a_divider() {
    // One prominent title-only slide whose title is an agenda item: two cues.
    let d = doc(vec![
        SlideBuilder::new()
            .at("Kurs i statistikk", 200.0, 200.0, 44.0)
            .at("Dag 1", 200.0, 260.0, 24.0),
        SlideBuilder::new()
            .title("Plan")
            .text("09.00 Utvalg og estimering", 50.0, 20.0)
            .gap(20.0)
            .text("11.00 Varians", 50.0, 20.0)
            .gap(20.0)
            .text("13.00 Oppsummering", 50.0, 20.0),
        SlideBuilder::new().title("Utvalg").text("• Enkel tilfeldig trekning", 70.0, 22.0),
        SlideBuilder::new().at("Oppsummering", 300.0, 230.0, 48.0),
        SlideBuilder::new().title("Hva lærte vi?").text("• Mye", 70.0, 22.0),
    ]);
    let deck = run(&d);
    let chapters: Vec<&str> = deck.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(chapters, vec!["Oppsummering"]);
    assert_eq!(deck.slides[3].kind, SlideKind::Divider);
}

#[test]
fn a_cover_without_dividers_stands_alone() {
    let d = doc(vec![
        SlideBuilder::new().at("Energistrategi 2030", 48.0, 214.0, 44.0).at(
            "Fylkestinget, mars",
            48.0,
            274.0,
            20.0,
        ),
        SlideBuilder::new().title("Mål").text("• Halvere energibruken", 70.0, 22.0),
        SlideBuilder::new().title("Tiltak").text("• Etterisolering", 70.0, 22.0),
    ]);
    assert_eq!(run(&d).sections.len(), 3);
}

#[test]
fn picture_slide_with_only_a_title_is_not_a_divider() {
    let d = doc(vec![
        SlideBuilder::new().title("Kart").text("Oversikt.", 50.0, 20.0),
        SlideBuilder::new().title("Kart over regionen"),
        SlideBuilder::new().title("Vei").text("Ny E6.", 50.0, 20.0),
        SlideBuilder::new().title("Tog").text("Nye tog.", 50.0, 20.0),
    ]);
    assert_eq!(run(&d).sections.len(), 4);
}

#[test]
fn untitled_deck_is_one_section_per_slide_and_title_from_metadata() {
    let mut d = doc(vec![
        SlideBuilder::new()
            .text("Første side med tekst.", 50.0, 20.0)
            .text("Mer tekst.", 50.0, 20.0)
            .text("Enda mer.", 50.0, 20.0)
            .text("Slutt.", 50.0, 20.0)
            .text("Helt slutt.", 50.0, 20.0),
        SlideBuilder::new()
            .text("Andre side med tekst.", 50.0, 20.0)
            .text("Mer tekst.", 50.0, 20.0)
            .text("Enda mer.", 50.0, 20.0)
            .text("Slutt.", 50.0, 20.0)
            .text("Helt slutt.", 50.0, 20.0),
    ]);
    d.metadata = Metadata {
        title: Some("Microsoft PowerPoint - Årsplan.pptx".into()),
        ..Metadata::default()
    };
    let deck = run(&d);
    assert_eq!(deck.title.as_deref(), Some("Årsplan"));
    assert_eq!(deck.sections.len(), 2);
    assert!(deck.sections.iter().all(|s| s.title.is_none()));
}

#[test]
fn empty_pages_are_listed_without_blocks_and_empty_document_is_empty() {
    assert_eq!(run(&Document::default()), Deck::default());
    let d = doc(vec![
        SlideBuilder::new(),
        SlideBuilder::new().title("Innhold").text("Tekst.", 50.0, 20.0),
    ]);
    let deck = run(&d);
    assert_eq!(deck.sections.len(), 1);
    // The blank page is listed (so nothing goes missing) but adds no blocks.
    assert_eq!(deck.sections[0].pages, vec![1, 2]);
    assert_eq!(deck.slides[0].content, PageContent::NoText);
    assert!(deck.sections[0].blocks.iter().all(|b| b.page == 2));
}

#[test]
fn raw_keeps_unrepaired_text() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Tittel")
            .text("Fylkeskommunen satser", 50.0, 20.0)
            .raw("F y l k e s k o m m u n e n satser"),
    ]);
    let b = &run(&d).sections[0].blocks[1];
    assert_eq!(b.text, "Fylkeskommunen satser");
    assert_eq!(b.raw, "F y l k e s k o m m u n e n satser");
}

/// A Beamer deck: 4:3 at 364 × 273 pt, frame titles at 14 pt in a band at the top,
/// 11 pt body, a three-part footline at 7 pt and a section headline at 6 pt.
fn beamer() -> Document {
    let frame = |title: &str, body: &[&str], n: u32| {
        let mut s = SlideBuilder::sized(364.0, 273.0)
            .at("Innledning   Energi   Oppsummering", 10.0, 2.0, 6.0)
            .at(title, 10.0, 20.0, 14.0);
        s.y = 50.0;
        for b in body {
            s = s.text(b, 20.0, 11.0);
        }
        s.at("K. Nordmann (NTNU)", 5.0, 262.0, 7.0).at("Nett og energi", 140.0, 262.0, 7.0).at(
            &format!("{n} / 4"),
            330.0,
            262.0,
            7.0,
        )
    };
    let mut cover = SlideBuilder::sized(364.0, 273.0)
        .at("Nett og energi i Midt-Norge", 60.0, 90.0, 17.0)
        .at("Kari Nordmann", 130.0, 140.0, 11.0)
        .at("NTNU, 2024", 140.0, 160.0, 11.0);
    cover = cover
        .at("K. Nordmann (NTNU)", 5.0, 262.0, 7.0)
        .at("Nett og energi", 140.0, 262.0, 7.0)
        .at("1 / 4", 330.0, 262.0, 7.0);
    doc(vec![
        cover,
        frame(
            "Kapasitet i strømnettet",
            &["• Ventelister for tilknytning", "• Nye linjer tar ti år"],
            2,
        ),
        frame("Kapasitet i strømnettet (forts.)", &["• Fleksibilitet som tiltak"], 3),
        frame("Oppsummering", &["Mer nett trengs."], 4),
    ])
}

#[test]
fn beamer_frames() {
    let deck = run(&beamer());
    assert_eq!(deck.title.as_deref(), Some("Nett og energi i Midt-Norge"));
    let got: Vec<(Option<&str>, Vec<u32>)> =
        deck.sections.iter().map(|s| (s.title.as_deref(), s.pages.clone())).collect();
    assert_eq!(
        got,
        vec![
            (Some("Nett og energi i Midt-Norge"), vec![1]),
            (Some("Kapasitet i strømnettet"), vec![2, 3]),
            (Some("Oppsummering"), vec![4])
        ]
    );
    assert_eq!(
        deck.sections[1].text(),
        "Kapasitet i strømnettet\nVentelister for tilknytning\nNye linjer tar ti år\nFleksibilitet som tiltak"
    );
    assert_eq!(deck.sections[0].text(), "Nett og energi i Midt-Norge\nKari Nordmann\nNTNU, 2024");
}

#[test]
fn snapshot_beamer() {
    insta::assert_debug_snapshot!(run(&beamer()));
}

#[test]
fn snapshot_powerpoint() {
    let d = doc(vec![
        with_footer(
            SlideBuilder::new().at("Regional utvikling", 120.0, 200.0, 48.0).at(
                "Fylkestinget, mars 2025",
                120.0,
                270.0,
                24.0,
            ),
            1,
        ),
        with_footer(
            SlideBuilder::new()
                .title("Bygdevekstavtaler")
                .gap(10.0)
                .text("• Avtaler med fire kommuner", 60.0, 24.0)
                .text("– Næringsutvikling og bolig", 100.0, 20.0)
                .text("• Kilde: Kommunal- og distrikts-", 60.0, 24.0)
                .text("departementet", 80.0, 24.0)
                .at("Foto: Fylkeskommunen", 700.0, 450.0, 10.0),
            2,
        ),
        with_footer(
            SlideBuilder::new().title("Bygdevekstavtaler (2)").text(
                "Evaluering i 2026.",
                50.0,
                24.0,
            ),
            3,
        ),
    ]);
    insta::assert_debug_snapshot!(run(&d));
}

fn titles(deck: &Deck) -> Vec<Option<&str>> {
    deck.slides.iter().map(|s| s.title.as_deref()).collect()
}

#[test]
fn list_items_markup_and_the_author_are_never_titles() {
    let mut d = doc(vec![
        // A slide that opens with a bullet of title size: no title.
        SlideBuilder::new()
            .text("• Eksempel: analyse av tilbakemeldinger", 60.0, 24.0)
            .text("Forsøk 1: regler", 60.0, 24.0)
            .text("Tekst om forsøket.", 60.0, 18.0),
        // Markup at the top in large type.
        SlideBuilder::new().at("<style scoped>", 50.0, 40.0, 36.0).at(
            "Stiler per lysbilde",
            50.0,
            120.0,
            20.0,
        ),
        // The speaker's name set first, at the title's size, on a closing slide.
        SlideBuilder::new()
            .at("Kari Nordmann", 80.0, 75.0, 17.0)
            .at("Kvantevandringer", 80.0, 131.0, 17.0)
            .at("over endelige grafer", 80.0, 151.0, 14.0),
    ]);
    d.metadata.author = Some("Nordmann, Kari".into());
    let deck = run(&d);
    assert_eq!(titles(&deck), vec![None, Some("Stiler per lysbilde"), Some("Kvantevandringer")]);
}

#[test]
fn a_title_is_its_whole_text_box() {
    let d = doc(vec![
        // Two runs on one baseline (another font for the second).
        SlideBuilder::new()
            .at("Merge", 50.0, 40.0, 36.0)
            .at("vs. Rebase", 170.0, 42.0, 30.0)
            .at("Tekst.", 50.0, 150.0, 20.0),
        // A title line ending in a comma runs on into a smaller line.
        SlideBuilder::new()
            .at("Frontend,", 50.0, 40.0, 36.0)
            .at("backend, database, fullstack", 50.0, 82.0, 28.0)
            .at("Tekst.", 50.0, 200.0, 20.0),
        // A lead-in above a title that starts in lower case, and a small label drawn
        // between the two lines of a title.
        SlideBuilder::new()
            .at("A guided tour of", 250.0, 24.0, 24.0)
            .at("the human genome", 180.0, 56.0, 40.0)
            .at("Text.", 60.0, 200.0, 20.0),
        SlideBuilder::new()
            .at("Genome", 540.0, 108.0, 36.0)
            .at("chr14: 1 - 101 311 216", 100.0, 150.0, 10.0)
            .at("browsers", 538.0, 151.0, 36.0)
            .at("Text.", 60.0, 300.0, 12.0),
    ]);
    assert_eq!(
        titles(&run(&d)),
        vec![
            Some("Merge vs. Rebase"),
            Some("Frontend, backend, database, fullstack"),
            Some("A guided tour of the human genome"),
            Some("Genome browsers")
        ]
    );
}

#[test]
fn subtitles_are_their_own_blocks() {
    let d = doc(vec![
        SlideBuilder::new()
            .styled("Programvare", 300.0, 28.0, true)
            .styled("Mersenne Twister", 50.0, 18.0, true)
            .gap(20.0)
            .text("• Standard i mange språk", 60.0, 18.0)
            .text("• Lang periode", 60.0, 18.0),
        // A question in body type under the title is body, not a subtitle.
        SlideBuilder::new()
            .styled("Programvare", 300.0, 28.0, true)
            .text("Hva er galt med denne generatoren?", 50.0, 18.0)
            .text("• Kort periode", 60.0, 18.0),
    ]);
    let deck = run(&d);
    let kinds: Vec<Vec<(&'static str, &str, u8)>> =
        deck.slides.iter().map(|s| kinds(&s.blocks)).collect();
    assert_eq!(kinds[0][1], ("subtitle", "Mersenne Twister", 0));
    assert_eq!(kinds[1][1].0, "paragraph");
    // Same running title, other subtitles: separate sections.
    assert_eq!(deck.sections.len(), 2);
}

#[test]
fn a_divider_title_over_three_lines_is_one_title() {
    let d = doc(vec![
        SlideBuilder::new()
            .title("Kurs")
            .text("• Dag 1: utvalg, frafall og vekting i praksis", 70.0, 22.0)
            .text("• Dag 2: imputering med modeller og donorer", 70.0, 22.0),
        SlideBuilder::new()
            .styled("Tilfeldig frafall og feil:", 235.0, 54.0, true)
            .styled("Modellbasert og donor", 235.0, 54.0, true)
            .styled("imputering", 360.0, 54.0, true),
        SlideBuilder::new()
            .title("Modeller")
            .text("• Regresjon med forklaringsvariabler fra registre", 70.0, 22.0)
            .text("• Nærmeste nabo blant enheter som svarte", 70.0, 22.0),
    ]);
    assert_eq!(
        run(&d).slides[1].title.as_deref(),
        Some("Tilfeldig frafall og feil: Modellbasert og donor imputering")
    );
}

#[test]
fn pages_analysed_as_pool_tasks_give_the_same_deck() {
    let slides = (0..24)
        .map(|i| {
            with_footer(
                SlideBuilder::new()
                    .title(&format!("Tema {}", i / 3))
                    .text("• Fylket har ansvar for samferdsel", 50.0, 20.0)
                    .text("• og for helse- og omsorgstjenester", 50.0, 20.0),
                i + 1,
            )
        })
        .collect();
    let d = doc(slides);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let parallel = Options { parallel: true, ..Options::default() };
    let many = pool.install(|| structure(&d, &parallel));
    let one = run(&d);
    assert!(one.sections.len() >= 8, "{} sections", one.sections.len());
    assert_eq!(one, many);
}
