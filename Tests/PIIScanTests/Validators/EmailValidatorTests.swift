import PIIModel
import XCTest

@testable import PIIScan

final class EmailValidatorTests: XCTestCase {
    let validator = EmailValidator()

    func testSpecValidExamples() {
        for text in ["hong.gildong@naver.com", "kim_01+shop@daum.net", "lee@hanmail.net"] {
            assertAssessment(validator, text, verdict: .plausible, category: .email, confidence: 0.9...0.9)
        }
        for text in ["park@korea.ac.kr", "user@회사.한국", "user@회사.xn--3e0b707e", "someone@company.co.kr", "a.b@sub.example.io"] {
            assertAssessment(validator, text, verdict: .plausible, category: .email, confidence: 0.85...0.85)
        }
        assertAssessment(validator, "hong@naver.com", keyword: true, verdict: .plausible, confidence: 1...1)
    }

    func testCanonicalIsLowerCased() {
        XCTAssertEqual(CandidateHelper.canonical(CandidateHelper.assess(validator, "Hong.GilDong@NAVER.com")), "hong.gildong@naver.com")
    }

    func testMask() {
        XCTAssertEqual(CandidateHelper.assess(validator, "hong@naver.com")?.masked, "h***@naver.com")
        XCTAssertEqual(CandidateHelper.assess(validator, "kim_01+shop@daum.net")?.masked, "k***@daum.net")
    }

    /// After a `*` (Markdown emphasis), the address counts only when a `*` closes it on the
    /// line; otherwise the star masks (`email-masked` reports `*ong@naver.com`).
    func testEmphasisNeedsItsClosingStar() {
        assertAssessment(validator, "hong@naver.com", before: "*", after: "*", verdict: .plausible, category: .email, confidence: 0.9...0.9)
        XCTAssertNotNil(CandidateHelper.assess(validator, "dirk.meyer@dinoex.co.kr", before: "see *", after: " via Richard*"))
        XCTAssertNil(CandidateHelper.assess(validator, "ong@naver.com", before: "*", after: " 고객"))
        XCTAssertNotNil(CandidateHelper.assess(validator, "hong@naver.com", before: "_", after: ""))
    }

    func testTrailingSentenceDotIsTrimmed() {
        let result = CandidateHelper.assess(validator, "user@mail.naver.com.")
        XCTAssertEqual(result?.trimEnd, 1)
        XCTAssertEqual(CandidateHelper.canonical(result), "user@mail.naver.com")
        XCTAssertEqual(CandidateHelper.assess(validator, "user@mail.naver.com")?.trimEnd, 0)
    }

    func testTLDMustExist() {
        assertRejected(validator, [
            "deploy@bastion", "root@prod-db-01", "user@host.local", "user@server.internal", "pkg@1.4.2",
            "admin@192.168.0.1", "a@b.c", "x@test", "a@localhost", "user@site.notatld", "me@foo.",
        ])
        XCTAssertTrue(EmailTLDs.all.contains("com"))
        XCTAssertTrue(EmailTLDs.all.contains("kr"))
        XCTAssertTrue(EmailTLDs.all.contains("xn--3e0b707e"))
        XCTAssertTrue(EmailTLDs.all.contains("한국"))
        XCTAssertFalse(EmailTLDs.all.contains("local"))
        XCTAssertGreaterThan(EmailTLDs.all.count, 1400)
    }

    func testAssetAndPackageNames() {
        assertRejected(validator, [
            "icon@2x.png", "photo@2x.jpg", "logo@3x.webp",
            "clip@2x.mov", "backup@2024.zip", "v@1.app",  // TLDs that are also file extensions
            "lodash@4.17.21", "sha256@1.2.3",
        ])
    }

    func testGitRemotes() {
        assertRejected(validator, ["git@github.com", "hg@bitbucket.org", "svn@company.co.kr"])
        XCTAssertNil(CandidateHelper.assess(validator, "deploy@github.com", after: ":org/repo.git"))
        XCTAssertNotNil(CandidateHelper.assess(validator, "hong@naver.com", after: ": 확인"))
    }

    func testPlaceholders() {
        assertRejected(validator, ["test@example.com", "foo@example.org", "bar@example.net", "x@mail.example.com", "a@EXAMPLE.COM"])
        XCTAssertNotNil(CandidateHelper.assess(validator, "x@myexample.com"))
    }

    func testFormHintPlaceholders() {
        assertRejected(validator, ["example@domain.com", "Example@Naver.com", "yourname@gmail.com", "your.email@kakao.com",
                                   "hong@yourcompany.com", "kim.minsu@domain.com", "username@mydomain.com"])
        // Real-looking addresses around them stay: a longer local part or a domain that only
        // contains a generic one.
        assertAssessment(validator, "example.kim@naver.com", verdict: .plausible, confidence: 0.85...1)
        assertAssessment(validator, "minsu@hanbit-company.com", verdict: .plausible, confidence: 0.85...1)
        assertAssessment(validator, "minsu@mail.domain.co.kr", verdict: .plausible, confidence: 0.85...1)
    }

