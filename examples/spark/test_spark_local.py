#!/usr/bin/env python3
"""Runs examples/spark/piiscan_spark.py for real in Spark local mode (local[2]) over the fixtures
and one Parquet table written by Spark from fixture rows, and checks that the merged report equals
the report of one single-process piiscan scan over the same files and rows.

    python3 examples/spark/test_spark_local.py --piiscan .build/debug/piiscan

Exit code 0 and a last line `OK …` when everything matches; 77 when pyspark is missing.
Called by Tests/CLITests/SparkLocalTests.swift.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KEY = "piiscan-spark-test-key"
TEMPORARY = None  # the work directory to remove at the end (not with --keep)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def comparable(summary):
    """A summary without what legitimately differs between one scan and merged shards: the wall
    time, and the input count (each table partition is one JSON-lines stream); column summaries in
    a canonical order (merge sorts them)."""
    summary = dict(summary)
    for key in ("elapsed_seconds", "seconds", "files"):
        summary.pop(key, None)
    if "columns" in summary:
        summary["columns"] = sorted(summary["columns"], key=lambda c: (c["path"], c["table"], c["column"]))
    return summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--piiscan", required=True)
    parser.add_argument("--keep", help="keep the run's files in this directory")
    args = parser.parse_args()
    binary = os.path.abspath(args.piiscan)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("SKIP: pyspark is not installed (python3 -m pip install pyspark==3.5.3)")
        return 77

    os.chdir(ROOT)  # report paths are relative to the repository, as in the other tests
    global TEMPORARY
    work = args.keep or tempfile.mkdtemp(prefix="piiscan-spark-")
    TEMPORARY = None if args.keep else work
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, PIISCAN_KEY=KEY)
    os.environ["PIISCAN_KEY"] = KEY

    # A Parquet table from fixture rows, written (and read back as JSON lines) by Spark itself.
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("piiscan-test-setup")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    table = os.path.join(work, "customers.parquet")
    rows = spark.read.option("header", True).option("inferSchema", True).csv("fixtures/inputs/export/customers.csv")
    rows.repartition(3).write.mode("overwrite").parquet(table)
    partitions = spark.read.parquet(table).rdd.getNumPartitions()
    # Spark's toJSON leaves null fields out: a column's rows are the rows where it is set.
    jumin_rows = spark.read.parquet(table).where("jumin IS NOT NULL").count()
    reference_rows = os.path.join(work, "customers.jsonl")
    with open(reference_rows, "w", encoding="utf-8") as handle:
        for line in spark.read.parquet(table).toJSON().collect():
            handle.write(line + "\n")
    spark.stop()

    # The job, for real, in local mode.
    out = os.path.join(work, "out")
    started = time.time()
    job = subprocess.run([sys.executable, os.path.join(HERE, "piiscan_spark.py"), "--master", "local[2]",
                          "--piiscan", binary, "--out", out, "--partitions", "4",
                          "--parquet", "customers=" + table, "fixtures/inputs"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.time() - started
    sys.stdout.write(job.stdout.decode("utf-8", "replace"))
    if job.returncode != 2:  # the fixtures hold a truncated gzip: incomplete, as a single scan is
        fail("job exit code %d, expected 2\n%s" % (job.returncode, job.stderr.decode("utf-8", "replace")[-4000:]))

    listed = open(os.path.join(out, "inputs.list"), "rb").read().split(b"\0")[:-1]
    walked = []
    for root, dirs, files in os.walk("fixtures/inputs"):
        walked += [os.path.join(root, f) for f in files]
    if sorted(p.decode() for p in listed) != sorted(walked) or not walked:
        fail("the job's input list is not the fixture tree")
    shards = sorted(os.listdir(os.path.join(out, "shards")))
    file_shards = [s for s in shards if s.startswith("files-")]
    table_shards = [s for s in shards if s.startswith("table-")]
    if len(file_shards) != 4 or len(table_shards) != partitions or partitions < 2:
        fail("expected 4 file shards and %d (≥ 2) table shards, got %s" % (partitions, shards))

    # One single-process scan of the same files and the same rows.
    with open(reference_rows, "rb") as rows_in:
        single = subprocess.run([binary, "scan", "--files-from", os.path.join(out, "inputs.list"), "--stdin-format",
                                 "jsonl", "--source-name", "customers", "-", "--format", "json"],
                                stdin=rows_in, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if single.returncode != 2:
        fail("single scan exit code %d: %s" % (single.returncode, single.stderr.decode()))
    whole = json.loads(single.stdout)
    merged = json.load(open(os.path.join(out, "merged.json"), encoding="utf-8"))

    a, b = comparable(merged["summary"]), comparable(whole["summary"])
    if a != b:
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                print("summary.%s differs:\n  merged: %s\n  single: %s" % (key, json.dumps(a.get(key))[:600],
                                                                          json.dumps(b.get(key))[:600]))
        fail("the merged report differs from one scan")
    # Inputs: every file once, plus one JSON-lines stream per table partition.
    if merged["summary"]["files"] != whole["summary"]["files"] - 1 + partitions:
        fail("files: merged %d, single %d, table partitions %d"
             % (merged["summary"]["files"], whole["summary"]["files"], partitions))
    if len(merged["findings"]) != len(whole["findings"]):
        fail("findings: merged %d, single %d" % (len(merged["findings"]), len(whole["findings"])))
    if sorted(e["path"] for e in merged["errors"]) != sorted(e["path"] for e in whole["errors"]):
        fail("errors differ")
    table_columns = [c for c in merged["summary"].get("columns", []) if c["table"] == "customers"]
    jumin = [c for c in table_columns if c["column"] == "jumin"]
    if not jumin or jumin[0]["rows"] != jumin_rows or not 50 <= jumin_rows < 100:
        fail("column customers.jumin should have %d rows: %s" % (jumin_rows, jumin))
    if merged["summary"]["rows"] != 100:
        fail("the table has 100 rows, merged report says %s" % merged["summary"]["rows"])
    people = merged["summary"]["people"]
    estimate = json.load(open(os.path.join(out, "estimate.json"), encoding="utf-8"))
    if estimate["subjects"]["point"] != people["d"]:
        fail("estimate %s vs people %s" % (estimate["subjects"]["point"], people))
    print("OK local[2]: %d files in %d shards + %d rows of Parquet in %d partitions; %d findings, %d distinct "
          "people, equal to one scan; job wall time %.1f s"
          % (len(listed), len(file_shards), whole["summary"]["rows"], partitions, len(whole["findings"]),
             people["d"], wall))
    return 0


if __name__ == "__main__":
    code = main()
    if TEMPORARY:
        shutil.rmtree(TEMPORARY, ignore_errors=True)
    sys.exit(code)
