import CCompression
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
        /// The member's data as written (another method's output), instead of deflate or stored.
        var compressed: [UInt8]? = nil
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
            let data = member.compressed ?? (member.deflate ? Self.rawDeflate(member.bytes) : member.bytes)
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
        zip.members.append(.init(name: Array("old.txt".utf8), bytes: Array("x".utf8), deflate: false, method: 98))  // PPMd
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
            "skipped backup.zip!old.txt: ZIP member skipped: compression method 98 is not supported (stored, deflate, bzip2, LZMA, zstd and xz are)",
            "skipped backup.zip: 2 binary files in the archive skipped",
        ])
        XCTAssertEqual(result.summary.files, 1)
        XCTAssertFalse(result.summary.complete, "an encrypted member is personal data not checked")
    }

    /// A cut archive has no directory: its members are read from their local headers, and the
    /// cut is an error; a member whose bytes do not match its CRC-32 is an error after what it
    /// holds was scanned; the members after it are still read.
    func testDamagedZipArchivesAreErrors() throws {
        let directory = try TemporaryDirectory()
        var zip = ZipBuilder()
        zip.add("a.log", "주민번호 900101-1234568\n", deflate: false)
        zip.add("b.log", "연락처 010-2222-3333\n")
        let bytes = zip.bytes
        // Cut before its directory: the members are read from their local headers, an error
        // says the archive is truncated; one cut in its data is read as far as it goes.
        let directoryStart = bytes.indices.first { bytes[$0...].starts(with: [0x50, 0x4B, 0x01, 0x02]) }!
        let cut = try directory.write("cut.zip", Array(bytes[0..<directoryStart]))
        let cutResult = try engine().collect([cut])
        XCTAssertEqual(relativePaths(cutResult.findings, under: directory), ["cut.zip!a.log 1 kr-rrn", "cut.zip!b.log 1 kr-phone"])
        XCTAssertEqual(cutResult.issues.map(\.message), ["ZIP archive truncated or damaged: no end-of-directory record; 2 members read from their local headers"])
        XCTAssertEqual(cutResult.issues.map(\.kind), [.error])
        let shorter = try directory.write("shorter.zip", Array(bytes[0..<(directoryStart - 6)]))
        let shorterResult = try engine().collect([shorter])
        XCTAssertEqual(relativePaths(shorterResult.findings, under: directory), ["shorter.zip!a.log 1 kr-rrn"])
        XCTAssertEqual(shorterResult.issues.map(\.message), [
            "ZIP archive truncated or damaged: no end-of-directory record; 2 members read from their local headers",
            "truncated deflate stream after 18 decompressed bytes",
        ])
        let headerOnly = try directory.write("header.zip", Array(bytes[0..<20]))
        XCTAssertEqual(try engine().collect([headerOnly]).issues.map(\.message), ["ZIP archive damaged or truncated: no end-of-directory record"])
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
            <w:p><w:r><w:t>주민등록번호: </w:t></w:r><w:del><w:r><w:delText>900101-1234568</w:delText></w:r></w:del><w:ins><w:r><w:t>900101-1******</w:t></w:r></w:ins></w:p>\
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>성명</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>계좌번호</w:t></w:r></w:p></w:tc></w:tr>\
            <w:tr><w:tc><w:p><w:r><w:t>김|철수</w:t></w:r></w:p><w:p><w:r><w:t>(대리)</w:t></w:r></w:p></w:tc>\
            <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>110-123-456789</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>\
            <w:p><w:r><w:instrText> PAGE </w:instrText><w:t><![CDATA[끝 <1>]]></w:t></w:r></w:p><!-- <w:t>no</w:t> --></w:body></w:document>
            """
        for chunk in [1, 5, 4096] {
            XCTAssertEqual(try transformed(word, DocumentText(flavor: .officeOpenXML), chunk: chunk), """
                \t신청인\t주민등록번호: 900101-1234568
                연락처 010-2345-6789\u{20}
                A & B <c> 홍길
                주민등록번호: 900101-1234568 900101-1******
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
        book.add("xl/comments1.xml", """
            <comments><authors><author>김대리</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>김대리:</t></r>\
            <r><t xml:space="preserve">\n담당 휴대폰 010-9999-8888</t></r></text></comment></commentList></comments>
            """)
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
        var binary = ZipBuilder()
        binary.add("xl/workbook.bin", [0x83, 0x01, 0x00])
        binary.add("xl/worksheets/sheet1.bin", [0x81, 0x01, 0x00])
        let xlsb = try directory.write("old.xlsb", binary.bytes)
        let result = try engine().collect([workbook, word, hwpx, xlsb])
        XCTAssertEqual(relativePaths(result.findings, under: directory), [
            "고객.xlsx!요약 4 kr-phone", "고객.xlsx!고객 명단 3 kr-bank-account", "고객.xlsx!xl/comments1.xml 2 kr-phone",
            "동의서.bin!word/document.xml 1 kr-rrn",
            "동의서.bin!word/footer1.xml 1 email", "신청서.hwpx!Contents/section0.xml 1 kr-phone",
        ])
        XCTAssertEqual(result.findings[1].field, "계좌번호", "the sheet's header row names the column")
        XCTAssertEqual(result.findings.map(\.masked)[3], "900101-1******")
        XCTAssertEqual(result.issues.map(\.message), ["Excel binary workbook (.xlsb) skipped: save it as .xlsx or .csv to scan it"])
        XCTAssertEqual(result.summary.files, 4)
    }
}

