#!/usr/bin/env python3
"""Generates fixtures/encodings/: text in legacy encodings (CP949/EUC-KR, UTF-16 LE/BE with BOM),
values hidden by encodings (percent, JSON \\u escapes, HTML entities, full-width forms, Base64),
structured text (JSON lines, logfmt, CSV/TSV with a header row), long files whose values cross
4096-byte buffer boundaries, and broken encodings that must not crash the scanner.

Deterministic (fixed seed, no clock); every value is synthetic, built with the validators' rules
(RRN check digit, the mobile numbering plan). Run from the repository root:

    python3 scripts/gen-encoding-fixtures.py          # rewrites fixtures/encodings/
"""
import base64
import json
import os
import random
import shutil
import urllib.parse

OUT = os.path.join("fixtures", "encodings")
RRN_W = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]


def rrn(rng, sex_digits="12"):
    """A synthetic RRN with a valid date and check digit: YYMMDD-SNNNNNC."""
    while True:
        yy = rng.randint(50, 99)
        mm = rng.randint(1, 12)
        dd = rng.randint(1, 28)
        d12 = f"{yy:02d}{mm:02d}{dd:02d}{rng.choice(sex_digits)}{rng.randint(0, 99999):05d}"
        check = (11 - sum(w * int(c) for w, c in zip(RRN_W, d12)) % 11) % 10
        return f"{d12[:6]}-{d12[6:]}{check}"


def phone(rng):
    return f"010-{rng.randint(2000, 9999)}-{rng.randint(0, 9999):04d}"


LOCALS = ["hong.gildong", "kim.minji", "lee.sora", "park.jiho", "choi.yuna", "jung.hana", "kang.doyun"]
DOMAINS = ["naver.com", "hanmail.net", "daum.net", "kakao.com", "gmail.com"]
ADDRESSES = ["서울특별시 송파구 올림픽로 229", "경기도 성남시 분당구 판교역로 166", "부산광역시 해운대구 해운대해변로 264",
             "서울특별시 강남구 테헤란로 152", "대전광역시 유성구 대학로 99"]
NAMES = ["홍길동", "김민지", "이소라", "박지호", "최유나", "정하나", "강도윤"]


def email(rng):
    return f"{rng.choice(LOCALS)}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}"


def fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else c for c in text)


