//! Compound analysis: Norwegian writes compounds as one word ("fylkes+tinget",
//! "nullutslipps+busser"), so most of them are missing from any frequency list. A string
//! is accepted as a compound when it splits into known modifiers (strings that start
//! other compounds in the list, linking `-s-`/`-e-` included: "fylkes", "bygde") followed
//! by a known head word. Closed-class words (pronouns, conjunctions, determiners; the
//! lexicon's `closed` flag, from the treebank's tags) head no compound, and pronouns and
//! conjunctions start none (the data gives them no modifier mass): "engste oss" is not
//! the compound "engste+oss".
//!
//! The estimate is a product model: P(modifier as compound start) × P(head), with each
//! modifier's probability taken from the summed frequency of the compounds it starts. A
//! string that is much more often a word of its own than a compound start ("hans", "oss")
//! thus gets little credit as a modifier, which keeps real word pairs apart.

use crate::lexicon::{LIST_FLOOR_ZIPF, Lang, Lexicon};

/// Shortest modifier or head, in characters: shorter parts match almost anything.
pub(crate) const MIN_PART_CHARS: usize = crate::table::MIN_PART_CHARS;
/// Heads rarer than this are too often junk (typos, fragments) to vouch for a compound.
const MIN_HEAD_ZIPF: f32 = 2.0;
/// At most this many parts: longer chains are rare and mostly accidental matches.
const MAX_PARTS: usize = 4;
/// log10 of the compounding constant of the product model (bias per joint). Slightly
/// negative: when two common words could also be an unlisted compound ("verdens barn"),
/// the reading as written stays unless other evidence (profile, geometry) tips it.
const LOG_K: f32 = -0.5;
/// Modifiers after the first must be this long: short inner parts ("tes", "res", "nes")
/// match inflection endings and turn any two words into a "compound".
const MIN_INNER_MODIFIER_CHARS: usize = 4;
/// Endings after which Norwegian (both standards) joins a compound with a linking `-s-`
/// almost always ("forureinings+fri", "ungdoms+garanti", "kommunikasjons+plan"): the
/// s-fuge rule of the reference grammars (Faarlund, Lie and Vannebo, *Norsk
/// referansegrammatikk*, 1997, on *fugeelement*). The lists hold few such modifiers for
/// Nynorsk, whose frequencies come from a small training text, so a listed word with one
/// of these endings plus `s` may start a compound even where no listed compound shows it.
const LINKING_S_ENDINGS: &[&str] = &["ing", "het", "else", "dom", "skap", "sjon", "tet", "nad"];
/// Modifier mass of such an unlisted `word + s`, relative to the word's own Zipf: of the
/// 6,916 listed Norwegian words with these endings (Zipf ≥ 2, `data/lexicon.tsv.gz`), 604
/// have their s-form listed as a modifier, with mass − Zipf at median −0.7 and 10th
/// percentile −1.7. The unlisted ones start fewer compounds, so the low end is taken.
const LINKING_S_MASS_OFFSET: f32 = -1.7;
/// The same for a listed word with any other ending ("interim+s", "nødhjelp+s"), as the
/// first modifier only (inner ones would chain accidental matches): such words take a
/// linking `s` less often. Of the 100,688 other listed Norwegian words (Zipf
/// ≥ 2, not ending in `s`), 1,790 (1.8 %) have their s-form listed as a modifier, against
/// 603 of 6,892 (8.7 %) with the endings above: a fifth as often, log10 0.2 ≈ −0.7 below
/// [`LINKING_S_MASS_OFFSET`].
const GENERAL_LINKING_S_MASS_OFFSET: f32 = LINKING_S_MASS_OFFSET - 0.7;
/// Endings of inflected forms (definite and plural: Bokmål "-en", "-et", "-er", "-e",
/// Nynorsk also "-a", "-ar"), and a stem's own `s`: a linking `s` follows the bare stem,
/// so "medlemmet+s", "stasjoner+s", "denne+s" are genitives of words, never modifiers.
const INFLECTED_ENDINGS: &[&str] = &["e", "en", "et", "er", "a", "ar", "s"];
/// The word before the linking `s` must be at least this common (Zipf), like a head.
const LINKING_S_MIN_STEM_ZIPF: f32 = MIN_HEAD_ZIPF;

/// At most this many linking-s positions are tried per string (compounds of more are
/// beyond [`MAX_PARTS`] anyway).
const MAX_LINK_S: usize = 3;

