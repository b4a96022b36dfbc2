#!/usr/bin/env bash
# Do no harm on PDFs nobody made for this project: every repair deck-ingest applies to
# them, (1) through `records` (geometry) and (2) text-only, `deck-ingest repair` over
# their pdftotext output. Clean PDFs should get none; each one listed is to be judged.
# Usage: bench/do_no_harm.sh DIR...   (e.g. other extractors' test-suite checkouts;
#        needs pdftotext; files over 3 MB are skipped to keep the run short)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 DIR..." >&2; exit 2; }
cargo build --release -q -p deck-cli
BIN=target/release/deck-ingest
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
find "$@" -name '*.pdf' -size -3M | sort > "$T/list"
"$BIN" records --files-from "$T/list" -o "$T/records.jsonl" 2> "$T/summary" || :
echo "== records: applied repairs ($(wc -l < "$T/list") files; $(tail -1 "$T/summary")) =="
python3 - "$T/records.jsonl" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    for e in r.get("repairs") or []:
        if e.get("applied"):
            n += 1
            print(f'{r["source"]["path"]}\tp{e["page"]}\t{e["raw"]!r} -> {e["fixed"]!r}\t{e["reason"]} {e["confidence"]}')
print("applied:", n)
PY
echo "== text-only repair of pdftotext output: applied edits =="
files=0
: > "$T/edits"
while read -r f; do
  timeout 20 pdftotext -q "$f" "$T/t.txt" 2>/dev/null || continue
  [ -s "$T/t.txt" ] || continue
  files=$((files + 1))
  "$BIN" repair --explain "$T/t.txt" > /dev/null 2> "$T/e.jsonl" || :
  sed "s|^|$f\t|" "$T/e.jsonl" >> "$T/edits"
done < "$T/list"
python3 - "$T/edits" "$files" <<'PY'
import json, sys
applied = reported = 0
for line in open(sys.argv[1], encoding="utf-8"):
    path, _, js = line.rstrip("\n").partition("\t")
    try:
        e = json.loads(js)
    except ValueError:
        continue
    if e.get("applied"):
        applied += 1
        print(f'{path}\tline {e["line"]}\t{e["before"]!r} -> {e["after"]!r}\t{e["reason"]} {e["confidence"]}')
    else:
        reported += 1
print(f"{sys.argv[2]} files with text: applied {applied}, reported (not applied) {reported}")
PY
