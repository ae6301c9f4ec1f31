import XCTest

@testable import PIIScan

final class KeywordMatcherTests: XCTestCase {
    private func occurs(_ words: [String], _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { KeywordMatcher(words).occurs(in: $0) }
    }

    func testASCIIKeywordsAreCaseInsensitiveWholeWords() {
        XCTAssertTrue(occurs(["ts"], "ts=1730000000000"))
        XCTAssertTrue(occurs(["phone"], "PHONE: "))
        XCTAssertFalse(occurs(["ts"], "parts=3"))
        XCTAssertFalse(occurs(["rrn"], "carrnot"))
        XCTAssertTrue(occurs(["rrn"], "user_rrn="))
    }

    /// A keyword mixing ASCII and Hangul matches its ASCII letters in either case, as a
    /// substring like any Hangul keyword.
    func testMixedKeywordsIgnoreASCIICase() {
        XCTAssertTrue(occurs(["kb국민"], "고객: KB국민이에요"))
        XCTAssertTrue(occurs(["kb국민"], "kb국민 110-"))
        XCTAssertTrue(occurs(["KB국민"], "Kb국민"))
        XCTAssertFalse(occurs(["kb국민"], "KC국민"))
        XCTAssertFalse(occurs(["kb국민"], "KB 국민"))
    }

