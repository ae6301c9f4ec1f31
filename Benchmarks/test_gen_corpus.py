#!/usr/bin/env python3
"""Self-tests of the corpus generator (standard library only; not part of `swift test`).

Run: python3 Benchmarks/test_gen_corpus.py        (about 10 s)
Checks: checksum helpers against the spec's worked examples, byte-identical output for the same
seed (whatever --jobs), different output for another seed, validity of the planted values, the
gzip copies, --many-small, the share of digit bytes and the generation speed.
"""

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_corpus as g  # noqa: E402

GEN = os.path.join(HERE, "gen_corpus.py")


def run(*args):
    subprocess.run([sys.executable, GEN, "--quiet", *args], check=True)


def tree_digest(root):
    h = hashlib.sha256()
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            p = os.path.join(dirpath, f)
            h.update(os.path.relpath(p, root).encode())
            with open(p, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


class Checksums(unittest.TestCase):
    def test_rrn_spec_examples(self):
        for v in ("9001011234568", "8503152012341", "1109304456780", "0002294123457"):
            self.assertEqual(g.rrn_check(v[:12]), int(v[12]), v)

    def test_frn_spec_examples(self):
        for v in ("9001015123467", "8503156203484", "0301017105677", "9912318044697", "1205055304787"):
            self.assertEqual(g.frn_check(v[:12]), int(v[12]), v)

    def test_luhn_and_brn_and_ean(self):
        for v in ("4111111111111111", "5555555555554444", "378282246310005", "9410123456789010", "2221000000000009"):
            self.assertTrue(g.luhn_valid(v), v)
        self.assertFalse(g.luhn_valid("4111111111111112"))
        for brn, d in (("116820027", 6), ("220810612", 1), ("124810858", 7), ("214861479", 0)):
            self.assertEqual(g.brn_check(brn), d, brn)
        self.assertEqual(g.ean13_check("880123456789"), 3)  # 8801234567893 (spec §2.10)


class Output(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.a = os.path.join(cls.tmp.name, "a")
        cls.b = os.path.join(cls.tmp.name, "b")
        t = time.perf_counter()
        run("--size", "6M", "--out", cls.a, "--jobs", "1", "--gzip")
        cls.seconds = time.perf_counter() - t
        run("--size", "6M", "--out", cls.b, "--jobs", "2")
        with open(cls.a + ".manifest.json", encoding="utf-8") as fh:
            cls.manifest = json.load(fh)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_same_seed_same_bytes_any_jobs(self):
        self.assertEqual(tree_digest(self.a), tree_digest(self.b))
        with open(self.a + ".manifest.json", "rb") as x, open(self.b + ".manifest.json", "rb") as y:
            self.assertEqual(x.read(), y.read())

    def test_other_seed_other_bytes(self):
        c = os.path.join(self.tmp.name, "c")
        run("--size", "1M", "--out", c, "--seed", "7")
        d = os.path.join(self.tmp.name, "d")
        run("--size", "1M", "--out", d)
        self.assertNotEqual(tree_digest(c), tree_digest(d))

    def test_size_lines_digits_rate(self):
        m = self.manifest
        self.assertAlmostEqual(m["bytes"], 6_000_000, delta=60_000)
        self.assertEqual(len(m["files"]), 7)
        self.assertGreater(m["digit_fraction"], 0.22)
        self.assertLess(m["digit_fraction"], 0.32)
        self.assertGreater(m["lines_per_planted_value"], 120)
        self.assertLess(m["lines_per_planted_value"], 220)
        for k in ("epoch-ms", "order-id-13", "ean13-880", "brn", "ko-ro-number", "git-remote", "pkg-at-version"):
            self.assertGreater(m["hard_negatives"].get(k, 0), 0, k)

    def test_speed(self):
        # 6 MB plus gzip copies; 200 MB must stay well under a minute (>= ~4 MB/s even on one core)
        self.assertLess(self.seconds, 6 / 2.5)

    def test_gzip_copies(self):
        for f in os.listdir(self.a):
            with open(os.path.join(self.a, f), "rb") as fh, gzip.open(os.path.join(self.a + "-gz", f + ".gz"), "rb") as gz:
                self.assertEqual(fh.read(), gz.read(), f)

    def test_planted_values_are_valid(self):
        text = ""
        for f in sorted(os.listdir(self.a)):
            with open(os.path.join(self.a, f), encoding="utf-8") as fh:
                text += fh.read()
        rrns = re.findall(r'(?:rrn|juminNo|residentNo|주민번호|주민등록번호)(?:":"|=| )([0-9]{6})[-\uff0d ]?([0-9]{7})(?![0-9])', text)
        self.assertGreater(len(rrns), 5)
        for front, back in rrns:
            v = front + back
            yy, mm, dd, gd = int(v[:2]), int(v[2:4]), int(v[4:6]), int(v[6])
            self.assertIn(gd, (1, 2, 3, 4))
            self.assertTrue(1 <= mm <= 12 and 1 <= dd <= 31, v)
            if not (gd in (3, 4) and (yy > 20 or (yy == 20 and mm >= 10))):  # pre-2020-10: check digit
                self.assertEqual(g.rrn_check(v[:12]), int(v[12]), v)
        frns = re.findall(r'(?:frn|foreignerNo|외국인등록번호)(?:":"| )([0-9]{6})[-\uff0d ]?([0-9]{7})(?![0-9])', text)
        self.assertGreater(len(frns), 0)
        for front, back in frns:
            v = front + back
            self.assertIn(int(v[6]), (5, 6, 7, 8))
            self.assertEqual(g.frn_check(v[:12]), int(v[12]), v)
        cards = re.findall(r'"(?:cardNo|pan)":"([0-9 -]+)"', text)
        self.assertGreater(len(cards), 0)
        for c in cards:
            self.assertTrue(g.luhn_valid(re.sub(r"[ -]", "", c)), c)
        for brn in re.findall(r'"sellerBrn":"([0-9]{3})-([0-9]{2})-([0-9]{5})"', text):
            d = "".join(brn)
            self.assertEqual(g.brn_check(d[:9]), int(d[9]), d)
        for ean in re.findall(r'"barcode":"(880[0-9]{10})"', text):
            self.assertEqual(g.ean13_check(ean[:12]), int(ean[12]), ean)

    def test_many_small(self):
        s1 = os.path.join(self.tmp.name, "s1")
        s2 = os.path.join(self.tmp.name, "s2")
        run("--size", "2M", "--many-small", "300", "--out", s1, "--jobs", "2")
        run("--size", "2M", "--many-small", "300", "--out", s2, "--jobs", "1")
        n = sum(len(f) for _, _, f in os.walk(s1))
        self.assertEqual(n, 300)
        self.assertEqual(tree_digest(s1), tree_digest(s2))


if __name__ == "__main__":
    unittest.main(verbosity=2)
