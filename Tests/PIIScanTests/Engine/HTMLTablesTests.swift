import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// HTML tables (a Confluence or Google Docs export, a web admin's "Excel" download): a value in a
/// `<td>` cell takes its column's name from the table's header row.
final class HTMLTablesTests: XCTestCase {
    /// The tables `html` holds, read in one go.
    private func tables(_ html: String) -> HTMLTables {
        var tables = HTMLTables()
        let bytes = Array(html.utf8)
        _ = bytes.withUnsafeBytes { tables.read($0, base: 0, from: 0, limit: $0.count, atEnd: true) }
        return tables
    }

    /// The words `tables` label the first occurrence of `value` in `html` with: its column's name
    /// (and its row's label).
    private func column(_ html: String, _ value: String, floor: Int = 0) -> String? {
        let bytes = Array(html.utf8)
        let start = html.utf8.count - html.components(separatedBy: value).dropFirst().joined(separator: value).utf8.count - value.utf8.count
        return bytes.withUnsafeBytes { tables(html).column(at: Int64(start), in: $0, value: start, floor: floor) }
            .map { String(decoding: $0.context, as: UTF8.self) }
    }

    func testHeaderRows() {
        let confluence = """
            <table class="confluenceTable"><tbody>
            <tr><th class="confluenceTh">성명</th><th class="confluenceTh">여권&nbsp;번호</th><th colspan="2">연락처</th></tr>
            <tr><td>홍길동</td><td>M70436927</td><td>010-1234-5678</td><td>02-123-4567</td></tr>
            </tbody></table>
            """
        XCTAssertEqual(tables(confluence).tables.first?.columns.map { String(decoding: $0, as: UTF8.self) }, ["성명", "여권 번호", "연락처", "연락처"])
        XCTAssertEqual(column(confluence, "M70436927"), "여권 번호")
        XCTAssertEqual(column(confluence, "02-123-4567"), "연락처", "a colspan names each column it spans")
        XCTAssertEqual(column(confluence, "010-1234-5678"), "연락처", "under a header of `<th>` cells, only the column's name")
        XCTAssertNil(column(confluence, "성명"), "the header row's own cells")
        // Character references (`&#51452;&#48124;` is 주민), and a Google Docs export: `<td>`
        // cells with paragraphs, a row over several lines.
        let docs = """
            <table><tr><td><p><span>&#51060;&#47492;</span></p></td>
            <td><p><span>&#51452;&#48124;&#48264;&#54840;</span></p></td></tr>
            <tr>
              <td><p><span>김민수</span></p></td>
              <td><p><span>900101-1234567</span></p></td>
            </tr></table>
            """
        // (A header of `<td>` cells may be a label and its value: the row's label, the cell
        // before, labels the value too.)
        XCTAssertEqual(column(docs, "900101-1234567"), "주민번호 김민수")
        // A row of a label and its value names no columns; nor do records read as a header (no
        // column's word), nor a row of one cell.
        func header(_ html: String) -> [String]? {
            tables(html).tables.first.flatMap { $0.columns.isEmpty ? nil : $0.columns.map { String(decoding: $0, as: UTF8.self) } }
        }
        XCTAssertNil(header("<table><tr><th>여권번호</th><td>M70436927</td></tr><tr><th>성명</th><td>홍길동</td></tr></table>"))
        XCTAssertNil(header("<table><tr><td>홍길동</td><td>영업부</td></tr><tr><td>김민수</td><td>M70436927</td></tr></table>"))
        XCTAssertNil(header("<TABLE><TR><TH>주민번호</TH></TR><TR><TD>900101-1234567</TD></TR></TABLE>"))
        XCTAssertEqual(header("<TABLE><TR><TH>이름</TH><TH>주민번호</TH></TR></TABLE>"), ["이름", "주민번호"], "tags in any case")
        // Title rows of one cell over the header (an admin page's "Excel download").
        let download = """
            <TABLE border=1><TR><TD colspan=3 style="font-weight:bold">2024년 3월 급여 이체 명세</TD></TR>
            <TR><TD colspan=3>출력일: 2024-03-25</TD></TR>
            <TR><TD>성명</TD><TD>은행</TD><TD>계좌번호</TD></TR>
            <TR><TD>홍길동</TD><TD>기업</TD><TD STYLE="mso-number-format:'\\@'">01012345678901</TD></TR></TABLE>
            """
        XCTAssertEqual(header(download), ["성명", "은행", "계좌번호"])
        XCTAssertEqual(column(download, "01012345678901"), "계좌번호 기업")
        XCTAssertNil(header("<table><tr><td colspan=2>a</td></tr><tr><td colspan=2>b</td></tr><tr><td colspan=2>c</td></tr><tr><th>성명</th><th>연락처</th></tr></table>"), "three titles")
    }

