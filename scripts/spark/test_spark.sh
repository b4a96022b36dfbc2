#!/usr/bin/env bash
# Runs the Spark recipe on the fixture decks in local mode and checks that Spark's
# output holds exactly the records the plain CLI writes (order aside).
# Needs Java 17 and pyspark (installed here from PyPI when missing). Not part of
# .ci/run: starting a Spark JVM takes ~20 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import pyspark' 2>/dev/null || pip install -q pyspark
cargo build --release -q -p deck-cli
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
python3 scripts/spark/deck_ingest_spark.py --bin target/release/deck-ingest --out "$tmp/spark" \
  --partitions 3 fixtures/decks fixtures/invalid
echo "spark run: $(( $(date +%s) - start )) s"
cat "$tmp"/spark/part-* | sort > "$tmp/spark.jsonl"
target/release/deck-ingest records --progress never fixtures/decks fixtures/invalid 2>/dev/null | sort > "$tmp/cli.jsonl" || true
if cmp -s "$tmp/spark.jsonl" "$tmp/cli.jsonl"; then
  echo "ok: spark output equals the CLI's ($(wc -l < "$tmp/cli.jsonl") records)"
else
  echo "FAIL: spark output differs from the CLI's"; diff "$tmp/spark.jsonl" "$tmp/cli.jsonl" | head; exit 1
fi
