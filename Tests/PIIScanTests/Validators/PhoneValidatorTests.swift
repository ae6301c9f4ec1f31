import PIIModel
import XCTest

@testable import PIIScan

final class PhoneValidatorTests: XCTestCase {
    let validator = PhoneValidator()

    func canonical(_ text: String, before: String = "") -> String? {
        CandidateHelper.canonical(CandidateHelper.assess(validator, text, before: before))
    }

    // MARK: Spec §5.4 valid examples

    func testMobile() {
        for text in ["010.2345.6789", "010 3456 7890", "01045678901", "+82 10-5678-1234", "+8210-9876-5432",
                     "82 10 2468 1357", "+82 (0)10-3141-5926", "0082-10-7777-8888", "00700-82-10-2345-6789",
                     "+82 010-2345-6789"]
        {
            assertAssessment(validator, text, verdict: .plausible, category: .phone, confidence: 0.85...0.85)
        }
    }

    func testCanonicalIsE164() {
        XCTAssertEqual(canonical("010-2345-6789"), "+821023456789")
        XCTAssertEqual(canonical("+82 10-2345-6789"), "+821023456789")
        XCTAssertEqual(canonical("+82 (0)10-2345-6789"), "+821023456789")
        XCTAssertEqual(canonical("0082-10-2345-6789"), "+821023456789")
        XCTAssertEqual(canonical("82 10 2345 6789"), "+821023456789")
        XCTAssertEqual(canonical("821023456789"), "+821023456789")  // a bare MSISDN
        XCTAssertEqual(canonical("010.2345.6789"), "+821023456789")
        XCTAssertEqual(canonical("01023456789"), "+821023456789")
        XCTAssertEqual(canonical("(02) 312-3456"), "+8223123456")
        XCTAssertEqual(canonical("+82-2-312-3456"), "+8223123456")
        XCTAssertEqual(canonical("0505-123-4567"), "+825051234567")
    }

    func testNoBreakAndIdeographicSpacesSeparate() {
        // NFKC folds U+00A0 and U+3000 to a space (spec §1.1).
        XCTAssertEqual(canonical("010\u{A0}2345\u{A0}6789"), "+821023456789")
        XCTAssertEqual(canonical("010\u{3000}2345\u{3000}6789"), "+821023456789")
        let masked = CandidateHelper.assess(validator, "010\u{3000}2345\u{3000}6789")?.masked
        XCTAssertEqual(masked, "010\u{3000}****\u{3000}6789")
        assertRejected(validator, ["010\u{C2}2345-6789"])
    }

    func testPathSegments() {
        XCTAssertTrue(PhoneValidator.isPathSegment(before: bytes("/by-phone/"), after: bytes("/orders")))
        XCTAssertTrue(PhoneValidator.isPathSegment(before: bytes("/"), after: bytes("")))
        XCTAssertTrue(PhoneValidator.isPathSegment(before: bytes("x/"), after: bytes("?tab=1")))
        XCTAssertFalse(PhoneValidator.isPathSegment(before: bytes("2024/"), after: bytes("")))
        XCTAssertFalse(PhoneValidator.isPathSegment(before: bytes("files/"), after: bytes(".json")))
        assertAssessment(validator, "01023456789", before: "/members/", after: "/coupons", verdict: .plausible, confidence: 0.85...0.85)
        assertAssessment(validator, "0312345678", before: "/items/", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "0312345678", before: "/phone/", keyword: true, verdict: .plausible, confidence: 0.75...0.75)
        XCTAssertNil(CandidateHelper.assess(validator, "010-2345-6789", before: "1/"))
        XCTAssertNil(CandidateHelper.assess(validator, "010-2345-6789", before: "/a/", after: ".5"))
    }

