#!/usr/bin/env python3
"""A customer workbook (.xlsx, shared strings, as Excel writes one) and its CSV export with the
same rows, for Benchmarks/office_compare.sh. Standard library only; deterministic (--seed).

Usage: gen_office.py --rows 200000 --out DIR   ->  DIR/customers.xlsx, DIR/customers.csv
"""
import argparse
import csv
import os
import random
import zipfile
from xml.sax.saxutils import escape

WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지유", "시우", "하은"]


def rrn(rng):
    """A resident registration number with a valid check digit (kr-pii-spec.md §2)."""
    year, month, day = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
    body = "%02d%02d%02d%d%05d" % (year, month, day, rng.choice([1, 2]), rng.randint(0, 99999))
    check = (11 - sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11) % 10
    return "%s-%s%d" % (body[:6], body[6:], check)


def rows(count, rng):
    yield ["회원번호", "성명", "주민등록번호", "휴대폰", "이메일", "가입일", "포인트"]
    for i in range(count):
        yield [100000 + i, rng.choice(SURNAMES) + rng.choice(GIVEN), rrn(rng),
               "010-%04d-%04d" % (rng.randint(2000, 9999), rng.randint(0, 9999)), "user%d@example.co.kr" % i,
               "2023-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)), rng.randint(0, 99999)]


def column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    table = list(rows(args.rows, random.Random(args.seed)))
    with open(os.path.join(args.out, "customers.csv"), "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(table)
    strings, index, cells = [], {}, []
    for r, row in enumerate(table, start=1):
        xml = ['<row r="%d">' % r]
        for c, value in enumerate(row):
            ref = "%s%d" % (column(c), r)
            if isinstance(value, int):
                xml.append('<c r="%s"><v>%d</v></c>' % (ref, value))
            else:
                if value not in index:
                    index[value] = len(strings)
                    strings.append(value)
                xml.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[value]))
        xml.append("</row>")
        cells.append("".join(xml))
    width = column(len(table[0]) - 1)
    with zipfile.ZipFile(os.path.join(args.out, "customers.xlsx"), "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        book.writestr("xl/workbook.xml", '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="회원" sheetId="1" r:id="rId1"/></sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        book.writestr("xl/sharedStrings.xml", '<sst count="%d" uniqueCount="%d">%s</sst>' % (
            len(strings), len(strings), "".join("<si><t>%s</t></si>" % escape(s) for s in strings)))
        book.writestr("xl/worksheets/sheet1.xml", '<worksheet><dimension ref="A1:%s%d"/><sheetData>%s</sheetData></worksheet>' % (
            width, len(table), "".join(cells)))


if __name__ == "__main__":
    main()
