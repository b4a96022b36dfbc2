//! Turning a line into tokens and the slots between them, and scoring every run of
//! tokens that could be one word. The scores are computed once per line and reused by
//! every pass of the decision (see `decide`).

use crate::compound;
use crate::lexicon::{self, LIST_FLOOR_ZIPF, Lang, Lexicon};
use crate::profile;

/// A word is at most this many tokens: "t r a n s" style spacing beyond that is another
/// defect (letter-by-letter tracking), not the split this crate repairs.
pub(crate) const MAX_SPAN: usize = 6;

/// log10 probability of an unknown string (a fragment, a name, a foreign word): below the
/// rarest listed word, since anything more frequent would be listed, and falling with
/// length. Joins never produce unknown strings (see [`Scorer::model`]), so this only
/// prices the pieces of a split: "terdal" and "ikten" are expensive, "østerdal" is not.
const OOV_BASE: f32 = 9.0 - LIST_FLOOR_ZIPF + 0.5;
const OOV_PER_CHAR: f32 = 0.25;
/// Single letters that are words; any other lone letter is almost surely a fragment
/// (wordfreq lists every letter, mostly from abbreviations and enumerations).
const SINGLE_LETTER_WORDS_NO: &[&str] = &["i", "å", "e"];
const SINGLE_LETTER_WORDS_EN: &[&str] = &["a", "i"];

/// Whether a one-letter string is a word in either language: Norwegian decks quote
/// English ("a new") and back.
fn is_single_letter_word(s: &str) -> bool {
    SINGLE_LETTER_WORDS_NO.contains(&s) || SINGLE_LETTER_WORDS_EN.contains(&s)
}
/// Extra log10 cost of a lone letter that is not a word of the language, on top of the
/// unknown-string cost. Small: lone letters are also variables, initials and list labels.
const LONE_LETTER_COST: f32 = 1.0;
/// Zipf given to a word only a run-time dictionary knows: below the lists' floor.
const DICTIONARY_ZIPF: f32 = LIST_FLOOR_ZIPF - 0.4;
/// Words at least this common get no credit for being seen whole in the document.
const DOC_EVIDENCE_MAX_ZIPF: f32 = 3.0;
/// Extra log10 credit for a joined word that the document itself has whole elsewhere.
pub(crate) const DOC_BONUS: f32 = 1.5;

/// Score (log10) above which a listed word of five letters or more is taken as a whole
/// word, never the inside of a longer split word (Zipf 5: common words).
const INSIDE_MAX_SCORE: f32 = 5.0 - 9.0;

/// Score (log10) under which a listed word counts as a fragment when deciding whether a
/// lone letter beside it is a split-off piece (Zipf 3: about one in a million words).
const FRAGMENT_MAX_SCORE: f32 = 3.0 - 9.0;

/// A run of non-space characters: byte range in the line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The whitespace between two neighbouring tokens.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    /// Byte range of the spaces.
    pub(crate) ws_start: usize,
    pub(crate) ws_end: usize,
    /// Whether removing it could repair a split word: one space, letters on both sides,
    /// cases agree, no token that is not prose, not ruled out by geometry.
    pub(crate) joinable: bool,
    /// Whether anything may change here at all (punctuation spacing included): false for
    /// a run of spaces, a space between tokens that are not prose, and a space geometry
    /// shows to be a word space.
    pub(crate) open: bool,
    /// The character before the space: the defect profile is keyed on it.
    pub(crate) letter: char,
    /// Geometry's log10 odds for "this break is spurious" (0 without measurements).
    pub(crate) geo: f32,
    /// A lone letter or capital borders the space ("s om", "La f", "S om"): such a space
    /// is removed only where the document is known to split after this very letter,
    /// since lone letters are variables, initials and list labels as often as pieces of
    /// a split word; and it teaches the profile nothing.
    pub(crate) guarded: bool,
    /// Joinable but for a neighbour that reads as a list label ("b og c", "a, b"): bit 0
    /// the left token, bit 1 the right one (see [`LineModel::reopen_pieces`]).
    pub(crate) label: u8,
}

/// Which runs of tokens [`Scorer::add_runs`] should score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// Only if the joined string is a listed word (no compound analysis).
    Listed,
    /// Fully, compounds included.
    Full,
    /// Fully, but only if the joined string is a word the document has whole elsewhere
    /// (its key is in [`Scorer::seen`]).
    Seen,
}

/// What made a candidate word plausible; becomes the edit's reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Listed in the lexicon.
    Known,
    /// Accepted by compound analysis.
    Compound,
    /// Neither; scored as an unknown string.
    Unknown,
    /// Not a word (digits, symbols): never joined.
    Fixed,
}

