import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// A CSV export of a spreadsheet sheet that holds several tables, each under a title or blank
/// row with a header of its own: a value is read under its own table's column names.
final class SheetTablesTests: XCTestCase {
    /// A sole proprietor's business registration number with a valid check digit (spec §8.3),
    /// from a tax office code, a type code (01–79) and a serial.
    private func brn(office: Int, type: Int, serial: Int) -> String {
        let digits = String(format: "%03d%02d%04d", office, type, serial).compactMap { $0.wholeNumberValue }
        let weights = [1, 3, 7, 1, 3, 7, 1, 3, 5]
        var sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        sum += 5 * digits[8] / 10
        let check = (10 - sum % 10) % 10
        return String(format: "%03d-%02d-%04d%d", office, type, serial, check)
    }

    /// A VAT working file: a title, a summary under a header with an unnamed first column, then
    /// `매출처별 세금계산서 합계표` with its own header and the customers' numbers.
    private func workingFile(customers: Int) -> (text: String, numbers: [String]) {
        var text = "\u{FEFF}2025년 제2기 부가가치세 신고서 작업파일,,,,\n,구분,코드,금액,세율\n"
        text += ",과세 세금계산서 발급분,(1),\"3,615,431,146\",10/100\n,매입자발행세금계산서,(2),\"5,125,401,840\",10/100\n"
        text += ",,,,\n매출처별 세금계산서 합계표,,,,\n일련번호,사업자등록번호,상호,매수,공급가액\n"
        var numbers: [String] = []
        for row in 0..<customers {
            let number = brn(office: 201 + row % 400, type: 1 + row % 79, serial: 1000 + row)
            numbers.append(number.replacingOccurrences(of: "-", with: ""))
            text += "\(row + 1),\(number.replacingOccurrences(of: "-", with: "")),한빛상회\(row),\(row % 40 + 1),\"\((row + 1) * 1_234_567)\"\n"
        }
        return (text, numbers)
    }

    func testALaterTablesHeaderIsFound() {
        let text = Array("합계,,,\n,,,\n매출처별 세금계산서 합계표,,,\n일련번호,사업자등록번호,상호,매수\n1,2010123452,한빛문구,3\n".utf8)
        let current = TextStructure(delimiter: 0x2C, columns: ["", "구분", "코드", "금액"])
        func table(afterLine number: Int) -> (columns: [String], recordsStart: Int)? {
            var start = 0
            for _ in 0..<number { start = text[start...].firstIndex(of: 0x0A)! + 1 }
            let end = text[start...].firstIndex(of: 0x0A)!
            return text.withUnsafeBytes { bytes in
                TextStructure.subTableHeader(in: bytes, title: start..<end, current: current).map { ($0.structure.columns, $0.recordsStart) }
            }
        }
        XCTAssertNil(table(afterLine: 0), "`,,,` is no header")
        XCTAssertNil(table(afterLine: 1), "a title is no header")
        XCTAssertEqual(table(afterLine: 2)?.columns, ["일련번호", "사업자등록번호", "상호", "매수"])
        XCTAssertEqual(table(afterLine: 2)?.recordsStart, text.count - "1,2010123452,한빛문구,3\n".utf8.count)
        XCTAssertNil(table(afterLine: 3), "a header's line has more than one filled cell")
        // Text-only values after a short row, and a header with no record after it, are no table.
        XCTAssertNil(Array("홍길동,,,\n김민수,영업부,과장,서울\n이영희,인사부,대리,부산\n".utf8).withUnsafeBytes {
            TextStructure.subTableHeader(in: $0, title: 0..<9, current: current)
        })
        XCTAssertNil(Array("소계,,,\n번호,상호,매수,금액\n".utf8).withUnsafeBytes {
            TextStructure.subTableHeader(in: $0, title: 0..<9, current: current)
        })
        XCTAssertTrue(TextStructure.isTitleOrBlank(UnsafeRawBufferPointer(start: nil, count: 0)))
        XCTAssertTrue(Array("\"매입처별 합계표\",,,\r".utf8).withUnsafeBytes { TextStructure.isTitleOrBlank($0) })
        XCTAssertFalse(Array("1,2010123452".utf8).withUnsafeBytes { TextStructure.isTitleOrBlank($0) })
        // The cheap test before it: a filled cell on each side of the first delimiter.
        for (line, twoCells) in [("1,2010123452,x", true), ("\"a\", b", true), (",,,", false), ("title,,,", false), (",x,", false), ("abc", false)] {
            let bytes = Array(line.utf8)
            let result = bytes.withUnsafeBytes { TextStructure.holdsTwoCells($0, 0..<bytes.count, delimiter: 0x2C) }
            XCTAssertEqual(result, twoCells, line)
            if result { XCTAssertFalse(bytes.withUnsafeBytes { TextStructure.isTitleOrBlank($0) }, line) }
        }
        XCTAssertTrue(TextStructure.namesColumn("상호(법인명)"))
        XCTAssertTrue(TextStructure.namesColumn("bizRegNo"))
        XCTAssertFalse(TextStructure.namesColumn("영업부"))
    }

