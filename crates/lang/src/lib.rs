//! Language knowledge shared by the text stages (`repair`, `structure`, `classify`),
//! none of which may depend on another: which language a text is in, the folded form
//! of a word, function words, and the conjunctions of a compound ellipsis.
//!
//! - [`detect_language`] / [`Language`]: Bokmål, Nynorsk, English or other, from
//!   function words (below); [`Counts`] does the same word by word, without
//!   allocating, and says how much of a text the markers cover.
//! - [`fold`]: lower case, NFC, æ → ae, ø → oe, å → aa, other diacritics dropped.
//! - [`is_function_word`]: a folded word is one of the marker words.
//! - [`is_ellipsis_conjunction`]: the word after a suspended hyphen ("helse- og
//!   omsorg", "pre- and post-"), where the hyphen stays with a space after it.
//!
//! Evidence for the language is function words, which are frequent, short and
//! distinctive between the written standards (general knowledge of the languages, not
//! learned from data):
//! - Norwegian in general: "og", "i", "på", "til", "som", "det", "med", "av", "er",
//!   "for", "har", "ved", "skal", "kan", "om", and the letters æ, ø, å.
//! - Bokmål only: "ikke", "jeg", "hva", "hvordan", "fra", "bare", "en", "et", "hun",
//!   "de", "disse", "være", "noe", "mye", "hvis", "hver", "mer", "også", "nå", "blir",
//!   "kommunene", "selv", "sammen", ...
//! - Nynorsk only: "ikkje", "eg", "kva", "korleis", "frå", "berre", "ein", "eit", "ho",
//!   "dei", "desse", "vere", "noko", "mykje", "viss", "kvar", "meir", "òg", "no", "vert",
//!   "kommunane", "sjølv", "saman", ... and the plural/definite endings -ane and -inga.
//! - English: "the", "and", "of", "to", "is", "are", "that", "this", "with", ...
//! - Swedish, Danish and German markers ("och", "inte", "är", "af", "nicht", "und",
//!   ...) count towards *other*, so a Nordic neighbour is not taken for Norwegian.
//!
//! Rule: English wins when its markers outnumber the Norwegian ones; the foreign
//! markers when they outnumber both. Among Norwegian texts, Nynorsk when its markers
//! outnumber Bokmål's (ties, including none, go to Bokmål, the majority standard).
//! Texts without any marker are *other* unless they contain æ, ø or å (a best guess:
//! Bokmål); a single marker decides a short text (a title) by itself.

use unicode_normalization::UnicodeNormalization;

/// A detected language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Norwegian Bokmål.
    Nb,
    /// Norwegian Nynorsk.
    Nn,
    /// English.
    En,
    /// Anything else, or too little text to tell.
    Other,
}

impl Language {
    /// `nb`, `nn`, `en` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::En => "en",
            Language::Other => "other",
        }
    }

    /// Parses an ISO 639-1 code; `no` (unspecified Norwegian) is Bokmål.
    pub fn from_code(code: &str) -> Language {
        match code.to_ascii_lowercase().split(['-', '_']).next().unwrap_or("") {
            "nb" | "no" | "nob" | "nor" => Language::Nb,
            "nn" | "nno" => Language::Nn,
            "en" | "eng" => Language::En,
            _ => Language::Other,
        }
    }

    /// Whether it is one of the two Norwegian written standards.
    pub fn is_norwegian(self) -> bool {
        matches!(self, Language::Nb | Language::Nn)
    }
}

/// Lower-cases and folds one word: NFC, the Norwegian letters as their traditional
/// ASCII digraphs (æ → ae, ø → oe, å → aa; ä and ö, the Swedish/German spellings of æ
/// and ø, as ae and oe), other diacritics dropped (é → e). Folding keeps æøå words
/// distinct from their look-alikes ("får" ≠ "far") while "Troendelag" and "Trøndelag"
/// meet.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    fold_into(word, &mut out);
    out
}

/// [`fold`] into a buffer the caller reuses (cleared first).
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.nfc().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii() => out.push(c),
            // Keep the base letter of other accented letters (é → e).
            c => out.extend(std::iter::once(c).nfd().filter(|d| !is_combining(*d))),
        }
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}')
}

