#!/usr/bin/env bash
# Peak memory and time of `deck-ingest repair` on large and hostile plain text (generated
# here, nothing from ../shared): one 40 MB line of one-letter words (the costliest tokens:
# every space is a candidate), 40 MB of short lines of Norwegian words and pieces, and the
# same with --explain (an edit reported per word). The repairer's memory is bounded by a
# part of the input (crates/repair README, "What it promises"); the input itself is held.
# Usage: bench/repair_memory.sh   (builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p deck-cli
BIN=target/release/deck-ingest
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 - "$T" <<'PY'
import random, sys
d = sys.argv[1]
open(f"{d}/one-line.txt", "w").write(" ".join("s" for _ in range(20_000_000)))
rng = random.Random(3)
w = ["fylkes", "tinget", "s", "amarbeids", "avtaler", "med", "amtlige", "og", "kommunen", "er", "det", "i", "på"]
open(f"{d}/short-lines.txt", "w").write("\n".join(" ".join(rng.choice(w) for _ in range(12)) for _ in range(600_000)))
PY
for f in one-line short-lines; do
  printf '%-12s %6s MB  ' "$f" "$(( $(wc -c < "$T/$f.txt") / 1000000 ))"
  /usr/bin/time -f "repair: %e s, peak RSS %M KB" "$BIN" repair "$T/$f.txt" 2>&1 >/dev/null | tail -1
  printf '%-12s %6s     ' "" "" 
  /usr/bin/time -o "$T/time" -f "repair --explain: %e s, peak RSS %M KB" "$BIN" repair --explain "$T/$f.txt" >/dev/null 2>"$T/explain"
  echo "$(cat "$T/time") ($(wc -l < "$T/explain") edits)"
done