    func testAValueOutsideACellHasNoColumn() {
        let page = """
            <table><tr><th>이름</th><th>비고</th></tr>
            <tr><td data-id="M70436927">홍길동</td><td>x</td></tr>
            </table>
            <p>M12345678 after the table</p>
            <table><tr><th>이름</th><th>여권번호</th></tr>
            <tr><td>김민수</td><td><table><tr><td>S12345678</td></tr></table></td></tr>
            <tr><td>이영희</td></tr><tr>M87654321</tr>
            </table>
            """
        XCTAssertNil(column(page, "M70436927"), "in a tag's attribute")
        XCTAssertNil(column(page, "M12345678"), "after the table")
        XCTAssertNil(column(page, "S12345678"), "in a table nested in the cell, with no header row of its own")
        XCTAssertNil(column(page, "M87654321"), "in no cell of its row")
        // A table of labels and values: the row's label, the cell before the value's, on a line
        // of its own or not (its first row reads as a header of `<td>` cells, which names the
        // values' column too); a value after another value has only the column's name.
        let form = """
            <table><tr><td><p>상호</p></td>
            <td>한빛상회</td></tr>
            <tr><th>사업자등록번호</th>
            <td>492-48-48355</td></tr><tr><td>2024-01-05</td><td>M70436927</td></tr></table>
            """
        XCTAssertEqual(column(form, "492-48-48355"), "한빛상회 사업자등록번호")
        XCTAssertEqual(column(form, "M70436927"), "한빛상회")
        let labels = "<table><tr><th>상호</th><td>한빛상회</td></tr>\n<tr><th>사업자등록번호</th>\n<td>492-48-48355</td></tr></table>"
        XCTAssertEqual(column(labels, "492-48-48355"), "사업자등록번호")
        // The name a report shows: a column's, or a label's, that reads as a name — not a
        // customer's name from a first row of `<td>` cells.
        func name(_ html: String, _ value: String) -> String? {
            let start = html.utf8.count - html.components(separatedBy: value).dropFirst().joined(separator: value).utf8.count - value.utf8.count
            return Array(html.utf8).withUnsafeBytes { tables(html).column(at: Int64(start), in: $0, value: start, floor: 0) }?
                .name.map { String(decoding: $0, as: UTF8.self) }
        }
        XCTAssertEqual(name(form, "492-48-48355"), "사업자등록번호")
        XCTAssertNil(name(form, "M70436927"), "한빛상회 is no column's name")
        XCTAssertEqual(name("<table><tr><td>성명</td><td>홍길동</td></tr><tr><td>여권</td><td>M70436927</td></tr></table>", "M70436927"), "여권")
        XCTAssertNil(name("<table><tr><td>성명</td><td>홍길동</td></tr><tr><td>김민수</td><td>M70436927</td></tr></table>", "M70436927"))
        // The row's `<tr>` must be after the floor.
        let row = "<table><tr><th>이름</th><th>여권번호</th></tr>\n<tr><td>김민수</td><td>M70436927</td></tr></table>"
        let rowStart = row.utf8.count - "<tr><td>김민수</td><td>M70436927</td></tr></table>".utf8.count
        XCTAssertEqual(column(row, "M70436927", floor: rowStart), "여권번호")
        XCTAssertNil(column(row, "M70436927", floor: rowStart + 1))
    }

