#!/usr/bin/env python3
"""Deterministic generator of a realistic Korean/English log corpus for benchmarking piiscan.

Writes several files (nginx and Apache access logs, JSON-lines application logs, syslog, Java and
Node stack traces, a CSV order export, Korean customer-service notes) whose sizes add up to the
requested size. About one line in 160 carries a synthetic personal value (phone, e-mail, RRN, FRN,
road-name address, card, passport, driver's licence); hard negatives (epoch-ms timestamps, 13-digit
order ids, EAN-13 barcodes, UUIDs, hashes, versions, IPv4s, business registration numbers, prices,
`logo@2x.png`, `git@github.com:…`, `lodash@4.17.21`, Korean sentences with 로/길 + numbers …) appear
at realistic rates.

All values are synthetic: RRNs/FRNs are random dates with random tails and a correct check digit,
cards are random Luhn-valid numbers, addresses combine real road names with random building
numbers. No real person's data is used.

The output is a pure function of (--seed, --size, --many-small, --chunk): every chunk is generated
from its own seed, so the result is byte-identical for any --jobs value. A ground-truth manifest
(`<out>.manifest.json`, next to the output directory, not inside it) lists the planted values per
category and file, the hard negatives, line counts and the share of digit bytes.

Usage:
  python3 Benchmarks/gen_corpus.py --size 200M --out Benchmarks/corpus/logs
  python3 Benchmarks/gen_corpus.py --size 50M --out Benchmarks/corpus/small --many-small 5000
  python3 Benchmarks/gen_corpus.py --size 200M --out Benchmarks/corpus/logs --gzip
Sizes: plain bytes, or K/M/G (decimal: 200M = 200,000,000 bytes), or KiB/MiB/GiB (binary).
Python 3.8+, standard library only.
"""

import argparse
import base64
import hashlib
import json
import multiprocessing
import os
import random
import re
import sys
import time
import zlib
from collections import Counter
from urllib.parse import quote

# --------------------------------------------------------------------------------------------------
# Static data
# --------------------------------------------------------------------------------------------------

BASE_EPOCH = 1746025200  # 2025-05-01 00:00:00 +09:00 (KST); each 1 MiB chunk of a file covers one hour
KST = 9 * 3600
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# (시·도 full, 시·도 short, 시·군·구 (may be "" for 세종 or two levels), road, reference 법정동 names)
# Real administrative units and real road names; building numbers are random.
ADDRESSES = [
    ("서울특별시", "서울", "강남구", "테헤란로", ("역삼동", "삼성동")),
    ("서울특별시", "서울", "강남구", "도산대로", ("신사동", "논현동")),
    ("서울특별시", "서울", "강남구", "봉은사로", ("역삼동", "삼성동")),
    ("서울특별시", "서울", "강남구", "선릉로", ("대치동", "역삼동")),
    ("서울특별시", "서울", "서초구", "반포대로", ("서초동", "반포동")),
    ("서울특별시", "서울", "서초구", "서초대로", ("서초동",)),
    ("서울특별시", "서울", "마포구", "월드컵북로", ("성산동", "상암동")),
    ("서울특별시", "서울", "마포구", "양화로", ("서교동", "합정동")),
    ("서울특별시", "서울", "마포구", "성미산로", ("성산동", "연남동")),
    ("서울특별시", "서울", "중구", "세종대로", ("태평로1가",)),
    ("서울특별시", "서울", "중구", "을지로", ("을지로1가", "을지로2가")),
    ("서울특별시", "서울", "종로구", "율곡로", ("안국동", "원서동")),
    ("서울특별시", "서울", "송파구", "올림픽로", ("잠실동", "신천동")),
    ("서울특별시", "서울", "송파구", "송파대로", ("가락동", "문정동")),
    ("서울특별시", "서울", "영등포구", "여의대로", ("여의도동",)),
    ("서울특별시", "서울", "영등포구", "국회대로", ("여의도동", "당산동")),
    ("서울특별시", "서울", "용산구", "한강대로", ("한강로2가", "한강로3가")),
    ("서울특별시", "서울", "용산구", "이태원로", ("이태원동", "한남동")),
    ("서울특별시", "서울", "성동구", "왕십리로", ("성수동1가", "행당동")),
    ("서울특별시", "서울", "광진구", "능동로", ("화양동", "군자동")),
    ("서울특별시", "서울", "관악구", "관악로", ("봉천동", "신림동")),
    ("서울특별시", "서울", "노원구", "동일로", ("상계동", "공릉동")),
    ("서울특별시", "서울", "강서구", "공항대로", ("마곡동", "등촌동")),
    ("서울특별시", "서울", "은평구", "통일로", ("불광동", "녹번동")),
    ("부산광역시", "부산", "해운대구", "센텀중앙로", ("우동", "재송동")),
    ("부산광역시", "부산", "해운대구", "해운대로", ("우동", "중동")),
    ("부산광역시", "부산", "부산진구", "중앙대로", ("부전동", "범천동")),
    ("부산광역시", "부산", "남구", "수영로", ("대연동",)),
    ("부산광역시", "부산", "동래구", "충렬대로", ("온천동", "명륜동")),
    ("부산광역시", "부산", "사하구", "낙동대로", ("하단동", "괴정동")),
    ("대구광역시", "대구", "중구", "동성로", ("동성로1가", "동성로2가")),
    ("대구광역시", "대구", "수성구", "달구벌대로", ("범어동", "만촌동")),
    ("대구광역시", "대구", "달서구", "월배로", ("진천동", "상인동")),
    ("인천광역시", "인천", "연수구", "컨벤시아대로", ("송도동",)),
    ("인천광역시", "인천", "남동구", "인하로", ("구월동", "간석동")),
    ("인천광역시", "인천", "부평구", "부평대로", ("부평동", "청천동")),
    ("광주광역시", "광주", "서구", "상무중앙로", ("치평동",)),
    ("광주광역시", "광주", "북구", "용봉로", ("용봉동",)),
    ("광주광역시", "광주", "동구", "금남로", ("금남로1가", "금남로4가")),
    ("대전광역시", "대전", "서구", "둔산로", ("둔산동",)),
    ("대전광역시", "대전", "유성구", "대학로", ("궁동", "봉명동")),
    ("울산광역시", "울산", "남구", "삼산로", ("삼산동", "달동")),
    ("세종특별자치시", "세종", "", "도움5로", ("어진동",)),
    ("세종특별자치시", "세종", "", "한누리대로", ("나성동", "어진동")),
    ("경기도", "경기", "성남시 분당구", "판교역로", ("백현동", "삼평동")),
    ("경기도", "경기", "성남시 분당구", "불정로", ("정자동", "수내동")),
    ("경기도", "경기", "수원시 영통구", "광교로", ("이의동", "하동")),
    ("경기도", "경기", "수원시 팔달구", "정조로", ("남창동", "영동")),
    ("경기도", "경기", "고양시 일산동구", "중앙로", ("장항동", "마두동")),
    ("경기도", "경기", "용인시 수지구", "포은대로", ("풍덕천동", "죽전동")),
    ("경기도", "경기", "화성시", "동탄대로", ("오산동", "영천동")),
    ("경기도", "경기", "안양시 동안구", "시민대로", ("관양동", "평촌동")),
    ("경기도", "경기", "부천시", "길주로", ("상동", "중동")),
    ("강원특별자치도", "강원", "춘천시", "퇴계로77번길", ("퇴계동",)),
    ("강원특별자치도", "강원", "원주시", "원일로", ("일산동", "중앙동")),
    ("강원특별자치도", "강원", "강릉시", "경강로", ("교동", "임당동")),
    ("충청북도", "충북", "청주시 상당구", "상당로", ("북문로1가", "남문로2가")),
    ("충청남도", "충남", "천안시 동남구", "만남로", ("신부동",)),
    ("충청남도", "충남", "아산시", "번영로", ("배방읍",)),
    ("전북특별자치도", "전북", "전주시 완산구", "효자로", ("효자동1가", "서신동")),
    ("전북특별자치도", "전북", "전주시 덕진구", "백제대로", ("덕진동1가", "금암동")),
    ("전라남도", "전남", "목포시", "영산로", ("용당동", "상동")),
    ("전라남도", "전남", "순천시", "중앙로", ("장천동", "매곡동")),
    ("경상북도", "경북", "포항시 남구", "포스코대로", ("대도동", "상도동")),
    ("경상북도", "경북", "경주시", "태종로", ("동부동", "황오동")),
    ("경상남도", "경남", "창원시 의창구", "중앙대로", ("용호동", "신월동")),
    ("경상남도", "경남", "김해시", "김해대로", ("부원동", "외동")),
    ("제주특별자치도", "제주", "제주시 애월읍", "일주서로", ("애월리", "하귀1리")),
    ("제주특별자치도", "제주", "서귀포시", "중앙로", ("서귀동", "동홍동")),
]
APT_NAMES = ("래미안", "푸르지오", "자이", "힐스테이트", "e편한세상", "아이파크", "더샵", "롯데캐슬")
LOT_ADDRESSES = (
    ("서울", "강남구", "역삼동"), ("서울", "마포구", "합정동"), ("경기도", "양평군 양서면", "양수리"),
    ("충남", "예산군 덕산면", "사천리"), ("부산", "해운대구", "우동"), ("경기", "수원시 팔달구", "인계동"),
)

