#!/usr/bin/env python3
"""Prints the comparison table for a results directory written by compare.sh.

Usage: python3 Benchmarks/report.py --results DIR --bytes N [--manifest FILE] [--corpus PATH]
Standard library only. MB/s = corpus bytes / 10^6 / median wall seconds.
"""

import argparse
import json
import os
import statistics
import sys
from collections import Counter


def load_times(kind, path):
    if kind == "hyperfine":
        try:
            with open(path) as fh:
                r = json.load(fh)["results"][0]
            return [float(t) for t in r["times"]]
        except (OSError, ValueError, KeyError, IndexError):
            return []
    if kind == "times":
        out = []
        try:
            with open(path) as fh:
                for line in fh:
                    line = line.strip()
                    try:
                        out.append(float(line))
                    except ValueError:
                        pass  # "Command exited with non-zero status 1" lines from GNU time
        except OSError:
            pass
        return out
    return []


def rg_counts(path):
    """Sum of `rg -c` output (path:count per file, or a bare count for one file)."""
    total = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                tail = line.rstrip("\n").rsplit(":", 1)[-1]
                if tail.isdigit():
                    total += int(tail)
    except OSError:
        return None
    return total


def piiscan_output(path):
    """(findings by category, summary dict or None, format) from piiscan's output."""
    cats = Counter()
    summary = None
    lines = 0
    fmt = "text"
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                lines += 1
                if not line.startswith("{"):
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                fmt = "ndjson"
                t = obj.get("type")
                if t == "finding":
                    cats[obj.get("category", "?")] += 1
                elif t == "summary":
                    summary = obj
    except OSError:
        pass
    if fmt == "text":
        # maybe a single JSON document
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
            for f in doc.get("findings", []):
                cats[f.get("category", "?")] += 1
            summary = doc.get("summary")
            fmt = "json"
        except (OSError, ValueError, AttributeError):
            pass
    return cats, summary, fmt, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--manifest")
    ap.add_argument("--corpus", default="")
    a = ap.parse_args()

    rows = []
    with open(os.path.join(a.results, "runs.tsv"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 7:
                continue
            tag, label, kind, rc, path, rss, cmd = parts[:7]
            times = load_times(kind, path)
            rows.append({"label": label, "kind": kind, "rc": rc, "times": times, "rss_kb": int(rss) if rss.isdigit() else None,
                         "cmd": cmd, "out": os.path.join(a.results, tag + ".out")})

    mb = a.bytes / 1e6
    for r in rows:
        t = r["times"]
        r["median"] = statistics.median(t) if t else None
        r["sd"] = statistics.stdev(t) if len(t) > 1 else 0.0
        r["mbps"] = mb / r["median"] if r["median"] else None

    by = {r["label"]: r for r in rows}
    ref = by.get("rg -j1 -c -f rg-fast.txt")

    env = ""
    try:
        with open(os.path.join(a.results, "env.txt"), encoding="utf-8") as fh:
            env = fh.read().strip()
    except OSError:
        pass
    print()
    print("corpus: %s, %.1f MB (%d bytes), hot page cache; median of the timed runs" % (a.corpus, mb, a.bytes))
    if env:
        print(env)
    print()
    w = max([len(r["label"]) for r in rows] + [7])
    print("%-*s  %4s  %9s  %7s  %9s  %8s  %9s  %s" % (w, "command", "runs", "median s", "± sd", "MB/s", "vs rg-j1", "peak RSS", "output"))
    print("-" * (w + 80))
    for r in rows:
        if r["kind"] == "failed":
            print("%-*s  %s" % (w, r["label"], "FAILED (exit %s), see %s" % (r["rc"], r["out"].replace(".out", ".err"))))
            continue
        if r["label"].startswith("rg"):
            n = rg_counts(r["out"])
            outdesc = "%s matching lines" % (n if n is not None else "?")
        else:
            cats, summary, fmt, nlines = piiscan_output(r["out"])
            outdesc = ("%d findings" % sum(cats.values())) if cats or fmt != "text" else ("%d output lines (%s)" % (nlines, fmt))
        if r["rc"] == "2":
            outdesc += " [exit 2]"
        vs = ("%.2fx" % (r["mbps"] / ref["mbps"])) if (ref and ref.get("mbps") and r["mbps"]) else "-"
        print("%-*s  %4d  %9s  %7s  %9s  %8s  %9s  %s" % (
            w, r["label"], len(r["times"]), "%.3f" % r["median"] if r["median"] else "-", "%.3f" % r["sd"],
            "%.1f" % r["mbps"] if r["mbps"] else "-", vs,
            "%.1f MB" % (r["rss_kb"] / 1024.0) if r["rss_kb"] else "-", outdesc))

    def ratio(a_label, b_label):
        x, y = by.get(a_label), by.get(b_label)
        if not x or not y or not x.get("mbps") or not y.get("mbps"):
            return None
        return x["mbps"] / y["mbps"]

    pairs = [
        ("piiscan --threads 1", "rg -j1 -c -f rg-fast.txt", "1 thread vs rg Rust regex, 1 thread"),
        ("piiscan --threads 1", "rg -j1 -c -P -f rg-pcre.txt", "1 thread vs rg PCRE2, 1 thread"),
        ("piiscan --threads 2", "rg -c -f rg-fast.txt (all threads)", "2 threads vs rg Rust regex, all threads"),
        ("piiscan --threads 2", "rg -c -P -f rg-pcre.txt (all threads)", "2 threads vs rg PCRE2, all threads"),
        ("piiscan --threads 1 --only 4 base", "rg -j1 -c -f rg-fast.txt", "4 base detectors only, 1 thread vs rg Rust regex"),
        ("piiscan --threads 2", "piiscan --threads 1", "thread scaling 2 vs 1"),
        ("rg -c -f rg-fast.txt (all threads)", "rg -j1 -c -f rg-fast.txt", "rg thread scaling (all vs 1)"),
    ]
    printed = False
    for x, y, what in pairs:
        q = ratio(x, y)
        if q is None:
            continue
        if not printed:
            print("\nratios (throughput, >1 = first is faster):")
            printed = True
        print("  %-58s %6.2fx   (%s / %s)" % (what, q, x, y))
    pii_rows = [r for r in rows if r["label"].startswith("piiscan") and r["kind"] != "failed"]
    if not pii_rows:
        print("\npiiscan: not measured (see env line above)")
    else:
        for r in pii_rows:
            if r["rss_kb"]:
                print("\npeak RSS of %s: %.1f MB (/usr/bin/time -v, Maximum resident set size)" % (r["label"], r["rss_kb"] / 1024.0), end="")
        print()

    # plausibility: planted ground truth vs what was found
    planted = {}
    if a.manifest and os.path.exists(a.manifest):
        with open(a.manifest, encoding="utf-8") as fh:
            m = json.load(fh)
        planted = dict(m.get("planted", {}))
        for k, n in m.get("masked", {}).items():
            planted[k + "-masked"] = n
    first_pii = pii_rows[0] if pii_rows else None
    cats, summary, fmt, _ = piiscan_output(first_pii["out"]) if first_pii else (Counter(), None, "", 0)
    if planted or cats:
        print("\nplanted values (manifest) vs piiscan findings (%s):" % (first_pii["label"] if first_pii else "not run"))
        keys = sorted(set(planted) | set(cats))
        for k in keys:
            print("  %-22s planted %7s   piiscan %7s" % (k, planted.get(k, "-"), cats.get(k, 0) if first_pii else "-"))
    if first_pii and planted and sum(cats.values()) == 0:
        print("\nWARNING: piiscan reported no findings although values were planted: rules missing or not"
              " embedded? (`piiscan rules list`); its speed figures then mean little.")
    if summary:
        sb = summary.get("bytes")
        if isinstance(sb, int) and sb != a.bytes:
            print("\nWARNING: piiscan's summary says %d bytes scanned, the corpus has %d (ignored files? .gitignore?)" % (sb, a.bytes))
    print("\nraw results: %s" % a.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
