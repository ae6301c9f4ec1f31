import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// The same findings, in the same order, whatever the buffer size, thread count and chunking.
final class DeterminismTests: XCTestCase {
    /// A deterministic mix of log lines with values, noise, CRLF, a very long line and a last
    /// line without a newline.
    static func corpus(seed: UInt64, lines: Int) -> [UInt8] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let values = [
            "주민번호 900101-1234568", "hp=010-2345-6789", "email: hong.gildong@naver.com", "카드 4111-1111-1111-1111",
            "배송지 서울특별시 강남구 테헤란로 152 (역삼동)", "ts=1730000000000", "id 123-4567", "여권번호 M12345678",
            "tel 02-312-3456", "FRN 900101-5123467", "order 8801234567893",
        ]
        var text = ""
        for i in 0..<lines {
            var line = "2026-11-29T10:\(i % 60):00Z INFO req=\(next() % 100000)"
            for _ in 0..<(next() % 3) { line += " " + values[Int(next() % UInt64(values.count))] }
            if next() % 50 == 0 {  // a line far longer than the small buffers
                for _ in 0..<800 { line += " pad\(next() % 1000)" + (next() % 40 == 0 ? " " + values[Int(next() % 5)] : "") }
            }
            text += line + (next() % 10 == 0 ? "\r\n" : "\n")
        }
        text += "last line without newline 010-9876-5432"
        return Array(text.utf8)
    }

    /// Two deliberately overlapping regex-only rules, so overlap resolution across window
    /// boundaries is exercised independently of the built-in validators.
    static let syntheticRules = RuleSet(rules: [
        Rule(id: "digits7", category: Category("test-digits"), regex: #"(?<![0-9])\d{3}-\d{4}(?![0-9])"#, confidence: 0.6),
        Rule(id: "wide", category: Category("test-wide"), regex: #"\d{2}-\d{4}\h[a-z]{3}"#, keywords: ["id"], confidence: 0.5),
    ])

    private func assertIdenticalAcrossConfigurations(rules: RuleSet, files: [[UInt8]], minimumFindings: Int) throws {
        let directory = try TemporaryDirectory()
        var paths: [String] = []
        for (index, bytes) in files.enumerated() { paths.append(try directory.write("f\(index).log", bytes)) }

        let reference = try ScanEngine(configuration: testConfiguration(bufferSize: 8 << 20, chunkSize: 1 << 40), rules: rules)
            .collect(paths)
        XCTAssertGreaterThanOrEqual(reference.findings.count, minimumFindings)
        XCTAssertTrue(reference.issues.isEmpty, "\(reference.issues)")

        for bufferSize in [4096, 4099, 8192, 65536] {
            for threads in [1, 2, 3] {
                for chunkSize: Int64 in [5_000, 65_536, 1 << 40] {
                    let engine = try ScanEngine(
                        configuration: testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize), rules: rules)
                    let result = engine.collect(paths)
                    let label = "buffer \(bufferSize), threads \(threads), chunk \(chunkSize)"
                    XCTAssertEqual(result.findings.count, reference.findings.count, label)
                    XCTAssertEqual(result.findings, reference.findings, label)
                    XCTAssertEqual(result.summary.bytes, reference.summary.bytes, label)
                    XCTAssertEqual(result.summary.counts, reference.summary.counts, label)
                    if result.findings != reference.findings { return }
                }
            }
        }
    }

    func testSyntheticRulesGiveIdenticalFindingsForAnyBufferThreadsAndChunks() throws {
        let files = [Self.corpus(seed: 1, lines: 400), Self.corpus(seed: 2, lines: 50), [], Self.corpus(seed: 3, lines: 3)]
        try assertIdenticalAcrossConfigurations(rules: Self.syntheticRules, files: files, minimumFindings: 50)
    }

    func testBuiltInRulesGiveIdenticalFindingsForAnyBufferThreadsAndChunks() throws {
        let files = [Self.corpus(seed: 7, lines: 300), Self.corpus(seed: 8, lines: 40)]
        try assertIdenticalAcrossConfigurations(rules: try RuleSet.builtIn(), files: files, minimumFindings: 50)
    }

    /// With threads, a scan's last units are small (so no worker is left alone with a large one),
    /// and they shrink steadily; one thread keeps whole chunks.
    func testUnitsShrinkTowardsTheEndOfAScanWithThreads() {
        let chunk: Int64 = 4 << 20
        XCTAssertEqual(ScanEngine.unitSize(remaining: 1 << 40, chunkSize: chunk, threads: 1), chunk)
        XCTAssertEqual(ScanEngine.unitSize(remaining: 1 << 20, chunkSize: chunk, threads: 1), chunk)
        for threads in [2, 3, 8] {
            XCTAssertEqual(ScanEngine.unitSize(remaining: 1 << 40, chunkSize: chunk, threads: threads), chunk)
            let total: Int64 = 400_000_000
            var remaining = total
            var sizes: [Int64] = []
            while remaining > 0 {
                let size = ScanEngine.unitSize(remaining: remaining, chunkSize: chunk, threads: threads)
                XCTAssertGreaterThan(size, 0)
                sizes.append(min(size, remaining))
                remaining -= size
            }
            XCTAssertEqual(sizes.first, chunk, "threads \(threads)")
            XCTAssertEqual(Array(sizes.dropLast()), sizes.dropLast().sorted(by: >), "threads \(threads)")
            XCTAssertLessThanOrEqual(sizes.suffix(threads).max()!, chunk / 16, "threads \(threads)")
            XCTAssertLessThan(sizes.count, Int(total / chunk) + 40 * threads, "threads \(threads)")
        }
    }

    func testWholeBufferScanMatchesStreamingScanAndLineNumbersAreRight() throws {
        let engine = try ScanEngine(configuration: testConfiguration(bufferSize: 4096), rules: Self.syntheticRules)
        let bytes = Array("a\nid 12-3456 abc\n\n  555-1234\r\nxx 777-8888".utf8)
        let findings = engine.scan(bytes: bytes, path: "mem")
        XCTAssertEqual(findings.map(\.line), [2, 4, 5])
        XCTAssertEqual(findings.map(\.column), [4, 3, 4])
        XCTAssertEqual(findings.map(\.offset), [5, 20, 33])
        XCTAssertEqual(findings.map(\.rule), ["wide", "digits7", "digits7"])
        for finding in findings {
            let text = String(decoding: bytes[Int(finding.offset)..<Int(finding.offset) + finding.length], as: UTF8.self)
            XCTAssertTrue(text.contains("-"), text)
        }
    }
}

