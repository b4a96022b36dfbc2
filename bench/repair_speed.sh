#!/usr/bin/env bash
# Wall-clock speed of the repair bench (crates/repair/benches/throughput.rs, one core),
# with a peer timed in the same session so the host's drift shows: poppler's pdftotext
# over ../shared/decks (or fixtures/decks), whose extracted text bytes per second are the
# yardstick. Runs alternate (bench, peer[, base bench]) so load changes hit all alike.
# Usage: bench/repair_speed.sh [RUNS]            (default 5; medians printed)
#        BASE_BENCH=/path/to/old/throughput-* bench/repair_speed.sh 7   (compare versions)
# Prints per case the median MB/s, and the worst case's ratio to pdftotext's text MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is needed" >&2; exit 1; }
cargo bench -p deck-repair --bench throughput --no-run -q 2>/dev/null || true
bench=$(ls -t target/release/deps/throughput-* | grep -v '\.d$' | head -1)
decks=../shared/decks
[ -d "$decks" ] || decks=fixtures/decks
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

peer() {
  local start end bytes=0 f
  start=$(date +%s.%N)
  for f in "$decks"/*.pdf; do "${pin[@]}" pdftotext -q "$f" "$tmp/out.txt"; bytes=$((bytes + $(stat -c %s "$tmp/out.txt"))); done
  end=$(date +%s.%N)
  python3 -c "print($bytes / 1e6 / ($end - $start))"
}

for i in $(seq "$runs"); do
  "${pin[@]}" "$bench" | sed -n 's/^\(.*\): .* = \([0-9.]*\) MB\/s.*/\1\t\2/p' >>"$tmp/new"
  echo "pdftotext	$(peer)" >>"$tmp/peer"
  if [ -n "${BASE_BENCH:-}" ]; then
    "${pin[@]}" "$BASE_BENCH" | sed -n 's/^\(.*\): .* = \([0-9.]*\) MB\/s.*/\1\t\2/p' >>"$tmp/base"
  fi
done

python3 - "$tmp" <<'EOF'
import statistics, sys, os
d = sys.argv[1]
def load(name):
    out = {}
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return out
    for line in open(p):
        k, v = line.rstrip("\n").split("\t")
        out.setdefault(k, []).append(float(v))
    return out
new, base, peer = load("new"), load("base"), load("peer")
pt = statistics.median(peer["pdftotext"])
print(f"pdftotext (text MB/s over the decks): median {pt:.2f} of {peer['pdftotext']}")
for case, vals in new.items():
    m = statistics.median(vals)
    line = f"{case}: median {m:.1f} MB/s {vals}, {m / pt:.2f}x pdftotext"
    if case in base:
        b = statistics.median(base[case])
        line += f"; base {b:.1f} MB/s {base[case]} ({m / b:.3f}x)"
    print(line)
EOF
