import PIIModel
import XCTest

@testable import PIIScan

final class BRNValidatorTests: XCTestCase {
    let validator = BRNValidator()

    private func digits(_ text: String) -> DigitBuffer {
        var buffer = DigitBuffer()
        for byte in text.utf8 where byte >= 0x30 && byte <= 0x39 { _ = buffer.append(byte - 0x30) }
        return buffer
    }

    /// Spec §8.3's valid and invalid examples, checked on the number alone.
    func testSpecExamples() {
        for valid in ["116-82-00276", "220-81-06121", "124-81-08587", "214-86-14790", "201-01-23452", "123-45-01230"] {
            XCTAssertTrue(BRNValidator.isValid(digits(valid)), valid)
        }
        for invalid in ["116-82-00275", "123-45-67890", "000-00-00000", "116-00-00276", "101-01-00009"] {
            XCTAssertFalse(BRNValidator.isValid(digits(invalid)), invalid)
        }
    }

    /// The check digit against a direct transcription of the spec's formula, over every ninth
    /// digit (the one with the extra ⌊5·d9/10⌋ term) and many prefixes.
    func testCheckDigitFollowsTheSpecFormula() {
        var state: UInt64 = 7
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var body = String(101 + Int(state >> 33) % 899) + String(format: "%02d", 1 + Int(state >> 20) % 99)
            body += String(format: "%04d", 1 + Int(state >> 40) % 9999)
            let d = body.utf8.map { Int($0 - 0x30) }
            let k = [1, 3, 7, 1, 3, 7, 1, 3, 5]
            let s = (0..<9).reduce(0) { $0 + k[$1] * d[$1] } + (5 * d[8]) / 10
            let check = (10 - s % 10) % 10
            XCTAssertTrue(BRNValidator.isValid(digits(body + String(check))), body)
            XCTAssertFalse(BRNValidator.isValid(digits(body + String((check + 1) % 10))), body)
        }
    }

    func testOnlySoleProprietorsNumbersAreReported() {
        let found = assertAssessment(
            validator, "201-01-23452", keyword: true, verdict: .confirmed, category: .brn, confidence: 0.9...0.9)
        XCTAssertEqual(found?.masked, "201-01-*****")
        XCTAssertEqual(CandidateHelper.canonical(found), "2010123452")
        assertAssessment(validator, "123-45-01230", keyword: true, verdict: .confirmed, category: .brn, confidence: 0.9...0.9)
        // Corporations (type 81–89) are not personal data, whatever the context says.
        assertRejected(validator, ["116-82-00276", "220-81-06121", "124-81-08587", "214-86-14790"], keyword: true)
        // Type codes: 01–80 and 90–99 are people's.
        XCTAssertTrue(BRNValidator.isPersonal(typeCode: 1))
        XCTAssertTrue(BRNValidator.isPersonal(typeCode: 80))
        XCTAssertTrue(BRNValidator.isPersonal(typeCode: 90))
        XCTAssertFalse(BRNValidator.isPersonal(typeCode: 81))
        XCTAssertFalse(BRNValidator.isPersonal(typeCode: 89))
        XCTAssertFalse(BRNValidator.isPersonal(typeCode: 0))
    }

    func testAKeywordIsRequiredAndBareDigitsScoreLower() {
        assertRejected(validator, ["201-01-23452", "2010123452"])
        assertAssessment(validator, "2010123452", keyword: true, verdict: .confirmed, confidence: 0.8...0.8)
        // A negative keyword that labels the number (as the fixed verdicts here say).
        XCTAssertNil(CandidateHelper.assess(validator, "201-01-23452", keyword: true, negative: true))
        assertRejected(validator, ["201-01-2345", "2010123452 1", "201-01-23453"], keyword: true)
    }

    /// A donation receipt's register names its donor column for either number
    /// (`주민등록번호(사업자번호)`): a business's number there is one, the resident number's word
    /// in the name notwithstanding; a column named for the resident number alone holds none.
    func testAColumnNamedForEitherNumberHoldsABusinessNumber() {
        for field in ["주민등록번호(사업자번호)", "주민/사업자등록번호", "rrn_or_biz_no"] {
            assertAssessment(validator, "180-57-23318", negative: true, field: field, verdict: .confirmed, confidence: 0.9...0.9)
        }
        XCTAssertNil(CandidateHelper.assess(validator, "180-57-23318", negative: true, field: "주민등록번호"))
        XCTAssertNil(CandidateHelper.assess(validator, "180-82-23310", negative: true, field: "주민등록번호(사업자번호)"), "a corporation's")
    }
}
