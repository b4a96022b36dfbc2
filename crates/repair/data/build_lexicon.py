#!/usr/bin/env python3
"""Builds the embedded language data of deck-repair.

Usage (from the repository root; see SOURCE.md for where the inputs come from):

    python3 crates/repair/data/build_lexicon.py \\
        --norne DIR --ud-nynorsk DIR --ud-bokmaal DIR --ud-english DIR \\
        --nlod ../shared/topics/dev.jsonl

DIR is a git directory (a clone, bare or not) of the repository named in SOURCE.md; files
are read with `git show COMMIT:PATH` at the pinned commits below, so the output does not
depend on what is checked out.

Writes two files (three with `--ud-english`) beside this script, sorted, gzip with mtime 0 (byte-for-byte
reproducible):

`lexicon.tsv.gz`, one line per word:

    word <TAB> nb <TAB> en <TAB> modifier <TAB> nn <TAB> closed   (trailing zero columns omitted)

- `nb`, `en`: the word's Zipf frequency in Norwegian Bokmål / English from `wordfreq`,
  times ten, rounded (0 = not in that list). Zipf = log10(frequency per billion words).
  Bokmål inflected forms that wordfreq lacks are derived from the Bokmål treebank's
  annotation like the Nynorsk ones below (`inflected_forms`).
- `nn`: the same for Nynorsk, estimated from the Nynorsk training text (the Nynorsk
  treebank's train split and the Nynorsk NLOD passages): log10((count - 0.5) / tokens * 1e9).
  wordfreq has no Nynorsk list. Inflected forms of the text's lemmas that it does not
  contain are derived from its annotation (`inflected_forms`) and priced below a form
  seen once.
- `modifier`: Zipf frequency (times ten) of all listed Norwegian words (Bokmål and
  Nynorsk) that start with this string as a compound modifier, summed (0 = not a
  modifier). A modifier is a string that is itself a word, or a word plus a linking
  `s`/`e`, followed by a word of at least three letters, seen before at least two distinct
  such heads. Compared with the string's own frequency it tells the repairer how often the
  string starts a compound rather than standing alone ("fylkes" mostly does, "hans" hardly
  ever), without shipping a compound list. Words of the Norwegian treebank train splits
  that are tagged (NDT's part-of-speech column) pronoun, conjunction, subjunction or
  infinitive marker in nearly all their occurrences (`closed_classes`) start no compound
  and get no modifier mass.
- `closed`: 1 for the words that such tags and determiners other than quantifiers and
  numerals cover in nearly all their occurrences ("oss", "hun", "denne"): closed-class
  words, which head no compound ("engste+oss" is none). 0 (omitted) otherwise.
  Prepositions are left open: several are also adjectives or nouns that do head
  compounds ("vedtaks+før", "livs+mot").

`context.tsv.gz`, word-pair statistics of the Norwegian training text (both treebank
train splits and all NLOD passages), for the repairer's bigram context:

    # pairs <N>                         total word pairs counted
    w <TAB> D <TAB> B <TAB> R           per word: as a left word D = pairs + distinct
                                        followers, B = distinct followers + followers
                                        seen once (the Witten-Bell back-off mass, with
                                        the pruned pairs' mass added back); R = pairs
                                        with w on the right
    v w <TAB> count                     pairs seen at least MIN_PAIR_COUNT times

A pair is two word tokens in a row inside one sentence with no punctuation, number or
symbol between them; words are lowercased. The left words that keep no pair (all their
pairs seen once) are also counted together as one class, the word `<rare>` (no token's
word has brackets): the repairer takes it for every left word the table lacks, so a rare
or unseen word is followed as rare words are ("og", "er", "i" more than on average), not
as the average word.

`context_en.tsv.gz`, the same for English, from the `# text` lines of the train split of
UD English EWT (cut as the repairer cuts a line, `units_from_text`), without any
sentence that also occurs in its dev or test split.

The treebank train split is rebuilt as every NDT sentence that does not occur (as a token
sequence) in the UD dev or test file: the spacing test decks are made from dev and test,
so none of their sentences may feed the tables.
"""
import argparse
import collections
import gzip
import hashlib
import importlib.metadata
import json
import math
import os
import re
import subprocess
import sys

