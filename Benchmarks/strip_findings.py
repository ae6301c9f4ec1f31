#!/usr/bin/env python3
"""Copies a log corpus without the lines on which piiscan reports anything: the "clean logs"
benchmark input, which measures the scanning engine itself (start pass, PCRE2, decoding, the
candidates that validation rejects) rather than the per-finding work that dominates the
finding-dense corpus.

Usage: strip_findings.py CORPUS_DIR REPORT.ndjson OUT_DIR
  REPORT.ndjson: `piiscan scan --format ndjson CORPUS_DIR` (any key; findings and their lines only
  are read). Nested directories are kept; files without findings are copied as they are.
"""
import json
import os
import sys
from collections import defaultdict


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    corpus, report, out = (os.path.abspath(p) for p in sys.argv[1:])
    lines_with_findings = defaultdict(set)
    with open(report, encoding="utf-8") as handle:
        for record in map(json.loads, handle):
            if record.get("type") == "finding" and record.get("line", 0) > 0:
                lines_with_findings[os.path.abspath(record["path"])].add(record["line"])
    kept = dropped = 0
    for directory, _, files in os.walk(corpus):
        for name in files:
            source = os.path.join(directory, name)
            target = os.path.join(out, os.path.relpath(source, corpus))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(source, "rb") as handle:
                lines = handle.read().split(b"\n")
            drop = lines_with_findings.get(source, set())
            remaining = [line for number, line in enumerate(lines, 1) if number not in drop]
            dropped += len(lines) - len(remaining)
            with open(target, "wb") as handle:
                handle.write(b"\n".join(remaining))
            kept += sum(len(line) + 1 for line in remaining)
    print(f"{out}: {kept:,} bytes kept, {dropped:,} lines with findings dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
