"""The synthetic letter-spacing defect of the repair benchmarks (repair_heldout.sh,
repair_heldout_en.sh, repair_ud_dev.sh), in one place so that they make the same kind of
text: deck-sized documents, each with a space after two letters drawn from a language's
most frequent ones, at a 60-100 % rate per document. One seeded `random.Random` is
passed through, so a script's documents come out the same on every run."""

# About a slide deck's text, in characters.
DOC_CHARS = 3000


def documents(lines):
    """Consecutive lines joined into documents of just over DOC_CHARS characters (the
    remainder, shorter, is dropped)."""
    docs, cur = [], ""
    for line in lines:
        cur += line.strip() + "\n"
        if len(cur) > DOC_CHARS:
            docs.append(cur)
            cur = ""
    return docs


def split(doc, rng, pool, first_letter=False):
    """`doc` with the defect: after two letters of `pool` inside words (and, with
    `first_letter`, also after a word's first letter, as the real defect splits)."""
    letters, rate = rng.sample(pool, 2), rng.uniform(0.6, 1.0)
    out = []
    for i, c in enumerate(doc):
        out.append(c)
        before = first_letter or (i > 0 and doc[i - 1].isalpha())
        inside = before and i < len(doc) - 1 and doc[i + 1].isalpha()
        if c in letters and inside and rng.random() < rate:
            out.append(" ")
    return "".join(out)


def write(out_dir, prefix, docs, rng, pool, first_letter=False):
    """Writes PREFIX_NN.truth.txt and PREFIX_NN.broken.txt for each document."""
    for k, doc in enumerate(docs):
        broken = split(doc, rng, pool, first_letter)
        open(f"{out_dir}/{prefix}_{k:02d}.truth.txt", "w", encoding="utf-8").write(doc)
        open(f"{out_dir}/{prefix}_{k:02d}.broken.txt", "w", encoding="utf-8").write(broken)