    func testRoleAccountsAreLow() {
        for text in ["noreply@naver.com", "no-reply@kakao.com", "postmaster@daum.net", "admin@company.co.kr",
                     "support@toss.im", "mailer-daemon@gmail.com", "noreply-alerts@service.kr", "Admin@Company.co.kr",
                     // a team's mailbox: a role word last in the local part; an unsubscribe address
                     "ga.support@samsungfire.com", "sre-oncall@shop.co.kr", "cs_help@bank.co.kr", "unsubscribe@news.co.kr",
                     // a front desk's, a shop's, a campaign's mailbox
                     "order@skyhill-cc.co.kr", "receipt@party.or.kr", "visit@hanbit-tower.co.kr", "tax-inbox@procure.go.kr"]
        {
            assertAssessment(validator, text, verdict: .plausible, confidence: 0...0.49)
            assertAssessment(validator, text, keyword: true, verdict: .plausible, confidence: 0...0.49)
        }
        // Words that follow a person's name as often are no team's.
        for text in ["kim.dev@naver.com", "hong.cs@snu.ac.kr", "support.kim@naver.com"] {
            assertAssessment(validator, text, verdict: .plausible, confidence: 0.85...1)
        }
    }

    /// Workload identities (Google Cloud service accounts) are not people.
    func testServiceAccountsAreLow() {
        for text in ["batch-export@shop-prod-123456.iam.gserviceaccount.com", "123456-compute@developer.gserviceaccount.com"] {
            assertAssessment(validator, text, verdict: .plausible, confidence: 0...0.49)
            assertAssessment(validator, text, keyword: true, verdict: .plausible, confidence: 0...0.49)
        }
        // Only the domain itself or a subdomain of it.
        assertAssessment(validator, "kim@notgserviceaccount.com", verdict: .plausible, confidence: 0.85...0.85)
    }

    /// A domain that is only a registry's public suffix names no mail host (spec §7.1).
    func testPublicSuffixOnlyDomains() {
        assertRejected(validator, ["hong@co.kr", "kim@seoul.kr", "lee@ac.kr", "park@go.kr", "a@or.kr", "b@ne.kr", "c@com.cn", "d@co.uk", "e@CO.KR"])
        for text in ["hong@shop.co.kr", "kim@snu.ac.kr", "lee@seoul.go.kr", "park@co.com", "jung@kr.co"] {
            assertAssessment(validator, text, verdict: .plausible, confidence: 0.85...0.85)
        }
    }

    /// Kerberos service principals (`service/host@REALM`) are a host, not a mailbox; a user
    /// principal with an upper-case realm is still someone's.
    func testKerberosServicePrincipals() {
        XCTAssertNil(CandidateHelper.assess(validator, "nn1.dp.shop.co.kr@SHOP.CO.KR", before: "principal hdfs/"))
        XCTAssertNil(CandidateHelper.assess(validator, "web01.corp.kr@CORP.KR", before: "HTTP/"))
        XCTAssertNotNil(CandidateHelper.assess(validator, "kim.minsu@CORP.KR", before: "principal "))
        XCTAssertNotNil(CandidateHelper.assess(validator, "hong@naver.com", before: "https://a.kr/u/"), "a lower-case domain after / stays")
    }

    func testURLCredentials() {
        XCTAssertNil(CandidateHelper.assess(validator, "secret@host.com", before: "see https://user:"))
        XCTAssertNotNil(CandidateHelper.assess(validator, "hong@naver.com", before: "https://a.kr/ 메일 "))
        XCTAssertNil(CandidateHelper.assess(validator, "anonymous@ftp.kernel.org", before: "ftp://"))
        // An address in a URL's path or query is not its user part.
        for before in [
            "GET https://mail.naver.com/?to=", "\"https://shop.co.kr/member/find?email=", "https://a.kr/u/",
            "https://a.kr/#", "https://a.kr/x?a=1&", "http://a.kr?to=",
        ] {
            XCTAssertNotNil(CandidateHelper.assess(validator, "hong@naver.com", before: before), before)
        }
    }

    func testMalformed() {
        assertRejected(validator, ["a@@b.com", "@naver.com", "hong@-naver.com", "hong@naver-.com", "hong@naver..com"])
    }

    func testNegativeContext() {
        assertAssessment(validator, "hong@naver.com", negative: true, verdict: .plausible, confidence: 0.5...0.5)
    }
}
