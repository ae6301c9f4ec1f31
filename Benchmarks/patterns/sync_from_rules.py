#!/usr/bin/env python3
"""Rewrites rg-pcre.txt from piiscan's rule files, so `rg -P` runs piiscan's own regexes.

Usage: python3 Benchmarks/patterns/sync_from_rules.py [--rules rules] [--check]
Line order is fixed: kr-rrn, kr-phone, email, kr-address. A line whose rule does not exist (yet) is
kept from the current file (initially written from kr-pii-spec.md §2.7, §5.3, §7.1, §6.5).
--check: exit 1 if the file would change (for CI). Standard library only (tomllib on 3.11+, else a
small reader for `regex = '''...'''`).
rg-fast.txt is maintained by hand: the Rust regex engine has no look-around, so it approximates.
"""

import argparse
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ("kr-rrn", "kr-phone", "email", "kr-address")


def read_rules(rules_dir):
    out = {}
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.toml"))):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        try:
            import tomllib  # Python 3.11+
            doc = tomllib.loads(text)
            for r in doc.get("rules", []):
                if "id" in r and "regex" in r:
                    out[r["id"]] = r["regex"]
        except ImportError:
            for m in re.finditer(r"^id\s*=\s*\"([^\"]+)\"(.*?)^regex\s*=\s*'''(.*?)'''", text, re.S | re.M):
                out[m.group(1)] = m.group(3)
    return out


def one_line(rx):
    if "\n" not in rx:
        return rx
    if "#" in rx:
        raise SystemExit("multi-line regex with comments cannot be put on one line: %r" % rx[:80])
    rx = " ".join(x.strip() for x in rx.splitlines() if x.strip())
    return rx if rx.startswith("(?x)") else "(?x)" + rx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", default=os.path.join(HERE, "..", "..", "rules"))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    target = os.path.join(HERE, "rg-pcre.txt")
    with open(target, encoding="utf-8") as fh:
        current = fh.read().splitlines()
    rules = read_rules(a.rules)
    new = []
    for i, rid in enumerate(ORDER):
        if rid in rules:
            new.append(one_line(rules[rid]))
            src = "rules"
        else:
            new.append(current[i])
            src = "kept"
        print("%-10s %s" % (rid, src), file=sys.stderr)
    text = "\n".join(new) + "\n"
    if a.check:
        return 0 if text == "\n".join(current) + "\n" else 1
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
