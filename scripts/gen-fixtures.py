#!/usr/bin/env python3
"""Regenerates the synthetic input fixtures of piiscan under fixtures/inputs/.

Usage: python3 scripts/gen-fixtures.py [--no-verify]

Writes
  fixtures/inputs/**                every input fixture (logs, CSV, gzip, binary, edge cases, ignore tree)
  fixtures/inputs/MANIFEST.md       what each file is for, with line counts and planted values
  fixtures/expected-values.txt      every raw PII value planted anywhere (one per line, as written)
  fixtures/masked-values.txt        masked look-alikes (reported under *-masked, never exposures)
  fixtures/negative-values.txt      near-misses / hard negatives that must NOT be reported
  fixtures/planted-values.tsv       value, category, class and the files (with expectation) it is in

All identifiers are synthetic: they are constructed with the algorithms of
/work/shared/kr-pii-spec.md (RRN §2.4, FRN §3, Luhn §8.1, numbering plan §5) to pass or fail on
purpose, e-mail local parts are made-up words, IP addresses come from the documentation ranges
(RFC 5737) and private ranges, and "names" are hashes. Nothing here describes a real person.

Deterministic: one fixed seed, no clock, no environment; sets are never iterated for output.
gzip members use mtime=0. (Compressed bytes depend on the zlib build; the decoded content does
not.) After writing, a small reference matcher built from the spec's regexes checks that every
planted value is where the lists say, that nothing unplanted looks like PII, and that no negative
is matched; --no-verify skips that.
"""
import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import shutil
import struct
import sys
import unicodedata
import zlib
from pathlib import Path
from random import Random

SEED = 20241027
ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"
INP = FIX / "inputs"
SCAN_DATE = dt.date(2026, 11, 29)  # fixed "today" for the reference matcher's future-date rule
KST = dt.timedelta(hours=9)
EPOCH = dt.datetime(1970, 1, 1)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# --------------------------------------------------------------------------------------------
# Check-digit algorithms (spec §2.4, §3, §8.1) and helpers
# --------------------------------------------------------------------------------------------
RRN_W = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]


def rrn_sum(d12):
    return sum(w * int(c) for w, c in zip(RRN_W, d12))


def rrn_check(d12):
    return (11 - rrn_sum(d12) % 11) % 10


def frn_check(d12):
    return (13 - rrn_sum(d12) % 11) % 10


def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_complete(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError(partial)


def ean13_complete(d12):
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(d12))
    return d12 + str((10 - s % 10) % 10)


