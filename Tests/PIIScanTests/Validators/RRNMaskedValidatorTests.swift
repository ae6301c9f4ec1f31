import PIIModel
import XCTest

@testable import PIIScan

final class RRNMaskedValidatorTests: XCTestCase {
    let validator = RRNMaskedValidator()
    let masked = Category("kr-rrn-masked")

    func testSpecMaskedForms() {
        // Spec §2.9, verified forms.
        let cases: [(String, ClosedRange<Double>, String)] = [
            ("900101-1******", 0.7...0.7, "900101-1******"),
            ("900101-*******", 0.7...0.7, "900101-*******"),
            ("9001**-1******", 0.6...0.6, "9001**-1******"),
            ("900101-1●●●●●●", 0.7...0.7, "900101-1******"),
            ("900101-1XXXXXX", 0.7...0.7, "900101-1******"),
            ("900101-123****", 0.7...0.7, "900101-1******"),
            ("**0101-2******", 0.6...0.6, "**0101-2******"),
        ]
        for (text, range, display) in cases {
            let result = assertAssessment(validator, text, verdict: .plausible, category: masked, confidence: range)
            XCTAssertEqual(result?.masked, display, text)
        }
    }

    /// Spec §2.9 RRN_PARTIAL: 4 or more of the 7 back digits visible leave at most 1,000
    /// numbers (fewer with the check digit): an exposure of its own category, displayed masked.
    func testPartialTailsAreExposures() {
        for (text, range) in [("900101-1234***", 0.7...0.7), ("850315-252601*", 0.7...0.7), ("8503**-25260**", 0.6...0.6)] {
            let result = assertAssessment(validator, text, verdict: .plausible, category: .rrnPartial, confidence: range)
            XCTAssertFalse(result?.masked.contains("252") ?? true, text)
        }
        XCTAssertFalse(Category.rrnPartial.isMasked)
        XCTAssertEqual(Category.rrnPartial.base, .rrn)
        XCTAssertEqual(masked.base, .rrn)
        XCTAssertEqual(Category.rrn.base, .rrn)
    }

    func testFrontMaskedBackSevenIsLowWithoutKeyword() {
        // Spec §2.9 RRN_BACK7: the secret part itself, an exposure (with a keyword, tier M).
        let result = assertAssessment(validator, "******-1234567", verdict: .plausible, category: .rrnPartial, confidence: 0.4...0.4)
        // The secret back part is never displayed.
        XCTAssertEqual(result?.masked, "******-1******")
        XCTAssertEqual(CandidateHelper.canonical(result), "******1234567")
        assertAssessment(validator, "******-1234567", keyword: true, verdict: .plausible, confidence: 0.6...0.6)
    }

    func testPartialTailCanonicalKeepsVisibleDigits() {
        let result = CandidateHelper.assess(validator, "900101-1234***")
        XCTAssertEqual(CandidateHelper.canonical(result), "9001011234***")
    }

    func testAllMaskedAndUnmaskedAreIgnored() {
        assertRejected(validator, [
            "******-*******", "******-1******",  // nothing (or only the sex digit) visible
            "900101-1234568",  // a plain RRN belongs to kr-rrn
        ])
    }

    func testImpossibleVisibleDatesAreRejected() {
        assertRejected(validator, ["901301-1******", "900230-1******", "900229-1******", "991231-3******"])
        // Century unknown: 29 February may be real.
        XCTAssertNotNil(CandidateHelper.assess(validator, "900229-*******"))
    }

    func testContext() {
        assertAssessment(validator, "900101-1******", keyword: true, verdict: .plausible, confidence: 0.9...0.9)
        assertAssessment(validator, "900101-1******", negative: true, verdict: .plausible, confidence: 0.3...0.3)
    }

    func testMalformedIsRejected() {
        assertRejected(validator, ["900101-1*****", "900101-1*******", "900101--1******", "9001-01-1******"])
    }
}