/// A line ready for the decision: tokens, slots and every candidate word's score.
#[derive(Debug)]
pub(crate) struct LineModel {
    pub(crate) tokens: Vec<Token>,
    pub(crate) slots: Vec<Slot>,
    /// Score (log10 probability) of tokens `i..i+len` as one word: index `i * MAX_SPAN + len - 1`.
    /// `NEG_INFINITY` when the run cannot be one word.
    pub(crate) score: Vec<f32>,
    pub(crate) kind: Vec<Kind>,
    /// Whether the joined word was seen whole elsewhere in the document.
    pub(crate) doc_seen: Vec<bool>,
    /// First tokens of the unlisted runs, a piece of them no word, whose joined string
    /// the document has whole elsewhere (found by the `Want::Listed` pass, in order; the
    /// `Want::Seen` pass looks at these only).
    pub(crate) seen_starts: Vec<usize>,
    /// Whether the run has been considered (runs are scored lazily, see `add_runs`).
    pub(crate) done: Vec<bool>,
    /// The line's tokens lowercased and concatenated without their spaces, so the joined
    /// text of any run is one slice of it: tokens are lowercased once per line, not once
    /// per run they take part in.
    pub(crate) lower: String,
    /// Per token: its word (punctuation, brackets and bullets around it removed) as a
    /// byte range of `lower`.
    pub(crate) cores: Vec<(usize, usize)>,
    /// Per run (indexed like `score`): the joined word's lookup key.
    pub(crate) keys: Vec<u64>,
    /// Per token: whether its word reaches its start and its end (no punctuation there),
    /// i.e. whether it is in word-pair context with its neighbour on that side.
    pub(crate) bare: Vec<(bool, bool)>,
    /// Per token: the most tokens of a candidate word starting there (1 when none), kept
    /// as runs are scored: every pass of the decision asks it of every token, and reading
    /// it off `score` took a sixth as many instructions as the unigram sweeps themselves.
    pub(crate) longest: Vec<usize>,
    /// Per token, what its lowercase text is made of: [`PLAIN`] when all ASCII letters
    /// (most tokens; then so is its word and any run's word made of such tokens, with no
    /// character to check or decode), [`HYPHEN`] when it has a hyphen (a run's word has
    /// one only if one of its tokens has). [`Scorer::word`] and [`Scorer::add_runs`]
    /// scanned every run's bytes two or three times for these.
    pub(crate) chars: Vec<u8>,
    /// Per token, what its own score says ([`KNOWN`], [`FRAGMENT`], [`INSIDE`]), set by
    /// [`Scorer::score_tokens`]: the run loop asks it of every run through the token,
    /// and reading it off `kind` and `score` there cost more than the lookups it guards.
    pub(crate) flags: Vec<u8>,
}

/// [`LineModel::flags`]: the token is a listed word (`Kind::Known`).
const KNOWN: u8 = 1;
/// [`LineModel::flags`]: [`LineModel::is_fragment`].
const FRAGMENT: u8 = 2;
/// [`LineModel::flags`]: [`LineModel::may_be_inside`].
const INSIDE: u8 = 4;

/// [`LineModel::chars`]: all ASCII letters.
pub(crate) const PLAIN: u8 = 1;
/// [`LineModel::chars`]: has a hyphen.
const HYPHEN: u8 = 2;

/// The [`LineModel::chars`] of a run, from those of its tokens so far (`run`) and of the
/// next token: plain if both are, with a hyphen if either has one.
fn run_chars(run: u8, next: u8) -> u8 {
    (run & next & PLAIN) | ((run | next) & HYPHEN)
}

impl LineModel {
    pub(crate) fn idx(i: usize, len: usize) -> usize {
        i * MAX_SPAN + len - 1
    }

    /// A tokenized line with its tokens' words (lowercase, trimmed) and their keys, but no
    /// scores yet ([`Scorer::score_tokens`]): the words do not depend on the language, so
    /// language detection reads them too instead of lowercasing and hashing every token
    /// again.
    pub(crate) fn new(text: &str, tokens: Vec<Token>, slots: Vec<Slot>) -> LineModel {
        let n = tokens.len();
        let score = vec![f32::NEG_INFINITY; n * MAX_SPAN];
        let kind = vec![Kind::Fixed; n * MAX_SPAN];
        let doc_seen = vec![false; n * MAX_SPAN];
        let mut keys = vec![0u64; n * MAX_SPAN];
        let mut lower = String::with_capacity(text.len());
        let mut cores = Vec::with_capacity(n);
        let mut bare = Vec::with_capacity(n);
        let mut chars = Vec::with_capacity(n);
        for (i, t) in tokens.iter().enumerate() {
            let from = lower.len();
            push_lower(&mut lower, &text[t.start..t.end]);
            let tok = &lower[from..];
            chars.push(if tok.bytes().all(|b| b.is_ascii_alphabetic()) {
                PLAIN
            } else if has_hyphen(tok) {
                HYPHEN
            } else {
                0
            });
            let not_word = |c: char| !c.is_alphanumeric();
            let word_edge = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
            let (start, end) =
                if word_edge(tok.as_bytes().first()) && word_edge(tok.as_bytes().last()) {
                    // Nothing to trim (most tokens): no char decoding from either end.
                    (from, lower.len())
                } else {
                    let start = from + (tok.len() - tok.trim_start_matches(not_word).len());
                    (start, (from + tok.trim_end_matches(not_word).len()).max(start))
                };
            cores.push((start, end));
            bare.push((start == from, end == lower.len()));
            keys[LineModel::idx(i, 1)] = lexicon::key(&lower[start..end]);
        }
        let done = vec![false; n * MAX_SPAN];
        let longest = vec![1; n];
        LineModel {
            tokens,
            slots,
            score,
            kind,
            doc_seen,
            seen_starts: Vec::new(),
            done,
            lower,
            cores,
            keys,
            bare,
            longest,
            chars,
            flags: Vec::new(),
        }
    }