/// Writes OLE compound files (version 3, 512-byte sectors) as Office and Hancom do: streams of
/// 4,096 bytes or more in sectors chained by the FAT, smaller ones in 64-byte sectors of the
/// mini stream chained by the mini FAT, a directory of storages and streams.
struct CompoundFileBuilder {
    /// Streams by path (`BodyText/Section0`); storages are made for their folders.
    var streams: [(path: String, bytes: [UInt8])] = []

    var bytes: [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        func padded(_ bytes: [UInt8], to size: Int) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (size - bytes.count % size) % size) }
        let end = 0xFFFF_FFFE
        // Directory entries: root, then storages and streams in path order.
        struct Entry { var name: String; var type: UInt8; var child = -1; var right = -1; var start = 0xFFFF_FFFE; var size = 0; var data: [UInt8] = [] }
        var entries = [Entry(name: "Root Entry", type: 5)]
        var indexOf: [String: Int] = ["": 0]
        var lastChild: [Int: Int] = [:]
        func add(_ path: String, type: UInt8, data: [UInt8]) {
            let parentPath = path.split(separator: "/").dropLast().joined(separator: "/")
            if indexOf[parentPath] == nil { add(parentPath, type: 1, data: []) }
            let parent = indexOf[parentPath]!
            let index = entries.count
            entries.append(Entry(name: String(path.split(separator: "/").last!), type: type, data: data))
            indexOf[path] = index
            if let previous = lastChild[parent] { entries[previous].right = index } else { entries[parent].child = index }
            lastChild[parent] = index
        }
        for stream in streams { add(stream.path, type: 2, data: stream.bytes) }
        var sectors: [[UInt8]] = []
        var fat: [Int] = []
        func chain(_ data: [UInt8]) -> Int {
            let first = sectors.count
            let chunks = stride(from: 0, to: data.count, by: 512).map { padded(Array(data[$0..<min($0 + 512, data.count)]), to: 512) }
            for (offset, chunk) in chunks.enumerated() {
                sectors.append(chunk)
                fat.append(offset == chunks.count - 1 ? end : first + offset + 1)
            }
            return chunks.isEmpty ? end : first
        }
        var mini: [UInt8] = []
        var miniFAT: [Int] = []
        for index in entries.indices where entries[index].type == 2 {
            let data = entries[index].data
            entries[index].size = data.count
            if data.count >= 4096 {
                entries[index].start = chain(data)
            } else if !data.isEmpty {
                let first = mini.count / 64
                let count = (data.count + 63) / 64
                mini += padded(data, to: 64)
                for offset in 0..<count { miniFAT.append(offset == count - 1 ? end : first + offset + 1) }
                entries[index].start = first
            }
        }
        entries[0].start = chain(mini)
        entries[0].size = mini.count
        let miniFATStart = chain(miniFAT.flatMap(le32))
        var directory: [UInt8] = []
        for entry in entries {
            let units = Array(entry.name.utf16)
            var record: [UInt8] = units.flatMap { le16(Int($0)) } + [0, 0]
            record += [UInt8](repeating: 0, count: 64 - record.count)
            record += le16((units.count + 1) * 2) + [entry.type, 1]
            record += le32(0xFFFF_FFFF) + le32(entry.right < 0 ? 0xFFFF_FFFF : entry.right) + le32(entry.child < 0 ? 0xFFFF_FFFF : entry.child)
            record += [UInt8](repeating: 0, count: 16 + 4 + 16)
            record += le32(entry.start) + le32(entry.size) + le32(0)
            directory += record
        }
        let directoryStart = chain(directory)
        // The FAT's own sectors come last, marked as such.
        var fatSectors = 1
        while (sectors.count + fatSectors) > fatSectors * 128 { fatSectors += 1 }
        let fatStart = sectors.count
        fat += Array(repeating: 0xFFFF_FFFD, count: fatSectors)
        fat += Array(repeating: 0xFFFF_FFFF, count: fatSectors * 128 - fat.count)
        for index in 0..<fatSectors { sectors.append(fat[(index * 128)..<((index + 1) * 128)].flatMap(le32)) }
        var header = CompoundFile.signature + [UInt8](repeating: 0, count: 16) + le16(0x3E) + le16(3) + le16(0xFFFE) + le16(9) + le16(6)
        header += [UInt8](repeating: 0, count: 6) + le32(0) + le32(fatSectors) + le32(directoryStart) + le32(0) + le32(4096)
        header += le32(miniFAT.isEmpty ? end : miniFATStart) + le32((miniFAT.count * 4 + 511) / 512) + le32(end) + le32(0)
        for index in 0..<109 { header += le32(index < fatSectors ? fatStart + index : 0xFFFF_FFFF) }
        return header + sectors.flatMap { $0 }
    }
}

