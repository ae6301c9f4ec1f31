#!/usr/bin/env python3
"""Recall/precision of piiscan on the synthetic fixtures.

Runs `piiscan scan fixtures/inputs --format ndjson --show-values --min-confidence M` and compares
the reported values with fixtures/planted-values.tsv (what the generator planted, per category)
and fixtures/negative-values.txt (hard negatives that must not be reported).
Usage: python3 scripts/eval-fixtures.py [--binary PATH] [--min-confidence 0.5] [--verbose]
"""
import argparse, collections, json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--binary", default=os.path.join(root, ".build/debug/piiscan"))
ap.add_argument("--min-confidence", default="0.5")
ap.add_argument("--verbose", action="store_true")
args = ap.parse_args()

out = subprocess.run([args.binary, "scan", "fixtures/inputs", "--format", "ndjson", "--show-values",
                      "--min-confidence", args.min_confidence], cwd=root, capture_output=True, text=True).stdout
found = collections.defaultdict(set)   # value -> categories
for line in out.splitlines():
    o = json.loads(line)
    if o["type"] == "finding":
        found[o["value"]].add(o["category"])

planted = []
with open(os.path.join(root, "fixtures/planted-values.tsv"), encoding="utf-8") as f:
    next(f)
    for row in f:
        value, category, klass, lst, _, files, note = (row.rstrip("\n").split("\t") + [""] * 7)[:7]
        planted.append((value, category, klass, lst, files))
negatives = [l for l in open(os.path.join(root, "fixtures/negative-values.txt"), encoding="utf-8").read().splitlines()
             if l and not l.startswith("#")]

per_cat = collections.defaultdict(lambda: [0, 0])
missed = []
for value, category, klass, lst, files in planted:
    if "(binary)" in files or "(ignored)" in files or "(truncated)" in files:
        continue
    if lst not in ("expected", "masked"):
        continue
    per_cat[category][1] += 1
    hit = any(value in v or v in value for v in found if category.split("-masked")[0] in " ".join(found[v]))
    if value in found or hit:
        per_cat[category][0] += 1
    else:
        missed.append((category, klass, value))

false_hits = [(n, sorted(found[v])) for n in negatives for v in found if v == n or (len(v) >= 6 and v in n and v != n and False)]
exact_negative_hits = [(n, sorted(found[n])) for n in negatives if n in found]

print("category               found/planted")
for cat in sorted(per_cat):
    f, t = per_cat[cat]
    print(f"  {cat:22s} {f:4d}/{t:<4d} {100*f/t:5.1f}%")
print(f"negatives reported exactly: {len(exact_negative_hits)} of {len(negatives)}")
if args.verbose:
    for m in missed: print("  missed", m)
    for n in exact_negative_hits: print("  negative reported", n)
sys.exit(0)
