#!/usr/bin/env python3
"""CPU time (user + system) of one process per file, deck-ingest against mutool and
pdftotext: the measure that stays put on a loaded machine, where wall time does not.

usage: bench/cpu_time.py [--bin target/release/deck-ingest] [--runs 5] DIR...
Per file, every tool runs `--runs` times, alternating; the per-file medians are summed
per folder. Prints the sums in ms and deck-ingest's ratio to each peer. Wall time is
what users see and bench/compare.sh reports it; on an idle machine the two agree for
single-threaded tools (deck-ingest interprets pages of large documents on several
threads, so its wall time can be below its CPU time).
"""
import argparse, os, resource, statistics, subprocess, sys


def cpu(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/deck-ingest")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    tools = {
        "deck-ingest": lambda f: [a.bin, "text", "--raw", f],
        "mutool": lambda f: ["mutool", "draw", "-q", "-F", "txt", "-o", "/dev/null", f],
        "pdftotext": lambda f: ["pdftotext", "-q", f, "/dev/null"],
    }
    for d in a.dirs:
        files = sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(".pdf"))
        total = {t: 0.0 for t in tools}
        for f in files:
            samples = {t: [] for t in tools}
            for _ in range(a.runs):
                for t, cmd in tools.items():
                    samples[t].append(cpu(cmd(f)))
            for t in tools:
                total[t] += statistics.median(samples[t])
        ms = {t: v * 1000 for t, v in total.items()}
        print(f"{d}: {len(files)} files; CPU ms " + ", ".join(f"{t} {v:.0f}" for t, v in ms.items())
              + f"; deck-ingest/mutool {ms['deck-ingest'] / ms['mutool']:.2f}, "
              f"deck-ingest/pdftotext {ms['deck-ingest'] / ms['pdftotext']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