extension OfficeDocumentTests {
    /// HWP 5.0 records: a `PARA_TEXT` (tag 67) per paragraph, UTF-16LE with its controls, the
    /// size in the header or, from 4,095 bytes, in a second word.
    private func hwpRecords(_ paragraphs: [[UInt16]]) -> [UInt8] {
        var records: [UInt8] = []
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
        for units in paragraphs {
            let data = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            records += le32(66 | 1 << 10 | 22 << 20) + [UInt8](repeating: 0, count: 22)  // PARA_HEADER, passed over
            records += data.count < 0xFFF ? le32(67 | 1 << 10 | data.count << 20) : le32(67 | 1 << 10 | 0xFFF << 20) + le32(data.count)
            records += data
        }
        return records
    }

    private func hwpFileHeader(properties: Int) -> [UInt8] {
        var header = Array("HWP Document File".utf8) + [UInt8](repeating: 0, count: 15)
        header += [0, 0, 1, 5]  // version 5.1.0.0
        header += (0..<4).map { UInt8(properties >> (8 * $0) & 0xFF) }
        return header + [UInt8](repeating: 0, count: 256 - header.count)
    }

    /// A Hancom `.hwp` document's sections are read from its compound file (mini stream and
    /// regular sectors, raw deflate) and its paragraphs scanned as lines, control characters
    /// read as the spec says; an encrypted document is an error, an Excel 95 file a note.
    func testHWPDocumentsAreScannedParagraphByParagraph() throws {
        let directory = try TemporaryDirectory()
        func units(_ text: String) -> [UInt16] { Array(text.utf16) }
        let tab: [UInt16] = [9] + [UInt16](repeating: 0x20, count: 7)
        let table: [UInt16] = [11] + Array("lbt ".utf16) + [0, 0, 11]  // an extended control: 8 units
        let section0 = hwpRecords([
            units("신청인 주민등록번호: 900101-1234568") + [13],
            table + units("성명") + tab + units("연락처 010-2345-6789") + [10] + units("끝") + [13],
        ])
        var filler = ""
        var state: UInt64 = 7
        for _ in 0..<800 {  // incompressible enough to need regular sectors once deflated
            state = state &* 6364136223846793005 &+ 1
            filler += String(state >> 33, radix: 36) + " "
        }
        let section1 = hwpRecords([units(filler) + units("담당 hong.gd@example.co.kr") + [13]])
        var file = CompoundFileBuilder()
        file.streams = [
            ("FileHeader", hwpFileHeader(properties: 1)), ("BodyText/Section0", ZipBuilder.rawDeflate(section0)),
            ("BodyText/Section1", ZipBuilder.rawDeflate(section1)), ("PrvText", Array("미리보기".utf8)),
        ]
        XCTAssertGreaterThanOrEqual(ZipBuilder.rawDeflate(section1).count, 4096, "Section1 lies in regular sectors")
        let hwp = try directory.write("신청서.hwp", file.bytes)
        var plainFile = CompoundFileBuilder()
        plainFile.streams = [("FileHeader", hwpFileHeader(properties: 0)), ("BodyText/Section0", section0)]
        let plain = try directory.write("plain.hwp", plainFile.bytes)
        var encryptedFile = CompoundFileBuilder()
        encryptedFile.streams = [("FileHeader", hwpFileHeader(properties: 0b11)), ("BodyText/Section0", [1, 2, 3])]
        let encrypted = try directory.write("secret.hwp", encryptedFile.bytes)
        var workbookFile = CompoundFileBuilder()
        workbookFile.streams = [("Workbook", [UInt8](repeating: 9, count: 100))]
        let xls = try directory.write("old.xls", workbookFile.bytes)
        let result = try engine().collect([hwp, plain, encrypted, xls])
        XCTAssertEqual(relativePaths(result.findings, under: directory), [
            "신청서.hwp!BodyText/Section0 1 kr-rrn", "신청서.hwp!BodyText/Section0 2 kr-phone", "신청서.hwp!BodyText/Section1 1 email",
            "plain.hwp!BodyText/Section0 1 kr-rrn", "plain.hwp!BodyText/Section0 2 kr-phone",
        ])
        XCTAssertEqual(result.issues.map { "\($0.kind) \($0.message)" }, [
            "error password-protected HWP document: its text is encrypted and could not be scanned",
            "skipped legacy Excel workbook not in the Excel 97–2003 format (BIFF8) skipped: save it as .xlsx or .csv to scan it",
        ])
        XCTAssertEqual(String(decoding: HWPDocument.text(ofRecords: section0), as: UTF8.self), "신청인 주민등록번호: 900101-1234568\n성명\t연락처 010-2345-6789\n끝\n")
        // The same document inside a ZIP archive is read into memory and opened.
        var zip = ZipBuilder()
        zip.add("forms/신청서.hwp", file.bytes)
        let zipped = try directory.write("forms.zip", zip.bytes)
        XCTAssertEqual(try engine().collect([zipped]).findings.map(\.path).map { $0.dropFirst(directory.path.count + 1) }, [
            "forms.zip!forms/신청서.hwp!BodyText/Section0", "forms.zip!forms/신청서.hwp!BodyText/Section0",
            "forms.zip!forms/신청서.hwp!BodyText/Section1",
        ])
    }
}