MAIL_DOMAINS = (
    ("naver.com", 38), ("gmail.com", 24), ("hanmail.net", 9), ("daum.net", 7), ("kakao.com", 5),
    ("nate.com", 5), ("hotmail.com", 3), ("korea.ac.kr", 2), ("snu.ac.kr", 1), ("corp.example-shop.co.kr", 4),
    ("outlook.com", 2),
)
SYLLABLES = ("min", "ji", "seo", "yeon", "hyun", "woo", "jun", "su", "ha", "eun", "young", "jae",
             "hoon", "sung", "hye", "jin", "kyung", "dong", "yun", "na", "ra", "bin", "chan", "soo")
SURNAMES_LATIN = ("kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh")

UAS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.112 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-G991N Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.178 Mobile Safari/537.36 NAVER(inapp; search; 2000; 12.3.5)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.5.6",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2.1 Safari/605.1.15",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; Yeti/1.1; +http://naver.me/spd)",
    "okhttp/4.12.0",
    "curl/8.5.0",
    "Apache-HttpClient/4.5.14 (Java/17.0.10)",
    "kube-probe/1.28",
)
STATIC = ("/static/img/logo@2x.png", "/static/img/logo@3x.png", "/static/img/icon-cart@2x.webp",
          "/static/img/banner_spring@2x.jpg", "/favicon.ico", "/robots.txt", "/static/fonts/Pretendard-Regular.woff2")
SEARCH_TERMS = ("운동화", "무선 이어폰", "생수 2L", "노트북 파우치", "유기농 우유", "캠핑 의자", "기저귀",
                "아이폰 15 케이스", "제주 감귤 5kg", "텀블러", "게이밍 마우스", "선크림 SPF50")
PRODUCTS = ("유기농 우유 900ml", "무선 이어폰 블루투스 5.3", "여성 니트 가디건 FREE", "스테인리스 텀블러 500ml",
            "국내산 사과 5kg", "생수 2L x 12병", "노트북 파우치 15.6인치", "기저귀 대형 52매",
            "캠핑 의자 2개 세트", "제주 감귤 3kg 로얄과", "USB-C 충전 케이블 1m", "선크림 SPF50+ 50ml",
            "게이밍 마우스 16000DPI", "한우 등심 1++ 300g", "즉석밥 210g x 24개")
MEMOS = ("문 앞에 놓아주세요", "부재시 경비실에 맡겨주세요", "배송 전 연락 바랍니다", "", "", "",
         "파손 주의", "택배함에 넣어주세요", "공동현관 비밀번호는 별도로 전달드림", "")
LEVELS = (("INFO", 70), ("DEBUG", 15), ("WARN", 10), ("ERROR", 5))
SERVICES = ("order-api", "payment-api", "member-api", "delivery-worker", "coupon-api", "search-api", "cart-api")
LOGGERS = ("com.example.shop.order.OrderService", "com.example.shop.payment.PaymentClient",
           "com.example.shop.member.MemberService", "com.example.shop.delivery.DeliveryTracker",
           "com.example.shop.coupon.CouponApplier", "com.example.shop.search.SearchController",
           "com.example.shop.cart.CartService", "org.hibernate.SQL", "o.s.web.servlet.DispatcherServlet")
HOSTS = ("web-01", "web-02", "web-03", "web-04", "api-01", "api-02", "db-01", "batch-02", "mail-01")
DELIVERY_STATES = ("상품준비중", "배송준비", "배송중", "배송완료", "반품접수", "교환접수")
ORDER_STATES = ("결제완료", "배송중", "배송완료", "구매확정", "취소완료", "반품완료")
EXCEPTIONS = (
    "java.lang.IllegalStateException", "java.lang.NullPointerException",
    "org.springframework.dao.DataIntegrityViolationException", "java.net.SocketTimeoutException",
    "com.example.shop.payment.PgApprovalException", "org.springframework.web.client.HttpServerErrorException$BadGateway",
    "com.fasterxml.jackson.databind.exc.InvalidFormatException", "java.util.concurrent.TimeoutException",
)
FRAMES = (
    "com.example.shop.order.OrderService.placeOrder(OrderService.java:{n})",
    "com.example.shop.order.OrderController.create(OrderController.java:{n})",
    "com.example.shop.payment.PaymentClient.approve(PaymentClient.java:{n})",
    "com.example.shop.member.MemberService.join(MemberService.java:{n})",
    "com.example.shop.delivery.DeliveryTracker.poll(DeliveryTracker.java:{n})",
    "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:{n})",
    "org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:{n})",
    "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept(CglibAopProxy.java:{n})",
    "org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:{n})",
    "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)",
    "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:{n})",
    "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:{n})",
    "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:{n})",
    "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:{n})",
    "java.base/java.lang.Thread.run(Thread.java:{n})",
)
NODE_MODULES = ("lodash@4.17.21/node_modules/lodash/lodash.js", "express@4.18.2/node_modules/express/lib/router/index.js",
                "axios@1.6.7/node_modules/axios/lib/core/Axios.js", "@babel+runtime@7.24.0/node_modules/@babel/runtime/helpers/asyncToGenerator.js",
                "mysql2@3.9.2/node_modules/mysql2/lib/connection.js")

# Korean free-text building blocks (customer-service notes / chat). Hard negatives with 로/길 + numbers.
KO_HARD_NEG = (
    "기사님이 그대로 30분 기다렸다고 하십니다.", "쿠폰 적용 시 추가로 20% 할인됩니다.", "포장비는 별도로 30,000원 청구됩니다.",
    "이 길로 5 분 정도 걸어오시면 됩니다.", "로그 레벨을 info로 3 번 바꿈.", "이 동네 3번 버스 정류장 앞입니다.",
    "3동 201호라고만 적혀 있어 확인 필요.", "정상적으로 1회 재시도 후 성공.", "주문 수량을 임의로 2개 변경하지 마세요.",
    "강남대로 쪽으로 50m 직진 후 좌회전.", "역삼역 2번 출구로 나와서 100m 직진.", "세종대로 사거리 근처 픽업 요청.",
    "고객센터 대표번호 1588-1234로 안내함.", "무료로 1회 교환 가능합니다.", "새로 3개 입고 예정입니다.",
)
KO_SENTENCES = (
    "고객님께서 주문하신 상품은 내일 도착 예정입니다.", "배송 지연에 대해 사과드립니다.", "교환 요청이 접수되었습니다.",
    "환불은 영업일 기준 3~5일 소요됩니다.", "상품 불량으로 반품을 원하십니다.", "결제 수단 변경 문의입니다.",
    "택배사에 배송 상태를 확인 요청했습니다.", "쿠폰이 적용되지 않는다는 문의입니다.", "회원 탈퇴 절차를 안내했습니다.",
    "비밀번호 재설정 메일이 오지 않는다고 하십니다.", "주문 취소 후 재주문을 원하십니다.", "포인트 적립 누락 건입니다.",
    "앱에서 로그인이 되지 않는다는 문의입니다.", "배송지를 변경하고 싶다고 하십니다.", "상담 종료.",
    "영수증 재발행을 요청하셨습니다.", "사이즈가 맞지 않아 교환을 원하십니다.", "오늘 출고 예정입니다.",
)