// Folded forms (see `normalize::fold`): æ → ae, ø → oe, å → aa.
const NORWEGIAN: &[&str] = &[
    "og", "i", "paa", "til", "som", "det", "med", "av", "er", "for", "har", "ved", "skal", "kan",
    "om", "vi", "den", "at", "etter", "mellom", "over", "under", "alle", "andre", "gjennom", "mot",
    "per", "samt",
];
const BOKMAAL: &[&str] = &[
    "ikke",
    "jeg",
    "hva",
    "hvordan",
    "hvorfor",
    "fra",
    "bare",
    "en",
    "et",
    "hun",
    "de",
    "disse",
    "vaere",
    "vaert",
    "noe",
    "noen",
    "mye",
    "hvis",
    "hver",
    "hvert",
    "hvilke",
    "hvilken",
    "mer",
    "ogsaa",
    "naa",
    "blir",
    "selv",
    "sammen",
    "derfor",
    "mens",
    "siden",
    "uten",
    "hele",
    "flere",
    "dere",
    "hos",
    "kommunene",
    "fylkene",
    "mange",
    "enn",
    "ble",
    "gjennomfoert",
    "foer",
    "eller",
    "sine",
    "vaar",
    "vaare",
    "ut",
    "oss",
];
const NYNORSK: &[&str] = &[
    "ikkje",
    "eg",
    "kva",
    "korleis",
    "kvifor",
    "fraa",
    "berre",
    "ein",
    "eit",
    "ho",
    "dei",
    "desse",
    "vere",
    "vore",
    "noko",
    "nokon",
    "mykje",
    "viss",
    "kvar",
    "kvart",
    "kven",
    "meir",
    "oeg",
    "no",
    "vert",
    "vart",
    "sjoelv",
    "saman",
    "difor",
    "medan",
    "sidan",
    "utan",
    "heile",
    "fleire",
    "dykk",
    "hjaa",
    "kommunane",
    "fylka",
    "mange",
    "enn",
    "blei",
    "gjennomfoert",
    "foer",
    "eller",
    "sine",
    "vaar",
    "vaare",
    "ut",
    "oss",
    "eigen",
    "eige",
    "eigne",
    "nokre",
    "kvarandre",
    "likevel",
    "fordi",
    "gjer",
    "gjere",
];
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "that", "this", "with", "on", "be", "by", "from", "we",
    "will", "it", "as", "an", "our", "which", "has", "have", "was", "were", "not", "or", "their",
    "they", "these", "can", "should", "would", "been", "into", "more", "also", "its", "than",
    "between", "through", "within", "what", "how", "in", "a", "new", "you", "your", "there", "who",
    "about",
];
const FOREIGN: &[&str] = &[
    // Swedish
    "och", "inte", "aer", "jag", "vad", "hur", "fraan", "bara", "ocksaa", "foer", "att", "kommer",
    "detta", "mycket", // Danish
    "af", "nu", "hvad", "meget", "mellem", "gennem", "efter", "mig", "ogsaa", "vaere",
    // German
    "und", "die", "das", "nicht", "ist", "ein", "eine", "mit", "zu", "von", "auf", "sich", "dem",
    "wir", // French / Spanish
    "le", "les", "et", "des", "est", "du", "une", "el", "los", "que", "y", "por", "para",
];

/// Words shared by two lists do not count for either: each list keeps only markers
/// that set it apart.
fn unique(word: &str, list: &[&str], others: &[&[&str]]) -> bool {
    list.contains(&word) && !others.iter().any(|o| o.contains(&word))
}

/// Whether a folded word is one of the marker words above ("og", "skal", "the"):
/// frequent words that may tip a model's score but explain nothing to a reader.
pub fn is_function_word(folded: &str) -> bool {
    [NORWEGIAN, BOKMAAL, NYNORSK, ENGLISH, FOREIGN].iter().any(|l| l.contains(&folded))
}

/// Conjunctions after a suspended compound part ("helse- og omsorgstjenester",
/// "barne- og ungdomsskole", "pre- and post-"), and "til"/"to" in ranges ("5- til
/// 10-åringer"): a hyphen before one of them keeps a space after it.
const ELLIPSIS: &[&str] = &["og", "eller", "samt", "enn", "til", "and", "or", "nor", "to", "&"];

/// Whether a word (any case) is a conjunction of a compound ellipsis (see `ELLIPSIS`).
pub fn is_ellipsis_conjunction(word: &str) -> bool {
    ELLIPSIS.iter().any(|c| word.eq_ignore_ascii_case(c))
}

/// Marker counts of a text, fed word by word (folded): the language and how much of
/// the text the markers cover, with no allocation per word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words seen.
    pub words: usize,
    /// Norwegian markers (either standard).
    pub norwegian: usize,
    /// Bokmål-only markers.
    pub bokmaal: usize,
    /// Nynorsk-only markers (and Nynorsk endings).
    pub nynorsk: usize,
    /// English markers.
    pub english: usize,
    /// Swedish, Danish, German, French and Spanish markers.
    pub foreign: usize,
    /// Whether æ, ø or å occurred.
    pub nordic_letters: bool,
}

