import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

final class InputTests: XCTestCase {
    private let rules = RuleSet(rules: [
        Rule(id: "code", category: Category("test-code"), regex: #"(?<![0-9])\d{3}-\d{4}(?![0-9])"#, confidence: 0.6)
    ])

    private func engine(threads: Int = 1, bufferSize: Int = 4096) throws -> ScanEngine {
        try ScanEngine(configuration: testConfiguration(threads: threads, bufferSize: bufferSize), rules: rules)
    }

    func testGzipOffsetsAreInDecompressedBytes() throws {
        let directory = try TemporaryDirectory()
        let text = Array("line one\nvalue 123-4567 here\n".utf8)
        let plain = try directory.write("a.log", text)
        let compressed = try directory.write("a.log.gz", try gzipped(text))
        let result = try engine().collect([plain, compressed])
        XCTAssertEqual(result.findings.count, 2)
        XCTAssertEqual(result.findings[0].offset, result.findings[1].offset)
        XCTAssertEqual(result.findings[1].line, 2)
        XCTAssertEqual(result.summary.files, 2)
        XCTAssertEqual(result.summary.bytes, Int64(text.count * 2))
    }

    func testConcatenatedGzipMembersAreAllRead() throws {
        let directory = try TemporaryDirectory()
        let first = Array(String(repeating: "noise line\n", count: 3000).utf8) + Array("a 111-2222\n".utf8)
        let second = Array("b 333-4444\n".utf8)
        let path = try directory.write("multi.gz", try gzipped(first) + gzipped(second))
        let result = try engine().collect([path])
        XCTAssertEqual(result.findings.map(\.line), [3001, 3002])
        XCTAssertTrue(result.issues.isEmpty)
    }

    func testTruncatedGzipKeepsEarlierFindingsAndReportsAnError() throws {
        let directory = try TemporaryDirectory()
        var text = "first 123-4567\n"
        var state: UInt64 = 42
        for _ in 0..<20000 {  // incompressible filler so the cut lands after the first value
            state = state &* 6364136223846793005 &+ 1
            text += String(state >> 20, radix: 36) + "\n"
        }
        let compressed = try gzipped(Array(text.utf8))
        let path = try directory.write("cut.gz", Array(compressed.prefix(compressed.count / 2)))
        let result = try engine().collect([path])
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertEqual(result.issues.count, 1)
        XCTAssertEqual(result.issues.first?.kind, .error)
        XCTAssertTrue(result.issues.first?.message.contains("truncated gzip") ?? false, "\(result.issues)")
        XCTAssertFalse(result.summary.complete)
    }

    func testCorruptGzipIsAnError() throws {
        let directory = try TemporaryDirectory()
        var compressed = try gzipped(Array(String(repeating: "data 123-4567\n", count: 100).utf8))
        for index in 12..<min(40, compressed.count - 8) { compressed[index] ^= 0x5A }
        let result = try engine().collect([try directory.write("bad.gz", compressed)])
        XCTAssertEqual(result.issues.first?.kind, .error)
        XCTAssertFalse(result.summary.complete)
    }

    func testBinaryFilesAreSkippedWithANoteAndNeverScanned() throws {
        let directory = try TemporaryDirectory()
        let binary = try directory.write("blob.bin", [0x00, 0x01, 0x02] + Array("123-4567".utf8) + [0x00])
        let png = try directory.write("x.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(" 123-4567".utf8))
        let gzBinary = try directory.write("blob.gz", try gzipped([0, 0, 0] + Array("123-4567".utf8)))
        let result = try engine().collect([binary, png, gzBinary])
        XCTAssertTrue(result.findings.isEmpty)
        XCTAssertEqual(result.issues.map(\.kind), [.skipped, .skipped, .skipped])
        XCTAssertTrue(result.summary.complete)
        XCTAssertEqual(result.summary.skipped, 3)
    }

    func testUnreadableAndMissingInputsAreErrorsAndTheScanContinues() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.log", "x 123-4567\n")
        let result = try engine().collect([directory.path + "/missing.log", good])
        XCTAssertEqual(result.issues.count, 1)
        XCTAssertEqual(result.issues[0].kind, .error)
        XCTAssertTrue(result.issues[0].path.hasSuffix("missing.log"))
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertFalse(result.summary.complete)
    }

    func testUTF8BOMAndInvalidBytesDoNotStopDetection() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a 123-4567".utf8) + [0xFF, 0xC3, 0x0A] + Array("\u{FFFD} 765-4321\r\n".utf8)
        let findings = try engine().scan(bytes: bytes)
        XCTAssertEqual(findings.map(\.line), [1, 2])
        XCTAssertEqual(findings[0].column, 6)  // columns count bytes, BOM included
    }