MB = 1_000_000


def weighted(pairs):
    """Expands (value, weight) pairs into a list so that rng.choice samples by weight."""
    out = []
    for v, w in pairs:
        out.extend([v] * w)
    return tuple(out)


MAIL_DOMAIN_W = weighted(MAIL_DOMAINS)
LEVEL_W = weighted(LEVELS)
STATUS_W = weighted(((200, 78), (304, 8), (302, 4), (404, 5), (400, 2), (401, 1), (500, 1), (502, 1)))
# Planted personal-value categories and their mix (ids follow the piiscan report categories).
PII_MIX = weighted((("kr-phone", 36), ("email", 30), ("kr-rrn", 12), ("kr-address", 11),
                    ("credit-card", 4), ("kr-frn", 3), ("kr-passport", 2), ("kr-driver-license", 2)))


# --------------------------------------------------------------------------------------------------
# Value factories (checksums per /work/shared/kr-pii-spec.md)
# --------------------------------------------------------------------------------------------------

RRN_W = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def rrn_check(d12):
    """§2.4: C = (11 − Σ w·d mod 11) mod 10."""
    s = sum(w * (ord(c) - 48) for w, c in zip(RRN_W, d12))
    return (11 - s % 11) % 10


def frn_check(d12):
    """§3: C = (13 − Σ w·d mod 11) mod 10."""
    s = sum(w * (ord(c) - 48) for w, c in zip(RRN_W, d12))
    return (13 - s % 11) % 10


