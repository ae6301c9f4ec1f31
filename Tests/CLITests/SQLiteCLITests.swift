import CSQLite
import Foundation
import XCTest

/// SQLite databases through the command line: attribution, the column summary in every format,
/// errors and exit codes, the leak property and determinism.
final class SQLiteCLITests: CLITestCase {
    /// Raw values planted in `fixtures/sql/shop.sql`; none may appear without --show-values.
    private static let rawValues = [
        "900101-1234568", "850315-2012341", "8503152012341", "900101-5123467", "9001011234568", "010-2345-6789",
        "01023456789", "1023456789", "hong.gildong@naver.com", "테헤란로 152",
    ]

    /// Builds `fixtures/sql/<sql>` as `<name>` in `directory`.
    private func database(_ name: String, from sql: String = "shop.sql", in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let text = try String(contentsOf: Self.root.appendingPathComponent("fixtures/sql/\(sql)"), encoding: .utf8)
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            sqlite3_close(db)
            throw CocoaError(.fileWriteUnknown)
        }
        defer { sqlite3_close(db) }
        XCTAssertEqual(sqlite3_exec(db, text, nil, nil, nil), SQLITE_OK)
        return path
    }

    func testFindingsAndColumnSummaryInEveryFormat() throws {
        let directory = try temporaryDirectory()
        let path = try database("shop.db", in: directory)

        let json = try piiscan(["scan", "--format", "json", path])
        XCTAssertEqual(json.status, 1, json.all)
        XCTAssertTrue(json.stdout.contains(
            #""table":"customers","column":"jumin_no","rowid":1,"offset":0,"length":14,"category":"kr-rrn""#), json.stdout)
        XCTAssertTrue(json.stdout.contains(#""table":"members","column":"phone","primary_key":"h***@naver.com|shop""#))
        XCTAssertTrue(json.stdout.contains(#""rows":11,"#), json.stdout)
        XCTAssertTrue(json.stdout.contains(
            #"{"path":"\#(path)","table":"customers","column":"jumin_no","rows":4,"rows_with_findings":{"kr-rrn":2},"share":{"kr-rrn":0.5}}"#),
            json.stdout)
        XCTAssertTrue(json.stdout.contains(
            #"{"path":"\#(path)","table":"customers","column":"name","rows":4,"rows_with_findings":{},"share":{}}"#))

        let ndjson = try piiscan(["scan", "--format", "ndjson", path])
        let summary = try XCTUnwrap(ndjson.stdout.split(separator: "\n").last)
        XCTAssertTrue(summary.hasPrefix(#"{"type":"summary""#))
        XCTAssertTrue(summary.contains(#""columns":[{"path":"#), String(summary))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        XCTAssertEqual((object["columns"] as? [Any])?.count, 22 + 5 + 2)  // legacy_members: 5 columns, 2 joined pairs

        let text = try piiscan(["scan", path])
        XCTAssertTrue(text.stdout.contains("customers.jumin_no [rowid 1]"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Database columns with findings:"))
        XCTAssertTrue(text.stdout.contains("customers.jumin_no              kr-rrn 2 (50%)"), text.stdout)
        XCTAssertFalse(text.stdout.contains("customer_contacts"), "views are not scanned")
    }

    func testBrokenDatabaseIsAnErrorAndTheScanGoesOn() throws {
        let directory = try temporaryDirectory()
        let bad = directory.appendingPathComponent("encrypted.db")
        try Data(Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0xA5, count: 4096)).write(to: bad)
        let good = try database("shop.db", in: directory)
        let outcome = try piiscan(["scan", "--format", "ndjson", bad.path, good])
        XCTAssertEqual(outcome.status, 2, outcome.all)
        XCTAssertTrue(outcome.stderr.contains("encrypted.db: SQLite database: file is not a database"), outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains(#"{"type":"error","path":"\#(bad.path)""#), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""table":"customers""#), "the other database is still scanned")
        XCTAssertTrue(outcome.stdout.contains(#""complete":false"#))
    }

    func testSampleRows() throws {
        let directory = try temporaryDirectory()
        let path = try database("shop.db", in: directory)
        let outcome = try piiscan(["scan", "--format", "json", "--sample-rows", "2", path])
        XCTAssertTrue(outcome.stdout.contains(
            #""table":"customers","column":"jumin_no","rows":2,"table_rows":4,"sample_fraction":0.5,"#), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""table":"numbers","column":"rrn","rows":1,"table_rows":1,"sample_fraction":1,"#))
        XCTAssertEqual(try piiscan(["scan", "--sample-rows", "0", path]).status, 2)
    }

    func testSQLiteOnStandardInputIsSkipped() throws {
        let directory = try temporaryDirectory()
        let path = try database("shop.db", in: directory)
        let outcome = try piiscan(["scan", "--format", "ndjson"], stdin: try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(outcome.status, 0, outcome.all)
        XCTAssertTrue(outcome.stdout.contains("SQLite database on a stream skipped"), outcome.stdout)
    }

    func testNoRawValueWithoutShowValues() throws {
        let directory = try temporaryDirectory()
        let path = try database("shop.db", in: directory)
        var captured = ""
        for format in ["text", "json", "ndjson"] {
            captured += try piiscan(["scan", "--format", format, "--min-confidence", "0", path]).all
        }
        for value in Self.rawValues {
            XCTAssertFalse(captured.contains(value), "raw value leaked: \(value.prefix(3))…")
        }
        let shown = try piiscan(["scan", "--format", "ndjson", "--show-values", path]).stdout
        XCTAssertTrue(shown.contains("hong.gildong@naver.com|shop"), "the primary key is shown with --show-values")
        XCTAssertTrue(shown.contains(#""value":"900101-1234568""#))
    }

    func testSameReportForAnyThreadCount() throws {
        let directory = try temporaryDirectory()
        _ = try database("a.db", in: directory)
        try Data("연락처 010-2345-6789\n".utf8).write(to: directory.appendingPathComponent("b.log"))
        _ = try database("c.db", in: directory)
        let one = try piiscan(["scan", "--format", "json", "--threads", "1", directory.path])
        let two = try piiscan(["scan", "--format", "json", "--threads", "2", directory.path])
        XCTAssertEqual(one.status, 1)
        XCTAssertEqual(one.stdout, two.stdout)
    }
}
