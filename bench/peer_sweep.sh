#!/usr/bin/env bash
# Runs every PDF under the given folders (peers' test files; nothing of them is committed
# here) through `text --raw` with a 30 s timeout and prints one line per file; lines
# starting with BAD are crashes (exit status other than 0 or 1, or a panic message) or
# timeouts, which are bugs.
# usage: bench/peer_sweep.sh [BIN] DIR...   (BIN defaults to target/release/deck-ingest)
set -u
bin=target/release/deck-ingest
if [ -x "${1:-}" ] && [ -f "$1" ]; then bin=$1; shift; fi
err=$(mktemp); trap 'rm -f "$err"' EXIT
for d in "$@"; do find "$d" -type f -iname '*.pdf'; done | sort | while read -r f; do
  start=$(date +%s.%N)
  timeout 30 "$bin" text --raw "$f" >/dev/null 2>"$err"; rc=$?
  t=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(date +%s.%N)")
  if [ $rc -ge 124 ] || { [ $rc -ne 0 ] && [ $rc -ne 1 ]; } || grep -q panick "$err"; then
    echo "BAD rc=$rc t=${t}s $f: $(head -c 200 "$err")"
  else
    echo "ok rc=$rc t=${t}s $f"
  fi
done
