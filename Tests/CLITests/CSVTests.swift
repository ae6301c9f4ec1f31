import Foundation
import XCTest

/// `--format csv` and `--format csv-summary`.
final class CSVTests: CLITestCase {
    /// Splits RFC 4180 text into records (quoted cells may hold commas, quotes and line breaks).
    private func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var cell = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { cell.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
                } else { cell.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { record.append(cell); cell = ""
            } else if c == "\r" { continue
            } else if c == "\n" { record.append(cell); records.append(record); record = []; cell = ""
            } else { cell.unicodeScalars.append(c) }
        }
        return records
    }

    func testOneRowPerFindingWithMaskedValues() throws {
        let csv = try piiscan(["scan", "fixtures/inputs", "--format", "csv"])
        XCTAssertEqual(csv.status, 2)
        XCTAssertTrue(csv.stdout.contains("\r\n"), "RFC 4180 line ends")
        let records = parse(csv.stdout)
        let header = try XCTUnwrap(records.first)
        XCTAssertEqual(header.first, "path")
        XCTAssertFalse(header.contains("value"))
        XCTAssertTrue(records.allSatisfy { $0.count == header.count }, "every row has every column")
        let json = try JSONSerialization.jsonObject(with: Data(try piiscan(["scan", "fixtures/inputs", "--format", "json"]).stdout.utf8))
        let findings = try XCTUnwrap((json as? [String: Any])?["findings"] as? [[String: Any]])
        let category = header.firstIndex(of: "category")!
        let errorRows = records.dropFirst().filter { $0[category] == "error" }
        XCTAssertEqual(errorRows.map { $0[0] }, ["fixtures/inputs/gzip/truncated.log.gz"], "the input not read completely")
        XCTAssertEqual(records.count - 1 - errorRows.count, findings.count)
        let masked = header.firstIndex(of: "masked")!
        XCTAssertEqual(records[1][masked], findings[0]["masked"] as? String)
        for value in try fixtureLines("expected-values.txt") {
            XCTAssertFalse(csv.stdout.contains(value), "raw value leaked: \(value.prefix(3))…")
        }

        let shown = try piiscan(["scan", "fixtures/inputs/apache", "--format", "csv", "--show-values"])
        let shownRecords = parse(shown.stdout)
        XCTAssertEqual(shownRecords.first?.last, "value")
        XCTAssertEqual(shownRecords[1].last, "850315-2012341")
    }

    /// An input that could not be read completely is a row in both CSV formats (README: errors
    /// are on stderr *and* in the report), so a spreadsheet shows that the report is incomplete
    /// and which inputs failed; its path and message are defused like any cell. A complete scan
    /// has no such row.
    func testErrorsAreRows() throws {
        let directory = try temporaryDirectory()
        try "연락처 010-2345-6789\n".write(to: directory.appendingPathComponent("ok.log"), atomically: true, encoding: .utf8)
        let complete = try piiscan(["scan", "--format", "csv", "ok.log"], directory: directory)
        XCTAssertEqual(complete.status, 1, complete.stderr)
        XCTAssertFalse(parse(complete.stdout).contains { $0.contains("error") })
        let completeSummary = try piiscan(["scan", "--format", "csv-summary", "ok.log"], directory: directory)
        XCTAssertFalse(parse(completeSummary.stdout).contains { $0.first == "error" })

        let name = "=cmd|x.log.gz"
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("fixtures/inputs/gzip/truncated.log.gz"), to: directory.appendingPathComponent(name))
        let csv = try piiscan(["scan", "--format", "csv", "ok.log", name, "missing.log"], directory: directory)
        XCTAssertEqual(csv.status, 2, csv.stderr)
        let rows = parse(csv.stdout)
        let header = rows[0]
        XCTAssertTrue(rows.allSatisfy { $0.count == header.count }, "every row has every column")
        let category = header.firstIndex(of: "category")!
        let masked = header.firstIndex(of: "masked")!
        let errors = rows.dropFirst().filter { $0[category] == "error" }
        XCTAssertEqual(errors.map { $0[0] }, ["'" + name, "missing.log"])
        XCTAssertTrue(errors[0][masked].hasPrefix("truncated gzip stream after"), errors[0][masked])
        XCTAssertTrue(errors[1][masked].hasPrefix("cannot open"), errors[1][masked])
        for row in errors {
            XCTAssertEqual(row.enumerated().filter { !$0.element.isEmpty }.map(\.offset), [0, category, masked], "only path, category and message")
        }
        XCTAssertGreaterThan(rows.count - 1 - errors.count, 1, "findings before the error are kept")
        let shown = parse(try piiscan(["scan", "--format", "csv", "--show-values", name], directory: directory).stdout)
        XCTAssertTrue(shown.allSatisfy { $0.count == shown[0].count })
        XCTAssertEqual(shown.filter { $0[category] == "error" }.count, 1)

        let summary = try piiscan(["scan", "--format", "csv-summary", "ok.log", name, "missing.log"], directory: directory)
        XCTAssertEqual(summary.status, 2)
        let summaryRows = parse(summary.stdout)
        XCTAssertTrue(summaryRows.allSatisfy { $0.count == summaryRows[0].count })
        let summaryErrors = summaryRows.filter { $0.first == "error" }
        XCTAssertEqual(summaryErrors.map { $0[1] }, ["'" + name, "missing.log"])
        XCTAssertTrue(summaryErrors[0][summaryRows[0].firstIndex(of: "category")!].hasPrefix("truncated gzip stream after"))
        XCTAssertEqual(summaryRows.last?.first, "error", "error rows come last")
    }

    func testFormulaInjectionIsDefused() throws {
        let directory = try temporaryDirectory()
        // A file name that a spreadsheet would run as a formula, and a phone number starting with +.
        let name = "=HYPERLINK(\"x\",1).log"
        try "연락처 +82-10-2345-6789\n".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let csv = try piiscan(["scan", "--format", "csv", name], directory: directory)
        XCTAssertEqual(csv.status, 1, csv.stderr)
        let rows = parse(csv.stdout)
        XCTAssertEqual(rows.count, 2, csv.stdout)
        XCTAssertEqual(rows[1][0], "'" + name)
        let masked = rows[1][rows[0].firstIndex(of: "masked")!]
        XCTAssertTrue(masked.hasPrefix("'+82"), masked)
    }

    /// A file name with a terminal escape (set the window title) and a bidirectional override:
    /// the CSV on stdout carries them as visible escapes, not as control characters.
    func testTerminalControlsInNamesAreEscaped() throws {
        let directory = try temporaryDirectory()
        let name = "a\u{1B}]0;pwned\u{07}b\u{202E}gol.txt"
        try "연락처 010-2345-6789\n".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let csv = try piiscan(["scan", "--format", "csv", name], directory: directory)
        XCTAssertEqual(csv.status, 1, csv.stderr)
        XCTAssertFalse(csv.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, csv.stdout)
        XCTAssertEqual(parse(csv.stdout)[1][0], #"a\x1b]0;pwned\x07b\u202egol.txt"#)
    }

    /// `decoding` and `field` columns (empty when none), before the optional `value`; a field name
    /// that a spreadsheet would run (`@user`) is defused like any other cell.
    func testDecodingAndFieldColumns() throws {
        let directory = try temporaryDirectory()
        try "{\"@user\":\"hong%40naver.com\"}\ntel ０１０－２３４５－６７８９\nrrn=900101-1234568\n"
            .write(to: directory.appendingPathComponent("app.log"), atomically: true, encoding: .utf8)
        for showValues in [false, true] {
            let csv = try piiscan(["scan", "--format", "csv", "app.log"] + (showValues ? ["--show-values"] : []), directory: directory)
            XCTAssertEqual(csv.status, 1, csv.stderr)
            let rows = parse(csv.stdout)
            let header = try XCTUnwrap(rows.first)
            XCTAssertEqual(Array(header.suffix(showValues ? 3 : 2)), ["decoding", "field"] + (showValues ? ["value"] : []))
            let decoding = try XCTUnwrap(header.firstIndex(of: "decoding"))
            let field = try XCTUnwrap(header.firstIndex(of: "field"))
            XCTAssertEqual(rows.dropFirst().map { [$0[decoding], $0[field]] }, [["percent", "'@user"], ["fullwidth", ""], ["", "rrn"]])
            XCTAssertTrue(rows.allSatisfy { $0.count == header.count })
        }
    }

    func testSummaryCountsMatchTheJSONSummary() throws {
        let summaryCSV = try piiscan(["scan", "fixtures/inputs", "--format", "csv-summary"])
        XCTAssertEqual(summaryCSV.status, 2)
        let rows = parse(summaryCSV.stdout)
        XCTAssertEqual(rows.first, ["scope", "path", "table", "column", "category", "findings", "files", "rows", "rows_with_findings", "share"])
        let json = try JSONSerialization.jsonObject(with: Data(try piiscan(["scan", "fixtures/inputs", "--format", "json"]).stdout.utf8))
        let summary = try XCTUnwrap((json as? [String: Any])?["summary"] as? [String: Any])
        let counts = try XCTUnwrap(summary["counts"] as? [String: Int])
        let totals = Dictionary(uniqueKeysWithValues: rows.filter { $0[0] == "total" }.map { ($0[4], Int($0[5])!) })
        XCTAssertEqual(totals, counts)
        let perFile = try XCTUnwrap(summary["per_file"] as? [String: [String: Int]])
        let fileRows = rows.filter { $0[0] == "file" }
        XCTAssertEqual(fileRows.count, perFile.values.reduce(0) { $0 + $1.count })
        for row in fileRows { XCTAssertEqual(perFile[row[1]]?[row[4]], Int(row[5])) }
    }

    func testSummaryHasDatabaseColumns() throws {
        let directory = try temporaryDirectory()
        let dump = "CREATE TABLE members(name TEXT, rrn TEXT);\nINSERT INTO members VALUES ('kim','900101-1234568');\nINSERT INTO members VALUES ('lee','none');\n"
        try dump.write(to: directory.appendingPathComponent("dump.sql"), atomically: true, encoding: .utf8)
        let csv = try piiscan(["scan", "--format", "csv-summary", "dump.sql"], directory: directory)
        XCTAssertEqual(csv.status, 1, csv.stderr)
        XCTAssertTrue(parse(csv.stdout).contains(["column", "dump.sql", "members", "rrn", "kr-rrn", "", "", "2", "1", "0.5"]), csv.stdout)
    }
}
