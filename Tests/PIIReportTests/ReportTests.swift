import Foundation
import PIIModel
import PIIReport
import XCTest

final class ReportTests: XCTestCase {
    private let finding = Finding(
        path: "logs/\"odd\"\tname.log", line: 12, column: 5, offset: 1234, length: 14, category: .rrn, rule: "kr-rrn",
        verdict: .confirmed, confidence: 0.95, masked: "900101-1******", fingerprint: "hmac-sha256:9f2c")

    /// Runs a reporter into a pipe and returns what it wrote.
    private func render(_ format: ReportFormat, _ body: (any Reporter) throws -> Void) throws -> String {
        let pipe = Pipe()
        let sink = OutputSink(fd: pipe.fileHandleForWriting.fileDescriptor)
        try body(makeReporter(format, sink: sink))
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    private func summary() -> ScanSummary {
        var summary = ScanSummary()
        summary.files = 2
        summary.bytes = 99
        summary.add(finding)
        summary.errors = 1
        summary.complete = false
        return summary
    }

    func testQuoteEscapesControlCharacters() {
        XCTAssertEqual(JSONWriter.quote("a\"b\\c\n\t\u{01}한"), #""a\"b\\c\n\t\u0001한""#)
        XCTAssertEqual(JSONWriter.format(1), "1")
        XCTAssertEqual(JSONWriter.format(0.95), "0.95")
    }

    func testNDJSONHasOneTypedObjectPerLine() throws {
        let output = try render(.ndjson) { reporter in
            try reporter.finding(finding)
            try reporter.issue(InputIssue(kind: .error, path: "x.gz", message: "truncated gzip stream after 10 decompressed bytes"))
            try reporter.finish(summary())
        }
        let lines = output.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(objects.map { $0["type"] as? String }, ["finding", "error", "summary"])
        XCTAssertEqual(objects[0]["path"] as? String, "logs/\"odd\"\tname.log")
        XCTAssertEqual(objects[0]["masked"] as? String, "900101-1******")
        XCTAssertEqual(objects[0]["confidence"] as? Double, 0.95)
        XCTAssertNil(objects[0]["value"])
        XCTAssertEqual(objects[2]["complete"] as? Bool, false)
        XCTAssertEqual((objects[2]["counts"] as? [String: Int])?["kr-rrn"], 1)
        XCTAssertTrue(lines[0].hasPrefix(#"{"type":"finding","path":"#), "key order is fixed")
    }

    func testDatabaseFindingsNameTableColumnAndRow() throws {
        var cell = finding
        cell.path = "shop.db"
        cell.line = 0
        cell.column = 0
        cell.offset = 0
        cell.record = RecordLocation(table: "customers", column: "rrn", rowid: 42)
        let output = try render(.ndjson) {
            try $0.finding(cell)
            try $0.finish(ScanSummary())
        }
        XCTAssertTrue(
            output.hasPrefix(#"{"type":"finding","path":"shop.db","table":"customers","column":"rrn","rowid":42,"offset":0,"#),
            output)
        XCTAssertFalse(output.contains(#""line""#))
        let text = try render(.text) {
            try $0.finding(cell)
            try $0.finish(ScanSummary())
        }
        XCTAssertTrue(text.contains("customers.rrn [rowid 42]"), text)
    }

    func testJSONIsOneDocument() throws {
        let output = try render(.json) { reporter in
            try reporter.finding(finding)
            try reporter.finding(finding)
            try reporter.issue(InputIssue(kind: .skipped, path: "b.bin", message: "binary file skipped"))
            try reporter.finish(summary())
        }
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        XCTAssertEqual((document["findings"] as? [Any])?.count, 2)
        XCTAssertEqual((document["errors"] as? [Any])?.count, 0)
        XCTAssertEqual((document["skipped"] as? [[String: String]])?.first?["path"], "b.bin")
        XCTAssertEqual((document["summary"] as? [String: Any])?["files"] as? Int, 2)

        let empty = try render(.json) { try $0.finish(ScanSummary()) }
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(empty.utf8)))
    }

    func testTextGroupsByFileAndSummarises() throws {
        let output = try render(.text) { reporter in
            try reporter.finding(finding)
            try reporter.issue(InputIssue(kind: .error, path: "x.gz", message: "truncated"))
            try reporter.finish(summary())
        }
        XCTAssertTrue(output.hasPrefix("logs/\"odd\"\tname.log\n  12:5 "), output)
        XCTAssertTrue(output.contains("kr-rrn"))
        XCTAssertTrue(output.contains("900101-1******"))
        XCTAssertTrue(output.contains("x.gz: truncated"))
        XCTAssertTrue(output.contains("INCOMPLETE"))
    }
}
