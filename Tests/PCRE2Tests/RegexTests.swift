import CPCRE2
import XCTest

@testable import PCRE2

final class RegexTests: XCTestCase {
    private func matches(_ pattern: String, _ text: String, from start: Int = 0) throws -> [String] {
        let regex = try Regex(pattern)
        let data = MatchData(for: regex)
        let bytes = Array(text.utf8)
        var results: [String] = []
        var position = start
        try bytes.withUnsafeBytes { subject in
            while let range = try data.firstMatch(in: subject, from: position) {
                results.append(String(decoding: bytes[range], as: UTF8.self))
                position = range.upperBound > range.lowerBound ? range.upperBound : range.upperBound + 1
                if position > bytes.count { break }
            }
        }
        return results
    }

    func testFindsEveryMatchAndUsesJIT() throws {
        let regex = try Regex(#"\d{3}-\d{4}"#)
        XCTAssertTrue(regex.isJITCompiled)
        XCTAssertEqual(try matches(#"\d{3}-\d{4}"#, "a 123-4567 b 999-0000"), ["123-4567", "999-0000"])
    }

    /// An anchored variant matches only at its start offset, with look-behind and look-ahead
    /// seeing the bytes around it, and without PCRE2's start-up optimizations: their "required
    /// code unit" scan looked thousands of bytes ahead for an e-mail domain's `.` at every `@`
    /// of `user@host` text (100,000 instructions per try).
    func testAnchoredVariantMatchesOnlyAtItsStartWithoutStartOptimizations() throws {
        let pattern = #"(?<![a-z])[a-z]+@[a-z]+\.[a-z]{2,}(?![a-z])"#
        let anchored = try Regex(pattern, anchored: true)
        XCTAssertNotEqual(anchored.compileOptions & UInt32(PCRE2_NO_START_OPTIMIZE), 0)
        XCTAssertEqual(try Regex(pattern).compileOptions & UInt32(PCRE2_NO_START_OPTIMIZE), 0)
        let data = MatchData(for: anchored)
        let text = Array("x@y a hong@naver.com b@c.de".utf8)
        try text.withUnsafeBytes { subject in
            XCTAssertNil(try data.firstMatch(in: subject, from: 0), "x@y has no domain dot, and no later match counts")
            XCTAssertEqual(try data.firstMatch(in: subject, from: 6), 6..<20)
            XCTAssertNil(try data.firstMatch(in: subject, from: 7), "look-behind sees the letter before")
            XCTAssertEqual(try data.firstMatch(in: subject, from: 21), 21..<27)
        }
    }

    func testCompileErrorCarriesOffset() {
        XCTAssertThrowsError(try Regex("abc(def")) { error in
            guard case PCRE2Error.compile(_, let offset) = error else { return XCTFail("wrong error \(error)") }
            XCTAssertEqual(offset, 7)
        }
    }

    func testDigitClassIsASCIIOnlyAndHangulIsABoundary() throws {
        // Full-width digits are not \d without UCP, and Hangul is not \w: a number glued to
        // Hangul still satisfies an alphanumeric boundary guard.
        XCTAssertEqual(try matches(#"(?<![0-9A-Za-z])\d{3}(?![0-9A-Za-z])"#, "휴대폰123로 １２３"), ["123"])
    }

    func testLookbehindSeesBytesBeforeTheStartOffset() throws {
        // "x" lies before the start offset but the guard still sees it, so "12" cannot match
        // at offset 1; the first match is "2" (preceded by a digit).
        XCTAssertEqual(try matches(#"(?<![a-z])\d+"#, "x12 34", from: 1), ["2", "34"])
    }

    func testInvalidUTF8IsTolerated() throws {
        let regex = try Regex("[가-힣]+로")
        let data = MatchData(for: regex)
        let bytes: [UInt8] = [0xFF, 0xFE, 0x20] + Array("테헤란로".utf8) + [0xC3]
        let range = try bytes.withUnsafeBytes { try data.firstMatch(in: $0, from: 0) }
        XCTAssertEqual(range.map { String(decoding: bytes[$0], as: UTF8.self) }, "테헤란로")
    }

    func testCatastrophicBacktrackingHitsTheLimit() throws {
        let regex = try Regex("(a+)+$")
        let data = MatchData(for: regex)
        let bytes = Array(String(repeating: "a", count: 40_000).utf8) + [0x21]
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try data.firstMatch(in: $0, from: 0) }) { error in
            XCTAssertEqual(error as? PCRE2Error, .matchLimit)
        }
    }

    func testCaptureGroupRanges() throws {
        let regex = try Regex(#"(\d{2})-(x)?(\d{2})"#)
        let data = MatchData(for: regex)
        let bytes = Array("ab 12-34".utf8)
        let whole = try bytes.withUnsafeBytes { try data.firstMatch(in: $0, from: 0) }
        XCTAssertEqual(whole, 3..<8)
        XCTAssertEqual(data.range(ofGroup: 1), 3..<5)
        XCTAssertNil(data.range(ofGroup: 2))
        XCTAssertEqual(data.range(ofGroup: 3), 6..<8)
    }
}