/// A rule's prefilter must not change its findings: compare with the same rules without it on
/// text built to stress it (dense `@`, long local parts, values across buffer boundaries).
final class PrefilterEquivalenceTests: XCTestCase {
    static func emailSoup(seed: UInt64, length: Int) -> [UInt8] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let pieces = [
            "a", "b", "Z", "9", ".", "-", "_", "+", "@", "@", "*", " ", "\n", "가", "naver.com", "co.kr", "x@y", "hong",
            "gil.dong", "@2x.png", ".", "ab*@daum.net", "h***@", "mailer-daemon@", "@@", "com", "한국",
            String(repeating: "k", count: 70),
            // Bytes no match consumes, right before local parts (the scan starts after the last one).
            ",", "\"", "=", "<", ":", "\\n", "\\", "(", "%", "%40", "\t", "\u{00e9}", "메일:",
        ]
        var text = ""
        while text.utf8.count < length { text += pieces[next() % pieces.count] }
        return Array(text.utf8)
    }

    func testEmailPrefilterFindsExactlyWhatAWholeBufferSearchFinds() throws {
        let withPrefilter = RuleSet(rules: try RuleSet.builtIn().rules.filter { $0.prefilter != nil })
        XCTAssertEqual(withPrefilter.rules.map(\.id).sorted(), ["email", "email-masked"])
        var without = withPrefilter.rules
        for index in without.indices {
            without[index].prefilter = nil
            without[index].start = nil
        }

        var configuration = testConfiguration(bufferSize: 4096)
        configuration.minConfidence = 0
        let fast = try ScanEngine(configuration: configuration, rules: withPrefilter)
        let slow = try ScanEngine(configuration: configuration, rules: RuleSet(rules: without))
        var total = 0
        for seed in 1...6 {
            let text = Self.emailSoup(seed: UInt64(seed), length: 60_000)
            let expected = slow.scan(bytes: text)
            XCTAssertEqual(fast.scan(bytes: text), expected, "seed \(seed)")
            total += expected.count
        }
        let corpus = DeterminismTests.corpus(seed: 11, lines: 300)
        XCTAssertEqual(fast.scan(bytes: corpus), slow.scan(bytes: corpus))
        XCTAssertGreaterThan(total, 100, "the soup must contain e-mail findings")
    }

    /// The prefiltered search starts after the last byte before an anchor that the rule's
    /// alphabet does not hold: an alphabet missing a byte that local parts use must be noticed.
    func testTheComparisonCatchesAReachThatIsTooShort() throws {
        var configuration = testConfiguration(bufferSize: 4096)
        configuration.minConfidence = 0
        configuration.decodeValues = false  // the decoded-line search reads the alphabet too
        let rules = try RuleSet.builtIn().rules.filter { $0.prefilter != nil }
        let detectors = try rules.map { try Detector(rule: $0) }
        func scan(_ detectors: [Detector], _ text: [UInt8]) -> [Finding] {
            var source = MemorySource(text)
            var findings: [Finding] = []
            _ = UnitScanner(detectors: detectors, configuration: configuration).scan(&source, path: "-") { findings.append($0) }
            return findings
        }
        let texts = (1...3).map { Self.emailSoup(seed: UInt64($0), length: 60_000) }
        let expected = texts.map { scan(detectors, $0) }
        for removed: UInt32 in [0x2E, 0x2D, 0x67] {  // `.`, `-`, `g`
            var mutated = detectors
            for index in mutated.indices {
                let alphabet = try XCTUnwrap(mutated[index].alphabet)
                var smaller = MatchAlphabet()
                for value in UInt32(0)..<128 where value != removed && alphabet.contains(value) { smaller.insert(value) }
                for range in alphabet.ranges { smaller.insert(range) }
                mutated[index] = mutated[index].replacingAlphabet(smaller)
            }
            XCTAssertTrue(
                zip(texts, expected).contains { scan(mutated, $0.0) != $0.1 }, "a reach without \(removed) went unnoticed")
        }
    }
}

