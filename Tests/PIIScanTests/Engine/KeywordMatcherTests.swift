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
}

final class NearestContextTests: XCTestCase {
    private func candidate(_ before: String, _ after: String, _ body: (Candidate) -> Void) {
        let positives = KeywordMatcher(["여권번호", "passport"])
        let negatives = KeywordMatcher(["주문번호", "order"])
        let match = Array("M12345678".utf8)
        Array(before.utf8).withUnsafeBytes { b in
            Array(after.utf8).withUnsafeBytes { a in
                match.withUnsafeBytes { m in
                    body(Candidate(
                        match: m, before: b, after: a, keywords: positives, negativeKeywords: negatives,
                        today: CalendarDate(year: 2026, month: 11, day: 29)))
                }
            }
        }
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
}