    /// The first header may leave a column unnamed (a sheet's row labels): the file is still
    /// read as a table, and the unnamed column gives its values no name.
    func testAnUnnamedColumnInTheHeader() {
        let head = Array(",구분,코드,금액\n,과세분,(1),\"3,615,431\"\n,면세분,(2),\"1,000\"\n".utf8)
        XCTAssertEqual(head.withUnsafeBytes { TextStructure.detect($0) }?.columns, ["", "구분", "코드", "금액"])
        XCTAssertNil(Array(",,구분\n,,1\n".utf8).withUnsafeBytes { TextStructure.detect($0) }, "one name is no header")
        // One digit before a Korean word of three syllables or more is a name (a prescription's
        // `1회투약량`); `101동` and `3개월` are values.
        let prescription = Array("순번,성명,주민번호,1회투약량,1일투여횟수\n1,홍길동,900101-1234568,1,3\n".utf8)
        XCTAssertEqual(prescription.withUnsafeBytes { TextStructure.detect($0) }?.columns.last, "1일투여횟수")
        XCTAssertNil(Array("성명,101동,3개월\n홍길동,1,2\n".utf8).withUnsafeBytes { TextStructure.detect($0) })
    }

    /// Metadata rows of filled cells over a header (a social-insurance filing's `사업장관리번호,
    /// …,사업장명,…`, a ledger's `약국명: …,요양기관기호: …`, a payroll's `현장명,…,현장코드,…,귀속년월,…`) are passed over when the header under
    /// them is a table's beyond doubt: five names or more, one a column's word, two records of as
    /// many fields. A line of labels with their values is no header, and rows of a headerless
    /// file are not taken for one.
    func testAHeaderUnderMetadataRows() {
        func columns(_ text: String) -> [String]? { Array(text.utf8).withUnsafeBytes { TextStructure.detect($0) }?.columns }
        let filing = "사업장관리번호,11986408390,,사업장명,(주)한빛푸드,,\n신고일자,2024-01-05,,,,,\n\n[자격취득 신고]\n"
            + "연번,성명,주민(외국인)등록번호,국적,자격취득일,월소득액\n1,정수빈,021001-4286696,대한민국,2017-12-17,\"3,890,000\"\n"
            + "2,오상철,780926-2800812,대한민국,2024-08-13,\"3,950,000\"\n"
        XCTAssertEqual(columns(filing), ["연번", "성명", "주민(외국인)등록번호", "국적", "자격취득일", "월소득액"])
        let ledger = "마약류 관리대장,,,,,\n약국명: 온누리약국,요양기관기호: 11398765,식별번호: NN1139876,,,\n"
            + "일자,구분,품명,수량,환자명,환자주민번호\n2025-03-01,조제,디아제팜정,30,이하준,630610-1015389\n"
            + "2025-03-02,조제,디아제팜정,28,서도윤,871205-2954067\n"
        XCTAssertEqual(columns(ledger)?.last, "환자주민번호")
        // A site's payroll: a title, then a row of three labels with their values; the days of
        // the month are columns (`1일,2일,3일`: numbered columns count up in a run of three).
        let payroll = "일용노무비 지급명세서,,,,,,,,,,,\n현장명,평택 고덕 A-12BL 신축공사,현장코드,S23-017,귀속년월,2025-04,,,,,,\n"
            + "현장주소,경기도 평택시 고덕국제대로 255,,,,,,,,,,\n번호,성명,주민등록번호,국적,직종,1일,2일,3일,연락처,은행,계좌번호,예금주\n"
            + "1,이병성,660502-1825290,한국,비계공,1,0.5,,010-3440-6612,하나,521-522816-45244,이병성\n"
            + "2,권호유,890704-1904413,한국,전기공,1,1,1,010-2113-2422,기업,820-814566-01-025,권호유\n"
        XCTAssertEqual(columns(payroll)?.last, "예금주")
        XCTAssertEqual(columns(payroll)?[6], "2일")
        // Not a run: a row of values (`3월`, `15일`), days that skip, two days.
        XCTAssertNil(columns("홍길동,서울,3월,15일\n김철수,부산,3월,15일\n이영희,대구,3월,15일\n"))
        XCTAssertNil(columns("성명,1일,3일,5일\n홍길동,1,1,1\n김철수,1,1,1\n"))
        XCTAssertNil(columns("성명,연락처,1일,2일\n홍길동,010-2345-6789,1,1\n김철수,010-3456-7890,1,1\n"))
        XCTAssertEqual(columns("성명,연락처,1일,2일,3일\n홍길동,010-2345-6789,1,1,1\n김철수,010-3456-7890,1,1,1\n")?.last, "3일")
        // Its records start after the header; a header without metadata rows reads from the start.
        let recordsFrom = Array(ledger.utf8).withUnsafeBytes { TextStructure.detect($0) }?.recordsFrom
        XCTAssertEqual(recordsFrom, Int64(ledger.utf8.count - "2025-03-01,조제,디아제팜정,30,이하준,630610-1015389\n2025-03-02,조제,디아제팜정,28,서도윤,871205-2954067\n".utf8.count))
        XCTAssertEqual(Array("성명,연락처\n홍길동,010-2345-6789\n".utf8).withUnsafeBytes { TextStructure.detect($0) }?.recordsFrom, 0)
        // Under a metadata row: four names, no column word, or one record are not enough.
        XCTAssertNil(columns("출력일,2024-11-25,,\n일자,구분,성명,연락처\n1,2,3,4\n5,6,7,8\n"))
        XCTAssertNil(columns("출력일,2024-11-25,,,\n사과,배,포도,귤,감\n1,2,3,4,5\n5,6,7,8,9\n"))
        XCTAssertNil(columns("출력일,2024-11-25,,,\n일자,구분,성명,연락처,주소\n1,2,3,4,5\n"))
        // Rows of a headerless file: values, then a row of text that is no table's header.
        XCTAssertNil(columns("홍길동,010-2345-6789,서울\n김민수,010-3456-7890,부산\n이영희,영업부,과장,서울,본사\n1,2,3,4,5\n"))
    }

