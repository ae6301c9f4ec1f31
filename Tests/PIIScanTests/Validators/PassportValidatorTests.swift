import PIIModel
import XCTest

@testable import PIIScan

final class PassportValidatorTests: XCTestCase {
    let validator = PassportValidator()

    func testSpecValidExamples() {
        for text in ["M12345678", "S98765432"] {
            assertAssessment(validator, text, verdict: .plausible, category: .passport, confidence: 0.3...0.3)
        }
        for text in ["M123A4567", "R123B4567", "D001C0001"] {
            assertAssessment(validator, text, verdict: .plausible, category: .passport, confidence: 0.4...0.4)
        }
        // Type letters G (MOFA) and O (Purview/Presidio) are both accepted (spec U4).
        XCTAssertNotNil(CandidateHelper.assess(validator, "G12345678"))
        XCTAssertNotNil(CandidateHelper.assess(validator, "O123A4567"))
    }

    func testKeywordRaisesToM() {
        assertAssessment(validator, "M12345678", keyword: true, verdict: .plausible, confidence: 0.7...0.7)
        assertAssessment(validator, "M123A4567", keyword: true, verdict: .plausible, confidence: 0.8...0.8)
        assertAssessment(validator, "M123A4567", keyword: true, negative: true, verdict: .plausible, confidence: 0.4...0.4)
    }

    func testLowerCaseNeedsKeyword() {
        assertRejected(validator, ["m123a4567", "m12345678", "M123a4567"])
        let result = assertAssessment(validator, "m123a4567", keyword: true, verdict: .plausible, confidence: 0.8...0.8)
        XCTAssertEqual(CandidateHelper.canonical(result), "M123A4567")
    }

    func testNearMisses() {
        assertRejected(validator, [
            "M1234567", "M123A45678", "MX1234567", "SM12345678", "A12345678", "M12345678901", "RM123A4567",
            "M00000000", "M11111111", "M1234A567",
        ], keyword: true)
    }

    func testMaskKeepsTypeLetterAndLastTwo() {
        XCTAssertEqual(CandidateHelper.assess(validator, "M12345678")?.masked, "M******78")
        XCTAssertEqual(CandidateHelper.assess(validator, "M123A4567")?.masked, "M******67")
    }
}