def rand_date(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def epoch_ms(t_kst):
    """Epoch milliseconds of a naive KST datetime."""
    return (t_kst - KST - EPOCH) // dt.timedelta(milliseconds=1)


def iso_kst(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+09:00"


def clf_time(t):
    return f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year}:{t:%H:%M:%S} +0900"


def hexid(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def uuid4(rng):
    h = hexid(rng, 32)
    h = h[:12] + "4" + h[13:16] + rng.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# Self-test of the algorithms against the spec's worked examples.
for _v in ["9001011234568", "8503152012341", "1109304456780", "0002294123457"]:
    assert rrn_check(_v[:12]) == int(_v[12]), _v
assert rrn_check("210315382917") != 4  # post-2020 example has no valid checksum
for _v in ["9001015123467", "8503156203484", "0301017105677", "9912318044697", "1205055304787"]:
    assert frn_check(_v[:12]) == int(_v[12]), _v
for _v in ["4111111111111111", "5555555555554444", "9410123456789010", "378282246310005"]:
    assert luhn_ok(_v), _v
for _v in ["4111111111111112", "9410123456789012", "1234567812345678"]:
    assert not luhn_ok(_v), _v

# --------------------------------------------------------------------------------------------
# Registries of planted values
# --------------------------------------------------------------------------------------------
CATEGORY_ORDER = ["kr-rrn", "kr-frn", "kr-passport", "kr-driver-license", "kr-phone", "email",
                  "kr-address", "credit-card"]


class Registry:
    """Ordered value → (category, class, note); insertion order is the output order."""

    def __init__(self):
        self.items = {}

    def add(self, value, category, cls, note=""):
        old = self.items.get(value)
        if old is not None and old[0] != category:
            raise ValueError(f"{value!r} registered as {old[0]} and {category}")
        if old is None:
            self.items[value] = (category, cls, note)
        return value


PLANTED = Registry()    # raw PII values (must never appear in piiscan output)
MASKED = Registry()     # masked look-alikes (reported as *-masked)
NEGATIVE = Registry()   # must not be reported at all


def P(value, category, cls, note=""):
    return PLANTED.add(value, category, cls, note)


def M(value, category, note=""):
    return MASKED.add(value, category, "masked", note)


def N(value, kind, note=""):
    return NEGATIVE.add(value, kind, "negative", note)


# --------------------------------------------------------------------------------------------
# Value factory
# --------------------------------------------------------------------------------------------
class Factory:
    def __init__(self, rng):
        self.rng = rng
        self.taken = set()  # membership only, never iterated

    def _uniq(self, make):
        for _ in range(10000):
            v = make()
            if v not in self.taken:
                self.taken.add(v)
                return v
        raise RuntimeError("value space exhausted")

    # --- RRN / FRN (13 digits, returned without separator) ---
    def rrn_digits(self):
        r = self.rng

        def make():
            d = rand_date(r, dt.date(1950, 1, 1), dt.date(2019, 9, 30))
            g = (1 if d.year < 2000 else 3) + r.randrange(2)
            body = f"{d:%y%m%d}{g}{r.randrange(96):02d}{r.randrange(100):02d}{r.randrange(10)}"
            return body + str(rrn_check(body))
        return self._uniq(make)

    def rrn_post2020_digits(self):
        r = self.rng

        def make():
            d = rand_date(r, dt.date(2020, 10, 5), dt.date(2023, 12, 31))
            body = f"{d:%y%m%d}{3 + r.randrange(2)}{r.randrange(10 ** 5):05d}"
            last = r.randrange(10)
            if last == rrn_check(body):  # keep the class unambiguous: random tail, checksum ✗
                last = (last + 1) % 10
            return body + str(last)
        return self._uniq(make)

    def frn_digits(self):
        r = self.rng

        def make():
            d = rand_date(r, dt.date(1960, 1, 1), dt.date(2005, 12, 31))
            g = (5 if d.year < 2000 else 7) + r.randrange(2)
            body = (f"{d:%y%m%d}{g}{2 * r.randrange(48):02d}{r.randrange(100):02d}"
                    f"{r.choice('6789')}")
            return body + str(frn_check(body))
        return self._uniq(make)

    # --- phones ---
    def mobile(self):
        r = self.rng
        return self._uniq(lambda: f"010-{r.randrange(2000, 10000)}-{r.randrange(10000):04d}")

    def landline(self):
        r = self.rng

        def make():
            ac = r.choice(["02", "02", "031", "031", "032", "033", "041", "042", "043", "044",
                           "051", "052", "053", "054", "055", "061", "062", "063", "064"])
            ex = str(r.randrange(200, 1000)) if r.random() < 0.5 else str(r.randrange(2000, 10000))
            return f"{ac}-{ex}-{r.randrange(10000):04d}"
        return self._uniq(make)

    def voip(self):
        r = self.rng
        return self._uniq(lambda: f"070-{r.randrange(2000, 10000)}-{r.randrange(10000):04d}")

    def safe(self):
        r = self.rng
        return self._uniq(lambda: f"050{r.choice('2345678')}-{r.randrange(200, 1000)}-"
                                  f"{r.randrange(10000):04d}")

    # --- e-mail ---
    WORDS = ["sky", "blue", "happy", "sunny", "moon", "star", "dream", "river", "green", "cloud",
             "maple", "ocean", "pine", "berry", "coffee", "tiger", "panda", "latte", "mint", "snow"]
    SYL = ["min", "ji", "seo", "hyun", "woo", "jun", "ha", "yeon", "soo", "eun", "do", "yoon",
           "jae", "hee", "sung", "kyung", "na", "bin", "ho", "ran"]
    DOMAINS = ["naver.com", "naver.com", "naver.com", "daum.net", "hanmail.net", "hanmail.net",
               "korea.ac.kr", "kakao.com", "nate.com", "gmail.com"]

    def email(self):
        r = self.rng

        def make():
            if r.random() < 0.5:
                local = r.choice(self.WORDS) + r.choice(["", "_", "."]) + r.choice(self.WORDS)
            else:
                local = r.choice(self.SYL) + r.choice(self.SYL) + r.choice(["", ".", "_"]) + \
                    r.choice(self.WORDS)
            if r.random() < 0.6:
                local += str(r.randrange(1, 100))
            return f"{local}@{r.choice(self.DOMAINS)}"
        return self._uniq(make)

    # --- cards ---
    def card(self, kind):
        r = self.rng

        def make():
            if kind == "visa":
                p = "4" + "".join(r.choice("0123456789") for _ in range(14))
            elif kind == "mastercard":
                p = r.choice(["51", "52", "53", "54", "55"]) + \
                    "".join(r.choice("0123456789") for _ in range(13))
            elif kind == "mastercard-2series":
                p = str(r.randrange(2221, 2721)) + "".join(r.choice("0123456789") for _ in range(11))
            elif kind == "kr-domestic":
                p = r.choice(["9410", "9430", "9455", "9420", "9490"]) + \
                    "".join(r.choice("0123456789") for _ in range(11))
            elif kind == "amex":
                p = r.choice(["34", "37"]) + "".join(r.choice("0123456789") for _ in range(12))
            else:
                raise ValueError(kind)
            return luhn_complete(p)
        return self._uniq(make)

    # --- passport / driver's licence ---
    def passport(self, new):
        r = self.rng

        def make():
            t = r.choice("MMMMMSRGD")
            if new:
                return f"{t}{r.randrange(1000):03d}{r.choice('ABCDEFGHJKLNPQRSTUVWXYZ')}" \
                       f"{r.randrange(10000):04d}"
            return f"{t}{r.randrange(10 ** 8):08d}"
        return self._uniq(make)

    def dl_hangul(self):
        r = self.rng
        regions = ["서울", "부산", "경기", "대구", "인천", "광주", "대전", "충남", "전북", "경남"]
        return self._uniq(lambda: f"{r.choice(regions)}-{r.randrange(85, 114) % 100:02d}-"
                                  f"{r.randrange(10 ** 6):06d}-{r.randrange(100):02d}")

    def dl(self):
        r = self.rng
        codes = [str(c) for c in range(11, 27)] + ["28"]
        return self._uniq(lambda: f"{r.choice(codes)}-{r.randrange(85, 124) % 100:02d}-"
                                  f"{r.randrange(10 ** 6):06d}-{r.randrange(100):02d}")

    # --- addresses (consistent 시·도 / 시·군·구 / road / 법정동 tuples) ---
    ROADS = [
        ("서울특별시", "강남구", "테헤란로", "역삼동"),
        ("서울특별시", "서초구", "서초대로", "서초동"),
        ("서울특별시", "마포구", "월드컵북로", "성산동"),
        ("서울특별시", "송파구", "올림픽로", "잠실동"),
        ("서울특별시", "영등포구", "국제금융로", "여의도동"),
        ("부산광역시", "해운대구", "센텀중앙로", "우동"),
        ("대구광역시", "수성구", "달구벌대로", "범어동"),
        ("인천광역시", "연수구", "컨벤시아대로", "송도동"),
        ("광주광역시", "서구", "상무중앙로", "치평동"),
        ("대전광역시", "유성구", "대학로", "궁동"),
        ("울산광역시", "남구", "삼산로", "삼산동"),
        ("경기도", "수원시 영통구", "광교로", "이의동"),
        ("경기도", "고양시 일산동구", "중앙로", "장항동"),
        ("강원특별자치도", "원주시", "원일로", "일산동"),
        ("충청북도", "청주시 상당구", "상당로", "북문로2가"),
        ("충청남도", "천안시 동남구", "충절로", "신부동"),
        ("전라남도", "여수시", "시청로", "학동"),
        ("경상북도", "포항시 남구", "포스코대로", "대잠동"),
        ("경상남도", "창원시 성산구", "중앙대로", "용호동"),
        ("제주특별자치도", "서귀포시", "중정로", "서귀동"),
    ]

    def address(self):
        r = self.rng

        def make():
            sido, sgg, road, dong = r.choice(self.ROADS)
            bno = str(r.randrange(1, 400))
            if r.random() < 0.2:
                bno += f"-{r.randrange(1, 20)}"
            detail = ""
            if r.random() < 0.35:
                detail = f", {r.randrange(101, 120)}동 {r.randrange(1, 25)}{r.randrange(1, 5):02d}호"
            elif r.random() < 0.2:
                detail = f", {r.randrange(2, 15)}층"
            return f"{sido} {sgg} {road} {bno}{detail} ({dong})"
        return self._uniq(make)


# Fixed spec values (§2.10, §3, §4, §5.4, §6.7, §7.2, §8.1).
SPEC_RRN = ["900101-1234568", "850315-2012341", "110930-4456780", "000229-4123457"]
SPEC_RRN_POST2020 = "210315-3829174"
SPEC_FRN = ["900101-5123467", "850315-6203484", "030101-7105677", "991231-8044697"]
SPEC_ADDR_ROAD = [
    "서울특별시 강남구 테헤란로 152 (역삼동)",
    "서울 마포구 성미산로12길 3",
    "서울 마포구 성미산로 12길 3",
    "경기도 성남시 분당구 판교역로 166, 101동 1203호 (백현동)",
    "세종특별자치시 도움5로 19 (어진동)",
    "강원특별자치도 춘천시 퇴계로77번길 42",
    "전북특별자치도 전주시 완산구 효자로 225",
    "부산광역시 해운대구 센텀중앙로 79, 3층",
    "제주특별자치도 제주시 애월읍 일주서로 123",
    "서울 중구 세종대로 지하 2",
]
SPEC_ADDR_LOT = ["서울 강남구 역삼동 737-1", "경기도 양평군 양서면 양수리 산 12-3번지",
                 "충남 예산군 덕산면 사천리 12"]

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S921N Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/129.0.6668.100 Mobile Safari/537.36;KAKAOTALK 2410850",
    "Mozilla/5.0 (Linux; Android 13; SM-A546N Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/128.0.6613.146 Mobile Safari/537.36 "
    "NAVER(inapp; search; 2000; 12.8.2)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "okhttp/4.12.0",
    "curl/8.5.0",
]


def client_ip(rng):
    kind = rng.random()
    if kind < 0.4:
        return f"203.0.113.{rng.randrange(1, 255)}"
    if kind < 0.7:
        return f"198.51.100.{rng.randrange(1, 255)}"
    if kind < 0.85:
        return f"192.0.2.{rng.randrange(1, 255)}"
    return f"10.{rng.randrange(0, 32)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def order_no(rng, t):
    # 13 digits, yymm of "20" + yy → month field 24/25: never a calendar date, never a RRN.
    return f"{t:%Y%m%d}{rng.randrange(100000):05d}"


def barcode(rng):
    # Korean EAN-13 "880" + company code starting 0 → RRN month field "00": never a date.
    return ean13_complete("8800" + "".join(rng.choice("0123456789") for _ in range(8)))


def isbn(rng):
    return ean13_complete("97889" + "".join(rng.choice("0123456789") for _ in range(7)))


# --------------------------------------------------------------------------------------------
# Fixture builders. Each returns bytes; Korean text is UTF-8, lines end with "\n".
# --------------------------------------------------------------------------------------------
def lines_bytes(lines, eol="\n", final=True):
    text = eol.join(lines) + (eol if final else "")
    return text.encode("utf-8")


def build_nginx(rng, f):
    t = dt.datetime(2024, 10, 27, 9, 0, 0)
    pii = {
        12: lambda: f"GET /api/v1/sms/send?hp={P('010-2345-6789', 'kr-phone', 'mobile')}"
                    f"&tpl=ORDER_DONE&_={epoch_ms(t)} HTTP/1.1",
        25: lambda: f"GET /member/check-email?email={P(f.email(), 'email', 'personal')} HTTP/1.1",
        37: lambda: f"GET /member/find-id?email="
                    f"{P('hong.gildong%40naver.com', 'email', 'url-encoded', 'query string, @ as %40')}"
                    f"&ts={epoch_ms(t)} HTTP/1.1",
        49: lambda: f"GET /api/v1/users/lookup?phone={P(f.mobile().replace('-', ''), 'kr-phone', 'mobile')}"
                    f"&ts={epoch_ms(t)} HTTP/1.1",
        63: lambda: f"GET /api/v2/members/{P(f.mobile().replace('-', ''), 'kr-phone', 'mobile', 'path segment after /')}"
                    f"/coupons?status=ACTIVE HTTP/1.1",
        78: lambda: f"GET /cs/callback?tel={P('02-312-3456', 'kr-phone', 'landline')}"
                    f"&name=%EA%B3%A0%EA%B0%9D123&ch=web HTTP/1.1",
        91: lambda: f"GET /event/apply?mobile={P(f.mobile().replace('-', '.'), 'kr-phone', 'mobile')}"
                    f"&agree=Y&evt=HALLOWEEN24 HTTP/1.1",
        104: lambda: f"GET /login?redirect=%2Fmypage%2Forders&email="
                     f"{P('park%40korea.ac.kr', 'email', 'url-encoded', 'query string, @ as %40')} HTTP/1.1",
        117: lambda: f"POST /api/v1/auth/otp?hp={P(f.mobile(), 'kr-phone', 'mobile')}&retry=1 HTTP/1.1",
        131: lambda: f"GET /api/v1/sms/send?hp={P('070-4321-8765', 'kr-phone', 'voip')}"
                     f"&tpl=DELIVERY_START&_={epoch_ms(t)} HTTP/1.1",
        146: lambda: f"GET /member/check-email?email={P('lee@hanmail.net', 'email', 'personal')}"
                     f"&ts={epoch_ms(t)} HTTP/1.1",
        158: lambda: f"GET /api/v1/delivery/contact?phone={P('0505-123-4567', 'kr-phone', 'safe-050x')}"
                     f"&order_id={order_no(rng, t)} HTTP/1.1",
        171: lambda: f"GET /api/v1/sms/send?hp={P(f.mobile(), 'kr-phone', 'mobile')}&tpl=ORDER_DONE"
                     f"&_={epoch_ms(t)} HTTP/1.1",
        185: lambda: f"GET /newsletter/subscribe?email={P(f.email(), 'email', 'personal')}"
                     f"&src=footer HTTP/1.1",
        199: lambda: f"GET /cs/callback?tel={P('031-123-4567', 'kr-phone', 'landline')}"
                     f"&ch=app HTTP/1.1",
        214: lambda: f"GET /api/v1/users/lookup?phone={P(f.mobile(), 'kr-phone', 'mobile')}"
                     f"&ts={epoch_ms(t)} HTTP/1.1",
        228: lambda: f"GET /member/find-pw?email={P('kim_01+shop@daum.net', 'email', 'personal')}"
                     f"&ts={epoch_ms(t)} HTTP/1.1",
        243: lambda: f"GET /api/v1/sms/send?hp={P(f.mobile(), 'kr-phone', 'mobile')}"
                     f"&tpl=RETURN_DONE HTTP/1.1",
        257: lambda: f"GET /member/check-email?email={P(f.email(), 'email', 'personal')} HTTP/1.1",
        271: lambda: f"GET /api/v1/users/lookup?hp={P(f.mobile(), 'kr-phone', 'mobile')}"
                     f"&ts={epoch_ms(t)} HTTP/1.1",
        286: lambda: f"GET /cs/callback?tel={P(f.landline(), 'kr-phone', 'landline')}"
                     f"&ch=web HTTP/1.1",
    }
    negs = {
        5: lambda: f"GET /static/{N('logo@2x.png', 'email', 'retina asset')} HTTP/1.1",
        18: lambda: f"GET /api/v1/orders?order_id={order_no(rng, t)}&ts="
                    f"{N('1730000000000', 'kr-rrn', 'epoch-ms')} HTTP/1.1",
        31: lambda: f"GET /static/img/{N('icon@2x.png', 'email', 'retina asset')}?v=3 HTTP/1.1",
        44: lambda: f"GET /static/video/{N('clip@2x.mov', 'email', 'asset, .mov is a TLD')} HTTP/1.1",
        57: lambda: f"GET /downloads/{N('backup@2024.zip', 'email', 'file, .zip is a TLD')} HTTP/1.1",
        70: lambda: f"GET /api/v1/products/{N(barcode(rng), 'kr-rrn', 'EAN-13 barcode')}"
                    f"?ref=search HTTP/1.1",
        83: lambda: f"GET /books/{N(isbn(rng), 'kr-rrn', 'ISBN-13')} HTTP/1.1",
        96: lambda: f"GET /api/v1/tx?tx_id={N('A9001011234568', 'kr-rrn', 'RRN digits inside a longer token')}"
                    f" HTTP/1.1",
        109: lambda: f"GET /api/v1/events?after={N('9001011234568000', 'kr-rrn', '16-digit run')}"
                     f" HTTP/1.1",
        122: lambda: f"GET /cs/info?tel={N('1588-1234', 'kr-phone', 'UAN, business')} HTTP/1.1",
        135: lambda: f"GET /cs/info?tel={N('080-123-4567', 'kr-phone', 'toll-free')} HTTP/1.1",
        141: lambda: f"GET /member/check-email?email={N('user%40example.com', 'email', 'placeholder, %40-encoded')}"
                     f" HTTP/1.1",
        148: lambda: f"GET /api/v1/ping?ts={N('1729987654321', 'kr-rrn', 'epoch-ms')}"
                     f"&cb={epoch_ms(t)} HTTP/1.1",
        161: lambda: f"GET /track?order={N('order#01012345678', 'kr-phone', 'glued to #')} HTTP/1.1",
        174: lambda: f"GET /api/v1/session/{N('5e0c7a12-4b1d-4e2f-a010-23456789abcd', 'kr-phone', 'UUID with 010-2345-6789-like digits')}"
                     f" HTTP/1.1",
        189: lambda: f"GET /api/v1/orders?order_id={order_no(rng, t)}&ts={epoch_ms(t)}&dev="
                     f"{N('b112233333344c0d', 'kr-driver-license', 'hex id with 12 DL-like digits')} HTTP/1.1",
    }
    out = []
    for i in range(300):
        t += dt.timedelta(seconds=rng.randrange(1, 40), milliseconds=rng.randrange(1000))
        ip = client_ip(rng)
        ua = rng.choice(UAS)
        status, size = 200, rng.randrange(300, 60000)
        if i in pii:
            req = pii[i]()
        elif i in negs:
            req = negs[i]()
        else:
            k = rng.random()
            if k < 0.25:
                req = rng.choice([
                    f"GET /static/css/app.{hexid(rng, 8)}.css HTTP/1.1",
                    f"GET /static/js/chunk-{hexid(rng, 8)}.js HTTP/1.1",
                    f"GET /static/img/banner_{rng.randrange(1, 40):02d}@3x.webp HTTP/1.1",
                    "GET /favicon.ico HTTP/1.1",
                ])
                status = rng.choice([200, 200, 304])
                if status == 304:
                    size = 0
            elif k < 0.45:
                req = f"GET /api/v1/orders?order_id={order_no(rng, t)}&ts={epoch_ms(t)} HTTP/1.1"
            elif k < 0.55:
                req = f"GET /api/v1/session/{uuid4(rng)} HTTP/1.1"
            elif k < 0.65:
                req = f"GET /products/{rng.randrange(10000, 99999)}?sku={barcode(rng)}" \
                      f"&utm_source=naver&_={epoch_ms(t)} HTTP/1.1"
            elif k < 0.72:
                req = "GET /search?q=%EB%B0%B0%EC%86%A1%EC%A1%B0%ED%9A%8C&page=" \
                      f"{rng.randrange(1, 9)} HTTP/1.1"
            elif k < 0.8:
                req = f"POST /api/v1/cart/items?cid={uuid4(rng)} HTTP/1.1"
                status = rng.choice([200, 201, 400])
            elif k < 0.88:
                req = "GET /healthz HTTP/1.1"
                ua, size = "kube-probe/1.29", 2
            elif k < 0.94:
                req = "GET /metrics HTTP/1.1"
                ua = "Prometheus/2.53.0"
            else:
                req = f"GET /wp-login.php?{hexid(rng, 6)}=1 HTTP/1.1"
                status = 404
        ref = "-" if rng.random() < 0.4 else rng.choice([
            "https://shop.example.com/", "https://shop.example.com/mypage/orders",
            f"https://shop.example.com/products/{rng.randrange(10000, 99999)}",
            "https://search.naver.com/search.naver?query=%EC%8B%A0%EB%B0%9C"])
        out.append(f'{ip} - - [{clf_time(t)}] "{req}" {status} {size} "{ref}" "{ua}" '
                   f'rt={rng.randrange(1, 900) / 1000:.3f}')
    return lines_bytes(out)


def build_apache(rng, f):
    t = dt.datetime(2024, 11, 3, 14, 0, 0)
    pii = {
        7: lambda: ("-", f"GET /cgi-bin/verify.cgi?rrn={P('850315-2012341', 'kr-rrn', 'valid-checksum')}"
                         f"&mode=check HTTP/1.0"),
        19: lambda: (P(f.email(), "email", "personal"), "GET /admin/export/customers.csv HTTP/1.1"),
        33: lambda: ("-", f"GET /board/view.php?no={rng.randrange(1000, 9999)}&tel="
                          f"{P(f.landline(), 'kr-phone', 'landline')} HTTP/1.1"),
        48: lambda: (P("hong.gildong@naver.com", "email", "personal"), "GET /admin/members HTTP/1.1"),
        62: lambda: ("-", f"GET /cgi-bin/verify.cgi?jumin="
                          f"{P(f.rrn_digits(), 'kr-rrn', 'valid-checksum', 'no hyphen, jumin= context')}"
                          f" HTTP/1.0"),
        77: lambda: ("-", f"GET /board/write.php?hp={P(f.mobile(), 'kr-phone', 'mobile')}&title=%EB%AC%B8%EC%9D%98"
                          f" HTTP/1.1"),
        91: lambda: ("-", f"GET /pay/confirm.php?card_no={P(f.card('visa'), 'credit-card', 'visa')}"
                          f"&amt=39000 HTTP/1.1"),
        104: lambda: (P(f.email(), "email", "personal"), "POST /admin/members/bulk-update HTTP/1.1"),
        118: lambda: ("-", f"GET /cgi-bin/verify.cgi?frn={P(f.frn_digits(), 'kr-frn', 'valid-frn-checksum', 'no hyphen')}"
                           f" HTTP/1.0"),
        133: lambda: ("-", f"GET /board/write.php?hp={P(f.mobile(), 'kr-phone', 'mobile')}"
                           f"&email={P(f.email(), 'email', 'personal')} HTTP/1.1"),
    }
    negs = {
        12: lambda: ("-", f"GET /img/{N('photo@2x.jpg', 'email', 'retina asset')} HTTP/1.1"),
        26: lambda: ("-", f"GET /board/list.php?page=2&brn={N('220-81-06121', 'kr-phone', 'corporate BRN')}"
                          f" HTTP/1.1"),
        55: lambda: ("-", f"GET /api/sync?since={N('1730419200000', 'kr-rrn', 'epoch-ms')} HTTP/1.1"),
        84: lambda: ("-", f"GET /goods/{N('8801234567893', 'kr-rrn', 'EAN-13, DOB 2088 future')}"
                          f" HTTP/1.1"),
    }
    out = []
    for i in range(150):
        t += dt.timedelta(seconds=rng.randrange(1, 90))
        user, status, size = "-", 200, rng.randrange(200, 30000)
        if i in pii:
            user, req = pii[i]()
        elif i in negs:
            user, req = negs[i]()
        else:
            req = rng.choice([
                "GET /index.php HTTP/1.1", "GET /apache_pb.gif HTTP/1.0",
                f"GET /board/list.php?page={rng.randrange(1, 30)} HTTP/1.1",
                f"GET /board/view.php?no={rng.randrange(1000, 9999)} HTTP/1.1",
                f"GET /css/style.css?ver={rng.randrange(100, 999)} HTTP/1.1",
                f"GET /goods/view.php?goodsno={rng.randrange(100000, 999999)} HTTP/1.1",
                "GET /robots.txt HTTP/1.1",
                f"GET /api/sync?since={epoch_ms(t)} HTTP/1.1",
            ])
            if rng.random() < 0.1:
                status, size = 404, 209
        sz = "-" if status == 304 else str(size)
        out.append(f"{client_ip(rng)} - {user} [{clf_time(t)}] \"{req}\" {status} {sz}")
    return lines_bytes(out)


def build_app_jsonl(rng, f):
    t = dt.datetime(2024, 11, 12, 10, 0, 0)
    people = []
    for k in range(14):
        people.append({
            "id": f"u_{rng.randrange(10000, 99999)}",
            "phone": f.mobile() if k else "010-2345-6789",
            "email": f.email() if k else "hong.gildong@naver.com",
        })
    addrs = [P(SPEC_ADDR_ROAD[0], "kr-address", "road")] + \
        [P(f.address(), "kr-address", "road") for _ in range(7)]
    rrns = [P("900101-1234568", "kr-rrn", "valid-checksum"),
            P("110930-4456780", "kr-rrn", "valid-checksum")]
    for _ in range(4):
        d = f.rrn_digits()
        rrns.append(P(d[:6] + "-" + d[6:], "kr-rrn", "valid-checksum"))
    out = []
    svcs = ["order-api", "member-api", "pay-gw", "delivery", "notify"]
    for i in range(200):
        t += dt.timedelta(seconds=rng.randrange(1, 30), milliseconds=rng.randrange(1000))
        ev = {"ts": iso_kst(t), "ts_ms": epoch_ms(t), "level": "INFO", "svc": rng.choice(svcs),
              "trace_id": hexid(rng, 32), "span_id": hexid(rng, 16)}
        k = i % 20
        person = people[rng.randrange(len(people))]
        if k == 0:
            person = people[(i // 20) % len(people)] if i < 20 * len(people) else person
            ev.update(msg="로그인 성공", user={"id": person["id"],
                                          "phone": P(person["phone"], "kr-phone", "mobile"),
                                          "email": P(person["email"], "email", "personal")})
        elif k == 3:
            ev.update(msg=f"배송지 변경: {addrs[(i // 20) % len(addrs)]}",
                      user={"id": person["id"]})
        elif k == 5:
            ev.update(msg="본인확인 요청", rrn=rrns[(i // 20) % len(rrns)],
                      result=rng.choice(["OK", "OK", "MISMATCH"]))
        elif k == 7:
            ev.update(msg="본인확인 결과 기록", rrn_masked=M("900101-1******", "kr-rrn-masked"),
                      user={"id": person["id"]})
        elif k == 9:
            card = ([("4111111111111111", "visa"), ("5555555555554444", "mastercard"),
                               ("9410123456789010", "kr-domestic"), ("378282246310005", "amex"),
                               (f.card("kr-domestic"), "kr-domestic")])[(i // 20) % 5]
            ev.update(level="WARN", msg="결제 요청 원문 덤프", svc="pay-gw",
                      req={"card_no": P(card[0], "credit-card", card[1]), "amount": 45000,
                           "installment": 0, "order_no": order_no(rng, t)})
        elif k == 11:
            ev.update(msg="결제 승인", svc="pay-gw",
                      card=M("1234-56**-****-3456", "credit-card-masked"),
                      amount=rng.choice([12900, 45000, 129000, 1250000]), currency="KRW")
        elif k == 13:
            ev.update(msg="SMS 발송 완료", svc="notify", to=M("010-****-5678", "kr-phone-masked"),
                      template="ORDER_DONE")
        elif k == 15:
            if (i // 20) % 2 == 0:
                ev.update(msg="외국인 회원 가입", svc="member-api",
                          frn=P("850315-6203484", "kr-frn", "valid-frn-checksum"),
                          passport_no=P("M123A4567", "kr-passport", "new-format"))
            else:
                d = f.frn_digits()
                ev.update(msg="외국인 회원 가입", svc="member-api",
                          frn=P(d[:6] + "-" + d[6:], "kr-frn", "valid-frn-checksum"),
                          passport_no=P(f.passport(False), "kr-passport", "old-format"),
                          driver_license=P(f.dl(), "kr-driver-license", "numeric-region"))
        elif k == 17:
            if i == 17:
                ev["trace_id"] = N("4bfa01023456789ce929d0e0e4736aa1", "kr-phone",
                                   "hex trace id with 01023456789 inside")
                ev["span_id"] = N("c9001011234568ef", "kr-rrn", "hex span id with RRN digits inside")
            ev.update(level="ERROR", msg="결제 실패: 한도 초과", svc="pay-gw",
                      error={"code": f"E{rng.randrange(1000, 9999)}", "pg_tid": hexid(rng, 20)},
                      order={"order_no": order_no(rng, t), "amount": rng.randrange(10, 500) * 100})
        else:
            choice = rng.random()
            if choice < 0.4:
                ev.update(msg="주문 완료", order={"order_no": order_no(rng, t),
                                               "amount": rng.randrange(10, 3000) * 100,
                                               "currency": "KRW", "items": rng.randrange(1, 6),
                                               "barcode": barcode(rng)})
            elif choice < 0.6:
                ev.update(msg="캐시 갱신", keys=rng.randrange(100, 99999),
                          elapsed_ms=rng.randrange(1, 900))
            elif choice < 0.75:
                ev.update(msg="배송 상태 변경", svc="delivery", invoice_no=f"6{rng.randrange(10 ** 11):011d}",
                          status=rng.choice(["집화완료", "배송중", "배송완료"]))
            elif choice < 0.9:
                ev.update(msg="장바구니 담기", session=uuid4(rng), sku=barcode(rng),
                          price=rng.randrange(10, 900) * 100)
            else:
                ev.update(level="DEBUG", msg="요청 처리 시간", path="/api/v1/orders",
                          elapsed_ms=rng.randrange(1, 900), req_id=uuid4(rng))
        out.append(json.dumps(ev, ensure_ascii=False, separators=(",", ":")))
    return lines_bytes(out)


def build_csv(rng, f):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name_hash", "phone", "email", "address", "jumin", "created_at", "order_no",
                "barcode"])
    t = dt.datetime(2024, 9, 1, 8, 0, 0)
    spec_rrn_cycle = ["900101-1234568", "850315-2012341", "110930-4456780", "000229-4123457"]
    for i in range(1, 101):
        t += dt.timedelta(minutes=rng.randrange(5, 600), seconds=rng.randrange(60))
        cid = 1000 + i
        name_hash = hashlib.sha256(f"piiscan-fixture-customer-{cid}".encode()).hexdigest()[:16]
        # phone
        k = rng.random()
        if i == 3:
            phone = P("02-312-3456", "kr-phone", "landline")
        elif i == 8:
            phone = P("0505-123-4567", "kr-phone", "safe-050x")
        elif k < 0.65:
            phone = P(f.mobile(), "kr-phone", "mobile")
        elif k < 0.75:
            phone = P(f.mobile().replace("-", ""), "kr-phone", "mobile")
        elif k < 0.85:
            phone = P(f.landline(), "kr-phone", "landline")
        elif k < 0.9:
            phone = P(f.voip(), "kr-phone", "voip")
        elif k < 0.95:
            m = f.mobile()
            phone = P("+82 " + m[1:], "kr-phone", "mobile-intl")
        else:
            phone = ""
        email = P(f.email(), "email", "personal") if rng.random() < 0.9 else ""
        if i in (2, 40):
            addr = P(SPEC_ADDR_ROAD[3 if i == 2 else 4], "kr-address", "road")
        elif i == 55:
            addr = P(SPEC_ADDR_LOT[0], "kr-address", "lot")
        else:
            addr = P(f.address(), "kr-address", "road") if rng.random() < 0.85 else ""
        k = rng.random()
        if i <= 4:
            jumin = P(spec_rrn_cycle[i - 1], "kr-rrn", "valid-checksum")
        elif i == 10:
            jumin = P(SPEC_RRN_POST2020, "kr-rrn", "post2020-random")
        elif i == 20:
            jumin = P("900101-5123467", "kr-frn", "valid-frn-checksum")
        elif k < 0.35:
            d = f.rrn_digits()
            jumin = P(d[:6] + "-" + d[6:], "kr-rrn", "valid-checksum")
        elif k < 0.55:
            jumin = P(f.rrn_digits(), "kr-rrn", "valid-checksum", "no hyphen, jumin column")
        elif k < 0.6:
            d = f.rrn_post2020_digits()
            jumin = P(d[:6] + "-" + d[6:], "kr-rrn", "post2020-random")
        elif k < 0.65:
            d = f.frn_digits()
            jumin = P(d[:6] + "-" + d[6:], "kr-frn", "valid-frn-checksum")
        elif k < 0.85:
            d = f.rrn_digits()
            jumin = M(d[:6] + "-" + d[6] + "******", "kr-rrn-masked")
        else:
            jumin = ""
        created = t.strftime("%Y-%m-%d %H:%M:%S")
        w.writerow([cid, name_hash, phone, email, addr, jumin, created, order_no(rng, t),
                    barcode(rng)])
    return buf.getvalue().encode("utf-8")


def build_notes(rng, f):
    L = []

    def tk(no, title):
        L.append("")
        L.append(f"[티켓 #{no}] {title}")

    L.append("# 고객센터 상담 메모 (내부용) — 2024년 11월 넷째 주")
    L.append("# 작성: 상담팀 / 원문 그대로 보관 (개인정보 포함 가능)")
    tk("C-24112501", "배송 지연 문의")
    L.append(f"고객님이 {P('010-1234-5678', 'kr-phone', 'mobile-nonstd', 'placeholder range, glued to 로')}로 연락 달라고 하심. 부재 시 문자 남겨 달라고 함.")
    L.append("매장에서 그대로 30분 기다렸다고 불만 접수.")
    N("그대로 30분 기다렸다", "kr-address", "adverb ending in 로 + number")
    L.append(f"배송지 변경: {P(SPEC_ADDR_ROAD[0], 'kr-address', 'road')}")
    tk("C-24112502", "견적서 재발송")
    L.append(f"견적서는 {P('hong@naver.com', 'email', 'personal', 'glued to 으로')}으로 보내 달라고 요청.")
    L.append("쿠폰 적용 안 됨 → 추가로 20% 할인 처리함.")
    N("추가로 20% 할인", "kr-address", "adverb ending in 로 + percentage")
    L.append("배송비는 별도로 30,000원 청구됨.")
    N("별도로 30,000원", "kr-address", "adverb ending in 로 + amount")
    tk("C-24112503", "본인확인")
    L.append(f"본인확인 시 주민번호 {M('900101-1******', 'kr-rrn-masked')}만 확인함 (뒷자리 마스킹).")
    L.append(f"콜백 번호 {M('010-****-5678', 'kr-phone-masked')} (마스킹된 번호라 전체 번호 재확인 필요)")
    L.append(f"결제 카드 {M('1234-56**-****-3456', 'credit-card-masked')} 승인 취소 요청")
    L.append(f"재확인 결과 주민등록번호 {P('900101-1234568', 'kr-rrn', 'valid-checksum')}로 조회됨.")
    tk("C-24112504", "퀵 배송 기사 문의")
    L.append("기사님 말로는 이 길로 5 분이면 도착한다고 함.")
    N("이 길로 5 분", "kr-address", "길로 + number + unit")
    L.append("로그 레벨을 info로 3 번 바꿈 (개발팀 요청).")
    N("info로 3 번", "kr-address", "ASCII word + 로 + number")
    L.append("이 동네 3번 버스 정류장 앞에 맡겨 달라고 함.")
    N("이 동네 3번 버스", "kr-address", "동네 + number")
    L.append("3동 201호 앞 택배함 이용 (기본 주소 없이 동/호만 남김).")
    N("3동 201호", "kr-address", "detail without base address")
    tk("C-24112505", "해외 배송 / 통관")
    L.append(f"해외 배송 건: 여권번호 {P('M12345678', 'kr-passport', 'old-format')} (구여권) 확인 완료.")
    L.append(f"신여권 번호 {P('M123A4567', 'kr-passport', 'new-format')}로 재등록 요청.")
    L.append(f"동반 가족 여권: {P('S98765432', 'kr-passport', 'old-format')}, {P(f.passport(True), 'kr-passport', 'new-format')}")
    L.append(f"개인통관고유부호 문의는 통관팀 이관. 주문 모델 {N('MX1234567', 'kr-passport', 'two letters')} / "
             f"SKU {N('SM12345678', 'kr-passport', 'inside longer token')} 재고 확인.")
    L.append(f"부품 번호 {N('A12345678', 'kr-passport', 'type letter A')}, 시리얼 {N('M12345678901', 'kr-passport', '11 digits')}, "
             f"접수번호 {N('M123A45678', 'kr-passport', '5 trailing digits')} / {N('RM123A4567', 'kr-passport', 'two letters')}.")
    tk("C-24112506", "렌터카 제휴 예약")
    L.append(f"렌터카 예약: 운전면허 {P('11-22-333333-44', 'kr-driver-license', 'numeric-region')} 확인.")
    L.append(f"구 면허증 번호 {P('서울-05-123456-11', 'kr-driver-license', 'hangul-region')} (2014년 이전 발급 형식).")
    L.append(f"추가 운전자 면허번호 {P(f.dl(), 'kr-driver-license', 'numeric-region')}, "
             f"{P(f.dl(), 'kr-driver-license', 'numeric-region')}, "
             f"{P(f.dl_hangul(), 'kr-driver-license', 'hangul-region')}")
    L.append(f"띄어 쓴 면허번호 {P('28 19 123456 01', 'kr-driver-license', 'numeric-region', 'space-separated')} 확인.")
    L.append(f"잘못 적은 번호 {N('27-22-333333-44', 'kr-driver-license', 'region 27 unused')} / "
             f"{N('11-22-33333-44', 'kr-driver-license', '5-digit serial')} / "
             f"{N('2011-22-333333-44', 'kr-driver-license', 'prefix glued')} 는 반려.")
    tk("C-24112507", "결제 오류")
    L.append(f"카드번호 {P('4111-1111-1111-1111', 'credit-card', 'visa')}로 결제 시도, 한도 초과로 실패.")
    L.append(f"국내전용 카드 {P('9410-1234-5678-9010', 'credit-card', 'kr-domestic')} 등록.")
    L.append(f"법인카드 {P('3782 822463 10005', 'credit-card', 'amex', 'spaced 4-6-5')} 로 재결제 완료.")
    L.append(f"고객이 불러준 번호 {N('4111111111111112', 'credit-card', 'Luhn fails')} 는 검증 실패, "
             f"{N('9410123456789012', 'credit-card', 'Luhn fails')} 도 오류.")
    L.append(f"테스트 번호 {N('1234567812345678', 'credit-card', 'Luhn fails, IIN 1')} / "
             f"{N('0000000000000000', 'credit-card', 'Luhn-valid but degenerate')} 는 무시.")
    tk("C-24112508", "외국인 회원")
    L.append(f"외국인 고객 외국인등록번호 {P('900101-5123467', 'kr-frn', 'valid-frn-checksum')} 확인 후 가입 처리.")
    L.append(f"배우자 외국인등록번호 {P('030101-7105677', 'kr-frn', 'valid-frn-checksum')}, "
             f"자녀 {(lambda d: P(d[:6] + '-' + d[6:], 'kr-frn', 'valid-frn-checksum'))(f.frn_digits())}")
    L.append(f"서류상 생년월일 2099년 번호 {N('991231-8044697', 'kr-frn', 'digit 8 = 2000s → DOB 2099-12-31 is in the future (§2.7 #4, §10); §3 table lists it as FRN_STRONG')} 는 오류.")
    L.append(f"서류상 번호 {N('000230-6123456', 'kr-frn', '30 Feb')} 는 날짜 오류로 반려.")
    tk("C-24112509", "회원정보 수정")
    L.append(f"연락처 변경 {P('010-3141-5926', 'kr-phone', 'mobile')} → {P('010.2718.2818', 'kr-phone', 'mobile')}")
    L.append(f"자택 {P('(02) 555-0123', 'kr-phone', 'landline', 'parenthesised area code')}, "
             f"회사 {P('02)784-1234', 'kr-phone', 'landline', 'signage style')}")
    L.append(f"해외 체류 중: {P('+82 10-5678-1234', 'kr-phone', 'mobile-intl')} 또는 "
             f"{P('+82-2-312-3456', 'kr-phone', 'landline-intl')}")
    L.append(f"전각으로 입력된 번호 {P('０１０－３９８７－６５４３', 'kr-phone', 'mobile', 'full-width digits and hyphen')}")
    L.append(f"이메일 {P('lee@hanmail.net', 'email', 'personal')}, 학교 메일 "
             f"{P('park@korea.ac.kr', 'email', 'personal')} 둘 다 수신 동의.")
    L.append(f"예전 번호 {P('011-234-5678', 'kr-phone', 'mobile-legacy')} 는 해지됨.")
    tk("C-24112510", "반품 회수지")
    for a in SPEC_ADDR_ROAD[1:]:
        L.append(f"회수지 주소: {P(a, 'kr-address', 'road')}")
    for a in SPEC_ADDR_LOT:
        L.append(f"구 주소(지번): {P(a, 'kr-address', 'lot')}")
    tk("C-24112511", "잘못 기재된 번호 (검증 실패 사례)")
    L.append(f"주민번호 칸에 {N('901301-1234567', 'kr-rrn', 'month 13')} 입력 → 13월 없음.")
    L.append(f"{N('900230-1234567', 'kr-rrn', '30 Feb')} (2월 30일) 및 "
             f"{N('900229-1234561', 'kr-rrn', '1990 not leap')} (1990년은 윤년 아님) 반려.")
    L.append(f"{N('020229-3101234', 'kr-rrn', '2002 not leap')} 도 날짜 오류, "
             f"{N('991231-3123455', 'kr-rrn', 'DOB 2099 future')} 는 미래 생년월일.")
    L.append(f"자릿수 부족 {N('770707-123456', 'kr-rrn', '12 digits')}, 초과 "
             f"{N('900101-51234670', 'kr-frn', '14 digits')}.")
    L.append(f"전화번호 오기재: {N('010-9876-543', 'kr-phone', 'short subscriber')}, "
             f"{N('02-012-3456', 'kr-phone', 'exchange starts 0')}, "
             f"{N('034-123-4567', 'kr-phone', '034 not an area code')}, "
             f"{N('070-123-4567', 'kr-phone', 'VoIP needs 8 digits')}")
    L.append(f"고객센터 대표번호 {N('1588-1234', 'kr-phone', 'UAN')} / 수신자부담 {N('080-123-4567', 'kr-phone', 'toll-free')} 안내.")
    L.append(f"사업자등록번호 {N('220-81-06121', 'kr-phone', 'corporate BRN')} 로 세금계산서 발행.")
    L.append(f"메일 주소 아님: {N('test@example.com', 'email', 'RFC 2606 placeholder')}, "
             f"{N('root@prod-db-01', 'email', 'no TLD')}, {N('pkg@1.4.2', 'email', 'package@version')}, "
             f"{N('a@b.c', 'email', '1-letter TLD')}")
    L.append(f"개발팀 저장소 {N('git@github.com', 'email', 'git remote')}:example-org/shop-api.git, "
             f"패키지 {N('@babel/core', 'email', 'npm scope')}")
    L.append(f"이미지 {N('icon@2x.png', 'email', 'retina asset')} 깨짐 제보.")
    L.append(f"재확인 요청: 주민번호 {P('900101-1234569', 'kr-rrn', 'suspect-checksum', 'checksum fails, DOB < 2020-10: SUSPECT')} "
             f"(끝자리 오타 의심)")
    L.append(f"신생아 주민번호 {P(SPEC_RRN_POST2020, 'kr-rrn', 'post2020-random')} (2020년 10월 이후 부여, 검증번호 없음)")
    L.append(f"족보 자료의 주민번호 {P('971013-9019902', 'kr-rrn', 'historic-1800s')} (1800년대 출생 코드)")
    L.append(f"전각 하이픈으로 입력: {P('850315－2012341', 'kr-rrn', 'valid-checksum', 'full-width hyphen U+FF0D')}")
    L.append(f"띄어 쓴 주민번호: {P('000229 - 4123457', 'kr-rrn', 'valid-checksum', 'spaced hyphen')}")
    # Generated tickets for volume.
    templates = [
        lambda: f"고객 요청으로 연락처를 {P(f.mobile(), 'kr-phone', 'mobile')}로 변경함.",
        lambda: f"영수증은 {P(f.email(), 'email', 'personal')}으로 재발송.",
        lambda: f"배송지: {P(f.address(), 'kr-address', 'road')}",
        lambda: f"주민번호 {(lambda d: P(d[:6] + '-' + d[6:], 'kr-rrn', 'valid-checksum'))(f.rrn_digits())} 로 실명확인 완료.",
        lambda: f"주문번호 {order_no(rng, dt.datetime(2024, 11, 25))} 건 부분 환불 {rng.randrange(1, 90) * 1000:,}원.",
        lambda: f"송장번호 6{rng.randrange(10 ** 11):011d} 조회 결과 배송완료.",
        lambda: f"통화 {rng.randrange(2, 30)}분, 만족도 {rng.randrange(1, 6)}점. 추가 조치 없음.",
        lambda: f"카드 {P(f.card('kr-domestic'), 'credit-card', 'kr-domestic')} 로 결제 재시도 요청.",
        lambda: f"회사 전화 {P(f.landline(), 'kr-phone', 'landline')} 로 오후에 연락 바람.",
        lambda: f"인터넷전화 {P(f.voip(), 'kr-phone', 'voip')} 로만 통화 가능하다고 함.",
        lambda: "상품 파손으로 교환 접수, 사진 첨부 요청함.",
        lambda: "고객이 다시 전화하겠다고 함. 메모 남김.",
        lambda: f"여권번호 {P(f.passport(rng.random() < 0.5), 'kr-passport', 'passport')} 로 통관 정보 등록.",
        lambda: f"안심번호 {P(f.safe(), 'kr-phone', 'safe-050x')} 로 배달 기사 연결.",
    ]
    for n in range(12, 48):
        tk(f"C-241125{n:02d}", rng.choice(["배송 문의", "환불 요청", "회원정보 변경", "결제 문의",
                                           "교환 요청", "기타"]))
        for _ in range(rng.randrange(2, 5)):
            L.append(rng.choice(templates)())
    # Fix the class of generated passports.
    for v, (cat, cls, note) in list(PLANTED.items.items()):
        if cat == "kr-passport" and cls == "passport":
            PLANTED.items[v] = (cat, "new-format" if v[4].isalpha() else "old-format", note)
    return lines_bytes(L)


def build_plain_app_log(rng, f, n_lines, t0, vals_at, tag):
    """A plain-text application log; vals_at maps line index → line text (PII lines)."""
    t = t0
    out = []
    for i in range(n_lines):
        t += dt.timedelta(seconds=rng.randrange(0, 20), milliseconds=rng.randrange(1000))
        head = f"{t:%Y-%m-%d %H:%M:%S}.{t.microsecond // 1000:03d} "
        if i in vals_at:
            out.append(head + vals_at[i]())
            continue
        lvl = rng.choice(["INFO ", "INFO ", "INFO ", "DEBUG", "WARN "])
        trace = hexid(rng, 16)
        body = rng.choice([
            lambda: f"주문 완료 order_no={order_no(rng, t)} amount={rng.randrange(10, 3000) * 100} ts={epoch_ms(t)}",
            lambda: f"재고 차감 sku={barcode(rng)} qty={rng.randrange(1, 5)}",
            lambda: f"캐시 적중률 {rng.randrange(50, 100)}% keys={rng.randrange(1000, 90000)}",
            lambda: f"요청 처리 완료 path=/api/v1/orders/{order_no(rng, t)} elapsed_ms={rng.randrange(1, 800)}",
            lambda: f"세션 만료 sid={uuid4(rng)}",
            lambda: f"배송 상태 갱신 invoice=6{rng.randrange(10 ** 11):011d} status=IN_TRANSIT",
            lambda: f"GC pause {rng.randrange(1, 90)}ms heap={rng.randrange(200, 900)}MB",
        ])()
        out.append(f"{head}{lvl} [{tag},trace={trace}] {body}")
    return out


def pii_line(f, rng, kind):
    if kind == "phone":
        return f"INFO  [notify] SMS 발송 hp={P(f.mobile(), 'kr-phone', 'mobile')} template=ORDER_DONE"
    if kind == "email":
        return f"INFO  [member] 회원가입 완료 email={P(f.email(), 'email', 'personal')}"
    if kind == "rrn":
        d = f.rrn_digits()
        return f"WARN  [member] 본인인증 요청 원문 jumin={P(d, 'kr-rrn', 'valid-checksum', 'no hyphen, jumin= context')}"
    if kind == "rrn-h":
        d = f.rrn_digits()
        return f"INFO  [member] 실명확인 rrn={P(d[:6] + '-' + d[6:], 'kr-rrn', 'valid-checksum')} result=OK"
    if kind == "addr":
        return f"INFO  [delivery] 배송지 변경: {P(f.address(), 'kr-address', 'road')}"
    if kind == "card":
        return f"WARN  [pay-gw] 승인 요청 card={P(f.card(rng.choice(['visa', 'mastercard', 'kr-domestic', 'mastercard-2series'])), 'credit-card', 'card')} amt=45000"
    if kind == "frn":
        d = f.frn_digits()
        return f"INFO  [member] 외국인 가입 frn={P(d[:6] + '-' + d[6:], 'kr-frn', 'valid-frn-checksum')}"
    if kind == "landline":
        return f"INFO  [cs] 콜백 예약 tel={P(f.landline(), 'kr-phone', 'landline')}"
    raise ValueError(kind)


def fix_card_classes():
    for v, (cat, cls, note) in list(PLANTED.items.items()):
        if cat == "credit-card" and cls == "card":
            d = re.sub(r"\D", "", v)
            kind = ("visa" if d[0] == "4" else "kr-domestic" if d[0] == "9" else
                    "mastercard-2series" if d[0] == "2" else "mastercard")
            PLANTED.items[v] = (cat, kind, note)


def build_gzip_logs(rng, f):
    kinds = ["phone", "email", "rrn", "addr", "card", "rrn-h", "frn", "landline"]
    vals = {i: (lambda k: (lambda: pii_line(f, rng, k)))(kinds[(i // 23) % len(kinds)])
            for i in range(11, 500, 23)}
    app = build_plain_app_log(rng, f, 500, dt.datetime(2024, 12, 2, 0, 0, 0), vals, "order-api")
    app_bytes = lines_bytes(app)
    # multi-member: member 1 has a few values, member 2 has its own (decoders must not stop early)
    vals1 = {i: (lambda k: (lambda: pii_line(f, rng, k)))(k) for i, k in
             [(5, "phone"), (40, "email"), (77, "rrn-h")]}
    vals2 = {i: (lambda k: (lambda: pii_line(f, rng, k)))(k) for i, k in
             [(3, "phone"), (50, "card"), (90, "addr"), (119, "email")]}
    m1 = lines_bytes(build_plain_app_log(rng, f, 120, dt.datetime(2024, 12, 3, 0, 0, 0), vals1, "batch-1"))
    m2 = lines_bytes(build_plain_app_log(rng, f, 120, dt.datetime(2024, 12, 3, 6, 0, 0), vals2, "batch-2"))
    multi = gzip.compress(m1, compresslevel=9, mtime=0) + gzip.compress(m2, compresslevel=9, mtime=0)
    # truncated: values in the first 40 and the last 40 lines; the stream is cut in the middle
    valst = {}
    for i in [2, 15, 30]:
        valst[i] = (lambda k: (lambda: pii_line(f, rng, k)))(["phone", "email", "rrn-h"][[2, 15, 30].index(i)])
    for i in [265, 280, 295]:
        valst[i] = (lambda k: (lambda: pii_line(f, rng, k)))(["phone", "email", "rrn-h"][[265, 280, 295].index(i)])
    tr_plain = lines_bytes(build_plain_app_log(rng, f, 300, dt.datetime(2024, 12, 4, 0, 0, 0), valst, "settle"))
    tr_full = gzip.compress(tr_plain, compresslevel=9, mtime=0)
    truncated = tr_full[: len(tr_full) // 2]
    fix_card_classes()
    return app_bytes, gzip.compress(app_bytes, compresslevel=9, mtime=0), multi, (m1 + m2), \
        truncated, tr_plain


def build_bom_crlf(rng, f):
    lines = [
        f"{P(f.mobile(), 'kr-phone', 'mobile', 'first bytes after the BOM')} 고객 콜백 요청 (윈도우 메모장에서 저장)",
        "상담 일시: 2024-11-20 14:30",
        f"주민등록번호: {(lambda d: P(d[:6] + '-' + d[6:], 'kr-rrn', 'valid-checksum', 'at end of a CRLF line'))(f.rrn_digits())}",
        f"이메일: {P(f.email(), 'email', 'personal', 'at end of a CRLF line')}",
        f"주소: {P(f.address(), 'kr-address', 'road')}",
        "메모: 특이사항 없음",
        f"카드: {P(f.card('kr-domestic'), 'credit-card', 'kr-domestic', 'last line, CRLF')}",
    ]
    return b"\xef\xbb\xbf" + lines_bytes(lines, eol="\r\n")


def build_blob(rng, f):
    d = f.rrn_digits()
    rrn = P(d[:6] + "-" + d[6:], "kr-rrn", "valid-checksum", "inside a binary file: not reported")
    em = P(f.email(), "email", "personal", "inside a binary file: not reported")
    data = bytearray(b"\x7fBLB\x00\x01\x00\x00")
    data += bytes(rng.randrange(256) for _ in range(3000))
    data += b"\x00\x00jumin=" + rrn.encode() + b"\x00"
    data += bytes(rng.randrange(256) for _ in range(5000))
    data += b"\x00contact=" + em.encode() + b"\x00\x00"
    data += bytes(rng.randrange(256) for _ in range(4000))
    return bytes(data)


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + \
        struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def build_png(rng, f):
    w = h = 8
    raw = b"".join(b"\x00" + b"".join(bytes((x * 32, y * 32, 128)) for x in range(w))
                   for y in range(h))
    em = P(f.email(), "email", "personal", "PNG tEXt chunk: binary, not reported")
    return (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + png_chunk(b"tEXt", b"Author\x00" + em.encode())
            + png_chunk(b"IDAT", zlib.compress(raw, 9))
            + png_chunk(b"IEND", b""))


def build_invalid_utf8(rng, f):
    m1, m2, m3 = f.mobile(), f.mobile(), f.landline()
    d1, d2 = f.rrn_digits(), f.rrn_digits()
    e1, e2 = f.email(), f.email()
    c1 = f.card("visa")
    parts = [
        b"2024-11-21 10:00:01 INFO  [legacy-euckr] \xc1\xd6\xb9\xae \xbf\xcf\xb7\xe1 "
        b"hp=" + P(m1, "kr-phone", "mobile", "after EUC-KR bytes").encode() + b"\n",
        b"2024-11-21 10:00:02 WARN  [legacy] \xff\xfe" + P(m2, "kr-phone", "mobile", "glued to 0xFF 0xFE").encode()
        + b"\xff\n",
        b"2024-11-21 10:00:03 INFO  [legacy] jumin=" + P(d1, "kr-rrn", "valid-checksum", "followed by lone 0x80").encode()
        + b"\x80\x80 end\n",
        b"2024-11-21 10:00:04 INFO  [legacy] \xea\xb0" + P(d2[:6] + "-" + d2[6:], "kr-rrn", "valid-checksum",
                                                          "after truncated 3-byte sequence").encode()
        + b" \xed\xa0\x80 surrogate\n",
        b"2024-11-21 10:00:05 INFO  [legacy] email=" + P(e1, "email", "personal", "followed by overlong 0xC0 0xAF").encode()
        + b"\xc0\xaf\n",
        b"2024-11-21 10:00:06 INFO  [legacy] \xe4\xb8" + b" addr=" +
        P(f.address(), "kr-address", "road", "valid UTF-8 Hangul after invalid bytes").encode() + b" \xf8\x88\x80\x80\x80\n",
        b"2024-11-21 10:00:07 INFO  [legacy] tel=" + P(m3, "kr-phone", "landline").encode() +
        b" card=" + P(c1, "credit-card", "visa", "between invalid bytes").encode() + b"\xfe\n",
        b"2024-11-21 10:00:08 INFO  [legacy] \xb0\xed\xb0\xb4 " + P(e2, "email", "personal", "after EUC-KR bytes").encode()
        + b" \xc3\x28\n",
        b"2024-11-21 10:00:09 INFO  [legacy] heartbeat ok ts=1732150809000\n",
    ]
    return b"".join(parts)


def build_long_line(rng, f):
    """One ~300 KB line; values at offset 0, straddling 65536, at the middle, straddling
    262144 and ending right before the final newline."""
    total = 300_000
    first = P(f.mobile(), "kr-phone", "mobile", "offset 0 of a 300 KB line")
    d = f.rrn_digits()
    v64k = P(d[:6] + "-" + d[6:], "kr-rrn", "valid-checksum", "straddles byte 65536")
    vmid = P(f.email(), "email", "personal", "middle of a 300 KB line")
    v256k = P(f.card("kr-domestic"), "credit-card", "kr-domestic", "straddles byte 262144")
    vend = P(f.mobile(), "kr-phone", "mobile", "last bytes before the newline")
    anchors = [(65536 - 7, v64k), (total // 2, vmid), (262144 - 8, v256k)]
    buf = io.StringIO()
    buf.write(first + " ")
    pos = len(first) + 1
    k = 0
    t = dt.datetime(2024, 12, 1, 0, 0, 0)

    def token():
        nonlocal t
        t += dt.timedelta(milliseconds=rng.randrange(1, 5000))
        return (f'{{"ts":{epoch_ms(t)},"id":"{uuid4(rng)}","sku":"{barcode(rng)}",'
                f'"order":"{order_no(rng, t)}","qty":{rng.randrange(1, 9)}}},')
    offsets = {}
    while k < len(anchors):
        at, v = anchors[k]
        tok = token()
        if pos + len(tok) + 1 < at:
            buf.write(tok)
            pos += len(tok)
        else:
            pad = at - pos - 1
            buf.write(" " * pad + " " + v + " ")
            offsets[v] = at
            pos = at + len(v) + 1
            k += 1
    tail = " " + vend + "\n"
    while pos + len(tail) < total:
        tok = token()
        if pos + len(tok) + len(tail) > total:
            buf.write(" " * (total - pos - len(tail)))
            pos = total - len(tail)
            break
        buf.write(tok)
        pos += len(tok)
    buf.write(tail)
    data = buf.getvalue().encode("ascii")
    assert data.count(b"\n") == 1 and data.index(first.encode()) == 0
    return data, offsets, first, vend


def build_edge_no_newline(rng, f):
    lines = [
        "2024-12-05 09:00:00 INFO  [edge] 시작",
        "2024-12-05 09:00:01 INFO  [edge] 처리 중",
        f"2024-12-05 09:00:02 INFO  [edge] 마지막 줄 hp={P(f.mobile(), 'kr-phone', 'mobile', 'file ends right after it, no newline')}",
    ]
    return lines_bytes(lines, final=False)


def build_ignore_demo(rng, f):
    keep = lines_bytes([
        f"2024-12-06 10:00:00 INFO  [keep] hp={P(f.mobile(), 'kr-phone', 'mobile', 'ignore-demo: kept')}",
        f"2024-12-06 10:00:01 INFO  [keep] email={P(f.email(), 'email', 'personal', 'ignore-demo: kept')}",
    ])
    d1, d2 = f.rrn_digits(), f.rrn_digits()
    drop = lines_bytes([
        f"tmp dump rrn={P(d1[:6] + '-' + d1[6:], 'kr-rrn', 'valid-checksum', 'ignore-demo: *.tmp ignored')}",
        f"tmp dump hp={P(f.mobile(), 'kr-phone', 'mobile', 'ignore-demo: *.tmp ignored')}",
    ])
    secret = lines_bytes([
        f"2024-12-06 10:00:02 WARN  [secret] rrn={P(d2[:6] + '-' + d2[6:], 'kr-rrn', 'valid-checksum', 'ignore-demo: secret/ ignored')}",
        f"2024-12-06 10:00:03 WARN  [secret] email={P(f.email(), 'email', 'personal', 'ignore-demo: secret/ ignored')}",
    ])
    ignore = lines_bytes(["# piiscan ignore rules for the ignore-demo fixture", "*.tmp", "secret/"])
    return ignore, keep, drop, secret


# --------------------------------------------------------------------------------------------
# Reference matcher (spec regexes + validators), used only to verify the fixtures
# --------------------------------------------------------------------------------------------
SIDO_FULL = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시",
             "울산광역시", "세종특별자치시", "경기도", "강원특별자치도", "강원도", "충청북도",
             "충청남도", "전북특별자치도", "전라북도", "전라남도", "경상북도", "경상남도",
             "제주특별자치도", "제주도"]
SIDO_ABBR = ["서울시", "서울", "부산시", "부산", "대구시", "대구", "인천시", "인천", "광주시", "광주",
             "대전시", "대전", "울산시", "울산", "세종시", "세종", "경기", "강원", "충북", "충남",
             "전북", "전남", "경북", "경남", "제주"]
SIDO = "|".join(sorted(SIDO_FULL + SIDO_ABBR, key=len, reverse=True))

RE_RRN = re.compile(r"(?<![0-9A-Za-z*])(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
                    r"(?:\s?[-\u2010-\u2015\uFF0D]\s?|\s)?(\d)(\d{6})(?![0-9A-Za-z*])")
# §5.3 with '=' dropped from the look-behind (see report: 'phone=010-…' must match)
RE_PHONE = re.compile(r"(?<![0-9A-Za-z+#@/])(?P<intl>(?:\+|00[1-9]{0,3}[\s-]?)?82[\s.-]?(?:\(0\)[\s.-]?)?)?"
                      r"\(?(?P<nsn0>0?)(?P<ac>1[016-9]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8]|80|60)"
                      r"\)?[\s.\-\u2010-\u2014\uFF0D]?(?P<ex>\d{3,5})[\s.\-\u2010-\u2014\uFF0D]?"
                      r"(?P<sub>\d{4})(?![0-9A-Za-z])")
# §7.1 with ASCII-only guards (Unicode \w would reject 'hong@naver.com으로')
RE_EMAIL = re.compile(r"(?<![A-Za-z0-9_.+%-])(?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_+-])?)"
                      r"@(?P<domain>(?:[A-Za-z0-9\u00A1-\uFFFF](?:[A-Za-z0-9\u00A1-\uFFFF-]{0,61}"
                      r"[A-Za-z0-9\u00A1-\uFFFF])?\.)+(?:[A-Za-z]{2,63}|xn--[a-z0-9-]{1,59}|[\uAC00-\uD7A3]{2,}))"
                      r"(?![A-Za-z0-9_-]|\.[A-Za-z])")
RE_CARD = re.compile(r"(?<![0-9A-Za-z-])(?:(?:4\d{3}|5[1-5]\d{2}|2(?:2(?:2[1-9]|[3-9]\d)|[3-6]\d{2}|7(?:[01]\d|20))"
                     r"|6\d{3}|9\d{3}|3[0-9]\d{2})(?:[\s-]?\d{4}){2}[\s-]?\d{4}(?:\d{0,3})"
                     r"|3[47]\d{2}[\s-]?\d{6}[\s-]?\d{5})(?![0-9A-Za-z-])")
RE_PASSPORT = re.compile(r"(?<![A-Za-z0-9])[MSRGDO](?:\d{8}|\d{3}[A-Z]\d{4})(?![A-Za-z0-9])")
RE_DL = re.compile(r"(?<![0-9A-Za-z-])(?:1[1-9]|2[0-68]|서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구"
                   r"|인천|광주|대전|울산)[-\s]?\d{2}[-\s]?\d{6}[-\s]?\d{2}(?![0-9A-Za-z-])")
RE_ROAD = re.compile(
    rf"(?P<sido>(?:{SIDO}))?\s*(?P<sgg>(?:[가-힣]{{1,6}}(?:시|군|구)\s*){{0,2}})"
    r"(?P<eup>[가-힣]{1,6}(?:읍|면)\s*)?"
    r"(?P<road>[가-힣A-Za-z0-9]{1,20}?(?:대로|로|길)(?:\s?\d{1,4}(?:[가-하])?(?:번)?길)?)\s?"
    r"(?P<bno>(?:지하\s?)?\d{1,5}(?:-\d{1,4})?)(?![\d.%]|,\d{3}|[ \t]?[가-힣](?<!동))"
    r"(?:\s*,?\s*(?P<detail>(?:[A-Za-z가-힣0-9]{1,10}동\s*)?(?:\d{1,4}\s*층\s*)?(?:[A-Za-z]?\d{1,5}\s*호)?))?"
    r"(?:\s*\((?P<ref>[가-힣0-9]{1,12}(?:동|리|가)(?:\s*,\s*[가-힣A-Za-z0-9 ]{1,30})?)\))?")
RE_LOT = re.compile(r"(?P<sgg>(?:[가-힣]{1,6}(?:시|군|구)\s*){1,2})(?P<eup>[가-힣]{1,6}(?:읍|면)\s*)?"
                    r"(?P<dong>[가-힣0-9]{1,8}(?:동|리|가))\s?(?P<lot>(?:산\s?)?\d{1,5}(?:-\d{1,4})?)"
                    r"(?:\s?번지)?(?![\d가-힣])")
RE_MASKED = [
    ("kr-rrn-masked", re.compile(r"(?<![0-9A-Za-z*])(?:\d{2}|[*●xX]{2})(?:0[1-9]|1[0-2]|[*●xX]{2})"
                                 r"(?:0[1-9]|[12]\d|3[01]|[*●xX]{2})\s?[-\u2010-\u2015\uFF0D]\s?"
                                 r"[0-9*●xX][0-9*●xX]{6}(?![0-9A-Za-z*●])")),
    ("kr-phone-masked", re.compile(r"(?<!\d)0\d{1,3}-[\d*]{3,4}-[\d*]{4}(?![\d*])")),
    ("credit-card-masked", re.compile(r"(?<!\d)\d{4}[- ]?[\d*]{4}[- ]?[\d*]{4}[- ]?\d{4}(?!\d)")),
]


def _digits(s):
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def v_rrn(m):
    d = _digits(m.group(0))
    g = int(d[6])
    century = {9: 1800, 0: 1800, 1: 1900, 2: 1900, 5: 1900, 6: 1900}.get(g, 2000)
    try:
        dob = dt.date(century + int(d[:2]), int(d[2:4]), int(d[4:6]))
    except ValueError:
        return None
    if dob > SCAN_DATE:
        return None
    return "kr-frn" if g in (5, 6, 7, 8) else "kr-rrn"


def v_phone(m):
    ac, ex, nsn0 = m.group("ac"), m.group("ex"), m.group("nsn0")
    if m.group("intl") is None and nsn0 != "0":
        return None
    if ac == "10":
        return "kr-phone" if len(ex) in (3, 4) else None
    if ac in ("11", "16", "17", "18", "19"):
        return "kr-phone" if len(ex) in (3, 4) else None
    if ac in ("70",):
        return "kr-phone" if len(ex) == 4 else None
    if ac.startswith("50"):
        return "kr-phone" if len(ex) in (3, 4) else None
    if ac in ("80", "60"):
        return None
    return "kr-phone" if len(ex) in (3, 4) and ex[0] != "0" else None


FILE_TLDS = {"zip", "mov", "app", "dev", "png", "jpg", "jpeg", "gif", "webp", "svg", "mp4", "pdf"}


def v_email(m, text):
    local, domain = m.group("local"), m.group("domain").lower()
    labels = domain.split(".")
    if re.match(r"\d+x\.", domain) or (re.fullmatch(r"\d+x?", labels[0]) and labels[-1] in FILE_TLDS):
        return None
    if re.fullmatch(r"example\.(com|net|org)", domain) or labels[-1] in ("test", "example", "invalid", "localhost"):
        return None
    if local.lower() in ("git", "hg", "svn") or text[m.end():m.end() + 1] == ":":
        return None
    return "email"


def v_card(m):
    d = _digits(m.group(0))
    if len(set(d)) == 1 or not luhn_ok(d):
        return None
    n = len(d)
    ok = ((d[0] == "4" and n in (13, 16, 19)) or (d[:2] in ("51", "52", "53", "54", "55") and n == 16)
          or (2221 <= int(d[:4]) <= 2720 and n == 16) or (d[:2] in ("34", "37") and n == 15)
          or (3528 <= int(d[:4]) <= 3589 and 16 <= n <= 19) or (d[0] == "9" and n == 16)
          or (d[:2] == "62" and 16 <= n <= 19) or (d[:4] == "6011" and 16 <= n <= 19)
          or (d[:2] == "65" and 16 <= n <= 19))
    return "credit-card" if ok else None


def v_dl(m):
    return "kr-driver-license"


def v_road(m):
    if not (m.group("sido") or m.group("sgg").strip()):
        return None
    return "kr-address"


FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def reference_matches(text):
    """(start, end, category) of everything the reference matcher would report."""
    text = text.translate(FULLWIDTH)  # NFKC for full-width ASCII, offsets preserved (§1 step 1)
    out = []
    for m in RE_RRN.finditer(text):
        c = v_rrn(m)
        if c:
            out.append((m.start(), m.end(), c))
    for m in RE_PHONE.finditer(text):
        c = v_phone(m)
        if c:
            out.append((m.start(), m.end(), c))
    for m in RE_EMAIL.finditer(text):
        c = v_email(m, text)
        if c:
            out.append((m.start(), m.end(), c))
    for m in RE_CARD.finditer(text):
        c = v_card(m)
        if c:
            out.append((m.start(), m.end(), c))
    for m in RE_PASSPORT.finditer(text):
        out.append((m.start(), m.end(), "kr-passport"))
    for m in RE_DL.finditer(text):
        out.append((m.start(), m.end(), v_dl(m)))
    if re.search(r"[가-힣]", text):
        for m in RE_ROAD.finditer(text):
            if m.end() > m.start() and v_road(m):
                s = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                out.append((s, m.end(), "kr-address"))
        for m in RE_LOT.finditer(text):
            out.append((m.start(), m.end(), "kr-address"))
    return out


# The regexes exactly as printed in §5.3, §4.2 and §8.1: their look-arounds guard digits only,
# not letters (unlike §1). Hits glued to letters are registered as negatives (hex ids, UUIDs).
RE_SPEC_LITERAL = [
    ("kr-phone", re.compile(RE_PHONE.pattern.replace("(?<![0-9A-Za-z+#@/])", "(?<![\\d+#@/=])")
                            .replace("(?![0-9A-Za-z])", "(?!\\d)"))),
    ("kr-driver-license", re.compile(RE_DL.pattern.replace("0-9A-Za-z-", "\\d-"))),
    ("credit-card", re.compile(RE_CARD.pattern.replace("0-9A-Za-z-", "\\d-"))),
]


def register_guard_negatives(text):
    validators = {"kr-phone": v_phone, "kr-driver-license": v_dl, "credit-card": v_card}
    for cat, rx in RE_SPEC_LITERAL:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if not validators[cat](m) or "\n" in m.group(0):
                continue
            if not ((s > 0 and text[s - 1].isascii() and text[s - 1].isalpha())
                    or (e < len(text) and text[e].isascii() and text[e].isalpha())):
                continue
            while s > 0 and re.match(r"[0-9A-Za-z-]", text[s - 1]):
                s -= 1
            while e < len(text) and re.match(r"[0-9A-Za-z-]", text[e]):
                e += 1
            tok = text[s:e]
            if tok not in NEGATIVE.items and tok not in PLANTED.items:
                N(tok, cat, "spec regex as printed (digit-only guards) matches inside this token")


def masked_matches(text):
    out = []
    for cat, rx in RE_MASKED:
        for m in rx.finditer(text):
            if "*" in m.group(0) or "●" in m.group(0) or re.search(r"[xX]", m.group(0)):
                out.append((m.start(), m.end(), cat))
    return out


def occurrences(text, value):
    """Start offsets of value in text, ignoring hits glued to a longer ASCII alphanumeric token."""
    res, i = [], text.find(value)
    alnum = re.compile(r"[0-9A-Za-z]")
    while i >= 0:
        j = i + len(value)
        before = text[i - 1] if i > 0 else ""
        after = text[j] if j < len(text) else ""
        ok = True
        if alnum.match(value[0]) and before and alnum.match(before):
            ok = False
        if alnum.match(value[-1]) and after and alnum.match(after):
            ok = False
        if value[-1].isdigit() and after in ("-",) and j + 1 < len(text) and text[j + 1].isdigit():
            ok = False
        if ok:
            res.append(i)
        i = text.find(value, i + 1)
    return res


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------
DESCRIPTIONS = {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-verify", action="store_true", help="skip the reference-matcher check")
    args = ap.parse_args()

    rng = Random(SEED)
    f = Factory(rng)
    files = {}  # relpath -> bytes
    decoded = {}  # relpath -> text the scanner sees (for .gz: decoded; for truncated: decodable prefix)
    expect = {}  # relpath -> "report" | "binary" | "ignored" | "truncated"

    def put(rel, data, desc, how="report", text=None):
        files[rel] = data
        DESCRIPTIONS[rel] = desc
        expect[rel] = how
        if text is not None:
            decoded[rel] = text
        elif how != "binary":
            decoded[rel] = data.decode("utf-8", errors="replace")

    put("nginx/access.log", build_nginx(rng, f),
        "nginx `combined` log (+ `rt=`): IPv4 (RFC 5737 ranges), user agents, query strings with "
        "`hp=`/`phone=`/`tel=`/`email=` values (hyphenated, bare, dotted, `%40`-encoded, in a path "
        "segment) and hard negatives: epoch-ms `ts=`/`_=`, 13-digit order ids, EAN-13 barcodes, "
        "ISBN-13, UUIDs, `logo@2x.png`, `clip@2x.mov`, `backup@2024.zip`, UAN/toll-free numbers.")
    put("apache/access.log", build_apache(rng, f),
        "Apache common log format: e-mail addresses as the authenticated user (`%u`), RRN/FRN, phone "
        "and card numbers in legacy CGI/PHP query strings, hard negatives (epoch-ms, EAN-13 of 2088, "
        "corporate BRN, `photo@2x.jpg`).")
    put("app/app.jsonl", build_app_jsonl(rng, f),
        "JSON-lines application log with Korean messages: `user.phone`/`user.email`, `rrn`, `frn`, "
        "`passport_no`, raw card numbers in a request dump, addresses in `msg` (`배송지 변경: …`), "
        "masked values (`rrn_masked`, `card`, `to`), trace/span ids, ISO and 13-digit epoch-ms "
        "timestamps, order numbers, barcodes, invoice numbers, prices.")
    put("export/customers.csv", build_csv(rng, f),
        "CSV export, header `id,name_hash,phone,email,address,jumin,created_at,order_no,barcode`, "
        "100 rows. Names are hashes. Quoted addresses with commas; `jumin` hyphenated, bare, "
        "masked, post-2020, FRN or empty; `order_no` 13 digits (month field 24: never a date); "
        "`barcode` EAN-13 `8800…` (month field 00). Column names are context for the detectors.")
    put("text/notes-ko.txt", build_notes(rng, f),
        "Korean support-ticket memos: values glued to particles (`…로 연락`, `…으로 보내`), masked "
        "values, address near-miss sentences (`그대로 30분 기다렸다`, `추가로 20% 할인`, …), "
        "passports with context, driver's licences (numeric and Hangul region), cards (Visa, "
        "domestic 9xxx, Amex spaced), FRNs, every §6.7 address, international/full-width/"
        "parenthesised phones, post-2020, 1800s, suspect-checksum and full-width-hyphen RRNs, and "
        "a block of invalid look-alikes (dates, lengths, Luhn, numbering plan, e-mail FPs).")
    app_bytes, app_gz, multi, multi_plain, truncated, tr_plain = build_gzip_logs(rng, f)
    put("gzip/app.log", app_bytes,
        "Plain text application log, 500 lines (the decoded content of `app.log.gz`, for "
        "plain-vs-gzip parity tests).")
    put("gzip/app.log.gz", app_gz, "gzip (one member, mtime 0) of `gzip/app.log`.",
        text=app_bytes.decode("utf-8"))
    put("gzip/multi-member.log.gz", multi,
        "Two concatenated gzip members (120 lines each); the second member holds its own values "
        "(a decoder that stops after the first member misses them).",
        text=multi_plain.decode("utf-8"))
    d = zlib.decompressobj(31)
    prefix = d.decompress(truncated)
    prefix_lines = prefix.count(b"\n")
    assert not d.eof, "truncated stream unexpectedly complete"
    put("gzip/truncated.log.gz", truncated,
        f"A gzip stream cut at half of its compressed length ({len(truncated)} of "
        f"{len(gzip.compress(tr_plain, compresslevel=9, mtime=0))} bytes): no trailer, inflate "
        f"ends early. Values in the first ~{prefix_lines} decodable lines should be "
        "reported, plus an input error (exit 2); values near the end are unreachable.",
        how="truncated", text=prefix.decode("utf-8", errors="replace"))
    put("bom/bom-crlf.txt", build_bom_crlf(rng, f),
        "UTF-8 with BOM and CRLF line endings: a phone as the first bytes after the BOM, values "
        "at the end of CRLF lines (the `\\r` must not be part of a value), last line ends CRLF.")
    put("binary/blob.bin", build_blob(rng, f),
        "Binary (NUL bytes from byte 4, random bytes) containing an ASCII RRN and e-mail: must be "
        "skipped as binary, nothing reported.", how="binary")
    put("binary/image.png", build_png(rng, f),
        "Valid 8×8 RGB PNG with a tEXt chunk holding an e-mail: binary, nothing reported.",
        how="binary")
    put("mixed/invalid-utf8.log", build_invalid_utf8(rng, f),
        "Log with invalid UTF-8 around values (EUC-KR bytes, 0xFF/0xFE, lone continuation bytes, "
        "truncated sequence, encoded surrogate, overlong, 5-byte form): every value must still "
        "be found, offsets in bytes.")
    put("edge/empty.log", b"", "Empty file: no findings, no error.")
    put("edge/no-trailing-newline.log", build_edge_no_newline(rng, f),
        "Last line holds a value and the file ends without a newline.")
    long_data, long_offsets, long_first, long_last = build_long_line(rng, f)
    put("edge/long-line.log", long_data,
        "One ~300 KB line (JSON-ish filler with epoch-ms, UUIDs, barcodes, order ids): a phone at "
        "byte 0, an RRN straddling byte 65536 (starts at " + str(long_offsets[list(long_offsets)[0]])
        + "), an e-mail at byte 150000, a card straddling byte 262144 (starts at "
        + str(long_offsets[list(long_offsets)[2]]) + ") and a phone ending right before the "
        "final newline.")
    ign, keep, drop, secret = build_ignore_demo(rng, f)
    put("ignore-demo/.piiscanignore", ign, "Ignore rules: `*.tmp` and `secret/`.")
    put("ignore-demo/keep.log", keep, "Scanned: its values are reported.")
    put("ignore-demo/drop.tmp", drop, "Ignored by `*.tmp`: nothing reported.", how="ignored")
    put("ignore-demo/secret/x.log", secret, "Ignored by `secret/`: nothing reported.",
        how="ignored")

    for rel in sorted(files):
        if expect[rel] != "binary":
            register_guard_negatives(tr_plain.decode("utf-8") if rel == "gzip/truncated.log.gz"
                                     else decoded[rel])

    # ---------------- write ----------------
    if INP.exists():
        shutil.rmtree(INP)
    for rel in sorted(files):
        p = INP / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(files[rel])

    # ---------------- locate every value ----------------
    def search_space(rel):
        if expect[rel] == "binary":
            return files[rel].decode("latin-1")
        if rel == "gzip/truncated.log.gz":
            return tr_plain.decode("utf-8")
        return decoded[rel]

    texts = {rel: search_space(rel) for rel in files}
    where = {}  # value -> list of (rel, how)
    errors = []
    for registry, name in ((PLANTED, "planted"), (MASKED, "masked"), (NEGATIVE, "negative")):
        for v in registry.items:
            locs = []
            for rel in sorted(files):
                if rel.endswith("MANIFEST.md"):
                    continue
                tv = v.encode("utf-8").decode("latin-1") if expect[rel] == "binary" else v
                occ = occurrences(texts[rel], tv)
                if not occ:
                    continue
                how = expect[rel]
                if rel == "gzip/truncated.log.gz":
                    how = "report" if all(o + len(v) <= len(decoded[rel]) for o in occ) else "truncated"
                locs.append((rel, how))
            if not locs:
                errors.append(f"{name} value {v!r} not found in any file")
            where[v] = locs

    # lists must not overlap or contain each other
    allvals = list(PLANTED.items) + list(MASKED.items) + list(NEGATIVE.items)
    if len(allvals) != len(set(allvals)):
        errors.append("a value is in more than one list")
    for v in list(MASKED.items) + list(NEGATIVE.items):
        for pv in PLANTED.items:
            if pv in v and occurrences(v, pv):
                errors.append(f"planted {pv!r} occurs as a token inside {v!r}")
            if v in pv and occurrences(pv, v):
                errors.append(f"{v!r} occurs as a token inside planted {pv!r}")

    # ---------------- reference-matcher verification ----------------
    spec_found = {}
    if not args.no_verify:
        for rel in sorted(files):
            if expect[rel] == "binary" or rel.endswith(".piiscanignore"):
                continue
            text = decoded[rel] if rel != "gzip/truncated.log.gz" else tr_plain.decode("utf-8")
            found = reference_matches(text)
            masked = masked_matches(text)
            spans = []  # (s, e, kind, value)
            for registry, kind in ((PLANTED, "planted"), (MASKED, "masked"), (NEGATIVE, "negative")):
                for v in registry.items:
                    for o in occurrences(text, v):
                        spans.append((o, o + len(v), kind, v))
            for s, e, cat in found:
                hits = [sp for sp in spans if sp[0] < e and s < sp[1]]
                if not hits:
                    errors.append(f"{rel}: unplanted {cat} match {text[s:e]!r} "
                                  f"…{text[max(0, s - 30):e + 30]!r}")
                    continue
                for hs, he, kind, v in hits:
                    if kind == "negative":
                        errors.append(f"{rel}: negative {v!r} matched as {cat} ({text[s:e]!r})")
                    elif kind == "planted":
                        spec_found[v] = True
            for s, e, cat in masked:
                if not any(sp[0] < e and s < sp[1] and sp[2] in ("masked", "planted") for sp in spans):
                    errors.append(f"{rel}: unregistered masked value {text[s:e]!r}")

    # ---------------- lists ----------------
    def ordered(registry):
        return sorted(registry.items, key=lambda v: (
            CATEGORY_ORDER.index(registry.items[v][0]) if registry.items[v][0] in CATEGORY_ORDER
            else len(CATEGORY_ORDER), list(registry.items).index(v)))

    (FIX / "expected-values.txt").write_text("".join(v + "\n" for v in ordered(PLANTED)), encoding="utf-8")
    (FIX / "masked-values.txt").write_text("".join(v + "\n" for v in ordered(MASKED)), encoding="utf-8")
    (FIX / "negative-values.txt").write_text("".join(v + "\n" for v in ordered(NEGATIVE)), encoding="utf-8")
    tsv = ["value\tcategory\tclass\tlist\treference_match\tfiles\tnote"]
    for registry, lname in ((PLANTED, "expected"), (MASKED, "masked"), (NEGATIVE, "negative")):
        for v in ordered(registry):
            cat, cls, note = registry.items[v]
            locs = ";".join(rel if how == "report" else f"{rel}({how})" for rel, how in where.get(v, []))
            ref = "-" if args.no_verify or lname != "expected" else (
                "yes" if spec_found.get(v) else
                ("n/a" if all(h != "report" for _, h in where.get(v, [])) else "no"))
            tsv.append("\t".join([v, cat, cls, lname, ref, locs, note]))
    (FIX / "planted-values.tsv").write_text("\n".join(tsv) + "\n", encoding="utf-8")

    # ---------------- manifest ----------------
    def nlines(b):
        return b.count(b"\n") + (1 if b and not b.endswith(b"\n") else 0)

    counts_by_file = {}
    for v, locs in where.items():
        if v not in PLANTED.items:
            continue
        for rel, _ in locs:
            counts_by_file[rel] = counts_by_file.get(rel, 0) + 1
    man = ["# fixtures/inputs — manifest", "",
           "GENERATED by `scripts/gen-fixtures.py` (fixed seed, no clock). Do not edit by hand: change "
           "the script and rerun it. Every identifier is synthetic, built to pass or fail the "
           "algorithms of `kr-pii-spec.md` (RRN §2.4, FRN §3, Luhn §8.1, numbering plan §5, "
           "addresses §6, e-mail §7); IPs are RFC 5737/private; names are hashes.", "",
           "| File | Bytes | Lines | Planted values | What it tests |", "|---|---:|---:|---:|---|"]
    for rel in sorted(files):
        data = files[rel]
        if rel.endswith(".gz"):
            lines = f"{nlines(decoded[rel].encode('utf-8'))} decoded"
        elif expect[rel] == "binary":
            lines = "—"
        else:
            lines = str(nlines(data))
        man.append(f"| `{rel}` | {len(data)} | {lines} | {counts_by_file.get(rel, 0)} | "
                   f"{DESCRIPTIONS[rel]} |")
    per_cat = {}
    for v, (cat, cls, _) in PLANTED.items.items():
        per_cat.setdefault(cat, {}).setdefault(cls, 0)
        per_cat[cat][cls] += 1
    man += ["", "## Value lists (in `fixtures/`)", "",
            "- `expected-values.txt` — every raw PII value planted anywhere (exactly as written in "
            "the file, one per line, including those in binaries, ignored files and the lost tail "
            "of the truncated gzip). A leak test greps all piiscan output (every format, without "
            "`--show-values`) for each line as a fixed substring (`grep -F -f fixtures/expected-values.txt`): "
            "none may appear.",
            "- `masked-values.txt` — masked look-alikes; reported under `*-masked`, never counted as "
            "exposures. Not in the leak list (piiscan prints masked forms like these itself).",
            "- `negative-values.txt` — near-misses and hard negatives that must not be reported in any "
            "category. Test by span overlap (no finding may overlap an occurrence), not by substring "
            "grep: some are token-level supersets of planted values (`A9001011234568`).",
            "- `planted-values.tsv` — value, category, class, list, `reference_match` (whether the "
            "spec's regexes + validators, as implemented in the generator, find it; `no` marks the "
            "spec's known gaps, e.g. `%40`-encoded e-mail, a phone after `/`), and the files holding "
            "it: `path` = should be reported there, `path(binary)` / `path(ignored)` / "
            "`path(truncated)` = present but must not be reported (unreachable for truncated).",
            "", "## Spec gaps these fixtures exercise", "",
            "The generator's reference matcher uses the spec's regexes with these corrections; a "
            "detector copied verbatim from the spec fails on the listed fixtures:",
            "",
            "- §5.3 phone look-behind `(?<![\\d+#@/=])` excludes `=`, so `hp=010-…`, `phone=…`, "
            "`tel=…` (nginx, apache, gzip logs) never match; `/` also hides "
            "`/api/v2/members/010…/coupons` (kept as `reference_match=no`).",
            "- §5.3, §4.2 and §8.1 guard digits only, not letters as §1 requires: UUIDs and hex "
            "trace ids then match as phones, driver's licences or cards. Every such token in the "
            "fixtures is listed in `negative-values.txt`.",
            "- §6.5 road-name look-ahead `\\s?[가-힣](?<!동)` crosses a newline: an address at the end "
            "of a line followed by a Hangul line (`…성미산로12길 3⏎회수지 주소: …`, notes-ko.txt) is "
            "rejected when matching whole buffers; use `[ \\t]?`.",
            "- §7.1 e-mail guards use `\\w`, which is Unicode-aware in PCRE2 with UCP and in Python: "
            "an address glued to a particle (`…@naver.com으로`, notes-ko.txt) then never matches; "
            "guard with ASCII classes.",
            "- §3 lists `991231-8044697` as FRN_STRONG, but digit 8 means 2000–2099, so the DOB "
            "2099-12-31 is in the future → REJECT by §2.7 #4 and §10; it is a negative here.",
            "- §1 step 1 (NFKC) is required for the full-width phone and the RRN with a full-width "
            "hyphen (U+FF0D) in notes-ko.txt.",
            "- §7.1 step 2 (URL-decode) is required for the two `%40`-encoded e-mails in "
            "nginx/access.log (`reference_match=no`: the reference matcher does not decode).",
            "", "## Planted values per category", "", "| Category | Class | Count |", "|---|---|---:|"]
    for cat in CATEGORY_ORDER:
        for cls in sorted(per_cat.get(cat, {})):
            man.append(f"| {cat} | {cls} | {per_cat[cat][cls]} |")
    man.append(f"| **total** | | **{len(PLANTED.items)}** |")
    man += ["", f"Masked look-alikes: {len(MASKED.items)}. Negatives: {len(NEGATIVE.items)}.", ""]
    man_text = "\n".join(man)
    (INP / "MANIFEST.md").write_text(man_text, encoding="utf-8")
    # MANIFEST.md lies among the inputs: it must hold no planted value and nothing PII-like.
    for v in PLANTED.items:
        if occurrences(man_text, v):
            errors.append(f"MANIFEST.md contains planted value {v!r}")
    for s_, e_, cat in reference_matches(man_text):
        errors.append(f"MANIFEST.md: {cat} match {man_text[s_:e_]!r}")

    total = sum(p.stat().st_size for p in FIX.rglob("*") if p.is_file())
    if total >= 2 * 1024 * 1024:
        errors.append(f"fixtures/ is {total} bytes (limit 2 MiB)")
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    print(f"wrote {len(files)} inputs, {len(PLANTED.items)} planted, {len(MASKED.items)} masked, "
          f"{len(NEGATIVE.items)} negative values; fixtures/ = {total} bytes")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
