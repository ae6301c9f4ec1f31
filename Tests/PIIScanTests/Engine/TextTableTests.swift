import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Tables laid out in text name each column once, in a header line above the rows: a value in
/// a row is labelled by the header cell above it, found by display columns.
final class TextTableTests: XCTestCase {
    private func engine() throws -> ScanEngine {
        var configuration = testConfiguration()
        configuration.minConfidence = 0
        configuration.showValues = true
        return try ScanEngine(configuration: configuration, rules: RuleSet.builtIn())
    }

    private func found(_ text: String) throws -> [String] {
        try engine().scan(bytes: Array(text.utf8)).map { "\($0.category.rawValue) \($0.value ?? "") \($0.confidence)" }
    }

    func testHeaderCellAboveFoundByDisplayColumns() {
        let text = Array(" 성명       국적   여권번호     생년월일\n ---------- ------ ------------ ----------\n 홍길동     KOR    M12345678    1990-01-01\n 김철수     KOR                 1985-05-05\n 이영희     KOR    M87654321    1985-05-05\n".utf8)
        func header(_ value: String) -> String? {
            let bytes = Array(value.utf8)
            let start = (0...(text.count - bytes.count)).last { Array(text[$0..<($0 + bytes.count)]) == bytes }!
            var lineStart = start
            while lineStart > 0 && text[lineStart - 1] != 0x0A { lineStart -= 1 }
            return text.withUnsafeBytes { subject in
                TextTable.header(subject, lineStart: lineStart, start: start, end: start + bytes.count) {
                    String(decoding: $0, as: UTF8.self).hasSuffix("번호") || String(decoding: $0, as: UTF8.self) == "국적"
                }
                    .map { String(decoding: subject[$0], as: UTF8.self) }
            }
        }
        // Two rows down, past a row with nothing in the column and a rule line.
        XCTAssertEqual(header("M87654321"), "여권번호")
        XCTAssertEqual(header("M12345678"), "여권번호")
        XCTAssertEqual(header("KOR"), "국적", "past the row above's `KOR`: not a label")
        XCTAssertNil(header("1990-01-01"), "`생년월일` is no label here")
        XCTAssertEqual(text.withUnsafeBytes { TextTable.displayColumn($0, from: 0, to: 10) }, 8, "a Hangul syllable is two columns wide")
    }

    /// A printed report, a form's text from a PDF, and `psql` output: the column's name labels
    /// the values under it; a blank line ends a table, and a value not set off as a cell (one
    /// blank each side) takes no header.
    func testValuesUnderTheirColumnsName() throws {
        let report = """
            투숙객 명단 (2025-03-01)
             성명       국적   여권번호     생년월일
             홍길동     KOR    M12345678    1990-01-01
             김철수     KOR    M87654321    1985-05-05

            """
        XCTAssertEqual(try found(report), ["kr-passport M12345678 0.7", "kr-passport M87654321 0.7"])
        let receipt = """
             소득자 성명        주민등록번호          업종코드  지급총액
             조혜빈              810220-1963122       940909    7,440,000

            """
        XCTAssertEqual(try found(receipt), ["kr-rrn 810220-1963122 0.6"])
        let psql = """
             name   | passport  | note
            --------+-----------+------
             홍길동 | M12345678 | VIP
            (1 row)

            """
        XCTAssertEqual(try found(psql), ["kr-passport M12345678 0.7"])
        // A form's row under its labels: a number that a rule takes only with its word (a sole
        // proprietor's business number) has it there.
        let withholding = """
             징수의무자 상호                사업자등록번호
             새솔카페                         603-47-63570

            """
        XCTAssertEqual(try found(withholding), ["kr-brn 603-47-63570 0.9"])
        XCTAssertEqual(try found(" 상호       비고\n 새솔카페   603-47-63570\n"), [], "under another column: no word of its rule")
        // A markdown table is not aligned: a row's cell is its header's by number. Its rows are
        // searched by a context rule's line filter under a header with its word (the second
        // row's account too; the business number under `상호`, not the one under `비고`).
        let markdown = """
            | 예금주 | 은행 | 계좌번호 | 메모 |
            |---|---|---:|---|
            | 홍길동 | 신한 | 110-123-456789 | 이체 완료 |
            | 김민수 | 국민 | 123456-01-234567 | - |

            """
        XCTAssertEqual(try found(markdown), ["kr-bank-account 110-123-456789 0.75", "kr-bank-account 123456-01-234567 0.75"])
        XCTAssertEqual(
            try found("| 상호 | 비고 |\n|--- | ---|\n| 2010123452 | 201-01-23452 |\n| 2010123452 | 201-01-23452 |\n"),
            ["kr-brn 2010123452 0.8", "kr-brn 2010123452 0.8"], "the business number under `비고` has no word")
        XCTAssertEqual(
            try found("상호 | 비고\n--- | ---\n2010123452 | 201-01-23452\n2010123452 | 201-01-23452\n"), [],
            "a table without the leading `|` is not read as one")
        // `mysql` and `psql` output: rows under a `+----+` border or a `----+----` line, their
        // cells found by number as a markdown table's, and searched by a context rule's line filter
        // under a header with its word (the rows after the first, the header being further up).
        let mysql = """
            +-----------+------------------+--------------+--------------+
            | seller_id | name             | biz_reg_no   | memo         |
            +-----------+------------------+--------------+--------------+
            |      1234 | 김민준 상점      | 545-56-81901 | 201-01-23452 |
            |      1235 | 하늘유통         | 201-01-23452 | -            |
            +-----------+------------------+--------------+--------------+
            2 rows in set (0.00 sec)

            """
        XCTAssertEqual(try found(mysql), ["kr-brn 545-56-81901 0.9", "kr-brn 201-01-23452 0.9"])
        let psqlRows = """
             seller_id |    name     |  biz_reg_no  |     memo
            -----------+-------------+--------------+--------------
                  1234 | 김민준 상점 | 545-56-81901 | 201-01-23452
                  1235 | 하늘유통    | 201-01-23452 |
            (2 rows)

            """
        XCTAssertEqual(try found(psqlRows), ["kr-brn 545-56-81901 0.9", "kr-brn 201-01-23452 0.9"])
        XCTAssertEqual(
            try found(" seller_id |  biz_reg_no\n      1234 | 545-56-81901\n      1235 | 201-01-23452\n"), ["kr-brn 545-56-81901 0.9"],
            "without the `----+----` line, only the row right under the header")
        // A header not aligned with its rows (a pipe-separated export): the value's columns
        // span several header cells, none of which is its.
        XCTAssertEqual(
            try found("SEQ|PAYER_NO|NAME|BANK|RESULT\n000001|2500000013|공진예|011|OK\n"), [],
            "`2500000013` under `ER_NO|NAME|BA`: no header cell")
        // No header: after a blank line, or for a value in running text.
        XCTAssertEqual(try found(" 성명       여권번호\n\n 홍길동     M12345678\n"), ["kr-passport M12345678 0.3"])
        XCTAssertEqual(try found("            여권번호\n 출국 예정 M12345678 확인\n"), ["kr-passport M12345678 0.3"])
    }

