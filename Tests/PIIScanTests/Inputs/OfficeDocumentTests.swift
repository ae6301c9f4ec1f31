import CZlib
import Foundation
import PIIModel
import PIIRules
import XCTest

@testable import PIIScan

/// Writes ZIP archives as archivers do: a local header and the data per member (stored, or raw
/// deflate from zlib), then the central directory and its end record.
struct ZipBuilder {
    struct Member {
        var name: [UInt8]
        var bytes: [UInt8]
        var deflate = true
        var flags: UInt16 = 0
        var method: UInt16? = nil
    }
    var members: [Member] = []

    mutating func add(_ name: String, _ text: String, deflate: Bool = true) { add(name, Array(text.utf8), deflate: deflate) }
    mutating func add(_ name: String, _ bytes: [UInt8], deflate: Bool = true) {
        members.append(Member(name: Array(name.utf8), bytes: bytes, deflate: deflate, flags: 0x800))
    }

    static func rawDeflate(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let rc = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { compress2(out.baseAddress, &size, $0.baseAddress, uLong(bytes.count), 6) }
        }
        precondition(rc == Z_OK)
        return Array(output[2..<(Int(size) - 4)])  // the zlib header and Adler-32 off: raw deflate
    }

    var bytes: [UInt8] {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        for member in members {
            let data = member.deflate ? Self.rawDeflate(member.bytes) : member.bytes
            let crc = member.bytes.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
            let method = Int(member.method ?? (member.deflate ? 8 : 0))
            let common = le16(20) + le16(Int(member.flags)) + le16(method) + le16(0) + le16(0x5821) + le32(crc) + le32(data.count)
                + le32(member.bytes.count) + le16(member.name.count)
            let offset = archive.count
            archive += [0x50, 0x4B, 0x03, 0x04] + common + le16(0) + member.name + data
            directory += [0x50, 0x4B, 0x01, 0x02] + le16(20) + common + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(offset) + member.name
        }
        return archive + directory + [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(members.count) + le16(members.count)
            + le32(directory.count) + le32(archive.count) + le16(0)
    }
}

final class OfficeDocumentTests: XCTestCase {
    private func engine() throws -> ScanEngine {
        try ScanEngine(configuration: testConfiguration(threads: 1, bufferSize: 4096), rules: .builtIn())
    }

    /// What a transform makes of `xml`, read in pieces of `chunk` bytes.
    private func transformed<Transform: XMLTransform>(_ xml: String, _ transform: Transform, chunk: Int = 7) throws -> String {
        try self.transform(xml, transform, chunk: chunk).output
    }

