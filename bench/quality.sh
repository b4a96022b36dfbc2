#!/usr/bin/env bash
# Quality measurements over ../shared (the development corpus), in one run:
#  1. corpus: similarity of `deck-ingest text --raw` to pdftotext, per file and median;
#  2. spacing decks: word accuracy / split / glued for deck-ingest (geometry alone, and
#     repaired), pdftotext, PyMuPDF and pdfminer.six;
#  3. repair without geometry: `deck-ingest repair` on the seed, on pdftotext and
#     pdfminer.six output of the Bokmål spacing decks and on the Nynorsk text pairs; then
#     every edit judged against the truth, by confidence bucket (crates/repair/examples/
#     calibrate.rs);
#  4. do no harm: repairs `records` applies to the clean real decks and the corpus
#     (listed), and word breaks `deck-ingest repair` changes in their pdftotext output.
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
echo "== repair without geometry: word accuracy/left split/glued =="
cargo build --release -q -p deck-repair --example calibrate
pairs=()
"$BIN" repair "$SHARED/seed/broken.txt" > "$T/seed.txt"
echo "seed raw $(score "$SHARED/seed/truth.txt" "$SHARED/seed/broken.txt")  repaired $(score "$SHARED/seed/truth.txt" "$T/seed.txt")"
pairs+=("$SHARED/seed/broken.txt" "$SHARED/seed/truth.txt")
for f in "$SHARED"/spacing-decks/deck_*.pdf; do
  b=$(basename "$f" .pdf); truth="${f%.pdf}.truth.txt"
  pdftotext -enc UTF-8 "$f" "$T/$b.pt.txt"
  python3 -c 'import sys; from pdfminer.high_level import extract_text; sys.stdout.write(extract_text(sys.argv[1]))' "$f" > "$T/$b.pm.txt"
  for x in pt pm; do
    "$BIN" repair "$T/$b.$x.txt" > "$T/$b.$x.rep"
    echo "nb $b $x raw $(score "$truth" "$T/$b.$x.txt")  repaired $(score "$truth" "$T/$b.$x.rep")"
    pairs+=("$T/$b.$x.txt" "$truth")
  done
done
for broken in "$SHARED"/spacing-decks-nn/text/deck_*.broken.txt "$SHARED"/spacing-decks-nn/text/pdfminer/deck_*.broken.txt; do
  truth="${broken%.broken.txt}.truth.txt"
  "$BIN" repair "$broken" > "$T/nn.rep"
  echo "nn ${broken#"$SHARED"/spacing-decks-nn/text/} raw $(score "$truth" "$broken")  repaired $(score "$truth" "$T/nn.rep")"
  pairs+=("$broken" "$truth")
done
echo
echo "== repair without geometry: edits by confidence, judged against the truth =="
target/release/examples/calibrate "${pairs[@]}" | sed -n '/^applied /,$p'

echo
echo "== do no harm: repairs applied by records to clean real decks and the corpus =="
for dir in decks corpus/pdfs; do
  # Exit status 1 is expected: the corpus has an encrypted and a broken file.
  { "$BIN" records --jobs 2 "$SHARED/$dir" 2>/dev/null || true; } | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    r = json.loads(line)
    for e in r.get("repairs", []):
        if e["applied"]:
            n += 1
            print("  %s p%s %r -> %r (%s %.3f)" % (r["source"]["path"].split("/")[-1], e["page"], e["raw"], e["fixed"], e["reason"], e["confidence"]))
print("%s: %d applied" % (sys.argv[1], n))' "$dir"
done

echo
echo "== do no harm: word breaks changed by repair over pdftotext output of clean files =="
total=0
for f in "$SHARED"/decks/*.pdf "$SHARED"/corpus/pdfs/*.pdf; do
  ppw=(); case "$f" in *password*) ppw=(-upw openpassword) ;; esac
  pdftotext -q -enc UTF-8 "${ppw[@]}" "$f" "$T/c.txt" 2>/dev/null || continue
  "$BIN" repair "$T/c.txt" > "$T/c.rep"
  n=$(python3 "$TOOLS/spacing_score.py" "$T/c.txt" "$T/c.rep" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("missed_joins",0)+d.get("false_joins",0) if d.get("ok",True) else 99999)')
  total=$((total + n))
  [ "$n" -eq 0 ] || echo "$(basename "$f"): $n breaks changed"
done
echo "changed breaks over the clean decks and the corpus: $total"