import wordfreq

NB_WORDS = 200_000
EN_WORDS = 80_000
MIN_PART = 3          # shortest compound part considered
MIN_PART_ZIPF = 2.0   # parts must be at least this common
MIN_MODIFIER_COUNT = 2
MIN_PAIR_COUNT = 2    # rarer pairs are left out (their mass goes to the back-off)
RARE_LEFT = "<rare>"  # the class of left words without a kept pair (see the docstring)
# Closed-class words (`closed_classes`): NDT part-of-speech tags, the share of a word's
# occurrences they must cover, and how often it must occur for that share to mean much.
# Tags of words that start no compound and head none; determiners but quantifiers head
# none either. Prepositions stay open (see `closed` above).
CLOSED_POS = ("pron", "konj", "sbu", "inf-merke")
CLOSED_SHARE = 0.95
CLOSED_MIN_COUNT = 3

# Pinned snapshots of the inputs (see SOURCE.md).
NORNE_COMMIT = "bd311de55b5a7fc1255aee7b088364f8271c2330"
UD_NYNORSK_COMMIT = "d332ca7108148ceb6d38859affdc17462bcd9860"
UD_BOKMAAL_COMMIT = "e83586ff8b324f147e767dccd7ed801b3666ca08"
UD_ENGLISH_COMMIT = "15d613d8447b3478787d4c278730a1e48a945efb"


def is_wordlike(w: str) -> bool:
    # Letters, optionally with inner hyphens/apostrophes; no digits or spaces.
    return bool(w) and all(ch.isalpha() or ch in "-'" for ch in w) and w[0].isalpha()


def git_show(repo: str, commit: str, path: str) -> str:
    out = subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], capture_output=True, check=True)
    return out.stdout.decode("utf-8-sig")


def git_ls(repo: str, commit: str, under: str) -> list:
    out = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", commit, under],
                         capture_output=True, check=True, text=True)
    return sorted(out.stdout.split())


def conll_sentences(text: str, columns: bool = False):
    """Token forms of each sentence of a CoNLL-X or CoNLL-U file (with `columns`, each
    token's columns instead)."""
    cur = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            if cur:
                yield cur
                cur = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue  # multiword ranges and empty nodes (none in these files)
        cur.append(cols if columns else cols[1])
    if cur:
        yield cur


def sentence_key(tokens) -> tuple:
    # NDT has paragraph-boundary tokens "|" that UD removed (UD 1.4).
    return tuple(t for t in tokens if t != "|")


def treebank_train(norne: str, ud: str, ud_commit: str, lang: str, ud_prefix: str):
    """NDT sentences of `lang` (nno/nob) minus every sentence in UD dev or test, each a
    list of token columns (CoNLL-X: id, form, lemma, POS, POS, features, ...)."""
    held = set()
    for split in ("dev", "test"):
        held.update(sentence_key(s) for s in conll_sentences(git_show(ud, ud_commit, f"{ud_prefix}-{split}.conllu")))
    train, dropped = [], 0
    for path in git_ls(norne, NORNE_COMMIT, f"ndt/{lang}"):
        if not path.endswith(".conll"):
            continue
        for s in conll_sentences(git_show(norne, NORNE_COMMIT, path), columns=True):
            s = [c for c in s if c[1] != "|"]
            if sentence_key(c[1] for c in s) in held:
                dropped += 1
            else:
                train.append(s)
    tokens = sum(len(s) for s in train)
    print(f"NDT {lang}: {len(train)} train sentences, {tokens} tokens ({dropped} held out)", file=sys.stderr)
    return train


