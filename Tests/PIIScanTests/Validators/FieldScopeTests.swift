import XCTest

@testable import PIIScan

/// ``FieldScope``: where a value's own field begins before it and ends after it.
final class FieldScopeTests: XCTestCase {
    /// `before` from where `scope` says the value's field starts.
    private func field(_ before: String, from scope: (UnsafeRawBufferPointer) -> Int) -> String {
        let bytes = Array(before.utf8)
        return bytes.withUnsafeBytes { String(decoding: bytes[scope($0)...], as: UTF8.self) }
    }

    private func start(_ before: String) -> String { field(before, from: FieldScope.start) }

    private func end(_ after: String) -> String {
        let bytes = Array(after.utf8)
        return bytes.withUnsafeBytes { String(decoding: bytes[..<FieldScope.end($0)], as: UTF8.self) }
    }

    func testTheValuesOwnLabelStartsItsField() {
        XCTAssertEqual(start(#"{"ts":1709608386380,"msg":""#), #""msg":""#)
        XCTAssertEqual(start("order_no=A17 rrn="), "rrn=")
        XCTAssertEqual(start("주문번호: 2024 고객 주민번호: "), "주민번호: ")
        XCTAssertEqual(start(#"{"personalNum": {"text": ""#), #""text": ""#)
        // A type field right before the value's key belongs to it; other fields do not.
        XCTAssertEqual(start(#"{"ts":1,"type":"serial","value":""#), #""type":"serial","value":""#)
        XCTAssertEqual(start(#"{"kind": "INVOICE", "id": ""#), #""kind": "INVOICE", "id": ""#)
        // Not labels: a time, a URL, a comparison, a name that starts with a digit.
        XCTAssertEqual(start("2024-03-05T12:30:45 http://x a==b 12:30 "), "2024-03-05T12:30:45 http://x a==b 12:30 ")
        XCTAssertEqual(start("no label here "), "no label here ")
    }

    /// Words after another value label this one: a negative keyword before that value names it.
    func testWordsAfterAnotherValueStartTheField() {
        func words(_ before: String) -> String { field(before, from: FieldScope.wordsAfterValue) }
        XCTAssertEqual(words("관리번호 KCS123456 / 납세의무자 식별값 "), " / 납세의무자 식별값 ")
        XCTAssertEqual(words("주문번호 2024-0001 고객 "), " 고객 ")
        // A list after one label, a label right before the value, a one-letter word: no other field.
        XCTAssertEqual(words("송장번호 6012345678901 "), "송장번호 6012345678901 ")
        XCTAssertEqual(words("관리번호 "), "관리번호 ")
        XCTAssertEqual(words("order 12 x "), "order 12 x ")
        XCTAssertEqual(words(""), "")
    }

    func testTheNextLabelEndsTheField() {
        XCTAssertEqual(end(#"","ts":1709608386380}"#), #"","#)
        XCTAssertEqual(end(" trace_id=abc"), " ")
        XCTAssertEqual(end(" (주문번호: 2024)"), " (")
        XCTAssertEqual(end(" 입니다 12:30 http://x"), " 입니다 12:30 http://x")
        // The value's clause ends at a `,`, `;` or `.` and a blank; not at a decimal point.
        XCTAssertEqual(end(" 입니다. 12:30 http://x"), " 입니다")
        XCTAssertEqual(end(", 금액은 규정대로"), "")
        XCTAssertEqual(end(" 3.5%; 금액"), " 3.5%")
    }
}