extension OfficeDocumentTests {
    private func record(_ type: Int, _ data: [UInt8]) -> [UInt8] {
        [UInt8(type & 0xFF), UInt8(type >> 8), UInt8(data.count & 0xFF), UInt8(data.count >> 8)] + data
    }
    private func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    private func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
    private func wide(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

    /// A BIFF8 `Workbook` stream as Excel 97–2003 writes it: globals (BOF, BOUNDSHEET, SST whose
    /// last string continues in a CONTINUE record, in one-byte characters there), then the sheet.
    private func legacyWorkbook(encrypted: Bool = false) -> [UInt8] {
        let bof = record(0x0809, le16(0x0600) + le16(0x0005) + [UInt8](repeating: 0, count: 12))
        let sheetBOF = record(0x0809, le16(0x0600) + le16(0x0010) + [UInt8](repeating: 0, count: 12))
        // SST: 성명 and 주민번호 (UTF-16), then 홍길동 900101-1234568 split after 홍길동 into a CONTINUE
        // whose characters are one byte each.
        let split = "홍길동 "
        let sst = le32(3) + le32(3) + le16(2) + [1] + wide("성명") + le16(4) + [1] + wide("주민번호")
            + le16(split.utf16.count + 14) + [1] + wide(split)
        let continued = [0] + Array("900101-1234568".utf8)
        var globals = bof
        if encrypted { globals += record(0x002F, le16(0) + le16(0)) }
        let sheetName = [UInt8(2), 1] + wide("고객")
        // The sheet's offset: after the globals (BOF, [FILEPASS], BOUNDSHEET, SST, CONTINUE, EOF).
        let boundSheetLength = 4 + 6 + sheetName.count
        let offset = globals.count + boundSheetLength + 4 + sst.count + 4 + continued.count + 4
        globals += record(0x0085, le32(offset) + [0, 0] + sheetName) + record(0x00FC, sst) + record(0x003C, continued) + record(0x000A, [])
        var sheet = sheetBOF + record(0x0200, le32(0) + le32(3) + le16(0) + le16(4) + le16(0))
        sheet += record(0x00FD, le16(0) + le16(0) + le16(15) + le32(0)) + record(0x00FD, le16(0) + le16(1) + le16(15) + le32(1))
        sheet += record(0x00FD, le16(1) + le16(0) + le16(15) + le32(2))
        // NUMBER 1012345678 at C2; MULRK of the integers 7 and 42 at A3:B3; LABEL and a formula's string.
        sheet += record(0x0203, le16(1) + le16(2) + le16(15) + withUnsafeBytes(of: Double(1_012_345_678).bitPattern.littleEndian, Array.init))
        sheet += record(0x00BD, le16(2) + le16(0) + le16(15) + le32(7 << 2 | 2) + le16(15) + le32(42 << 2 | 2) + le16(1))
        sheet += record(0x0204, le16(2) + le16(3) + le16(15) + le16(5) + [0] + Array("a,\"b\"".utf8))
        sheet += record(0x0006, le16(3) + le16(1) + le16(15) + [0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 6))
        sheet += record(0x0207, le16(2) + [1] + wide("끝!")) + record(0x000A, [])
        return globals + sheet
    }

    /// A legacy `.xls` is read sheet by sheet as CSV: shared strings (one continued across
    /// records in another width), numbers as Excel shows them, RK and MULRK cells, inline
    /// strings and formulas' cached strings; an encrypted one is an error.
    func testLegacyExcelWorkbooksAreScannedAsCSV() throws {
        let sheets = try XCTUnwrap(LegacyWorkbook.sheets(legacyWorkbook()))
        XCTAssertEqual(sheets.map(\.name), ["고객"])
        XCTAssertEqual(String(decoding: sheets[0].text, as: UTF8.self), "성명,주민번호,,\n홍길동 900101-1234568,,1012345678,\n7,42,,\"a,\"\"b\"\"\"\n,끝!,,\n")
        XCTAssertEqual(LegacyWorkbook.rk(0x3FF0_0000), 1.0)
        XCTAssertEqual(LegacyWorkbook.rk(12345 << 2 | 3), 123.45)
        XCTAssertThrowsError(try LegacyWorkbook.sheets(legacyWorkbook(encrypted: true)))
        let directory = try TemporaryDirectory()
        var file = CompoundFileBuilder()
        file.streams = [("Workbook", legacyWorkbook())]
        var locked = CompoundFileBuilder()
        locked.streams = [("EncryptionInfo", [4, 0, 4, 0]), ("EncryptedPackage", [UInt8](repeating: 7, count: 5000))]
        let result = try engine().collect([try directory.write("고객.xls", file.bytes), try directory.write("locked.xlsx", locked.bytes)])
        XCTAssertEqual(relativePaths(result.findings, under: directory), ["고객.xls!고객 2 kr-rrn"])
        XCTAssertEqual(result.issues.map { "\($0.kind) \($0.message)" }, [
            "error password-protected Office file: its content is encrypted and could not be scanned",
        ])
    }
}

/// bzip2, xz, zstd and ZIP's LZMA made in-process by the same libraries piiscan decodes with.
enum Compressor {
    static func bzip2(_ bytes: [UInt8]) -> [UInt8] {
        var size = UInt32(bytes.count + bytes.count / 100 + 600)
        var output = [CChar](repeating: 0, count: Int(size))
        var input = bytes.map { CChar(bitPattern: $0) }
        precondition(BZ2_bzBuffToBuffCompress(&output, &size, &input, UInt32(input.count), 9, 0, 30) == BZ_OK)
        return output[0..<Int(size)].map { UInt8(bitPattern: $0) }
    }