    func testSniffer() {
        func kind(_ bytes: [UInt8]) -> ContentKind { bytes.withUnsafeBytes { ContentSniffer.classify($0) } }
        XCTAssertEqual(kind([0x1F, 0x8B, 8, 0]), .gzip)
        XCTAssertEqual(kind(Array("plain text\n".utf8)), .text)
        XCTAssertEqual(kind(Array("한국어 텍스트\n".utf8)), .text)
        XCTAssertEqual(kind([]), .text)
        XCTAssertNotEqual(kind(Array("SQLite format 3\0".utf8)), .text)
        XCTAssertNotEqual(kind([0x41, 0x00, 0x42]), .text)
        XCTAssertEqual(kind([0xFF, 0xFE, 0x41, 0x00]), .text)  // UTF-16 LE with BOM: transcoded
        // Mostly control bytes: more than one in ten (tab, line breaks, form feed, escape not counted).
        let text = Array(String(repeating: "log line\t\u{1B}[0m\r\n\u{0C}", count: 40).utf8)
        XCTAssertEqual(kind(text), .text)
        var controls = Array(repeating: UInt8(ascii: "a"), count: 100)
        for index in 0..<11 { controls[index * 9] = UInt8(1 + index % 8) }
        XCTAssertEqual(kind(controls), .unsupported(reason: "binary file skipped (mostly control bytes)"))
        controls[0] = UInt8(ascii: "a")
        XCTAssertEqual(kind(controls), .text, "10 in 100 is not more than one in ten")
        XCTAssertEqual(kind(Array(repeating: 0x1F, count: 31)), .text, "too short to judge")
    }
}