impl Counts {
    /// Counts one word, given folded (see [`fold`]); `nordic` says whether the word as
    /// written had æ, ø or å.
    pub fn add(&mut self, w: &str, nordic: bool) {
        self.words += 1;
        self.nordic_letters |= nordic;
        if unique(w, NORWEGIAN, &[ENGLISH, FOREIGN]) {
            self.norwegian += 1;
        }
        if unique(w, BOKMAAL, &[NYNORSK, ENGLISH]) {
            self.bokmaal += 1;
        }
        if unique(w, NYNORSK, &[BOKMAAL, ENGLISH]) {
            self.nynorsk += 1;
        }
        // Nynorsk's a-endings in the plural definite ("kommunane", "utfordringane").
        if w.len() >= 7 && (w.ends_with("ane") || w.ends_with("ingar") || w.ends_with("ingane")) {
            self.nynorsk += 1;
        }
        if unique(w, ENGLISH, &[NORWEGIAN, BOKMAAL, NYNORSK]) {
            self.english += 1;
        }
        if unique(w, FOREIGN, &[NORWEGIAN, BOKMAAL, NYNORSK, ENGLISH]) {
            self.foreign += 1;
        }
    }

    /// Counts every word of a text (runs of letters and digits).
    pub fn of(text: &str) -> Counts {
        let mut c = Counts::default();
        let mut buf = String::new();
        for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            fold_into(w, &mut buf);
            c.add(&buf, w.chars().any(|c| matches!(c, 'æ' | 'ø' | 'å' | 'Æ' | 'Ø' | 'Å')));
        }
        c
    }

    /// The share of words that are markers of the winning language (0 when no word).
    pub fn coverage(&self) -> f32 {
        let best = match self.language() {
            Language::Nb | Language::Nn => self.norwegian + self.bokmaal + self.nynorsk,
            Language::En => self.english,
            Language::Other => self.foreign,
        };
        best as f32 / self.words.max(1) as f32
    }

    /// The language the counts point to (see the crate docs for the rule).
    pub fn language(&self) -> Language {
        let norwegian = self.norwegian + self.bokmaal + self.nynorsk;
        if norwegian + self.english + self.foreign == 0 {
            return if self.nordic_letters { Language::Nb } else { Language::Other };
        }
        if self.foreign > norwegian && self.foreign > self.english {
            return Language::Other;
        }
        if self.english > norwegian {
            return Language::En;
        }
        if self.nynorsk > self.bokmaal { Language::Nn } else { Language::Nb }
    }
}

/// Detects the language of a text (see the crate docs for the rule).
pub fn detect_language(text: &str) -> Language {
    Counts::of(text).language()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Trøndelag"), "troendelag");
        assert_eq!(fold("Troendelag"), "troendelag");
        assert_eq!(fold("Skåne"), "skaane");
        assert_eq!(fold("SJUKEHUS"), "sjukehus");
        assert_eq!(fold("Café"), "cafe");
        assert_ne!(fold("får"), fold("far"));
        // Decomposed input (a + combining ring) folds like the composed letter.
        assert_eq!(fold("a\u{30a}"), "aa");
    }

    #[test]
    fn languages_and_coverage() {
        assert_eq!(detect_language("Vi har ikke bestemt hva som skal skje."), Language::Nb);
        assert_eq!(detect_language("Eg veit ikkje kva som skjer i kommunane."), Language::Nn);
        assert_eq!(detect_language("The plan is ready and we will start."), Language::En);
        assert_eq!(detect_language("Vi vet inte vad som händer och varför."), Language::Other);
        assert_eq!(detect_language("x = 4 y 7"), Language::Other);
        let c = Counts::of("Det er mange som har sagt at planen er god");
        assert!(c.coverage() > 0.4, "{c:?}");
        assert_eq!(Counts::of("").coverage(), 0.0);
        // A split text still shows its function words.
        assert_eq!(
            detect_language("s amarbeid med kommunene og fylket er ikke ferdig"),
            Language::Nb
        );
    }

    #[test]
    fn ellipsis_conjunctions() {
        for w in ["og", "OG", "eller", "and", "til", "&"] {
            assert!(is_ellipsis_conjunction(w), "{w}");
        }
        for w in ["som", "med", "buss", ""] {
            assert!(!is_ellipsis_conjunction(w), "{w}");
        }
    }
}