def ewt_train(ud: str):
    """The `# text` lines of UD English EWT's train split, rebuilt from the per-document
    sources (`not-to-release/sources`, in the order of `file-lists/files.train`: the
    release's `en_ewt-ud-train.conllu` is not in the snapshot) minus every sentence that
    also occurs in the dev or test file: hidden defect text may be made from those."""
    def texts(conllu):
        return [l[len("# text = "):].strip() for l in conllu.split("\n") if l.startswith("# text = ")]
    held = set()
    for split in ("dev", "test"):
        held.update(texts(git_show(ud, UD_ENGLISH_COMMIT, f"en_ewt-ud-{split}.conllu")))
    train, dropped = [], 0
    for path in git_show(ud, UD_ENGLISH_COMMIT, "not-to-release/file-lists/files.train").split():
        for t in texts(git_show(ud, UD_ENGLISH_COMMIT, f"not-to-release/sources/{path}")):
            if t in held:
                dropped += 1
            else:
                train.append(t)
    print(f"EWT: {len(train)} train sentences, {sum(len(t.split()) for t in train)} tokens "
          f"({dropped} also in dev or test, left out)", file=sys.stderr)
    return train


def units_from_tokens(tokens):
    """Treebank tokens → words (lowercase) and None for anything that breaks a pair."""
    for t in tokens:
        w = t.lower()
        yield w if is_wordlike(w) else None


EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def units_from_text(text: str):
    """Running text → words and breaks, cut the way the repairer cuts a line: a token is
    a run of non-spaces; punctuation around it ends the pair on that side."""
    for line in text.split("\n"):
        yield None
        for raw in line.split():
            lead, core, trail = EDGE.match(raw).groups()
            if lead:
                yield None
            w = core.lower()
            yield w if is_wordlike(w) else None
            if trail:
                yield None


def count(units, unigrams: collections.Counter, pairs: collections.Counter) -> None:
    prev = None
    for u in units:
        if u is not None:
            unigrams[u] += 1
            if prev is not None:
                pairs[(prev, u)] += 1
        prev = u


def corpus_zipf(counts: collections.Counter) -> dict:
    total = sum(counts.values())
    return {w: math.log10((c - 0.5) / total * 1e9) for w, c in counts.items()}


# Nynorsk inflection (see `inflected_forms`): which tokens count, and how much evidence
# a rule needs. A rule's support is counted in distinct lemmas, not tokens, so one
# frequent word cannot make a pattern.
INFLECTED_POS = ("subst", "verb", "adj")
# Features that mark forms outside the regular paradigm (genitives, names, abbreviations,
# non-standard spellings, indeclinables, -st forms, adverbial and ordinal uses) or a
# degree (comparatives and superlatives: participles and many adjectives have none).
IRREGULAR_FEATURES = {"gen", "unorm", "prop", "fork", "ubøy", "st-form", "<st-verb>", "<adv>",
                      "<ordenstal>", "komp", "sup"}
GENDERS = ("mask", "fem", "nøyt")
MAX_ENDING = 3        # lemma endings up to this long define a class ("-ing", "-se")
MIN_RULE_LEMMAS = 5   # lemmas of the class that show both the condition and the target cell
MIN_RULE_SHARE = 0.2  # share of those whose target-cell form the rule makes


