#!/usr/bin/env bash
# Cost of --redact: `records --redact all` against `records` on the same inputs, with
# pdftotext on the same files as the peer, all in this session. The three commands run
# in turn within each round (order rotated), so load from other processes hits them
# alike; prints medians of wall time and of CPU time (user + system of the child, less
# disturbed by a busy machine) and their ratios. Usage: bench/redact.sh [ROUNDS]
# (default 15)
#
# Inputs: fixtures/decks, and ../shared/decks when present.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-15}"
command -v pdftotext >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
}
cargo build --release -q -p deck-cli
BIN=target/release/deck-ingest

sets=("fixtures:fixtures/decks")
[ -d ../shared/decks ] && sets+=("shared-decks:../shared/decks")

python3 - "$BIN" "$ROUNDS" "${sets[@]}" <<'PY'
import glob, resource, statistics, subprocess, sys, time

bin_, rounds, sets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def timed(f):
    c, t = cpu(), time.perf_counter()
    f()
    return time.perf_counter() - t, cpu() - c

def run(argv):
    return timed(lambda: subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False))

print(f"{'set':<13} {'command':<24} {'wall_s':>8} {'vs_records':>10} {'vs_pdftotext':>12} {'cpu_s':>8} {'vs_records':>10} {'vs_pdftotext':>12}")
for entry in sets:
    name, folder = entry.split(":", 1)
    pdfs = sorted(glob.glob(f"{folder}/**/*.pdf", recursive=True))
    # One process per file, as pdftotext is used; records takes them all at once.
    def pdftotext():
        return timed(lambda: [subprocess.run(["pdftotext", "-q", f, "-"], stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL) for f in pdfs])
    base = [bin_, "records", "--jobs", "1", "--progress", "never", "-o", "/dev/null", folder]
    cmds = {
        "records": lambda: run(base),
        "records --redact all": lambda: run(base[:2] + ["--redact", "all"] + base[2:]),
        "pdftotext (per file)": pdftotext,
    }
    for c in cmds.values():  # warm-up: page cache, lazy loads
        c()
    times = {k: [] for k in cmds}
    keys = list(cmds)
    for r in range(rounds):
        for k in keys[r % len(keys):] + keys[: r % len(keys)]:
            times[k].append(cmds[k]())
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpus = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    peer = "pdftotext (per file)"
    for k in keys:
        print(f"{name:<13} {k:<24} {wall[k]:>8.4f} {wall[k] / wall['records']:>10.3f} "
              f"{wall[k] / wall[peer]:>12.3f} {cpus[k]:>8.4f} {cpus[k] / cpus['records']:>10.3f} "
              f"{cpus[k] / cpus[peer]:>12.3f}")
PY
