import Foundation
import XCTest

@_spi(Fuzzing) @testable import PIIScan

/// The fuzz targets of `Fuzz/` (see `scripts/fuzz.sh`) in the normal suite: each runs over its
/// seeds and a few hundred deterministic mutations of them, without the fuzzer runtime. This
/// keeps the harness compiling and gives CI a cheap, reproducible slice of fuzzing; crash inputs
/// found by longer runs are added to `regressions` below.
final class FuzzRegressionTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Inputs that once crashed or hung a target (none so far), by target.
    static let regressions: [String: [[UInt8]]] = [
        "validators": [[], [0], [3] + Array("||".utf8), [1] + Array("주민번호 |900229-1234567|".utf8)],
        "gzip": [[], [0x1F, 0x8B], [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0, count: 64)],
        "sqldump": [[], Array("INSERT INTO t VALUES ('".utf8), Array("COPY t (a) FROM stdin;\n\\".utf8), Array("$$".utf8)],
        "rules": [[], Array("[[rules]]\nid = \"x\"\ncategory = \"x\"\nregex = '''(?<=a{0,99999})b'''\n".utf8)],
    ]

    private func seeds(_ target: String) throws -> [[UInt8]] {
        if target == "archives" { return Self.archiveSeeds }
        let paths: [String]
        switch target {
        case "rules": paths = ["rules/kr-rrn.toml", "rules/email.toml"]
        case "validators": paths = ["fixtures/expected-values.txt", "fixtures/negative-values.txt"]
        case "gzip": paths = ["fixtures/inputs/gzip/app.log.gz", "fixtures/inputs/gzip/multi-member.log.gz"]
        default: paths = ["fixtures/sql/dumps/mysqldump.sql", "fixtures/sql/dumps/pg_dump.sql"]
        }
        return try paths.map { Array(try Data(contentsOf: Self.root.appendingPathComponent($0)).prefix(16 << 10)) }
    }

    /// Flips, overwrites, inserts and cuts bytes, like libFuzzer's simplest mutators.
    private func mutate(_ input: [UInt8], _ state: inout UInt64) -> [UInt8] {
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var bytes = input
        for _ in 0..<(1 + next() % 4) {
            guard !bytes.isEmpty else { break }
            let index = next() % bytes.count
            switch next() % 4 {
            case 0: bytes[index] ^= UInt8(1 << (next() % 8))
            case 1: bytes[index] = UInt8(truncatingIfNeeded: next())
            case 2: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + next() % 16)], at: next() % bytes.count)
            default: bytes.removeSubrange(index...)
            }
        }
        return bytes
    }

    private func exercise(_ target: String, mutations: Int) throws {
        var inputs = try seeds(target) + (Self.regressions[target] ?? [])
        var state: UInt64 = 20261129
        let base = inputs
        for index in 0..<mutations { inputs.append(mutate(base[index % base.count], &state)) }
        var runs = 0
        for input in inputs where input.withUnsafeBytes({ FuzzHarness.run(target, $0) }) { runs += 1 }
        XCTAssertEqual(runs, inputs.count, "the target exists and ran every input")
    }

    func testRuleFileTarget() throws { try exercise("rules", mutations: 40) }
    func testValidatorsTarget() throws { try exercise("validators", mutations: 300) }
    func testGzipTarget() throws { try exercise("gzip", mutations: 300) }
    func testSQLDumpTarget() throws { try exercise("sqldump", mutations: 100) }
    func testArchivesTarget() throws { try exercise("archives", mutations: 300) }

    /// A workbook, a document, compound files holding a `.hwp`, a `.doc`, a `.ppt` and a
    /// `.msg`, a mail with an attachment, a PostgreSQL archive, and the compressed streams, made
    /// by the test builders; and a Parquet file of `fixtures/parquet` (Brotli, DELTA encodings).
    static var archiveSeeds: [[UInt8]] {
        let text = Array("성명,주민번호\n홍길동,900101-1234568\n".utf8)
        var book = ZipBuilder()
        book.add("xl/workbook.xml", #"<workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
        book.add("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#)
        book.add("xl/sharedStrings.xml", "<sst><si><t>성명</t></si><si><r><t>홍</t></r><rPh><t>x</t></rPh></si></sst>")
        book.add("xl/worksheets/sheet1.xml", #"<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="B2" t="s"><v>1</v></c></row></sheetData></worksheet>"#, deflate: false)
        var document = ZipBuilder()
        document.add("word/document.xml", "<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>a&amp;b</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>", deflate: false)
        var compound = CompoundFileBuilder()
        compound.streams = [("FileHeader", Array("HWP Document File".utf8) + [UInt8](repeating: 0, count: 239)), ("BodyText/Section0", [67, 4, 0x40, 0, 0x41, 0, 13, 0])]
        var word = CompoundFileBuilder()
        word.streams = LegacyBuilder.wordStreams("a\u{07}b\u{07}\u{07}\u{13}x\u{14}y\u{15}\r", [0x93, 0x41, 0x0D])
        var slides = CompoundFileBuilder()
        slides.streams = [("PowerPoint Document", LegacyBuilder.pptRecord(0x03E8, LegacyBuilder.pptRecord(0x0FA8, Array("010-2345-6789".utf8)), container: true))]
        var message = CompoundFileBuilder()
        message.streams = [
            ("__properties_version1.0", [0, 0]), ("__substg1.0_1000001E", Array("body".utf8)),
            ("__attach_version1.0_#00000000/__substg1.0_37010102", text),
        ]
        let mail = Array("Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: application/zip; name*=utf-8''%EA%B0%80.zip\nContent-Transfer-Encoding: base64\n\nUEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\n--b--\n".utf8)
        return [
            book.bytes, document.bytes, compound.bytes, word.bytes, slides.bytes, message.bytes, mail, Compressor.bzip2(text),
            Compressor.xz(text), Compressor.zstd(text), Compressor.zipLZMA(text),
            PGArchiveBuilder.archive(entries: [PGArchiveBuilder.customers(rows: 3)], largeObjects: [(7, text)], chunk: 16),
            Array((try? Data(contentsOf: ParquetScanTests.directory.appendingPathComponent("customers_brotli_delta.parquet"))) ?? Data()),
        ]
    }

    func testUnknownTargetIsRefused() {
        XCTAssertFalse([UInt8]().withUnsafeBytes { FuzzHarness.run("nope", $0) })
        XCTAssertEqual(FuzzHarness.targets, ["rules", "validators", "gzip", "sqldump", "archives"])
    }
}