def inflected_forms(sentences, tokens: int) -> dict:
    """Word forms (Nynorsk or Bokmål) the training text implies but does not contain, with an
    estimated Zipf: the treebank's lemma and feature columns give each noun, verb and
    adjective form a paradigm cell (e.g. masculine noun, plural indefinite); a rule is a
    suffix change lemma -> form ("pris" -> "prisar": strip "", add "ar"). For a lemma seen
    in cell C0 with rule r0, a rule r for cell C is predicted from the other lemmas with
    the same ending that show r0 in C0 and some form in C: r when at least
    MIN_RULE_SHARE of them have it. C0 = C gives free variants ("avvise" -> "avvisa", the
    a-infinitive); other cells give the rest of the paradigm ("straumpris" -> "straumprisar").
    Zipf = log10 of (lemma tokens x the cell's share of its class's tokens x the rule's
    share) per billion words, capped at a word seen once: the form was not seen."""
    def cell_of(pos, feats):
        fs = [f for f in feats.split("|") if f not in ("samset", "_")]
        if pos == "subst" and "appell" not in fs:
            return None
        if any(f in IRREGULAR_FEATURES for f in fs):
            return None
        gender = next((f for f in fs if f in GENDERS), "")
        if pos == "subst" and not gender:
            return None
        return gender, "|".join(f for f in fs if f not in GENDERS and f != "appell")

    def rule(lemma, form):
        k = 0
        while k < min(len(lemma), len(form)) and lemma[k] == form[k]:
            k += 1
        return lemma[k:], form[k:]

    genders = collections.defaultdict(collections.Counter)
    observed = collections.defaultdict(set)    # (pos, lemma) -> {(cell, rule)}
    lemma_tokens = collections.Counter()
    for s in sentences:
        for c in s:
            form, lemma, pos = c[1].lower(), c[2].lower(), c[3]
            if pos not in INFLECTED_POS or not form.isalpha() or not lemma.isalpha():
                continue
            cell = cell_of(pos, c[5])
            if cell is None:
                continue
            if pos == "subst":
                genders[lemma][cell[0]] += 1
            observed[(pos, lemma)].add((cell[1], rule(lemma, form)))
            lemma_tokens[(pos, lemma)] += 1
    gender_of = {lemma: g.most_common(1)[0][0] for lemma, g in genders.items()}
    klass = {k: (k[0], gender_of.get(k[1], "")) for k in observed}
    # Per (class, ending, condition cell, condition rule): target cell -> rule -> lemmas.
    table = collections.defaultdict(lambda: collections.defaultdict(lambda: collections.defaultdict(set)))
    for key, cells in observed.items():
        lemma = key[1]
        for c0, r0 in cells:
            for length in range(MAX_ENDING + 1):
                if length > len(lemma):
                    break
                cond = (klass[key], lemma[len(lemma) - length:], c0, r0)
                for c, r in cells:
                    table[cond][c][r].add(lemma)
    # Each cell's share of its class's tokens (a lemma's tokens spread over the cells it
    # shows), for the frequency estimate.
    shares = collections.defaultdict(collections.Counter)
    for key, cells in observed.items():
        distinct = {c for c, _ in cells}
        for c in distinct:
            shares[klass[key]][c] += lemma_tokens[key] / len(distinct)
    seen_once = math.log10(0.5 / tokens * 1e9)
    out = {}
    for key, cells in sorted(observed.items()):
        lemma = key[1]
        have = {c for c, _ in cells}
        total = sum(shares[klass[key]].values())
        for target in sorted(shares[klass[key]]):
            best = None  # the most specific condition with enough evidence
            for c0, r0 in sorted(cells):
                for length in range(min(MAX_ENDING, len(lemma)), -1, -1):
                    rules = table.get((klass[key], lemma[len(lemma) - length:], c0, r0), {}).get(target)
                    if rules is None:
                        continue
                    support = len(set().union(*rules.values()))
                    if support >= MIN_RULE_LEMMAS:
                        if best is None or (length, support) > best[0]:
                            best = ((length, support), rules)
                        break
            if best is None:
                continue
            (_, support), rules = best
            for (strip, add), lemmas in sorted(rules.items()):
                share = len(lemmas) / support
                if share < MIN_RULE_SHARE or not lemma.endswith(strip):
                    continue
                if (target, (strip, add)) in cells:
                    continue
                form = lemma[:len(lemma) - len(strip)] + add
                if len(form) < 2:
                    continue
                expected = lemma_tokens[key] * shares[klass[key]][target] / total * share
                z = min(seen_once, math.log10(expected / tokens * 1e9))
                out[form] = max(out.get(form, 0.0), z)
    return out


def closed_classes(sentences):
    """Closed-class words of treebank sentences (CoNLL-X columns): those whose tags are,
    in at least CLOSED_SHARE of their CLOSED_MIN_COUNT or more occurrences, a
    CLOSED_POS tag or a determiner that is no quantifier ("kvant": numerals,
    "alle"; "tre" is also a tree); and the subset for CLOSED_POS tags alone. Words of
    letters only, lowercased."""
    total, head, start = collections.Counter(), collections.Counter(), collections.Counter()
    for s in sentences:
        for c in s:
            w = c[1].lower()
            if not w.isalpha():
                continue
            total[w] += 1
            pos, feats = c[3], c[5].split("|")
            if pos in CLOSED_POS:
                start[w] += 1
                head[w] += 1
            elif pos == "det" and "kvant" not in feats:
                head[w] += 1
    def closed(counts):
        return {w for w, n in total.items() if n >= CLOSED_MIN_COUNT and counts[w] >= CLOSED_SHARE * n}
    return closed(head), closed(start)


