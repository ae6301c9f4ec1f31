import PIIModel
import XCTest

@testable import PIIScan

final class EmailMaskedValidatorTests: XCTestCase {
    let validator = EmailMaskedValidator()
    let masked = Category("email-masked")

    func testMaskedForms() {
        for text in ["h***@naver.com", "ho**dong@daum.net", "k*****@gmail.com", "*ong@naver.com"] {
            assertAssessment(validator, text, verdict: .plausible, category: masked, confidence: 0.6...0.6)
        }
        XCTAssertEqual(CandidateHelper.assess(validator, "ho**dong@daum.net")?.masked, "h***@daum.net")
        XCTAssertEqual(CandidateHelper.assess(validator, "*ong@naver.com")?.masked, "***@naver.com")
        assertAssessment(validator, "h***@naver.com", keyword: true, verdict: .plausible, confidence: 0.8...0.8)
    }

    /// Stars in front of an unmasked address, closed later on the line, are Markdown emphasis:
    /// the `email` rule reports the address (`EmailValidatorTests`); unclosed, they mask.
    func testEmphasisIsNotAMask() {
        XCTAssertNil(CandidateHelper.assess(validator, "*hong@naver.com", after: "*"))
        XCTAssertNil(CandidateHelper.assess(validator, "**hong@naver.com", after: "** 참고"))
        XCTAssertNil(CandidateHelper.assess(validator, "*dirk.meyer@dinoex.co.kr", after: " via Richard*"))
        // Unclosed, or stars that are not all in front, or more than two: a mask.
        XCTAssertEqual(CandidateHelper.assess(validator, "*ong@naver.com", after: " 고객")?.masked, "***@naver.com")
        XCTAssertEqual(CandidateHelper.assess(validator, "*h***@naver.com", after: "*")?.masked, "***@naver.com")
        XCTAssertNotNil(CandidateHelper.assess(validator, "***ng@naver.com", after: "*"))
    }

    func testTrailingDot() {
        XCTAssertEqual(CandidateHelper.assess(validator, "le*@hanmail.net.")?.trimEnd, 1)
    }

    func testRejected() {
        assertRejected(validator, [
            "***@naver.com",  // nothing visible
            "hong@naver.com",  // not masked
            "h***@example.com", "h***@localhost", "h***@2x.png", "h***@bastion",
        ])
    }
}