final class ChangingInputTests: XCTestCase {
    /// A file that shrinks between listing and reading (log rotation) is reported, not silently
    /// scanned short.
    func testFileTruncatedAfterListingIsAnError() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("rotating.log", String(repeating: "line 123-4567\n", count: 1000))
        let entries = Walker().walk([path])
        XCTAssertEqual(truncate(path, 100), 0)
        let rules = RuleSet(rules: [Rule(id: "code", category: Category("t"), regex: #"\d{3}-\d{4}"#, confidence: 0.6)])
        var issues: [InputIssue] = []
        var findings = 0
        let summary = try ScanEngine(configuration: testConfiguration(), rules: rules).scan(entries) { event in
            switch event {
            case .finding: findings += 1
            case .issue(let issue): issues.append(issue)
            }
        }
        XCTAssertEqual(findings, 7)
        XCTAssertEqual(issues.count, 1)
        XCTAssertTrue(issues.first?.message.contains("shrank") ?? false, "\(issues)")
        XCTAssertFalse(summary.complete)
    }
}

/// Files that change between listing and reading, through the same engine the binary uses
/// (the window between the walk and the open cannot be hit reliably from outside the process).
final class ListedThenChangedTests: XCTestCase {
    private let rules = RuleSet(rules: [Rule(id: "code", category: Category("t"), regex: #"\d{3}-\d{4}"#, confidence: 0.6)])

    private func scan(_ entries: [WalkEntry]) throws -> (findings: [Finding], issues: [InputIssue], summary: ScanSummary) {
        var findings: [Finding] = []
        var issues: [InputIssue] = []
        let summary = try ScanEngine(configuration: testConfiguration(threads: 2, chunkSize: 4096), rules: rules).scan(entries) { event in
            switch event {
            case .finding(let finding): findings.append(finding)
            case .issue(let issue): issues.append(issue)
            }
        }
        return (findings, issues, summary)
    }

    /// Deleted after the walk listed it: an error naming the file; the other file is scanned.
    func testFileDeletedBetweenListingAndOpening() throws {
        let directory = try TemporaryDirectory()
        let gone = try directory.write("a-gone.log", "x 123-4567\n")
        let kept = try directory.write("b-kept.log", "y 765-4321\n")
        let entries = Walker().walk([directory.path])
        XCTAssertEqual(unlink(gone), 0)
        let result = try scan(entries)
        XCTAssertEqual(result.issues.map(\.path), [gone])
        XCTAssertEqual(result.issues.first?.message, "cannot open: No such file or directory")
        XCTAssertEqual(result.findings.map(\.path), [kept])
        XCTAssertFalse(result.summary.complete)
    }

    /// Rotated after listing (renamed away, a new short file in its place): the new file is
    /// shorter than listed, which is reported instead of a silent short scan.
    func testFileRotatedBetweenListingAndReading() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("app.log", String(repeating: "line 123-4567\n", count: 2000))
        let entries = Walker().walk([path])
        XCTAssertEqual(rename(path, path + ".1"), 0)
        _ = try directory.write("app.log", "new 123-4567\n")
        let result = try scan(entries)
        XCTAssertEqual(result.issues.count, 1, "\(result.issues)")
        XCTAssertTrue(result.issues.first?.message.contains("shrank") ?? false, "\(result.issues)")
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertFalse(result.summary.complete)
    }

    /// Growing while read (a live log): scanned up to the size it had when listed, which is a
    /// complete scan of that snapshot; the appended lines wait for the next scan.
    func testGrowingFileIsScannedToItsListedSize() throws {
        let directory = try TemporaryDirectory()
        let original = String(repeating: "line 123-4567\n", count: 1000)
        let path = try directory.write("live.log", original)
        let entries = Walker().walk([path])
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(String(repeating: "more 765-4321\n", count: 1000).utf8))
        try handle.close()
        let result = try scan(entries)
        XCTAssertTrue(result.issues.isEmpty, "\(result.issues)")
        XCTAssertEqual(result.findings.count, 1000)
        XCTAssertEqual(result.summary.bytes, Int64(original.utf8.count))
        XCTAssertTrue(result.summary.complete)
    }
}


/// A rule that hits PCRE2's backtracking limit on one line: that line is reported where it is
/// and skipped for that rule, and the lines before and after it are still searched.
final class MatchLimitTests: XCTestCase {
    func testTheLineAtFaultIsReportedAndTheOthersStillSearched() throws {
        let directory = try TemporaryDirectory()
        // `(?:a+)+b` backtracks exponentially on a long run of a's with a b later on the line
        // (the b defeats PCRE2's required-character shortcut).
        let lines = ["id aab ok", "x " + String(repeating: "a", count: 40) + "!b", "then aab again", "and aab"]
        let path = try directory.write("limit.log", lines.joined(separator: "\n") + "\n")
        let slow = Rule(id: "slow", category: Category(rawValue: "slow"), regex: "(?:a+)+b", confidence: 0.9)
        for bufferSize in [4096, 1 << 20] {
            var configuration = testConfiguration(bufferSize: bufferSize)
            configuration.minConfidence = 0
            let engine = try ScanEngine(configuration: configuration, rules: RuleSet(rules: [slow]))
            let (findings, issues, _) = engine.collect([path])
            XCTAssertEqual(findings.map(\.line), [1, 3, 4], "buffer \(bufferSize)")
            XCTAssertEqual(issues.count, 1, "\(issues)")
            let faultyLineStart = lines[0].utf8.count + 1
            XCTAssertTrue(issues.first?.message.contains("rule 'slow'") ?? false, "\(issues)")
            XCTAssertTrue(issues.first?.message.contains("near byte \(faultyLineStart);") ?? false, "\(issues)")
        }
    }
}