/// Modifier mass of `part` (lowercase) as `word + s` after one of [`LINKING_S_ENDINGS`]
/// or, when `first` (the compound's first part), any bare stem; 0 when `part` is a listed
/// modifier or none of these.
fn linking_s_modifier(lex: &Lexicon, part: &str, first: bool) -> f32 {
    let Some(stem) = part.strip_suffix('s') else { return 0.0 };
    let (offset, general) =
        if LINKING_S_ENDINGS.iter().any(|e| stem.len() > e.len() + 1 && stem.ends_with(e)) {
            (LINKING_S_MASS_OFFSET, false)
        } else if first
            && stem.chars().count() >= MIN_INNER_MODIFIER_CHARS
            && !INFLECTED_ENDINGS.iter().any(|e| stem.ends_with(e))
        {
            (GENERAL_LINKING_S_MASS_OFFSET, true)
        } else {
            return 0.0;
        };
    // After the endings, Norwegian frequency only: English "-ing" words take no linking
    // s. Another stem is priced as the lexicon prices any word (`Entry::zipf`: English one
    // step down where higher): the Norwegian list undercounts loanwords ("interim" Zipf
    // 1.9 there, 4.0 in English), and in Norwegian text such a stem takes the s all the same.
    let z = lex
        .entry(stem)
        .map_or(0.0, |e| if general { e.zipf(Lang::Norwegian) } else { f32::from(e.no()) / 10.0 });
    if z < LINKING_S_MIN_STEM_ZIPF || lex.modifier(part) > 0.0 { 0.0 } else { z + offset }
}

/// Whether `lower` (lowercase) is at least as much the start of compounds as a word of
/// its own, within the product model's bias per joint ([`LOG_K`]): its modifier mass
/// (listed, or as a linking-`s` form) against its own Norwegian frequency. "helse",
/// "nærings", "lov" start compounds; "ha", "med", "Europa", "politikere" stand alone far
/// more often than they start one. What a suspended hyphen ("helse- og omsorg") needs
/// of the word it ends.
pub(crate) fn starts_compounds(lex: &Lexicon, lower: &str) -> bool {
    let mass = lex.modifier(lower).max(linking_s_modifier(lex, lower, true));
    let own = lex.entry(lower).map_or(0.0, |e| f32::from(e.no()) / 10.0);
    mass > 0.0 && mass >= own + LOG_K
}

/// Longer strings are not analysed (cost is quadratic in length; such strings are junk).
const MAX_CHARS: usize = 48;

/// Estimated Zipf frequency of `lower` (lowercase) as an unlisted compound, or `None` when
/// it does not split into known parts. Never above [`LIST_FLOOR_ZIPF`]: a compound more
/// frequent than that would be in the list itself.
pub(crate) fn analyse(lex: &Lexicon, lower: &str, lang: Lang) -> Option<f32> {
    best_split(lex, lower, lang, &mut [0; MAX_CHARS + 1]).map(|(z, _)| z)
}

/// [`analyse`], with the parts of the best split.
pub(crate) fn analyse_parts(lex: &Lexicon, lower: &str, lang: Lang) -> Option<(f32, Vec<String>)> {
    let mut bounds = [0; MAX_CHARS + 1];
    let (z, chain) = best_split(lex, lower, lang, &mut bounds)?;
    let parts = chain.at[..chain.len]
        .windows(2)
        .map(|w| lower[usize::from(bounds[w[0]])..usize::from(bounds[w[1]])].to_owned())
        .collect();
    Some((z, parts))
}

/// Part boundaries of a split, in order (char indices, first 0, last the length).
struct Chain {
    at: [usize; MAX_PARTS + 2],
    len: usize,
}