    /// Token `t`'s word, lowercase.
    pub(crate) fn core(&self, t: usize) -> &str {
        let (start, end) = self.cores[t];
        &self.lower[start..end]
    }

    /// Whether token `t` reads as a piece of a word rather than a word: unknown, or a
    /// listed word or compound too rare to be taken for one in running text ("ar",
    /// "ikre"; fragments are often rare listed words: "tjenes", "porteta").
    pub(crate) fn is_fragment(&self, t: usize) -> bool {
        let at = LineModel::idx(t, 1);
        match self.kind[at] {
            Kind::Unknown => true,
            Kind::Known | Kind::Compound => self.score[at] < FRAGMENT_MAX_SCORE,
            Kind::Fixed => false,
        }
    }

    /// Reopens the slots closed for a list label where the label is a piece of a split
    /// word instead: a lone letter touching a word piece ("kiddin g and n o", "Keyhol e,
    /// s o"), for an enumeration has words or labels beside its letters, not fragments.
    /// Text without geometry only (geometry decides on its own); the slot stays guarded,
    /// so it is joined only after a letter the document is known to split after.
    pub(crate) fn reopen_pieces(&mut self) {
        // A label is a piece when a word piece touches it through a slot closed for it;
        // then each of its closed slots reopens (the other side too: "s til l", where "s"
        // and "l" are labels of each other, reopens "s til" as well as "l s").
        let n = self.tokens.len();
        let mut piece = vec![false; n];
        for (g, slot) in self.slots.iter().enumerate() {
            match slot.label {
                1 => piece[g] |= self.is_fragment(g + 1),
                2 => piece[g + 1] |= self.is_fragment(g),
                _ => {}
            }
        }
        for g in 0..self.slots.len() {
            let l = self.slots[g].label;
            if (l & 1 != 0 && piece[g]) || (l & 2 != 0 && piece[g + 1]) {
                let slot = &mut self.slots[g];
                slot.open = true;
                slot.joinable = true;
                slot.label = 0;
            }
        }
    }

    pub(crate) fn may_be_inside(&self, t: usize) -> bool {
        let tok = self.tokens[t];
        let at = LineModel::idx(t, 1);
        self.kind[at] != Kind::Known
            || tok.end - tok.start <= 4
            || self.score[at] < INSIDE_MAX_SCORE
    }
}

/// Splits a line on ASCII spaces (the only whitespace the repairer edits; `\f`, tabs
/// and the like stay inside tokens and so are never touched).
pub(crate) fn tokenize(text: &str) -> (Vec<Token>, Vec<Slot>) {
    // At most one token more than spaces: sized once, not grown push by push.
    let mut tokens = Vec::with_capacity(text.bytes().filter(|&b| b == b' ').count() + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b' ' {
            i += 1;
        }
        tokens.push(Token { start, end: i });
    }
    let class: Vec<TokenClass> = tokens.iter().map(|t| classify(&text[t.start..t.end])).collect();
    let symbolic = class.iter().filter(|c| **c == TokenClass::Symbolic).count();
    // A line that is largely code or formulas: its words stay as they are.
    let code_line = symbolic >= CODE_LINE_MIN_TOKENS && symbolic * CODE_LINE_SHARE >= tokens.len();
    let lone: Vec<bool> = tokens.iter().map(|t| is_lone_letter(&text[t.start..t.end])).collect();
    let label = list_labels(text, &tokens, &lone);
    let slots = tokens
        .windows(2)
        .enumerate()
        .map(|(k, w)| {
            let left = &text[w[0].start..w[0].end];
            let right = &text[w[1].start..w[1].end];
            let letter = left.chars().next_back().unwrap_or(' ');
            // A run of spaces means the extractor saw a gap wider than a space: a real
            // break (often a true space plus the defect's displacement), never a split.
            // Punctuation may also follow an identifier or abbreviation ("hiv/aids ."):
            // that space is the punctuation's, judged by the punctuation rules (`punct`),
            // not a join with the token.
            let prose = (class[k] == TokenClass::Prose
                || (class[k] == TokenClass::Symbolic && is_punctuation(right)))
                && class[k + 1] == TokenClass::Prose;
            let single = w[1].start - w[0].end == 1 && !code_line && prose;
            let open = single && !label[k] && !label[k + 1];
            Slot {
                ws_start: w[0].end,
                ws_end: w[1].start,
                joinable: open && joinable(left, right),
                open,
                letter,
                geo: 0.0,
                guarded: lone[k] || lone[k + 1],
                label: if single && !open && joinable(left, right) {
                    u8::from(label[k]) | u8::from(label[k + 1]) << 1
                } else {
                    0
                },
            }
        })
        .collect();
    (tokens, slots)
}

