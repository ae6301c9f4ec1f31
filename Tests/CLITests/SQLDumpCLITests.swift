import Foundation
import XCTest

/// SQL dump files through the command line: text locations plus table/column/row, the column
/// summary, gzip and standard input, determinism and the leak property.
final class SQLDumpCLITests: CLITestCase {
    /// Raw values planted in `fixtures/sql/dumps/`; none may appear without --show-values.
    private static let rawValues = [
        "900101-1234568", "850315-2012341", "900101-5123467", "010-2345-6789", "02-312-3456", "hong.gildong@naver.com",
        "테헤란로 152",
    ]

    func testAttributionAndColumnSummaryInEveryFormat() throws {
        let dump = "fixtures/sql/dumps/mysqldump.sql"
        let json = try piiscan(["scan", "--format", "json", dump])
        XCTAssertEqual(json.status, 1, json.all)
        XCTAssertTrue(json.stdout.contains(
            #"{"path":"\#(dump)","line":40,"column":46,"table":"members","table_column":"rrn","row":1,"offset":1295,"length":14,"category":"kr-rrn""#),
            json.stdout)
        XCTAssertTrue(json.stdout.contains(#""line":42,"column":28,"table":"members","table_column":"address","row":4,"#))
        XCTAssertTrue(json.stdout.contains(#""rows":7,"#))
        XCTAssertTrue(json.stdout.contains(
            #"{"path":"\#(dump)","table":"members","column":"rrn","rows":4,"rows_with_findings":{"kr-frn":1,"kr-rrn":2},"share":{"kr-frn":0.25,"kr-rrn":0.5}}"#),
            json.stdout)
        XCTAssertTrue(json.stdout.contains(
            #"{"path":"\#(dump)","table":"orders","column":"buyer_phone","rows":2,"rows_with_findings":{"kr-phone":2},"share":{"kr-phone":1}}"#))

        let ndjson = try piiscan(["scan", "--format", "ndjson", "fixtures/sql/dumps/pg_dump.sql"])
        XCTAssertTrue(ndjson.stdout.contains(#""table":"public.customers","table_column":"memo","row":2,"#), ndjson.stdout)
        let summary = try XCTUnwrap(ndjson.stdout.split(separator: "\n").last)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        XCTAssertEqual((object["columns"] as? [Any])?.count, 8)

        let text = try piiscan(["scan", dump])
        XCTAssertTrue(text.stdout.contains("  40:46      members.rrn [row 1] kr-rrn"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Database columns with findings:"))
        XCTAssertTrue(text.stdout.contains("members.rrn                     kr-frn 1 (25%), kr-rrn 2 (50%)"), text.stdout)
    }

    func testGzipAndStandardInputAndThreadsGiveTheSameReport() throws {
        let source = Self.root.appendingPathComponent("fixtures/sql/dumps/sqlite-dump.sql")
        let bytes = try Data(contentsOf: source)
        let directory = try temporaryDirectory()
        let compressed = directory.appendingPathComponent("dump.sql.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", "-n", directory.appendingPathComponent("dump.sql").path]
        try bytes.write(to: directory.appendingPathComponent("dump.sql"))
        try gzip.run()
        gzip.waitUntilExit()

        func report(_ arguments: [String], stdin: Data? = nil) throws -> String {
            let outcome = try piiscan(["scan", "--format", "ndjson"] + arguments, stdin: stdin)
            XCTAssertEqual(outcome.status, 1, outcome.all)
            // Paths differ; findings and column counts must not.
            return outcome.stdout.replacingOccurrences(of: #""path":"[^"]*""#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #","per_file":\{[^}]*\}\}"#, with: "", options: .regularExpression)
        }
        let reference = try report(["--threads", "1", source.path])
        XCTAssertTrue(reference.contains(#""table":"order items","table_column":"buyer email","row":1"#), reference)
        XCTAssertEqual(try report(["--threads", "2", "--buffer-size", "4096", source.path]), reference)
        XCTAssertEqual(try report([compressed.path]), reference)
        XCTAssertEqual(try report([], stdin: bytes), reference)
        XCTAssertEqual(try report([], stdin: try Data(contentsOf: compressed)), reference)
    }

    /// SSMS saves "Generate Scripts" output as UTF-16 by default, with `GO` batches and no `;`:
    /// rows are attributed as in a UTF-8 dump, at the original (UTF-16) offsets.
    func testUTF16SQLServerScript() throws {
        let script = """
            SET ANSI_NULLS ON\r
            GO\r
            CREATE TABLE [dbo].[고객](\r
            \t[id] [int] NOT NULL,\r
            \t[주민번호] [nvarchar](14) NULL\r
            ) ON [PRIMARY]\r
            GO\r
            INSERT [dbo].[고객] ([id], [주민번호]) VALUES (1, N'900101-1234568')\r
            INSERT [dbo].[고객] VALUES (2, N'850315-2012341')\r
            GO\r

            """
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("shop.sql")
        try (Data([0xFF, 0xFE]) + script.data(using: .utf16LittleEndian)!).write(to: file)
        let outcome = try piiscan(["scan", "--format", "ndjson", file.path])
        XCTAssertEqual(outcome.status, 1, outcome.all)
        // Offsets in UTF-16 bytes after the byte-order mark; the column counts from the line's start.
        let before = script.components(separatedBy: "900101")[0]
        let lineStart = 2 + 2 * before[..<before.range(of: "INSERT")!.lowerBound].utf16.count
        let offset = 2 + 2 * before.utf16.count
        XCTAssertTrue(outcome.stdout.contains(
            #""line":8,"column":\#(offset - lineStart + 1),"table":"dbo.고객","table_column":"주민번호","row":1,"offset":\#(offset),"length":28,"category":"kr-rrn""#),
            outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""table":"dbo.고객","table_column":"주민번호","row":2,"#), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains(#""table":"dbo.고객","column":"주민번호","rows":2,"rows_with_findings":{"kr-rrn":2}"#), outcome.stdout)
    }

    func testNoRawValueWithoutShowValues() throws {
        var captured = ""
        for format in ["text", "json", "ndjson"] {
            captured += try piiscan(["scan", "fixtures/sql/dumps", "--format", format, "--color", "always"]).all
        }
        for value in Self.rawValues {
            XCTAssertFalse(captured.contains(value), "raw value leaked: \(value.prefix(3))…")
        }
        let shown = try piiscan(["scan", "fixtures/sql/dumps", "--format", "ndjson", "--show-values"])
        XCTAssertEqual(Self.rawValues.filter { shown.stdout.contains($0) }.count, Self.rawValues.count)
    }
}
