import PIIModel
import XCTest

@testable import PIIScan

final class CreditCardMaskedValidatorTests: XCTestCase {
    let validator = CreditCardMaskedValidator()
    let masked = Category("credit-card-masked")

    func testReceiptForms() {
        let cases: [(String, String)] = [
            ("1234-56**-****-3456", "1234-56**-****-3456"),
            ("4111-11**-****-1111", "4111-11**-****-1111"),
            ("411111******1111", "411111******1111"),
            ("4111-****-****-1111", "4111-****-****-1111"),
            ("5555-55XX-XXXX-4444", "5555-55**-****-4444"),
            ("3782-82****-*0005", "3782-82****-*0005"),
            // More than first 6 + last 4 visible: the display hides the extra digits.
            ("4111-1111-****-1111", "4111-11**-****-1111"),
        ]
        for (text, display) in cases {
            let result = assertAssessment(validator, text, verdict: .plausible, category: masked, confidence: 0.6...0.6)
            XCTAssertEqual(result?.masked, display, text)
        }
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "4111-1111-****-1111")), "41111111****1111")
    }

    func testOnlyLastFourVisibleIsLow() {
        assertAssessment(validator, "****-****-****-1111", verdict: .plausible, category: masked, confidence: 0.4...0.4)
        assertAssessment(validator, "****-****-****-1111", keyword: true, verdict: .plausible, confidence: 0.6...0.6)
    }

    func testRejected() {
        assertRejected(validator, [
            "4111111111111111",  // not masked
            "****-****-****-****",  // nothing visible
            "4111-11**-****-****",  // last group hidden
            "41**-****-****-***1",  // fewer than four visible digits
            "4111-11**-****",  // too short
        ])
    }
}