    static func xz(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: bytes.count + 1024)
        var position = 0
        precondition(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nil, bytes, bytes.count, &output, &position, output.count) == LZMA_OK)
        return Array(output[0..<position])
    }

    static func zstd(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let size = ZSTD_compress(&output, output.count, bytes, bytes.count, 3)
        precondition(ZSTD_isError(size) == 0)
        return Array(output[0..<size])
    }

    /// A ZIP member of method 14: ZIP's LZMA header (version 9.20, 5 bytes of properties), the
    /// properties and the raw LZMA with an end marker (the `.lzma` encoder's output less its
    /// 13-byte header).
    static func zipLZMA(_ bytes: [UInt8]) -> [UInt8] {
        var options = lzma_options_lzma()
        precondition(lzma_lzma_preset(&options, 6) == 0)
        var stream = lzma_stream()
        precondition(lzma_alone_encoder(&stream, &options) == LZMA_OK)
        defer { lzma_end(&stream) }
        var output = [UInt8](repeating: 0, count: bytes.count + 1024)
        let produced = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = input.baseAddress
                stream.avail_in = input.count
                stream.next_out = out.baseAddress
                stream.avail_out = out.count
                precondition(lzma_code(&stream, LZMA_FINISH) == LZMA_STREAM_END)
                return out.count - stream.avail_out
            }
        }
        return [9, 20, 5, 0] + Array(output[0..<5]) + Array(output[13..<produced])
    }
}

extension OfficeDocumentTests {
    /// bzip2, xz and zstd files are decompressed and scanned as gzip is — concatenated streams
    /// too, a `.tar.xz`'s files one by one, ZIP members of these methods and LZMA; a stream cut
    /// short or damaged is an error after what was decoded before it.
    func testBzip2XzAndZstdAreDecompressed() throws {
        let directory = try TemporaryDirectory()
        var text = Array("성명,주민번호\n홍길동,900101-1234568\n".utf8)
        var state: UInt64 = 11
        for _ in 0..<4000 {  // filler that compresses poorly, so that a cut lands after the first value
            state = state &* 6364136223846793005 &+ 1
            text += Array("x,\(String(state >> 20, radix: 36))\n".utf8)
        }
        text += Array("연락처 010-9999-8888,\n".utf8)
        let lastLine = text.count(where: { $0 == 0x0A })
        var paths: [String] = []
        for (name, bytes) in [("a.csv.bz2", Compressor.bzip2(text)), ("a.csv.xz", Compressor.xz(text)), ("a.csv.zst", Compressor.zstd(text))] {
            paths.append(try directory.write(name, bytes))
        }
        paths.append(try directory.write("twice.csv.bz2", Compressor.bzip2(text) + Compressor.bzip2(text)))
        paths.append(try directory.write("twice.csv.zst", Compressor.zstd(text) + Compressor.zstd(text)))
        paths.append(try directory.write("both.csv.xz", Compressor.xz(text) + Compressor.xz(text)))
        paths.append(try directory.write("old.tar.xz", Compressor.xz(InputTests.tarArchive([(name: "exports/a.csv", bytes: text)]))))
        var zip = ZipBuilder()
        for (name, method, data) in [("b.csv", 12, Compressor.bzip2(text)), ("l.csv", 14, Compressor.zipLZMA(text)), ("z.csv", 93, Compressor.zstd(text)), ("x.csv", 95, Compressor.xz(text))] {
            zip.members.append(.init(name: Array(name.utf8), bytes: text, flags: method == 14 ? 2 : 0, method: UInt16(method), compressed: data))
        }
        paths.append(try directory.write("m.zip", zip.bytes))
        let result = try engine().collect(paths)
        let once = ["2 kr-rrn", "\(lastLine) kr-phone"]
        let twice = once + ["\(lastLine + 2) kr-rrn", "\(2 * lastLine) kr-phone"]
        var expected: [String] = []
        for (name, lines) in [("a.csv.bz2", once), ("a.csv.xz", once), ("a.csv.zst", once), ("twice.csv.bz2", twice), ("twice.csv.zst", twice),
            ("both.csv.xz", twice), ("old.tar.xz!exports/a.csv", once), ("m.zip!b.csv", once), ("m.zip!l.csv", once), ("m.zip!z.csv", once),
            ("m.zip!x.csv", once)]
        {
            expected += lines.map { "\(name) \($0)" }
        }
        XCTAssertEqual(result.findings.map { "\($0.path.dropFirst(directory.path.count + 1)) \($0.line) \($0.category.rawValue)" }, expected)
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(result.findings.first?.field, "주민번호", "the decompressed CSV's header")
        // Cut short: an error after what was decoded (xz decodes block by block as it goes).
        let xz = Compressor.xz(text)
        let cut = try directory.write("cut.csv.xz", Array(xz[0..<(xz.count * 3 / 4)]))
        let cutResult = try engine().collect([cut])
        XCTAssertEqual(cutResult.findings.map(\.line), [2])
        XCTAssertEqual(cutResult.issues.map(\.kind), [.error])
        XCTAssertTrue(cutResult.issues.first?.message.hasPrefix("truncated xz stream after ") ?? false, "\(cutResult.issues)")
        // Damage: bzip2 checks each block's CRC.
        var damaged = Compressor.bzip2(text)
        damaged[damaged.count / 2] ^= 0xFF
        let bad = try directory.write("bad.csv.bz2", damaged)
        let badResult = try engine().collect([bad])
        XCTAssertEqual(badResult.issues.map(\.kind), [.error])
        XCTAssertTrue(badResult.issues.first?.message.hasPrefix("corrupt bzip2 data after ") ?? false, "\(badResult.issues)")
    }
}

