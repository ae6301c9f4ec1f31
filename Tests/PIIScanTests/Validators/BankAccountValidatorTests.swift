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

    /// A cloud provider's account (AWS names its 12-digit ids `ownerAccount`, `awsAccountNumber`
    /// …) is none of a bank's, even with an account word near; nor is an ARN's account field.
    func testCloudAccountsAreNoBankAccounts() {
        for field in ["ownerAccount", "resourceOwnerAccount", "administratorAccount", "CreatedByAccount", "awsAccountNumber", "serviceAccount"] {
            XCTAssertNil(CandidateHelper.assess(validator, "111122223333", field: field), field)
            XCTAssertNil(CandidateHelper.assess(validator, "111122223333", keyword: true, field: field), field)
        }
        XCTAssertNil(CandidateHelper.assess(validator, "111122223333", before: "bank role arn:aws:iam::", after: ":role/payout", keyword: true))
        // A bank's own names keep theirs (`payerAccount`, `sourceAccount`: a transfer's two ends).
        for field in ["payerAccount", "sourceAccount", "memberAccount"] {
            assertAssessment(validator, "110123456789", field: field, verdict: .plausible, category: .bankAccount, confidence: 0.75...0.75)
        }
    }

    /// Short bank names that are also words (`하나`, `우리`, `국민`, `기업`) count only as a word of
    /// their own right before the number — below a labelling keyword's score, and not enough for
    /// a time stamp.
    func testShortBankNamesRightBeforeTheNumber() {
        for name in ["하나 ", "payout to 하나 ", "국민: ", "우리  ", "(기업 "] {
            assertAssessment(validator, "433-587578-98072", before: name, verdict: .plausible, category: .bankAccount, confidence: 0.65...0.65)
        }
        for before in ["그중하나 ", "하나 남은 ", "국민", "우리 회사 "] {
            XCTAssertNil(CandidateHelper.assess(validator, "433-587578-98072", before: before), before)
        }
        XCTAssertNil(CandidateHelper.assess(validator, "1714521600", before: "하나 "))
    }

    func testANegativeKeywordThatLabelsTheNumberWins() {
        XCTAssertNil(CandidateHelper.assess(validator, "110-123-456789", keyword: true, negative: true))
    }
}
