#!/usr/bin/env python3
"""Runs other extractors' own text-extraction test cases against deck-ingest, pdftotext
and mutool, and prints pass counts.

usage: bench/peer_suite.py [--bin target/release/deck-ingest] [-v] SUITE...
SUITE is a local checkout of a peer's repository (nothing of it is committed here):
  - pdfminer.six: its tests/test_highlevel_extracttext.py `test_strings` and samples/
  - any folder with a cases.tsv: lines "relative/path.pdf<TAB>expected text" (\\n escapes)
A case passes when its expected text occurs in the tool's output once both are
normalised: NFKC, Unicode format characters (category Cf, e.g. soft hyphens) dropped,
all whitespace removed (layout differences in line and word spacing count against no
one). pdfminer's `(cid:N)` placeholders and the `_no_boxes_flow` variant are skipped:
they test pdfminer's own layout options, not the text.
"""
import argparse, ast, os, subprocess, sys, unicodedata


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c) != "Cf")


def pdfminer_cases(root):
    path = os.path.join(root, "tests", "test_highlevel_extracttext.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "test_strings" for t in node.targets):
            strings = ast.literal_eval(node.value)
            for name, want in strings.items():
                if name.endswith("_no_boxes_flow") or "(cid:" in want:
                    continue
                yield os.path.join(root, "samples", name), want


def tsv_cases(root):
    for line in open(os.path.join(root, "cases.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            name, want = line.rstrip("\n").split("\t", 1)
            yield os.path.join(root, name), want.replace("\\n", "\n")


def run(tool, pdf, binary):
    cmd = {
        "deck-ingest": [binary, "text", "--raw", pdf],
        "pdftotext": ["pdftotext", "-q", pdf, "-"],
        "mutool": ["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf],
    }[tool]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=60)
        return r.stdout.decode("utf-8", "replace")
    except (subprocess.TimeoutExpired, OSError):
        return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/deck-ingest")
    ap.add_argument("-v", action="store_true", help="print every case")
    ap.add_argument("suites", nargs="+")
    a = ap.parse_args()
    tools = ["deck-ingest", "pdftotext", "mutool"]
    cases = []
    for root in a.suites:
        if os.path.exists(os.path.join(root, "cases.tsv")):
            cases += list(tsv_cases(root))
        elif os.path.exists(os.path.join(root, "tests", "test_highlevel_extracttext.py")):
            cases += list(pdfminer_cases(root))
        else:
            print(f"skipped: {root} is no suite this script knows", file=sys.stderr)
    passed = {t: 0 for t in tools}
    for pdf, want in cases:
        row = []
        for t in tools:
            ok = norm(want) in norm(run(t, pdf, a.bin))
            passed[t] += ok
            row.append("pass" if ok else "FAIL")
        if a.v:
            print(f"{os.path.relpath(pdf):60} " + " ".join(f"{t}={r}" for t, r in zip(tools, row)))
    for t in tools:
        print(f"{t:12} {passed[t]} / {len(cases)}")


if __name__ == "__main__":
    main()
