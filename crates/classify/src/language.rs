//! Language detection: Bokmål, Nynorsk, English or other.
//!
//! Evidence is function words, which are frequent, short and distinctive between the
//! written standards (general knowledge of the languages, not learned from data):
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

use crate::normalize::tokens;

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

/// Whether a folded word is one of the function words above ("og", "skal", "the"):
/// frequent words that may tip a model's score but explain nothing to a reader.
pub(crate) fn is_function_word(key: &str) -> bool {
    [NORWEGIAN, BOKMAAL, NYNORSK, ENGLISH, FOREIGN].iter().any(|l| l.contains(&key))
}

/// Detects the language of a text (see the module docs for the rule).
pub fn detect_language(text: &str) -> Language {
    let toks = tokens(text);
    let (mut no, mut nb, mut nn, mut en, mut foreign) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for t in &toks {
        let w = t.key.as_str();
        if unique(w, NORWEGIAN, &[ENGLISH, FOREIGN]) {
            no += 1;
        }
        if unique(w, BOKMAAL, &[NYNORSK, ENGLISH]) {
            nb += 1;
        }
        if unique(w, NYNORSK, &[BOKMAAL, ENGLISH]) {
            nn += 1;
        }
        // Nynorsk's a-endings in the plural definite ("kommunane", "utfordringane").
        if w.len() >= 7 && (w.ends_with("ane") || w.ends_with("ingar") || w.ends_with("ingane")) {
            nn += 1;
        }
        if unique(w, ENGLISH, &[NORWEGIAN, BOKMAAL, NYNORSK]) {
            en += 1;
        }
        if unique(w, FOREIGN, &[NORWEGIAN, BOKMAAL, NYNORSK, ENGLISH]) {
            foreign += 1;
        }
    }
    let norwegian = no + nb + nn;
    let nordic_letters = text.chars().any(|c| matches!(c, 'æ' | 'ø' | 'å' | 'Æ' | 'Ø' | 'Å'));
    if norwegian + en + foreign == 0 {
        return if nordic_letters { Language::Nb } else { Language::Other };
    }
    if foreign > norwegian && foreign > en {
        return Language::Other;
    }
    if en > norwegian {
        return Language::En;
    }
    if nn > nb { Language::Nn } else { Language::Nb }
}
