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

    /// Lower case only with a keyword, and then tier L (spec §4.1: upper case only for M/H).
    func testLowerCaseNeedsKeywordAndStaysBelowM() {
        assertRejected(validator, ["m123a4567", "m12345678", "M123a4567"])
        let result = assertAssessment(validator, "m123a4567", keyword: true, verdict: .plausible, confidence: 0.45...0.45)
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

    /// ICAO 9303's check digit (its specimen: `L898902C3` → 6, `740812` → 2, `120415` → 9), and
    /// the travel records whose document field names a passport.
    func testMachineReadableZoneAndAirlineRecords() {
        XCTAssertEqual(PassportValidator.icaoCheckDigit(Array("L898902C3".utf8)), 6)
        XCTAssertEqual(PassportValidator.icaoCheckDigit(Array("740812".utf8)), 2)
        XCTAssertEqual(PassportValidator.icaoCheckDigit(Array("120415".utf8)), 9)
        XCTAssertNil(PassportValidator.icaoCheckDigit(Array("74-812".utf8)))
        func context(_ before: String) -> PassportValidator.TravelRecord {
            Array(before.utf8).withUnsafeBytes { PassportValidator.travelRecordContext(before: $0) }
        }
        XCTAssertEqual(context("SSR DOCS KE HK1 P/KOR/"), .korean)
        XCTAssertEqual(context("SSR DOCS KE HK1 P/CHN/"), .foreign)
        XCTAssertEqual(context("DOC+P:110:111+"), .korean)
        XCTAssertEqual(context("DOC+P+"), .korean)
        XCTAssertEqual(context("DOC+V:110:111+"), .none)
        XCTAssertEqual(context("PAP/KOR/"), .none, "a longer word before the P")
        XCTAssertEqual(context("item code "), .none)
    }
}
