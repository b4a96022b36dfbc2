#!/usr/bin/env bash
# Text-only repair on text the embedded tables never saw: rebuilds the language data with
# one tenth of the NLOD passages held out (`build_lexicon.py --hold-out 3`), makes deck-
# sized documents of them with a synthetic letter-spacing defect (spaces after two random
# letters inside words, at 60-100 %, seeded), repairs them with those tables
# (`examples/repair --data`) and totals word accuracy, left-split and glued words; then
# every edit judged against the truth by confidence bucket (`examples/calibrate --data`),
# the text on which to calibrate a threshold without fitting it to the development decks.
# Usage: bench/repair_heldout.sh NORNE_GIT UD_NN_GIT UD_NB_GIT   (needs ../shared, wordfreq)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
[ -d "$SHARED" ] || { echo "skipped: $SHARED is absent"; exit 0; }
# KEEP=DIR keeps the documents, tables and outputs there (for study) instead of a temp dir.
if [ -n "${KEEP:-}" ]; then T=$KEEP; mkdir -p "$T"; else T=$(mktemp -d); trap 'rm -rf "$T"' EXIT; fi
python3 crates/repair/data/build_lexicon.py --norne "$1" --ud-nynorsk "$2" --ud-bokmaal "$3" \
    --nlod "$SHARED/topics/dev.jsonl" --out "$T" --hold-out 3 2>/dev/null
python3 - "$T/held-out.jsonl" "$T" <<'PY'
import json, random, sys
sys.path.insert(0, "bench")
from spacing_defect import documents, write
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
rng = random.Random(12)
for lang in ("nb", "nn"):
    docs = documents(r["text"] for r in recs if r["language"] == lang)
    write(sys.argv[2], lang, docs[:40], rng, "srtnelkaåøg")
PY
cargo build --release -q -p deck-repair --example repair --example calibrate
for lang in nb nn; do
  w=0; r=0; s=0; g=0
  for broken in "$T"/${lang}_*.broken.txt; do
    [ -e "$broken" ] || continue
    target/release/examples/repair --data "$T" "$broken" > "$T/out.txt"
    read -r a b c d < <(python3 "$SHARED/tools/spacing_score.py" "${broken%.broken.txt}.truth.txt" "$T/out.txt" --json |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["truth_words"], d["words_right"], d["missed_joins"], d["false_joins"])')
    w=$((w + a)); r=$((r + b)); s=$((s + c)); g=$((g + d))
  done
  echo "$lang: $w words, accuracy $(python3 -c "print(round($r / max($w, 1), 4))"), $s left split, $g glued"
done
pairs=()
for broken in "$T"/nb_*.broken.txt "$T"/nn_*.broken.txt; do
  [ -e "$broken" ] && pairs+=("$broken" "${broken%.broken.txt}.truth.txt")
done
echo "edits by confidence (both languages), judged against the truth:"
target/release/examples/calibrate --data "$T" "${pairs[@]}" | sed -n '/^applied /,$p'
