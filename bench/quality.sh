#!/usr/bin/env bash
# Quality measurements over ../shared (the development corpus), in one run:
#  1. corpus: similarity of `deck-ingest text --raw` to pdftotext, per file and median;
#  2. spacing decks: word accuracy / split / glued for deck-ingest (geometry alone, and
#     repaired), pdftotext, PyMuPDF and pdfminer.six;
#  3. seed: `deck-ingest repair` on the broken extraction;
#  4. clean text: `deck-ingest repair` over pdftotext of every corpus file must change
#     no word break (counted).
# Usage: bench/quality.sh   (needs ../shared; installs poppler-utils / pymupdf / pdfminer.six)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
[ -d "$SHARED" ] || { echo "skipped: $SHARED is absent"; exit 0; }
command -v pdftotext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }
python3 -c 'import pymupdf, pdfminer' 2>/dev/null || pip install -q pymupdf pdfminer.six
cargo build --release -q -p deck-cli
BIN=target/release/deck-ingest
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
TOOLS=$SHARED/tools

echo "== corpus: deck-ingest text --raw vs pdftotext (seq_ratio) =="
: > "$T/sims"
for f in "$SHARED"/corpus/pdfs/*.pdf; do
  pw=(); ppw=()
  case "$f" in *password*) pw=(--password openpassword); ppw=(-upw openpassword) ;; esac
  pdftotext -q "${ppw[@]}" "$f" "$T/ref.txt" 2>/dev/null || : > "$T/ref.txt"
  "$BIN" text --raw "${pw[@]}" "$f" > "$T/ours.txt" 2>/dev/null || : > "$T/ours.txt"
  if [ "$(tr -d '[:space:]' < "$T/ref.txt" | wc -c)" -eq 0 ]; then
    printf '%-50s   (no text in pdftotext)\n' "$(basename "$f")"; continue
  fi
  s=$(python3 "$TOOLS/text_similarity.py" "$T/ref.txt" "$T/ours.txt" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq_ratio"])')
  echo "$s" >> "$T/sims"
  printf '%-50s %.3f\n' "$(basename "$f")" "$s"
done
python3 -c 'import statistics,sys; v=[float(x) for x in open(sys.argv[1])]; print(f"median {statistics.median(v):.3f} over {len(v)} files with text; below 0.9: {sum(x<0.9 for x in v)}")' "$T/sims"

score() { python3 "$TOOLS/spacing_score.py" "$1" "$2" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.4f/%s/%s" % (d["word_accuracy"], d["missed_joins"], d["false_joins"]) if d.get("ok") else "text-differs")'; }
echo
echo "== spacing decks: word accuracy/left split/glued =="
printf '%-8s %-18s %-18s %-18s %-18s %-18s\n' deck ours-raw ours-repaired pdftotext pymupdf pdfminer
for f in "$SHARED"/spacing-decks/deck_*.pdf; do
  truth="${f%.pdf}.truth.txt"
  "$BIN" text --raw "$f" > "$T/raw.txt"; "$BIN" text "$f" > "$T/rep.txt"
  pdftotext "$f" "$T/pt.txt"
  python3 -c 'import sys,pymupdf; print("\f".join(p.get_text() for p in pymupdf.open(sys.argv[1])))' "$f" > "$T/mu.txt"
  python3 -c 'import sys; from pdfminer.high_level import extract_text; print(extract_text(sys.argv[1]))' "$f" > "$T/pm.txt"
  printf '%-8s %-18s %-18s %-18s %-18s %-18s\n' "$(basename "$f" .pdf)" "$(score "$truth" "$T/raw.txt")" "$(score "$truth" "$T/rep.txt")" \
    "$(score "$truth" "$T/pt.txt")" "$(score "$truth" "$T/mu.txt")" "$(score "$truth" "$T/pm.txt")"
done

echo
echo "== seed: deck-ingest repair =="
"$BIN" repair "$SHARED/seed/broken.txt" > "$T/seed.txt"
echo "raw      $(score "$SHARED/seed/truth.txt" "$SHARED/seed/broken.txt")"
echo "repaired $(score "$SHARED/seed/truth.txt" "$T/seed.txt")"

echo
echo "== clean text: word breaks changed by repair over pdftotext output =="
total=0
for f in "$SHARED"/corpus/pdfs/*.pdf; do
  ppw=(); case "$f" in *password*) ppw=(-upw openpassword) ;; esac
  pdftotext -q "${ppw[@]}" "$f" "$T/c.txt" 2>/dev/null || continue
  "$BIN" repair "$T/c.txt" > "$T/c.rep"
  n=$(python3 "$TOOLS/spacing_score.py" "$T/c.txt" "$T/c.rep" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("missed_joins",0)+d.get("false_joins",0) if d.get("ok",True) else 99999)')
  total=$((total + n))
  [ "$n" -eq 0 ] || echo "$(basename "$f"): $n breaks changed"
done
echo "changed breaks over the corpus: $total"