/// The engine counts findings through `SummaryTally`; its summary must be the one
/// `ScanSummary.add` builds from the same findings, one by one, in report order.
final class SummaryTallyTests: XCTestCase {
    func testEngineSummaryEqualsAddingEachReportedFinding() throws {
        let directory = try TemporaryDirectory()
        var paths: [String] = []
        for seed in 1...3 { paths.append(try directory.write("f\(seed).log", DeterminismTests.corpus(seed: UInt64(seed), lines: 400))) }
        paths.append(try directory.write("empty.log", Array("nothing here\n".utf8)))
        for threads in [1, 2] {
            let result = try ScanEngine(configuration: testConfiguration(threads: threads, chunkSize: 20_000), rules: try RuleSet.builtIn())
                .collect(paths)
            var expected = ScanSummary()
            for finding in result.findings { expected.add(finding) }
            expected.exposure.finish()
            XCTAssertGreaterThan(result.findings.count, 100)
            XCTAssertGreaterThan(Set(result.findings.map(\.category)).count, 5)
            XCTAssertEqual(result.summary.counts, expected.counts, "threads \(threads)")
            XCTAssertEqual(result.summary.verdicts, expected.verdicts, "threads \(threads)")
            XCTAssertEqual(result.summary.perFile, expected.perFile, "threads \(threads)")
            XCTAssertEqual(result.summary.perFile.count, 3)
            XCTAssertEqual(result.summary.exposure, expected.exposure, "threads \(threads)")
        }
    }
}
