#!/usr/bin/env python3
"""Builds the embedded lexicon of deck-repair from the `wordfreq` package.

Usage (from the repository root):

    python3 crates/repair/data/build_lexicon.py

Writes `crates/repair/data/lexicon.tsv.gz`: one line per word, sorted by word,

    word <TAB> nb <TAB> en <TAB> modifier      (trailing zero columns omitted)

- `nb`, `en`: the word's Zipf frequency in Norwegian Bokmål / English times ten,
  rounded (0 = not in that language's list). Zipf = log10(frequency per billion words).
- `modifier`: Zipf frequency (times ten) of all Bokmål words in the list that start with
  this string as a compound modifier, summed (0 = not a modifier). A modifier is a string
  that is itself a word, or a word plus a linking `s`/`e`, followed by a word of at least
  three letters, seen before at least two distinct such heads. Compared with the string's
  own frequency it tells the repairer how often the string starts a compound rather than
  standing alone ("fylkes" mostly does, "hans" hardly ever), without shipping a compound list.

Only general-language frequency data goes in: no document, seed or test text.
"""
import gzip
import importlib.metadata
import math
import os
import sys

import wordfreq

NB_WORDS = 200_000
EN_WORDS = 80_000
MIN_PART = 3          # shortest compound part considered
MIN_PART_ZIPF = 2.0   # parts must be at least this common
MIN_MODIFIER_COUNT = 2


def is_wordlike(w: str) -> bool:
    # Letters, optionally with inner hyphens/apostrophes; no digits or spaces.
    return bool(w) and all(ch.isalpha() or ch in "-'" for ch in w) and w[0].isalpha()


def main() -> None:
    out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lexicon.tsv.gz")
    nb = {w: wordfreq.zipf_frequency(w, "nb") for w in wordfreq.top_n_list("nb", NB_WORDS) if is_wordlike(w)}
    en = {w: wordfreq.zipf_frequency(w, "en") for w in wordfreq.top_n_list("en", EN_WORDS) if is_wordlike(w)}

    common = {w for w, z in nb.items() if z >= MIN_PART_ZIPF and len(w) >= MIN_PART}
    heads = {}
    for w in nb:
        n = len(w)
        for i in range(MIN_PART, n - MIN_PART + 1):
            prefix, head = w[:i], w[i:]
            if head not in common:
                continue
            if prefix in common or (prefix[-1] in "se" and len(prefix) > MIN_PART and prefix[:-1] in common):
                heads.setdefault(prefix, {})[head] = nb[w]
    # Modifier mass: Zipf frequency of all compounds that start with the modifier, summed.
    # Compared with the modifier's own frequency it says how often the string starts a
    # compound rather than standing alone ("fylkes" mostly does, "hans" hardly ever).
    modifiers = {
        p: math.log10(sum(10 ** z for z in h.values()))
        for p, h in heads.items()
        if len(h) >= MIN_MODIFIER_COUNT
    }

    words = sorted(set(nb) | set(en) | set(modifiers))
    lines = []
    for w in words:
        zn = round(nb.get(w, 0.0) * 10)
        ze = round(en.get(w, 0.0) * 10)
        m = round(modifiers.get(w, 0.0) * 10)
        cols = [str(zn), str(ze), str(m)]
        while cols and cols[-1] == "0":
            cols.pop()  # trailing zero columns are implied: smaller and faster to load
        lines.append("\t".join([w, *cols]) + "\n")
    data = "".join(lines).encode("utf-8")
    with open(out_path, "wb") as f:
        # mtime=0 keeps the output byte-for-byte reproducible.
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wordfreq {importlib.metadata.version('wordfreq')}: "
          f"{len(nb)} nb, {len(en)} en, {len(modifiers)} modifiers, {len(words)} entries, "
          f"{len(data)} bytes raw, {os.path.getsize(out_path)} bytes gzip -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
