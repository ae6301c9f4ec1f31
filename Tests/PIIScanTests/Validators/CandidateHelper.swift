import PIIModel
import XCTest

@testable import PIIScan

/// Builds ``Candidate`` values from Swift strings and runs a validator on them.
enum CandidateHelper {
    /// The scan date used by the validator tests (the spec's compilation date).
    static let today = CalendarDate(year: 2026, month: 11, day: 29)

    /// Assesses `match` with the given context.
    static func assess(
        _ validator: some Validator, _ match: String, before: String = "", after: String = "",
        keyword: Bool = false, negative: Bool = false, today: CalendarDate = CandidateHelper.today, field: String? = nil
    ) -> Assessment? {
        let matchBytes = Array(match.utf8)
        let beforeBytes = Array(before.utf8)
        let afterBytes = Array(after.utf8)
        return matchBytes.withUnsafeBytes { m in
            beforeBytes.withUnsafeBytes { b in
                afterBytes.withUnsafeBytes { a in
                    validator.assess(
                        Candidate(
                            match: m, before: b, after: a, hasKeyword: keyword, hasNegativeKeyword: negative,
                            today: today, field: field))
                }
            }
        }
    }

    /// The canonical bytes as a string.
    static func canonical(_ assessment: Assessment?) -> String? {
        assessment.map { String(decoding: $0.canonical, as: UTF8.self) }
    }
}

/// Asserts that `validator` rejects every one of `texts` (returns `nil` or `.rejected`).
func assertRejected(
    _ validator: some Validator, _ texts: [String], keyword: Bool = false, file: StaticString = #filePath,
    line: UInt = #line
) {
    for text in texts {
        let result = CandidateHelper.assess(validator, text, keyword: keyword)
        XCTAssertTrue(
            result == nil || result?.verdict == .rejected, "\(text) should be rejected, got \(String(describing: result))",
            file: file, line: line)
    }
}

/// Asserts the verdict, category and a confidence range for one candidate; returns the assessment.
@discardableResult
func assertAssessment(
    _ validator: some Validator, _ text: String, before: String = "", after: String = "", keyword: Bool = false,
    negative: Bool = false, field: String? = nil, verdict: Verdict, category: Category? = nil, confidence: ClosedRange<Double>,
    file: StaticString = #filePath, line: UInt = #line
) -> Assessment? {
    guard
        let result = CandidateHelper.assess(
            validator, text, before: before, after: after, keyword: keyword, negative: negative, field: field)
    else {
        XCTFail("\(text) was rejected", file: file, line: line)
        return nil
    }
    XCTAssertEqual(result.verdict, verdict, "\(text)", file: file, line: line)
    if let category { XCTAssertEqual(result.category, category, "\(text)", file: file, line: line) }
    XCTAssertTrue(
        confidence.contains(result.confidence), "\(text): confidence \(result.confidence) not in \(confidence)",
        file: file, line: line)
    return result
}