/// The best split: estimated Zipf and the chain of part boundaries (char indices, first
/// 0, last the length); `bounds` receives the char-boundary byte offsets. Fixed-size arrays: this runs for
/// every unlisted candidate word, and allocation was most of its cost.
fn best_split(
    lex: &Lexicon,
    lower: &str,
    lang: Lang,
    bounds: &mut [u8; MAX_CHARS + 1],
) -> Option<(f32, Chain)> {
    if lang != Lang::Norwegian {
        return None;
    }
    // Byte offsets as u8 (at most MAX_CHARS chars of at most 4 bytes), filled in by the
    // caller's array: the arrays here are set up for every unlisted candidate word, and
    // at usize (and returned by value) their set-up and copies were 5 % of its cost.
    let mut n = 0;
    for (i, _) in lower.char_indices() {
        if n == MAX_CHARS {
            return None;
        }
        bounds[n] = u8::try_from(i).ok()?;
        n += 1;
    }
    bounds[n] = u8::try_from(lower.len()).ok()?;
    let bounds = &*bounds;
    let at = |k: usize| usize::from(bounds[k]);
    if n < 2 * MIN_PART_CHARS {
        return None;
    }
    // Where a linking `s` after one of LINKING_S_ENDINGS could end a modifier: a byte
    // test per character, rarely more (most strings have none).
    let mut link_s = [0usize; MAX_LINK_S];
    let mut n_link_s = 0;
    for q in 2 * MIN_PART_CHARS..=n - MIN_PART_CHARS {
        // The byte before char q (an ASCII `s` is never part of another char).
        if n_link_s < MAX_LINK_S && lower.as_bytes()[at(q) - 1] == b's' {
            link_s[n_link_s] = q;
            n_link_s += 1;
        }
    }
    // best_*[p] = (log10 probability, parts, previous boundary) of the best modifier chain
    // covering chars 0..p; parts == 0 marks "unreachable" except at 0.
    // Three arrays, not one of tuples: they are set up for every string analysed, and the
    // scores alone fill with a few vector stores.
    let mut best_score = [f32::NEG_INFINITY; MAX_CHARS + 1];
    let mut best_parts = [0u8; MAX_CHARS + 1];
    let mut best_prev = [0u8; MAX_CHARS + 1];
    best_score[0] = 0.0;
    let mut result: Option<(f32, usize)> = None;
    for p in 0..n {
        let (score, parts) = (best_score[p], best_parts[p]);
        if score == f32::NEG_INFINITY || usize::from(parts) >= MAX_PARTS {
            continue;
        }
        if p > 0 && n - p >= MIN_PART_CHARS {
            let z = lex.head_zipf(&lower[at(p)..], lang);
            if z >= MIN_HEAD_ZIPF {
                let total = score + (z - 9.0) + LOG_K * f32::from(parts) + 9.0;
                if result.is_none_or(|(r, _)| total > r) {
                    result = Some((total, p));
                }
            }
        }
        let min_len = if p == 0 { MIN_PART_CHARS } else { MIN_INNER_MODIFIER_CHARS };
        let mut extend = |q: usize, m: f32| {
            let s = score + (m - 9.0);
            if s > best_score[q] {
                // p < q <= MAX_CHARS, so both fit in u8.
                best_score[q] = s;
                best_parts[q] = parts + 1;
                best_prev[q] = u8::try_from(p).unwrap_or(u8::MAX);
            }
        };
        for q in (p + min_len)..=(n - MIN_PART_CHARS) {
            // The small prefix set answers "no" for most strings without touching the
            // big table; once no modifier starts this way, longer parts cannot match.
            // One hash for both tables, of the part's bytes: `bounds` are char
            // boundaries, so no `str` slice (and its boundary checks) is needed.
            let key = crate::table::hash(&lower.as_bytes()[at(p)..at(q)]);
            if !lex.is_modifier_prefix_by_key(key) {
                break;
            }
            let m = lex.modifier_by_key(key);
            if m > 0.0 {
                extend(q, m);
            }
        }
        // Unlisted s-forms of listed words ("forureinings"), found once per string.
        for &q in &link_s[..n_link_s] {
            if q >= p + min_len && q <= n - MIN_PART_CHARS {
                let m = linking_s_modifier(lex, &lower[at(p)..at(q)], p == 0);
                if m > 0.0 {
                    extend(q, m);
                }
            }
        }
    }
    let (z, head) = result?;
    // At most MAX_PARTS modifiers, the head and the end: no allocation for the chain.
    let mut chain = Chain { at: [0; MAX_PARTS + 2], len: 2 };
    chain.at[..2].copy_from_slice(&[n, head]);
    let mut p = head;
    while p > 0 && chain.len < chain.at.len() {
        p = usize::from(best_prev[p]);
        chain.at[chain.len] = p;
        chain.len += 1;
    }
    chain.at[..chain.len].reverse();
    Some((z.min(LIST_FLOOR_ZIPF), chain))
}