/// Which tokens are lone letters in an enumeration ("bokstav b og c", "a, c, d og e",
/// "b)"): labels and symbols, whatever the defect profile says of the letter.
fn list_labels(text: &str, tokens: &[Token], lone: &[bool]) -> Vec<bool> {
    let tok = |k: usize| &text[tokens[k].start..tokens[k].end];
    // Any single letter for the other end of a list; one that is also a word ("å", "i",
    // "a") only where no word follows it, for then it is the word: "gir os s til å
    // sikre" is the infinitive marker after a split "oss", not "from s to å".
    let n = tokens.len();
    let letter = |k: usize| {
        let core = tok(k).trim_matches(|c: char| !c.is_alphanumeric());
        let mut chars = core.chars();
        let single = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
        let ends_phrase = k + 1 == n || tok(k).ends_with(|c: char| !c.is_alphanumeric());
        single && (lone[k] || ends_phrase)
    };
    let conj = |k: usize| crate::punct::is_conjunction(tok(k));
    let comma = |k: usize| tok(k).ends_with(',');
    (0..tokens.len())
        .map(|k| {
            if !lone[k] {
                return false;
            }
            tok(k).ends_with(')')
                || (k >= 2 && conj(k - 1) && letter(k - 2))
                || (k + 2 < n && conj(k + 1) && letter(k + 2))
                || (k >= 1 && comma(k - 1) && letter(k - 1))
                || (comma(k) && k + 1 < n && letter(k + 1))
        })
        .collect()
}

/// Whether a token is punctuation alone (".", "),", "»").
fn is_punctuation(token: &str) -> bool {
    !token.chars().any(char::is_alphanumeric)
}

/// A line with at least this many symbolic tokens…
const CODE_LINE_MIN_TOKENS: usize = 2;
/// …making up at least 1 in this many of its tokens is code or a formula.
const CODE_LINE_SHARE: usize = 4;

/// What a token is, for deciding whether its spaces may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenClass {
    /// A word, maybe with punctuation around it; or punctuation alone ("–", "•").
    Prose,
    /// A number, date or amount ("12.", "2025", "1,5", "30%"): at home in prose, but no
    /// piece of a word.
    Number,
    /// Code, mathematics or an identifier: a symbol (`=`, `+`, `_`, `{`, `/`, …),
    /// punctuation inside the word ("f.eks", "f(x)"), letters mixed with digits ("CO2"),
    /// or a capital right after a small letter ("xProsAvSumx", "PowerPoint").
    Symbolic,
}

/// Classifies a token. Only prose is ever joined to a neighbour without geometry saying
/// the glyphs touch.
pub(crate) fn classify(token: &str) -> TokenClass {
    // Most tokens are ASCII words in lowercase, maybe capitalised: prose at a glance
    // (a sixth of the tokenizer's time went to the general path below).
    let bytes = token.as_bytes();
    if bytes.len() > 1
        && bytes[1..].iter().all(u8::is_ascii_lowercase)
        && bytes[0].is_ascii_alphabetic()
    {
        return TokenClass::Prose;
    }
    // The same with one closing mark after it ("word,", "Word."): the mark is trimmed as
    // an edge below, and what is left is such a word (the general path took ten times as
    // long for these).
    if let [first, middle @ .., last] = bytes
        && first.is_ascii_alphabetic()
        && middle.iter().all(u8::is_ascii_lowercase)
        && matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?' | b')')
    {
        return TokenClass::Prose;
    }
    const EDGE: &[char] = &[
        '.', ',', ';', ':', '!', '?', '(', ')', '«', '»', '"', '\'', '“', '”', '‘', '’', '–', '—',
        '-', '…', '•', '·',
    ];
    // Form feeds and tabs stay inside tokens (only spaces are edited), at their edges.
    let edge = |c: char| EDGE.contains(&c) || c.is_whitespace() || c.is_control();
    let core = token.trim_matches(edge);
    if core.is_empty() {
        return if token.chars().all(edge) { TokenClass::Prose } else { TokenClass::Symbolic };
    }
    if core.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | '%' | '-' | '–'))
    {
        return TokenClass::Number;
    }
    let mut prev_lower = false;
    for c in core.chars() {
        if !(is_letter(c) || matches!(c, '-' | '\'' | '’')) || (prev_lower && c.is_uppercase()) {
            return TokenClass::Symbolic;
        }
        prev_lower = c.is_lowercase();
    }
    TokenClass::Prose
}