def luhn_check(body):
    """§8.1: the digit that makes body+digit Luhn-valid."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def luhn_valid(num):
    return luhn_check(num[:-1]) == ord(num[-1]) - 48


def ean13_check(d12):
    s = sum((ord(c) - 48) * (3 if i % 2 else 1) for i, c in enumerate(d12))
    return (10 - s % 10) % 10


def brn_check(d9):
    """§8.3: k = 1,3,7,1,3,7,1,3,5 with the carry of 5·d9."""
    k = (1, 3, 7, 1, 3, 7, 1, 3)
    s = sum(a * (ord(c) - 48) for a, c in zip(k, d9[:8]))
    d9v = ord(d9[8]) - 48
    s += 5 * d9v + (5 * d9v) // 10
    return (10 - s % 10) % 10


def leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


class Values:
    """Factories for synthetic personal values and hard negatives, bound to one chunk's RNG."""

    def __init__(self, rng, counts):
        self.rng = rng
        self.c = counts  # Counter: "pii:<cat>", "masked:<cat>", "neg:<kind>"
        rnd = rng.random
        randrange = rng.randrange
        self.rnd = rnd
        self.bits = rng.getrandbits

        # Float-based sampling is 3-4x faster than randint/choice and plenty uniform for test data.
        def ri(a, b):
            return a + int(rnd() * (b - a + 1))

        def rr(a, b=None):
            if b is None:
                return int(rnd() * a) if a < 1 << 40 else randrange(a)
            return randrange(a, b)

        def ch(seq):
            return seq[int(rnd() * len(seq))]

        self.ri, self.rr, self.ch = ri, rr, ch

    def digits(self, n):
        return "%0*d" % (n, self.rr(10 ** n))

    # ---- personal values ------------------------------------------------------------------------
    def dob(self, lo=1945, hi=2012):
        y = self.ri(lo, hi)
        m = self.ri(1, 12)
        dim = 29 if (m == 2 and leap(y)) else DAYS_IN_MONTH[m - 1]
        return y, m, self.ri(1, dim)

    def rrn_digits(self, foreign=False):
        rnd = self.rnd
        if not foreign and rnd() < 0.03:
            # born after 2020-10-05: random tail without a check digit (§2.5)
            y, m, d = self.dob(2020, 2023)
            if y == 2020 and m < 11:
                m, d = 11, self.ri(1, 30)
            g = 3 + self.bits(1)
            return "%02d%02d%02d%d%s" % (y % 100, m, d, g, self.digits(6))
        y, m, d = self.dob()
        if foreign:
            g = (5 if y < 2000 else 7) + self.bits(1)
            # even issuing office, registrant type 6–9 (legacy validators, §3)
            body = "%02d%02d%02d%d%02d%02d%d" % (y % 100, m, d, g, 2 * self.ri(0, 47), self.ri(0, 99), self.ri(6, 9))
            return body + str(frn_check(body))
        g = (1 if y < 2000 else 3) + self.bits(1)
        body = "%02d%02d%02d%d%02d%02d%d" % (y % 100, m, d, g, self.ri(0, 95), self.ri(0, 99), self.ri(0, 9))
        return body + str(rrn_check(body))

    def rrn(self, foreign=False):
        self.c["pii:kr-frn" if foreign else "pii:kr-rrn"] += 1
        v = self.rrn_digits(foreign)
        r = self.rnd()
        if r < 0.80:
            return v[:6] + "-" + v[6:]
        if r < 0.94:
            return v
        if r < 0.97:
            return v[:6] + " " + v[6:]
        return v[:6] + "\uff0d" + v[6:]  # full-width hyphen

    def rrn_masked(self):
        self.c["masked:kr-rrn"] += 1
        v = self.rrn_digits()
        return v[:6] + "-" + v[6] + "******"

    def phone_parts(self):
        r = self.rnd()
        ri = self.ri
        if r < 0.76:
            return "010", "%04d" % ri(2000, 9999), "%04d" % ri(0, 9999)
        if r < 0.88:
            ac = self.ch(("02", "02", "02", "031", "032", "051", "053", "042", "062", "064", "044", "055"))
            ex = ("%04d" % ri(2000, 9999)) if self.bits(1) else ("%03d" % ri(200, 999))
            return ac, ex, "%04d" % ri(0, 9999)
        if r < 0.94:
            return "070", "%04d" % ri(2000, 9999), "%04d" % ri(0, 9999)
        if r < 0.97:
            return "0505", "%03d" % ri(200, 999), "%04d" % ri(0, 9999)
        return self.ch(("011", "016", "019")), "%03d" % ri(200, 999), "%04d" % ri(0, 9999)

    def phone(self):
        self.c["pii:kr-phone"] += 1
        a, b, c = self.phone_parts()
        r = self.rnd()
        if r < 0.70:
            return a + "-" + b + "-" + c
        if r < 0.88:
            return a + b + c
        if r < 0.92:
            return a + "." + b + "." + c
        if r < 0.95:
            return a + " " + b + " " + c
        return "+82 " + a[1:] + "-" + b + "-" + c

    def phone_masked(self):
        self.c["masked:kr-phone"] += 1
        return "010-****-%04d" % self.ri(0, 9999)

    def email_local(self):
        ch = self.ch
        r = self.rnd()
        if r < 0.4:
            s = ch(SURNAMES_LATIN) + "." + ch(SYLLABLES) + ch(SYLLABLES)
        elif r < 0.7:
            s = ch(SYLLABLES) + ch(SYLLABLES) + str(self.ri(70, 2005))
        elif r < 0.9:
            s = ch(SYLLABLES) + "_" + ch(SURNAMES_LATIN) + str(self.ri(1, 99))
        else:
            s = ch(SURNAMES_LATIN) + ch(SYLLABLES) + "+shop"
        return s

    def email(self):
        self.c["pii:email"] += 1
        return self.email_local() + "@" + self.ch(MAIL_DOMAIN_W)

    def email_masked(self):
        self.c["masked:email"] += 1
        return self.email_local()[:2] + "***@" + self.ch(MAIL_DOMAIN_W)

    def address(self):
        self.c["pii:kr-address"] += 1
        full, short, sgg, road, dongs = self.ch(ADDRESSES)
        rnd = self.rnd
        ri = self.ri
        sido = full if rnd() < 0.6 else short
        parts = [sido]
        if sgg:
            parts.append(sgg)
        if "번길" not in road and rnd() < 0.15:
            road = road + ("%d길" % ri(1, 60) if rnd() < 0.8 else " %d길" % ri(1, 60))
        parts.append(road)
        if rnd() < 0.03:
            bno = "지하 %d" % ri(1, 40)
        else:
            bno = str(ri(1, 420))
            if rnd() < 0.12:
                bno += "-%d" % ri(1, 30)
        parts.append(bno)
        s = " ".join(parts)
        r = rnd()
        if r < 0.35:
            s += ", %d동 %d호" % (ri(101, 115), ri(1, 25) * 100 + ri(1, 6))
        elif r < 0.45:
            s += ", %d층" % ri(2, 15)
        if rnd() < 0.5:
            ref = self.ch(dongs)
            if rnd() < 0.3:
                ref += ", " + self.ch(APT_NAMES)
            s += " (" + ref + ")"
        return s

    def address_lot(self):
        self.c["pii:kr-address-lot"] += 1
        sido, sgg, dong = self.ch(LOT_ADDRESSES)
        return "%s %s %s %d-%d" % (sido, sgg, dong, self.ri(1, 999), self.ri(1, 30))

    def address_masked(self):
        self.c["masked:kr-address"] += 1
        full, short, sgg, road, dongs = self.ch(ADDRESSES)
        return "%s %s ****" % (short, sgg.split(" ")[0] if sgg else road)

    def card_digits(self):
        r = self.rnd()
        if r < 0.30:
            prefix, n = "4" + self.digits(5), 16
        elif r < 0.55:
            prefix, n = "5" + str(self.ri(1, 5)) + self.digits(4), 16
        elif r < 0.75:
            prefix, n = self.ch(("9410", "9420", "9430", "9445", "9490")) + self.digits(2), 16  # 국내전용
        elif r < 0.85:
            prefix, n = str(self.ri(3528, 3589)) + self.digits(2), 16
        elif r < 0.93:
            prefix, n = self.ch(("34", "37")) + self.digits(4), 15
        else:
            prefix, n = "62" + self.digits(4), 16
        body = prefix + self.digits(n - 1 - len(prefix))
        return body + str(luhn_check(body))

    def card(self):
        self.c["pii:credit-card"] += 1
        v = self.card_digits()
        r = self.rnd()
        if len(v) == 15:
            sep = "-" if r < 0.6 else ("" if r < 0.9 else " ")
            return v[:4] + sep + v[4:10] + sep + v[10:]
        sep = "-" if r < 0.6 else ("" if r < 0.9 else " ")
        return sep.join((v[0:4], v[4:8], v[8:12], v[12:16]))

    def card_masked(self):
        self.c["masked:credit-card"] += 1
        v = self.card_digits()
        return "%s-%s**-****-%s" % (v[:4], v[4:6], v[12:16]) if len(v) == 16 else v[:6] + "*****" + v[11:]

    def passport(self):
        self.c["pii:kr-passport"] += 1
        t = self.ch("MMMMMMMSRD")
        if self.rnd() < 0.6:
            return t + self.digits(8)
        return t + self.digits(3) + chr(65 + self.rr(26)) + self.digits(4)

    def driver_license(self):
        self.c["pii:kr-driver-license"] += 1
        region = self.ch((11, 11, 11, 12, 13, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28))
        body = "%02d-%02d-%s-%s" % (region, self.ri(0, 23) if self.bits(1) else self.ri(85, 99), self.digits(6), self.digits(2))
        if self.rnd() < 0.05:
            body = self.ch(("서울", "부산", "경기", "대구")) + body[2:]
        return body

    def pii(self, cat=None):
        """One planted personal value; returns (category, value)."""
        cat = cat or self.ch(PII_MIX)
        if cat == "kr-phone":
            return cat, self.phone()
        if cat == "email":
            return cat, self.email()
        if cat == "kr-rrn":
            return cat, self.rrn()
        if cat == "kr-frn":
            return cat, self.rrn(foreign=True)
        if cat == "kr-address":
            return cat, self.address()
        if cat == "credit-card":
            return cat, self.card()
        if cat == "kr-passport":
            return cat, self.passport()
        return cat, self.driver_license()

    # ---- hard negatives -------------------------------------------------------------------------
    def order_id(self, t):
        """Order ids: 10 % are 13 digits YYMMDD + 7 (exactly the shape of an unseparated RRN; with
        digit 7 = 3/4 they even look like post-2020 RRNs without a check digit), 60 % are 14-digit
        YYYYMMDD + 6, 30 % 16-digit numbers."""
        lt = time.gmtime(t + KST)
        r = self.rnd()
        if r < 0.10:
            self.c["neg:order-id-13"] += 1
            return "%02d%02d%02d%07d" % (lt.tm_year % 100, lt.tm_mon, lt.tm_mday, self.rr(10 ** 7))
        if r < 0.70:
            self.c["neg:order-id-14"] += 1
            return "%d%02d%02d%06d" % (lt.tm_year, lt.tm_mon, lt.tm_mday, self.rr(10 ** 6))
        self.c["neg:order-id-16"] += 1
        return "%016d" % self.rr(10 ** 15, 10 ** 16)

    def epoch_ms_any(self):
        """An epoch-ms timestamp anywhere in 2023–2026 (e.g. an updated_at column)."""
        self.c["neg:epoch-ms"] += 1
        return self.rr(1672498800000, 1798729200000)

    def ean13(self):
        self.c["neg:ean13-880"] += 1
        body = "880" + self.digits(9)
        return body + str(ean13_check(body))

    def brn(self):
        self.c["neg:brn"] += 1
        bb = self.ch((81, 81, 86, 87, 88, 82, 85)) if self.rnd() < 0.8 else self.ri(1, 79)
        d9 = "%03d%02d%04d" % (self.ri(101, 899), bb, self.ri(1, 9999))
        return "%s-%s-%s%d" % (d9[:3], d9[3:5], d9[5:], brn_check(d9))

    def uuid(self):
        b = self.bits
        return "%08x-%04x-4%03x-%04x-%012x" % (b(32), b(16), b(12), 0x8000 | b(14), b(48))

    def b64(self, n):
        return base64.b64encode(self.bits(8 * n).to_bytes(n, "big")).decode()[:n]

    def hexs(self, n):
        return "%0*x" % (n, self.bits(4 * n))

    def ipv4(self):
        r = self.rnd()
        if r < 0.3:
            return "10.%d.%d.%d" % (self.rr(256), self.rr(256), self.ri(1, 254))
        return "%d.%d.%d.%d" % (self.ch((211, 210, 121, 175, 222, 1, 39, 61, 106, 110, 112, 118, 58, 223)),
                                self.rr(256), self.rr(256), self.ri(1, 254))

    def invoice(self):
        """Parcel tracking number (송장번호): 12 digits, first digit 2–6 as the big carriers issue them."""
        self.c["neg:invoice-12"] += 1
        return "%d%011d" % (self.ri(2, 6), self.rr(10 ** 11))

    def price_won(self):
        return "{:,}원".format(self.ri(1, 300) * 100 + self.ch((0, 0, 900)))


# --------------------------------------------------------------------------------------------------
# Time formatting with a per-second cache
# --------------------------------------------------------------------------------------------------

class Clock:
    def __init__(self, t):
        self.t = t
        self._sec = -1
        self._f = None

    def fmt(self):
        s = int(self.t)
        if s != self._sec:
            lt = time.gmtime(s + KST)
            mon = MONTHS[lt.tm_mon - 1]
            self._f = (
                "%02d/%s/%d:%02d:%02d:%02d +0900" % (lt.tm_mday, mon, lt.tm_year, lt.tm_hour, lt.tm_min, lt.tm_sec),
                "%d-%02d-%02dT%02d:%02d:%02d" % (lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec),
                "%s %2d %02d:%02d:%02d" % (mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec),
                "%d-%02d-%02d %02d:%02d:%02d" % (lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec),
                "%d%02d%02d%02d%02d%02d" % (lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec),
            )
            self._sec = s
        return self._f


# --------------------------------------------------------------------------------------------------
# Generators: each returns a list of lines (without '\n') for one event, and may plant values.
# `pii_p` is the probability that a single-line event carries a personal value.
# --------------------------------------------------------------------------------------------------

