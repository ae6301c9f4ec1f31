import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

final class PolicyTests: XCTestCase {
    private func engine(_ configure: (inout ScanConfiguration) -> Void = { _ in }) throws -> ScanEngine {
        var configuration = ScanConfiguration()
        configuration.fingerprinter = Fingerprinter(secret: Array("test-key".utf8))
        configure(&configuration)
        return try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
    }

    func testInlineAllowMarksFindingsOnItsLineOnly() throws {
        let findings = try engine().scan(text: """
            rrn 900101-1234568 // piiscan:allow
            rrn 850315-2012341
            phone 010-2345-6789 mail hong@naver.com # piiscan:allow kr-phone
            free text 010-2345-6789 # piiscan:allow test fixture
            typo 010-2345-6789 # piiscan:allow kr-phnoe
            prose 010-2345-6789 # piiscan:allowed is not the marker

            """)
        let flags = findings.map { "\($0.line) \($0.category.rawValue) \($0.suppressed)" }
        XCTAssertEqual(flags, [
            "1 kr-rrn true", "2 kr-rrn false", "3 kr-phone true", "3 email false", "4 kr-phone true",
            "5 kr-phone false", "6 kr-phone false",
        ])
    }

    /// The quick check run once per line before the full one.
    func testContainsMarkerFindsTheMarkerAnywhereOnTheLine() {
        func contains(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { InlineSuppression.containsMarker($0) } }
        XCTAssertTrue(contains("piiscan:allow"))
        XCTAssertTrue(contains("x = 1 # piiscan:allow kr-phone"))
        XCTAssertTrue(contains("{\"a\":\"b\"} // piiscan:allowed"), "the full check decides what follows")
        XCTAssertTrue(contains(String(repeating: "a:b:", count: 1000) + "piiscan:allow"))
        XCTAssertFalse(contains("piiscan:allo"))
        XCTAssertFalse(contains("piiscan: allow"))
        XCTAssertFalse(contains(":allow piiscan"))
        XCTAssertFalse(contains(String(repeating: "{\"k\":\"v\"},", count: 1000)))
        XCTAssertFalse(contains(""))
    }

    func testInlineAllowCanBeTurnedOff() throws {
        let findings = try engine { $0.inlineSuppression = false }.scan(text: "900101-1234568 piiscan:allow\n")
        XCTAssertEqual(findings.map(\.suppressed), [false])
    }

    func testAdmitCountsHeldBackFindings() throws {
        let scanEngine = try engine()
        let findings = scanEngine.scan(text: "900101-1234568 piiscan:allow\n850315-2012341\n010-2345-6789\nhong@naver.com\n", path: "a.txt")
        XCTAssertEqual(findings.count, 4)
        var configuration = scanEngine.configuration
        configuration.policy.defaultMinConfidence = 0.5
        configuration.policy.minConfidenceByCategory = [Category("email"): 0.99]
        configuration.policy.allowedFingerprints = [findings[2].fingerprint]
        var baseline = Baseline()
        baseline.insert(findings[1])
        configuration.policy.baseline = baseline
        var summary = ScanSummary()
        let admitted = findings.filter { configuration.admit($0, counting: &summary) }
        XCTAssertEqual(admitted, [])
        XCTAssertEqual([summary.suppressed, summary.baselined, summary.allowlisted], [1, 1, 1])
        // The same value in another file is not baselined.
        var moved = findings[1]
        moved.path = "b.txt"
        XCTAssertTrue(configuration.admit(moved, counting: &summary))
    }