def write(path, data):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def legacy(rng):
    # CP949 notes: Hangul (KS X 1001), a CP949-only syllable (똠), ASCII values.
    lines = ["# 고객 상담 기록 (EUC-KR/CP949로 저장된 오래된 내보내기)"]
    for i in range(40):
        name = rng.choice(NAMES)
        kind = i % 4
        if kind == 0:
            lines.append(f"{i + 1:03d} {name} 고객 주민번호 {rrn(rng)} 본인확인 완료")
        elif kind == 1:
            lines.append(f"{i + 1:03d} 똠방각하 {name} 연락처 {phone(rng)} 로 회신 요청")
        elif kind == 2:
            lines.append(f"{i + 1:03d} {name} 이메일 {email(rng)} 주소 {rng.choice(ADDRESSES)}")
        else:
            lines.append(f"{i + 1:03d} 주문번호 2024{rng.randint(10**8, 10**9 - 1)} 배송 완료 (개인정보 없음)")
    write("cp949/notes-cp949.txt", ("\r\n".join(lines) + "\r\n").encode("cp949"))
    # EUC-KR CSV export with a Korean header (Excel's default for Korean Windows).
    rows = ["이름,주민번호,휴대폰,이메일,주문번호"]
    for i in range(25):
        rows.append(f"{rng.choice(NAMES)},{rrn(rng)},{phone(rng)},{email(rng)},{2024_00000000 + i * 7919}")
    write("cp949/customers-euckr.csv", ("\n".join(rows) + "\n").encode("euc-kr"))
    # UTF-16 with BOM, both byte orders; an emoji (surrogate pair) before a value.
    text = "\r\n".join([
        "고객 목록 (UTF-16)",
        f"홍길동 주민번호 {rrn(rng)} 😀 전화 {phone(rng)}",
        f"김민지 메일 {email(rng)}",
        f"주소: {rng.choice(ADDRESSES)}",
    ]) + "\r\n"
    write("utf16/export-utf16le.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    write("utf16/export-utf16be.txt", b"\xfe\xff" + text.encode("utf-16-be"))


def encoded(rng):
    # Access log: percent-encoded query strings ('+' as a space).
    lines = []
    for i in range(30):
        ip = f"203.0.113.{i + 10}"
        if i % 3 == 0:
            query = urllib.parse.urlencode({"email": email(rng), "ref": "mail"})
        elif i % 3 == 1:
            query = urllib.parse.urlencode({"addr": rng.choice(ADDRESSES), "hp": phone(rng)})
        else:
            query = "q=" + urllib.parse.quote("노트북 가방") + "&page=2"  # nothing personal
        lines.append(f'{ip} - - [12/Nov/2024:10:{i:02d}:00 +0900] "GET /search?{query} HTTP/1.1" 200 512 "-" "Mozilla/5.0"')
    write("encoded/access.log", ("\n".join(lines) + "\n").encode())
    # JSON lines with \\u-escaped Hangul and '@', and Base64 payloads.
    lines = []
    for i in range(20):
        record = {"ts": f"2024-11-12T10:{i:02d}:00+09:00", "trace_id": f"{rng.getrandbits(128):032x}"}
        if i % 4 == 0:
            record["address"] = rng.choice(ADDRESSES)
        elif i % 4 == 1:
            record["email"] = email(rng)
        elif i % 4 == 2:
            record["payload"] = base64.b64encode(f"주민번호 {rrn(rng)} 확인".encode()).decode()
        else:
            record["memo"] = base64.b64encode(f"연락처 {phone(rng)}".encode()).decode()
        lines.append(json.dumps(record, ensure_ascii=True).replace("@", "\\u0040"))
    write("encoded/app.jsonl", ("\n".join(lines) + "\n").encode())
    # HTML with character references.
    def entities(text, hexadecimal):
        return "".join((f"&#x{ord(c):x};" if hexadecimal else f"&#{ord(c)};") if c.isdigit() or c == "@" else c for c in text)
    body = ["<html><body><table>"]
    for i in range(10):
        body.append(f"<tr><td>{rng.choice(NAMES)}</td><td>{entities(phone(rng), i % 2 == 0)}</td>"
                    f"<td>{email(rng).replace('@', '&#64;')}</td><td>R&amp;D</td></tr>")
    body.append("</table></body></html>")
    write("encoded/page.html", ("\n".join(body) + "\n").encode())
    # Full-width digits, hyphens and '@'.
    lines = [f"연락처 {fullwidth(phone(rng))} 주민 {fullwidth(rrn(rng))} 메일 {fullwidth(email(rng))}" for _ in range(8)]
    write("encoded/fullwidth.txt", ("\n".join(lines) + "\n").encode())


def structured(rng):
    # CSV whose order_no column holds RRN-shaped numbers with a valid check digit (the known
    # false-positive source) next to a jumin column holding real ones.
    rows = ["id,order_no,jumin,phone,created_at"]
    for i in range(20):
        rows.append(f"{1000 + i},{rrn(rng).replace('-', '')},{rrn(rng)},{phone(rng)},2024-11-12 10:{i:02d}:00")
    write("structure/orders.csv", ("\n".join(rows) + "\n").encode())
    rows = ["name\tjumin_no\tmobile\temail"]
    for i in range(10):
        rows.append(f"{rng.choice(NAMES)}\t{rrn(rng)}\t{phone(rng)}\t{email(rng)}")
    write("structure/users.tsv", ("\n".join(rows) + "\n").encode())
    lines = []
    for i in range(15):
        lines.append(f'ts=2024-11-12T10:{i:02d}:00+09:00 level=info trace_id={rng.getrandbits(64):016x} '
                     f'jumin={rrn(rng)} phone={phone(rng)} msg="가입 완료" barcode=880{rng.randint(10**9, 10**10 - 1)}')
    write("structure/events.logfmt", ("\n".join(lines) + "\n").encode())
    lines = []
    for i in range(15):
        lines.append(json.dumps({"ts": f"2024-11-12T10:{i:02d}:00+09:00", "user": {"rrn": rrn(rng), "phone": phone(rng)},
                                 "email": email(rng)}, ensure_ascii=False))
    write("structure/users.jsonl", ("\n".join(lines) + "\n").encode())


def boundaries(rng):
    # Long files: encoded values at every position relative to 4096-byte buffers.
    lines = []
    for i in range(400):
        pad = "x" * (i % 37)
        kind = i % 5
        if kind == 0:
            lines.append(f"{pad} GET /a?email={urllib.parse.quote(email(rng))}&n={i}")
        elif kind == 1:
            lines.append(f'{pad} {{"addr":"{json.dumps(rng.choice(ADDRESSES))[1:-1].encode().decode()}","e":"{email(rng).replace("@", chr(92) + "u0040")}"}}')
        elif kind == 2:
            lines.append(f"{pad} tel {fullwidth(phone(rng))}")
        elif kind == 3:
            lines.append(f"{pad} mail {email(rng).replace('@', '&#64;')}")
        else:
            lines.append(f"{pad} data={base64.b64encode(('주민번호 ' + rrn(rng)).encode()).decode()}")
    write("boundary/encoded-long.log", ("\n".join(lines) + "\n").encode())
    lines = [f"{'가' * (i % 23)} {rng.choice(NAMES)} 주민번호 {rrn(rng)} 전화 {phone(rng)}" for i in range(300)]
    write("boundary/long-cp949.txt", ("\n".join(lines) + "\n").encode("cp949"))
    write("boundary/long-utf16le.txt", b"\xff\xfe" + ("\n".join(lines) + "\n").encode("utf-16-le"))


def invalid(rng):
    # CP949 with stray bytes (0x80, 0xFF, a lead byte at the very end): values still found.
    data = f"주민번호 {rrn(rng)} 확인\n".encode("cp949") * 3 + b"\x80\xff bad \xc8\n" + f"전화 {phone(rng)}\n".encode("cp949") + b"\xb0"
    write("invalid/broken-cp949.txt", data)
    # UTF-16 LE: a lone high surrogate, a lone low surrogate, an odd trailing byte.
    body = f"전화 {phone(rng)} ".encode("utf-16-le") + b"\x00\xd8" + b"\x00\xdc" + f" 주민 {rrn(rng)}\n".encode("utf-16-le") + b"\x41"
    write("invalid/broken-utf16le.txt", b"\xff\xfe" + body)
    # Escapes that are not escapes, or broken ones: no crash, no bogus value.
    write("invalid/broken-escapes.log", (
        "a=%E b=%ZZ c=%\n"
        "d=\\u12 e=\\uZZZZ f=\\ud800 g=\\udc00x\n"
        "h=&#; i=&#x; j=&#99999999999; k=&#xFFFFFFFF; l=&bogus; m=&\n"
        "n=QUJDREVGR0hJSktMTU5PUA== o=AAAAAAAAAAAAAAAAAAAAAAAA p=!!!!@@@@####$$$$%%%%\n"
        "q=\xef\xbc r=\xef\xbd\xbf s=\xef\n").encode("utf-8", "surrogateescape"))


def main():
    rng = random.Random(20241112)
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    legacy(rng)
    encoded(rng)
    structured(rng)
    boundaries(rng)
    invalid(rng)


if __name__ == "__main__":
    main()
