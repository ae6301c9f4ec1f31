#!/usr/bin/env python3
"""Scan a data lake for personal data with piiscan on Apache Spark, and merge the results exactly.

Files: the driver lists the inputs (local paths, directories expanded; or a listing file with one
path per line, e.g. from `hdfs dfs -ls -C -R` or `aws s3 ls --recursive`, rewritten to where the
executors mount it with --path-map), packs them into partitions balanced by size, and each task
runs `piiscan scan --files-from - --format json` on its partition. Tables: each `--parquet
NAME=PATH` table is read by Spark itself and streamed, partition by partition, as JSON lines to
`piiscan scan - --stdin-format jsonl --source-name NAME --format json`.

The shard reports are collected on the driver, written to OUT/shards/, merged with `piiscan merge`
(exact: counts add, distinct-value sketches merge) into OUT/merged.json, and estimated with
`piiscan estimate --format json` into OUT/estimate.json.

    spark-submit --master local[4] examples/spark/piiscan_spark.py \\
        --piiscan /usr/local/bin/piiscan --out /tmp/piiscan-run /data/exports

PIISCAN_KEY (or --key-file, a path readable on every executor) keys the fingerprints: reports
merge only when every shard used the same key.
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import time

SKIPPED_DIRECTORIES = {".git", ".hg", ".svn"}


def list_inputs(paths, listing, path_maps):
    """The files to scan, sorted: directories are expanded (VCS directories skipped, symbolic links
    to directories not followed, as piiscan does), listings are read as given, paths that cannot
    be read are kept so that exactly one shard reports their error."""
    found = []
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRECTORIES
                                 and not os.path.islink(os.path.join(root, d)))
                found.extend(os.path.join(root, name) for name in files)
        else:
            found.append(path)
    if listing:
        with open(listing, "rb") as handle:
            data = handle.read()
        separator = b"\0" if b"\0" in data else b"\n"
        for entry in data.split(separator):
            entry = entry.rstrip(b"\r").decode("utf-8", "surrogateescape")
            if entry:
                found.append(entry)
    mapped = []
    for path in found:
        for source, target in path_maps:
            if path.startswith(source):
                path = target + path[len(source):]
                break
        mapped.append(path)
    return sorted(set(mapped))


def pack(paths, partitions):
    """Greedy bin packing by size (largest first, ties by path) into `partitions` lists, the same
    rule as `piiscan scan --shard`: deterministic, and within 4/3 of the best balance."""
    def size(path):
        try:
            info = os.stat(path)
            return info.st_size if stat.S_ISREG(info.st_mode) else 0
        except OSError:
            return 0
    bins = [[] for _ in range(partitions)]
    loads = [0] * partitions
    for path in sorted(paths, key=lambda p: (-size(p), p.encode("utf-8", "surrogateescape"))):
        target = min(range(partitions), key=lambda b: (loads[b], b))
        bins[target].append(path)
        loads[target] += size(path)
    return [sorted(b) for b in bins]


def resolve_binary(path):
    """The piiscan binary on this machine: the given path, else a copy shipped with
    `spark-submit --files .../piiscan` (SparkFiles), made executable."""
    found = shutil.which(path)
    if found:
        return found
    from pyspark import SparkFiles
    shipped = SparkFiles.get(os.path.basename(path))
    if os.path.exists(shipped):
        os.chmod(shipped, 0o755)
        return shipped
    raise RuntimeError("piiscan binary not found on this executor: %s" % path)


def run_piiscan(binary, arguments, stdin_bytes, environment):
    """Runs piiscan and returns its JSON report; exit codes 0 (clean), 1 (findings) and 2 (an input
    not read completely: the report says which) all come with a report."""
    env = dict(os.environ)
    env.update(environment)
    process = subprocess.run([resolve_binary(binary)] + arguments, input=stdin_bytes,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if process.returncode not in (0, 1, 2) or not process.stdout.startswith(b"{"):
        raise RuntimeError("piiscan failed (exit %d): %s" % (
            process.returncode, process.stderr.decode("utf-8", "replace")[-2000:]))
    return process.stdout.decode("utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="local files or directories (readable on the executors)")
    parser.add_argument("--listing", help="file listing paths (one per line, or NUL-separated)")
    parser.add_argument("--path-map", action="append", default=[], metavar="FROM=TO",
                        help="rewrite listed paths starting with FROM (hdfs://nn/data) to TO (/mnt/hdfs/data)")
    parser.add_argument("--parquet", action="append", default=[], metavar="NAME=PATH",
                        help="a Parquet table to scan column by column (repeatable)")
    parser.add_argument("--piiscan", default=os.environ.get("PIISCAN_BIN", "piiscan"),
                        help="piiscan binary on the executors (default $PIISCAN_BIN); a name shipped with --files works too")
    parser.add_argument("--key-file", help="fingerprint key file readable on every executor (default: $PIISCAN_KEY)")
    parser.add_argument("--out", required=True, help="output directory (driver side)")
    parser.add_argument("--partitions", type=int, default=0, help="file partitions (default: Spark's default parallelism)")
    parser.add_argument("--threads", type=int, default=1, help="piiscan threads per task (default 1: Spark runs tasks in parallel)")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (e.g. local[2])")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName("piiscan")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext

    if args.key_file:
        key_arguments, environment = ["--key-file", args.key_file], {}
    elif os.environ.get("PIISCAN_KEY"):
        # Tasks get the key in their environment (shard reports merge only with the same key).
        key_arguments, environment = [], {"PIISCAN_KEY": os.environ["PIISCAN_KEY"]}
    else:
        sys.exit("piiscan_spark: set PIISCAN_KEY or --key-file: shard reports merge only with one fixed key")
    binary, threads = args.piiscan, str(args.threads)
    if os.path.exists(binary):  # a path relative to the driver's directory
        binary = os.path.abspath(binary)

    started = time.time()
    shards_directory = os.path.join(args.out, "shards")
    os.makedirs(shards_directory, exist_ok=True)
    reports = []

    # Files: one task per partition, each scanning its list.
    path_maps = [tuple(item.split("=", 1)) for item in args.path_map]
    paths = list_inputs(args.inputs, args.listing, path_maps)
    with open(os.path.join(args.out, "inputs.list"), "wb") as handle:
        handle.write(b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths))
    if paths:
        partitions = max(1, min(len(paths), args.partitions or sc.defaultParallelism))
        bins = pack(paths, partitions)

        def scan_files(index, items):
            for batch in items:
                if not batch:
                    continue
                listing = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in batch)
                report = run_piiscan(binary, ["scan", "--files-from", "-", "--format", "json", "--threads", threads]
                                     + key_arguments, listing, environment)
                yield ("files-%05d" % index, report)

        reports += sc.parallelize(bins, len(bins)).mapPartitionsWithIndex(scan_files).collect()

    # Tables: Spark reads the columnar format; each partition streams its rows as JSON lines.
    for item in args.parquet:
        name, path = item.split("=", 1)

        def scan_rows(index, rows, name=name):
            data = "".join(row + "\n" for row in rows).encode("utf-8")
            report = run_piiscan(binary, ["scan", "-", "--stdin-format", "jsonl", "--source-name", name,
                                          "--format", "json", "--threads", "1"] + key_arguments, data, environment)
            yield ("table-%s-%05d" % (name, index), report)

        reports += spark.read.parquet(path).toJSON().mapPartitionsWithIndex(scan_rows).collect()

    shard_files = []
    for label, report in sorted(reports):
        shard_file = os.path.join(shards_directory, label + ".json")
        with open(shard_file, "w", encoding="utf-8") as handle:
            handle.write(report)
        shard_files.append(shard_file)
    driver_binary = resolve_binary(binary)
    spark.stop()
    if not shard_files:
        sys.exit("piiscan_spark: nothing to scan")

    # Merge exactly and estimate, on the driver.
    merged = os.path.join(args.out, "merged.json")
    merge = subprocess.run([driver_binary, "merge", "-o", merged] + shard_files, stderr=subprocess.PIPE)
    if merge.returncode not in (0, 1, 2):
        sys.exit("piiscan_spark: piiscan merge failed: " + merge.stderr.decode("utf-8", "replace"))
    estimate = subprocess.run([driver_binary, "estimate", "--format", "json", merged],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if estimate.returncode != 0:
        sys.exit("piiscan_spark: piiscan estimate failed: " + estimate.stderr.decode("utf-8", "replace"))
    with open(os.path.join(args.out, "estimate.json"), "wb") as handle:
        handle.write(estimate.stdout)

    with open(merged, encoding="utf-8") as handle:
        summary = json.load(handle)["summary"]
    elapsed = time.time() - started
    print("piiscan_spark: %d files in %d file shards, %d table shards; %d rows, %d bytes, %d findings "
          "(%d exposures), %d errors; %.1f s -> %s"
          % (len(paths), sum(1 for f in shard_files if os.path.basename(f).startswith("files-")),
             sum(1 for f in shard_files if os.path.basename(f).startswith("table-")),
             summary.get("rows", 0), summary.get("bytes", 0), summary.get("findings", 0),
             summary.get("exposures", 0), summary.get("errors", 0), elapsed, merged))
    # The exit code of a scan of everything: 2 incomplete, 1 findings, 0 clean.
    return merge.returncode


if __name__ == "__main__":
    sys.exit(main())