/// Whether a token's word is one letter that is no word of either language ("x", "S",
/// "f:"): a symbol, an initial, a list label, or a piece of a split word.
fn is_lone_letter(token: &str) -> bool {
    // Two letters or digits make no lone letter: most tokens say so in their first bytes.
    let bytes = token.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphanumeric() && bytes[1].is_ascii_alphanumeric() {
        return false;
    }
    let core = token.trim_matches(|c: char| !c.is_alphanumeric());
    let mut chars = core.chars();
    match (chars.next(), chars.next()) {
        // "I" is a word in both languages (the English pronoun; Norwegian "i" opening a
        // sentence), no initial or label: as common in English text as "i" in Norwegian.
        (Some(c), None) if c.is_alphabetic() => {
            !(c.is_lowercase() && is_single_letter_word(core) || c == 'I')
        }
        _ => false,
    }
}

/// Whether the space between `left` and `right` could be a spurious break inside a word.
/// Letters must touch the space on both sides, and the case must continue a word: a
/// lowercase letter is not followed by a capital inside a word, except in all-caps text.
fn joinable(left: &str, right: &str) -> bool {
    let (Some(l), Some(r)) = (left.chars().next_back(), right.chars().next()) else {
        return false;
    };
    if !is_letter(l) || !is_letter(r) {
        return false;
    }
    match (l.is_uppercase(), r.is_uppercase()) {
        (false, false) => true,
        // "FYLKES TINGET": both sides capitals throughout.
        (true, true) => left.chars().filter(|&c| is_letter(c)).all(char::is_uppercase),
        // "S om": a lone capital opening a sentence.
        (true, false) => left.chars().filter(|&c| is_letter(c)).count() == 1,
        (false, true) => false,
    }
}

/// [`char::is_alphabetic`], answering Latin-1 letters (æ, ø, å, é, ü: all of Norwegian)
/// without the Unicode table search, which cost more than the rest of the checks on
/// Norwegian text.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f' => false,
        // Latin-1's letters: all of U+00C0..=U+00FF but the two signs.
        '\u{c0}'..='\u{ff}' => c != '×' && c != '÷',
        _ => c.is_alphabetic(),
    }
}