def gen_access(v, clk, pii_p, apache=False):
    rnd = v.rnd
    ri = v.ri
    ch = v.ch
    clk.t += rnd() * 0.06
    f = clk.fmt()
    ms = int(clk.t * 1000)
    r = rnd()
    method = "GET"
    if r < 0.16:
        path = ch(STATIC)
    elif r < 0.30:
        path = "/static/js/%s.%s.js" % (ch(("app", "vendor", "chunk-common", "runtime")), v.hexs(8))
    elif r < 0.40:
        path = "/api/v1/products/%d?ref=%s&ts=%d" % (ri(100000, 99999999), ch(("home", "search", "cart", "ad")), ms)
        v.c["neg:epoch-ms"] += 1
    elif r < 0.46:
        path = "/api/v1/products?barcode=%s" % v.ean13()
    elif r < 0.55:
        path = "/api/v1/orders/%s" % v.order_id(clk.t)
        if rnd() < 0.3:
            path += "/tracking?invoice=%s" % v.invoice()
    elif r < 0.63:
        path = "/api/v2/users/%s/cart?_=%d" % (v.uuid(), ms)
        v.c["neg:epoch-ms"] += 1
    elif r < 0.70:
        q = quote(ch(SEARCH_TERMS))
        path = "/search?q=%s&page=%d&sort=%s" % (q, ri(1, 9), ch(("popular", "recent", "price_asc")))
    elif r < 0.78:
        path = "/event/log?evt=%s&item=%d&ts=%d&sid=%s" % (ch(("view", "click", "impression")), ri(100000, 9999999), ms, v.hexs(16))
        v.c["neg:epoch-ms"] += 1
    elif r < 0.82:
        path = "/oauth/callback?code=%s&state=%s" % (v.hexs(32), v.uuid())
    elif r < 0.86:
        path = "/static/css/main.%s.css?v=%d.%d.%d" % (v.hexs(8), ri(1, 3), ri(0, 30), ri(0, 20))
        v.c["neg:version"] += 1
    elif r < 0.90:
        path = "/healthz"
    elif r < 0.94:
        method = "POST"
        path = ch(("/api/v1/orders", "/api/v1/cart/items", "/api/v1/payments/approve", "/login", "/api/v1/coupons/apply"))
    else:
        path = "/api/v1/stores/%d/reviews?page=%d&size=20" % (ri(1, 9999), ri(1, 50))
    if rnd() < pii_p:
        cat = ch(("kr-phone", "kr-phone", "email", "email", "email", "kr-address", "kr-rrn"))
        if cat == "kr-phone":
            path = "/member/find-id?phone=%s&ts=%d" % (v.phone().replace(" ", "").replace("+", "%2B"), ms)
        elif cat == "email":
            if rnd() < 0.35:
                # URL-encoded e-mail: only found after percent-decoding (§7.1)
                v.c["encoded:email"] += 1
                path = "/member/check-email?email=%s" % quote(v.email_local() + "@" + ch(MAIL_DOMAIN_W), safe="")
            else:
                path = "/member/join?email=%s&agree=Y&ref=%s" % (v.email(), ch(("home", "event")))
        elif cat == "kr-address":
            v.c["encoded:kr-address"] += 1
            c0 = Counter()
            v2 = Values(v.rng, c0)
            path = "/api/v1/delivery/address?addr=%s" % quote(v2.address())
        else:
            path = "/api/v1/members/verify?rrn=%s" % v.rrn().replace("\uff0d", "-").replace(" ", "")
    status = ch(STATUS_W)
    size = 0 if status == 304 else ri(120, 98000)
    ref = "-" if rnd() < 0.4 else "https://m.example-shop.co.kr%s" % ch(("/", "/category/%d" % ri(1, 300), "/event/spring", "/cart"))
    ua = ch(UAS)
    ip = v.ipv4()
    rt = 0.001 + rnd() ** 4 * 2.5  # mostly fast, long tail
    if apache:
        return ['%s - - [%s] "%s %s HTTP/1.1" %d %d "%s" "%s" %d' % (ip, f[0], method, path, status, size, ref, ua, int(rt * 1e6))]
    return ['%s - - [%s] "%s %s HTTP/1.1" %d %d "%s" "%s" rt=%.3f uct="0.000" uht="%.3f" urt="%.3f"' % (
        ip, f[0], method, path, status, size, ref, ua, rt, rt, rt)]


APP_MSGS_KO = (
    "주문 생성 완료", "주문 취소 요청 접수", "결제 승인 완료", "결제 승인 실패: 한도 초과", "로그인 성공",
    "로그인 실패: 비밀번호 불일치", "회원 가입 완료", "배송 상태 변경", "재고 부족으로 주문 보류", "쿠폰 적용 완료",
    "장바구니 상품 추가", "포인트 적립 완료", "환불 처리 완료", "본인인증 요청", "배송지 변경 완료",
)
APP_MSGS_EN = (
    "order created", "payment approved", "user login succeeded", "cache miss", "request completed",
    "token refreshed", "retrying upstream call", "slow query detected", "inventory reserved", "webhook delivered",
)


def gen_app(v, clk, pii_p):
    rnd = v.rnd
    ri = v.ri
    ch = v.ch
    clk.t += rnd() * 0.3
    f = clk.fmt()
    ms = int(clk.t * 1000)
    level = ch(LEVEL_W)
    svc = ch(SERVICES)
    if rnd() < 0.85:
        v.c["neg:epoch-ms"] += 1
        head = '{"ts":%d,"time":"%s.%03d+09:00"' % (ms, f[1], ms % 1000)
    else:
        head = '{"@timestamp":"%s.%03d+09:00"' % (f[1], ms % 1000)
    parts = [head + ',"level":"%s","service":"%s","logger":"%s","thread":"http-nio-8080-exec-%d","traceId":"%s","spanId":"%s"' % (
        level, svc, ch(LOGGERS), ri(1, 200), v.hexs(32), v.hexs(16))]
    r = rnd()
    if r < 0.22:
        parts.append(',"msg":"%s","orderId":"%s","userId":"u_%d","amount":%d,"currency":"KRW","items":%d' % (
            ch(APP_MSGS_KO[:4]), v.order_id(clk.t), ri(1000, 9999999), ri(10, 3000) * 100, ri(1, 9)))
    elif r < 0.34:
        parts.append(',"msg":"배송 상태 변경: %s → %s","orderId":"%s","invoiceNo":"%s","carrier":"%s"' % (
            ch(DELIVERY_STATES), ch(DELIVERY_STATES), v.order_id(clk.t), v.invoice(), ch(("CJ대한통운", "한진택배", "롯데택배", "우체국택배"))))
    elif r < 0.44:
        parts.append(',"msg":"%s","userId":"u_%d","ip":"%s","device":"%s"' % (
            ch(APP_MSGS_KO[4:7]), ri(1000, 9999999), v.ipv4(), ch(("iOS 17.3.1", "Android 14", "Windows 10", "macOS 14.3"))))
    elif r < 0.52:
        parts.append(',"msg":"%s","sku":"P-%d","barcode":"%s","stock":%d' % (
            ch(("재고 부족으로 주문 보류", "inventory reserved", "재고 동기화 완료")), ri(10000, 99999), v.ean13(), ri(0, 500)))
    elif r < 0.58:
        parts.append(',"msg":"쿠폰 적용 완료: 추가로 %d%% 할인","couponId":"CP%d","discount":%d' % (ri(5, 30), ri(100000, 999999), ri(1, 200) * 100))
        v.c["neg:ko-ro-number"] += 1
    elif r < 0.66:
        parts.append(',"msg":"%s","path":"/api/v1/%s","status":%d,"durationMs":%d,"requestId":"%s"' % (
            ch(APP_MSGS_EN), ch(("orders", "members/me", "products", "cart", "payments")), ch(STATUS_W), ri(1, 2500), v.uuid()))
    elif r < 0.72:
        parts.append(',"msg":"settlement batch","sellerBrn":"%s","createdAt":"%s","amount":%d' % (v.brn(), f[4], ri(1, 90000) * 1000))
        v.c["neg:ts14"] += 1
    elif r < 0.77:
        parts.append(',"msg":"%s","cacheKey":"product:%s","hash":"%s"' % (ch(("cache miss", "cache hit", "cache evicted")), v.ean13(), v.hexs(40)))
    elif r < 0.81:
        parts.append(',"msg":"client version","appVersion":"%d.%d.%d","build":%d,"sdk":"%s"' % (
            ri(1, 9), ri(0, 40), ri(0, 20), ri(1000, 99999), ch(("lodash@4.17.21", "axios@1.6.7", "react@18.2.0", "@tosspayments/payment-sdk@1.6.2"))))
        v.c["neg:version"] += 1
        v.c["neg:pkg-at-version"] += 1
    elif r < 0.88:
        parts.append(',"msg":"%s","memberNo":"M%09d","phone":"%s","email":"%s"' % (
            ch(("회원 정보 조회", "member profile loaded", "SMS 발송 요청")), ri(1, 999999999), v.phone_masked(), v.email_masked()))
    elif r < 0.91:
        parts.append(',"msg":"본인인증 완료","memberNo":"M%09d","residentNo":"%s","ci":"%s"' % (
            ri(1, 999999999), v.rrn_masked(), v.hexs(64)))
    elif r < 0.94:
        parts.append(',"msg":"결제 승인 완료","pgTid":"T%s%s","card":"%s","installment":%d' % (
            f[4], v.hexs(6), v.card_masked(), ch((0, 0, 0, 2, 3, 6))))
        v.c["neg:ts14"] += 1
    else:
        parts.append(',"msg":"%s","durationMs":%d' % (ch(APP_MSGS_EN + APP_MSGS_KO), ri(1, 9000)))
    if rnd() < pii_p:
        cat, val = v.pii()
        key = {"kr-phone": ("phone", "mobile", "receiverPhone", "tel"), "email": ("email", "userEmail", "to"),
               "kr-rrn": ("rrn", "juminNo", "residentNo"), "kr-frn": ("frn", "foreignerNo"),
               "kr-address": ("address", "deliveryAddress", "addr"), "credit-card": ("cardNo", "pan"),
               "kr-passport": ("passportNo",), "kr-driver-license": ("licenseNo", "driverLicense")}[cat]
        if rnd() < 0.2 and cat in ("kr-phone", "email", "kr-rrn"):
            parts.append(',"detail":"%s %s"' % ({"kr-phone": "SMS 발송 완료 to=", "email": "메일 발송 완료 rcpt=",
                                                 "kr-rrn": "본인확인 요청 rrn="}[cat], val))
        else:
            parts.append(',"%s":"%s"' % (ch(key), val))
    parts.append(',"ver":"%d.%d.%d"}' % (2, ri(10, 16), ri(0, 9)))
    return ["".join(parts)]