    private func bytes(_ text: String) -> UnsafeRawBufferPointer {
        let array = Array(text.utf8)
        let pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, array.count), alignment: 1)
        pointer.copyBytes(from: array)
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(pointer)[0..<array.count])
    }

    func testLandlines() {
        for text in ["(02) 312-3456", "02)312-3456", "02-3456-7890", "031-123-4567", "064-712-3456", "044-300-1234",
                     "+82-2-312-3456", "+82 31 1234 5678"]
        {
            assertAssessment(validator, text, verdict: .plausible, category: .phone, confidence: 0.65...0.65)
            assertAssessment(validator, text, keyword: true, verdict: .plausible, confidence: 0.85...0.85)
        }
        // Separator-less landline: weaker (collides with 10-digit ids).
        assertAssessment(validator, "0212345678", verdict: .plausible, confidence: 0.55...0.55)
    }

    func testVoIPSafeAndLegacy() {
        assertAssessment(validator, "070-4321-8765", verdict: .plausible, confidence: 0.65...0.65)
        assertAssessment(validator, "0505-123-4567", verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "0504-1234-5678", verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "011-234-5678", verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "019-9234-5678", verdict: .plausible, confidence: 0.6...0.6)
    }

    func testNonStandardMobileAndPlaceholder() {
        // The ubiquitous placeholder is still counted, at tier M.
        assertAssessment(validator, "010-1234-5678", verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "010－1234－5678", verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "010-234-5678", verdict: .plausible, confidence: 0.6...0.6)
        // One repeated digit: below M.
        assertAssessment(validator, "010-0000-0000", verdict: .plausible, confidence: 0...0.45)
        // Unseparated with a three-digit exchange: a zero-padded id or hex unless a keyword says
        // otherwise; with four digits, or written with separators, it still counts.
        assertAssessment(validator, "0101000000", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "0102030405", before: "hexkey:", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "0102345678", keyword: true, verdict: .plausible, confidence: 0.5...0.7)
        assertAssessment(validator, "01012345678", verdict: .plausible, confidence: 0.5...0.5)
    }

    /// Only the subscriber part split off: a ZIP+4 code's or a part number's shape, unless the digits
    /// are a standard mobile number (eleven: no ZIP+4), which counts unseparated anyway.
    func testStandardMobileSplitBeforeTheSubscriberOnly() {
        assertAssessment(validator, "0102345-6789", verdict: .plausible, confidence: 0.85...0.85)
        assertAssessment(validator, "0103231-3197", after: "번", verdict: .plausible, confidence: 0.85...0.85)
        assertAssessment(validator, "02110-1301", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "0311234-5678", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "0101234-5678", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "02110-1301", keyword: true, verdict: .plausible, confidence: 0.5...1)
    }

    /// Twelve digits starting 050X: an AWS account id unless written as a phone number or named.
    func testTwelveDigitSafeNumberRunsNeedAKeyword() {
        assertAssessment(validator, "050734284575", before: "\"owner_id\": \"", verdict: .plausible, confidence: 0...0.45)
        assertAssessment(validator, "050412345678", keyword: true, verdict: .plausible, confidence: 0.5...1)
        assertAssessment(validator, "0504-1234-5678", verdict: .plausible, confidence: 0.6...0.6)
        assertAssessment(validator, "05052345678", verdict: .plausible, confidence: 0.5...0.5)
        XCTAssertNil(CandidateHelper.assess(validator, "050734284575", before: "arn:aws:ec2:me-south-1:", keyword: true))
        XCTAssertNil(CandidateHelper.assess(validator, "050734284575", before: "arn:aws:iam::"))
    }

    func testParticlesDoNotMatter() {
        // The regex stops before the particle; the validator sees only the number and the context.
        assertAssessment(validator, "010-2345-6789", after: "로 연락", keyword: true, verdict: .plausible, confidence: 1...1)
    }

    // MARK: Spec §5.4 tricky invalid

    func testNotPersonalOrInvalid() {
        assertRejected(validator, [
            "02-012-3456",  // exchange starts with 0
            "034-123-4567",  // no such area code
            "070-123-4567",  // VoIP needs 8 digits
            "1588-1234", "1644-1234", "1800-1234",  // UAN business numbers
            "080-123-4567",  // toll-free
            "060-234-5678",  // premium rate
            "012-3456-7890", "015-123-4567",  // M2M, pager
            "010-1234-567", "010-1234-56789", "010-12345-6789",
            "1012345678",  // domestic needs the trunk 0
            "8210-2345-6789",  // 82 without '+' must be separated
            "821012345678", "82212345678",  // … unless it is a standard mobile's MSISDN
            "+1 010-2345-6789",  // '+' with another country code inside the match
            "+82 80-123-4567",
            "2208106121",
        ])
    }

    func testForeignCountryCodeBeforeTheMatch() {
        XCTAssertNil(CandidateHelper.assess(validator, "010-1234-5678", before: "+1 "))
        XCTAssertNil(CandidateHelper.assess(validator, "010-1234-5678", before: "tel +44-"))
        XCTAssertNil(CandidateHelper.assess(validator, "010-1234-5678", before: "(+1) "))
        XCTAssertNotNil(CandidateHelper.assess(validator, "010-1234-5678", before: "+82 "))
        XCTAssertNotNil(CandidateHelper.assess(validator, "010-1234-5678", before: "tel 1 "))
    }

    func testDottedIPLikeNoise() {
        XCTAssertNil(CandidateHelper.assess(validator, "010.1234.5678", before: "192."))
        XCTAssertNil(CandidateHelper.assess(validator, "010.1234.5678", after: ".9"))
        XCTAssertNil(CandidateHelper.assess(validator, "01012345678", before: "3."))
        XCTAssertNotNil(CandidateHelper.assess(validator, "010.2345.6789", before: "번호."))
    }

    func testMaskHidesTheExchange() {
        XCTAssertEqual(CandidateHelper.assess(validator, "010-2345-6789")?.masked, "010-****-6789")
        XCTAssertEqual(CandidateHelper.assess(validator, "01023456789")?.masked, "010****6789")
        XCTAssertEqual(CandidateHelper.assess(validator, "+82 10-2345-6789")?.masked, "+82 10-****-6789")
        XCTAssertEqual(CandidateHelper.assess(validator, "02-312-3456")?.masked, "02-***-3456")
        XCTAssertEqual(CandidateHelper.assess(validator, "0505-123-4567")?.masked, "0505-***-4567")
    }

    /// A bare MSISDN is the recipient's number in an SMS gateway's log (`dest=821023456789`), a
    /// message's number in an identifier's field.
    func testBareMSISDNInAnIdentifiersFieldIsNoPhone() {
        assertAssessment(validator, "821043802611", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "821043802611", field: "dest", verdict: .plausible, confidence: 0.75...0.75)
        for name in ["msgkey", "msg_id", "msgKey", "reqid", "request_id", "data-log-id"] {
            assertAssessment(validator, "821043802611", field: name, verdict: .plausible, confidence: 0...0.45)
        }
        // A phone's handle or a caller's id is the phone.
        for name in ["id", "alternateId", "callingStationId", "user_id"] {
            assertAssessment(validator, "821043802611", field: name, verdict: .plausible, confidence: 0.75...0.75)
        }
        assertAssessment(validator, "+821043802611", field: "msgkey", verdict: .plausible, confidence: 0.75...0.75)
        assertAssessment(validator, "010-4380-2611", field: "msgkey", verdict: .plausible, confidence: 0.85...0.85)
    }

    func testNegativeContext() {
        assertAssessment(validator, "010-2345-6789", negative: true, verdict: .plausible, confidence: 0.45...0.45)
    }
}