    private func transform<Transform: XMLTransform>(
        _ xml: String, _ transform: Transform, chunk: Int = 7
    ) throws -> (output: String, transform: Transform) {
        var source = XMLTransformSource(MemorySource(Array(xml.utf8)), transform: transform)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            output += buffer[0..<count]
        }
        return (String(decoding: output, as: UTF8.self), source.transform)
    }

    private func relativePaths(_ findings: [Finding], under directory: TemporaryDirectory) -> [String] {
        findings.map { "\($0.path.dropFirst(directory.path.count + 1)) \($0.line) \($0.category.rawValue)" }
    }

    /// A ZIP archive's files are scanned one by one, each as the file it is (its own CSV
    /// header), stored or deflated, named in UTF-8 or CP949; an archive in it, an encrypted
    /// member and one compressed by another method are reported, the others still scanned; its
    /// binary files (a `.jar`'s classes) are counted in one note.
    func testZipArchivesAreScannedFileByFile() throws {
        let directory = try TemporaryDirectory()
        var zip = ZipBuilder()
        zip.add("exports/", "")
        zip.add("exports/members.csv", "성명,연락처\n홍길동,01023456789\n")
        zip.add("logs/app.log", "주민번호 900101-1234568\n", deflate: false)
        // `고객.txt` in CP949, without the UTF-8 flag, as Korean Windows' archivers write it.
        zip.members.append(.init(name: [0xB0, 0xED, 0xB0, 0xB4, 0x2E, 0x74, 0x78, 0x74], bytes: Array("연락처 010-2222-3333\n".utf8)))
        // An archive in the archive is read into memory and opened; one in that is not.
        var innermost = ZipBuilder()
        innermost.add("deep.txt", "연락처 010-4444-5555\n")
        var inner = ZipBuilder()
        inner.add("inner.txt", "연락처 010-3333-4444\n")
        inner.add("innermost.zip", innermost.bytes, deflate: false)
        zip.add("inner.zip", inner.bytes)
        zip.members.append(.init(name: Array("secret.csv".utf8), bytes: Array("x".utf8), deflate: false, flags: 1))
        zip.members.append(.init(name: Array("old.txt".utf8), bytes: Array("x".utf8), deflate: false, method: 12))
        zip.add("img/logo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0] + Array(" 900101-1234568\n".utf8))
        zip.add("App.class", [0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 0x34, 0, 0x1D] + Array(" 900101-1234568\n".utf8))
        let path = try directory.write("backup.zip", zip.bytes)
        let result = try engine().collect([path])
        XCTAssertEqual(relativePaths(result.findings, under: directory), [
            "backup.zip!exports/members.csv 2 kr-phone", "backup.zip!logs/app.log 1 kr-rrn", "backup.zip!고객.txt 1 kr-phone",
            "backup.zip!inner.zip!inner.txt 1 kr-phone",
        ])
        XCTAssertEqual(result.findings.first?.field, "연락처", "the member's own CSV header")
        XCTAssertEqual(result.issues.map { "\($0.kind) \($0.path.dropFirst(directory.path.count + 1)): \($0.message)" }, [
            "skipped backup.zip!inner.zip!innermost.zip: ZIP archive inside an archive inside an archive skipped (extract it to scan it)",
            "error backup.zip!secret.csv: encrypted ZIP member skipped (its password is not known)",
            "skipped backup.zip!old.txt: ZIP member skipped: compression method 12 is not supported (only stored and deflated)",
            "skipped backup.zip: 2 binary files in the archive skipped",
        ])
        XCTAssertEqual(result.summary.files, 1)
        XCTAssertFalse(result.summary.complete, "an encrypted member is personal data not checked")
    }

    /// A cut archive has no directory; a member whose bytes do not match its CRC-32 is an error
    /// after what it holds was scanned; the members after it are still read.
    func testDamagedZipArchivesAreErrors() throws {
        let directory = try TemporaryDirectory()
        var zip = ZipBuilder()
        zip.add("a.log", "주민번호 900101-1234568\n", deflate: false)
        zip.add("b.log", "연락처 010-2222-3333\n")
        let bytes = zip.bytes
        let cut = try directory.write("cut.zip", Array(bytes[0..<(bytes.count / 2)]))
        let cutResult = try engine().collect([cut])
        XCTAssertEqual(cutResult.findings.count, 0)
        XCTAssertEqual(cutResult.issues.map(\.message), ["ZIP archive damaged or truncated: no end-of-directory record"])
        XCTAssertEqual(cutResult.issues.map(\.kind), [.error])
        var damaged = bytes
        let at = damaged.indices.first { damaged[$0...].starts(with: Array("900101".utf8)) }!
        damaged[at + 13] = UInt8(ascii: "9")  // a digit of the stored member's text
        let bad = try directory.write("bad.zip", damaged)
        let result = try engine().collect([bad])
        XCTAssertEqual(relativePaths(result.findings, under: directory), ["bad.zip!a.log 1 kr-rrn", "bad.zip!b.log 1 kr-phone"])
        XCTAssertEqual(result.issues.map(\.message), ["ZIP member damaged: its CRC-32 does not match"])
        XCTAssertEqual(result.issues.first?.path, bad + "!a.log")
        // A ZIP archive that came through gzip is read into memory, then opened.
        let gz = try directory.write("z.zip.gz", try gzipped(bytes))
        let unzipped = try engine().collect([gz])
        XCTAssertEqual(relativePaths(unzipped.findings, under: directory), ["z.zip.gz!a.log 1 kr-rrn", "z.zip.gz!b.log 1 kr-phone"])
        XCTAssertEqual(unzipped.issues, [])
    }

    /// A sheet as CSV: line n is row n, cells at their columns, shared strings (rich-text runs
    /// joined, phonetic guides left out) and inline strings resolved, rows padded to the
    /// sheet's width, a cell with a comma or quote quoted, a line break in a cell a blank.
    func testSheetRowsAreCSVLinesAtTheirRows() throws {
        let strings = try transform("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">\
            <si><t>성명</t></si><si><t>주민등록번호</t></si><si><r><rPr><b/></rPr><t>연락</t></r><r><t>처</t></r></si>\
            <si><t>홍길동</t><rPh sb="0" eb="1"><t>ホン</t></rPh></si><si><t xml:space="preserve">VIP, &quot;우수&quot;
            고객</t></si><si/><si><t>김&amp;이</t></si></sst>
            """, SharedStrings()).transform
        XCTAssertEqual(strings.count, 7)
        XCTAssertEqual(strings.string(2).map { String(decoding: $0, as: UTF8.self) }, "연락처")
        XCTAssertEqual(strings.string(3).map { String(decoding: $0, as: UTF8.self) }, "홍길동")
        XCTAssertEqual(strings.string(6).map { String(decoding: $0, as: UTF8.self) }, "김&이")
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D5"/>\
            <sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row>\
            <row r="3" spans="1:4"><c r="A3" t="s"><v>3</v></c><c r="B3" t="inlineStr"><is><t>900101-1234568</t></is></c>\
            <c r="D3" t="s"><v>4</v></c></row><row r="5"><c r="C5"><f>A1&amp;B1</f><v>1012345678</v></c><c r="D5" t="s"><v>6</v></c></row>\
            </sheetData><mergeCells count="1"><mergeCell ref="A1:D1"/></mergeCells></worksheet>
            """
        for chunk in [3, 7, 4096] {
            XCTAssertEqual(try transformed(sheet, SheetRows(strings: strings), chunk: chunk), """

                성명,주민등록번호,연락처,
                홍길동,900101-1234568,,"VIP, ""우수"" 고객"

                ,,1012345678,김&이

                """)
        }
        XCTAssertEqual(SheetRows.column(of: Array("AA10".utf8)), 26)
        XCTAssertEqual(SheetRows.column(of: Array("B2".utf8)), 1)
        XCTAssertNil(SheetRows.column(of: Array("12".utf8)))
    }

    /// A document's text: paragraphs as lines, tabs and breaks, references decoded, CDATA kept,
    /// deleted text kept, and a table as a markdown table (a `|` in a cell written as `/`).
    func testDocumentTextKeepsParagraphsAndTablesAsMarkdown() throws {
        let word = """
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="800"/></w:tabs></w:pPr><w:r><w:t>신청인</w:t></w:r><w:r><w:tab/>\
            <w:t xml:space="preserve">주민등록번호: 900101-</w:t></w:r><w:r><w:t>1234568</w:t></w:r></w:p>\
            <w:p><w:del><w:r><w:delText>연락처 010-2345-6789</w:delText></w:r></w:del><w:r><w:br/><w:t>A &amp; B &lt;c&gt; &#xD64D;&#44600;</w:t></w:r></w:p>\
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>성명</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>계좌번호</w:t></w:r></w:p></w:tc></w:tr>\
            <w:tr><w:tc><w:p><w:r><w:t>김|철수</w:t></w:r></w:p><w:p><w:r><w:t>(대리)</w:t></w:r></w:p></w:tc>\
            <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>110-123-456789</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>\
            <w:p><w:r><w:instrText> PAGE </w:instrText><w:t><![CDATA[끝 <1>]]></w:t></w:r></w:p><!-- <w:t>no</w:t> --></w:body></w:document>
            """
        for chunk in [1, 5, 4096] {
            XCTAssertEqual(try transformed(word, DocumentText(flavor: .officeOpenXML), chunk: chunk), """
                \t신청인\t주민등록번호: 900101-1234568
                연락처 010-2345-6789
                A & B <c> 홍길
                | 성명 | 계좌번호 |
                |---|---|
                | 김/철수 (대리) | 110-123-456789 |

                끝 <1>

                """)
        }
        let openDocument = """
            <office:document-content><office:body><office:text><text:h>제목</text:h><text:p>연락처<text:s/><text:span>010-2345-6789</text:span></text:p>\
            <table:table><table:table-row><table:table-cell><text:p>성명</text:p></table:table-cell></table:table-row></table:table>\
            </office:text></office:body></office:document-content>
            """
        XCTAssertEqual(try transformed(openDocument, DocumentText(flavor: .openDocument)), "제목\n연락처 010-2345-6789\n| 성명 |\n|---|\n\n")
    }

    /// A workbook made as Excel makes one: its sheets by their tab names (through the
    /// workbook's relationships), each scanned as CSV with its header row naming the columns;
    /// a Word document's text and table; a Hancom `.hwpx`; whatever the file's name.
    func testOfficeDocumentsAreScannedAsTheirReadersSeeThem() throws {
        let directory = try TemporaryDirectory()
        var book = ZipBuilder()
        book.add("[Content_Types].xml", "<Types/>")
        book.add("xl/workbook.xml", """
            <workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            <sheet name="요약" sheetId="2" r:id="rId2"/><sheet name="고객 명단" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        book.add("xl/_rels/workbook.xml.rels", """
            <Relationships><Relationship Id="rId1" Type="…/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="…/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>
            """)
        book.add("xl/sharedStrings.xml", "<sst><si><t>성명</t></si><si><t>계좌번호</t></si><si><t>홍길동</t></si><si><t>1002-345-678901</t></si></sst>")
        book.add("xl/worksheets/sheet1.xml", """
            <worksheet><dimension ref="A1:B3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>\
            <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row></sheetData></worksheet>
            """)
        book.add("xl/worksheets/sheet2.xml", "<worksheet><sheetData><row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>문의 010-2345-6789</t></is></c></row></sheetData></worksheet>")
        let workbook = try directory.write("고객.xlsx", book.bytes)
        var document = ZipBuilder()
        document.add("word/document.xml", """
            <w:document><w:body><w:p><w:r><w:t>주민등록번호: 900101-1234568</w:t></w:r></w:p></w:body></w:document>
            """)
        document.add("word/footer1.xml", "<w:ftr><w:p><w:r><w:t>담당 kim.cs@example.co.kr</w:t></w:r></w:p></w:ftr>")
        let word = try directory.write("동의서.bin", document.bytes)
        var hancom = ZipBuilder()
        hancom.add("mimetype", "application/hwp+zip", deflate: false)
        hancom.add("Contents/content.hpf", "<opf:package/>")
        hancom.add("Contents/section0.xml", "<hs:sec><hp:p><hp:run><hp:t>연락처 010-9876-5432</hp:t></hp:run></hp:p></hs:sec>")
        let hwpx = try directory.write("신청서.hwpx", hancom.bytes)
        let result = try engine().collect([workbook, word, hwpx])
        XCTAssertEqual(relativePaths(result.findings, under: directory), [
            "고객.xlsx!요약 4 kr-phone", "고객.xlsx!고객 명단 3 kr-bank-account", "동의서.bin!word/document.xml 1 kr-rrn",
            "동의서.bin!word/footer1.xml 1 email", "신청서.hwpx!Contents/section0.xml 1 kr-phone",
        ])
        XCTAssertEqual(result.findings[1].field, "계좌번호", "the sheet's header row names the column")
        XCTAssertEqual(result.findings.map(\.masked)[2], "900101-1******")
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(result.summary.files, 3)
    }
}
