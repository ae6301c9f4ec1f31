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