def gen_syslog(v, clk, pii_p):
    rnd = v.rnd
    ri = v.ri
    ch = v.ch
    clk.t += rnd() * 0.5
    f = clk.fmt()
    host = ch(HOSTS)
    pid = ri(300, 65000)
    r = rnd()
    if r < 0.18:
        body = "sshd[%d]: Accepted publickey for %s from %s port %d ssh2: RSA SHA256:%s" % (
            pid, ch(("deploy", "ubuntu", "ec2-user", "jenkins")), v.ipv4(), ri(1024, 65535), v.b64(43))
    elif r < 0.28:
        body = "sshd[%d]: Failed password for invalid user %s from %s port %d ssh2" % (
            pid, ch(("admin", "test", "oracle", "postgres", "user")), v.ipv4(), ri(1024, 65535))
    elif r < 0.38:
        body = "CRON[%d]: (root) CMD (/usr/local/bin/%s >> /var/log/batch/%s.log 2>&1)" % (
            pid, ch(("backup.sh", "rotate-logs.sh", "settle.sh", "sync-inventory.sh")), f[4][:8])
    elif r < 0.50:
        body = "kernel: [%d.%06d] %s" % (ri(1000, 9999999), ri(0, 999999), ch((
            "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.",
            "nf_conntrack: nf_conntrack: table full, dropping packet",
            "EXT4-fs (nvme0n1p1): re-mounted. Opts: (null)",
            "Out of memory: Killed process %d (java) total-vm:%dkB" % (ri(1000, 60000), ri(1000000, 9000000)))))
    elif r < 0.62:
        body = "systemd[1]: %s" % ch(("Started Session %d of user deploy." % ri(1, 99999), "Starting Daily apt upgrade and clean activities...",
                                     "nginx.service: Reloaded.", "Finished logrotate.service - Rotate log files."))
    elif r < 0.72:
        qid = v.hexs(11).upper()
        body = "postfix/smtp[%d]: %s: to=<%s>, relay=mx.example-mail.co.kr[%s]:25, delay=%.2f, delays=0.1/0/0.2/0.3, dsn=2.0.0, status=sent (250 2.0.0 OK %d)" % (
            pid, qid, ch(("noreply@example-shop.co.kr", "no-reply@example-shop.co.kr", "postmaster@example-shop.co.kr", "mailer-daemon@example-shop.co.kr")),
            v.ipv4(), rnd() * 3, ri(1000000000, 1999999999))
        v.c["neg:email-role"] += 1
    elif r < 0.78:
        body = "sudo: deploy : TTY=pts/%d ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart %s" % (
            ri(0, 5), ch(("nginx", "order-api", "payment-api", "redis-server")))
    elif r < 0.84:
        body = "deploy.sh[%d]: git fetch git@github.com:example-shop/%s.git (HEAD %s) as deploy@%s" % (
            pid, ch(("order-api", "web-front", "infra")), v.hexs(7), ch(HOSTS))
        v.c["neg:git-remote"] += 1
    elif r < 0.90:
        body = "dockerd[%d]: time=\"%s.%09dZ\" level=info msg=\"ignoring event\" container=%s module=libcontainerd namespace=moby" % (
            pid, f[1], ri(0, 999999999), v.hexs(64))
    else:
        body = "kubelet[%d]: I0301 %s.%06d %d prober.go:107] \"Probe failed\" probeType=\"Readiness\" pod=\"shop/order-api-%s-%s\" output=\"HTTP probe failed with statuscode: 503\"" % (
            pid, f[3][11:], ri(0, 999999), pid, v.hexs(10), v.hexs(5))
    if rnd() < pii_p:
        cat = ch(("kr-phone", "kr-phone", "email", "email"))
        if cat == "kr-phone":
            body = "sms-gw[%d]: send ok dest=%s msgid=%s len=%d" % (pid, v.phone().replace(" ", ""), v.uuid(), ri(20, 90))
        else:
            body = "postfix/smtp[%d]: %s: to=<%s>, relay=mx.%s[%s]:25, delay=%.2f, dsn=2.0.0, status=sent (250 OK)" % (
                pid, v.hexs(11).upper(), v.email(), ch(("naver.com", "daum.net", "gmail.com")), v.ipv4(), rnd() * 3)
    return ["%s %s %s" % (f[2], host, body)]