    func testBaselineFileIsSortedStableAndRoundTrips() throws {
        var baseline = Baseline()
        for (path, rule, print) in [("z.txt", "kr-rrn", "hmac-sha256:bb"), ("a\tb.txt", "email", "hmac-sha256:aa"),
                                    ("a.txt", "kr-rrn", "hmac-sha256:cc"), ("a.txt", "email", "hmac-sha256:dd")] {
            baseline.insert(Finding(
                path: path, line: 7, column: 1, offset: 0, length: 1, category: Category(rule), rule: rule,
                verdict: .confirmed, confidence: 1, masked: "", fingerprint: Fingerprint(print)))
        }
        let text = baseline.serialized()
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(entries, [
            "a%09b.txt\temail\thmac-sha256:aa", "a.txt\temail\thmac-sha256:dd", "a.txt\tkr-rrn\thmac-sha256:cc",
            "z.txt\tkr-rrn\thmac-sha256:bb",
        ])
        XCTAssertFalse(text.contains("7"), "no line numbers (nor anything else that moves)")
        XCTAssertEqual(try Baseline.parse(text, source: "b"), baseline)
        XCTAssertEqual(try Baseline.parse(text, source: "b").serialized(), text)
        // A Windows checkout (`core.autocrlf=true`) turns every line end into CRLF.
        XCTAssertEqual(try Baseline.parse(text.replacingOccurrences(of: "\n", with: "\r\n"), source: "b"), baseline)
        // The key id is a comment line (older versions skip it) that survives the round trip.
        XCTAssertNil(baseline.keyID)
        baseline.keyID = "0123456789abcdef"
        let keyed = baseline.serialized()
        XCTAssertTrue(keyed.contains("\n# key-id: 0123456789abcdef\n"), keyed)
        XCTAssertEqual(try Baseline.parse(keyed, source: "b").keyID, "0123456789abcdef")
        XCTAssertEqual(try Baseline.parse(keyed.replacingOccurrences(of: "\n", with: "\r\n"), source: "b"), baseline)
        XCTAssertThrowsError(try Baseline.parse("a.txt kr-rrn hmac-sha256:x\n", source: "f")) { error in
            XCTAssertTrue("\(error)".hasPrefix("f:1: expected"), "\(error)")
        }
    }

    func testBaselinePathsAreRelativeToTheBaselineFile() {
        let paths = BaselinePaths(base: "/repo/sub", baselineDirectory: "/repo")
        XCTAssertEqual(paths.key(for: "./a/../b.txt"), "sub/b.txt")
        XCTAssertEqual(paths.key(for: "/repo/x/y.txt"), "x/y.txt")
        XCTAssertEqual(paths.key(for: "/elsewhere/y.txt"), "/elsewhere/y.txt")
        // Outside the baseline's directory but in the same tree: `..` steps, never absolute.
        let nested = BaselinePaths(base: "/repo", baselineDirectory: "/repo/ci")
        XCTAssertEqual(nested.key(for: "src/a.txt"), "../src/a.txt")
        XCTAssertEqual(nested.key(for: "/repo/src/a.txt"), "../src/a.txt")
        XCTAssertEqual(nested.key(for: "ci/a.txt"), "a.txt")
        XCTAssertEqual(BaselinePaths(base: "/r", baselineDirectory: "/r/a/b").key(for: "a/c.txt"), "../c.txt")
        XCTAssertEqual(BaselinePaths(base: "/r", baselineDirectory: "/r/a/b").key(for: "/r/x"), "../../x")
        XCTAssertEqual(paths.key(for: "-"), "-")
        XCTAssertEqual(BaselinePaths().key(for: "./a//b.txt"), "a/b.txt")
    }

    func testFailThreshold() throws {
        let known: Set<String> = ["kr-rrn", "kr-phone", "kr-rrn-masked"]
        func finding(_ category: String, _ verdict: Verdict) -> Finding {
            Finding(path: "p", line: 1, column: 1, offset: 0, length: 1, category: Category(category), rule: category,
                    verdict: verdict, confidence: 1, masked: "", fingerprint: "")
        }
        let any = FailThreshold()
        XCTAssertTrue(any.fails(finding("kr-phone", .plausible)))
        XCTAssertFalse(any.fails(finding("kr-rrn-masked", .plausible)))
        let confirmedRRN = try FailThreshold(terms: ["confirmed,kr-rrn"], known: known)
        XCTAssertTrue(confirmedRRN.fails(finding("kr-rrn", .confirmed)))
        XCTAssertFalse(confirmedRRN.fails(finding("kr-rrn", .plausible)))
        XCTAssertFalse(confirmedRRN.fails(finding("kr-phone", .confirmed)))
        // A category covers its partial exposures, not its masked look-alikes.
        let rrn = try FailThreshold(terms: ["kr-rrn"], known: known)
        XCTAssertTrue(rrn.fails(finding("kr-rrn-partial", .plausible)))
        XCTAssertFalse(rrn.fails(finding("kr-rrn-masked", .plausible)))
        XCTAssertTrue(any.fails(finding("kr-rrn-partial", .plausible)))
        XCTAssertFalse(try FailThreshold(terms: ["none"], known: known).fails(finding("kr-rrn", .confirmed)))
        XCTAssertThrowsError(try FailThreshold(terms: ["none", "kr-rrn"], known: known))
        XCTAssertThrowsError(try FailThreshold(terms: ["kr-rnn"], known: known)) { error in
            XCTAssertTrue("\(error)".contains("unknown term 'kr-rnn'"))
        }
    }
}