    /// An Excel 2003 XML workbook (SpreadsheetML, another admin page's "Excel download"): its
    /// `<Table>`'s first `<Row>` of `<Cell>`s names the columns, `ss:Index` skips columns and
    /// `ss:MergeAcross` spans them; the accounts and passports under them take those names,
    /// and a file holding one is read as a table as an HTML file is.
    func testASpreadsheetMLWorkbook() throws {
        var xml = """
            <?xml version="1.0"?>
            <?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
             <Worksheet ss:Name="명단">
              <Table ss:ExpandedColumnCount="5">
               <Row><Cell ss:MergeAcross="1"><Data ss:Type="String">성명</Data></Cell><Cell><Data ss:Type="String">은행</Data></Cell>
                <Cell><Data ss:Type="String">계좌번호</Data></Cell><Cell><Data ss:Type="String">여권번호</Data></Cell></Row>

            """
        for row in 0..<40 {
            xml += "   <Row><Cell><Data ss:Type=\"String\">직원\(row)</Data></Cell><Cell ss:Index=\"4\"><Data ss:Type=\"String\">"
            xml += String(format: "%03d-%04d-%04d-%02d", 351 + row % 5, 1373 + row, 7200 + row * 3, row % 100)
            xml += "</Data></Cell><Cell><Data ss:Type=\"String\">M\(70_436_900 + row)</Data></Cell></Row>\n"
        }
        xml += "  </Table>\n </Worksheet>\n</Workbook>\n"
        XCTAssertEqual(tables(xml).tables.first?.columns.map { String(decoding: $0, as: UTF8.self) }, ["성명", "성명", "은행", "계좌번호", "여권번호"])
        XCTAssertEqual(column(xml, "M70436900"), "여권번호")
        let directory = try TemporaryDirectory()
        let path = try directory.write("members.xls", xml)
        let findings = try ScanEngine(configuration: testConfiguration(), rules: RuleSet.builtIn()).collect([path]).findings
        XCTAssertEqual(findings.filter { $0.category == .bankAccount }.map(\.field), Array(repeating: "계좌번호", count: 40))
        XCTAssertEqual(findings.filter { $0.category == .passport }.map(\.field), Array(repeating: "여권번호", count: 40))
        XCTAssertTrue(Array("<?xml version=\"1.0\"?>\n<Workbook xmlns=\"x\">".utf8).withUnsafeBytes { HTMLTables.looksLikeHTML($0) })
        XCTAssertFalse(Array("<?xml version=\"1.0\"?>\n<rows><row><jumin>1</jumin></row></rows>".utf8).withUnsafeBytes { HTMLTables.looksLikeHTML($0) })
    }

    /// An admin page's "Excel download" in EUC-KR (an HTML table saved as `.xls`, read in one
    /// transcoding pass after its tables are read from a copy): the accounts under `계좌번호`,
    /// below a title row and a header of two rows, are found with their column's name, on their
    /// own lines, whatever the buffer.
    func testATranscodedExcelDownload() throws {
        var html = "<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ks_c_5601-1987\"></HEAD><BODY>\r\n"
        html += "<TABLE BORDER=\"1\"><TR><TD COLSPAN=\"5\"><B>2024년 03월 급여대장</B></TD></TR>\r\n"
        html += "<TR><TD ROWSPAN=\"2\">사번</TD><TD ROWSPAN=\"2\">성명</TD><TD COLSPAN=\"2\">이체정보</TD><TD ROWSPAN=\"2\">비고</TD></TR>\r\n"
        html += "<TR><TD>은행</TD><TD>계좌번호</TD></TR>\r\n"
        var accounts: [String] = []
        for row in 0..<300 {
            let account = String(format: "%03d-%04d-%04d-%02d", 351 + row % 5, 1373 + row, 7200 + row * 3, row % 100)
            accounts.append(account)
            html += "<TR><TD>\(20_220_000 + row)</TD><TD>직원\(row)</TD><TD>지점\(row % 7)</TD>"
            html += "<TD STYLE=\"mso-number-format:'\\@'\">\(account)</TD><TD></TD></TR>\r\n"
        }
        html += "</TABLE></BODY></HTML>\r\n"
        let directory = try TemporaryDirectory()
        let path = try directory.write("payroll_202403.xls", try cp949Bytes(html))
        var findings: [[Finding]] = []
        for bufferSize in [4096, 1 << 16, 1 << 20] {
            var configuration = testConfiguration(bufferSize: bufferSize)
            configuration.showValues = true
            findings.append(try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([path]).findings)
        }
        let found = findings[0].filter { $0.category == .bankAccount && $0.confidence >= 0.5 }
        XCTAssertEqual(found.map { $0.value ?? "" }, accounts)
        XCTAssertTrue(found.allSatisfy { $0.field == "이체정보" })
        XCTAssertEqual(found.first?.line, 5)
        XCTAssertEqual(findings[1], findings[0])
        XCTAssertEqual(findings[2], findings[0])
    }

