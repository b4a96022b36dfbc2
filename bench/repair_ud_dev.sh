#!/usr/bin/env bash
# Text-only repair on text the embedded tables never saw, with no rebuild: the dev splits
# of the Universal Dependencies treebanks (build_lexicon.py takes only their train
# sentences; see crates/repair/data/SOURCE.md). Their `# text` lines are cut into deck-
# sized documents (about 3,000 characters, at most 40 per language) and given a seeded
# synthetic letter-spacing defect: a space after two random letters inside words, at a
# 60-100 % rate per document (the letters drawn from a language's ten most frequent:
# Norwegian "srtnelkaåøg" as in repair_heldout.sh, English "etaoinsrhl"). Then
# `examples/calibrate` repairs each with the embedded tables and judges every edit
# against the truth: totals per language (word accuracy, left split, glued), the wrong
# applied edits, and the edits by confidence bucket.
# Usage: bench/repair_ud_dev.sh UD_NB_GIT UD_NN_GIT [UD_EN_EWT_GIT]
#   (git dirs of UniversalDependencies/UD_Norwegian-Bokmaal, -Nynorsk, UD_English-EWT)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 UD_NB_GIT UD_NN_GIT [UD_EN_EWT_GIT]" >&2; exit 2; }
# KEEP=DIR keeps the documents and outputs there (for study) instead of a temp dir.
if [ -n "${KEEP:-}" ]; then T=$KEEP; mkdir -p "$T"; else T=$(mktemp -d); trap 'rm -rf "$T"' EXIT; fi
dev() { git -C "$1" show "HEAD:$(git -C "$1" ls-tree --name-only HEAD | grep -- '-ud-dev\.conllu$')"; }
dev "$1" > "$T/nb.conllu"
dev "$2" > "$T/nn.conllu"
langs="nb nn"
if [ $# -ge 3 ]; then dev "$3" > "$T/en.conllu"; langs="nb nn en"; fi
python3 - "$T" $langs <<'PY'
import random, sys
sys.path.insert(0, "bench")
from spacing_defect import documents, write
out_dir, langs = sys.argv[1], sys.argv[2:]
rng = random.Random(12)
LETTERS = {"nb": "srtnelkaåøg", "nn": "srtnelkaåøg", "en": "etaoinsrhl"}
for lang in langs:
    lines = [l[len("# text = "):].strip() for l in open(f"{out_dir}/{lang}.conllu", encoding="utf-8")
             if l.startswith("# text = ")]
    write(out_dir, lang, documents(lines)[:40], rng, LETTERS[lang])
PY
cargo build --release -q -p deck-repair --example calibrate
for lang in $langs; do
  pairs=()
  for b in "$T"/${lang}_*.broken.txt; do pairs+=("$b" "${b%.broken.txt}.truth.txt"); done
  target/release/examples/calibrate "${pairs[@]}" > "$T/$lang.out"
  # Per-file lines: "FILE: word accuracy A, S split, G glued"; weighted by the truth's
  # words, which calibrate does not print, so the total is the mean over files.
  awk -v lang="$lang" '/word accuracy/ { n++; a += $4; s += $5; g += $7 }
    END { printf "%s: %d documents, mean word accuracy %.4f, %d left split, %d glued\n", lang, n, a / n, s, g }' \
    FS='[ ,]+' "$T/$lang.out"
  grep '  wrong:' "$T/$lang.out" | sed "s/^/  $lang/" || :
  sed -n '/^applied /,$p' "$T/$lang.out"
done
