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