def gen_trace(v, clk, pii_p):
    rnd = v.rnd
    ri = v.ri
    ch = v.ch
    clk.t += rnd() * 4
    f = clk.fmt()
    lines = []
    if rnd() < 0.75:
        exc = ch(EXCEPTIONS)
        oid = v.order_id(clk.t)
        msg = ch(("주문 처리 중 오류 발생 orderId=%s" % oid, "결제 승인 실패 orderId=%s" % oid,
                  "Unhandled exception in request", "배송 조회 타임아웃 invoice=%s" % v.invoice()))
        lines.append("%s.%03d ERROR %d --- [http-nio-8080-exec-%d] %s : %s" % (
            f[3], ri(0, 999), ri(1000, 99999), ri(1, 200), ch(LOGGERS), msg))
        detail = ch(("Invalid state for order %s" % oid, "Read timed out", "PG response code 5003",
                     "could not execute statement; SQL [n/a]; constraint [uk_order_no]", "Cannot deserialize value of type `java.time.LocalDate` from String \"%s\"" % f[4]))
        n_frames = ri(8, 22)
        pii_here = rnd() < pii_p * (n_frames + 4)
        if pii_here:
            cat = ch(("kr-phone", "kr-phone", "email", "kr-rrn"))
            if cat == "kr-phone":
                exc = "java.sql.SQLIntegrityConstraintViolationException"
                detail = "Duplicate entry '%s' for key 'member.uk_member_phone'" % v.phone()
            elif cat == "email":
                exc = "com.example.shop.member.MemberNotFoundException"
                detail = "no member for email=%s" % v.email()
            else:
                exc = "com.example.shop.member.InvalidResidentNumberException"
                detail = "본인확인 실패 rrn=%s" % v.rrn()
        lines.append("%s: %s" % (exc, detail))
        for _ in range(n_frames):
            lines.append("\tat " + ch(FRAMES).format(n=ri(20, 1500)))
        if rnd() < 0.5:
            lines.append("Caused by: %s: %s" % (ch(EXCEPTIONS), ch(("Connection reset", "Lock wait timeout exceeded; try restarting transaction", "timeout after %d ms" % ri(1000, 30000)))))
            for _ in range(ri(2, 6)):
                lines.append("\tat " + ch(FRAMES).format(n=ri(20, 1500)))
            lines.append("\t... %d more" % ri(10, 80))
    else:
        lines.append("%s.%03dZ error [order-web] TypeError: Cannot read properties of undefined (reading '%s')" % (
            f[1], ri(0, 999), ch(("price", "items", "length", "addressId"))))
        for _ in range(ri(5, 10)):
            lines.append("    at %s (/app/node_modules/.pnpm/%s:%d:%d)" % (
                ch(("Layer.handle [as handle_request]", "next", "Function.process_params", "Object.<anonymous>", "async Promise.all")),
                ch(NODE_MODULES), ri(1, 20000), ri(1, 80)))
        v.c["neg:pkg-at-version"] += 1
    return lines


CSV_HEADER = "order_no,ordered_at,member_no,product_code,barcode,product_name,qty,unit_price,amount,buyer_email,receiver_phone,receiver_addr,zip_code,delivery_memo,status,invoice_no,seller_brn,updated_ts"


def gen_csv(v, clk, pii_p):
    rnd = v.rnd
    ri = v.ri
    ch = v.ch
    clk.t += rnd() * 0.7
    f = clk.fmt()
    qty = ri(1, 5)
    price = ri(5, 3000) * 100
    email = v.email_masked()
    phone = v.phone_masked()
    addr = v.address_masked()
    if rnd() < pii_p:
        cat = ch(("kr-phone", "kr-phone", "kr-address", "kr-address", "email", "kr-address-lot"))
        if cat == "kr-phone":
            phone = v.phone()
        elif cat == "email":
            email = v.email()
        elif cat == "kr-address":
            addr = v.address()
        else:
            addr = v.address_lot()
    barcode = v.ean13() if rnd() < 0.4 else ""
    memo = ch(MEMOS)
    if rnd() < 0.03:
        memo = ch(KO_HARD_NEG)
        v.c["neg:ko-ro-number"] += 1
    v.c["neg:zip5"] += 1
    return ['%s,%s,M%09d,P-%05d,%s,"%s",%d,%d,%d,%s,%s,"%s",%05d,"%s",%s,%s,%s,%d' % (
        v.order_id(clk.t), f[3], ri(1, 999999999), ri(1, 99999), barcode, ch(PRODUCTS), qty, price, qty * price,
        email, phone, addr, ri(1000, 63999), memo, ch(ORDER_STATES), v.invoice(), v.brn(), v.epoch_ms_any())]


def gen_notes(v, clk, pii_p):
    rnd = v.rnd
    ri = v.ri
    ch = v.ch
    clk.t += rnd() * 2
    f = clk.fmt()
    who = ch(("상담원 A%02d" % ri(1, 40), "고객", "고객", "시스템"))
    r = rnd()
    if r < 0.55:
        text = ch(KO_SENTENCES)
        if rnd() < 0.5:
            text += " " + ch(KO_SENTENCES)
    elif r < 0.70:
        text = ch(KO_HARD_NEG)
        v.c["neg:ko-ro-number"] += 1
    elif r < 0.78:
        text = "주문번호 %s 건 %s 상태입니다. 송장번호 %s 조회 부탁드립니다." % (v.order_id(clk.t), ch(ORDER_STATES), v.invoice())
    elif r < 0.84:
        text = "결제금액 %s 중 %s 부분환불 처리했습니다." % (v.price_won(), v.price_won())
        v.c["neg:price"] += 1
    elif r < 0.88:
        text = "판매자 사업자등록번호 %s 확인 완료, 통신판매업 신고번호 제2024-서울강남-%05d호." % (v.brn(), ri(1, 9999))
    elif r < 0.92:
        text = "우편번호 %05d 지역은 도서산간 추가 배송비 %s이 부과됩니다." % (ri(1000, 63999), v.price_won())
        v.c["neg:zip5"] += 1
    elif r < 0.96:
        text = "연락처 %s, 이메일 %s 로 안내 문자 발송(마스킹)." % (v.phone_masked(), v.email_masked())
    else:
        text = "앱 버전 %d.%d.%d 에서 재현됨, 빌드 %s." % (ri(1, 9), ri(0, 40), ri(0, 20), v.hexs(7))
        v.c["neg:version"] += 1
    if rnd() < pii_p:
        cat, val = v.pii(ch(("kr-phone", "kr-phone", "kr-address", "kr-address", "email", "kr-rrn", "kr-rrn", "kr-frn",
                             "credit-card", "kr-passport", "kr-driver-license")))
        tpl = {
            "kr-phone": ("연락처 %s로 연락 부탁드립니다.", "휴대폰 %s 번호로 배송 알림 변경 요청.", "고객 전화번호 %s 확인."),
            "kr-address": ("배송지를 %s(으)로 변경 요청하셨습니다.", "주소: %s", "수령지(%s) 확인했습니다."),
            "email": ("이메일 %s으로 영수증 재발송.", "메일 주소 %s 로 변경."),
            "kr-rrn": ("주민번호 %s 본인확인 완료.", "주민등록번호 %s로 실명확인 요청."),
            "kr-frn": ("외국인등록번호 %s 확인.",),
            "credit-card": ("카드번호 %s 결제 취소 요청.",),
            "kr-passport": ("여권번호 %s 로 통관 정보 등록.",),
            "kr-driver-license": ("운전면허번호 %s 로 성인 인증.",),
        }[cat]
        text += " " + ch(tpl) % val
    return ["[%s] %s: %s" % (f[3], who, text)]


KINDS = {
    # name: (file name, share of bytes, generator)
    "nginx": ("access.log", 0.24, lambda v, c, p: gen_access(v, c, p)),
    "apache": ("apache-access.log", 0.06, lambda v, c, p: gen_access(v, c, p, apache=True)),
    "app": ("app.jsonl", 0.30, gen_app),
    "syslog": ("syslog", 0.10, gen_syslog),
    "trace": ("app-error.log", 0.08, gen_trace),
    "csv": ("orders-export.csv", 0.10, gen_csv),
    "notes": ("cs-notes.txt", 0.12, gen_notes),
}
SMALL_EXT = {"nginx": ".log", "apache": ".log", "app": ".jsonl", "syslog": ".log", "trace": ".log", "csv": ".csv", "notes": ".txt"}


# --------------------------------------------------------------------------------------------------
# Chunk generation (runs in worker processes)
# --------------------------------------------------------------------------------------------------

def sub_seed(*parts):
    return int.from_bytes(hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()[:8], "big")


def make_chunk(task):
    """task = (seed, kind, index, target_bytes, t0, header, pii_p) → (bytes, Counter).

    Generates whole events until the chunk holds at least target_bytes; the overshoot is at most
    one event, so the planted-value counts are exact for the bytes written."""
    seed, kind, idx, target, t0, header, pii_p = task
    rng = random.Random(sub_seed(seed, kind, idx))
    counts = Counter()
    v = Values(rng, counts)
    clk = Clock(t0)
    gen = KINDS[kind][2]
    out = [CSV_HEADER] if header else []
    size = 0
    append = out.append
    while size < target:
        for line in gen(v, clk, pii_p):
            append(line)
            size += (len(line) if line.isascii() else len(line.encode("utf-8"))) + 1
    return ("\n".join(out) + "\n").encode("utf-8"), counts


