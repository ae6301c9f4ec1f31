#!/usr/bin/env python3
"""Deterministic synthetic customer database for the SQLite benchmark.

Usage: python3 Benchmarks/gen_db.py --rows 500000 --out Benchmarks/corpus/shop.db
A realistic e-commerce customer table (id, member_no, name_hash, phone, email, address, jumin,
created_at, memo) plus an orders table with hard negatives (order ids, barcodes, timestamps).
All values are synthetic: RRNs carry a correct check digit, phones follow the numbering plan.
"""
import argparse, os, random, sqlite3

ap = argparse.ArgumentParser()
ap.add_argument("--rows", type=int, default=500_000)
ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "corpus", "shop.db"))
ap.add_argument("--seed", type=int, default=20261129)
args = ap.parse_args()
rnd = random.Random(args.seed)

W = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
def rrn():
    y, m, d = rnd.randint(45, 99), rnd.randint(1, 12), rnd.randint(1, 28)
    digits = [y // 10, y % 10, m // 10, m % 10, d // 10, d % 10, rnd.choice([1, 2])] + [rnd.randint(0, 9) for _ in range(5)]
    c = (11 - sum(a * b for a, b in zip(digits, W)) % 11) % 10
    s = "".join(map(str, digits)) + str(c)
    return s[:6] + "-" + s[6:]
SIDO = [("서울특별시", ["강남구", "마포구", "송파구", "종로구"]), ("부산광역시", ["해운대구", "수영구"]),
        ("경기도", ["성남시 분당구", "수원시 영통구", "고양시 일산동구"]), ("대구광역시", ["수성구", "달서구"])]
ROADS = ["테헤란로", "월드컵북로", "올림픽로", "판교역로", "센텀중앙로", "달구벌대로", "중앙로"]
def address():
    sido, sggs = rnd.choice(SIDO)
    return f"{sido} {rnd.choice(sggs)} {rnd.choice(ROADS)} {rnd.randint(1, 400)}, {rnd.randint(101, 120)}동 {rnd.randint(101, 2501)}호"
def phone():
    return f"010-{rnd.randint(2000, 9999)}-{rnd.randint(0, 9999):04d}"
LOCAL = ["hong", "kim", "lee", "park", "choi", "jung", "kang", "yoon", "jang", "lim"]
DOMAINS = ["naver.com", "daum.net", "hanmail.net", "gmail.com", "kakao.com", "nate.com"]
MEMOS = ["부재시 경비실에 맡겨주세요", "배송 전 연락 바랍니다", "", "문 앞에 놓아주세요", "주문번호 문의 요망"]

if os.path.exists(args.out):
    os.remove(args.out)
os.makedirs(os.path.dirname(args.out), exist_ok=True)
db = sqlite3.connect(args.out)
db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, member_no TEXT, name_hash TEXT, phone TEXT, email TEXT,"
           " address TEXT, jumin TEXT, created_at TEXT, memo TEXT)")
db.execute("CREATE TABLE orders (order_no TEXT PRIMARY KEY, customer_id INTEGER, barcode TEXT, amount INTEGER,"
           " ordered_at INTEGER, status TEXT) WITHOUT ROWID")
batch = []
for i in range(1, args.rows + 1):
    batch.append((i, f"M{rnd.randint(10**8, 10**9 - 1)}", "%016x" % rnd.getrandbits(64), phone(),
                  f"{rnd.choice(LOCAL)}{rnd.randint(1, 9999)}@{rnd.choice(DOMAINS)}", address(),
                  rrn() if rnd.random() < 0.7 else None, f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} 10:00:00",
                  rnd.choice(MEMOS)))
    if len(batch) == 10_000:
        db.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?)", batch)
        batch = []
if batch:
    db.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?)", batch)
orders = [(f"{rnd.randint(10**12, 10**13 - 1)}", rnd.randint(1, args.rows), "880" + "".join(str(rnd.randint(0, 9)) for _ in range(10)),
           rnd.randint(1000, 500000), 1730000000000 + rnd.randint(0, 10**10), "배송완료") for _ in range(args.rows // 2)]
db.executemany("INSERT OR IGNORE INTO orders VALUES (?,?,?,?,?,?)", orders)
db.commit()
db.close()
print(f"{args.out}: {args.rows} customers, {len(orders)} orders")