    /// An HR page of Confluence: passports under `여권번호` are found confident, and transfer
    /// accounts under `급여계좌` — with no account word on their rows, which the account rule
    /// only searches under such a header — with their column's name; the same findings
    /// whatever the windows, units and threads. A number in the table's `사번` column, and the
    /// same passport after the table, are not.
    func testAConfluencePage() throws {
        var html = """
            <!DOCTYPE html>
            <html><head><title>신규입사자 서류</title></head><body>
            <p>급여 이체 계좌는 HR 시스템에만 입력하세요.</p>
            <table class="confluenceTable"><tbody>
            <tr><th class="confluenceTh">사번</th><th class="confluenceTh">성명</th><th class="confluenceTh">급여계좌</th><th class="confluenceTh">여권번호</th></tr>

            """
        var passports: [String] = []
        var accounts: [String] = []
        for row in 0..<400 {
            let passport = String(format: "M%08d", 70_436_927 + row * 7919)
            let account = String(format: "1002-%03d-%06d", 100 + row % 900, 206_072 + row * 31)
            passports.append(passport)
            accounts.append(account)
            html += "<tr><td class=\"confluenceTd\">\(2_024_000_000 + row)</td><td class=\"confluenceTd\">직원\(row)</td>"
            html += row % 2 == 0
                ? "<td class=\"confluenceTd\">\(account)</td><td class=\"confluenceTd\">\(passport)</td></tr>\n"
                : "\n<td class=\"confluenceTd\"><p>\(account)</p></td>\n<td class=\"confluenceTd\"><p>\(passport)</p></td>\n</tr>\n"
        }
        html += "</tbody></table>\n<p>예시: M70436927</p>\n</body></html>\n"
        let directory = try TemporaryDirectory()
        let path = try directory.write("신규입사자.html", html)
        var configuration = testConfiguration()
        configuration.showValues = true
        let reference = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([path]).findings
        let confident = reference.filter { $0.confidence >= 0.5 }
        XCTAssertEqual(confident.filter { $0.category == .passport }.map { $0.value ?? "" }, passports)
        XCTAssertTrue(confident.filter { $0.category == .passport }.allSatisfy { $0.field == "여권번호" })
        XCTAssertEqual(confident.filter { $0.category == .bankAccount }.map { $0.value ?? "" }, accounts)
        XCTAssertTrue(confident.filter { $0.category == .bankAccount }.allSatisfy { $0.field == "급여계좌" })
        XCTAssertFalse(confident.contains { $0.value?.hasPrefix("2024") ?? false }, "employee numbers")
        XCTAssertEqual(confident.count, passports.count + accounts.count)
        for (threads, bufferSize, chunkSize) in [(1, 4096, Int64(16 << 20)), (2, 4099, 5_000), (3, 1 << 16, 7_777)] {
            var other = testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize)
            other.showValues = true
            XCTAssertEqual(try ScanEngine(configuration: other, rules: RuleSet.builtIn()).collect([path]).findings, reference, "\(bufferSize) \(chunkSize)")
        }
    }
}
