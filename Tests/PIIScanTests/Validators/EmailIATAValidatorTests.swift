import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Addresses of an airline reservation's `SSR CTCE` element, spelled with IATA's `//`, `..`
/// and `./` for `@`, `_` and `-`.
final class EmailIATAValidatorTests: XCTestCase {
    let validator = EmailIATAValidator()

    func testSpellingIsUndone() {
        func plain(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBytes { EmailIATAValidator.plainAddress($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        XCTAssertEqual(plain("HONG.GILDONG//NAVER.COM"), "HONG.GILDONG@NAVER.COM")
        XCTAssertEqual(plain("KIM..MINSU84//HANMAIL.NET"), "KIM_MINSU84@HANMAIL.NET")
        XCTAssertEqual(plain("LEE./JIWOO//KOREA./UNIV.AC.KR"), "LEE-JIWOO@KOREA-UNIV.AC.KR")
        XCTAssertNil(plain("HONG.GILDONG.NAVER.COM"), "no `//`: no address")
        XCTAssertNil(plain("A//B//C.COM"), "two `//`")
        XCTAssertNil(plain("A/B//C.COM"), "a lone slash")
    }

    /// Judged like a plain address (a placeholder domain or a role account is none), only with
    /// the element in the context window; the canonical form is the plain address, so the
    /// passenger is one person with the same address written plainly in another file.
    func testJudgedAsThePlainAddress() throws {
        let found = try XCTUnwrap(CandidateHelper.assess(validator, "HONG.GILDONG//NAVER.COM", before: "SSR CTCE KE HK1 ", after: "/P1"))
        XCTAssertEqual(found.category, .email)
        XCTAssertGreaterThanOrEqual(found.confidence, 0.9)
        XCTAssertEqual(CandidateHelper.canonical(found), "hong.gildong@naver.com")
        XCTAssertEqual(found.canonical, CandidateHelper.assess(EmailValidator(), "hong.gildong@naver.com")?.canonical)
        XCTAssertEqual(found.masked, "H***@NAVER.COM")
        XCTAssertNotNil(CandidateHelper.assess(validator, "KIM..MS//HANMAIL.NET", before: "3SSRCTCEKEHK1/"), "Sabre's glued element")
        XCTAssertNil(CandidateHelper.assess(validator, "HONG.GILDONG//NAVER.COM", before: "RMK "), "no CTCE element")
        XCTAssertNil(CandidateHelper.assess(validator, "HONG//EXAMPLE.COM", before: "SSR CTCE KE HK1 "))
        XCTAssertLessThan(
            CandidateHelper.assess(validator, "NOREPLY//AIRLINE.CO.KR", before: "SSR CTCE KE HK1 ")?.confidence ?? 0, found.confidence,
            "a role account")
    }

    /// Through the engine: a PNR history log, masked by default, the value at its encoded bytes.
    func testFoundInAReservationLog() throws {
        var configuration = testConfiguration(threads: 1)
        configuration.minConfidence = 0.5
        let engine = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
        let directory = try TemporaryDirectory()
        let line = "2026-03-15T00:10:21.804+09:00 INFO [gds-sync-12] PNR=8KWK47 SSR CTCE KE HK1 HYESUNG.CHO51//NAVER.COM/P1"
        let path = try directory.write("pnr_history.log", "2026-03-15T00:10:20 INFO start\n" + line + "\nRMK CALL PAX BACK\n")
        let findings = try engine.collect([path]).findings
        XCTAssertEqual(findings.map(\.category), [.email])
        XCTAssertEqual(findings.first?.line, 2)
        XCTAssertEqual(findings.first?.masked, "H***@NAVER.COM")
        XCTAssertNil(findings.first?.value, "no raw value without --show-values")
        XCTAssertEqual(findings.first?.length, "HYESUNG.CHO51//NAVER.COM".utf8.count)
    }
}
