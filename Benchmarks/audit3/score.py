#!/usr/bin/env python3
"""Score piiscan against an audit-3 corpus made by gen.py.

    python3 Benchmarks/audit3/score.py /tmp/a3/s1 [--bin .build/debug/piiscan] [--details FILE]

Runs `piiscan scan --format ndjson DIR` and keeps findings with confidence >= 0.5 (those below
are used only to explain misses) (PIISCAN_KEY=piiscan-audit-key) and prints
precision and recall per category. A finding is a true positive when a planted positive of its
category overlaps its span; a finding overlapping only an `amb` label (well-known test cards,
placeholders like 010-1234-5678, role mailboxes) is ignored; everything else is a false positive,
labelled with the planted hard negative it hits (or `unplanted`). Masked categories are listed
apart (nothing masked is planted as a positive).
"""
import argparse, collections, json, os, subprocess, sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--bin", default=".build/debug/piiscan")
    ap.add_argument("--details", help="write FP/FN examples with context here")
    ap.add_argument("--json", help="write the per-category figures here")
    a = ap.parse_args()
    root = os.path.abspath(a.corpus.rstrip("/"))
    labels = [json.loads(l) for l in open(root + ".labels.jsonl", encoding="utf-8")]
    by_file = collections.defaultdict(list)
    for l in labels:
        by_file[l["file"]].append(l)
    env = dict(os.environ, PIISCAN_KEY="piiscan-audit-key")
    p = subprocess.run([os.path.abspath(a.bin), "scan", "--format", "ndjson", "--min-confidence", "0",
                        "--show-values", "--threads", "2", "."], cwd=root, env=env, capture_output=True)
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr.decode(errors="replace"))
        sys.exit("piiscan exit %d" % p.returncode)
    findings, allf = [], []
    for line in p.stdout.decode().splitlines():
        o = json.loads(line)
        if o.get("type", "finding") == "finding" and "category" in o:
            o["path"] = os.path.normpath(o["path"])
            allf.append(o)
            if o["confidence"] >= 0.5:
                findings.append(o)
    found = set()
    tp = collections.Counter()
    fp = collections.Counter()
    fp_by_type = collections.Counter()
    masked = collections.Counter()
    fps = []
    for f in findings:
        cat = f["category"]
        s, e = f["offset"], f["offset"] + f["length"]
        over = [l for l in by_file.get(f["path"], []) if l["offset"] < e and s < l["offset"] + l["length"]]
        if cat.endswith("-masked"):
            masked[(cat, tuple(sorted({l.get("type") or l.get("category") for l in over})) or ("unplanted",))] += 1
            continue
        hit = [l for l in over if l["kind"] == "pos" and l["category"] == cat]
        if hit:
            tp[cat] += 1
            for l in hit:
                found.add(id(l))
            continue
        if any(l["kind"] == "amb" for l in over):
            continue
        what = ",".join(sorted({(l.get("type") or "pos:" + l["category"]) for l in over})) or "unplanted"
        fp[cat] += 1
        fp_by_type[(cat, what)] += 1
        fps.append((f, what))
    cats = sorted({l["category"] for l in labels if l["kind"] == "pos"} | set(fp))
    res = {}
    print(f"{'category':20} {'planted':>7} {'found':>6} {'recall':>7} {'TP':>6} {'FP':>5} {'precision':>9}")
    for c in cats:
        n = sum(1 for l in labels if l["kind"] == "pos" and l["category"] == c)
        k = sum(1 for l in labels if l["kind"] == "pos" and l["category"] == c and id(l) in found)
        rec = k / n if n else float("nan")
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else float("nan")
        res[c] = {"planted": n, "found": k, "recall": rec, "tp": tp[c], "fp": fp[c], "precision": prec}
        print(f"{c:20} {n:7} {k:6} {rec:7.3f} {tp[c]:6} {fp[c]:5} {prec:9.3f}")
    negs = sum(1 for l in labels if l["kind"] == "neg")
    print(f"hard negatives planted: {negs}; false positives: {sum(fp.values())}")
    for (c, w), n in fp_by_type.most_common():
        print(f"  FP {c:18} on {w}: {n}")
    for (c, w), n in sorted(masked.items()):
        print(f"  masked {c} on {','.join(w)}: {n}")
    if a.json:
        json.dump(res, open(a.json, "w"), indent=1)
    if a.details:
        with open(a.details, "w", encoding="utf-8") as out:
            def ctx(path, s, e):
                b = open(os.path.join(root, path), "rb").read()
                return (b[max(0, s - 60):s] + b"[[" + b[s:e] + b"]]" + b[e:e + 40]).decode(errors="replace").replace("\n", "\\n")
            out.write("== false positives\n")
            for f, w in fps:
                out.write(f"{f['category']}\t{f['confidence']}\t{w}\t{f['path']}:{f['offset']}\t{ctx(f['path'], f['offset'], f['offset'] + f['length'])}\n")
            out.write("== missed positives\n")
            for l in labels:
                if l["kind"] == "pos" and id(l) not in found:
                    near = [f"{f['category']}@{f['confidence']}" for f in allf if f["path"] == l["file"] and f["offset"] < l["offset"] + l["length"] and l["offset"] < f["offset"] + f["length"]]
                    out.write(f"{l['category']}\t{l['value']}\t{' '.join(near) or '-'}\t{l['file']}:{l['offset']}\t{ctx(l['file'], l['offset'], l['offset'] + l['length'])}\n")


if __name__ == "__main__":
    main()