extension OfficeDocumentTests {
    /// A ZIP member and a bzip2/xz/zstd stream are bounded by the gzip limits: a bomb stops with
    /// an error after the bytes up to the limit were scanned.
    func testArchiveBombsStopAtTheGzipLimits() throws {
        var configuration = testConfiguration()
        configuration.gzipLimits.maxBytes = 1 << 20
        let engine = try ScanEngine(configuration: configuration, rules: .builtIn())
        let directory = try TemporaryDirectory()
        let text = Array("연락처 010-2345-6789\n".utf8) + Array(repeating: Array("a\n".utf8), count: 1 << 20).flatMap { $0 }
        var zip = ZipBuilder()
        zip.add("big.log", text)
        let result = engine.collect([try directory.write("bomb.zip", zip.bytes), try directory.write("bomb.log.zst", Compressor.zstd(text))])
        XCTAssertEqual(result.findings.map(\.category), [.phone, .phone], "what came before the limit is scanned")
        XCTAssertEqual(result.issues.map(\.message), [
            "deflate stream exceeds the size limit of 1048576 decompressed bytes (--gzip-max-size); decompression stopped",
            "zstd stream exceeds the size limit of 1048576 decompressed bytes (--gzip-max-size); decompression stopped",
        ])
    }
}

/// Streams of legacy Word and PowerPoint files, as Office 97–2003 writes them.
enum LegacyBuilder {
    private static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    private static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }

    /// A `WordDocument` stream: the file information block (its `Clx` pair the 34th) and the
    /// text at `0x400`, a UTF-16 piece then an 8-bit piece at `0x800`; the `Clx` goes in the
    /// `1Table` stream.
    static func wordStreams(_ wide: String, _ narrow: [UInt8], flags: Int = 0x0200, version: Int = 0xC1) -> [(String, [UInt8])] {
        var fib = le16(0xA5EC) + le16(version) + [UInt8](repeating: 0, count: 6) + le16(flags)
        fib += [UInt8](repeating: 0, count: 0x20 - fib.count)
        fib += le16(14) + [UInt8](repeating: 0, count: 28) + le16(22) + [UInt8](repeating: 0, count: 88) + le16(93)
        var pairs = [UInt8](repeating: 0, count: 93 * 8)
        let wideUnits = Array(wide.utf16)
        let plc = le32(0) + le32(wideUnits.count) + le32(wideUnits.count + narrow.count)
            + le16(0) + le32(0x400) + le16(0) + le16(0) + le32(0x800 * 2 | 0x4000_0000) + le16(0)
        let clx = [1] + le16(3) + [0, 0, 0] + [2] + le32(plc.count) + plc  // a property modifier first
        pairs.replaceSubrange((33 * 8)..<(34 * 8), with: le32(16) + le32(clx.count))
        fib += pairs
        var word = fib + [UInt8](repeating: 0, count: 0x400 - fib.count) + wideUnits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        word += [UInt8](repeating: 0, count: 0x800 - word.count) + narrow
        return [("WordDocument", word), ("1Table", [UInt8](repeating: 0, count: 16) + clx)]
    }

    /// A PowerPoint record: an atom, or a container (version 0xF) of the records in `body`.
    static func pptRecord(_ type: Int, instance: Int = 0, _ body: [UInt8], container: Bool = false) -> [UInt8] {
        le16(instance << 4 | (container ? 0xF : 0)) + le16(type) + le32(body.count) + body
    }
}

extension OfficeDocumentTests {
    private func wordStreams(_ wide: String, _ narrow: [UInt8], flags: Int = 0x0200, version: Int = 0xC1) -> [(String, [UInt8])] {
        LegacyBuilder.wordStreams(wide, narrow, flags: flags, version: version)
    }
    private func pptRecord(_ type: Int, instance: Int = 0, _ body: [UInt8], container: Bool = false) -> [UInt8] {
        LegacyBuilder.pptRecord(type, instance: instance, body, container: container)
    }