/// Appends `s` lowercased (ASCII without the Unicode tables; no allocation).
pub(crate) fn push_lower(buf: &mut String, s: &str) {
    if s.is_ascii() {
        // One copy and a byte pass, not a char at a time (most words are ASCII).
        let from = buf.len();
        buf.push_str(s);
        buf[from..].make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// Whether a token's word is a single letter that is no word of either language.
fn lone_fragment(core: &str) -> bool {
    let mut chars = core.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        && !is_single_letter_word(core)
}

/// Whether a string has an ASCII hyphen (a byte scan: the strings are short, and
/// `str::contains(char)` set up a searcher each time).
pub(crate) fn has_hyphen(s: &str) -> bool {
    s.bytes().any(|b| b == b'-')
}

/// Scores candidate words; shared by all lines of a document.
pub(crate) struct Scorer<'a> {
    pub(crate) lex: &'a Lexicon,
    pub(crate) lang: Lang,
    /// Run-time dictionaries (see [`crate::Dictionary`]); usually none.
    pub(crate) dictionaries: &'a [crate::Dictionary],
    /// Keys ([`lexicon::key`]) of the lowercase words seen whole (as one token) in the
    /// document; filled after the single tokens are scored, used for runs.
    pub(crate) seen: rustc_hash::FxHashSet<u64>,
    /// Scores of segments already looked up in this document (decks repeat their words),
    /// by key: no string to store per entry.
    pub(crate) cache: rustc_hash::FxHashMap<u64, (f32, Kind)>,
}

impl Scorer<'_> {
    /// A scorer for another thread: the same evidence, a cache of its own.
    pub(crate) fn fork(&self) -> Self {
        Scorer { seen: self.seen.clone(), cache: Default::default(), ..*self }
    }

    /// Scores the line's single tokens (their words and keys come from
    /// [`LineModel::new`]); runs of several tokens come later, from [`Scorer::add_runs`],
    /// and only where they could matter.
    pub(crate) fn score_tokens(&mut self, model: &mut LineModel) {
        for i in 0..model.tokens.len() {
            let at = LineModel::idx(i, 1);
            let (start, end) = model.cores[i];
            let core = &model.lower[start..end];
            let (s, k, _) = self.word(core, model.keys[at], None, false, model.chars[i]);
            model.score[at] = s;
            model.kind[at] = k;
        }
        model.flags = (0..model.tokens.len())
            .map(|t| {
                let flag = |set: bool, flag: u8| if set { flag } else { 0 };
                flag(model.kind[LineModel::idx(t, 1)] == Kind::Known, KNOWN)
                    | flag(model.is_fragment(t), FRAGMENT)
                    | flag(model.may_be_inside(t), INSIDE)
            })
            .collect();
    }

    /// Scores the runs of 2+ tokens, as `want` says, whose every space passes `space`
    /// and that could beat their tokens apart (see [`Scorer::may_win`]).
    pub(crate) fn add_runs(
        &mut self,
        model: &mut LineModel,
        want: Want,
        space: impl Fn(&Slot) -> bool,
    ) {
        let starts = 0..model.tokens.len();
        // One copy of the loop per pass, `want` a constant in each: with it a variable,
        // the tests of every pass stayed in the loop, and their state spilled.
        match want {
            Want::Listed => self.runs_from(model, starts, Want::Listed, &space),
            Want::Full => self.runs_from(model, starts, Want::Full, &space),
            Want::Seen => self.runs_from(model, starts, Want::Seen, &space),
        }
    }

    /// Scores, after any letter, the runs that make a word the document has whole
    /// elsewhere, a piece of them no word: only those the `Want::Listed` pass found
    /// ([`LineModel::seen_starts`]), so a document pays for this pass by its few such runs.
    pub(crate) fn add_seen_runs(&mut self, model: &mut LineModel) {
        let starts = std::mem::take(&mut model.seen_starts);
        self.runs_from(model, starts.iter().copied(), Want::Seen, &|_: &Slot| true);
        model.seen_starts = starts;
    }

    /// [`Scorer::add_runs`] for the runs starting at the tokens `starts`, inlined into
    /// each caller for each `want` (see there).
    #[inline(always)]
    fn runs_from(
        &mut self,
        model: &mut LineModel,
        starts: impl Iterator<Item = usize>,
        want: Want,
        space: &impl Fn(&Slot) -> bool,
    ) {
        // The model's buffers as local slices: through `model`, every store to one made
        // the loop reload the others' pointers and lengths.
        let LineModel {
            tokens,
            slots,
            score,
            kind,
            doc_seen,
            seen_starts,
            done,
            lower,
            cores,
            keys,
            longest,
            chars,
            flags,
            ..
        } = model;
        let (slots, score, kind, doc_seen, done, keys, longest) = (
            &slots[..],
            &mut score[..],
            &mut kind[..],
            &mut doc_seen[..],
            &mut done[..],
            &mut keys[..],
            &mut longest[..],
        );
        let (lower, cores, token_chars, flags) =
            (lower.as_str(), &cores[..], &chars[..], &flags[..]);
        let core_of = |t: usize| &lower[cores[t].0..cores[t].1];
        let n = tokens.len();
        for i in starts {
            let mut apart = score[LineModel::idx(i, 1)];
            let mut best_glue = 0.0;
            // What the run's tokens so far are made of (see `LineModel::chars`).
            let mut chars = token_chars[i];
            // Whether a token of the run so far is no word: only such a run may be
            // vouched for by the document (see `word` below).
            let mut unknown = flags[i] & KNOWN == 0;
            // How many of the tokens strictly inside the run are words (see `long` below).
            let mut inner_words = 0;
            for len in 2..=MAX_SPAN.min(n - i) {
                let j = i + len - 1;
                let slot = &slots[j - 1];
                // A space `space` refuses is in every longer run too: none of them is wanted.
                if !slot.joinable || !space(slot) {
                    break;
                }
                if len >= 3 {
                    // A word split in three or more has pieces inside that are no words
                    // ("hels etjenes ten"); a run through a whole word inside cannot be one.
                    if flags[j - 1] & INSIDE == 0 {
                        break;
                    }
                    inner_words += usize::from(flags[j - 1] & FRAGMENT == 0);
                }
                apart += score[LineModel::idx(j, 1)];
                chars = run_chars(chars, token_chars[j]);
                best_glue += profile::MAX_ODDS + slot.geo.max(0.0);
                unknown |= flags[j] & KNOWN == 0;
                let at = LineModel::idx(i, len);
                if done[at] {
                    continue;
                }
                if want == Want::Seen && !unknown {
                    continue;
                }
                // Joints are letter to letter, so the run's word runs from the first
                // token's word start to the last one's word end. As bytes until it is scored:
                // slicing the `str` checked char boundaries for every run.
                let (from, to) = (cores[i].0, cores[j].1);
                let bytes = &lower.as_bytes()[from..to];
                // Four whole words making one listed word is not a split; four pieces that
                // are no words ("Fr ams tegs partiet") are. In Norwegian, which writes
                // compounds closed, so is a run with at most one word inside ("s traumpr is
                // ar": "is" is a word, "traumpr" none); English writes them open, and there
                // a word inside may stand alone ("an y on e" is "any one" as often as
                // "anyone").
                let long = len > 3
                    && match self.lang {
                        Lang::Norwegian => inner_words > 1,
                        Lang::English => inner_words > 0,
                    };
                let hyphen = chars & HYPHEN != 0 && bytes.contains(&b'-');
                // A longer run has these words inside too, and this hyphen: no longer one
                // is listed either.
                if want == Want::Listed && (long || hyphen) {
                    break;
                }
                // Hashed once for every lookup below, and once per document: a run the
                // `Listed` pass looked at keeps its key for the `Full` pass (a key of 0 is
                // "not yet"; a string that hashes to 0 is merely hashed again). Such a run,
                // not done, is one that pass found unlisted: Zipf 0, no second probe.
                let (key, zipf) = match keys[at] {
                    0 => {
                        // `lexicon::key` of the word, from its bytes.
                        let key = crate::table::hash(bytes);
                        (key, self.lex.zipf_by_key(key, self.lang))
                    }
                    k => (k, 0.0),
                };
                keys[at] = key;
                if want == Want::Seen && !self.seen.contains(&key) {
                    continue;
                }
                // Cheap: one lookup, no compound analysis; considered again later.
                if want == Want::Listed && zipf <= 0.0 {
                    // A word the document has whole, made of a piece that is no word:
                    // the `Seen` pass will look again, whatever the letters.
                    if unknown
                        && bytes.len() >= 4
                        && seen_starts.last() != Some(&i)
                        && self.seen.contains(&key)
                    {
                        seen_starts.push(i);
                    }
                    continue;
                }
                done[at] = true;
                if apart > f32::NEG_INFINITY && !self.may_win(hyphen, key, zipf, apart - best_glue)
                {
                    continue;
                }
                // The document vouches for a joined word only when a piece of it is no word
                // on its own (`unknown`: "Skjeves land"): two words side by side ("static
                // unsigned") are no evidence that the author meant one.
                let core = &lower[from..to];
                let (s, k, seen) = self.word(core, key, Some(zipf), unknown, chars);
                if k == Kind::Fixed {
                    break;
                }
                // A join must make a word the lexicon or the document vouches for: gluing
                // pieces into an unknown string is how clean foreign text, names and
                // formulas would get damaged. (Longer runs may still make a word.) One
                // exception: a lone letter that is no word, split off after one of the
                // document's defective letters (the only runs `Want::Full` asks for) at the
                // start of a word, is the start of its right neighbour whatever that is:
                // "s kuletidene". Refusing it made the model attach the letter to the
                // wrong side ("meds kuletidene") when the word was missing from the lists.
                // A lone letter on the right ("bokstav b") is a list label or a variable
                // as often as a word's last letter, so that join needs a known word. So
                // does one before a common word ("søne r som", "søner" unlisted): that
                // word is whole, and the letter ends the word before it.
                let fragment = want == Want::Full
                    && len == 2
                    && lone_fragment(core_of(i))
                    && flags[i + 1] & FRAGMENT != 0;
                // Nor can two pieces that are no words, split after a letter the document
                // splits after ("reinjis ering": an unlisted Nynorsk noun, two pieces the
                // lists know neither of): joined, they are one unknown string, but apart
                // they are two, and the lexicon has nothing to say between the readings.
                // So the joined string scores what its pieces score apart, and the
                // document's rate of splits after the letter alone decides: the join is
                // applied only where that rate meets the bar. The left piece must be
                // unknown, not merely rare: a rare listed word ("hollandsk sykje") ends
                // where it stands as often as not.
                let pieces = want == Want::Full
                    && len == 2
                    && kind[LineModel::idx(i, 1)] == Kind::Unknown
                    && flags[j] & FRAGMENT != 0
                    && core_of(i).chars().nth(1).is_some()
                    && core_of(j).chars().nth(1).is_some();
                let unvouched = k == Kind::Unknown && !seen && !fragment;
                if unvouched && !pieces {
                    continue;
                }
                let s = if unvouched { apart } else { s };
                score[at] = s;
                if s > f32::NEG_INFINITY {
                    longest[i] = longest[i].max(len);
                }
                kind[at] = k;
                doc_seen[at] = seen;
            }
        }
    }

    /// Whether gluing into `core` (lowercase) could beat leaving its tokens apart, whose
    /// score minus the most the priors and geometry could add is `needed`. Unlisted
    /// strings score at most the list floor (compounds are capped there), so common words
    /// side by side skip the costly compound analysis: almost every pair in clean text.
    fn may_win(&self, hyphen: bool, key: u64, zipf: f32, needed: f32) -> bool {
        if hyphen {
            return true; // scored part by part; not worth bounding
        }
        let best = if zipf > 0.0 { zipf - 9.0 } else { LIST_FLOOR_ZIPF - 9.0 };
        best >= needed || self.seen.contains(&key)
    }

    /// log10 probability of `core` (lowercase, trimmed) as one word, its kind, and whether
    /// the document has it whole elsewhere (asked only when `joined` says the word would be
    /// made by a join that the document may vouch for). `zipf` is `core`'s
    /// [`Lexicon::zipf_by_key`] when the caller has looked it up already (each lookup is a
    /// probe of a table much larger than the cache). `chars`: what the caller knows of
    /// the characters of `core` (see [`LineModel::chars`]).
    fn word(
        &mut self,
        core: &str,
        key: u64,
        zipf: Option<f32>,
        joined: bool,
        chars: u8,
    ) -> (f32, Kind, bool) {
        let plain = chars & PLAIN != 0;
        if core.is_empty()
            || (!plain && !core.chars().all(|c| is_letter(c) || matches!(c, '-' | '\'' | '’')))
        {
            return (0.0, Kind::Fixed, false);
        }
        let (mut total, kind) = if chars & HYPHEN != 0 && has_hyphen(core) {
            // Hyphenated words are scored part by part ("Nord-Østerdal"); apostrophes stay
            // inside the word, as in the lists ("it's", "don't").
            let mut total = 0.0;
            let mut kind = Kind::Known;
            for seg in core.split('-').filter(|s| !s.is_empty()) {
                let (s, k) = self.segment(seg, lexicon::key(seg), None);
                total += s;
                kind = match (kind, k) {
                    (Kind::Unknown, _) | (_, Kind::Unknown) => Kind::Unknown,
                    (Kind::Compound, _) | (_, Kind::Compound) => Kind::Compound,
                    _ => Kind::Known,
                };
            }
            (total, kind)
        } else {
            self.segment(core, key, zipf)
        };
        // Only rare or unlisted words gain from the document: for common ones the
        // lexicon already speaks, and "også" seen whole must not glue "og så".
        let seen = joined
            && (if plain { core.len() } else { core.chars().count() }) >= 4
            && zipf.unwrap_or_else(|| self.lex.zipf_by_key(key, self.lang)) < DOC_EVIDENCE_MAX_ZIPF
            && self.seen.contains(&key);
        if seen {
            total = total.max(LIST_FLOOR_ZIPF - 9.0) + DOC_BONUS;
        }
        (total, kind, seen)
    }

    /// The score of one segment (no hyphen); `zipf` as in [`Scorer::word`].
    fn segment(&mut self, seg: &str, key: u64, zipf: Option<f32>) -> (f32, Kind) {
        // One probe of the cache, hit or miss (a lookup and then an insert probed twice).
        let Scorer { lex, lang, dictionaries, cache, .. } = self;
        *cache
            .entry(key)
            .or_insert_with(|| Self::score_segment(lex, *lang, dictionaries, seg, key, zipf))
    }

    fn score_segment(
        lex: &Lexicon,
        lang: Lang,
        dictionaries: &[crate::Dictionary],
        seg: &str,
        key: u64,
        zipf: Option<f32>,
    ) -> (f32, Kind) {
        let chars = seg.chars().count();
        if chars == 1 && !is_single_letter_word(seg) {
            return (-(OOV_BASE + OOV_PER_CHAR + LONE_LETTER_COST), Kind::Unknown);
        }
        let z = zipf.unwrap_or_else(|| lex.zipf_by_key(key, lang));
        let unknown = -(OOV_BASE + OOV_PER_CHAR * chars as f32);
        if z > 0.0 {
            return ((z - 9.0).max(unknown), Kind::Known);
        }
        // A word a dictionary accepts but no list has is rarer than every listed word; it
        // is priced like a compound of listed parts, so two real words side by side do not
        // merge into a dictionary compound on that alone.
        if chars >= 2 && dictionaries.iter().any(|d| d.check(seg)) {
            return (DICTIONARY_ZIPF - 9.0, Kind::Known);
        }
        // A compound keeps its own (product-model) estimate even when that is below the
        // unknown-string price: that price is a floor for fragments, not a competitor.
        match compound::analyse(lex, seg, lang) {
            Some(zc) => (zc - 9.0, Kind::Compound),
            None => (unknown, Kind::Unknown),
        }
    }
}
