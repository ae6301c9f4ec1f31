import PIIModel
import XCTest

@testable import PIIScan

final class DriverLicenseValidatorTests: XCTestCase {
    let validator = DriverLicenseValidator()

    func testSpecValidExamples() {
        assertAssessment(validator, "11-22-333333-44", verdict: .plausible, category: .driverLicense, confidence: 0.5...0.5)
        assertAssessment(validator, "11 22 333333 44", verdict: .plausible, confidence: 0.5...0.5)
        assertAssessment(validator, "28-19-123456-01", verdict: .plausible, confidence: 0.5...0.5)
        assertAssessment(validator, "서울-05-123456-11", verdict: .plausible, confidence: 0.7...0.7)
        assertAssessment(validator, "서울 05-123456-11", verdict: .plausible, confidence: 0.7...0.7)
        // Digits only: tier L without context, M with it.
        assertAssessment(validator, "112233333344", verdict: .plausible, confidence: 0.2...0.2)
        assertAssessment(validator, "112233333344", keyword: true, verdict: .plausible, confidence: 0.5...0.5)
        assertAssessment(validator, "11-22333333-44", verdict: .plausible, confidence: 0.4...0.4)
    }

    func testHangulRegionCanonicalUsesTheNumericCode() {
        let result = CandidateHelper.assess(validator, "서울-05-123456-11")
        XCTAssertEqual(CandidateHelper.canonical(result), "110512345611")
        XCTAssertEqual(result?.masked, "서울-05-******-11")
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "11-05-123456-11")), "110512345611")
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "경기 98-765432-10")), "139876543210")
    }

    func testMaskHidesTheSerial() {
        XCTAssertEqual(CandidateHelper.assess(validator, "11-22-333333-44")?.masked, "11-22-******-44")
        XCTAssertEqual(CandidateHelper.assess(validator, "112233333344")?.masked, "1122******44")
    }

    func testNearMisses() {
        assertRejected(validator, [
            "27-22-333333-44", "10-22-333333-44", "29-22-333333-44", "01-22-333333-44", "11-22-33333-44",
            "11-22-3333333-44", "11--22-333333-44", "11-223-33333-44", "세종-05-123456-11", "11/22/333333/44",
        ], keyword: true)
    }

    func testNegativeContext() {
        assertAssessment(validator, "11-22-333333-44", negative: true, verdict: .plausible, confidence: 0.1...0.1)
    }

    /// The account id of an ARN, whose service name (`license-manager`) is a licence keyword.
    func testARNAccountIdIsNotALicence() {
        for before in ["arn:aws:license-manager:us-west-2:", "\"arn:aws-us-gov:iam::", "--arn arn:aws:ec2:eu-west-1:"] {
            XCTAssertNil(CandidateHelper.assess(validator, "123456789012", before: before, keyword: true), before)
        }
        // Not an ARN's fourth field: assessed as usual.
        for before in ["licence: ", "arn:aws:s3:::", "barn:aws:iam::", "arn:aws:license manager:us:"] {
            XCTAssertNotNil(CandidateHelper.assess(validator, "123456789012", before: before, keyword: true), before)
        }
    }
}