    /// A legacy `.doc` is read from its piece table (UTF-16 and Windows-1252 pieces), a table's
    /// rows as a markdown table whose header names the columns, a hyperlink's instructions
    /// left out; a `.ppt` from its text atoms and comments. Encrypted ones are errors, Word 95
    /// a note.
    func testLegacyWordAndPowerPointDocumentsAreScanned() throws {
        let directory = try TemporaryDirectory()
        let body = "신청인 주민등록번호: 900101-1234568\r이름\u{07}주민등록번호\u{07}비고\u{07}\u{07}홍길동\u{07}9001011234568\u{07}\u{07}\u{07}"
            + "김영희\u{07}\u{07}VIP\u{07}\u{07}끝\r\u{13} HYPERLINK \"mailto:x@example.com\" \u{14}hong.gd@example.co.kr\u{15}\r"
        let narrow = Array("Contact 010-2345-6789 ".utf8) + [0x93] + Array("Caf".utf8) + [0xE9, 0x94, 0x0D]
        var doc = CompoundFileBuilder()
        doc.streams = wordStreams(body, narrow)
        let document = try directory.write("신청서.doc", doc.bytes)
        let text = try XCTUnwrap(WordDocument.text(CompoundFile(doc.bytes)))
        XCTAssertEqual(String(decoding: text, as: UTF8.self), """
            신청인 주민등록번호: 900101-1234568
            | 이름 | 주민등록번호 | 비고 |
            |---|---|---|
            | 홍길동 | 9001011234568 |  |
            | 김영희 |  | VIP |

            끝
            hong.gd@example.co.kr
            Contact 010-2345-6789 “Café”

            """)
        var locked = CompoundFileBuilder()
        locked.streams = wordStreams("900101-1234568\r", [], flags: 0x0300)
        let encrypted = try directory.write("locked.doc", locked.bytes)
        var old = CompoundFileBuilder()
        old.streams = wordStreams("900101-1234568\r", [], version: 0x65)
        let word95 = try directory.write("old.doc", old.bytes)

        let slideText = pptRecord(0x0FA0, Array("연락처 010-2345-6789\r담당 hong.gd@example.co.kr".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let bytesText = pptRecord(0x0FA8, Array("Fax 02-3456-7890".utf8))
        let comment = pptRecord(0x2EE0, pptRecord(0x0FBA, instance: 0, wide("900101-1234568")) + pptRecord(0x0FBA, instance: 1, wide("주민번호 900101-1234568")), container: true)
        let stream = pptRecord(0x03E8, pptRecord(0x0FF0, slideText + bytesText, container: true) + comment, container: true)
        var ppt = CompoundFileBuilder()
        ppt.streams = [("PowerPoint Document", stream), ("Current User", [0, 0, 0, 0])]
        let presentation = try directory.write("발표.ppt", ppt.bytes)

        let result = try engine().collect([document, encrypted, word95, presentation])
        XCTAssertEqual(relativePaths(result.findings, under: directory), [
            "신청서.doc!WordDocument 1 kr-rrn", "신청서.doc!WordDocument 4 kr-rrn", "신청서.doc!WordDocument 8 email",
            "신청서.doc!WordDocument 9 kr-phone",
            "발표.ppt!PowerPoint Document 1 kr-phone", "발표.ppt!PowerPoint Document 2 email", "발표.ppt!PowerPoint Document 3 kr-phone",
            "발표.ppt!PowerPoint Document 4 kr-rrn",
        ])
        XCTAssertEqual(result.issues.map { "\($0.kind) \($0.message)" }.sorted(), [
            "error password-protected Word document (.doc): its text is encrypted and could not be scanned",
            "skipped legacy Word document older than Word 97 (.doc) skipped: save it as .docx to scan it",
        ])
        // A piece that points past the stream is damage, reported as such.
        var broken = CompoundFileBuilder()
        broken.streams = wordStreams(body, narrow)
        broken.streams[0].1.removeLast(200)
        XCTAssertThrowsError(try WordDocument.text(CompoundFile(broken.bytes)))
        // A damaged or truncated compound file is an error, and the text its raw bytes still
        // hold is scanned; an encrypted one's is not.
        let damaged = try directory.write("damaged.doc", broken.bytes)
        let truncated = try directory.write("truncated.doc", Array(doc.bytes.prefix(doc.bytes.count - 600)))
        let recovered = try engine().collect([damaged, truncated])
        XCTAssertEqual(relativePaths(recovered.findings, under: directory), [
            // (Each cell a line; the damaged file's 8-bit piece was cut off with its end.)
            "damaged.doc!recovered text 1 kr-rrn", "damaged.doc!recovered text 7 kr-rrn", "damaged.doc!recovered text 17 email",
            "truncated.doc!recovered text 1 kr-rrn", "truncated.doc!recovered text 7 kr-rrn", "truncated.doc!recovered text 17 email",
            "truncated.doc!recovered text 18 kr-phone",
        ])
        XCTAssertEqual(recovered.issues.map { "\($0.kind) \($0.message)" }, [
            "error legacy Word document damaged: its piece table is missing or out of bounds",
            "error compound file truncated inside its FAT",
        ])
        XCTAssertEqual(CompoundFile.recoveredText(locked.bytes).isEmpty, false, "the locked file's text is plain: only the error stops it")
    }
}

extension OfficeDocumentTests {
    /// An Outlook `.msg` is read as its header lines and body, an attachment as the file it is
    /// (a ZIP opened, a text scanned), an attached message as a message of its own; one read
    /// from an archive does not open the archives attached to it.
    func testOutlookMessagesAreScannedWithTheirAttachments() throws {
        let directory = try TemporaryDirectory()
        func property(_ id: String, _ text: String) -> (String, [UInt8]) { ("__substg1.0_" + id + "001F", wide(text) + [0, 0]) }
        var zip = ZipBuilder()
        zip.add("고객.csv", "성명,주민등록번호\n홍길동,900101-1234568\n")
        var message = CompoundFileBuilder()
        message.streams = [
            ("__properties_version1.0", [UInt8](repeating: 0, count: 32)),
            property("0037", "견적 요청"), property("0C1A", "김민수"), property("5D01", "kim.minsu@example.co.kr"),
            property("0E04", "박지영"), property("1000", "안녕하세요.\r\n연락처 010-2345-6789 로 회신 바랍니다.\r\n"),
        ]
        for (path, bytes) in [property("3001", "박지영"), property("39FE", "park.jy@hanmail.net")] {
            message.streams.append(("__recip_version1.0_#00000000/" + path, bytes))
        }
        let attachment = "__attach_version1.0_#00000000/"
        message.streams += [(attachment + "__substg1.0_3707001F", wide("고객.zip") + [0, 0]), (attachment + "__substg1.0_37010102", zip.bytes)]
        // An 8-bit body (the sender's code page) in an attached message.
        let inner = "__attach_version1.0_#00000001/"
        message.streams += [
            (inner + "__substg1.0_3707001F", wide("회신.msg") + [0, 0]),
            (inner + "__substg1.0_3701000D/__properties_version1.0", [UInt8](repeating: 0, count: 24)),
            (inner + "__substg1.0_3701000D/__substg1.0_1000001E", Array("Fax 02-3456-7890\r\n".utf8) + [0]),
        ]
        let mail = try directory.write("견적.msg", message.bytes)
        XCTAssertEqual(
            try OutlookMessage.parts(CompoundFile(message.bytes)).map { $0.map(\.name) },
            ["message", "고객.zip", "회신.msg!message"])
        var outer = ZipBuilder()
        outer.add("mail/견적.msg", message.bytes)
        let zipped = try directory.write("mails.zip", outer.bytes)
        let result = try engine().collect([mail, zipped])
        XCTAssertEqual(relativePaths(result.findings, under: directory), [
            "견적.msg!message 2 email", "견적.msg!message 4 email", "견적.msg!message 7 kr-phone",
            "견적.msg!고객.zip!고객.csv 2 kr-rrn", "견적.msg!회신.msg!message 1 kr-phone",
            "mails.zip!mail/견적.msg!message 2 email", "mails.zip!mail/견적.msg!message 4 email",
            "mails.zip!mail/견적.msg!message 7 kr-phone", "mails.zip!mail/견적.msg!회신.msg!message 1 kr-phone",
        ])
        XCTAssertEqual(result.issues.map { "\($0.kind) \(URL(fileURLWithPath: $0.path).lastPathComponent) \($0.message)" }, [
            "skipped 견적.msg!고객.zip ZIP archive inside an archive inside an archive skipped (extract it to scan it)",
        ])
        // A saved message attached as a file is opened; in a message in an archive, it is not.
        var forward = CompoundFileBuilder()
        forward.streams = [
            ("__properties_version1.0", [UInt8](repeating: 0, count: 32)),
            ("__attach_version1.0_#00000000/__substg1.0_3707001F", wide("견적.msg") + [0, 0]),
            ("__attach_version1.0_#00000000/__substg1.0_37010102", message.bytes),
        ]
        var archived = ZipBuilder()
        archived.add("fw.msg", forward.bytes)
        let forwards = try engine().collect([try directory.write("fw.msg", forward.bytes), try directory.write("fw.zip", archived.bytes)])
        XCTAssertEqual(Set(relativePaths(forwards.findings, under: directory)), [
            "fw.msg!견적.msg!message 2 email", "fw.msg!견적.msg!message 4 email", "fw.msg!견적.msg!message 7 kr-phone",
            "fw.msg!견적.msg!회신.msg!message 1 kr-phone",
        ])
        XCTAssertEqual(forwards.issues.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent) \($0.message)" }, [
            "fw.msg!견적.msg!고객.zip ZIP archive inside an archive inside an archive skipped (extract it to scan it)",
            "fw.zip!fw.msg!견적.msg compound file attached inside an archive or message skipped (extract it to scan it)",
        ])
    }
}
