import PIIModel
import XCTest

@testable import PIIScan

final class PhoneMaskedValidatorTests: XCTestCase {
    let validator = PhoneMaskedValidator()
    let masked = Category("kr-phone-masked")

    func testMaskedForms() {
        let cases: [(String, String)] = [
            ("010-****-5678", "010-****-5678"),
            ("010-12**-5678", "010-****-5678"),
            ("010-1234-****", "010-****-****"),
            ("02-***-1234", "02-***-1234"),
            ("010-XXXX-5678", "010-****-5678"),
            ("010-●●●●-5678", "010-****-5678"),
            ("+82 10-****-5678", "+82 10-****-5678"),
            ("010****5678", "010****5678"),
        ]
        for (text, display) in cases {
            let result = assertAssessment(validator, text, verdict: .plausible, category: masked, confidence: 0.6...0.6)
            XCTAssertEqual(result?.masked, display, text)
        }
        assertAssessment(validator, "010-****-5678", keyword: true, verdict: .plausible, confidence: 0.8...0.8)
    }

    func testCanonicalKeepsVisibleDigits() {
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "010-12**-5678")), "+821012**5678")
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "+82 010-****-5678")), "+8210****5678")
    }

    func testRejected() {
        assertRejected(validator, [
            "010-1234-5678",  // not masked: kr-phone's business
            "010-****-****",  // nothing after the area code visible
            "080-***-1234", "060-***-1234", "015-***-1234",  // not personal
            "0*0-1234-5678",  // area code masked
            "010-****-567", "010-*****-5678",
            "10-****-5678",
        ])
    }
}
