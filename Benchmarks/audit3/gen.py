#!/usr/bin/env python3
"""Audit-3 corpus: source repositories (pre-commit) and Korean business documents (file-share sweep).

Deterministic by seed. Every planted positive and hard negative is recorded in labels.jsonl as
{file, offset, length, kind: pos|neg|amb, category|type, value}; offsets/lengths are in bytes.
All values are generated (valid check digits, dates and numbering plans, per kr-pii-spec), never
real people's data.

    python3 Benchmarks/audit3/gen.py --seed 1 --out /tmp/audit3-s1
"""
import argparse, base64, datetime, hashlib, json, os, random, uuid

# ---------------------------------------------------------------- value generators

class V:
    def __init__(self, r):
        self.r = r

    def _dob(self, lo=1950, hi=2019):
        r = self.r
        d = datetime.date(r.randint(lo, hi), 1, 1) + datetime.timedelta(days=r.randint(0, 364))
        return d

    def rrn(self, dash=True, frn=False):
        r = self.r
        d = self._dob()
        if d >= datetime.date(2020, 10, 1):
            d = datetime.date(2019, 5, 5)
        c = d.year >= 2000
        if frn:
            g = r.choice([7, 8] if c else [5, 6])
        else:
            g = r.choice([3, 4] if c else [1, 2])
        body = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}{g}"
        region = r.randint(0, 95)
        if frn:
            region = region - region % 2
        body += f"{region:02d}{r.randint(0, 99):02d}"
        body += str(r.choice([6, 7, 8, 9]) if frn else r.randint(0, 9))
        w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
        s = sum(int(a) * b for a, b in zip(body, w))
        cd = ((13 if frn else 11) - s % 11) % 10
        v = body + str(cd)
        return f"{v[:6]}-{v[6:]}" if dash else v

    def mobile(self, sep="-"):
        r = self.r
        return f"010{sep}{r.randint(2, 9)}{r.randint(0, 999):03d}{sep}{r.randint(0, 9999):04d}"

    def landline(self, sep="-"):
        r = self.r
        ac = r.choice(["02", "031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055",
                       "061", "062", "063", "064"])
        ex = str(r.randint(2, 9)) + "".join(str(r.randint(0, 9)) for _ in range(r.choice([2, 3])))
        return f"{ac}{sep}{ex}{sep}{r.randint(0, 9999):04d}"

    def voip(self):
        r = self.r
        return f"070-{r.randint(2, 9)}{r.randint(0, 999):03d}-{r.randint(0, 9999):04d}"

    SUR = ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh", "seo", "shin"]
    GIV = ["minsu", "jiyoung", "seojun", "hayoon", "dohyun", "eunji", "jihoon", "soyeon", "hyunwoo", "yerin",
           "junho", "sumin", "taeyang", "dahye", "woojin", "nari"]
    DOM = ["naver.com", "hanmail.net", "daum.net", "kakao.com", "nate.com", "gmail.com", "korea.ac.kr",
           "snu.ac.kr", "hanbit-corp.co.kr", "mirae-soft.co.kr", "outlook.com"]

    def email(self):
        r = self.r
        sep = r.choice([".", "_", ""])
        local = r.choice(self.GIV) + sep + r.choice(self.SUR)
        if r.random() < 0.5:
            local += str(r.randint(1, 99))
        return f"{local}@{r.choice(self.DOM)}"

    ADDR = [
        ("서울특별시", "강남구", ["테헤란로", "선릉로", "봉은사로", "논현로"], ["역삼동", "삼성동", "논현동"]),
        ("서울", "마포구", ["월드컵북로", "양화로", "성미산로"], ["서교동", "합정동", "망원동"]),
        ("서울특별시", "송파구", ["올림픽로", "송파대로", "백제고분로"], ["잠실동", "문정동"]),
        ("경기도", "성남시 분당구", ["판교역로", "불정로", "황새울로"], ["백현동", "정자동", "서현동"]),
        ("경기도", "수원시 영통구", ["광교중앙로", "봉영로"], ["이의동", "영통동"]),
        ("부산광역시", "해운대구", ["센텀중앙로", "해운대로", "좌동순환로"], ["우동", "중동", "좌동"]),
        ("인천광역시", "연수구", ["컨벤시아대로", "송도과학로"], ["송도동", "연수동"]),
        ("대구광역시", "수성구", ["달구벌대로", "동대구로"], ["범어동", "만촌동"]),
        ("대전광역시", "유성구", ["대학로", "엑스포로"], ["궁동", "도룡동"]),
        ("광주광역시", "서구", ["상무중앙로", "운천로"], ["치평동", "쌍촌동"]),
        ("제주특별자치도", "제주시", ["연북로", "노형로"], ["노형동", "연동"]),
        ("강원특별자치도", "춘천시", ["중앙로", "퇴계로"], ["효자동", "석사동"]),
        ("충청남도", "천안시 서북구", ["불당대로", "번영로"], ["불당동", "쌍용동"]),
        ("경상남도", "창원시 성산구", ["중앙대로", "원이대로"], ["상남동", "중앙동"]),
    ]

    def address(self):
        r = self.r
        sido, sgg, roads, dongs = r.choice(self.ADDR)
        if r.random() < 0.75:
            a = f"{sido} {sgg} {r.choice(roads)} {r.randint(1, 400)}"
            if r.random() < 0.5:
                a += f", {r.randint(101, 115)}동 {r.randint(1, 25)}{r.randint(1, 4):02d}호"
            if r.random() < 0.5:
                a += f" ({r.choice(dongs)})"
        else:
            a = f"{sido} {sgg} {r.choice(dongs)} {r.randint(1, 999)}-{r.randint(1, 30)}"
        return a

    def passport(self):
        r = self.r
        t = r.choice("MMMMS")
        if r.random() < 0.5:
            return f"{t}{r.randint(10000000, 99999999)}"
        return f"{t}{r.randint(100, 999)}{r.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{r.randint(1000, 9999)}"

    def dl(self):
        r = self.r
        reg = r.choice(list(range(11, 27)) + [28])
        y, ser, cc = f"{r.randint(0, 24):02d}", f"{r.randint(0, 999999):06d}", f"{r.randint(10, 99)}"
        if r.random() < 0.2:
            reg = r.choice(["서울", "부산", "경기", "대구", "인천", "경북"])
        return f"{reg}-{y}-{ser}-{cc}"

    @staticmethod
    def luhn_complete(digits):
        s = 0
        for i, ch in enumerate(reversed(digits)):
            d = int(ch)
            if i % 2 == 0:
                d *= 2
                if d > 9:
                    d -= 9
            s += d
        return digits + str((10 - s % 10) % 10)

    def card(self, sep="-"):
        r = self.r
        kind = r.choice(["visa", "mc", "dom", "dom", "amex"])
        if kind == "amex":
            pre = r.choice(["34", "37"])
            body = pre + "".join(str(r.randint(0, 9)) for _ in range(12))
            v = self.luhn_complete(body)
            return f"{v[:4]}{sep}{v[4:10]}{sep}{v[10:]}"
        pre = {"visa": "4" + str(r.randint(0, 9)), "mc": "5" + str(r.randint(1, 5)),
               "dom": "94" + str(r.choice([1, 3, 5, 6]))}[kind]
        body = pre + "".join(str(r.randint(0, 9)) for _ in range(15 - len(pre)))
        v = self.luhn_complete(body)
        return sep.join(v[i:i + 4] for i in range(0, 16, 4))

    # ---- hard negatives
    def brn(self):
        r = self.r
        while True:
            d = [r.randint(1, 6), r.randint(0, 9), r.randint(0, 9)] + [8, r.choice([1, 1, 1, 5, 6, 7, 8])] + \
                [r.randint(0, 9) for _ in range(4)]
            if d[0] * 100 + d[1] * 10 + d[2] < 101 or d[5:9] == [0, 0, 0, 0]:
                continue
            k = [1, 3, 7, 1, 3, 7, 1, 3, 5]
            s = sum(a * b for a, b in zip(d[:8], k[:8])) + 5 * d[8] + (5 * d[8]) // 10
            c = (10 - s % 10) % 10
            v = "".join(map(str, d)) + str(c)
            return f"{v[:3]}-{v[3:5]}-{v[5:]}"

    def corp_no(self):
        r = self.r
        office = r.choice(["1101", "1101", "1311", "1358", "1201", "1801", "1744", "2801", "1345", "1615"])
        kind = r.choice(["11", "11", "11", "12", "14", "21", "22"])
        serial = f"{r.randint(0, 999999):06d}"
        d = office + kind + serial
        s = sum(int(ch) * (1 if i % 2 == 0 else 2) for i, ch in enumerate(d))
        c = (10 - s % 10) % 10
        return f"{d[:6]}-{d[6:]}{c}"

    def account(self):
        r = self.r
        f = r.choice(["shinhan", "woori", "kb", "nh", "hana", "ibk", "kakao"])
        n = lambda k: "".join(str(r.randint(0, 9)) for _ in range(k))
        if f == "shinhan":
            return "신한은행", f"110-{n(3)}-{n(6)}"
        if f == "woori":
            return "우리은행", f"1002-{n(3)}-{n(6)}"
        if f == "kb":
            return "국민은행", f"{n(6)}-{n(2)}-{n(6)}"
        if f == "nh":
            return "농협", f"{r.choice(['301', '302', '351', '352'])}-{n(4)}-{n(4)}-{n(2)}"
        if f == "hana":
            return "하나은행", f"{n(3)}-{n(6)}-{n(5)}"
        if f == "ibk":
            return "기업은행", f"{n(3)}-{n(6)}-{n(2)}-{n(3)}"
        return "카카오뱅크", f"3333-{n(2)}-{n(7)}"

    def account_any(self):
        bank, acc = self.account()
        if self.r.random() < 0.4:
            acc = acc.replace("-", "")
        return bank, acc

    def date_kr(self):
        r = self.r
        d = datetime.date(r.randint(2015, 2025), 1, 1) + datetime.timedelta(days=r.randint(0, 364))
        return r.choice([f"{d.year}.{d.month:02d}.{d.day:02d}", f"{d.year}년 {d.month}월 {d.day}일",
                         f"{d:%Y%m%d}", f"{d:%Y-%m-%d}", f"{d.year}. {d.month}. {d.day}.",
                         f"{d:%y}.{d.month:02d}.{d.day:02d}"])

    def money(self):
        r = self.r
        v = r.randint(1000, 999999999)
        return r.choice([f"{v:,}원", f"₩{v:,}", f"금 {v:,}원정", f"{v:,} 원"])

    def order_no(self):
        r = self.r
        d = datetime.date(2024, 1, 1) + datetime.timedelta(days=r.randint(0, 600))
        return r.choice([f"{d:%Y%m%d}{r.randint(0, 99999999):08d}", f"ORD-{d:%Y%m%d}-{r.randint(0, 999999):06d}",
                         f"{d:%Y%m%d}-{r.randint(0, 9999999):07d}", f"{d:%y%m%d}{r.randint(0, 9999999):07d}"])

    def tracking(self):
        r = self.r
        return r.choice([f"{r.randint(1000, 9999)}-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}",
                         f"{r.randint(100000000000, 999999999999)}", f"{r.randint(1000000000, 9999999999)}"])

    def car(self):
        r = self.r
        h = r.choice("가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주허하호")
        return r.choice([f"{r.randint(10, 99)}{h} {r.randint(1000, 9999)}", f"{r.randint(100, 399)}{h}{r.randint(1000, 9999)}",
                         f"서울{r.randint(10, 99)}{h}{r.randint(1000, 9999)}"])

    def health_ins(self):
        r = self.r
        return r.choice([f"{r.randint(1, 9)}-{r.randint(1000000000, 9999999999)}", f"{r.randint(10000000000, 99999999999)}"])

    def zip5(self):
        return f"{self.r.randint(1, 63):02d}{self.r.randint(0, 999):03d}"

