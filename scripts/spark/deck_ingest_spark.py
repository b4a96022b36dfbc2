#!/usr/bin/env python3
"""Run deck-ingest over a listing of PDFs on Apache Spark, with RDD.pipe.

Spark distributes the listing; each partition's paths are piped, one per line, into
`deck-ingest records --files-from -` on whichever executor holds the partition, and
the JSON Lines that come back form the output RDD. Nothing is coordinated by us:
Spark schedules, retries and collects. The binary and the PDFs must be reachable
from every executor at the same paths (a shared file system, or ship the binary
with --files and use relative paths).

usage: deck_ingest_spark.py --bin PATH --out DIR [--partitions N] [--master URL] PDF_OR_DIR...

Records come out grouped by partition; within one partition in sorted input order.
A failed file yields its error record like everywhere else; a non-zero exit of
deck-ingest (1 = some files failed) is expected and does not fail the task.
"""
import argparse
import json
import os
import shlex
import sys


def listing(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _dirs, files in os.walk(p):
                out += [os.path.join(root, f) for f in files if f.lower().endswith(".pdf")]
        else:
            out.append(p)
    return sorted(set(out))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--bin", required=True, help="path to the deck-ingest binary")
    ap.add_argument("--out", required=True, help="output folder (Spark text files, one JSON record a line)")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(args.master).appName("deck-ingest")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        files = listing(args.inputs)
        binary = os.path.abspath(args.bin)
        # deck-ingest exits 1 when some inputs failed (their error records are in the
        # output), so wrap it to keep that from failing the Spark task; 2 = usage still fails.
        cmd = ["/bin/sh", "-c", f'"{binary}" records --files-from - --jobs 1 --progress never; '
               'rc=$?; [ $rc -le 1 ] || exit $rc']
        rdd = spark.sparkContext.parallelize(files, max(1, min(args.partitions, len(files))))
        # PySpark's pipe takes one command string and splits it with shlex.
        records = rdd.pipe(shlex.join(cmd), checkCode=True)
        records.saveAsTextFile(args.out)
        counts = records.map(lambda line: json.loads(line)["schema"]).countByValue()
        print(json.dumps({"files": len(files), "records": dict(counts)}, sort_keys=True))
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