# --------------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------------

def parse_size(s):
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgG]?)(i?)[bB]?\s*", s)
    if not m:
        raise argparse.ArgumentTypeError("size must look like 200M, 1.5G, 500KiB or 123456")
    num, unit, binary = float(m.group(1)), m.group(2).upper(), m.group(3)
    mult = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}[unit] if not binary else {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}[unit]
    return int(num * mult)


def plan_big(seed, size, chunk, pii_p):
    """Tasks per file, in output order: list of (kind, [tasks])."""
    plan = []
    for kind, (fname, share, _) in KINDS.items():
        target = int(size * share)
        n = max(1, -(-target // chunk))
        tasks = []
        for i in range(n):
            tb = min(chunk, target - i * chunk) if i < n - 1 else target - (n - 1) * chunk
            tasks.append((seed, kind, i, max(tb, 1), BASE_EPOCH + i * 3600.0, kind == "csv" and i == 0, pii_p))
        plan.append((fname, kind, tasks))
    return plan


def plan_small(seed, size, n_files, pii_p):
    rng = random.Random(sub_seed(seed, "many-small"))
    kinds = list(KINDS)
    weights = [KINDS[k][1] for k in kinds]
    mean = size / n_files
    raw = [rng.lognormvariate(0, 0.9) for _ in range(n_files)]
    scale = mean / (sum(raw) / n_files)
    plan = []
    for i in range(n_files):
        kind = rng.choices(kinds, weights)[0]
        tb = max(64, int(raw[i] * scale))
        svc = "svc-%02d" % (i % 16)
        day = "2025-05-%02d" % (1 + (i // 16) % 28)
        fname = "%s/%s/%s-%06d%s" % (svc, day, kind, i, SMALL_EXT[kind])
        plan.append((fname, kind, [(seed, "small-" + kind, i, tb, BASE_EPOCH + i * 60.0, kind == "csv", pii_p)]))
    return plan


def small_worker(task):
    seed, skind, i, tb, t0, header, pii_p = task
    kind = skind[len("small-"):]
    return make_chunk((seed, kind, "small-%d" % i, tb, t0, header, pii_p))


DIGITS = b"0123456789"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=parse_size, default=None, help="total bytes (200M, 1G, 50MiB); default 200M, or N x 16 KiB with --many-small")
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--seed", type=int, default=20240301)
    ap.add_argument("--many-small", type=int, default=0, metavar="N", help="write N small files in subdirectories instead of a few big ones")
    ap.add_argument("--gzip", action="store_true", help="also write .gz copies into <out>-gz/ (same layout)")
    ap.add_argument("--gzip-level", type=int, default=6)
    ap.add_argument("--pii-every", type=float, default=150.0, help="one planted value per this many lines, before URL-encoded ones are set apart (default 150: about 1 raw value per 160 lines)")
    ap.add_argument("--chunk", type=parse_size, default=parse_size("1MiB"), help="generation unit for big files (part of the seed; default 1MiB)")
    ap.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 1), help="worker processes (default: cores, at most 8); the output is identical for any value")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    size = a.size if a.size is not None else (a.many_small * 16 * 1024 if a.many_small else 200 * MB)
    pii_p = 1.0 / a.pii_every
    out = a.out.rstrip("/")
    os.makedirs(out, exist_ok=True)
    gz_root = out + "-gz" if a.gzip else None
    t_start = time.perf_counter()

    if a.many_small:
        plan = plan_small(a.seed, size, a.many_small, pii_p)
        worker = small_worker
    else:
        plan = plan_big(a.seed, size, a.chunk, pii_p)
        worker = make_chunk
    flat = [(fi, t) for fi, (_, _, tasks) in enumerate(plan) for t in tasks]

    per_file = [{"bytes": 0, "lines": 0, "digits": 0, "counts": Counter()} for _ in plan]
    handles = {}
    gz = {}

    def open_for(fi):
        if fi in handles:
            return handles[fi]
        for h in list(handles):
            handles.pop(h).close()
            if h in gz:
                zf, co = gz.pop(h)
                zf.write(co.flush())
                zf.close()
        path = os.path.join(out, plan[fi][0])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handles[fi] = open(path, "wb")
        if gz_root:
            gpath = os.path.join(gz_root, plan[fi][0] + ".gz")
            os.makedirs(os.path.dirname(gpath), exist_ok=True)
            # mtime 0 and no file name in the header: the .gz bytes are deterministic too
            co = zlib.compressobj(a.gzip_level, zlib.DEFLATED, 31)
            gz[fi] = (open(gpath, "wb"), co)
        return handles[fi]

    jobs = max(1, a.jobs)
    if jobs > 1:
        ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else multiprocessing.get_context()
        pool = ctx.Pool(jobs)
        results = pool.imap(worker, [t for _, t in flat], chunksize=1 if not a.many_small else 16)
    else:
        pool = None
        results = map(worker, [t for _, t in flat])

    done = 0
    for (fi, _), (data, counts) in zip(flat, results):
        fh = open_for(fi)
        fh.write(data)
        if fi in gz:
            zf, co = gz[fi]
            zf.write(co.compress(data))
        st = per_file[fi]
        st["bytes"] += len(data)
        st["lines"] += data.count(b"\n")
        st["digits"] += len(data) - len(data.translate(None, DIGITS))
        st["counts"].update(counts)
        done += len(data)
        if not a.quiet and sys.stderr.isatty():
            sys.stderr.write("\r%6.1f / %.1f MB" % (done / MB, size / MB))
    for fi in list(handles):
        handles.pop(fi).close()
        if fi in gz:
            zf, co = gz.pop(fi)
            zf.write(co.flush())
            zf.close()
    if pool:
        pool.close()
        pool.join()
    elapsed = time.perf_counter() - t_start

    total = Counter()
    files = {}
    tb = tl = td = 0
    for (fname, kind, _), st in zip(plan, per_file):
        total.update(st["counts"])
        tb += st["bytes"]
        tl += st["lines"]
        td += st["digits"]
        if not a.many_small:
            files[fname] = {"kind": kind, "bytes": st["bytes"], "lines": st["lines"],
                            "digit_fraction": round(st["digits"] / max(1, st["bytes"]), 4),
                            "planted": {k[4:]: n for k, n in sorted(st["counts"].items()) if k.startswith("pii:")}}

    def section(prefix):
        return {k[len(prefix):]: n for k, n in sorted(total.items()) if k.startswith(prefix)}

    planted = section("pii:")
    manifest = {
        "generator": "Benchmarks/gen_corpus.py", "seed": a.seed, "requested_bytes": size,
        "many_small": a.many_small, "chunk": a.chunk, "pii_every_lines": a.pii_every,
        "files_written": len(plan), "bytes": tb, "lines": tl, "digit_fraction": round(td / max(1, tb), 4),
        "planted": planted, "planted_total": sum(planted.values()),
        "lines_per_planted_value": round(tl / max(1, sum(planted.values())), 1),
        "encoded_only": section("encoded:"),
        "masked": section("masked:"), "hard_negatives": section("neg:"),
        "notes": ("planted = raw, detectable synthetic values (kr-frn are FRN-checksum valid; ~3 % of kr-rrn have a "
                  "post-2020 random tail; kr-address-lot are lot-number addresses). encoded_only = values that only "
                  "appear percent-encoded in URLs. masked = masked look-alikes, not exposures."),
        "files": files,
    }
    with open(out + ".manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.write("\n")
    if not a.quiet:
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        print("wrote %d files, %.1f MB, %d lines, digits %.1f %%, %d planted values (1 per %.0f lines) in %.1f s (%.1f MB/s)%s" % (
            len(plan), tb / MB, tl, 100.0 * td / max(1, tb), sum(planted.values()),
            tl / max(1, sum(planted.values())), elapsed, tb / MB / elapsed, ", gzip copies in " + gz_root if gz_root else ""))
        print("manifest: %s.manifest.json" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