# ---------------------------------------------------------------- documents

class Doc:
    def __init__(self, path):
        self.path, self.parts, self.off, self.labels = path, [], 0, []

    def t(self, s):
        self.parts.append(s)
        self.off += len(s.encode())
        return self

    def _mark(self, kind, key, label, value, text=None):
        text = value if text is None else text
        i = text.index(value)
        self.t(text[:i])
        self.labels.append({"file": self.path, "offset": self.off, "length": len(value.encode()),
                            "kind": kind, key: label, "value": value})
        self.t(text[i:])
        return self

    def pos(self, cat, value, text=None):
        return self._mark("pos", "category", cat, value, text)

    def neg(self, typ, value, text=None):
        return self._mark("neg", "type", typ, value, text)

    def amb(self, typ, value, text=None):
        return self._mark("amb", "type", typ, value, text)

    def write(self, root):
        p = os.path.join(root, self.path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write("".join(self.parts))
        return self.labels


KNAMES = ["김민수", "이지영", "박서준", "최하윤", "정도현", "강은지", "조지훈", "윤소연", "장현우", "임예린", "한준호",
          "오수민", "서태양", "신다혜", "권우진", "황나리"]


def hexs(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def gen_repo(r, v, root_idx):
    docs = []
    base = f"repo{root_idx:02d}"
    # --- YAML config
    d = Doc(f"{base}/config/application.yaml")
    ip = f"10.{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(1,254)}"
    d.t("server:\n  port: 8080\n").neg("ip", ip, f"  bind: {ip}\n")
    u = str(uuid.UUID(int=r.getrandbits(128)))
    d.neg("uuid", u, f"app:\n  instance-id: {u}\n")
    ts = str(r.randint(1600000000000, 1760000000000))
    d.neg("timestamp", ts, f"  build-time: {ts}\n")
    sv = f"{r.randint(1,9)}.{r.randint(0,30)}.{r.randint(0,200)}"
    d.neg("semver", sv, f"  version: {sv}\n")
    sha = hexs(r, 40)
    d.neg("git-sha", sha, f"  commit: {sha}\n")
    d.t("support:\n")
    d.amb("role-email", "support@hanbit-corp.co.kr", "  mail: support@hanbit-corp.co.kr\n")
    ph = v.mobile()
    d.pos("kr-phone", ph, f"  oncall-phone: \"{ph}\"   # 당직자 휴대폰\n")
    em = v.email()
    d.pos("email", em, f"  owner: {em}\n")
    n = str(r.randint(100000000, 9999999999))
    d.neg("numeric-const", n, f"  max-bytes: {n}\n")
    docs.append(d)
    # --- .env
    d = Doc(f"{base}/.env.example")
    d.t("DB_HOST=localhost\nDB_PORT=5432\n")
    b64 = base64.b64encode(r.randbytes(r.choice([24, 32, 48]))).decode()
    d.neg("base64", b64, f"JWT_SECRET={b64}\n")
    k = hexs(r, 32)
    d.neg("hex", k, f"API_KEY={k}\n")
    d.neg("example-email", "admin@example.com", "ADMIN_EMAIL=admin@example.com\n")
    n = str(r.randint(1000000000000, 9999999999999))
    d.neg("numeric-id", n, f"KAKAO_APP_ID={n}\n")
    tc = r.choice(["4111111111111111", "4242424242424242", "5555555555554444"])
    d.amb("test-card", tc, f"STRIPE_TEST_CARD={tc}\n")
    em = v.email()
    d.pos("email", em, f"ALERT_EMAIL={em}\n")
    docs.append(d)
    # --- TOML / properties
    d = Doc(f"{base}/config/settings.toml")
    d.t("[cache]\n")
    n = str(r.randint(10**9, 10**10))
    d.neg("numeric-const", n, f"ttl_ms = {n}\n")
    d.t("[owner]\nname = \"" + r.choice(KNAMES) + "\"\n")
    ph = v.mobile()
    d.pos("kr-phone", ph, f"phone = \"{ph}\"\n")
    em = v.email()
    d.pos("email", em, f"email = \"{em}\"\n")
    docs.append(d)
    d = Doc(f"{base}/src/main/resources/application.properties")
    d.t("spring.datasource.url=jdbc:mysql://")
    ip = f"192.168.{r.randint(0,255)}.{r.randint(1,254)}"
    d.neg("ip", ip, f"{ip}:3306/shop\n")
    n = str(r.randint(10**11, 10**12))
    d.neg("numeric-const", n, f"app.snowflake.epoch={n}\n")
    ph = v.landline()
    d.pos("kr-phone", ph, f"cs.center.phone={ph}\n")
    u = f"1588-{r.randint(1000,9999)}"
    d.neg("uan", u, f"cs.center.rep={u}\n")
    docs.append(d)
    # --- i18n
    d = Doc(f"{base}/src/main/resources/messages_ko.properties")
    d.t("signup.title=회원가입\nsignup.phone.label=휴대폰 번호\n")
    d.amb("placeholder-phone", "010-1234-5678", "signup.phone.placeholder=예) 010-1234-5678\n")
    d.amb("placeholder-phone", "010-0000-0000", "signup.phone.hint=010-0000-0000 형식으로 입력하세요\n")
    d.neg("placeholder-rrn", "000000-0000000", "signup.rrn.placeholder=000000-0000000\n")
    d.t("signup.rrn.error=주민등록번호 형식이 올바르지 않습니다\n")
    d.neg("masked-rrn", "******-*******", "signup.rrn.mask=******-*******\n")
    d.t("order.done={0}님의 주문({1})이 완료되었습니다\n")
    d.neg("placeholder-email", "example@domain.com", "email.hint=example@domain.com\n")
    d.t("cs.hours=평일 09:00~18:00\n")
    docs.append(d)
    d = Doc(f"{base}/web/src/locales/ko.json")
    d.t("{\n  \"common\": {\n    \"confirm\": \"확인\",\n")
    d.neg("date", "2024.01.15", "    \"dateExample\": \"2024.01.15\",\n")
    d.neg("money", "1,234,567원", "    \"priceExample\": \"1,234,567원\",\n")
    u = f"1600-{r.randint(1000,9999)}"
    d.neg("uan", u, f"    \"csPhone\": \"고객센터 {u}\",\n")
    z = v.zip5()
    d.neg("zip", z, f"    \"zipExample\": \"{z}\"\n  }}\n}}\n")
    docs.append(d)
    # --- SQL migration + seed
    d = Doc(f"{base}/db/migration/V{r.randint(1,40)}__seed_members.sql")
    d.t("CREATE TABLE member (id BIGINT PRIMARY KEY, name VARCHAR(40), phone VARCHAR(20), email VARCHAR(120), jumin VARCHAR(14), addr VARCHAR(200), created_at TIMESTAMP);\n")
    for i in range(r.randint(6, 14)):
        ph, em, rr, ad = v.mobile(), v.email(), v.rrn(dash=r.random() < 0.6), v.address()
        d.t(f"INSERT INTO member VALUES ({r.randint(1, 99999)}, '{r.choice(KNAMES)}', ")
        d.pos("kr-phone", ph, f"'{ph}', ")
        d.pos("email", em, f"'{em}', ")
        d.pos("kr-rrn", rr, f"'{rr}', ")
        d.pos("kr-address", ad, f"'{ad}', ")
        dt = f"2024-{r.randint(1,12):02d}-{r.randint(1,28):02d} {r.randint(0,23):02d}:{r.randint(0,59):02d}:00"
        d.neg("datetime", dt, f"'{dt}');\n")
    d.t("INSERT INTO product (id, sku, ean, price) VALUES\n")
    for i in range(r.randint(4, 10)):
        ean = "880" + "".join(str(r.randint(0, 9)) for _ in range(9))
        s = sum(int(c) * (1 if k % 2 == 0 else 3) for k, c in enumerate(ean))
        ean += str((10 - s % 10) % 10)
        d.t(f"  ({i+1}, 'SKU-{r.randint(10000,99999)}', ")
        d.neg("ean13", ean, f"'{ean}', ")
        d.t(f"{r.randint(1000, 500000)}){',' if i else ''}\n")
    d.t(";\n")
    docs.append(d)
    # --- test fixture JSON
    d = Doc(f"{base}/src/test/resources/fixtures/customers.json")
    d.t("[\n")
    for i in range(r.randint(4, 10)):
        ph, em, ad = v.mobile(), v.email(), v.address()
        d.t("  {")
        d.t(f"\"id\": \"{uuid.UUID(int=r.getrandbits(128))}\", \"name\": \"{r.choice(KNAMES)}\", ")
        d.pos("kr-phone", ph, f"\"mobile\": \"{ph}\", ")
        d.pos("email", em, f"\"email\": \"{em}\", ")
        if r.random() < 0.5:
            rr = v.rrn(dash=False)
            d.pos("kr-rrn", rr, f"\"residentNo\": \"{rr}\", ")
        d.pos("kr-address", ad, f"\"address\": \"{ad}\", ")
        z = v.zip5()
        d.neg("zip", z, f"\"zipCode\": \"{z}\", ")
        ts = str(r.randint(1600000000000, 1760000000000))
        d.neg("timestamp", ts, f"\"createdAt\": {ts}}},\n")
    d.t("  {}\n]\n")
    docs.append(d)
    # --- minified JS
    d = Doc(f"{base}/web/dist/app.{hexs(r, 8)}.min.js")
    for i in range(r.randint(20, 40)):
        ch = r.random()
        if ch < 0.2:
            x = f"#{hexs(r, 6)}"
            d.neg("css-color", x, f"var a{i}=\"{x}\";")
        elif ch < 0.4:
            x = str(r.randint(10**9, 10**13))
            d.neg("numeric-const", x, f"e[{i}]={x};")
        elif ch < 0.55:
            x = f"0x{r.randint(0, 0xffffffff):08x}"
            d.neg("hex", x, f"t^={x},")
        elif ch < 0.7:
            x = f"{r.random():.16f}"
            d.neg("float", x, f"n*={x};")
        elif ch < 0.8:
            x = f"{r.randint(1000000000, 2147483647)}"
            d.neg("numeric-const", x, f"h=(h^{x})>>>0;")
        else:
            x = str(uuid.UUID(int=r.getrandbits(128)))
            d.neg("uuid", x, f"k(\"{x}\");")
    d.t("\n//# sourceMappingURL=app.min.js.map\n")
    docs.append(d)
    # --- lockfile
    d = Doc(f"{base}/web/package-lock.json")
    d.t("{\n  \"name\": \"web\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n")
    for pkg in r.sample(["lodash", "react", "axios", "dayjs", "zod", "vite", "esbuild", "rollup", "tslib", "ms",
                         "semver", "debug", "chalk", "uuid", "qs", "ws"], 10):
        ver = f"{r.randint(0,20)}.{r.randint(0,40)}.{r.randint(0,30)}"
        integ = "sha512-" + base64.b64encode(r.randbytes(64)).decode()
        d.t(f"    \"node_modules/{pkg}\": {{\n")
        d.neg("semver", ver, f"      \"version\": \"{ver}\",\n")
        d.t(f"      \"resolved\": \"https://registry.npmjs.org/{pkg}/-/{pkg}-{ver}.tgz\",\n")
        d.neg("integrity", integ, f"      \"integrity\": \"{integ}\"\n    }},\n")
    d.t("    \"\": {}\n  }\n}\n")
    docs.append(d)
    # --- code
    d = Doc(f"{base}/app/src/main/java/com/example/Constants.java")
    d.t("package com.example;\n\npublic final class Constants {\n")
    for i in range(r.randint(8, 16)):
        ch = r.random()
        if ch < 0.2:
            x = f"0x7f{r.choice(['0a','0b','0c','0d','08'])}{r.randint(0,0xffff):04x}"
            d.neg("android-id", x, f"    public static final int R_ID_{i} = {x};\n")
        elif ch < 0.4:
            x = str(r.randint(10**12, 10**13 - 1))
            d.neg("numeric-const", x, f"    public static final long EPOCH_{i} = {x}L;\n")
        elif ch < 0.55:
            x = str(r.randint(10**9, 10**10 - 1))
            d.neg("numeric-const", x, f"    static final long SEED_{i} = {x}L;\n")
        elif ch < 0.7:
            x = f"{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(0,255)}"
            d.neg("ip", x, f"    static final String HOST_{i} = \"{x}\";\n")
        elif ch < 0.85:
            x = str(r.randint(10**15, 10**16 - 1))
            d.neg("numeric-const", x, f"    static final long MAGIC_{i} = {x}L;\n")
        else:
            x = hexs(r, 64)
            d.neg("hex", x, f"    static final String SHA256_{i} = \"{x}\";\n")
    d.t("}\n")
    docs.append(d)
    d = Doc(f"{base}/payment/sdk/card_test.go")
    d.t("package sdk\n\nfunc TestLuhn(t *testing.T) {\n\tcases := []string{\n")
    for tc in r.sample(["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005",
                        "6011111111111117", "3530111333300000", "5105105105105100", "4000056655665556"], 4):
        d.amb("test-card", tc, f"\t\t\"{tc}\",\n")
    d.t("\t}\n\t_ = cases\n}\n")
    d.t("// version ")
    sv = f"v{r.randint(1,3)}.{r.randint(0,20)}.{r.randint(0,20)}"
    d.neg("semver", sv, sv + "\n")
    docs.append(d)
    d = Doc(f"{base}/app/src/test/java/com/example/MemberServiceTest.java")
    d.t("class MemberServiceTest {\n    @Test\n    void normalisesPhone() {\n")
    ph = v.mobile(sep=r.choice(["-", ""]))
    d.pos("kr-phone", ph, f"        Member m = new Member(\"{r.choice(KNAMES)}\", \"{ph}\");\n")
    rr = v.rrn()
    d.pos("kr-rrn", rr, f"        m.setJumin(\"{rr}\");\n")
    x = str(r.randint(10**12, 10**13 - 1))
    d.neg("numeric-const", x, f"        when(clock.millis()).thenReturn({x}L);\n")
    u = str(uuid.UUID(int=r.getrandbits(128)))
    d.neg("uuid", u, f"        assertEquals(\"{u}\", m.id());\n    }}\n}}\n")
    docs.append(d)
    d = Doc(f"{base}/Sources/App/Theme.swift")
    d.t("import SwiftUI\n\nenum Theme {\n")
    for i in range(r.randint(4, 8)):
        x = f"0x{hexs(r, 6).upper()}"
        d.neg("css-color", x, f"    static let c{i} = Color(hex: {x})\n")
    x = str(r.randint(10**10, 10**11 - 1))
    d.neg("numeric-const", x, f"    static let maxUpload: Int64 = {x}\n}}\n")
    docs.append(d)
    d = Doc(f"{base}/scripts/migrate.py")
    d.t("#!/usr/bin/env python3\n\"\"\"Migrate legacy members.\"\"\"\n")
    x = hexs(r, 7)
    d.neg("git-sha", x, f"# fixes {x}\n")
    x = str(r.randint(10**12, 10**13 - 1))
    d.neg("numeric-const", x, f"BATCH_EPOCH = {x}\n")
    d.t("SAMPLE = {\n")
    rr = v.rrn()
    d.pos("kr-rrn", rr, f"    'jumin': '{rr}',\n")
    ph = v.mobile()
    d.pos("kr-phone", ph, f"    'hp': '{ph}',\n")
    d.t("}\n")
    docs.append(d)
    d = Doc(f"{base}/app/src/main/kotlin/Config.kt")
    d.t("object Config {\n")
    x = f"{r.randint(2020,2025)}-{r.randint(1,12):02d}-{r.randint(1,28):02d}T{r.randint(0,23):02d}:{r.randint(0,59):02d}:{r.randint(0,59):02d}Z"
    d.neg("datetime", x, f"    const val RELEASED = \"{x}\"\n")
    x = str(r.randint(10**8, 10**9 - 1))
    d.neg("numeric-const", x, f"    const val VERSION_CODE = {x}\n")
    d.t("}\n")
    docs.append(d)
    return docs


def signature(d, r, v, name):
    tel, mob, em = v.landline(), v.mobile(), v.email()
    d.t(f"\n--\n{name} 과장 | 한빛소프트 경영지원팀\n")
    d.pos("kr-phone", tel, f"T. {tel} / ")
    d.pos("kr-phone", mob, f"M. {mob}\n")
    d.pos("email", em, f"E. {em}\n")
    fax = v.landline()
    d.pos("kr-phone", fax, f"F. {fax}\n")


def gen_docs(r, v, root_idx):
    docs = []
    base = f"share{root_idx:02d}"
    # HR record
    d = Doc(f"{base}/인사/인사기록카드_{root_idx:03d}.txt")
    d.t("인사기록카드\n\n")
    for i in range(r.randint(3, 8)):
        name = r.choice(KNAMES)
        sabun = r.choice([f"E{r.randint(2010,2025)}{r.randint(0,999):03d}", f"{r.randint(2010,2025)}{r.randint(0,9999):04d}"])
        d.t(f"성명: {name}\n")
        d.neg("employee-id", sabun, f"사번: {sabun}\n")
        rr = v.rrn(dash=r.random() < 0.7, frn=r.random() < 0.1)
        cat = "kr-frn" if rr.replace("-", "")[6] in "5678" else "kr-rrn"
        d.pos(cat, rr, f"주민등록번호: {rr}\n")
        ad = v.address()
        d.pos("kr-address", ad, f"주소: {ad}\n")
        ph = v.mobile()
        d.pos("kr-phone", ph, f"휴대전화: {ph}\n")
        em = v.email()
        d.pos("email", em, f"이메일: {em}\n")
        dt = v.date_kr()
        d.neg("date", dt, f"입사일: {dt}\n")
        bank, acc = v.account_any()
        d.neg("bank-account", acc, f"급여계좌: {bank} {acc}\n")
        hi = v.health_ins()
        d.neg("health-insurance", hi, f"건강보험증번호: {hi}\n")
        m = v.money()
        d.neg("money", m, f"연봉: {m}\n\n")
    docs.append(d)
    # e-mail
    d = Doc(f"{base}/메일/견적요청_{root_idx:03d}.eml.txt")
    name = r.choice(KNAMES)
    frm = v.email()
    d.t("From: ").pos("email", frm, f"{name} <{frm}>\n")
    to = v.email()
    d.t("To: ").pos("email", to, f"<{to}>\n")
    d.t(f"Date: Mon, 15 Jan 2024 {r.randint(9,18):02d}:{r.randint(0,59):02d}:00 +0900\nSubject: [견적] 서버 유지보수 건\n\n")
    d.t("안녕하세요. 요청하신 견적서 송부드립니다.\n")
    m = v.money()
    d.neg("money", m, f"견적금액: {m} (VAT 별도)\n")
    o = v.order_no()
    d.neg("order-no", o, f"주문번호: {o}\n")
    dt = v.date_kr()
    d.neg("date", dt, f"납기: {dt}까지\n")
    b = v.brn()
    d.neg("brn", b, f"당사 사업자등록번호: {b}\n")
    bank, acc = v.account_any()
    d.neg("bank-account", acc, f"입금계좌: {bank} {acc} (예금주: 한빛소프트)\n")
    signature(d, r, v, name)
    docs.append(d)
    # contract
    d = Doc(f"{base}/계약/임대차계약서_{root_idx:03d}.txt")
    d.t("부동산 임대차 계약서\n\n1. 부동산의 표시\n")
    ad = v.address()
    d.pos("kr-address", ad, f"소재지: {ad}\n")
    d.t("2. 계약내용\n")
    m = v.money()
    d.neg("money", m, f"보증금: {m}\n")
    dt = v.date_kr()
    d.neg("date", dt, f"계약일: {dt}\n")
    for role in ["임대인", "임차인"]:
        name = r.choice(KNAMES)
        rr = v.rrn(dash=r.random() < 0.8)
        ad, ph = v.address(), v.mobile()
        d.t(f"\n{role}\n  성명: {name}\n")
        d.pos("kr-rrn", rr, f"  주민등록번호: {rr}\n")
        d.pos("kr-address", ad, f"  주소: {ad}\n")
        d.pos("kr-phone", ph, f"  전화: {ph}\n")
    d.t("\n중개업소\n")
    b = v.brn()
    d.neg("brn", b, f"  사업자등록번호: {b}\n")
    c = v.corp_no()
    d.neg("corp-no", c, f"  법인등록번호: {c}\n")
    ph = v.landline()
    d.pos("kr-phone", ph, f"  대표전화: {ph}\n")
    z = v.zip5()
    d.neg("zip", z, f"  우편번호: {z}\n")
    docs.append(d)
    # invoice
    d = Doc(f"{base}/회계/거래명세서_{root_idx:03d}.txt")
    d.t("거래명세서\n")
    for who in ["공급자", "공급받는자"]:
        b, c = v.brn(), v.corp_no()
        d.neg("brn", b, f"{who} 등록번호 {b} ")
        d.neg("corp-no", c, f"법인번호 {c}\n")
    dt = v.date_kr()
    d.neg("date", dt, f"작성일자 {dt}\n")
    d.t("품목\t규격\t수량\t단가\t금액\n")
    for i in range(r.randint(4, 12)):
        code = r.choice([f"PRD-{r.randint(10000,99999)}", f"{r.randint(10**9, 10**10-1)}", f"A{r.randint(100000,999999)}-{r.randint(10,99)}"])
        d.neg("product-code", code, f"{code}\t")
        m = v.money()
        d.t(f"{r.randint(1,100)}EA\t").neg("money", m, f"{m}\n")
    tr = v.tracking()
    d.neg("tracking", tr, f"송장번호: CJ대한통운 {tr}\n")
    o = v.order_no()
    d.neg("order-no", o, f"주문번호 {o}\n")
    bank, acc = v.account_any()
    d.neg("bank-account", acc, f"결제계좌 {bank} {acc}\n")
    docs.append(d)
    # travel
    d = Doc(f"{base}/총무/해외출장신청서_{root_idx:03d}.txt")
    d.t("해외출장 신청서\n출장지: 싱가포르\n")
    for i in range(r.randint(3, 8)):
        name = r.choice(KNAMES)
        pp = v.passport()
        d.t(f"{i+1}. {name} ")
        d.pos("kr-passport", pp, f"여권번호 {pp} ")
        dt = v.date_kr()
        d.neg("date", dt, f"만료일 {dt} ")
        ph = v.mobile()
        d.pos("kr-phone", ph, f"연락처 {ph}\n")
    fl = f"KE{r.randint(100, 999)}"
    d.neg("flight", fl, f"항공편: {fl} ")
    pnr = "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
    d.neg("pnr", pnr, f"예약번호 {pnr}\n")
    docs.append(d)
    # rental
    d = Doc(f"{base}/총무/렌터카계약_{root_idx:03d}.txt")
    d.t("렌터카 대여 계약서\n")
    for k in range(r.randint(2, 5)):
        name = r.choice(KNAMES)
        dl = v.dl()
        d.t(f"{'제' + str(k + 1) + '운전자'}: {name}\n").pos("kr-driver-license", dl, f"운전면허번호: {dl}\n")
        rr = v.rrn()
        d.pos("kr-rrn", rr, f"생년월일/주민번호: {rr}\n")
        ph = v.mobile()
        d.pos("kr-phone", ph, f"연락처: {ph}\n")
    car = v.car()
    d.neg("car-plate", car, f"차량번호: {car}\n")
    dt = v.date_kr()
    d.neg("date", dt, f"대여일시: {dt} {r.randint(9,20):02d}:{r.randint(0,5)}0\n")
    m = v.money()
    d.neg("money", m, f"대여요금: {m}\n")
    docs.append(d)
    # receipt
    # memo
    d = Doc(f"{base}/메모/업무메모_{root_idx:03d}.txt")
    d.t("업무 메모\n")
    for i in range(r.randint(4, 10)):
        ch = r.random()
        if ch < 0.15:
            car = v.car()
            d.neg("car-plate", car, f"- 방문차량 {car} 주차 등록\n")
        elif ch < 0.3:
            dt = v.date_kr()
            d.neg("date", dt, f"- {dt} 회의\n")
        elif ch < 0.45:
            ph = v.mobile(sep=r.choice(["-", ".", " ", ""]))
            d.pos("kr-phone", ph, f"- {r.choice(KNAMES)}님 연락처 {ph} 회신 요망\n")
        elif ch < 0.55:
            tr = v.tracking()
            d.neg("tracking", tr, f"- 택배 송장 {tr}\n")
        elif ch < 0.65:
            bank, acc = v.account_any()
            d.neg("bank-account", acc, f"- 환불: {bank} {acc}\n")
        elif ch < 0.75:
            em = v.email()
            d.pos("email", em, f"- 자료는 {em} 로 전달\n")
        elif ch < 0.85:
            o = v.order_no()
            d.neg("order-no", o, f"- 주문 {o} 취소 처리\n")
        else:
            ad = v.address()
            d.pos("kr-address", ad, f"- 배송지 변경: {ad}\n")
    docs.append(d)
    # roster (TSV, context only in the header)
    d = Doc(f"{base}/인사/직원명부_{root_idx:03d}.tsv")
    d.t("사번\t성명\t주민등록번호\t휴대폰\t이메일\t주소\t급여계좌\n")
    for i in range(r.randint(5, 15)):
        sab = f"{r.randint(2010,2025)}{r.randint(0,9999):04d}"
        d.neg("employee-id", sab, sab + "\t")
        d.t(r.choice(KNAMES) + "\t")
        rr = v.rrn(dash=r.random() < 0.5)
        d.pos("kr-rrn", rr, rr + "\t")
        ph = v.mobile(sep=r.choice(["-", ""]))
        d.pos("kr-phone", ph, ph + "\t")
        em = v.email()
        d.pos("email", em, em + "\t")
        ad = v.address()
        d.pos("kr-address", ad, ad + "\t")
        bank, acc = v.account_any()
        d.neg("bank-account", acc, f"{bank} {acc}\n")
    docs.append(d)
    # travel roster
    d = Doc(f"{base}/총무/출장자명단_{root_idx:03d}.csv")
    d.t("No,성명,영문성명,여권번호,여권만료일,생년월일\n")
    for i in range(r.randint(3, 10)):
        pp = v.passport()
        d.t(f"{i+1},{r.choice(KNAMES)},{r.choice(V.SUR).upper()} {r.choice(V.GIV).upper()},")
        d.pos("kr-passport", pp, pp + ",")
        dt = v.date_kr().replace(",", "")
        d.neg("date", dt, dt + ",")
        bd = f"{r.randint(1960, 2000)}-{r.randint(1,12):02d}-{r.randint(1,28):02d}"
        d.neg("date", bd, bd + "\n")
    docs.append(d)
    # English e-mail with international formats
    d = Doc(f"{base}/메일/partner_{root_idx:03d}.eml.txt")
    em = v.email()
    d.t("From: ").pos("email", em, f"<{em}>\nSubject: Re: NDA draft\n\nHi,\nPlease find the revised draft attached.\n\nBest regards,\n")
    d.t(f"{r.choice(V.GIV).title()} {r.choice(V.SUR).title()} | Manager, Global Partnerships\n")
    mob = v.mobile()
    intl = "+82 " + mob[1:]
    d.pos("kr-phone", intl, f"Mobile: {intl}\n")
    ll = v.landline()
    intl2 = "+82-" + ll[1:]
    d.pos("kr-phone", intl2, f"Tel: {intl2}\n")
    u = r.choice(["1588", "1544", "1644", "1800"]) + f"-{r.randint(1000,9999)}"
    d.neg("uan", u, f"Customer center: {u}\n")
    tf = f"080-{r.randint(200,999)}-{r.randint(1000,9999)}"
    d.neg("tollfree", tf, f"Toll-free: {tf}\n")
    ad = v.address()
    d.pos("kr-address", ad, f"(우) {v.zip5()} {ad}\n")
    dt = f"{r.randint(2023,2025)}-{r.randint(1,12):02d}-{r.randint(1,28):02d} {r.randint(0,23):02d}:{r.randint(0,59):02d}"
    d.neg("datetime", dt, f"\nOn {dt}, legal wrote:\n> ok\n")
    docs.append(d)
    d = Doc(f"{base}/회계/카드영수증_{root_idx:03d}.txt")
    for k in range(r.randint(3, 8)):
        d.t("[카드 매출전표]\n")
        receipt_entry(d, r, v)
    docs.append(d)
    return docs


def receipt_entry(d, r, v):
    b = v.brn()
    d.neg("brn", b, f"가맹점 사업자번호: {b}\n")
    cd = v.card(sep=r.choice(["-", " ", ""]))
    if r.random() < 0.3:
        mk = cd[:7] + "".join("*" if ch.isdigit() else ch for ch in cd[7:-4]) + cd[-4:]
        d.amb("masked-card", mk, f"카드번호: {mk}\n")
    else:
        d.pos("credit-card", cd, f"카드번호: {cd}\n")
    ap = f"{r.randint(10000000, 99999999)}"
    d.neg("approval-no", ap, f"승인번호: {ap}\n")
    dt = v.date_kr()
    d.neg("date", dt, f"거래일시: {dt} {r.randint(0,23):02d}:{r.randint(0,59):02d}:{r.randint(0,59):02d}\n")
    m = v.money()
    d.neg("money", m, f"합계금액: {m}\n")
    tid = f"{r.randint(1000000000, 9999999999)}"
    d.neg("terminal-id", tid, f"단말기번호: {tid}\n")
    ph = v.landline()
    d.pos("kr-phone", ph, f"가맹점 전화: {ph}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=60, help="repositories and document shares each")
    a = ap.parse_args()
    r = random.Random(a.seed)
    v = V(r)
    labels = []
    for i in range(a.n):
        for d in gen_repo(r, v, i) + gen_docs(r, v, i):
            labels += d.write(a.out)
    with open(os.path.join(a.out, "..", os.path.basename(a.out.rstrip("/")) + ".labels.jsonl"), "w") as f:
        for l in labels:
            f.write(json.dumps(l, ensure_ascii=False) + "\n")
    from collections import Counter
    c = Counter((l["kind"], l.get("category") or l.get("type")) for l in labels)
    print(json.dumps({f"{k}:{t}": n for (k, t), n in sorted(c.items())}, ensure_ascii=False))


if __name__ == "__main__":
    main()