    /// The header is looked for within 2 KiB above the row, which every window keeps and every
    /// work unit is given: the findings do not depend on where windows and units start.
    func testTheSameHeadersWhateverTheWindowsAndUnits() throws {
        var text = ""
        for table in 0..<40 {
            text += "\n명단 \(table)\n 성명       국적   여권번호     비고\n ---------- ------ ------------ --------\n"
            for row in 0..<(3 + table % 11) {
                text += " 홍길동\(row)    KOR    M\(String(format: "%08d", 1_000_000 + table * 97 + row))    -\n"
            }
        }
        let directory = try TemporaryDirectory()
        let path = try directory.write("guests.txt", text)
        var configuration = testConfiguration()
        configuration.showValues = true
        let reference = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([path]).findings
        XCTAssertGreaterThan(reference.count, 300)
        XCTAssertTrue(reference.allSatisfy { $0.category == .passport && $0.confidence == 0.7 })
        for (threads, bufferSize, chunkSize) in [(1, 4096, Int64(16 << 20)), (2, 4099, 5_000), (3, 1 << 16, 7_777)] {
            var other = testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize)
            other.showValues = true
            XCTAssertEqual(try ScanEngine(configuration: other, rules: RuleSet.builtIn()).collect([path]).findings, reference, "\(bufferSize) \(chunkSize)")
        }
    }
}

extension TextTableTests {
    /// A query's result spooled by `sqlcmd` or SQL*Plus: the header underlined by runs of
    /// dashes in the file's head names the cells of every row, however far below — also a cell
    /// that fills its column, one blank from the next, padded by characters (`sqlcmd`) or by
    /// display columns (`psql`) — in every work unit.
    func testFixedWidthColumnsUnderlinedInTheHeadNameEveryRow() throws {
        // sqlcmd pads each cell to its column's width in characters: 홍길동 takes 3 of 6.
        func padded(_ cells: [String], _ widths: [Int]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " ") + "\n"
        }
        let widths = [10, 6, 9, 5]
        let header = padded(["회원번호", "성명", "여권번호", "비고"], widths) + padded(widths.map { String(repeating: "-", count: $0) }, widths)
        let row = padded(["     20000", "홍길동", "M70034785", "-"], widths)
        let spool = "Changed database context to 'CRM'.\n" + header + String(repeating: row, count: 300) + "\n(300 rows affected)\n"
        let head = Array(spool.utf8.prefix(ContentSniffer.headSize))
        let columns = try XCTUnwrap(head.withUnsafeBytes { FixedColumns.detect($0) })
        XCTAssertEqual(columns.columns.map { String(decoding: $0.name, as: UTF8.self) }, ["회원번호", "성명", "여권번호", "비고"])
        XCTAssertEqual(columns.columns.map(\.span), [0..<10, 11..<17, 18..<27, 28..<33])
        // Padded by display columns instead (홍길동 is six columns wide).
        let psqlRow = Array("     20000 홍길동 M70034785 -".utf8)
        XCTAssertEqual(psqlRow.withUnsafeBytes { columns.label($0, lineStart: 0, start: psqlRow.count - 11, end: psqlRow.count - 2) }, Array("여권번호 ".utf8))
        XCTAssertNil(psqlRow.withUnsafeBytes { columns.label($0, lineStart: 0, start: 5, end: 8) }, "not the whole cell")

        let directory = try TemporaryDirectory()
        let file = try directory.write("members.rpt", spool)
        var configuration = testConfiguration(threads: 2, bufferSize: 4096)
        configuration.showValues = true
        configuration.chunkSize = 4096
        let findings = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([file]).findings
        XCTAssertEqual(findings.count, 300, "every row's passport, far below the header and in later units")
        XCTAssertEqual(Set(findings.map { "\($0.category.rawValue) \($0.confidence)" }), ["kr-passport 0.7"])
        // Without the underline, a bare number like this is too weak to report.
        let plain = try directory.write("plain.txt", String(repeating: row, count: 3))
        XCTAssertEqual(try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([plain]).findings.count, 0)
    }
}