def write_gz(path: str, lines) -> int:
    data = "".join(lines).encode("utf-8")
    with open(path, "wb") as f:
        # mtime=0 keeps the output byte-for-byte reproducible.
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    return len(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--norne", required=True, help="git dir of ltgoslo/norne")
    ap.add_argument("--ud-nynorsk", required=True, help="git dir of UniversalDependencies/UD_Norwegian-Nynorsk")
    ap.add_argument("--ud-bokmaal", required=True, help="git dir of UniversalDependencies/UD_Norwegian-Bokmaal")
    ap.add_argument("--ud-english", help="git dir of UniversalDependencies/UD_English-EWT: writes "
                    "context_en.tsv.gz (the shipped data is built with it)")
    ap.add_argument("--nlod", required=True, help="the NLOD passages (shared/topics/dev.jsonl)")
    ap.add_argument("--out", help="write here instead of beside this script (experiments)")
    ap.add_argument("--hold-out", type=int, metavar="K",
                    help="leave out the NLOD documents in tenth K (0-9, by SHA-1 of `doc`) and "
                         "write them to OUT/held-out.jsonl: tables to measure on text they "
                         "have not seen; never for the shipped data")
    args = ap.parse_args()
    here = args.out or os.path.dirname(os.path.abspath(__file__))
    held_out = []

    nn_uni, nb_uni, pairs = collections.Counter(), collections.Counter(), collections.Counter()
    nn_train = treebank_train(args.norne, args.ud_nynorsk, UD_NYNORSK_COMMIT, "nno", "no_nynorsk-ud")
    for s in nn_train:
        count(units_from_tokens(c[1] for c in s), nn_uni, pairs)
    nb_train = treebank_train(args.norne, args.ud_bokmaal, UD_BOKMAAL_COMMIT, "nob", "no_bokmaal-ud")
    for s in nb_train:
        count(units_from_tokens(c[1] for c in s), nb_uni, pairs)
    passages = {"nb": 0, "nn": 0}
    with open(args.nlod, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if args.hold_out is not None and int(hashlib.sha1(rec["doc"].encode()).hexdigest(), 16) % 10 == args.hold_out:
                held_out.append(line)
                continue
            lang = rec["language"]
            passages[lang] += 1
            count(units_from_text(rec["text"]), nn_uni if lang == "nn" else nb_uni, pairs)
    print(f"NLOD passages: {passages}", file=sys.stderr)
    if args.hold_out is not None:
        with open(os.path.join(here, "held-out.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(held_out)
        print(f"held out: {len(held_out)} passages", file=sys.stderr)

    nb = {w: wordfreq.zipf_frequency(w, "nb") for w in wordfreq.top_n_list("nb", NB_WORDS) if is_wordlike(w)}
    en = {w: wordfreq.zipf_frequency(w, "en") for w in wordfreq.top_n_list("en", EN_WORDS) if is_wordlike(w)}
    nn = corpus_zipf(nn_uni)

    # Compound modifiers from every listed Norwegian word, Bokmål and Nynorsk.
    norwegian = dict(nb)
    for w, z in nn.items():
        norwegian[w] = max(z, norwegian.get(w, 0.0))
    common = {w for w, z in norwegian.items() if z >= MIN_PART_ZIPF and len(w) >= MIN_PART}
    heads = {}
    for w in norwegian:
        n = len(w)
        for i in range(MIN_PART, n - MIN_PART + 1):
            prefix, head = w[:i], w[i:]
            if head not in common:
                continue
            if prefix in common or (prefix[-1] in "se" and len(prefix) > MIN_PART and prefix[:-1] in common):
                heads.setdefault(prefix, {})[head] = norwegian[w]
    # Modifier mass: Zipf frequency of all compounds that start with the modifier, summed.
    # Compared with the modifier's own frequency it says how often the string starts a
    # compound rather than standing alone ("fylkes" mostly does, "hans" hardly ever).
    # Pronouns, conjunctions and the like start no compound ("han+del" is none).
    closed, no_start = closed_classes(nn_train + nb_train)
    modifiers = {
        p: math.log10(sum(10 ** z for z in h.values()))
        for p, h in heads.items()
        if len(h) >= MIN_MODIFIER_COUNT and p not in no_start
    }

    # Unseen inflected forms of the training text's lemmas, added after the modifiers:
    # they are heads of compounds through the lookup, never modifiers. Bokmål's come
    # from its own treebank and go where wordfreq has none.
    derived = {w: z for w, z in inflected_forms(nn_train, sum(nn_uni.values())).items() if w not in nn}
    nn.update(derived)
    derived_nb = {w: z for w, z in inflected_forms(nb_train, sum(nb_uni.values())).items()
                  if w not in nb and w not in nn}
    nb.update(derived_nb)
    print(f"inflection: {len(derived)} Nynorsk, {len(derived_nb)} Bokmål forms derived", file=sys.stderr)

    words = sorted(set(nb) | set(en) | set(modifiers) | set(nn))
    lines = []
    for w in words:
        cols = [str(min(127, round(d.get(w, 0.0) * 10))) for d in (nb, en, modifiers, nn)]
        cols.append("1" if w in closed else "0")
        while cols and cols[-1] == "0":
            cols.pop()  # trailing zero columns are implied: smaller and faster to load
        lines.append("\t".join([w, *cols]) + "\n")
    lex_path = os.path.join(here, "lexicon.tsv.gz")
    raw = write_gz(lex_path, lines)
    print(f"wordfreq {importlib.metadata.version('wordfreq')}: {len(nb)} nb, {len(en)} en, "
          f"{len(nn)} nn (corpus), {len(modifiers)} modifiers, {len(closed)} closed-class "
          f"({len(no_start)} starting no compound), {len(words)} entries, "
          f"{raw} bytes raw, {os.path.getsize(lex_path)} bytes gzip -> {lex_path}", file=sys.stderr)

    write_context(os.path.join(here, "context.tsv.gz"), pairs, "context")
    if args.ud_english:
        en_pairs = collections.Counter()
        for t in ewt_train(args.ud_english):
            count(units_from_text(t), collections.Counter(), en_pairs)
        write_context(os.path.join(here, "context_en.tsv.gz"), en_pairs, "English context")


def write_context(path: str, pairs: collections.Counter, label: str) -> None:
    """Pair statistics (Witten-Bell) in the format of the docstring."""
    left_total, followers, once, right_total = (collections.Counter() for _ in range(4))
    for (v, w), c in pairs.items():
        left_total[v] += c
        followers[v] += 1
        once[v] += c < MIN_PAIR_COUNT
        right_total[w] += c
    kept = {p: c for p, c in pairs.items() if c >= MIN_PAIR_COUNT}
    has_kept = {v for v, _ in kept}
    # The class of the left words the table will lack, counted like one word.
    rare = collections.Counter()
    for (v, w), c in pairs.items():
        if v not in has_kept:
            rare[w] += c
    for w, c in rare.items():
        left_total[RARE_LEFT] += c
        followers[RARE_LEFT] += 1
        once[RARE_LEFT] += c < MIN_PAIR_COUNT
        if c >= MIN_PAIR_COUNT:
            kept[(RARE_LEFT, w)] = c
    if rare:
        has_kept.add(RARE_LEFT)
    ctx = [f"# pairs {sum(pairs.values())}\n"]
    # R only matters for words on the right of a kept pair; others are never asked for it.
    for w in sorted(has_kept | {w for _, w in kept}):
        d = left_total[w] + followers[w] if w in has_kept else 0
        b = followers[w] + once[w] if w in has_kept else 0
        r = right_total[w]
        ctx.append(f"{w}\t{d}\t{b}\t{r}\n")
    ctx.extend(f"{v} {w}\t{c}\n" for (v, w), c in sorted(kept.items()))
    raw = write_gz(path, ctx)
    print(f"{label}: {sum(pairs.values())} pairs, {len(pairs)} distinct, {len(kept)} kept, "
          f"{len(ctx) - 1 - len(kept)} words, {raw} bytes raw, {os.path.getsize(path)} bytes gzip -> {path}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
