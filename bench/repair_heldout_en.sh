#!/usr/bin/env bash
# Text-only repair of English text the embedded tables never saw: the DEV split of
# Universal Dependencies English EWT (the English context is built from its train split
# only, `data/build_lexicon.py`). Makes deck-sized documents of the dev sentences' `# text`
# lines (one sentence a line), gives them the synthetic letter-spacing defect of
# bench/repair_heldout.sh (spaces after two random letters inside words, at 60-100 %,
# seeded; here also after a word's first letter, as in the real defect; the letters drawn
# from the eleven most frequent letters of English, ETAOIN SHRDL, as the Norwegian script
# draws from the most frequent Norwegian ones), repairs them
# with the embedded tables (`examples/repair`, what `deck-ingest repair` runs) and totals
# word accuracy, left-split and glued words; then every edit by confidence bucket
# (`examples/calibrate`), and the word breaks repair changes in the CLEAN dev documents
# (must be 0).
# Usage: bench/repair_heldout_en.sh EWT_GIT   (a git dir of UniversalDependencies/UD_English-EWT;
# needs ../shared/tools/spacing_score.py)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
[ -f "$SHARED/tools/spacing_score.py" ] || { echo "skipped: $SHARED/tools is absent"; exit 0; }
EWT=${1:?usage: bench/repair_heldout_en.sh EWT_GIT}
# KEEP=DIR keeps the documents, tables and outputs there (for study) instead of a temp dir.
if [ -n "${KEEP:-}" ]; then T=$KEEP; mkdir -p "$T"; else T=$(mktemp -d); trap 'rm -rf "$T"' EXIT; fi
# The pinned commit of data/SOURCE.md: the same dev split whatever is checked out.
git -C "$EWT" show 15d613d8447b3478787d4c278730a1e48a945efb:en_ewt-ud-dev.conllu > "$T/dev.conllu"
python3 - "$T/dev.conllu" "$T" <<'PY'
import random, sys
sys.path.insert(0, "bench")
from spacing_defect import documents, write
sents = [l[len("# text = "):].strip() for l in open(sys.argv[1], encoding="utf-8-sig")
         if l.startswith("# text = ")]
# Also after a word's first letter ("s taff"): a quarter of the splits in the
# development defect text are there (spacing-decks-nn: 125 of 470).
write(sys.argv[2], "en", documents(sents), random.Random(12), "etaoinshrdl", first_letter=True)
PY
cargo build --release -q -p deck-repair --example repair --example calibrate
total() {  # FILES... : repairs each X.$1.txt, scores against X.truth.txt
  local kind=$1 w=0 r=0 s=0 g=0 n=0
  for f in "$T"/en_*."$kind".txt; do
    target/release/examples/repair "$f" > "$T/out.txt"
    read -r a b c d < <(python3 "$SHARED/tools/spacing_score.py" "${f%."$kind".txt}.truth.txt" "$T/out.txt" --json |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["truth_words"], d["words_right"], d["missed_joins"], d["false_joins"])')
    w=$((w + a)); r=$((r + b)); s=$((s + c)); g=$((g + d)); n=$((n + 1))
  done
  echo "$w $r $s $g $n"
}
read -r w r s g n < <(total broken)
echo "en defect: $n documents, $w words, accuracy $(python3 -c "print(round($r / max($w, 1), 4))"), $s left split, $g glued"
read -r w r s g n < <(total truth)
echo "en clean: $n documents, $w words, word breaks changed $((s + g)) ($g removed, $s added)"
pairs=()
for broken in "$T"/en_*.broken.txt; do pairs+=("$broken" "${broken%.broken.txt}.truth.txt"); done
echo "edits by confidence (English defect text), judged against the truth:"
target/release/examples/calibrate "${pairs[@]}" | sed -n '/^  wrong:/p; /^applied /,$p'