    func testPluralsMatch() {
        XCTAssertTrue(occurs(["passport"], "PASSPORTS: "))
        XCTAssertTrue(occurs(["phone"], #"{"phones":["#))
        XCTAssertTrue(occurs(["phone"], "phonesList"))
        XCTAssertTrue(occurs(["address"], "shipping_addresses"))
        XCTAssertFalse(occurs(["phone"], "phonesx"))
        XCTAssertFalse(occurs(["phone"], "phonees"), "`es` only after s, x, h")
        XCTAssertFalse(occurs(["ts"], "tsss"))
    }

    func testNumberedNamesMatch() {
        XCTAssertTrue(occurs(["hp"], "hp1"))
        XCTAssertTrue(occurs(["jumin"], "mb_jumin2="))
        XCTAssertTrue(occurs(["tel"], "tel12"))
        XCTAssertFalse(occurs(["hp"], "hp123"), "three digits are a model number, not a column number")
        XCTAssertFalse(occurs(["hp"], "hp1x"))
        XCTAssertFalse(occurs(["rrn1"], "rrn12"), "a keyword ending in a digit takes none")
    }

    func testCamelCasePartsAreWords() {
        XCTAssertTrue(occurs(["order"], #"{"orderId":"#))
        XCTAssertTrue(occurs(["rrn"], #""userRrn":"#))
        XCTAssertFalse(occurs(["order"], "reorder"))
        XCTAssertFalse(occurs(["id"], "valid"))
    }

    func testHangulKeywordsMatchAsSubstrings() {
        XCTAssertTrue(occurs(["주민번호"], "고객주민번호는"))
        XCTAssertFalse(occurs(["주민번호"], "주민등록"))
        XCTAssertFalse(occurs([], "anything"))
        XCTAssertTrue(occurs(["a", "연락처"], "연락처"))
    }

    /// `=주민`: the word, with no Hangul syllable glued on either side.
    func testWholeWordHangulKeywords() {
        XCTAssertTrue(occurs(["=주민"], "주민 900101"))
        XCTAssertTrue(occurs(["=주민"], "(주민)"))
        XCTAssertTrue(occurs(["=주민"], "주민:"))
        XCTAssertFalse(occurs(["=주민"], "입주민 관리비"))
        XCTAssertFalse(occurs(["=주민"], "지방소득세(주민세)"))
        XCTAssertFalse(occurs(["=주민"], "구매자 주민준"))
        XCTAssertTrue(occurs(["주민"], "입주민"), "without `=`, a substring")
        XCTAssertTrue(occurs(["=ssn"], "=ssn"), "an ASCII keyword keeps its `=`")
    }

    /// `주문!자`: the keyword but where the ending after `!` follows it (the orderer, `주문자`,
    /// is a person; an order's number is not).
    func testHangulKeywordsWithExceptedEndings() {
        XCTAssertTrue(occurs(["주문!자"], "주문번호 2024"))
        XCTAssertTrue(occurs(["주문!자"], "주문 2024"))
        XCTAssertFalse(occurs(["주문!자"], "주문자 / 납세의무자"))
        XCTAssertFalse(occurs(["주문!자!인"], "주문인 홍길동"))
        XCTAssertTrue(occurs(["주문!자", "주문번호"], "주문자 주문번호"))
        XCTAssertTrue(occurs(["order!x"], "order 1"), "ASCII keywords take no exceptions")
    }
}

final class NearestContextTests: XCTestCase {
    private func candidate(_ before: String, _ after: String, _ body: (Candidate) -> Void) {
        let positives = KeywordMatcher(["여권번호", "passport"])
        let negatives = KeywordMatcher(["주문번호", "order"])
        let match = Array("M12345678".utf8)
        let memo = KeywordDistances()
        // The candidate does not retain its matchers and memo (the scanner keeps them alive).
        withExtendedLifetime((positives, negatives, memo)) {
            Array(before.utf8).withUnsafeBytes { b in
                Array(after.utf8).withUnsafeBytes { a in
                    match.withUnsafeBytes { m in
                        body(Candidate(
                            match: m, before: b, after: a, keywords: positives, negativeKeywords: negatives,
                            today: CalendarDate(year: 2026, month: 11, day: 29), memo: memo))
                    }
                }
            }
        }
    }

    /// A keyword labels the value right after it, with only a label's punctuation between.
    func testLabelsIsTheKeywordRightBeforeTheValue() {
        let negatives = KeywordMatcher(["주문번호", "order_no", "tracking"])
        func labels(_ before: String) -> Bool { Array(before.utf8).withUnsafeBytes { negatives.labels($0) } }
        XCTAssertTrue(labels("주문번호: "))
        XCTAssertTrue(labels("order_no="))
        XCTAssertTrue(labels(#"{"tracking":""#))
        XCTAssertTrue(labels("주문번호("))
        XCTAssertFalse(labels("주문번호 2025050112345678 / 수령인 "))
        XCTAssertFalse(labels("order_no=1 phone "))
        // The keyword with a "number" ending labels as well.
        let business = KeywordMatcher(["송장", "invoice"])
        func labelled(_ before: String) -> Bool { Array(before.utf8).withUnsafeBytes { business.labels($0) } }
        XCTAssertTrue(labelled("송장번호 "))
        XCTAssertTrue(labelled("invoice_no="))
        XCTAssertTrue(labelled("invoiceNo: "))
        XCTAssertTrue(labelled("invoice-id "))
        XCTAssertFalse(labelled("송장번호 1234 / 수령인 "))
        XCTAssertFalse(labelled("invoice_note "))
        XCTAssertFalse(labels("no keyword here "))
        XCTAssertFalse(KeywordMatcher([]).labels(UnsafeRawBufferPointer(start: nil, count: 0)))
    }

    func testTheNearerKeywordDescribesTheValue() {
        candidate("주문번호 1496428568919176 건 배송완료. 여권번호 ", " 로 통관") {
            XCTAssertTrue($0.hasKeyword)
            XCTAssertFalse($0.hasNegativeKeyword)
        }
        candidate("passport 미입력, order ", "") {
            XCTAssertFalse($0.hasKeyword)
            XCTAssertTrue($0.hasNegativeKeyword)
        }
        candidate("", " (order)") {
            XCTAssertFalse($0.hasKeyword)
            XCTAssertTrue($0.hasNegativeKeyword)
        }
        candidate("x ", " y") {
            XCTAssertFalse($0.hasKeyword)
            XCTAssertFalse($0.hasNegativeKeyword)
        }
    }

    func testDistanceIsMeasuredFromTheValue() {
        let matcher = KeywordMatcher(["rrn"])
        Array("rrn=1 rrn=".utf8).withUnsafeBytes { before in
            Array(" x rrn".utf8).withUnsafeBytes { after in
                XCTAssertEqual(matcher.distance(before: before, after: after), 1)
            }
        }
        Array("rrn: ".utf8).withUnsafeBytes { before in
            Array("".utf8).withUnsafeBytes { after in XCTAssertEqual(matcher.distance(before: before, after: after), 2) }
        }
    }

    /// The spec's window is ±64 characters (§1), whatever their bytes: 64 characters of ASCII
    /// or of Hangul (192 bytes) between a keyword and the value, not 65.
    func testKeywordsCountWithinSixtyFourCharacters() {
        func distance(_ keywords: [String], _ before: String, _ after: String) -> Int? {
            Array(before.utf8).withUnsafeBytes { b in Array(after.utf8).withUnsafeBytes { a in KeywordMatcher(keywords).distance(before: b, after: a) } }
        }
        let ascii64 = String(repeating: "x ", count: 32)
        let hangul64 = String(repeating: "가", count: 64)
        XCTAssertEqual(distance(["주민번호"], "주민번호" + ascii64, ""), 64)
        XCTAssertNil(distance(["주민번호"], "주민번호" + ascii64 + ".", ""))
        XCTAssertEqual(distance(["주민번호"], "주민번호" + hangul64, ""), 192)
        XCTAssertNil(distance(["주민번호"], "주민번호" + hangul64 + "가", ""))
        XCTAssertEqual(distance(["rrn"], "", ascii64 + "rrn"), 64)
        XCTAssertNil(distance(["rrn"], "", ascii64 + ".rrn"))
        // Blanks in a row are one: a laid-out page's label and its value far to the right.
        XCTAssertEqual(distance(["주민등록번호"], "  주민등록번호" + String(repeating: " ", count: 80), ""), 80)
        XCTAssertNil(distance(["rrn"], "rrn" + String(repeating: "x ", count: 33), ""))
        // The nearer side in bytes may be beyond in characters while the other side is within.
        XCTAssertEqual(distance(["rrn"], "rrn" + ascii64 + "......", String(repeating: "가", count: 30) + " rrn"), 91)
    }
}

/// The matcher's pair filter and its backward scan against the plain definition: every keyword
/// tried at every position, the nearest occurrence on either side.
final class KeywordMatcherReferenceTests: XCTestCase {
    private let words = [
        "주민번호", "주민", "민번", "주문번호", "연락처", "rrn", "rrn1", "ts", "order", "order_id", "phone", "e", "x메일", "E메일",
        "address", "box",
    ]

    private func referenceOccurrences(_ text: [UInt8]) -> [(start: Int, end: Int)] {
        var found: [(Int, Int)] = []
        for word in words {
            let needle = Array(word.utf8)
            let ascii = needle.allSatisfy { $0 < 0x80 }
            guard needle.count <= text.count else { continue }
            for start in 0...(text.count - needle.count) {
                let window = text[start..<(start + needle.count)]
                // Either kind in any ASCII case (a mixed keyword's letters: `E메일`, `x메일`).
                let equal = zip(window, needle).allSatisfy { lowercaseASCII($0) == lowercaseASCII($1) }
                guard equal else { continue }
                if ascii {
                    let end = start + needle.count
                    func boundary(_ l: UInt8, _ r: UInt8) -> Bool {
                        !isASCIIAlphanumeric(l) || !isASCIIAlphanumeric(r) || (l >= 0x61 && l <= 0x7A && r >= 0x41 && r <= 0x5A)
                    }
                    guard start == 0 || boundary(text[start - 1], text[start]) else { continue }
                    if end == text.count || boundary(text[end - 1], text[end]) {
                        found.append((start, end))
                        continue
                    }
                    // The plural: the keyword, then `s` (or `es` after s, x, h), then a word boundary;
                    // numbered: one or two digits after a keyword not ending in one.
                    var endings = "sxh".utf8.contains(needle.last!) ? ["s", "es"] : ["s"]
                    if !isASCIIDigit(needle.last!) { endings += (0..<10).map { "\($0)" } + (0..<100).map { $0 < 10 ? "0\($0)" : "\($0)" } }
                    for ending in endings {
                        let plural = end + ending.utf8.count
                        guard plural <= text.count,
                            zip(text[end..<plural], ending.utf8).allSatisfy({ lowercaseASCII($0) == $1 }),
                            plural == text.count || boundary(text[plural - 1], text[plural])
                        else { continue }
                        found.append((start, plural))
                    }
                    continue
                }
                found.append((start, start + needle.count))
            }
        }
        return found
    }

    func testDistanceAndOccursMatchThePlainDefinition() {
        let pieces = [
            "주민번호", "주민", "주문", "번호", "연락", "처", "rrn", "RRN1", "rrnx", "Ts", "ts=", "order", "OrderId", "order_id",
            "phone", "e", "E", "메일", "x", " ", "=", ":", "_", "a", "Z", "1", "가", "\t", "é", "s", "S", "es", "ES", "address",
            "box", "Id",
        ]
        let matcher = KeywordMatcher(words)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let before = Array((0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            let after = Array((0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            let lastEnd = referenceOccurrences(before).map(\.end).max()
            let firstStart = referenceOccurrences(after).map(\.start).min()
            // Within the spec's ±64 characters of the value (the pieces make up to 144 bytes).
            func characters(_ bytes: ArraySlice<UInt8>) -> Int {
                String(decoding: bytes, as: UTF8.self).replacing(/[ \t]+/, with: " ").unicodeScalars.count
            }
            var expected: Int? = lastEnd.flatMap { characters(before[$0...]) <= 64 ? before.count - $0 : nil }
            if let firstStart, characters(after[..<firstStart]) <= 64, expected.map({ firstStart < $0 }) ?? true { expected = firstStart }
            let (distance, occurs) = before.withUnsafeBytes { b in
                after.withUnsafeBytes { a in (matcher.distance(before: b, after: a), matcher.occurs(in: b)) }
            }
            let context = "before \(String(decoding: before, as: UTF8.self)) after \(String(decoding: after, as: UTF8.self))"
            XCTAssertEqual(distance, expected, context)
            XCTAssertEqual(occurs, lastEnd != nil, context)
        }
    }

    /// The per-scanner memo of keywords in an extra context (a column name) answers what the
    /// matcher answers, for more contexts than it keeps and for several matchers.
    func testRememberedContextOccurrencesAgreeWithTheMatcher() {
        let matchers = [KeywordMatcher(["phone", "휴대폰", "hp"]), KeywordMatcher(["order", "barcode"]), KeywordMatcher(["jumin"])]
        let names = (0..<40).map { ["receiver_phone", "order_no", "jumin\($0)", "hp\($0)", "memo_\($0)", "barcode", "휴대폰번호"][$0 % 7] + "_\($0 % 9)" }
        let memo = KeywordDistances()
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<2000 {
            let matcher = matchers.randomElement(using: &generator)!
            let context = Array(names.randomElement(using: &generator)!.utf8)
            let expected = context.withUnsafeBytes { matcher.occurs(in: $0) }
            XCTAssertEqual(memo.occurs(matcher, in: context), expected, String(decoding: context, as: UTF8.self))
            checked += expected ? 1 : 0
        }
        XCTAssertGreaterThan(checked, 200)
    }
}