    /// A bank statement's metadata row above its header is read as text, not as a transaction
    /// under the columns: its account number keeps its word (`계좌번호`), and the records under
    /// the header take their columns' names.
    func testMetadataRowsAreTextAndRecordsTakeTheirColumns() throws {
        let directory = try TemporaryDirectory()
        let text = "신한은행 거래내역 조회,조회기간 2024.11.01~2024.11.30\n계좌번호,140-000-123456,예금주,(주)한빛상사\n"
            + "거래일시,적요,기재내용,찾으신금액,맡기신금액,연락처\n"
            + "2024.11.01 00:00:05,이체,김민수,0,2985900,010-2345-6789\n2024.11.01 00:12:41,이체,이영희,0,353900,010-3456-7890\n"
        let path = try directory.write("statement.csv", text)
        let findings = try ScanEngine(configuration: testConfiguration(), rules: RuleSet.builtIn()).collect([path]).findings
        XCTAssertEqual(findings.map { "\($0.line) \($0.category.rawValue) \($0.field ?? "-")" }, [
            "2 kr-bank-account -", "4 kr-phone 연락처", "5 kr-phone 연락처",
        ])
    }

    /// The customers' business numbers under the second table's `사업자등록번호` are found (under
    /// the first table's columns, `코드`, they had no word of their rule), on their own lines,
    /// whatever the windows, units and threads.
    func testValuesReadUnderTheirOwnTable() throws {
        let (text, numbers) = workingFile(customers: 600)
        let directory = try TemporaryDirectory()
        let path = try directory.write("vat.csv", text)
        var configuration = testConfiguration()
        configuration.showValues = true
        let reference = try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([path]).findings
        let found = reference.filter { $0.category == .brn }
        XCTAssertEqual(found.map { $0.value ?? "" }, numbers)
        XCTAssertTrue(found.allSatisfy { $0.field == "사업자등록번호" && $0.confidence >= 0.8 })
        // Records start on line 8: the numbers' lines are the file's.
        XCTAssertEqual(found.first?.line, 8)
        XCTAssertEqual(found.last?.line, 7 + numbers.count)
        for (threads, bufferSize, chunkSize) in [(1, 4096, Int64(16 << 20)), (2, 4099, 5_000), (3, 1 << 16, 7_777)] {
            var other = testConfiguration(threads: threads, bufferSize: bufferSize, chunkSize: chunkSize)
            other.showValues = true
            XCTAssertEqual(try ScanEngine(configuration: other, rules: RuleSet.builtIn()).collect([path]).findings, reference, "\(bufferSize) \(chunkSize)")
        }
    }

    /// The same sheet saved as CP949 (a spreadsheet's default "CSV" in Korea), read in one
    /// transcoding pass that follows the tables itself: the same numbers under the same header,
    /// on the same lines, whatever the buffer.
    func testTablesOfATranscodedFile() throws {
        let (text, numbers) = workingFile(customers: 300)
        let directory = try TemporaryDirectory()
        let path = try directory.write("vat-cp949.csv", try cp949Bytes(String(text.dropFirst())))  // (no BOM in CP949)
        var findings: [[Finding]] = []
        for bufferSize in [4096, 1 << 16, 1 << 20] {
            var configuration = testConfiguration(bufferSize: bufferSize)
            configuration.showValues = true
            findings.append(try ScanEngine(configuration: configuration, rules: RuleSet.builtIn()).collect([path]).findings)
        }
        let found = findings[0].filter { $0.category == .brn }
        XCTAssertEqual(found.map { $0.value ?? "" }, numbers)
        XCTAssertTrue(found.allSatisfy { $0.field == "사업자등록번호" })
        XCTAssertEqual(found.first?.line, 8)
        XCTAssertEqual(findings[1], findings[0])
        XCTAssertEqual(findings[2], findings[0])
    }
}
