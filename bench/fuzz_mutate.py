#!/usr/bin/env python3
"""Mutation fuzzing of the whole pipeline: `records` on damaged copies of real PDFs.

Usage: bench/fuzz_mutate.py BIN N SEED [--jobs J] [--max-bytes B]

Takes the PDFs of ../shared/corpus/pdfs (when present), fixtures/text and fixtures/decks
(files under --max-bytes, default 3 MB), and N times picks one at random (seeded) and
damages it with 1 to 30 mutations: byte flips, PDF tokens inserted (huge lengths and
counts, broken references, operators, dictionary brackets), cuts, truncation, copied
spans, references pointed at objects that do not exist. Each copy goes through
`BIN records --jobs J` under a 4 GB address-space limit (prlimit). A run is bad when it
exits other than 0 or 1, panics (a panic error record or message), or takes over 60 s;
bad inputs are kept in bench/out/fuzz/ for a look. The CI test tests/it/mutation.rs
holds a fixed, smaller set of such cases; this script explores further.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENS = [
    b"999999999", b"-1", b"0", b"/Length 99999999", b"<<", b">>", b"[", b"]", b"R", b"obj",
    b"endobj", b"stream", b"endstream", b"/Type /Page", b"/Kids [1 0 R]", b"/FlateDecode",
    b"4294967295", b"1e308", b"/Identity-H", b"/ToUnicode 1 0 R", b"(", b")", b"\\", b"BT",
    b"ET", b"Tj", b"TJ", b"Do", b"q", b"Q", b"cm", b"/W [0 [1e30]]", b"trailer", b"xref",
    b"startxref",
]


def sources(max_bytes):
    dirs = [os.path.join(ROOT, "../shared/corpus/pdfs"), os.path.join(ROOT, "fixtures/text"),
            os.path.join(ROOT, "fixtures/decks")]
    out = []
    for d in dirs:
        if not os.path.isdir(d):
            print(f"note: {d} is absent", file=sys.stderr)
            continue
        for f in sorted(os.listdir(d)):
            p = os.path.join(d, f)
            if f.endswith(".pdf") and os.path.getsize(p) < max_bytes:
                out.append(p)
    return out


def mutate(rng, data):
    b = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        if len(b) < 2:
            break
        k, p = rng.random(), rng.randrange(len(b))
        if k < 0.3:
            b[p] = rng.randrange(256)
        elif k < 0.5:
            b[p:p] = rng.choice(TOKENS)
        elif k < 0.6:
            del b[p:p + rng.randint(1, 64)]
        elif k < 0.7:
            del b[p:]
        elif k < 0.85:
            q = rng.randrange(len(b))
            b[p:p] = b[q:q + rng.randint(1, 200)]
        else:
            i = b.find(b" 0 R", p)
            if i > 0:
                b[i:i + 4] = b" 99999 0 R"
    return bytes(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bin")
    ap.add_argument("n", type=int)
    ap.add_argument("seed", type=int)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--max-bytes", type=int, default=3_000_000)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    files = sources(args.max_bytes)
    if not files:
        sys.exit("no PDFs to mutate")
    keep = os.path.join(ROOT, "bench/out/fuzz")
    os.makedirs(keep, exist_ok=True)
    case = os.path.join(keep, f"case-{os.getpid()}.pdf")
    bad = 0
    for i in range(args.n):
        src = rng.choice(files)
        with open(src, "rb") as f:
            data = mutate(rng, f.read())
        with open(case, "wb") as f:
            f.write(data)
        cmd = ["prlimit", "--as=4000000000", args.bin, "records", "--jobs", str(args.jobs), case]
        start = time.time()
        try:
            r = subprocess.run(cmd, capture_output=True, timeout=120)
        except subprocess.TimeoutExpired:
            r = None
        secs = time.time() - start
        out = r.stdout.decode("utf-8", "replace") if r else ""
        panicked = any('"kind":"panic"' in line for line in out.splitlines()) or (
            r is not None and b"panicked" in r.stderr)
        if r is None or r.returncode not in (0, 1) or panicked or secs > 60:
            bad += 1
            kept = os.path.join(keep, f"bad-{args.seed}-{i}.pdf")
            os.replace(case, kept)
            status = "timeout" if r is None else f"exit {r.returncode}"
            print(f"BAD {status} {secs:.1f} s from {os.path.basename(src)}: {kept}", flush=True)
    if os.path.exists(case):
        os.remove(case)
    print(json.dumps({"cases": args.n, "seed": args.seed, "jobs": args.jobs, "bad": bad}))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
