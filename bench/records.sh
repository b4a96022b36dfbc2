#!/usr/bin/env bash
# Speed of `records` (the whole pipeline, topics included) on the fixture decks and the
# shared real decks, against pdftotext on the same files in the same session, and
# against a baseline binary when one is given. Medians of hyperfine runs.
#
# Usage: bench/records.sh [RUNS] [BASELINE_BINARY]
#   RUNS                 runs per command (default 10)
#   BASELINE_BINARY      e.g. a deck-ingest built from main, to compare against
#
# Prints, per input set: median seconds of each command, and its ratio to pdftotext
# and to the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-10}"
BASE="${2:-}"
OUT=bench/out
mkdir -p "$OUT"

command -v hyperfine >/dev/null && command -v pdftotext >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine poppler-utils >/dev/null
}
cargo build --release -q -p deck-cli
BIN=target/release/deck-ingest

sets=("fixtures:fixtures/decks")
[ -d ../shared/decks ] && sets+=("shared-decks:../shared/decks")

median() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }

printf '%-13s %-10s %9s %11s %11s\n' set command median_s vs_pdftotext vs_baseline
for entry in "${sets[@]}"; do
  name="${entry%%:*}"; dir="${entry#*:}"
  list="$OUT/$name.list"
  find "$dir" -name '*.pdf' | sort > "$list"
  # The peer: pdftotext once per file, as a user would run it.
  hyperfine -N -w 1 -r "$RUNS" --export-json "$OUT/rec-$name-pdftotext.json" \
    "bash -c 'while read -r f; do pdftotext -q \"\$f\" - >/dev/null; done < $list'" >/dev/null
  peer=$(median "$OUT/rec-$name-pdftotext.json")
  hyperfine -N -w 1 -r "$RUNS" --export-json "$OUT/rec-$name-new.json" \
    "$BIN records --jobs 1 --progress never -o /dev/null $dir" >/dev/null 2>&1
  new=$(median "$OUT/rec-$name-new.json")
  base=""
  if [ -n "$BASE" ]; then
    hyperfine -N -w 1 -r "$RUNS" --export-json "$OUT/rec-$name-base.json" \
      "$BASE records --jobs 1 --progress never -o /dev/null $dir" >/dev/null 2>&1
    base=$(median "$OUT/rec-$name-base.json")
  fi
  python3 - "$name" "$peer" "$new" "$base" <<'PY'
import sys
name, peer, new, base = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print(f"{name:<13} {'pdftotext':<10} {peer:9.3f} {1.0:11.2f} {'':>11}")
if base:
    b = float(base)
    print(f"{name:<13} {'baseline':<10} {b:9.3f} {b/peer:11.2f} {1.0:11.2f}")
    print(f"{name:<13} {'records':<10} {new:9.3f} {new/peer:11.2f} {new/b:11.2f}")
else:
    print(f"{name:<13} {'records':<10} {new:9.3f} {new/peer:11.2f} {'':>11}")
PY
done
