import PIIModel
import XCTest

@testable import PIIScan

final class BankAccountValidatorTests: XCTestCase {
    let validator = BankAccountValidator()

    func testBanksLayoutsInContext() {
        for account in ["110-123-456789", "1002-123-456789", "123456-01-234567", "302-1234-5678-91", "3333-01-1234567", "110123456789"] {
            let found = assertAssessment(
                validator, account, keyword: true, verdict: .plausible, category: .bankAccount, confidence: 0.65...0.75)
            let digits = account.filter(\.isNumber)
            XCTAssertEqual(CandidateHelper.canonical(found), digits)
            // The first three and the last two digits show; the rest never does.
            let shown = found?.masked.filter(\.isNumber) ?? ""
            XCTAssertEqual(shown, String(digits.prefix(3)) + String(digits.suffix(2)), account)
        }
    }

    func testNoNumberIsAnAccountWithoutContext() {
        assertRejected(validator, ["110-123-456789", "1002123456789", "3333-01-1234567"])
    }

    func testLengthsAndShapesOutsideTheSpecAreRejected() {
        assertRejected(
            validator, ["123-456-789", "12-34-56", "1234567890123456", "1111-111-111111", "0000000000"], keyword: true)
    }

    func testAmountsInWonAreRejected() {
        XCTAssertNil(CandidateHelper.assess(validator, "1234567890", after: "원 입금", keyword: true))
        XCTAssertNotNil(CandidateHelper.assess(validator, "1234567890", after: " 입금", keyword: true))
    }

    /// A field or column named for an account (a word `account`, a romanised `gyejwa`) holds
    /// accounts; one named for an account's identifier (`accountId`) does not.
    func testFieldsNamedForAnAccount() {
        for field in ["settlementAccount", "payout_account", "ACCOUNT_NUMBER", "accounts"] {
            assertAssessment(validator, "424431-56-216850", field: field, verdict: .plausible, category: .bankAccount, confidence: 0.75...0.75)
        }
        for field in ["accountId", "account_key", "accountant", "memo"] {
            XCTAssertNil(CandidateHelper.assess(validator, "424431-56-216850", field: field), field)
        }
    }

    func testANegativeKeywordThatLabelsTheNumberWins() {
        XCTAssertNil(CandidateHelper.assess(validator, "110-123-456789", keyword: true, negative: true))
    }
}
