import PIIModel
import XCTest

@testable import PIIScan

final class CreditCardValidatorTests: XCTestCase {
    let validator = CreditCardValidator()

    func testSpecValidExamples() {
        for text in ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "3530111333300000",
                     "2221000000000009"]
        {
            assertAssessment(validator, text, verdict: .confirmed, category: .creditCard, confidence: 0.85...0.85)
        }
        // Korean domestic-only cards (9…): Luhn-valid, missed by Presidio.
        for text in ["9410123456789010", "9430012345678904", "9455123456789016"] {
            assertAssessment(validator, text, verdict: .confirmed, category: .creditCard, confidence: 0.75...0.75)
            assertAssessment(validator, text, keyword: true, verdict: .confirmed, confidence: 0.95...0.95)
        }
    }

    func testSeparatedForms() {
        assertAssessment(validator, "4111-1111-1111-1111", verdict: .confirmed, confidence: 0.9...0.9)
        assertAssessment(validator, "4111 1111 1111 1111", verdict: .confirmed, confidence: 0.9...0.9)
        assertAssessment(validator, "9410-1234-5678-9010", verdict: .confirmed, confidence: 0.9...0.9)
        assertAssessment(validator, "3782 822463 10005", verdict: .confirmed, confidence: 0.9...0.9)
        assertAssessment(validator, "3056 930902 5904", verdict: .confirmed, confidence: 0.9...0.9)  // Diners 14
        assertAssessment(validator, "4111-1111-1111-1111", keyword: true, verdict: .confirmed, confidence: 1...1)
        // A negative keyword that labels the number (as the fixed verdicts here say): below 0.5.
        assertAssessment(validator, "4111-1111-1111-1111", negative: true, verdict: .confirmed, confidence: 0.45...0.45)
    }

    func testUnusualLengthsWithoutSeparatorsAreM() {
        // 19-digit Visa: Luhn-valid, but bare 19-digit runs are usually ids.
        let nineteen = "4111111111111111110"
        var digits = DigitBuffer()
        for byte in nineteen.utf8 { _ = digits.append(byte - 0x30) }
        XCTAssertTrue(ValidatorSupport.luhnIsValid(digits))
        assertAssessment(validator, nineteen, verdict: .confirmed, confidence: 0.6...0.6)
    }

    func testNearMisses() {
        assertRejected(validator, [
            "4111111111111112",  // Luhn ✗
            "1234567812345678",  // Luhn ✗, IIN 1
            "0000000000000000",  // Luhn ✓ but degenerate
            "4444444444444444", "9999999999999999",
            "9410123456789012",  // Luhn ✗
            "5055555555554444",  // IIN 50 not Mastercard
            "2720990000000000", "2220990000000007",
            "37828224631000",  // Amex with 14 digits
            "941012345678901",  // domestic with 15 digits
            "4111-11**-****-1111",  // masked: other validator
        ])
    }

    func testBrandTable() {
        func brand(_ text: String) -> CreditCardValidator.Brand? {
            var digits = DigitBuffer()
            for byte in text.utf8 { _ = digits.append(byte - 0x30) }
            return CreditCardValidator.brand(digits)
        }
        XCTAssertEqual(brand("2221000000000009"), .mastercard)
        XCTAssertEqual(brand("2720000000000000"), .mastercard)
        XCTAssertNil(brand("2721000000000000"))
        XCTAssertEqual(brand("3528000000000000"), .jcb)
        XCTAssertEqual(brand("3589000000000000000"), .jcb)
        XCTAssertEqual(brand("30500000000000"), .diners)
        XCTAssertNil(brand("30600000000000"))
        XCTAssertEqual(brand("6221260000000000"), .unionPay)
        XCTAssertEqual(brand("6445000000000000"), .discover)
        XCTAssertEqual(brand("6500000000000000000"), .discover)
        XCTAssertEqual(brand("4111111111111"), .visa)
        XCTAssertNil(brand("41111111111111"))
        XCTAssertEqual(brand("9410123456789010"), .koreanDomestic)
    }

    func testPCIMask() {
        XCTAssertEqual(CandidateHelper.assess(validator, "4111-1111-1111-1111")?.masked, "4111-11**-****-1111")
        XCTAssertEqual(CandidateHelper.assess(validator, "4111111111111111")?.masked, "411111******1111")
        XCTAssertEqual(CandidateHelper.assess(validator, "378282246310005")?.masked, "378282*****0005")
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "4111 1111 1111 1111")), "4111111111111111")
    }

    func testDottedNumberContext() {
        XCTAssertNil(CandidateHelper.assess(validator, "4111111111111111", before: "3."))
        XCTAssertNil(CandidateHelper.assess(validator, "4111111111111111", after: ".5"))
    }
}
