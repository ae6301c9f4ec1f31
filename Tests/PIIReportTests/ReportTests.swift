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
        XCTAssertTrue(output.hasPrefix(#"logs/"odd"\tname.log"# + "\n  12:5 "), output)  // the tab escaped
        XCTAssertTrue(output.contains("kr-rrn"))
        XCTAssertTrue(output.contains("900101-1******"))
        XCTAssertTrue(output.contains("x.gz: truncated"))
        XCTAssertTrue(output.contains("INCOMPLETE"))
    }

    func testEscapeShowsControlCharactersAsLsDoes() {
        XCTAssertEqual(TextReporter.escape("logs/app.log"), "logs/app.log")
        XCTAssertEqual(TextReporter.escape("한글 이름.csv"), "한글 이름.csv")
        XCTAssertEqual(TextReporter.escape("evil\u{1B}[31mRED\nfake.txt"), #"evil\x1b[31mRED\nfake.txt"#)
        XCTAssertEqual(TextReporter.escape("a\tb\rc\u{0}d\u{7F}"), #"a\tb\rc\x00d\x7f"#)
        XCTAssertEqual(TextReporter.escape("x\u{9B}y\u{202E}z\u{2028}"), #"x\u009by\u202ez\u2028"#)
        // A backslash is doubled, so an escaped name cannot pass for another one.
        XCTAssertEqual(TextReporter.escape(#"a\x1b"#), #"a\\x1b"#)
        XCTAssertNotEqual(TextReporter.escape(#"a\x1b"#), TextReporter.escape("a\u{1B}"))
    }

    /// Names from the scanned data — the file name, a table, column, key or JSON field — never
    /// reach the text report raw: an ESC would drive the terminal, a newline fake a report line.
    func testTextEscapesNamesFromTheData() throws {
        var named = finding
        named.path = "in/evil\u{1B}[31mRED\nfake.txt"
        named.field = "e\u{1B}]0;title\u{07}"
        var cell = finding
        cell.path = "db\n.sqlite"
        cell.line = 0
        cell.column = 0
        cell.record = RecordLocation(table: "t\u{1B}", column: "c\r", rowid: nil, primaryKey: "k\n1")
        var summary = summary()
        summary.add(named)
        summary.add(cell)
        summary.columns = [ColumnSummary(key: ColumnKey(path: "db\n.sqlite", table: "t\u{1B}", column: "c\r"), rows: 1,
                                         rowsWithFindings: [.rrn: 1])]
        let output = try render(.text) { reporter in
            try reporter.finding(named)
            try reporter.finding(cell)
            try reporter.issue(InputIssue(kind: .skipped, path: "bin\u{1B}.dat", message: "binary file skipped"))
            try reporter.finish(summary)
        }
        XCTAssertFalse(output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, output)
        XCTAssertTrue(output.hasPrefix(#"in/evil\x1b[31mRED\nfake.txt"# + "\n"), output)
        XCTAssertTrue(output.contains(#"(field e\x1b]0;title\x07)"#), output)
        XCTAssertTrue(output.contains(#"t\x1b.c\r [key k\n1]"#), output)
        XCTAssertTrue(output.contains(#"  bin\x1b.dat: binary file skipped"#), output)
        XCTAssertTrue(output.contains(#"  in/evil\x1b[31mRED\nfake.txt  (kr-rrn 1)"#), output)
        XCTAssertTrue(output.contains("\n  " + #"db\n.sqlite"# + "\n"), "column table: \(output)")
        XCTAssertFalse(output.split(separator: "\n").contains { $0.hasPrefix("fake.txt") }, "no forged line")
    }

    /// A joined or Korean column name wider than the name column still leaves space before its
    /// counts (Hangul takes two terminal columns).
    func testWideColumnNamesKeepTheirCountsApart() throws {
        var summary = summary()
        summary.columns = [
            ColumnSummary(key: ColumnKey(path: "shop.db", table: "g5_member", column: "휴대폰1+휴대폰2+휴대폰3"), rows: 3, rowsWithFindings: [.phone: 1]),
            ColumnSummary(key: ColumnKey(path: "shop.db", table: "m", column: "hp"), rows: 3, rowsWithFindings: [.phone: 2]),
        ]
        let output = try render(.text) { try $0.finish(summary) }
        XCTAssertTrue(output.contains("g5_member.휴대폰1+휴대폰2+휴대폰3  kr-phone 1"), output)
        XCTAssertTrue(output.contains("m.hp" + String(repeating: " ", count: 28) + "kr-phone 2"), output)
    }
}
